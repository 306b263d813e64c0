//! Round trips counted by the server: `pgconform check` sends the same
//! statements for a 10-table and a 1,000-table database, and the data checks
//! behind findings grow in batches, not per object.
//!
//! The cluster logs every statement (`log_statement = 'all'`) with the
//! application name and the database in the line prefix; a statement is a
//! `statement:` line (simple protocol) or an `execute …:` line (extended
//! protocol: Parse/Bind/Execute, one round trip) of a `pgconform` session on
//! that database.

use std::path::Path;
use std::process::Command;

use pgconform::catalog::CATALOG_STATEMENTS;
use pgconform::scratch::{Cluster, ClusterOptions};

/// Rows checked per count statement (`EXISTS_PER_STATEMENT` in catalog::answer).
const COUNTS_PER_STATEMENT: usize = 500;

fn cluster() -> Cluster {
    Cluster::start_with(ClusterOptions {
        extra_config: vec![
            "log_statement = 'all'".into(),
            // `<<app|database>>` marks where each logged statement comes from.
            "log_line_prefix = '<<%a|%d>> '".into(),
        ],
        ..ClusterOptions::default()
    })
    .expect("start a logging scratch cluster")
}

/// The SQL of a schema shaped like bench/gen_schema.py's: 8 columns, a
/// primary key, one or two foreign keys, two indexes per table, a trigger
/// on one table in ten, a view and a function per hundred tables.
fn schema(tables: usize) -> String {
    let mut sql = String::from(
        "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS \
         $$BEGIN NEW.updated_at := now(); RETURN NEW; END$$;\n",
    );
    for i in 0..tables {
        let mut columns = vec![
            "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY".to_string(),
            "name text NOT NULL".into(),
            "code varchar(32)".into(),
            "amount numeric(12,2) DEFAULT 0".into(),
            "created_at timestamptz NOT NULL DEFAULT now()".into(),
            "updated_at timestamptz".into(),
        ];
        if i > 0 {
            columns.push(format!("parent_id bigint REFERENCES t{} (id) ON DELETE CASCADE", i * 7 / 10));
        }
        if i > 1 {
            columns.push(format!("owner_id bigint REFERENCES t{} (id)", (i * 13) % (i - 1)));
        }
        while columns.len() < 8 {
            columns.push(format!("extra{} integer", columns.len()));
        }
        sql.push_str(&format!("CREATE TABLE t{i} ({});\n", columns.join(", ")));
        sql.push_str(&format!("CREATE INDEX t{i}_name ON t{i} (name);\n"));
        sql.push_str(&format!("CREATE INDEX t{i}_created ON t{i} (created_at);\n"));
        if i % 10 == 0 {
            sql.push_str(&format!(
                "CREATE TRIGGER t{i}_touch BEFORE UPDATE ON t{i} FOR EACH ROW EXECUTE FUNCTION touch();\n"
            ));
        }
        if i % 100 == 99 {
            sql.push_str(&format!("CREATE VIEW v{i} AS SELECT id, name FROM t{i} WHERE amount > 0;\n"));
            sql.push_str(&format!(
                "CREATE FUNCTION f{i}(p bigint) RETURNS bigint LANGUAGE sql STABLE \
                 AS $$ SELECT count(*) FROM t{i} WHERE id > p $$;\n"
            ));
        }
    }
    sql
}

/// A database named `name` holding `tables` tables.
fn database(cluster: &Cluster, name: &str, tables: usize) -> String {
    let url = cluster.create_database(name).expect("create a database");
    let mut client = cluster.connect(name).expect("connect");
    client.batch_execute(&format!("BEGIN;\n{}COMMIT;", schema(tables))).expect("load the schema");
    url
}

fn pgconform(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_pgconform")).args(args).output().expect("run pgconform")
}

/// Writes the spec of the database at `url` (as database `app`) to `path`.
fn inspect(url: &str, path: &Path) {
    let out = pgconform(&["inspect", "--url", url, "--database", "app", "-o", path.to_str().unwrap()]);
    assert!(out.status.success(), "inspect failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// Runs `pgconform check spec --url url` and returns its exit status and the
/// statements the server logged for it: the log's new lines from a
/// `pgconform` session on `database`.
fn check_statements(cluster: &Cluster, spec: &Path, url: &str, database: &str) -> (i32, Vec<String>) {
    let before = std::fs::metadata(cluster.log_file()).map(|m| m.len()).unwrap_or(0);
    let out = pgconform(&["check", spec.to_str().unwrap(), "--url", url, "-q"]);
    let status = out.status.code().unwrap_or(-1);
    assert!(status < 2, "check could not run: {}", String::from_utf8_lossy(&out.stderr));
    let log = std::fs::read(cluster.log_file()).expect("read the server log");
    let new = String::from_utf8_lossy(&log[before as usize..]).into_owned();
    let prefix = format!("<<pgconform|{database}>> LOG:  ");
    let statements = new
        .lines()
        .filter_map(|line| line.strip_prefix(&prefix))
        .filter(|rest| rest.starts_with("statement: ") || rest.starts_with("execute "))
        .map(|rest| {
            // The statement's first line, without the numbered portal name.
            let text = rest.split_once(": ").map_or(rest, |(_, text)| text);
            text.trim().to_string()
        })
        .collect();
    (status, statements)
}

#[test]
fn check_sends_the_same_statements_for_10_and_1000_tables() {
    let cluster = cluster();
    let dir = tempfile::tempdir().unwrap();
    let mut counts = Vec::new();
    for tables in [10, 1000] {
        let name = format!("rt_{tables}");
        let url = database(&cluster, &name, tables);
        let spec = dir.path().join(format!("{name}.yaml"));
        inspect(&url, &spec);
        let (status, statements) = check_statements(&cluster, &spec, &url, &name);
        assert_eq!(status, 0, "the database conforms to its own spec");
        counts.push((tables, statements));
    }
    let (_, small) = &counts[0];
    let (_, large) = &counts[1];
    assert_eq!(
        small.len(),
        large.len(),
        "statements for 10 tables:\n{}\n\nfor 1000 tables:\n{}",
        small.join("\n"),
        large.join("\n")
    );
    assert_eq!(small, large, "the same statements, in the same order");
    // Session settings, BEGIN, the catalog queries, ROLLBACK: nothing more
    // when every expectation passes without a data question.
    assert!(
        small.len() >= CATALOG_STATEMENTS && small.len() <= CATALOG_STATEMENTS + 4,
        "{} statements:\n{}",
        small.len(),
        small.join("\n")
    );
}

#[test]
fn data_checks_grow_in_batches_not_per_table() {
    let cluster = cluster();
    let dir = tempfile::tempdir().unwrap();
    let name = "rt_absent";
    let url = database(&cluster, name, 1200);
    let conforming = dir.path().join("conforming.yaml");
    inspect(&url, &conforming);
    let (_, baseline) = check_statements(&cluster, &conforming, &url, name);

    // Tables that must be gone but are still there: whether each holds data
    // is asked, bounded per table, a few hundred tables per statement.
    let mut counts = Vec::new();
    for absent in [10, COUNTS_PER_STATEMENT + 100, 2 * COUNTS_PER_STATEMENT + 100] {
        let tables: Vec<String> = (0..absent).map(|i| format!("t{i}")).collect();
        let spec = dir.path().join(format!("absent_{absent}.yaml"));
        let text = format!(
            "version: 1\ndatabases:\n  app:\n    schemas:\n      public:\n        absent_tables: [{}]\n",
            tables.join(", ")
        );
        std::fs::write(&spec, text).unwrap();
        let (status, statements) = check_statements(&cluster, &spec, &url, name);
        assert_eq!(status, 1, "tables that must be absent are present");
        counts.push((absent, statements.len()));
    }
    let batches = |n: usize| n.div_ceil(COUNTS_PER_STATEMENT);
    for (absent, count) in &counts {
        // The catalog read, then SAVEPOINT, one count per batch, RELEASE.
        assert_eq!(
            *count,
            baseline.len() + 2 + batches(*absent),
            "{absent} absent tables: {count} statements, {} without them",
            baseline.len()
        );
    }
}
