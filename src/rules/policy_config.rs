//! The organisation policies' requirements on app configs (PL201): the configs linked to
//! an app a policy is about, or, for a config linked to no app, the policies about every
//! app. Where an ERP.net rule already reports the same setting (CF205 on PKCE for public
//! clients and front ends, CF212 on `offline_access` in front ends), the policy stays
//! quiet and adds only what that rule leaves out.

use super::Checker;
use super::policy::policy_finding;
use crate::configs::{AppConfig, Role};
use crate::finding::{Finding, Rule};
use crate::model::ClientType;

/// Whether two authorities are the same: scheme and host without case, the rest exactly,
/// a trailing `/` aside.
fn same_authority(a: &str, b: &str) -> bool {
    let normal = |text: &str| {
        let text = text.trim();
        match url::Url::parse(text) {
            Ok(u) => u.as_str().trim_end_matches('/').to_string(),
            Err(_) => text.trim_end_matches('/').to_string(),
        }
    };
    normal(a) == normal(b)
}

fn is_public(cx: &Checker<'_>, config: &AppConfig) -> bool {
    cx.app_of(config).is_some_and(|a| {
        a.client_type() == ClientType::Public
            || a.kind().is_some_and(|k| k.app_type.is_public_by_nature())
    })
}

pub(crate) fn policy_config(cx: &mut Checker<'_>, config: &AppConfig) {
    let policies = cx.policies_for_config(config);
    if policies.is_empty() {
        return;
    }
    let app_uri = cx.app_of(config).and_then(|a| a.uri());
    let public = is_public(cx, config);
    let cf205_on = cx.selection.is_enabled(Rule::CF205);
    let cf212_on = cx.selection.is_enabled(Rule::CF212);
    for (policy, file) in policies {
        let Some(c) = &policy.policy.configs else {
            continue;
        };
        for setting in &config.settings {
            let side = config.side_of(setting);
            let mut problems: Vec<(&'static str, String, &str)> = Vec::new();
            match setting.role() {
                Some(Role::Scope) if c.offline_access == Some(false) => {
                    let asks = setting
                        .as_str()
                        .is_some_and(|v| v.split([' ', ',']).any(|s| s.trim() == "offline_access"));
                    // CF212 reports it for public clients and front ends.
                    let reported = cf212_on && (public || side.is_frontend());
                    if asks && !reported {
                        problems.push((
                            "configs.offline-access",
                            "the config requests `offline_access`".to_string(),
                            "drop offline_access from the requested scopes",
                        ));
                    }
                }
                Some(Role::Authority) if c.authorities.is_some() => {
                    let allowed = c.authorities.as_deref().unwrap_or_default();
                    if let Some(value) = setting.as_str().map(str::trim)
                        && !value.is_empty()
                        && !value.contains("${")
                        && !value.starts_with('$')
                        && !value.contains("{{")
                        && !allowed.iter().any(|a| same_authority(a, value))
                    {
                        problems.push((
                            "configs.authorities",
                            format!(
                                "authority `{value}` is not one of the allowed authorities ({})",
                                allowed.join(", ")
                            ),
                            "use an authority the policy allows",
                        ));
                    }
                }
                Some(role @ (Role::DisablePkce | Role::UsePkce | Role::CodeChallengeMethod))
                    if c.require_pkce == Some(true) =>
                {
                    let off = match role {
                        Role::DisablePkce => setting.as_bool() == Some(true),
                        Role::UsePkce => setting.as_bool() == Some(false),
                        _ => setting
                            .as_str()
                            .is_some_and(|m| m.trim().eq_ignore_ascii_case("plain")),
                    };
                    // CF205 reports it for public clients and front ends.
                    let reported = cf205_on && (public || side.is_frontend());
                    if off && !reported {
                        problems.push((
                            "configs.require-pkce",
                            if role == Role::CodeChallengeMethod {
                                "the config uses the `plain` PKCE method".to_string()
                            } else {
                                format!("`{}` turns PKCE off", setting.key())
                            },
                            "use PKCE with S256 (a confidential client sends its secret as well)",
                        ));
                    }
                }
                _ => {}
            }
            for (requirement, message, help) in problems {
                let f = Finding::new(Rule::PL201, config.file, setting.span, message)
                    .app(app_uri)
                    .label(setting.key().to_string());
                cx.report(policy_finding(f, policy, file, requirement, help));
            }
        }
    }
}
