//! Checks across the whole spec, after decoding: mistakes that no database
//! could satisfy are reported before any database is touched.

use super::decode::Decoder;
use super::error::suggest;
use super::model::*;
use crate::catalog::QualifiedName;
use std::collections::{BTreeMap, BTreeSet};

pub fn validate(d: &mut Decoder, databases: &[DatabaseSpec]) {
    for db in databases {
        lint_rules(d, &db.lint);
        let tables: BTreeMap<&QualifiedName, &TableSpec> =
            db.schemas.iter().flat_map(|s| &s.tables).map(|t| (&t.name, t)).collect();
        let strict_schemas: BTreeSet<&str> =
            db.schemas.iter().filter(|s| s.strict).map(|s| s.name.as_str()).collect();
        let absent: BTreeSet<QualifiedName> = db
            .schemas
            .iter()
            .flat_map(|s| s.absent_tables.iter().map(|t| QualifiedName::new(&s.name, &t.value)))
            .collect();

        for schema in &db.schemas {
            for name in &schema.absent_tables {
                if schema.tables.iter().any(|t| t.name.name == name.value) {
                    d.error(
                        name.at,
                        format!("table `{}` is declared and listed in absent_tables", name.value),
                    );
                }
            }
            for name in &schema.absent_views {
                if schema.views.iter().any(|v| v.name.name == name.value) {
                    d.error(name.at, format!("view `{}` is declared and listed in absent_views", name.value));
                }
            }
            duplicate_functions(d, schema);
        }

        for table in tables.values() {
            for absent in &table.absent_columns {
                if table.column(&absent.name).is_some() {
                    d.error(
                        absent.at,
                        format!("column `{}` is declared and listed in absent_columns", absent.name),
                    );
                }
            }
            for fk in &table.foreign_keys {
                foreign_key(d, table, fk, &tables, &strict_schemas, &absent);
            }
            own_columns(d, table);
        }
    }
}

/// In a strict table with declared columns, every column its keys and indexes
/// name must be declared too: no database could hold both.
fn own_columns(d: &mut Decoder, table: &TableSpec) {
    if !table.strict || table.columns.is_none() {
        return;
    }
    let mut named: Vec<(&str, crate::location::Location, &str)> = Vec::new();
    if let Some(pk) = &table.primary_key {
        named.extend(pk.value.iter().map(|c| (c.as_str(), pk.at, "the primary key")));
    }
    for unique in &table.unique {
        named.extend(unique.columns.iter().map(|c| (c.as_str(), unique.at, "a unique constraint")));
    }
    for fk in &table.foreign_keys {
        named.extend(fk.columns.iter().map(|c| (c.as_str(), fk.at, "a foreign key")));
    }
    for index in &table.indexes {
        for column in &index.columns {
            if let IndexColumn::Column(c) = column {
                named.push((c.as_str(), index.at, "an index"));
            }
        }
        named.extend(index.include.iter().map(|c| (c.as_str(), index.at, "an index")));
    }
    for (column, at, what) in named {
        if table.column(column).is_none() {
            let hint = match super::suggest(
                column,
                &table.columns.iter().flatten().map(|c| c.name.as_str()).collect::<Vec<_>>(),
            ) {
                Some(near) => format!(
                    "did you mean `{near}`? `{}` is strict: every column is declared",
                    table.name.name
                ),
                None => format!(
                    "declare it under `columns:` (`{}` is strict: every column is declared)",
                    table.name.name
                ),
            };
            d.error_hint(
                at,
                format!("{what} names column `{column}`, which `{}` does not declare", table.name),
                hint,
            );
        }
    }
}

/// Rule names in `lint: { rules: … }` must name a rule (or `all`). Names
/// that are not kebab-case were reported by the decoder already.
fn lint_rules(d: &mut Decoder, lint: &LintSpec) {
    for (name, _) in &lint.rules {
        let kebab = name.value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !kebab || crate::lint::is_rule_name(&name.value) {
            continue;
        }
        let hint = match suggest(&name.value, &crate::lint::names()) {
            Some(near) => format!("did you mean `{near}`? `pgconform lint --list` shows every rule"),
            None => "`pgconform lint --list` shows every rule".to_string(),
        };
        d.error_hint(name.at, format!("unknown lint rule `{}`", name.value), hint);
    }
}

fn duplicate_functions(d: &mut Decoder, schema: &SchemaSpec) {
    for (i, f) in schema.functions.iter().enumerate() {
        let twin = schema.functions[..i].iter().find(|g| {
            g.name == f.name
                && g.argument_types.len() == f.argument_types.len()
                && g.argument_types.iter().zip(&f.argument_types).all(|(a, b)| a == b)
        });
        if let Some(twin) = twin {
            d.error(
                f.at,
                format!(
                    "`{}` declares the same function as `{}` (line {})",
                    f.signature, twin.signature, twin.at.line
                ),
            );
        }
    }
}

fn foreign_key(
    d: &mut Decoder,
    table: &TableSpec,
    fk: &ForeignKeySpec,
    tables: &BTreeMap<&QualifiedName, &TableSpec>,
    strict_schemas: &BTreeSet<&str>,
    absent: &BTreeSet<QualifiedName>,
) {
    if absent.contains(&fk.references) {
        d.error(
            fk.at,
            format!("the foreign key references `{}`, which the spec says must be absent", fk.references),
        );
        return;
    }
    let Some(target) = tables.get(&fk.references) else {
        if strict_schemas.contains(fk.references.schema.as_str()) {
            let near = tables.keys().find(|t| {
                t.schema == fk.references.schema && t.name.eq_ignore_ascii_case(&fk.references.name)
            });
            let hint = match near {
                Some(t) => format!(
                    "did you mean `{}`? Unquoted names in `references:` fold to lower case; quote the name: `\"{}\"(…)`",
                    t.name, t.name
                ),
                None => format!(
                    "declare `{}` in schema `{}` (it is strict, so every table must be declared)",
                    fk.references.name, fk.references.schema
                ),
            };
            d.error_hint(
                fk.at,
                format!(
                    "the foreign key references `{}`, which is not declared in strict schema `{}`",
                    fk.references, fk.references.schema
                ),
                hint,
            );
        }
        return;
    };
    for (column, referenced) in fk.columns.iter().zip(&fk.referenced_columns) {
        let own = table.column(column).and_then(|c| c.type_.as_ref());
        let target_column = target.column(referenced);
        if target.strict && target.columns.is_some() && target_column.is_none() {
            d.error(
                fk.at,
                format!(
                    "the foreign key references column `{referenced}`, which `{}` does not declare",
                    target.name
                ),
            );
            continue;
        }
        let theirs = target_column.and_then(|c| c.type_.as_ref());
        if let (Some(own), Some(theirs)) = (own, theirs)
            && !(own.matches(theirs) && theirs.matches(own))
        {
            d.error_hint(
                    fk.at,
                    format!(
                        "foreign key column `{}.{column}` is {} but the referenced column `{}.{referenced}` is {}",
                        table.name.name, own.value, target.name.name, theirs.value
                    ),
                    format!(
                        "PostgreSQL cannot build this key (or builds one that defeats index use); declare both columns with the same type (line {} and line {})",
                        own.at.line, theirs.at.line
                    ),
                );
        }
    }
}
