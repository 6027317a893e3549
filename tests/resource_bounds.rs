//! Inputs far below the file size limit that used to take minutes or gigabytes (issue 11,
//! item 1). Each case runs at two sizes and checks that what it costs grows like the input:
//! the work trustlint counts in its hot spots (`trustlint::work`) and the bytes this test
//! process allocates. Nothing is timed.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use trustlint::configs::ConfigFormat;
use trustlint::formats::Format;
use trustlint::render::{HumanOptions, OutputFormat, render};
use trustlint::source::SourceFile;
use trustlint::{CheckOptions, InputKind, check_sources};

mod support;

/// Counts the bytes allocated, so that a case can say what it cost in memory.
struct Counting;

static ALLOCATED: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size() as u64, Ordering::Relaxed);
        // SAFETY: the layout is passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the pointer came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATED.fetch_add(new_size as u64, Ordering::Relaxed);
        // SAFETY: as for `alloc` and `dealloc`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// One case at a time: the counters are process-wide.
static SERIAL: Mutex<()> = Mutex::new(());

/// What one check of these inputs cost, rendered in the concise and human formats:
/// (work units, bytes allocated).
fn cost(inputs: Vec<(SourceFile, InputKind)>) -> (u64, u64) {
    let work = trustlint::work::total();
    let bytes = ALLOCATED.load(Ordering::Relaxed);
    let options = CheckOptions {
        threads: 1,
        ..support::options_on("2026-12-01")
    };
    let report = check_sources(inputs, &options);
    assert!(
        !report.findings.is_empty(),
        "the case found nothing to report"
    );
    for format in [OutputFormat::Concise, OutputFormat::Human] {
        let text = render(&report, format, &HumanOptions::default());
        assert!(!text.is_empty());
    }
    (
        trustlint::work::total() - work,
        ALLOCATED.load(Ordering::Relaxed) - bytes,
    )
}

/// Fails unless doubling the input at most about doubles the cost.
fn assert_linear(case: &str, small: (u64, u64), large: (u64, u64)) {
    let ratio = |a: u64, b: u64| b as f64 / a.max(1) as f64;
    assert!(
        ratio(small.0, large.0) < 2.6,
        "{case}: work grew from {} to {} when the input doubled",
        small.0,
        large.0
    );
    assert!(
        ratio(small.1, large.1) < 2.6,
        "{case}: allocations grew from {} to {} bytes when the input doubled",
        small.1,
        large.1
    );
}

fn definition(name: &str, text: String) -> (SourceFile, InputKind) {
    support::definition(name, &text, Format::Yaml)
}

fn config(name: &str, text: String, format: ConfigFormat) -> (SourceFile, InputKind) {
    (
        SourceFile::in_memory(name, &text),
        InputKind::Config(format),
    )
}

#[test]
fn a_long_client_id_is_not_compared_with_long_uris() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let case = |n: usize| {
        let mut inputs: Vec<_> = (0..3)
            .map(|i| {
                definition(
                    &format!("app{i}.trusted-app.yaml"),
                    format!(
                        "ApplicationUri: com.example/{}{i}\nClientType: Public\n",
                        "x".repeat(n)
                    ),
                )
            })
            .collect();
        inputs.push(config(
            "appsettings.json",
            format!(
                "{{\"Erp\": {{\"Authority\": \"https://acme.my.erp.net/id\", \"ClientId\": \"com.example/{}\"}}}}",
                "y".repeat(n)
            ),
            ConfigFormat::Json,
        ));
        cost(inputs)
    };
    let small = case(4_000);
    let large = case(8_000);
    assert_linear("CF201 suggestions", small, large);
    // Comparing 8,000 characters with 8,000 would be 64 million cells.
    assert!(large.0 < 1_000_000, "work {}", large.0);
}

#[test]
fn many_findings_on_one_long_line_count_columns_from_an_index() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let case = |n: usize| {
        let app = "ApplicationUri: com.example/b\nClientType: Public\nAppType: Spa\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://b.example.com/cb\nScope: read\n";
        let mut json = String::from(
            "{\"Erp\":{\"Authority\":\"https://acme.my.erp.net/id\",\"ClientId\":\"com.example/b\"",
        );
        for i in 0..n {
            json.push_str(&format!(
                ",\"k{i}\":{{\"RedirectUri\":\"https://b.example.com/cb{i}\",\"Pad\":\"{}\"}}",
                "p".repeat(60)
            ));
        }
        json.push_str("}}");
        cost(vec![
            definition("b.trusted-app.yaml", app.to_string()),
            config("appsettings.json", json, ConfigFormat::Json),
        ])
    };
    assert_linear("columns on one line", case(1_000), case(2_000));
}

#[test]
fn repeated_private_key_headers_are_located_once() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let case = |n: usize| {
        cost(vec![
            definition(
                "c.trusted-app.yaml",
                "ApplicationUri: com.example/c\nClientType: Confidential\n".to_string(),
            ),
            config(
                ".env",
                format!(
                    "ERP_CLIENT_ID=com.example/c\nSIGNING_KEY={}\n",
                    "-----BEGIN PRIVATE KEY-----".repeat(n)
                ),
                ConfigFormat::Env,
            ),
        ])
    };
    assert_linear("private key headers", case(2_000), case(4_000));
}

#[test]
fn a_long_redirect_uri_list_is_not_compared_pair_by_pair() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let case = |n: usize| {
        let urls: Vec<String> = (0..n)
            .map(|i| format!("https://d.example.com/cb{i}"))
            .collect();
        cost(vec![definition(
            "d.trusted-app.yaml",
            format!(
                "ApplicationUri: com.example/d\nClientType: Public\nAppType: Spa\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: \"{}\"\nScope: read\n",
                urls.join(",")
            ),
        )])
    };
    assert_linear("redirect URI list", case(1_000), case(2_000));
}

#[test]
fn long_keys_above_many_settings_are_not_copied_into_every_path() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // Ten levels of keys of n characters above n/5 leaves: a path per leaf that copies
    // every key costs n * n / 5 * 10 bytes.
    let case = |n: usize| {
        let leaves: Vec<String> = (0..n / 5).map(|i| format!("\"l{i}\": \"v\"")).collect();
        let mut json = format!("{{{}}}", leaves.join(","));
        for level in 0..10 {
            json = format!("{{\"K{level}{}\": {json}}}", "k".repeat(n));
        }
        json = format!(
            "{{\"Erp\": {{\"Authority\": \"https://acme.my.erp.net/id\", \"ClientId\": \"com.example/e\"}}, \"Deep\": {json}}}"
        );
        cost(vec![
            definition(
                "e.trusted-app.yaml",
                "ApplicationUri: com.example/e\nClientType: Confidential\n".to_string(),
            ),
            config("appsettings.json", json, ConfigFormat::Json),
        ])
    };
    assert_linear("long keys", case(2_000), case(4_000));
}
