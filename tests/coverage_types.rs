//! Enum, domain and composite types on real PostgreSQL: inspected, checked
//! against their own spec, rebuilt by `fix --apply` into an empty database,
//! repaired in place when they drift, and blocked with the way round where
//! PostgreSQL cannot change them in place.

mod util;

use pgconform::diff::{CheckKind, Status};
use util::{
    SpecDir, all_pass, assert_contains_all, check, check_dir, converges, database, findings, inspect,
    nothing_to_fix, pgconform, rebuilds_to, text,
};

/// Every type feature, with a domain over an enum and a composite using that
/// domain (both named so that they sort before what they use).
const FEATURES: &str = r#"
CREATE SCHEMA app;
CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'it''s fine', 'happy');
CREATE DOMAIN app.positive AS integer NOT NULL DEFAULT 1
    CHECK (VALUE > 0) CONSTRAINT below_hundred CHECK (VALUE < 100);
CREATE DOMAIN app.feeling AS app.mood DEFAULT 'ok';
CREATE DOMAIN app."Short Text" AS varchar(20) CHECK (length(VALUE) BETWEEN 1 AND 20);
CREATE TYPE app.attempt AS (a integer, "Note" text, f app.feeling, s app."Short Text", tags text[]);
CREATE TYPE app.empty_enum AS ENUM ();
CREATE TABLE app.visits (
    id integer PRIMARY KEY,
    mood app.mood,
    score app.positive,
    last app.attempt
);
"#;

/// Every finding passes; returns how many type findings there were.
fn type_checks_pass(dir: &SpecDir, url: &str) -> usize {
    let report = all_pass(dir, url);
    findings(&report).iter().filter(|f| f.kind == CheckKind::Type).count()
}

#[test]
fn types_round_trip_through_inspect_and_fix() {
    let original = database("types_rich", FEATURES);
    let dir = SpecDir::new("");
    let spec = inspect(&original, dir.path(), "expected_schema.yaml");
    assert_contains_all(
        "spec",
        &spec,
        &[
            "mood: { enum: [sad, ok, it's fine, happy] }",
            "empty_enum: { enum: [] }",
            "feeling: { domain: app.mood, default: \"'ok'::app.mood\" }",
            "domain: integer",
            "nullable: false",
            "(VALUE > 0)",
            "{ name: below_hundred, expression: (VALUE < 100) }",
            "domain: varchar(20)",
            "Note: text",
            "f: app.feeling",
            "tags: \"text[]\"",
        ],
    );
    assert!(!spec.contains("fix cannot create it"), "types are expressed now:\n{spec}");
    let checked = type_checks_pass(&dir, &original);
    assert!(checked >= 15, "only {checked} type checks were made");

    // An empty database built from the spec inspects back to the same spec:
    // the domain over the enum and the composite over the domains are created
    // after what they use, whatever their names.
    let rebuilt = rebuilds_to(&spec, "types_rebuilt", &dir);
    nothing_to_fix(&rebuilt, dir.path());
}

#[test]
fn drifted_types_fail_by_name_and_are_altered_in_place() {
    let original = database("types_target", FEATURES);
    let dir = SpecDir::new("");
    inspect(&original, dir.path(), "expected_schema.yaml");
    let drifted = database(
        "types_drifted",
        r#"
        CREATE SCHEMA app;
        CREATE TYPE app.mood AS ENUM ('ok', 'happy');
        CREATE DOMAIN app.positive AS integer DEFAULT 2 CONSTRAINT below_hundred CHECK (VALUE < 1000);
        CREATE DOMAIN app.feeling AS app.mood;
        CREATE TYPE app.attempt AS (a integer, "Note" varchar(5));
        "#,
    );
    let report = check_dir(&dir, &drifted);
    let failed: Vec<&str> =
        findings(&report).iter().filter(|f| f.status == Status::Fail).map(|f| f.id.as_str()).collect();
    for id in [
        "app:type:app.mood:labels",
        "app:type:app.positive:nullable",
        "app:type:app.positive:default",
        "app:type:app.positive:check:(VALUE > 0)",
        "app:type:app.positive:check:below_hundred",
        "app:type:app.feeling:default",
        "app:type:app.Short Text",
        "app:type:app.attempt:attribute:Note",
        "app:type:app.attempt:attribute:f",
        "app:type:app.attempt:attributes",
        "app:type:app.empty_enum",
    ] {
        assert!(failed.contains(&id), "{id} should fail; failing: {failed:#?}");
    }
    for id in ["app:type:app.mood", "app:type:app.positive:base", "app:type:app.attempt:attribute:a"] {
        assert!(!failed.contains(&id), "{id} should pass; failing: {failed:#?}");
    }

    let out = pgconform(&["fix", "--url", &drifted], dir.path());
    let plan = text(&out.stdout);
    assert_contains_all(
        "plan",
        &plan,
        &[
            "ALTER TYPE app.mood ADD VALUE IF NOT EXISTS 'sad' BEFORE 'ok';",
            "ALTER TYPE app.mood ADD VALUE IF NOT EXISTS 'it''s fine' AFTER 'ok';",
            "ALTER DOMAIN app.positive SET NOT NULL;",
            "ALTER DOMAIN app.positive DROP CONSTRAINT below_hundred;",
            "ALTER TYPE app.attempt ALTER ATTRIBUTE \"Note\" SET DATA TYPE text;",
        ],
    );
    // The enum gets its labels before the domain over it gets its default.
    let labels = plan.find("ADD VALUE").expect("labels are added");
    let short_text = plan.find("CREATE DOMAIN app.\"Short Text\"").expect("the domain is created");
    let attributes = plan.find("ADD ATTRIBUTE f").expect("attributes are added");
    assert!(labels < attributes && short_text < attributes, "types come in dependency order:\n{plan}");

    converges(&dir, &drifted);
}

#[test]
fn what_cannot_change_in_place_is_blocked_with_the_way_round() {
    let url = database(
        "types_blocked",
        r#"
        CREATE TYPE mood AS ENUM ('sad', 'ok', 'gone');
        CREATE DOMAIN positive AS integer;
        CREATE TYPE pair AS (b text, a integer);
        CREATE TYPE kind_changes AS (x integer);
        CREATE TABLE feelings (m mood, p pair);
        CREATE TYPE unused_old AS ENUM ('x');
        CREATE TYPE used_old AS ENUM ('y');
        CREATE TABLE keeps (u used_old);
        CREATE TYPE stray AS (a integer);
        "#,
    );
    let spec = r#"
version: 1
databases:
  app:
    schemas:
      public:
        strict: true
        ignore: [feelings, keeps]
        types:
          mood: { enum: [ok, sad] }
          positive: { domain: bigint }
          pair: { composite: { a: integer, b: integer } }
          kind_changes: { enum: [x] }
        absent_types: [unused_old, used_old, never_was]
"#;
    let report = check(spec, &url);
    let status = |suffix: &str| util::status(&report, suffix);
    assert_eq!(status(":type:public.mood:labels"), Status::Fail);
    assert_eq!(status(":type:public.positive:base"), Status::Fail);
    assert_eq!(status(":type:public.pair:attributes"), Status::Fail);
    assert_eq!(status(":type:public.pair:attribute:b"), Status::Fail);
    assert_eq!(status(":type:public.kind_changes"), Status::Fail);
    assert_eq!(status(":type:public.unused_old:absent"), Status::Fail);
    assert_eq!(status(":type:public.used_old:absent"), Status::Fail);
    assert_eq!(status(":type:public.never_was:absent"), Status::Pass);
    assert_eq!(status(":strict:public.stray"), Status::Fail);

    let dir = SpecDir::new(spec);
    let out = pgconform(&["fix", "--url", &url], dir.path());
    let plan = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert_contains_all(
        "plan",
        &plan,
        &[
            "PostgreSQL cannot remove labels from an enum",
            "a domain's base type cannot be changed in place",
            "PostgreSQL only adds attributes at the end",
            "public.pair is used by column public.feelings.p",
            "cannot become another kind of type in place",
            "still use type public.used_old",
            "DROP TYPE IF EXISTS public.unused_old;",
            "DROP TYPE IF EXISTS public.stray;",
            "-- ALTER TABLE public.feelings ALTER COLUMN m TYPE public.mood_new USING m::text::public.mood_new;",
        ],
    );
}

#[test]
fn a_type_is_exactly_one_kind() {
    let dir = SpecDir::new(
        r#"
version: 1
databases:
  app:
    schemas:
      public:
        types:
          none: {}
          both: { enum: [a], domain: integer }
          stray_keys: { enum: [a], nullable: false }
          twice: { enum: [a, a] }
          bad_base: { domain: "varchar(" }
        absent_types: [twice]
"#,
    );
    let out = pgconform(&["check", "--url", "postgresql://nobody@127.0.0.1:1/none"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let errors = text(&out.stderr);
    assert_contains_all(
        "errors",
        &errors,
        &[
            "expected_schema.yaml:8:11",
            "type `none` says neither `enum`, `domain` nor `composite`",
            "type `both` has both `enum` and `domain`",
            "`nullable` applies to domains only",
            "enum `twice` lists `a` twice",
            "the base type of domain `bad_base`",
            "type `twice` is declared and listed in absent_types",
        ],
    );
}

#[test]
fn domain_checks_and_defaults_compare_through_the_servers_canonical_form() {
    let url = database(
        "types_canonical",
        r#"
        CREATE DOMAIN short AS text DEFAULT 'x' || 'y' CHECK (length(VALUE) BETWEEN 1 AND 20);
        CREATE DOMAIN small AS integer CONSTRAINT small_range CHECK (VALUE < 10);
        "#,
    );
    let spec = r#"
version: 1
databases:
  app:
    schemas:
      public:
        types:
          short:
            domain: TEXT
            default: "'xy'"
            checks: ["length(value) >= 1 and length(value) <= 20"]
          small:
            domain: int4
            checks: [{ name: small_range, expression: "value < 11" }, "value <> 5"]
"#;
    let report = check(spec, &url);
    let status = |suffix: &str| util::status(&report, suffix);
    assert_eq!(status(":type:public.short:base"), Status::Pass);
    assert_eq!(status(":type:public.short:default"), Status::Pass);
    assert_eq!(status(":type:public.short:check:length(value) >= 1 and length(value) <= 20"), Status::Pass);
    assert_eq!(status(":type:public.small:base"), Status::Pass);
    assert_eq!(status(":type:public.small:check:small_range"), Status::Fail);
    assert_eq!(status(":type:public.small:check:value <> 5"), Status::Fail);

    let dir = SpecDir::new(spec);
    converges(&dir, &url);
}
