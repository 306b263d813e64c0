//! `pgconform schema`: the spec's JSON Schema, generated from the same shape
//! the decoder reads. The repository's spec and the README's example must
//! validate against it, the copy kept in `schemas/` must be current, and on
//! small specs the schema and the decoder must agree about what is valid.

mod util;

use pgconform::spec::yaml::{self, Node, Value as Yaml};
use serde_json::{Map, Value};
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn schema() -> Value {
    pgconform::spec::schema::spec_schema()
}

/// A YAML document as the JSON value an editor's schema validator sees.
fn to_json(node: &Node) -> Value {
    match &node.value {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(*b),
        Yaml::Number(text) => match (text.parse::<i64>(), text.parse::<f64>()) {
            (Ok(i), _) => i.into(),
            (_, Ok(f)) => serde_json::Number::from_f64(f).map_or_else(|| text.clone().into(), Value::Number),
            _ => text.clone().into(),
        },
        Yaml::String(s) => s.clone().into(),
        Yaml::Seq(items) => items.iter().map(to_json).collect(),
        Yaml::Map(entries) => {
            entries.iter().map(|(k, v)| (k.text.clone(), to_json(v))).collect::<Map<_, _>>().into()
        }
    }
}

fn yaml_to_json(text: &str) -> Value {
    to_json(&yaml::parse(text).unwrap_or_else(|e| panic!("YAML: {}: {}", e.at, e.message)))
}

fn violations(spec_text: &str) -> Vec<String> {
    util::schema_violations(&schema(), &yaml_to_json(spec_text))
}

#[test]
fn the_repository_spec_validates() {
    let text = std::fs::read_to_string(Path::new(ROOT).join("expected_schema.yaml")).unwrap();
    assert_eq!(violations(&text), Vec::<String>::new());
}

#[test]
fn the_readme_spec_example_validates() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let section = readme.split("\n## The spec file").nth(1).expect("the README's spec section");
    let example =
        section.split("```yaml\n").nth(1).and_then(|s| s.split("\n```").next()).expect("its example");
    assert!(example.contains("databases:") && example.contains("foreign_keys:"), "{example}");
    assert_eq!(violations(example), Vec::<String>::new());
    // The example is a spec the decoder takes too (its files are not read here:
    // only errors other than missing files count).
    if let Err(errors) = pgconform::spec::parse(example, &Path::new(ROOT).join("README.yaml")) {
        let other: Vec<_> = errors.0.iter().filter(|e| !e.message.starts_with("cannot read")).collect();
        assert!(other.is_empty(), "{other:#?}");
    }
}

#[test]
fn the_kept_copy_is_current_and_the_command_prints_it() {
    let generated = pgconform::spec::schema::spec_schema_text();
    let kept = std::fs::read_to_string(Path::new(ROOT).join("schemas/spec.schema.json")).unwrap_or_default();
    assert!(
        kept == generated,
        "schemas/spec.schema.json is out of date: run `cargo run -- schema -o schemas/spec.schema.json`"
    );
    let dir = tempfile::tempdir().unwrap();
    let printed = util::pgconform(&["schema"], dir.path());
    assert_eq!(printed.status.code(), Some(0));
    assert_eq!(util::text(&printed.stdout), generated);
    let written = util::pgconform(&["schema", "-o", "spec.schema.json"], dir.path());
    assert_eq!(written.status.code(), Some(0));
    assert!(written.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(dir.path().join("spec.schema.json")).unwrap(), generated);
}

#[test]
fn the_schema_is_a_valid_draft_07_schema() {
    let schema = schema();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    // Against the draft-07 meta-schema, which ships inside the validator crate;
    // the JSON format's schema too.
    if let Err(e) = jsonschema::draft7::meta::validate(&schema) {
        panic!("the spec schema breaks the draft-07 meta-schema: {e}");
    }
    let report: Value = serde_json::from_str(pgconform::report::JSON_OUTPUT_SCHEMA).unwrap();
    if let Err(e) = jsonschema::draft7::meta::validate(&report) {
        panic!("the report schema breaks the draft-07 meta-schema: {e}");
    }
    assert!(
        !jsonschema::draft7::meta::is_valid(&serde_json::json!({ "type": "mapping" })),
        "the check can fail"
    );
}

const HEAD: &str =
    "version: 1\ndatabases:\n  app:\n    schemas:\n      public:\n        tables:\n          t:\n";

/// Specs both the decoder and the schema accept.
const VALID: &[&str] = &[
    "            columns: { id: uuid, n: { type: int, nullable: false, default: 0 }, s: }\n",
    "            columns: { d: { default: null, identity: by default } }\n",
    "            primary_key: id\n            unique: [[a, b], a, { name: u, columns: [c] }]\n",
    "            foreign_keys: [{ columns: a, references: { table: u, columns: [id] }, on_delete: set null }]\n",
    "            checks: [\"a > 0\", { name: c, expression: b < 1 }]\n",
    "            triggers: { tr: { timing: instead of, events: insert, for_each: statement } }\n",
    "            indexes: [{ columns: [lower(email)], where: deleted IS NULL, include: b }]\n",
    "            absent_columns: { old: , other: { migrate: m.sql } }\n",
];

/// Specs both refuse, with the decoder's message for each.
const INVALID: &[(&str, &str)] = &[
    ("            colums: {}\n", "unknown key `colums` in a table"),
    ("            strict: yes\n", "strict must be true or false"),
    ("            columns: { id: [uuid] }\n", "column `id` must be a type"),
    ("            columns: { id: { nullable: 1 } }\n", "nullable must be true or false"),
    ("            foreign_keys: [{ columns: [a] }]\n", "a foreign key needs `references`"),
    (
        "            foreign_keys: [{ columns: [a], references: u(id), on_delete: cascde }]\n",
        "`cascde` is not a valid on_delete action",
    ),
    ("            triggers: { tr: { events: [upsert] } }\n", "`upsert` is not a valid trigger event"),
    ("            indexes: [{ unique: true }]\n", "an index needs `columns`"),
    ("            columns: { id: { identity: sometimes } }\n", "`sometimes` is not a valid identity"),
];

#[test]
fn the_schema_and_the_decoder_agree() {
    for body in VALID {
        let text = format!("{HEAD}{body}");
        assert_eq!(violations(&text), Vec::<String>::new(), "the schema refuses:\n{text}");
        if let Err(errors) = pgconform::spec::parse(&text, Path::new("spec.yaml")) {
            let other: Vec<_> = errors.0.iter().filter(|e| !e.message.starts_with("cannot read")).collect();
            assert!(other.is_empty(), "the decoder refuses:\n{text}\n{other:#?}");
        }
    }
    for (body, message) in INVALID {
        let text = format!("{HEAD}{body}");
        assert!(!violations(&text).is_empty(), "the schema accepts:\n{text}");
        let errors =
            pgconform::spec::parse(&text, Path::new("spec.yaml")).expect_err("the decoder refuses it");
        assert!(errors.0.iter().any(|e| e.message.contains(message)), "{text}\n{errors}");
    }
    // `sql` and `sql_file` exclude each other in both.
    let both = "version: 1\ndatabases:\n  app:\n    schemas:\n      public:\n        views:\n          v: { sql: SELECT 1, sql_file: v.sql }\n";
    assert!(!violations(both).is_empty());
    assert!(pgconform::spec::parse(both, Path::new("spec.yaml")).is_err());
}
