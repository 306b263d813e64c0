//! Objects that must be gone, and strict mode's "nothing undeclared".

use super::Context;
use crate::catalog::{Function, QualifiedName, Questions, ROW_COUNT_LIMIT, Relation, RoutineKind, Snapshot};
use crate::diff::{CheckKind, Finding, Repair, Status};
use crate::location::Located;
use crate::spec::{SchemaSpec, TableSpec};
use crate::types::parse_type;

pub fn absent(cx: &Context, schema: &SchemaSpec, out: &mut Vec<Finding>) {
    for name in &schema.absent_tables {
        out.push(absent_table(cx, schema, name));
    }
    for name in &schema.absent_views {
        let qn = QualifiedName::new(&schema.name, &name.value);
        let f = cx.finding(CheckKind::AbsentView, qn.to_string(), Status::Pass).at(name.at);
        out.push(match cx.snapshot.relations.get(&qn).filter(|r| r.kind.is_view()) {
            None => f.message(format!("view {qn} is absent")),
            Some(rel) => f
                .fail()
                .message(format!("{} {qn} still exists", rel.kind.describe()))
                .expected("absent")
                .actual("present")
                .repair(Repair::DropView { view: qn.clone(), kind: rel.kind }),
        });
    }
    for absent in &schema.absent_functions {
        let qn = QualifiedName::new(&schema.name, &absent.name);
        let object = format!("{}.{}", schema.name, absent.written);
        let f = cx.finding(CheckKind::AbsentFunction, &object, Status::Pass).at(absent.at);
        let present: Vec<&Function> = cx
            .snapshot
            .functions
            .get(&qn)
            .into_iter()
            .flatten()
            .filter(|func| match &absent.argument_types {
                None => true,
                Some(types) => {
                    func.argument_types.len() == types.len()
                        && func
                            .argument_types
                            .iter()
                            .zip(types)
                            .all(|(a, t)| parse_type(a).is_ok_and(|a| t.matches(&a)))
                }
            })
            .collect();
        out.push(if present.is_empty() {
            f.message(format!("function {object} is absent"))
        } else {
            let names: Vec<String> = present
                .iter()
                .map(|func| format!("{}({})", func.name, func.argument_types.join(", ")))
                .collect();
            f.fail()
                .message(format!("function {} still exists", names.join(", ")))
                .expected("absent")
                .actual("present")
                .repair(drop_functions(&qn, &present))
        });
    }
}

fn drop_functions(name: &QualifiedName, overloads: &[&Function]) -> Repair {
    Repair::DropFunctions {
        function: name.clone(),
        overloads: overloads
            .iter()
            .map(|f| (f.identity_arguments.clone(), f.kind == RoutineKind::Procedure))
            .collect(),
    }
}

fn absent_table(cx: &Context, schema: &SchemaSpec, name: &Located<String>) -> Finding {
    let qn = QualifiedName::new(&schema.name, &name.value);
    let f = cx.finding(CheckKind::AbsentTable, qn.to_string(), Status::Pass).at(name.at);
    let Some(rel) = cx.snapshot.relations.get(&qn).filter(|r| r.kind.is_table()) else {
        return f.message(format!("table {qn} is absent"));
    };
    let f = f
        .fail()
        .message(format!("{} {qn} still exists", rel.kind.describe()))
        .expected("absent")
        .actual("present")
        .repair(Repair::DropTable(qn.clone()));
    match cx.snapshot.answers.table_rows.get(&qn) {
        Some(0) => f.detail(format!("{qn} is empty: dropping it loses nothing")),
        Some(n) => f.detail(format!("{qn} holds {}: dropping it loses them", rows(*n, "row"))),
        None => f.detail("whether it holds data is unknown (the server refused to read it)"),
    }
}

/// "1 row", "3 rows", "more than 10,000 rows" (counts are bounded).
fn rows(n: i64, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n if n > ROW_COUNT_LIMIT => format!("more than {} {noun}s", thousands(ROW_COUNT_LIMIT)),
        n => format!("{} {noun}s", thousands(n)),
    }
}

fn thousands(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `absent_columns` of a table that exists.
pub fn columns(cx: &Context, table: &TableSpec, rel: &Relation, out: &mut Vec<Finding>) {
    for absent in &table.absent_columns {
        let object = format!("{}.{}", rel.name, absent.name);
        let f = cx.finding(CheckKind::AbsentColumn, &object, Status::Pass).at(absent.at);
        if rel.column(&absent.name).is_none() {
            out.push(f.message(format!("column {object} is absent")));
            continue;
        }
        let mut f = f
            .fail()
            .message(format!("column {object} still exists"))
            .expected("absent")
            .actual("present")
            .repair(Repair::DropColumn {
                table: rel.name.clone(),
                column: absent.name.clone(),
                migrate: absent.migrate.clone(),
            });
        f = match cx.snapshot.answers.column_values.get(&(rel.name.clone(), absent.name.clone())) {
            Some(0) => f.detail(format!("{object} holds no values: dropping it loses nothing")),
            Some(n) => f.detail(format!(
                "{object} still holds values in {}: dropping it loses them",
                rows(*n, "row")
            )),
            None => f.detail("whether it holds values is unknown (the server refused to read it)"),
        };
        if let Some(migrate) = &absent.migrate {
            f = f.detail(format!(
                "{} carries its data over before it is dropped",
                migrate.file.as_ref().map_or(String::new(), |f| f.display().to_string())
            ));
        }
        out.push(f);
    }
}

/// In strict schemas and tables, whatever exists but is not declared fails.
pub fn strict(cx: &Context, schema: &SchemaSpec, out: &mut Vec<Finding>) {
    for table in schema.tables.iter().filter(|t| t.strict && t.columns.is_some()) {
        let Some(rel) = cx.snapshot.relations.get(&table.name) else {
            continue;
        };
        // Columns a child only inherits are its parent's business.
        for column in rel.columns.iter().filter(|c| c.local && rel.partition_of.is_none()) {
            let declared = table.column(&column.name).is_some()
                || table.absent_columns.iter().any(|a| a.name == column.name);
            if !declared && !table.ignores(&column.name) {
                let object = format!("{}.{}", rel.name, column.name);
                out.push(
                    cx.finding(CheckKind::Strict, &object, Status::Fail)
                        .at(table.at)
                        .message(format!(
                            "column {object} ({}) is not declared in strict table {}",
                            column.type_display, rel.name
                        ))
                        .expected("not present")
                        .actual("present")
                        .repair(Repair::DropColumn {
                            table: rel.name.clone(),
                            column: column.name.clone(),
                            migrate: None,
                        }),
                );
            }
        }
    }
    if !schema.strict {
        return;
    }
    let declared_table = |rel: &Relation| {
        schema.tables.iter().any(|t| t.name.name == rel.name.name)
            || schema.views.iter().any(|v| v.name.name == rel.name.name)
            || schema.absent_tables.iter().any(|t| t.value == rel.name.name)
            || schema.absent_views.iter().any(|t| t.value == rel.name.name)
    };
    for rel in cx.snapshot.relations.values().filter(|r| r.name.schema == schema.name) {
        // Partitions belong to their parent; extension objects to their extension.
        if rel.partition_of.is_some()
            || rel.from_extension
            || declared_table(rel)
            || schema.ignores(&rel.name.name)
        {
            continue;
        }
        out.push(
            cx.finding(CheckKind::Strict, rel.name.to_string(), Status::Fail)
                .at(schema.at)
                .message(format!(
                    "{} {} is not declared in strict schema {}",
                    rel.kind.describe(),
                    rel.name,
                    schema.name
                ))
                .expected("not present")
                .actual("present")
                .repair(if rel.kind.is_view() {
                    Repair::DropView { view: rel.name.clone(), kind: rel.kind }
                } else {
                    Repair::DropTable(rel.name.clone())
                }),
        );
    }
    for functions in cx.snapshot.functions.iter().filter(|(n, _)| n.schema == schema.name).map(|(_, f)| f) {
        for func in functions {
            if func.from_extension || schema.ignores(&func.name.name) {
                continue;
            }
            let declared = schema.functions.iter().any(|f| {
                f.name == func.name
                    && f.argument_types.len() == func.argument_types.len()
                    && f.argument_types
                        .iter()
                        .zip(&func.argument_types)
                        .all(|(t, a)| parse_type(a).is_ok_and(|a| t.matches(&a)))
            }) || schema.absent_functions.iter().any(|a| a.name == func.name.name);
            if !declared {
                let object = format!("{}({})", func.name, func.argument_types.join(", "));
                out.push(
                    cx.finding(CheckKind::Strict, &object, Status::Fail)
                        .at(schema.at)
                        .message(format!(
                            "function {object} is not declared in strict schema {}",
                            schema.name
                        ))
                        .expected("not present")
                        .actual("present")
                        .repair(drop_functions(&func.name, &[func])),
                );
            }
        }
    }
}

pub fn questions(schema: &SchemaSpec, snapshot: &Snapshot, q: &mut Questions) {
    for name in &schema.absent_tables {
        let qn = QualifiedName::new(&schema.name, &name.value);
        if snapshot.relations.get(&qn).is_some_and(|r| r.kind.is_table()) {
            q.tables_with_rows.insert(qn);
        }
    }
    for table in &schema.tables {
        let Some(rel) = snapshot.relations.get(&table.name) else {
            continue;
        };
        for absent in &table.absent_columns {
            if rel.column(&absent.name).is_some() {
                q.columns_with_values.insert((rel.name.clone(), absent.name.clone()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_counts_read_naturally() {
        assert_eq!(rows(1, "row"), "1 row");
        assert_eq!(rows(2, "row"), "2 rows");
        assert_eq!(rows(1234, "row"), "1,234 rows");
        assert_eq!(rows(ROW_COUNT_LIMIT + 1, "row"), "more than 10,000 rows");
    }
}
