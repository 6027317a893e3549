//! The enumerations of the Trusted Application and User records. Each accepts the
//! Domain API name and the stored code, and reports anything else with a suggestion.

use schemars::JsonSchema;

/// What the model builder needs of an enumeration: reading a spelling, and the names to
/// suggest when a spelling is wrong.
pub trait ErpEnum: Sized {
    fn parse(text: &str) -> Option<Self>;
    fn names() -> Vec<&'static str>;
}

/// Declares an enum whose values have a Domain API name and optional stored codes.
macro_rules! erp_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal $(| $code:literal)*),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        /// Every name and stored code is a valid spelling in a definition.
        impl JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let values: Vec<&str> = vec![$($text $(, $code)*),+];
                schemars::json_schema!({
                    "type": "string",
                    "enum": values,
                })
            }
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Every spelling the instance accepts for this value.
            pub fn spellings(self) -> &'static [&'static str] {
                match self { $($name::$variant => &[$text $(, $code)*]),+ }
            }

            /// Reads a value by its exact name or code.
            pub fn parse(text: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.spellings().contains(&text))
            }
        }

        impl ErpEnum for $name {
            fn parse(text: &str) -> Option<Self> {
                $name::parse(text)
            }
            fn names() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.as_str()).collect()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

erp_enum! {
    /// RFC 6749 client type, as ERP.net stores it.
    ClientType {
        /// A server-side app that keeps a secret.
        Confidential = "Confidential" | "C",
        /// A browser or native app that cannot keep a secret.
        Public = "Public" | "P",
        /// A placeholder for an installed app that needs no authentication.
        None = "None" | "N",
    }
}

erp_enum! {
    /// Who may issue reference tokens (PAT/SAT) for the app.
    ReferenceTokens {
        None = "None" | "NON",
        AuthenticatedUsers = "AuthenticatedUsers" | "USR",
        AdministratorsOnly = "AdministratorsOnly" | "ADM",
    }
}

erp_enum! {
    /// trustlint's app type: the answer the flow chooser gives.
    AppType {
        /// A browser-only single-page app.
        Spa = "Spa",
        /// A server-rendered web app, or an SPA with its own backend.
        WebApp = "WebApp",
        /// A native desktop app.
        Desktop = "Desktop",
        /// A mobile app.
        Mobile = "Mobile",
        /// An unattended service, job or integration (Client Credentials).
        Service = "Service",
        /// User sign-in plus system-level automation under one registration.
        Hybrid = "Hybrid",
        /// Scripts, CI/CD and tools that use reference tokens (PAT/SAT).
        Automation = "Automation",
    }
}

erp_enum! {
    /// The environment a registration is for.
    Environment {
        Production = "Production",
        Staging = "Staging",
        Development = "Development",
    }
}

erp_enum! {
    /// Where a linked config runs.
    DeclaredSide {
        /// Shipped to browsers or devices.
        Frontend = "Frontend",
        /// Stays on a server.
        Backend = "Backend",
    }
}

erp_enum! {
    /// ERP.net user types.
    UserType {
        InternalUser = "InternalUser" | "INT",
        ExternalCommunityUser = "ExternalCommunityUser" | "EXT",
        VirtualUserNoLogin = "VirtualUserNoLogin" | "VIR",
        SystemUserNoLogin = "SystemUserNoLogin" | "SYS",
        ApplicationUserNoLogin = "ApplicationUserNoLogin" | "APP",
        InvitationInternalNoLogin = "InvitationInternalNoLogin" | "INI",
        InvitationExternalNoLogin = "InvitationExternalNoLogin" | "INE",
    }
}

// The enum comes from `erp_enum!`, which derives no Default for the others.
#[allow(clippy::derivable_impls)]
impl Default for Environment {
    fn default() -> Self {
        Environment::Production
    }
}

impl AppType {
    /// The kind of app in words, for messages: "a single-page app", "a service".
    pub fn describe(self) -> &'static str {
        match self {
            AppType::Spa => "a single-page app (Spa)",
            AppType::WebApp => "a server-side web app (WebApp)",
            AppType::Desktop => "a desktop app",
            AppType::Mobile => "a mobile app",
            AppType::Service => "a service (Service)",
            AppType::Hybrid => "a hybrid app (Hybrid)",
            AppType::Automation => "an automation app (Automation)",
        }
    }

    /// The kind of app without its key name, for inferred types: "a single-page app".
    pub fn noun(self) -> &'static str {
        match self {
            AppType::Spa => "a single-page app",
            AppType::WebApp => "a server-side web app",
            AppType::Desktop => "a desktop app",
            AppType::Mobile => "a mobile app",
            AppType::Service => "a service",
            AppType::Hybrid => "a hybrid app",
            AppType::Automation => "an automation app",
        }
    }

    /// Apps whose code runs on the user's device and so cannot keep a secret.
    pub fn is_public_by_nature(self) -> bool {
        matches!(self, AppType::Spa | AppType::Desktop | AppType::Mobile)
    }
    pub fn is_native(self) -> bool {
        matches!(self, AppType::Desktop | AppType::Mobile)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_stored_codes_are_both_accepted() {
        assert_eq!(
            ReferenceTokens::parse("ADM"),
            Some(ReferenceTokens::AdministratorsOnly)
        );
        assert_eq!(
            ReferenceTokens::parse("AdministratorsOnly"),
            Some(ReferenceTokens::AdministratorsOnly)
        );
        assert_eq!(ClientType::parse("P"), Some(ClientType::Public));
        assert_eq!(ClientType::parse("public"), None);
    }
}
