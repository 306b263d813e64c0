//! The human format: grouped by database, one line per expectation, the
//! spec line it came from, what was expected and found on failures, and a
//! summary line.

use super::{Outcome, needs_attention};
use crate::diff::{Finding, Report, Status};
use owo_colors::OwoColorize;
use std::fmt::Write;

/// Status marks: Unicode where the terminal can show it, ASCII elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symbols {
    Unicode,
    Ascii,
}

impl Symbols {
    /// Unicode when the locale says UTF-8 (as terminals that can show it set),
    /// ASCII otherwise.
    pub fn detect(env: &dyn Fn(&str) -> Option<String>) -> Symbols {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].iter().find_map(|k| env(k).filter(|v| !v.is_empty()));
        match locale {
            Some(l) if l.to_ascii_lowercase().replace('-', "").contains("utf8") => Symbols::Unicode,
            _ => Symbols::Ascii,
        }
    }

    fn mark(self, status: Status) -> &'static str {
        match (self, status) {
            (Symbols::Unicode, Status::Pass) => "✔",
            (Symbols::Unicode, Status::Fail) => "✘",
            (Symbols::Unicode, Status::Warn) => "!",
            (Symbols::Unicode, Status::Skip) => "○",
            (Symbols::Ascii, Status::Pass) => "ok",
            (Symbols::Ascii, Status::Fail) => "FAIL",
            (Symbols::Ascii, Status::Warn) => "warn",
            (Symbols::Ascii, Status::Skip) => "skip",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    pub color: bool,
    pub symbols: Symbols,
    /// `-q`: only what is not a pass.
    pub quiet: bool,
    /// `-v`: expected/actual and details on passing lines too.
    pub verbose: bool,
    pub deny_warnings: bool,
}

pub fn human(report: &Report, options: &HumanOptions) -> String {
    let mut out = String::new();
    let paint = Painter { color: options.color };
    for db in &report.databases {
        let version = db.server_version.as_ref().map_or(String::new(), |v| format!(" (PostgreSQL {v})"));
        let _ = writeln!(out, "{}{}", paint.bold(&db.name), paint.dim(&version));
        if let Some(error) = &db.error {
            let _ = writeln!(
                out,
                "  {} could not check: {error}",
                paint.status(Status::Fail, options.symbols.mark(Status::Fail))
            );
        }
        for finding in &db.findings {
            if options.quiet && !needs_attention(finding.status) {
                continue;
            }
            line(&mut out, &report.spec, finding, options, &paint);
        }
        out.push('\n');
    }
    let s = report.summary();
    let outcome = Outcome::of(report, options.deny_warnings);
    let verdict = match outcome {
        Outcome::Conforms => paint.status(Status::Pass, "conforms"),
        Outcome::DoesNotConform => paint.status(Status::Fail, "does not conform"),
        Outcome::CouldNotCheck => paint.status(Status::Fail, "could not check every database"),
    };
    let errors = report.databases.iter().filter(|d| d.error.is_some()).count();
    let unreachable = if errors > 0 { format!(", {errors} not checked") } else { String::new() };
    let _ = writeln!(
        out,
        "{} passed, {} failed, {} warnings, {} skipped{unreachable}: {verdict}",
        s.pass, s.fail, s.warn, s.skip
    );
    if options.symbols == Symbols::Ascii { out.replace('→', "->").replace('…', "...") } else { out }
}

fn line(out: &mut String, spec: &str, f: &Finding, options: &HumanOptions, paint: &Painter) {
    let mark = paint.status(f.status, options.symbols.mark(f.status));
    let location = f.location.map_or(String::new(), |l| format!("  {spec}:{l}"));
    let _ = writeln!(out, "  {mark} {}{}", f.message, paint.dim(&location));
    if f.status == Status::Pass && !options.verbose {
        return;
    }
    // A message that already names what was found needs no expected/actual
    // lines, unless -v asks for them.
    if let (Some(expected), Some(actual)) = (&f.expected, &f.actual)
        && (options.verbose || !f.message.contains(actual.as_str()))
    {
        let _ = writeln!(out, "      expected: {expected}");
        let _ = writeln!(out, "      actual:   {actual}");
    }
    for detail in &f.details {
        let _ = writeln!(out, "      {}", paint.dim(detail));
    }
    // A lint finding's suggested SQL, one statement per line under `fix:`; a
    // failing expectation's repair only with -v (`pgconform fix` prints them all).
    let show_fix = f.rule.is_some() || options.verbose;
    for (i, statement) in f.fix_sql.iter().filter(|_| show_fix).flat_map(|sql| sql.lines()).enumerate() {
        let _ = writeln!(out, "      {}{}", if i == 0 { "fix: " } else { "     " }, paint.dim(statement));
    }
}

struct Painter {
    color: bool,
}

impl Painter {
    fn bold(&self, text: &str) -> String {
        if self.color { text.bold().to_string() } else { text.to_string() }
    }

    fn dim(&self, text: &str) -> String {
        if self.color && !text.is_empty() { text.dimmed().to_string() } else { text.to_string() }
    }

    fn status(&self, status: Status, text: &str) -> String {
        if !self.color {
            return text.to_string();
        }
        match status {
            Status::Pass => text.green().to_string(),
            Status::Fail => text.red().bold().to_string(),
            Status::Warn => text.yellow().to_string(),
            Status::Skip => text.cyan().to_string(),
        }
    }
}
