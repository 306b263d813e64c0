//! Writing a table's structure: `partition_by`, `partition_of`, `inherits`,
//! `exclusions`, and index keys with their collation, operator class and
//! sort order. Texts are the server's own (`pg_get_partkeydef`,
//! `pg_get_expr(relpartbound)`, `pg_get_constraintdef`), which `check`
//! compares token by token, so the round trip is exact.

use super::yaml::Yaml;
use crate::catalog::{Constraint, Index, IndexKey, QualifiedName, Relation};
use crate::diff::structure::index_key_text;
use crate::sql::ident::quote_ident;

/// `events` in the same schema, `other.events` elsewhere (SQL identifier syntax).
fn table_name(rel: &Relation, name: &QualifiedName) -> String {
    if name.schema == rel.name.schema {
        quote_ident(&name.name)
    } else {
        format!("{}.{}", quote_ident(&name.schema), quote_ident(&name.name))
    }
}

/// The structure keys that open a table's entry.
pub fn head(rel: &Relation, table: &mut Yaml) {
    if let (Some(parent), Some(bound)) = (&rel.partition_of, &rel.partition_bound) {
        let mut m = Yaml::map();
        m.set("table", Yaml::str(table_name(rel, parent)));
        m.set("bound", Yaml::str(bound));
        table.set("partition_of", m);
    }
    if let Some(key) = &rel.partition_key {
        table.set("partition_by", Yaml::str(key));
    }
    if rel.partition_of.is_none() && !rel.inherits.is_empty() {
        table.set("inherits", Yaml::strs(rel.inherits.iter().map(|p| table_name(rel, p))));
    }
}

/// Whether the entry lists the table's columns: a partition takes all of
/// its columns from its parent, so its entry has none.
pub fn writes_columns(rel: &Relation) -> bool {
    rel.partition_of.is_none()
}

/// An exclusion constraint: the bare definition when it has the server's
/// default name, else the long form (the definition without the DEFERRABLE
/// words, which have keys of their own).
pub fn exclusion(rel: &Relation, c: &Constraint) -> Yaml {
    let mut definition = c.definition.clone();
    for suffix in [" INITIALLY DEFERRED", " DEFERRABLE"] {
        if let Some(stripped) = definition.strip_suffix(suffix) {
            definition = stripped.to_string();
        }
    }
    // The name the server gives an unnamed one: the bare definition says it.
    let default = format!("{}_{}_excl", rel.name.name, c.columns.join("_"));
    if c.name == default && default.len() <= 63 && !c.deferrable {
        return Yaml::str(definition);
    }
    let mut m = Yaml::map();
    m.set("name", Yaml::str(&c.name));
    m.set("definition", Yaml::str(definition));
    if c.deferrable {
        m.set("deferrable", Yaml::Bool(true));
    }
    if c.initially_deferred {
        m.set("initially_deferred", Yaml::Bool(true));
    }
    m
}

/// The entries of an index's `columns:`, each with its non-default details.
pub fn index_keys(rel: &Relation, index: &Index, column_name: impl Fn(&str) -> String) -> Vec<Yaml> {
    index
        .keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let text = match k {
                IndexKey::Column(name) => index_key_text(rel, index, i, column_name(name)),
                IndexKey::Expression(expression) => {
                    let text = index_key_text(rel, index, i, expression.clone());
                    // Options after an expression that is not a function call
                    // need the expression in parentheses to be read back.
                    let expected = crate::spec::IndexColumn::Expression(expression.clone());
                    if crate::spec::index_element::parse(&text).0 == expected {
                        text
                    } else {
                        index_key_text(rel, index, i, format!("({expression})"))
                    }
                }
            };
            Yaml::str(text)
        })
        .collect()
}
