//! Row level security, policies and grants on real PostgreSQL: inspected,
//! checked, rebuilt by `fix --apply`, and repaired when they drift.
//!
//! Roles are cluster-wide: each test names its own with a prefix of its own
//! and creates them idempotently; none is dropped.

mod util;

use pgconform::diff::{CheckKind, Status};
use util::{
    SpecDir, all_pass, assert_contains_all, check_dir, converges, database, findings, fix_apply, inspect,
    nothing_to_fix, pgconform, rebuilds_to, text,
};

/// The roles a test uses: `<p>_ro`, `<p>_rw` and `"<p> App User"` (a name that needs quoting).
fn roles(p: &str) -> String {
    [format!("{p}_ro"), format!("{p}_rw"), format!("{p} App User")]
        .iter()
        .map(|r| {
            format!("DO $$ BEGIN CREATE ROLE \"{r}\"; EXCEPTION WHEN duplicate_object THEN NULL; END $$;\n")
        })
        .collect()
}

/// Every access feature, for the roles of prefix `p`.
fn features(p: &str) -> String {
    format!(
        r#"
CREATE SCHEMA app;
CREATE TABLE app.docs (id serial PRIMARY KEY, owner text NOT NULL DEFAULT current_user, tenant integer);
ALTER TABLE app.docs ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.docs FORCE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON app.docs USING (owner = current_user);
CREATE POLICY insert_own ON app.docs FOR INSERT TO {p}_rw WITH CHECK (owner = current_user AND tenant > 0);
CREATE POLICY tenant_limit ON app.docs AS RESTRICTIVE FOR UPDATE TO {p}_rw, "{p} App User"
    USING (tenant IS NOT NULL) WITH CHECK (tenant BETWEEN 1 AND 100);
CREATE POLICY no_delete ON app.docs AS RESTRICTIVE FOR DELETE USING (false);
CREATE TABLE app.notes (id integer PRIMARY KEY);
ALTER TABLE app.notes ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON app.docs TO {p}_ro;
GRANT SELECT, INSERT, UPDATE, DELETE ON app.docs TO {p}_rw;
GRANT SELECT ON app.notes TO PUBLIC;
GRANT ALL ON app.notes TO "{p} App User";
CREATE VIEW app.doc_owners AS SELECT id, owner FROM app.docs;
GRANT SELECT ON app.doc_owners TO {p}_ro, PUBLIC;
CREATE FUNCTION app.doc_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM app.docs';
REVOKE EXECUTE ON FUNCTION app.doc_count() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.doc_count() TO {p}_rw;
CREATE FUNCTION app.open_to_all() RETURNS integer LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION app.closed() RETURNS integer LANGUAGE sql AS 'SELECT 2';
REVOKE ALL ON FUNCTION app.closed() FROM PUBLIC;
"#
    )
}

/// Every finding passes; returns how many access findings there were.
fn access_checks_pass(dir: &SpecDir, url: &str) -> usize {
    let report = all_pass(dir, url);
    findings(&report)
        .iter()
        .filter(|f| matches!(f.kind, CheckKind::RowSecurity | CheckKind::Policy | CheckKind::Grant))
        .count()
}

#[test]
fn access_is_inspected_checked_and_rebuilt_to_the_same_spec() {
    let p = "acc_rt";
    let original = database("acc_rt", &format!("{}{}", roles(p), features(p)));
    let dir = SpecDir::new("");
    let spec = inspect(&original, dir.path(), "expected_schema.yaml");
    assert_contains_all(
        "spec",
        &spec,
        &[
            "row_level_security: forced",
            "row_level_security: true",
            "own_rows: { using: owner = CURRENT_USER }",
            "insert_own: { command: insert, roles: [acc_rt_rw], with_check: ",
            "as: restrictive",
            "roles: [acc_rt App User, acc_rt_rw]",
            "no_delete: { command: delete, as: restrictive, using: \"false\" }",
            "grants: { acc_rt_ro: select, acc_rt_rw: [select, insert, update, delete] }",
            "grants: { acc_rt App User: all, public: select }",
            "grants: { acc_rt_ro: select, public: select }",
            "grants: { acc_rt_rw: execute }",
            "grants: {}",
        ],
    );
    assert!(!spec.contains("row level security enabled"), "no longer listed as not expressed:\n{spec}");
    assert!(!spec.contains("grants on app."), "no longer listed as not expressed:\n{spec}");
    let checked = access_checks_pass(&dir, &original);
    assert!(checked >= 12, "only {checked} access findings");

    // An empty database (the roles exist: they belong to the cluster) built
    // by fix from the spec inspects back to the same spec.
    let rebuilt = rebuilds_to(&spec, "acc_rt_rebuilt", &dir);
    all_pass(&dir, &rebuilt);
    nothing_to_fix(&rebuilt, dir.path());
}

/// Written by hand, with expressions spelt otherwise than the server stores them.
fn hand_spec(p: &str) -> String {
    format!(
        r#"version: 1
databases:
  app:
    schemas:
      app:
        tables:
          docs:
            row_level_security: forced
            policies:
              own_rows: {{ using: owner = current_user }}
              insert_own: {{ command: insert, roles: [{p}_rw], with_check: "owner = current_user and tenant > 0" }}
              tenant_limit:
                command: update
                as: restrictive
                roles: ["{p} App User", {p}_rw]
                using: tenant is not null
                with_check: tenant between 1 and 100
            grants: {{ {p}_ro: select, {p}_rw: [select, insert, update, delete] }}
          notes:
            row_level_security: true
            grants: {{ public: select, "{p} App User": all }}
        views:
          doc_owners: {{ grants: {{ {p}_ro: [select], public: select }} }}
        functions:
          "doc_count()": {{ grants: {{ {p}_rw: execute }} }}
"#
    )
}

#[test]
fn drifted_access_fails_by_name_and_fix_converges() {
    let p = "acc_dr";
    let url = database(
        "acc_dr",
        &format!(
            r#"{roles}
CREATE SCHEMA app;
CREATE TABLE app.docs (id serial PRIMARY KEY, owner text NOT NULL DEFAULT current_user, tenant integer);
ALTER TABLE app.docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON app.docs USING (owner = session_user);
CREATE POLICY insert_own ON app.docs TO {p}_rw WITH CHECK (owner = current_user AND tenant > 0);
CREATE POLICY stray ON app.docs FOR SELECT USING (true);
GRANT SELECT, INSERT ON app.docs TO {p}_ro;
GRANT SELECT ON app.docs TO PUBLIC;
CREATE TABLE app.notes (id integer PRIMARY KEY);
CREATE VIEW app.doc_owners AS SELECT id, owner FROM app.docs;
CREATE FUNCTION app.doc_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM app.docs';
"#,
            roles = roles(p)
        ),
    );
    let dir = SpecDir::new(&hand_spec(p));
    let report = check_dir(&dir, &url);
    let failing: Vec<String> = findings(&report)
        .iter()
        .filter(|f| f.status == Status::Fail)
        .map(|f| f.id.trim_start_matches("app:").to_string())
        .collect();
    for expected in [
        "row-security:app.docs",
        "row-security:app.notes",
        "policy:app.docs.own_rows",
        "policy:app.docs.insert_own",
        "policy:app.docs.tenant_limit",
        "policy:app.docs.stray",
        "grant:app.docs:acc_dr_ro",
        "grant:app.docs:acc_dr_rw",
        "grant:app.docs:public",
        "grant:app.notes:public",
        "grant:app.notes:acc_dr App User",
        "grant:app.doc_owners:acc_dr_ro",
        "grant:app.doc_owners:public",
        "grant:app.doc_count():acc_dr_rw",
        "grant:app.doc_count():public",
    ] {
        assert!(failing.iter().any(|f| f == expected), "`{expected}` should fail; failing: {failing:#?}");
    }
    assert_eq!(failing.len(), 15, "nothing else fails: {failing:#?}");

    let out = pgconform(&["fix", "--url", &url], dir.path());
    let plan = text(&out.stdout);
    assert_contains_all(
        "plan",
        &plan,
        &[
            "ALTER TABLE app.docs FORCE ROW LEVEL SECURITY",
            "ALTER TABLE app.notes ENABLE ROW LEVEL SECURITY",
            "ALTER POLICY own_rows ON app.docs USING (owner = current_user)",
            "DROP POLICY insert_own ON app.docs",
            "CREATE POLICY insert_own ON app.docs FOR INSERT TO acc_dr_rw",
            "CREATE POLICY tenant_limit ON app.docs AS RESTRICTIVE FOR UPDATE TO \"acc_dr App User\", acc_dr_rw",
            "DROP POLICY stray ON app.docs",
            "drop undeclared policy stray on app.docs (changes which rows each role sees)",
            "REVOKE INSERT ON TABLE app.docs FROM acc_dr_ro",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE app.docs TO acc_dr_rw",
            "REVOKE SELECT ON TABLE app.docs FROM PUBLIC",
            "GRANT SELECT ON TABLE app.notes TO PUBLIC",
            "GRANT SELECT ON TABLE app.doc_owners TO acc_dr_ro",
            "REVOKE EXECUTE ON ROUTINE app.doc_count() FROM PUBLIC",
            "GRANT EXECUTE ON ROUTINE app.doc_count() TO acc_dr_rw",
        ],
    );
    converges(&dir, &url);
}

#[test]
fn a_role_that_does_not_exist_blocks_its_grant_with_the_way_out() {
    let url = database("acc_ghost", "CREATE TABLE t (id integer); CREATE POLICY p ON t USING (true);");
    let spec = r#"version: 1
databases:
  app:
    schemas:
      public:
        tables:
          t:
            policies:
              p: { roles: [acc_ghost_role] }
            grants: { acc_ghost_role: select }
"#;
    let dir = SpecDir::new(spec);
    let report = check_dir(&dir, &url);
    let grant = util::finding(&report, "grant:public.t:acc_ghost_role");
    assert_eq!(grant.status, Status::Fail);
    assert!(grant.message.contains("role acc_ghost_role does not exist"), "{}", grant.message);
    let out = pgconform(&["fix", "--url", &url], dir.path());
    let plan = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        plan.contains("role acc_ghost_role does not exist: create it first (CREATE ROLE acc_ghost_role)"),
        "{plan}"
    );
    assert!(plan.contains("-- GRANT SELECT ON TABLE public.t TO acc_ghost_role;"), "{plan}");
    assert!(plan.contains("-- ALTER POLICY p ON public.t TO acc_ghost_role;"), "{plan}");
}

#[test]
fn a_strict_table_without_policies_may_have_none() {
    let url = database("acc_strict", "CREATE TABLE t (id integer); CREATE POLICY stray ON t USING (true);");
    let spec = "version: 1\ndatabases:\n  app:\n    schemas:\n      public:\n        tables:\n          t: { strict: true }\n";
    let dir = SpecDir::new(spec);
    let report = check_dir(&dir, &url);
    assert_eq!(util::status(&report, "policy:public.t.stray"), Status::Fail);
    fix_apply(&url, dir.path());
    all_pass(&dir, &url);
    let loose = SpecDir::new(&spec.replace("{ strict: true }", "{}"));
    let url = database("acc_loose", "CREATE TABLE t (id integer); CREATE POLICY stray ON t USING (true);");
    assert_eq!(
        access_checks_pass(&loose, &url),
        0,
        "a table that is not strict leaves undeclared policies alone"
    );
}
