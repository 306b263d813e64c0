//! SQL text for the spec's objects: column definitions, constraints, indexes,
//! triggers. Every name goes through `quote_ident`, every literal through
//! `quote_literal`; expressions written in the spec are SQL and pass as written.

use crate::catalog::{FkAction, Identity, QualifiedName, Trigger, TriggerEvent, TriggerTiming};
use crate::spec::{CheckSpec, ColumnSpec, ForeignKeySpec, IndexColumn, IndexSpec, TriggerSpec, UniqueSpec};
use crate::sql::foreign_key::ForeignKeyClause;
pub use crate::sql::ident::column_list;
use crate::sql::ident::{quote_ident, quote_qualified};
use crate::types::TypeName;

/// `name type [COLLATE c] [GENERATED …] [DEFAULT …] [NOT NULL]`, or None when
/// the spec gives no type to create the column with.
pub fn column_definition(column: &ColumnSpec) -> Option<String> {
    let type_ = column.type_.as_ref()?;
    let mut def = format!("{} {}", quote_ident(&column.name), type_sql(&type_.value));
    if let Some(collation) = &column.collation {
        def.push_str(&format!(" COLLATE {}", quote_ident(&collation.value)));
    }
    if let Some(generated) = &column.generated {
        def.push_str(&format!(" GENERATED ALWAYS AS ({}) STORED", generated.value));
    }
    if let Some(identity) = column.identity.as_ref().and_then(|i| i.value) {
        def.push_str(&format!(" GENERATED {} AS IDENTITY", identity_word(identity)));
    }
    if let Some(default) = column.default.as_ref().and_then(|d| d.value.as_ref()) {
        def.push_str(&format!(" DEFAULT {default}"));
    }
    if column.nullable.as_ref().is_some_and(|n| !n.value)
        || column.identity.as_ref().is_some_and(|i| i.value.is_some())
    {
        def.push_str(" NOT NULL");
    }
    Some(def)
}

/// The type as DDL spells it: `serial` stays `serial` (it brings its sequence).
pub fn type_sql(type_: &TypeName) -> String {
    if type_.is_serial() {
        return match type_.name.as_str() {
            "bigint" => "bigserial".into(),
            "smallint" => "smallserial".into(),
            _ => "serial".into(),
        };
    }
    type_.to_string()
}

pub fn identity_word(identity: Identity) -> &'static str {
    match identity {
        Identity::Always => "ALWAYS",
        Identity::ByDefault => "BY DEFAULT",
    }
}

fn constraint_prefix(name: Option<&String>) -> String {
    name.map_or(String::new(), |n| format!("CONSTRAINT {} ", quote_ident(n)))
}

pub fn unique_clause(unique: &UniqueSpec) -> String {
    format!(
        "{}UNIQUE {}({})",
        constraint_prefix(unique.name.as_ref()),
        if unique.nulls_not_distinct == Some(true) { "NULLS NOT DISTINCT " } else { "" },
        column_list(&unique.columns)
    )
}

pub fn check_clause(check: &CheckSpec) -> String {
    format!("{}CHECK ({})", constraint_prefix(check.name.as_ref()), check.expression)
}

pub fn foreign_key_clause(key: &ForeignKeySpec) -> String {
    let clause = ForeignKeyClause {
        columns: &key.columns,
        references: &key.references,
        referenced_columns: &key.referenced_columns,
        match_full: key.match_full == Some(true),
        on_delete: key.on_delete.unwrap_or(FkAction::NoAction),
        delete_columns: &[],
        on_update: key.on_update.unwrap_or(FkAction::NoAction),
        deferrable: key.deferrable == Some(true),
        initially_deferred: key.initially_deferred == Some(true),
    };
    format!("{}{clause}", constraint_prefix(key.name.as_ref()))
}

pub fn create_index(table: &QualifiedName, index: &IndexSpec) -> String {
    let keys: Vec<String> = index
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let head = match c {
                IndexColumn::Column(name) => quote_ident(name),
                IndexColumn::Expression(expr) => format!("({expr})"),
            };
            let options = index.key_options.get(i).map(|o| o.sql()).unwrap_or_default();
            format!("{head}{options}")
        })
        .collect();
    let mut sql = format!(
        "CREATE {}INDEX {}ON {}",
        if index.unique == Some(true) { "UNIQUE " } else { "" },
        index.name.as_ref().map_or(String::new(), |n| format!("{} ", quote_ident(n))),
        quote_qualified(table)
    );
    if let Some(method) = &index.method {
        sql.push_str(&format!(" USING {}", quote_ident(method)));
    }
    sql.push_str(&format!(" ({})", keys.join(", ")));
    if !index.include.is_empty() {
        sql.push_str(&format!(" INCLUDE ({})", column_list(&index.include)));
    }
    if index.nulls_not_distinct == Some(true) {
        sql.push_str(" NULLS NOT DISTINCT");
    }
    if let Some(predicate) = &index.predicate {
        sql.push_str(&format!(" WHERE {predicate}"));
    }
    sql
}

/// None when the spec leaves out what a trigger cannot be created without.
pub fn create_trigger(table: &QualifiedName, trigger: &TriggerSpec) -> Option<String> {
    let timing = match trigger.timing? {
        TriggerTiming::Before => "BEFORE",
        TriggerTiming::After => "AFTER",
        TriggerTiming::InsteadOf => "INSTEAD OF",
    };
    let events = trigger.events.as_ref().filter(|e| !e.is_empty())?;
    let clauses = &trigger.clauses;
    let update_of = clauses.columns.as_ref().filter(|c| !c.is_empty());
    let events: Vec<String> = events
        .iter()
        .map(|e| match e {
            TriggerEvent::Insert => "INSERT".to_string(),
            TriggerEvent::Update => match update_of {
                Some(columns) => format!("UPDATE OF {}", column_list(columns)),
                None => "UPDATE".to_string(),
            },
            TriggerEvent::Delete => "DELETE".to_string(),
            TriggerEvent::Truncate => "TRUNCATE".to_string(),
        })
        .collect();
    let function = trigger.function.as_ref()?;
    let level = if trigger.for_each_row.unwrap_or(true) { "ROW" } else { "STATEMENT" };
    let when = trigger.when.as_ref().map_or(String::new(), |w| format!(" WHEN ({w})"));
    let constraint = clauses.constraint == Some(true);
    let mut after_table = String::new();
    if constraint {
        after_table.push_str(match (clauses.deferrable, clauses.initially_deferred) {
            (_, Some(true)) => " DEFERRABLE INITIALLY DEFERRED",
            (Some(true), _) => " DEFERRABLE INITIALLY IMMEDIATE",
            _ => " NOT DEFERRABLE",
        });
    }
    let transition: Vec<String> = [("OLD", &clauses.old_table), ("NEW", &clauses.new_table)]
        .into_iter()
        .filter_map(|(which, name)| Some(format!("{which} TABLE AS {}", quote_ident(name.as_ref()?))))
        .collect();
    if !transition.is_empty() {
        after_table.push_str(&format!(" REFERENCING {}", transition.join(" ")));
    }
    let arguments: Vec<String> =
        clauses.arguments.iter().flatten().map(|a| crate::sql::ident::quote_literal(a)).collect();
    Some(format!(
        "CREATE {}TRIGGER {} {timing} {} ON {}{after_table} FOR EACH {level}{when} EXECUTE FUNCTION {}({})",
        if constraint { "CONSTRAINT " } else { "" },
        quote_ident(&trigger.name),
        events.join(" OR "),
        quote_qualified(table),
        quote_qualified(function),
        arguments.join(", ")
    ))
}

/// The statement that puts a re-created trigger back in the state it had
/// (`pg_get_triggerdef` prints it enabled), if it was not plainly enabled.
pub fn trigger_state(table: &QualifiedName, trigger: &Trigger) -> Option<String> {
    let action = match trigger.enabled {
        'D' => "DISABLE TRIGGER",
        'R' => "ENABLE REPLICA TRIGGER",
        'A' => "ENABLE ALWAYS TRIGGER",
        _ => return None,
    };
    Some(alter_table(table, &format!("{action} {}", quote_ident(&trigger.name))))
}

/// `ALTER TABLE <table> <action>`.
pub fn alter_table(table: &QualifiedName, action: &str) -> String {
    format!("ALTER TABLE {} {action}", quote_qualified(table))
}

/// `<table>_backup_<date>`, cut to PostgreSQL's 63-byte names on a character boundary.
pub fn backup_name(table: &QualifiedName, date: &str) -> QualifiedName {
    let suffix = format!("_backup_{date}");
    let mut base = table.name.clone();
    while base.len() + suffix.len() > 63 {
        base.pop();
    }
    QualifiedName::new(&table.schema, format!("{base}{suffix}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::location::{Located, Location};

    fn column(name: &str, type_: &str) -> ColumnSpec {
        ColumnSpec {
            name: name.into(),
            at: Location::default(),
            type_: Some(Located::new(crate::types::parse_type(type_).unwrap(), Location::default())),
            nullable: None,
            default: None,
            identity: None,
            generated: None,
            collation: None,
            comment: None,
        }
    }

    #[test]
    fn column_definitions_quote_names_and_keep_expressions() {
        let mut c = column("Order Id", "varchar(20)");
        c.nullable = Some(Located::new(false, Location::default()));
        c.default = Some(Located::new(Some("'x'".into()), Location::default()));
        assert_eq!(column_definition(&c).unwrap(), "\"Order Id\" character varying(20) DEFAULT 'x' NOT NULL");
        assert_eq!(column_definition(&column("id", "bigserial")).unwrap(), "id bigserial");
        let mut untyped = column("x", "int");
        untyped.type_ = None;
        assert_eq!(column_definition(&untyped), None);
    }

    #[test]
    fn backup_names_fit_in_63_bytes() {
        let long = QualifiedName::new("public", "é".repeat(40));
        let name = backup_name(&long, "20261125");
        assert!(name.name.len() <= 63 && name.name.ends_with("_backup_20261125"), "{}", name.name);
        assert_eq!(backup_name(&QualifiedName::new("s", "t"), "20261125").name, "t_backup_20261125");
    }
}
