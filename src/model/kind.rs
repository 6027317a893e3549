//! What kind of app a registration is: the declared `AppType`, or, since real registrations
//! (Domain API exports, the docs' tables, install-link records) never carry trustlint's own
//! key, the type the documented setups (ERP.net's typical setups per app type) make of its
//! flags, with the evidence.

use url::{Host, Url};

use super::{AppType, ClientType, ReferenceTokens, TrustedApp};

/// The app type rules go by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppKind {
    pub app_type: AppType,
    /// Why the type was inferred (`None` when `AppType` declares it): "SystemUserAllowed is
    /// true and no login URL is registered".
    pub evidence: Option<&'static str>,
}

impl AppKind {
    pub fn is_declared(&self) -> bool {
        self.evidence.is_none()
    }

    /// The kind in words, with the evidence when it was inferred: "a service (inferred:
    /// SystemUserAllowed is true and no login URL is registered)".
    pub fn describe(&self) -> String {
        match self.evidence {
            None => self.app_type.describe().to_string(),
            Some(why) => format!("{} (inferred: {why})", self.app_type.noun()),
        }
    }
}

impl TrustedApp {
    /// The declared app type, or the one inferred from the registration's flags; `None`
    /// when nothing is on (no sign-in, no service access, no reference tokens) or the
    /// client type leaves it open.
    pub fn kind(&self) -> Option<AppKind> {
        if let Some(t) = self.app_type() {
            return Some(AppKind {
                app_type: t,
                evidence: None,
            });
        }
        let inferred = |app_type, why| {
            Some(AppKind {
                app_type,
                evidence: Some(why),
            })
        };
        let has_login_url = !self.login_urls().is_empty();
        if self.service_access() {
            // The docs' service-app table turns an impersonation flag on, so without a
            // login URL the flags alone do not make it interactive.
            return if has_login_url {
                inferred(
                    AppType::Hybrid,
                    "SystemUserAllowed is true and a login URL is registered",
                )
            } else {
                inferred(
                    AppType::Service,
                    "SystemUserAllowed is true and no login URL is registered",
                )
            };
        }
        if !self.interactive() {
            return if self.reference_tokens() != ReferenceTokens::None {
                inferred(
                    AppType::Automation,
                    "reference tokens are on, with no user sign-in and no service access",
                )
            } else {
                None
            };
        }
        match self.client_type() {
            ClientType::Confidential if self.client_type.is_some() => inferred(
                AppType::WebApp,
                "users sign in through a Confidential client",
            ),
            ClientType::Confidential => inferred(
                AppType::WebApp,
                "users sign in, and an unset ClientType is Confidential",
            ),
            ClientType::Public => {
                let urls: Vec<Url> = self
                    .login_urls()
                    .iter()
                    .filter_map(|u| Url::parse(u.value.trim()).ok())
                    .collect();
                // A native app's redirect URIs are a private-use scheme (mobile) or
                // loopback only (desktop); an SPA's registration often keeps a
                // `localhost` entry for development beside its web address.
                let private_scheme = urls.iter().any(|u| !matches!(u.scheme(), "http" | "https"));
                let web = urls
                    .iter()
                    .any(|u| matches!(u.scheme(), "http" | "https") && !is_loopback(u));
                if private_scheme {
                    inferred(
                        AppType::Mobile,
                        "users sign in through a Public client with a private-use scheme redirect URI",
                    )
                } else if !web && urls.iter().any(is_loopback) {
                    inferred(
                        AppType::Desktop,
                        "users sign in through a Public client whose redirect URIs are all loopback",
                    )
                } else {
                    inferred(
                        AppType::Spa,
                        "users sign in through a Public client with web redirect URIs",
                    )
                }
            }
            ClientType::None => None,
        }
    }
}

/// Whether a URL's host is the loopback interface: `localhost`, 127.0.0.0/8 or `[::1]`.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Spanned, UriList};
    use crate::source::Span;

    fn on(flag: bool) -> Option<Spanned<bool>> {
        Some(Spanned::new(flag, Span::default()))
    }

    fn app(client: Option<ClientType>, urls: &[&str]) -> TrustedApp {
        TrustedApp {
            client_type: client.map(|c| Spanned::new(c, Span::default())),
            impersonate_login_url: Some(UriList {
                entries: urls
                    .iter()
                    .map(|u| Spanned::new(u.to_string(), Span::default()))
                    .collect(),
                ..UriList::default()
            }),
            ..TrustedApp::default()
        }
    }

    #[test]
    fn each_documented_setup_gets_its_type() {
        let mut service = app(Some(ClientType::Confidential), &[]);
        service.system_user_allowed = on(true);
        // The docs' service-app table turns impersonation on; with no login URL it is
        // still a service.
        service.impersonate_as_internal_user_allowed = on(true);
        assert_eq!(service.kind().unwrap().app_type, AppType::Service);

        let mut hybrid = app(
            Some(ClientType::Confidential),
            &["https://portal.example.com/signin-oidc"],
        );
        hybrid.system_user_allowed = on(true);
        hybrid.impersonate_as_community_user_allowed = on(true);
        assert_eq!(hybrid.kind().unwrap().app_type, AppType::Hybrid);

        let mut pat = app(None, &[]);
        pat.reference_tokens = Some(Spanned::new(
            ReferenceTokens::AuthenticatedUsers,
            Span::default(),
        ));
        assert_eq!(pat.kind().unwrap().app_type, AppType::Automation);

        let cases = [
            (
                Some(ClientType::Confidential),
                "https://web.example.com/cb",
                AppType::WebApp,
            ),
            (None, "https://web.example.com/cb", AppType::WebApp),
            (
                Some(ClientType::Public),
                "http://127.0.0.1:7890/cb",
                AppType::Desktop,
            ),
            (
                Some(ClientType::Public),
                "com.example.field:/oauth2redirect",
                AppType::Mobile,
            ),
            (
                Some(ClientType::Public),
                "https://spa.example.com/cb",
                AppType::Spa,
            ),
        ];
        for (client, url, expected) in cases {
            let mut a = app(client, &[url]);
            a.impersonate_as_internal_user_allowed = on(true);
            let kind = a.kind().unwrap();
            assert_eq!(kind.app_type, expected, "{url}");
            assert!(
                kind.describe().contains("inferred: "),
                "{}",
                kind.describe()
            );
        }
    }

    #[test]
    fn a_declared_type_wins_and_nothing_on_is_no_type() {
        let mut declared = app(Some(ClientType::Public), &["https://spa.example.com/cb"]);
        declared.impersonate_as_internal_user_allowed = on(true);
        declared.app_type = Some(Spanned::new(AppType::Mobile, Span::default()));
        let kind = declared.kind().unwrap();
        assert_eq!(kind.app_type, AppType::Mobile);
        assert!(kind.is_declared());
        assert_eq!(app(Some(ClientType::Public), &[]).kind(), None);
    }
}
