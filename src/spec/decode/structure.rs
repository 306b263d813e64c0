//! Decoding a table's structure keys: `partition_by`, `partition_of`,
//! `inherits` and `exclusions`.

use super::super::model::{ExclusionSpec, PartitionOfSpec, TableSpec};
use super::super::yaml::{Node, Value};
use super::{Decoder, Fields};
use crate::catalog::QualifiedName;
use crate::location::{Located, Location};
use crate::spec::shape;
use crate::sql::names;

impl Decoder {
    /// The structure keys of a table's mapping.
    pub(super) fn table_structure(&mut self, table: &mut TableSpec, fields: &mut Fields<'_>) {
        let schema = table.name.schema.clone();
        if let Some(node) = fields.get("partition_by")
            && let Some(key) = self.string(node, "partition_by")
        {
            match partition_strategy(&key) {
                Some(_) => table.partition_by = Some(Located::new(key.trim().to_string(), node.at)),
                None => self.error_hint(
                    node.at,
                    format!("partition_by `{key}` is not a partition key"),
                    "write the strategy and the key, e.g. `range (created_at)`, `list (region)` or `hash (id)`",
                ),
            }
        }
        if let Some(node) = fields.get("partition_of") {
            table.partition_of = self.partition_of(&schema, node);
        }
        if let Some(node) = fields.get("inherits") {
            let mut parents = Vec::new();
            for entry in self.strings(node, "inherits") {
                if let Some(parent) = self.table_name(&schema, &entry.value, entry.at) {
                    parents.push(parent);
                }
            }
            table.inherits = Some(Located::new(parents, node.at));
        }
        if let Some(node) = fields.get("exclusions") {
            for item in self.items(node, "exclusions") {
                if let Some(exclusion) = self.exclusion(item) {
                    table.exclusions.push(exclusion);
                }
            }
        }
        if table.partition_of.is_some() && table.inherits.as_ref().is_some_and(|i| !i.value.is_empty()) {
            self.error(
                table.at,
                "a partition cannot also inherit from other tables: write partition_of or inherits",
            );
        }
    }

    /// `[schema.]table` in SQL identifier syntax, in `schema` when unqualified.
    fn table_name(&mut self, schema: &str, text: &str, at: Location) -> Option<QualifiedName> {
        match names::parse_identifier_path(text) {
            Ok(parts) => match parts.as_slice() {
                [name] => Some(QualifiedName::new(schema, name)),
                [s, name] => Some(QualifiedName::new(s, name)),
                _ => {
                    self.error(at, format!("`{text}` is not a table name: write [schema.]table"));
                    None
                }
            },
            Err(e) => {
                self.error(at, e);
                None
            }
        }
    }

    fn partition_of(&mut self, schema: &str, node: &Node) -> Option<PartitionOfSpec> {
        let mut fields = self.fields(node, &shape::PARTITION_OF)?;
        let table = fields.get("table").and_then(|n| self.string(n, "partition_of table").map(|t| (t, n.at)));
        let bound = fields.get("bound").and_then(|n| self.string(n, "partition bound"));
        fields.finish(self);
        let (Some((table, table_at)), Some(bound)) = (table, bound) else {
            self.error_hint(
                node.at,
                "partition_of needs `table` and `bound`",
                "for example { table: events, bound: \"FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')\" }",
            );
            return None;
        };
        let parent = self.table_name(schema, &table, table_at)?;
        let bound = bound.trim().to_string();
        let upper = bound.to_ascii_uppercase();
        if !(upper == "DEFAULT" || upper.starts_with("FOR VALUES")) {
            self.error_hint(
                node.at,
                format!("partition bound `{bound}` is neither FOR VALUES … nor DEFAULT"),
                "write it as PostgreSQL does: FOR VALUES IN (…), FOR VALUES FROM (…) TO (…), \
                 FOR VALUES WITH (modulus …, remainder …) or DEFAULT",
            );
            return None;
        }
        Some(PartitionOfSpec { parent, bound, at: node.at })
    }

    fn exclusion(&mut self, node: &Node) -> Option<ExclusionSpec> {
        let (name, definition, deferrable, initially_deferred) = match &node.value {
            Value::Map(_) => {
                let mut fields = self.fields(node, &shape::EXCLUSION)?;
                let name = fields.get("name").and_then(|n| self.string(n, "exclusion constraint name"));
                let definition =
                    fields.get("definition").and_then(|n| self.string(n, "exclusion definition"));
                let deferrable = fields.get("deferrable").and_then(|n| self.bool(n, "deferrable"));
                let initially_deferred =
                    fields.get("initially_deferred").and_then(|n| self.bool(n, "initially_deferred"));
                fields.finish(self);
                let Some(definition) = definition else {
                    self.error(node.at, "an exclusion constraint needs a `definition`");
                    return None;
                };
                (name, definition, deferrable, initially_deferred)
            }
            _ => (None, self.string(node, "an exclusion constraint")?, None, None),
        };
        let definition = definition.trim().to_string();
        if !definition.to_ascii_uppercase().starts_with("EXCLUDE") {
            self.error_hint(
                node.at,
                format!("`{definition}` is not an exclusion constraint"),
                "write it as PostgreSQL does: EXCLUDE USING gist (room WITH =, during WITH &&)",
            );
            return None;
        }
        Some(ExclusionSpec { name, definition, deferrable, initially_deferred, at: node.at })
    }
}

/// `range (created_at)` → `range`; None when it does not start with a strategy
/// followed by a parenthesised key.
pub fn partition_strategy(key: &str) -> Option<&'static str> {
    let lower = key.trim().to_ascii_lowercase();
    ["range", "list", "hash"].into_iter().find(|s| {
        lower
            .strip_prefix(s)
            .is_some_and(|rest| rest.trim_start().starts_with('(') && rest.trim_end().ends_with(')'))
    })
}
