//! Command-line flags as the user writes them (clap derive). Validation and
//! defaults that need the environment happen in `app`, not here.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "pgconform",
    version,
    about = "Check a PostgreSQL database against its declared architecture",
    long_about = "Check a PostgreSQL database against its declared architecture.\n\n\
        The target (tables, column types, keys, functions, triggers, views, objects that must be gone,\n\
        behaviour probes) is declared in expected_schema.yaml.\n\n\
        Exit status: 0 conforms, 1 does not conform, 2 could not check (bad spec, bad flags, connection failure)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check live databases against the spec and print a line per expectation.
    Check(CheckArgs),
    /// Print the ordered SQL that brings the databases to the spec (or run it with --apply).
    Fix(FixArgs),
    /// Start a throwaway cluster, load the founding case's legacy and migrated databases, check both.
    Demo(DemoArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    /// Write the script to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Include steps that destroy data (drop tables and columns that hold it); else they are commented out.
    #[arg(long)]
    pub allow_destructive: bool,
    /// Do not back up tables whose data is rewritten or partly dropped.
    #[arg(long)]
    pub no_backup: bool,
    /// Run the plan in one transaction; commit only if the database then conforms.
    #[arg(long)]
    pub apply: bool,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Which databases, and how to reach them.
#[derive(Debug, Args)]
pub struct TargetArgs {
    /// The spec file.
    #[arg(default_value = "expected_schema.yaml")]
    pub spec: PathBuf,
    /// Only this database of the spec (repeatable; default: all).
    #[arg(long = "database", value_name = "NAME")]
    pub databases: Vec<String>,
    /// Connection URL or key=value string, overriding the spec's for a single database.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}

#[derive(Debug, Args)]
pub struct LimitArgs {
    /// Statement timeout for every statement pgconform sends, in seconds (0: none).
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub statement_timeout: u64,
    /// How long to wait for a lock before giving up, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 5)]
    pub lock_timeout: u64,
    /// How many databases of the spec are worked on at once (output stays in spec order).
    #[arg(short = 'j', long, value_name = "N", default_value_t = crate::check::DEFAULT_JOBS as u16,
          value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: u16,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// When to colour the human format (NO_COLOR in the environment means never, for auto).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Show only failures, warnings and skipped checks.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Show expected and actual values on passing lines too.
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
