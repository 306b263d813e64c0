//! `lint`: hazard rules over a catalog snapshot. Pure: the snapshot (read by
//! `catalog`, with the few bounded data samples a rule asked for through
//! [`questions`]) goes in, findings come out; nothing here talks to the
//! server or prints.
//!
//! Rules live one per file in `rules/`, listed once in `rules::ALL`. Each
//! returns [`Hit`]s; [`run`] turns them into findings: it drops the rules
//! configured `off`, the objects an `ignore` glob or a `pgconform:ignore`
//! comment covers, and maps the rule's severity to a status (error → fail,
//! warn → warn). A rule with nothing to report gets one passing line, so that
//! every report says which rules ran.
//!
//! Finding ids are `<database>:lint:<rule>:<object>` (`<database>:lint:<rule>`
//! for the passing line), kind `lint`, with the rule's name in
//! [`Finding::rule`] and any suggested SQL in [`Finding::fix_sql`].

mod config;
mod context;
mod docs;
mod opt_out;
mod registry;
mod rule;
pub mod rules;
mod subject;

pub use config::{
    ALL_RULES, DEFAULT_SEQUENCE_THRESHOLD, Level, LintConfig, LintFlags, Settings, is_rule_name,
    parse_ignore_flag, parse_rule_flag, unknown_rule,
};
pub use context::Context;
pub use docs::{explain, list, list_json, markdown_table};
pub use registry::{all, find, names};
pub use rule::{Group, Hit, Rule, severity_name};
pub use subject::Subject;

use crate::catalog::{CommentTarget, Questions, Snapshot};
use crate::diff::{CheckKind, Finding, Status};
use crate::spec::Severity;
use opt_out::OptOuts;

/// The data the rules need read from tables (bounded samples), for the
/// rules that will run and the objects they will not pass over.
pub fn questions(snapshot: &Snapshot, config: &LintConfig) -> Questions {
    let cx = Context::new(snapshot, config.settings);
    let opt_outs = OptOuts::new(&snapshot.comments);
    let mut questions = Questions::default();
    for (index, rule) in all().iter().enumerate() {
        let Some(samples) = rule.samples else { continue };
        if config.level(index).severity == Severity::Off {
            continue;
        }
        for (subject, table, column) in samples(&cx) {
            if !config.ignores(&subject) && !opt_outs.covers(&subject, rule.name) {
                questions.uuid_samples.insert((table, column));
            }
        }
    }
    questions
}

/// Every enabled rule over `snapshot`, as findings of database `database`.
pub fn run(database: &str, snapshot: &Snapshot, config: &LintConfig) -> Vec<Finding> {
    let cx = Context::new(snapshot, config.settings);
    let opt_outs = OptOuts::new(&snapshot.comments);
    let mut out = Vec::new();
    for (index, rule) in all().iter().enumerate() {
        let level = config.level(index);
        let status = match level.severity {
            Severity::Off => continue,
            Severity::Error => Status::Fail,
            Severity::Warn => Status::Warn,
        };
        let mut hits = Vec::new();
        (rule.check)(&cx, &mut hits);
        let before = out.len();
        let mut passed_over = 0;
        for hit in hits {
            if config.ignores(&hit.subject) || opt_outs.covers(&hit.subject, rule.name) {
                passed_over += 1;
                continue;
            }
            let status = if hit.undecided { Status::Skip } else { status };
            let mut finding = lint_finding(database, rule, &hit.subject.object, status)
                .message(format!("{}: {}", rule.name, hit.message));
            finding.details = hit.details;
            finding.fix_sql = hit.fix;
            finding.location = level.set_at;
            out.push(finding);
        }
        if out.len() == before {
            let mut finding = lint_finding(database, rule, &snapshot.database, Status::Pass)
                .message(format!("{}: no {}", rule.name, rule.summary));
            finding.id = format!("{database}:lint:{}", rule.name);
            finding.location = level.set_at;
            if passed_over > 0 {
                finding = finding.detail(format!(
                    "{passed_over} passed over: ignored by a glob or a pgconform:ignore comment"
                ));
            }
            out.push(finding);
        }
    }
    out.extend(marker_warnings(database, &opt_outs));
    crate::diff::make_ids_unique(&mut out);
    out
}

fn lint_finding(database: &str, rule: &Rule, object: &str, status: Status) -> Finding {
    let mut finding = Finding::new(database, CheckKind::Lint, object, status);
    finding.id = format!("{database}:lint:{}:{object}", rule.name);
    finding.rule = Some(rule.name);
    finding
}

/// A comment whose marker is misspelt, or names no rule, opts out of
/// nothing: say so rather than let the user believe it works.
fn marker_warnings(database: &str, opt_outs: &OptOuts) -> Vec<Finding> {
    let mut out = Vec::new();
    for (target, opt_out) in opt_outs.iter() {
        let (what, object) = describe(target);
        let mut problems: Vec<String> = opt_out
            .unknown_markers
            .iter()
            .map(|m| format!("`{m}` is not a pgconform marker (did you mean `pgconform:ignore`?)"))
            .collect();
        for name in opt_out.rules.iter().filter(|r| find(r).is_none()) {
            problems.push(unknown_rule(name));
        }
        for problem in problems {
            let mut finding = Finding::new(database, CheckKind::Lint, &object, Status::Warn)
                .message(format!("the comment on {what} {object}: {problem}"))
                .detail("this part of the comment opts out of nothing");
            finding.id = format!("{database}:lint:comment:{object}");
            out.push(finding);
        }
    }
    out
}

/// What a comment is on, and its name as findings print it.
fn describe(target: &CommentTarget) -> (&'static str, String) {
    match target {
        CommentTarget::Schema(name) => ("schema", name.clone()),
        CommentTarget::Relation(name) => ("relation", name.to_string()),
        CommentTarget::Column(table, column) => ("column", format!("{table}.{column}")),
        CommentTarget::Constraint(table, name) => ("constraint", format!("{table}.{name}")),
        CommentTarget::Trigger(table, name) => ("trigger", format!("{table}.{name}")),
        CommentTarget::Policy(table, name) => ("policy", format!("{table}.{name}")),
        CommentTarget::Rule(table, name) => ("rule", format!("{table}.{name}")),
        CommentTarget::Function(name, arguments) => ("function", format!("{name}({arguments})")),
        CommentTarget::Type(name) => ("type", name.to_string()),
        CommentTarget::Extension(name) => ("extension", name.clone()),
    }
}
