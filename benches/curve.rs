//! The in-process half of `bench/scale.sh`: how the pure stages of a check
//! grow with the schema (spec loading, diff, planning, lint, the human
//! report), timed without process start-up or the server in the way.
//!
//!     cargo bench --bench curve -- SPEC URL [DRIFTED_URL] [RUNS]
//!
//! SPEC declares one database; URL is a database that conforms to it (what
//! `diff` sees on a passing gate); DRIFTED_URL one that differs a little (what
//! `fix` plans for; URL when left out). Prints one tab-separated line per stage:
//! `stage  min_ms  median_ms  detail`. Not a test: `bench/scale.sh` runs it.

use std::path::Path;
use std::time::{Duration, Instant};

use pgconform::catalog::Detail;
use pgconform::diff;
use pgconform::fix::{self, FixOptions};
use pgconform::lint::{self, LintConfig, LintFlags};
use pgconform::report::{HumanOptions, Symbols, human};
use pgconform::spec::DatabaseSpec;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let (spec_path, url) = match (args.first(), args.get(1)) {
        (Some(spec), Some(url)) => (spec.clone(), url.clone()),
        _ => {
            eprintln!("usage: cargo bench --bench curve -- SPEC URL [DRIFTED_URL] [RUNS]");
            std::process::exit(2);
        }
    };
    let drifted_url = args.get(2).filter(|u| !u.is_empty()).cloned().unwrap_or_else(|| url.clone());
    let runs: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(5).max(1);

    let (spec_times, spec) = timed(runs, || pgconform::spec::load(Path::new(&spec_path)));
    let spec = spec.unwrap_or_else(|errors| {
        eprintln!("{spec_path}: the spec does not load: {errors:?}");
        std::process::exit(2);
    });
    let db = spec.databases.first().expect("the spec declares a database");
    report("spec-load", &spec_times, &format!("{} database(s)", spec.databases.len()));
    // Its parts: reading the file and the YAML parser's tree (the rest is
    // decoding and validation).
    let text = std::fs::read_to_string(&spec_path).expect("read the spec");
    let (yaml_times, _) = timed(runs, || pgconform::spec::yaml::parse(&text).map(|_| ()));
    report("spec-yaml", &yaml_times, &format!("{} byte(s)", text.len()));

    let (read_times, snapshot) = timed(runs, || read_snapshot(&url, db));
    report("catalog-read", &read_times, &format!("{} relation(s)", snapshot.relations.len()));

    let (diff_times, findings) = timed(runs, || diff::diff(db, &snapshot));
    let failed = findings.iter().filter(|f| f.status == diff::Status::Fail).count();
    report("diff", &diff_times, &format!("{} check(s), {failed} failing", findings.len()));

    let drifted = (drifted_url != url).then(|| read_snapshot(&drifted_url, db));
    let drifted = drifted.as_ref().unwrap_or(&snapshot);
    let drift_findings = diff::diff(db, drifted);
    let options = FixOptions { allow_destructive: false, backup: true, date: "20260101".into() };
    let (plan_times, plan) = timed(runs, || fix::plan(db, drifted, &drift_findings, &options));
    report("plan", &plan_times, &format!("{} step(s) for the drifted database", plan.steps.len()));

    let config = LintConfig::new(&db.lint, &LintFlags::default()).expect("default lint configuration");
    let (lint_times, lint_findings) = timed(runs, || lint::run(&db.name, &snapshot, &config));
    report("lint", &lint_times, &format!("{} finding(s)", lint_findings.len()));

    let report_ = diff::Report {
        spec: spec_path.clone(),
        databases: vec![diff::DatabaseReport {
            name: db.name.clone(),
            server_version: Some("bench".into()),
            error: None,
            findings,
        }],
    };
    let options = HumanOptions {
        color: false,
        symbols: Symbols::Unicode,
        quiet: false,
        verbose: false,
        deny_warnings: false,
    };
    let (human_times, text) = timed(runs, || human(&report_, &options));
    report("report", &human_times, &format!("{} line(s)", text.lines().count()));
}

/// The catalog and the answers `check` would read, from `url` (the diff that
/// `check` runs between its two rounds of questions is the `diff` stage).
fn read_snapshot(url: &str, db: &DatabaseSpec) -> pgconform::catalog::Snapshot {
    let fail = |e: &dyn std::fmt::Display| -> ! {
        eprintln!("cannot read {url}: {e}");
        std::process::exit(2);
    };
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap_or_else(|e| fail(&e));
    let mut tx = client.build_transaction().read_only(true).start().unwrap_or_else(|e| fail(&e));
    pgconform::catalog::read_with(&mut tx, Detail::Lean, |s| diff::questions(db, s))
        .unwrap_or_else(|e| fail(&e))
}

/// Runs `f` `runs` times; the times of each run and the last result.
fn timed<T>(runs: usize, mut f: impl FnMut() -> T) -> (Vec<Duration>, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let result = f();
        times.push(start.elapsed());
        // Dropped outside the timed part, as a real run drops it at exit.
        last = Some(result);
    }
    (times, last.expect("at least one run"))
}

fn report(stage: &str, times: &[Duration], detail: &str) {
    let mut ms: Vec<f64> = times.iter().map(|t| t.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    println!("{stage}\t{:.1}\t{:.1}\t{detail}", ms[0], ms[ms.len() / 2]);
}
