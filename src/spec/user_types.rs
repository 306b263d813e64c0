//! User-defined types in the spec: the `types:` of a schema (enums, domains
//! and composite types), decoded in `decode::user_types`.

use super::model::CheckSpec;
use crate::catalog::QualifiedName;
use crate::location::{Located, Location};
use crate::types::TypeName;

/// One entry of a schema's `types:`.
#[derive(Debug, Clone)]
pub struct TypeSpec {
    pub name: QualifiedName,
    pub at: Location,
    pub kind: TypeSpecKind,
}

#[derive(Debug, Clone)]
pub enum TypeSpecKind {
    /// The labels, in order (`enum: [sad, ok, happy]`).
    Enum(Located<Vec<String>>),
    Domain(DomainSpec),
    /// The attributes, in order (`composite: { a: integer, b: text }`).
    Composite(Located<Vec<AttributeSpec>>),
}

impl TypeSpecKind {
    /// `enum`, `domain` or `composite`, as messages name the kind.
    pub fn describe(&self) -> &'static str {
        match self {
            TypeSpecKind::Enum(_) => "enum",
            TypeSpecKind::Domain(_) => "domain",
            TypeSpecKind::Composite(_) => "composite",
        }
    }
}

/// A domain: its base type and, when written, its nullability, default and checks.
#[derive(Debug, Clone)]
pub struct DomainSpec {
    pub base: Located<TypeName>,
    pub nullable: Option<Located<bool>>,
    /// `Some(None)`: the domain must have no default (`default: null`).
    pub default: Option<Located<Option<String>>>,
    /// Check constraints over `VALUE`.
    pub checks: Vec<CheckSpec>,
}

/// An attribute of a composite type.
#[derive(Debug, Clone)]
pub struct AttributeSpec {
    pub name: String,
    pub type_: TypeName,
    pub at: Location,
}

impl TypeSpec {
    /// The types this one is built on (a domain's base, a composite's
    /// attribute types), as written: used to create types in order.
    pub fn uses(&self) -> Vec<&TypeName> {
        match &self.kind {
            TypeSpecKind::Enum(_) => Vec::new(),
            TypeSpecKind::Domain(d) => vec![&d.base.value],
            TypeSpecKind::Composite(attributes) => attributes.value.iter().map(|a| &a.type_).collect(),
        }
    }
}
