//! The repository's own spec against the story's databases: the legacy one
//! fails where the story failed, the migrated one conforms.

mod util;

use pgconform::cli::{ColorChoice, Format, OutputArgs};
use pgconform::demo::{LEGACY_DIGITALOCEAN, MIGRATED_DIGITALOCEAN};
use pgconform::diff::Report;

fn check_founding(digitalocean_sql: &str) -> Report {
    util::check_founding("founding", digitalocean_sql)
}

/// Output with what varies between machines (the server's and extensions'
/// versions) made stable.
fn render(report: &Report, format: Format) -> String {
    let output = OutputArgs { format, color: ColorChoice::Never, quiet: false, verbose: false };
    let env = |k: &str| (k == "LANG").then(|| "C.UTF-8".to_string());
    let mut out = Vec::new();
    pgconform::app::print_report(report, &output, false, &env, &mut out).unwrap();
    let text = util::text(&out);
    let mut stable = String::new();
    for line in text.lines() {
        let line = match report.databases.iter().find_map(|d| d.server_version.as_ref()) {
            Some(v) => line
                .replace(&format!("PostgreSQL {v}"), "PostgreSQL <version>")
                .replace(&format!("\"{v}\""), "\"<version>\""),
            None => line.to_string(),
        };
        // The run-time guards ask the server's own input functions from
        // PostgreSQL 16, and use patterns before: one text for every version.
        let line = line.replace(
            "NOT pg_catalog.pg_input_is_valid(s.v, 'uuid')",
            "s.v !~ '^([{][0-9a-fA-F]{4}(-?[0-9a-fA-F]{4}){7}[}]|[0-9a-fA-F]{4}(-?[0-9a-fA-F]{4}){7})$'",
        );
        // Extensions bring their own version with each server release.
        let line = match line.split_once("extension pgcrypto ") {
            Some((before, after)) if after.contains(" is installed") => {
                format!("{before}extension pgcrypto <version>{}", &after[after.find(' ').unwrap_or(0)..])
            }
            _ => line,
        };
        stable.push_str(&line);
        stable.push('\n');
    }
    stable
}

#[test]
fn legacy_database_fails_where_the_story_failed() {
    let report = check_founding(LEGACY_DIGITALOCEAN);
    let failures = util::failures(&report);
    for expected in [
        "digitalocean:column-type:public.conversations.id",
        "digitalocean:column-type:public.conversations.session_id",
        "digitalocean:table:public.messages",
        "digitalocean:absent-table:public.invitations",
        "digitalocean:absent-table:public.invitations_cache",
        "digitalocean:absent-table:public.questions_cache",
        "digitalocean:absent-column:public.conversations.question",
        "digitalocean:view:public.conversation_stats",
    ] {
        assert!(failures.iter().any(|f| f == expected), "{expected} should fail; failures: {failures:#?}");
    }
    assert!(!failures.iter().any(|f| f.starts_with("supabase:")), "supabase conforms: {failures:#?}");
    snapshot!("founding_legacy_human", render(&report, Format::Human));
    snapshot!("founding_legacy_json", render(&report, Format::Json));
}

#[test]
fn migrated_database_conforms() {
    let report = check_founding(MIGRATED_DIGITALOCEAN);
    assert_eq!(util::failures(&report), Vec::<String>::new());
    let summary = report.summary();
    assert_eq!((summary.fail, summary.skip), (0, 0));
    assert!(summary.pass > 60, "{summary:?}");
    snapshot!("founding_migrated_human", render(&report, Format::Human));
}

#[test]
fn migrated_database_fails_again_when_a_foreign_key_is_dropped() {
    let sql = format!(
        "{MIGRATED_DIGITALOCEAN}\nALTER TABLE messages DROP CONSTRAINT messages_conversation_id_fkey;\n"
    );
    let report = check_founding(&sql);
    let failures = util::failures(&report);
    assert_eq!(failures.len(), 1, "{failures:#?}");
    assert!(
        failures[0].starts_with("digitalocean:foreign-key:public.messages(conversation_id)"),
        "{failures:#?}"
    );
}
