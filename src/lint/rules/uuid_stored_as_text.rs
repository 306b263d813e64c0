//! `uuid-stored-as-text`: a key column of a text type whose values are all
//! UUIDs, the founding case's `conversations.id`.

use super::prelude::*;
use crate::catalog::UUID_SAMPLE_LIMIT;

pub const RULE: Rule = Rule {
    name: "uuid-stored-as-text",
    group: Group::Keys,
    default: Severity::Warn,
    summary: "text column that is a key, or named like one, whose values are all UUIDs",
    what: "Looks at the text and varchar columns that are part of a primary key, unique constraint or \
           foreign key, or are named id, *_id, uuid or *_uuid, and reads a bounded number of their values \
           (up to 10,000 non-null ones; a large table is sampled across its pages rather than read from \
           its start). It reports a column whose values read are all UUIDs in their canonical text form \
           (8-4-4-4-12 hex digits). An empty column proves nothing and is not reported.",
    why: "A UUID stored as text takes 37 bytes instead of 16, and so do its indexes; comparisons go \
          through the collation, which is slower and can let two spellings of one UUID (upper and lower \
          case) coexist under a unique key; nothing stops a value that is not a UUID at all. And a \
          foreign key to it from a uuid column cannot be created: \"Key columns … are of incompatible \
          types: uuid and text\" is how the founding case failed.",
    fix: "Convert the column with ALTER TABLE … ALTER COLUMN … TYPE uuid USING … ::uuid, together with \
          the columns that reference it (drop those foreign keys first and re-create them after). The \
          finding carries the statement when no foreign key involves the column. Declare the column as \
          uuid in the spec and `pgconform fix` plans the whole conversion, measures the values that \
          would not convert and keeps the keys and views that depend on it.",
    check,
    samples: Some(candidates),
};

/// Text columns of linted tables that are keys or named like one.
fn candidates(cx: &Context<'_>) -> Vec<(Subject, QualifiedName, String)> {
    let mut out = Vec::new();
    for table in cx.tables().filter(|t| t.kind != RelationKind::ForeignTable) {
        for column in &table.columns {
            let Some(t) = cx.builtin_type(column) else { continue };
            // Too short for the 36 characters of a UUID: it cannot hold one.
            let fits = t.modifiers.as_deref().and_then(|m| m.parse::<u32>().ok()).is_none_or(|n| n >= 36);
            let text = matches!(t.name.as_str(), "text" | "character varying" | "character");
            if !text || t.array || !fits || column.generated.is_some() {
                continue;
            }
            if named_like_a_key(&column.name) || is_key(table, &column.name) {
                out.push((
                    Subject::column(&table.name, &column.name),
                    table.name.clone(),
                    column.name.clone(),
                ));
            }
        }
    }
    out
}

fn named_like_a_key(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name == "id" || name == "uuid" || name.ends_with("_id") || name.ends_with("_uuid")
}

fn is_key(table: &Relation, column: &str) -> bool {
    table.constraints.iter().any(|c| {
        matches!(c.kind, ConstraintKind::PrimaryKey | ConstraintKind::Unique | ConstraintKind::ForeignKey)
            && c.columns.iter().any(|k| k == column)
    })
}

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for (subject, table, column) in candidates(cx) {
        let Some(answer) = cx.snapshot.answers.uuid_samples.get(&(table.clone(), column.clone())) else {
            continue;
        };
        let sample = match answer {
            Ok(sample) => sample,
            Err(message) => {
                out.push(
                    Hit::new(subject, format!("the values of {table}.{column} could not be read"))
                        .detail(message.clone())
                        .undecided(),
                );
                continue;
            }
        };
        if sample.read == 0 || sample.not_uuid > 0 {
            continue;
        }
        let Some(relation) = cx.relation(&table) else { continue };
        let Some(col) = relation.column(&column) else { continue };
        let evidence = if sample.whole_column {
            match sample.read {
                1 => "its only value is a UUID".to_string(),
                n => format!("all its {} values are UUIDs", thousands(n)),
            }
        } else {
            format!(
                "all {} values read (at most {} are sampled) are UUIDs",
                thousands(sample.read),
                thousands(UUID_SAMPLE_LIMIT)
            )
        };
        let mut hit = Hit::new(subject, format!("{table}.{column} is {} but {evidence}", col.type_display));
        let referencing = cx.referenced_by(&table, &column);
        let references = relation
            .constraints
            .iter()
            .any(|c| c.kind == ConstraintKind::ForeignKey && c.columns.contains(&column));
        if referencing.is_empty() && !references {
            hit = hit.detail("the conversion rewrites the table under an ACCESS EXCLUSIVE lock").fix(
                alter_type_sql(&table, &column, "uuid", Some(&format!("{}::uuid", quote_ident(&column)))),
            );
        } else {
            let mut columns: Vec<String> =
                referencing.iter().map(|r| format!("{}.{}", r.table.name, r.column)).collect();
            columns.sort();
            columns.dedup();
            let with =
                if columns.is_empty() { "the column it references".to_string() } else { columns.join(", ") };
            hit = hit.detail(format!(
                "convert it together with {with}: drop the foreign keys, convert, re-create them \
                 (`pgconform fix` does this when the spec declares the columns uuid)"
            ));
        }
        out.push(hit);
    }
}
