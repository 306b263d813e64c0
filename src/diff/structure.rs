//! A table's structure: partitioning (`partition_by`, `partition_of`), plain
//! inheritance (`inherits`), exclusion constraints, and the per-key details
//! of indexes (collation, operator class, sort order, NULLS NOT DISTINCT).
//!
//! Partition keys and exclusion definitions are compared as the server
//! prints them (`pg_get_partkeydef`, `pg_get_constraintdef`), in canonical
//! form (`lexically_equal`): case of unquoted words and whitespace do not
//! count. Partition bounds are compared value by value as values of the key's
//! type (see `partition_bound`). `inspect` writes the server's own text, so a
//! database checked against its own inspect output never differs.

use super::Context;
use crate::catalog::{ConstraintKind, Index, QualifiedName, Relation, RelationKind};
use crate::diff::{CheckKind, Finding, Repair, SqlRepair, Status};
use crate::fix::Phase;
use crate::spec::{ExclusionSpec, IndexSpec, TableSpec};
use crate::sql::ident::{quote_ident, quote_qualified};
use crate::sql::lexer::canonical_text;

/// Asks what comparing a partition's bound needs (see `partition_bound`).
pub fn questions(spec: &TableSpec, snapshot: &crate::catalog::Snapshot, q: &mut crate::catalog::Questions) {
    let Some(of) = &spec.partition_of else { return };
    let Some(rel) = snapshot.relations.get(&spec.name) else { return };
    if let (Some(parent), Some(bound)) = (rel.partition_of.as_ref(), rel.partition_bound.as_deref())
        && *parent == of.parent
        && let Some(parent) = snapshot.relations.get(parent)
    {
        super::partition_bound::questions(parent, &of.bound, bound, q);
    }
}

/// The findings of a table's structure keys (the table exists and is a table).
pub fn table(cx: &Context, spec: &TableSpec, rel: &Relation, out: &mut Vec<Finding>) {
    if let Some(key) = &spec.partition_by {
        out.push(partition_by(cx, rel, key));
    }
    if let Some(of) = &spec.partition_of {
        out.push(partition_of(cx, rel, of));
    }
    if let Some(parents) = &spec.inherits {
        out.push(inherits(cx, rel, parents));
    }
    for exclusion in &spec.exclusions {
        out.push(self::exclusion(cx, rel, exclusion));
    }
}

fn same_sql(a: &str, b: &str) -> bool {
    super::lexically_equal(a, b)
}

fn sql_repair(phase: Phase, title: String, statements: Vec<String>, blocked: Option<String>) -> Repair {
    Repair::Sql(SqlRepair { phase, title, statements, blocked })
}

fn alter(table: &QualifiedName, action: &str) -> String {
    format!("ALTER TABLE {} {action}", quote_qualified(table))
}

fn partition_by(cx: &Context, rel: &Relation, key: &crate::location::Located<String>) -> Finding {
    let object = rel.name.to_string();
    let f = cx
        .finding(CheckKind::Partitioning, &object, Status::Pass)
        .id_suffix("partition_by")
        .at(key.at)
        .expected(format!("partitioned by {}", key.value));
    let way_out = |actual: &str| {
        format!(
            "{object} is {actual}: a table cannot be repartitioned in place. Create a new table \
             PARTITION BY {} with its partitions, copy the rows (INSERT … SELECT), then swap the names",
            key.value
        )
    };
    match (&rel.kind, &rel.partition_key) {
        (RelationKind::PartitionedTable, Some(actual)) if same_sql(actual, &key.value) => f
            .message(format!("{object} is partitioned by {actual}"))
            .actual(format!("partitioned by {actual}")),
        (RelationKind::PartitionedTable, actual) => {
            let actual = actual.clone().unwrap_or_default();
            f.fail()
                .message(format!("{object} is partitioned by {actual}, expected {}", key.value))
                .actual(format!("partitioned by {actual}"))
                .repair(sql_repair(
                    Phase::Tables,
                    format!("repartition {object}"),
                    vec![],
                    Some(way_out(&format!("partitioned by {actual}"))),
                ))
        }
        _ => f
            .fail()
            .message(format!("{object} is not partitioned, expected partitioned by {}", key.value))
            .actual("not partitioned")
            .repair(sql_repair(
                Phase::Tables,
                format!("partition {object}"),
                vec![],
                Some(way_out("a plain table")),
            )),
    }
}

fn partition_of(cx: &Context, rel: &Relation, of: &crate::spec::PartitionOfSpec) -> Finding {
    let object = rel.name.to_string();
    let expected = format!("partition of {} {}", of.parent, of.bound);
    let f = cx
        .finding(CheckKind::Partitioning, &object, Status::Pass)
        .id_suffix("partition_of")
        .at(of.at)
        .expected(expected.clone());
    let attach = alter(&of.parent, &format!("ATTACH PARTITION {} {}", quote_qualified(&rel.name), of.bound));
    match (&rel.partition_of, &rel.partition_bound) {
        (Some(parent), Some(bound))
            if *parent == of.parent
                && super::partition_bound::same(cx, cx.snapshot.relations.get(parent), &of.bound, bound) =>
        {
            f.message(format!("{object} is a partition of {parent} {bound}"))
                .actual(format!("partition of {parent} {bound}"))
        }
        (Some(parent), bound) => {
            let bound = bound.clone().unwrap_or_default();
            let detach = alter(parent, &format!("DETACH PARTITION {}", quote_qualified(&rel.name)));
            f.fail()
                .message(format!("{object} is a partition of {parent} {bound}, expected {expected}"))
                .actual(format!("partition of {parent} {bound}"))
                .repair(sql_repair(
                    Phase::Keys,
                    format!("attach {object} to {} {}", of.parent, of.bound),
                    vec![detach, attach],
                    None,
                ))
        }
        (None, _) => {
            let f = f.fail().message(format!("{object} is not a partition, expected {expected}")).actual(
                if rel.kind == RelationKind::PartitionedTable { "partitioned table" } else { "plain table" },
            );
            if rel.inherits.is_empty() {
                f.repair(sql_repair(
                    Phase::Keys,
                    format!("attach {object} to {}", of.parent),
                    vec![attach],
                    None,
                ))
            } else {
                let parents: Vec<String> = rel.inherits.iter().map(ToString::to_string).collect();
                f.repair(sql_repair(
                    Phase::Keys,
                    format!("attach {object} to {}", of.parent),
                    vec![attach],
                    Some(format!(
                        "{object} inherits from {}: remove that first (ALTER TABLE … NO INHERIT …)",
                        parents.join(", ")
                    )),
                ))
            }
        }
    }
}

fn inherits(cx: &Context, rel: &Relation, parents: &crate::location::Located<Vec<QualifiedName>>) -> Finding {
    let object = rel.name.to_string();
    let list = |names: &[QualifiedName]| {
        if names.is_empty() {
            "no parent".to_string()
        } else {
            names.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
        }
    };
    let f = cx
        .finding(CheckKind::Partitioning, &object, Status::Pass)
        .id_suffix("inherits")
        .at(parents.at)
        .expected(format!("inherits {}", list(&parents.value)))
        .actual(format!("inherits {}", list(&rel.inherits)));
    let mut a = rel.inherits.clone();
    let mut b = parents.value.clone();
    a.sort();
    b.sort();
    if a == b {
        return f.message(format!("{object} inherits from {}", list(&rel.inherits)));
    }
    let mut statements = Vec::new();
    for gone in rel.inherits.iter().filter(|p| !parents.value.contains(p)) {
        statements.push(alter(&rel.name, &format!("NO INHERIT {}", quote_qualified(gone))));
    }
    for new in parents.value.iter().filter(|p| !rel.inherits.contains(p)) {
        // The server wants the parent's checks on the child, by name, first.
        if let Some(parent) = cx.snapshot.relations.get(new) {
            let checks = parent.constraints.iter().filter(|c| {
                c.kind == ConstraintKind::Check
                    && !c.definition.contains("NO INHERIT")
                    && !rel.constraints.iter().any(|own| own.name == c.name)
            });
            for c in checks {
                statements.push(alter(
                    &rel.name,
                    &format!("ADD CONSTRAINT {} {}", quote_ident(&c.name), c.definition),
                ));
            }
        }
        statements.push(alter(&rel.name, &format!("INHERIT {}", quote_qualified(new))));
    }
    let blocked = rel
        .partition_of
        .as_ref()
        .map(|p| format!("{object} is a partition of {p}: a partition cannot inherit; detach it first"));
    f.fail()
        .message(format!("{object} inherits from {}, expected {}", list(&rel.inherits), list(&parents.value)))
        .repair(sql_repair(Phase::Keys, format!("set the parents of {object}"), statements, blocked))
}

/// An exclusion definition without the trailing DEFERRABLE words that
/// `pg_get_constraintdef` adds.
fn exclusion_body(definition: &str) -> String {
    let mut text = canonical_text(definition).unwrap_or_else(|_| definition.trim().to_string());
    for suffix in [" initially deferred", " initially immediate", " not deferrable", " deferrable"] {
        while let Some(stripped) = text.strip_suffix(suffix) {
            text = stripped.to_string();
        }
    }
    text
}

/// `EXCLUDE USING gist (…)` + `DEFERRABLE INITIALLY DEFERRED` as declared.
pub fn exclusion_clause(spec: &ExclusionSpec) -> String {
    let mut clause = match &spec.name {
        Some(name) => format!("CONSTRAINT {} {}", quote_ident(name), spec.definition),
        None => spec.definition.clone(),
    };
    if spec.deferrable == Some(true) || spec.initially_deferred == Some(true) {
        clause.push_str(" DEFERRABLE");
        if spec.initially_deferred == Some(true) {
            clause.push_str(" INITIALLY DEFERRED");
        }
    }
    clause
}

fn exclusion(cx: &Context, rel: &Relation, spec: &ExclusionSpec) -> Finding {
    let object = match &spec.name {
        Some(name) => format!("{}.{name}", rel.name),
        None => format!("{} {}", rel.name, spec.definition),
    };
    let f =
        cx.finding(CheckKind::Exclusion, &object, Status::Pass).at(spec.at).expected(spec.definition.clone());
    let wanted = exclusion_body(&spec.definition);
    let candidates: Vec<_> = rel
        .constraints
        .iter()
        .filter(|c| c.kind == ConstraintKind::Exclusion)
        .filter(|c| spec.name.as_ref().is_none_or(|n| *n == c.name))
        .collect();
    let add = alter(&rel.name, &format!("ADD {}", exclusion_clause(spec)));
    let mut differing = None;
    for c in &candidates {
        let mut wrong = Vec::new();
        if exclusion_body(&c.definition) != wanted {
            wrong.push(format!("is {}", c.definition));
        }
        if let Some(d) = spec.deferrable.filter(|d| *d != c.deferrable) {
            wrong.push(if d { "is not deferrable".into() } else { "is deferrable".into() });
        }
        if let Some(d) = spec.initially_deferred.filter(|d| *d != c.initially_deferred) {
            wrong.push(if d { "is initially immediate".into() } else { "is initially deferred".into() });
        }
        if wrong.is_empty() {
            return f
                .message(format!("{} has exclusion constraint {} {}", rel.name, c.name, c.definition))
                .actual(c.definition.clone());
        }
        differing = Some((c, wrong));
    }
    match differing.filter(|_| spec.name.is_some()) {
        Some((c, wrong)) => {
            let drop = alter(&rel.name, &format!("DROP CONSTRAINT {}", quote_ident(&c.name)));
            f.fail()
                .message(format!("exclusion constraint {} on {} {}", c.name, rel.name, wrong.join(", ")))
                .actual(c.definition.clone())
                .repair(sql_repair(
                    Phase::Keys,
                    format!("replace exclusion constraint {object}"),
                    vec![drop, add],
                    None,
                ))
        }
        None => f
            .fail()
            .message(format!("no exclusion constraint {} on {}", spec.definition, rel.name))
            .actual("missing")
            .repair(sql_repair(Phase::Keys, format!("add exclusion constraint {object}"), vec![add], None)),
    }
}

/// How an index differs from the declared per-key details and NULLS NOT
/// DISTINCT; empty when it does not (details left out are not checked).
pub fn index_details(spec: &IndexSpec, index: &Index) -> Vec<String> {
    let mut wrong = Vec::new();
    for (i, options) in spec.key_options.iter().enumerate() {
        let key = spec.columns.get(i).map(ToString::to_string).unwrap_or_default();
        if let Some(collation) = &options.collation {
            let actual = index.collations.get(i).cloned().flatten();
            if actual.as_deref() != Some(collation.as_str()) {
                wrong.push(format!(
                    "{key} uses collation {} (expected {collation})",
                    actual.as_deref().unwrap_or("none")
                ));
            }
        }
        if let Some(opclass) = &options.opclass {
            let actual = index.opclasses.get(i).map(String::as_str).unwrap_or("");
            let (actual_schema, actual_name) = actual.split_once('.').unwrap_or(("", actual));
            let same = match opclass.as_slice() {
                [name] => name == actual_name,
                [schema, name] => schema == actual_schema && name == actual_name,
                _ => false,
            };
            if !same {
                wrong.push(format!("{key} uses operator class {actual} (expected {})", opclass.join(".")));
            }
        }
        if let Some((descending, nulls_first)) = options.ordering() {
            let actual_desc = index.descending.get(i).copied().unwrap_or(false);
            let actual_nulls = index.nulls_first.get(i).copied().unwrap_or(false);
            if (actual_desc, actual_nulls) != (descending, nulls_first) {
                wrong.push(format!(
                    "{key} sorted {} (expected {})",
                    ordering_words(actual_desc, actual_nulls),
                    ordering_words(descending, nulls_first)
                ));
            }
        }
    }
    if let Some(nnd) = spec.nulls_not_distinct.filter(|n| *n != index.nulls_not_distinct) {
        wrong.push(if nnd {
            "NULLS DISTINCT (expected NULLS NOT DISTINCT)".into()
        } else {
            "NULLS NOT DISTINCT".into()
        });
    }
    wrong
}

fn ordering_words(descending: bool, nulls_first: bool) -> String {
    format!(
        "{} NULLS {}",
        if descending { "DESC" } else { "ASC" },
        if nulls_first { "FIRST" } else { "LAST" }
    )
}

/// Adds a unique constraint; one of the same name that differs (say, in
/// NULLS NOT DISTINCT) is dropped first.
pub fn unique_repair(rel: &Relation, unique: &crate::spec::UniqueSpec) -> Repair {
    let existing = unique
        .name
        .as_ref()
        .filter(|n| rel.constraints.iter().any(|c| c.kind == ConstraintKind::Unique && c.name == **n));
    let Some(name) = existing else {
        return Repair::AddUnique { table: rel.name.clone(), unique: unique.clone() };
    };
    let columns: Vec<String> = unique.columns.iter().map(|c| quote_ident(c)).collect();
    let add = alter(
        &rel.name,
        &format!(
            "ADD CONSTRAINT {} UNIQUE {}({})",
            quote_ident(name),
            if unique.nulls_not_distinct == Some(true) { "NULLS NOT DISTINCT " } else { "" },
            columns.join(", ")
        ),
    );
    let drop = alter(&rel.name, &format!("DROP CONSTRAINT {}", quote_ident(name)));
    sql_repair(
        Phase::Keys,
        format!("replace unique constraint {name} on {}", rel.name),
        vec![drop, add],
        None,
    )
}

/// A unique constraint's NULLS NOT DISTINCT, from its definition.
pub fn constraint_nulls_not_distinct(definition: &str) -> bool {
    definition.starts_with("UNIQUE NULLS NOT DISTINCT")
}

/// An index as a `CREATE INDEX` statement built from its parts, for reports:
/// `check` reads no server-printed definitions (see [`crate::catalog::Detail`]).
/// Storage parameters and tablespace are left out.
pub fn index_statement(rel: &Relation, index: &Index) -> String {
    let keys: Vec<String> = index
        .keys
        .iter()
        .enumerate()
        .map(|(i, key)| {
            let head = match key {
                crate::catalog::IndexKey::Column(name) => quote_ident(name),
                crate::catalog::IndexKey::Expression(text) => format!("({text})"),
            };
            index_key_text(rel, index, i, head)
        })
        .collect();
    let mut sql = format!(
        "CREATE {}INDEX {} ON {} USING {} ({})",
        if index.unique { "UNIQUE " } else { "" },
        quote_ident(&index.name),
        quote_qualified(&rel.name),
        index.method,
        keys.join(", ")
    );
    if !index.include.is_empty() {
        let include: Vec<String> = index.include.iter().map(|c| quote_ident(c)).collect();
        sql.push_str(&format!(" INCLUDE ({})", include.join(", ")));
    }
    if index.nulls_not_distinct {
        sql.push_str(" NULLS NOT DISTINCT");
    }
    if let Some(predicate) = &index.predicate {
        sql.push_str(&format!(" WHERE {predicate}"));
    }
    sql
}

/// The server's definition of an index when the read asked for it, else
/// [`index_statement`].
pub fn index_definition(rel: &Relation, index: &Index) -> String {
    index.definition.clone().unwrap_or_else(|| index_statement(rel, index))
}

/// The entry of `columns:` for an index key, with its non-default details, as
/// `inspect` writes it and [`crate::spec::index_element::parse`] reads it.
pub fn index_key_text(rel: &Relation, index: &Index, i: usize, head: String) -> String {
    let mut text = head;
    if let Some(Some(collation)) = index.collations.get(i) {
        let natural = match index.keys.get(i) {
            Some(crate::catalog::IndexKey::Column(name)) => {
                rel.column(name).and_then(|c| c.collation.clone()).unwrap_or_else(|| "default".to_string())
            }
            _ => "default".to_string(),
        };
        if *collation != natural {
            text.push_str(&format!(" COLLATE {}", quote_ident(collation)));
        }
    }
    if index.opclass_default.get(i) == Some(&false)
        && let Some(opclass) = index.opclasses.get(i)
    {
        let (schema, name) = opclass.split_once('.').unwrap_or(("pg_catalog", opclass));
        if schema == "pg_catalog" || schema == "public" {
            text.push_str(&format!(" {}", quote_ident(name)));
        } else {
            text.push_str(&format!(" {}.{}", quote_ident(schema), quote_ident(name)));
        }
    }
    let descending = index.descending.get(i).copied().unwrap_or(false);
    let nulls_first = index.nulls_first.get(i).copied().unwrap_or(false);
    if descending {
        text.push_str(" DESC");
    }
    if nulls_first != descending {
        text.push_str(if nulls_first { " NULLS FIRST" } else { " NULLS LAST" });
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_bounds_compare_ignoring_case_and_spacing_only() {
        assert!(same_sql("RANGE (created_at)", "range(created_at)"));
        assert!(same_sql(
            "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
            "for values from ( '2024-01-01' ) to ('2025-01-01')"
        ));
        assert!(!same_sql("FOR VALUES IN ('A')", "FOR VALUES IN ('a')"));
        assert!(same_sql("LIST (\"region\")", "list (region)"));
        assert!(!same_sql("LIST (\"Region\")", "list (region)"));
    }

    #[test]
    fn exclusion_bodies_leave_out_deferrability() {
        assert_eq!(
            exclusion_body("EXCLUDE USING gist (room WITH =, during WITH &&) DEFERRABLE INITIALLY DEFERRED"),
            exclusion_body("exclude using gist (room with =, during with &&)")
        );
    }
}
