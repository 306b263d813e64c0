//! `pgconform fix` where the data decides: migrations and the drops they
//! feed, rows that violate a constraint about to be added, ids that will not
//! convert and what references them; and how plans are printed (several
//! databases, JSON, one step per object, backups in strict schemas).

mod util;

use util::{SpecDir, database, pgconform, text};

fn fix(dir: &SpecDir, url: &str, extra: &[&str]) -> std::process::Output {
    let spec = dir.spec_path();
    let mut args = vec!["fix", spec.to_str().unwrap(), "--url", url];
    args.extend_from_slice(extra);
    pgconform(&args, dir.path())
}

fn check(dir: &SpecDir, url: &str) -> std::process::Output {
    let spec = dir.spec_path();
    pgconform(&["check", "-q", spec.to_str().unwrap(), "--url", url], dir.path())
}

fn query_i64(url: &str, sql: &str) -> i64 {
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    client.query_one(sql, &[]).unwrap().get(0)
}

fn execute(url: &str, sql: &str) -> Result<(), String> {
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    client.batch_execute(sql).map_err(|e| pgconform::connect::error_text(&e))
}

/// Every row of `table` as text, in order: to tell that nothing changed.
fn rows(url: &str, table: &str) -> String {
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    client
        .query_one(
            &format!("SELECT coalesce(string_agg(t::text, ';' ORDER BY t::text), '') FROM {table} t"),
            &[],
        )
        .unwrap()
        .get(0)
}

fn both(out: &std::process::Output) -> String {
    format!("{}{}", text(&out.stdout), text(&out.stderr))
}

#[test]
fn a_migration_waits_for_the_drop_it_feeds() {
    let url = database(
        "fixmigrate",
        "CREATE TABLE legacy (id int PRIMARY KEY, note text);
         INSERT INTO legacy SELECT g, 'note ' || g FROM generate_series(1, 23) g;",
    );
    // Not idempotent on purpose: run twice, it would copy every note twice.
    let dir = SpecDir::new(&format!(
        "version: 1
databases:
  app:
    url: {url}
    schemas:
      public:
        tables:
          notes:
            columns:
              body: text
          legacy:
            absent_columns:
              note: {{ migrate: migrate.sql }}
"
    ))
    .with_file("migrate.sql", "INSERT INTO notes (body) SELECT note FROM legacy WHERE note IS NOT NULL;\n");

    let plan = fix(&dir, &url, &[]);
    assert_eq!(plan.status.code(), Some(1), "{}", both(&plan));
    let script = text(&plan.stdout);
    assert!(script.contains("-- INSERT INTO notes (body) SELECT note FROM legacy"), "{script}");
    assert!(script.contains("withheld with the drop of public.legacy.note"), "{script}");
    // Run as printed: the table is created, the migration is not.
    execute(&url, &script).unwrap();
    assert_eq!(query_i64(&url, "SELECT count(*) FROM notes"), 0, "the migration waited");

    let applied = fix(&dir, &url, &["--allow-destructive", "--apply"]);
    assert_eq!(applied.status.code(), Some(0), "{}", both(&applied));
    assert_eq!(query_i64(&url, "SELECT count(*) FROM notes"), 23, "every note carried over once");
    assert_eq!(query_i64(&url, "SELECT count(DISTINCT body) FROM notes"), 23);
}

const VIOLATIONS: &str = "
    CREATE TABLE items (id int, sku text, qty int, note text);
    INSERT INTO items VALUES (1, 'a', 1, NULL), (2, 'a', -1, 'x'), (3, 'b', 2, NULL), (4, 'c', -3, 'y'),
                             (5, 'a', 5, 'z'), (6, 'c', 6, 'w');
    CREATE TABLE tags (id int, name text);
    INSERT INTO tags VALUES (1, 'red'), (2, 'red'), (3, 'blue');";

fn violations_spec(url: &str) -> String {
    format!(
        "version: 1
databases:
  app:
    url: {url}
    schemas:
      public:
        tables:
          items:
            columns:
              note: {{ type: text, nullable: false }}
            unique: [[sku]]
            checks:
              - qty > 0
          tags:
            indexes:
              - {{ columns: [name], unique: true, name: tags_name_key }}
"
    )
}

#[test]
fn rows_that_violate_a_new_constraint_are_counted_and_block_the_plan() {
    let url = database("fixviolate", VIOLATIONS);
    let dir = SpecDir::new(&violations_spec(&url));

    // `check` shows the counts.
    let checked = text(&check(&dir, &url).stdout);
    assert!(checked.contains("2 row(s) of public.items hold NULL in note"), "{checked}");
    assert!(checked.contains("2 row(s) of public.items violate CHECK (qty > 0)"), "{checked}");
    assert!(
        checked.contains("5 row(s) of public.items share a value of (sku) with another row"),
        "{checked}"
    );
    assert!(
        checked.contains("2 row(s) of public.tags share a value of (name) with another row"),
        "{checked}"
    );
    assert!(checked.contains("(red) ×2"), "{checked}");

    // The plan is blocked, with the ways out.
    let plan = fix(&dir, &url, &[]);
    assert_eq!(plan.status.code(), Some(1), "{}", both(&plan));
    let script = text(&plan.stdout);
    for expected in [
        "-- UPDATE public.items SET note = <value> WHERE note IS NULL;",
        "-- DELETE FROM public.items WHERE note IS NULL;",
        "-- DELETE FROM public.items WHERE NOT (",
        "HAVING count(*) > 1",
        "row_number() OVER (PARTITION BY name ORDER BY ctid)",
    ] {
        assert!(script.contains(expected), "missing {expected:?} in:\n{script}");
    }
    assert!(text(&plan.stderr).contains("cannot be repaired automatically"), "{}", text(&plan.stderr));

    // Nothing is applied, one run tells all of it.
    let before = rows(&url, "items") + &rows(&url, "tags");
    let applied = fix(&dir, &url, &["--apply"]);
    assert_eq!(applied.status.code(), Some(1), "{}", both(&applied));
    let stderr = text(&applied.stderr);
    assert!(stderr.contains("nothing applied"), "{stderr}");
    for object in ["public.items.note", "qty > 0", "public.items(sku)", "tags_name_key"] {
        assert!(stderr.contains(object), "{object} missing in: {stderr}");
    }
    assert_eq!(rows(&url, "items") + &rows(&url, "tags"), before);

    // The run-time guards stay: the script run as printed raises before any change.
    let err = execute(&url, &script).unwrap_err();
    assert!(err.contains("rows of public.items"), "{err}");
    execute(&url, "ROLLBACK").ok();
    assert_eq!(rows(&url, "items") + &rows(&url, "tags"), before);

    // Once the data is mended, the same plan goes through.
    execute(
        &url,
        "UPDATE items SET note = '' WHERE note IS NULL; DELETE FROM items WHERE NOT (qty > 0);
         DELETE FROM items WHERE id = 5; DELETE FROM tags WHERE id = 2;",
    )
    .unwrap();
    let applied = fix(&dir, &url, &["--apply"]);
    assert_eq!(applied.status.code(), Some(0), "{}", both(&applied));
    assert_eq!(check(&dir, &url).status.code(), Some(0));
}

#[test]
fn clean_data_is_measured_and_goes_through() {
    let url = database(
        "fixclean",
        "CREATE TABLE items (id int, sku text, qty int, note text);
         INSERT INTO items VALUES (1, 'a', 1, 'n'), (2, 'b', 2, 'm'), (3, NULL, 3, 'o'), (4, NULL, 4, 'p');
         CREATE TABLE tags (id int, name text); INSERT INTO tags VALUES (1, 'red');",
    );
    let dir = SpecDir::new(&violations_spec(&url));
    let plan = fix(&dir, &url, &[]);
    assert_eq!(plan.status.code(), Some(0), "{}", both(&plan));
    let script = text(&plan.stdout);
    assert!(script.contains("measured: no row of public.items holds NULL in note"), "{script}");
    assert!(script.contains("measured: no two rows of public.items share a value of (sku)"), "{script}");
    let applied = fix(&dir, &url, &["--apply"]);
    assert_eq!(applied.status.code(), Some(0), "{}", both(&applied));
}

const TEXT_IDS: &str = "
    CREATE TABLE conversations (id text PRIMARY KEY, title text);
    CREATE TABLE messages (id serial PRIMARY KEY,
        conversation_id text NOT NULL REFERENCES conversations (id), body text);
    CREATE TABLE replies (id serial PRIMARY KEY, message_conversation text REFERENCES conversations (id));
    INSERT INTO conversations VALUES ('3f2c8f3e-8d7b-4a57-9d1e-8f7c7a6b5e4d', 'good'), ('conv-1', 'bad'), ('', 'empty');
    INSERT INTO messages (conversation_id, body) VALUES
        ('3f2c8f3e-8d7b-4a57-9d1e-8f7c7a6b5e4d', 'a'), ('conv-1', 'b'), ('conv-1', 'c'), ('', 'd');
    INSERT INTO replies (message_conversation) VALUES ('conv-1'), (NULL);";

fn text_ids_spec(url: &str) -> String {
    format!(
        "version: 1
databases:
  app:
    url: {url}
    schemas:
      public:
        tables:
          conversations:
            columns:
              id: uuid
"
    )
}

/// The commented SQL lines of the option named `option` in the script's header.
fn option_sql(script: &str, option: &str) -> String {
    let mut lines = script.lines().skip_while(|l| !l.contains(option)).skip(1);
    let mut sql = String::new();
    for line in lines.by_ref() {
        let Some(statement) = line.strip_prefix("--   -- ") else { break };
        if statement.starts_with("Option ") {
            break;
        }
        sql.push_str(statement);
        sql.push('\n');
    }
    sql
}

#[test]
fn new_ids_carry_their_references_along() {
    let url = database("fixoptionb", TEXT_IDS);
    let dir = SpecDir::new(&text_ids_spec(&url));
    let plan = fix(&dir, &url, &[]);
    assert_eq!(plan.status.code(), Some(1), "{}", both(&plan));
    let script = text(&plan.stdout);

    // The referencing columns follow conversations.id: no options of their own.
    assert_eq!(script.matches("Option B").count(), 1, "{script}");
    assert!(script.contains("public.messages.conversation_id values will not convert"), "{script}");
    assert!(script.contains("they reference public.conversations.id"), "{script}");

    // The guard, run on the data the plan flagged, says so truthfully.
    let err = execute(&url, &script).unwrap_err();
    assert!(
        err.contains("will not convert to uuid: fix them first, see the options at the top of this script"),
        "{err}"
    );
    assert!(!err.contains("changed since"), "{err}");
    execute(&url, "ROLLBACK").ok();

    // Option B runs as printed, and keeps every reference.
    let option_b = option_sql(&script, "Option B");
    assert!(option_b.contains("DROP CONSTRAINT"), "{option_b}");
    execute(&url, &option_b).unwrap_or_else(|e| panic!("{e}\n{option_b}"));
    assert_eq!(
        query_i64(&url, "SELECT count(*) FROM conversations WHERE title = 'bad' AND id <> 'conv-1'"),
        1
    );
    assert_eq!(
        query_i64(&url, "SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id"),
        4
    );
    assert_eq!(
        query_i64(
            &url,
            "SELECT count(*) FROM replies r JOIN conversations c ON c.id = r.message_conversation"
        ),
        1
    );
    assert_eq!(query_i64(&url, "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"), 2, "keys are back");

    let applied = fix(&dir, &url, &["--apply"]);
    assert_eq!(applied.status.code(), Some(0), "{}", both(&applied));
    assert_eq!(
        query_i64(&url, "SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id"),
        4
    );
}

#[test]
fn option_a_deletes_what_references_the_rows_too() {
    let url = database("fixoptiona", TEXT_IDS);
    let dir = SpecDir::new(&text_ids_spec(&url));
    let script = text(&fix(&dir, &url, &[]).stdout);
    let option_a = option_sql(&script, "Option A");
    execute(&url, &option_a).unwrap_or_else(|e| panic!("{e}\n{option_a}"));
    assert_eq!(query_i64(&url, "SELECT count(*) FROM conversations"), 1);
    assert_eq!(query_i64(&url, "SELECT count(*) FROM messages"), 1);
    let applied = fix(&dir, &url, &["--apply"]);
    assert_eq!(applied.status.code(), Some(0), "{}", both(&applied));
}

#[test]
fn several_databases_get_a_script_each() {
    let a = database("fixmany_a", "CREATE TABLE t (id int);");
    let b = database("fixmany_b", "CREATE TABLE t (id int);");
    let dir = SpecDir::new(&format!(
        "version: 1
databases:
  first:
    url: {a}
    schemas:
      public:
        tables:
          u: {{ columns: {{ id: int }} }}
  second:
    url: {b}
    schemas:
      public:
        tables:
          v: {{ columns: {{ id: int }} }}
"
    ));
    let spec = dir.spec_path();
    let out = pgconform(&["fix", spec.to_str().unwrap(), "-o", "plan.sql"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert!(text(&out.stderr).contains("add --database NAME"), "{}", text(&out.stderr));
    assert!(!dir.path().join("plan.sql").exists(), "nothing written");

    let out =
        pgconform(&["fix", spec.to_str().unwrap(), "--database", "second", "-o", "plan.sql"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let written = std::fs::read_to_string(dir.path().join("plan.sql")).unwrap();
    assert!(written.contains("CREATE TABLE public.v") && !written.contains("public.u"), "{written}");

    let out = pgconform(&["fix", spec.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let stdout = text(&out.stdout);
    let first = stdout.find("-- database: first").expect(&stdout);
    let second = stdout.find("-- database: second").expect(&stdout);
    let create_u = stdout.find("CREATE TABLE public.u").expect(&stdout);
    let create_v = stdout.find("CREATE TABLE public.v").expect(&stdout);
    assert!(first < create_u && create_u < second && second < create_v, "{stdout}");
}

#[test]
fn the_plan_as_json() {
    let url = database("fixjson", VIOLATIONS);
    let dir = SpecDir::new(&violations_spec(&url));
    let out = fix(&dir, &url, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    let value: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out.stdout)));
    assert_eq!(value["schema_version"], 1);
    let db = &value["databases"][0];
    assert_eq!(db["name"], "app");
    assert_eq!(db["complete"], false);
    assert_eq!(db["exit_status"], 1);
    let steps = db["steps"].as_array().unwrap();
    let not_null = steps.iter().find(|s| s["title"] == "make public.items.note NOT NULL").expect("a step");
    assert_eq!(not_null["phase"], "columns");
    assert_eq!(not_null["repairs"][0], "app:column-nullable:public.items.note");
    assert!(not_null["sql"].as_array().unwrap().iter().any(|s| s.as_str().unwrap().contains("SET NOT NULL")));
    assert_eq!(not_null["hazards"][0], "long-lock");
    assert_eq!(not_null["withheld"], false);
    let blockers = db["blockers"].as_array().unwrap();
    assert_eq!(blockers.len(), 4, "{blockers:?}");
    assert!(blockers.iter().any(|b| b["check"] == "app:column-nullable:public.items.note"
        && b["reason"].as_str().unwrap().contains("2 row(s)")
        && !b["alternatives"].as_array().unwrap().is_empty()));

    let clean = database(
        "fixjson_ok",
        "CREATE TABLE items (id int, sku text, qty int, note text); CREATE TABLE tags (id int, name text);",
    );
    let dir = SpecDir::new(&violations_spec(&clean));
    let out = fix(&dir, &clean, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["databases"][0]["complete"], true);
    assert_eq!(value["databases"][0]["exit_status"], 0);
    assert!(!text(&out.stdout).contains("BEGIN;"), "no script around the JSON");

    // A plan has no JUnit or SARIF form.
    let out = fix(&dir, &clean, &["--format", "junit"]);
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert!(text(&out.stderr).contains("not as junit"), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
}

#[test]
fn a_function_gets_one_step_however_many_expectations_fail() {
    let url = database("fixfunc", "CREATE FUNCTION answer(int) RETURNS int LANGUAGE sql AS 'SELECT 1';");
    let dir = SpecDir::new(&format!(
        "version: 1
databases:
  app:
    url: {url}
    schemas:
      public:
        functions:
          \"answer(int)\":
            returns: bigint
            sql: \"CREATE FUNCTION answer(x int) RETURNS bigint LANGUAGE sql AS 'SELECT 42::bigint + x'\"
"
    ));
    let checked = text(&check(&dir, &url).stdout);
    assert!(checked.matches("public.answer(").count() >= 2, "two expectations fail: {checked}");
    let plan = fix(&dir, &url, &[]);
    let script = text(&plan.stdout);
    assert_eq!(script.matches("CREATE OR REPLACE FUNCTION").count(), 1, "{script}");
    assert_eq!(script.matches("DROP FUNCTION").count(), 1, "{script}");
    let applied = fix(&dir, &url, &["--apply"]);
    assert_eq!(applied.status.code(), Some(0), "{}", both(&applied));
    assert_eq!(query_i64(&url, "SELECT answer(1)"), 43);
}

#[test]
fn backups_do_not_break_a_strict_schema() {
    let url = database(
        "fixstrict",
        "CREATE TABLE t (id int PRIMARY KEY, amount text); INSERT INTO t VALUES (1, '10'), (2, '20');",
    );
    let dir = SpecDir::new(&format!(
        "version: 1
databases:
  app:
    url: {url}
    schemas:
      public:
        strict: true
        tables:
          t:
            columns:
              id: int
              amount: integer
"
    ));
    let plan = text(&fix(&dir, &url, &[]).stdout);
    assert!(plan.contains("strict schema public needs ignore: [\"*_backup_*\"]"), "{plan}");
    let applied = fix(&dir, &url, &["--apply"]);
    assert_eq!(applied.status.code(), Some(0), "{}", both(&applied));
    assert_eq!(query_i64(&url, "SELECT sum(amount)::bigint FROM t"), 30);
    assert_eq!(query_i64(&url, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 't_backup_%'"), 1);
}

#[test]
fn an_empty_column_has_no_values_to_convert() {
    let url = database("fixempty", "CREATE TABLE t (id int, amount text);");
    let dir = SpecDir::new(&format!(
        "version: 1
databases:
  app:
    url: {url}
    schemas:
      public:
        tables:
          t:
            columns:
              amount: integer
"
    ));
    let checked = text(&check(&dir, &url).stdout);
    assert!(checked.contains("no values of public.t.amount to convert"), "{checked}");
    let plan = text(&fix(&dir, &url, &[]).stdout);
    assert!(plan.contains("no values of public.t.amount to convert"), "{plan}");
    assert!(!plan.contains("all 0"), "{plan}");
    let applied = fix(&dir, &url, &["--apply"]);
    assert_eq!(applied.status.code(), Some(0), "{}", both(&applied));
    let again = fix(&dir, &url, &["--apply"]);
    assert_eq!(again.status.code(), Some(0), "{}", both(&again));
    let stderr = text(&again.stderr);
    assert!(stderr.contains("nothing to do"), "{stderr}");
    assert!(!stderr.contains("applied 0 statement"), "{stderr}");
}
