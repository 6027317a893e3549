//! The interactive wizard driven through a real pseudo-terminal: key presses in, screen
//! out, as a person would use it.
#![cfg(unix)]

use rexpect::session::spawn_command;

mod support;
use support::{Project, TestCommand};

const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";

fn wizard(dir: &std::path::Path, args: &[&str]) -> rexpect::session::PtySession {
    let mut cmd = TestCommand::new(dir);
    cmd.env("TERM", "xterm").arg("choose").args(args);
    spawn_command(cmd.command(), Some(20_000)).unwrap()
}

/// Presses keys and Enter; the flush makes sure escape sequences reach the program.
fn press(p: &mut rexpect::session::PtySession, keys: &str) {
    p.send(keys).unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
}

#[test]
fn a_service_is_chosen_with_arrow_keys_and_its_definition_written() {
    let dir = Project::new();
    let mut p = wizard(
        dir.path(),
        &["--app-uri", "com.example/sync", "--instance", "acme"],
    );
    p.exp_string("Do people sign in to the app through a user interface?")
        .unwrap();
    press(&mut p, DOWN); // from Yes down to No
    p.exp_string("Does it run unattended").unwrap();
    press(&mut p, UP); // from No up to Yes
    p.exp_string("Can the job run an OAuth flow").unwrap();
    press(&mut p, ""); // default: Yes
    p.exp_string("Your answers:").unwrap();
    p.exp_string("Is this right?").unwrap();
    press(&mut p, "y");
    p.exp_string("Flow: client_credentials").unwrap();
    p.exp_string("Write the registration as a definition file?")
        .unwrap();
    press(&mut p, "y");
    p.exp_string("File name:").unwrap();
    press(&mut p, "");
    p.exp_string("wrote sync.trusted-app.yaml").unwrap();
    p.exp_eof().unwrap();
    let written = std::fs::read_to_string(dir.path().join("sync.trusted-app.yaml")).unwrap();
    assert!(written.contains("AppType: \"Service\""), "{written}");
    assert!(written.contains("SystemUserAllowed: true"), "{written}");
}

#[test]
fn ctrl_c_leaves_no_file() {
    let dir = Project::new();
    let mut p = wizard(
        dir.path(),
        &[
            "--app-uri",
            "com.example/web",
            "--write",
            "web.trusted-app.yaml",
        ],
    );
    p.exp_string("Do people sign in to the app through a user interface?")
        .unwrap();
    press(&mut p, ""); // Yes
    p.exp_string("Does it run unattended").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("interrupted; nothing was written").unwrap();
    p.exp_eof().unwrap();
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "files left behind: {left:?}");
}
