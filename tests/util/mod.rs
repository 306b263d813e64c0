//! Shared test helpers: a database per test on the process's throwaway
//! cluster, checking a spec against it through the library, and running the
//! real binary.
#![allow(dead_code)]

use pgconform::diff::{Finding, Report, Status};
use pgconform::scratch::Cluster;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Snapshots live in the repository's top-level `snapshots/` folder.
#[macro_export]
macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!($name, $value);
        })
    };
}

/// A new database on the shared cluster, set up with `sql`; returns its URL.
pub fn database(prefix: &str, sql: &str) -> String {
    let url = Cluster::shared().fresh_database(prefix).expect("create a test database");
    if !sql.trim().is_empty() {
        let mut client =
            postgres::Client::connect(&url, postgres::NoTls).expect("connect to the test database");
        client.batch_execute(sql).unwrap_or_else(|e| panic!("test setup SQL failed: {e:?}"));
    }
    url
}

/// A folder holding `expected_schema.yaml` (and any other files given).
pub struct SpecDir {
    pub dir: tempfile::TempDir,
}

impl SpecDir {
    pub fn new(spec: &str) -> SpecDir {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("expected_schema.yaml"), spec).expect("write spec");
        SpecDir { dir }
    }

    pub fn with_file(self, relative: &str, text: &str) -> SpecDir {
        let path = self.dir.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn spec_path(&self) -> PathBuf {
        self.dir.path().join("expected_schema.yaml")
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// Checks `spec` (one database, whatever its name) against the database at `url`.
pub fn check(spec: &str, url: &str) -> Report {
    let dir = SpecDir::new(spec);
    check_dir(&dir, url)
}

pub fn check_dir(dir: &SpecDir, url: &str) -> Report {
    let spec = pgconform::spec::load(&dir.spec_path()).unwrap_or_else(|e| panic!("spec should load:\n{e}"));
    let no_env = |_: &str| None;
    let plan = pgconform::check::select(&spec, &[], Some(url), &no_env).expect("select");
    pgconform::check::run(&spec, &plan, Default::default())
}

pub fn findings(report: &Report) -> Vec<&Finding> {
    for db in &report.databases {
        assert_eq!(db.error, None, "database {} could not be checked", db.name);
    }
    report.databases.iter().flat_map(|d| &d.findings).collect()
}

/// The one finding whose id ends with `suffix`; fails the test with the list otherwise.
pub fn finding<'r>(report: &'r Report, suffix: &str) -> &'r Finding {
    let all = findings(report);
    let matching: Vec<_> = all.iter().filter(|f| f.id.ends_with(suffix)).collect();
    match matching.as_slice() {
        [one] => one,
        _ => panic!(
            "expected one finding ending with `{suffix}`, found {}:\n{}",
            matching.len(),
            all.iter()
                .map(|f| format!("  {:?} {} — {}", f.status, f.id, f.message))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

pub fn status(report: &Report, suffix: &str) -> Status {
    finding(report, suffix).status
}

pub fn failures(report: &Report) -> Vec<String> {
    findings(report).iter().filter(|f| f.status == Status::Fail).map(|f| f.id.clone()).collect()
}

/// Runs the real binary with a clean environment (no PG* variables, no colour).
pub fn pgconform(args: &[&str], cwd: &Path) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pgconform"));
    command.args(args).current_dir(cwd).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    command.env("LANG", "C.UTF-8");
    command.output().expect("run pgconform")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The ways `document` breaks `schema` (a JSON Schema of any draft), as
/// `path: message` lines; empty when it is valid.
pub fn schema_violations(schema: &serde_json::Value, document: &serde_json::Value) -> Vec<String> {
    let validator =
        jsonschema::validator_for(schema).unwrap_or_else(|e| panic!("the schema does not compile: {e}"));
    validator.iter_errors(document).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

/// Runs a command with `input` on its standard input; None when the program
/// is not installed.
pub fn run_with_input(program: &str, args: &[&str], input: &str) -> Option<Output> {
    use std::io::Write;
    let mut child = Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write to the child");
    Some(child.wait_with_output().expect("wait for the child"))
}

/// The repository's spec checked against the founding case: the DigitalOcean
/// database set up with `digitalocean_sql`, and the Supabase example.
pub fn check_founding(prefix: &str, digitalocean_sql: &str) -> Report {
    let spec_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("expected_schema.yaml");
    let mut spec = pgconform::spec::load(&spec_path).unwrap_or_else(|e| panic!("{e}"));
    spec.path = "expected_schema.yaml".into();
    let digitalocean = database(prefix, digitalocean_sql);
    let supabase = database(&format!("{prefix}sb"), pgconform::demo::SUPABASE);
    let no_env = |_: &str| None;
    let selection = pgconform::check::select_urls(
        &spec,
        &[("digitalocean", &digitalocean), ("supabase", &supabase)],
        &no_env,
    );
    pgconform::check::run(&spec, &selection, Default::default())
}

/// `pgconform inspect` of the database at `url` as database `app`, written to
/// `file` in `dir`; returns the spec.
pub fn inspect(url: &str, dir: &Path, file: &str) -> String {
    let out = pgconform(&["inspect", "--url", url, "--database", "app", "-o", file], dir);
    assert_eq!(out.status.code(), Some(0), "inspect failed: {}", text(&out.stderr));
    std::fs::read_to_string(dir.join(file)).expect("the spec was written")
}

/// `pgconform fix --apply` with the spec in `dir`; it must succeed.
pub fn fix_apply(url: &str, dir: &Path) {
    let out = pgconform(&["fix", "--url", url, "--apply"], dir);
    assert_eq!(out.status.code(), Some(0), "fix --apply: {}{}", text(&out.stdout), text(&out.stderr));
}

/// A second `pgconform fix` plans nothing.
pub fn nothing_to_fix(url: &str, dir: &Path) {
    let out = pgconform(&["fix", "--url", url], dir);
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        text(&out.stderr).contains("nothing to do"),
        "a second fix plans nothing: {}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

/// `fix --apply` brings `url` to the spec in `dir`: afterwards everything
/// passes and a second `fix` plans nothing.
pub fn converges(dir: &SpecDir, url: &str) {
    fix_apply(url, dir.path());
    all_pass(dir, url);
    nothing_to_fix(url, dir.path());
}

/// The findings of checking the spec in `dir` against `url` that do not
/// pass, as `Status id — message` lines.
pub fn not_passing(dir: &SpecDir, url: &str) -> Vec<String> {
    let report = check_dir(dir, url);
    findings(&report)
        .iter()
        .filter(|f| f.status != Status::Pass)
        .map(|f| format!("{:?} {} — {}", f.status, f.id, f.message))
        .collect()
}

/// Checks the spec in `dir` against `url`: every finding passes (nothing
/// fails, nothing is skipped). Returns the report.
pub fn all_pass(dir: &SpecDir, url: &str) -> Report {
    let report = check_dir(dir, url);
    let bad: Vec<String> = findings(&report)
        .iter()
        .filter(|f| f.status != Status::Pass)
        .map(|f| format!("{:?} {} — {}", f.status, f.id, f.message))
        .collect();
    assert!(bad.is_empty(), "checked against its spec, not everything passes:\n{}", bad.join("\n"));
    report
}

/// An empty database (named with `prefix`) built by `fix --apply` from the
/// spec in `dir` inspects back to `spec`; returns its URL.
pub fn rebuilds_to(spec: &str, prefix: &str, dir: &SpecDir) -> String {
    let rebuilt = database(prefix, "");
    fix_apply(&rebuilt, dir.path());
    let again = inspect(&rebuilt, dir.path(), "rebuilt.yaml");
    similar_or_panic(spec, &again);
    rebuilt
}

/// Equal specs, or a panic showing the lines that differ.
pub fn similar_or_panic(expected: &str, actual: &str) {
    if expected == actual {
        return;
    }
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let mut diff = Vec::new();
    for i in 0..e.len().max(a.len()) {
        if e.get(i) != a.get(i) {
            diff.push(format!(
                "line {}:\n  - {}\n  + {}",
                i + 1,
                e.get(i).unwrap_or(&""),
                a.get(i).unwrap_or(&"")
            ));
        }
    }
    panic!("the rebuilt database inspects to a different spec:\n{}", diff.join("\n"));
}

/// Fails unless `text` (the `what`: spec, plan, errors, …) contains every one of `parts`.
pub fn assert_contains_all(what: &str, text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "the {what} lacks `{part}`:\n{text}");
    }
}
