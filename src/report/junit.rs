//! The JUnit XML format, for CI systems that show test results (GitLab,
//! Jenkins, Azure Pipelines, CircleCI…): one test case per check, one test
//! suite per database.
//!
//! ```xml
//! <testsuites name="pgconform" tests="97" failures="24" errors="0">
//!   <testsuite name="digitalocean" tests="89" failures="24" errors="0" skipped="0" file="expected_schema.yaml">
//!     <properties><property name="server_version" value="15.4"/></properties>
//!     <testcase classname="digitalocean.column-type" name="public.conversations.id">
//!       <failure type="column-type" message="column public.conversations.id is text, expected uuid">…</failure>
//!     </testcase>
//! ```
//!
//! The document is valid against the Jenkins JUnit schema (the strictest one
//! in common use; tests validate against it). That schema has no place for a
//! file or line on a test case, so the spec location is the last line of the
//! failure, error or skipped text (`at: expected_schema.yaml:24:27`), and the
//! suite's `file` attribute names the spec. A test case's class and name come
//! from the stable check id, so CI test history follows a check across runs.
//! Warnings are passing test cases with the warning as output, or failures
//! under `--deny-warnings`, matching the exit status.

use super::Outcome;
use crate::diff::{DatabaseReport, Finding, Report, Status};
use crate::spec::SpecErrors;
use std::fmt::Write;

pub fn junit(report: &Report, deny_warnings: bool) -> String {
    let mut suites = String::new();
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    for db in &report.databases {
        let counts = suite(&mut suites, &report.spec, db, deny_warnings);
        tests += counts.tests;
        failures += counts.failures;
        errors += counts.errors;
    }
    let outcome = Outcome::of(report, deny_warnings);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<!-- pgconform {}: {} -->",
        env!("CARGO_PKG_VERSION"),
        match outcome {
            Outcome::Conforms => "conforms",
            Outcome::DoesNotConform => "does not conform",
            Outcome::CouldNotCheck => "could not check every database",
        }
    );
    let _ = writeln!(
        out,
        "<testsuites name=\"pgconform\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">"
    );
    out.push_str(&suites);
    out.push_str("</testsuites>\n");
    out
}

#[derive(Default)]
struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

fn suite(out: &mut String, spec: &str, db: &DatabaseReport, deny_warnings: bool) -> Counts {
    let mut cases = String::new();
    let mut counts = Counts::default();
    if let Some(error) = &db.error {
        counts.tests += 1;
        counts.errors += 1;
        let _ = writeln!(
            cases,
            "    <testcase classname=\"{}.connection\" name=\"connection\">\n      <error type=\"could-not-check\" message=\"{}\">{}</error>\n    </testcase>",
            attr(&db.name),
            attr(&format!("could not check: {error}")),
            text(&format!("{}: could not check: {error}\nat: {spec}", db.name)),
        );
    }
    for finding in &db.findings {
        counts.tests += 1;
        case(&mut cases, spec, finding, deny_warnings, &mut counts);
    }
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" file=\"{}\">",
        attr(&db.name),
        counts.tests,
        counts.failures,
        counts.errors,
        counts.skipped,
        attr(spec)
    );
    out.push_str("    <properties>\n");
    let _ = writeln!(out, "      <property name=\"spec\" value=\"{}\"/>", attr(spec));
    if let Some(version) = &db.server_version {
        let _ = writeln!(out, "      <property name=\"server_version\" value=\"{}\"/>", attr(version));
    }
    out.push_str("    </properties>\n");
    out.push_str(&cases);
    out.push_str("  </testsuite>\n");
    counts
}

fn case(out: &mut String, spec: &str, f: &Finding, deny_warnings: bool, counts: &mut Counts) {
    // `db:kind:object[:aspect]` → class `db.kind`, name `object[:aspect]`.
    let prefix = format!("{}:{}:", f.database, f.kind.name());
    let name = f.id.strip_prefix(&prefix).unwrap_or(&f.id);
    let _ = write!(
        out,
        "    <testcase classname=\"{}.{}\" name=\"{}\"",
        attr(&f.database),
        f.kind.name(),
        attr(name)
    );
    let details = || text(&body(spec, f));
    let kind = f.kind.name();
    let message = attr(&f.message);
    match f.status {
        Status::Pass => out.push_str("/>\n"),
        Status::Fail => {
            counts.failures += 1;
            let _ = writeln!(
                out,
                ">\n      <failure type=\"{kind}\" message=\"{message}\">{}</failure>\n    </testcase>",
                details()
            );
        }
        Status::Warn if deny_warnings => {
            counts.failures += 1;
            let _ = writeln!(
                out,
                ">\n      <failure type=\"warning\" message=\"{message}\">{}</failure>\n    </testcase>",
                details()
            );
        }
        Status::Warn => {
            let _ =
                writeln!(out, ">\n      <system-out>warning: {}</system-out>\n    </testcase>", details());
        }
        Status::Skip => {
            counts.skipped += 1;
            let _ = writeln!(
                out,
                ">\n      <skipped message=\"{message}\">{}</skipped>\n    </testcase>",
                details()
            );
        }
    }
}

/// The message, expected and actual values, the data behind a risk, and
/// where the expectation is written.
fn body(spec: &str, f: &Finding) -> String {
    let mut lines = vec![f.message.clone()];
    lines.extend(super::detail_lines(f));
    match f.location {
        Some(at) => lines.push(format!("at: {spec}:{at}")),
        None => lines.push(format!("at: {spec}")),
    }
    lines.join("\n")
}

/// A spec that does not load: one suite, `spec`, with an error test case per
/// spec error, so the CI shows why nothing was checked.
pub fn junit_spec_errors(spec: &str, errors: &SpecErrors) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<!-- pgconform {}: could not check: the spec has errors -->",
        env!("CARGO_PKG_VERSION")
    );
    let n = errors.0.len();
    let _ = writeln!(out, "<testsuites name=\"pgconform\" tests=\"{n}\" failures=\"0\" errors=\"{n}\">");
    let _ = writeln!(
        out,
        "  <testsuite name=\"spec\" tests=\"{n}\" failures=\"0\" errors=\"{n}\" skipped=\"0\" file=\"{}\">",
        attr(spec)
    );
    for error in &errors.0 {
        let file = error.file.display().to_string();
        let place = match error.at {
            Some(at) => format!("{file}:{at}"),
            None => file,
        };
        let mut body = format!("{place}: {}", error.message);
        if let Some(hint) = &error.hint {
            let _ = write!(body, "\nhint: {hint}");
        }
        let _ = writeln!(
            out,
            "    <testcase classname=\"spec\" name=\"{}\">\n      <error type=\"spec-error\" message=\"{}\">{}</error>\n    </testcase>",
            attr(&place),
            attr(&error.message),
            text(&body)
        );
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// Text content: markup characters escaped; characters XML 1.0 cannot carry
/// at all (control characters other than tab and newline) written visibly.
pub(crate) fn text(s: &str) -> String {
    escape(s, false)
}

/// An attribute value: as text, and quotes too; tabs and line breaks as
/// character references, which attribute normalisation would otherwise turn
/// into spaces.
pub(crate) fn attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            // A parser turns a raw CR into LF; a reference keeps it.
            '\r' => out.push_str("&#13;"),
            '\n' | '\t' => out.push(c),
            // Not allowed in XML 1.0, not even as a reference.
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(text("a < b && c > d"), "a &lt; b &amp;&amp; c &gt; d");
        assert_eq!(text("it's \"quoted\""), "it's \"quoted\"", "quotes are fine in text");
        assert_eq!(attr("it's \"quoted\""), "it&apos;s &quot;quoted&quot;");
        assert_eq!(text("]]>"), "]]&gt;", "no CDATA end can appear");
    }

    #[test]
    fn line_breaks_survive_attribute_normalisation() {
        assert_eq!(attr("one\ntwo\tthree\r"), "one&#10;two&#9;three&#13;");
        assert_eq!(text("one\ntwo\tthree\r"), "one\ntwo\tthree&#13;");
    }

    #[test]
    fn control_characters_xml_cannot_carry_are_written_visibly() {
        assert_eq!(text("bell\u{7}esc\u{1b}nul\u{0}"), "bell\\u{7}esc\\u{1b}nul\\u{0}");
        assert_eq!(attr("\u{FFFF}"), "\\u{ffff}");
        // Unicode beyond those is kept as is.
        assert_eq!(text("✔ é 数据"), "✔ é 数据");
    }
}
