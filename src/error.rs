//! The library's error type: what stops a command before or outside any check. A problem
//! in a file the user asked to check is never an error but a finding (TA001, TL004), so
//! that the rest of the run goes on.

/// Why a command could not do its work.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// git could not be started (`--staged`).
    #[error("cannot run git: {0}")]
    GitNotRun(#[source] std::io::Error),
    /// git ran and failed; `stderr` is its message, escaped for output.
    #[error("git {command} failed: {stderr}")]
    GitFailed { command: String, stderr: String },
    /// git's output was not what trustlint asked for.
    #[error("{0}")]
    GitOutput(String),
    /// Files that `--staged` would check are in a merge conflict; the paths are escaped.
    #[error("{}", conflict_message(.0))]
    MergeConflict(Vec<String>),
    /// A `--baseline` file that is not a baseline.
    #[error("not a trustlint baseline: {0}")]
    BaselineNotRead(#[source] serde_json::Error),
    /// A baseline written by a trustlint whose fingerprints this one does not compute.
    #[error(
        "baseline version {version} is not supported (this trustlint reads versions 1 to {newest}); regenerate it with `trustlint check --write-baseline FILE`"
    )]
    BaselineVersion { version: u32, newest: u32 },
    /// The secret patterns (`rules/secrets.toml`) do not compile.
    #[error("{0}")]
    Patterns(String),
    /// The settings vocabulary (`rules/vocabulary.toml`) is not valid.
    #[error("{0}")]
    Vocabulary(String),
    /// A problem with the command line, its arguments or a file it writes, said in words.
    #[error("{0}")]
    Usage(String),
}

impl From<String> for Error {
    fn from(message: String) -> Error {
        Error::Usage(message)
    }
}

fn conflict_message(paths: &[String]) -> String {
    let one = paths.len() == 1;
    format!(
        "{} {} in a merge conflict; resolve {} and stage the result before checking what is staged",
        paths.join(", "),
        if one { "is" } else { "are" },
        if one { "it" } else { "them" },
    )
}

/// The result of a library call.
pub type Result<T, E = Error> = std::result::Result<T, E>;
