//! The rules' documentation as `lint --list` and `lint --explain` print it,
//! in text for people or JSON for tools. Built from the registry, so the
//! list cannot fall out of step with the rules.

use std::fmt::Write;

use super::registry::{all, find};
use super::rule::{Rule, severity_name};
use serde_json::json;

/// Width the prose of `--explain` is wrapped to.
const WIDTH: usize = 80;

/// Every rule with its default severity and what it finds, by group.
pub fn list() -> String {
    let width = all().iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = String::from(
        "Lint rules, with their default severity (set them with `lint: { rules: … }` in the spec or --rule NAME=LEVEL):\n",
    );
    let mut group = None;
    for rule in all() {
        if group != Some(rule.group) {
            group = Some(rule.group);
            let _ = writeln!(out, "\n{}", rule.group.title());
        }
        let _ = writeln!(out, "  {:width$}  {:5}  {}", rule.name, severity_name(rule.default), rule.summary);
    }
    out.push_str(
        "\n`pgconform lint --explain RULE` tells what a rule finds, why it matters and how to fix it.\n",
    );
    out
}

/// The same list as a JSON array, with each rule's whole documentation.
pub fn list_json() -> String {
    let rules: Vec<_> = all().iter().map(rule_json).collect();
    let mut text = serde_json::to_string_pretty(&rules).unwrap_or_default();
    text.push('\n');
    text
}

/// One rule's documentation; Err (with a suggestion) for an unknown name.
pub fn explain(name: &str, json: bool) -> Result<String, String> {
    let rule = find(name).ok_or_else(|| super::config::unknown_rule(name))?;
    if json {
        let mut text = serde_json::to_string_pretty(&rule_json(rule)).unwrap_or_default();
        text.push('\n');
        return Ok(text);
    }
    let mut out = format!(
        "{} ({}, default: {})\n{}.\n",
        rule.name,
        rule.group.title(),
        severity_name(rule.default),
        capitalised(rule.summary)
    );
    for (title, text) in [("What it does", rule.what), ("Why it hurts", rule.why), ("How to fix", rule.fix)] {
        let _ = write!(out, "\n{title}\n{}", wrap(text, "  "));
    }
    let off = format!(
        "Turn it off for one object with COMMENT ON … IS 'pgconform:ignore {}', or for a run with --rule {}=off.",
        rule.name, rule.name
    );
    let _ = write!(out, "\n{}", wrap(&off, ""));
    Ok(out)
}

/// The rules as the README's Markdown table shows them (a test keeps the
/// README's copy equal to this).
pub fn markdown_table() -> String {
    let mut out = String::from("| rule | default | finds |\n|---|---|---|\n");
    for rule in all() {
        let _ = writeln!(out, "| `{}` | {} | {} |", rule.name, severity_name(rule.default), rule.summary);
    }
    out
}

fn rule_json(rule: &Rule) -> serde_json::Value {
    json!({
        "name": rule.name,
        "group": rule.group.title(),
        "default": severity_name(rule.default),
        "summary": rule.summary,
        "what": rule.what,
        "why": rule.why,
        "fix": rule.fix,
    })
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or(String::new(), |first| first.to_uppercase().chain(chars).collect())
}

/// Paragraphs (blank-line separated) wrapped to [`WIDTH`], each line indented.
fn wrap(text: &str, indent: &str) -> String {
    let mut out = String::new();
    for (i, paragraph) in text.trim().split("\n\n").enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && indent.len() + line.len() + 1 + word.len() > WIDTH {
                let _ = writeln!(out, "{indent}{line}");
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            let _ = writeln!(out, "{indent}{line}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_wrapped_and_indented() {
        let text = "one two three ".repeat(20);
        let wrapped = wrap(&text, "  ");
        assert!(wrapped.lines().all(|l| l.len() <= WIDTH && l.starts_with("  ")), "{wrapped}");
        assert_eq!(wrapped.split_whitespace().count(), 60);
    }

    #[test]
    fn paragraphs_stay_apart() {
        assert_eq!(wrap("a b\n\nc", "  "), "  a b\n\n  c\n");
    }

    #[test]
    fn the_list_names_every_rule_once() {
        let text = list();
        for rule in all() {
            assert_eq!(text.matches(&format!("  {} ", rule.name)).count(), 1, "{}", rule.name);
        }
    }

    #[test]
    fn explaining_an_unknown_rule_suggests_one() {
        let error = explain("fk-type-mismatsh", false).unwrap_err();
        assert!(error.contains("did you mean `fk-type-mismatch`?"), "{error}");
    }
}
