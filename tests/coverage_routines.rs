//! Triggers' further clauses (UPDATE OF, constraint triggers, arguments,
//! transition tables), view options, function settings and behaviour
//! clauses, and event triggers, on real PostgreSQL: inspect → check passes →
//! fix rebuilds an empty database to the same spec → a database that differs
//! fails on each feature by name → fix converges → a second fix plans nothing.

mod util;

use pgconform::diff::Status;
use std::path::Path;
use util::{
    SpecDir, all_pass, assert_contains_all, converges, database, findings, inspect, pgconform, rebuilds_to,
    text,
};

const FUNCTIONS: &str = r#"
CREATE SCHEMA app;
CREATE TABLE app.items (id integer PRIMARY KEY, a integer, b integer, qty integer);
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE FUNCTION app.check_items() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE FUNCTION public.audit_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'ddl'; END $$;
"#;

/// Each feature, as the spec is inspected from.
const FEATURES: &str = r#"
CREATE TRIGGER items_touch BEFORE UPDATE OF b, a ON app.items
    FOR EACH ROW EXECUTE FUNCTION app.touch('x', 'it''s', '');
CREATE CONSTRAINT TRIGGER items_check AFTER INSERT OR UPDATE ON app.items
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.check_items();
CREATE TRIGGER items_audit AFTER INSERT ON app.items REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION app.check_items();
CREATE VIEW app.cheap WITH (security_barrier = on, check_option = cascaded) AS
    SELECT id, qty FROM app.items WHERE qty < 10;
CREATE FUNCTION app.total(x integer) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
    SECURITY DEFINER SET search_path = app, pg_temp SET work_mem = '64MB' AS 'SELECT x + 1';
CREATE EVENT TRIGGER audit_ddl ON ddl_command_end WHEN TAG IN ('create table', 'ALTER TABLE')
    EXECUTE FUNCTION public.audit_ddl();
CREATE EVENT TRIGGER quiet ON sql_drop EXECUTE FUNCTION public.audit_ddl();
ALTER EVENT TRIGGER quiet DISABLE;
"#;

/// The same objects, each different in the property the spec declares.
const DIFFERENT: &str = r#"
CREATE TRIGGER items_touch BEFORE UPDATE OF a ON app.items FOR EACH ROW EXECUTE FUNCTION app.touch();
CREATE TRIGGER items_check AFTER INSERT OR UPDATE ON app.items FOR EACH ROW EXECUTE FUNCTION app.check_items();
CREATE TRIGGER items_audit AFTER INSERT ON app.items FOR EACH STATEMENT EXECUTE FUNCTION app.check_items();
CREATE VIEW app.cheap AS SELECT id, qty FROM app.items WHERE qty < 10;
CREATE FUNCTION app.total(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x + 1';
CREATE EVENT TRIGGER audit_ddl ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION public.audit_ddl();
CREATE EVENT TRIGGER quiet ON sql_drop EXECUTE FUNCTION public.audit_ddl();
"#;

#[test]
fn triggers_views_functions_and_event_triggers_round_trip_and_converge() {
    let original = database("cov_routines", &format!("{FUNCTIONS}{FEATURES}"));
    let dir = SpecDir::new("");
    let spec = inspect(&original, dir.path(), "expected_schema.yaml");
    assert_contains_all(
        "spec",
        &spec,
        &[
            "columns: [b, a]",
            "arguments: [x, it's, \"\"]",
            "constraint: true",
            "deferrable: true",
            "initially_deferred: true",
            "new_table: new_rows",
            "options: { security_barrier: true, check_option: cascaded }",
            "event_triggers:",
            "audit_ddl: { event: ddl_command_end, function: audit_ddl(), tags: [ALTER TABLE, CREATE TABLE] }",
            "quiet: { event: sql_drop, function: audit_ddl(), enabled: false }",
            "SET search_path TO 'app', 'pg_temp'",
        ],
    );
    for unexpected in
        ["Not read at all: event triggers", "view app.cheap options", "UPDATE OF", "constraint trigger"]
    {
        assert!(!spec.contains(unexpected), "the spec still notes `{unexpected}`:\n{spec}");
    }
    all_pass(&dir, &original);

    // An empty database built by fix from the spec inspects back to it.
    rebuilds_to(&spec, "cov_routines_rebuilt", &dir);

    // A database where each feature differs fails on each, by name.
    let different = database("cov_routines_different", &format!("{FUNCTIONS}{DIFFERENT}"));
    let report = util::check_dir(&dir, &different);
    let failed = util::failures(&report);
    for id in [
        "app:trigger:app.items.items_touch",
        "app:trigger:app.items.items_check",
        "app:trigger:app.items.items_audit",
        "app:view:app.cheap:options",
        "app:function:app.total(integer):definition",
        "app:event-trigger:audit_ddl",
        "app:event-trigger:quiet",
    ] {
        assert!(failed.iter().any(|f| f == id), "{id} should fail: {failed:?}");
    }
    let messages: Vec<String> = findings(&report).iter().map(|f| f.message.clone()).collect();
    let all = messages.join("\n");
    assert_contains_all(
        "messages",
        &all,
        &[
            "fires update of a (expected update of b, a)",
            "passes with arguments () (expected with arguments ('x', 'it''s', ''))",
            "is not a constraint trigger (expected a constraint trigger)",
            "has no new table (expected new table as new_rows)",
            "has options security_barrier=false, no check option",
            "is not strict",
            "is parallel unsafe",
            "has no settings",
            "fires for tags CREATE TABLE (expected tags ALTER TABLE, CREATE TABLE)",
            "event trigger quiet is enabled (expected disabled)",
        ],
    );
    converges(&dir, &different);
}

#[test]
fn function_settings_are_checked_and_set_in_place() {
    let url = database(
        "cov_settings",
        "CREATE SCHEMA app;
         CREATE FUNCTION app.f(x integer) RETURNS integer LANGUAGE sql AS 'SELECT x' SET work_mem = '32MB';",
    );
    let dir = SpecDir::new(
        r#"version: 1
databases:
  app:
    schemas:
      app:
        functions:
          "f(integer)":
            settings: { search_path: "app, pg_temp", statement_timeout: 5s }
"#,
    );
    let report = util::check_dir(&dir, &url);
    let settings = util::finding(&report, ":settings");
    assert_eq!(settings.status, Status::Fail, "{}", settings.message);
    assert_eq!(settings.actual.as_deref(), Some("work_mem=32MB"));
    let out = pgconform(&["fix", "--url", &url], dir.path());
    let plan = text(&out.stdout);
    assert!(plan.contains("ALTER FUNCTION app.f(integer) RESET work_mem"), "{plan}");
    assert!(plan.contains("ALTER FUNCTION app.f(integer) SET search_path TO 'app', 'pg_temp'"), "{plan}");
    converges(&dir, &url);
}

#[test]
fn bad_values_are_spec_errors() {
    let cases = [
        ("tables: { t: { triggers: { tr: { deferrable: true } } } }", "is for constraint triggers"),
        ("tables: { t: { triggers: { tr: { events: insert, columns: [a] } } } }", "need `update`"),
        ("tables: { t: { triggers: { tr: { constraint: true, timing: before } } } }", "fires `after`"),
        (
            "views: { v: { materialized: true, options: { security_barrier: true } } }",
            "not materialized views",
        ),
        ("views: { v: { options: { check_option: sideways } } }", "not a valid check_option"),
    ];
    for (schema, message) in cases {
        let text = format!("version: 1\ndatabases:\n  app:\n    schemas:\n      public:\n        {schema}\n");
        let err = pgconform::spec::parse(&text, Path::new("spec.yaml")).expect_err(schema).to_string();
        assert!(err.contains(message), "{schema}: {err}");
    }
    let text = "version: 1\ndatabases:\n  app:\n    event_triggers: { e: { event: ddl_command_middle } }\n";
    let err = pgconform::spec::parse(text, Path::new("spec.yaml")).expect_err("bad event").to_string();
    assert!(err.contains("did you mean `ddl_command_end`"), "{err}");
}
