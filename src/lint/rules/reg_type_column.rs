//! `reg-type-column`: a table column holding object identifiers (`regclass`, `regproc`, …).

use super::prelude::*;

pub const RULE: Rule = Rule {
    name: "reg-type-column",
    group: Group::Types,
    default: Severity::Warn,
    summary: "table column of an OID alias type (regclass, regproc, regtype, …)",
    what: "Reports table columns of the reg* types, which store a catalog object's OID and print it as \
           its name: regclass, regcollation, regconfig, regdictionary, regnamespace, regoper, \
           regoperator, regproc, regprocedure, regrole and regtype, arrays of them and domains over them.",
    why: "An OID is only meaningful in the database that assigned it. pg_dump writes the names, but \
          anything that copies the values (logical replication to another server, a restore after the \
          objects were re-created) maps them to other objects or to none, and pg_upgrade refuses to run \
          on a database whose tables hold regcollation, regconfig, regdictionary, regnamespace, regoper, \
          regoperator, regproc or regprocedure values.",
    fix: "Store the object's name as text (or as schema and name columns) and resolve it with a cast \
          (…::regclass) when it is used. The conversion keeps the names: ALTER TABLE … ALTER COLUMN … \
          TYPE text USING …::text. It is not suggested automatically, as queries comparing the column \
          with OIDs must change too.",
    check,
    samples: None,
};

/// The types pg_upgrade refuses in user tables (their OIDs are not preserved).
const BLOCK_UPGRADE: &[&str] = &[
    "regcollation",
    "regconfig",
    "regdictionary",
    "regnamespace",
    "regoper",
    "regoperator",
    "regproc",
    "regprocedure",
];

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for (table, column, t) in cx.columns() {
        let Some(t) = t.filter(|t| t.name.starts_with("reg") && is_reg_type(&t.name)) else { continue };
        let mut hit = Hit::new(
            Subject::column(&table.name, &column.name),
            format!("{}.{} is {}", table.name, column.name, t.describe(column)),
        );
        if BLOCK_UPGRADE.contains(&t.name.as_str()) {
            hit = hit.detail(format!("pg_upgrade refuses databases whose tables hold {} values", t.name));
        }
        out.push(hit);
    }
}

fn is_reg_type(name: &str) -> bool {
    BLOCK_UPGRADE.contains(&name) || matches!(name, "regclass" | "regrole" | "regtype")
}
