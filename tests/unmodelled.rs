//! Kinds the spec format cannot declare: each object is named in the header
//! of the spec `inspect` writes, and `check` reports it as not checked by
//! name (a `skip`), never as a silent pass.

mod util;

use pgconform::diff::Status;
use util::{SpecDir, database, findings, inspect};

const SCHEMA: &str = r#"
CREATE SCHEMA app;
CREATE TABLE app.accounts (id bigint PRIMARY KEY, name text NOT NULL);
CREATE VIEW app.account_names AS SELECT id, name FROM app.accounts;
CREATE MATERIALIZED VIEW app.account_count AS SELECT count(*) AS n FROM app.accounts;
CREATE FUNCTION app.refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;

CREATE COLLATION app.german (provider = icu, locale = 'de-DE');
CREATE TYPE app.floatrange AS RANGE (subtype = float8);
CREATE AGGREGATE app.total_len(text) (sfunc = textcat, stype = text, initcond = '');
CREATE RULE accounts_no_delete AS ON DELETE TO app.accounts DO INSTEAD NOTHING;
CREATE INDEX account_count_n ON app.account_count (n);
CREATE TRIGGER account_names_insert INSTEAD OF INSERT ON app.account_names
    FOR EACH ROW EXECUTE FUNCTION app.refuse();
"#;

/// Each object the spec cannot declare: its finding's object, and how the
/// spec's header names it.
const NAMED: [(&str, &str); 6] = [
    ("app.german", "collation app.german"),
    ("app.floatrange", "range type app.floatrange"),
    ("app.total_len(text)", "aggregate app.total_len(text)"),
    ("app.accounts.accounts_no_delete", "rule accounts_no_delete on app.accounts (instead of DELETE)"),
    ("app.account_count.account_count_n", "index account_count_n on materialized view app.account_count"),
    ("app.account_names.account_names_insert", "trigger account_names_insert on view app.account_names"),
];

#[test]
fn objects_of_kinds_the_spec_cannot_declare_are_named_and_reported_as_not_checked() {
    let url = database("unmodelled", SCHEMA);
    let dir = SpecDir::new("");
    let spec = inspect(&url, dir.path(), "expected_schema.yaml");
    for (_, note) in NAMED {
        assert!(spec.contains(note), "the spec's header lacks `{note}`:\n{spec}");
    }

    let report = util::check_dir(&dir, &url);
    let all = findings(&report);
    for (object, _) in NAMED {
        let id = format!("app:not-modelled:{object}");
        let f = all.iter().find(|f| f.id == id).unwrap_or_else(|| panic!("no finding {id}"));
        assert_eq!(f.status, Status::Skip, "{id}: {}", f.message);
        assert!(f.message.contains("not checked"), "{}", f.message);
    }
    let others: Vec<String> = all
        .iter()
        .filter(|f| f.status != Status::Pass && !f.id.contains(":not-modelled:"))
        .map(|f| format!("{:?} {} — {}", f.status, f.id, f.message))
        .collect();
    assert!(others.is_empty(), "everything else passes:\n{}", others.join("\n"));
    assert_eq!(all.iter().filter(|f| f.status == Status::Skip).count(), NAMED.len());
}

#[test]
fn a_schema_the_spec_does_not_declare_is_not_reported() {
    let url = database("unmodelled_elsewhere", SCHEMA);
    let dir = SpecDir::new("version: 1\ndatabases:\n  app:\n    schemas:\n      public: {}\n");
    let report = util::check_dir(&dir, &url);
    assert!(
        findings(&report).iter().all(|f| f.status == Status::Pass),
        "objects in undeclared schemas are not the spec's business"
    );
}
