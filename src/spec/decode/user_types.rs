//! Decoding a schema's `types:` (enums, domains, composite types) and
//! `absent_types:`.

use super::super::user_types::{AttributeSpec, DomainSpec, TypeSpec, TypeSpecKind};
use super::*;

/// PostgreSQL's limit on names and enum labels (NAMEDATALEN - 1 bytes).
const NAME_BYTES: usize = 63;

impl Decoder {
    /// The entries of `types:` in a schema.
    pub(super) fn user_types(&mut self, schema: &str, node: &Node) -> Vec<TypeSpec> {
        let mut types = Vec::new();
        for (key, value) in self.named(node, "types") {
            if let Some(t) = self.user_type(schema, key, value) {
                types.push(t);
            }
        }
        types
    }

    /// A type both declared and listed as absent can never pass.
    pub(super) fn absent_types_declared(&mut self, schema: &SchemaSpec) {
        for name in &schema.absent_types {
            if schema.types.iter().any(|t| t.name.name == name.value) {
                self.error(name.at, format!("type `{}` is declared and listed in absent_types", name.value));
            }
        }
    }

    fn user_type(&mut self, schema: &str, key: &Key, node: &Node) -> Option<TypeSpec> {
        let mut fields = self.fields(node, &shape::USER_TYPE)?;
        let labels = fields.get("enum");
        let domain = fields.get("domain");
        let nullable = fields.get("nullable");
        let default = fields.get("default");
        let checks = fields.get("checks");
        let composite = fields.get("composite");
        fields.finish(self);
        let name = &key.text;
        let given: Vec<(&str, &Node)> = [("enum", labels), ("domain", domain), ("composite", composite)]
            .into_iter()
            .filter_map(|(k, n)| n.map(|n| (k, n)))
            .collect();
        match given.as_slice() {
            [] => {
                self.error_hint(
                    key.at,
                    format!("type `{name}` says neither `enum`, `domain` nor `composite`"),
                    "for example `mood: { enum: [sad, ok, happy] }`, `positive: { domain: integer }` or \
                     `pair: { composite: { a: integer, b: text } }`",
                );
                return None;
            }
            [_] => {}
            [(first, _), (second, n), ..] => {
                self.error(
                    n.at,
                    format!("type `{name}` has both `{first}` and `{second}`: a type is one of enum, domain or composite"),
                );
                return None;
            }
        }
        if domain.is_none() {
            for (k, n) in [("nullable", nullable), ("default", default), ("checks", checks)] {
                if let Some(n) = n {
                    self.error(n.at, format!("`{k}` applies to domains only, and type `{name}` is not one"));
                }
            }
        }
        let kind = if let Some(n) = labels {
            TypeSpecKind::Enum(Located::new(self.enum_labels(name, n), n.at))
        } else if let Some(n) = domain {
            let base = self.type_name(n, &format!("the base type of domain `{name}`"))?;
            if base.value.is_serial() {
                self.error(n.at, format!("domain `{name}`: serial is not a type a domain can be over"));
                return None;
            }
            let nullable = nullable.and_then(|n| self.bool(n, "nullable").map(|b| Located::new(b, n.at)));
            let default = default.and_then(|n| match n.value {
                Value::Null => Some(Located::new(None, n.at)),
                _ => self.string(n, "default").map(|s| Located::new(Some(s), n.at)),
            });
            let mut list = Vec::new();
            if let Some(n) = checks {
                for item in self.items(n, "checks") {
                    if let Some(check) = self.check(item) {
                        list.push(check);
                    }
                }
            }
            TypeSpecKind::Domain(DomainSpec { base, nullable, default, checks: list })
        } else {
            let n = composite.expect("one of the three was given");
            let mut attributes = Vec::new();
            for (key, value) in self.named(n, "composite") {
                let what = format!("the type of attribute `{}` of `{name}`", key.text);
                if let Some(type_) = self.type_name(value, &what) {
                    if type_.value.is_serial() {
                        self.error(value.at, format!("{what}: serial is not a type an attribute can have"));
                        continue;
                    }
                    attributes.push(AttributeSpec { name: key.text.clone(), type_: type_.value, at: key.at });
                }
            }
            TypeSpecKind::Composite(Located::new(attributes, n.at))
        };
        Some(TypeSpec { name: QualifiedName::new(schema, name), at: key.at, kind })
    }

    fn enum_labels(&mut self, name: &str, node: &Node) -> Vec<String> {
        let mut labels: Vec<String> = Vec::new();
        for item in self.items(node, "enum labels") {
            let Some(label) = item.scalar_text().filter(|_| !matches!(item.value, Value::Null)) else {
                self.wrong_type(item, "a label", "an enum label");
                continue;
            };
            if label.is_empty() || label.len() > NAME_BYTES {
                self.error(item.at, format!("enum `{name}`: a label has 1 to {NAME_BYTES} bytes"));
            } else if labels.contains(&label) {
                self.error(item.at, format!("enum `{name}` lists `{label}` twice"));
            } else {
                labels.push(label);
            }
        }
        labels
    }
}
