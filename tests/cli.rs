//! The binary as users run it: exit statuses, flags, and what it never prints.

mod util;

use util::{SpecDir, database, pgconform, text};

const SQL: &str = "CREATE TABLE t (id uuid PRIMARY KEY, name text NOT NULL); CREATE TABLE u (id int);";

fn spec_for(url_line: &str, name_type: &str) -> String {
    format!(
        "version: 1\ndatabases:\n  app:\n{url_line}    schemas:\n      public:\n        tables:\n          t:\n            columns: {{ id: uuid, name: {name_type} }}\n          u: {{}}\n"
    )
}

#[test]
fn exit_0_when_the_database_conforms_and_1_when_it_does_not() {
    let url = database("cli", SQL);
    let dir = SpecDir::new(&spec_for("", "text"));
    let ok = pgconform(&["check", "--url", &url], dir.path());
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    let stdout = text(&ok.stdout);
    assert!(stdout.contains("✔ column public.t.name is text"), "{stdout}");
    assert!(stdout.contains("expected_schema.yaml:9:"), "each line names its spec line: {stdout}");
    assert!(stdout.trim_end().ends_with("0 failed, 0 warnings, 0 skipped: conforms"), "{stdout}");

    let dir = SpecDir::new(&spec_for("", "varchar(10)"));
    let bad = pgconform(&["check", "--url", &url], dir.path());
    assert_eq!(bad.status.code(), Some(1));
    let stdout = text(&bad.stdout);
    assert!(stdout.contains("✘ column public.t.name is text, expected character varying(10)"), "{stdout}");
}

#[test]
fn quiet_shows_only_failures_and_json_is_machine_readable() {
    let url = database("cliq", SQL);
    let dir = SpecDir::new(&spec_for("", "integer"));
    let quiet = text(&pgconform(&["check", "-q", "--url", &url], dir.path()).stdout);
    assert!(!quiet.contains('✔'), "{quiet}");
    assert!(quiet.contains("✘ column public.t.name is text, expected integer"), "{quiet}");

    let json = pgconform(&["check", "--format", "json", "--url", &url], dir.path());
    assert_eq!(json.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("valid JSON");
    assert_eq!(value["schema_version"], 1);
    assert_eq!(value["outcome"], "does-not-conform");
    let checks = value["databases"][0]["checks"].as_array().unwrap();
    let failed: Vec<_> = checks.iter().filter(|c| c["status"] == "fail").collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["id"], "app:column-type:public.t.name");
    assert_eq!(failed[0]["expected"], "integer");
    assert_eq!(failed[0]["location"]["line"], 8);
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let url = database("clicolor", SQL);
    let dir = SpecDir::new(&spec_for("", "text"));
    let always = text(&pgconform(&["check", "--color", "always", "--url", &url], dir.path()).stdout);
    assert!(always.contains("\u{1b}["), "colour codes with --color always");
    let never = text(&pgconform(&["check", "--color", "never", "--url", &url], dir.path()).stdout);
    assert!(!never.contains("\u{1b}["));
    // Piped output (auto) has no colour either.
    let auto = text(&pgconform(&["check", "--url", &url], dir.path()).stdout);
    assert!(!auto.contains("\u{1b}["));
}

#[test]
fn ascii_marks_when_the_locale_is_not_utf8() {
    let url = database("cliascii", SQL);
    let dir = SpecDir::new(&spec_for("", "int"));
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_pgconform"));
    command.args(["check", "--url", &url]).current_dir(dir.path()).env_clear().env("LANG", "C");
    let out = text(&command.output().unwrap().stdout);
    assert!(out.contains("  ok table public.t exists"), "{out}");
    assert!(out.contains("  FAIL column public.t.name is text, expected integer"), "{out}");
    assert!(out.is_ascii(), "{out}");
}

#[test]
fn unreachable_server_exits_2_naming_host_and_port_but_never_the_password() {
    // A port nothing listens on: bind one, then let it go.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("postgresql://admin:Sup3r-S3cret@127.0.0.1:{port}/app");
    let dir = SpecDir::new(&spec_for(&format!("    url: {url}\n"), "text"));
    let started = std::time::Instant::now();
    for format in ["human", "json"] {
        let out = pgconform(&["check", "--format", format], dir.path());
        assert_eq!(out.status.code(), Some(2));
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(all.contains(&format!("127.0.0.1:{port}")), "{all}");
        assert!(all.contains("url at expected_schema.yaml:4:10"), "the spec line it came from: {all}");
        assert!(!all.contains("Sup3r-S3cret"), "password leaked:\n{all}");
    }
    let flag = pgconform(&["check", "--url", &url], dir.path());
    assert_eq!(flag.status.code(), Some(2));
    assert!(!format!("{}{}", text(&flag.stdout), text(&flag.stderr)).contains("Sup3r-S3cret"));
    assert!(started.elapsed().as_secs() < 10, "fails fast");
}

#[test]
fn a_bad_connection_string_never_echoes_the_password() {
    let dir = SpecDir::new(&spec_for("", "text"));
    let out = pgconform(&["check", "--url", "postgresql://admin:Sup3r-S3cret@host:notaport/app"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(!all.contains("Sup3r-S3cret"), "{all}");
}

#[test]
fn unset_url_variable_and_unknown_database_are_usage_errors() {
    let dir = SpecDir::new(&spec_for("    url: ${APP_DATABASE_URL}\n", "text"));
    let out = pgconform(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stdout).contains("APP_DATABASE_URL is not set"), "{}", text(&out.stdout));

    let out = pgconform(&["check", "--database", "ap"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("did you mean `app`?"), "{}", text(&out.stderr));

    let two = "version: 1\ndatabases:\n  a: {}\n  b: {}\n";
    let dir = SpecDir::new(two);
    let out = pgconform(&["check", "--url", "postgresql://x@localhost/y"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("add --database NAME"), "{}", text(&out.stderr));

    let out = pgconform(&["check", "--format", "xml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn missing_spec_file_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    let out = pgconform(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("expected_schema.yaml: cannot read the spec file"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn completions_for_each_shell_and_help_that_reads_like_a_manual() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in
        [("bash", "complete -F"), ("zsh", "#compdef pgconform"), ("fish", "complete -c pgconform")]
    {
        let out = pgconform(&["completions", shell], dir.path());
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = text(&out.stdout);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(script.contains("allow-destructive"), "{shell} completes fix's flags");
    }
    let out = pgconform(&["completions", "tcsh"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let help = text(&pgconform(&["--help"], dir.path()).stdout);
    for section in ["EXAMPLES:", "EXIT STATUS:", "ENVIRONMENT:", "check", "fix", "lint"] {
        assert!(help.contains(section), "{section} in:\n{help}");
    }
}
