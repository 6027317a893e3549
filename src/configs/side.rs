//! Front end or back end: whether a config ends up in front of users (a browser bundle,
//! a mobile app) or stays on a server. Every front-end verdict carries the reason, which
//! findings quote.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::ConfigFormat;
use super::script::Syntax;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// Shipped to users' browsers or devices; the text says why trustlint thinks so.
    Frontend(String),
    Backend,
}

impl Side {
    pub fn is_frontend(&self) -> bool {
        matches!(self, Side::Frontend(_))
    }

    pub fn reason(&self) -> &str {
        match self {
            Side::Frontend(r) => r,
            Side::Backend => "",
        }
    }
}

/// Folders whose scripts a web server hands to browsers unchanged.
const WEB_ROOTS: &[&str] = &["wwwroot", "static", "public", "www", "htdocs"];

/// Env-variable prefixes that build tools inline into the browser bundle, with the tool.
pub const PUBLIC_PREFIXES: &[(&str, &str)] = &[
    ("VITE_", "Vite"),
    ("REACT_APP_", "Create React App"),
    ("NEXT_PUBLIC_", "Next.js"),
    ("NUXT_PUBLIC_", "Nuxt"),
    ("EXPO_PUBLIC_", "Expo"),
    ("GATSBY_", "Gatsby"),
    ("VUE_APP_", "Vue CLI"),
    ("STORYBOOK_", "Storybook"),
    ("PUBLIC_", "SvelteKit and Astro"),
];

/// Why a key with a public prefix reaches the browser, if it has one.
pub fn public_prefix_reason(key: &str) -> Option<String> {
    PUBLIC_PREFIXES
        .iter()
        .find(|(prefix, _)| key.starts_with(prefix))
        .map(|(prefix, tool)| {
            format!("`{prefix}` variables are compiled into the browser bundle by {tool}")
        })
}

/// Browser-only frameworks: config modules in such a project are bundled for the browser.
const BROWSER_FRAMEWORKS: &[&str] = &[
    "react",
    "react-dom",
    "vue",
    "@angular/core",
    "svelte",
    "preact",
    "solid-js",
    "lit",
    "ember-source",
    "react-scripts",
    "@vue/cli-service",
    "parcel",
];

/// Frameworks that also run code on a server, where a config module may stay server-side.
const FULL_STACK_FRAMEWORKS: &[&str] = &[
    "next",
    "nuxt",
    "@sveltejs/kit",
    "@remix-run/node",
    "@remix-run/react",
    "astro",
    "gatsby",
    "@nestjs/core",
    "express",
];

const MOBILE_FRAMEWORKS: &[&str] = &[
    "react-native",
    "expo",
    "@capacitor/core",
    "@ionic/angular",
    "@ionic/react",
    "@ionic/vue",
    "cordova",
];

/// Desktop frameworks whose bundled files ship to every user's machine.
const DESKTOP_FRAMEWORKS: &[&str] = &["electron", "@tauri-apps/api", "nw"];

/// .NET project settings that make an app run on users' devices or in their browser.
const DOTNET_CLIENT_MARKERS: &[(&str, &str)] = &[
    ("<UseWPF>true", "a WPF desktop app"),
    ("<UseWindowsForms>true", "a Windows Forms desktop app"),
    ("<UseMaui>true", "a .NET MAUI app"),
    (
        "Microsoft.NET.Sdk.BlazorWebAssembly",
        "a Blazor WebAssembly app",
    ),
];

/// The reasons are shared: every folder below a project root remembers its project.
#[derive(Debug, Clone)]
enum Project {
    /// A browser app; the text says why, and whether it is an Angular app.
    Browser { why: Arc<str>, angular: bool },
    /// A mobile or desktop app that ships its files to users. `env_all` says whether its
    /// `.env` files ship whole (Flutter assets, react-native-config) or, like Expo, only
    /// their public-prefixed keys.
    Device { why: Arc<str>, env_all: bool },
    /// A project that runs on a server (or that trustlint cannot place).
    Server,
}

/// Answers "which side is this file on?", looking at the project each file sits in. It
/// reads each project manifest at most once, and looks no higher than the folder the run
/// started from.
#[derive(Debug, Default)]
pub struct SideOracle {
    base: PathBuf,
    /// What folders said on their own (their project, if they are a project root, and
    /// whether they hold `.git`), most looked at ahead by [`SideOracle::prefetch`].
    folders: HashMap<PathBuf, (Option<Project>, bool)>,
    /// The project's front-end path globs, relative to `root`.
    frontend: Vec<String>,
    /// The configuration file they come from, as reports show it.
    config_name: String,
    root: PathBuf,
    public_prefixes: Vec<String>,
    /// Folders a walk listed whole that hold no project marker: no project, no `.git`.
    plain: crate::paths::PlainFolders,
}

impl SideOracle {
    /// `base` is the folder paths are shown relative to; the search for a project stops
    /// there.
    pub fn new(base: &Path) -> Self {
        SideOracle {
            base: base.to_path_buf(),
            ..SideOracle::default()
        }
    }

    /// Adds the project's own front-end globs and public prefixes (`trustlint.toml`).
    pub fn with_project_rules(
        mut self,
        root: &Path,
        config_name: &str,
        frontend: &[String],
        public_prefixes: &[String],
    ) -> Self {
        self.root = root.to_path_buf();
        self.config_name = config_name.to_string();
        self.frontend = frontend.to_vec();
        self.public_prefixes = public_prefixes.to_vec();
        self
    }

    /// Adds the folders a walk found to be no project root, so they are not listed again.
    pub fn with_plain_folders(mut self, plain: crate::paths::PlainFolders) -> Self {
        self.plain = plain;
        self
    }

    /// What a folder says on its own; see [`look`].
    fn look(&self, dir: &Path) -> (Option<Project>, bool) {
        if self.plain.contains(dir) {
            return (None, false);
        }
        look(dir, &self.base)
    }

    pub fn public_prefixes(&self) -> &[String] {
        &self.public_prefixes
    }

    /// The side of one file (see [`SideOracle::sides_of_files`]).
    pub fn side_of_file(&mut self, path: &Path, format: ConfigFormat) -> Side {
        self.sides_of_files(&[(path, format)])
            .pop()
            .unwrap_or(Side::Backend)
    }

    /// The side of each file, in order: the folders above them are looked at first, on all
    /// threads, and then each file's side is read from them, on all threads too.
    pub fn sides_of_files(&mut self, files: &[(&Path, ConfigFormat)]) -> Vec<Side> {
        use rayon::prelude::*;
        self.prefetch(files);
        let this = &*self;
        files
            .par_iter()
            .map(|(path, format)| this.side_known(path, *format))
            .collect()
    }

    /// The side of a file, from the folders already looked at.
    fn side_known(&self, path: &Path, format: ConfigFormat) -> Side {
        let format = match self.side_before_project(path, format) {
            Ok(side) => return side,
            Err(format) => format,
        };
        if let ConfigFormat::Code(_) = format {
            return match self.project_known(path) {
                Some(Project::Device { why, .. } | Project::Browser { why, .. }) => {
                    Side::Frontend(why.to_string())
                }
                _ => Side::Backend,
            };
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let project = self.project_known(path);
        if name.starts_with("environment") && name.ends_with(".ts") {
            // Angular's convention; a Node server's environment.ts stays on the server.
            return match project {
                Some(Project::Server) => Side::Backend,
                Some(Project::Device { why, .. })
                | Some(Project::Browser {
                    why,
                    angular: false,
                }) => Side::Frontend(why.to_string()),
                _ => Side::Frontend(
                    "Angular compiles environment*.ts files into the browser bundle".into(),
                ),
            };
        }
        match project {
            Some(Project::Device { why, env_all }) if env_all || format != ConfigFormat::Env => {
                Side::Frontend(why.to_string())
            }
            // A browser project's .env keys reach the bundle only with a public prefix.
            Some(Project::Browser { why, .. }) if format != ConfigFormat::Env => {
                Side::Frontend(why.to_string())
            }
            _ => Side::Backend,
        }
    }

    /// The side of a file that its kind, its name or the project's globs decide, before
    /// any folder is looked at; else the format its project judges it as (code in a
    /// server language stays `Code`).
    fn side_before_project(&self, path: &Path, format: ConfigFormat) -> Result<Side, ConfigFormat> {
        // Code found by its content: server languages run on the server; a page or a
        // component runs in the browser; other JavaScript is judged as a module is.
        let format = match format {
            ConfigFormat::Code(Syntax::Page) => {
                return Ok(Side::Frontend(
                    "a page or component runs its scripts in the browser".into(),
                ));
            }
            ConfigFormat::Code(Syntax::Js) => ConfigFormat::Script,
            code @ ConfigFormat::Code(_) => return Err(code),
            other => other,
        };
        if !self.frontend.is_empty()
            && let Some(relative) = crate::paths::relative_path(&self.root, path)
            && let Some(glob) = self
                .frontend
                .iter()
                .find(|g| crate::paths::glob_matches(g, &relative))
        {
            return Ok(Side::Frontend(format!(
                "it matches the front-end pattern `{glob}` in {}",
                self.config_name
            )));
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        // Folders count below the project's root only: a checkout that sits in a folder
        // named `wwwroot` or `public` is not served by its name.
        let root = if self.root.as_os_str().is_empty() {
            &self.base
        } else {
            &self.root
        };
        let in_wwwroot = path
            .strip_prefix(root)
            .unwrap_or(path)
            .components()
            .any(|c| c.as_os_str().eq_ignore_ascii_case("wwwroot"));
        if in_wwwroot && name.starts_with("appsettings") && format == ConfigFormat::Json {
            return Ok(Side::Frontend(
                "Blazor WebAssembly serves wwwroot/appsettings*.json to every browser".into(),
            ));
        }
        // Scripts in a web root are served to browsers as they are: ASP.NET's `wwwroot/`,
        // Flask's and Django's `static/`, Express's and many a build's `public/`.
        if format == ConfigFormat::Script
            && let Some(relative) = crate::paths::relative_path(root, path)
            && let Some(folder) = relative
                .split('/')
                .rev()
                .skip(1)
                .find(|f| WEB_ROOTS.contains(&f.to_ascii_lowercase().as_str()))
        {
            return Ok(Side::Frontend(format!(
                "scripts under `{folder}/` are served to browsers as they are"
            )));
        }
        Err(format)
    }

    /// Looks at the folders above the files whose side their project will decide, on all
    /// threads, so that [`SideOracle::side_of_file`] then finds each folder's answer ready
    /// (a run over thousands of small projects lists thousands of folders).
    pub fn prefetch(&mut self, files: &[(&Path, ConfigFormat)]) {
        use rayon::prelude::*;
        let folders = std::sync::Mutex::new(std::mem::take(&mut self.folders));
        let this = &*self;
        files
            .par_iter()
            .filter(|(path, format)| this.side_before_project(path, *format).is_err())
            .for_each(|(path, _)| {
                let mut dir = path.parent();
                for _ in 0..16 {
                    let Some(d) = dir else { break };
                    let known = folders.lock().ok().and_then(|f| f.get(d).cloned());
                    let (found, git) = known.unwrap_or_else(|| {
                        let looked = this.look(d);
                        if let Ok(mut f) = folders.lock() {
                            f.insert(d.to_path_buf(), looked.clone());
                        }
                        looked
                    });
                    if found.is_some() || d == this.base || git {
                        break;
                    }
                    dir = d.parent();
                }
            });
        self.folders = folders.into_inner().unwrap_or_default();
    }

    /// The project of the nearest folder above `path` that is a project root, from the
    /// folders [`SideOracle::prefetch`] looked at (a folder it did not look at is looked at
    /// now, and not kept).
    fn project_known(&self, path: &Path) -> Option<Project> {
        let mut dir = path.parent();
        for _ in 0..16 {
            let d = dir?;
            let (found, git) = match self.folders.get(d) {
                Some(looked) => looked.clone(),
                None => self.look(d),
            };
            if found.is_some() || d == self.base || git {
                return found;
            }
            dir = d.parent();
        }
        None
    }
}

/// What a folder holds under a name, as `Path::is_file`, `is_dir` and `exists` see it
/// (links followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Has {
    No,
    File,
    Dir,
    Other,
}

/// A folder's entries, listed once: whether it holds a manifest, `android/` and `ios/`,
/// `.git` or a `.csproj` is then answered without a lookup per name (a walk up from
/// thousands of configs asked each folder half a dozen times).
struct Listing<'a> {
    dir: &'a Path,
    /// The names and types, in the order the folder lists them; `None` when it cannot be
    /// listed (each name is then looked up).
    entries: Option<Vec<(std::ffi::OsString, Option<std::fs::FileType>)>>,
}

impl<'a> Listing<'a> {
    fn read(dir: &'a Path) -> Listing<'a> {
        let entries = std::fs::read_dir(dir).ok().map(|list| {
            list.flatten()
                .map(|e| (e.file_name(), e.file_type().ok()))
                .collect()
        });
        Listing { dir, entries }
    }

    fn has(&self, name: &str) -> Has {
        let look_up = || match std::fs::metadata(self.dir.join(name)) {
            Ok(m) if m.is_file() => Has::File,
            Ok(m) if m.is_dir() => Has::Dir,
            Ok(_) => Has::Other,
            Err(_) => Has::No,
        };
        let Some(entries) = &self.entries else {
            return look_up();
        };
        match entries.iter().find(|(n, _)| n == name) {
            Some((_, Some(t))) if t.is_file() => Has::File,
            Some((_, Some(t))) if t.is_dir() => Has::Dir,
            // A link (followed) or a type the listing did not tell.
            Some(_) => look_up(),
            // A file system that ignores case finds `Package.json` too.
            None if entries
                .iter()
                .any(|(n, _)| n.to_str().is_some_and(|n| n.eq_ignore_ascii_case(name))) =>
            {
                look_up()
            }
            None => Has::No,
        }
    }

    /// The paths of the entries, in listing order.
    fn paths(&self) -> impl Iterator<Item = PathBuf> + '_ {
        self.entries
            .iter()
            .flatten()
            .map(|(name, _)| self.dir.join(name))
    }
}

/// What a folder says on its own: its project, if it is a project root, and whether it
/// holds a `.git` (where the search for a project stops).
fn look(dir: &Path, base: &Path) -> (Option<Project>, bool) {
    let listing = Listing::read(dir);
    (inspect(&listing, base), listing.has(".git") != Has::No)
}

/// What a directory says about its project, if it is a project root.
fn inspect(listing: &Listing<'_>, base: &Path) -> Option<Project> {
    let dir = listing.dir;
    let shown = || crate::source::display_path(dir, base);
    let device = |what: String, env_all: bool| {
        Some(Project::Device {
            why: format!("{what}, and what an app carries can be read out of it").into(),
            env_all,
        })
    };
    if listing.has("pubspec.yaml") == Has::File {
        return device(
            format!("the file is in a Flutter app ({}/pubspec.yaml)", shown()),
            true,
        );
    }
    if listing.has("android") == Has::Dir && listing.has("ios") == Has::Dir {
        return device(
            format!(
                "the file is in a mobile app project ({} has android/ and ios/)",
                shown()
            ),
            true,
        );
    }
    for p in listing.paths() {
        if p.extension().is_some_and(|e| e == "csproj") {
            let text = std::fs::read_to_string(&p)
                .unwrap_or_default()
                .to_ascii_lowercase();
            if let Some((_, what)) = DOTNET_CLIENT_MARKERS
                .iter()
                .find(|(m, _)| text.contains(&m.to_ascii_lowercase()))
            {
                let file = crate::source::display_path(&p, base);
                return device(format!("the file belongs to {what} ({file})"), true);
            }
            return Some(Project::Server);
        }
    }
    // An Android module (app, library, feature) is carried to devices. Any other Gradle
    // build says nothing on its own (Flutter's and React Native's `android/` scripts, a
    // Spring service's, one next to a web app's `package.json`): the search goes on.
    for name in ["build.gradle", "build.gradle.kts"] {
        if listing.has(name) != Has::File {
            continue;
        }
        let text = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        if let Some(plugin) = android_plugin(&text) {
            return device(
                format!(
                    "the file is in an Android app ({}/{name} applies {plugin})",
                    shown()
                ),
                true,
            );
        }
    }
    if listing.has("package.json") != Has::File {
        return None;
    }
    let manifest = dir.join("package.json");
    let text = std::fs::read_to_string(&manifest).unwrap_or_default();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let depends_on = |name: &str| {
        ["dependencies", "devDependencies", "peerDependencies"]
            .iter()
            .any(|section| json.get(section).and_then(|d| d.get(name)).is_some())
    };
    if let Some(f) = MOBILE_FRAMEWORKS.iter().find(|f| depends_on(f)) {
        // Expo inlines only EXPO_PUBLIC_ keys; these libraries bundle every .env key.
        let env_all = depends_on("react-native-config") || depends_on("react-native-dotenv");
        return device(
            format!(
                "the file is in a mobile app ({}/package.json depends on {f})",
                shown()
            ),
            env_all,
        );
    }
    if let Some(f) = DESKTOP_FRAMEWORKS.iter().find(|f| depends_on(f)) {
        return device(
            format!(
                "the file is in a desktop app ({}/package.json depends on {f})",
                shown()
            ),
            true,
        );
    }
    if FULL_STACK_FRAMEWORKS.iter().any(|f| depends_on(f)) {
        return Some(Project::Server);
    }
    if let Some(f) = BROWSER_FRAMEWORKS.iter().find(|f| depends_on(f)) {
        return Some(Project::Browser {
            why: format!(
                "the file is in a browser app ({}/package.json depends on {f}), whose modules are bundled for the browser",
                shown()
            )
            .into(),
            angular: depends_on("@angular/core"),
        });
    }
    Some(Project::Server)
}

/// The Android Gradle plugin a build script applies, by its id or its version-catalog
/// alias (`libs.plugins.android.application`, `libs.plugins.androidApplication`). Comments
/// are left out, and a declaration with `apply false` or `.apply(false)` (the top-level
/// script of a multi-module build) applies nothing.
fn android_plugin(script: &str) -> Option<&'static str> {
    const PLUGINS: &[&str] = &[
        "com.android.application",
        "com.android.library",
        "com.android.dynamic-feature",
        "com.android.kotlin.multiplatform.library",
        "android.application",
        "android.library",
        "android.dynamic.feature",
        "android.kotlin.multiplatform.library",
        "androidApplication",
        "androidLibrary",
        "androidDynamicFeature",
        "androidKotlinMultiplatformLibrary",
    ];
    let mut in_comment = false;
    for line in script.lines() {
        // What of the line is outside `/* ... */` and before `//`.
        let mut code = String::new();
        let mut rest = line;
        loop {
            if in_comment {
                match rest.find("*/") {
                    Some(end) => {
                        rest = &rest[end + 2..];
                        in_comment = false;
                    }
                    None => break,
                }
            } else {
                let open = rest.find("/*");
                let line_comment = rest.find("//");
                match (open, line_comment) {
                    (Some(o), l) if l.is_none_or(|l| o < l) => {
                        code.push_str(&rest[..o]);
                        rest = &rest[o + 2..];
                        in_comment = true;
                    }
                    (_, Some(l)) => {
                        code.push_str(&rest[..l]);
                        break;
                    }
                    _ => {
                        code.push_str(rest);
                        break;
                    }
                }
            }
        }
        let declared_only =
            code.contains("apply false") || code.replace(' ', "").contains("apply(false)");
        if declared_only {
            continue;
        }
        if let Some(plugin) = PLUGINS.iter().find(|p| code.contains(*p)) {
            return Some(plugin);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_prefixes_name_their_tool() {
        assert!(
            public_prefix_reason("VITE_OIDC_CLIENT_SECRET")
                .unwrap()
                .contains("Vite")
        );
        assert!(
            public_prefix_reason("NEXT_PUBLIC_X")
                .unwrap()
                .contains("Next.js")
        );
        assert_eq!(public_prefix_reason("OIDC_CLIENT_SECRET"), None);
    }

    #[test]
    fn android_modules_are_devices_and_other_gradle_builds_decide_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for folder in ["app/src/main/res/raw", "fl/android"] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
        }
        for (file, text) in [
            // A multi-module build's top-level script declares the plugins it does not
            // apply, and a comment names one.
            (
                "build.gradle.kts",
                "plugins {\n    id(\"com.android.application\").apply(false)\n    /* id(\"com.android.library\") */\n}\n",
            ),
            (
                "app/build.gradle.kts",
                "plugins {\n    alias(libs.plugins.androidApplication)\n}\n",
            ),
            // Flutter's `android/` script applies no plugin: its app's pubspec decides.
            ("fl/pubspec.yaml", "name: field_app\n"),
            ("fl/android/build.gradle", "buildscript {\n}\n"),
        ] {
            std::fs::write(root.join(file), text).unwrap();
        }
        let mut oracle = SideOracle::new(root);
        let side = oracle.side_of_file(
            &root.join("app/src/main/res/raw/auth_config.json"),
            ConfigFormat::Json,
        );
        assert!(
            matches!(&side, Side::Frontend(why) if why.contains("Android app") && why.contains("build.gradle.kts")),
            "{side:?}"
        );
        let side = oracle.side_of_file(&root.join("fl/android/config.json"), ConfigFormat::Json);
        assert!(
            matches!(&side, Side::Frontend(why) if why.contains("Flutter")),
            "{side:?}"
        );
        assert_eq!(
            oracle.side_of_file(&root.join("config.json"), ConfigFormat::Json),
            Side::Backend
        );
    }

    #[test]
    fn project_layouts_decide_the_side() {
        let dir = tempfile::tempdir().unwrap();
        let spa = dir.path().join("spa");
        std::fs::create_dir_all(spa.join("src")).unwrap();
        std::fs::write(
            spa.join("package.json"),
            r#"{"dependencies": {"react": "19"}}"#,
        )
        .unwrap();
        let mut oracle = SideOracle::new(dir.path());
        assert!(
            oracle
                .side_of_file(&spa.join("src/oidc.ts"), ConfigFormat::Script)
                .is_frontend()
        );
        assert_eq!(
            oracle.side_of_file(&spa.join(".env"), ConfigFormat::Env),
            Side::Backend
        );

        let api = dir.path().join("api/wwwroot");
        std::fs::create_dir_all(&api).unwrap();
        assert!(
            oracle
                .side_of_file(&api.join("appsettings.json"), ConfigFormat::Json)
                .is_frontend()
        );
        assert_eq!(
            oracle.side_of_file(&dir.path().join("api/appsettings.json"), ConfigFormat::Json),
            Side::Backend
        );
    }
}
