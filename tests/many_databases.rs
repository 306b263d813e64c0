//! A spec of several databases: checked at once (`--jobs`), reported in spec
//! order, and one unreachable database does not hold back the others.

mod util;

use util::{SpecDir, database, pgconform, text};

/// A probe that waits (up to 10 s) until a session of database `other` runs
/// the same probe: it can only pass when both databases are checked at once.
fn rendezvous_probe(other: &str) -> String {
    format!(
        r#"      - name: meets {other}
        sql: |
          CREATE FUNCTION pg_temp.meet(other text) RETURNS boolean LANGUAGE plpgsql AS $fn$
          BEGIN
            FOR i IN 1..200 LOOP
              PERFORM pg_stat_clear_snapshot();
              IF EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = other AND query LIKE '%meet(%') THEN
                PERFORM pg_sleep(1); -- stay long enough to be met in turn
                RETURN true;
              END IF;
              PERFORM pg_sleep(0.05);
            END LOOP;
            RETURN false;
          END $fn$;
          SELECT pg_temp.meet('{other}')
        expect: true
"#
    )
}

fn db_name(url: &str) -> String {
    url.rsplit('/').next().unwrap().split('?').next().unwrap().to_string()
}

#[test]
fn databases_are_checked_at_once_and_reported_in_spec_order() {
    let a = database("jobsa", "CREATE TABLE t (id int);");
    let b = database("jobsb", "CREATE TABLE t (id int);");
    let (name_a, name_b) = (db_name(&a), db_name(&b));
    let spec = format!(
        "version: 1\ndatabases:\n  zeta:\n    url: {a}\n    schemas: {{ public: {{ tables: {{ t: {{}} }} }} }}\n    probes:\n{}  alpha:\n    url: {b}\n    schemas: {{ public: {{ tables: {{ t: {{}} }} }} }}\n    probes:\n{}",
        rendezvous_probe(&name_b),
        rendezvous_probe(&name_a)
    );
    let dir = SpecDir::new(&spec);
    let out = pgconform(&["check", "--jobs", "2", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> =
        value["databases"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["zeta", "alpha"], "spec order, not name or finishing order");

    // One at a time, neither probe can meet the other.
    let out = pgconform(&["check", "--jobs", "1", "-q"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("✘ probe \"meets"), "{}", text(&out.stdout));
}

#[test]
fn an_unreachable_database_is_exit_2_and_the_others_are_still_reported() {
    let good = database("jobsgood", "CREATE TABLE t (id int);");
    let spec = format!(
        "version: 1\ndatabases:\n  first:\n    url: {good}\n    schemas: {{ public: {{ tables: {{ t: {{}} }} }} }}\n  down:\n    url: postgresql://app:Pa55word-down@127.0.0.1:1/nowhere?connect_timeout=3\n    schemas: {{ public: {{ tables: {{ t: {{}} }} }} }}\n  last:\n    url: {good}\n    schemas: {{ public: {{ tables: {{ missing: {{}} }} }} }}\n"
    );
    let dir = SpecDir::new(&spec);
    let out = pgconform(&["check", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(!all.contains("Pa55word-down"), "the password leaked: {all}");
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let dbs = value["databases"].as_array().unwrap();
    assert_eq!(dbs.len(), 3);
    assert_eq!(dbs[0]["error"], serde_json::Value::Null);
    assert!(dbs[1]["error"].as_str().unwrap().contains("127.0.0.1:1"), "{}", dbs[1]["error"]);
    let last_failures = dbs[2]["checks"].as_array().unwrap().iter().filter(|c| c["status"] == "fail").count();
    assert_eq!(last_failures, 1, "the database after the unreachable one is still checked");
    assert_eq!(value["outcome"], "could-not-check");
}
