//! Partition bounds compared as values of the partition key, not as text:
//! `FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')` on a `timestamptz` key
//! is the bound the server prints as `FROM ('2024-01-01 00:00:00+00') TO
//! (…)`. Each value of the spec's bound and of the live one is read by the
//! server as a value of its key column's type (a `Default` question), and the
//! canonical forms are compared; the words around them (`FOR VALUES FROM`,
//! `MINVALUE`, `DEFAULT`, a hash bound's `MODULUS`) are compared as text.

use crate::catalog::{CanonicalQuestion, Questions, Relation};
use crate::sql::lexer::{TokenKind, tokenize};

/// A bound split into the text around its values (case folded, values
/// replaced by `?`) and the values, each with the index of the key column
/// it belongs to.
#[derive(Debug, PartialEq, Eq)]
struct Parts {
    frame: Vec<String>,
    values: Vec<(usize, String)>,
}

/// Splits `FOR VALUES FROM (a, b) TO (c, d)` / `IN (x, y)` into its frame and
/// values; None when it does not lex. `MINVALUE`, `MAXVALUE` and everything
/// inside `WITH (…)` stay in the frame.
fn parts(bound: &str) -> Option<Parts> {
    let tokens: Vec<_> = tokenize(bound).ok()?.into_iter().filter(|t| !t.is_trivia()).collect();
    let mut frame = Vec::new();
    let mut values = Vec::new();
    let mut i = 0;
    let mut list_is_in = false;
    while i < tokens.len() {
        let token = tokens[i];
        let opens_list =
            token.is_punct("(") && i > 0 && ["from", "to", "in"].iter().any(|w| tokens[i - 1].is_word(w));
        if !opens_list {
            if token.is_word("in") {
                list_is_in = true;
            }
            frame.push(fold(token.kind, token.text));
            i += 1;
            continue;
        }
        frame.push("(".into());
        i += 1;
        let mut column = 0;
        loop {
            // One value: tokens up to a comma or the closing parenthesis at depth 0.
            let start = i;
            let mut depth = 0;
            while i < tokens.len() {
                let t = tokens[i];
                if depth == 0 && (t.is_punct(",") || t.is_punct(")")) {
                    break;
                }
                if t.is_punct("(") || t.is_punct("[") {
                    depth += 1;
                } else if t.is_punct(")") || t.is_punct("]") {
                    depth -= 1;
                }
                i += 1;
            }
            if start == i || i == tokens.len() {
                return None;
            }
            let text = &bound[tokens[start].offset_in(bound)..tokens[i - 1].end_in(bound)];
            if i - start == 1 && (tokens[start].is_word("minvalue") || tokens[start].is_word("maxvalue")) {
                frame.push(text.to_ascii_uppercase());
            } else {
                frame.push("?".into());
                values.push((if list_is_in { 0 } else { column }, text.to_string()));
            }
            let closing = tokens[i].is_punct(")");
            frame.push(tokens[i].text.into());
            i += 1;
            if closing {
                break;
            }
            column += 1;
        }
    }
    Some(Parts { frame, values })
}

fn fold(kind: TokenKind, text: &str) -> String {
    if kind == TokenKind::Word { text.to_ascii_lowercase() } else { text.to_string() }
}

/// The types of the parent's partition key columns, in key order; None when a
/// key element is an expression (its type is not in the catalog snapshot).
fn key_types(parent: &Relation) -> Option<Vec<String>> {
    key_columns(parent.partition_key.as_deref()?)?
        .iter()
        .map(|name| parent.column(name).map(|c| c.type_display.clone()))
        .collect()
}

/// The column names of a partition key as `pg_get_partkeydef` prints it
/// (`RANGE (at, "Region" COLLATE "C")`); None when an element is an expression.
fn key_columns(key: &str) -> Option<Vec<String>> {
    let inside = key.get(key.find('(')? + 1..key.rfind(')')?)?;
    inside
        .split(',')
        .map(|element| {
            let tokens: Vec<_> = tokenize(element).ok()?.into_iter().filter(|t| !t.is_trivia()).collect();
            // A column, then at most COLLATE or an operator class: words.
            if tokens.iter().skip(1).any(|t| !matches!(t.kind, TokenKind::Word | TokenKind::QuotedIdent)) {
                return None;
            }
            match tokens.first()? {
                t if t.kind == TokenKind::Word => Some(t.text.to_ascii_lowercase()),
                t if t.kind == TokenKind::QuotedIdent => {
                    Some(t.text[1..t.text.len() - 1].replace("\"\"", "\""))
                }
                _ => None,
            }
        })
        .collect()
}

/// The questions that decide whether two bounds of partitions of `parent` are
/// the same, in pairs (spec, live); None when they cannot be compared as
/// values (different shape, a key on an expression): then the text decides.
fn question_pairs(
    types: Option<Vec<String>>,
    spec: &str,
    live: &str,
) -> Option<Vec<(CanonicalQuestion, CanonicalQuestion)>> {
    let (spec, live) = (parts(spec)?, parts(live)?);
    if spec.frame != live.frame || spec.values.len() != live.values.len() {
        return None;
    }
    let types = types?;
    spec.values
        .iter()
        .zip(&live.values)
        .map(|((column, s), (_, l))| {
            let type_sql = types.get(*column)?.clone();
            let ask = |expression: &str| CanonicalQuestion::Default {
                expression: expression.to_string(),
                type_sql: type_sql.clone(),
            };
            Some((ask(s), ask(l)))
        })
        .collect()
}

/// Asks what [`same`] needs for a partition of `parent` whose bound is `live`.
pub fn questions(parent: &Relation, spec: &str, live: &str, q: &mut Questions) {
    if super::lexically_equal(spec, live) {
        return;
    }
    for (s, l) in question_pairs(key_types(parent), spec, live).into_iter().flatten() {
        super::ask_pair(q, s, l);
    }
}

/// Whether the spec's bound and the live one are the same bound of a
/// partition of `parent`: equal text, or equal values of the key's types.
pub fn same(cx: &super::Context, parent: Option<&Relation>, spec: &str, live: &str) -> bool {
    if super::lexically_equal(spec, live) {
        return true;
    }
    let Some(pairs) = parent.and_then(|p| question_pairs(key_types(p), spec, live)) else {
        return false;
    };
    pairs.into_iter().all(|(s, l)| cx.same_expression(s, l) == Ok(true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_found_in_range_and_list_bounds() {
        let p = parts("FOR VALUES FROM ('2024-01-01', MINVALUE) TO ('2025-01-01', 5)").unwrap();
        assert_eq!(
            p.values,
            [(0, "'2024-01-01'".to_string()), (0, "'2025-01-01'".to_string()), (1, "5".to_string())]
        );
        assert_eq!(p.frame.join(" "), "for values from ( ? , MINVALUE ) to ( ? , ? )");
        let p = parts("for values in ('a', lower('B'), 3)").unwrap();
        assert_eq!(p.values.iter().map(|(c, _)| *c).collect::<Vec<_>>(), [0, 0, 0]);
        assert_eq!(p.values[1].1, "lower('B')");
        assert_eq!(parts("DEFAULT").unwrap().frame, ["default"]);
        let hash = parts("FOR VALUES WITH (modulus 4, remainder 1)").unwrap();
        assert!(hash.values.is_empty(), "a hash bound is all frame: {hash:?}");
        assert!(parts("FOR VALUES FROM ('a'").is_none());
    }

    #[test]
    fn key_columns_are_read_and_expressions_are_not() {
        assert_eq!(key_columns("RANGE (at)").unwrap(), ["at"]);
        assert_eq!(
            key_columns(r#"LIST ("Region" COLLATE "C", b text_pattern_ops)"#).unwrap(),
            ["Region", "b"]
        );
        assert!(key_columns("RANGE (date_trunc('day'::text, at))").is_none());
        assert!(key_columns("RANGE (((a + 1)))").is_none());
    }

    #[test]
    fn bounds_of_another_shape_are_not_compared_as_values() {
        let types = || Some(vec!["timestamp with time zone".to_string()]);
        let spec = "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')";
        assert!(question_pairs(types(), spec, "DEFAULT").is_none());
        let live = "FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00')";
        let pairs = question_pairs(types(), spec, live).unwrap();
        assert_eq!(pairs.len(), 2);
        assert!(matches!(&pairs[0].0, CanonicalQuestion::Default { expression, type_sql }
            if expression == "'2024-01-01'" && type_sql == "timestamp with time zone"));
        assert!(question_pairs(None, spec, live).is_none(), "a key on an expression: text decides");
    }
}
