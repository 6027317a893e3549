//! The attributes the model reads, one enum variant each. The builder routes a value to
//! its field with a `match` that names every variant, so a new attribute cannot be read
//! until it is given a field: the compiler refuses the unhandled variant.

/// The kind of value an attribute holds, which decides how its value is read and what an
/// invalid value is told to look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttrKind {
    Text,
    Bool,
    ClientType,
    ReferenceTokens,
    UriList,
    Scope,
    UserRef,
    AppType,
    Date,
    Environment,
    Configs,
    UserType,
    Groups,
}

/// Declares an attribute enum from one table. Each variant is named exactly as the
/// attribute is spelled in a definition (its canonical name), followed by the kind of its
/// value and any other names older instances give it.
macro_rules! attributes {
    (
        $(#[$meta:meta])*
        $name:ident {
            $($variant:ident: $kind:ident $(| $alias:literal)*),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            /// Every attribute, in the order of the model's fields.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name a definition spells the attribute with.
            pub const fn name(self) -> &'static str {
                match self {
                    $($name::$variant => stringify!($variant)),+
                }
            }

            /// The kind of value the attribute holds.
            pub const fn kind(self) -> AttrKind {
                match self {
                    $($name::$variant => AttrKind::$kind),+
                }
            }

            /// Other names the attribute is read under, besides [`Self::name`].
            pub const fn aliases(self) -> &'static [&'static str] {
                match self {
                    $($name::$variant => &[$($alias),*]),+
                }
            }

            /// The canonical names, to suggest when a key is misspelled.
            pub fn names() -> impl Iterator<Item = &'static str> {
                Self::ALL.iter().map(|a| a.name())
            }

            /// The attribute a key names, by its canonical name or an alias. Names are
            /// case-sensitive, as in the instance: a key that differs only in case is
            /// unknown (and the suggestion names the right spelling).
            pub fn named(key: &str) -> Option<$name> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|a| a.name() == key || a.aliases().contains(&key))
            }
        }
    };
}

attributes! {
    /// Every attribute trustlint reads on a Trusted Application (the fields of
    /// [`super::TrustedApp`], documented there). A test keeps this table and the generated
    /// JSON Schema in step.
    Attribute {
        ApplicationUri: Text,
        Name: Text,
        ClientType: ClientType,
        ApplicationSecretHash: Text,
        ImpersonateAsInternalUserAllowed: Bool,
        ImpersonateAsCommunityUserAllowed: Bool,
        ImpersonateLoginUrl: UriList,
        ImpersonateLogoutUrl: UriList,
        Scope: Scope,
        SystemUserAllowed: Bool,
        SystemUser: UserRef,
        // Older instances (before v26.2.1.66) call it `AccessTokens`.
        ReferenceTokens: ReferenceTokens | "AccessTokens",
        BasicAuthenticationAllowed: Bool,
        IsEnabled: Bool,
        Notes: Text,
        AppType: AppType,
        SecretRotatedOn: Date,
        Environment: Environment,
        Instance: Text,
        Configs: Configs,
        Owner: Text,
        Team: Text,
    }
}

attributes! {
    /// Every attribute trustlint reads on a user (the fields of [`super::User`]). Other
    /// ERP.net user attributes are accepted and ignored.
    UserAttribute {
        Login: Text,
        Id: Text,
        UserType: UserType,
        IsAdmin: Bool,
        Active: Bool,
        Groups: Groups,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_is_by_exact_name_or_alias() {
        assert_eq!(Attribute::named("Scope"), Some(Attribute::Scope));
        assert_eq!(Attribute::named("scope"), None);
        assert_eq!(
            Attribute::named("AccessTokens"),
            Some(Attribute::ReferenceTokens)
        );
        assert_eq!(Attribute::named("Login"), None);
        assert_eq!(UserAttribute::named("Login"), Some(UserAttribute::Login));
        assert_eq!(UserAttribute::named("Scope"), None);
    }

    #[test]
    fn names_are_unique_across_aliases() {
        let mut all: Vec<&str> = Attribute::ALL
            .iter()
            .flat_map(|a| std::iter::once(a.name()).chain(a.aliases().iter().copied()))
            .collect();
        let count = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), count);
    }
}
