//! `pgconform diagram`: the founding case's picture (snapshot), the same
//! picture marked by `--check` against its legacy database, and a live one.

mod util;

use std::path::Path;
use util::{database, pgconform, text};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_founding_case_diagram() {
    let out = pgconform(&["diagram", "expected_schema.yaml", "--database", "digitalocean"], repo());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    snapshot!("diagram_founding_case", text(&out.stdout));
}

#[test]
fn check_marks_the_failing_tables() {
    let legacy = std::fs::read_to_string(repo().join("examples/digitalocean_legacy.sql")).unwrap();
    let url = database("diagram_legacy", &legacy);
    let out = pgconform(
        &["diagram", "expected_schema.yaml", "--database", "digitalocean", "--url", &url, "--check"],
        repo(),
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("FAIL checks \""), "{stdout}");
    let messages = stdout.split("messages {").nth(1).expect("messages is drawn");
    assert!(messages.split('}').next().unwrap().contains("does not exist"), "{stdout}");
}

#[test]
fn a_live_database_is_drawn_with_its_keys_and_edges() {
    let url = database(
        "diagram_live",
        r#"CREATE TABLE "Parent Table" (id int PRIMARY KEY, code text UNIQUE);
           CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES "Parent Table"(id), note text);"#,
    );
    let dir = tempfile::tempdir().unwrap();
    let out = pgconform(&["diagram", "--url", &url], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert_eq!(
        stdout,
        "erDiagram\n    Parent_Table {\n        integer id PK\n        text code UK\n    }\n    child {\n        integer id PK\n        integer parent_id FK\n    }\n    child }o--|| Parent_Table : \"parent_id\"\n"
    );
}

#[test]
fn several_databases_need_a_choice() {
    let out = pgconform(&["diagram", "expected_schema.yaml"], repo());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--database NAME"), "{}", text(&out.stderr));
}
