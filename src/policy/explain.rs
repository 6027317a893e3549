//! `trustlint policy explain NAME`: what a policy requires, in sentences, with the rule
//! that reports each requirement.

use super::{Http, Loaded};
use crate::escape::clean_text;

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{}`", clean_text(i)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn allowed(flag: Option<bool>, what: &str, out: &mut Vec<String>) {
    match flag {
        Some(true) => out.push(format!("{what} are allowed")),
        Some(false) => out.push(format!("{what} are not allowed")),
        None => {}
    }
}

/// What a policy requires, as text; `rotation_days` is the project's
/// `secret-rotation-days` (TA305), which a looser maximum age gives way to.
pub fn explain(p: &Loaded, rotation_days: i64) -> String {
    let policy = &p.policy;
    let mut out = String::new();
    out.push_str(&format!(
        "Policy {} (from {}, severity {})\n",
        clean_text(&policy.name),
        clean_text(&p.origin),
        p.severity().as_str()
    ));
    if let Some(d) = &policy.description {
        out.push_str(&format!("\n{}\n", clean_text(d.trim())));
    }
    out.push_str("\nApplies to: ");
    match &policy.when {
        None => out.push_str("every app.\n"),
        Some(w) => {
            let mut parts = Vec::new();
            if !w.environment.is_empty() {
                parts.push(format!("Environment {}", list(&w.environment)));
            }
            if !w.app_type.is_empty() {
                parts.push(format!(
                    "app type (declared or inferred) {}",
                    list(&w.app_type)
                ));
            }
            if !w.client_type.is_empty() {
                parts.push(format!("client type {}", list(&w.client_type)));
            }
            if !w.application_uri.is_empty() {
                parts.push(format!(
                    "ApplicationUri matching {}",
                    list(&w.application_uri)
                ));
            }
            if parts.is_empty() {
                out.push_str("every app.\n");
            } else {
                out.push_str(&format!("apps with {}.\n", parts.join(" and ")));
            }
        }
    }
    let mut sections: Vec<(&str, Vec<String>)> = Vec::new();
    if let Some(r) = &policy.redirect_uris {
        let mut req = Vec::new();
        if let Some(d) = &r.permitted_domains {
            req.push(format!("hosts are one of {}", list(d)));
        }
        if let Some(h) = r.http {
            req.push(
                match h {
                    Http::Never => "plain http is not allowed",
                    Http::Loopback => "plain http only to loopback hosts",
                    Http::PrivateNetworks => {
                        "plain http only to loopback and private-network hosts"
                    }
                    Http::Any => "plain http adds no requirement (ERP.net's rules still apply)",
                }
                .to_string(),
            );
        }
        allowed(r.allow_loopback_ipv4, "loopback IPv4 literals", &mut req);
        allowed(r.allow_loopback_ipv6, "the loopback IPv6 literal", &mut req);
        allowed(r.allow_private_use_schemes, "private-use schemes", &mut req);
        allowed(r.allow_wildcards, "wildcards", &mut req);
        allowed(r.allow_query, "query strings", &mut req);
        sections.push(("Redirect URIs (PL101)", req));
    }
    if let Some(s) = &policy.scopes {
        let mut req = Vec::new();
        if let Some(a) = &s.allowed {
            req.push(format!("only {}", list(a)));
        }
        if !s.forbidden.is_empty() {
            req.push(format!("never {}", list(&s.forbidden)));
        }
        sections.push(("Scopes (PL102)", req));
    }
    if let Some(c) = &policy.client {
        let mut req = Vec::new();
        if let Some(t) = &c.client_types {
            req.push(format!("client type one of {}", list(t)));
        }
        if c.basic_authentication == Some(false) {
            req.push("Basic authentication is not allowed".to_string());
        }
        if let Some(m) = &c.max_reference_tokens {
            req.push(format!("ReferenceTokens at most `{}`", clean_text(m)));
        }
        sections.push(("Client (PL103)", req));
    }
    if let Some(s) = &policy.secrets {
        let mut req = Vec::new();
        if let Some(days) = s.max_age_days {
            if i64::from(days) < rotation_days {
                req.push(format!(
                    "a client secret is rotated within {days} days (stricter than secret-rotation-days, {rotation_days}, which TA305 checks)"
                ));
            } else {
                req.push(format!(
                    "a client secret is rotated within {days} days; secret-rotation-days ({rotation_days}) is as strict or stricter, so TA305 reports it"
                ));
            }
        }
        if s.require_rotation_date == Some(true) {
            req.push("a definition with a client secret records SecretRotatedOn".to_string());
        }
        sections.push(("Secrets (PL104)", req));
    }
    if let Some(s) = &policy.service {
        let mut req = Vec::new();
        if let Some(u) = &s.system_users {
            req.push(format!("System User login one of {}", list(u)));
        }
        if let Some(p) = &s.login_pattern {
            req.push(format!("System User login matches `{}`", clean_text(p)));
        }
        if s.shared == Some(false) {
            req.push("a System User runs one app only".to_string());
        }
        sections.push(("Service access (PL105)", req));
    }
    if let Some(m) = &policy.metadata {
        let mut req = Vec::new();
        if let Some(p) = &m.application_uri_pattern {
            req.push(format!("ApplicationUri matches `{}`", clean_text(p)));
        }
        if !m.required.is_empty() {
            req.push(format!("every registration writes {}", list(&m.required)));
        }
        sections.push(("Metadata (PL106)", req));
    }
    if let Some(c) = &policy.configs {
        let mut req = Vec::new();
        if c.offline_access == Some(false) {
            req.push(
                "no config requests offline_access (CF212 reports front ends and public clients)"
                    .to_string(),
            );
        }
        if let Some(a) = &c.authorities {
            req.push(format!("authorities one of {}", list(a)));
        }
        if c.require_pkce == Some(true) {
            req.push("no config turns PKCE off".to_string());
        }
        sections.push(("Configs (PL201)", req));
    }
    out.push_str("\nRequires:\n");
    for (title, reqs) in sections {
        out.push_str(&format!("  {title}:\n"));
        if reqs.is_empty() {
            out.push_str("    nothing yet (the table is empty)\n");
        }
        for r in reqs {
            out.push_str(&format!("    - {r}\n"));
        }
    }
    if policy.help.is_some() || policy.link.is_some() {
        out.push_str(&format!("\nHelp: {}\n", clean_text(&p.help(""))));
    }
    out.push_str(
        "\nA policy only adds requirements: ERP.net's rules apply to these apps as well.\n",
    );
    if p.locked {
        out.push_str("It comes from a shared policy file: the repository's rule levels, comments and [[ignore]] entries cannot hold its findings back (a --baseline can).\n");
    }
    // A policy is no place for a secret, but a pasted one is masked as in every output.
    crate::secrets::mask_shaped(&out).into_owned()
}
