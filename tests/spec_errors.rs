//! Spec errors: located, with a hint, all collected, exit 2 — and never a panic.

mod util;

use std::path::Path;

fn errors(spec: &str) -> String {
    match pgconform::spec::parse(spec, Path::new("expected_schema.yaml")) {
        Ok(_) => panic!("the spec should not load:\n{spec}"),
        Err(e) => e.to_string(),
    }
}

const HEADER: &str = "version: 1\ndatabases:\n  app:\n    schemas:\n      public:\n        tables:\n";

#[test]
fn malformed_yaml() {
    let text = errors("version: 1\ndatabases:\n  app: [1, 2\n  other: {}\n");
    assert!(text.starts_with("error: expected_schema.yaml:"), "{text}");
    snapshot!("spec_error_malformed_yaml", text);
}

#[test]
fn misspelt_key_suggests_the_near_one() {
    let text = errors(&format!("{HEADER}          messages:\n            colums:\n              id: uuid\n"));
    assert!(text.contains("expected_schema.yaml:8:13"), "{text}");
    assert!(text.contains("did you mean `columns`?"), "{text}");
    snapshot!("spec_error_unknown_key", text);
}

#[test]
fn wrong_value_types() {
    let text = errors(&format!(
        "{HEADER}          t:\n            strict: yes\n            columns:\n              id: [uuid]\n              n: {{ type: int, nullable: 1 }}\n            foreign_keys: {{ columns: [a] }}\n"
    ));
    snapshot!("spec_error_wrong_types", text);
    assert_eq!(text.matches("error:").count(), 4, "every error is reported at once:\n{text}");
}

#[test]
fn duplicate_key() {
    let text = errors(&format!("{HEADER}          t: {{}}\n          u: {{}}\n          t: {{}}\n"));
    assert!(text.contains("expected_schema.yaml:9:11"), "{text}");
    assert!(text.contains("duplicate key `t` (first written at line 7)"), "{text}");
}

#[test]
fn foreign_key_whose_declared_types_differ_is_the_founding_bug() {
    let text = errors(&format!(
        "{HEADER}          conversations:\n            columns:\n              id: text\n          messages:\n            columns:\n              conversation_id: uuid\n            foreign_keys:\n              - {{ columns: [conversation_id], references: conversations(id) }}\n"
    ));
    snapshot!("spec_error_fk_type_mismatch", text);
    assert!(text.contains(":14:17:"), "{text}");
}

#[test]
fn reference_to_an_undeclared_table_in_a_strict_schema() {
    let text = errors(
        "version: 1\ndatabases:\n  app:\n    schemas:\n      public:\n        strict: true\n        tables:\n          Orders: {}\n          items:\n            foreign_keys:\n              - { columns: [order_id], references: orders(id) }\n",
    );
    assert!(text.contains("not declared in strict schema `public`"), "{text}");
    assert!(text.contains("did you mean `Orders`?"), "{text}");
}

#[test]
fn a_strict_tables_keys_name_only_declared_columns() {
    let text = errors(&format!(
        "{HEADER}          messages:\n            strict: true\n            columns: {{ id: uuid, conversation_id: uuid }}\n            primary_key: [idd]\n            foreign_keys:\n              - {{ columns: [conversation_idd], references: conversations(id) }}\n            indexes:\n              - {{ columns: [conversation_id, created_at] }}\n"
    ));
    assert!(text.contains(":10:26: the primary key names column `idd`"), "{text}");
    assert!(text.contains("did you mean `id`?"), "{text}");
    assert!(text.contains("a foreign key names column `conversation_idd`"), "{text}");
    assert!(text.contains("did you mean `conversation_id`?"), "{text}");
    assert!(text.contains("an index names column `created_at`"), "{text}");
}

#[test]
fn bad_values_name_the_choices() {
    let text = errors(&format!(
        "{HEADER}          t:\n            columns: {{ id: \"varchar(20\" }}\n            foreign_keys:\n              - {{ columns: [a], references: u(id), on_delete: cascde }}\n            triggers:\n              tr: {{ timing: afterwards }}\n        functions:\n          \"f(\": {{}}\n        views:\n          v: {{ sql_file: nowhere.sql }}\n"
    ));
    snapshot!("spec_error_bad_values", text);
}

#[test]
fn empty_and_versionless_specs() {
    assert!(errors("").contains("the spec file is empty"));
    assert!(errors("version: 2\ndatabases: { a: {} }\n").contains("unsupported spec version"));
    assert!(errors("version: 1\n").contains("declares no `databases`"));
}

#[test]
fn the_binary_exits_2_with_the_located_message() {
    let dir = util::SpecDir::new(&format!("{HEADER}          t:\n            colums: {{}}\n"));
    let output = util::pgconform(&["check"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let stderr = util::text(&output.stderr);
    assert!(stderr.contains("expected_schema.yaml:8:13: unknown key `colums`"), "{stderr}");
    assert!(util::text(&output.stdout).is_empty());

    let json = util::pgconform(&["check", "--format", "json"], dir.path());
    assert_eq!(json.status.code(), Some(2));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON on stdout");
    assert_eq!(value["outcome"], "could-not-check");
    assert_eq!(value["spec_errors"][0]["line"], 8);
    assert_eq!(value["spec_errors"][0]["column"], 13);
    assert!(value["spec_errors"][0]["hint"].as_str().unwrap().contains("did you mean `columns`?"));
}

#[test]
fn random_and_mangled_input_never_panics() {
    // A bounded property test: mangle a valid spec in many small ways; each
    // result must be a valid spec or a located error, never a panic.
    let valid =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/expected_schema.yaml")).unwrap();
    let bytes = valid.as_bytes();
    let mut seed: u64 = 0x9e3779b97f4a7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let specials = [
        b':', b'-', b'[', b']', b'{', b'}', b'"', b'\'', b'&', b'*', b'!', b'\n', b' ', b'\t', b'#', b'|',
        b'>',
    ];
    for _ in 0..400 {
        let mut mangled = bytes.to_vec();
        for _ in 0..(next() % 4 + 1) {
            let at = (next() as usize) % mangled.len();
            match next() % 3 {
                0 => mangled[at] = specials[(next() as usize) % specials.len()],
                1 => {
                    mangled.remove(at);
                }
                _ => mangled.truncate(at),
            }
        }
        let text = String::from_utf8_lossy(&mangled);
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("expected_schema.yaml");
        if let Err(e) = pgconform::spec::parse(&text, &dir) {
            for error in &e.0 {
                assert!(
                    error.at.is_some() || error.message.contains("cannot read"),
                    "unlocated error: {error}"
                );
            }
        }
    }
}

#[test]
fn random_yaml_documents_end_in_a_spec_or_a_located_error() {
    // A bounded property test over documents built from the format's own keys
    // and hostile scalars, nested at random: every one must load or fail with
    // located errors, never panic.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    const KEYS: &[&str] = &[
        "version",
        "databases",
        "app",
        "url",
        "schemas",
        "public",
        "tables",
        "columns",
        "id",
        "type",
        "nullable",
        "default",
        "primary_key",
        "foreign_keys",
        "references",
        "on_delete",
        "indexes",
        "checks",
        "triggers",
        "timing",
        "events",
        "functions",
        "f(int)",
        "views",
        "sql",
        "sql_file",
        "absent_tables",
        "absent_columns",
        "migrate",
        "probes",
        "expect",
        "lint",
        "rules",
        "strict",
        "ignore",
        "Ωmega",
        "a b",
    ];
    const SCALARS: &[&str] = &[
        "1",
        "uuid",
        "null",
        "~",
        "true",
        "'x'",
        "\"\"",
        "${UNSET}",
        "t(id)",
        "varchar(",
        "-1",
        "1e309",
        "[]",
        "{}",
        "now()",
        "cascade",
        "after",
        "\"a\\u0000b\"",
        "'it''s'",
        "&a",
        "*a",
        "!!binary AA==",
    ];
    fn node(depth: usize, next: &mut dyn FnMut() -> u64, out: &mut String, indent: usize) {
        let pad = " ".repeat(indent);
        match if depth == 0 { 0 } else { next() % 4 } {
            0 => out.push_str(&format!(" {}\n", SCALARS[(next() % SCALARS.len() as u64) as usize])),
            1 => {
                out.push('\n');
                for _ in 0..next() % 3 + 1 {
                    out.push_str(&format!("{pad}-"));
                    node(depth - 1, next, out, indent + 2);
                }
            }
            _ => {
                out.push('\n');
                for _ in 0..next() % 4 + 1 {
                    out.push_str(&format!("{pad}{}:", KEYS[(next() % KEYS.len() as u64) as usize]));
                    node(depth - 1, next, out, indent + 2);
                }
            }
        }
    }
    for _ in 0..500 {
        let mut text = String::from("version: 1\ndatabases:\n  app:");
        node(5, &mut next, &mut text, 4);
        let path = Path::new("expected_schema.yaml");
        let outcome = std::panic::catch_unwind(|| pgconform::spec::parse(&text, path));
        match outcome {
            Err(_) => panic!("the loader panicked on:\n{text}"),
            Ok(Ok(_)) => {}
            Ok(Err(errors)) => {
                for error in &errors.0 {
                    assert!(
                        error.at.is_some() || error.message.contains("cannot read"),
                        "unlocated error {error} for:\n{text}"
                    );
                }
            }
        }
    }
}
