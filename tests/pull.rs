//! `trustlint pull` against a server on 127.0.0.1 that the test starts and that behaves
//! like the Domain API: the documented JSON shape, pages with `@odata.nextLink`, a refusal
//! of any `$select` naming `AccessTokenKey` or `Data`, throttling, errors and stalls. No
//! test reaches the network.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

mod support;
use support::{Project, TestCommand};

/// A token in the shape of an ERP.net reference token, planted to be looked for.
const CANARY: &str = "enrt_7F3A9C2E51B84D06A1E9F0C3B7D25E48A6C1F09B3E7D4A25C8F16B0E9D3A7C51";

/// One request the server saw.
#[derive(Debug, Clone)]
struct Seen {
    target: String,
    authorization: Option<String>,
}

/// How the server decides its answer: from the request target, how many requests came
/// before it, and its own OData root.
type Handler = dyn Fn(&str, usize, &str) -> Answer + Send + Sync;

/// What the server answers.
enum Answer {
    Json(u16, Value, Vec<(&'static str, String)>),
    Raw(u16, String),
    /// Accept the request and say nothing for this long.
    Stall(Duration),
}

struct Server {
    root: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    /// A server whose answers `handler` decides from the request target (path and query)
    /// and how many requests came before it.
    fn start(handler: impl Fn(&str, usize, &str) -> Answer + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let root = format!(
            "http://{}/api/domain/odata/",
            listener.local_addr().unwrap()
        );
        let seen = Arc::new(Mutex::new(Vec::new()));
        let handler = Arc::new(handler);
        let (seen_in, root_in) = (seen.clone(), root.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (seen, handler, root) = (seen_in.clone(), handler.clone(), root_in.clone());
                std::thread::spawn(move || serve(stream, &seen, &*handler, &root));
            }
        });
        Server { root, seen }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, seen: &Mutex<Vec<Seen>>, handler: &Handler, root: &str) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let target = request_line.split(' ').nth(1).unwrap_or("").to_string();
    let mut authorization = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("authorization")
        {
            authorization = Some(value.trim().to_string());
        }
    }
    let count = {
        let mut seen = seen.lock().unwrap();
        seen.push(Seen {
            target: target.clone(),
            authorization,
        });
        seen.len() - 1
    };
    // The Domain API's refusal: the secret attributes of tokens are never to be asked for.
    let decoded = target.replace("%24", "$").replace("%2C", ",");
    let answer = if decoded.contains("AccessTokenKey")
        || decoded.contains("Data,")
        || decoded.ends_with(",Data")
    {
        Answer::Json(400, json!({"error": {"message": "refused"}}), vec![])
    } else {
        handler(&decoded, count, root)
    };
    let mut stream = stream;
    let (status, body, headers) = match answer {
        Answer::Json(status, body, headers) => (status, body.to_string(), headers),
        Answer::Raw(status, body) => (status, body, vec![]),
        Answer::Stall(time) => {
            std::thread::sleep(time);
            return;
        }
    };
    let mut response = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    response.push_str(&body);
    let _ = stream.write_all(response.as_bytes());
}

fn app(uri: &str, login: &str, admin: bool) -> Value {
    json!({
        "@odata.id": format!("Systems_Security_TrustedApplications({uri})"),
        "ApplicationUri": uri,
        "Name": uri,
        "ClientType": "Confidential",
        "ApplicationSecretHash": "mOkiGOUV0DstryOmvr7PZjncgigW5yfZM+Nx/PMllFU=",
        "ImpersonateAsInternalUserAllowed": false,
        "ImpersonateAsCommunityUserAllowed": false,
        "ImpersonateLoginUrl": null,
        "ImpersonateLogoutUrl": null,
        "IsEnabled": true,
        "Notes": null,
        "ReferenceTokens": "None",
        "Scope": "read",
        "SystemUserAllowed": true,
        "SystemUser": {
            "@odata.id": format!("Systems_Security_Users({login})"),
            "Id": format!("00000000-0000-4000-8000-{:012}", login.len()),
            "Login": login,
            "UserType": "InternalUser",
            "IsAdmin": admin,
            "Active": true
        }
    })
}

/// A Domain API with two pages of apps, a token list and an authorization list.
fn instance(target: &str, _count: usize, root: &str) -> Answer {
    let collection = |set: &str, value: Value, next: Option<String>| {
        let mut doc = json!({
            "@odata.context": format!("{root}$metadata#{set}"),
            "value": value,
        });
        if let Some(next) = next {
            doc["@odata.nextLink"] = json!(next);
        }
        Answer::Json(200, doc, vec![])
    };
    let path = target.split('?').next().unwrap_or("");
    match path.rsplit('/').next().unwrap_or("") {
        "Systems_Security_TrustedApplications" if target.contains("skiptoken=2") => collection(
            "Systems_Security_TrustedApplications",
            json!([app("com.acme/sync", "ops.admin@acme.example", true)]),
            None,
        ),
        "Systems_Security_TrustedApplications" => collection(
            "Systems_Security_TrustedApplications",
            json!([app("com.acme/stock", "svc.stock", false)]),
            Some(format!(
                "{root}Systems_Security_TrustedApplications?$skiptoken=2"
            )),
        ),
        "Systems_Security_AccessTokens" => collection(
            "Systems_Security_AccessTokens",
            json!([{"Id": "t1", "Type": "reference_token", "Client": "com.acme/stock",
                    "Actor": "svc.stock", "Scopes": "read", "CreationTimestamp": "2026-01-01T00:00:00Z",
                    "ExpireTimestamp": null}]),
            None,
        ),
        "Systems_Security_TrustedApplicationAuthorizations" => collection(
            "Systems_Security_TrustedApplicationAuthorizations",
            json!([]),
            None,
        ),
        _ => Answer::Json(404, json!({"error": "no such entity set"}), vec![]),
    }
}

/// `trustlint pull` against `server`, with fast timeouts and retries, into `out`.
fn pull(project: &Project, server: &Server, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "pull",
        "--instance",
        "acme",
        "--base-url",
        &server.root,
        "-o",
        "out",
        "--connect-timeout",
        "2s",
        "--read-timeout",
        "500ms",
        "--retries",
        "2",
        "--retry-backoff",
        "10ms",
    ];
    args.extend_from_slice(extra);
    TestCommand::new(project.path())
        .args(&args)
        .env("ERPNET_TOKEN", CANARY)
        .deadline(Duration::from_secs(60))
        .run()
        .parts()
}

/// Every file under `dir`, as text.
fn files(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        out.push((
            path.file_name().unwrap().to_string_lossy().into_owned(),
            std::fs::read_to_string(&path).unwrap_or_default(),
        ));
    }
    out.sort();
    out
}

fn read_json(path: std::path::PathBuf) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn a_pull_follows_pages_writes_each_export_and_check_and_diff_read_them() {
    let server = Server::start(instance);
    let project = Project::new();
    let (code, out, err) = pull(&project, &server, &[]);
    assert_eq!(code, 0, "{out}{err}");
    let dir = project.path().join("out");
    let apps = read_json(dir.join("Systems_Security_TrustedApplications.json"));
    let uris: Vec<&str> = apps["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["ApplicationUri"].as_str().unwrap())
        .collect();
    assert_eq!(uris, ["com.acme/stock", "com.acme/sync"], "both pages");
    let users = read_json(dir.join("Systems_Security_Users.json"));
    assert_eq!(users["value"].as_array().unwrap().len(), 2);
    let tokens = read_json(dir.join("Systems_Security_AccessTokens.json"));
    assert_eq!(tokens["value"].as_array().unwrap().len(), 1);
    let manifest = read_json(dir.join("manifest.json"));
    assert_eq!(manifest["complete"], true, "{manifest:#}");
    assert_eq!(manifest["instance"], "acme");
    // Every request carried the token, and none asked for a token's secret attributes.
    let seen = server.seen();
    assert_eq!(seen.len(), 4, "{seen:?}");
    for s in &seen {
        assert_eq!(
            s.authorization.as_deref(),
            Some(format!("Bearer {CANARY}").as_str())
        );
        // A next page's address is the server's own; every first page asks for named
        // attributes only.
        assert!(
            s.target.contains("$select=") || s.target.contains("skiptoken"),
            "{s:?}"
        );
    }
    // What was pulled is what check and diff read.
    let (code, out, _) = TestCommand::new(project.path())
        .args(["check", "out", "--format", "concise"])
        .run()
        .parts();
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("TA502"),
        "the administrator System User is found: {out}"
    );
    project.write(
        "apps.trusted-app.yaml",
        "ApplicationUri: com.acme/stock\nClientType: Confidential\nApplicationSecretHash: mOkiGOUV0DstryOmvr7PZjncgigW5yfZM+Nx/PMllFU=\nSystemUserAllowed: true\nSystemUser: svc.stock\nScope: read\n",
    );
    let (code, out, err) = TestCommand::new(project.path())
        .args(["diff", "apps.trusted-app.yaml", "--instance-export", "out"])
        .run()
        .parts();
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("com.acme/sync (com.acme/sync): registered, not declared"),
        "{out}"
    );
    assert!(
        !out.contains("com.acme/stock"),
        "stock is registered as declared: {out}"
    );
}

#[test]
fn the_token_appears_in_no_output_file_or_error() {
    // Every kind of run: a good one, a refused one, a failed one.
    let cases: Vec<Box<Handler>> = vec![
        Box::new(instance),
        Box::new(|_: &str, _: usize, _: &str| {
            Answer::Json(401, json!({"error": format!("bad token {CANARY}")}), vec![])
        }),
        Box::new(|_: &str, _: usize, _: &str| Answer::Raw(200, format!("<html>{CANARY}</html>"))),
    ];
    for handler in cases {
        let server = Server::start(handler);
        let project = Project::new();
        let (_, out, err) = pull(&project, &server, &[]);
        assert!(!out.contains(CANARY) && !err.contains(CANARY), "{out}{err}");
        assert!(!err.contains(&CANARY[5..20]), "{err}");
        for (name, text) in files(&project.path().join("out")) {
            assert!(!text.contains(CANARY), "{name} holds the token");
        }
    }
}

#[test]
fn throttling_is_retried_after_the_wait_the_server_asks_for() {
    let server = Server::start(|target: &str, count: usize, root: &str| {
        if count == 0 {
            Answer::Json(429, json!({}), vec![("Retry-After", "0".into())])
        } else if count == 1 {
            Answer::Json(503, json!({}), vec![])
        } else {
            instance(target, count, root)
        }
    });
    let project = Project::new();
    let (code, out, err) = pull(&project, &server, &[]);
    assert_eq!(code, 0, "{out}{err}");
    let seen = server.seen();
    assert!(seen[0].target == seen[1].target && seen[1].target == seen[2].target);
    // A wait longer than allowed ends the pull instead of hanging it.
    let server = Server::start(|_: &str, _: usize, _: &str| {
        Answer::Json(429, json!({}), vec![("Retry-After", "3600".into())])
    });
    let project = Project::new();
    let (code, _, err) = pull(&project, &server, &["--max-retry-wait", "1s"]);
    assert_eq!(code, 2);
    assert!(err.contains("asks to wait 3600 s"), "{err}");
}

#[test]
fn each_error_says_what_to_do() {
    let cases: [(u16, &str); 4] = [
        (401, "the token is invalid or has expired"),
        (403, "may not read this entity set"),
        (404, "check the instance name"),
        (500, "the instance answered 500 (after 3 tries)"),
    ];
    for (status, says) in cases {
        let server = Server::start(move |_: &str, _: usize, _: &str| {
            Answer::Json(status, json!({}), vec![])
        });
        let project = Project::new();
        let (code, out, err) = pull(&project, &server, &[]);
        assert_eq!(code, 2, "{status}: {out}{err}");
        assert!(err.contains(says), "{status}: {err}");
        assert!(
            !project
                .path()
                .join("out/Systems_Security_TrustedApplications.json")
                .exists()
        );
        let manifest = read_json(project.path().join("out/manifest.json"));
        assert_eq!(manifest["complete"], false);
    }
}

#[test]
fn a_set_the_token_may_not_read_is_recorded_and_the_pull_goes_on() {
    let server = Server::start(|target: &str, count: usize, root: &str| {
        if target.contains("Systems_Security_AccessTokens") {
            Answer::Json(403, json!({}), vec![])
        } else {
            instance(target, count, root)
        }
    });
    let project = Project::new();
    let (code, out, err) = pull(&project, &server, &[]);
    assert_eq!(code, 0, "{out}{err}");
    let dir = project.path().join("out");
    assert!(
        dir.join("Systems_Security_TrustedApplications.json")
            .exists()
    );
    assert!(!dir.join("Systems_Security_AccessTokens.json").exists());
    let manifest = read_json(dir.join("manifest.json"));
    assert_eq!(manifest["complete"], false);
    let tokens = manifest["sets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["entity_set"] == "Systems_Security_AccessTokens")
        .unwrap();
    assert!(
        tokens["error"].as_str().unwrap().contains("403"),
        "{tokens}"
    );
    assert!(
        err.contains("not read: Systems_Security_AccessTokens: 403"),
        "{err}"
    );
}

#[test]
fn a_malformed_page_a_stall_and_a_failed_second_page_leave_no_export_that_looks_complete() {
    let malformed = Server::start(|_: &str, _: usize, _: &str| {
        Answer::Raw(200, "{\"value\": [ {\"ApplicationUri\": ".into())
    });
    let stalled =
        Server::start(|_: &str, _: usize, _: &str| Answer::Stall(Duration::from_secs(30)));
    let second_page_fails = Server::start(|target: &str, count: usize, root: &str| {
        if target.contains("skiptoken=2") {
            Answer::Json(500, json!({}), vec![])
        } else {
            instance(target, count, root)
        }
    });
    for (server, says) in [
        (&malformed, "is not OData JSON"),
        (&stalled, "did not answer in time"),
        (&second_page_fails, "answered 500"),
    ] {
        let project = Project::new();
        // An export from an earlier pull must not survive as if it were this one's.
        project.write(
            "out/Systems_Security_TrustedApplications.json",
            "{\"value\": []}",
        );
        let (code, out, err) = pull(&project, server, &[]);
        assert_eq!(code, 2, "{says}: {out}{err}");
        assert!(err.contains(says), "{says}: {err}");
        let dir = project.path().join("out");
        assert!(
            !dir.join("Systems_Security_TrustedApplications.json")
                .exists(),
            "{says}"
        );
        assert!(!dir.join("Systems_Security_Users.json").exists(), "{says}");
        let manifest = read_json(dir.join("manifest.json"));
        assert_eq!(manifest["complete"], false, "{says}");
        assert!(
            files(&dir)
                .iter()
                .all(|(name, _)| !name.starts_with(".tmp")),
            "{says}"
        );
    }
}

#[test]
fn the_token_goes_nowhere_but_the_instance() {
    // Plain http to a host that is not loopback is refused before any connection.
    let project = Project::new();
    let (code, _, err) = TestCommand::new(project.path())
        .args([
            "pull",
            "--instance",
            "acme",
            "--base-url",
            "http://acme.example/api/domain/odata/",
        ])
        .env("ERPNET_TOKEN", CANARY)
        .run()
        .parts();
    assert_eq!(code, 2);
    assert!(err.contains("HTTPS only"), "{err}");
    // A next page on another host is not followed.
    let server = Server::start(|target: &str, count: usize, root: &str| {
        if target.contains("TrustedApplications") {
            Answer::Json(
                200,
                json!({"value": [], "@odata.nextLink": "http://127.0.0.2:9/api/domain/odata/x"}),
                vec![],
            )
        } else {
            instance(target, count, root)
        }
    });
    let (code, _, err) = pull(&project, &server, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("on another host"), "{err}");
    // No token, no request; and there is no flag that takes one.
    let (code, _, err) = TestCommand::new(project.path())
        .args(["pull", "--instance", "acme", "--base-url", &server.root])
        .env("ERPNET_TOKEN", "")
        .run()
        .parts();
    assert_eq!(code, 2);
    assert!(err.contains("no token: set ERPNET_TOKEN"), "{err}");
    let (code, _, _) = TestCommand::new(project.path())
        .args(["pull", "--instance", "acme", "--token", CANARY])
        .run()
        .parts();
    assert_eq!(code, 2, "a --token flag must not exist");
}

#[test]
fn the_token_can_come_from_standard_input() {
    let server = Server::start(instance);
    let project = Project::new();
    let out = TestCommand::new(project.path())
        .args([
            "pull",
            "--instance",
            "acme",
            "--base-url",
            &server.root,
            "-o",
            "out",
            "--token-stdin",
        ])
        .env("ERPNET_TOKEN", "")
        .stdin(format!("{CANARY}\n"))
        .run();
    assert_eq!(out.code, Some(0), "{}", out.both());
    assert_eq!(
        server.seen()[0].authorization.as_deref(),
        Some(format!("Bearer {CANARY}").as_str())
    );
}

#[test]
fn diff_reads_the_instance_itself() {
    let server = Server::start(instance);
    let project = Project::new();
    project.write(
        "apps.trusted-app.yaml",
        "ApplicationUri: com.acme/stock\nClientType: Confidential\nApplicationSecretHash: mOkiGOUV0DstryOmvr7PZjncgigW5yfZM+Nx/PMllFU=\nSystemUserAllowed: true\nSystemUser: svc.stock\nScope: read update\n",
    );
    let (code, out, err) = TestCommand::new(project.path())
        .args([
            "diff",
            "apps.trusted-app.yaml",
            "--instance",
            "acme",
            "--base-url",
            &server.root,
            "--format",
            "json",
        ])
        .env("ERPNET_TOKEN", CANARY)
        .run()
        .parts();
    assert_eq!(code, 1, "{out}{err}");
    let drift: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(drift["registered_apps"], 2);
    assert!(!out.contains(CANARY) && !err.contains(CANARY));
    // The declared scope `update` is not registered: removed, which widens nothing.
    let stock = drift["apps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["application_uri"] == "com.acme/stock")
        .unwrap();
    assert!(stock["worse"].as_array().unwrap().is_empty(), "{stock:#}");
    // The pulled files are named by the instance, not by a scratch folder that is gone.
    assert_eq!(
        stock["registered_at"]["file"],
        "acme.my.erp.net/Systems_Security_TrustedApplications.json"
    );
}

#[test]
fn a_tls_failure_is_named() {
    // A plain HTTP server asked for TLS: the handshake fails.
    let server = Server::start(instance);
    let https_root = server.root.replacen("http://", "https://", 1);
    let project = Project::new();
    let (code, out, err) = TestCommand::new(project.path())
        .args([
            "pull",
            "--instance",
            "acme",
            "--base-url",
            &https_root,
            "-o",
            "out",
            "--retries",
            "0",
        ])
        .env("ERPNET_TOKEN", CANARY)
        .run()
        .parts();
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("does it speak HTTPS (TLS)"), "{err}");
    assert!(!err.contains(CANARY));
}

#[test]
fn only_the_attributes_asked_for_are_written_whatever_the_server_sends() {
    let server = Server::start(|target: &str, count: usize, root: &str| {
        if target.contains("Systems_Security_AccessTokens") {
            Answer::Json(
                200,
                json!({"value": [{"Id": "t1", "Type": "reference_token", "Client": "com.acme/stock",
                    "AccessTokenKey": "key-that-must-not-be-written", "Data": "data-that-must-not-be-written"}]}),
                vec![],
            )
        } else {
            instance(target, count, root)
        }
    });
    let project = Project::new();
    let (code, out, err) = pull(&project, &server, &[]);
    assert_eq!(code, 0, "{out}{err}");
    let text = std::fs::read_to_string(
        project
            .path()
            .join("out/Systems_Security_AccessTokens.json"),
    )
    .unwrap();
    assert!(text.contains("reference_token"));
    assert!(!text.contains("must-not-be-written"), "{text}");
}

#[test]
fn a_next_link_that_loops_is_stopped() {
    let server = Server::start(|_: &str, _: usize, root: &str| {
        Answer::Json(
            200,
            json!({"value": [], "@odata.nextLink": format!("{root}Systems_Security_TrustedApplications?$skiptoken=1")}),
            vec![],
        )
    });
    let project = Project::new();
    let (code, _, err) = pull(&project, &server, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("already read"), "{err}");
    assert!(server.seen().len() <= 3, "{}", server.seen().len());
}

#[test]
fn a_failed_pull_leaves_no_file_of_an_earlier_one() {
    let project = Project::new();
    let good = Server::start(instance);
    assert_eq!(pull(&project, &good, &[]).0, 0);
    let failing = Server::start(|_: &str, _: usize, _: &str| Answer::Json(500, json!({}), vec![]));
    let (code, _, _) = pull(&project, &failing, &[]);
    assert_eq!(code, 2);
    let names: Vec<String> = files(&project.path().join("out"))
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(names, ["manifest.json"]);
}

#[test]
fn a_large_set_is_written_in_parts_that_check_reads() {
    let server = Server::start(|target: &str, count: usize, root: &str| {
        if target.contains("Systems_Security_AccessTokens") {
            let tokens: Vec<Value> = (0..25_000)
                .map(|i| json!({"Id": format!("t{i}"), "Type": "refresh_token", "Client": "com.acme/stock",
                    "Actor": "svc.stock", "CreationTimestamp": "2026-01-01T00:00:00Z",
                    "ExpireTimestamp": "2027-01-01T00:00:00Z"}))
                .collect();
            Answer::Json(200, json!({"value": tokens}), vec![])
        } else {
            instance(target, count, root)
        }
    });
    let project = Project::new();
    // A part of an earlier, larger pull must not survive.
    project.write(
        "out/Systems_Security_AccessTokens.4.json",
        "{\"value\": []}",
    );
    let (code, out, err) = pull(&project, &server, &[]);
    assert_eq!(code, 0, "{out}{err}");
    let names: Vec<String> = files(&project.path().join("out"))
        .into_iter()
        .map(|(name, _)| name)
        .filter(|n| n.starts_with("Systems_Security_AccessTokens"))
        .collect();
    assert_eq!(
        names,
        [
            "Systems_Security_AccessTokens.2.json",
            "Systems_Security_AccessTokens.3.json",
            "Systems_Security_AccessTokens.json"
        ]
    );
    let manifest = read_json(project.path().join("out/manifest.json"));
    let tokens = manifest["sets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["entity_set"] == "Systems_Security_AccessTokens")
        .unwrap();
    assert_eq!(tokens["records"], 25_000);
    let (code, out, _) = TestCommand::new(project.path())
        .args(["check", "out", "--format", "concise"])
        .run()
        .parts();
    assert_ne!(code, 2, "every part is read: {out}");
    assert!(!out.contains("TA001"), "{out}");
}
