//! The one writer of a foreign key's clause, for the keys a spec declares
//! (`fix` creates them) and for those the catalog holds (the reader builds
//! their definitions from the parts it reads rather than have the server
//! deparse tens of thousands of them, and `fix` re-creates them from it).

use crate::catalog::{FkAction, QualifiedName};
use crate::sql::ident::{column_list, quote_qualified};
use std::fmt;

/// `FOREIGN KEY (a, b) REFERENCES s.t(x, y) MATCH FULL ON DELETE CASCADE
/// DEFERRABLE`, word for word as `pg_get_constraintdef` writes it under an
/// empty search_path (every table schema-qualified), as pg_dump does too.
pub struct ForeignKeyClause<'a> {
    pub columns: &'a [String],
    pub references: &'a QualifiedName,
    pub referenced_columns: &'a [String],
    pub match_full: bool,
    pub on_delete: FkAction,
    /// `ON DELETE SET NULL (a)`: the columns the action sets, when it names
    /// some (PostgreSQL 15+); empty for all of them.
    pub delete_columns: &'a [String],
    pub on_update: FkAction,
    pub deferrable: bool,
    pub initially_deferred: bool,
}

impl fmt::Display for ForeignKeyClause<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "FOREIGN KEY ({}) REFERENCES {}({})",
            column_list(self.columns),
            quote_qualified(self.references),
            column_list(self.referenced_columns)
        )?;
        if self.match_full {
            f.write_str(" MATCH FULL")?;
        }
        if self.on_update != FkAction::NoAction {
            write!(f, " ON UPDATE {}", self.on_update.sql().to_uppercase())?;
        }
        if self.on_delete != FkAction::NoAction {
            write!(f, " ON DELETE {}", self.on_delete.sql().to_uppercase())?;
            if !self.delete_columns.is_empty() {
                write!(f, " ({})", column_list(self.delete_columns))?;
            }
        }
        if self.deferrable || self.initially_deferred {
            f.write_str(" DEFERRABLE")?;
            if self.initially_deferred {
                f.write_str(" INITIALLY DEFERRED")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn writes_only_what_differs_from_the_defaults() {
        let table = QualifiedName::new("app", "Order Lines");
        let (columns, referenced) = (names(&["order_id", "Line"]), names(&["id", "line"]));
        let mut clause = ForeignKeyClause {
            columns: &columns,
            references: &table,
            referenced_columns: &referenced,
            match_full: false,
            on_delete: FkAction::NoAction,
            delete_columns: &[],
            on_update: FkAction::NoAction,
            deferrable: false,
            initially_deferred: false,
        };
        assert_eq!(
            clause.to_string(),
            r#"FOREIGN KEY (order_id, "Line") REFERENCES app."Order Lines"(id, line)"#
        );
        let set = names(&["Line"]);
        clause.match_full = true;
        clause.on_delete = FkAction::SetNull;
        clause.delete_columns = &set;
        clause.on_update = FkAction::Cascade;
        clause.initially_deferred = true;
        assert_eq!(
            clause.to_string(),
            r#"FOREIGN KEY (order_id, "Line") REFERENCES app."Order Lines"(id, line) MATCH FULL ON UPDATE CASCADE ON DELETE SET NULL ("Line") DEFERRABLE INITIALLY DEFERRED"#
        );
    }
}
