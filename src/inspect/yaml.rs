//! Writing YAML: a small tree ([`Yaml`]) and a printer that chooses, for each
//! node, the shortest form that reads back as the same value.
//!
//! Why not serde: the spec is read by humans first, so the printer chooses
//! flow style (`{ type: uuid, nullable: false }`) for short mappings and block
//! style for long ones, literal blocks (`|`) for SQL bodies, and quotes a
//! string only when YAML 1.2 would read it plain as something else (`null`,
//! `true`, `1e3`) or could not read it at all. Every choice is checked by the
//! tests against the spec's own parser (`crate::spec::yaml`).

/// A YAML value to print.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    /// A string, quoted only when it must be.
    Str(String),
    /// `true` / `false`.
    Bool(bool),
    /// A whole number, printed plain (`start: 1000`).
    Int(i64),
    /// `null`.
    Null,
    Seq(Vec<Yaml>),
    /// Keys in the order given (the caller sorts), each with an optional
    /// comment printed above it in block style.
    Map(Vec<Entry>),
    /// A mapping always printed in block style (databases, schemas, tables):
    /// the outline a reader scans, and what `merge` can splice.
    Block(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub value: Yaml,
    pub comment: Vec<String>,
}

impl Yaml {
    pub fn str(text: impl Into<String>) -> Yaml {
        Yaml::Str(text.into())
    }

    pub fn strs<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Yaml {
        Yaml::Seq(items.into_iter().map(|s| Yaml::Str(s.into())).collect())
    }

    pub fn map() -> Yaml {
        Yaml::Map(Vec::new())
    }

    pub fn block() -> Yaml {
        Yaml::Block(Vec::new())
    }

    /// A mapping with no entries.
    pub fn is_empty_map(&self) -> bool {
        matches!(self, Yaml::Map(e) | Yaml::Block(e) if e.is_empty())
    }

    /// Adds `key: value` to a mapping (no-op on other nodes).
    pub fn set(&mut self, key: impl Into<String>, value: Yaml) {
        if let Yaml::Map(entries) | Yaml::Block(entries) = self {
            entries.push(Entry { key: key.into(), value, comment: Vec::new() });
        }
    }

    /// Adds `key: value` with comment lines above it.
    pub fn set_commented(&mut self, key: impl Into<String>, value: Yaml, comment: Vec<String>) {
        if let Yaml::Map(entries) | Yaml::Block(entries) = self {
            entries.push(Entry { key: key.into(), value, comment });
        }
    }

    fn is_scalar(&self) -> bool {
        matches!(self, Yaml::Str(_) | Yaml::Bool(_) | Yaml::Int(_) | Yaml::Null)
    }
}

/// Flow forms longer than this are printed in block style.
const FLOW_WIDTH: usize = 110;

/// Prints `value` (a mapping, normally) as a block at indentation `indent`,
/// each line ending in a newline.
pub fn print(value: &Yaml, indent: usize) -> String {
    let mut out = String::new();
    match value {
        Yaml::Map(entries) | Yaml::Block(entries) if !entries.is_empty() => {
            block_map(entries, indent, &mut out)
        }
        Yaml::Seq(items) if !items.is_empty() => block_seq(items, indent, &mut out),
        other => {
            out.push_str(&" ".repeat(indent));
            out.push_str(&flow(other).unwrap_or_else(|| "{}".into()));
            out.push('\n');
        }
    }
    out
}

fn block_map(entries: &[Entry], indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for entry in entries {
        for line in &entry.comment {
            out.push_str(&pad);
            out.push_str(&comment_line(line));
            out.push('\n');
        }
        out.push_str(&pad);
        out.push_str(&scalar(&entry.key, false));
        out.push(':');
        value_after_key(&entry.value, indent, out);
    }
}

/// What follows `key:` (or `- `): a flow form on the same line when it is
/// short and single-line, a literal block, or a nested block.
fn value_after_key(value: &Yaml, indent: usize, out: &mut String) {
    if let Yaml::Str(text) = value
        && let Some(block) = literal_block(text, indent + 2)
    {
        out.push(' ');
        out.push_str(&block);
        return;
    }
    if let Yaml::Str(text) = value {
        out.push(' ');
        out.push_str(&scalar(text, false));
        out.push('\n');
        return;
    }
    if let Some(flow) = flow(value).filter(|f| f.len() + indent <= FLOW_WIDTH || value.is_scalar()) {
        out.push(' ');
        out.push_str(&flow);
        out.push('\n');
        return;
    }
    out.push('\n');
    match value {
        Yaml::Map(entries) | Yaml::Block(entries) => block_map(entries, indent + 2, out),
        Yaml::Seq(items) => block_seq(items, indent + 2, out),
        _ => unreachable!("scalars always have a flow form"),
    }
}

fn block_seq(items: &[Yaml], indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for item in items {
        out.push_str(&pad);
        out.push('-');
        match item {
            // A long mapping item: its first key on the dash's line, the rest
            // aligned under it.
            Yaml::Map(entries) | Yaml::Block(entries)
                if !entries.is_empty()
                    && flow(item).is_none_or(|f| f.len() + indent + 2 > FLOW_WIDTH)
                    && entries.iter().all(|e| e.comment.is_empty()) =>
            {
                let mut inner = String::new();
                block_map(entries, indent + 2, &mut inner);
                out.push(' ');
                out.push_str(&inner[indent + 2..]);
            }
            _ => value_after_key(item, indent, out),
        }
    }
}

/// The one-line flow form, or None when some string in it needs a literal block.
fn flow(value: &Yaml) -> Option<String> {
    Some(match value {
        Yaml::Str(text) => {
            if text.contains('\n') && literal_block(text, 2).is_some() {
                return None;
            }
            scalar(text, true)
        }
        Yaml::Bool(b) => b.to_string(),
        Yaml::Int(n) => n.to_string(),
        Yaml::Null => "null".into(),
        Yaml::Seq(items) => {
            let parts: Option<Vec<String>> = items.iter().map(flow).collect();
            format!("[{}]", parts?.join(", "))
        }
        Yaml::Map(entries) | Yaml::Block(entries) if entries.is_empty() => "{}".into(),
        Yaml::Block(_) => return None,
        Yaml::Map(entries) => {
            if entries.iter().any(|e| !e.comment.is_empty()) {
                return None;
            }
            let parts: Option<Vec<String>> = entries
                .iter()
                .map(|e| Some(format!("{}: {}", scalar(&e.key, true), flow(&e.value)?)))
                .collect();
            format!("{{ {} }}", parts?.join(", "))
        }
    })
}

fn comment_line(text: &str) -> String {
    // A comment ends at the line's end: any line break inside is shown escaped.
    let clean: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if clean.is_empty() { "#".into() } else { format!("# {clean}") }
}

/// A string as a YAML scalar: plain when YAML reads it back as this very
/// string (in flow context when `in_flow`), else double-quoted.
pub fn scalar(text: &str, in_flow: bool) -> String {
    if plain_ok(text, in_flow) { text.to_string() } else { double_quoted(text) }
}

fn plain_ok(text: &str, in_flow: bool) -> bool {
    let Some(first) = text.chars().next() else { return false };
    if text.starts_with(' ') || text.ends_with(' ') || text.ends_with(':') {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        // `-x` and `:x` are plain in YAML 1.2, but some readers disagree.
        return false;
    }
    if text.contains(": ") || text.contains(" #") || text.contains(":\t") {
        return false;
    }
    if in_flow && text.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    if !text.chars().all(|c| c == ' ' || (!c.is_control() && !c.is_whitespace() && printable(c))) {
        return false;
    }
    !resolves_to_non_string(text)
}

/// YAML 1.2 core schema: what a plain scalar means when it is not a string
/// (and a few YAML 1.1 words that older readers take as booleans).
fn resolves_to_non_string(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "null"
            | "~"
            | "true"
            | "false"
            | "yes"
            | "no"
            | "on"
            | "off"
            | "y"
            | "n"
            | ".inf"
            | "-.inf"
            | "+.inf"
            | ".nan"
    ) {
        return true;
    }
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    !body.is_empty()
        && body.chars().next().is_some_and(|c| c.is_ascii_digit() || c == '.')
        && body
            .chars()
            .all(|c| c.is_ascii_hexdigit() || matches!(c, '.' | '_' | 'x' | 'o' | 'e' | 'E' | '+' | '-'))
}

fn printable(c: char) -> bool {
    !matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || !printable(c) => {
                let n = c as u32;
                if n <= 0xff {
                    out.push_str(&format!("\\x{n:02x}"));
                } else if n <= 0xffff {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A multi-line string as a literal block (`|`, `|-`, `|+`) indented at
/// `indent`, ending in a newline; None when it is not multi-line or holds
/// characters a literal block cannot carry (then it is double-quoted).
fn literal_block(text: &str, indent: usize) -> Option<String> {
    if !text.contains('\n')
        || text.chars().any(|c| (c.is_control() && c != '\n' && c != '\t') || !printable(c))
    {
        return None;
    }
    let body = text.trim_end_matches('\n');
    if body.is_empty() {
        return None;
    }
    let trailing = text.len() - body.len();
    let chomp = match trailing {
        0 => "-",
        1 => "",
        _ => "+",
    };
    // The indentation is detected from the first non-empty line, unless given.
    let first = body.lines().find(|l| !l.is_empty()).unwrap_or("");
    let indicator = if first.starts_with([' ', '\t']) { "2" } else { "" };
    // Lines holding only spaces before the first content line would confuse
    // the detection; such text is quoted instead.
    if body.lines().take_while(|l| l.trim().is_empty()).any(|l| !l.is_empty()) {
        return None;
    }
    let pad = " ".repeat(indent);
    let mut out = format!("|{indicator}{chomp}\n");
    for line in body.split('\n') {
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
        out.push('\n');
    }
    // `|+` keeps every trailing line break: the blank lines after the last one.
    for _ in 1..trailing.max(1) {
        out.push('\n');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::yaml::{Value, parse};

    fn reads_back(text: &str) {
        let mut doc = Yaml::map();
        doc.set("k", Yaml::str(text));
        let mut flow_map = Yaml::map();
        flow_map.set("a", Yaml::str(text));
        doc.set("f", Yaml::Seq(vec![Yaml::str(text), flow_map]));
        doc.set(text, Yaml::Null);
        let printed = print(&doc, 0);
        let root = parse(&printed)
            .unwrap_or_else(|e| panic!("{text:?} printed as\n{printed}\ndoes not parse: {e:?}"));
        let Value::Map(entries) = &root.value else { panic!("not a map") };
        assert_eq!(entries[0].1.value, Value::String(text.into()), "{text:?} printed as\n{printed}");
        let Value::Seq(items) = &entries[1].1.value else { panic!("not a seq:\n{printed}") };
        assert_eq!(items[0].value, Value::String(text.into()), "{text:?} printed as\n{printed}");
        let Value::Map(inner) = &items[1].value else { panic!("not a map:\n{printed}") };
        assert_eq!(inner[0].1.value, Value::String(text.into()), "{text:?} printed as\n{printed}");
        assert_eq!(entries[2].0.text, text, "key {text:?} printed as\n{printed}");
    }

    #[test]
    fn hostile_strings_read_back_unchanged() {
        for text in [
            "plain",
            "Orders",
            "with space",
            "null",
            "NULL",
            "~",
            "true",
            "False",
            "yes",
            "no",
            "on",
            "1",
            "1.5",
            "-1",
            "0x1f",
            "1e3",
            ".inf",
            "",
            " lead",
            "trail ",
            "a: b",
            "a #b",
            "#x",
            "-",
            "- x",
            "x:",
            "[a]",
            "{a}",
            "a,b",
            "'q'",
            "\"dq\"",
            "back\\slash",
            "tab\there",
            "new\nline",
            "two\n\nblank\n",
            "ends\n",
            "ends\n\n\n",
            "\n leading newline",
            "  indented\nnext",
            "uni 日本語 é",
            "ctl\u{1}x",
            "nel\u{85}x",
            "bom\u{feff}",
            "&anchor",
            "*alias",
            "!tag",
            "%dir",
            "@at",
            "`tick",
            "|pipe",
            ">gt",
            "?q",
            "now()",
            "'active'::text",
            "nextval('s'::regclass)",
            "a = ANY (ARRAY['x'::text])",
            "CREATE FUNCTION f()\n RETURNS int\nAS $$\n\tSELECT 1;  \n$$\n",
            "cr\r\nlf",
            "   \n x",
        ] {
            reads_back(text);
        }
    }

    #[test]
    fn short_mappings_are_flow_and_long_ones_block() {
        let mut column = Yaml::map();
        column.set("type", Yaml::str("uuid"));
        column.set("nullable", Yaml::Bool(false));
        let mut doc = Yaml::map();
        doc.set("id", column);
        doc.set("list", Yaml::strs(["a", "b"]));
        doc.set("empty", Yaml::map());
        assert_eq!(print(&doc, 0), "id: { type: uuid, nullable: false }\nlist: [a, b]\nempty: {}\n");
        let mut long = Yaml::map();
        for i in 0..12 {
            long.set(format!("key{i}"), Yaml::str("value"));
        }
        let printed = print(&Yaml::Seq(vec![long]), 0);
        assert!(printed.starts_with("- key0: value\n  key1: value\n"), "{printed}");
        parse(&printed).expect("parses");
    }
}
