//! The audit as CSV (RFC 4180): one row per app, or with `--findings` one row per finding,
//! for a spreadsheet or an action plan. A cell that a spreadsheet would run as a formula
//! (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`.

use super::Audit;

fn cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn row(out: &mut String, cells: &[String]) {
    let line: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

pub fn render_apps(audit: &Audit) -> String {
    let mut out = String::new();
    let header = [
        "risk",
        "application_uri",
        "name",
        "environment",
        "enabled",
        "app_type",
        "app_type_source",
        "flows",
        "client_type",
        "authentication",
        "system_user",
        "system_user_type",
        "system_user_administrator",
        "system_user_apps",
        "scopes",
        "secret_age",
        "configs",
        "frontend_configs",
        "backend_configs",
        "reference_tokens",
        "oldest_reference_token",
        "never_expiring",
        "unused_90_days",
        "issued_by_administrators",
        "active_authorizations",
        "errors",
        "warnings",
        "infos",
        "risk_reasons",
        "file",
        "line",
    ];
    row(&mut out, &header.map(str::to_string));
    for a in &audit.apps {
        let su = a.system_user.as_ref();
        let t = &a.reference_tokens;
        row(
            &mut out,
            &[
                a.risk.as_str().to_string(),
                a.application_uri.clone(),
                a.name.clone().unwrap_or_default(),
                a.environment.clone(),
                a.enabled.to_string(),
                a.app_type.clone().unwrap_or_default(),
                match (&a.app_type, &a.app_type_evidence) {
                    (None, _) => String::new(),
                    (Some(_), None) => "declared".to_string(),
                    (Some(_), Some(why)) => format!("inferred: {why}"),
                },
                a.flows.join("; "),
                a.client_type.clone(),
                a.authentication.join("; "),
                su.map(|s| s.login.clone()).unwrap_or_default(),
                su.and_then(|s| s.user_type.clone()).unwrap_or_default(),
                su.map(|s| s.administrator.clone()).unwrap_or_default(),
                su.map(|s| s.apps_sharing.to_string()).unwrap_or_default(),
                a.scopes.join(" "),
                a.secret_age.clone(),
                a.configs.total.to_string(),
                a.configs.frontend.to_string(),
                a.configs.backend.to_string(),
                t.count.to_string(),
                t.oldest.clone().unwrap_or_default(),
                t.never_expiring.to_string(),
                t.unused_90_days.to_string(),
                t.issued_by_administrators.to_string(),
                a.active_authorizations.to_string(),
                a.findings.error.to_string(),
                a.findings.warning.to_string(),
                a.findings.info.to_string(),
                a.risk_reasons.join("; "),
                a.file.clone(),
                a.line.to_string(),
            ],
        );
    }
    out
}

pub fn render_findings(audit: &Audit) -> String {
    let mut out = String::new();
    let header = [
        "rule", "name", "severity", "app", "file", "line", "column", "message", "help",
    ];
    row(&mut out, &header.map(str::to_string));
    for f in &audit.findings {
        row(
            &mut out,
            &[
                f.rule.clone(),
                f.rule_name.clone(),
                f.severity.clone(),
                f.app.clone().unwrap_or_default(),
                f.file.clone(),
                f.line.to_string(),
                f.column.to_string(),
                f.message.clone(),
                f.help.clone(),
            ],
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(cell("-1+2,3"), "\"'-1+2,3\"");
    }
}
