//! Writing a trigger's further clauses, a view's options and the event
//! triggers into an inspected spec (see `spec::behaviour`).
//!
//! Short forms: a trigger's `constraint`, `deferrable` and
//! `initially_deferred` only when true, `columns` only for an UPDATE OF
//! list (in the order the server keeps), `arguments` only when there are
//! some; a view's boolean options only when set; an event trigger's `tags`
//! only when it has a filter, `enabled` only when disabled.

use super::yaml::Yaml;
use crate::catalog::{Relation, RelationKind, Snapshot, Trigger};
use crate::sql::ident::quote_ident;

/// `columns`, `constraint`, `deferrable`, `initially_deferred`,
/// `arguments`, `old_table` and `new_table` of a trigger.
pub fn trigger_clauses(trigger: &Trigger, m: &mut Yaml) {
    if !trigger.update_columns.is_empty() {
        m.set("columns", Yaml::strs(trigger.update_columns.iter().cloned()));
    }
    if trigger.constraint_trigger {
        m.set("constraint", Yaml::Bool(true));
        if trigger.deferrable {
            m.set("deferrable", Yaml::Bool(true));
        }
        if trigger.initially_deferred {
            m.set("initially_deferred", Yaml::Bool(true));
        }
    }
    if !trigger.arguments.is_empty() {
        m.set("arguments", Yaml::strs(trigger.arguments.iter().cloned()));
    }
    if let Some(old) = &trigger.old_table {
        m.set("old_table", Yaml::str(old));
    }
    if let Some(new) = &trigger.new_table {
        m.set("new_table", Yaml::str(new));
    }
}

const VIEW_OPTIONS: &[&str] = &["security_barrier", "security_invoker", "check_option"];

/// Whether `inspect` writes this reloption of this relation as `options:`
/// (the others stay in the header notes).
pub fn expressed_option(rel: &Relation, option: &str) -> bool {
    rel.kind == RelationKind::View
        && option.split_once('=').is_some_and(|(name, _)| VIEW_OPTIONS.contains(&name))
}

/// `options:` of a view, for the options the spec can declare.
pub fn view_options(rel: &Relation, m: &mut Yaml) {
    if rel.kind != RelationKind::View {
        return;
    }
    let mut options = Yaml::map();
    for name in VIEW_OPTIONS {
        let Some(value) = rel.extras.options.iter().find_map(|o| {
            let (n, v) = o.split_once('=')?;
            (n == *name).then_some(v)
        }) else {
            continue;
        };
        if *name == "check_option" {
            options.set(*name, Yaml::str(value.to_ascii_lowercase()));
        } else {
            let on = matches!(value.to_ascii_lowercase().as_str(), "true" | "on" | "yes" | "1" | "t" | "y");
            options.set(*name, Yaml::Bool(on));
        }
    }
    if !options.is_empty_map() {
        m.set("options", options);
    }
}

/// `event_triggers:` of the database, or None when it has none.
pub fn event_triggers(snapshot: &Snapshot) -> Option<Yaml> {
    if snapshot.event_triggers.is_empty() {
        return None;
    }
    let mut out = Yaml::block();
    for trigger in &snapshot.event_triggers {
        let mut m = Yaml::map();
        m.set("event", Yaml::str(&trigger.event));
        let function = if trigger.function.schema == "public" {
            quote_ident(&trigger.function.name)
        } else {
            format!("{}.{}", quote_ident(&trigger.function.schema), quote_ident(&trigger.function.name))
        };
        m.set("function", Yaml::str(format!("{function}()")));
        if !trigger.tags.is_empty() {
            let mut tags = trigger.tags.clone();
            tags.sort();
            m.set("tags", Yaml::strs(tags));
        }
        if trigger.enabled == 'D' {
            m.set("enabled", Yaml::Bool(false));
        }
        out.set(trigger.name.clone(), m);
    }
    Some(out)
}

/// Notes for what the spec cannot say of the event triggers: a trigger
/// enabled on replicas only or always (the spec says enabled or disabled).
pub fn event_trigger_notes(snapshot: &Snapshot) -> Vec<String> {
    snapshot
        .event_triggers
        .iter()
        .filter(|t| matches!(t.enabled, 'R' | 'A'))
        .map(|t| {
            format!(
                "event trigger {} fires {}",
                t.name,
                if t.enabled == 'R' { "on replicas only (ENABLE REPLICA)" } else { "always (ENABLE ALWAYS)" }
            )
        })
        .collect()
}
