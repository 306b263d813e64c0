//! Which rules run at which severity, and what they pass over: the rules'
//! defaults, then the spec's `lint:` section, then the command line
//! (`--rule NAME=LEVEL`, `--ignore GLOB`), each later one winning.
//!
//! The name `all` sets every rule at once (`--rule all=off --rule
//! fk-type-mismatch=error` runs one rule). Unknown rule names are errors
//! that suggest the nearest known name: in the spec they are spec errors
//! (`spec::validate`), on the command line usage errors (exit 2).

use super::registry;
use super::subject::Subject;
use crate::location::Location;
use crate::spec::{LintSpec, Severity};

/// The name that stands for every rule in `rules:` and `--rule`.
pub const ALL_RULES: &str = "all";

/// Share of a sequence's usable range past which `sequence-near-exhaustion`
/// fires, unless `--sequence-threshold` says otherwise.
pub const DEFAULT_SEQUENCE_THRESHOLD: f64 = 0.8;

/// Settings that rules read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// 0 < share ≤ 1 of the range a sequence may use before it is reported.
    pub sequence_threshold: f64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { sequence_threshold: DEFAULT_SEQUENCE_THRESHOLD }
    }
}

/// The command line's part of the configuration, already parsed.
#[derive(Debug, Clone, Default)]
pub struct LintFlags {
    pub rules: Vec<(String, Severity)>,
    pub ignore: Vec<String>,
    /// Percent of the usable range (1 to 100).
    pub sequence_threshold: Option<u8>,
}

/// A rule's severity and, when the spec set it, where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Level {
    pub severity: Severity,
    pub set_at: Option<Location>,
}

#[derive(Debug, Clone)]
pub struct LintConfig {
    /// One per rule, in `rules::ALL` order.
    levels: Vec<Level>,
    ignore: Vec<glob::Pattern>,
    pub settings: Settings,
}

impl Default for LintConfig {
    fn default() -> LintConfig {
        LintConfig {
            levels: registry::all().iter().map(|r| Level { severity: r.default, set_at: None }).collect(),
            ignore: Vec::new(),
            settings: Settings::default(),
        }
    }
}

impl LintConfig {
    /// The configuration for one database. Errors name what is wrong; the
    /// spec's entries were validated when it loaded, so only flags fail here.
    pub fn new(spec: &LintSpec, flags: &LintFlags) -> Result<LintConfig, String> {
        let mut config = LintConfig::default();
        for (name, severity) in &spec.rules {
            config.set(&name.value, *severity, Some(name.at))?;
        }
        for (name, severity) in &flags.rules {
            config.set(name, *severity, None)?;
        }
        for glob in
            spec.ignore.iter().map(|g| g.value.as_str()).chain(flags.ignore.iter().map(String::as_str))
        {
            let pattern =
                glob::Pattern::new(glob).map_err(|e| format!("`{glob}` is not a valid glob: {e}"))?;
            config.ignore.push(pattern);
        }
        if let Some(percent) = flags.sequence_threshold.or(spec.sequence_threshold.as_ref().map(|p| p.value))
        {
            config.settings.sequence_threshold = f64::from(percent) / 100.0;
        }
        Ok(config)
    }

    fn set(&mut self, name: &str, severity: Severity, at: Option<Location>) -> Result<(), String> {
        let level = Level { severity, set_at: at };
        if name == ALL_RULES {
            self.levels.iter_mut().for_each(|l| *l = level);
            return Ok(());
        }
        let index = registry::position(name).ok_or_else(|| unknown_rule(name))?;
        self.levels[index] = level;
        Ok(())
    }

    /// The level of the rule at `index` in `rules::ALL`.
    pub fn level(&self, index: usize) -> Level {
        self.levels[index]
    }

    /// Whether an `ignore` glob matches the subject (or the table it belongs to).
    pub fn ignores(&self, subject: &Subject) -> bool {
        self.ignore.iter().any(|p| subject.names.iter().any(|n| p.matches(n)))
    }
}

/// "no lint rule named `x` (did you mean `y`?)", for flags, specs and `--explain`.
pub fn unknown_rule(name: &str) -> String {
    match crate::spec::suggest(name, &registry::names()) {
        Some(near) => format!("no lint rule named `{name}` (did you mean `{near}`?)"),
        None => format!("no lint rule named `{name}`; `pgconform lint --list` shows them all"),
    }
}

/// Whether `name` can stand in `rules:` or `--rule` (a rule, or `all`).
pub fn is_rule_name(name: &str) -> bool {
    name == ALL_RULES || registry::position(name).is_some()
}

/// `--rule NAME=LEVEL`, for clap.
pub fn parse_rule_flag(text: &str) -> Result<(String, Severity), String> {
    let (name, level) = text
        .split_once('=')
        .ok_or_else(|| format!("expected NAME=LEVEL (e.g. fk-without-index=error), got `{text}`"))?;
    let name = name.trim();
    if !is_rule_name(name) {
        return Err(unknown_rule(name));
    }
    let severity = match level.trim() {
        "error" => Severity::Error,
        "warn" => Severity::Warn,
        "off" => Severity::Off,
        other => return Err(format!("`{other}` is not a level: use error, warn or off")),
    };
    Ok((name.to_string(), severity))
}

/// `--ignore GLOB`, for clap: a glob that cannot be read is a usage error.
pub fn parse_ignore_flag(text: &str) -> Result<String, String> {
    glob::Pattern::new(text).map(|_| text.to_string()).map_err(|e| format!("not a valid glob: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::location::Located;

    #[test]
    fn later_settings_win_and_all_sets_every_rule() {
        let spec = LintSpec {
            rules: vec![
                (Located::new("all".into(), Location::new(3, 7)), Severity::Off),
                (Located::new("char-n".into(), Location::new(4, 7)), Severity::Error),
            ],
            ignore: vec![],
            sequence_threshold: Some(Located::new(90, Location::new(5, 7))),
        };
        let flags = LintFlags { rules: vec![("money-type".into(), Severity::Warn)], ..LintFlags::default() };
        let config = LintConfig::new(&spec, &flags).unwrap();
        let level = |name| config.level(registry::position(name).unwrap());
        assert_eq!(level("char-n"), Level { severity: Severity::Error, set_at: Some(Location::new(4, 7)) });
        assert_eq!(level("money-type"), Level { severity: Severity::Warn, set_at: None });
        assert_eq!(level("fk-type-mismatch").severity, Severity::Off);
        assert_eq!(config.settings.sequence_threshold, 0.9);
        let flags = LintFlags { sequence_threshold: Some(70), ..flags };
        assert_eq!(LintConfig::new(&spec, &flags).unwrap().settings.sequence_threshold, 0.7);
    }

    #[test]
    fn rule_flags_are_checked_with_a_suggestion() {
        assert_eq!(parse_rule_flag("char-n=off"), Ok(("char-n".into(), Severity::Off)));
        assert_eq!(parse_rule_flag("all=warn"), Ok(("all".into(), Severity::Warn)));
        let e = parse_rule_flag("fk-without-idx=warn").unwrap_err();
        assert!(e.contains("did you mean `fk-without-index`?"), "{e}");
        assert!(parse_rule_flag("char-n").unwrap_err().contains("NAME=LEVEL"));
        assert!(parse_rule_flag("char-n=fatal").unwrap_err().contains("error, warn or off"));
    }

    #[test]
    fn globs_match_the_object_or_its_table() {
        let flags = LintFlags { ignore: vec!["public.legacy_*".into()], ..LintFlags::default() };
        let config = LintConfig::new(&LintSpec::default(), &flags).unwrap();
        let table = crate::catalog::QualifiedName::new("public", "legacy_orders");
        assert!(config.ignores(&Subject::column(&table, "id")));
        assert!(config.ignores(&Subject::index(&table, "some_idx")));
        let other = crate::catalog::QualifiedName::new("public", "orders");
        assert!(!config.ignores(&Subject::column(&other, "legacy_x")));
    }
}
