//! A YAML document as a tree of nodes that remember where they were written.
//!
//! The spec decoder needs more than serde gives: the line and column of every
//! value (so each expectation can point back at its line), duplicate keys as
//! errors (YAML says they are invalid; most parsers keep the last one
//! silently), and the original text of scalars (`expect: 2.50` compares as
//! written). So the tree is built here from the parser's event stream.

use crate::location::Location;
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span, StrInput};
use std::collections::HashMap;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// Aliases are expanded by copying; a document that expands to more nodes than
/// this is refused (the "billion laughs" attack on YAML parsers).
const MAX_NODES: usize = 2_000_000;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// An integer or float written plain; the text is kept as written.
    Number(String),
    String(String),
    Seq(Vec<Node>),
    /// Keys in document order; keys are scalars (a complex key is an error).
    Map(Vec<(Key, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub text: String,
    pub at: Location,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub at: Location,
}

impl Node {
    /// How the value reads in an error message: `a string`, `a list`, …
    pub fn describe(&self) -> String {
        match &self.value {
            Value::Null => "nothing (null)".into(),
            Value::Bool(b) => format!("the boolean `{b}`"),
            Value::Number(n) => format!("the number `{n}`"),
            Value::String(s) if s.chars().count() > 40 => "a string".into(),
            Value::String(s) => format!("the string `{s}`"),
            Value::Seq(_) => "a list".into(),
            Value::Map(_) => "a mapping".into(),
        }
    }

    /// The scalar's text for scalars that may stand for a string (`version: 1`,
    /// `expect: true`), None for null, lists and mappings.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Bool(b) => Some(b.to_string()),
            Value::Number(n) | Value::String(n) => Some(n.clone()),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub message: String,
    pub at: Location,
}

fn location(span: &Span) -> Location {
    // saphyr counts lines from 1 and columns from 0; editors count both from 1.
    Location::new(span.start.line() as u32, span.start.col() as u32 + 1)
}

/// Documents from this size on are scanned on a thread of their own.
const PIPELINE_FROM: usize = 256 * 1024;

/// Parses a single YAML document. An empty document is `Value::Null`.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    parse_with(text, text.len() >= PIPELINE_FROM)
}

/// [`parse`], scanning on a second thread when `pipelined` (and a thread can
/// be had). Scanning is about half of loading a large spec and building the
/// tree the other half, so on two cores they run side by side.
fn parse_with(text: &str, pipelined: bool) -> Result<Node, YamlError> {
    if !pipelined {
        return build(Events::Inline(Box::new(Parser::new_from_str(text))));
    }
    std::thread::scope(|scope| {
        let (sender, receiver) = sync_channel(BATCHES_IN_FLIGHT);
        match std::thread::Builder::new().spawn_scoped(scope, move || scan(text, sender)) {
            Ok(_) => build(Events::Piped { receiver, batch: Vec::new().into_iter() }),
            Err(_) => build(Events::Inline(Box::new(Parser::new_from_str(text)))),
        }
    })
}

/// Events handed from the scanning thread to the builder at a time, and
/// batches waiting at most (so memory stays bounded if building is slower).
const EVENTS_PER_BATCH: usize = 4096;
const BATCHES_IN_FLIGHT: usize = 16;

type Scanned<'a> = Result<(Event<'a>, Span), ScanError>;

/// The scanning thread: the parser's events in batches, up to the end of the
/// stream or the first error. Stops early when the builder has given up.
fn scan<'a>(text: &'a str, sender: SyncSender<Vec<Scanned<'a>>>) {
    let mut parser = Parser::new_from_str(text);
    let mut batch = Vec::with_capacity(EVENTS_PER_BATCH);
    loop {
        let item = parser.next_event();
        let last = !matches!(item, Some(Ok(_)));
        batch.extend(item);
        if last || batch.len() == EVENTS_PER_BATCH {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(EVENTS_PER_BATCH));
            if sender.send(full).is_err() || last {
                return;
            }
        }
    }
}

/// Where the builder takes its events from.
enum Events<'a> {
    Inline(Box<Parser<'a, StrInput<'a>>>),
    Piped { receiver: Receiver<Vec<Scanned<'a>>>, batch: std::vec::IntoIter<Scanned<'a>> },
}

impl<'a> Events<'a> {
    fn next(&mut self) -> Result<(Event<'a>, Span), YamlError> {
        let item = match self {
            Events::Inline(parser) => parser.next_event(),
            Events::Piped { receiver, batch } => loop {
                if let Some(item) = batch.next() {
                    break Some(item);
                }
                match receiver.recv() {
                    Ok(next) => *batch = next.into_iter(),
                    Err(_) => break None,
                }
            },
        };
        match item {
            Some(Ok(item)) => Ok(item),
            Some(Err(e)) => Err(YamlError {
                message: e.info().to_string(),
                at: Location::new(e.marker().line() as u32, e.marker().col() as u32 + 1),
            }),
            None => Err(YamlError {
                message: "unexpected end of the YAML stream".into(),
                at: Location::new(1, 1),
            }),
        }
    }
}

fn build(mut events: Events<'_>) -> Result<Node, YamlError> {
    let mut builder = Builder { anchors: HashMap::new(), nodes: 0, items: Vec::new(), entries: Vec::new() };
    let mut document: Option<Node> = None;
    loop {
        let (event, span) = events.next()?;
        match event {
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                if document.is_some() {
                    return Err(YamlError {
                        message: "a second YAML document (`---`); a spec file holds exactly one".into(),
                        at: location(&span),
                    });
                }
                let (event, span) = events.next()?;
                document = Some(builder.node(&mut events, event, span)?);
            }
            other => {
                return Err(YamlError {
                    message: format!("unexpected YAML event {other:?}"),
                    at: location(&span),
                });
            }
        }
    }
    Ok(document.unwrap_or(Node { value: Value::Null, at: Location::new(1, 1) }))
}

/// Keys of a mapping checked for duplicates by a scan rather than an index.
const SCANNED_KEYS: usize = 16;

struct Builder {
    anchors: HashMap<usize, Node>,
    nodes: usize,
    /// The items and entries of the lists and mappings being built, nested
    /// ones above their parents': each is moved into a vector of its exact
    /// length when it ends. Growing a vector per mapping left 17 MB of a
    /// 10,000-table spec's tree (125 MB) as spare capacity.
    items: Vec<Node>,
    entries: Vec<(Key, Node)>,
}

impl Builder {
    fn count(&mut self, n: usize, at: Location) -> Result<(), YamlError> {
        self.nodes += n;
        if self.nodes > MAX_NODES {
            return Err(YamlError {
                message: format!("the document expands to more than {MAX_NODES} values through aliases"),
                at,
            });
        }
        Ok(())
    }

    fn node<'a>(&mut self, events: &mut Events<'a>, event: Event<'a>, span: Span) -> Result<Node, YamlError> {
        let at = location(&span);
        let (node, anchor) = match event {
            Event::Scalar(text, style, anchor, tag) => {
                self.count(1, at)?;
                let is_str_tag = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let value = if style == ScalarStyle::Plain && !is_str_tag {
                    resolve_plain(text)
                } else {
                    Value::String(text.into_owned())
                };
                (Node { value, at }, anchor)
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id).cloned() else {
                    return Err(YamlError { message: "alias to an unknown anchor".into(), at });
                };
                self.count(count_nodes(&target), at)?;
                return Ok(Node { value: target.value, at });
            }
            Event::SequenceStart(anchor, _) => {
                self.count(1, at)?;
                let start = self.items.len();
                loop {
                    let (event, span) = events.next()?;
                    if matches!(event, Event::SequenceEnd) {
                        break;
                    }
                    let item = self.node(events, event, span)?;
                    self.items.push(item);
                }
                (Node { value: Value::Seq(self.items.drain(start..).collect()), at }, anchor)
            }
            Event::MappingStart(anchor, _) => {
                self.count(1, at)?;
                let start = self.entries.len();
                // Duplicate keys: a scan of the entries while the mapping is
                // small (nearly all are: a column's properties), an index once
                // it grows (`tables:` of a large schema), so that loading stays
                // linear without a hash map and a copy of every key per mapping.
                let mut seen: Option<HashMap<String, Location>> = None;
                loop {
                    let (event, span) = events.next()?;
                    if matches!(event, Event::MappingEnd) {
                        break;
                    }
                    let key_node = self.node(events, event, span)?;
                    let text = match key_node.value {
                        Value::String(text) | Value::Number(text) => text,
                        Value::Bool(b) => b.to_string(),
                        Value::Null => "null".to_string(),
                        Value::Seq(_) | Value::Map(_) => {
                            return Err(YamlError {
                                message: "a mapping key must be a plain value, not a list or mapping".into(),
                                at: key_node.at,
                            });
                        }
                    };
                    let first = match &seen {
                        Some(seen) => seen.get(&text).copied(),
                        None => self.entries[start..]
                            .iter()
                            .find(|(key, _)| key.text == text)
                            .map(|(key, _)| key.at),
                    };
                    if let Some(first) = first {
                        return Err(YamlError {
                            message: format!("duplicate key `{text}` (first written at line {})", first.line),
                            at: key_node.at,
                        });
                    }
                    match &mut seen {
                        Some(seen) => {
                            seen.insert(text.clone(), key_node.at);
                        }
                        None if self.entries.len() - start >= SCANNED_KEYS => {
                            let mut index: HashMap<String, Location> = self.entries[start..]
                                .iter()
                                .map(|(key, _)| (key.text.clone(), key.at))
                                .collect();
                            index.insert(text.clone(), key_node.at);
                            seen = Some(index);
                        }
                        None => {}
                    }
                    let (event, span) = events.next()?;
                    let value = self.node(events, event, span)?;
                    self.entries.push((Key { text, at: key_node.at }, value));
                }
                (Node { value: Value::Map(self.entries.drain(start..).collect()), at }, anchor)
            }
            other => {
                return Err(YamlError { message: format!("unexpected YAML event {other:?}"), at });
            }
        };
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }
}

fn count_nodes(node: &Node) -> usize {
    match &node.value {
        Value::Seq(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        Value::Map(entries) => 1 + entries.iter().map(|(_, v)| 1 + count_nodes(v)).sum::<usize>(),
        _ => 1,
    }
}

/// YAML 1.2 core schema resolution of a plain scalar. `yes`/`no`/`on`/`off`
/// stay strings (YAML 1.1 made them booleans, which surprises people who
/// name a column `on`).
fn resolve_plain(text: std::borrow::Cow<'_, str>) -> Value {
    match &*text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        t if is_number(t) => Value::Number(text.into_owned()),
        _ => Value::String(text.into_owned()),
    }
}

fn is_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if unsigned.is_empty() {
        return false;
    }
    if let Some(hex) = unsigned.strip_prefix("0x") {
        return !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(oct) = unsigned.strip_prefix("0o") {
        return !oct.is_empty() && oct.chars().all(|c| c.is_digit(8));
    }
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    // [0-9]*(\.[0-9]*)?([eE][-+]?[0-9]+)? with at least one digit before the exponent.
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let mut parts = mantissa.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next().unwrap_or("");
    let digits_ok = whole.chars().all(|c| c.is_ascii_digit())
        && fraction.chars().all(|c| c.is_ascii_digit())
        && !(whole.is_empty() && fraction.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.chars().all(|c| c.is_ascii_digit())
    });
    digits_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(node: &Node) -> &[(Key, Node)] {
        match &node.value {
            Value::Map(entries) => entries,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn values_keep_their_lines_and_columns() {
        let doc = parse("a:\n  b: 1\n  c: [x, 'y']\n").unwrap();
        let a = &map(&doc)[0];
        assert_eq!(a.0.text, "a");
        assert_eq!(a.0.at, Location::new(1, 1));
        let inner = map(&a.1);
        assert_eq!(inner[0].0.at, Location::new(2, 3));
        assert_eq!(inner[0].1.value, Value::Number("1".into()));
        assert_eq!(inner[0].1.at, Location::new(2, 6));
        let Value::Seq(items) = &inner[1].1.value else { panic!() };
        assert_eq!(items[0].at, Location::new(3, 7));
        assert_eq!(items[1].value, Value::String("y".into()));
    }

    #[test]
    fn plain_scalars_resolve_like_yaml_1_2() {
        let doc = parse("[~, null, true, False, 12, -1.5e3, .5, on, yes, '1', 1.2.3, 0x1F]").unwrap();
        let Value::Seq(items) = doc.value else { panic!() };
        let values: Vec<_> = items.into_iter().map(|n| n.value).collect();
        assert_eq!(
            values,
            vec![
                Value::Null,
                Value::Null,
                Value::Bool(true),
                Value::Bool(false),
                Value::Number("12".into()),
                Value::Number("-1.5e3".into()),
                Value::Number(".5".into()),
                Value::String("on".into()),
                Value::String("yes".into()),
                Value::String("1".into()),
                Value::String("1.2.3".into()),
                Value::Number("0x1F".into()),
            ]
        );
    }

    #[test]
    fn duplicate_keys_are_refused_with_both_places() {
        let err = parse("tables:\n  a: {}\n  a: {}\n").unwrap_err();
        assert_eq!(err.at, Location::new(3, 3));
        assert!(err.message.contains("duplicate key `a`"), "{}", err.message);
        assert!(err.message.contains("line 2"), "{}", err.message);
    }

    #[test]
    fn duplicate_keys_are_found_in_large_mappings_too() {
        // Past SCANNED_KEYS entries the keys are indexed: a duplicate of an
        // early key, of a key indexed late, and no false duplicate.
        let keys: Vec<String> = (0..3 * SCANNED_KEYS).map(|i| format!("  t{i}: {{}}\n")).collect();
        let body = keys.concat();
        assert!(parse(&format!("tables:\n{body}")).is_ok());
        for (dup, line) in
            [(1, 3), (SCANNED_KEYS, SCANNED_KEYS + 2), (2 * SCANNED_KEYS, 2 * SCANNED_KEYS + 2)]
        {
            let err = parse(&format!("tables:\n{body}  t{dup}: {{}}\n")).unwrap_err();
            assert_eq!(err.at, Location::new(3 * SCANNED_KEYS as u32 + 2, 3), "{}", err.message);
            assert!(err.message.contains(&format!("line {line}")), "{}", err.message);
        }
    }

    #[test]
    fn malformed_yaml_is_located() {
        let err = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(err.at.line >= 1, "{err:?}");
        let err = parse("a:\n  - b\n c: d\n").unwrap_err();
        assert_eq!(err.at.line, 3, "{err:?}");
    }

    #[test]
    fn aliases_are_expanded_and_bounded() {
        let doc = parse("base: &b {x: 1}\ncopy: *b\n").unwrap();
        assert_eq!(map(&doc)[1].1.value, map(&doc)[0].1.value);
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (i, prev) in ["b", "c", "d", "e", "f", "g", "h"].iter().zip(["a", "b", "c", "d", "e", "f", "g"]) {
            bomb.push_str(&format!("{i}: &{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let err = parse(&bomb).unwrap_err();
        assert!(err.message.contains("aliases"), "{}", err.message);
    }

    #[test]
    fn a_pipelined_parse_builds_the_same_tree_and_errors() {
        let table =
            |i: usize| format!("  t{i}:\n    columns:\n      id: {{type: uuid, primary_key: true}}\n");
        let body: String = (0..3 * EVENTS_PER_BATCH).map(table).collect();
        let text = format!("tables:\n{body}");
        assert_eq!(parse_with(&text, true).unwrap(), parse_with(&text, false).unwrap());
        // Errors past the first batches: a duplicate key and a scanner error.
        for broken in [format!("{text}  t7:\n"), format!("{text}  bad: [1, 2\n")] {
            assert_eq!(parse_with(&broken, true).unwrap_err(), parse_with(&broken, false).unwrap_err());
        }
    }

    #[test]
    fn empty_and_multi_document_input() {
        assert_eq!(parse("").unwrap().value, Value::Null);
        assert!(parse("a: 1\n---\nb: 2\n").unwrap_err().message.contains("second YAML document"));
    }
}
