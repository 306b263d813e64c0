//! The JSON Schema of the spec file, generated from [`shape`] (never written
//! by hand, so it cannot drift from what the decoder accepts).
//!
//! Draft-07, because that is the draft editors complete from most reliably:
//! yaml-language-server (VS Code, Neovim, Helix…), JetBrains IDEs and
//! SchemaStore all read it fully, while their support of 2019-09 and 2020-12
//! keywords is partial. Nothing here needs a later draft.
//!
//! Each section of the format is a definition; descriptions come from the
//! shape's doc lines so that an editor shows them on hover. The schema is
//! slightly stricter than the decoder in one way: keywords (`after`,
//! `cascade`) are listed in lower case, the spelling the README uses, while
//! the decoder also accepts other cases.

use super::shape::{self, KeyShape, Section, Shape};
use serde_json::{Map, Value, json};

pub const DRAFT: &str = "http://json-schema.org/draft-07/schema#";

/// The schema as a JSON value.
pub fn spec_schema() -> Value {
    let mut sections = Vec::new();
    shape::ROOT.sections(&mut sections);
    let mut root = Map::new();
    root.insert("$schema".into(), json!(DRAFT));
    root.insert("title".into(), json!("pgconform spec"));
    // The root is the spec section itself, inline: in draft-07 a `$ref` hides
    // its sibling keywords, `definitions` included, from some validators.
    if let Value::Object(fields) = section(&shape::SPEC) {
        root.extend(fields);
    }
    let definitions: Map<String, Value> = sections
        .iter()
        .filter(|s| !std::ptr::eq(**s, &shape::SPEC))
        .map(|s| (s.id.to_string(), section(s)))
        .collect();
    root.insert("definitions".into(), Value::Object(definitions));
    Value::Object(root)
}

/// The schema as the text `pgconform schema` prints (and the repository keeps
/// in `schemas/spec.schema.json`).
pub fn spec_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&spec_schema()).unwrap_or_default();
    text.push('\n');
    text
}

fn section(section: &Section) -> Value {
    let properties: Map<String, Value> =
        section.keys.iter().map(|k| (k.key.to_string(), property(k))).collect();
    let required: Vec<&str> = section.keys.iter().filter(|k| k.required).map(|k| k.key).collect();
    let mut out = Map::new();
    // An empty value reads as `{}` (`analytics_cache:` alone), unless a key is required.
    out.insert("type".into(), if required.is_empty() { json!(["object", "null"]) } else { json!("object") });
    out.insert("description".into(), json!(section.doc));
    out.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        out.insert("required".into(), json!(required));
    }
    out.insert("additionalProperties".into(), json!(false));
    if !section.exclusive.is_empty() {
        let nots: Vec<Value> =
            section.exclusive.iter().map(|pair| json!({ "not": { "required": pair } })).collect();
        out.insert("allOf".into(), Value::Array(nots));
    }
    Value::Object(out)
}

fn property(key: &KeyShape) -> Value {
    let value = shape(&key.value);
    match value {
        // Draft-07 ignores the siblings of `$ref`: the description goes beside it in an allOf.
        Value::Object(fields) if fields.contains_key("$ref") => {
            json!({ "description": key.doc, "allOf": [Value::Object(fields)] })
        }
        Value::Object(mut fields) => {
            fields.insert("description".into(), json!(key.doc));
            Value::Object(fields)
        }
        other => other,
    }
}

fn shape(shape: &Shape) -> Value {
    match shape {
        Shape::Text => json!({ "type": "string", "minLength": 1 }),
        Shape::Scalar => json!({ "type": ["string", "number", "boolean"] }),
        Shape::Bool => json!({ "type": "boolean" }),
        // The decoder compares the scalar's text with `1`.
        Shape::Version => json!({ "enum": [1, "1"] }),
        Shape::Choice(choices) => json!({ "type": "string", "enum": choices }),
        Shape::Null => json!({ "type": "null" }),
        Shape::List(item) => json!({ "type": ["array", "null"], "items": self::shape(item) }),
        Shape::OneOrList(item) => {
            let item = self::shape(item);
            json!({ "anyOf": [item.clone(), { "type": "array", "items": item }] })
        }
        Shape::Mapping(section) => json!({ "$ref": format!("#/definitions/{}", section.id) }),
        Shape::Names(value) => {
            json!({ "type": ["object", "null"], "additionalProperties": self::shape(value) })
        }
        Shape::AnyOf(shapes) => json!({ "anyOf": shapes.iter().map(self::shape).collect::<Vec<_>>() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_is_a_definition_and_every_reference_resolves() {
        let schema = spec_schema();
        let definitions = schema["definitions"].as_object().expect("definitions");
        let mut sections = Vec::new();
        shape::ROOT.sections(&mut sections);
        assert_eq!(definitions.len(), sections.len() - 1, "every section but the root");
        let text = schema.to_string();
        for reference in text.split("\"#/definitions/").skip(1) {
            let id = reference.split('"').next().unwrap_or_default();
            assert!(definitions.contains_key(id), "dangling reference to {id}");
        }
    }

    #[test]
    fn keys_carry_their_doc_and_sections_are_closed() {
        let schema = spec_schema();
        assert_eq!(schema["additionalProperties"], false);
        assert_eq!(schema["required"], json!(["databases"]));
        let table = &schema["definitions"]["table"];
        assert_eq!(table["additionalProperties"], false);
        assert_eq!(table["type"], json!(["object", "null"]), "`t:` alone is a table that must exist");
        assert_eq!(table["properties"]["columns"]["description"], shape::TABLE.key("columns").unwrap().doc);
        let on_delete = &schema["definitions"]["foreign_key"]["properties"]["on_delete"];
        assert_eq!(on_delete["enum"], json!(shape::FK_ACTIONS));
        assert_eq!(
            schema["definitions"]["function"]["allOf"],
            json!([{ "not": { "required": ["sql", "sql_file"] } }])
        );
        // A reference keeps its description through the allOf wrapper.
        let lint = &schema["definitions"]["database"]["properties"]["lint"];
        assert_eq!(lint["allOf"][0]["$ref"], "#/definitions/lint");
        assert!(lint["description"].as_str().is_some_and(|d| !d.is_empty()));
    }
}
