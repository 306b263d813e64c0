//! The GitHub Actions format: workflow commands the runner turns into
//! annotations on the spec file's lines, a collapsible log group per database
//! with a line per check, and a summary line.
//!
//! ```text
//! ::group::digitalocean (PostgreSQL 15.4)
//! FAIL column public.conversations.id is text, expected uuid  expected_schema.yaml:24:27
//! ::endgroup::
//! ::error file=expected_schema.yaml,line=24,col=27,title=digitalocean%3Acolumn-type%3Apublic.conversations.id::column public.conversations.id is text, expected uuid%0Aexpected: uuid%0Aactual:   text
//! pgconform: 73 passed, 24 failed, 0 warnings, 0 skipped: does not conform
//! ```
//!
//! Failures are `::error`, warnings `::warning`, skipped checks `::notice`
//! (not checked is worth seeing, not worth failing); passes get no
//! annotation. The runner reads a command's message up to the end of the line
//! and its properties up to `,` and `::`, so both are escaped the way the
//! runner unescapes them (`%25`, `%0D`, `%0A`, and in properties `%3A`,
//! `%2C`). [`step_summary`] is the Markdown that `app` appends to
//! `$GITHUB_STEP_SUMMARY` when the runner sets it.

use super::{Outcome, needs_attention};
use crate::diff::{Finding, Report, Status};
use crate::spec::SpecErrors;
use std::fmt::Write;

pub fn github(report: &Report, quiet: bool, deny_warnings: bool) -> String {
    let mut out = String::new();
    // The log: every check, grouped per database (collapsed by the runner).
    for db in &report.databases {
        let version = db.server_version.as_ref().map_or(String::new(), |v| format!(" (PostgreSQL {v})"));
        let _ = writeln!(out, "::group::{}", data(&format!("{}{version}", db.name)));
        if let Some(error) = &db.error {
            let _ = writeln!(out, "FAIL could not check: {}", one_line(error));
        }
        for f in db.findings.iter().filter(|f| !quiet || needs_attention(f.status)) {
            let mark = match f.status {
                Status::Pass => "ok",
                Status::Fail => "FAIL",
                Status::Warn => "warn",
                Status::Skip => "skip",
            };
            let at = f.location.map_or(String::new(), |l| format!("  {}:{l}", report.spec));
            let _ = writeln!(out, "{mark} {}{at}", one_line(&f.message));
        }
        out.push_str("::endgroup::\n");
    }
    // The annotations, outside the groups so they show in the log too.
    for db in &report.databases {
        if let Some(error) = &db.error {
            let _ = writeln!(
                out,
                "::error file={},title={}::{}",
                property(&report.spec),
                property(&format!("{}: could not check", db.name)),
                data(&format!("{}: could not check: {error}", db.name))
            );
        }
        for f in &db.findings {
            let command = match f.status {
                Status::Pass => continue,
                Status::Fail => "error",
                Status::Warn => "warning",
                Status::Skip => "notice",
            };
            let _ = writeln!(out, "::{command} {}::{}", properties(&report.spec, f), data(&message(f)));
        }
    }
    let _ = writeln!(out, "{}", summary_line(report, deny_warnings));
    out
}

fn properties(spec: &str, f: &Finding) -> String {
    let mut props = format!("file={}", property(spec));
    if let Some(at) = f.location {
        let _ = write!(props, ",line={},col={}", at.line, at.column);
    }
    let title = match f.status {
        Status::Skip => format!("{} (not checked)", f.id),
        _ => f.id.clone(),
    };
    let _ = write!(props, ",title={}", property(&title));
    props
}

/// The annotation's text: the message, expected and actual, and the data
/// behind a risk, a line each.
fn message(f: &Finding) -> String {
    let mut lines = vec![f.message.clone()];
    lines.extend(super::detail_lines(f));
    lines.join("\n")
}

fn summary_line(report: &Report, deny_warnings: bool) -> String {
    let s = report.summary();
    let not_checked = report.databases.iter().filter(|d| d.error.is_some()).count();
    let not_checked = if not_checked > 0 { format!(", {not_checked} not checked") } else { String::new() };
    let verdict = match Outcome::of(report, deny_warnings) {
        Outcome::Conforms => "conforms",
        Outcome::DoesNotConform => "does not conform",
        Outcome::CouldNotCheck => "could not check every database",
    };
    format!(
        "pgconform: {} passed, {} failed, {} warnings, {} skipped{not_checked}: {verdict}",
        s.pass, s.fail, s.warn, s.skip
    )
}

/// A spec that does not load: an error annotation at each error's line.
pub fn github_spec_errors(errors: &SpecErrors) -> String {
    let mut out = String::new();
    for error in &errors.0 {
        let mut props = format!("file={}", property(&error.file.display().to_string()));
        if let Some(at) = error.at {
            let _ = write!(props, ",line={},col={}", at.line, at.column);
        }
        let _ = write!(props, ",title={}", property("pgconform: spec error"));
        let mut text = error.message.clone();
        if let Some(hint) = &error.hint {
            let _ = write!(text, "\nhint: {hint}");
        }
        let _ = writeln!(out, "::error {props}::{}", data(&text));
    }
    let _ = writeln!(out, "pgconform: {} spec error(s): could not check", errors.0.len());
    out
}

/// Markdown for the job's summary page: the verdict, the counts, and a table
/// of what needs attention (cut at `MAX_ROWS`; the log has the rest).
pub fn step_summary(report: &Report, deny_warnings: bool) -> String {
    const MAX_ROWS: usize = 200;
    let mut out = format!("### {}\n\n", cell(&summary_line(report, deny_warnings)));
    let mut rows = Vec::new();
    for db in &report.databases {
        if let Some(error) = &db.error {
            rows.push(format!(
                "| ✘ | {} | {} | | | |",
                cell(&db.name),
                cell(&format!("could not check: {error}"))
            ));
        }
        for f in db.findings.iter().filter(|f| needs_attention(f.status)) {
            let mark = match f.status {
                Status::Fail => "✘",
                Status::Warn => "!",
                _ => "○",
            };
            let at = f.location.map_or(String::new(), |l| format!("`{}:{l}`", cell(&report.spec)));
            rows.push(format!(
                "| {mark} | {} | {} | {} | {} | {at} |",
                cell(&db.name),
                cell(&f.message),
                f.expected.as_deref().map(cell).unwrap_or_default(),
                f.actual.as_deref().map(cell).unwrap_or_default(),
            ));
        }
    }
    if rows.is_empty() {
        return out;
    }
    out.push_str("| | database | check | expected | actual | spec |\n|---|---|---|---|---|---|\n");
    let more = rows.len().saturating_sub(MAX_ROWS);
    for row in rows.into_iter().take(MAX_ROWS) {
        out.push_str(&row);
        out.push('\n');
    }
    if more > 0 {
        let _ = writeln!(out, "\n… and {more} more in the log.");
    }
    out.push('\n');
    out
}

/// A table cell: no line breaks, no column separators, no HTML.
fn cell(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace('`', "'")
        .replace("\r\n", " ")
        .replace(['\n', '\r'], " ")
}

/// A plain log line: a line break would start what the runner could read as
/// a new command.
fn one_line(s: &str) -> String {
    s.replace("\r\n", " ").replace(['\n', '\r'], " ")
}

/// A command's message: `%`, CR and LF escaped, as the runner unescapes them.
pub(crate) fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property value: as a message, and `:` and `,`, which end a property.
pub(crate) fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_escape_percent_and_line_breaks() {
        assert_eq!(data("100% sure\r\nnext"), "100%25 sure%0D%0Anext");
        // `%` first: an escape sequence already in the text stays text.
        assert_eq!(data("literal %0A"), "literal %250A");
        assert_eq!(data("a: b, c"), "a: b, c", "colons and commas are fine in a message");
    }

    #[test]
    fn properties_also_escape_colons_and_commas() {
        assert_eq!(property("db:column-type:t.a,b"), "db%3Acolumn-type%3At.a%2Cb");
        assert_eq!(property("x\ny%"), "x%0Ay%25");
        assert_eq!(property("dir/spec file.yaml"), "dir/spec file.yaml");
    }

    #[test]
    fn log_lines_and_table_cells_stay_on_one_line() {
        assert_eq!(one_line("a\r\nb\nc"), "a b c");
        assert_eq!(cell("a | b\n<c> `d`"), "a \\| b &lt;c&gt; 'd'");
    }
}
