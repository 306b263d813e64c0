//! One entry of an index's `columns:` list, read as PostgreSQL reads an index
//! element: a column name, a function call or a parenthesised expression,
//! then optionally `COLLATE collation`, an operator class, `ASC`/`DESC` and
//! `NULLS FIRST`/`NULLS LAST`:
//!
//! ```text
//! created_at DESC
//! email gin_trgm_ops
//! name COLLATE "C"
//! lower(email) text_pattern_ops DESC NULLS LAST
//! ```
//!
//! An entry whose words after the element are not such options is, as
//! before, an expression as a whole (`a + b`).

use super::model::IndexColumn;
use crate::sql::ident::quote_ident;
use crate::sql::lexer::{Token, TokenKind};
use crate::sql::names::{matching_paren, significant_tokens, take_path};

/// What an entry says beyond its column or expression; None: not written, not checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyOptions {
    /// The collation's name (a schema written before it is not kept: the
    /// catalog names collations by name alone).
    pub collation: Option<String>,
    /// The operator class, `[schema, name]` or `[name]`.
    pub opclass: Option<Vec<String>>,
    /// Set when ASC or DESC was written.
    pub descending: Option<bool>,
    /// Set when NULLS FIRST or NULLS LAST was written.
    pub nulls_first: Option<bool>,
}

impl KeyOptions {
    /// Whether the sort order is checked: ASC, DESC or NULLS was written.
    pub fn ordering(&self) -> Option<(bool, bool)> {
        if self.descending.is_none() && self.nulls_first.is_none() {
            return None;
        }
        let descending = self.descending.unwrap_or(false);
        Some((descending, self.nulls_first.unwrap_or(descending)))
    }

    /// ` COLLATE "C" gin_trgm_ops DESC NULLS LAST`, each part when written.
    pub fn sql(&self) -> String {
        let mut out = String::new();
        if let Some(collation) = &self.collation {
            out.push_str(&format!(" COLLATE {}", quote_ident(collation)));
        }
        if let Some(opclass) = &self.opclass {
            let path: Vec<String> = opclass.iter().map(|p| quote_ident(p)).collect();
            out.push_str(&format!(" {}", path.join(".")));
        }
        match self.descending {
            Some(true) => out.push_str(" DESC"),
            Some(false) => out.push_str(" ASC"),
            None => {}
        }
        match self.nulls_first {
            Some(true) => out.push_str(" NULLS FIRST"),
            Some(false) => out.push_str(" NULLS LAST"),
            None => {}
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        *self == KeyOptions::default()
    }
}

/// An entry of an index's `columns:`.
pub fn parse(text: &str) -> (IndexColumn, KeyOptions) {
    let trimmed = text.trim();
    if let Some(parsed) = parse_element(trimmed) {
        return parsed;
    }
    (legacy(trimmed), KeyOptions::default())
}

/// A plain or double-quoted name is a column; anything else an expression.
fn legacy(trimmed: &str) -> IndexColumn {
    let plain = trimmed.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && trimmed.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '$');
    if plain {
        return IndexColumn::Column(trimmed.to_string());
    }
    if trimmed.starts_with('"')
        && let Ok(parts) = crate::sql::names::parse_identifier_path(trimmed)
        && let [name] = parts.as_slice()
    {
        return IndexColumn::Column(name.clone());
    }
    IndexColumn::Expression(crate::sql::unwrap_parens(trimmed).map_or(trimmed, str::trim).to_string())
}

fn parse_element(text: &str) -> Option<(IndexColumn, KeyOptions)> {
    let tokens = significant_tokens(text, "index column").ok()?;
    let first = tokens.first()?;
    let mut pos;
    let head = if first.is_punct("(") {
        let close = matching_paren(&tokens, 0)?;
        pos = close + 1;
        let inner = &text[tokens[0].end_in(text)..tokens[close].offset_in(text)];
        IndexColumn::Expression(inner.trim().to_string())
    } else if matches!(first.kind, TokenKind::Word | TokenKind::QuotedIdent) {
        pos = 0;
        let path = take_path(&tokens, &mut pos).ok()?;
        if tokens.get(pos).is_some_and(|t| t.is_punct("(")) {
            let close = matching_paren(&tokens, pos)?;
            pos = close + 1;
            IndexColumn::Expression(text[..tokens[close].end_in(text)].trim().to_string())
        } else if path.len() == 1 && pos == 1 {
            if first.kind == TokenKind::Word {
                // A plain name keeps its case, like the keys of `columns:`.
                IndexColumn::Column(first.text.to_string())
            } else {
                IndexColumn::Column(path.into_iter().next()?)
            }
        } else {
            return None;
        }
    } else {
        return None;
    };
    let options = parse_options(&tokens[pos..])?;
    Some((head, options))
}

fn is_keyword(token: &Token<'_>) -> bool {
    ["asc", "desc", "nulls", "collate"].iter().any(|k| token.is_word(k))
}

fn parse_options(tokens: &[Token<'_>]) -> Option<KeyOptions> {
    let mut options = KeyOptions::default();
    let mut pos = 0;
    if tokens.first().is_some_and(|t| t.is_word("collate")) {
        pos = 1;
        let path = take_path(tokens, &mut pos).ok()?;
        options.collation = Some(path.last()?.clone());
    }
    if let Some(token) = tokens.get(pos)
        && matches!(token.kind, TokenKind::Word | TokenKind::QuotedIdent)
        && !is_keyword(token)
    {
        let path = take_path(tokens, &mut pos).ok()?;
        if path.len() > 2 {
            return None;
        }
        options.opclass = Some(path);
    }
    if let Some(token) = tokens.get(pos) {
        if token.is_word("asc") {
            options.descending = Some(false);
            pos += 1;
        } else if token.is_word("desc") {
            options.descending = Some(true);
            pos += 1;
        }
    }
    if tokens.get(pos).is_some_and(|t| t.is_word("nulls")) {
        let which = tokens.get(pos + 1)?;
        options.nulls_first = Some(if which.is_word("first") {
            true
        } else if which.is_word("last") {
            false
        } else {
            return None;
        });
        pos += 2;
    }
    if pos != tokens.len() {
        return None;
    }
    Some(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(name: &str) -> IndexColumn {
        IndexColumn::Column(name.into())
    }

    fn expr(text: &str) -> IndexColumn {
        IndexColumn::Expression(text.into())
    }

    #[test]
    fn plain_entries_read_as_before() {
        assert_eq!(parse("email"), (col("email"), KeyOptions::default()));
        assert_eq!(parse("Email"), (col("Email"), KeyOptions::default()));
        assert_eq!(parse("\"my col\""), (col("my col"), KeyOptions::default()));
        assert_eq!(parse("lower(email)"), (expr("lower(email)"), KeyOptions::default()));
        assert_eq!(parse("(a + b)"), (expr("a + b"), KeyOptions::default()));
        assert_eq!(parse("a + b"), (expr("a + b"), KeyOptions::default()));
        assert_eq!(parse("x IS NULL"), (expr("x IS NULL"), KeyOptions::default()));
        assert_eq!(parse("date_trunc('day', ts)"), (expr("date_trunc('day', ts)"), KeyOptions::default()));
    }

    #[test]
    fn options_after_the_element_are_read() {
        let (c, o) = parse("created_at DESC");
        assert_eq!(c, col("created_at"));
        assert_eq!(o.descending, Some(true));
        assert_eq!(o.ordering(), Some((true, true)));
        let (c, o) = parse("email gin_trgm_ops");
        assert_eq!(c, col("email"));
        assert_eq!(o.opclass, Some(vec!["gin_trgm_ops".to_string()]));
        assert_eq!(o.ordering(), None);
        let (c, o) = parse("name COLLATE \"C\"");
        assert_eq!(c, col("name"));
        assert_eq!(o.collation.as_deref(), Some("C"));
        let (c, o) = parse("lower(email) public.text_pattern_ops DESC NULLS LAST");
        assert_eq!(c, expr("lower(email)"));
        assert_eq!(o.opclass, Some(vec!["public".to_string(), "text_pattern_ops".to_string()]));
        assert_eq!(o.ordering(), Some((true, false)));
        let (c, o) = parse("(a + b) nulls first");
        assert_eq!(c, expr("a + b"));
        assert_eq!(o.ordering(), Some((false, true)));
    }

    #[test]
    fn options_print_back_as_sql() {
        let (_, o) = parse("name COLLATE \"C\" text_pattern_ops DESC NULLS LAST");
        assert_eq!(o.sql(), " COLLATE \"C\" text_pattern_ops DESC NULLS LAST");
        assert!(parse("a").1.is_empty());
    }
}
