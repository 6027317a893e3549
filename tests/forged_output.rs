//! Output that cannot be forged (issue 10, items 5 and 6): a file name or a value from a
//! checked repository never reaches output as a line a CI system reads as its own command
//! (GitHub workflow commands such as `::error ...::` and `::stop-commands::`), as a
//! terminal escape sequence, or with a bidirectional override or a line separator that
//! shows the reader another text than the one printed; and JUnit output stays valid XML
//! whatever the file names hold.

#![cfg(unix)]

mod support;
use support::{FORMATS, Project, trustlint, write};

/// A definition with a finding (TA201: an http:// redirect URI), so that every format
/// names its file.
const DEFINITION: &str = "ApplicationUri: com.example/spa\nClientType: Public\nAppType: Spa\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: http://spa.example.com/cb\nScope: read\n";

/// The workflow commands a line could start: GitHub reads them from standard output and
/// standard error alike.
fn is_workflow_command(line: &str) -> bool {
    line.trim_start().starts_with("::")
}

/// Every line of every stream must be either no workflow command at all or, in the github
/// format, one of trustlint's own annotations with an escaped file property.
fn assert_no_forged_line(format: &str, stream: &str, text: &str) {
    for line in text.lines() {
        if !is_workflow_command(line) {
            continue;
        }
        let own = format == "github"
            && stream == "stdout"
            && ["::error file=", "::warning file=", "::notice file="]
                .iter()
                .any(|p| line.starts_with(p));
        // trustlint's own notice of what was not checked (the names in it are data).
        let notice = format == "github"
            && stream == "stdout"
            && [
                "::notice title=trustlint%3A not checked::",
                "::warning title=trustlint%3A not checked::",
            ]
            .iter()
            .any(|p| line.starts_with(p));
        if notice {
            let data = line.splitn(3, "::").nth(2).unwrap_or("");
            assert!(!data.contains('\n') && !data.contains('\r'), "{line}");
            continue;
        }
        assert!(own, "{format} {stream}: a forged workflow command:\n{line}");
        // The file property is percent-encoded: its `:` and `,` cannot end it early.
        let file = line.split_once("file=").unwrap().1;
        let file = file.split(",line=").next().unwrap();
        assert!(
            !file.contains("::") && !file.contains(','),
            "{format}: the file property is not encoded: {line}"
        );
    }
}

fn assert_no_azure_command(format: &str, stream: &str, text: &str) {
    // Azure Pipelines reads `##vso[` anywhere in a line; GitHub's runner still reads its
    // older `##[command]` form anywhere in a line too.
    for line in text.lines() {
        assert!(
            !line.to_ascii_lowercase().contains("##vso[") && !line.contains("##["),
            "{format} {stream}: a forged Azure Pipelines command:\n{line}"
        );
    }
}

fn assert_no_unsafe_characters(format: &str, stream: &str, text: &str) {
    for (c, what) in [
        ('\u{1b}', "an escape sequence"),
        ('\u{202e}', "a bidi override"),
        ('\u{2066}', "a bidi isolate"),
        ('\u{2028}', "a line separator"),
        ('\u{2029}', "a paragraph separator"),
        ('\u{85}', "a next-line character"),
        ('\u{fffe}', "a noncharacter"),
    ] {
        assert!(
            !text.contains(c),
            "{format} {stream}: {what} reached the output:\n{text}"
        );
    }
}

#[test]
fn file_names_cannot_forge_workflow_commands_or_drive_the_terminal() {
    let dir = Project::new();
    let d = dir.path();
    let hostile = [
        "x\n::error file=README.md,line=1::INJECTED\n.trusted-app.yaml",
        "esc\u{1b}[2J\u{1b}]0;pwned\u{7}.trusted-app.yaml",
        "bidi\u{202e}lmay.\u{2066}x\u{2028}y\u{85}z.trusted-app.yaml",
        // No control character at all: the concise format starts its lines with the path.
        "::error title=Forged::injected.trusted-app.yaml",
        "##vso[task.setvariable variable=gate]off.trusted-app.yaml",
        "x ##[error]FORGED.trusted-app.yaml",
    ];
    for name in hostile {
        write(d, name, DEFINITION);
    }
    // A link is skipped with a note on standard error, which the runner reads too.
    std::os::unix::fs::symlink(
        "nowhere",
        d.join("link\n::stop-commands::pwned\n::error::INJECTED\n.trusted-app.yaml"),
    )
    .unwrap();
    for format in FORMATS {
        let (code, stdout, stderr) = trustlint(d, &["check", "--format", format, "."]).parts();
        assert_eq!(code, 1, "{format}: {stdout}{stderr}");
        assert!(
            stdout.contains("TA201"),
            "{format}: the hostile files were not checked:\n{stdout}"
        );
        assert!(
            stderr.contains("skipped"),
            "{format}: the link was not noted:\n{stderr}"
        );
        for (stream, text) in [("stdout", &stdout), ("stderr", &stderr)] {
            assert_no_forged_line(format, stream, text);
            assert_no_azure_command(format, stream, text);
            assert_no_unsafe_characters(format, stream, text);
        }
    }
}

#[test]
fn values_cannot_reorder_or_split_messages_and_snippets() {
    let dir = Project::new();
    let d = dir.path();
    // An unknown attribute's name and a scope carry a bidi override and a line separator;
    // both are quoted in messages and shown in snippets.
    write(
        d,
        "app.trusted-app.yaml",
        "ApplicationUri: com.example/spa\nClientType: Public\nAppType: Spa\nImpersonateAsInternalUserAllowed: true\n# ##vso[task.setvariable variable=TRUSTLINT_GATE]off\nImpersonateLoginUrl: http://spa.example.com/cb\nScope: \"read \u{202e}daer\u{2028}::error::INJECTED ##vso[task.complete result=Succeeded] ##[error]FORGED ###[add-mask]x\"\n\"Na\u{2066}me\u{2029}\": x\n",
    );
    for format in FORMATS {
        let (_, stdout, stderr) = trustlint(d, &["check", "--format", format, "."]).parts();
        assert!(
            stdout.contains("TA603") || stdout.contains("TA104"),
            "{format}: {stdout}"
        );
        for (stream, text) in [("stdout", &stdout), ("stderr", &stderr)] {
            assert_no_forged_line(format, stream, text);
            assert_no_azure_command(format, stream, text);
            assert_no_unsafe_characters(format, stream, text);
        }
    }
}

#[test]
fn junit_output_is_valid_xml_whatever_the_file_names_hold() {
    let dir = Project::new();
    let d = dir.path();
    for name in [
        "non\u{fffe}char.trusted-app.yaml",
        "max\u{ffff}.trusted-app.yaml",
        "ctl\u{1}\u{8}.trusted-app.yaml",
        "amp&<lt>\"q'.trusted-app.yaml",
    ] {
        write(d, name, DEFINITION);
    }
    let (code, stdout, stderr) = trustlint(d, &["check", "--format", "junit", "."]).parts();
    assert_eq!(code, 1, "{stdout}{stderr}");
    let doc = roxmltree::Document::parse(&stdout)
        .unwrap_or_else(|e| panic!("invalid XML ({e}):\n{stdout}"));
    let suites = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .count();
    assert_eq!(suites, 4, "{stdout}");
    let failures = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert!(failures >= 4, "{stdout}");
}
