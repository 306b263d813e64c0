//! The `pgconform` binary: parse flags, run, exit with the outcome's status.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    pgconform::interrupt::install();
    let cli = match pgconform::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // clap uses 2 for usage errors already; help and version are successes.
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let env = |name: &str| std::env::var(name).ok();
    let code =
        pgconform::app::run(cli.command, &env, &mut std::io::stdout().lock(), &mut std::io::stderr().lock());
    if pgconform::interrupt::interrupted() {
        eprintln!("pgconform: interrupted; the queries in flight were cancelled and nothing was committed");
        return ExitCode::from(pgconform::interrupt::EXIT_INTERRUPTED);
    }
    ExitCode::from(code)
}
