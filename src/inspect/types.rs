//! A schema's enum, domain and composite types as the spec's `types:`.
//!
//! Written as the server prints them (labels in their sort order, the
//! domain's default and checks as `pg_get_expr` deparses them, types as
//! `format_type` spells them, shortened where the type normaliser reads the
//! short form as the same type), so that a database rebuilt from the spec
//! inspects back to the same text.

use super::yaml::Yaml;
use crate::catalog::{Snapshot, UserType, UserTypeKind};

/// Whether the spec can declare `t` (extension types are the extension's).
fn expressed(t: &UserType) -> bool {
    !t.from_extension && t.kind.declarable()
}

/// The `types:` of `schema` (an empty mapping when it has none); what the
/// spec cannot say about them goes to `notes`.
pub fn schema_types(snapshot: &Snapshot, schema: &str, notes: &mut Vec<String>) -> Yaml {
    let mut types = Yaml::block();
    for t in snapshot.types.values().filter(|t| t.name.schema == schema && expressed(t)) {
        let mut m = Yaml::map();
        match t.kind {
            UserTypeKind::Enum => m.set("enum", Yaml::strs(t.enum_labels.iter().cloned())),
            UserTypeKind::Domain => {
                m.set("domain", Yaml::str(super::render::short_type(t.domain_base.as_deref().unwrap_or(""))));
                if t.domain_not_null {
                    m.set("nullable", Yaml::Bool(false));
                }
                if let Some(default) = &t.domain_default {
                    m.set("default", Yaml::str(default));
                }
                let default_name = format!("{}_check", t.name.name);
                let checks: Vec<Yaml> = t
                    .domain_checks
                    .iter()
                    .map(|c| {
                        if c.definition.ends_with(" NOT VALID") {
                            notes.push(format!(
                                "check {} of domain {} is NOT VALID (fix creates it validated)",
                                c.name, t.name
                            ));
                        }
                        if c.name == default_name {
                            Yaml::str(&c.expression)
                        } else {
                            let mut check = Yaml::map();
                            check.set("name", Yaml::str(&c.name));
                            check.set("expression", Yaml::str(&c.expression));
                            check
                        }
                    })
                    .collect();
                if !checks.is_empty() {
                    m.set("checks", Yaml::Seq(checks));
                }
            }
            _ => {
                let mut attributes = Yaml::map();
                for (name, type_text) in &t.attributes {
                    attributes.set(name.clone(), Yaml::str(super::render::short_type(type_text)));
                }
                m.set("composite", attributes);
            }
        }
        types.set(t.name.name.clone(), m);
    }
    types
}
