//! The audit in Markdown, for a pull request or a wiki page. Text from files is escaped so
//! that it stays text: no link, image, HTML or table cell can be smuggled in.

use super::{Audit, Risk};

/// Text as a Markdown table cell or list item shows it literally.
pub(super) fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The findings a page lists; a pull request or wiki page has room for no more.
const MAX_FINDINGS: usize = 500;

fn rule_link(code: &str) -> String {
    let doc = crate::catalog::catalog().iter().find(|d| d.id == code);
    match doc.and_then(|d| d.help_uri()) {
        Some(url) => format!("[{code}]({url})"),
        None => code.to_string(),
    }
}

pub fn render(audit: &Audit) -> String {
    let s = &audit.summary;
    let mut out = String::new();
    out.push_str("# trustlint audit\n\n");
    out.push_str(&format!(
        "{} apps ({} enabled) in {} files, on {}. {} errors, {} warnings, {} infos.\n\n",
        s.apps,
        s.enabled_apps,
        audit.files,
        audit.today,
        s.findings_by_severity.error,
        s.findings_by_severity.warning,
        s.findings_by_severity.info
    ));
    let admins: Vec<&super::SystemUserAudit> = audit
        .system_users
        .iter()
        .filter(|u| u.administrator == "yes")
        .collect();
    if !admins.is_empty() {
        out.push_str("> **Administrator System Users:** ");
        let list: Vec<String> = admins
            .iter()
            .map(|u| format!("{} (runs {})", md(&u.login), md(&u.apps.join(", "))))
            .collect();
        out.push_str(&list.join("; "));
        out.push_str("\n\n");
    }
    out.push_str("## Apps by risk and by flow\n\n| Risk | Apps |\n|---|---:|\n");
    for r in Risk::ALL {
        out.push_str(&format!(
            "| {} | {} |\n",
            r.as_str(),
            s.by_risk.get(r.as_str()).copied().unwrap_or(0)
        ));
    }
    out.push_str("\n| Flow | Apps |\n|---|---:|\n");
    for f in super::FLOWS {
        out.push_str(&format!(
            "| {f} | {} |\n",
            s.by_flow.get(f).copied().unwrap_or(0)
        ));
    }
    out.push_str("\n## System Users\n\n");
    if audit.system_users.is_empty() {
        out.push_str("No app runs as a System User.\n");
    } else {
        out.push_str("| System User | Type | Administrator | Apps |\n|---|---|---|---|\n");
        for u in &audit.system_users {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                md(&u.login),
                md(u.user_type.as_deref().unwrap_or("unknown")),
                u.administrator,
                md(&u.apps.join(", "))
            ));
        }
    }
    let t = &audit.tokens;
    out.push_str("\n## Reference tokens\n\n");
    out.push_str(&format!(
        "- {} grants in the grant store; {} valid reference tokens, {} expired or consumed; {} valid refresh tokens\n",
        t.grants, t.reference.count, t.expired_reference, t.refresh
    ));
    out.push_str(&format!(
        "- never expiring: {}; unused for {} days: {}; acting as an administrator: {}; oldest: {}\n",
        t.reference.never_expiring,
        super::STALE_DAYS,
        t.reference.unused_90_days,
        t.reference.issued_by_administrators,
        t.reference.oldest.as_deref().unwrap_or("none")
    ));
    out.push_str(&format!(
        "- grants of apps not in the run: {}; authorizations in force: {}\n",
        t.of_unknown_apps, t.active_authorizations
    ));
    out.push_str(&format!(
        "\n## Secrets and disabled apps\n\n- secrets past the rotation age ({} days): {}\n- secrets of unknown age: {}\n- disabled apps still referenced by configs: {}\n",
        s.rotation_days,
        list_or_none(&s.secrets_past_rotation),
        s.secret_age_unknown,
        list_or_none(&s.disabled_apps_with_configs)
    ));
    out.push_str("\n## Fix first\n\n");
    if audit.fix_first.is_empty() {
        out.push_str("Nothing to fix.\n");
    }
    for (i, item) in audit.fix_first.iter().enumerate() {
        let times = if item.count > 1 {
            format!(" (×{})", item.count)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "{}. **{}** {} `{}`{}: {}{} ({})\n",
            i + 1,
            item.severity,
            rule_link(&item.rule),
            item.rule_name,
            item.app
                .as_deref()
                .map(|a| format!(" in {}", md(a)))
                .unwrap_or_default(),
            md(&item.message),
            times,
            md(&item.location)
        ));
    }
    out.push_str("\n## Apps\n\n");
    out.push_str("| Risk | App | Type | Flows | Client | Authentication | System User | Scopes | Secret age | Configs | Reference tokens | Findings (E/W/I) |\n");
    out.push_str("|---|---|---|---|---|---|---|---|---|---:|---|---|\n");
    for a in &audit.apps {
        let app_type = match (&a.app_type, a.app_type_declared) {
            (None, _) => "unknown".to_string(),
            (Some(t), true) => t.clone(),
            (Some(t), false) => format!("{t} (inferred)"),
        };
        let su = a.system_user.as_ref().map_or("none".to_string(), |u| {
            let admin = if u.administrator == "yes" {
                ", **administrator**"
            } else {
                ""
            };
            format!("{}{admin}, {} apps", md(&u.login), u.apps_sharing)
        });
        let tokens = &a.reference_tokens;
        out.push_str(&format!(
            "| {} | {}{} | {} | {} | {} | {} | {} | {} | {} | {} ({} front end) | {} ({} never expire, {} stale, {} admin) | {}/{}/{} |\n",
            a.risk.as_str(),
            md(&a.application_uri),
            if a.enabled { "" } else { " (disabled)" },
            md(&app_type),
            md(&a.flows.join(", ")),
            a.client_type,
            md(&a.authentication.join(", ")),
            su,
            md(&a.scopes.join(" ")),
            a.secret_age,
            a.configs.total,
            a.configs.frontend,
            tokens.count,
            tokens.never_expiring,
            tokens.unused_90_days,
            tokens.issued_by_administrators,
            a.findings.error,
            a.findings.warning,
            a.findings.info
        ));
    }
    if !audit.findings.is_empty() {
        out.push_str(&format!("\n## Findings ({})\n\n", audit.findings.len()));
        out.push_str("| Rule | Severity | App | Message | Where |\n|---|---|---|---|---|\n");
        for f in audit.findings.iter().take(MAX_FINDINGS) {
            out.push_str(&format!(
                "| {} `{}` | {} | {} | {} | {}:{}:{} |\n",
                rule_link(&f.rule),
                f.rule_name,
                f.severity,
                f.app.as_deref().map(md).unwrap_or_default(),
                md(&f.message),
                md(&f.file),
                f.line,
                f.column
            ));
        }
        if audit.findings.len() > MAX_FINDINGS {
            out.push_str(&format!(
                "\n{} more; `--format csv --findings` lists them all.\n",
                audit.findings.len() - MAX_FINDINGS
            ));
        }
    }
    if !audit.notes.is_empty() {
        out.push_str("\n## Notes\n\n");
        for n in &audit.notes {
            out.push_str(&format!("- {}\n", md(n)));
        }
    }
    out
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        md(&items.join(", "))
    }
}
