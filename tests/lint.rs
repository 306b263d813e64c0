//! `pgconform lint` on real PostgreSQL: every rule fires on its hazard and
//! stays silent on the hazard's safe twin, configuration (spec, flags,
//! comments) narrows what is reported, and the binary's interface (exit
//! statuses, `--list`, `--explain`, `check --lint`, formats) holds.
//!
//! Rules are grouped by database (keys, types, sequences and security,
//! structure) so that the suite builds few databases; each test collects
//! every mismatch before failing, so one broken rule does not hide another.

mod util;

use pgconform::check::{Passes, Selection};
use pgconform::diff::{Report, Status};
use pgconform::lint::LintFlags;
use pgconform::spec::Severity;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};
use util::{SpecDir, database, pgconform, text};

/// Lints the database at `url` through the library, as `lint --url` does.
fn lint(url: &str, flags: &LintFlags) -> Report {
    let spec = pgconform::check::spec_for("db");
    let no_env = |_: &str| None;
    let target = pgconform::connect::resolve(Some(url), None, &no_env).expect("a valid test URL");
    let selection = Selection { databases: vec![(&spec.databases[0], Ok(target))] };
    let passes = Passes { check: false, lint: Some(flags) };
    let report = pgconform::check::run_passes(&spec, &selection, Default::default(), 1, passes);
    assert_eq!(report.databases[0].error, None, "the lint could not run");
    report
}

/// The objects a rule reported (passing lines left out).
fn hits(report: &Report, rule: &str) -> BTreeSet<String> {
    util::findings(report)
        .into_iter()
        .filter(|f| f.rule == Some(rule) && f.status != Status::Pass)
        .map(|f| f.object.clone())
        .collect()
}

/// Expectations on one report, all checked before the test fails.
struct Expect<'r> {
    report: &'r Report,
    problems: Vec<String>,
}

impl<'r> Expect<'r> {
    fn new(report: &'r Report) -> Expect<'r> {
        Expect { report, problems: Vec::new() }
    }

    /// `rule` reports exactly `objects`: its hazards, and none of their twins.
    fn rule(&mut self, rule: &str, objects: &[&str]) -> &mut Self {
        let found = hits(self.report, rule);
        let expected: BTreeSet<String> = objects.iter().map(|o| o.to_string()).collect();
        if found != expected {
            let missing: Vec<_> = expected.difference(&found).collect();
            let extra: Vec<_> = found.difference(&expected).collect();
            self.problems.push(format!("{rule}: missing {missing:?}, unexpected {extra:?}"));
        }
        let passing =
            util::findings(self.report).iter().any(|f| f.rule == Some(rule) && f.status == Status::Pass);
        if objects.is_empty() != passing {
            self.problems.push(format!("{rule}: a passing line exactly when nothing is reported"));
        }
        self
    }

    /// The finding of `rule` on `object` satisfies `test`.
    fn finding(
        &mut self,
        rule: &str,
        object: &str,
        what: &str,
        test: impl Fn(&pgconform::diff::Finding) -> bool,
    ) -> &mut Self {
        let all = util::findings(self.report);
        match all.iter().find(|f| f.rule == Some(rule) && f.object == object && f.status != Status::Pass) {
            Some(f) if test(f) => {}
            Some(f) => self.problems.push(format!("{rule} on {object}: expected {what}, got {f:#?}")),
            None => self.problems.push(format!("{rule} on {object}: no finding (expected {what})")),
        }
        self
    }

    /// `rule` is off: neither findings nor a passing line.
    fn off(&mut self, rule: &str) -> &mut Self {
        if util::findings(self.report).iter().any(|f| f.rule == Some(rule)) {
            self.problems.push(format!("{rule} is off, yet it reported"));
        }
        self
    }

    fn done(&self) {
        assert!(self.problems.is_empty(), "\n{}", self.problems.join("\n"));
    }
}

fn fix_sql(f: &pgconform::diff::Finding) -> &str {
    f.fix_sql.as_deref().unwrap_or("")
}

const KEYS: &str = r#"
CREATE EXTENSION citext;
CREATE TABLE ext_owned (id text, code char(2));
ALTER EXTENSION citext ADD TABLE ext_owned;

CREATE TABLE customers (id bigint PRIMARY KEY, code varchar(50) UNIQUE, email text COLLATE "C" UNIQUE, name text UNIQUE);
CREATE TABLE orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id integer CONSTRAINT orders_customer_fk REFERENCES customers (id),
    customer_code text CONSTRAINT orders_code_fk REFERENCES customers (code),
    customer_email text CONSTRAINT orders_email_fk REFERENCES customers (email),
    customer_name text CONSTRAINT orders_name_fk REFERENCES customers (name)
);
CREATE INDEX ON orders (customer_id);
CREATE INDEX ON orders (customer_code);
CREATE INDEX ON orders (customer_email);
CREATE INDEX ON orders (customer_name);

CREATE TABLE payments (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL CONSTRAINT payments_customer_fk REFERENCES customers (id),
    order_id bigint CONSTRAINT payments_order_fk REFERENCES orders (id)
);
CREATE INDEX payments_customer_idx ON payments (customer_id, id);
CREATE TABLE shipments (
    id bigint PRIMARY KEY,
    order_id bigint CONSTRAINT shipments_order_fk REFERENCES orders (id),
    carrier_id bigint CONSTRAINT shipments_carrier_fk REFERENCES customers (id)
);
CREATE INDEX shipments_order_partial ON shipments (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX shipments_id_carrier ON shipments (id, carrier_id);
CREATE TABLE pairs (a bigint, b bigint, PRIMARY KEY (a, b));
CREATE TABLE pair_refs (id bigint PRIMARY KEY, a bigint, b bigint, CONSTRAINT pair_refs_fk FOREIGN KEY (a, b) REFERENCES pairs);
CREATE INDEX ON pair_refs (b, a);
CREATE TABLE hashed (id bigint PRIMARY KEY, order_id bigint CONSTRAINT hashed_order_fk REFERENCES orders (id));
CREATE INDEX ON hashed USING hash (order_id);

CREATE TABLE conversations (id text PRIMARY KEY, session_id varchar(36), title text, legacy_id text);
INSERT INTO conversations VALUES
    ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12', 'c0eebc99-9c0b-4ef8-bb6d-6bb9bd380a13', 'conv-1'),
    ('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A14', NULL, 'a title', 'd0eebc99-9c0b-4ef8-bb6d-6bb9bd380a15');
CREATE TABLE messages (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id text CONSTRAINT messages_conversation_fk REFERENCES conversations (id));
CREATE INDEX ON messages (conversation_id);
INSERT INTO messages (conversation_id) VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
CREATE TABLE tokens (token_id text PRIMARY KEY);
INSERT INTO tokens VALUES (md5('a')), (md5('b'));
CREATE TABLE empty_keys (id text PRIMARY KEY);
CREATE TABLE devices (id bigint PRIMARY KEY, serial text UNIQUE, short_id varchar(8));
INSERT INTO devices VALUES (1, 'e0eebc99-9c0b-4ef8-bb6d-6bb9bd380a16', 'abc');
CREATE TABLE big_sessions (id bigint PRIMARY KEY, session_id text);
INSERT INTO big_sessions SELECT g, md5(g::text)::uuid::text FROM generate_series(1, 110000) AS g;
ANALYZE big_sessions;

CREATE TABLE audit_log (at timestamptz, what text);
CREATE TABLE settings (key text NOT NULL, value text);
CREATE UNIQUE INDEX settings_key_idx ON settings (key);
CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

CREATE TABLE docs (id bigint PRIMARY KEY, title text, body text, n int);
CREATE INDEX docs_title_a ON docs (title);
CREATE INDEX docs_title_b ON docs (title);
CREATE INDEX docs_title_pattern ON docs (title text_pattern_ops);
CREATE INDEX docs_title_desc ON docs (title DESC);
CREATE UNIQUE INDEX docs_id_dup ON docs (id);
CREATE INDEX docs_lower_all ON docs (lower(title));
CREATE INDEX docs_lower_some ON docs (lower(title)) WHERE n > 0;
CREATE INDEX docs_n ON docs (n);
CREATE INDEX docs_n_title ON docs (n, title);
CREATE UNIQUE INDEX docs_body_key ON docs (body);
CREATE INDEX docs_body_n ON docs (body, n);

CREATE TABLE dupes (id bigint PRIMARY KEY, v int);
INSERT INTO dupes VALUES (1, 7), (2, 7);
CREATE INDEX dupes_v_ok ON dupes (v);

CREATE TABLE limits (id bigint PRIMARY KEY, n int, owner_id bigint);
ALTER TABLE limits ADD CONSTRAINT limits_n_positive CHECK (n > 0) NOT VALID;
ALTER TABLE limits ADD CONSTRAINT limits_n_small CHECK (n < 100);
ALTER TABLE limits ADD CONSTRAINT limits_owner_fk FOREIGN KEY (owner_id) REFERENCES customers (id) NOT VALID;
CREATE INDEX ON limits (owner_id);
CREATE TABLE profiles (id bigint PRIMARY KEY, email text, phone text NOT NULL, nick text,
    CONSTRAINT profiles_email_nn CHECK (email IS NOT NULL),
    CONSTRAINT profiles_phone_nn CHECK (phone IS NOT NULL),
    CONSTRAINT profiles_nick_and CHECK (nick IS NOT NULL AND id > 0));
ALTER TABLE profiles ADD CONSTRAINT profiles_nick_nn CHECK (nick IS NOT NULL) NOT VALID;
"#;

#[test]
fn keys_and_indexes() {
    let url = database("lint_keys", KEYS);
    // A failed CREATE INDEX CONCURRENTLY leaves its index behind, invalid.
    // It cannot run inside the multi-statement setup's implicit transaction.
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let failed = client.batch_execute("CREATE UNIQUE INDEX CONCURRENTLY dupes_v_unique ON dupes (v)");
    assert!(failed.is_err(), "the duplicate values make the build fail");

    let report = lint(&url, &LintFlags::default());
    Expect::new(&report)
        .rule("fk-type-mismatch", &["public.orders.orders_customer_fk", "public.orders.orders_code_fk"])
        .finding("fk-type-mismatch", "public.orders.orders_customer_fk", "a widening fix", |f| {
            f.status == Status::Fail
                && f.message.contains("orders.customer_id is integer but references public.customers.id, which is bigint")
                && fix_sql(f) == "ALTER TABLE public.orders ALTER COLUMN customer_id TYPE bigint;"
        })
        .finding("fk-type-mismatch", "public.orders.orders_code_fk", "no fix (text cannot narrow)", |f| {
            f.fix_sql.is_none()
        })
        .rule("fk-collation-mismatch", &["public.orders.orders_email_fk"])
        .finding("fk-collation-mismatch", "public.orders.orders_email_fk", "a COLLATE fix", |f| {
            fix_sql(f) == "ALTER TABLE public.orders ALTER COLUMN customer_email TYPE text COLLATE \"C\";"
        })
        .rule(
            "uuid-stored-as-text",
            &[
                "public.conversations.id",
                "public.conversations.session_id",
                "public.messages.conversation_id",
                "public.devices.serial",
                "public.big_sessions.session_id",
            ],
        )
        .finding("uuid-stored-as-text", "public.conversations.session_id", "a conversion", |f| {
            f.message.contains("all its 1 values") || f.message.contains("its only value is a UUID")
        })
        .finding("uuid-stored-as-text", "public.conversations.session_id", "a conversion", |f| {
            fix_sql(f)
                == "ALTER TABLE public.conversations ALTER COLUMN session_id TYPE uuid USING session_id::uuid;"
        })
        .finding("uuid-stored-as-text", "public.conversations.id", "no lone fix: a foreign key references it", |f| {
            f.fix_sql.is_none() && f.details.iter().any(|d| d.contains("public.messages.conversation_id"))
        })
        .finding("uuid-stored-as-text", "public.big_sessions.session_id", "a sample, not a full read", |f| {
            f.message.contains("values read (at most 10,000 are sampled)")
        })
        .rule(
            "fk-without-index",
            &[
                "public.payments.payments_order_fk",
                "public.shipments.shipments_order_fk",
                "public.shipments.shipments_carrier_fk",
            ],
        )
        .finding("fk-without-index", "public.payments.payments_order_fk", "an index to create", |f| {
            fix_sql(f) == "CREATE INDEX CONCURRENTLY ON public.payments (order_id);"
        })
        .rule("table-without-primary-key", &["public.audit_log", "public.settings", "public.events"])
        .finding("table-without-primary-key", "public.settings", "promoting the unique index", |f| {
            fix_sql(f) == "ALTER TABLE public.settings ADD CONSTRAINT settings_key_idx PRIMARY KEY USING INDEX settings_key_idx;"
        })
        .rule("duplicate-index", &["public.docs_title_b", "public.docs_id_dup"])
        .finding("duplicate-index", "public.docs_title_b", "dropping the twin", |f| {
            f.message.contains("duplicates docs_title_a") && fix_sql(f) == "DROP INDEX CONCURRENTLY public.docs_title_b;"
        })
        .rule("redundant-index", &["public.docs_n"])
        .finding("redundant-index", "public.docs_n", "the covering index named", |f| f.message.contains("docs_n_title"))
        .rule("invalid-index", &["public.dupes_v_unique"])
        .finding("invalid-index", "public.dupes_v_unique", "a rebuild", |f| {
            f.status == Status::Fail && fix_sql(f) == "REINDEX INDEX CONCURRENTLY public.dupes_v_unique;"
        })
        .rule(
            "constraint-not-valid",
            &["public.limits.limits_n_positive", "public.limits.limits_owner_fk", "public.profiles.profiles_nick_nn"],
        )
        .finding("constraint-not-valid", "public.limits.limits_n_positive", "validation", |f| {
            fix_sql(f) == "ALTER TABLE public.limits VALIDATE CONSTRAINT limits_n_positive;"
        })
        .rule("check-instead-of-not-null", &["public.profiles.profiles_email_nn"])
        .finding("check-instead-of-not-null", "public.profiles.profiles_email_nn", "SET NOT NULL", |f| {
            fix_sql(f)
                == "ALTER TABLE public.profiles ALTER COLUMN email SET NOT NULL;\nALTER TABLE public.profiles DROP CONSTRAINT profiles_email_nn;"
        })
        .done();

    // Every suggested statement runs, and the hazard is gone once it has.
    // (Statements that cannot run in a transaction block go one by one.)
    for rule in [
        "fk-type-mismatch",
        "fk-collation-mismatch",
        "fk-without-index",
        "duplicate-index",
        "check-instead-of-not-null",
    ] {
        for f in util::findings(&report).into_iter().filter(|f| f.rule == Some(rule)) {
            for statement in f.fix_sql.iter().flat_map(|s| s.lines()) {
                client.batch_execute(statement).unwrap_or_else(|e| panic!("{statement}: {e}"));
            }
        }
    }
    let after = lint(&url, &LintFlags::default());
    Expect::new(&after)
        .rule("fk-type-mismatch", &["public.orders.orders_code_fk"])
        .rule("fk-collation-mismatch", &[])
        .rule("fk-without-index", &[])
        .rule("duplicate-index", &[])
        .rule("check-instead-of-not-null", &[])
        .done();
}

const TYPES: &str = r#"
CREATE EXTENSION citext;
CREATE TABLE ext_owned (created timestamp, price money, code char(2));
ALTER EXTENSION citext ADD TABLE ext_owned;

CREATE DOMAIN local_ts AS timestamp;
CREATE TABLE readings (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    taken_at timestamp, taken_at_tz timestamptz, logged local_ts,
    opens time, opens_tz timetz,
    code char(3), code_v varchar(3), flag "char",
    price money, price_n numeric(12,2),
    doc json, docb jsonb,
    name varchar(80), note text,
    rel regclass, typ regtype, fn regproc
);
CREATE TABLE measures (at timestamp, v int) PARTITION BY RANGE (at);
CREATE TABLE measures_2024 PARTITION OF measures FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

CREATE TABLE legacy_ids (id serial PRIMARY KEY, n int);
CREATE TABLE modern_ids (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);
CREATE TABLE big_ids (id bigserial PRIMARY KEY);
CREATE TABLE singleton (id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1));
CREATE TABLE pair_keys (a int, b int, PRIMARY KEY (a, b));
CREATE TABLE app_ids (id integer PRIMARY KEY);
CREATE TABLE child_refs (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, legacy_id int REFERENCES legacy_ids (id));
INSERT INTO legacy_ids (n) VALUES (1), (2);
"#;

#[test]
fn column_types() {
    let url = database("lint_types", TYPES);
    let report = lint(&url, &LintFlags::default());
    Expect::new(&report)
        .rule(
            "timestamp-without-time-zone",
            &["public.readings.taken_at", "public.readings.logged", "public.measures.at"],
        )
        .finding("timestamp-without-time-zone", "public.readings.logged", "the domain named", |f| {
            f.message.contains("local_ts (a domain over timestamp without time zone)")
        })
        .rule("time-with-time-zone", &["public.readings.opens_tz"])
        .rule("char-n", &["public.readings.code"])
        .finding("char-n", "public.readings.code", "a conversion to text", |f| {
            fix_sql(f) == "ALTER TABLE public.readings ALTER COLUMN code TYPE text;"
        })
        .rule("money-type", &["public.readings.price"])
        .rule("json-not-jsonb", &["public.readings.doc"])
        .finding("json-not-jsonb", "public.readings.doc", "a conversion to jsonb", |f| {
            fix_sql(f) == "ALTER TABLE public.readings ALTER COLUMN doc TYPE jsonb USING doc::jsonb;"
        })
        .off("varchar-n")
        .rule("reg-type-column", &["public.readings.rel", "public.readings.typ", "public.readings.fn"])
        .finding("reg-type-column", "public.readings.fn", "the pg_upgrade hazard", |f| {
            f.details.iter().any(|d| d.contains("pg_upgrade refuses"))
        })
        .rule("serial-not-identity", &["public.legacy_ids.id", "public.big_ids.id"])
        .rule("integer-primary-key", &["public.legacy_ids.id", "public.modern_ids.id", "public.app_ids.id"])
        .finding(
            "integer-primary-key",
            "public.legacy_ids.id",
            "the key, its references and its sequence widened",
            |f| {
                fix_sql(f)
                    == "ALTER TABLE public.legacy_ids ALTER COLUMN id TYPE bigint;\n\
                    ALTER TABLE public.child_refs ALTER COLUMN legacy_id TYPE bigint;\n\
                    ALTER SEQUENCE public.legacy_ids_id_seq AS bigint;"
            },
        )
        .done();

    // varchar-n is off unless asked for.
    let flags = LintFlags { rules: vec![("varchar-n".into(), Severity::Error)], ..LintFlags::default() };
    let asked = lint(&url, &flags);
    Expect::new(&asked).rule("varchar-n", &["public.readings.code_v", "public.readings.name"]).done();
    assert!(
        util::findings(&asked)
            .iter()
            .filter(|f| f.rule == Some("varchar-n"))
            .all(|f| f.status == Status::Fail)
    );

    // The serial-to-identity statements keep the numbering going.
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let serial = util::findings(&report)
        .into_iter()
        .find(|f| f.rule == Some("serial-not-identity") && f.object == "public.legacy_ids.id")
        .unwrap()
        .clone();
    client.batch_execute(&format!("BEGIN;\n{}\nCOMMIT;", fix_sql(&serial))).unwrap();
    let id: i32 = client.query_one("INSERT INTO legacy_ids (n) VALUES (3) RETURNING id", &[]).unwrap().get(0);
    assert_eq!(id, 3);
    let after = lint(&url, &LintFlags::default());
    Expect::new(&after).rule("serial-not-identity", &["public.big_ids.id"]).done();
}

const SEQUENCES_AND_SECURITY: &str = r#"
CREATE SCHEMA ext;
CREATE EXTENSION citext SCHEMA ext;

CREATE TABLE tickets (id serial PRIMARY KEY);
SELECT setval('tickets_id_seq', 2100000000);
CREATE TABLE wide (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);
SELECT setval(pg_get_serial_sequence('wide', 'id'), 2100000000);
CREATE SEQUENCE small_seq AS smallint;
SELECT setval('small_seq', 30000);
CREATE TABLE small_users (id smallint PRIMARY KEY DEFAULT nextval('small_seq'));
CREATE SEQUENCE down_seq INCREMENT -1 MINVALUE -100 MAXVALUE -1 START -1;
SELECT setval('down_seq', -95);
CREATE SEQUENCE cyc_seq MAXVALUE 10 CYCLE;
SELECT setval('cyc_seq', 9);
CREATE SEQUENCE narrow_feed;
SELECT setval('narrow_feed', 31000);
CREATE TABLE narrow_col (id smallint PRIMARY KEY DEFAULT nextval('narrow_feed'));
CREATE TABLE widened (id serial PRIMARY KEY);
ALTER TABLE widened ALTER COLUMN id TYPE bigint;
CREATE SEQUENCE lonely;
CREATE SEQUENCE used_in_code;
CREATE FUNCTION next_code() RETURNS bigint LANGUAGE sql AS $$ SELECT nextval('used_in_code') $$;
CREATE TABLE dropped_default (id serial);
ALTER TABLE dropped_default ALTER COLUMN id DROP DEFAULT;

CREATE FUNCTION definer_bad() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1';
CREATE FUNCTION definer_ok() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS 'SELECT 1';
CREATE PROCEDURE proc_bad(n int) LANGUAGE sql SECURITY DEFINER AS 'SELECT 1';
CREATE FUNCTION invoker_bad(a int) RETURNS int LANGUAGE plpgsql AS 'BEGIN RETURN a; END';
CREATE FUNCTION invoker_ok(a int) RETURNS int LANGUAGE sql SET search_path = '' AS 'SELECT a';
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql SET search_path = public AS $$BEGIN RETURN NEW; END$$;

CREATE TABLE locked (id bigint PRIMARY KEY);
ALTER TABLE locked ENABLE ROW LEVEL SECURITY;
CREATE TABLE guarded (id bigint PRIMARY KEY, owner name);
ALTER TABLE guarded ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON guarded USING (owner = current_user);
CREATE TABLE leaky (id bigint PRIMARY KEY, owner name);
CREATE POLICY own ON leaky USING (owner = current_user);

CREATE TRIGGER t_on BEFORE INSERT ON guarded FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER t_off BEFORE INSERT ON leaky FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE leaky DISABLE TRIGGER t_off;
CREATE TRIGGER t_replica BEFORE INSERT ON locked FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE locked ENABLE REPLICA TRIGGER t_replica;
CREATE TABLE plog (at date, v int) PARTITION BY RANGE (at);
CREATE TABLE plog_1 PARTITION OF plog FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TRIGGER p_trg BEFORE INSERT ON plog FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE plog DISABLE TRIGGER p_trg;

CREATE RULE leaky_log AS ON INSERT TO leaky DO ALSO NOTIFY leaky;
CREATE VIEW v_guarded AS SELECT * FROM guarded;
"#;

#[test]
fn sequences_code_and_security() {
    let url = database("lint_seq", SEQUENCES_AND_SECURITY);
    let report = lint(&url, &LintFlags::default());
    Expect::new(&report)
        .rule(
            "sequence-near-exhaustion",
            &["public.tickets_id_seq", "public.small_seq", "public.down_seq", "public.narrow_feed"],
        )
        .finding("sequence-near-exhaustion", "public.narrow_feed", "the column as the limit", |f| {
            f.status == Status::Fail
                && f.message.contains("of 32,767 (the end of public.narrow_col.id, smallint)")
                && fix_sql(f) == "ALTER TABLE public.narrow_col ALTER COLUMN id TYPE bigint;"
        })
        .finding("sequence-near-exhaustion", "public.tickets_id_seq", "column and sequence widened", |f| {
            f.message.contains("97.8%")
                && fix_sql(f)
                    == "ALTER TABLE public.tickets ALTER COLUMN id TYPE bigint;\nALTER SEQUENCE public.tickets_id_seq AS bigint;"
        })
        .rule("sequence-narrower-than-column", &["public.widened_id_seq"])
        .finding("sequence-narrower-than-column", "public.widened_id_seq", "widening the sequence", |f| {
            fix_sql(f) == "ALTER SEQUENCE public.widened_id_seq AS bigint;"
        })
        .rule(
            "orphan-sequence",
            &["public.lonely", "public.dropped_default_id_seq", "public.down_seq", "public.cyc_seq"],
        )
        .rule("security-definer-without-search-path", &["public.definer_bad()", "public.proc_bad(integer)"])
        .finding("security-definer-without-search-path", "public.proc_bad(integer)", "ALTER PROCEDURE", |f| {
            // PostgreSQL 14+ prints the argument mode of procedures' arguments (`IN n integer`).
            fix_sql(f).starts_with("ALTER PROCEDURE public.proc_bad(")
                && fix_sql(f).ends_with("n integer) SET search_path = public, pg_temp;")
        })
        .rule("function-search-path-mutable", &["public.invoker_bad(integer)", "public.next_code()"])
        .rule("rls-enabled-without-policy", &["public.locked"])
        .rule("policy-without-rls", &["public.leaky"])
        .finding("policy-without-rls", "public.leaky", "enabling RLS", |f| {
            f.status == Status::Fail && fix_sql(f) == "ALTER TABLE public.leaky ENABLE ROW LEVEL SECURITY;"
        })
        .rule("disabled-trigger", &["public.leaky.t_off", "public.plog.p_trg"])
        .rule("rule-not-view", &["public.leaky.leaky_log"])
        .done();

    // The threshold is a setting, of the spec or of the command line (which wins).
    let strict = LintFlags { sequence_threshold: Some(95), ..LintFlags::default() };
    Expect::new(&lint(&url, &strict)).rule("sequence-near-exhaustion", &["public.tickets_id_seq"]).done();
    let text = "version: 1\ndatabases:\n  db:\n    lint: { sequence_threshold: 95 }\n";
    let spec = pgconform::spec::parse(text, Path::new("spec.yaml")).expect("a valid spec");
    let target = pgconform::connect::resolve(Some(&url), None, &|_: &str| None).unwrap();
    let selection = Selection { databases: vec![(&spec.databases[0], Ok(target))] };
    let flags = LintFlags::default();
    let passes = Passes { check: false, lint: Some(&flags) };
    let from_spec = pgconform::check::run_passes(&spec, &selection, Default::default(), 1, passes);
    Expect::new(&from_spec).rule("sequence-near-exhaustion", &["public.tickets_id_seq"]).done();

    // The security definer fix pins the path, and the finding goes away.
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    for f in
        util::findings(&report).into_iter().filter(|f| f.rule == Some("security-definer-without-search-path"))
    {
        client.batch_execute(fix_sql(f)).unwrap();
    }
    Expect::new(&lint(&url, &LintFlags::default())).rule("security-definer-without-search-path", &[]).done();
}

/// A name of exactly `bytes` bytes.
fn name_of(prefix: &str, bytes: usize) -> String {
    format!("{prefix}{}", "x".repeat(bytes - prefix.len()))
}

#[test]
fn naming_and_structure() {
    let long_table = name_of("t_", 63);
    let shorter_table = name_of("u_", 62);
    let long_index = name_of("i_", 63);
    let sql = format!(
        r#"
CREATE SCHEMA "Reporting";
CREATE TABLE "Reporting"."Daily Totals" ("Day" date, total numeric, "user" text);
CREATE TABLE plain_names (id bigint PRIMARY KEY, day date);
CREATE TYPE "Mood" AS ENUM ('ok');
CREATE TABLE moods (id bigint PRIMARY KEY, m "Mood");
CREATE FUNCTION "DoIt"() RETURNS int LANGUAGE sql SET search_path = '' AS 'SELECT 1';

CREATE TABLE {long_table}{extra} (id bigint PRIMARY KEY);
CREATE TABLE {shorter_table} (id bigint PRIMARY KEY);
CREATE INDEX {long_index} ON plain_names (day);

CREATE TABLE base (id bigint, note text);
CREATE TABLE derived () INHERITS (base);
CREATE TABLE parts (id bigint, at date) PARTITION BY RANGE (at);
CREATE TABLE parts_1 PARTITION OF parts FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

CREATE TYPE status AS ENUM ('a', 'b');
CREATE TYPE used_in_array AS ENUM ('x');
CREATE TABLE tags (id bigint PRIMARY KEY, t used_in_array[]);
CREATE TYPE used_by_fn AS ENUM ('y');
CREATE FUNCTION f_fn(used_by_fn) RETURNS int LANGUAGE sql SET search_path = '' AS 'SELECT 1';
CREATE TYPE used_in_body AS ENUM ('z');
CREATE FUNCTION f_body() RETURNS text LANGUAGE plpgsql SET search_path = public AS $$BEGIN RETURN 'z'::used_in_body; END$$;

CREATE EXTENSION citext;
CREATE SCHEMA extensions;
CREATE EXTENSION pg_trgm SCHEMA extensions;
"#,
        // The server cuts a longer name to 63 bytes: the hazard the rule is for.
        extra = "_and_more"
    );
    let url = database("lint_names", &sql);
    let report = lint(&url, &LintFlags::default());
    let long_table = format!("public.{long_table}");
    let long_index = format!("public.{long_index}");
    Expect::new(&report)
        .rule(
            "identifier-needs-quoting",
            &[
                "Reporting",
                "Reporting.Daily Totals",
                "Reporting.Daily Totals.Day",
                "Reporting.Daily Totals.user",
                "public.Mood",
                "public.DoIt()",
            ],
        )
        .finding("identifier-needs-quoting", "Reporting.Daily Totals.user", "the reason", |f| {
            f.message.ends_with(r#"column Reporting.Daily Totals."user" needs quoting: an SQL keyword"#)
        })
        .rule("identifier-at-max-length", &[&long_table, &long_index])
        .rule("table-inheritance", &["public.derived"])
        .rule("unused-enum", &["public.status"])
        .rule("extension-in-public", &["citext"])
        .done();
}

const CONFIGURED: &str = r#"
CREATE TABLE legacy_orders (id bigint PRIMARY KEY, currency char(3));
CREATE TABLE invoices (id bigint PRIMARY KEY, currency char(3), country char(2), total money);
COMMENT ON COLUMN invoices.currency IS 'An ISO 4217 code. pgconform:ignore char-n';
COMMENT ON TABLE invoices IS 'pgconform:ignore money-type';
CREATE SCHEMA archive;
COMMENT ON SCHEMA archive IS 'Frozen. pgconform:ignore';
CREATE TABLE archive.old (id int, at timestamp);
CREATE TABLE notes (id bigint PRIMARY KEY, body json);
COMMENT ON TABLE notes IS 'pgconform:ignroe json-not-jsonb';
COMMENT ON COLUMN notes.body IS 'pgconform:ignore json-not-jsnb';
"#;

#[test]
fn globs_comments_and_levels_narrow_what_is_reported() {
    let url = database("lint_config", CONFIGURED);
    let flags = LintFlags { ignore: vec!["public.legacy_*".into()], ..LintFlags::default() };
    let report = lint(&url, &flags);
    Expect::new(&report)
        .rule("char-n", &["public.invoices.country"])
        .rule("money-type", &[])
        .rule("json-not-jsonb", &["public.notes.body"])
        .rule("timestamp-without-time-zone", &[])
        .rule("table-without-primary-key", &[])
        .done();
    let findings = util::findings(&report);
    let passed =
        findings.iter().find(|f| f.id == "db:lint:money-type").expect("a passing line for money-type");
    assert_eq!(passed.details, ["1 passed over: ignored by a glob or a pgconform:ignore comment"]);
    let warnings: Vec<_> = findings.iter().filter(|f| f.id.starts_with("db:lint:comment:")).collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(warnings.iter().any(|f| f.message.contains("`pgconform:ignroe` is not a pgconform marker")));
    assert!(warnings.iter().any(|f| f.message.contains("did you mean `json-not-jsonb`?")));
    assert!(warnings.iter().all(|f| f.status == Status::Warn));

    // Levels: later settings win; `all` sets every rule.
    let flags = LintFlags {
        rules: vec![("all".into(), Severity::Off), ("char-n".into(), Severity::Error)],
        ..LintFlags::default()
    };
    let only = lint(&url, &flags);
    let rules: BTreeSet<_> = util::findings(&only).iter().filter_map(|f| f.rule).collect();
    assert_eq!(rules, BTreeSet::from(["char-n"]));
    assert!(util::findings(&only).iter().filter(|f| f.rule.is_some()).all(|f| f.status == Status::Fail));
}

/// The binary with `DATABASE_URL` set, in `dir`.
fn pgconform_with_url(args: &[&str], dir: &Path, url: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pgconform"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("LANG", "C.UTF-8")
        .env("DATABASE_URL", url)
        .output()
        .expect("run pgconform")
}

const FK_TO_BIGINT: &str = "CREATE TABLE accounts (id bigint PRIMARY KEY);
CREATE TABLE entries (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id integer NOT NULL REFERENCES accounts (id));
CREATE INDEX ON entries (account_id);";

#[test]
fn a_foreign_key_from_integer_to_bigint_fails_the_run() {
    let url = database("lint_exit", FK_TO_BIGINT);
    let dir = tempfile::tempdir().unwrap();
    let out = pgconform(&["lint", "--url", &url, "-q"], dir.path());
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("✘ fk-type-mismatch: foreign key public.entries.entries_account_id_fkey: entries.account_id is integer but references public.accounts.id, which is bigint"),
        "{stdout}"
    );
    assert!(
        stdout.contains("fix: ALTER TABLE public.entries ALTER COLUMN account_id TYPE bigint;"),
        "{stdout}"
    );
    assert!(!stdout.contains('✔'), "-q shows only what needs attention: {stdout}");

    // JSON: the rule and its SQL, on a check of kind lint.
    let out = pgconform(&["lint", "--url", &url, "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let checks = value["databases"][0]["checks"].as_array().unwrap();
    let failed: Vec<_> = checks.iter().filter(|c| c["status"] == "fail").collect();
    assert_eq!(failed.len(), 1, "{failed:#?}");
    assert_eq!(failed[0]["kind"], "lint");
    assert_eq!(failed[0]["rule"], "fk-type-mismatch");
    assert_eq!(failed[0]["fix_sql"], "ALTER TABLE public.entries ALTER COLUMN account_id TYPE bigint;");
    let name = value["databases"][0]["name"].as_str().unwrap();
    assert!(name.starts_with("lint_exit"), "without a spec the database is named after itself: {name}");
    assert_eq!(
        failed[0]["id"],
        format!("{name}:lint:fk-type-mismatch:public.entries.entries_account_id_fkey")
    );
    assert!(checks.iter().any(|c| c["id"] == format!("{name}:lint:money-type") && c["status"] == "pass"));

    // Turned down to a warning, the run passes unless warnings are denied.
    let out = pgconform(&["lint", "--url", &url, "--rule", "fk-type-mismatch=warn"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let out =
        pgconform(&["lint", "--url", &url, "--rule", "fk-type-mismatch=warn", "--deny-warnings"], dir.path());
    assert_eq!(out.status.code(), Some(1));

    // Without a spec or --url, DATABASE_URL names the database.
    let out = pgconform_with_url(&["lint", "-q"], dir.path(), &url);
    assert_eq!(out.status.code(), Some(1), "{}{}", text(&out.stdout), text(&out.stderr));

    // Every output format carries the finding.
    for format in ["junit", "github", "sarif"] {
        let out = pgconform(&["lint", "--url", &url, "--format", format], dir.path());
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(text(&out.stdout).contains("fk-type-mismatch"), "{format}: {}", text(&out.stdout));
    }
}

#[test]
fn the_founding_legacy_database_stores_uuids_as_text() {
    let url = database("lint_founding", pgconform::demo::LEGACY_DIGITALOCEAN);
    let dir = tempfile::tempdir().unwrap();
    let out = pgconform(&["lint", "--url", &url, "-q"], dir.path());
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "warnings only: {stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains(
            "! uuid-stored-as-text: public.conversations.id is text but all its 20 values are UUIDs"
        ),
        "{stdout}"
    );
    let out = pgconform(&["lint", "--url", &url, "-q", "--deny-warnings"], dir.path());
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn check_lint_runs_both_in_one_pass_and_the_spec_tunes_the_rules() {
    let url = database("lint_check", FK_TO_BIGINT);
    let spec = |rules: &str| {
        format!(
            "version: 1\ndatabases:\n  app:\n    schemas:\n      public:\n        tables:\n          accounts: {{}}\n          entries: {{}}\n    lint:\n      rules: {{ {rules} }}\n      ignore: [\"public.nothing_*\"]\n"
        )
    };
    let dir = SpecDir::new(&spec("char-n: warn"));
    let out = pgconform(&["check", "--lint", "--url", &url], dir.path());
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("✔ table public.entries exists"), "{stdout}");
    assert!(stdout.contains("✘ fk-type-mismatch: "), "{stdout}");
    // Plain check runs no rule.
    let out = pgconform(&["check", "--url", &url], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(!text(&out.stdout).contains("fk-type-mismatch"));

    // The spec turns the rule down; the finding points at that line.
    let dir = SpecDir::new(&spec("fk-type-mismatch: warn"));
    let out = pgconform(&["check", "--lint", "--url", &url], dir.path());
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("! fk-type-mismatch: ") && stdout.contains("expected_schema.yaml:10:16"),
        "{stdout}"
    );
    // `lint` with the same spec reads its lint section too, and only lints;
    // `lint --url` without a spec argument lints that database alone.
    let out = pgconform(&["lint", "--url", &url], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let out = pgconform(&["lint", "expected_schema.yaml", "--url", &url], dir.path());
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("! fk-type-mismatch: ") && !stdout.contains("table public.entries exists"),
        "{stdout}"
    );
}

#[test]
fn unknown_rules_and_bad_flags_exit_2_with_a_suggestion() {
    let dir = SpecDir::new(
        "version: 1\ndatabases:\n  app:\n    lint:\n      rules: { fk-without-idx: warn }\n      sequence_threshold: 120\n",
    );
    for command in ["lint", "check"] {
        let out = pgconform(&[command], dir.path());
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
        assert!(stderr.contains("expected_schema.yaml:5:16: unknown lint rule `fk-without-idx`"), "{stderr}");
        assert!(stderr.contains("did you mean `fk-without-index`?"), "{stderr}");
        assert!(
            stderr.contains(
                "expected_schema.yaml:6:27: sequence_threshold must be a whole percent from 1 to 100"
            ),
            "{stderr}"
        );
    }
    let cases: [(&[&str], &str); 6] = [
        (
            &["lint", "--rule", "fk-without-idx=warn", "--url", "postgresql://nowhere/db"],
            "did you mean `fk-without-index`?",
        ),
        (&["lint", "--rule", "char-n=loud", "--url", "postgresql://nowhere/db"], "use error, warn or off"),
        (&["lint", "--ignore", "[", "--url", "postgresql://nowhere/db"], "not a valid glob"),
        (&["lint", "--explain", "fk-type-mismatsh"], "did you mean `fk-type-mismatch`?"),
        (&["lint", "--database", "app", "--url", "postgresql://nowhere/db"], "there is none"),
        (&["lint", "--sequence-threshold", "0", "--url", "postgresql://nowhere/db"], "not in 1..=100"),
    ];
    let empty = tempfile::tempdir().unwrap();
    for (args, message) in cases {
        let out = pgconform(args, empty.path());
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn an_unreachable_database_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = pgconform(&["lint", "--url", "postgresql://lint@127.0.0.1:1/db?connect_timeout=2"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("could not check"), "{}", text(&out.stdout));
}

#[test]
fn list_and_explain() {
    let dir = tempfile::tempdir().unwrap();
    let out = pgconform(&["lint", "--list"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    snapshot!("lint_list", text(&out.stdout));
    let out = pgconform(&["lint", "--explain", "fk-type-mismatch"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    snapshot!("lint_explain_fk_type_mismatch", text(&out.stdout));

    let out = pgconform(&["lint", "--list", "--format", "json"], dir.path());
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let names: Vec<_> =
        rules.as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap().to_string()).collect();
    assert_eq!(names, pgconform::lint::names());
}

/// A small database with a few hazards, as `lint` prints it for people.
#[test]
fn human_output() {
    let url = database(
        "lint_human",
        "CREATE TABLE accounts (id serial PRIMARY KEY, name char(20), created timestamp);
         CREATE TABLE entries (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts (id), body json);
         CREATE INDEX entries_id_idx ON entries (id);",
    );
    let dir = SpecDir::new(
        "version: 1\ndatabases:\n  app:\n    lint:\n      rules: { integer-primary-key: error }\n",
    );
    let out = pgconform(&["lint", "expected_schema.yaml", "--url", &url], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let stable: String = stdout
        .lines()
        .map(|line| match line.split_once(" (PostgreSQL ") {
            Some((name, _)) => format!("{name} (PostgreSQL <version>)\n"),
            None => format!("{line}\n"),
        })
        .collect();
    snapshot!("lint_human", stable);
}

/// Every rule is tested here for its hazard: the list above names each one
/// with at least one object.
#[test]
fn every_rule_has_a_positive_test() {
    let source: String = include_str!("lint.rs").split_whitespace().collect();
    for name in pgconform::lint::names() {
        let call = format!(".rule(\"{name}\",&[");
        let positive = source.match_indices(&call).any(|(at, _)| !source[at + call.len()..].starts_with(']'));
        assert!(positive, "{name} has no test of its hazard");
    }
}

#[test]
fn the_readme_lists_every_rule_with_its_default() {
    let readme = include_str!("../README.md");
    let table = pgconform::lint::markdown_table();
    assert!(readme.contains(&table), "the README's table of rules should read:\n{table}");
}

#[test]
fn what_the_role_may_not_read_is_reported_as_not_checked() {
    let url = database(
        "lint_role",
        "CREATE TABLE sessions (id text PRIMARY KEY);
         INSERT INTO sessions VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
         CREATE TABLE visible (session_id text);
         INSERT INTO visible VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
         CREATE SEQUENCE counter;
         SELECT nextval('counter');",
    );
    let name = url.rsplit('/').next().unwrap().split('?').next().unwrap().to_string();
    let role = format!("linter_{name}");
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!("CREATE ROLE \"{role}\" LOGIN; GRANT SELECT ON visible TO \"{role}\";"))
        .unwrap();
    let reader_url = url.replacen("postgres@", &format!("{role}@"), 1);
    assert_ne!(reader_url, url);

    let report = lint(&reader_url, &LintFlags::default());
    let status = |rule: &str, object: &str| {
        util::findings(&report)
            .into_iter()
            .find(|f| f.rule == Some(rule) && f.object == object)
            .map(|f| f.status)
            .unwrap_or_else(|| panic!("no {rule} finding on {object}"))
    };
    // The readable table is judged; the other is not checked, and says why.
    assert_eq!(status("uuid-stored-as-text", "public.visible.session_id"), Status::Warn);
    assert_eq!(status("uuid-stored-as-text", "public.sessions.id"), Status::Skip);
    assert_eq!(status("sequence-near-exhaustion", "public.counter"), Status::Skip);
    let skipped = util::findings(&report).into_iter().find(|f| f.object == "public.sessions.id").unwrap();
    assert!(skipped.details.iter().any(|d| d.contains("permission denied")), "{skipped:#?}");
    // Not checked is not a failure.
    assert_eq!(pgconform::report::Outcome::of(&report, false).exit_code(), 0);
}
