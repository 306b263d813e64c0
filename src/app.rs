//! What each command does, between parsed flags and an exit status. Prints
//! to the writers it is given, so tests can run it without a terminal.

use crate::cli::{
    CheckArgs, ColorChoice, Command, FixArgs, Format, LimitArgs, LintArgs, OutputArgs, SchemaArgs, TargetArgs,
};
use crate::connect::SessionLimits;
use crate::diff::{DatabaseReport, Report};
use crate::fix::FixOptions;
use crate::report::{self, HumanOptions, Outcome, Symbols};
use std::io::{IsTerminal, Write};
use std::time::Duration;

/// The process environment, read once and passed down (tests pass their own).
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

pub fn run(command: Command, env: Env, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let result = match command {
        Command::Check(args) => check(&args, env, out, err),
        Command::Fix(args) => fix(&args, env, out, err),
        Command::Lint(args) => lint(&args, env, out),
        Command::Inspect(args) => inspect(&args, env, out, err),
        Command::Diagram(args) => diagram(&args, env, out),
        Command::Demo(args) => crate::demo::run(&args.output, env, out, err),
        Command::Schema(args) => schema(&args, out),
        Command::Completions(args) => {
            let mut command = <crate::cli::Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut command, "pgconform", &mut script);
            write_all(out, &String::from_utf8_lossy(&script)).map(|()| 0)
        }
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(err, "{message}");
            2
        }
    }
}

fn check(args: &CheckArgs, env: Env, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, String> {
    let spec = load_spec(&args.target, &args.output, out)?;
    // The migration gate checks a database of its own making; the cluster
    // lives until the report is printed.
    let mut _gate = None;
    let mut url = args.target.url.clone();
    if let Some(path) = &args.sql {
        let files = crate::gate::migration_files(path)?;
        let _ =
            writeln!(err, "check --sql: applying {} migration file(s) to a throwaway cluster…", files.len());
        let cluster = crate::scratch::Cluster::start().map_err(|e| format!("error: {e}"))?;
        url = Some(crate::gate::apply(&cluster, &files)?);
        _gate = Some(cluster);
    }
    let selection =
        crate::check::select(&spec, &args.target.databases, url.as_deref(), env).map_err(|e| match e {
            crate::check::SelectError::AmbiguousUrl { count, names } if args.sql.is_some() => format!(
                "error: --sql builds one database, but the spec declares {count} ({names}); add --database NAME"
            ),
            e => format!("error: {e}"),
        })?;
    let flags = crate::lint::LintFlags::default();
    let passes = crate::check::Passes { check: true, lint: args.lint.then_some(&flags) };
    let jobs = usize::from(args.limits.jobs);
    let report = crate::check::run_passes(&spec, &selection, limits(&args.limits), jobs, passes);
    let code = print_report(&report, &args.output, args.deny_warnings, env, out);
    drop(selection);
    crate::free_in_background((spec, report));
    code
}

/// `pgconform lint`: the rules' documentation, or the rules run on the
/// spec's databases, or without a spec on the one database `--url` (else the
/// environment) names.
fn lint(args: &LintArgs, env: Env, out: &mut dyn Write) -> Result<u8, String> {
    let json = args.output.format == Format::Json;
    if args.list {
        write_all(out, &if json { crate::lint::list_json() } else { crate::lint::list() })?;
        return Ok(0);
    }
    if let Some(rule) = &args.explain {
        write_all(out, &crate::lint::explain(rule, json).map_err(|e| format!("error: {e}"))?)?;
        return Ok(0);
    }
    let flags = crate::lint::LintFlags {
        rules: args.rules.clone(),
        ignore: args.ignore.clone(),
        sequence_threshold: args.sequence_threshold,
    };
    let passes = crate::check::Passes { check: false, lint: Some(&flags) };
    let jobs = usize::from(args.limits.jobs);
    let default_spec = std::path::PathBuf::from("expected_schema.yaml");
    let spec_path = match (&args.spec, &args.url) {
        (Some(path), _) => Some(path.clone()),
        (None, None) if default_spec.exists() => Some(default_spec),
        (None, _) => None,
    };
    let report = match spec_path {
        Some(spec) => {
            let target = TargetArgs { spec, databases: args.databases.clone(), url: args.url.clone() };
            let spec = load_spec(&target, &args.output, out)?;
            let selection = crate::check::select(&spec, &target.databases, target.url.as_deref(), env)
                .map_err(|e| format!("error: {e}"))?;
            crate::check::run_passes(&spec, &selection, limits(&args.limits), jobs, passes)
        }
        None => {
            if !args.databases.is_empty() {
                return Err("error: --database picks databases of a spec file, and there is none: \
                    pass the spec's path, or lint one database with --url"
                    .to_string());
            }
            let target =
                crate::connect::resolve(args.url.as_deref(), None, env).map_err(|e| format!("error: {e}"))?;
            let spec = crate::check::spec_for(&target.params.dbname);
            let selection = crate::check::Selection { databases: vec![(&spec.databases[0], Ok(target))] };
            crate::check::run_passes(&spec, &selection, limits(&args.limits), jobs, passes)
        }
    };
    print_report(&report, &args.output, args.deny_warnings, env, out)
}

/// The spec, or its errors: on stderr for people, and also on stdout in the
/// chosen machine format, so that a CI reading that format learns why (exit 2).
fn load_spec(
    target: &TargetArgs,
    output: &OutputArgs,
    out: &mut dyn Write,
) -> Result<crate::spec::Spec, String> {
    crate::spec::load(&target.spec).or_else(|errors| {
        let spec = target.spec.display().to_string();
        let document = match output.format {
            Format::Human => None,
            Format::Json => Some(report::json_spec_errors(&spec, &errors)),
            Format::Junit => Some(report::junit_spec_errors(&spec, &errors)),
            Format::Github => Some(report::github_spec_errors(&errors)),
            Format::Sarif => Some(report::sarif_spec_errors(&errors)),
        };
        if let Some(document) = document {
            write_all(out, &document)?;
        }
        Err(errors.to_string())
    })
}

fn limits(args: &LimitArgs) -> SessionLimits {
    SessionLimits {
        statement_timeout: Duration::from_secs(args.statement_timeout),
        lock_timeout: Duration::from_secs(args.lock_timeout),
    }
}

fn fix(args: &FixArgs, env: Env, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, String> {
    let spec = load_spec(&args.target, &args.output, out)?;
    let selection = crate::check::select(&spec, &args.target.databases, args.target.url.as_deref(), env)
        .map_err(|e| format!("error: {e}"))?;
    let options = FixOptions {
        allow_destructive: args.allow_destructive,
        backup: !args.no_backup,
        date: crate::fix::today(),
    };
    let limits = limits(&args.limits);
    let json = args.output.format == Format::Json;
    if !args.apply && !json && args.output.format != Format::Human {
        use clap::ValueEnum as _;
        let name = args.output.format.to_possible_value().map_or(String::new(), |v| v.get_name().to_string());
        return Err(format!(
            "error: fix prints its plan as a script (--format human) or as JSON (--format json), not as {name}; \
             --format {name} is for check, and for the re-check of fix --apply"
        ));
    }
    let several = selection.databases.len() > 1;
    if several && let Some(path) = &args.output_file {
        let names: Vec<&str> = selection.databases.iter().map(|(db, _)| db.name.as_str()).collect();
        return Err(format!(
            "error: -o {} would hold the scripts of {} databases ({}), with nothing to switch between them: add --database NAME",
            path.display(),
            names.len(),
            names.join(", ")
        ));
    }
    let mut scripts = String::new();
    let mut entries = Vec::new();
    let mut code = 0;
    let mut rechecked = Vec::new();
    let outcomes =
        crate::check::parallel_map(&selection.databases, usize::from(args.limits.jobs), |(db, target)| {
            crate::fix::run(db, target, &options, limits, args.apply)
        });
    for ((db, _), outcome) in selection.databases.iter().zip(outcomes) {
        let result = match outcome {
            Ok(result) => result,
            Err(e) => {
                let _ = writeln!(err, "{}: could not plan: {e}", db.name);
                entries.push(crate::fix::PlanEntry::error(&db.name, e));
                code = 2;
                continue;
            }
        };
        entries.push(crate::fix::PlanEntry::of(&db.name, &result));
        if several {
            let rule = "-- ".to_string() + &"=".repeat(76);
            scripts.push_str(&format!(
                "{}{rule}\n-- database: {}  (run this part against that database only)\n{rule}\n",
                if scripts.is_empty() { "" } else { "\n" },
                db.name
            ));
        }
        scripts.push_str(&crate::fix::script(
            &result.plan,
            &spec.path.display().to_string(),
            limits.lock_timeout,
            limits.statement_timeout,
        ));
        let _ = writeln!(err, "{}", result.summary);
        code = code.max(result.exit_code);
        if let Some(findings) = result.rechecked {
            rechecked.push(DatabaseReport {
                name: db.name.clone(),
                server_version: None,
                error: None,
                findings,
            });
        }
    }
    if json {
        scripts = crate::fix::json(&spec.path.display().to_string(), &entries);
    }
    match &args.output_file {
        Some(path) => std::fs::write(path, &scripts)
            .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?,
        // With --apply the database itself is the result; the script is only written when asked for.
        None if !args.apply => write_all(out, &scripts)?,
        None => {}
    }
    if args.apply && !rechecked.is_empty() {
        let report = Report { spec: spec.path.display().to_string(), databases: rechecked };
        let output = OutputArgs { quiet: !args.output.verbose, ..args.output.clone() };
        print_report(&report, &output, false, env, out)?;
    }
    Ok(code)
}

/// Prints a report in the chosen format; the exit status follows from it.
pub fn print_report(
    report: &Report,
    output: &OutputArgs,
    deny_warnings: bool,
    env: Env,
    out: &mut dyn Write,
) -> Result<u8, String> {
    let text = match output.format {
        Format::Json => report::json(report, deny_warnings),
        Format::Human => report::human(report, &human_options(output, deny_warnings, env)),
        Format::Junit => report::junit(report, deny_warnings),
        Format::Github => report::github(report, output.quiet, deny_warnings),
        Format::Sarif => report::sarif(report, deny_warnings),
    };
    write_all(out, &text)?;
    if output.format == Format::Github
        && let Some(path) = env("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty())
        && let Err(e) = append(&path, &report::github_step_summary(report, deny_warnings))
    {
        // Stdout is what the runner reads, so the problem becomes an annotation there.
        write_all(
            out,
            &format!("::warning title=pgconform::cannot write the step summary to {path}: {e}\n"),
        )?;
    }
    Ok(Outcome::of(report, deny_warnings).exit_code())
}

/// Appends to a file the runner created (the step summary is shared by the
/// job's steps, so it is never overwritten).
fn append(path: &str, text: &str) -> std::io::Result<()> {
    use std::fs::OpenOptions;
    OpenOptions::new().append(true).create(true).open(path)?.write_all(text.as_bytes())
}

/// `pgconform inspect`: the spec of a live database, on stdout or in `-o FILE`.
fn inspect(
    args: &crate::cli::InspectArgs,
    env: Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, String> {
    let target =
        crate::connect::resolve(args.url.as_deref(), None, env).map_err(|e| format!("error: {e}"))?;
    let options = crate::inspect::InspectOptions {
        schemas: args.schemas.clone(),
        output: args.output_file.clone(),
        sql_dir: args.sql_dir.clone(),
        database: args.database.clone(),
    };
    let inspection = crate::inspect::run(&target, limits(&args.limits), &options)?;
    let c = inspection.counts;
    match &args.output_file {
        Some(path) => {
            let _ = writeln!(
                err,
                "{}: {} table(s), {} view(s), {} function(s) {} {}; {} object(s) listed as not expressed",
                inspection.name,
                c.tables,
                c.views,
                c.functions,
                if inspection.replaced { "replaced in" } else { "written to" },
                path.display(),
                c.not_expressed
            );
        }
        None => write_all(out, &inspection.text)?,
    }
    Ok(0)
}

/// `pgconform diagram`: a Mermaid erDiagram of a spec's database (marked
/// with its failing checks under `--check`), or of a live database.
fn diagram(args: &crate::cli::DiagramArgs, env: Env, out: &mut dyn Write) -> Result<u8, String> {
    let default_spec = std::path::PathBuf::from("expected_schema.yaml");
    let spec_path = match (&args.spec, &args.url) {
        (Some(path), _) => Some(path.clone()),
        (None, _) if default_spec.exists() && (args.url.is_none() || args.check) => Some(default_spec),
        (None, _) => None,
    };
    let Some(spec_path) = spec_path else {
        if args.check {
            return Err(
                "error: --check compares a database with a spec, and there is none: pass the spec's path"
                    .into(),
            );
        }
        let target =
            crate::connect::resolve(args.url.as_deref(), None, env).map_err(|e| format!("error: {e}"))?;
        let snapshot = crate::inspect::read_catalog(&target, limits(&args.limits))?;
        write_all(out, &crate::diagram::mermaid(&crate::diagram::from_snapshot(&snapshot, &args.schemas)))?;
        return Ok(0);
    };
    let output =
        OutputArgs { format: Format::Human, color: ColorChoice::Never, quiet: false, verbose: false };
    let target = TargetArgs { spec: spec_path, databases: args.databases.clone(), url: args.url.clone() };
    let spec = load_spec(&target, &output, out)?;
    let selected: Vec<&crate::spec::DatabaseSpec> = spec
        .databases
        .iter()
        .filter(|d| args.databases.is_empty() || args.databases.contains(&d.name))
        .collect();
    let db = match selected.as_slice() {
        [one] => *one,
        [] => {
            return Err(format!("error: the spec declares no database named {}", args.databases.join(", ")));
        }
        many => {
            let names: Vec<&str> = many.iter().map(|d| d.name.as_str()).collect();
            return Err(format!(
                "error: a diagram draws one database, and the spec declares {} ({}): add --database NAME",
                names.len(),
                names.join(", ")
            ));
        }
    };
    let mut model = crate::diagram::from_spec(db);
    let mut code = 0;
    if args.check {
        let only = [db.name.clone()];
        let selection = crate::check::select(&spec, &only, args.url.as_deref(), env)
            .map_err(|e| format!("error: {e}"))?;
        let report = crate::check::run(&spec, &selection, limits(&args.limits));
        if let Some(error) = report.databases.iter().find_map(|d| d.error.clone()) {
            return Err(format!("error: {}: {error}", db.name));
        }
        let findings: Vec<crate::diff::Finding> =
            report.databases.into_iter().flat_map(|d| d.findings).collect();
        crate::diagram::mark(&mut model, &findings);
        if findings.iter().any(|f| f.status == crate::diff::Status::Fail) {
            code = 1;
        }
    }
    write_all(out, &crate::diagram::mermaid(&model))?;
    Ok(code)
}

/// `pgconform schema`: the spec's JSON Schema, or with `--output` the JSON
/// output's, on stdout or in `-o FILE`.
fn schema(args: &SchemaArgs, out: &mut dyn Write) -> Result<u8, String> {
    let text = match args.output {
        true => report::JSON_OUTPUT_SCHEMA.to_string(),
        false => crate::spec::schema::spec_schema_text(),
    };
    match &args.out_file {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| format!("error: cannot write {}: {e}", path.display()))?
        }
        None => write_all(out, &text)?,
    }
    Ok(0)
}

pub fn human_options(output: &OutputArgs, deny_warnings: bool, env: Env) -> HumanOptions {
    let color = match output.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => env("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal(),
    };
    HumanOptions {
        color,
        symbols: Symbols::detect(env),
        quiet: output.quiet,
        verbose: output.verbose,
        deny_warnings,
    }
}

/// A closed pipe (`pgconform check | head`) is not an error worth a message.
pub fn write_all(out: &mut dyn Write, text: &str) -> Result<(), String> {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("error: cannot write the output: {e}"))
        }
        _ => Ok(()),
    }
}
