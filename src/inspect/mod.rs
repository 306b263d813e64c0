//! `pgconform inspect`: write the spec of a live database.
//!
//! The catalog is read the way `check` reads it (one READ ONLY, REPEATABLE
//! READ transaction, the same bulk queries), so what `inspect` writes is what
//! `check` will compare: checking a database against its own spec passes with
//! nothing skipped. `render` turns the snapshot into the spec's tree (pure),
//! `yaml` prints it, `merge` puts a database's entry into an existing file.

mod access;
mod behaviour;
mod comments;
pub mod merge;
pub mod render;
mod sequences;
mod structure;
mod types;
pub mod yaml;

use crate::catalog::{self, Snapshot};
use crate::connect::{self, SessionLimits, Target};
use render::{RenderOptions, Rendered};
use std::path::{Component, Path, PathBuf};

/// What `inspect` was asked for.
#[derive(Debug, Clone, Default)]
pub struct InspectOptions {
    /// Only these schemas (empty: all user schemas).
    pub schemas: Vec<String>,
    /// The spec file to write (None: standard output). When it exists, the
    /// database's entry is added to it, or replaces the entry of that name.
    pub output: Option<PathBuf>,
    /// Write function and view bodies as files under this folder.
    pub sql_dir: Option<PathBuf>,
    /// The database's name in the spec (default: the database's own name).
    pub database: Option<String>,
}

/// What an inspection produced.
#[derive(Debug, Clone)]
pub struct Inspection {
    /// The whole spec file's text.
    pub text: String,
    pub name: String,
    pub counts: render::Counts,
    /// The entry replaced one of the same name in the existing output file.
    pub replaced: bool,
}

/// Reads the catalog of the database at `target` in a READ ONLY,
/// REPEATABLE READ transaction (nothing is asked beyond the catalog itself).
pub fn read_catalog(target: &Target, limits: SessionLimits) -> Result<Snapshot, String> {
    let mut client = connect::connect(target, limits).map_err(|e| e.to_string())?;
    let _watch = crate::interrupt::watch(connect::canceller(&client, target));
    let where_ = connect::describe(&target.params);
    let mut tx = client
        .build_transaction()
        .read_only(true)
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .start()
        .map_err(|e| format!("{where_}: {}", connect::error_text(&e)))?;
    let snapshot = catalog::read(&mut tx, catalog::Detail::Full, &catalog::Questions::default())
        .map_err(|e| format!("{where_}: {e}"))?;
    tx.rollback().map_err(|e| format!("{where_}: {}", connect::error_text(&e)))?;
    Ok(snapshot)
}

/// Inspects the database at `target` and writes the spec (and SQL files) as
/// `options` say; returns what was written.
pub fn run(target: &Target, limits: SessionLimits, options: &InspectOptions) -> Result<Inspection, String> {
    let snapshot = read_catalog(target, limits)?;
    let spec_dir = match &options.output {
        Some(path) => path.parent().map(Path::to_path_buf).unwrap_or_default(),
        None => PathBuf::new(),
    };
    let sql_dir = options.sql_dir.as_ref().map(|dir| relative_to(&spec_dir, dir));
    let render_options = RenderOptions { schemas: options.schemas.clone(), sql_dir };
    let rendered = render::render(&snapshot, &render_options);
    let name = options.database.clone().unwrap_or_else(|| snapshot.database.clone());
    let entry = entry_text(&name, &snapshot, &rendered);
    let existing = match &options.output {
        Some(path) if path.exists() => Some(
            std::fs::read_to_string(path)
                .map_err(|e| format!("error: cannot read {}: {e}", path.display()))?,
        ),
        _ => None,
    };
    // An empty file (or one of comments only) is written as new.
    let existing =
        existing.filter(|t| t.lines().any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')));
    let (text, replaced) = match existing {
        Some(existing) => merge::merge(&existing, &name, &entry)
            .map_err(|e| format!("error: cannot add database `{name}` to {}: {e}", display(options)))?,
        None => (format!("{HEADER}version: 1\ndatabases:\n{entry}"), false),
    };
    if let Some(dir) = &options.sql_dir {
        for (relative, body) in &rendered.files {
            let path = dir.join(relative);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("error: cannot create {}: {e}", parent.display()))?;
            }
            std::fs::write(&path, body)
                .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
        }
    }
    // What inspect writes must load: a spec that does not is a bug here,
    // reported rather than handed to the user.
    let spec_path = options.output.clone().unwrap_or_else(|| PathBuf::from("expected_schema.yaml"));
    if let Err(errors) = crate::spec::parse(&text, &spec_path) {
        return Err(format!(
            "error: the spec inspect wrote does not load (a bug in pgconform inspect; please report it):\n{errors}"
        ));
    }
    if let Some(path) = &options.output {
        std::fs::write(path, &text).map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
    }
    Ok(Inspection { text, name, counts: rendered.counts, replaced })
}

fn display(options: &InspectOptions) -> String {
    options.output.as_ref().map_or("standard output".into(), |p| p.display().to_string())
}

const HEADER: &str = "# Written by `pgconform inspect`. `pgconform check` compares a database with it.\n";

/// `  name:` and its value, indented as an entry of `databases:`, with the
/// comment that lists what the spec does not express.
pub fn entry_text(name: &str, snapshot: &Snapshot, rendered: &Rendered) -> String {
    let c = rendered.counts;
    let mut comment = vec![format!(
        "As read from PostgreSQL {}: {} schema(s), {} table(s), {} view(s), {} function(s).",
        version_text(snapshot.server_version_num),
        c.schemas,
        c.tables,
        c.views,
        c.functions
    )];
    if rendered.notes.is_empty() {
        comment.push("Everything read is expressed below.".into());
    } else {
        comment.push(
            "Not expressed in the spec format, so neither checked by `check` nor created by `fix`:".into(),
        );
        comment.extend(rendered.notes.iter().map(|n| format!("  - {n}")));
    }
    comment.push(format!("Not read at all: {}.", render::NOT_READ));
    let mut root = yaml::Yaml::map();
    root.set_commented(name, rendered.entry.clone(), comment);
    yaml::print(&root, 2)
}

/// 150004 → "15.4".
fn version_text(num: i32) -> String {
    format!("{}.{}", num / 10_000, num % 10_000)
}

/// `to` as a path relative to the folder `from` (both relative to the
/// current folder, or both absolute); `to` itself when no relative path
/// leads there.
pub fn relative_to(from: &Path, to: &Path) -> PathBuf {
    let absolute = |p: &Path| -> Option<PathBuf> {
        let p = if p.as_os_str().is_empty() { Path::new(".") } else { p };
        let base = if p.is_absolute() { PathBuf::new() } else { std::env::current_dir().ok()? };
        let mut out = PathBuf::new();
        for part in base.join(p).components() {
            match part {
                Component::CurDir => {}
                Component::ParentDir => {
                    out.pop();
                }
                other => out.push(other),
            }
        }
        Some(out)
    };
    let (Some(from), Some(to_abs)) = (absolute(from), absolute(to)) else { return to.to_path_buf() };
    let common = from.components().zip(to_abs.components()).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in from.components().skip(common) {
        out.push("..");
    }
    for part in to_abs.components().skip(common) {
        out.push(part);
    }
    if out.as_os_str().is_empty() { PathBuf::from(".") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_folder_relative_to_the_spec() {
        assert_eq!(relative_to(Path::new("out"), Path::new("out/sql")), PathBuf::from("sql"));
        assert_eq!(relative_to(Path::new(""), Path::new("sql")), PathBuf::from("sql"));
        assert_eq!(relative_to(Path::new("a/b"), Path::new("a/sql")), PathBuf::from("../sql"));
        assert_eq!(relative_to(Path::new("/x/y"), Path::new("/x/y/z")), PathBuf::from("z"));
    }
}
