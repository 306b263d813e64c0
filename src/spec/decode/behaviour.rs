//! Decoding a trigger's further clauses, a view's `options`, a function's
//! `settings` and `event_triggers` (see `spec::behaviour`).

use super::super::behaviour::*;
use super::super::yaml::{Key, Node, Value};
use super::{Decoder, Fields};
use crate::catalog::{QualifiedName, TriggerEvent, TriggerTiming};
use crate::location::{Located, Location};
use crate::spec::shape;
use crate::sql::names;

pub(super) const CHECK_OPTIONS: [(&str, &str); 3] =
    [("none", "none"), ("local", "local"), ("cascaded", "cascaded")];
pub(super) const EVENTS: [(&str, &str); 5] = [
    ("ddl_command_start", "ddl_command_start"),
    ("ddl_command_end", "ddl_command_end"),
    ("sql_drop", "sql_drop"),
    ("table_rewrite", "table_rewrite"),
    ("login", "login"),
];

impl Decoder {
    /// The clauses of a trigger's mapping beyond the basic ones.
    pub(super) fn trigger_clauses(
        &mut self,
        fields: &mut Fields<'_>,
        at: Location,
        timing: Option<TriggerTiming>,
        events: Option<&[TriggerEvent]>,
        for_each_row: Option<bool>,
    ) -> TriggerClauses {
        let mut c = TriggerClauses::default();
        if let Some(n) = fields.get("columns") {
            let mut columns = Vec::new();
            for column in self.column_list(n, "trigger columns") {
                if !columns.contains(&column) {
                    columns.push(column);
                }
            }
            if !columns.is_empty() && events.is_some_and(|e| !e.contains(&TriggerEvent::Update)) {
                self.error(n.at, "trigger columns (UPDATE OF) need `update` among the trigger's events");
            }
            c.columns = Some(columns);
        }
        let constraint = fields.get("constraint").and_then(|n| self.bool(n, "constraint").map(|b| (b, n.at)));
        c.constraint = constraint.map(|(b, _)| b);
        if let Some((true, at)) = constraint {
            if timing.is_some_and(|t| t != TriggerTiming::After) {
                self.error(at, "a constraint trigger fires `after`");
            }
            if for_each_row == Some(false) {
                self.error(at, "a constraint trigger fires `for_each: row`");
            }
        }
        for key in ["deferrable", "initially_deferred"] {
            let Some(n) = fields.get(key) else { continue };
            let value = self.bool(n, key);
            if value == Some(true) && c.constraint != Some(true) {
                self.error_hint(
                    n.at,
                    format!("`{key}: true` is for constraint triggers"),
                    "add `constraint: true` (CREATE CONSTRAINT TRIGGER)",
                );
            }
            match key {
                "deferrable" => c.deferrable = value,
                _ => c.initially_deferred = value,
            }
        }
        if c.initially_deferred == Some(true) && c.deferrable == Some(false) {
            self.error(at, "a trigger that is initially deferred must be deferrable");
        }
        if let Some(n) = fields.get("arguments") {
            let items = self.items(n, "trigger arguments");
            let mut arguments = Vec::new();
            for item in items {
                match &item.value {
                    // An empty argument ('') is allowed, unlike most text.
                    Value::String(s) => arguments.push(s.clone()),
                    _ => arguments.extend(self.string(item, "a trigger argument")),
                }
            }
            c.arguments = Some(arguments);
        }
        c.old_table = fields.get("old_table").and_then(|n| self.string(n, "old_table"));
        c.new_table = fields.get("new_table").and_then(|n| self.string(n, "new_table"));
        c
    }

    /// `settings:` of a function.
    pub(super) fn function_settings(&mut self, fields: &mut Fields<'_>) -> Option<FunctionSettings> {
        let node = fields.get("settings")?;
        let mut settings = Vec::new();
        for (key, value) in self.named(node, "settings") {
            if let Some(text) = self.string(value, &format!("setting {}", key.text)) {
                settings.push((key.text.to_lowercase(), text));
            }
        }
        Some(FunctionSettings { at: node.at, settings })
    }

    /// `options:` of a view.
    pub(super) fn view_options(&mut self, node: &Node, materialized: bool) -> Option<ViewOptions> {
        if materialized {
            self.error(node.at, "`options` are for views, not materialized views");
            return None;
        }
        let mut fields = self.fields(node, &shape::VIEW_OPTIONS)?;
        let options = ViewOptions {
            at: node.at,
            security_barrier: fields.get("security_barrier").and_then(|n| self.bool(n, "security_barrier")),
            security_invoker: fields.get("security_invoker").and_then(|n| self.bool(n, "security_invoker")),
            check_option: fields
                .get("check_option")
                .and_then(|n| self.keyword(n, "check_option", &CHECK_OPTIONS))
                .map(str::to_string),
        };
        fields.finish(self);
        Some(options)
    }

    /// `event_triggers:` of a database.
    pub(super) fn event_triggers(&mut self, node: &Node) -> Vec<EventTriggerSpec> {
        let mut out = Vec::new();
        for (key, value) in self.named(node, "event_triggers") {
            if let Some(trigger) = self.event_trigger(key, value) {
                out.push(trigger);
            }
        }
        out
    }

    fn event_trigger(&mut self, key: &Key, node: &Node) -> Option<EventTriggerSpec> {
        let mut fields = self.fields(node, &shape::EVENT_TRIGGER)?;
        let event = fields.get("event").and_then(|n| {
            self.keyword(n, "event trigger event", &EVENTS).map(|e| Located::new(e.to_string(), n.at))
        });
        let function = fields.get("function").and_then(|n| {
            let text = self.string(n, "event trigger function")?;
            match names::parse_signature(&text).or_else(|_| names::parse_signature(&format!("{text}()"))) {
                Ok(sig) if sig.argument_types.is_empty() => Some(Located::new(
                    QualifiedName::new(sig.schema.unwrap_or_else(|| "public".to_string()), sig.name),
                    n.at,
                )),
                Ok(_) => {
                    self.error(n.at, "an event trigger function takes no arguments: name()");
                    None
                }
                Err(message) => {
                    self.error(n.at, format!("event trigger function: {message}"));
                    None
                }
            }
        });
        let tags = fields.get("tags").map(|n| {
            let mut tags: Vec<String> = self
                .strings(n, "event trigger tag")
                .into_iter()
                .map(|t| t.value.split_whitespace().collect::<Vec<_>>().join(" ").to_uppercase())
                .collect();
            tags.sort();
            tags.dedup();
            tags
        });
        let enabled = fields.get("enabled").and_then(|n| self.bool(n, "enabled"));
        fields.finish(self);
        Some(EventTriggerSpec { name: key.text.clone(), at: key.at, event, function, tags, enabled })
    }
}
