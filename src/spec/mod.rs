//! The spec file: `expected_schema.yaml` → [`Spec`], or every error in it.

mod access;
mod behaviour;
mod decode;
mod error;
pub mod index_element;
mod model;
pub mod schema;
pub mod shape;
mod user_types;
mod validate;
pub mod yaml;

pub use access::*;
pub use behaviour::*;
pub use decode::*;
pub use error::{SpecError, SpecErrors, suggest};
pub use model::*;
pub use user_types::*;

use std::path::Path;

/// Reads and validates a spec file.
pub fn load(path: &Path) -> Result<Spec, SpecErrors> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        SpecErrors(vec![SpecError {
            file: path.to_path_buf(),
            at: None,
            message: format!("cannot read the spec file: {e}"),
            hint: Some("pass the spec's path (default: ./expected_schema.yaml)".into()),
        }])
    })?;
    parse(&text, path)
}

/// Parses spec text; `path` names the file in errors and anchors relative paths.
pub fn parse(text: &str, path: &Path) -> Result<Spec, SpecErrors> {
    let root = yaml::parse(text).map_err(|e| {
        SpecErrors(vec![SpecError {
            file: path.to_path_buf(),
            at: Some(e.at),
            message: format!("invalid YAML: {}", e.message),
            hint: Some(if e.message.contains("duplicate key") {
                "a mapping names each key once: remove or rename one of them".into()
            } else {
                "check the indentation and that brackets and quotes are closed on this line or the one before"
                    .into()
            }),
        }])
    })?;
    let mut decoder = Decoder::new(path);
    let databases = decoder.spec(&root);
    validate::validate(&mut decoder, &databases);
    crate::free_in_background(root);
    if decoder.errors.is_empty() {
        Ok(Spec { path: path.to_path_buf(), databases })
    } else {
        let mut errors = decoder.errors;
        errors.sort_by_key(|e| e.at);
        Err(SpecErrors(errors))
    }
}

/// Expands `${NAME}` in a connection string from the environment. An unset
/// variable is an error naming it (never an empty host that would fall back
/// to some other server).
pub fn expand_env(text: &str, lookup: impl Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            return Err(format!("unclosed `${{` in `{text}`"));
        };
        let name = &after[..end];
        match lookup(name) {
            Some(value) => out.push_str(&value),
            None => return Err(format!("environment variable {name} is not set")),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}
