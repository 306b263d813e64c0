//! Pointed at production: `check`, `lint`, `inspect` and `fix` (without `--apply`) never write,
//! work on a database that refuses writes, and on a role that may connect and
//! read the catalog but no table, report what they could not check as not
//! checked rather than as missing.

mod util;

use util::{SpecDir, database, pgconform, text};

const SCHEMA: &str = r#"
    CREATE SCHEMA billing;
    CREATE TABLE billing.invoices (
        id int PRIMARY KEY,
        amount numeric CHECK (amount >= 0),
        status text NOT NULL DEFAULT 'open',
        code text
    );
    CREATE INDEX invoices_open ON billing.invoices (lower(code)) WHERE status = 'open';
    CREATE VIEW billing.open_invoices AS SELECT id, amount FROM billing.invoices WHERE status = 'open';
    CREATE TABLE billing.old_invoices (id int);
    INSERT INTO billing.invoices VALUES (1, 10, 'open', 'A'), (2, 20, 'paid', 'B');
    INSERT INTO billing.old_invoices VALUES (1);
"#;

/// Written differently from the database in every compared expression, so
/// that each comparison needs the server's canonical form.
const SPEC: &str = r#"version: 1
databases:
  app:
    schemas:
      billing:
        tables:
          invoices:
            columns:
              id: int4
              amount: numeric
              status: { type: text, nullable: false, default: "'open'::text" }
              code: { type: uuid }
            checks: ["amount >= 0"]
            indexes:
              - { name: invoices_open, columns: ["lower((code)::text)"], where: "(status = 'open'::text)" }
        views:
          open_invoices: { sql: "select id, amount from billing.invoices where status = 'open'" }
        absent_tables: [old_invoices]
"#;

#[test]
fn a_database_that_refuses_writes_is_checked_and_planned() {
    let url = database("readonlydb", SCHEMA);
    let name = url.rsplit('/').next().unwrap().split('?').next().unwrap().to_string();
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!("ALTER DATABASE \"{name}\" SET default_transaction_read_only = on"))
        .unwrap();
    let dir = SpecDir::new(SPEC);

    let check = pgconform(&["check", "--url", &url, "--format", "json"], dir.path());
    assert_eq!(check.status.code(), Some(1), "{}", text(&check.stderr));
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let failing: Vec<&str> = report["databases"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "fail")
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        failing,
        ["app:column-type:billing.invoices.code", "app:absent-table:billing.old_invoices"],
        "only the real differences fail"
    );
    let lint = pgconform(&["lint", "--url", &url, "--format", "json"], dir.path());
    assert_ne!(lint.status.code(), Some(2), "lint runs on a read-only database: {}", text(&lint.stderr));
    let lint: serde_json::Value = serde_json::from_slice(&lint.stdout).unwrap();
    assert_eq!(lint["databases"][0]["error"], serde_json::Value::Null);
    assert!(!lint["databases"][0]["checks"].as_array().unwrap().is_empty(), "it found something to say");
    let inspect = pgconform(&["inspect", "--url", &url], dir.path());
    assert_eq!(
        inspect.status.code(),
        Some(0),
        "inspect reads a read-only database: {}",
        text(&inspect.stderr)
    );
    assert!(text(&inspect.stdout).contains("invoices:"), "{}", text(&inspect.stdout));
    let plan = pgconform(&["fix", "--url", &url, "--allow-destructive"], dir.path());
    assert_eq!(plan.status.code(), Some(1), "values 'A' and 'B' are not uuids: {}", text(&plan.stderr));
    assert!(text(&plan.stdout).contains("2 of 2 billing.invoices.code values will not convert"));
}

#[test]
fn a_role_that_reads_only_the_catalog_gets_not_checked_never_missing() {
    let url = database("catalogonly", SCHEMA);
    let name = url.rsplit('/').next().unwrap().split('?').next().unwrap().to_string();
    let role = format!("reader_{name}");
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!(
            "CREATE ROLE \"{role}\" LOGIN; REVOKE ALL ON DATABASE \"{name}\" FROM PUBLIC; \
             GRANT CONNECT ON DATABASE \"{name}\" TO \"{role}\"; GRANT USAGE ON SCHEMA billing TO \"{role}\";"
        ))
        .unwrap();
    let reader_url = url.replacen("postgres@", &format!("{role}@"), 1);
    assert_ne!(reader_url, url);
    let dir = SpecDir::new(SPEC);

    let out = pgconform(&["check", "--url", &reader_url, "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["databases"][0]["error"], serde_json::Value::Null);
    let checks = report["databases"][0]["checks"].as_array().unwrap();
    let status = |id: &str| {
        checks.iter().find(|c| c["id"] == id).unwrap_or_else(|| panic!("no check {id}"))["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // Readable from the catalog alone: checked as usual.
    assert_eq!(status("app:column-type:billing.invoices.id"), "pass");
    assert_eq!(status("app:column-default:billing.invoices.status"), "pass");
    assert_eq!(status("app:column-type:billing.invoices.code"), "fail");
    // Comparing these needs the table read: not checked, never "missing".
    assert_eq!(status("app:check:billing.invoices CHECK (amount >= 0)"), "skip");
    assert_eq!(status("app:index:billing.invoices_open"), "skip");
    assert_eq!(status("app:view:billing.open_invoices:definition"), "skip");
    // Still there, whatever it holds.
    assert_eq!(status("app:absent-table:billing.old_invoices"), "fail");
    for check in checks {
        let message = check["message"].as_str().unwrap();
        assert!(!message.contains("missing"), "{message}");
    }
    assert!(report["summary"]["skip"].as_i64().unwrap() >= 3);

    // The linter reads the catalog alone (and samples only what it may read).
    let lint = pgconform(&["lint", "--url", &reader_url, "--format", "json"], dir.path());
    assert_ne!(lint.status.code(), Some(2), "{}", text(&lint.stderr));
    let lint: serde_json::Value = serde_json::from_slice(&lint.stdout).unwrap();
    assert_eq!(lint["databases"][0]["error"], serde_json::Value::Null, "{lint}");

    // So does inspect: a spec of what the catalog says, nothing read from tables.
    let inspect = pgconform(&["inspect", "--url", &reader_url], dir.path());
    assert_eq!(inspect.status.code(), Some(0), "{}", text(&inspect.stderr));
    assert!(text(&inspect.stdout).contains("old_invoices:"), "{}", text(&inspect.stdout));
}
