//! Front end or back end: whether a config ends up in front of users (a browser bundle,
//! a mobile app) or stays on a server. Every front-end verdict carries the reason, which
//! findings quote.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

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

#[derive(Debug, Clone)]
enum Project {
    /// A browser app; the text says why, and whether it is an Angular app.
    Browser { why: String, angular: bool },
    /// A mobile or desktop app that ships its files to users. `env_all` says whether its
    /// `.env` files ship whole (Flutter assets, react-native-config) or, like Expo, only
    /// their public-prefixed keys.
    Device { why: String, env_all: bool },
    /// A project that runs on a server (or that trustlint cannot place).
    Server,
}

/// Answers "which side is this file on?", looking at the project each file sits in. It
/// reads each project manifest at most once, and looks no higher than the folder the run
/// started from.
#[derive(Debug, Default)]
pub struct SideOracle {
    base: PathBuf,
    projects: HashMap<PathBuf, Option<Project>>,
    /// The project's front-end path globs, relative to `root`.
    frontend: Vec<String>,
    root: PathBuf,
    public_prefixes: Vec<String>,
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
        frontend: &[String],
        public_prefixes: &[String],
    ) -> Self {
        self.root = root.to_path_buf();
        self.frontend = frontend.to_vec();
        self.public_prefixes = public_prefixes.to_vec();
        self
    }

    pub fn public_prefixes(&self) -> &[String] {
        &self.public_prefixes
    }

    pub fn side_of_file(&mut self, path: &Path, format: ConfigFormat) -> Side {
        // Code found by its content: server languages run on the server; a page or a
        // component runs in the browser; other JavaScript is judged as a module is.
        let format = match format {
            ConfigFormat::Code(Syntax::Page) => {
                return Side::Frontend(
                    "a page or component runs its scripts in the browser".into(),
                );
            }
            ConfigFormat::Code(Syntax::Js) => ConfigFormat::Script,
            ConfigFormat::Code(_) => {
                return match self.project_of(path) {
                    Some(Project::Device { why, .. } | Project::Browser { why, .. }) => {
                        Side::Frontend(why)
                    }
                    _ => Side::Backend,
                };
            }
            other => other,
        };
        if let Some(relative) = crate::paths::relative_path(&self.root, path)
            && let Some(glob) = self
                .frontend
                .iter()
                .find(|g| crate::paths::glob_matches(g, &relative))
        {
            return Side::Frontend(format!(
                "it matches the front-end pattern `{glob}` in trustlint.toml"
            ));
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let in_wwwroot = path
            .components()
            .any(|c| c.as_os_str().eq_ignore_ascii_case("wwwroot"));
        if in_wwwroot && name.starts_with("appsettings") && format == ConfigFormat::Json {
            return Side::Frontend(
                "Blazor WebAssembly serves wwwroot/appsettings*.json to every browser".into(),
            );
        }
        // Scripts in a web root are served to browsers as they are: ASP.NET's `wwwroot/`,
        // Flask's and Django's `static/`, Express's and many a build's `public/`.
        let root = if self.root.as_os_str().is_empty() {
            &self.base
        } else {
            &self.root
        };
        if format == ConfigFormat::Script
            && let Some(relative) = crate::paths::relative_path(root, path)
            && let Some(folder) = relative
                .split('/')
                .rev()
                .skip(1)
                .find(|f| WEB_ROOTS.contains(&f.to_ascii_lowercase().as_str()))
        {
            return Side::Frontend(format!(
                "scripts under `{folder}/` are served to browsers as they are"
            ));
        }
        let project = self.project_of(path);
        if name.starts_with("environment") && name.ends_with(".ts") {
            // Angular's convention; a Node server's environment.ts stays on the server.
            return match project {
                Some(Project::Server) => Side::Backend,
                Some(Project::Device { why, .. })
                | Some(Project::Browser {
                    why,
                    angular: false,
                }) => Side::Frontend(why),
                _ => Side::Frontend(
                    "Angular compiles environment*.ts files into the browser bundle".into(),
                ),
            };
        }
        match project {
            Some(Project::Device { why, env_all }) if env_all || format != ConfigFormat::Env => {
                Side::Frontend(why)
            }
            // A browser project's .env keys reach the bundle only with a public prefix.
            Some(Project::Browser { why, .. }) if format != ConfigFormat::Env => {
                Side::Frontend(why)
            }
            _ => Side::Backend,
        }
    }

    fn project_of(&mut self, path: &Path) -> Option<Project> {
        // Every folder looked at on the way up is remembered with the answer, so sibling
        // configs cost one lookup.
        let mut visited = Vec::new();
        let mut dir = path.parent();
        let mut answer = None;
        for _ in 0..16 {
            let Some(d) = dir else { break };
            if let Some(p) = self.projects.get(d) {
                answer = p.clone();
                break;
            }
            visited.push(d.to_path_buf());
            let found = inspect(d, &self.base);
            if found.is_some() || d == self.base || d.join(".git").exists() {
                answer = found;
                break;
            }
            dir = d.parent();
        }
        for d in visited {
            self.projects.insert(d, answer.clone());
        }
        answer
    }
}

/// What a directory says about its project, if it is a project root.
fn inspect(dir: &Path, base: &Path) -> Option<Project> {
    let shown = crate::source::display_path(dir, base);
    let device = |what: String, env_all: bool| {
        Some(Project::Device {
            why: format!("{what}, and what an app carries can be read out of it"),
            env_all,
        })
    };
    if dir.join("pubspec.yaml").is_file() {
        return device(
            format!("the file is in a Flutter app ({shown}/pubspec.yaml)"),
            true,
        );
    }
    if dir.join("android").is_dir() && dir.join("ios").is_dir() {
        return device(
            format!("the file is in a mobile app project ({shown} has android/ and ios/)"),
            true,
        );
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let p = entry.path();
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
    }
    let manifest = dir.join("package.json");
    if !manifest.is_file() {
        return None;
    }
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
            format!("the file is in a mobile app ({shown}/package.json depends on {f})"),
            env_all,
        );
    }
    if let Some(f) = DESKTOP_FRAMEWORKS.iter().find(|f| depends_on(f)) {
        return device(
            format!("the file is in a desktop app ({shown}/package.json depends on {f})"),
            true,
        );
    }
    if FULL_STACK_FRAMEWORKS.iter().any(|f| depends_on(f)) {
        return Some(Project::Server);
    }
    if let Some(f) = BROWSER_FRAMEWORKS.iter().find(|f| depends_on(f)) {
        return Some(Project::Browser {
            why: format!(
                "the file is in a browser app ({shown}/package.json depends on {f}), whose modules are bundled for the browser"
            ),
            angular: depends_on("@angular/core"),
        });
    }
    Some(Project::Server)
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
