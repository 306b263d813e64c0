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
        behaviour probes) is declared in expected_schema.yaml. `check` prints a line per expectation,\n\
        `fix` writes the ordered, measured SQL that brings a database there (and runs it in one\n\
        transaction with --apply), `lint` looks for hazards, `schema` prints the spec's JSON Schema.",
    after_long_help = "EXAMPLES:\n\
        \x20   pgconform check                                 every database of ./expected_schema.yaml\n\
        \x20   pgconform check --url postgresql://app@db/app   one database, its URL given here\n\
        \x20   pgconform check --sql migrations/               gate: apply migrations to a throwaway cluster, check it\n\
        \x20   pgconform fix -o fix.sql                        the remediation script, to review\n\
        \x20   pgconform fix --allow-destructive --apply       run it; commit only if the database then conforms\n\
        \x20   pgconform lint --url \"$DATABASE_URL\"            hazards, no spec needed\n\n\
        EXIT STATUS:\n\
        \x20   0  the databases conform (warnings allowed unless --deny-warnings)\n\
        \x20   1  an expectation fails, a lint error fires, or fix --apply rolled back\n\
        \x20   2  could not check: bad spec, bad flags, connection or permission failure\n\
        \x20 130  interrupted (Ctrl-C): the queries in flight were cancelled, nothing committed\n\n\
        ENVIRONMENT:\n\
        \x20   DATABASE_URL, PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE, PGSSLROOTCERT,\n\
        \x20   PGPASSFILE, PGCONNECT_TIMEOUT   where to connect when neither --url nor the spec's url: says\n\
        \x20   NO_COLOR                        no colour in the human format\n\
        \x20   PGCONFORM_PG_BINDIR             server binaries for throwaway clusters (demo, check --sql)\n\n\
        Passwords never appear in any output. Completions: pgconform completions bash|zsh|fish."
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
    /// Look for hazards in live databases' catalogs (a spec is optional: `lint --url URL`).
    Lint(LintArgs),
    /// Write the spec of a live database (YAML), to check it against later or to start a spec from.
    Inspect(InspectArgs),
    /// Print a Mermaid erDiagram of the spec's database, or of a live one (--url without a SPEC).
    Diagram(DiagramArgs),
    /// Start a throwaway cluster, load the founding case's legacy and migrated databases, check both.
    Demo(DemoArgs),
    /// Print the JSON Schema of the spec file (for editor completion), or of the JSON output.
    Schema(SchemaArgs),
    /// Print a shell completion script: `pgconform completions bash > /etc/bash_completion.d/pgconform`.
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The schema of `--format json` output instead of the spec file's.
    #[arg(long)]
    pub output: bool,
    /// Write the schema to this file instead of standard output.
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    pub out_file: Option<PathBuf>,
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
    /// Also run the lint rules (as the spec's `lint:` sections set them), from the same catalog read.
    #[arg(long)]
    pub lint: bool,
    /// Migration gate: apply this SQL file, or every .sql file of this folder in lexical order, to an
    /// empty database on a throwaway cluster, then check that database instead of a live one.
    #[arg(long, value_name = "PATH", conflicts_with = "url")]
    pub sql: Option<PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// The spec file, for its databases and `lint:` sections [default: ./expected_schema.yaml when
    /// it exists; without a spec, the database --url (or DATABASE_URL, or the PG* environment) names]
    pub spec: Option<PathBuf>,
    /// Only this database of the spec (repeatable; default: all).
    #[arg(long = "database", value_name = "NAME")]
    pub databases: Vec<String>,
    /// Connection URL or key=value string; without a SPEC argument, lints that database alone.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Print every rule with its default severity and what it finds, then exit.
    #[arg(long, conflicts_with = "explain")]
    pub list: bool,
    /// Print what a rule finds, why it matters and how to fix it, then exit.
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,
    /// Set a rule's severity: error, warn or off (repeatable, later ones win; `all=LEVEL` sets every rule).
    #[arg(long = "rule", value_name = "NAME=LEVEL", value_parser = crate::lint::parse_rule_flag)]
    pub rules: Vec<(String, crate::spec::Severity)>,
    /// Pass over objects whose `schema.name`, or whose table's, matches this glob (repeatable).
    #[arg(long = "ignore", value_name = "GLOB", value_parser = crate::lint::parse_ignore_flag)]
    pub ignore: Vec<String>,
    /// Report sequences past this share of their usable range, in percent [default: 80].
    #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u8).range(1..=100))]
    pub sequence_threshold: Option<u8>,
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
pub struct InspectArgs {
    /// Connection URL or key=value string (default: DATABASE_URL, else the PG* environment).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Only this schema (repeatable; default: every user schema).
    #[arg(long = "schema", value_name = "SCHEMA")]
    pub schemas: Vec<String>,
    /// Write the spec to FILE; when it exists, add this database to it (or replace its entry).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Write function and view bodies as .sql files under DIR instead of inline.
    #[arg(long, value_name = "DIR")]
    pub sql_dir: Option<PathBuf>,
    /// The database's name in the spec [default: the database's own name].
    #[arg(long = "database", value_name = "NAME")]
    pub database: Option<String>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, Args)]
pub struct DiagramArgs {
    /// The spec file [default: ./expected_schema.yaml; without one, the database --url names]
    pub spec: Option<PathBuf>,
    /// The spec's database to draw (needed when it declares several).
    #[arg(long = "database", value_name = "NAME")]
    pub databases: Vec<String>,
    /// Connection URL: without a SPEC, draw this database; with --check, check it.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Check the database against the spec and mark the tables whose checks fail.
    #[arg(long)]
    pub check: bool,
    /// Only this schema, when drawing a live database (repeatable).
    #[arg(long = "schema", value_name = "SCHEMA")]
    pub schemas: Vec<String>,
    #[command(flatten)]
    pub limits: LimitArgs,
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
    /// One line per expectation, for people.
    Human,
    /// One document with every check, for tools (its schema: `pgconform schema --output`).
    Json,
    /// JUnit XML: a test case per check, a test suite per database.
    Junit,
    /// GitHub Actions annotations on the spec's lines, and a summary.
    Github,
    /// SARIF 2.1.0, results located in the spec file (code scanning).
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
