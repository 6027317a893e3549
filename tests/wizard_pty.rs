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
    p.exp_string("Which System User does the service side run as")
        .unwrap();
    press(&mut p, "svc.sync");
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
    assert!(written.contains("SystemUser: \"svc.sync\""), "{written}");
}

/// Erases what was typed into a text prompt.
fn erase(p: &mut rexpect::session::PtySession, typed: &str) {
    for _ in typed.chars() {
        p.send("\x7f").unwrap();
    }
    p.flush().unwrap();
}

#[test]
fn a_contradiction_is_refused_at_the_question_and_the_target_is_asked_and_checked() {
    let dir = Project::new();
    let mut p = wizard(dir.path(), &[]);
    p.exp_string("Do people sign in to the app through a user interface?")
        .unwrap();
    press(&mut p, DOWN); // No
    p.exp_string("Does it run unattended").unwrap();
    press(&mut p, ""); // default: No, which leaves nothing to authenticate
    p.exp_string("must run on its own").unwrap();
    p.exp_string("Answer again.").unwrap();
    p.exp_string("Does it run unattended").unwrap();
    press(&mut p, UP); // Yes
    p.exp_string("Can the job run an OAuth flow").unwrap();
    press(&mut p, ""); // Yes
    p.exp_string("Which instance will the app be registered in?")
        .unwrap();
    press(&mut p, "acme.my.erp.net");
    p.exp_string("an instance name has letters").unwrap();
    erase(&mut p, "acme.my.erp.net");
    press(&mut p, "acme");
    p.exp_string("What is the app's ApplicationUri").unwrap();
    press(&mut p, "com.acme/sync");
    p.exp_string("Which System User").unwrap();
    press(&mut p, "svc.sync");
    p.exp_string("Your answers:").unwrap();
    p.exp_string("svc.sync").unwrap();
    p.exp_string("Is this right?").unwrap();
    press(&mut p, "y");
    p.exp_string("Flow: client_credentials").unwrap();
    p.exp_string("Write the registration as a definition file?")
        .unwrap();
    press(&mut p, "y");
    p.exp_string("File name:").unwrap();
    press(&mut p, "");
    p.exp_string("wrote sync.trusted-app.yaml").unwrap();
    p.exp_string("Next:").unwrap();
    p.exp_string("trustlint check sync.trusted-app.yaml")
        .unwrap();
    p.exp_string("https://acme.my.erp.net").unwrap();
    p.exp_eof().unwrap();
    // Only the secret's hash is left, and check reports it until it is filled.
    let check = TestCommand::new(dir.path())
        .args(["check", "--format", "concise", "sync.trusted-app.yaml"])
        .run();
    assert_eq!(check.code, Some(1), "{}", check.stdout);
    let reported: Vec<&str> = check.stdout.lines().filter(|l| l.contains("TA")).collect();
    assert_eq!(reported.len(), 1, "{}", check.stdout);
    assert!(reported[0].contains("TA107") && reported[0].contains("ApplicationSecretHash"));
}

#[test]
fn a_browser_app_for_external_users_asks_which_is_true_and_checks_the_redirect_uri() {
    let dir = Project::new();
    let mut p = wizard(
        dir.path(),
        &["--instance", "acme", "--app-uri", "com.acme/shop"],
    );
    p.exp_string("Do people sign in to the app through a user interface?")
        .unwrap();
    press(&mut p, ""); // Yes
    p.exp_string("Does it run unattended").unwrap();
    press(&mut p, ""); // No
    p.exp_string("Where does the user interface run?").unwrap();
    press(&mut p, UP); // from Server up to Browser
    p.exp_string("Do external (community) users sign in")
        .unwrap();
    press(&mut p, UP); // Yes
    p.exp_string("Does the app need the instance's data")
        .unwrap();
    p.exp_string("add a backend").unwrap();
    press(&mut p, ""); // No: they only sign in
    p.exp_string("Is sign-in all it needs").unwrap();
    press(&mut p, ""); // No
    p.exp_string("Which redirect URI does the app send")
        .unwrap();
    press(&mut p, "http://shop.acme.test/cb");
    p.exp_string("TA201").unwrap();
    erase(&mut p, "http://shop.acme.test/cb");
    press(&mut p, "https://shop.acme.test/cb");
    p.exp_string("Another redirect URI?").unwrap();
    press(&mut p, "");
    p.exp_string("https://shop.acme.test/cb").unwrap();
    p.exp_string("Is this right?").unwrap();
    press(&mut p, "y");
    p.exp_string("Flow: authorization_code").unwrap();
    p.exp_string("ImpersonateAsCommunityUserAllowed").unwrap();
    p.exp_string("Write the registration as a definition file?")
        .unwrap();
    press(&mut p, "y");
    p.exp_string("File name:").unwrap();
    press(&mut p, "");
    p.exp_string("wrote shop.trusted-app.yaml").unwrap();
    p.exp_eof().unwrap();
    let written = std::fs::read_to_string(dir.path().join("shop.trusted-app.yaml")).unwrap();
    assert!(written.contains("ClientType: \"Public\""), "{written}");
    assert!(!written.contains("ApplicationSecretHash"), "{written}");
    // Every answer given: the written definition passes with no finding.
    let check = TestCommand::new(dir.path())
        .args(["check", "shop.trusted-app.yaml"])
        .run();
    assert_eq!(check.code, Some(0), "{}", check.stdout);
    assert!(
        check.stdout.contains("No problems found"),
        "{}",
        check.stdout
    );
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
