//! What each command does, between parsed flags and an exit status. Prints
//! to the writers it is given, so tests can run it without a terminal.

use crate::cli::{CheckArgs, ColorChoice, Command, FixArgs, Format, LimitArgs, OutputArgs, TargetArgs};
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
        Command::Demo(args) => crate::demo::run(&args.output, env, out, err),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(err, "{message}");
            2
        }
    }
}

fn check(args: &CheckArgs, env: Env, out: &mut dyn Write, _err: &mut dyn Write) -> Result<u8, String> {
    let spec = load_spec(&args.target, &args.output, out)?;
    let selection = crate::check::select(&spec, &args.target.databases, args.target.url.as_deref(), env)
        .map_err(|e| format!("error: {e}"))?;
    let report =
        crate::check::run_jobs(&spec, &selection, limits(&args.limits), usize::from(args.limits.jobs));
    print_report(&report, &args.output, args.deny_warnings, env, out)
}

/// The spec, or its errors (also as JSON on stdout with `--format json`).
fn load_spec(
    target: &TargetArgs,
    output: &OutputArgs,
    out: &mut dyn Write,
) -> Result<crate::spec::Spec, String> {
    crate::spec::load(&target.spec).or_else(|errors| {
        if output.format == Format::Json {
            write_all(out, &report::json_spec_errors(&target.spec.display().to_string(), &errors))?;
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
    let mut scripts = String::new();
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
                code = 2;
                continue;
            }
        };
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
    };
    write_all(out, &text)?;
    Ok(Outcome::of(report, deny_warnings).exit_code())
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
