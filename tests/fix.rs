//! `pgconform fix` on the founding case and its traps, through the binary.

mod util;

use pgconform::demo::{LEGACY_DIGITALOCEAN, MIGRATED_DIGITALOCEAN};
use pgconform::scratch::Cluster;
use std::path::Path;
use util::{database, pgconform, text};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fix(url: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["fix", "--database", "digitalocean", "--url", url];
    args.extend_from_slice(extra);
    pgconform(&args, repo())
}

fn check(url: &str) -> std::process::Output {
    pgconform(&["check", "-q", "--database", "digitalocean", "--url", url], repo())
}

fn query_i64(url: &str, sql: &str) -> i64 {
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    client.query_one(sql, &[]).unwrap().get(0)
}

/// Every table's row count, as text, to compare a database before and after.
fn row_counts(url: &str, tables: &[&str]) -> Vec<(String, i64)> {
    tables.iter().map(|t| (t.to_string(), query_i64(url, &format!("SELECT count(*) FROM {t}")))).collect()
}

const KEPT: &[&str] = &[
    "conversations",
    "analytics_cache",
    "billing_plans",
    "daily_openai_summary",
    "dashboard_stats_lite",
    "dashboard_stats_snapshot",
    "monthly_invoices",
    "monthly_usage_tracking",
    "openai_api_calls",
    "openai_costs_cache",
    "openai_usage",
    "quota_audit_log",
    "server_performance_metrics",
    "statistics_cache",
    "system_errors",
    "user_billing_info",
    "user_sessions",
];

#[test]
fn the_legacy_database_converges_and_keeps_its_data() {
    let url = database("fixlegacy", LEGACY_DIGITALOCEAN);
    let before = row_counts(&url, KEPT);
    let questions = query_i64(&url, "SELECT count(*) FROM conversations WHERE question IS NOT NULL");

    let out = fix(&url, &["--allow-destructive", "--apply"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));
    assert!(text(&out.stderr).contains("committed: the database conforms"), "{}", text(&out.stderr));

    assert_eq!(check(&url).status.code(), Some(0), "{}", text(&check(&url).stdout));
    assert_eq!(row_counts(&url, KEPT), before, "every kept table keeps its rows");
    assert_eq!(
        query_i64(&url, "SELECT count(*) FROM messages"),
        2 * questions,
        "question and response became messages"
    );
    assert_eq!(
        query_i64(&url, "SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id"),
        2 * questions,
        "every message joins its conversation"
    );
    assert_eq!(query_i64(&url, "SELECT count(*) FROM conversation_stats"), questions);

    let again = fix(&url, &[]);
    assert_eq!(again.status.code(), Some(0));
    assert!(text(&again.stdout).contains("Nothing to do"), "{}", text(&again.stdout));
}

#[test]
fn objects_the_spec_never_mentions_are_carried_along() {
    let url = database(
        "fixdeps",
        &format!(
            "{LEGACY_DIGITALOCEAN}
            CREATE TABLE feedback (id serial PRIMARY KEY,
                conversation_id text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE, rating int);
            INSERT INTO feedback (conversation_id, rating) SELECT id, 4 FROM conversations ORDER BY id LIMIT 7;
            CREATE VIEW recent_conversations AS SELECT c.id, c.user_id FROM conversations c WHERE c.created_at > '2000-01-01';
            CREATE VIEW rated AS SELECT r.id, f.rating FROM recent_conversations r JOIN feedback f ON f.conversation_id = r.id;
            CREATE INDEX conversations_session_idx ON conversations (session_id);"
        ),
    );
    let rated = query_i64(&url, "SELECT count(*) FROM rated");
    let out = fix(&url, &["--allow-destructive", "--apply"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));
    assert_eq!(query_i64(&url, "SELECT count(*) FROM rated"), rated, "dependent views work and still join");
    assert_eq!(
        query_i64(&url, "SELECT count(*) FROM feedback f JOIN conversations c ON c.id = f.conversation_id"),
        7
    );
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let type_: String = client
        .query_one("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'feedback'::regclass AND attname = 'conversation_id'", &[])
        .unwrap()
        .get(0);
    assert_eq!(type_, "uuid", "the referencing column converted with the key");
    assert_eq!(fix(&url, &[]).status.code(), Some(0));
}

#[test]
fn ids_that_are_not_uuids_are_shown_and_block_the_plan() {
    let url = database(
        "fixbad",
        &format!(
            "{LEGACY_DIGITALOCEAN}
            INSERT INTO conversations (id, question, response) VALUES ('conv-1', 'q', 'r'), ('12345', 'q', 'r'), ('', 'q', 'r');"
        ),
    );
    let checked = text(&check(&url).stdout);
    assert!(
        checked.contains(
            "3 of 23 values of public.conversations.id will not convert to uuid: '', '12345', 'conv-1'"
        ),
        "{checked}"
    );

    let snapshot = "SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM conversations t";
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let before: String = client.query_one(snapshot, &[]).unwrap().get(0);
    let out = fix(&url, &["--allow-destructive", "--apply"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("nothing applied"), "{}", text(&out.stderr));
    let after: String = client.query_one(snapshot, &[]).unwrap().get(0);
    assert_eq!(before, after, "the database is exactly as it was");

    let plan = fix(&url, &[]);
    assert_eq!(plan.status.code(), Some(1));
    let script = text(&plan.stdout);
    assert!(script.contains("3 of 23 public.conversations.id values will not convert to uuid"), "{script}");
    assert!(script.contains("-- Option A: delete the 3 row(s)"), "{script}");
    assert!(script.contains("SELECT d.old_id, gen_random_uuid()::text AS new_id"), "{script}");
    assert!(
        script.contains(
            "-- UPDATE public.conversations AS r SET id = m.new_id FROM pgconform_new_ids AS m WHERE r.id = m.old_id;"
        ),
        "{script}"
    );
}

#[test]
fn the_script_guards_itself_against_data_that_changed_since() {
    let url = database("fixguard", LEGACY_DIGITALOCEAN);
    let script = text(&fix(&url, &["--allow-destructive"]).stdout);
    // The data changes after the plan was made…
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client.batch_execute("INSERT INTO conversations (id) VALUES ('not-a-uuid')").unwrap();
    // …so the script, run as printed, raises and leaves nothing behind.
    let err = client.batch_execute(&script).unwrap_err();
    let message = pgconform::connect::error_text(&err);
    assert!(message.contains("1 values of public.conversations.id will not convert to uuid"), "{message}");
    client.batch_execute("ROLLBACK").unwrap();
    assert_eq!(query_i64(&url, "SELECT count(*) FROM pg_tables WHERE tablename = 'messages'"), 0);
}

#[test]
fn destructive_steps_wait_for_permission() {
    let url = database("fixsafe", LEGACY_DIGITALOCEAN);
    let out = fix(&url, &[]);
    assert_eq!(out.status.code(), Some(1), "withheld steps make the plan incomplete");
    let script = text(&out.stdout);
    assert!(
        script
            .contains("-- DROP TABLE public.invitations, public.invitations_cache, public.questions_cache;"),
        "{script}"
    );
    assert!(script.contains("-- ALTER TABLE public.conversations DROP COLUMN question;"), "{script}");
    let applied = fix(&url, &["--apply"]);
    assert_eq!(applied.status.code(), Some(1));
    assert_eq!(query_i64(&url, "SELECT count(*) FROM invitations"), 3, "nothing was dropped");
    assert_eq!(
        query_i64(&url, "SELECT count(*) FROM pg_tables WHERE tablename = 'messages'"),
        0,
        "nothing applied"
    );
}

#[test]
fn a_step_that_fails_rolls_everything_back() {
    // A view only the database knows, which cannot be re-created once the id is a uuid.
    let url = database(
        "fixfail",
        &format!(
            "{LEGACY_DIGITALOCEAN}\nCREATE VIEW legacy_ids AS SELECT id FROM conversations WHERE id LIKE '%-%';"
        ),
    );
    let out = fix(&url, &["--allow-destructive", "--apply"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("rolled back, the database is unchanged") && stderr.contains("legacy_ids"),
        "{stderr}"
    );
    assert_eq!(query_i64(&url, "SELECT count(*) FROM legacy_ids"), 20);
    assert_eq!(query_i64(&url, "SELECT count(*) FROM pg_tables WHERE tablename = 'messages'"), 0);
}

#[test]
fn the_legacy_plan_reads_as_a_reviewed_script() {
    let url = database("fixscript", LEGACY_DIGITALOCEAN);
    let script = text(&fix(&url, &["--allow-destructive"]).stdout);
    let date = pgconform::fix::today();
    // From PostgreSQL 16 the guards ask the server's own input functions
    // (pg_input_is_valid); before, they use patterns: one snapshot each.
    let name =
        if Cluster::shared().major_version() >= 16 { "fix_legacy_script_pg16" } else { "fix_legacy_script" };
    snapshot!(name, script.replace(&date, "<yyyymmdd>"));
}

#[test]
fn a_conforming_database_needs_nothing() {
    let url = database("fixnone", MIGRATED_DIGITALOCEAN);
    let out = fix(&url, &["--apply"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("nothing to do, the database conforms"), "{}", text(&out.stderr));
    assert!(!text(&out.stderr).contains("applied 0 statement(s)"), "{}", text(&out.stderr));
    let plan = fix(&url, &["-o", "/dev/null"]);
    assert_eq!(plan.status.code(), Some(0));
    assert!(text(&plan.stderr).contains("nothing to do"), "{}", text(&plan.stderr));
}

#[test]
fn views_re_created_for_a_conversion_keep_their_options_owner_grants_and_emptiness() {
    let url = database("fixviewextras", LEGACY_DIGITALOCEAN);
    let name = url.rsplit('/').next().unwrap().split('?').next().unwrap().to_string();
    let (reader, owner) = (format!("r_{name}"), format!("o_{name}"));
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(&format!(
            "CREATE ROLE \"{reader}\"; CREATE ROLE \"{owner}\";
             CREATE VIEW recent WITH (security_barrier) AS SELECT id, session_id FROM conversations;
             GRANT SELECT ON recent TO \"{reader}\";
             COMMENT ON VIEW recent IS 'the dashboard''s list';
             ALTER VIEW recent OWNER TO \"{owner}\";
             CREATE MATERIALIZED VIEW ids_later AS SELECT id FROM conversations WITH NO DATA;
             CREATE MATERIALIZED VIEW ids_now AS SELECT id FROM conversations;
             CREATE UNIQUE INDEX ids_now_id ON ids_now (id);"
        ))
        .unwrap();
    let out = fix(&url, &["--allow-destructive", "--apply"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));

    let row = client
        .query_one(
            "SELECT c.reloptions::text, pg_get_userbyid(c.relowner)::text, c.relacl::text, obj_description(c.oid, 'pg_class')
             FROM pg_class c WHERE c.relname = 'recent'",
            &[],
        )
        .unwrap();
    assert_eq!(row.get::<_, Option<String>>(0).as_deref(), Some("{security_barrier=true}"));
    assert_eq!(row.get::<_, String>(1), owner);
    assert!(row.get::<_, Option<String>>(2).unwrap_or_default().contains(&format!("{reader}=r/")));
    assert_eq!(row.get::<_, Option<String>>(3).as_deref(), Some("the dashboard's list"));
    let mut populated = |v: &str| -> bool {
        client.query_one("SELECT relispopulated FROM pg_class WHERE relname = $1", &[&v]).unwrap().get(0)
    };
    assert!(!populated("ids_later"), "created WITH NO DATA, kept so");
    assert!(populated("ids_now"));
    assert_eq!(query_i64(&url, "SELECT count(*) FROM pg_indexes WHERE indexname = 'ids_now_id'"), 1);
    assert_eq!(query_i64(&url, "SELECT count(*) FROM ids_now"), 20);
}

#[test]
fn policies_on_a_converted_column_are_carried_and_generated_columns_block() {
    let url = database("fixpolicy", LEGACY_DIGITALOCEAN);
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(
            "ALTER TABLE conversations ENABLE ROW LEVEL SECURITY;
             CREATE POLICY own_rows ON conversations AS RESTRICTIVE FOR SELECT TO PUBLIC
                 USING (id IS NOT NULL AND session_id IS NOT NULL);",
        )
        .unwrap();
    let out = fix(&url, &["--allow-destructive", "--apply"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));
    let row = client
        .query_one(
            "SELECT polpermissive, pg_get_expr(polqual, polrelid) FROM pg_policy WHERE polname = 'own_rows'",
            &[],
        )
        .unwrap();
    assert!(!row.get::<_, bool>(0), "still restrictive");
    assert!(row.get::<_, String>(1).contains("session_id IS NOT NULL"), "{}", row.get::<_, String>(1));

    let url = database("fixgenerated", LEGACY_DIGITALOCEAN);
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(
            "ALTER TABLE conversations ADD COLUMN short_id text GENERATED ALWAYS AS (left(id, 8)) STORED;",
        )
        .unwrap();
    let out = fix(&url, &["--allow-destructive"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let script = text(&out.stdout);
    assert!(
        script.contains("generated column public.conversations.short_id is computed from id"),
        "{script}"
    );
    assert!(script.contains("GENERATED ALWAYS AS (\"left\"(id, 8)) STORED"), "{script}");
}
