//! A pass and a fail for every kind of expectation, against real PostgreSQL.

mod util;

use pgconform::diff::Status::{Fail, Pass};
use util::{check, database, failures, finding, status};

const SCHEMA: &str = r#"
CREATE EXTENSION pgcrypto;
CREATE SCHEMA audit;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
CREATE TABLE accounts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email email NOT NULL UNIQUE,
    name varchar(80),
    status text NOT NULL DEFAULT 'active',
    balance numeric(12,2) DEFAULT 0,
    tags text[],
    feeling mood,
    created_at timestamptz NOT NULL DEFAULT now(),
    name_upper text GENERATED ALWAYS AS (upper(name)) STORED,
    CONSTRAINT accounts_status_check CHECK (status IN ('active', 'closed'))
);
CREATE TABLE orders (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    total numeric(12,2) NOT NULL,
    note text,
    placed_at timestamp NOT NULL
);
CREATE INDEX orders_account_placed ON orders (account_id, placed_at);
CREATE INDEX orders_note_lower ON orders (lower(note)) WHERE note IS NOT NULL;
CREATE TABLE audit.events (id serial PRIMARY KEY, payload jsonb, at timestamptz DEFAULT CURRENT_TIMESTAMP);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.placed_at := now();  -- keep it current
    RETURN NEW;
END;
$$;
CREATE TRIGGER orders_touch BEFORE INSERT OR UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();
CREATE FUNCTION order_count(p_account bigint) RETURNS bigint LANGUAGE sql STABLE AS
    'SELECT count(*) FROM orders WHERE account_id = p_account';
CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
CREATE TABLE legacy_stuff (id int, data text);
INSERT INTO legacy_stuff VALUES (1, 'x');
CREATE TABLE empty_leftover (id int);
ALTER TABLE accounts ADD COLUMN old_flag boolean;
"#;

fn spec(tables: &str) -> String {
    format!("version: 1\ndatabases:\n  app:\n    schemas:\n      public:\n{tables}")
}

#[test]
fn tables_columns_and_types() {
    let url = database("kinds", SCHEMA);
    let report = check(
        &spec(
            r#"        tables:
          accounts:
            columns:
              id: { type: int8, identity: always, nullable: false }
              email: email
              name: character varying(80)
              status: { type: text, default: "'active'::text" }
              balance: { type: "decimal(12, 2)", default: "0" }
              tags: { type: "text[]", default: "'{}'" }
              feeling: mood
              created_at: { type: timestamptz, default: CURRENT_TIMESTAMP }
              name_upper: { generated: upper(name) }
          orders:
            columns:
              id: { type: uuid, default: gen_random_uuid() }
              total: numeric(10,2)
              placed_at: timestamptz
              note: { type: text, nullable: false }
              missing_col: text
          nowhere: {}
          big_orders: {}
"#,
        ),
        &url,
    );
    assert_eq!(status(&report, "table:public.accounts"), Pass);
    assert_eq!(status(&report, "column-type:public.accounts.id"), Pass);
    assert_eq!(status(&report, "column-identity:public.accounts.id"), Pass);
    assert_eq!(status(&report, "column-type:public.accounts.email"), Pass, "domain by name");
    assert_eq!(status(&report, "column-type:public.accounts.name"), Pass, "varchar alias");
    assert_eq!(status(&report, "column-type:public.accounts.balance"), Pass, "decimal alias, spaces");
    assert_eq!(status(&report, "column-type:public.accounts.tags"), Pass, "arrays");
    assert_eq!(status(&report, "column-type:public.accounts.feeling"), Pass, "enum");
    assert_eq!(status(&report, "column-default:public.accounts.status"), Pass);
    assert_eq!(status(&report, "column-default:public.accounts.balance"), Pass, "0 vs numeric 0");
    assert_eq!(status(&report, "column-generated:public.accounts.name_upper"), Pass);
    // The server spells them apart, but both are the transaction's start.
    assert_eq!(status(&report, "column-default:public.accounts.created_at"), Pass);
    let no_default = finding(&report, "column-default:public.accounts.tags");
    assert_eq!((no_default.status, no_default.actual.as_deref()), (Fail, Some("no default")));
    assert_eq!(status(&report, "column-default:public.orders.id"), Pass);
    let wrong_precision = finding(&report, "column-type:public.orders.total");
    assert_eq!(wrong_precision.status, Fail);
    assert_eq!(wrong_precision.actual.as_deref(), Some("numeric(12,2)"));
    assert_eq!(status(&report, "column-type:public.orders.placed_at"), Fail, "timestamp is not timestamptz");
    assert_eq!(status(&report, "column-nullable:public.orders.note"), Fail);
    assert_eq!(status(&report, "column:public.orders.missing_col"), Fail);
    assert_eq!(status(&report, "table:public.nowhere"), Fail);
    let view_as_table = finding(&report, "table:public.big_orders");
    assert_eq!(view_as_table.status, Fail);
    assert!(view_as_table.message.contains("is a view"), "{}", view_as_table.message);
}

#[test]
fn keys_checks_and_indexes() {
    let url = database("keys", SCHEMA);
    let report = check(
        &spec(
            r#"        tables:
          accounts:
            primary_key: [id]
            unique: [[email], [name]]
            checks:
              - "status = ANY (ARRAY['active', 'closed'])"
              - { name: accounts_status_check, expression: "status in ('active','closed')" }
              - "balance >= 0"
          orders:
            primary_key: id
            foreign_keys:
              - { columns: [account_id], references: accounts(id), on_delete: cascade }
              - { columns: [account_id], references: public.accounts(id), on_delete: restrict }
            indexes:
              - { columns: [account_id, placed_at] }
              - { columns: ["lower(note)"], where: "note is not null" }
              - { columns: [total] }
              - { name: orders_account_placed, columns: [placed_at, account_id] }
"#,
        ),
        &url,
    );
    assert_eq!(status(&report, "primary-key:public.accounts"), Pass);
    assert_eq!(status(&report, "primary-key:public.orders"), Pass);
    assert_eq!(status(&report, "unique:public.accounts(email)"), Pass);
    assert_eq!(status(&report, "unique:public.accounts(name)"), Fail);
    assert_eq!(
        status(&report, "check:public.accounts CHECK (status = ANY (ARRAY['active', 'closed']))"),
        Pass
    );
    assert_eq!(
        status(&report, "check:public.accounts.accounts_status_check"),
        Pass,
        "IN list written differently"
    );
    assert_eq!(status(&report, "check:public.accounts CHECK (balance >= 0)"), Fail);
    assert_eq!(status(&report, "foreign-key:public.orders(account_id) → public.accounts(id)"), Pass);
    let fks: Vec<_> = util::findings(&report)
        .into_iter()
        .filter(|f| f.kind == pgconform::diff::CheckKind::ForeignKey)
        .collect();
    assert_eq!(fks.iter().filter(|f| f.status == Fail).count(), 1, "the restrict one fails");
    assert!(
        fks.iter().any(|f| f.status == Fail && f.message.contains("on delete cascade (expected restrict)"))
    );
    assert_eq!(status(&report, "index:public.orders(account_id, placed_at)"), Pass);
    assert_eq!(
        status(&report, "index:public.orders((lower(note)))"),
        Pass,
        "expression and predicate in canonical form"
    );
    assert_eq!(status(&report, "index:public.orders(total)"), Fail);
    assert_eq!(status(&report, "index:public.orders_account_placed"), Fail, "named, wrong column order");
}

#[test]
fn triggers_functions_and_views() {
    let url = database("code", SCHEMA);
    let dir = util::SpecDir::new(&spec(
        r#"        tables:
          orders:
            triggers:
              orders_touch: { timing: before, events: [update, insert], for_each: row, function: touch() }
              orders_gone: { timing: after, events: [insert] }
          accounts:
            triggers:
              accounts_audit: {}
        functions:
          "touch()": { returns: trigger, language: plpgsql, security_definer: true, sql_file: sql/touch.sql }
          "order_count(bigint)": { returns: bigint, language: sql, volatility: stable }
          "order_count(int)": { returns: bigint }
        views:
          big_orders: { sql: "select id, total from orders where total > 100", columns: [id, total] }
          small_orders: { sql: "select id from orders where total < 10" }
"#,
    ))
    .with_file(
        "sql/touch.sql",
        "-- same function, other spacing and case\ncreate or replace function touch() returns trigger language plpgsql as $$\nbegin\n  new.placed_at := NOW();\n  return new;\nend;\n$$;\n",
    );
    let report = util::check_dir(&dir, &url);
    assert_eq!(status(&report, "trigger:public.orders.orders_touch"), Pass, "events in any order");
    assert_eq!(status(&report, "trigger:public.orders.orders_gone"), Fail);
    assert_eq!(status(&report, "trigger:public.accounts.accounts_audit"), Fail);
    assert_eq!(status(&report, "function:public.order_count(bigint)"), Pass);
    assert_eq!(status(&report, "function:public.order_count(integer)"), Fail, "int is not bigint");
    let missing = finding(&report, "function:public.order_count(integer)");
    assert!(missing.details.iter().any(|d| d.contains("order_count(bigint)")), "{:?}", missing.details);
    // The body matches; the declared security definer does not.
    let touch: Vec<_> =
        util::findings(&report).into_iter().filter(|f| f.id.contains(":function:public.touch()")).collect();
    assert!(touch.iter().any(|f| f.id.ends_with(":definition") && f.status == Pass), "{touch:?}");
    assert!(
        touch.iter().any(|f| f.status == Fail && f.message.contains("not security definer")),
        "{touch:?}"
    );
    assert_eq!(status(&report, "view:public.big_orders:definition"), Pass, "written differently, same query");
    assert_eq!(status(&report, "view:public.big_orders:columns"), Pass);
    assert_eq!(status(&report, "view:public.small_orders"), Fail);
}

#[test]
fn function_bodies_that_differ_fail() {
    let url = database("body", SCHEMA);
    let dir = util::SpecDir::new(&spec(
        "        functions:\n          \"touch()\": { sql_file: touch.sql }\n        views:\n          big_orders: { sql: \"SELECT id, total FROM orders WHERE total > 1000\" }\n",
    ))
    .with_file(
        "touch.sql",
        "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.placed_at := now() - interval '1 day'; RETURN NEW; END $$;",
    );
    let report = util::check_dir(&dir, &url);
    let body = finding(&report, "function:public.touch():definition");
    assert_eq!(body.status, Fail);
    assert!(body.message.contains("body differs"), "{}", body.message);
    assert_eq!(status(&report, "view:public.big_orders:definition"), Fail);
}

#[test]
fn absent_objects_report_whether_they_hold_data() {
    let url = database(
        "absent",
        &format!("{SCHEMA}\nINSERT INTO accounts (email, old_flag) VALUES ('a@b.c', true);"),
    );
    let report = check(
        &spec(
            r#"        tables:
          accounts:
            absent_columns:
              old_flag: {}
              never_there: {}
          orders:
            absent_columns:
              note: {}
        absent_tables: [legacy_stuff, empty_leftover, long_gone]
        absent_views: [big_orders, other_view]
        absent_functions: ["touch()", "order_count", "nothing(int)"]
"#,
        ),
        &url,
    );
    let full = finding(&report, "absent-table:public.legacy_stuff");
    assert_eq!(full.status, Fail);
    assert!(full.details[0].contains("holds 1 row:"), "{:?}", full.details);
    let empty = finding(&report, "absent-table:public.empty_leftover");
    assert_eq!(empty.status, Fail);
    assert!(empty.details[0].contains("is empty"), "{:?}", empty.details);
    assert_eq!(status(&report, "absent-table:public.long_gone"), Pass);
    let flag = finding(&report, "absent-column:public.accounts.old_flag");
    assert!(flag.details[0].contains("still holds values"), "{:?}", flag.details);
    let note = finding(&report, "absent-column:public.orders.note");
    assert!(note.details[0].contains("holds no values"), "{:?}", note.details);
    assert_eq!(status(&report, "absent-column:public.accounts.never_there"), Pass);
    assert_eq!(status(&report, "absent-view:public.big_orders"), Fail);
    assert_eq!(status(&report, "absent-view:public.other_view"), Pass);
    assert_eq!(status(&report, "absent-function:public.touch()"), Fail);
    assert_eq!(status(&report, "absent-function:public.order_count"), Fail, "any overload");
    assert_eq!(status(&report, "absent-function:public.nothing(int)"), Pass);
}

#[test]
fn strict_schemas_and_tables_with_ignore_globs() {
    let url = database("strict", SCHEMA);
    let report = check(
        &spec(
            r#"        strict: true
        ignore: ["legacy_*", "order_*"]
        tables:
          accounts:
            strict: true
            ignore: ["*_upper", "old_*"]
            columns: { id: {}, email: {}, name: {}, status: {}, balance: {}, tags: {}, feeling: {} }
          orders: {}
        functions:
          "touch()": {}
        views:
          big_orders: {}
"#,
        ),
        &url,
    );
    let mut strict: Vec<String> =
        failures(&report).into_iter().filter(|id| id.contains(":strict:")).collect();
    strict.sort();
    // The enum `mood` and the domain `email` are types the strict schema does not declare.
    assert_eq!(
        strict,
        vec![
            "app:strict:public.accounts.created_at",
            "app:strict:public.email",
            "app:strict:public.empty_leftover",
            "app:strict:public.mood"
        ]
    );
}

#[test]
fn extensions_and_schemas() {
    let url = database("ext", SCHEMA);
    let report = check(
        "version: 1\ndatabases:\n  app:\n    extensions: [pgcrypto, { name: citext }, { name: pgcrypto, schema: audit }]\n    schemas:\n      audit:\n        tables:\n          events: { columns: { id: integer, at: { default: now() }, payload: { default: \"'{}'::jsonb\" } } }\n      reporting: {}\n",
        &url,
    );
    let ext: Vec<_> = util::findings(&report)
        .into_iter()
        .filter(|f| f.kind == pgconform::diff::CheckKind::Extension)
        .map(|f| f.status)
        .collect();
    assert_eq!(ext, vec![Pass, Fail, Fail]);
    assert_eq!(status(&report, "schema:audit"), Pass);
    assert_eq!(status(&report, "schema:reporting"), Fail);
    assert_eq!(status(&report, "column-type:audit.events.id"), Pass, "serial is integer");
    assert_eq!(status(&report, "column-default:audit.events.at"), Pass, "CURRENT_TIMESTAMP is now()");
    assert_eq!(status(&report, "column-default:audit.events.payload"), Fail);
}

#[test]
fn probes_pass_fail_error_and_roll_back() {
    let url = database("probes", SCHEMA);
    let report = check(
        &format!(
            "{}    probes:\n{}",
            spec("        tables: { accounts: {} }\n"),
            r#"      - name: insert then count
        sql: "INSERT INTO accounts (email) VALUES ('a@b.c'); SELECT count(*) FROM accounts"
        expect: 1
      - name: wrong count
        sql: SELECT count(*) FROM accounts
        expect: 5
      - name: rows in order
        sql: SELECT unnest(enum_range(NULL::mood))
        expect: [sad, ok, happy]
      - name: boolean and null
        sql: SELECT true, NULL::int
        expect: [[true, null]]
      - name: broken sql
        sql: SELECT nope FROM accounts
        expect: 1
      - name: sneaky commit
        sql: "INSERT INTO accounts (email) VALUES ('kept@b.c'); COMMIT; SELECT 1"
        expect: 1
      - name: commit inside a do block
        sql: "DO $$ BEGIN INSERT INTO accounts (email) VALUES ('do@b.c'); COMMIT; END $$; SELECT 1"
        expect: 1
"#
        ),
        &url,
    );
    assert_eq!(status(&report, "probe:insert then count"), Pass);
    let wrong = finding(&report, "probe:wrong count");
    assert_eq!(wrong.status, Fail);
    assert_eq!(wrong.actual.as_deref(), Some("0"), "the first probe's insert was rolled back");
    assert_eq!(status(&report, "probe:rows in order"), Pass);
    assert_eq!(status(&report, "probe:boolean and null"), Pass);
    let broken = finding(&report, "probe:broken sql");
    assert_eq!(broken.status, Fail);
    assert!(broken.message.contains("column \"nope\" does not exist"), "{}", broken.message);
    let sneaky = finding(&report, "probe:sneaky commit");
    assert_eq!(sneaky.status, Fail);
    assert!(sneaky.message.contains("was not run: `COMMIT`"), "{}", sneaky.message);
    let in_do = finding(&report, "probe:commit inside a do block");
    assert_eq!(in_do.status, Fail);
    assert!(in_do.message.contains("invalid transaction termination"), "{}", in_do.message);
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let count: i64 = client.query_one("SELECT count(*) FROM accounts", &[]).unwrap().get(0);
    assert_eq!(count, 0, "probes leave nothing behind");
}

#[test]
fn check_never_writes() {
    // The catalog is read in a READ ONLY transaction: a server set to refuse
    // every write still answers a check.
    let url = database("readonly", SCHEMA);
    let dbname = url.rsplit('/').next().unwrap().to_string();
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client.batch_execute(&format!("ALTER DATABASE {dbname} SET default_transaction_read_only = on")).unwrap();
    let report = check(
        &spec(
            "        tables: { accounts: { columns: { id: bigint } } }\n        absent_tables: [legacy_stuff]\n",
        ),
        &url,
    );
    assert_eq!(status(&report, "column-type:public.accounts.id"), Pass);
    assert_eq!(status(&report, "absent-table:public.legacy_stuff"), Fail);
}

#[test]
fn more_failures_each_kind_can_report() {
    let url = database("more", SCHEMA);
    let report = check(
        &spec(
            r#"        tables:
          accounts:
            columns:
              id: { identity: by default }
              name_upper: { generated: lower(name) }
              name: { collation: C }
              status: { default: null, collation: default }
              balance: { default: null }
            primary_key: [email]
          orders:
            columns:
              note: { identity: null, generated: upper(note) }
            primary_key: [id, account_id]
            triggers:
              orders_touch: { timing: after, events: [insert], for_each: statement, function: other() }
        views:
          big_orders: { columns: [total, id], materialized: true }
"#,
        ),
        &url,
    );
    let identity = finding(&report, "column-identity:public.accounts.id");
    assert_eq!(identity.status, Fail);
    assert_eq!(identity.actual.as_deref(), Some("generated always as identity"));
    assert_eq!(status(&report, "column-generated:public.accounts.name_upper"), Fail);
    assert_eq!(status(&report, "column:public.accounts.name:collation"), Fail);
    assert_eq!(status(&report, "column:public.accounts.status:collation"), Pass);
    assert_eq!(
        status(&report, "column-default:public.accounts.status"),
        Fail,
        "has a default, none expected"
    );
    assert_eq!(status(&report, "column-default:public.accounts.balance"), Fail);
    assert_eq!(status(&report, "column-identity:public.orders.note"), Pass);
    assert_eq!(status(&report, "column-generated:public.orders.note"), Fail);
    let pk = finding(&report, "primary-key:public.accounts");
    assert_eq!((pk.status, pk.actual.as_deref()), (Fail, Some("(id)")));
    assert_eq!(status(&report, "primary-key:public.orders"), Fail, "column order matters");
    let trigger = finding(&report, "trigger:public.orders.orders_touch");
    assert_eq!(trigger.status, Fail);
    for part in [
        "fires before (expected after)",
        "on insert or update (expected insert)",
        "for each row (expected statement)",
        "calls public.touch() (expected public.other())",
    ] {
        assert!(trigger.message.contains(part), "{part} in {}", trigger.message);
    }
    let view = finding(&report, "view:public.big_orders");
    assert!(view.message.contains("is a view, expected a materialized view"), "{}", view.message);
}

#[test]
fn view_columns_and_qualified_types() {
    let url = database("viewcols", SCHEMA);
    let report = check(
        &spec(
            r#"        tables:
          accounts:
            columns:
              feeling: public.mood
              email: audit.email
        views:
          big_orders: { columns: [total, id] }
"#,
        ),
        &url,
    );
    assert_eq!(status(&report, "column-type:public.accounts.feeling"), Pass);
    assert_eq!(status(&report, "column-type:public.accounts.email"), Fail, "the domain lives in public");
    let columns = finding(&report, "view:public.big_orders:columns");
    assert_eq!((columns.status, columns.actual.as_deref()), (Fail, Some("id, total")));
}

#[test]
fn a_view_query_reads_names_in_the_views_own_schema() {
    let sql = r#"
        CREATE SCHEMA billing;
        CREATE TABLE billing."Invoices" ("ID" int PRIMARY KEY, amount numeric, status text);
        CREATE TABLE public."Invoices" (other int);
        CREATE VIEW billing.open_invoices AS SELECT "ID", amount FROM billing."Invoices" WHERE status = 'open';
    "#;
    let url = database("viewschema", sql);
    let view_spec = |query: &str| {
        format!(
            "version: 1\ndatabases:\n  app:\n    schemas:\n      billing:\n        views:\n          open_invoices: {{ sql: {query:?} }}\n"
        )
    };
    let same = check(&view_spec(r#"SELECT "ID", amount FROM "Invoices" WHERE status = 'open'"#), &url);
    assert_eq!(status(&same, "view:billing.open_invoices:definition"), Pass, "`Invoices` is billing's");
    let other = check(&view_spec(r#"SELECT "ID", amount FROM "Invoices" WHERE status = 'paid'"#), &url);
    assert_eq!(status(&other, "view:billing.open_invoices:definition"), Fail);

    // fix creates it the same way: unqualified names are billing's.
    let dir = util::SpecDir::new(&view_spec(r#"SELECT "ID", amount FROM "Invoices" WHERE status = 'paid'"#));
    let out = util::pgconform(&["fix", "--apply", "--url", &url], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}{}", util::text(&out.stdout), util::text(&out.stderr));
    let after = check(&view_spec(r#"SELECT "ID", amount FROM "Invoices" WHERE status = 'paid'"#), &url);
    assert_eq!(status(&after, "view:billing.open_invoices:definition"), Pass);
}
