//! The default format: miette's graphical report, with the source snippet under each
//! finding.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};

use crate::finding::{Finding, Rule, Severity};
use crate::report::Report;
use crate::source::Span;

#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    pub color: bool,
    pub width: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        HumanOptions {
            color: false,
            width: 100,
        }
    }
}

/// One finding (or one related place) as a miette diagnostic.
struct Diag {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    help: Option<String>,
    source: NamedSource<Shown>,
    labels: Vec<LabeledSpan>,
    related: Vec<Diag>,
}

impl fmt::Debug for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diag {}

impl Diagnostic for Diag {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|d| d as &dyn Diagnostic)))
    }
}

/// A byte-order mark is no column an editor shows; the snippet leaves it out, and spans
/// into the file move back by its length.
fn bom_len(report: &Report, file: usize) -> usize {
    if report.sources[file].text.starts_with('\u{feff}') {
        3
    } else {
        0
    }
}

/// A file's text as snippets show it (see [`Report::shown_text`]), made once per file and
/// shared by every finding in it: a file with thousands of findings is not masked again
/// for each.
type Shown = std::sync::Arc<String>;

/// The shown texts of the files a batch of findings shows snippets of.
type ShownFiles = std::collections::HashMap<usize, Shown>;

fn shown_source(report: &Report, file: usize) -> Shown {
    let mut text = report.shown_text(file);
    // The mark is shown escaped (three bytes, as many as it takes), and cut with them.
    let bom = bom_len(report, file).min(text.len());
    if text.is_char_boundary(bom) {
        text.drain(..bom);
    }
    std::sync::Arc::new(text)
}

fn named_source(report: &Report, file: usize, shown: &ShownFiles) -> NamedSource<Shown> {
    let text = shown
        .get(&file)
        .cloned()
        .unwrap_or_else(|| shown_source(report, file));
    NamedSource::new(report.sources[file].display.clone(), text)
}

/// A span as the snippet of its file counts it.
fn at(report: &Report, file: usize, span: crate::source::Span) -> (usize, usize) {
    (span.start.saturating_sub(bom_len(report, file)), span.len())
}

/// Whether a finding's source can be shown: the file parsed (so its secrets are known and
/// masked) and the lines around the finding are of a readable length.
fn snippet_allowed(report: &Report, f: &Finding) -> bool {
    const MAX_LINE_BYTES: usize = 2000;
    let source = &report.sources[f.file];
    // A file that did not parse is shown only around its parse error (TA001), where the
    // masking step hid whatever could be a secret in the lines shown.
    let parse_error = f.rule == Rule::TA001 && f.span != Span::default();
    if (!report.parsed[f.file] && !parse_error) || source.text.is_empty() {
        return false;
    }
    // From the line index: many findings on one long line must not each search it.
    let start = source.line_bounds(f.span.start).0;
    let end = source.line_bounds(f.span.end).1;
    crate::work::add(1);
    end.saturating_sub(start) <= MAX_LINE_BYTES
}

fn to_diag(report: &Report, f: &Finding, shown: &ShownFiles) -> Diag {
    if !snippet_allowed(report, f) {
        let source = &report.sources[f.file];
        let at = source.line_col(f.span.start);
        return Diag {
            message: format!(
                "{} ({}:{}:{})",
                f.message, source.display, at.line, at.column
            ),
            code: Some(diag_code(f)),
            severity: severity(f),
            help: Some(f.help.clone()).filter(|h| !h.is_empty()),
            source: NamedSource::new(source.display.clone(), Shown::default()),
            labels: Vec::new(),
            related: Vec::new(),
        };
    }
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        Some(f.label.clone()).filter(|l| !l.is_empty()),
        at(report, f.file, f.span),
    )];
    let mut related = Vec::new();
    for l in &f.related {
        if l.file == f.file {
            labels.push(LabeledSpan::new_with_span(
                Some(l.text.clone()),
                at(report, l.file, l.span),
            ));
        } else {
            related.push(Diag {
                message: l.text.clone(),
                code: None,
                severity: miette::Severity::Advice,
                help: None,
                source: named_source(report, l.file, shown),
                labels: vec![LabeledSpan::new_primary_with_span(
                    Some(l.text.clone()),
                    at(report, l.file, l.span),
                )],
                related: Vec::new(),
            });
        }
    }
    Diag {
        message: f.message.clone(),
        code: Some(diag_code(f)),
        severity: severity(f),
        help: Some(f.help.clone()).filter(|h| !h.is_empty()),
        source: named_source(report, f.file, shown),
        labels,
        related,
    }
}

fn diag_code(f: &Finding) -> String {
    let mut code = format!("{} {}", f.rule.code(), f.rule.name());
    if let Some(app) = &f.app {
        code.push_str(&format!(" · app {app}"));
    }
    code
}

fn severity(f: &Finding) -> miette::Severity {
    match f.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

pub fn render_human(report: &Report, options: &HumanOptions) -> String {
    let mut out = String::new();
    let written: Result<(), std::convert::Infallible> = render_human_to(report, options, |piece| {
        out.push_str(piece);
        Ok(())
    });
    match written {
        Ok(()) => out,
    }
}

/// The human report, handed to `write` a piece at a time, so that a large report is never
/// held whole (a run over 100,000 files can print 15 MB); the first error `write` returns
/// ends it.
pub fn render_human_to<E>(
    report: &Report,
    options: &HumanOptions,
    mut write: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // Lines break between words only: never inside a path (`tabs.trusted-app.yaml`), an
    // identifier (`com.example/app`) or a URL, which a reader copies whole.
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false)
        .with_break_words(false)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace);
    // Findings render on the run's threads, a batch at a time, in the order of the report;
    // each batch is written and freed before the next.
    use rayon::prelude::*;
    const BATCH: usize = 256;
    let render_one = |f: &Finding, shown: &ShownFiles| {
        let mut out = String::new();
        let mut diag = to_diag(report, f, shown);
        // Locations in other files follow the finding as snippets of their own: miette
        // would head them with a bare "Advice:".
        let related = std::mem::take(&mut diag.related);
        if handler.render_report(&mut out, &diag).is_err() {
            // Rendering into a String cannot fail for I/O; fall back to the message alone.
            out.push_str(&f.message);
        }
        for r in &related {
            out.push('\n');
            if handler.render_report(&mut out, r).is_err() {
                out.push_str(&r.message);
            }
        }
        out.push('\n');
        out
    };
    // The files a batch shows, kept for the next batch when it shows them too (findings
    // are in file order).
    let mut shown = ShownFiles::new();
    for batch in report.findings.chunks(BATCH) {
        let files: std::collections::BTreeSet<usize> = batch
            .iter()
            .filter(|f| snippet_allowed(report, f))
            .flat_map(|f| std::iter::once(f.file).chain(f.related.iter().map(|l| l.file)))
            .collect();
        shown.retain(|file, _| files.contains(file));
        let missing: Vec<usize> = files
            .iter()
            .copied()
            .filter(|file| !shown.contains_key(file))
            .collect();
        let made: Vec<(usize, Shown)> = missing
            .par_iter()
            .map(|&file| (file, shown_source(report, file)))
            .collect();
        shown.extend(made);
        let rendered: Vec<String> = batch.par_iter().map(|f| render_one(f, &shown)).collect();
        write(&rendered.concat())?;
    }
    let mut summary = super::summary_line(report);
    summary.push('\n');
    write(&summary)
}
