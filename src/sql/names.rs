//! Names written in SQL identifier syntax, as the spec uses them: dotted
//! paths (`"My Schema"."T.1"`), foreign-key targets (`auth.users(id)`) and
//! routine signatures (`public.f(uuid, text[])`).
//!
//! Reading follows the server: unquoted words fold to lower case (ASCII
//! only, as in a UTF-8 database), quoted names keep their case with `""`
//! undone, `U&"…"` escapes are decoded, and names longer than 63 bytes are
//! truncated the way the server truncates them. Writing goes through
//! `ident::quote_ident`. Types inside signatures are read by
//! `crate::types::parse_type`.
//!
//! Keyword rules are not enforced: `references: order(id)` is accepted
//! although the server would want `"order"`. The spec is not SQL, and there
//! is no other reading of it.

use std::fmt;

use crate::sql::ident::quote_ident;
use crate::sql::lexer::{Token, TokenKind, tokenize};
use crate::types::{TypeName, parse_type};

/// The server's `NAMEDATALEN - 1`: longer identifiers are cut to this many
/// bytes (at a character boundary) when read.
const MAX_IDENTIFIER_BYTES: usize = 63;

fn truncate_identifier(mut name: String) -> String {
    if name.len() > MAX_IDENTIFIER_BYTES {
        let mut end = MAX_IDENTIFIER_BYTES;
        while !name.is_char_boundary(end) {
            end -= 1;
        }
        name.truncate(end);
    }
    name
}

/// The name a `Word` or `QuotedIdent` token stands for. Errors for other
/// tokens and for malformed `U&"…"` escapes.
pub fn identifier_value(token: &Token<'_>) -> Result<String, String> {
    let text = token.text;
    match token.kind {
        TokenKind::Word => Ok(truncate_identifier(text.to_ascii_lowercase())),
        TokenKind::QuotedIdent if text.starts_with('"') => {
            Ok(truncate_identifier(text[1..text.len() - 1].replace("\"\"", "\"")))
        }
        TokenKind::QuotedIdent => {
            let body = text[3..text.len() - 1].replace("\"\"", "\"");
            decode_unicode_escapes(&body)
                .map(truncate_identifier)
                .ok_or_else(|| format!("invalid Unicode escape in {text}: use \\XXXX or \\+XXXXXX (hex)"))
        }
        _ => Err(format!("expected a name, found `{text}`")),
    }
}

/// The body of `U&"…"` with the default escape character `\`.
fn decode_unicode_escapes(body: &str) -> Option<String> {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let width = match chars.clone().next()? {
            '\\' => {
                chars.next();
                out.push('\\');
                continue;
            }
            '+' => {
                chars.next();
                6
            }
            _ => 4,
        };
        let hex: String = chars.by_ref().take(width).collect();
        if hex.len() != width {
            return None;
        }
        out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
    }
    Some(out)
}

/// Tokens of `text` without whitespace and comments, or a message naming
/// `what` was being read.
pub(crate) fn significant_tokens<'a>(text: &'a str, what: &str) -> Result<Vec<Token<'a>>, String> {
    let tokens = tokenize(text).map_err(|e| format!("{} in {what} `{}`", e.message, text.trim()))?;
    Ok(tokens.into_iter().filter(|t| !t.is_trivia()).collect())
}

fn is_name_token(token: &Token<'_>) -> bool {
    matches!(token.kind, TokenKind::Word | TokenKind::QuotedIdent)
}

/// Reads `name(.name)*` starting at `*pos`, leaving `*pos` after it. Errors
/// name the offending token; callers add what the whole should look like.
pub(crate) fn take_path(tokens: &[Token<'_>], pos: &mut usize) -> Result<Vec<String>, String> {
    let mut parts = Vec::new();
    loop {
        match tokens.get(*pos) {
            Some(token) if is_name_token(token) => {
                if token.kind == TokenKind::QuotedIdent
                    && token.text.starts_with(['u', 'U'])
                    && tokens.get(*pos + 1).is_some_and(|t| t.is_word("uescape"))
                {
                    return Err(
                        "UESCAPE is not supported: write the name with plain double quotes".to_string()
                    );
                }
                parts.push(identifier_value(token)?);
                *pos += 1;
            }
            Some(token) => return Err(format!("expected a name, found `{}`", token.text)),
            None if parts.is_empty() => return Err("expected a name, found nothing".to_string()),
            None => return Err("expected a name after the final `.`".to_string()),
        }
        if tokens.get(*pos).is_some_and(|t| t.is_punct(".")) {
            *pos += 1;
        } else {
            return Ok(parts);
        }
    }
}

/// `a.b`, `"My Schema"."T.1"`, … → `["a", "b"]`, `["My Schema", "T.1"]`.
pub fn parse_identifier_path(text: &str) -> Result<Vec<String>, String> {
    let tokens = significant_tokens(text, "name")?;
    let mut pos = 0;
    let path = take_path(&tokens, &mut pos).map_err(|e| {
        format!("{e} in `{}`: expected names separated by dots, such as `schema.table` or `\"My Schema\".\"T.1\"`", text.trim())
    })?;
    if let Some(extra) = tokens.get(pos) {
        return Err(format!(
            "unexpected `{}` in `{}`: expected names separated by dots, such as `schema.table` or `\"My Schema\".\"T.1\"`",
            extra.text,
            text.trim()
        ));
    }
    Ok(path)
}

/// A table and possibly some of its columns, as in a foreign key's
/// `references: auth.users(id)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRef {
    pub schema: Option<String>,
    pub table: String,
    /// Empty when the text named only the table.
    pub columns: Vec<String>,
}

/// `[schema.]table(col, …)` or `[schema.]table`. Callers that need columns
/// check `columns.is_empty()`.
pub fn parse_table_ref(text: &str) -> Result<TableRef, String> {
    let shape = "expected `table(column, …)` or `schema.table(column, …)`";
    let found = || format!("{shape}, found `{}`", text.trim());
    let tokens = significant_tokens(text, "table reference")?;
    let mut pos = 0;
    let path = take_path(&tokens, &mut pos).map_err(|_| found())?;
    let (schema, table) = match <[String; 2]>::try_from(path) {
        Ok([schema, table]) => (Some(schema), table),
        Err(path) if path.len() == 1 => (None, path.into_iter().next().unwrap_or_default()),
        Err(_) => {
            return Err(format!("{shape}: `{}` has more than two dotted names", text.trim()));
        }
    };
    let mut columns = Vec::new();
    if pos < tokens.len() {
        if !tokens[pos].is_punct("(") {
            return Err(found());
        }
        pos += 1;
        loop {
            match tokens.get(pos) {
                Some(token) if is_name_token(token) => columns.push(identifier_value(token)?),
                Some(token) if token.is_punct(")") && columns.is_empty() => {
                    return Err(format!("{shape}: the column list in `{}` is empty", text.trim()));
                }
                _ => return Err(found()),
            }
            pos += 1;
            match tokens.get(pos) {
                Some(token) if token.is_punct(",") => pos += 1,
                Some(token) if token.is_punct(")") => {
                    pos += 1;
                    break;
                }
                _ => return Err(found()),
            }
        }
        if pos < tokens.len() {
            return Err(found());
        }
    }
    Ok(TableRef { schema, table, columns })
}

/// How an argument is passed, as written in `CREATE FUNCTION`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArgMode {
    In,
    Out,
    InOut,
    Variadic,
}

/// One argument of a routine: `[mode] [name] type [DEFAULT expr | = expr]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Argument {
    pub mode: ArgMode,
    pub name: Option<String>,
    pub type_name: TypeName,
}

/// Reads one argument from `tokens` (one comma-separated piece of an
/// argument list). `source` is the text the tokens were lexed from.
pub(crate) fn parse_argument(source: &str, tokens: &[Token<'_>]) -> Result<Argument, String> {
    let Some(first) = tokens.first() else {
        return Err("empty argument".to_string());
    };
    let mut rest = tokens;
    let mut mode = ArgMode::In;
    if tokens.len() > 1 {
        let written = [
            ("in", ArgMode::In),
            ("out", ArgMode::Out),
            ("inout", ArgMode::InOut),
            ("variadic", ArgMode::Variadic),
        ];
        if let Some((_, m)) = written.iter().find(|(w, _)| first.is_word(w)) {
            mode = *m;
            rest = &tokens[1..];
        }
    }
    // A default plays no part in the identity; drop it so that only
    // `[name] type` remains.
    let mut depth = 0usize;
    let default_at = rest.iter().position(|t| {
        if t.is_punct("(") || t.is_punct("[") {
            depth += 1;
        } else if t.is_punct(")") || t.is_punct("]") {
            depth = depth.saturating_sub(1);
        }
        depth == 0 && (t.is_word("default") || (t.kind == TokenKind::Operator && t.text == "="))
    });
    if let Some(at) = default_at {
        rest = &rest[..at];
    }
    let slice = |part: &[Token<'_>]| match (part.first(), part.last()) {
        (Some(a), Some(b)) => &source[a.offset_in(source)..b.end_in(source)],
        _ => "",
    };
    let whole = slice(rest);
    if rest.is_empty() {
        return Err(format!("argument `{}` has no type", slice(tokens)));
    }
    // `[name] type`: a type never starts with two names in a row unless it
    // is one of the multi-word spellings (`double precision`, `character
    // varying`, `timestamp with time zone`), and those start with words the
    // server does not accept as argument names. So: the whole as a type if
    // it is one, else the first word is the name.
    match parse_type(whole) {
        Ok(type_name) => Ok(Argument { mode, name: None, type_name }),
        Err(whole_error) => {
            if rest.len() >= 2 && is_name_token(&rest[0]) && is_name_token(&rest[1]) {
                let name = identifier_value(&rest[0])?;
                let type_name = parse_type(slice(&rest[1..]))?;
                Ok(Argument { mode, name: Some(name), type_name })
            } else {
                Err(whole_error)
            }
        }
    }
}

/// Splits the tokens between a pair of parentheses at top-level commas.
pub(crate) fn split_top_level_commas<'t, 'a>(tokens: &'t [Token<'a>]) -> Vec<&'t [Token<'a>]> {
    let mut pieces = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, token) in tokens.iter().enumerate() {
        if token.is_punct("(") || token.is_punct("[") {
            depth += 1;
        } else if token.is_punct(")") || token.is_punct("]") {
            depth = depth.saturating_sub(1);
        } else if token.is_punct(",") && depth == 0 {
            pieces.push(&tokens[start..i]);
            start = i + 1;
        }
    }
    if !tokens.is_empty() {
        pieces.push(&tokens[start..]);
    }
    pieces
}

/// Index of the `)` matching the `(` at `open`.
pub(crate) fn matching_paren(tokens: &[Token<'_>], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, token) in tokens.iter().enumerate().skip(open) {
        if token.is_punct("(") {
            depth += 1;
        } else if token.is_punct(")") {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// Reads the argument list whose `(` is at `open`; returns the arguments
/// and the index after the closing `)`.
pub(crate) fn parse_argument_list(
    source: &str,
    tokens: &[Token<'_>],
    open: usize,
) -> Result<(Vec<Argument>, usize), String> {
    let close = matching_paren(tokens, open).ok_or("unbalanced parenthesis in the argument list")?;
    let inner = &tokens[open + 1..close];
    let mut arguments = Vec::new();
    for piece in split_top_level_commas(inner) {
        if piece.is_empty() {
            return Err("empty argument in the argument list (two commas in a row?)".to_string());
        }
        arguments.push(parse_argument(source, piece)?);
    }
    Ok((arguments, close + 1))
}

/// The types that make up a routine's identity. For functions OUT arguments
/// are not part of it; for procedures they are (PostgreSQL 14+). Type
/// modifiers never are: the server drops them from argument types.
pub(crate) fn identity_types(arguments: &[Argument], keep_out: bool) -> Vec<TypeName> {
    arguments
        .iter()
        .filter(|a| keep_out || a.mode != ArgMode::Out)
        .map(|a| a.type_name.without_modifiers())
        .collect()
}

/// A function or procedure as identified by the server: name and argument
/// types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub schema: Option<String>,
    pub name: String,
    /// Identity types: no OUT arguments (for functions), reduced with
    /// `TypeName::without_modifiers`, so each one matches the catalog's
    /// `format_type(oid, NULL)` spelling read with `parse_type`.
    pub argument_types: Vec<TypeName>,
}

impl Signature {
    /// Whether `actual` (from the catalog) is the routine `self` (from the
    /// spec) names. Schemas follow `TypeName::matches`: an unqualified spec
    /// name matches any schema, `public` matches no schema. Argument types
    /// are compared without modifiers, as the server identifies routines.
    pub fn matches(&self, actual: &Signature) -> bool {
        let schema_ok = match (&self.schema, &actual.schema) {
            (None, _) => true,
            (Some(s), None) => s == "public",
            (Some(s), Some(a)) => s == a,
        };
        schema_ok
            && self.name == actual.name
            && self.argument_types.len() == actual.argument_types.len()
            && self
                .argument_types
                .iter()
                .zip(&actual.argument_types)
                .all(|(s, a)| s.without_modifiers().matches(&a.without_modifiers()))
    }
}

fn parse_signature_with(text: &str, keep_out: bool) -> Result<Signature, String> {
    let shape =
        "expected `name(type, …)` or `schema.name(type, …)`, such as `public.f(uuid, text[])` or `f()`";
    let tokens = significant_tokens(text, "signature")?;
    let mut pos = 0;
    let path = take_path(&tokens, &mut pos).map_err(|e| format!("{shape}: {e} in `{}`", text.trim()))?;
    let (schema, name) = match <[String; 2]>::try_from(path) {
        Ok([schema, name]) => (Some(schema), name),
        Err(path) if path.len() == 1 => (None, path.into_iter().next().unwrap_or_default()),
        Err(_) => {
            return Err(format!("{shape}: `{}` has more than two dotted names", text.trim()));
        }
    };
    if !tokens.get(pos).is_some_and(|t| t.is_punct("(")) {
        return Err(format!("{shape}, found `{}` (write `()` for a routine without arguments)", text.trim()));
    }
    let (arguments, end) =
        parse_argument_list(text, &tokens, pos).map_err(|e| format!("{e} in signature `{}`", text.trim()))?;
    if let Some(extra) = tokens.get(end) {
        return Err(format!(
            "{shape}: unexpected `{}` after the argument list in `{}`",
            extra.text,
            text.trim()
        ));
    }
    Ok(Signature { schema, name, argument_types: identity_types(&arguments, keep_out) })
}

/// `name(uuid, text[])`, `public.f()`, `"Odd Name"(character varying)`, or
/// arguments as written in `CREATE FUNCTION` (`f(p_id uuid, OUT total
/// bigint, VARIADIC vals int[] DEFAULT '{}')`), which is also the shape of
/// `pg_get_function_identity_arguments`. Keeps the identity types of a
/// function: OUT arguments and type modifiers are dropped.
pub fn parse_signature(text: &str) -> Result<Signature, String> {
    parse_signature_with(text, false)
}

/// Like `parse_signature`, for a procedure: since PostgreSQL 14 a
/// procedure's OUT arguments are part of its identity, so they are kept.
pub fn parse_procedure_signature(text: &str) -> Result<Signature, String> {
    parse_signature_with(text, true)
}

impl fmt::Display for Signature {
    /// `schema.name(type, type)`, names quoted where needed, types as
    /// `pg_get_function_identity_arguments` prints them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(schema) = &self.schema {
            write!(f, "{}.", quote_ident(schema))?;
        }
        write!(f, "{}(", quote_ident(&self.name))?;
        for (i, t) in self.argument_types.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(&t.display_without_modifiers())?;
        }
        f.write_str(")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(text: &str) -> Vec<String> {
        parse_identifier_path(text).unwrap()
    }

    #[test]
    fn paths_fold_unquoted_parts_and_keep_quoted_ones() {
        assert_eq!(path("a.b"), ["a", "b"]);
        assert_eq!(path("Public . Users"), ["public", "users"]);
        assert_eq!(path(r#""My Schema"."T.1""#), ["My Schema", "T.1"]);
        assert_eq!(path(r#""say ""hi""""#), [r#"say "hi""#]);
        assert_eq!(path("Café"), ["café"]);
        assert_eq!(path(r#"U&"d\0061t\+000061""#), ["data"]);
    }

    #[test]
    fn long_names_are_truncated_like_the_server_does() {
        let long = "a".repeat(70);
        assert_eq!(path(&long), ["a".repeat(63)]);
        // Cut at a character boundary, never inside one.
        let wide = "é".repeat(40);
        assert_eq!(path(&format!("\"{wide}\"")), ["é".repeat(31)]);
    }

    #[test]
    fn path_errors_say_what_is_wrong() {
        assert!(parse_identifier_path("").unwrap_err().contains("expected a name, found nothing"));
        assert!(parse_identifier_path("a.").unwrap_err().contains("after the final `.`"));
        assert!(parse_identifier_path("a b").unwrap_err().contains("unexpected `b`"));
        assert!(parse_identifier_path("\"abc").unwrap_err().contains("unterminated quoted identifier"));
        assert!(parse_identifier_path("a.(b)").unwrap_err().contains("found `(`"));
        assert!(
            parse_identifier_path(r#"U&"d!0061t" UESCAPE '!'"#)
                .unwrap_err()
                .contains("UESCAPE is not supported")
        );
    }

    #[test]
    fn table_refs() {
        assert_eq!(
            parse_table_ref("conversations(id)").unwrap(),
            TableRef { schema: None, table: "conversations".into(), columns: vec!["id".into()] }
        );
        assert_eq!(
            parse_table_ref(r#"auth.users ( id , "Tenant" )"#).unwrap(),
            TableRef {
                schema: Some("auth".into()),
                table: "users".into(),
                columns: vec!["id".into(), "Tenant".into()]
            }
        );
        assert_eq!(
            parse_table_ref("\"My Schema\".t").unwrap(),
            TableRef { schema: Some("My Schema".into()), table: "t".into(), columns: vec![] }
        );
    }

    #[test]
    fn table_ref_errors_show_the_expected_shape() {
        assert_eq!(
            parse_table_ref("conversations id").unwrap_err(),
            "expected `table(column, …)` or `schema.table(column, …)`, found `conversations id`"
        );
        assert!(parse_table_ref("t()").unwrap_err().contains("column list in `t()` is empty"));
        assert!(parse_table_ref("t(a,)").unwrap_err().starts_with("expected `table(column, …)`"));
        assert!(parse_table_ref("t(a").unwrap_err().starts_with("expected `table(column, …)`"));
        assert!(parse_table_ref("t(a) x").unwrap_err().starts_with("expected `table(column, …)`"));
        assert!(parse_table_ref("a.b.c(id)").unwrap_err().contains("more than two dotted names"));
        assert!(parse_table_ref("").unwrap_err().starts_with("expected `table(column, …)`"));
    }

    fn sig(text: &str) -> Signature {
        parse_signature(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn types(text: &str) -> Vec<String> {
        sig(text).argument_types.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn plain_signatures() {
        let s = sig("get_conversation_messages(uuid)");
        assert_eq!((s.schema.as_deref(), s.name.as_str()), (None, "get_conversation_messages"));
        assert_eq!(types("f(uuid, text[])"), ["uuid", "text[]"]);
        let s = sig("public.f()");
        assert_eq!((s.schema.as_deref(), s.name.as_str(), s.argument_types.len()), (Some("public"), "f", 0));
        let s = sig(r#""Odd Name"(character varying, double precision)"#);
        assert_eq!(s.name, "Odd Name");
        assert_eq!(
            types(r#""Odd Name"(character varying, double precision)"#),
            ["character varying", "double precision"]
        );
    }

    #[test]
    fn arguments_with_modes_names_and_defaults() {
        assert_eq!(types("f(p_id uuid, OUT total bigint, VARIADIC vals int[])"), ["uuid", "integer[]"]);
        assert_eq!(types("f(IN a int, INOUT b text)"), ["integer", "text"]);
        assert_eq!(
            types("f(x int DEFAULT 3, y text = 'a,b', z numeric(10,2) DEFAULT round(1.5, 2))"),
            ["integer", "text", "numeric"]
        );
        assert_eq!(
            types("f(ts timestamp with time zone, timestamp with time zone)"),
            ["timestamp with time zone", "timestamp with time zone"]
        );
        assert_eq!(
            types("f(double double precision, text text, p mood, \"Q\" public.mood)"),
            ["double precision", "text", "mood", "public.mood"]
        );
        assert_eq!(
            types("f(a character varying, b \"char\", c character)"),
            ["character varying", "\"char\"", "character(1)"]
        );
    }

    #[test]
    fn identity_arguments_from_the_catalog_read_back() {
        // pg_get_function_identity_arguments output.
        let s = sig("f(a character, b character, c character varying, d anyelement)");
        assert_eq!(s.to_string(), "f(character, character, character varying, anyelement)");
        let s = sig("f(x integer, VARIADIC v text[])");
        assert_eq!(s.to_string(), "f(integer, text[])");
    }

    #[test]
    fn procedures_keep_out_arguments() {
        let s = parse_procedure_signature("p(IN a integer, OUT b integer, INOUT c text)").unwrap();
        assert_eq!(s.to_string(), "p(integer, integer, text)");
        assert_eq!(sig("p(IN a integer, OUT b integer, INOUT c text)").to_string(), "p(integer, text)");
    }

    #[test]
    fn modifiers_are_not_part_of_a_signature() {
        assert_eq!(
            sig("f(varchar(20), numeric(10,2), char(3))").to_string(),
            "f(character varying, numeric, character)"
        );
        assert!(sig("f(char(3))").matches(&sig("f(a character)")));
        assert!(sig("f(bpchar)").matches(&sig("f(character)")));
        // Against the catalog's per-argument `format_type(oid, NULL)`, read as is.
        let spec = sig("f(char(3), varchar(20), numeric(10,2), timestamptz(3), bit(4))");
        let catalog = ["character", "character varying", "numeric", "timestamp with time zone", "bit"];
        for (s, a) in spec.argument_types.iter().zip(catalog) {
            assert!(s.matches(&parse_type(a).unwrap()), "{s} vs {a}");
        }
    }

    #[test]
    fn signature_display_quotes_names() {
        assert_eq!(
            sig(r#""My Schema"."Odd Name"(int4, "My Type")"#).to_string(),
            r#""My Schema"."Odd Name"(integer, "My Type")"#
        );
        assert_eq!(sig("public.f()").to_string(), "public.f()");
        assert_eq!(sig("\"order\"(int)").to_string(), "\"order\"(integer)");
    }

    #[test]
    fn signatures_match_like_the_catalog() {
        assert!(sig("f(int4, varchar)").matches(&sig("public.f(integer, character varying)")));
        assert!(sig("public.f(int)").matches(&sig("f(integer)")));
        assert!(!sig("audit.f(int)").matches(&sig("public.f(integer)")));
        assert!(!sig("f(int)").matches(&sig("f(bigint)")));
        assert!(!sig("f(int)").matches(&sig("f(integer, integer)")));
        assert!(!sig("f(int[])").matches(&sig("f(integer)")));
    }

    #[test]
    fn signature_errors() {
        assert!(parse_signature("f").unwrap_err().contains("write `()` for a routine without arguments"));
        assert!(parse_signature("f(int").unwrap_err().contains("unbalanced parenthesis"));
        assert!(parse_signature("f(int,,text)").unwrap_err().contains("empty argument"));
        assert!(parse_signature("f(int) x").unwrap_err().contains("unexpected `x`"));
        assert!(parse_signature("f(p users.id%TYPE)").unwrap_err().contains("%TYPE"));
        assert!(parse_signature("(int)").unwrap_err().contains("expected a name, found `(`"));
    }
}
