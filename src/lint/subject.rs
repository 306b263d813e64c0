//! What a lint finding is about, in the three forms the engine needs: the
//! object as reports print it, the names `ignore` globs are matched against,
//! and the comments that can opt it out.
//!
//! An object belongs to its table (columns, constraints, indexes, triggers,
//! policies, rules, a sequence owned by a column) and to its schema, so a
//! glob or a `pgconform:ignore` comment on the table or the schema covers
//! everything in it.

use crate::catalog::{CommentTarget, Extension, Function, QualifiedName, Sequence};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// As reports print it: `public.orders`, `public.orders.customer_id`,
    /// `public.orders_customer_id_idx`, `public.touch(integer, text)`.
    pub object: String,
    /// What `ignore` globs are matched against: the object and the table it
    /// belongs to, each with and without its schema.
    pub names: Vec<String>,
    /// The comments whose `pgconform:ignore` marker covers it: its own, its
    /// table's, its schema's.
    pub comments: Vec<CommentTarget>,
}

impl Subject {
    pub fn schema(name: &str) -> Subject {
        Subject {
            object: name.to_string(),
            names: vec![name.to_string()],
            comments: vec![CommentTarget::Schema(name.to_string())],
        }
    }

    pub fn table(table: &QualifiedName) -> Subject {
        Subject {
            object: table.to_string(),
            names: qualified_names(table),
            comments: vec![
                CommentTarget::Relation(table.clone()),
                CommentTarget::Schema(table.schema.clone()),
            ],
        }
    }

    pub fn column(table: &QualifiedName, column: &str) -> Subject {
        Subject::table_part(table, column, CommentTarget::Column(table.clone(), column.to_string()))
    }

    pub fn constraint(table: &QualifiedName, name: &str) -> Subject {
        Subject::table_part(table, name, CommentTarget::Constraint(table.clone(), name.to_string()))
    }

    pub fn trigger(table: &QualifiedName, name: &str) -> Subject {
        Subject::table_part(table, name, CommentTarget::Trigger(table.clone(), name.to_string()))
    }

    pub fn policy(table: &QualifiedName, name: &str) -> Subject {
        Subject::table_part(table, name, CommentTarget::Policy(table.clone(), name.to_string()))
    }

    pub fn rule(table: &QualifiedName, name: &str) -> Subject {
        Subject::table_part(table, name, CommentTarget::Rule(table.clone(), name.to_string()))
    }

    /// An index: a relation of its table's schema, named without the table.
    pub fn index(table: &QualifiedName, name: &str) -> Subject {
        let index = QualifiedName::new(&table.schema, name);
        Subject::relation_of(&index, Some(table))
    }

    pub fn sequence(sequence: &Sequence) -> Subject {
        Subject::relation_of(&sequence.name, sequence.owned_by.as_ref().map(|o| &o.table))
    }

    pub fn function(function: &Function) -> Subject {
        let arguments = function.argument_types.join(", ");
        let object = format!("{}({arguments})", function.name);
        Subject {
            names: vec![object.clone(), format!("{}({arguments})", function.name.name)],
            object,
            comments: vec![
                CommentTarget::Function(function.name.clone(), arguments),
                CommentTarget::Schema(function.name.schema.clone()),
            ],
        }
    }

    pub fn user_type(name: &QualifiedName) -> Subject {
        Subject {
            object: name.to_string(),
            names: qualified_names(name),
            comments: vec![CommentTarget::Type(name.clone()), CommentTarget::Schema(name.schema.clone())],
        }
    }

    /// An extension: named alone, but globs may also name it in its schema.
    pub fn extension(extension: &Extension) -> Subject {
        Subject {
            object: extension.name.clone(),
            names: vec![extension.name.clone(), format!("{}.{}", extension.schema, extension.name)],
            comments: vec![CommentTarget::Extension(extension.name.clone())],
        }
    }

    /// Something inside a table: `schema.table.part`.
    fn table_part(table: &QualifiedName, part: &str, own: CommentTarget) -> Subject {
        let object = format!("{table}.{part}");
        let mut names = vec![object.clone(), format!("{}.{part}", table.name)];
        names.extend(qualified_names(table));
        Subject {
            object,
            names,
            comments: vec![
                own,
                CommentTarget::Relation(table.clone()),
                CommentTarget::Schema(table.schema.clone()),
            ],
        }
    }

    /// A relation of its own (an index, a sequence), possibly belonging to a table.
    fn relation_of(relation: &QualifiedName, table: Option<&QualifiedName>) -> Subject {
        let mut names = qualified_names(relation);
        let mut comments = vec![CommentTarget::Relation(relation.clone())];
        if let Some(table) = table {
            names.extend(qualified_names(table));
            comments.push(CommentTarget::Relation(table.clone()));
        }
        comments.push(CommentTarget::Schema(relation.schema.clone()));
        Subject { object: relation.to_string(), names, comments }
    }
}

fn qualified_names(name: &QualifiedName) -> Vec<String> {
    vec![name.to_string(), name.name.clone()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_answers_to_its_table_and_schema() {
        let table = QualifiedName::new("public", "legacy_orders");
        let subject = Subject::column(&table, "customer_id");
        assert_eq!(subject.object, "public.legacy_orders.customer_id");
        assert!(subject.names.contains(&"public.legacy_orders".to_string()));
        assert!(subject.names.contains(&"legacy_orders.customer_id".to_string()));
        assert_eq!(
            subject.comments,
            [
                CommentTarget::Column(table.clone(), "customer_id".into()),
                CommentTarget::Relation(table),
                CommentTarget::Schema("public".into())
            ]
        );
    }

    #[test]
    fn an_index_is_named_in_its_schema_and_answers_to_its_table() {
        let table = QualifiedName::new("app", "t");
        let subject = Subject::index(&table, "t_a_idx");
        assert_eq!(subject.object, "app.t_a_idx");
        assert!(subject.names.contains(&"app.t".to_string()));
        assert!(subject.comments.contains(&CommentTarget::Relation(table)));
    }
}
