//! User-defined types: enums (labels and their order), domains (base type,
//! nullability, default, checks) and composite types (attributes, their order
//! and types); types that must be gone; undeclared types in strict schemas.
//!
//! Every repair is fixed SQL ([`SqlRepair`]) decided here. Types are created
//! and altered in [`Phase::Types`], before the tables that use them, in an
//! order where each comes after the declared types it is built on (a domain
//! over an enum, a composite with a domain attribute). What PostgreSQL
//! cannot change in place (removing or reordering enum labels, a domain's
//! base type, reordering attributes, a type of another kind) is a blocked
//! repair that spells out the way round: a new type, the columns converted to
//! it, the old one dropped.
//!
//! Domain checks are compared through the server's canonical form: `VALUE`
//! only means something inside a domain, so both sides are asked as a default
//! in which `VALUE` stands for a value of the base type the planner cannot
//! fold away (`current_setting(…)::base`).

use super::{Context, ask_pair};
use crate::catalog::{CanonicalQuestion, QualifiedName, Questions, Snapshot, UserType, UserTypeKind};
use crate::diff::{CheckKind, Finding, Repair, SqlRepair, Status};
use crate::fix::Phase;
use crate::location::Located;
use crate::spec::{AttributeSpec, CheckSpec, DatabaseSpec, DomainSpec, SchemaSpec, TypeSpec, TypeSpecKind};
use crate::sql::ident::{quote_ident, quote_literal, quote_qualified};
use crate::sql::lexer::{TokenKind, tokenize};
use crate::types::{TypeName, parse_type};

/// Findings for every declared type of `db`, each type after the declared
/// types it is built on (so that their repairs run in that order).
pub fn types(cx: &Context, db: &DatabaseSpec, out: &mut Vec<Finding>) {
    let specs: Vec<&TypeSpec> = db.schemas.iter().flat_map(|s| &s.types).collect();
    for spec in dependency_order(&specs) {
        one(cx, spec, out);
    }
}

/// Whether `written` (a type in the spec) names the type `name`.
fn names(written: &TypeName, name: &QualifiedName) -> bool {
    written.name == name.name && written.schema.as_ref().is_none_or(|s| *s == name.schema)
}

/// `specs` with each type after the ones it uses, in spec order otherwise;
/// a cycle (which PostgreSQL would refuse anyway) keeps its spec order.
fn dependency_order<'a>(specs: &[&'a TypeSpec]) -> Vec<&'a TypeSpec> {
    let uses: Vec<Vec<usize>> = specs
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            (0..specs.len())
                .filter(|&j| j != i && spec.uses().iter().any(|t| names(t, &specs[j].name)))
                .collect()
        })
        .collect();
    let mut done = vec![false; specs.len()];
    let mut ordered = Vec::with_capacity(specs.len());
    while ordered.len() < specs.len() {
        let ready = (0..specs.len()).find(|&i| !done[i] && uses[i].iter().all(|&j| done[j]));
        let next = ready.unwrap_or_else(|| (0..specs.len()).find(|&i| !done[i]).expect("one is left"));
        done[next] = true;
        ordered.push(specs[next]);
    }
    ordered
}

fn kind_word(kind: UserTypeKind) -> &'static str {
    match kind {
        UserTypeKind::Enum => "enum",
        UserTypeKind::Domain => "domain",
        UserTypeKind::Composite => "composite",
        UserTypeKind::Range => "range",
        UserTypeKind::Multirange => "multirange",
        UserTypeKind::Other => "base",
    }
}

fn same_kind(spec: &TypeSpecKind, actual: UserTypeKind) -> bool {
    matches!(
        (spec, actual),
        (TypeSpecKind::Enum(_), UserTypeKind::Enum)
            | (TypeSpecKind::Domain(_), UserTypeKind::Domain)
            | (TypeSpecKind::Composite(_), UserTypeKind::Composite)
    )
}

fn sql_repair(phase: Phase, title: String, statements: Vec<String>, blocked: Option<String>) -> Repair {
    Repair::Sql(SqlRepair { phase, title, statements, blocked })
}

fn one(cx: &Context, spec: &TypeSpec, out: &mut Vec<Finding>) {
    let object = spec.name.to_string();
    let what = spec.kind.describe();
    let f = cx.finding(CheckKind::Type, &object, Status::Pass).at(spec.at);
    let Some(actual) = cx.snapshot.types.get(&spec.name) else {
        out.push(
            f.fail()
                .message(format!("{what} type {object} does not exist"))
                .expected(what)
                .actual("missing")
                .repair(sql_repair(
                    Phase::Types,
                    format!("create {what} type {object}"),
                    vec![create(spec)],
                    None,
                )),
        );
        return;
    };
    if !same_kind(&spec.kind, actual.kind) {
        let found = kind_word(actual.kind);
        let statements = rebuild(cx.snapshot, spec, actual, "TYPE");
        out.push(
            f.fail()
                .message(format!("{object} is a {found} type, expected a {what}"))
                .expected(what)
                .actual(found)
                .repair(sql_repair(
                    Phase::Types,
                    format!("replace {found} type {object} with a {what}"),
                    statements,
                    Some(format!(
                        "a type cannot become another kind of type in place: create the {what} under another \
                         name, convert what uses {object} to it, drop {object} and rename the new type"
                    )),
                )),
        );
        return;
    }
    out.push(f.message(format!("{what} type {object} exists")));
    match &spec.kind {
        TypeSpecKind::Enum(labels) => out.push(enum_labels(cx, spec, labels, actual)),
        TypeSpecKind::Domain(domain) => domain_findings(cx, spec, domain, actual, out),
        TypeSpecKind::Composite(attributes) => composite(cx, spec, attributes, actual, out),
    }
}

/// `CREATE TYPE … AS ENUM (…)`, `CREATE DOMAIN …` or `CREATE TYPE … AS (…)`.
pub fn create(spec: &TypeSpec) -> String {
    create_as(spec, &spec.name)
}

fn create_as(spec: &TypeSpec, name: &QualifiedName) -> String {
    let name = quote_qualified(name);
    match &spec.kind {
        TypeSpecKind::Enum(labels) => format!("CREATE TYPE {name} AS ENUM ({})", literals(&labels.value)),
        TypeSpecKind::Domain(domain) => {
            let mut sql = format!("CREATE DOMAIN {name} AS {}", domain.base.value);
            if let Some(default) = domain.default.as_ref().and_then(|d| d.value.as_ref()) {
                sql.push_str(&format!(" DEFAULT {default}"));
            }
            if domain.nullable.as_ref().is_some_and(|n| !n.value) {
                sql.push_str(" NOT NULL");
            }
            for check in &domain.checks {
                sql.push(' ');
                sql.push_str(&check_clause(check));
            }
            sql
        }
        TypeSpecKind::Composite(attributes) => {
            let list: Vec<String> = attributes.value.iter().map(attribute_definition).collect();
            format!("CREATE TYPE {name} AS ({})", list.join(", "))
        }
    }
}

fn attribute_definition(a: &AttributeSpec) -> String {
    format!("{} {}", quote_ident(&a.name), a.type_)
}

fn check_clause(check: &CheckSpec) -> String {
    match &check.name {
        Some(name) => format!("CONSTRAINT {} CHECK ({})", quote_ident(name), check.expression),
        None => format!("CHECK ({})", check.expression),
    }
}

fn literals(labels: &[String]) -> String {
    labels.iter().map(|l| quote_literal(l)).collect::<Vec<_>>().join(", ")
}

/// The way round a change PostgreSQL cannot make in place: create the
/// declared type as `name_new`, convert the columns using the old one, drop
/// it, and rename the new one (`ALTER <keyword> … RENAME`).
fn rebuild(snapshot: &Snapshot, spec: &TypeSpec, actual: &UserType, keyword: &str) -> Vec<String> {
    let new = renamed(&spec.name);
    let mut statements = vec![create_as(spec, &new)];
    statements.extend(convert_columns(snapshot, &spec.name));
    statements.push(drop_type(actual));
    statements.push(format!(
        "ALTER {keyword} {} RENAME TO {}",
        quote_qualified(&new),
        quote_ident(&spec.name.name)
    ));
    statements
}

/// `name_new`, for the way round a change PostgreSQL cannot make in place.
fn renamed(name: &QualifiedName) -> QualifiedName {
    let mut stem = name.name.clone();
    while stem.len() > 59 {
        stem.pop();
    }
    QualifiedName::new(&name.schema, format!("{stem}_new"))
}

/// `DROP TYPE` or `DROP DOMAIN`, as the kind needs.
fn drop_type(actual: &UserType) -> String {
    format!("DROP {} {}", actual.kind.sql_keyword(), quote_qualified(&actual.name))
}

/// The table columns whose type is `name` (or an array of it).
fn columns_using(snapshot: &Snapshot, name: &QualifiedName) -> Vec<(QualifiedName, String)> {
    let mut found = Vec::new();
    for rel in snapshot.relations.values().filter(|r| r.kind.is_table()) {
        for column in &rel.columns {
            if column.type_schema == name.schema && column.type_name == name.name {
                found.push((rel.name.clone(), column.name.clone()));
            }
        }
    }
    found
}

/// `ALTER TABLE … ALTER COLUMN … TYPE <name>_new USING …::text::…` for every
/// column using `name` (arrays left to the reader: they need `USING` of their own).
fn convert_columns(snapshot: &Snapshot, name: &QualifiedName) -> Vec<String> {
    let new = quote_qualified(&renamed(name));
    columns_using(snapshot, name)
        .into_iter()
        .map(|(table, column)| {
            let c = quote_ident(&column);
            format!(
                "ALTER TABLE {} ALTER COLUMN {c} TYPE {new} USING {c}::text::{new}",
                quote_qualified(&table)
            )
        })
        .collect()
}

// ---- enums ------------------------------------------------------------------

fn enum_labels(cx: &Context, spec: &TypeSpec, labels: &Located<Vec<String>>, actual: &UserType) -> Finding {
    let object = spec.name.to_string();
    let f = cx
        .finding(CheckKind::Type, &object, Status::Pass)
        .id_suffix("labels")
        .at(labels.at)
        .expected(literals(&labels.value))
        .actual(literals(&actual.enum_labels));
    if labels.value == actual.enum_labels {
        return f.message(format!("enum {object} has labels ({})", literals(&labels.value)));
    }
    let f = f.fail().message(format!(
        "enum {object} has labels ({}), expected ({})",
        literals(&actual.enum_labels),
        literals(&labels.value)
    ));
    match enum_additions(&spec.name, &labels.value, &actual.enum_labels) {
        Ok(statements) => {
            f.repair(sql_repair(Phase::Types, format!("add labels to enum {object}"), statements, None))
        }
        Err(reason) => {
            let statements = rebuild(cx.snapshot, spec, actual, "TYPE");
            f.repair(sql_repair(
                Phase::Types,
                format!("rebuild enum {object}"),
                statements,
                Some(format!(
                    "{reason}: create a new enum with the declared labels, convert the columns using {object} \
                     to it (their defaults, and values whose label goes, need attention first), drop {object} \
                     and rename the new enum"
                )),
            ))
        }
    }
}

/// The `ALTER TYPE … ADD VALUE` statements that turn `have` into `want`, each
/// label placed where the spec has it; Err when labels would have to go or
/// move, which PostgreSQL cannot do to an enum.
pub(crate) fn enum_additions(
    name: &QualifiedName,
    want: &[String],
    have: &[String],
) -> Result<Vec<String>, String> {
    let extra: Vec<&String> = have.iter().filter(|l| !want.contains(l)).collect();
    if !extra.is_empty() {
        return Err(format!(
            "PostgreSQL cannot remove labels from an enum, and {name} has {} that the spec does not",
            literals(&extra.into_iter().cloned().collect::<Vec<_>>())
        ));
    }
    let kept: Vec<&String> = want.iter().filter(|l| have.contains(l)).collect();
    if kept.iter().copied().ne(have.iter()) {
        return Err(format!(
            "PostgreSQL cannot reorder the labels of an enum, and those of {name} are in another order"
        ));
    }
    let type_name = quote_qualified(name);
    let mut statements = Vec::new();
    for (i, label) in want.iter().enumerate() {
        if have.contains(label) {
            continue;
        }
        let position = if i > 0 {
            format!(" AFTER {}", quote_literal(&want[i - 1]))
        } else {
            match want.iter().find(|l| have.contains(l)) {
                Some(next) => format!(" BEFORE {}", quote_literal(next)),
                None => String::new(),
            }
        };
        statements.push(format!(
            "ALTER TYPE {type_name} ADD VALUE IF NOT EXISTS {}{position}",
            quote_literal(label)
        ));
    }
    Ok(statements)
}

// ---- domains ----------------------------------------------------------------

fn domain_findings(
    cx: &Context,
    spec: &TypeSpec,
    domain: &DomainSpec,
    actual: &UserType,
    out: &mut Vec<Finding>,
) {
    let object = spec.name.to_string();
    let name = quote_qualified(&spec.name);
    let finding = |suffix: &str| cx.finding(CheckKind::Type, &object, Status::Pass).id_suffix(suffix);
    let base_text = actual.domain_base.clone().unwrap_or_default();

    let base = &domain.base;
    let f = finding("base").at(base.at).expected(base.value.to_string()).actual(&base_text);
    let same_base = parse_type(&base_text).is_ok_and(|a| base.value.matches(&a));
    out.push(if same_base {
        f.message(format!("domain {object} is over {base_text}"))
    } else {
        let statements = rebuild(cx.snapshot, spec, actual, "DOMAIN");
        f.fail()
            .message(format!("domain {object} is over {base_text}, expected {}", base.value))
            .repair(sql_repair(
                Phase::Types,
                format!("rebuild domain {object}"),
                statements,
                Some(format!(
                    "a domain's base type cannot be changed in place: create a new domain over {}, convert the \
                     columns using {object} to it, drop {object} and rename the new domain",
                    base.value
                )),
            ))
    });

    if let Some(nullable) = &domain.nullable {
        let word = |n: bool| if n { "nullable" } else { "not null" };
        let f = finding("nullable")
            .at(nullable.at)
            .expected(word(nullable.value))
            .actual(word(!actual.domain_not_null));
        out.push(if nullable.value != actual.domain_not_null {
            f.message(format!("domain {object} is {}", word(nullable.value)))
        } else {
            let action = if nullable.value { "DROP NOT NULL" } else { "SET NOT NULL" };
            f.fail()
                .message(format!(
                    "domain {object} is {}, expected {}",
                    word(!actual.domain_not_null),
                    word(nullable.value)
                ))
                .repair(sql_repair(
                    Phase::Types,
                    format!("make domain {object} {}", word(nullable.value)),
                    vec![format!("ALTER DOMAIN {name} {action}")],
                    None,
                ))
        });
    }

    if let Some(default) = &domain.default {
        let f = finding("default").at(default.at);
        let shown = |d: Option<&String>| d.cloned().unwrap_or_else(|| "none".into());
        let f = f.expected(shown(default.value.as_ref())).actual(shown(actual.domain_default.as_ref()));
        let ask =
            |e: &str| CanonicalQuestion::Default { expression: e.to_string(), type_sql: base_text.clone() };
        let same = match (&default.value, &actual.domain_default) {
            (None, None) => Ok(true),
            (Some(s), Some(a)) => cx.same_expression(ask(s), ask(a)),
            _ => Ok(false),
        };
        out.push(match same {
            Ok(true) => {
                f.message(format!("domain {object} has default {}", shown(actual.domain_default.as_ref())))
            }
            Ok(false) | Err(_) => {
                let statement = match &default.value {
                    Some(e) => format!("ALTER DOMAIN {name} SET DEFAULT {e}"),
                    None => format!("ALTER DOMAIN {name} DROP DEFAULT"),
                };
                let mut f = f
                    .fail()
                    .message(format!(
                        "domain {object} has default {}, expected {}",
                        shown(actual.domain_default.as_ref()),
                        shown(default.value.as_ref())
                    ))
                    .repair(sql_repair(
                        Phase::Types,
                        format!("set the default of domain {object}"),
                        vec![statement],
                        None,
                    ));
                if let Err(e) = same {
                    f = f.detail(e);
                }
                f
            }
        });
    }

    for check in &domain.checks {
        out.push(domain_check(cx, spec, &base_text, check, actual));
    }
}

/// `expression` (a domain check over `VALUE`) as an expression the server
/// can put in canonical form outside a domain: each `VALUE` becomes a value of
/// the base type that the planner cannot fold away. None when it does not lex.
pub(crate) fn value_placeholder(expression: &str, base: &str) -> Option<String> {
    let tokens = tokenize(expression).ok()?;
    let stand_in = format!("(pg_catalog.current_setting('pgconform.domain_value'))::{base}");
    let mut out = String::with_capacity(expression.len() + stand_in.len());
    for (i, token) in tokens.iter().enumerate() {
        let after_dot = tokens[..i].iter().rev().find(|t| !t.is_trivia()).is_some_and(|t| t.is_punct("."));
        let is_value =
            token.is_word("value") || (token.kind == TokenKind::QuotedIdent && token.text == "\"value\"");
        if is_value && !after_dot {
            out.push_str(&stand_in);
        } else {
            out.push_str(token.text);
        }
    }
    Some(out)
}

fn check_question(expression: &str, base: &str) -> CanonicalQuestion {
    let expression = value_placeholder(expression, base).unwrap_or_else(|| expression.to_string());
    CanonicalQuestion::Default { expression, type_sql: "boolean".into() }
}

/// `(VALUE > 0)` of a `CHECK ((VALUE > 0)) NOT VALID` definition, as the
/// catalog read it.
fn domain_check(cx: &Context, spec: &TypeSpec, base: &str, check: &CheckSpec, actual: &UserType) -> Finding {
    let object = spec.name.to_string();
    let name = quote_qualified(&spec.name);
    let suffix = format!("check:{}", check.name.as_deref().unwrap_or(&check.expression));
    let f = cx
        .finding(CheckKind::Type, &object, Status::Pass)
        .id_suffix(&suffix)
        .at(check.at)
        .expected(format!("CHECK ({})", check.expression));
    let mut complaint = None;
    for c in actual.domain_checks.iter().filter(|c| check.name.as_ref().is_none_or(|n| *n == c.name)) {
        match cx.same_expression(check_question(&check.expression, base), check_question(&c.expression, base))
        {
            Ok(true) => {
                return f
                    .actual(c.definition.clone())
                    .message(format!("domain {object} has check {} {}", c.name, c.definition));
            }
            Ok(false) if check.name.is_some() => {
                return f
                    .fail()
                    .actual(c.definition.clone())
                    .message(format!(
                        "check {} of domain {object} is {}, expected CHECK ({})",
                        c.name, c.definition, check.expression
                    ))
                    .repair(sql_repair(
                        Phase::Types,
                        format!("replace check {} of domain {object}", c.name),
                        vec![
                            format!("ALTER DOMAIN {name} DROP CONSTRAINT {}", quote_ident(&c.name)),
                            format!("ALTER DOMAIN {name} ADD {}", check_clause(check)),
                        ],
                        None,
                    ));
            }
            Ok(false) => {}
            Err(e) => complaint = Some(e),
        }
    }
    let mut f = f
        .fail()
        .actual("missing")
        .message(format!("domain {object} has no check CHECK ({})", check.expression))
        .repair(sql_repair(
            Phase::Types,
            format!("add a check to domain {object}"),
            vec![format!("ALTER DOMAIN {name} ADD {}", check_clause(check))],
            None,
        ));
    if let Some(e) = complaint {
        f = f.detail(e);
    }
    f
}

// ---- composite types --------------------------------------------------------

fn composite(
    cx: &Context,
    spec: &TypeSpec,
    attributes: &Located<Vec<AttributeSpec>>,
    actual: &UserType,
    out: &mut Vec<Finding>,
) {
    let object = spec.name.to_string();
    let name = quote_qualified(&spec.name);
    let want: Vec<&str> = attributes.value.iter().map(|a| a.name.as_str()).collect();
    let have: Vec<&str> = actual.attributes.iter().map(|(n, _)| n.as_str()).collect();
    // Attributes are added at the end: possible when those there are the
    // spec's first ones, in order.
    let completion = if have.len() <= want.len() && want[..have.len()] == have[..] {
        let actions: Vec<String> = attributes.value[have.len()..]
            .iter()
            .map(|a| format!("ADD ATTRIBUTE {}", attribute_definition(a)))
            .collect();
        sql_repair(
            Phase::Types,
            format!("add attributes to composite type {object}"),
            vec![format!("ALTER TYPE {name} {}", actions.join(", "))],
            None,
        )
    } else {
        let statements: Vec<String> = have
            .iter()
            .filter(|a| !want.contains(a))
            .map(|a| format!("ALTER TYPE {name} DROP ATTRIBUTE {}", quote_ident(a)))
            .collect();
        sql_repair(
            Phase::Types,
            format!("rebuild composite type {object}"),
            statements,
            Some(format!(
                "the attributes of {object} are ({}), expected ({}): PostgreSQL only adds attributes at the end, \
                 and dropping one loses its values wherever the type is stored; drop the undeclared ones, or \
                 create a new type with the declared attributes, convert what uses {object} and drop it",
                have.join(", "),
                want.join(", ")
            )),
        )
    };

    for attribute in &attributes.value {
        let f = cx
            .finding(CheckKind::Type, &object, Status::Pass)
            .id_suffix(&format!("attribute:{}", attribute.name))
            .at(attribute.at)
            .expected(attribute.type_.to_string());
        let Some((_, type_text)) = actual.attributes.iter().find(|(n, _)| *n == attribute.name) else {
            out.push(
                f.fail()
                    .actual("missing")
                    .message(format!("composite type {object} has no attribute {}", attribute.name))
                    .repair(completion.clone()),
            );
            continue;
        };
        let f = f.actual(type_text);
        if parse_type(type_text).is_ok_and(|a| attribute.type_.matches(&a)) {
            out.push(f.message(format!("attribute {} of {object} is {type_text}", attribute.name)));
            continue;
        }
        let statement = format!(
            "ALTER TYPE {name} ALTER ATTRIBUTE {} SET DATA TYPE {}",
            quote_ident(&attribute.name),
            attribute.type_
        );
        let users = stored_in(cx.snapshot, &spec.name);
        let blocked = (!users.is_empty()).then(|| {
            format!(
                "{object} is used by {}: PostgreSQL changes an attribute's type only while no stored value has \
                 the type; convert them to another type first (or create a new type and move them to it)",
                users.join(", ")
            )
        });
        out.push(
            f.fail()
                .message(format!(
                    "attribute {} of {object} is {type_text}, expected {}",
                    attribute.name, attribute.type_
                ))
                .repair(sql_repair(
                    Phase::Types,
                    format!("change the type of attribute {} of {object}", attribute.name),
                    vec![statement],
                    blocked,
                )),
        );
    }

    let f = cx
        .finding(CheckKind::Type, &object, Status::Pass)
        .id_suffix("attributes")
        .at(attributes.at)
        .expected(want.join(", "))
        .actual(have.join(", "));
    out.push(if want == have {
        f.message(format!("composite type {object} has attributes ({})", want.join(", ")))
    } else {
        f.fail()
            .message(format!(
                "composite type {object} has attributes ({}), expected ({})",
                have.join(", "),
                want.join(", ")
            ))
            .repair(completion)
    });
}

/// Table columns and composite attributes whose type is `name`: while any
/// exists, the server refuses to change the type of an attribute of `name`.
fn stored_in(snapshot: &Snapshot, name: &QualifiedName) -> Vec<String> {
    let mut users: Vec<String> =
        columns_using(snapshot, name).into_iter().map(|(t, c)| format!("column {t}.{c}")).collect();
    for t in snapshot.types.values().filter(|t| t.kind == UserTypeKind::Composite) {
        for (attribute, type_text) in &t.attributes {
            if parse_type(type_text)
                .is_ok_and(|a| a.name == name.name && a.schema.as_ref().is_none_or(|s| *s == name.schema))
            {
                users.push(format!("attribute {}.{attribute}", t.name));
            }
        }
    }
    users
}

// ---- absent and undeclared types --------------------------------------------

/// `absent_types` of a schema.
pub fn absent(cx: &Context, schema: &SchemaSpec, out: &mut Vec<Finding>) {
    for name in &schema.absent_types {
        let qn = QualifiedName::new(&schema.name, &name.value);
        let f = cx.finding(CheckKind::Type, qn.to_string(), Status::Pass).id_suffix("absent").at(name.at);
        out.push(match cx.snapshot.types.get(&qn).filter(|t| !t.from_extension) {
            None => f.message(format!("type {qn} is absent")),
            Some(actual) => f
                .fail()
                .message(format!("{} type {qn} still exists", kind_word(actual.kind)))
                .expected("absent")
                .actual("present")
                .repair(drop_repair(actual)),
        });
    }
}

/// `DROP TYPE` for a type nothing uses; blocked (with the `CASCADE` that
/// would drop its users, commented) for one still in use.
fn drop_repair(actual: &UserType) -> Repair {
    let name = &actual.name;
    if actual.dependents == 0 {
        return sql_repair(
            Phase::Drops,
            format!("drop type {name}"),
            vec![format!("DROP {} IF EXISTS {}", actual.kind.sql_keyword(), quote_qualified(name))],
            None,
        );
    }
    sql_repair(
        Phase::Drops,
        format!("drop type {name}"),
        vec![format!("{} CASCADE", drop_type(actual))],
        Some(format!(
            "{} object(s) still use type {name} (columns, functions, other types): dropping it would drop them, \
             and the data in its columns; change or drop them first, then drop the type",
            actual.dependents
        )),
    )
}

/// Enum, domain and composite types of a strict schema that the spec does not declare.
pub fn strict(cx: &Context, schema: &SchemaSpec, out: &mut Vec<Finding>) {
    if !schema.strict {
        return;
    }
    for t in cx.snapshot.types.values().filter(|t| t.name.schema == schema.name) {
        let modelled = t.kind.declarable();
        let declared = schema.types.iter().any(|s| s.name.name == t.name.name)
            || schema.absent_types.iter().any(|a| a.value == t.name.name);
        if !modelled || t.from_extension || declared || schema.ignores(&t.name.name) {
            continue;
        }
        out.push(
            cx.finding(CheckKind::Strict, t.name.to_string(), Status::Fail)
                .at(schema.at)
                .message(format!(
                    "{} type {} is not declared in strict schema {}",
                    kind_word(t.kind),
                    t.name,
                    schema.name
                ))
                .expected("not present")
                .actual("present")
                .repair(drop_repair(t)),
        );
    }
}

/// The canonical forms `types` compares: domain defaults and checks whose
/// text differs from the database's.
pub fn questions(db: &DatabaseSpec, snapshot: &Snapshot, q: &mut Questions) {
    for spec in db.schemas.iter().flat_map(|s| &s.types) {
        let TypeSpecKind::Domain(domain) = &spec.kind else { continue };
        let Some(actual) = snapshot.types.get(&spec.name).filter(|t| t.kind == UserTypeKind::Domain) else {
            continue;
        };
        let base = actual.domain_base.clone().unwrap_or_default();
        if let (Some(Some(s)), Some(a)) =
            (domain.default.as_ref().map(|d| d.value.as_ref()), &actual.domain_default)
        {
            let ask =
                |e: &str| CanonicalQuestion::Default { expression: e.to_string(), type_sql: base.clone() };
            ask_pair(q, ask(s), ask(a));
        }
        for check in &domain.checks {
            for c in actual.domain_checks.iter().filter(|c| check.name.as_ref().is_none_or(|n| *n == c.name))
            {
                ask_pair(q, check_question(&check.expression, &base), check_question(&c.expression, &base));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn missing_labels_go_where_the_spec_puts_them() {
        let mood = QualifiedName::new("app", "mood");
        let add = enum_additions(
            &mood,
            &labels(&["bad", "sad", "ok", "fine", "happy"]),
            &labels(&["sad", "happy"]),
        );
        assert_eq!(
            add.unwrap(),
            [
                "ALTER TYPE app.mood ADD VALUE IF NOT EXISTS 'bad' BEFORE 'sad'",
                "ALTER TYPE app.mood ADD VALUE IF NOT EXISTS 'ok' AFTER 'sad'",
                "ALTER TYPE app.mood ADD VALUE IF NOT EXISTS 'fine' AFTER 'ok'",
            ]
        );
        let fresh = enum_additions(&mood, &labels(&["a", "it's"]), &[]).unwrap();
        assert_eq!(
            fresh,
            [
                "ALTER TYPE app.mood ADD VALUE IF NOT EXISTS 'a'",
                "ALTER TYPE app.mood ADD VALUE IF NOT EXISTS 'it''s' AFTER 'a'"
            ]
        );
    }

    fn spec(name: &str, kind: TypeSpecKind) -> TypeSpec {
        TypeSpec { name: QualifiedName::new("app", name), at: Default::default(), kind }
    }

    fn domain(base: &str) -> TypeSpecKind {
        TypeSpecKind::Domain(DomainSpec {
            base: Located::new(parse_type(base).unwrap(), Default::default()),
            nullable: None,
            default: None,
            checks: Vec::new(),
        })
    }

    #[test]
    fn types_come_after_the_types_they_use() {
        let attribute = |name: &str, type_: &str| AttributeSpec {
            name: name.into(),
            type_: parse_type(type_).unwrap(),
            at: Default::default(),
        };
        let specs = [
            spec(
                "a_pair",
                TypeSpecKind::Composite(Located::new(
                    vec![attribute("f", "app.feeling")],
                    Default::default(),
                )),
            ),
            spec("feeling", domain("mood")),
            spec("mood", TypeSpecKind::Enum(Located::new(vec!["ok".into()], Default::default()))),
            spec("other", domain("integer")),
            spec("loop_a", domain("loop_b")),
            spec("loop_b", domain("loop_a")),
        ];
        let refs: Vec<&TypeSpec> = specs.iter().collect();
        let order: Vec<&str> = dependency_order(&refs).iter().map(|t| t.name.name.as_str()).collect();
        assert_eq!(order, ["mood", "feeling", "a_pair", "other", "loop_a", "loop_b"]);
    }

    #[test]
    fn labels_cannot_go_or_move() {
        let mood = QualifiedName::new("app", "mood");
        let removed = enum_additions(&mood, &labels(&["sad"]), &labels(&["sad", "ok"])).unwrap_err();
        assert!(removed.contains("cannot remove") && removed.contains("'ok'"), "{removed}");
        let moved = enum_additions(&mood, &labels(&["ok", "sad"]), &labels(&["sad", "ok"])).unwrap_err();
        assert!(moved.contains("reorder"), "{moved}");
    }

    #[test]
    fn value_becomes_an_unfoldable_value_of_the_base_type() {
        assert_eq!(
            value_placeholder("VALUE > 0 AND value <> \"value\" AND t.value = 'VALUE'", "integer").unwrap(),
            "(pg_catalog.current_setting('pgconform.domain_value'))::integer > 0 AND \
             (pg_catalog.current_setting('pgconform.domain_value'))::integer <> \
             (pg_catalog.current_setting('pgconform.domain_value'))::integer AND t.value = 'VALUE'"
        );
    }
}
