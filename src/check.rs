//! `pgconform check`: spec × live databases → a report.
//!
//! Per database: connect, read the catalog and the answers `diff` needs in one
//! READ ONLY, REPEATABLE READ transaction (one consistent picture, and the
//! server itself refuses any write), diff, then run the probes in their own
//! rolled-back transactions. `lint` and `check --lint` go through the same
//! sessions: the lint rules read the same snapshot, and the few values they
//! sample are read in the same transaction.

use crate::catalog;
use crate::connect::{self, SessionLimits, Target};
use crate::diff::{self, DatabaseReport, Report};
use crate::lint::{self, LintConfig, LintFlags};
use crate::probe;
use crate::spec::{DatabaseSpec, Spec};

/// Where each database of a run connects: chosen before anything is checked,
/// so a bad `--url` or an unset variable is reported for every database.
pub struct Selection<'s> {
    pub databases: Vec<(&'s DatabaseSpec, Result<Target, String>)>,
}

#[derive(Debug, thiserror::Error)]
pub enum SelectError {
    #[error("the spec declares no database named `{name}`{hint}")]
    UnknownDatabase { name: String, hint: String },
    #[error("--url names one database, but the spec declares {count} ({names}); add --database NAME")]
    AmbiguousUrl { count: usize, names: String },
}

/// Chooses the databases to check and how to reach each.
pub fn select<'s>(
    spec: &'s Spec,
    only: &[String],
    flag_url: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Selection<'s>, SelectError> {
    let names: Vec<&str> = spec.databases.iter().map(|d| d.name.as_str()).collect();
    for name in only {
        if !names.contains(&name.as_str()) {
            let hint = match crate::spec::suggest(name, &names) {
                Some(near) => format!(" (did you mean `{near}`?)"),
                None => format!(" (it declares: {})", names.join(", ")),
            };
            return Err(SelectError::UnknownDatabase { name: name.clone(), hint });
        }
    }
    let selected: Vec<&DatabaseSpec> =
        spec.databases.iter().filter(|d| only.is_empty() || only.contains(&d.name)).collect();
    if flag_url.is_some() && selected.len() > 1 {
        return Err(SelectError::AmbiguousUrl { count: selected.len(), names: names.join(", ") });
    }
    let databases = selected
        .into_iter()
        .map(|db| {
            (
                db,
                connect::resolve(flag_url, db.url.as_ref().map(|u| (u, spec.path.as_path())), env)
                    .map_err(|e| e.to_string()),
            )
        })
        .collect();
    Ok(Selection { databases })
}

/// A spec declaring one database, `name`, and nothing else: what `lint`
/// checks when there is no spec file (the report names the database so).
pub fn spec_for(name: &str) -> Spec {
    let database = DatabaseSpec {
        name: name.to_string(),
        at: crate::location::Location::default(),
        url: None,
        extensions: Vec::new(),
        schemas: Vec::new(),
        probes: Vec::new(),
        lint: crate::spec::LintSpec::default(),
        event_triggers: Vec::new(),
    };
    Spec { path: std::path::PathBuf::new(), databases: vec![database] }
}

/// A plan with a URL for each named database (the demo and tests); databases
/// not named are left out.
pub fn select_urls<'s>(
    spec: &'s Spec,
    urls: &[(&str, &str)],
    env: &dyn Fn(&str) -> Option<String>,
) -> Selection<'s> {
    let databases = spec
        .databases
        .iter()
        .filter_map(|db| {
            let (_, url) = urls.iter().find(|(name, _)| *name == db.name)?;
            Some((db, connect::resolve(Some(url), None, env).map_err(|e| e.to_string())))
        })
        .collect();
    Selection { databases }
}

/// How many databases are checked at once unless `--jobs` says otherwise:
/// checking is mostly waiting on the network, so more than the CPU count.
pub const DEFAULT_JOBS: usize = 8;

/// Checks every selected database, `jobs` at a time; the report lists them in
/// spec order whatever order they finish in, and a database that cannot be
/// reached is reported without holding back the others.
pub fn run(spec: &Spec, selection: &Selection, limits: SessionLimits) -> Report {
    run_jobs(spec, selection, limits, DEFAULT_JOBS)
}

pub fn run_jobs(spec: &Spec, selection: &Selection, limits: SessionLimits, jobs: usize) -> Report {
    run_passes(spec, selection, limits, jobs, Passes::CHECK)
}

/// What a run does with each database it reads.
#[derive(Debug, Clone, Copy)]
pub struct Passes<'a> {
    /// Compare it with the spec and run the spec's probes (`check`).
    pub check: bool,
    /// Run the lint rules, configured by the database's `lint:` section and
    /// then by these flags (`lint`, `check --lint`).
    pub lint: Option<&'a LintFlags>,
}

impl Passes<'static> {
    pub const CHECK: Passes<'static> = Passes { check: true, lint: None };
}

/// Like [`run_jobs`], doing `passes` on each database from one catalog read.
pub fn run_passes(
    spec: &Spec,
    selection: &Selection,
    limits: SessionLimits,
    jobs: usize,
    passes: Passes<'_>,
) -> Report {
    let databases = parallel_map(&selection.databases, jobs, |(db, target)| match target {
        Ok(target) => check_database(db, target, limits, passes),
        Err(e) => DatabaseReport {
            name: db.name.clone(),
            server_version: None,
            error: Some(e.clone()),
            findings: Vec::new(),
        },
    });
    Report { spec: spec.path.display().to_string(), databases }
}

/// `f` over `items` on up to `jobs` threads, results in the items' order.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], jobs: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let jobs = jobs.clamp(1, items.len().max(1));
    if jobs == 1 {
        return items.iter().map(&f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<R>>> =
        items.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let result = f(item);
                    *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
                }
            });
        }
    });
    results
        .into_iter()
        .map(|r| r.into_inner().unwrap_or_else(|e| e.into_inner()).expect("every item was taken by a thread"))
        .collect()
}

fn check_database(
    db: &DatabaseSpec,
    target: &Target,
    limits: SessionLimits,
    passes: Passes<'_>,
) -> DatabaseReport {
    let mut report =
        DatabaseReport { name: db.name.clone(), server_version: None, error: None, findings: Vec::new() };
    let lint = match passes.lint.map(|flags| LintConfig::new(&db.lint, flags)).transpose() {
        Ok(lint) => lint,
        Err(e) => {
            report.error = Some(e);
            return report;
        }
    };
    let mut client = match connect::connect(target, limits) {
        Ok(client) => client,
        Err(e) => {
            report.error = Some(e.to_string());
            return report;
        }
    };
    let _watch = crate::interrupt::watch(connect::canceller(&client, target));
    let where_ = connect::describe(&target.params);
    // A large catalog is read on two sessions at once (see catalog::SPLIT_FROM).
    let open_helper = || {
        let helper = connect::connect(target, limits).ok()?;
        let watch = crate::interrupt::watch(connect::canceller(&helper, target));
        Some((helper, watch))
    };
    let read = read_snapshot_for(&mut client, db, passes.check, lint.as_ref(), Some(&open_helper));
    let Reading { snapshot, findings } = match read {
        Ok(reading) => reading,
        Err(e) => {
            report.error = Some(format!("{where_}: {e}"));
            return report;
        }
    };
    report.server_version = Some(version_text(snapshot.server_version_num));
    // diff's findings come with unique ids; the probes' and lint's may repeat them.
    let unique = findings.len();
    if passes.check {
        report.findings = findings;
        attach_fix_sql(db, &snapshot, &mut report.findings);
        report.findings.extend(probe::run(&mut client, &db.name, &db.probes));
    }
    if let Some(config) = &lint {
        report.findings.extend(lint::run(&db.name, &snapshot, config));
    }
    if report.findings.len() > unique {
        diff::make_ids_unique(&mut report.findings);
    }
    crate::free_in_background(snapshot);
    report
}

/// Gives each failing finding the SQL of the step `fix` plans for it (as
/// `fix` would print it without `--allow-destructive`): what a reader of the
/// report needs to judge the repair. `pgconform fix` prints the whole plan,
/// with the steps that only serve others (dropped keys, views carried along).
fn attach_fix_sql(db: &DatabaseSpec, snapshot: &crate::catalog::Snapshot, findings: &mut [diff::Finding]) {
    let options =
        crate::fix::FixOptions { allow_destructive: false, backup: false, date: crate::fix::today() };
    let plan = crate::fix::plan(db, snapshot, findings, &options);
    for finding in findings.iter_mut().filter(|f| f.status == diff::Status::Fail) {
        let sql: Vec<String> = plan
            .steps
            .iter()
            .filter(|step| !step.withheld && step.repairs.contains(&finding.id))
            .flat_map(|step| step.sql.iter().map(|s| format!("{};", s.trim_end().trim_end_matches(';'))))
            .collect();
        if !sql.is_empty() {
            finding.fix_sql = Some(sql.join("\n"));
        }
    }
}

/// A database read for checking: the catalog with the answers, and the
/// spec's findings on it (the diff runs once, between the two rounds of
/// questions), with the rows that would stop a repair attached.
pub struct Reading {
    pub snapshot: catalog::Snapshot,
    /// Empty when the spec's checks were not asked for (`lint`).
    pub findings: Vec<diff::Finding>,
}

/// The catalog and the answers to the spec's questions, from one snapshot.
pub fn read_snapshot(client: &mut postgres::Client, db: &DatabaseSpec) -> Result<Reading, String> {
    read_snapshot_for(client, db, true, None, None)
}

/// The catalog and the answers that the spec's checks (when `check`) and the
/// lint rules (when `lint`) need, from one snapshot; a large catalog on a
/// second session too when `helper` can open one.
pub fn read_snapshot_for(
    client: &mut postgres::Client,
    db: &DatabaseSpec,
    check: bool,
    lint: Option<&LintConfig>,
    helper: Option<catalog::OpenSession<'_>>,
) -> Result<Reading, String> {
    let mut tx = client
        .build_transaction()
        .read_only(true)
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .start()
        .map_err(|e| connect::error_text(&e))?;
    let reading = snapshot_with(&mut tx, db, check, lint, helper)?;
    tx.rollback().map_err(|e| connect::error_text(&e))?;
    Ok(reading)
}

/// The catalog and the answers, read inside a transaction the caller owns
/// (`fix --apply` re-checks inside its own, before deciding to commit).
pub fn snapshot_in(tx: &mut postgres::Transaction<'_>, db: &DatabaseSpec) -> Result<Reading, String> {
    // No second session: it could not see what this transaction changed.
    snapshot_with(tx, db, true, None, None)
}

/// [`snapshot_in`] for the spec's checks (when `check`) and the lint rules
/// (when `lint`): their questions are asked together, in one round.
fn snapshot_with(
    tx: &mut postgres::Transaction<'_>,
    db: &DatabaseSpec,
    check: bool,
    lint: Option<&LintConfig>,
    helper: Option<catalog::OpenSession<'_>>,
) -> Result<Reading, String> {
    // Lint's details name index definitions and its rules read sequence
    // positions; the spec's checks need neither.
    let detail = if lint.is_some() { catalog::Detail::Full } else { catalog::Detail::Lean };
    let mut reader = catalog::CatalogReader::new(tx).detail(detail);
    if let Some(open) = helper {
        reader = reader.helper(open);
    }
    let mut snapshot = reader.read_catalog().map_err(|e| e.to_string())?;
    let mut questions = if check { diff::questions(db, &snapshot) } else { catalog::Questions::default() };
    if let Some(config) = lint {
        // Lint only ever asks for samples of text columns.
        questions.uuid_samples.extend(lint::questions(&snapshot, config).uuid_samples);
    }
    let answers = catalog::answer(tx, &questions, &snapshot).map_err(|e| e.to_string())?;
    snapshot.set_answers(answers);
    if !check {
        return Ok(Reading { snapshot, findings: Vec::new() });
    }
    // Second round: the rows that would keep a failing expectation's repair
    // from running (NULLs, rows a check rejects, duplicates), known only now.
    let mut findings = diff::diff(db, &snapshot);
    let preconditions = diff::preconditions::questions(&findings, &snapshot);
    if !preconditions.is_empty() {
        let more = catalog::answer(tx, &preconditions, &snapshot).map_err(|e| e.to_string())?;
        snapshot.answers.violations = more.violations;
        diff::preconditions::annotate(&mut findings, &snapshot);
    }
    Ok(Reading { snapshot, findings })
}

/// 150004 → "15.4"; 90624 → "9.6.24".
fn version_text(num: i32) -> String {
    if num >= 100_000 {
        format!("{}.{}", num / 10_000, num % 10_000)
    } else {
        format!("{}.{}.{}", num / 10_000, num / 100 % 100, num % 100)
    }
}
