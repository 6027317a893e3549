//! Writes a synthetic monorepo for benchmarks: ERP.net apps with their Trusted Application
//! definitions and configs, source files around them, and a known set of planted secrets
//! and registration problems, all from a seed.
//!
//! ```sh
//! cargo run --release --example generate -- --files 10000 --seed 1 /tmp/tree-10k
//! cargo run --release --example generate -- --files 10000 --shape small-projects /tmp/sp-10k
//! ```
//!
//! `--shape` picks the layout (the same seed and shape always give the same tree, byte for
//! byte):
//!
//! - `monorepo` (the default): about `--files` files, one app per ~50 files under
//!   `apps/<name>/`, each with a `<name>.trusted-app.yaml` (a Public SPA and a Confidential
//!   API service with its System User), a React front end (`web/package.json`,
//!   `web/.env.production` with `VITE_` keys, `web/src/oidc.ts` with oidc-client-ts
//!   settings), an ASP.NET Core back end (`api/*.csproj`, `api/appsettings.json`,
//!   `api/.env`), and filler (`.ts`, `.js`, `.cs`, `.md`, `.json` including a package-lock,
//!   `.yaml` pipelines), plus five files at the root.
//! - `small-projects`: many small apps of exactly 10 files each, `ceil(files / 10)` of them
//!   (so `--files 10000` writes 1,000 apps and 10,001 files with `planted.json`). Each is
//!   `apps/<name>/<name>.trusted-app.yaml` (the same two registrations, the SPA also
//!   signing in on `/silent-renew.html`), `api/appsettings.json`, and a React front end:
//!   `web/package.json`, `web/.env.production`, `web/public/oidc.json` (settings fetched at
//!   start-up) and five TypeScript modules: `web/src/auth/userManager.ts` (an
//!   oidc-client-ts `UserManager` with authority, client_id and redirect_uri, which
//!   trustlint finds by its content, not its name), `web/src/auth/callback.ts` (in half the
//!   apps with a `UserManager` of its own, else plain code), `web/src/api/client.ts` (a
//!   fetch wrapper), `web/src/store/<entity>Store.ts` (data calls) and `web/src/lib/format.ts`
//!   (formatting helpers).
//! - `code-heavy`: one app per ~100 files, nearly all source code. Each has the definition,
//!   `web/package.json`, `web/.env.production`, `api/appsettings.json` and an `api/*.csproj`
//!   (the only configs), `web/src/auth/userManager.ts`, an MSAL token client
//!   (`api/Services/ErpTokenClient.cs`), a Python worker's `worker/settings.py`, a Java
//!   `jobs/src/main/java/.../ErpApi.java` and a `README.md`; the rest is source: TypeScript
//!   (35%), JavaScript (10%), C# (25%), Python (15%) and Java (15%). The root holds a
//!   `README.md` and `planted.json`.
//!
//! Planted at fixed rates in every shape (a fixed share of the apps, picked by the seed):
//!
//! | kind | where (monorepo) | rule that should report it |
//! |---|---|---|
//! | `frontend-client-secret` | `VITE_OIDC_CLIENT_SECRET=<literal>` in `web/.env.production` | CF101 |
//! | `reference-token` | `ERP_REFERENCE_TOKEN=enrt_<64 hex>` in `api/.env` | CF102 |
//! | `jwt` | `"DevAccessToken": "eyJ..."` in `api/appsettings.json` | CF103 |
//! | `backend-client-secret` | `"ClientSecret": "<literal>"` in `api/appsettings.json` | CF104 |
//! | `http-redirect` | a plain `http://` ImpersonateLoginUrl in the definition | TA201 |
//! | `sec-scope` | the reserved `sec` scope on the API service | TA601 |
//! | `admin-system-user` | the API's System User is an administrator | TA502 |
//!
//! The other shapes plant the same kinds at the same rates, the registration problems in
//! the definition as above, the secrets spread over the files their apps have, chosen per
//! app by the seed:
//!
//! | kind | small-projects | code-heavy |
//! |---|---|---|
//! | `frontend-client-secret` | `VITE_OIDC_CLIENT_SECRET` in `web/.env.production`, `client_secret` in `web/public/oidc.json` or in the `UserManager` of `userManager.ts` (a third each) | `.env.production` or `userManager.ts` (half each) |
//! | `reference-token` | `"ReferenceToken"` in `api/appsettings.json` or a constant in `web/src/api/client.ts` (half each) | `REFERENCE_TOKEN = "enrt_..."` in `worker/settings.py` |
//! | `jwt` | `"DevAccessToken"` in `api/appsettings.json` or a constant in `web/src/api/client.ts` (half each) | a constant in `ErpApi.java` |
//! | `backend-client-secret` | `"ClientSecret"` in `api/appsettings.json` | `appsettings.json` or `.WithClientSecret("...")` in `ErpTokenClient.cs` (half each) |
//!
//! Every secret is a random string drawn from the seeded generator (the JWTs are
//! structurally valid, with a random signature); none is real. `OUT_DIR/planted.json` lists
//! every planted item as `{"kind", "path", "line"}` (path relative to OUT_DIR,
//! `/`-separated, line 1-based); the first four kinds are the secrets.
//!
//! Std only: the PRNG is splitmix64, and SHA-256 and Base64 are written out below.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The layouts the generator writes (`--shape`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// Apps of about 50 files: configs, a front end, a back end and mixed filler.
    Monorepo,
    /// Apps of exactly 10 files: a definition, four configs and five TypeScript modules.
    SmallProjects,
    /// Apps of about 100 files, nearly all of them source code.
    CodeHeavy,
}

impl Shape {
    fn parse(s: &str) -> Option<Shape> {
        match s {
            "monorepo" => Some(Shape::Monorepo),
            "small-projects" => Some(Shape::SmallProjects),
            "code-heavy" => Some(Shape::CodeHeavy),
            _ => None,
        }
    }
    fn name(self) -> &'static str {
        match self {
            Shape::Monorepo => "monorepo",
            Shape::SmallProjects => "small-projects",
            Shape::CodeHeavy => "code-heavy",
        }
    }
    fn files_per_app(self) -> usize {
        match self {
            Shape::Monorepo => FILES_PER_APP,
            Shape::SmallProjects => SMALL_FILES_PER_APP,
            Shape::CodeHeavy => CODE_FILES_PER_APP,
        }
    }
}

const FILES_PER_APP: usize = 50;
/// Every app of the small-projects shape has exactly this many files.
const SMALL_FILES_PER_APP: usize = 10;
const CODE_FILES_PER_APP: usize = 100;

/// Shares of the apps that get each planted item.
const PLANT_RATES: &[(&str, f64)] = &[
    ("frontend-client-secret", 0.20),
    ("reference-token", 0.20),
    ("jwt", 0.15),
    ("backend-client-secret", 0.20),
    ("http-redirect", 0.10),
    ("sec-scope", 0.10),
    ("admin-system-user", 0.10),
];

fn usage() -> ExitCode {
    eprintln!(
        "usage: cargo run --release --example generate -- [--files N] [--seed S] [--shape SHAPE] [--force] OUT_DIR\n\
         \n\
         Writes a synthetic monorepo of about N files (default 1000) from seed S (default 1)\n\
         into OUT_DIR, with the planted secrets and problems listed in OUT_DIR/planted.json.\n\
         SHAPE is monorepo (the default: apps of about 50 files), small-projects (apps of\n\
         exactly 10 files) or code-heavy (apps of about 100 files, nearly all source code).\n\
         OUT_DIR must be missing or empty; --force replaces an earlier generated tree (one\n\
         that holds a planted.json)."
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut files = 1000usize;
    let mut seed = 1u64;
    let mut force = false;
    let mut shape = Shape::Monorepo;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--files" | "-n" => match args.next().and_then(|v| v.replace('_', "").parse().ok()) {
                Some(v) => files = v,
                None => return usage(),
            },
            "--seed" | "-s" => match args.next().and_then(|v| v.parse().ok()) {
                Some(v) => seed = v,
                None => return usage(),
            },
            "--shape" => match args.next().as_deref().and_then(Shape::parse) {
                Some(v) => shape = v,
                None => return usage(),
            },
            "--force" => force = true,
            "-h" | "--help" => {
                usage();
                return ExitCode::SUCCESS;
            }
            s if s.starts_with('-') => return usage(),
            s => {
                if out.is_some() {
                    return usage();
                }
                out = Some(PathBuf::from(s));
            }
        }
    }
    let Some(out) = out else { return usage() };
    if let Err(e) = prepare_dir(&out, force) {
        eprintln!("generate: {e}");
        return ExitCode::FAILURE;
    }
    match generate(&out, files, seed, shape) {
        Ok(summary) => {
            eprintln!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("generate: {e}");
            ExitCode::FAILURE
        }
    }
}

fn prepare_dir(out: &Path, force: bool) -> Result<(), String> {
    if out.exists() {
        let mut entries = fs::read_dir(out).map_err(|e| format!("{}: {e}", out.display()))?;
        if entries.next().is_some() {
            if force && out.join("planted.json").is_file() {
                fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
            } else {
                return Err(format!(
                    "{} is not empty (use --force to replace a tree this generator wrote)",
                    out.display()
                ));
            }
        }
    }
    fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))
}

// ---------------------------------------------------------------------------------------
// Randomness

/// splitmix64: small, fast, and good enough to make synthetic data from a seed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next_u64() as u8).collect()
    }
    fn string_of(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n)
            .map(|_| alphabet[self.below(alphabet.len())] as char)
            .collect()
    }
    fn hex(&mut self, n: usize) -> String {
        self.string_of(b"0123456789abcdef", n)
    }
    fn uuid(&mut self) -> String {
        let h = self.hex(32);
        format!(
            "{}-{}-4{}-a{}-{}",
            &h[..8],
            &h[8..12],
            &h[13..16],
            &h[17..20],
            &h[20..]
        )
    }
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

// ---------------------------------------------------------------------------------------
// SHA-256 and Base64, for ApplicationSecretHash and the JWTs

fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 64];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([
                block[4 * i],
                block[4 * i + 1],
                block[4 * i + 2],
                block[4 * i + 3],
            ]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 32];
    for (i, word) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&word.to_be_bytes());
    }
    out
}

fn base64(data: &[u8], url: bool) -> String {
    let alphabet: &[u8; 64] = if url {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    } else {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    };
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        let chars = chunk.len() + 1;
        for i in 0..4 {
            if i < chars {
                out.push(alphabet[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else if !url {
                out.push('=');
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Secrets: random, high entropy, never real

/// A client secret the way identity providers mint them: letters and digits with some
/// `-_~.` inside (never first, which some scanners' keyword patterns do not expect).
fn client_secret(rng: &mut Rng) -> String {
    let n = rng.range(28, 40);
    let first = rng.string_of(
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
        1,
    );
    first
        + &rng.string_of(
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~.",
            n - 1,
        )
}

fn reference_token(rng: &mut Rng) -> String {
    let hex = rng.hex(64);
    if rng.chance(0.5) {
        format!("enrt_{}", hex.to_ascii_uppercase())
    } else {
        format!("enrt_{hex}")
    }
}

fn jwt(rng: &mut Rng, client_id: &str) -> String {
    let header = format!(
        r#"{{"alg":"RS256","kid":"{}","typ":"at+jwt"}}"#,
        rng.hex(12).to_ascii_uppercase()
    );
    let iat = 1_780_000_000 + rng.below(20_000_000) as u64;
    let payload = format!(
        r#"{{"iss":"https://acme.my.erp.net/id","nbf":{iat},"iat":{iat},"exp":{},"aud":"https://acme.my.erp.net/api","scope":["openid","read"],"client_id":"{client_id}","sub":"{}","auth_time":{},"idp":"local","jti":"{}"}}"#,
        iat + 3600,
        rng.uuid(),
        iat - 10,
        rng.hex(32).to_ascii_uppercase()
    );
    let signature = rng.bytes(256);
    format!(
        "{}.{}.{}",
        base64(header.as_bytes(), true),
        base64(payload.as_bytes(), true),
        base64(&signature, true)
    )
}

// ---------------------------------------------------------------------------------------
// Words

const ADJ: &[&str] = &[
    "sales",
    "stock",
    "field",
    "customer",
    "partner",
    "invoice",
    "order",
    "warehouse",
    "payroll",
    "fleet",
    "service",
    "retail",
    "supplier",
    "quality",
    "project",
    "asset",
    "budget",
    "ledger",
    "shipping",
    "returns",
    "pricing",
    "loyalty",
    "catalog",
    "booking",
];
const NOUN: &[&str] = &[
    "portal",
    "dashboard",
    "hub",
    "tracker",
    "planner",
    "desk",
    "board",
    "center",
    "console",
    "gateway",
    "monitor",
    "studio",
    "manager",
    "explorer",
    "bridge",
    "terminal",
];
const ENTITY: &[&str] = &[
    "Order",
    "Invoice",
    "Customer",
    "Product",
    "Shipment",
    "Supplier",
    "Payment",
    "Warehouse",
    "Employee",
    "Contract",
    "Quote",
    "Ticket",
    "Asset",
    "Project",
    "Budget",
    "Voucher",
    "Document",
    "Party",
    "Store",
    "Route",
];
const VERB: &[&str] = &[
    "load", "save", "fetch", "update", "create", "remove", "find", "list", "sync", "validate",
    "format", "parse", "render", "compute", "resolve", "apply", "merge", "export",
];
const FIELD: &[&str] = &[
    "id",
    "code",
    "name",
    "amount",
    "quantity",
    "status",
    "createdAt",
    "updatedAt",
    "owner",
    "notes",
    "currency",
    "price",
    "total",
    "dueDate",
    "warehouseId",
    "lineNo",
    "version",
    "discount",
    "category",
    "region",
];
const TS_TYPE: &[&str] = &[
    "string",
    "number",
    "boolean",
    "Date",
    "string | null",
    "number[]",
];
const CS_TYPE: &[&str] = &[
    "string", "int", "decimal", "bool", "DateTime", "Guid", "long",
];
const WORD: &[&str] = &[
    "the",
    "service",
    "reads",
    "orders",
    "from",
    "ERP.net",
    "instance",
    "and",
    "writes",
    "them",
    "to",
    "warehouse",
    "every",
    "night",
    "users",
    "sign",
    "in",
    "with",
    "their",
    "account",
    "token",
    "is",
    "kept",
    "in",
    "memory",
    "only",
    "deploy",
    "pipeline",
    "runs",
    "tests",
    "before",
    "release",
    "configuration",
    "comes",
    "environment",
    "vault",
    "team",
    "owns",
    "this",
    "module",
    "see",
    "also",
    "API",
    "documents",
    "report",
    "schedule",
];
const NPM: &[&str] = &[
    "react",
    "react-dom",
    "oidc-client-ts",
    "vite",
    "typescript",
    "eslint",
    "prettier",
    "lodash",
    "date-fns",
    "zod",
    "axios",
    "clsx",
    "vitest",
    "jsdom",
    "rollup",
    "esbuild",
    "postcss",
    "autoprefixer",
    "tailwindcss",
    "picocolors",
    "nanoid",
    "semver",
    "chalk",
    "debug",
    "ms",
    "tslib",
    "@types/react",
    "@types/node",
    "@babel/core",
    "@babel/parser",
    "@vitejs/plugin-react",
    "react-router",
    "react-router-dom",
    "immer",
    "zustand",
    "yaml",
    "commander",
    "glob",
    "minimatch",
    "source-map",
    "acorn",
    "browserslist",
    "caniuse-lite",
];

fn sentence(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let n = rng.range(lo, hi);
    let mut s: Vec<&str> = (0..n).map(|_| rng.pick(WORD)).collect();
    let first = s[0].to_string();
    let mut cap = first[..1].to_ascii_uppercase();
    cap.push_str(&first[1..]);
    s[0] = &cap;
    format!("{}.", s.join(" "))
}

fn pascal(s: &str) -> String {
    s.split(['-', '_', ' '])
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Writing files with line numbers

struct Planted {
    kind: &'static str,
    path: String,
    line: usize,
}

/// A text file being written, so that a planted line's number is known.
#[derive(Default)]
struct Doc {
    text: String,
    lines: usize,
}

impl Doc {
    /// Appends one line and returns its 1-based number.
    fn line(&mut self, s: impl AsRef<str>) -> usize {
        self.text.push_str(s.as_ref());
        self.text.push('\n');
        self.lines += 1;
        self.lines
    }
}

struct Tree {
    root: PathBuf,
    files: usize,
    bytes: u64,
    planted: Vec<Planted>,
}

impl Tree {
    fn write(&mut self, rel: &str, text: &str) -> Result<(), String> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        self.files += 1;
        self.bytes += text.len() as u64;
        Ok(())
    }
    fn plant(&mut self, kind: &'static str, path: &str, line: usize) {
        self.planted.push(Planted {
            kind,
            path: path.to_string(),
            line,
        });
    }
}

// ---------------------------------------------------------------------------------------
// The tree

struct App {
    slug: String,
    title: String,
    plants: Vec<&'static str>,
}

impl App {
    fn has(&self, kind: &str) -> bool {
        self.plants.contains(&kind)
    }
}

/// Files every app has beside its filler.
const CORE_FILES_PER_APP: usize = 7;
/// Files at the root of the tree (planted.json included).
const ROOT_FILES: usize = 5;

fn generate(out: &Path, files: usize, seed: u64, shape: Shape) -> Result<String, String> {
    let mut rng = Rng::new(seed);
    let n_apps = files.div_ceil(shape.files_per_app()).max(1);
    let mut apps: Vec<App> = (0..n_apps)
        .map(|i| {
            let a = rng.pick(ADJ);
            let n = rng.pick(NOUN);
            App {
                slug: format!("{a}-{n}-{i:04}"),
                title: format!("{} {} {i}", pascal(a), n),
                plants: Vec::new(),
            }
        })
        .collect();
    // Each kind goes to a fixed share of the apps, at least one, chosen by the seed.
    for &(kind, rate) in PLANT_RATES {
        let count = ((n_apps as f64 * rate).round() as usize).clamp(1, n_apps);
        let mut order: Vec<usize> = (0..n_apps).collect();
        rng.shuffle(&mut order);
        for &i in &order[..count] {
            apps[i].plants.push(kind);
        }
    }
    let mut tree = Tree {
        root: out.to_path_buf(),
        files: 0,
        bytes: 0,
        planted: Vec::new(),
    };
    match shape {
        Shape::Monorepo => {
            let filler_total = files.saturating_sub(ROOT_FILES + CORE_FILES_PER_APP * n_apps);
            write_root(&mut tree, &mut rng, &apps)?;
            for (i, app) in apps.iter().enumerate() {
                let filler = filler_total / n_apps + usize::from(i < filler_total % n_apps);
                write_app(&mut tree, &mut rng, app, filler)?;
            }
        }
        Shape::SmallProjects => {
            for app in &apps {
                write_small_project(&mut tree, &mut rng, app)?;
            }
        }
        Shape::CodeHeavy => {
            let filler_total =
                files.saturating_sub(CODE_ROOT_FILES + CODE_CORE_FILES_PER_APP * n_apps);
            write_code_root(&mut tree, &apps)?;
            for (i, app) in apps.iter().enumerate() {
                let filler = filler_total / n_apps + usize::from(i < filler_total % n_apps);
                write_code_heavy_app(&mut tree, &mut rng, app, filler)?;
            }
        }
    }
    // planted.json, in path and line order.
    tree.planted
        .sort_by(|a, b| (&a.path, a.line, a.kind).cmp(&(&b.path, b.line, b.kind)));
    let mut json = String::from("[\n");
    for (i, p) in tree.planted.iter().enumerate() {
        let _ = writeln!(
            json,
            "  {{\"kind\": \"{}\", \"path\": \"{}\", \"line\": {}}}{}",
            p.kind,
            p.path,
            p.line,
            if i + 1 < tree.planted.len() { "," } else { "" }
        );
    }
    json.push_str("]\n");
    tree.write("planted.json", &json)?;
    let mut counts = String::new();
    for &(kind, _) in PLANT_RATES {
        let n = tree.planted.iter().filter(|p| p.kind == kind).count();
        let _ = write!(counts, " {kind}={n}");
    }
    Ok(format!(
        "generate: {} files ({:.1} MB), {} apps, shape {}, seed {seed}, in {}\ngenerate: planted{counts}",
        tree.files,
        tree.bytes as f64 / 1e6,
        n_apps,
        shape.name(),
        out.display()
    ))
}

fn write_root(tree: &mut Tree, rng: &mut Rng, apps: &[App]) -> Result<(), String> {
    let mut readme = Doc::default();
    readme.line("# Example monorepo");
    readme.line("");
    readme
        .line("A synthetic monorepo written by trustlint's `examples/generate.rs` for benchmarks.");
    readme.line("Nothing in it is real: every secret in it is random and planted on purpose.");
    readme.line("");
    readme.line("## Apps");
    readme.line("");
    for app in apps.iter().take(200) {
        readme.line(format!("- [{}](apps/{}/README.md)", app.title, app.slug));
    }
    tree.write("README.md", &readme.text)?;
    tree.write(
        "package.json",
        "{\n  \"name\": \"example-monorepo\",\n  \"private\": true,\n  \"workspaces\": [\"apps/*/web\"],\n  \"devDependencies\": { \"turbo\": \"^2.5.0\", \"prettier\": \"^3.6.0\" }\n}\n",
    )?;
    tree.write(".github/workflows/ci.yaml", &ci_yaml(rng, "monorepo"))?;
    tree.write(".github/workflows/release.yaml", &ci_yaml(rng, "release"))?;
    Ok(())
}

fn write_app(tree: &mut Tree, rng: &mut Rng, app: &App, filler: usize) -> Result<(), String> {
    let base = format!("apps/{}", app.slug);
    let web_id = format!("com.example/{}-web", app.slug);
    let api_id = format!("com.example/{}-api", app.slug);
    let host = format!("{}.example.com", app.slug);
    let api_secret = client_secret(rng);
    let secret_hash = base64(&sha256(api_secret.as_bytes()), false);
    let dotnet = pascal(&app.slug);

    // The definition: a Public SPA and a Confidential API service with its System User.
    let ids = Ids {
        base: base.clone(),
        web_id: web_id.clone(),
        api_id: api_id.clone(),
        host: host.clone(),
        api_secret: api_secret.clone(),
        secret_hash,
    };
    write_definition(tree, app, &ids, Shape::Monorepo)?;

    // The front end: React + Vite + oidc-client-ts.
    tree.write(
        &format!("{base}/web/package.json"),
        &format!(
            "{{\n  \"name\": \"@example/{}-web\",\n  \"private\": true,\n  \"type\": \"module\",\n  \"scripts\": {{ \"dev\": \"vite\", \"build\": \"tsc -b && vite build\", \"test\": \"vitest run\" }},\n  \"dependencies\": {{ \"oidc-client-ts\": \"^3.1.0\", \"react\": \"^19.0.0\", \"react-dom\": \"^19.0.0\", \"react-router-dom\": \"^7.1.0\" }},\n  \"devDependencies\": {{ \"@vitejs/plugin-react\": \"^4.3.0\", \"typescript\": \"^5.7.0\", \"vite\": \"^7.0.0\", \"vitest\": \"^3.0.0\" }}\n}}\n",
            app.slug
        ),
    )?;
    let env_path = format!("{base}/web/.env.production");
    let mut e = Doc::default();
    e.line(format!(
        "# Build-time settings of {} (Vite inlines every VITE_ value into the bundle).",
        app.title
    ));
    e.line("VITE_OIDC_AUTHORITY=https://acme.my.erp.net/id");
    e.line(format!("VITE_OIDC_CLIENT_ID={web_id}"));
    e.line(format!("VITE_OIDC_REDIRECT_URI=https://{host}/callback"));
    if app.has("frontend-client-secret") {
        let l = e.line(format!("VITE_OIDC_CLIENT_SECRET={}", client_secret(rng)));
        tree.plant("frontend-client-secret", &env_path, l);
    }
    e.line(format!("VITE_API_BASE_URL=https://{host}/api"));
    e.line(format!(
        "VITE_APP_VERSION=1.{}.{}",
        rng.below(40),
        rng.below(10)
    ));
    e.line("# Read by the build server only; never reaches the browser.");
    e.line("SENTRY_AUTH_TOKEN=${SENTRY_AUTH_TOKEN}");
    tree.write(&env_path, &e.text)?;
    tree.write(
        &format!("{base}/web/src/oidc.ts"),
        &format!(
            "import {{ UserManager, WebStorageStateStore }} from \"oidc-client-ts\";\n\
             \n\
             export const userManager = new UserManager({{\n  \
               authority: \"https://acme.my.erp.net/id\",\n  \
               client_id: \"{web_id}\",\n  \
               redirect_uri: \"https://{host}/callback\",\n  \
               post_logout_redirect_uri: \"https://{host}/\",\n  \
               response_type: \"code\",\n  \
               scope: \"openid profile read\",\n  \
               automaticSilentRenew: true,\n  \
               userStore: new WebStorageStateStore({{ store: window.sessionStorage }}),\n\
             }});\n"
        ),
    )?;

    // The back end: ASP.NET Core, a Client Credentials service.
    tree.write(
        &format!("{base}/api/{dotnet}.Api.csproj"),
        "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <PropertyGroup>\n    <TargetFramework>net9.0</TargetFramework>\n    <Nullable>enable</Nullable>\n    <ImplicitUsings>enable</ImplicitUsings>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"Microsoft.Identity.Client\" Version=\"4.66.2\" />\n  </ItemGroup>\n</Project>\n",
    )?;
    let settings_path = format!("{base}/api/appsettings.json");
    let mut s = Doc::default();
    s.line("{");
    s.line("  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\", \"Microsoft.AspNetCore\": \"Warning\" } },");
    s.line("  \"AllowedHosts\": \"*\",");
    s.line("  \"ErpNet\": {");
    s.line("    \"Authority\": \"https://acme.my.erp.net/id\",");
    s.line(format!("    \"ClientId\": \"{api_id}\","));
    if app.has("backend-client-secret") {
        let l = s.line(format!("    \"ClientSecret\": \"{api_secret}\","));
        tree.plant("backend-client-secret", &settings_path, l);
    } else if rng.chance(0.5) {
        s.line("    \"ClientSecret\": \"${ERP_CLIENT_SECRET}\",");
    } else {
        s.line("    // ClientSecret comes from the ErpNet__ClientSecret environment variable.");
    }
    s.line("    \"Scope\": \"read update\",");
    if app.has("jwt") {
        let l = s.line(format!(
            "    \"DevAccessToken\": \"{}\",",
            jwt(rng, &api_id)
        ));
        tree.plant("jwt", &settings_path, l);
    }
    s.line("    \"ODataRoot\": \"https://acme.my.erp.net/api/domain/odata/\"");
    s.line("  },");
    s.line(format!(
        "  \"ConnectionStrings\": {{ \"Cache\": \"{}-redis:6379\" }}",
        app.slug
    ));
    s.line("}");
    tree.write(&settings_path, &s.text)?;
    let api_env_path = format!("{base}/api/.env");
    let mut a = Doc::default();
    a.line(format!(
        "# Local runs of the {} API (docker compose reads this file).",
        app.title
    ));
    a.line("ASPNETCORE_ENVIRONMENT=Development");
    a.line("ASPNETCORE_URLS=http://0.0.0.0:8080");
    a.line("ErpNet__ClientSecret=${ERP_CLIENT_SECRET}");
    if app.has("reference-token") {
        let l = a.line(format!("ERP_REFERENCE_TOKEN={}", reference_token(rng)));
        tree.plant("reference-token", &api_env_path, l);
    } else {
        a.line("ERP_REFERENCE_TOKEN=${ERP_REFERENCE_TOKEN}");
    }
    a.line(format!("CACHE_HOST={}-redis", app.slug));
    tree.write(&api_env_path, &a.text)?;

    // Filler: the rest of the app's source, docs, data and pipelines.
    for k in 0..filler {
        let (rel, text) = filler_file(rng, app, k);
        tree.write(&format!("{base}/{rel}"), &text)?;
    }
    Ok(())
}

/// The k-th filler file of an app: a path below the app's folder and its text.
fn filler_file(rng: &mut Rng, app: &App, k: usize) -> (String, String) {
    match k {
        0 => return ("README.md".into(), markdown(rng, &app.title)),
        1 => return ("web/package-lock.json".into(), package_lock(rng, &app.slug)),
        2 => return ("deploy/pipeline.yaml".into(), ci_yaml(rng, &app.slug)),
        3 => return ("web/tsconfig.json".into(), TSCONFIG.into()),
        _ => {}
    }
    let entity = rng.pick(ENTITY);
    let roll = rng.below(100);
    if roll < 30 {
        let dir = rng.pick(&["components", "pages", "lib", "hooks", "api", "store"]);
        let name = format!(
            "{}{}",
            entity,
            pascal(rng.pick(&["list", "form", "view", "client", "utils", "state", "table"]))
        );
        (
            format!("web/src/{dir}/{name}{k}.ts"),
            typescript(rng, entity, "../oidc"),
        )
    } else if roll < 40 {
        let dir = rng.pick(&["scripts", "web/scripts", "web/test"]);
        (
            format!("{dir}/{}-{k}.js", entity.to_ascii_lowercase()),
            javascript(rng, entity),
        )
    } else if roll < 65 {
        let dir = rng.pick(&["Controllers", "Services", "Models", "Jobs"]);
        let suffix = match dir {
            "Controllers" => "Controller",
            "Services" => "Service",
            "Jobs" => "Job",
            _ => "",
        };
        (
            format!("api/{dir}/{entity}{suffix}{k}.cs"),
            csharp(rng, &pascal(&app.slug), entity, suffix),
        )
    } else if roll < 75 {
        (
            format!("docs/{}-{k}.md", entity.to_ascii_lowercase()),
            markdown(rng, entity),
        )
    } else if roll < 90 {
        let dir = rng.pick(&["web/public/locales", "web/test/fixtures", "api/Data/seed"]);
        (
            format!("{dir}/{}-{k}.json", entity.to_ascii_lowercase()),
            json_data(rng, entity),
        )
    } else {
        (
            format!("deploy/{}-{k}.yaml", entity.to_ascii_lowercase()),
            k8s_yaml(rng, &app.slug, entity),
        )
    }
}

const TSCONFIG: &str = "{\n  \"compilerOptions\": {\n    \"target\": \"ES2022\",\n    \"lib\": [\"ES2022\", \"DOM\", \"DOM.Iterable\"],\n    \"module\": \"ESNext\",\n    \"moduleResolution\": \"bundler\",\n    \"jsx\": \"react-jsx\",\n    \"strict\": true,\n    \"noEmit\": true,\n    \"skipLibCheck\": true\n  },\n  \"include\": [\"src\"]\n}\n";

/// A front-end module of fetch calls; `oidc_module` is where it imports its `userManager`.
fn typescript(rng: &mut Rng, entity: &str, oidc_module: &str) -> String {
    let mut d = Doc::default();
    d.line(format!("import {{ userManager }} from \"{oidc_module}\";"));
    d.line("");
    d.line("const API_BASE = import.meta.env.VITE_API_BASE_URL;");
    d.line("");
    d.line(format!("export interface {entity} {{"));
    for _ in 0..rng.range(4, 12) {
        d.line(format!("  {}: {};", rng.pick(FIELD), rng.pick(TS_TYPE)));
    }
    d.line("}");
    for _ in 0..rng.range(2, 8) {
        let verb = rng.pick(VERB);
        let n = rng.below(1000);
        d.line("");
        d.line(format!("/** {} */", sentence(rng, 6, 14)));
        d.line(format!(
            "export async function {verb}{entity}{n}(id: string, signal?: AbortSignal): Promise<{entity}> {{"
        ));
        d.line("  const user = await userManager.getUser();");
        d.line(format!(
            "  const res = await fetch(`${{API_BASE}}/{}/${{encodeURIComponent(id)}}`, {{",
            entity.to_ascii_lowercase()
        ));
        d.line("    headers: { Authorization: `Bearer ${user?.access_token ?? \"\"}` },");
        d.line("    signal,");
        d.line("  });");
        d.line(format!(
            "  if (!res.ok) throw new Error(`{verb} {entity} failed: ${{res.status}}`);"
        ));
        d.line(format!("  return (await res.json()) as {entity};"));
        d.line("}");
    }
    d.text
}

fn javascript(rng: &mut Rng, entity: &str) -> String {
    let mut d = Doc::default();
    d.line("// @ts-check");
    d.line("import { readFile, writeFile } from \"node:fs/promises\";");
    d.line("");
    for _ in 0..rng.range(2, 6) {
        let verb = rng.pick(VERB);
        let n = rng.below(1000);
        d.line(format!("/** {} */", sentence(rng, 5, 12)));
        d.line(format!("export async function {verb}{entity}s{n}(path) {{"));
        d.line("  const rows = JSON.parse(await readFile(path, \"utf8\"));");
        d.line(format!(
            "  const out = rows.filter((r) => r.{} !== undefined).map((r) => ({{ ...r, {}: r.{} ?? null }}));",
            rng.pick(FIELD),
            rng.pick(FIELD),
            rng.pick(FIELD)
        ));
        d.line(format!("  await writeFile(path.replace(/\\.json$/, \".{verb}.json\"), JSON.stringify(out, null, 2));"));
        d.line("  return out.length;");
        d.line("}");
        d.line("");
    }
    d.text
}

fn csharp(rng: &mut Rng, ns: &str, entity: &str, suffix: &str) -> String {
    let mut d = Doc::default();
    d.line("using System;");
    d.line("using System.Net.Http.Headers;");
    d.line("using Microsoft.Extensions.Configuration;");
    d.line("");
    d.line(format!("namespace {ns}.Api;"));
    d.line("");
    d.line(format!("/// <summary>{}</summary>", sentence(rng, 6, 14)));
    d.line(format!("public sealed class {entity}{suffix}"));
    d.line("{");
    d.line("    private readonly IConfiguration _configuration;");
    d.line("    private readonly HttpClient _http;");
    d.line("");
    d.line(format!(
        "    public {entity}{suffix}(IConfiguration configuration, HttpClient http)"
    ));
    d.line("    {");
    d.line("        _configuration = configuration;");
    d.line("        _http = http;");
    d.line("    }");
    if suffix == "Service" || rng.chance(0.2) {
        // Reads the secret from configuration: a keyword hit for grep, not a secret.
        d.line("");
        d.line("    private string ClientSecret => _configuration[\"ErpNet:ClientSecret\"]");
        d.line(
            "        ?? throw new InvalidOperationException(\"ErpNet:ClientSecret is not set\");",
        );
    }
    for _ in 0..rng.range(2, 7) {
        let verb = pascal(rng.pick(VERB));
        let n = rng.below(1000);
        d.line("");
        d.line(format!(
            "    /// <summary>{}</summary>",
            sentence(rng, 5, 12)
        ));
        d.line(format!(
            "    public async Task<{entity}Dto?> {verb}{n}Async(Guid id, CancellationToken ct = default)"
        ));
        d.line("    {");
        d.line(format!(
            "        using var request = new HttpRequestMessage(HttpMethod.Get, $\"{}s({{id}})\");",
            entity
        ));
        d.line("        var response = await _http.SendAsync(request, ct);");
        d.line("        response.EnsureSuccessStatusCode();");
        d.line(format!(
            "        return await response.Content.ReadFromJsonAsync<{entity}Dto>(cancellationToken: ct);"
        ));
        d.line("    }");
    }
    d.line("}");
    d.line("");
    d.line(format!("public sealed record {entity}Dto("));
    let n = rng.range(3, 8);
    for i in 0..n {
        d.line(format!(
            "    {} {}{}",
            rng.pick(CS_TYPE),
            pascal(rng.pick(FIELD)),
            if i + 1 < n { "," } else { ");" }
        ));
    }
    d.text
}

fn markdown(rng: &mut Rng, title: &str) -> String {
    let mut d = Doc::default();
    d.line(format!("# {title}"));
    d.line("");
    for _ in 0..rng.range(2, 5) {
        d.line(sentence(rng, 8, 20));
        d.line("");
        d.line(format!("## {}", pascal(rng.pick(VERB))));
        d.line("");
        for _ in 0..rng.range(1, 4) {
            d.line(format!("- {}", sentence(rng, 5, 12)));
        }
        d.line("");
    }
    d.line("## Configuration");
    d.line("");
    d.line("Secrets never go into the repository: set `ERP_CLIENT_SECRET` in the environment");
    d.line("and leave `VITE_OIDC_CLIENT_SECRET` unset, since Vite would ship it to every browser.");
    d.line("A reference token (`enrt_` and 64 hex digits) belongs in the vault, not in `.env`.");
    d.text
}

fn package_lock(rng: &mut Rng, slug: &str) -> String {
    let mut d = Doc::default();
    d.line("{");
    d.line(format!("  \"name\": \"@example/{slug}-web\","));
    d.line("  \"lockfileVersion\": 3,");
    d.line("  \"requires\": true,");
    d.line("  \"packages\": {");
    let n = rng.range(40, 160);
    for i in 0..n {
        let name = rng.pick(NPM);
        let version = format!("{}.{}.{}", rng.below(20), rng.below(30), rng.below(20));
        let base = name.rsplit('/').next().unwrap_or(name);
        d.line(format!(
            "    \"node_modules/{name}{}\": {{",
            if i % 3 == 0 {
                String::new()
            } else {
                format!("/node_modules/{}", rng.pick(NPM))
            }
        ));
        d.line(format!("      \"version\": \"{version}\","));
        d.line(format!(
            "      \"resolved\": \"https://registry.npmjs.org/{name}/-/{base}-{version}.tgz\","
        ));
        d.line(format!(
            "      \"integrity\": \"sha512-{}\",",
            base64(&rng.bytes(64), false)
        ));
        d.line(format!("      \"dev\": {}", rng.chance(0.5)));
        d.line(format!("    }}{}", if i + 1 < n { "," } else { "" }));
    }
    d.line("  }");
    d.line("}");
    d.text
}

fn json_data(rng: &mut Rng, entity: &str) -> String {
    let mut d = Doc::default();
    d.line("[");
    let n = rng.range(5, 40);
    for i in 0..n {
        d.line(format!(
            "  {{ \"id\": \"{}\", \"type\": \"{entity}\", \"{}\": {}, \"{}\": \"{}\", \"label\": \"{}\" }}{}",
            rng.uuid(),
            rng.pick(FIELD),
            rng.below(100_000),
            rng.pick(FIELD),
            rng.pick(WORD),
            sentence(rng, 2, 6),
            if i + 1 < n { "," } else { "" }
        ));
    }
    d.line("]");
    d.text
}

fn ci_yaml(rng: &mut Rng, name: &str) -> String {
    let mut d = Doc::default();
    d.line(format!("name: {name}"));
    d.line("on:");
    d.line("  push:");
    d.line("    branches: [main]");
    d.line("  pull_request:");
    d.line("jobs:");
    for job in ["build", "test", "deploy"].iter().take(rng.range(2, 3)) {
        d.line(format!("  {job}:"));
        d.line("    runs-on: ubuntu-latest");
        d.line("    steps:");
        d.line("      - uses: actions/checkout@v4");
        d.line("      - uses: actions/setup-node@v4");
        d.line("        with: { node-version: 22 }");
        d.line(format!("      - run: npm ci && npm run {job}"));
        d.line("        env:");
        d.line("          ERP_CLIENT_SECRET: ${{ secrets.ERP_CLIENT_SECRET }}");
        d.line(format!("          BUILD_ID: {}", rng.hex(8)));
    }
    d.text
}

fn k8s_yaml(rng: &mut Rng, slug: &str, entity: &str) -> String {
    let mut d = Doc::default();
    d.line("apiVersion: apps/v1");
    d.line("kind: Deployment");
    d.line("metadata:");
    d.line(format!("  name: {slug}-{}", entity.to_ascii_lowercase()));
    d.line("spec:");
    d.line(format!("  replicas: {}", rng.range(1, 4)));
    d.line("  template:");
    d.line("    spec:");
    d.line("      containers:");
    d.line(format!("        - name: {}", entity.to_ascii_lowercase()));
    d.line(format!(
        "          image: registry.example.com/{slug}:{}",
        rng.hex(7)
    ));
    d.line("          env:");
    d.line("            - name: ErpNet__ClientSecret");
    d.line("              valueFrom: { secretKeyRef: { name: erp-client, key: secret } }");
    d.text
}

// ---------------------------------------------------------------------------------------
// The small-projects and code-heavy shapes

/// What the apps of the small-projects and code-heavy shapes share: their names, hosts and
/// client ids, and the back end's client secret, whose hash the definition holds.
struct Ids {
    base: String,
    web_id: String,
    api_id: String,
    host: String,
    api_secret: String,
    secret_hash: String,
}

impl Ids {
    fn new(rng: &mut Rng, app: &App) -> Ids {
        let api_secret = client_secret(rng);
        Ids {
            base: format!("apps/{}", app.slug),
            web_id: format!("com.example/{}-web", app.slug),
            api_id: format!("com.example/{}-api", app.slug),
            host: format!("{}.example.com", app.slug),
            secret_hash: base64(&sha256(api_secret.as_bytes()), false),
            api_secret,
        }
    }
}

/// The definition of an app: a Public SPA signing in on `/callback` (and, in the newer
/// shapes, `/silent-renew.html`), and a Confidential API service with its System User,
/// with the registration problems the app is planted with.
fn write_definition(tree: &mut Tree, app: &App, ids: &Ids, shape: Shape) -> Result<(), String> {
    let Ids {
        base,
        web_id,
        api_id,
        host,
        secret_hash,
        ..
    } = ids;
    let def_path = format!("{base}/{}.trusted-app.yaml", app.slug);
    let mut d = Doc::default();
    let front = if shape == Shape::Monorepo {
        "single-page app"
    } else {
        "browser app"
    };
    d.line(format!(
        "# {}: the {front} and its API, registered in the acme instance.",
        app.title
    ));
    d.line("TrustedApplications:");
    d.line(format!("  - ApplicationUri: {web_id}"));
    d.line(format!("    Name: {} (web)", app.title));
    d.line("    AppType: Spa");
    d.line("    ClientType: Public");
    d.line("    ImpersonateAsInternalUserAllowed: true");
    d.line("    ImpersonateLoginUrl:");
    d.line(format!("      - https://{host}/callback"));
    if shape != Shape::Monorepo {
        d.line(format!("      - https://{host}/silent-renew.html"));
    }
    if app.has("http-redirect") {
        let l = d.line(format!("      - http://legacy.{host}/callback"));
        tree.plant("http-redirect", &def_path, l);
    }
    d.line(format!("    ImpersonateLogoutUrl: https://{host}/"));
    d.line("    Scope: [read]");
    d.line("    ReferenceTokens: None");
    d.line("");
    d.line(format!("  - ApplicationUri: {api_id}"));
    d.line(format!("    Name: {} (API)", app.title));
    d.line("    AppType: Service");
    d.line("    ClientType: Confidential");
    d.line(format!("    ApplicationSecretHash: {secret_hash}"));
    d.line("    SystemUserAllowed: true");
    let l = d.line(format!("    SystemUser: svc.{}", app.slug));
    if app.has("admin-system-user") {
        tree.plant("admin-system-user", &def_path, l);
    }
    if app.has("sec-scope") {
        let l = d.line("    Scope: [read, update, sec]");
        tree.plant("sec-scope", &def_path, l);
    } else {
        d.line("    Scope: [read, update]");
    }
    d.line("    ReferenceTokens: None");
    d.line("");
    d.line("Users:");
    d.line(format!("  - Login: svc.{}", app.slug));
    d.line("    UserType: ApplicationUserNoLogin");
    d.line(format!("    IsAdmin: {}", app.has("admin-system-user")));
    d.line("    Active: true");
    tree.write(&def_path, &d.text)
}

fn web_package_json(app: &App) -> String {
    format!(
        "{{\n  \"name\": \"@example/{}-web\",\n  \"private\": true,\n  \"type\": \"module\",\n  \"scripts\": {{ \"dev\": \"vite\", \"build\": \"tsc -b && vite build\", \"test\": \"vitest run\" }},\n  \"dependencies\": {{ \"oidc-client-ts\": \"^3.1.0\", \"react\": \"^19.0.0\", \"react-dom\": \"^19.0.0\", \"react-router-dom\": \"^7.1.0\" }},\n  \"devDependencies\": {{ \"@vitejs/plugin-react\": \"^4.3.0\", \"typescript\": \"^5.7.0\", \"vite\": \"^7.0.0\", \"vitest\": \"^3.0.0\" }}\n}}\n",
        app.slug
    )
}

/// `web/.env.production`, with a client secret in it when `secret` says so.
fn write_env_production(
    tree: &mut Tree,
    rng: &mut Rng,
    app: &App,
    ids: &Ids,
    secret: bool,
) -> Result<(), String> {
    let Ids {
        base, web_id, host, ..
    } = ids;
    let env_path = format!("{base}/web/.env.production");
    let mut e = Doc::default();
    e.line(format!(
        "# Build-time settings of {} (Vite inlines every VITE_ value into the bundle).",
        app.title
    ));
    e.line("VITE_OIDC_AUTHORITY=https://acme.my.erp.net/id");
    e.line(format!("VITE_OIDC_CLIENT_ID={web_id}"));
    e.line(format!("VITE_OIDC_REDIRECT_URI=https://{host}/callback"));
    if secret {
        let l = e.line(format!("VITE_OIDC_CLIENT_SECRET={}", client_secret(rng)));
        tree.plant("frontend-client-secret", &env_path, l);
    }
    e.line(format!("VITE_API_BASE_URL=https://{host}/api"));
    e.line(format!(
        "VITE_APP_VERSION=1.{}.{}",
        rng.below(40),
        rng.below(10)
    ));
    e.line("# Read by the build server only; never reaches the browser.");
    e.line("SENTRY_AUTH_TOKEN=${SENTRY_AUTH_TOKEN}");
    tree.write(&env_path, &e.text)
}

/// `api/appsettings.json` of an ASP.NET Core back end, with whichever of the back-end
/// client secret, the JWT and the reference token are planted in it.
fn write_appsettings(
    tree: &mut Tree,
    rng: &mut Rng,
    app: &App,
    ids: &Ids,
    plant: (bool, bool, bool),
) -> Result<(), String> {
    let (secret, token, reference) = plant;
    let settings_path = format!("{}/api/appsettings.json", ids.base);
    let mut s = Doc::default();
    s.line("{");
    s.line("  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\", \"Microsoft.AspNetCore\": \"Warning\" } },");
    s.line("  \"AllowedHosts\": \"*\",");
    s.line("  \"ErpNet\": {");
    s.line("    \"Authority\": \"https://acme.my.erp.net/id\",");
    s.line(format!("    \"ClientId\": \"{}\",", ids.api_id));
    if secret {
        let l = s.line(format!("    \"ClientSecret\": \"{}\",", ids.api_secret));
        tree.plant("backend-client-secret", &settings_path, l);
    } else if rng.chance(0.5) {
        s.line("    \"ClientSecret\": \"${ERP_CLIENT_SECRET}\",");
    } else {
        s.line("    // ClientSecret comes from the ErpNet__ClientSecret environment variable.");
    }
    s.line("    \"Scope\": \"read update\",");
    if token {
        let l = s.line(format!(
            "    \"DevAccessToken\": \"{}\",",
            jwt(rng, &ids.api_id)
        ));
        tree.plant("jwt", &settings_path, l);
    }
    if reference {
        let l = s.line(format!(
            "    \"ReferenceToken\": \"{}\",",
            reference_token(rng)
        ));
        tree.plant("reference-token", &settings_path, l);
    }
    s.line("    \"ODataRoot\": \"https://acme.my.erp.net/api/domain/odata/\"");
    s.line("  },");
    s.line(format!(
        "  \"ConnectionStrings\": {{ \"Cache\": \"{}-redis:6379\" }}",
        app.slug
    ));
    s.line("}");
    tree.write(&settings_path, &s.text)
}

/// `web/src/auth/userManager.ts`: the app's oidc-client-ts UserManager (code that trustlint
/// reads by its content), with a client secret in it when `secret` says so.
fn write_user_manager(
    tree: &mut Tree,
    rng: &mut Rng,
    ids: &Ids,
    secret: bool,
) -> Result<(), String> {
    let Ids {
        base, web_id, host, ..
    } = ids;
    let path = format!("{base}/web/src/auth/userManager.ts");
    let mut d = Doc::default();
    d.line("import { UserManager, WebStorageStateStore, type User } from \"oidc-client-ts\";");
    d.line("");
    d.line(format!("/** {} */", sentence(rng, 6, 14)));
    d.line("export const userManager = new UserManager({");
    d.line("  authority: \"https://acme.my.erp.net/id\",");
    d.line(format!("  client_id: \"{web_id}\","));
    if secret {
        let l = d.line(format!("  client_secret: \"{}\",", client_secret(rng)));
        tree.plant("frontend-client-secret", &path, l);
    }
    d.line(format!("  redirect_uri: \"https://{host}/callback\","));
    d.line(format!(
        "  silent_redirect_uri: \"https://{host}/silent-renew.html\","
    ));
    d.line(format!("  post_logout_redirect_uri: \"https://{host}/\","));
    d.line("  response_type: \"code\",");
    d.line("  scope: \"openid profile read\",");
    d.line("  automaticSilentRenew: true,");
    d.line("  userStore: new WebStorageStateStore({ store: window.sessionStorage }),");
    d.line("});");
    d.line("");
    d.line("export async function signIn(returnTo: string = window.location.pathname): Promise<void> {");
    d.line("  await userManager.signinRedirect({ state: { returnTo } });");
    d.line("}");
    d.line("");
    d.line("export async function signOut(): Promise<void> {");
    d.line("  await userManager.removeUser();");
    d.line("  await userManager.signoutRedirect();");
    d.line("}");
    d.line("");
    d.line("export async function currentUser(): Promise<User | null> {");
    d.line("  const user = await userManager.getUser();");
    d.line("  return user && !user.expired ? user : null;");
    d.line("}");
    tree.write(&path, &d.text)
}

/// Small projects: every app is exactly ten files below `apps/<name>/`.
fn write_small_project(tree: &mut Tree, rng: &mut Rng, app: &App) -> Result<(), String> {
    let ids = Ids::new(rng, app);
    let base = ids.base.clone();
    let host = ids.host.clone();
    let web_id = ids.web_id.clone();
    // Where each planted secret goes: the front-end secret into the .env file, oidc.json or
    // the UserManager module; the tokens into appsettings.json or the API client module.
    let front = rng.below(3);
    let token_in_settings = rng.chance(0.5);
    let reference_in_settings = rng.chance(0.5);
    let has_front = app.has("frontend-client-secret");
    let has_token = app.has("jwt");
    let has_reference = app.has("reference-token");

    // 1. The definition.
    write_definition(tree, app, &ids, Shape::SmallProjects)?;
    // 2. The back end's settings (an ASP.NET Core host serving the built front end).
    write_appsettings(
        tree,
        rng,
        app,
        &ids,
        (
            app.has("backend-client-secret"),
            has_token && token_in_settings,
            has_reference && reference_in_settings,
        ),
    )?;
    // 3. The React front end's manifest.
    tree.write(&format!("{base}/web/package.json"), &web_package_json(app))?;
    // 4. Its build-time settings.
    write_env_production(tree, rng, app, &ids, has_front && front == 0)?;
    // 5. Settings the front end fetches at start-up.
    let oidc_path = format!("{base}/web/public/oidc.json");
    let mut o = Doc::default();
    o.line("{");
    o.line("  \"authority\": \"https://acme.my.erp.net/id\",");
    o.line(format!("  \"client_id\": \"{web_id}\","));
    if has_front && front == 1 {
        let l = o.line(format!("  \"client_secret\": \"{}\",", client_secret(rng)));
        tree.plant("frontend-client-secret", &oidc_path, l);
    }
    o.line(format!("  \"redirect_uri\": \"https://{host}/callback\","));
    o.line(format!(
        "  \"post_logout_redirect_uri\": \"https://{host}/\","
    ));
    o.line("  \"response_type\": \"code\",");
    o.line("  \"scope\": \"openid profile read\"");
    o.line("}");
    tree.write(&oidc_path, &o.text)?;
    // 6. The UserManager.
    write_user_manager(tree, rng, &ids, has_front && front == 2)?;
    // 7. The sign-in callback page: in some apps with a UserManager of its own.
    let callback_path = format!("{base}/web/src/auth/callback.ts");
    let mut c = Doc::default();
    if rng.chance(0.5) {
        c.line("import { UserManager } from \"oidc-client-ts\";");
        c.line("");
        c.line("// The popup and silent-renew windows load only this module, not the app.");
        c.line("const callbackManager = new UserManager({");
        c.line("  authority: \"https://acme.my.erp.net/id\",");
        c.line(format!("  client_id: \"{web_id}\","));
        c.line(format!(
            "  redirect_uri: \"https://{host}/silent-renew.html\","
        ));
        c.line("  response_mode: \"query\",");
        c.line("  scope: \"openid profile read\",");
        c.line("});");
        c.line("");
        c.line("export async function completeSignIn(): Promise<void> {");
        c.line("  await callbackManager.signinCallback();");
        c.line("}");
    } else {
        c.line("import { userManager } from \"./userManager\";");
        c.line("");
        c.line("export async function completeSignIn(): Promise<string> {");
        c.line("  const user = await userManager.signinRedirectCallback();");
        c.line("  const state = user.state as { returnTo?: string } | undefined;");
        c.line("  return state?.returnTo ?? \"/\";");
        c.line("}");
    }
    c.line("");
    c.line(format!("/** {} */", sentence(rng, 5, 12)));
    c.line("export function isCallbackUrl(url: URL): boolean {");
    c.line("  return url.searchParams.has(\"code\") || url.searchParams.has(\"error\");");
    c.line("}");
    tree.write(&callback_path, &c.text)?;
    // 8. The API client, where a developer's token sometimes stays behind.
    let client_path = format!("{base}/web/src/api/client.ts");
    let mut a = Doc::default();
    a.line("import { currentUser } from \"../auth/userManager\";");
    a.line("");
    a.line("const API_BASE = import.meta.env.VITE_API_BASE_URL;");
    if has_token && !token_in_settings {
        a.line("// TODO: remove before release (a token copied from the browser for local runs).");
        let l = a.line(format!(
            "const DEV_ACCESS_TOKEN = \"{}\";",
            jwt(rng, &ids.web_id)
        ));
        tree.plant("jwt", &client_path, l);
    }
    if has_reference && !reference_in_settings {
        let l = a.line(format!(
            "const SERVICE_TOKEN = \"{}\"; // reference token for the nightly sync",
            reference_token(rng)
        ));
        tree.plant("reference-token", &client_path, l);
    }
    a.line("");
    a.line("export class ApiError extends Error {");
    a.line("  constructor(readonly status: number, message: string) {");
    a.line("    super(message);");
    a.line("  }");
    a.line("}");
    a.line("");
    a.line("export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {");
    a.line("  const user = await currentUser();");
    a.line("  const headers = new Headers(init.headers);");
    a.line("  if (user) headers.set(\"Authorization\", `Bearer ${user.access_token}`);");
    a.line("  const res = await fetch(`${API_BASE}/${path}`, { ...init, headers });");
    a.line("  if (!res.ok) throw new ApiError(res.status, `${path}: ${res.status}`);");
    a.line("  return (await res.json()) as T;");
    a.line("}");
    tree.write(&client_path, &a.text)?;
    // 9. A module of data calls.
    let entity = rng.pick(ENTITY);
    tree.write(
        &format!(
            "{base}/web/src/store/{}Store.ts",
            entity.to_ascii_lowercase()
        ),
        &typescript(rng, entity, "../auth/userManager"),
    )?;
    // 10. Plain helpers.
    tree.write(&format!("{base}/web/src/lib/format.ts"), &ts_helpers(rng))?;
    Ok(())
}

/// A module of formatting helpers, with nothing about sign-in in it.
fn ts_helpers(rng: &mut Rng) -> String {
    let mut d = Doc::default();
    let currency = rng.pick(&["EUR", "USD", "BGN", "GBP"]);
    let locale = rng.pick(&["en-GB", "en-US", "bg-BG", "de-DE"]);
    d.line(format!(
        "const money = new Intl.NumberFormat(\"{locale}\", {{ style: \"currency\", currency: \"{currency}\" }});"
    ));
    d.line(format!(
        "const day = new Intl.DateTimeFormat(\"{locale}\", {{ dateStyle: \"medium\" }});"
    ));
    d.line("");
    d.line("export function formatMoney(amount: number | null | undefined): string {");
    d.line("  return amount == null ? \"\" : money.format(amount);");
    d.line("}");
    d.line("");
    d.line("export function formatDay(value: string | Date | null | undefined): string {");
    d.line("  if (!value) return \"\";");
    d.line("  const date = typeof value === \"string\" ? new Date(value) : value;");
    d.line("  return Number.isNaN(date.getTime()) ? \"\" : day.format(date);");
    d.line("}");
    for _ in 0..rng.range(2, 6) {
        let field = rng.pick(FIELD);
        let n = rng.below(1000);
        d.line("");
        d.line(format!("/** {} */", sentence(rng, 5, 12)));
        d.line(format!(
            "export function by{}{n}<T extends {{ {field}?: unknown }}>(a: T, b: T): number {{",
            pascal(field)
        ));
        d.line(format!(
            "  return String(a.{field} ?? \"\").localeCompare(String(b.{field} ?? \"\"));"
        ));
        d.line("}");
    }
    d.text
}

/// Files every code-heavy app has beside its source filler.
const CODE_CORE_FILES_PER_APP: usize = 10;
/// Files at the root of a code-heavy tree (planted.json included).
const CODE_ROOT_FILES: usize = 2;

fn write_code_root(tree: &mut Tree, apps: &[App]) -> Result<(), String> {
    let mut readme = Doc::default();
    readme.line("# Example code base");
    readme.line("");
    readme.line(
        "A synthetic code base written by trustlint's `examples/generate.rs` for benchmarks.",
    );
    readme.line("Nothing in it is real: every secret in it is random and planted on purpose.");
    readme.line("");
    for app in apps.iter().take(200) {
        readme.line(format!("- [{}](apps/{}/README.md)", app.title, app.slug));
    }
    tree.write("README.md", &readme.text)
}

/// Code-heavy: an app is a handful of configs and a lot of TypeScript, JavaScript, C#,
/// Python and Java.
fn write_code_heavy_app(
    tree: &mut Tree,
    rng: &mut Rng,
    app: &App,
    filler: usize,
) -> Result<(), String> {
    let ids = Ids::new(rng, app);
    let base = ids.base.clone();
    let dotnet = pascal(&app.slug);
    let package = app.slug.replace('-', "");
    // Where each planted secret goes: the front-end secret into the .env file or the
    // UserManager module, the back-end secret into appsettings.json or the C# token client;
    // the reference token is in the Python worker's settings, the JWT in a Java class.
    let front_in_env = rng.chance(0.5);
    let back_in_settings = rng.chance(0.5);
    let has_front = app.has("frontend-client-secret");
    let has_back = app.has("backend-client-secret");

    write_definition(tree, app, &ids, Shape::CodeHeavy)?;
    tree.write(&format!("{base}/web/package.json"), &web_package_json(app))?;
    write_env_production(tree, rng, app, &ids, has_front && front_in_env)?;
    write_user_manager(tree, rng, &ids, has_front && !front_in_env)?;
    write_appsettings(
        tree,
        rng,
        app,
        &ids,
        (has_back && back_in_settings, false, false),
    )?;
    tree.write(
        &format!("{base}/api/{dotnet}.Api.csproj"),
        "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <PropertyGroup>\n    <TargetFramework>net9.0</TargetFramework>\n    <Nullable>enable</Nullable>\n    <ImplicitUsings>enable</ImplicitUsings>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"Microsoft.Identity.Client\" Version=\"4.66.2\" />\n  </ItemGroup>\n</Project>\n",
    )?;

    // The back end's token client (MSAL).
    let cs_path = format!("{base}/api/Services/ErpTokenClient.cs");
    let mut c = Doc::default();
    c.line("using Microsoft.Extensions.Configuration;");
    c.line("using Microsoft.Identity.Client;");
    c.line("");
    c.line(format!("namespace {dotnet}.Api.Services;"));
    c.line("");
    c.line("/// <summary>Gets the API's own access tokens (client credentials).</summary>");
    c.line("public sealed class ErpTokenClient");
    c.line("{");
    c.line("    private readonly IConfidentialClientApplication _app;");
    c.line("");
    c.line("    public ErpTokenClient(IConfiguration configuration)");
    c.line("    {");
    c.line("        var erp = configuration.GetSection(\"ErpNet\");");
    c.line(format!(
        "        _app = ConfidentialClientApplicationBuilder.Create(\"{}\")",
        ids.api_id
    ));
    if has_back && !back_in_settings {
        let l = c.line(format!(
            "            .WithClientSecret(\"{}\")",
            ids.api_secret
        ));
        tree.plant("backend-client-secret", &cs_path, l);
    } else {
        c.line("            .WithClientSecret(erp[\"ClientSecret\"])");
    }
    c.line("            .WithOidcAuthority(\"https://acme.my.erp.net/id\")");
    c.line("            .Build();");
    c.line("    }");
    c.line("");
    c.line("    public async Task<string> AccessTokenAsync(CancellationToken ct = default)");
    c.line("    {");
    c.line("        var result = await _app.AcquireTokenForClient(new[] { \"read\", \"update\" })");
    c.line("            .ExecuteAsync(ct);");
    c.line("        return result.AccessToken;");
    c.line("    }");
    c.line("}");
    tree.write(&cs_path, &c.text)?;

    // The Python worker's settings.
    let py_path = format!("{base}/worker/settings.py");
    let mut p = Doc::default();
    p.line(format!(
        "\"\"\"Settings of the {} sync worker, read from the environment.\"\"\"",
        app.title
    ));
    p.line("");
    p.line("import os");
    p.line("");
    p.line(
        "API_ROOT = os.environ.get(\"ERP_API_ROOT\", \"https://acme.my.erp.net/api/domain/odata\")",
    );
    p.line(format!(
        "BATCH_SIZE = int(os.environ.get(\"BATCH_SIZE\", \"{}\"))",
        50 * rng.range(1, 10)
    ));
    if app.has("reference-token") {
        p.line("# The nightly sync signs in with a reference token of the service user.");
        let l = p.line(format!("REFERENCE_TOKEN = \"{}\"", reference_token(rng)));
        tree.plant("reference-token", &py_path, l);
    } else {
        p.line("REFERENCE_TOKEN = os.environ[\"ERP_REFERENCE_TOKEN\"]");
    }
    p.line(format!(
        "TIMEOUT_SECONDS = float(os.environ.get(\"TIMEOUT_SECONDS\", \"{}\"))",
        rng.range(10, 120)
    ));
    tree.write(&py_path, &p.text)?;

    // The Java jobs' API access.
    let java_path = format!("{base}/jobs/src/main/java/com/example/{package}/ErpApi.java");
    let mut j = Doc::default();
    j.line(format!("package com.example.{package};"));
    j.line("");
    j.line("import java.net.URI;");
    j.line("import java.net.http.HttpRequest;");
    j.line("");
    j.line("/** Requests to the ERP.net Domain API, signed with the job's access token. */");
    j.line("public final class ErpApi {");
    j.line("    private static final String ROOT = \"https://acme.my.erp.net/api/domain/odata/\";");
    if app.has("jwt") {
        j.line("    // Copied from a browser session to test the jobs locally.");
        let l = j.line(format!(
            "    private static final String ACCESS_TOKEN = \"{}\";",
            jwt(rng, &ids.api_id)
        ));
        tree.plant("jwt", &java_path, l);
    } else {
        j.line(
            "    private static final String ACCESS_TOKEN = System.getenv(\"ERP_ACCESS_TOKEN\");",
        );
    }
    j.line("");
    j.line("    private ErpApi() {}");
    j.line("");
    j.line("    public static HttpRequest get(String entitySet) {");
    j.line("        return HttpRequest.newBuilder(URI.create(ROOT + entitySet))");
    j.line("            .header(\"Authorization\", \"Bearer \" + ACCESS_TOKEN)");
    j.line("            .GET()");
    j.line("            .build();");
    j.line("    }");
    j.line("}");
    tree.write(&java_path, &j.text)?;
    tree.write(&format!("{base}/README.md"), &markdown(rng, &app.title))?;

    for k in 0..filler {
        let (rel, text) = code_file(rng, app, &package, k);
        tree.write(&format!("{base}/{rel}"), &text)?;
    }
    Ok(())
}

/// The k-th source file of a code-heavy app: a path below the app's folder and its text.
fn code_file(rng: &mut Rng, app: &App, package: &str, k: usize) -> (String, String) {
    let entity = rng.pick(ENTITY);
    let roll = rng.below(100);
    if roll < 35 {
        let dir = rng.pick(&["components", "pages", "lib", "hooks", "api", "store"]);
        let name = format!(
            "{}{}",
            entity,
            pascal(rng.pick(&["list", "form", "view", "client", "utils", "state", "table"]))
        );
        (
            format!("web/src/{dir}/{name}{k}.ts"),
            typescript(rng, entity, "../auth/userManager"),
        )
    } else if roll < 45 {
        let dir = rng.pick(&["scripts", "web/scripts", "tools"]);
        (
            format!("{dir}/{}-{k}.js", entity.to_ascii_lowercase()),
            javascript(rng, entity),
        )
    } else if roll < 70 {
        let dir = rng.pick(&["Controllers", "Services", "Models", "Jobs"]);
        let suffix = match dir {
            "Controllers" => "Controller",
            "Services" => "Service",
            "Jobs" => "Job",
            _ => "",
        };
        (
            format!("api/{dir}/{entity}{suffix}{k}.cs"),
            csharp(rng, &pascal(&app.slug), entity, suffix),
        )
    } else if roll < 85 {
        let dir = rng.pick(&["tasks", "models", "services"]);
        (
            format!("worker/{dir}/{}_{k}.py", snake(entity)),
            python(rng, entity),
        )
    } else {
        let sub = rng.pick(&["service", "model", "job"]);
        let class = format!("{entity}{}{k}", pascal(sub));
        (
            format!("jobs/src/main/java/com/example/{package}/{sub}/{class}.java"),
            java(rng, &format!("com.example.{package}.{sub}"), &class, entity),
        )
    }
}

/// `createdAt` -> `created_at`.
fn snake(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn python(rng: &mut Rng, entity: &str) -> String {
    let mut d = Doc::default();
    let lower = snake(entity);
    d.line(format!("\"\"\"{}\"\"\"", sentence(rng, 6, 14)));
    d.line("");
    d.line("from __future__ import annotations");
    d.line("");
    d.line("from dataclasses import dataclass");
    d.line("from typing import Any, Iterator");
    d.line("");
    d.line("import requests");
    d.line("");
    d.line("from ..settings import API_ROOT, BATCH_SIZE, TIMEOUT_SECONDS");
    d.line("");
    d.line("");
    d.line("@dataclass");
    d.line(format!("class {entity}:"));
    let mut fields: Vec<String> = Vec::new();
    for _ in 0..rng.range(3, 9) {
        let f = snake(rng.pick(FIELD));
        if !fields.contains(&f) {
            fields.push(f);
        }
    }
    for f in &fields {
        let t = rng.pick(&["str", "int", "float", "bool", "str | None"]);
        d.line(format!("    {f}: {t}"));
    }
    let keys = fields
        .iter()
        .map(|f| format!("\"{f}\""))
        .collect::<Vec<_>>()
        .join(", ");
    for _ in 0..rng.range(2, 6) {
        let verb = rng.pick(VERB);
        let n = rng.below(1000);
        d.line("");
        d.line("");
        d.line(format!(
            "def {verb}_{lower}_{n}(session: requests.Session, auth: dict[str, str], skip: int = 0) -> Iterator[{entity}]:"
        ));
        d.line(format!("    \"\"\"{}\"\"\"", sentence(rng, 5, 12)));
        d.line("    res = session.get(");
        d.line(format!("        f\"{{API_ROOT}}/{entity}s\","));
        d.line("        params={\"$top\": BATCH_SIZE, \"$skip\": skip},");
        d.line("        headers=auth,");
        d.line("        timeout=TIMEOUT_SECONDS,");
        d.line("    )");
        d.line("    res.raise_for_status()");
        d.line("    rows: list[dict[str, Any]] = res.json().get(\"value\", [])");
        d.line("    for row in rows:");
        d.line(format!(
            "        yield {entity}(**{{k: row.get(k) for k in ({keys},)}})"
        ));
    }
    d.text
}

fn java(rng: &mut Rng, package: &str, class: &str, entity: &str) -> String {
    let mut d = Doc::default();
    d.line(format!("package {package};"));
    d.line("");
    d.line("import java.io.IOException;");
    d.line("import java.net.URI;");
    d.line("import java.net.http.HttpClient;");
    d.line("import java.net.http.HttpRequest;");
    d.line("import java.net.http.HttpResponse;");
    d.line("import java.time.Duration;");
    d.line("import java.util.function.Supplier;");
    d.line("");
    d.line(format!("/** {} */", sentence(rng, 6, 14)));
    d.line(format!("public final class {class} {{"));
    d.line("    private final HttpClient http = HttpClient.newBuilder()");
    d.line(format!(
        "        .connectTimeout(Duration.ofSeconds({}))",
        rng.range(5, 60)
    ));
    d.line("        .build();");
    d.line("    private final String root;");
    d.line("    private final Supplier<String> bearer;");
    d.line("");
    d.line(format!(
        "    public {class}(String root, Supplier<String> bearer) {{"
    ));
    d.line("        this.root = root;");
    d.line("        this.bearer = bearer;");
    d.line("    }");
    for _ in 0..rng.range(2, 6) {
        let verb = rng.pick(VERB);
        let n = rng.below(1000);
        d.line("");
        d.line(format!("    /** {} */", sentence(rng, 5, 12)));
        d.line(format!(
            "    public String {verb}{entity}{n}(String id) throws IOException, InterruptedException {{"
        ));
        d.line(format!(
            "        HttpRequest request = HttpRequest.newBuilder(URI.create(root + \"{entity}s(\" + id + \")\"))"
        ));
        d.line("            .header(\"Authorization\", \"Bearer \" + bearer.get())");
        d.line("            .GET()");
        d.line("            .build();");
        d.line("        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());");
        d.line("        if (response.statusCode() >= 400) {");
        d.line(format!(
            "            throw new IOException(\"{verb} {entity} failed: \" + response.statusCode());"
        ));
        d.line("        }");
        d.line("        return response.body();");
        d.line("    }");
    }
    d.line("");
    d.line(format!("    public record {entity}Row("));
    let mut fields: Vec<&str> = Vec::new();
    for _ in 0..rng.range(3, 7) {
        let f = rng.pick(FIELD);
        if !fields.contains(&f) {
            fields.push(f);
        }
    }
    for (i, f) in fields.iter().enumerate() {
        d.line(format!(
            "        {} {f}{}",
            rng.pick(&["String", "long", "int", "double", "boolean"]),
            if i + 1 < fields.len() { "," } else { ") {}" }
        ));
    }
    d.line("}");
    d.text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_and_base64_match_known_values() {
        assert_eq!(
            base64(&sha256(b"abc"), false),
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
        assert_eq!(base64(b"ab", true), "YWI");
        assert_eq!(base64(b"ab", false), "YWI=");
    }

    /// Every file below `root`, with its bytes, in path order.
    fn files(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        let mut dirs = vec![root.to_path_buf()];
        while let Some(dir) = dirs.pop() {
            for entry in fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    let bytes = fs::read(&path).unwrap();
                    out.push((path.strip_prefix(root).unwrap().to_path_buf(), bytes));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn shapes_are_deterministic_and_plant_every_kind() {
        let dir = std::env::temp_dir().join(format!("generate-test-{}", std::process::id()));
        for shape in [Shape::Monorepo, Shape::SmallProjects, Shape::CodeHeavy] {
            let (a, b) = (dir.join("a"), dir.join("b"));
            generate(&a, 400, 7, shape).unwrap();
            generate(&b, 400, 7, shape).unwrap();
            let tree = files(&a);
            assert!(
                tree == files(&b),
                "{shape:?}: the same seed gave other bytes"
            );
            let planted = fs::read_to_string(a.join("planted.json")).unwrap();
            for (kind, _) in PLANT_RATES {
                assert!(
                    planted.contains(&format!("\"{kind}\"")),
                    "{shape:?}: no {kind}"
                );
            }
            if shape == Shape::SmallProjects {
                assert_eq!(tree.len(), 401);
                let mut per_app = std::collections::BTreeMap::new();
                for (path, _) in &tree {
                    if let Some(app) = path.strip_prefix("apps").ok().and_then(|p| p.iter().next())
                    {
                        *per_app.entry(app.to_owned()).or_insert(0) += 1;
                    }
                }
                assert_eq!(per_app.len(), 40);
                assert!(per_app.values().all(|&n| n == SMALL_FILES_PER_APP));
            }
            fs::remove_dir_all(&dir).unwrap();
        }
    }
}
