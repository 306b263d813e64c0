//! `pgconform demo`: the founding case, end to end, on a throwaway cluster.
//!
//! The repository's spec, its SQL files and the example databases are built
//! into the binary, so the demo runs from any folder with nothing but the
//! PostgreSQL server binaries installed.

use crate::app::{Env, print_report, write_all};
use crate::cli::{Format, OutputArgs};
use crate::connect::{self, SessionLimits};
use crate::fix::FixOptions;
use crate::report::Outcome;
use crate::scratch::Cluster;
use std::io::Write;
use std::path::Path;

/// The spec and every file it names, as (path relative to the spec, text).
const SPEC_FILES: &[(&str, &str)] = &[
    ("expected_schema.yaml", include_str!("../expected_schema.yaml")),
    (
        "sql/create_conversation_with_messages.sql",
        include_str!("../sql/create_conversation_with_messages.sql"),
    ),
    ("sql/add_message_to_conversation.sql", include_str!("../sql/add_message_to_conversation.sql")),
    ("sql/get_conversation_messages.sql", include_str!("../sql/get_conversation_messages.sql")),
    ("sql/update_conversation_metadata.sql", include_str!("../sql/update_conversation_metadata.sql")),
    ("sql/conversation_stats.sql", include_str!("../sql/conversation_stats.sql")),
    ("sql/migrate_legacy_messages.sql", include_str!("../sql/migrate_legacy_messages.sql")),
];

pub const LEGACY_DIGITALOCEAN: &str = include_str!("../examples/digitalocean_legacy.sql");
pub const MIGRATED_DIGITALOCEAN: &str = include_str!("../examples/digitalocean_migrated.sql");
pub const SUPABASE: &str = include_str!("../examples/supabase.sql");

pub fn run(output: &OutputArgs, env: Env, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, String> {
    let say = |err: &mut dyn Write, text: &str| {
        let _ = writeln!(err, "{text}");
    };
    say(err, "demo: starting a throwaway PostgreSQL cluster…");
    let cluster = Cluster::start().map_err(|e| format!("error: {e}"))?;
    let workdir = tempfile::tempdir().map_err(|e| format!("error: cannot create a temporary folder: {e}"))?;
    let spec_path = write_spec_files(workdir.path())?;
    let mut spec = crate::spec::load(&spec_path).map_err(|e| e.to_string())?;
    spec.path = "expected_schema.yaml".into();

    let mut urls = Vec::new();
    for (name, sql) in [("legacy", LEGACY_DIGITALOCEAN), ("supabase", SUPABASE)] {
        let url = cluster.create_database(name).map_err(|e| format!("error: {e}"))?;
        let mut client = session(&url)?;
        client
            .batch_execute(sql)
            .map_err(|e| format!("error: loading the {name} example: {}", connect::error_text(&e)))?;
        urls.push(url);
    }
    let (legacy, supabase) = (&urls[0], &urls[1]);
    let human = output.format == Format::Human;
    // Headings go with the report in the human format, and stay out of JSON.
    let heading = |out: &mut dyn Write, err: &mut dyn Write, title: &str| -> Result<(), String> {
        if human {
            write_all(out, &format!("== {title}\n\n"))
        } else {
            say(err, &format!("demo: {title}"));
            Ok(())
        }
    };
    let selection =
        crate::check::select_urls(&spec, &[("digitalocean", legacy), ("supabase", supabase)], env);
    let limits = SessionLimits::default();

    heading(
        out,
        err,
        "1. The legacy database, as the story starts: conversations.id is TEXT, no messages table",
    )?;
    let before = crate::check::run(&spec, &selection, limits);
    print_report(&before, output, false, env, out)?;
    let (conversations, questions) = counts(legacy, "SELECT count(*), count(question) FROM conversations")?;

    heading(out, err, "2. The plan: pgconform fix --allow-destructive")?;
    let options = FixOptions { allow_destructive: true, backup: true, date: crate::fix::today() };
    let (digitalocean, target) = &selection.databases[0];
    let planned = crate::fix::run(digitalocean, target, &options, limits, false)?;
    if human {
        write_all(
            out,
            &crate::fix::script(
                &planned.plan,
                "expected_schema.yaml",
                limits.lock_timeout,
                limits.statement_timeout,
            ),
        )?;
    }

    heading(out, err, "3. Applied in one transaction: pgconform fix --allow-destructive --apply")?;
    let applied = crate::fix::run(digitalocean, target, &options, limits, true)?;
    write_all(out, &format!("{}\n\n", applied.summary))?;

    heading(out, err, "4. Checked again")?;
    let after = crate::check::run(&spec, &selection, limits);
    print_report(&after, output, false, env, out)?;
    let (kept, _) = counts(legacy, "SELECT count(*), 0::bigint FROM conversations")?;
    let (messages, _) = counts(legacy, "SELECT count(*), 0::bigint FROM messages")?;
    drop(cluster);

    let outcomes = (Outcome::of(&before, false), applied.exit_code, Outcome::of(&after, false));
    if outcomes == (Outcome::DoesNotConform, 0, Outcome::Conforms) {
        say(
            err,
            &format!(
                "demo: {kept} of {conversations} conversations kept; their {questions} legacy question/response pairs became {messages} messages; the database conforms."
            ),
        );
        Ok(0)
    } else {
        say(err, &format!("demo: unexpected outcomes {outcomes:?} (expected: fails, applied, conforms)"));
        Ok(1)
    }
}

/// A session on the demo's own cluster, opened like every other one.
fn session(url: &str) -> Result<postgres::Client, String> {
    let target = connect::resolve(Some(url), None, &|_| None).map_err(|e| format!("error: {e}"))?;
    connect::connect(&target, SessionLimits::default()).map_err(|e| format!("error: {e}"))
}

/// Two numbers from one row of `sql`.
fn counts(url: &str, sql: &str) -> Result<(i64, i64), String> {
    let mut client = session(url)?;
    let row = client.query_one(sql, &[]).map_err(|e| format!("error: {}", connect::error_text(&e)))?;
    Ok((row.get(0), row.get(1)))
}

fn write_spec_files(dir: &Path) -> Result<std::path::PathBuf, String> {
    for (relative, text) in SPEC_FILES {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("error: cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
    }
    Ok(dir.join("expected_schema.yaml"))
}
