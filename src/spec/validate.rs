//! Checks across the whole spec, after decoding: mistakes that no database
//! could satisfy are reported before any database is touched.

use super::decode::Decoder;
use super::model::*;
use crate::catalog::QualifiedName;
use std::collections::{BTreeMap, BTreeSet};

pub fn validate(d: &mut Decoder, databases: &[DatabaseSpec]) {
    for db in databases {
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
        }
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
