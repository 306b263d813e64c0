//! What each command does, between parsed flags and an exit status. Prints
//! to the writers it is given, so tests can run it without a terminal.

use crate::cli::{CheckArgs, ColorChoice, Command, Format, OutputArgs};
use crate::connect::SessionLimits;
use crate::diff::Report;
use crate::report::{self, HumanOptions, Outcome, Symbols};
use std::io::{IsTerminal, Write};
use std::time::Duration;

/// The process environment, read once and passed down (tests pass their own).
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

pub fn run(command: Command, env: Env, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let result = match command {
        Command::Check(args) => check(&args, env, out, err),
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
    let spec = match crate::spec::load(&args.spec) {
        Ok(spec) => spec,
        Err(errors) => {
            if args.output.format == Format::Json {
                write_all(out, &report::json_spec_errors(&args.spec.display().to_string(), &errors))?;
            }
            return Err(errors.to_string());
        }
    };
    let plan = crate::check::plan(&spec, &args.databases, args.url.as_deref(), env)
        .map_err(|e| format!("error: {e}"))?;
    let limits = SessionLimits {
        statement_timeout: Duration::from_secs(args.statement_timeout),
        lock_timeout: Duration::from_secs(args.lock_timeout),
    };
    let report = crate::check::run(&spec, &plan, limits);
    print_report(&report, &args.output, args.deny_warnings, env, out)
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
