//! `pgconform demo`: the founding case, end to end, on a throwaway cluster.
//!
//! The repository's spec, its SQL files and the example databases are built
//! into the binary, so the demo runs from any folder with nothing but the
//! PostgreSQL server binaries installed.

use crate::app::{Env, print_report, write_all};
use crate::cli::OutputArgs;
use crate::connect::{self, SessionLimits};
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
    for (name, sql) in
        [("legacy", LEGACY_DIGITALOCEAN), ("migrated", MIGRATED_DIGITALOCEAN), ("supabase", SUPABASE)]
    {
        let url = cluster.create_database(name).map_err(|e| format!("error: {e}"))?;
        let mut client =
            postgres::Client::connect(&url, postgres::NoTls).map_err(|e| format!("error: {e}"))?;
        client
            .batch_execute(sql)
            .map_err(|e| format!("error: loading the {name} example: {}", connect::error_text(&e)))?;
        urls.push(url);
    }
    let (legacy, migrated, supabase) = (&urls[0], &urls[1], &urls[2]);

    let mut outcomes = Vec::new();
    for (title, digitalocean_url) in [
        ("1. The legacy database, as the story starts: conversations.id is TEXT, no messages table", legacy),
        ("2. The same database after a correct migration", migrated),
    ] {
        // Headings go with the report in the human format, and stay out of JSON.
        match output.format {
            crate::cli::Format::Human => write_all(out, &format!("== {title}\n\n"))?,
            _ => say(err, &format!("demo: {title}")),
        }
        let plan = crate::check::select_urls(
            &spec,
            &[("digitalocean", digitalocean_url), ("supabase", supabase)],
            env,
        );
        let report = crate::check::run(&spec, &plan, SessionLimits::default());
        print_report(&report, output, false, env, out)?;
        if output.format == crate::cli::Format::Human {
            write_all(out, "\n")?;
        }
        outcomes.push(Outcome::of(&report, false));
    }
    drop(cluster);
    if outcomes == [Outcome::DoesNotConform, Outcome::Conforms] {
        say(
            err,
            "demo: the legacy database fails where the story says it should, and the migrated one conforms.",
        );
        Ok(0)
    } else {
        say(
            err,
            &format!(
                "demo: unexpected outcomes {outcomes:?} (expected the legacy to fail and the migrated to pass)"
            ),
        );
        Ok(1)
    }
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
