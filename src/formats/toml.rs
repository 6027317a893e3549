//! TOML through the `toml` crate's span-keeping document table.

use toml::de::{DeTable, DeValue};

use super::ParseError;
use crate::source::Span;
use crate::tree::{Entry, Kind, Node};

pub fn parse(text: &str) -> Result<Node, ParseError> {
    let root = DeTable::parse(text).map_err(|e| ParseError {
        help: String::new(),
        message: e.message().trim().to_string(),
        span: e
            .span()
            .map(|r| Span::new(r.start, r.end))
            .unwrap_or_default(),
    })?;
    let span = root.span();
    Ok(table(root.into_inner(), Span::new(span.start, span.end)))
}

fn table(t: DeTable<'_>, span: Span) -> Node {
    let entries = t
        .into_iter()
        .map(|(k, v)| {
            let ks = k.span();
            let vs = v.span();
            Entry {
                key: k.into_inner().into_owned(),
                key_span: Span::new(ks.start, ks.end),
                value: value(v.into_inner(), Span::new(vs.start, vs.end)),
            }
        })
        .collect();
    Node::new(Kind::Map(entries), span)
}

fn value(v: DeValue<'_>, span: Span) -> Node {
    let kind = match v {
        DeValue::String(s) => Kind::Str(s.into_owned()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Kind::Int(n),
            Err(_) => Kind::Str(i.as_str().to_string()),
        },
        DeValue::Float(f) => Kind::Float(f.as_str().replace('_', "").parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Kind::Bool(b),
        // Dates are kept as their text; the model parses the ones it knows.
        DeValue::Datetime(d) => Kind::Str(d.to_string()),
        DeValue::Array(a) => Kind::Seq(
            a.into_iter()
                .map(|item| {
                    let s = item.span();
                    value(item.into_inner(), Span::new(s.start, s.end))
                })
                .collect(),
        ),
        DeValue::Table(t) => return table(t, span),
    };
    Node::new(kind, span)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_keep_spans() {
        let text =
            "[[TrustedApplications]]\nApplicationUri = \"com.example/app\"\nScope = [\"read\"]\n";
        let root = parse(text).unwrap();
        let apps = root
            .get("TrustedApplications")
            .unwrap()
            .value
            .as_seq()
            .unwrap();
        let uri = apps[0].get("ApplicationUri").unwrap();
        assert_eq!(
            &text[uri.key_span.start..uri.key_span.end],
            "ApplicationUri"
        );
        assert_eq!(
            &text[uri.value.span.start..uri.value.span.end],
            "\"com.example/app\""
        );
    }

    #[test]
    fn duplicate_keys_are_errors() {
        assert!(parse("a = 1\na = 2\n").is_err());
    }
}
