//! What the test binaries share: scratch projects, git in them, the built `trustlint` run
//! to its end (or its deadline), and the fixed settings of the in-process checks. Each
//! binary includes this module with `mod support;`; what only one binary needs stays in
//! that binary.
//!
//! Everything here runs isolated from the machine it runs on: git and trustlint see no
//! system or global git configuration, no home folder, and none of the `GIT_*` variables
//! of the process that started the tests (a hook running `cargo test` has `GIT_DIR` and
//! `GIT_INDEX_FILE` set, which would point every git command at that other repository).

// Each binary uses a part of this module.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use trustlint::date::Date;
use trustlint::formats::Format;
use trustlint::source::SourceFile;
use trustlint::{CheckOptions, InputKind, Report};

/// The trustlint binary cargo built for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_trustlint");

/// How long a run may take before it counts as hanging (a debug build reading tens of
/// megabytes).
pub const DEADLINE: Duration = Duration::from_secs(60);

/// Every output format of `trustlint check`.
pub const FORMATS: &[&str] = &[
    "human",
    "concise",
    "json",
    "json-lines",
    "sarif",
    "github",
    "gitlab",
    "junit",
];

/// `trustlint choose` with every answer for a browser SPA (an app URI and an instance may
/// follow).
pub const CHOOSE_SPA: &[&str] = &[
    "choose",
    "--interactive-ui",
    "yes",
    "--unattended",
    "no",
    "--platform",
    "browser",
    "--external-users",
    "no",
    "--sso-only",
    "no",
];

/// The repository's own folder (where `fixtures/`, `rules/` and `README.md` are).
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------------------------------
// Scratch projects and files

/// A scratch folder for a project to check, removed when dropped.
pub struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    /// An empty scratch folder.
    pub fn new() -> Project {
        Project {
            dir: tempfile::tempdir().expect("a scratch folder"),
        }
    }

    /// A scratch folder that is a new git repository, with nothing staged yet.
    pub fn with_git() -> Project {
        let project = Project::new();
        git(project.path(), &["init", "-q"]);
        project
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `name` (a path relative to the project, its folders created) and returns
    /// its full path.
    pub fn write(&self, name: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> PathBuf {
        write(self.path(), name, contents)
    }
}

/// Writes `dir/name`, creating the folders it is in, and returns its path.
pub fn write(dir: &Path, name: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path
}

// ---------------------------------------------------------------------------------------
// Isolation from the machine

/// A home folder that does not exist: nothing under `~` (a global `.gitconfig`, a global
/// git ignore file under `~/.config/git/`) reaches a test.
const NO_HOME: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/trustlint-tests-no-home");

/// Takes `command` off the machine's git setup: no `GIT_*` variable of this process, no
/// system or global configuration, no home folder.
fn isolate(command: &mut Command) {
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("GIT_") {
            command.env_remove(name);
        }
    }
    command
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", NO_HOME)
        .env("XDG_CONFIG_HOME", NO_HOME);
}

// ---------------------------------------------------------------------------------------
// git

/// git in `dir`, isolated (see [`isolate`]) with a fixed identity and date, no signing, and
/// the repository's hooks as they are (so that a test can see a hook run).
pub fn git_command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    isolate(&mut command);
    command
        .current_dir(dir)
        .stdin(Stdio::null())
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .env("GIT_AUTHOR_NAME", "trustlint tests")
        .env("GIT_AUTHOR_EMAIL", "tests@trustlint.invalid")
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_NAME", "trustlint tests")
        .env("GIT_COMMITTER_EMAIL", "tests@trustlint.invalid")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z");
    command
}

/// Runs `git ARGS` in `dir` (as [`git_command`], with no hook run) and fails the test
/// unless it succeeds.
pub fn git(dir: &Path, args: &[&str]) {
    let out = git_command(dir)
        .args(["-c", "core.hooksPath=/dev/null"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed in {}:\n{}{}",
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---------------------------------------------------------------------------------------
// Running trustlint

/// A command for the built trustlint (or for a program that runs it, such as `strace`),
/// run to its end or its deadline. It runs in the given folder, isolated from the machine's
/// git setup, with no standard input, `NO_COLOR=1` and `COLUMNS=100`.
pub struct TestCommand {
    command: Command,
    deadline: Duration,
    /// What standard input gives, when anything.
    stdin: Option<Vec<u8>>,
}

impl TestCommand {
    /// `trustlint` in `dir`.
    pub fn new(dir: &Path) -> TestCommand {
        TestCommand::wrapper(BIN, dir)
    }

    /// `trustlint` in the repository's folder (where `cargo test` runs the tests), where
    /// the paths under `fixtures/` are relative.
    pub fn at_repo_root() -> TestCommand {
        TestCommand::new(repo_root())
    }

    /// `program` in `dir`, set up as trustlint would be; the caller passes it [`BIN`].
    pub fn wrapper(program: impl AsRef<std::ffi::OsStr>, dir: &Path) -> TestCommand {
        let mut command = Command::new(program);
        isolate(&mut command);
        command
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100");
        TestCommand {
            command,
            deadline: DEADLINE,
            stdin: None,
        }
    }

    pub fn arg(&mut self, arg: impl AsRef<std::ffi::OsStr>) -> &mut TestCommand {
        self.command.arg(arg);
        self
    }

    pub fn args<I, S>(&mut self, args: I) -> &mut TestCommand
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.command.args(args);
        self
    }

    pub fn env(
        &mut self,
        name: impl AsRef<std::ffi::OsStr>,
        value: impl AsRef<std::ffi::OsStr>,
    ) -> &mut TestCommand {
        self.command.env(name, value);
        self
    }

    /// Gives `text` on standard input (the run has none unless set).
    pub fn stdin(&mut self, text: impl Into<Vec<u8>>) -> &mut TestCommand {
        self.stdin = Some(text.into());
        self
    }

    /// How long the run may take (60 seconds unless set).
    pub fn deadline(&mut self, deadline: Duration) -> &mut TestCommand {
        self.deadline = deadline;
        self
    }

    /// The command itself, for a test that drives the process (through a terminal, or
    /// with its standard output closed early).
    pub fn command(self) -> Command {
        self.command
    }

    /// Runs the command to its end. Standard output and error are read on their own
    /// threads (a full pipe must not stall the child); at the deadline the child is killed
    /// and the test fails, so that a hang is reported rather than waited for.
    pub fn run(&mut self) -> Output {
        let what = describe(&self.command);
        let input = self.stdin.take();
        self.command
            .stdin(if input.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let start = Instant::now();
        let mut child = self
            .command
            .spawn()
            .unwrap_or_else(|e| panic!("{what}: does not start: {e}"));
        if let (Some(input), Some(mut pipe)) = (input, child.stdin.take()) {
            std::thread::spawn(move || {
                use std::io::Write;
                let _ = pipe.write_all(&input);
            });
        }
        let reader = |mut pipe: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                let _ = pipe.read_to_end(&mut bytes);
                bytes
            })
        };
        let out = reader(Box::new(child.stdout.take().unwrap()));
        let err = reader(Box::new(child.stderr.take().unwrap()));
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > self.deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "{what}: did not finish within {:?} (it hangs)",
                    self.deadline
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let stdout_bytes = out.join().unwrap();
        Output {
            what,
            code: status.code(),
            stdout: String::from_utf8_lossy(&stdout_bytes).into_owned(),
            stdout_bytes,
            stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
            elapsed: start.elapsed(),
        }
    }
}

/// `trustlint ARGS` in `dir`, run to its end.
pub fn trustlint(dir: &Path, args: &[&str]) -> Output {
    TestCommand::new(dir).args(args).run()
}

/// The command line of `command` for messages, with the binary's path shortened to its name.
fn describe(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|a| {
            if a == BIN {
                "trustlint".to_string()
            } else {
                a.to_string_lossy().into_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a run left.
pub struct Output {
    /// The command line, for messages.
    pub what: String,
    /// The exit status; `None` when the process was killed by a signal (a crash).
    pub code: Option<i32>,
    /// Standard output, with any bytes that are not UTF-8 replaced.
    pub stdout: String,
    /// Standard output as written.
    pub stdout_bytes: Vec<u8>,
    /// Standard error, with any bytes that are not UTF-8 replaced.
    pub stderr: String,
    pub elapsed: Duration,
}

impl Output {
    /// The exit status, standard output and standard error, with -1 for a process killed
    /// by a signal.
    pub fn parts(self) -> (i32, String, String) {
        (self.code.unwrap_or(-1), self.stdout, self.stderr)
    }

    /// Standard output followed by standard error.
    pub fn both(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// The finding lines of the concise format (see [`finding_lines`]).
    pub fn findings(&self) -> Vec<&str> {
        finding_lines(&self.stdout)
    }

    /// Whether `line` is one of the finding lines.
    pub fn has(&self, line: &str) -> bool {
        self.findings().contains(&line)
    }

    /// The run for a failure message: its status, time and output (each stream cut at
    /// 4,000 bytes).
    pub fn shown(&self) -> String {
        let cut = |s: &str| -> String {
            if s.len() > 4000 {
                let mut end = 4000;
                while !s.is_char_boundary(end) {
                    end -= 1;
                }
                format!("{}... ({} bytes)", &s[..end], s.len())
            } else {
                s.to_string()
            }
        };
        format!(
            "exit {:?} after {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.code,
            self.elapsed,
            cut(&self.stdout),
            cut(&self.stderr)
        )
    }
}

/// The finding lines of concise output: every line but the summary lines after them (the
/// counts, and what was not checked, which name rules and files too).
pub fn finding_lines(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|l| {
            !trustlint::coverage::SUMMARY_PREFIXES
                .iter()
                .any(|p| l.starts_with(p))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Checks in the test's own process

/// The day the in-process checks run on, so that date rules give the same answer every day.
pub const FIXED_DAY: &str = "2026-11-27";

/// Check options for `day` (`YYYY-MM-DD`).
pub fn options_on(day: &str) -> CheckOptions {
    CheckOptions::on(Date::parse(day).unwrap())
}

/// Check options for [`FIXED_DAY`].
pub fn fixed_day_options() -> CheckOptions {
    options_on(FIXED_DAY)
}

/// Checks `path` (a file or a folder) as `trustlint check <path>` run in `root` does: with
/// the `trustlint.toml` that applies to it, on [`FIXED_DAY`].
pub fn check_like_the_cli(path: &Path, root: &Path) -> Report {
    let paths = [path.to_path_buf()];
    let options = CheckOptions {
        settings: trustlint::settings::for_run(&paths, root, None, false),
        ..fixed_day_options()
    };
    trustlint::check_paths(&paths, root, &options)
}

/// A definition in memory, as the in-process checks take it.
pub fn definition(name: &str, text: &str, format: Format) -> (SourceFile, InputKind) {
    (
        SourceFile::in_memory(name, text),
        InputKind::Definition(format),
    )
}

/// The codes of the rules that found something, each once.
pub fn rule_codes(report: &Report) -> BTreeSet<String> {
    report
        .findings
        .iter()
        .map(|f| f.rule.code().to_string())
        .collect()
}

/// The format a rule page's example names (`yaml` unless it says `json` or `toml`).
fn example_format(name: &str) -> Format {
    match name {
        "json" => Format::Json,
        "toml" => Format::Toml,
        _ => Format::Yaml,
    }
}

/// The report of a rule page's example. A single definition is checked in memory; a
/// multi-file example is written to a folder and checked like a repository, so that file
/// discovery and front-end detection take part.
pub fn example_report(
    doc: &trustlint::catalog::RuleDoc,
    index: usize,
    example: &trustlint::catalog::Example,
) -> Report {
    if example.files.is_empty() {
        let name = format!("{}-{}.trusted-app.{}", doc.id, index, example.format);
        trustlint::check_sources(
            vec![definition(
                &name,
                &example.code,
                example_format(&example.format),
            )],
            &fixed_day_options(),
        )
    } else {
        let dir = Project::new();
        for file in &example.files {
            dir.write(&file.path, &file.code);
        }
        check_like_the_cli(dir.path(), dir.path())
    }
}

/// The audit of a finished run on [`FIXED_DAY`], with the default rotation age.
pub fn audit_of(report: &Report) -> trustlint::audit::Audit {
    trustlint::audit::Audit::of(
        report,
        trustlint::audit::AuditOptions {
            today: Date::parse(FIXED_DAY).unwrap(),
            rotation_days: 180,
        },
    )
}

/// The bundled instance with grants, whose every audit figure is known.
pub fn instance_grants() -> std::path::PathBuf {
    repo_root().join("fixtures/examples/instance-grants")
}

/// Every output format of `trustlint audit`, as its arguments.
pub const AUDIT_FORMATS: &[&[&str]] = &[
    &["--format", "html"],
    &["--format", "markdown"],
    &["--format", "csv"],
    &["--format", "csv", "--findings"],
    &["--format", "json"],
];
