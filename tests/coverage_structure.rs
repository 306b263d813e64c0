//! Table structure on real PostgreSQL: partitioned tables and partitions,
//! plain inheritance, exclusion constraints, index keys with sort order,
//! operator class and collation, NULLS NOT DISTINCT and MATCH FULL.
//! Inspected, checked against their own spec, rebuilt by `fix --apply` into
//! an empty database, and repaired when they drift.

mod util;

use pgconform::diff::{CheckKind, Status};
use std::path::Path;
use util::{
    SpecDir, all_pass, assert_contains_all, check_dir, converges, database, findings, inspect,
    nothing_to_fix, pgconform, rebuilds_to, text,
};

/// Every structure feature (NULLS NOT DISTINCT needs PostgreSQL 15+, added
/// by `features()` when the server has it).
const FEATURES: &str = r#"
CREATE EXTENSION pg_trgm;
CREATE SCHEMA app;
CREATE TABLE app.events (
    id bigint NOT NULL,
    region text NOT NULL,
    at date NOT NULL,
    PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE app.events_rest PARTITION OF app.events DEFAULT;
CREATE INDEX events_region ON app.events (region DESC NULLS LAST);
CREATE INDEX events_2024_own ON app.events_2024 (region);
CREATE TABLE app.tenants (code text PRIMARY KEY) PARTITION BY LIST (code);
CREATE TABLE app.tenants_eu PARTITION OF app.tenants FOR VALUES IN ('de', 'fr');
CREATE TABLE app.things (id integer PRIMARY KEY, name text NOT NULL, CHECK (id > 0));
CREATE TABLE app.special_things (extra text, name text) INHERITS (app.things);
CREATE TABLE app.rooms (
    id integer PRIMARY KEY,
    room int4range NOT NULL,
    during tstzrange NOT NULL,
    CONSTRAINT no_double_booking EXCLUDE USING gist (room WITH &&, during WITH &&),
    CONSTRAINT late_check EXCLUDE USING gist (room WITH &&) DEFERRABLE INITIALLY DEFERRED
);
CREATE TABLE app.accounts (
    id integer PRIMARY KEY,
    email text NOT NULL,
    name text,
    created_at timestamptz,
    parent_a integer,
    parent_b integer,
    UNIQUE (parent_a, parent_b)
);
CREATE TABLE app.links (
    a integer,
    b integer,
    FOREIGN KEY (a, b) REFERENCES app.accounts (parent_a, parent_b) MATCH FULL
);
CREATE INDEX accounts_created ON app.accounts (created_at DESC);
CREATE INDEX accounts_email_trgm ON app.accounts USING gin (email gin_trgm_ops);
CREATE INDEX accounts_name_c ON app.accounts (name COLLATE "C" text_pattern_ops NULLS FIRST);
CREATE INDEX accounts_lower ON app.accounts (lower(email) DESC);
CREATE INDEX accounts_sum ON app.accounts ((parent_a + parent_b) DESC);
"#;

const PG15: &str = r#"
CREATE TABLE app.codes (a integer, b integer, CONSTRAINT codes_nnd UNIQUE NULLS NOT DISTINCT (a));
CREATE UNIQUE INDEX codes_b ON app.codes (b) NULLS NOT DISTINCT;
"#;

fn server_version(url: &str) -> i32 {
    let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connect");
    let row = client.query_one("SELECT current_setting('server_version_num')::int", &[]).unwrap();
    row.get(0)
}

fn features(prefix: &str) -> (String, bool) {
    let url = database(prefix, FEATURES);
    let pg15 = server_version(&url) >= 150000;
    if pg15 {
        let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
        client.batch_execute(PG15).unwrap();
    }
    (url, pg15)
}

#[test]
fn structure_round_trips_through_inspect_and_fix() {
    let (original, pg15) = features("structure_rich");
    let dir = SpecDir::new("");
    let spec = inspect(&original, dir.path(), "expected_schema.yaml");
    let mut expected = vec![
        "partition_by: RANGE (at)",
        "partition_of: { table: events, bound: FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') }",
        "partition_of: { table: events, bound: DEFAULT }",
        "partition_by: LIST (code)",
        "inherits: [things]",
        "EXCLUDE USING gist (room WITH &&, during WITH &&)",
        "deferrable: true",
        "created_at DESC",
        "email gin_trgm_ops",
        "region DESC NULLS LAST",
        "lower(email) DESC",
        "match: full",
    ];
    if pg15 {
        expected.extend(["nulls_not_distinct: true"]);
    }
    assert_contains_all("spec", &spec, &expected);
    for absent in ["left out", "operator class", "exclusion constraint", "descending keys", "inherits from"] {
        assert!(!spec.contains(absent), "the spec still notes `{absent}`:\n{spec}");
    }
    pgconform::spec::parse(&spec, &dir.spec_path()).expect("the inspected spec loads");
    all_pass(&dir, &original);

    let rebuilt = rebuilds_to(&spec, "structure_rebuilt", &dir);
    all_pass(&dir, &rebuilt);
    nothing_to_fix(&rebuilt, dir.path());
}

#[test]
fn structure_that_differs_fails_by_name_and_is_repaired() {
    let (original, pg15) = features("structure_target");
    let dir = SpecDir::new("");
    inspect(&original, dir.path(), "expected_schema.yaml");
    // The same tables, each feature different or missing.
    let mut drifted = r#"
CREATE EXTENSION pg_trgm;
CREATE SCHEMA app;
CREATE TABLE app.events (
    id bigint NOT NULL,
    region text NOT NULL,
    at date NOT NULL,
    PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
CREATE TABLE app.events_rest PARTITION OF app.events DEFAULT;
CREATE TABLE app.events_2024 (id bigint NOT NULL, region text NOT NULL, at date NOT NULL);
CREATE INDEX events_region ON app.events (region);
CREATE TABLE app.tenants (code text PRIMARY KEY) PARTITION BY LIST (code);
CREATE TABLE app.tenants_eu PARTITION OF app.tenants FOR VALUES IN ('de');
CREATE TABLE app.things (id integer PRIMARY KEY, name text NOT NULL, CHECK (id > 0));
CREATE TABLE app.special_things (id integer PRIMARY KEY, name text NOT NULL, extra text, CHECK (id > 0));
CREATE TABLE app.rooms (
    id integer PRIMARY KEY,
    room int4range NOT NULL,
    during tstzrange NOT NULL,
    CONSTRAINT no_double_booking EXCLUDE USING gist (during WITH &&)
);
CREATE TABLE app.accounts (
    id integer PRIMARY KEY,
    email text NOT NULL,
    name text,
    created_at timestamptz,
    parent_a integer,
    parent_b integer,
    UNIQUE (parent_a, parent_b)
);
CREATE TABLE app.links (
    a integer,
    b integer,
    FOREIGN KEY (a, b) REFERENCES app.accounts (parent_a, parent_b)
);
CREATE INDEX accounts_created ON app.accounts (created_at);
CREATE INDEX accounts_email_trgm ON app.accounts USING gist (email gist_trgm_ops);
CREATE INDEX accounts_name_c ON app.accounts (name);
CREATE INDEX accounts_lower ON app.accounts (lower(email));
CREATE INDEX accounts_sum ON app.accounts ((parent_a + parent_b));
"#
    .to_string();
    if pg15 {
        drifted.push_str(
            "CREATE TABLE app.codes (a integer, b integer, CONSTRAINT codes_nnd UNIQUE (a));
             CREATE UNIQUE INDEX codes_b ON app.codes (b);",
        );
    }
    let url = database("structure_drifted", &drifted);
    let report = check_dir(&dir, &url);
    let failed: Vec<String> =
        findings(&report).iter().filter(|f| f.status == Status::Fail).map(|f| f.id.clone()).collect();
    let mut expected = vec![
        "app:partitioning:app.events_2024:partition_of",
        "app:partitioning:app.tenants_eu:partition_of",
        "app:partitioning:app.special_things:inherits",
        "app:exclusion:app.rooms.no_double_booking",
        "app:exclusion:app.rooms.late_check",
        "app:index:app.events_region",
        "app:index:app.accounts_created",
        "app:index:app.accounts_email_trgm",
        "app:index:app.accounts_name_c",
        "app:index:app.accounts_lower",
        "app:index:app.accounts_sum",
        "app:foreign-key:app.links(a, b) → app.accounts(parent_a, parent_b)",
    ];
    if pg15 {
        expected.extend(["app:index:app.codes_b", "app:unique:app.codes(a)"]);
    }
    for id in &expected {
        assert!(failed.iter().any(|f| f == id), "{id} should fail; failures: {failed:#?}");
    }
    let kinds: Vec<CheckKind> = findings(&report).iter().map(|f| f.kind).collect();
    assert!(kinds.contains(&CheckKind::Partitioning) && kinds.contains(&CheckKind::Exclusion));

    converges(&dir, &url);
}

#[test]
fn repartitioning_an_existing_table_is_blocked_with_the_way_out() {
    let url = database("structure_plain", "CREATE TABLE events (id bigint, at date);");
    let dir = SpecDir::new(
        r#"
version: 1
databases:
  app:
    schemas:
      public:
        tables:
          events: { partition_by: range (at) }
"#,
    );
    let report = check_dir(&dir, &url);
    let f = util::finding(&report, ":partitioning:public.events:partition_by");
    assert_eq!(f.status, Status::Fail, "{}", f.message);
    let out = pgconform(&["fix", "--url", &url], dir.path());
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(all.contains("cannot be repartitioned in place"), "{all}");
}

#[test]
fn bad_structure_keys_are_spec_errors() {
    for (table, message) in [
        ("{ partition_by: sideways (at) }", "is not a partition key"),
        ("{ partition_of: { table: events } }", "partition_of needs `table` and `bound`"),
        ("{ partition_of: { table: events, bound: \"VALUES 1\" } }", "neither FOR VALUES"),
        ("{ exclusions: [\"UNIQUE (a)\"] }", "is not an exclusion constraint"),
        ("{ foreign_keys: [{ columns: [a], references: t(a), match: partial }] }", "match"),
    ] {
        let text = format!(
            "version: 1\ndatabases:\n  app:\n    schemas:\n      public:\n        tables:\n          t: {table}\n"
        );
        let err = pgconform::spec::parse(&text, Path::new("spec.yaml")).expect_err(table).to_string();
        assert!(err.contains(message), "{table}: {err}");
    }
}

#[test]
fn a_hand_written_spec_creates_parents_before_partitions_and_children() {
    let url = database("structure_order", "CREATE SCHEMA other;");
    let dir = SpecDir::new(
        r#"
version: 1
databases:
  app:
    schemas:
      other:
        tables:
          base: { columns: { id: integer, note: text } }
      public:
        tables:
          a_part:
            partition_of: { table: z_parent, bound: "for values in ('x', 'y')" }
          b_default:
            partition_of: { table: z_parent, bound: default }
          c_child:
            inherits: other.base
            columns: { extra: text }
          z_parent:
            partition_by: list (k)
            columns: { k: text, n: integer }
            indexes: [{ columns: [n DESC] }]
"#,
    );
    converges(&dir, &url);
}

/// A partition bound is compared as values of the key's type: the spec may
/// write a timestamptz bound as a date, the server prints it in full.
#[test]
fn partition_bounds_compare_as_values_of_the_key_type() {
    let url = database(
        "structure_bounds",
        "SET TimeZone = 'UTC';
         CREATE TABLE ticks (at timestamptz NOT NULL, kind varchar(10) NOT NULL) PARTITION BY RANGE (at);
         CREATE TABLE ticks_2024 PARTITION OF ticks FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01');
         CREATE TABLE kinds (kind varchar(10) NOT NULL) PARTITION BY LIST (kind);
         CREATE TABLE kinds_ab PARTITION OF kinds FOR VALUES IN ('a', 'b');",
    );
    let spec = |from: &str, list: &str| {
        format!(
            "version: 1\ndatabases:\n  app:\n    schemas:\n      public:\n        tables:\n\
             \x20         ticks: {{ partition_by: range (at) }}\n\
             \x20         ticks_2024: {{ partition_of: {{ table: ticks, bound: \"FOR VALUES FROM ({from}) TO ('2025-01-01 00:00+00')\" }} }}\n\
             \x20         kinds: {{ partition_by: list (kind) }}\n\
             \x20         kinds_ab: {{ partition_of: {{ table: kinds, bound: \"for values in ({list})\" }} }}\n"
        )
    };
    let same = SpecDir::new(&spec("'2024-01-01'", "'a'::varchar, 'b'"));
    let report = check_dir(&same, &url);
    let bad: Vec<String> =
        findings(&report).iter().filter(|f| f.status != Status::Pass).map(|f| f.message.clone()).collect();
    assert!(bad.is_empty(), "the same bounds, spelt otherwise: {bad:?}");

    let other = SpecDir::new(&spec("'2024-02-01'", "'a', 'c'"));
    let report = check_dir(&other, &url);
    let failing: Vec<&str> =
        findings(&report).iter().filter(|f| f.status == Status::Fail).map(|f| f.object.as_str()).collect();
    assert_eq!(failing, ["public.ticks_2024", "public.kinds_ab"], "other bounds fail");
}
