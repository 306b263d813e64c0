//! Opting an object out of lint rules from the database itself, with a
//! marker in its comment, so that the exception lives (and is reviewed) with
//! the schema rather than in every CI job's flags:
//!
//! ```sql
//! COMMENT ON TABLE legacy_orders IS 'Read by the importer. pgconform:ignore fk-without-index, char-n';
//! COMMENT ON COLUMN users.id IS 'pgconform:ignore';   -- every rule
//! ```
//!
//! `pgconform:ignore` is followed by rule names, separated by spaces or
//! commas; the list ends at the first word that is not kebab-case with a
//! hyphen (rule names all have one). Without names it covers every rule. A
//! marker on a table covers what belongs to the table (columns, constraints,
//! indexes, …), one on a schema everything in it. A misspelt marker or rule
//! name is reported, never silently taken as "every rule".

use std::collections::BTreeMap;

use crate::catalog::CommentTarget;

use super::subject::Subject;

const MARKER: &str = "pgconform:";
const IGNORE: &str = "ignore";

/// The rules a comment's markers opt its object out of.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OptOut {
    /// `pgconform:ignore` without names.
    pub all: bool,
    pub rules: Vec<String>,
    /// Marker words that mean nothing (`pgconform:ignroe`), for a warning.
    pub unknown_markers: Vec<String>,
}

impl OptOut {
    pub fn covers(&self, rule: &str) -> bool {
        self.all || self.rules.iter().any(|r| r == rule)
    }
}

/// Reads every marker in a comment.
pub fn parse(comment: &str) -> OptOut {
    let mut out = OptOut::default();
    let mut rest = comment;
    while let Some(at) = rest.find(MARKER) {
        rest = &rest[at + MARKER.len()..];
        let word_end =
            rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(rest.len());
        let word = &rest[..word_end];
        rest = &rest[word_end..];
        if word != IGNORE {
            out.unknown_markers.push(format!("{MARKER}{word}"));
            continue;
        }
        let mut names = Vec::new();
        loop {
            let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
            let end = trimmed
                .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
                .unwrap_or(trimmed.len());
            let token = &trimmed[..end];
            if token.is_empty() || !token.contains('-') || token.starts_with('-') {
                break;
            }
            names.push(token.to_string());
            rest = &trimmed[end..];
        }
        if names.is_empty() {
            out.all = true;
        }
        out.rules.extend(names);
    }
    out
}

/// Every marked comment of a snapshot, read once per run.
#[derive(Debug, Default)]
pub struct OptOuts {
    by_target: BTreeMap<CommentTarget, OptOut>,
}

impl OptOuts {
    pub fn new(comments: &BTreeMap<CommentTarget, String>) -> OptOuts {
        OptOuts { by_target: comments.iter().map(|(target, text)| (target.clone(), parse(text))).collect() }
    }

    /// Whether a comment on the subject, its table or its schema opts it out of `rule`.
    pub fn covers(&self, subject: &Subject, rule: &str) -> bool {
        subject.comments.iter().any(|target| self.by_target.get(target).is_some_and(|o| o.covers(rule)))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&CommentTarget, &OptOut)> {
        self.by_target.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_marker_until_a_plain_word() {
        let o = parse("Kept for the importer. pgconform:ignore fk-without-index, char-n because legacy");
        assert!(!o.all);
        assert_eq!(o.rules, ["fk-without-index", "char-n"]);
        assert!(o.covers("char-n") && !o.covers("money-type"));
    }

    #[test]
    fn a_bare_marker_covers_every_rule() {
        for text in ["pgconform:ignore", "pgconform:ignore.", "x pgconform:ignore because it is old"] {
            let o = parse(text);
            assert!(o.all, "{text}");
            assert!(o.covers("anything-at-all"));
        }
    }

    #[test]
    fn misspelt_markers_are_kept_for_a_warning_and_cover_nothing() {
        let o = parse("pgconform:ignroe char-n");
        assert_eq!(o.unknown_markers, ["pgconform:ignroe"]);
        assert!(!o.covers("char-n"));
    }

    #[test]
    fn several_markers_add_up() {
        let o = parse("pgconform:ignore char-n; and pgconform:ignore money-type");
        assert_eq!(o.rules, ["char-n", "money-type"]);
    }

    #[test]
    fn no_marker_no_opt_out() {
        assert_eq!(parse("an ordinary comment about ignore"), OptOut::default());
    }
}
