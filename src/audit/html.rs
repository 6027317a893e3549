//! The audit as one self-contained HTML page: inline styles, a small inline script that
//! sorts and filters the app table (the page reads the same without it), inline SVG charts,
//! and the pages of the rules it cites. It loads nothing (a Content-Security-Policy says
//! so), so it works offline and as an e-mail attachment, on a phone and on paper. Every
//! text is escaped; the rule pages are embedded without their examples, which hold sample
//! hashes and tokens.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::{AppAudit, Audit, Risk};

/// Text as HTML shows it literally, in an element or a quoted attribute.
fn h(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--alt:#f6f8fa;
--critical:#8b0000;--high:#c2410c;--medium:#a16207;--low:#2f6f3e}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0;padding:16px;max-width:1400px}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;margin:1.4em 0 .5em;border-bottom:1px solid var(--line)}
.muted{color:var(--muted)}
p,li{overflow-wrap:anywhere}
.headline{border-left:4px solid var(--critical);background:#fdecec;padding:8px 12px;margin:12px 0}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 12px;flex:1 1 260px;min-width:0}
.card h3{margin:0 0 6px;font-size:1em}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top;overflow-wrap:break-word}
th{background:var(--alt);white-space:nowrap}
th button{all:unset;cursor:pointer;font-weight:600}
th button:focus-visible{outline:2px solid #0969da}
th[aria-sort=ascending] button::after{content:" \25B2"}
th[aria-sort=descending] button::after{content:" \25BC"}
.scroll{overflow-x:auto}
.risk{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:.85em;font-weight:600;white-space:nowrap;print-color-adjust:exact;-webkit-print-color-adjust:exact}
.risk-critical{background:var(--critical)}.risk-high{background:var(--high)}
.risk-medium{background:var(--medium)}.risk-low{background:var(--low)}
.controls{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:8px 0}
.controls label{white-space:nowrap}
.rule{border:1px solid var(--line);border-radius:6px;padding:8px 12px;margin:8px 0}
.rule h3{margin:.2em 0;font-size:1em}
.rule p{margin:.4em 0;white-space:pre-line}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.92em}
svg text{font:12px system-ui,sans-serif;fill:var(--fg)}
@media (max-width:700px){
 body{padding:10px;font-size:14px}
 .findings td:nth-child(n+5),.findings th:nth-child(n+5){display:none}
}
/* On a phone and on paper each app is a card of labelled lines. */
@media (max-width:700px),print{
 #apps thead{display:none}
 #apps tr{display:block;border:1px solid var(--line);border-radius:6px;margin:0 0 10px;padding:4px 0}
 #apps td{display:grid;grid-template-columns:8.5em minmax(0,1fr);gap:6px;border:0;padding:3px 10px}
 #apps td>div{min-width:0;overflow-wrap:anywhere}
 #apps td::before{content:attr(data-label);font-weight:600;color:var(--muted)}
}
@media print{
 @page{margin:12mm}
 .controls,noscript{display:none}
 body{padding:0;font-size:11px;max-width:none}
 .scroll{overflow:visible}
 .findings td{overflow-wrap:anywhere}
 tr,.rule,.card{break-inside:avoid}
 a{color:inherit;text-decoration:none}
}
"#;

const SCRIPT: &str = r#"
(function(){
 var table=document.getElementById('apps');
 if(!table)return;
 var body=table.tBodies[0];
 var filter=document.getElementById('risk-filter');
 var search=document.getElementById('app-search');
 var count=document.getElementById('shown-count');
 function apply(){
  var risk=filter.value, q=search.value.toLowerCase(), n=0;
  Array.prototype.forEach.call(body.rows,function(r){
   var ok=(risk==='all'||r.getAttribute('data-risk')===risk)&&(!q||r.textContent.toLowerCase().indexOf(q)>=0);
   r.hidden=!ok; if(ok)n++;
  });
  count.textContent=n;
 }
 filter.addEventListener('change',apply);
 search.addEventListener('input',apply);
 var heads=table.tHead.rows[0].cells;
 Array.prototype.forEach.call(heads,function(th,i){
  var b=th.querySelector('button'); if(!b)return;
  b.addEventListener('click',function(){
   var asc=th.getAttribute('aria-sort')!=='ascending';
   Array.prototype.forEach.call(heads,function(o){o.removeAttribute('aria-sort');});
   th.setAttribute('aria-sort',asc?'ascending':'descending');
   var numeric=th.getAttribute('data-type')==='number';
   var rows=Array.prototype.slice.call(body.rows);
   rows.sort(function(a,b){
    var x=a.cells[i].getAttribute('data-v'), y=b.cells[i].getAttribute('data-v');
    var c=numeric?(parseFloat(x)-parseFloat(y)):x.localeCompare(y);
    return asc?c:-c;
   });
   rows.forEach(function(r){body.appendChild(r);});
  });
 });
 document.getElementById('controls').hidden=false;
 apply();
})();
"#;

/// A horizontal bar chart of counts, in inline SVG.
fn bar_chart(title: &str, bars: &[(String, usize, &str)]) -> String {
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let row = 24;
    let height = row * bars.len() + 8;
    let mut svg = format!(
        "<svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 320 {height}\" width=\"100%\" style=\"max-width:420px\">",
        h(title)
    );
    for (i, (label, n, color)) in bars.iter().enumerate() {
        let y = i * row + 4;
        let w = (*n as f64 / max as f64 * 150.0).round() as usize;
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\">{}</text><rect x=\"130\" y=\"{y}\" width=\"{}\" height=\"16\" rx=\"2\" fill=\"{color}\"></rect><text x=\"{}\" y=\"{}\">{n}</text>",
            y + 13,
            h(label),
            w.max(1),
            136 + w,
            y + 13
        );
    }
    svg.push_str("</svg>");
    svg
}

fn risk_badge(risk: Risk) -> String {
    format!("<span class=\"risk risk-{0}\">{0}</span>", risk.as_str())
}

fn rank(risk: Risk) -> u8 {
    risk as u8
}

/// One cell with its label (for the phone layout) and its sort value.
fn td(out: &mut String, label: &str, sort: &str, html: &str) {
    let _ = write!(
        out,
        "<td data-label=\"{}\" data-v=\"{}\"><div>{html}</div></td>",
        h(label),
        h(sort)
    );
}

fn app_row(out: &mut String, a: &AppAudit) {
    let _ = write!(out, "<tr data-risk=\"{}\">", a.risk.as_str());
    td(out, "Risk", &rank(a.risk).to_string(), &risk_badge(a.risk));
    let name = a
        .name
        .as_deref()
        .map(|n| format!("<br><span class=\"muted\">{}</span>", h(n)))
        .unwrap_or_default();
    let disabled = if a.enabled {
        ""
    } else {
        " <em>(disabled)</em>"
    };
    td(
        out,
        "App",
        &a.application_uri,
        &format!(
            "<code>{}</code>{disabled}{name}<br><span class=\"muted\">{} · {}:{}</span>",
            h(&a.application_uri),
            h(&a.environment),
            h(&a.file),
            a.line
        ),
    );
    let app_type = match (&a.app_type, &a.app_type_evidence) {
        (None, _) => "unknown".to_string(),
        (Some(t), None) => h(t),
        (Some(t), Some(why)) => format!(
            "{} <span class=\"muted\">(inferred: {})</span>",
            h(t),
            h(why)
        ),
    };
    td(out, "Type", a.app_type.as_deref().unwrap_or(""), &app_type);
    td(out, "Flows", &a.flows.join(", "), &h(&a.flows.join(", ")));
    td(out, "Client", &a.client_type, &h(&a.client_type));
    td(
        out,
        "Authentication",
        &a.authentication.join(", "),
        &h(&a.authentication.join(", ")),
    );
    let su = match &a.system_user {
        None => ("".to_string(), "none".to_string()),
        Some(u) => {
            let admin = match u.administrator.as_str() {
                "yes" => " <strong>administrator</strong>".to_string(),
                "no" => String::new(),
                _ => " <span class=\"muted\">(administrator: unknown)</span>".to_string(),
            };
            (
                u.login.clone(),
                format!(
                    "<code>{}</code>{admin}<br><span class=\"muted\">{} · {} app(s)</span>",
                    h(&u.login),
                    h(u.user_type.as_deref().unwrap_or("type unknown")),
                    u.apps_sharing
                ),
            )
        }
    };
    td(out, "System User", &su.0, &su.1);
    td(out, "Scopes", &a.scopes.join(" "), &h(&a.scopes.join(" ")));
    td(
        out,
        "Secret age",
        &a.secret_age_days.map_or(-1, |d| d).to_string(),
        &h(&a.secret_age),
    );
    td(
        out,
        "Configs",
        &a.configs.total.to_string(),
        &format!(
            "{} <span class=\"muted\">({} front, {} back)</span>",
            a.configs.total, a.configs.frontend, a.configs.backend
        ),
    );
    let t = &a.reference_tokens;
    td(
        out,
        "Reference tokens",
        &t.count.to_string(),
        &format!(
            "{}<br><span class=\"muted\">oldest {} · {} never expire · {} unused 90 d · {} by admins</span>",
            t.count,
            h(t.oldest.as_deref().unwrap_or("–")),
            t.never_expiring,
            t.unused_90_days,
            t.issued_by_administrators
        ),
    );
    let f = &a.findings;
    td(
        out,
        "Findings",
        &(f.error * 1_000_000 + f.warning * 1_000 + f.info).to_string(),
        &format!("{} E · {} W · {} I", f.error, f.warning, f.info),
    );
    out.push_str("</tr>\n");
}

pub fn render(audit: &Audit) -> String {
    let s = &audit.summary;
    let mut o = String::with_capacity(4096 + audit.apps.len() * 1200);
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    o.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n");
    let _ = writeln!(o, "<title>trustlint audit, {}</title>", h(&audit.today));
    let _ = writeln!(o, "<style>{STYLE}</style>\n</head>\n<body>");
    o.push_str("<h1>trustlint audit</h1>\n");
    let _ = writeln!(
        o,
        "<p class=\"muted\">{} apps ({} enabled) in {} files, on {}. Findings: {} errors, {} warnings, {} infos.</p>",
        s.apps,
        s.enabled_apps,
        audit.files,
        h(&audit.today),
        s.findings_by_severity.error,
        s.findings_by_severity.warning,
        s.findings_by_severity.info
    );
    for u in audit
        .system_users
        .iter()
        .filter(|u| u.administrator == "yes")
    {
        let _ = writeln!(
            o,
            "<p class=\"headline\"><strong>Administrator System User:</strong> <code>{}</code> runs {}.</p>",
            h(&u.login),
            h(&u.apps.join(", "))
        );
    }
    // Summaries.
    o.push_str("<h2>Summary</h2>\n<div class=\"cards\">\n");
    let risk_bars: Vec<(String, usize, &str)> = Risk::ALL
        .iter()
        .map(|r| {
            let color = match r {
                Risk::Critical => "#8b0000",
                Risk::High => "#c2410c",
                Risk::Medium => "#a16207",
                Risk::Low => "#2f6f3e",
            };
            (
                r.as_str().to_string(),
                s.by_risk.get(r.as_str()).copied().unwrap_or(0),
                color,
            )
        })
        .collect();
    let flow_bars: Vec<(String, usize, &str)> = super::FLOWS
        .iter()
        .map(|f| {
            (
                f.to_string(),
                s.by_flow.get(*f).copied().unwrap_or(0),
                "#0969da",
            )
        })
        .collect();
    let _ = writeln!(
        o,
        "<div class=\"card\" id=\"chart-risk\"><h3>Apps by risk</h3>{}</div>",
        bar_chart("Apps by risk", &risk_bars)
    );
    let _ = writeln!(
        o,
        "<div class=\"card\" id=\"chart-flow\"><h3>Apps by flow</h3>{}</div>",
        bar_chart("Apps by flow", &flow_bars)
    );
    let t = &audit.tokens;
    let _ = writeln!(
        o,
        "<div class=\"card\" id=\"token-exposure\"><h3>Reference-token exposure</h3><ul>\
<li>{} grants in the grant store</li>\
<li>{} valid reference tokens ({} expired or consumed); oldest {}</li>\
<li>{} never expire</li><li>{} unused for {} days</li>\
<li>{} act as an administrator</li>\
<li>{} valid refresh tokens; {} grants of apps not in the run</li>\
<li>{} authorizations in force</li></ul></div>",
        t.grants,
        t.reference.count,
        t.expired_reference,
        h(t.reference.oldest.as_deref().unwrap_or("–")),
        t.reference.never_expiring,
        t.reference.unused_90_days,
        super::STALE_DAYS,
        t.reference.issued_by_administrators,
        t.refresh,
        t.of_unknown_apps,
        t.active_authorizations
    );
    let list = |items: &[String]| {
        if items.is_empty() {
            "none".to_string()
        } else {
            items
                .iter()
                .map(|i| format!("<code>{}</code>", h(i)))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let _ = writeln!(
        o,
        "<div class=\"card\" id=\"secrets\"><h3>Secrets and disabled apps</h3><ul>\
<li>Past the rotation age ({} days): {}</li><li>Secrets of unknown age: {}</li>\
<li>Disabled apps still referenced by configs: {}</li></ul></div>",
        s.rotation_days,
        list(&s.secrets_past_rotation),
        s.secret_age_unknown,
        list(&s.disabled_apps_with_configs)
    );
    o.push_str("</div>\n");
    // System Users.
    o.push_str("<h2>System Users</h2>\n");
    if audit.system_users.is_empty() {
        o.push_str("<p>No app runs as a System User.</p>\n");
    } else {
        o.push_str("<div class=\"scroll\"><table id=\"system-users\"><thead><tr><th>System User</th><th>Type</th><th>Administrator</th><th>Apps</th></tr></thead><tbody>\n");
        for u in &audit.system_users {
            let _ = writeln!(
                o,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                h(&u.login),
                h(u.user_type.as_deref().unwrap_or("unknown")),
                h(&u.administrator),
                h(&u.apps.join(", "))
            );
        }
        o.push_str("</tbody></table></div>\n");
    }
    // Fix first.
    o.push_str("<h2>Fix first</h2>\n");
    if audit.fix_first.is_empty() {
        o.push_str("<p>Nothing to fix.</p>\n");
    } else {
        o.push_str("<ol id=\"fix-first\">\n");
        for item in &audit.fix_first {
            let times = if item.count > 1 {
                format!(" (×{})", item.count)
            } else {
                String::new()
            };
            let _ = writeln!(
                o,
                "<li><strong>{}</strong> <a href=\"#rule-{}\">{} <code>{}</code></a>{}: {}{} <span class=\"muted\">{}</span></li>",
                h(&item.severity),
                h(&item.rule),
                h(&item.rule),
                h(&item.rule_name),
                item.app
                    .as_deref()
                    .map(|a| format!(" in <code>{}</code>", h(a)))
                    .unwrap_or_default(),
                h(&item.message),
                times,
                h(&item.location)
            );
        }
        o.push_str("</ol>\n");
    }
    // The app table.
    o.push_str("<h2>Apps</h2>\n");
    let _ = writeln!(
        o,
        "<div class=\"controls\" id=\"controls\" hidden><label>Risk <select id=\"risk-filter\"><option value=\"all\">all</option>{}</select></label>\
<label>Search <input id=\"app-search\" type=\"search\"></label><span><span id=\"shown-count\">{}</span> of {} apps shown</span></div>",
        Risk::ALL
            .iter()
            .map(|r| format!("<option value=\"{0}\">{0}</option>", r.as_str()))
            .collect::<String>(),
        audit.apps.len(),
        audit.apps.len()
    );
    o.push_str("<div class=\"scroll\"><table id=\"apps\"><thead><tr>");
    for (title, numeric) in [
        ("Risk", true),
        ("App", false),
        ("Type", false),
        ("Flows", false),
        ("Client", false),
        ("Authentication", false),
        ("System User", false),
        ("Scopes", false),
        ("Secret age", true),
        ("Configs", true),
        ("Reference tokens", true),
        ("Findings", true),
    ] {
        let _ = write!(
            o,
            "<th scope=\"col\"{}><button type=\"button\">{title}</button></th>",
            if numeric { " data-type=\"number\"" } else { "" }
        );
    }
    o.push_str("</tr></thead><tbody>\n");
    for a in &audit.apps {
        app_row(&mut o, a);
    }
    o.push_str("</tbody></table></div>\n");
    // Findings.
    let _ = writeln!(o, "<h2>Findings ({})</h2>", audit.findings.len());
    if !audit.findings.is_empty() {
        o.push_str("<div class=\"scroll\"><table class=\"findings\"><thead><tr><th>Rule</th><th>Severity</th><th>App</th><th>Message</th><th>Where</th></tr></thead><tbody>\n");
        for f in &audit.findings {
            let _ = writeln!(
                o,
                "<tr><td><a href=\"#rule-{0}\">{0}</a></td><td>{1}</td><td>{2}</td><td>{3}</td><td>{4}:{5}:{6}</td></tr>",
                h(&f.rule),
                h(&f.severity),
                f.app
                    .as_deref()
                    .map(|a| format!("<code>{}</code>", h(a)))
                    .unwrap_or_default(),
                h(&f.message),
                h(&f.file),
                f.line,
                f.column
            );
        }
        o.push_str("</tbody></table></div>\n");
    }
    // The pages of the rules cited, without their examples.
    let cited: BTreeSet<&str> = audit
        .findings
        .iter()
        .map(|f| f.rule.as_str())
        .chain(audit.fix_first.iter().map(|f| f.rule.as_str()))
        .collect();
    if !cited.is_empty() {
        o.push_str("<h2>The rules</h2>\n");
        for doc in crate::catalog::catalog()
            .iter()
            .filter(|d| cited.contains(d.id.as_str()))
        {
            let refs: String = doc
                .references
                .iter()
                .map(|r| format!("<li><a href=\"{}\">{}</a></li>", h(&r.url), h(&r.title)))
                .collect();
            let _ = writeln!(
                o,
                "<section class=\"rule\" id=\"rule-{}\"><h3>{} <code>{}</code> ({})</h3><p><strong>{}</strong></p><p>{}</p><p><strong>Fix:</strong> {}</p><ul>{refs}</ul></section>",
                h(&doc.id),
                h(&doc.id),
                h(&doc.name),
                h(&doc.severity),
                h(&doc.summary),
                h(doc.why.trim()),
                h(&doc.fix)
            );
        }
    }
    if !audit.notes.is_empty() {
        o.push_str("<h2>Notes</h2>\n<ul id=\"notes\">\n");
        for n in &audit.notes {
            let _ = writeln!(o, "<li>{}</li>", h(n));
        }
        o.push_str("</ul>\n");
    }
    let _ = writeln!(o, "<script>{SCRIPT}</script>\n</body>\n</html>");
    o
}

#[cfg(test)]
mod tests {
    use super::h;

    #[test]
    fn text_is_escaped_for_elements_and_attributes() {
        assert_eq!(
            h("<script>\"x\" & 'y'</script>"),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }
}
