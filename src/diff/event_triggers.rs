//! Event triggers (`event_triggers:` of a database): one finding each, its
//! event, function, tags and state compared when declared.
//!
//! Repairs: a missing one is created (CREATE EVENT TRIGGER needs a
//! superuser: for another role the server refuses and `fix --apply` rolls
//! back); a different event, function or tag list means DROP and CREATE (the
//! server cannot change them in place), taking what the spec leaves out from
//! the live trigger; a different state alone is ALTER EVENT TRIGGER
//! ENABLE/DISABLE. All in [`Phase::Details`], once the functions exist.

use super::Context;
use crate::catalog::{EventTrigger, QualifiedName};
use crate::diff::{CheckKind, Finding, Repair, SqlRepair, Status};
use crate::fix::Phase;
use crate::spec::{DatabaseSpec, EventTriggerSpec};
use crate::sql::ident::{quote_ident, quote_literal, quote_qualified};

pub fn event_triggers(cx: &Context, db: &DatabaseSpec, out: &mut Vec<Finding>) {
    for spec in &db.event_triggers {
        out.push(event_trigger(cx, spec));
    }
}

fn state(enabled: char) -> &'static str {
    match enabled {
        'D' => "disabled",
        'R' => "enabled on replicas only",
        'A' => "enabled always",
        _ => "enabled",
    }
}

fn tags(tags: &[String]) -> String {
    if tags.is_empty() { "every command".to_string() } else { format!("tags {}", tags.join(", ")) }
}

fn event_trigger(cx: &Context, spec: &EventTriggerSpec) -> Finding {
    let f = cx.finding(CheckKind::EventTrigger, &spec.name, Status::Pass).at(spec.at);
    let mut expected = Vec::new();
    if let Some(event) = &spec.event {
        expected.push(format!("on {}", event.value));
    }
    if let Some(function) = &spec.function {
        expected.push(format!("calls {}()", function.value));
    }
    if let Some(t) = &spec.tags {
        expected.push(tags(t));
    }
    if let Some(enabled) = spec.enabled {
        expected.push(if enabled { "enabled" } else { "disabled" }.to_string());
    }
    let expected = if expected.is_empty() { "exists".to_string() } else { expected.join(" ") };
    let Some(found) = cx.snapshot.event_triggers.iter().find(|e| e.name == spec.name) else {
        let repair = match create(spec, None) {
            Some(statements) => Repair::Sql(SqlRepair {
                phase: Phase::Details,
                title: format!("create event trigger {}", spec.name),
                statements,
                blocked: None,
            }),
            None => Repair::Manual(format!(
                "event trigger {} needs `event` and `function` in the spec to be created",
                spec.name
            )),
        };
        return f
            .fail()
            .message(format!("event trigger {} does not exist", spec.name))
            .expected(expected)
            .actual("missing")
            .repair(repair);
    };
    let mut actual = Vec::new();
    let mut wrong = Vec::new();
    let mut recreate = false;
    if let Some(event) = &spec.event {
        actual.push(format!("on {}", found.event));
        if event.value != found.event {
            wrong.push(format!("fires on {} (expected {})", found.event, event.value));
            recreate = true;
        }
    }
    if let Some(function) = &spec.function {
        actual.push(format!("calls {}()", found.function));
        if function.value != found.function {
            wrong.push(format!("calls {}() (expected {}())", found.function, function.value));
            recreate = true;
        }
    }
    let mut live_tags: Vec<String> = found.tags.iter().map(|t| t.to_uppercase()).collect();
    live_tags.sort();
    live_tags.dedup();
    if let Some(t) = &spec.tags {
        actual.push(tags(&live_tags));
        if *t != live_tags {
            wrong.push(format!("fires for {} (expected {})", tags(&live_tags), tags(t)));
            recreate = true;
        }
    }
    let mut state_differs = false;
    if let Some(enabled) = spec.enabled {
        actual.push(state(found.enabled).to_string());
        if enabled != (found.enabled != 'D') {
            wrong.push(format!(
                "is {} (expected {})",
                state(found.enabled),
                if enabled { "enabled" } else { "disabled" }
            ));
            state_differs = true;
        }
    }
    let actual = if actual.is_empty() { "exists".to_string() } else { actual.join(" ") };
    if wrong.is_empty() {
        return f
            .message(format!(
                "event trigger {} on {} calls {}() for {}",
                spec.name,
                found.event,
                found.function,
                tags(&live_tags)
            ))
            .expected(expected)
            .actual(actual);
    }
    let name = quote_ident(&spec.name);
    let statements = if recreate {
        let mut sql = vec![format!("DROP EVENT TRIGGER {name}")];
        sql.extend(create(spec, Some(found)).unwrap_or_default());
        sql
    } else if state_differs {
        let action = if spec.enabled == Some(false) { "DISABLE" } else { "ENABLE" };
        vec![format!("ALTER EVENT TRIGGER {name} {action}")]
    } else {
        Vec::new()
    };
    f.fail()
        .message(format!("event trigger {} {}", spec.name, wrong.join(", ")))
        .expected(expected)
        .actual(actual)
        .repair(Repair::Sql(SqlRepair {
            phase: Phase::Details,
            title: format!("{} event trigger {}", if recreate { "re-create" } else { "alter" }, spec.name),
            statements,
            blocked: None,
        }))
}

/// CREATE EVENT TRIGGER (and ALTER … DISABLE, or the live state kept) from
/// the spec, what it leaves out taken from `live`; None when neither says
/// the event or the function.
fn create(spec: &EventTriggerSpec, live: Option<&EventTrigger>) -> Option<Vec<String>> {
    let event = spec.event.as_ref().map(|e| e.value.clone()).or_else(|| live.map(|l| l.event.clone()))?;
    let function: QualifiedName =
        spec.function.as_ref().map(|f| f.value.clone()).or_else(|| live.map(|l| l.function.clone()))?;
    let tags = spec.tags.clone().or_else(|| live.map(|l| l.tags.clone())).unwrap_or_default();
    let name = quote_ident(&spec.name);
    let when = if tags.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = tags.iter().map(|t| quote_literal(t)).collect();
        format!(" WHEN TAG IN ({})", list.join(", "))
    };
    let mut sql = vec![format!(
        "CREATE EVENT TRIGGER {name} ON {}{when} EXECUTE FUNCTION {}()",
        quote_ident(&event),
        quote_qualified(&function)
    )];
    let enabled = spec.enabled.map(|e| if e { 'O' } else { 'D' }).or(live.map(|l| l.enabled)).unwrap_or('O');
    match enabled {
        'D' => sql.push(format!("ALTER EVENT TRIGGER {name} DISABLE")),
        'R' => sql.push(format!("ALTER EVENT TRIGGER {name} ENABLE REPLICA")),
        'A' => sql.push(format!("ALTER EVENT TRIGGER {name} ENABLE ALWAYS")),
        _ => {}
    }
    Some(sql)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::location::{Located, Location};

    fn spec() -> EventTriggerSpec {
        EventTriggerSpec {
            name: "audit".into(),
            at: Location::default(),
            event: Some(Located::new("ddl_command_end".into(), Location::default())),
            function: Some(Located::new(QualifiedName::new("public", "audit_ddl"), Location::default())),
            tags: Some(vec!["ALTER TABLE".into(), "CREATE TABLE".into()]),
            enabled: Some(false),
        }
    }

    #[test]
    fn created_from_the_spec() {
        assert_eq!(
            create(&spec(), None).unwrap(),
            [
                "CREATE EVENT TRIGGER audit ON ddl_command_end WHEN TAG IN ('ALTER TABLE', 'CREATE TABLE') EXECUTE FUNCTION public.audit_ddl()",
                "ALTER EVENT TRIGGER audit DISABLE",
            ]
        );
        let bare = EventTriggerSpec { tags: None, enabled: None, ..spec() };
        assert_eq!(
            create(&bare, None).unwrap(),
            ["CREATE EVENT TRIGGER audit ON ddl_command_end EXECUTE FUNCTION public.audit_ddl()"]
        );
        assert!(create(&EventTriggerSpec { event: None, ..spec() }, None).is_none());
    }
}
