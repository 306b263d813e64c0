//! The SARIF 2.1.0 format, for code scanning dashboards (GitHub code
//! scanning, Azure DevOps, SonarQube…): every check that needs attention is a
//! result located at its line in the spec file.
//!
//! ```json
//! { "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
//!   "runs": [{ "tool": { "driver": { "name": "pgconform", "rules": [
//!       { "id": "column-type", "name": "ColumnType", "shortDescription": {…}, "help": {…} }, …] } },
//!     "results": [{ "ruleId": "column-type", "ruleIndex": 5, "level": "error",
//!       "message": { "text": "column public.conversations.id is text, expected uuid\n…" },
//!       "locations": [{ "physicalLocation": {
//!         "artifactLocation": { "uri": "expected_schema.yaml", "uriBaseId": "%SRCROOT%" },
//!         "region": { "startLine": 24, "startColumn": 27 } } }],
//!       "partialFingerprints": { "pgconformCheckId/v1": "digitalocean:column-type:public.conversations.id" } }],
//!     "invocations": [{ "executionSuccessful": true, "exitCode": 1 }] }] }
//! ```
//!
//! A rule per check kind (its kebab-case name is the rule id), and for
//! `pgconform lint` a rule per lint rule that reports (the rule's name is
//! its id, its documentation the rule's description and help). Failures are
//! `error`, warnings `warning`, skipped checks `note`; passes are not results
//! (a dashboard lists problems, and the summary in the invocation's
//! properties counts them). The fingerprint is the stable check id, so a
//! dashboard tracks one problem across runs even when the spec's lines move.
//! A relative spec path is relative to `%SRCROOT%`, the checkout's root, which
//! is how GitHub resolves it when pgconform runs from the repository's root.

use super::Outcome;
use crate::diff::{CheckKind, Finding, Report, Status};
use crate::location::Location;
use crate::spec::{Severity, SpecErrors};
use serde_json::{Value, json};

pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const FINGERPRINT: &str = "pgconformCheckId/v1";

pub fn sarif(report: &Report, deny_warnings: bool) -> String {
    let outcome = Outcome::of(report, deny_warnings);
    let mut rules = Rules::new();
    let mut results = Vec::new();
    for db in &report.databases {
        if let Some(error) = &db.error {
            let kind = CheckKind::Connection.name();
            results.push(json!({
                "ruleId": kind,
                "ruleIndex": rules.index(kind),
                "level": "error",
                "message": { "text": format!("{}: could not check: {error}", db.name) },
                "locations": [location(&report.spec, None)],
                "partialFingerprints": { FINGERPRINT: format!("{}:{kind}", db.name) },
            }));
        }
        for f in &db.findings {
            let level = match f.status {
                Status::Pass => continue,
                Status::Fail => "error",
                Status::Warn => "warning",
                Status::Skip => "note",
            };
            // A lint finding reports under its lint rule, any other under its kind.
            let rule_id = f.rule.unwrap_or(f.kind.name());
            results.push(json!({
                "ruleId": rule_id,
                "ruleIndex": rules.index(rule_id),
                "level": level,
                "message": { "text": message(f) },
                "locations": [location(&report.spec, f.location)],
                "partialFingerprints": { FINGERPRINT: f.id },
                "properties": { "database": f.database, "object": f.object, "status": f.status },
            }));
        }
    }
    let summary = report.summary();
    document(rules.rules, results, outcome, json!({ "summary": summary }))
}

/// The run's rules: every check kind, then each lint rule a result reports
/// under, in order of first use.
struct Rules {
    ids: Vec<String>,
    rules: Vec<Value>,
}

impl Rules {
    fn new() -> Rules {
        Rules {
            ids: CheckKind::ALL.iter().map(|k| k.name().to_string()).collect(),
            rules: CheckKind::ALL.iter().map(|k| kind_rule(*k)).collect(),
        }
    }

    /// The rule's place in the list, added first if it is new.
    fn index(&mut self, id: &str) -> usize {
        if let Some(i) = self.ids.iter().position(|known| known == id) {
            return i;
        }
        self.ids.push(id.to_string());
        self.rules.push(lint_rule(id));
        self.ids.len() - 1
    }
}

/// A spec that does not load: a result at each error's line, under the one
/// rule `spec`.
pub fn sarif_spec_errors(errors: &SpecErrors) -> String {
    let rules = vec![json!({
        "id": "spec",
        "name": "Spec",
        "shortDescription": { "text": "The spec file is valid." },
        "fullDescription": { "text": "The spec file is YAML in pgconform's format: known keys, values of the right type, references to declared objects." },
        "help": { "text": "Fix the spec at the result's location; the message says what is wrong and, where it can, what to write instead. `pgconform schema` prints the format's JSON Schema for editor completion." },
        "defaultConfiguration": { "level": "error" },
    })];
    let results: Vec<Value> = errors
        .0
        .iter()
        .map(|e| {
            let mut text = e.message.clone();
            if let Some(hint) = &e.hint {
                text.push_str("\nhint: ");
                text.push_str(hint);
            }
            json!({
                "ruleId": "spec",
                "ruleIndex": 0,
                "level": "error",
                "message": { "text": text },
                "locations": [location(&e.file.display().to_string(), e.at)],
            })
        })
        .collect();
    document(rules, results, Outcome::CouldNotCheck, json!({ "spec_errors": errors.0.len() }))
}

fn document(rules: Vec<Value>, results: Vec<Value>, outcome: Outcome, properties: Value) -> String {
    let value = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "pgconform",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            } },
            // Columns count characters, as the spec's locations do.
            "columnKind": "unicodeCodePoints",
            "results": results,
            "invocations": [{
                // Could not check (exit 2) is the one outcome where the tool did not do its job.
                "executionSuccessful": outcome != Outcome::CouldNotCheck,
                "exitCode": outcome.exit_code(),
                "properties": properties,
            }],
        }],
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn kind_rule(kind: CheckKind) -> Value {
    let name = pascal_case(kind.name());
    let help = match kind {
        CheckKind::Connection => {
            "Check the connection string (--url, the spec's url:, DATABASE_URL or the PG* variables), the network and the role's rights; the message has the server's answer."
        }
        CheckKind::Probe => {
            "The probe's SQL ran and returned something else: the architecture does not behave as the spec says. Run the probe's SQL by hand to see why."
        }
        CheckKind::Strict => {
            "Declare the object in the spec, drop it, or add a glob that matches it to the schema's or table's `ignore:`."
        }
        CheckKind::Lint => {
            "A comment that opts an object out of lint rules must name a rule: `pgconform lint --list` lists them."
        }
        _ => {
            "The message says what the spec expects and what the database has. `pgconform fix` prints the SQL that brings the database to the spec, in order and in one transaction."
        }
    };
    json!({
        "id": kind.name(),
        "name": name,
        "shortDescription": { "text": kind.description() },
        "help": { "text": help },
        "defaultConfiguration": { "level": "error" },
    })
}

/// A lint rule, described from its documentation (`pgconform lint --explain`).
fn lint_rule(name: &str) -> Value {
    let Some(rule) = crate::lint::rules::ALL.iter().find(|r| r.name == name) else {
        return json!({ "id": name, "name": pascal_case(name), "shortDescription": { "text": format!("Lint rule {name}.") } });
    };
    let level = match rule.default {
        Severity::Error => "error",
        Severity::Warn => "warning",
        Severity::Off => "none",
    };
    json!({
        "id": rule.name,
        "name": pascal_case(rule.name),
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": rule.what },
        "help": { "text": format!("{}\n\n{}", rule.why, rule.fix) },
        "defaultConfiguration": { "level": level },
        "properties": { "tags": ["lint"] },
    })
}

/// `column-type` → `ColumnType`, SARIF's readable rule name.
fn pascal_case(kebab: &str) -> String {
    kebab
        .split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or(String::new(), |c| c.to_ascii_uppercase().to_string() + chars.as_str())
        })
        .collect()
}

fn message(f: &Finding) -> String {
    let mut lines = vec![f.message.clone()];
    lines.extend(super::detail_lines(f));
    lines.join("\n")
}

fn location(file: &str, at: Option<Location>) -> Value {
    let mut physical = json!({ "artifactLocation": artifact(file) });
    if let Some(at) = at {
        physical["region"] = json!({ "startLine": at.line, "startColumn": at.column });
    }
    json!({ "physicalLocation": physical })
}

/// A spec path as a SARIF artifact location: a relative path is a relative
/// URI under `%SRCROOT%`; an absolute one a `file:` URI on its own.
fn artifact(path: &str) -> Value {
    let path = path.replace('\\', "/");
    if path.starts_with('/') {
        json!({ "uri": format!("file://{}", uri_path(&path)) })
    } else {
        let relative = path.strip_prefix("./").unwrap_or(&path);
        json!({ "uri": uri_path(relative), "uriBaseId": "%SRCROOT%" })
    }
}

/// Percent-encodes what may not stand in a URI path (RFC 3986: unreserved
/// characters, sub-delimiters, `:`, `@` and `/` stay).
fn uri_path(path: &str) -> String {
    let mut out = String::new();
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b':'
            | b'@' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_paths_become_uris() {
        assert_eq!(artifact("expected_schema.yaml")["uri"], "expected_schema.yaml");
        assert_eq!(artifact("expected_schema.yaml")["uriBaseId"], "%SRCROOT%");
        assert_eq!(artifact("./db/spec file #1.yaml")["uri"], "db/spec%20file%20%231.yaml");
        assert_eq!(artifact("/srv/app/spec.yaml")["uri"], "file:///srv/app/spec.yaml");
        assert_eq!(artifact("/srv/app/spec.yaml").get("uriBaseId"), None);
        assert_eq!(artifact("données/spec.yaml")["uri"], "donn%C3%A9es/spec.yaml");
    }

    #[test]
    fn lint_rules_are_described_from_their_documentation_and_never_clash_with_kinds() {
        let known = crate::lint::rules::ALL.first().expect("at least one lint rule");
        let rule = lint_rule(known.name);
        assert_eq!(rule["id"], known.name);
        assert_eq!(rule["shortDescription"]["text"], known.summary);
        assert_eq!(lint_rule("no-such-rule")["name"], "NoSuchRule");
        let mut rules = Rules::new();
        let kinds = rules.ids.len();
        assert_eq!(rules.index(known.name), kinds, "a lint rule comes after the kinds");
        assert_eq!(rules.index(known.name), kinds, "and is added once");
        for lint in crate::lint::rules::ALL.iter() {
            assert!(
                CheckKind::ALL.iter().all(|k| k.name() != lint.name),
                "{} is also a check kind",
                lint.name
            );
        }
    }

    #[test]
    fn every_kind_is_a_rule_with_a_pascal_case_name() {
        let column_type = kind_rule(CheckKind::ColumnType);
        assert_eq!(column_type["id"], "column-type");
        assert_eq!(column_type["name"], "ColumnType");
        let mut ids: Vec<String> = CheckKind::ALL.iter().map(|k| k.name().to_string()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), CheckKind::ALL.len(), "rule ids are unique");
        for kind in CheckKind::ALL {
            assert!(kind_rule(kind)["shortDescription"]["text"].as_str().is_some_and(|t| t.ends_with('.')));
        }
    }
}
