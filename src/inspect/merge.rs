//! Putting one database's entry into an existing spec file: the entry of the
//! same name is replaced (with the comment lines right above it), a new name
//! is added after the last entry. The rest of the file is kept byte for byte,
//! comments included.

use crate::spec::yaml::{self, Value};

/// The file with `entry` (printed at indentation 2, `  name:` first) in
/// place; true when an entry of that name was replaced.
pub fn merge(existing: &str, name: &str, entry: &str) -> Result<(String, bool), String> {
    let root =
        yaml::parse(existing).map_err(|e| format!("it is not valid YAML ({}: {})", e.at, e.message))?;
    let Value::Map(top) = &root.value else {
        return Err("it is not a spec (no `databases:` mapping)".into());
    };
    let Some(at) = top.iter().position(|(k, _)| k.text == "databases") else {
        return Err("it has no `databases:` key".into());
    };
    let (key, databases) = &top[at];
    let Value::Map(entries) = &databases.value else {
        return Err("its `databases:` is not a mapping".into());
    };
    let lines: Vec<&str> = existing.split_inclusive('\n').collect();
    if entries.iter().any(|(k, _)| k.at.line <= key.at.line)
        || (entries.is_empty() && databases.at.line == key.at.line)
    {
        return Err("its `databases:` is written in flow style ({ … }); write to a new file instead".into());
    }
    let indent = entries.first().map_or(2, |(k, _)| k.at.column as usize - 1);
    let entry = reindent(entry, indent);
    // Line indexes (0-based) where each entry starts, comments above included.
    let start_of = |line: u32| -> usize {
        let mut start = line as usize - 1;
        while start > 0 && lines[start - 1].trim_start().starts_with('#') {
            start -= 1;
        }
        start
    };
    // Where the databases mapping ends: the next top-level key, or the end.
    let end_of_databases = top.get(at + 1).map_or(lines.len(), |(k, _)| start_of(k.at.line));
    let position = entries.iter().position(|(k, _)| k.text == name);
    let (from, to) = match position {
        Some(i) => {
            let from = start_of(entries[i].0.at.line);
            let to = entries.get(i + 1).map_or(end_of_databases, |(k, _)| start_of(k.at.line));
            (from, to)
        }
        None => (end_of_databases, end_of_databases),
    };
    // Blank lines between entries stay where they were.
    let mut to = to;
    while position.is_some() && to > from && lines[to - 1].trim().is_empty() {
        to -= 1;
    }
    let mut out = String::new();
    for line in &lines[..from] {
        out.push_str(line);
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&entry);
    for line in &lines[to..] {
        out.push_str(line);
    }
    Ok((out, position.is_some()))
}

/// Text printed at indentation 2, moved to `indent`.
fn reindent(text: &str, indent: usize) -> String {
    if indent == 2 {
        return text.to_string();
    }
    text.split_inclusive('\n')
        .map(|line| {
            if line.trim().is_empty() {
                line.to_string()
            } else if indent > 2 {
                format!("{}{line}", " ".repeat(indent - 2))
            } else {
                line.strip_prefix(&" ".repeat(2 - indent)).unwrap_or(line).to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# top\nversion: 1\ndatabases:\n  # about a\n  a:\n    schemas: {}\n\n  b:\n    schemas: {}\nlint_extra: 1\n";

    #[test]
    fn an_entry_of_the_same_name_is_replaced_with_its_comment() {
        let (out, replaced) = merge(FILE, "a", "  # new a\n  a:\n    extensions: [x]\n").unwrap();
        assert!(replaced);
        assert_eq!(
            out,
            "# top\nversion: 1\ndatabases:\n  # new a\n  a:\n    extensions: [x]\n\n  b:\n    schemas: {}\nlint_extra: 1\n"
        );
    }

    #[test]
    fn a_new_name_is_added_after_the_last_entry() {
        let (out, replaced) = merge(FILE, "c", "  c:\n    schemas: {}\n").unwrap();
        assert!(!replaced);
        assert!(out.ends_with("  b:\n    schemas: {}\n  c:\n    schemas: {}\nlint_extra: 1\n"), "{out}");
    }

    #[test]
    fn other_indentation_is_followed() {
        let file = "version: 1\ndatabases:\n    a:\n        schemas: {}\n";
        let (out, _) = merge(file, "b", "  b:\n    schemas:\n      public: {}\n").unwrap();
        assert_eq!(
            out,
            "version: 1\ndatabases:\n    a:\n        schemas: {}\n    b:\n      schemas:\n        public: {}\n"
        );
    }

    #[test]
    fn flow_style_and_non_specs_are_refused() {
        assert!(merge("version: 1\ndatabases: { a: {} }\n", "b", "  b: {}\n").is_err());
        assert!(merge("- 1\n", "b", "  b: {}\n").is_err());
        assert!(merge("version: 1\n", "b", "  b: {}\n").is_err());
    }
}
