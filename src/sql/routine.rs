//! Reading a `CREATE [OR REPLACE] FUNCTION|PROCEDURE` statement into its
//! parts: name, identity argument types, RETURNS clause, language,
//! volatility, security, strictness, `SET` configuration and body. Also
//! reading and comparing a RETURNS clause on its own (`parse_returns`), since
//! the spec states `returns:` and the catalog prints
//! `pg_get_function_result`.
//!
//! Built on the lexer, so bodies are found by token, never by searching the
//! text: a `$$` body full of `;` and quotes, a body in `'…'` with doubled
//! quotes, or a SQL-standard `BEGIN ATOMIC … END` body are all read whole.
//! Clauses may come in any order, as the server allows. This is not a
//! validator: options the checks do not use (`COST`, `ROWS`, `SUPPORT`,
//! …) are skipped, and what the server would reject for other
//! reasons is left for the server to reject.

use std::fmt;

use crate::sql::ident::quote_ident;
use crate::sql::lexer::{Token, TokenKind, split_statements, string_value};
use crate::sql::names::{
    Signature, identifier_value, identity_types, matching_paren, parse_argument_list, significant_tokens,
    split_top_level_commas, take_path,
};
use crate::types::{TypeName, parse_type};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoutineKindWritten {
    Function,
    Procedure,
}

impl RoutineKindWritten {
    pub fn describe(self) -> &'static str {
        match self {
            RoutineKindWritten::Function => "function",
            RoutineKindWritten::Procedure => "procedure",
        }
    }
}

/// `PROCEDURE` or `FUNCTION`, the word SQL names a routine with
/// (`DROP FUNCTION …`, `COMMENT ON PROCEDURE …`).
pub fn routine_keyword(procedure: bool) -> &'static str {
    if procedure { "PROCEDURE" } else { "FUNCTION" }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutineDefinition {
    pub kind: RoutineKindWritten,
    pub schema: Option<String>,
    pub name: String,
    /// Identity types: IN, INOUT and VARIADIC arguments (and OUT ones for a
    /// procedure, which are part of its identity since PostgreSQL 14),
    /// without modifiers.
    pub argument_types: Vec<TypeName>,
    /// The RETURNS clause as written: `SETOF messages`, `TABLE (id uuid, n
    /// bigint)`, `trigger`. See `parse_returns`.
    pub returns: Option<String>,
    /// Lower-cased.
    pub language: Option<String>,
    /// `immutable`, `stable` or `volatile`, when written.
    pub volatility: Option<String>,
    /// `SECURITY DEFINER` → true, `SECURITY INVOKER` → false.
    pub security_definer: Option<bool>,
    /// `STRICT` / `RETURNS NULL ON NULL INPUT` → true, `CALLED ON NULL INPUT` → false.
    pub strict: Option<bool>,
    /// `PARALLEL SAFE|RESTRICTED|UNSAFE` → `safe`, `restricted`, `unsafe`.
    pub parallel: Option<String>,
    /// `LEAKPROOF` → true, `NOT LEAKPROOF` → false.
    pub leakproof: Option<bool>,
    /// `SET x = y` clauses as `pg_proc.proconfig` holds them: `x=y`, list
    /// values joined with `, ` (`search_path=public, pg_temp`), names quoted
    /// in `search_path`-like settings. The setting name is in lower case; the
    /// catalog may spell it in its canonical case (`DateStyle`), so compare
    /// the part before `=` ignoring case. `SET x FROM CURRENT` is recorded as
    /// `x FROM CURRENT` (its value is only known on the server).
    pub config: Vec<String>,
    /// The source of `AS '…'` / `AS $$…$$` with quoting undone (for `AS
    /// 'file', 'symbol'` the symbol, which is what `prosrc` holds), or the
    /// SQL-standard body as written: `RETURN a + b`, `BEGIN ATOMIC … END`.
    pub body: String,
}

impl RoutineDefinition {
    /// Name and identity argument types, as `names::parse_signature` reads
    /// them.
    pub fn signature(&self) -> Signature {
        Signature {
            schema: self.schema.clone(),
            name: self.name.clone(),
            argument_types: self.argument_types.clone(),
        }
    }

    /// Whether the body is SQL-standard (`RETURN …` / `BEGIN ATOMIC … END`),
    /// which the server keeps parsed (`prosqlbody`) rather than as source.
    pub fn has_sql_standard_body(&self) -> bool {
        let mut words = self.body.split_ascii_whitespace();
        let first = words.next().unwrap_or("");
        first.eq_ignore_ascii_case("return")
            || (first.eq_ignore_ascii_case("begin")
                && words.next().is_some_and(|w| w.eq_ignore_ascii_case("atomic")))
    }
}

/// Settings whose list elements the server quotes as identifiers when it
/// stores them (`GUC_LIST_QUOTE`).
const LIST_QUOTE_SETTINGS: &[&str] = &[
    "local_preload_libraries",
    "search_path",
    "session_preload_libraries",
    "shared_preload_libraries",
    "temp_tablespaces",
];

struct Reader<'t, 'a> {
    source: &'a str,
    tokens: &'t [Token<'a>],
    pos: usize,
    /// Line of the statement's first token in the caller's text, so that
    /// messages point into the file, not into the statement.
    first_line: u32,
}

impl<'t, 'a> Reader<'t, 'a> {
    fn peek(&self) -> Option<&'t Token<'a>> {
        self.tokens.get(self.pos)
    }

    fn peek_is_word(&self, offset: usize, word: &str) -> bool {
        self.tokens.get(self.pos + offset).is_some_and(|t| t.is_word(word))
    }

    fn eat_word(&mut self, word: &str) -> bool {
        if self.peek_is_word(0, word) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn at(&self, token: &Token<'_>) -> String {
        format!("line {}", self.first_line + token.line - 1)
    }

    fn unexpected(&self, expected: &str) -> String {
        match self.peek() {
            Some(token) => format!("expected {expected}, found `{}` at {}", token.text, self.at(token)),
            None => format!("expected {expected}, found the end of the statement"),
        }
    }

    fn expect_word(&mut self, word: &str) -> Result<(), String> {
        if self.eat_word(word) { Ok(()) } else { Err(self.unexpected(&format!("`{}`", word.to_uppercase()))) }
    }

    fn slice(&self, from: usize, to: usize) -> &'a str {
        &self.source[self.tokens[from].offset_in(self.source)..self.tokens[to - 1].end_in(self.source)]
    }

    /// Whether the token at `i` starts a CREATE FUNCTION clause; used to find
    /// where the free-form parts (a RETURNS type, SET values) end.
    fn starts_clause(&self, i: usize) -> bool {
        let Some(token) = self.tokens.get(i) else {
            return true;
        };
        let next_is = |word: &str| self.tokens.get(i + 1).is_some_and(|t| t.is_word(word));
        const CLAUSE_WORDS: &[&str] = &[
            "as",
            "called",
            "cost",
            "immutable",
            "language",
            "leakproof",
            "parallel",
            "return",
            "returns",
            "rows",
            "security",
            "set",
            "stable",
            "strict",
            "support",
            "transform",
            "volatile",
            "window",
        ];
        CLAUSE_WORDS.iter().any(|w| token.is_word(w))
            || (token.is_word("begin") && next_is("atomic"))
            || (token.is_word("external") && next_is("security"))
            || (token.is_word("not") && next_is("leakproof"))
            || (token.is_word("with") && self.tokens.get(i + 1).is_some_and(|t| t.is_punct("(")))
    }

    /// Index of the first clause start at parenthesis depth 0 from `from`.
    fn clause_end(&self, from: usize) -> usize {
        let mut depth = 0usize;
        let mut i = from;
        while i < self.tokens.len() {
            let token = &self.tokens[i];
            if token.is_punct("(") {
                depth += 1;
            } else if token.is_punct(")") {
                depth = depth.saturating_sub(1);
            } else if depth == 0 && i > from && self.starts_clause(i) {
                break;
            }
            i += 1;
        }
        i
    }
}

fn set_once<T>(slot: &mut Option<T>, value: T, clause: &str) -> Result<(), String> {
    if slot.is_some() {
        return Err(format!("conflicting or repeated {clause} clauses"));
    }
    *slot = Some(value);
    Ok(())
}

/// Read one `CREATE [OR REPLACE] FUNCTION|PROCEDURE` statement. Comments
/// before it and a trailing `;` are allowed.
pub fn parse_create_routine(sql: &str) -> Result<RoutineDefinition, String> {
    let statements = split_statements(sql).map_err(|e| e.to_string())?;
    let statement = match statements.as_slice() {
        [] => {
            return Err(
                "expected a CREATE FUNCTION or CREATE PROCEDURE statement, found no statement".to_string()
            );
        }
        [one] => one,
        [_, second, ..] => {
            return Err(format!(
                "expected one CREATE FUNCTION or CREATE PROCEDURE statement, found {} statements (the second at line {})",
                statements.len(),
                second.line
            ));
        }
    };
    let source = statement.text;
    let tokens = significant_tokens(source, "statement")?;
    let mut r = Reader { source, tokens: &tokens, pos: 0, first_line: statement.line };

    let opening: Vec<&str> = tokens.iter().take(4).map(|t| t.text).collect();
    let not_routine = || {
        format!("expected a CREATE FUNCTION or CREATE PROCEDURE statement, found `{} …`", opening.join(" "))
    };
    if !r.eat_word("create") {
        return Err(not_routine());
    }
    if r.eat_word("or") {
        r.expect_word("replace")?;
    }
    let kind = if r.eat_word("function") {
        RoutineKindWritten::Function
    } else if r.eat_word("procedure") {
        RoutineKindWritten::Procedure
    } else {
        return Err(not_routine());
    };

    let path = take_path(&tokens, &mut r.pos).map_err(|e| format!("{e} after CREATE {}", kind.describe()))?;
    let (schema, name) = match <[String; 2]>::try_from(path) {
        Ok([schema, name]) => (Some(schema), name),
        Err(path) if path.len() == 1 => (None, path.into_iter().next().unwrap_or_default()),
        Err(_) => return Err("the routine name has more than two dotted parts".to_string()),
    };
    if !r.peek().is_some_and(|t| t.is_punct("(")) {
        return Err(r.unexpected("`(` and the argument list"));
    }
    let (arguments, after) = parse_argument_list(source, &tokens, r.pos)
        .map_err(|e| format!("{e} of {} {}", kind.describe(), quote_ident(&name)))?;
    r.pos = after;

    let mut def = RoutineDefinition {
        kind,
        schema,
        name,
        argument_types: identity_types(&arguments, kind == RoutineKindWritten::Procedure),
        returns: None,
        language: None,
        volatility: None,
        security_definer: None,
        strict: None,
        parallel: None,
        leakproof: None,
        config: Vec::new(),
        body: String::new(),
    };
    let mut body: Option<String> = None;

    while let Some(token) = r.peek() {
        if token.is_word("returns") {
            r.pos += 1;
            if r.peek_is_word(0, "null") {
                for word in ["null", "on", "null", "input"] {
                    r.expect_word(word)?;
                }
                set_once(&mut def.strict, true, "STRICT / CALLED ON NULL INPUT")?;
                continue;
            }
            let end = r.clause_end(r.pos);
            if end == r.pos {
                return Err(r.unexpected("a type after RETURNS"));
            }
            set_once(&mut def.returns, r.slice(r.pos, end).to_string(), "RETURNS")?;
            r.pos = end;
        } else if token.is_word("language") {
            r.pos += 1;
            let language = match r.peek() {
                Some(t) if matches!(t.kind, TokenKind::Word | TokenKind::QuotedIdent) => identifier_value(t)?,
                Some(t) if t.kind == TokenKind::String => string_value(t).unwrap_or_default(),
                _ => return Err(r.unexpected("a language name after LANGUAGE")),
            };
            r.pos += 1;
            set_once(&mut def.language, language.to_lowercase(), "LANGUAGE")?;
        } else if ["immutable", "stable", "volatile"].iter().any(|w| token.is_word(w)) {
            r.pos += 1;
            set_once(&mut def.volatility, token.text.to_ascii_lowercase(), "IMMUTABLE / STABLE / VOLATILE")?;
        } else if token.is_word("strict") {
            r.pos += 1;
            set_once(&mut def.strict, true, "STRICT / CALLED ON NULL INPUT")?;
        } else if token.is_word("called") {
            r.pos += 1;
            for word in ["on", "null", "input"] {
                r.expect_word(word)?;
            }
            set_once(&mut def.strict, false, "STRICT / CALLED ON NULL INPUT")?;
        } else if token.is_word("security") || token.is_word("external") {
            r.eat_word("external");
            r.expect_word("security")?;
            let definer = if r.eat_word("definer") {
                true
            } else if r.eat_word("invoker") {
                false
            } else {
                return Err(r.unexpected("DEFINER or INVOKER after SECURITY"));
            };
            set_once(&mut def.security_definer, definer, "SECURITY")?;
        } else if token.is_word("set") {
            r.pos += 1;
            if let Some(entry) = read_set_clause(&mut r)? {
                def.config.push(entry);
            }
        } else if token.is_word("as") {
            r.pos += 1;
            let first = r.peek().filter(|t| matches!(t.kind, TokenKind::String | TokenKind::DollarString));
            let Some(first) = first else {
                return Err(r.unexpected("the body as a string ('…' or $$…$$) after AS"));
            };
            r.pos += 1;
            let mut source_token = first;
            if r.peek().is_some_and(|t| t.is_punct(",")) {
                // `AS 'obj_file', 'link_symbol'`: the symbol is prosrc.
                r.pos += 1;
                match r.peek() {
                    Some(t) if matches!(t.kind, TokenKind::String | TokenKind::DollarString) => {
                        source_token = t
                    }
                    _ => return Err(r.unexpected("the link symbol after `AS 'file',`")),
                }
                r.pos += 1;
            }
            let Some(text) = string_value(source_token) else {
                return Err(format!(
                    "unsupported string for the body at {}: use '…', E'…' or $$…$$",
                    r.at(source_token)
                ));
            };
            set_once(&mut body, text, "AS / body")?;
        } else if token.is_word("return") || (token.is_word("begin") && r.peek_is_word(1, "atomic")) {
            // A SQL-standard body is the last thing in the statement.
            let text = r.slice(r.pos, tokens.len()).to_string();
            if token.is_word("begin") && !tokens.last().is_some_and(|t| t.is_word("end")) {
                return Err(format!("the BEGIN ATOMIC body at {} does not end with END", r.at(token)));
            }
            set_once(&mut body, text, "AS / body")?;
            r.pos = tokens.len();
        } else if token.is_word("not") && r.peek_is_word(1, "leakproof") {
            r.pos += 2;
            set_once(&mut def.leakproof, false, "LEAKPROOF")?;
        } else if token.is_word("leakproof") {
            r.pos += 1;
            set_once(&mut def.leakproof, true, "LEAKPROOF")?;
        } else if token.is_word("window") {
            r.pos += 1;
        } else if token.is_word("parallel") {
            r.pos += 1;
            let level = match r.peek() {
                Some(t) if ["safe", "restricted", "unsafe"].iter().any(|w| t.is_word(w)) => {
                    t.text.to_ascii_lowercase()
                }
                _ => return Err(r.unexpected("SAFE, RESTRICTED or UNSAFE after PARALLEL")),
            };
            r.pos += 1;
            set_once(&mut def.parallel, level, "PARALLEL")?;
        } else if token.is_word("cost") || token.is_word("rows") {
            r.pos += 2;
        } else if token.is_word("support") {
            r.pos += 1;
            take_path(&tokens, &mut r.pos).map_err(|e| format!("{e} after SUPPORT"))?;
        } else if token.is_word("transform") || token.is_word("with") {
            r.pos = r.clause_end(r.pos + 1);
        } else {
            return Err(r.unexpected(
                "a clause of CREATE FUNCTION (RETURNS, LANGUAGE, AS, IMMUTABLE|STABLE|VOLATILE, STRICT, SECURITY DEFINER, SET, …)",
            ));
        }
    }
    def.body = body.ok_or_else(|| {
        format!(
            "{} {} has no body: expected AS '…', AS $$…$$, RETURN … or BEGIN ATOMIC … END",
            kind.describe(),
            quote_ident(&def.name)
        )
    })?;
    Ok(def)
}

/// After `SET`: `name {TO | =} value [, …]` or `name FROM CURRENT`. `None`
/// for `SET name TO DEFAULT`, which leaves nothing in `proconfig`.
fn read_set_clause(r: &mut Reader<'_, '_>) -> Result<Option<String>, String> {
    let name = take_path(r.tokens, &mut r.pos).map_err(|e| format!("{e} after SET"))?.join(".");
    if r.eat_word("from") {
        r.expect_word("current")?;
        return Ok(Some(format!("{name} FROM CURRENT")));
    }
    if r.peek().is_some_and(|t| t.kind == TokenKind::Operator && t.text == "=") {
        r.pos += 1;
    } else if !r.eat_word("to") {
        return Err(r.unexpected(&format!("`=` or TO after SET {name}")));
    }
    if r.peek_is_word(0, "default") && r.starts_clause(r.pos + 1) {
        r.pos += 1;
        return Ok(None);
    }
    let end = r.clause_end(r.pos);
    if end == r.pos {
        return Err(r.unexpected(&format!("a value for SET {name}")));
    }
    let quote = LIST_QUOTE_SETTINGS.contains(&name.as_str());
    let mut values = Vec::new();
    for piece in split_top_level_commas(&r.tokens[r.pos..end]) {
        let mut value = String::new();
        for token in piece {
            match token.kind {
                TokenKind::Word | TokenKind::QuotedIdent => value.push_str(&identifier_value(token)?),
                TokenKind::String => match string_value(token) {
                    Some(s) => value.push_str(&s),
                    None => return Err(format!("unsupported string `{}` in SET {name}", token.text)),
                },
                _ => value.push_str(token.text),
            }
        }
        if value.is_empty() {
            return Err(format!("empty value in SET {name}"));
        }
        values.push(if quote { quote_ident(&value) } else { value });
    }
    r.pos = end;
    Ok(Some(format!("{name}={}", values.join(", "))))
}

/// A RETURNS clause, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Returns {
    /// `type` or `SETOF type`.
    Type { setof: bool, type_name: TypeName },
    /// `TABLE (name type, …)`.
    Table(Vec<(String, TypeName)>),
}

/// Read a RETURNS clause as written in a spec or `CREATE FUNCTION`
/// (`setof messages`, `TABLE (id uuid, n bigint)`, `trigger`) or as
/// `pg_get_function_result` prints it (`SETOF messages`, `TABLE(id uuid, n
/// bigint)`).
pub fn parse_returns(text: &str) -> Result<Returns, String> {
    let tokens = significant_tokens(text, "returns")?;
    let shape = "expected a type, `setof type` or `table(name type, …)`";
    match tokens.as_slice() {
        [] => Err(format!("{shape}, found nothing")),
        [first, rest @ ..] if first.is_word("setof") => {
            let Some(start) = rest.first() else {
                return Err(format!("{shape}: `setof` needs a type"));
            };
            let type_name = parse_type(&text[start.offset_in(text)..])?;
            Ok(Returns::Type { setof: true, type_name })
        }
        [first, open, ..] if first.is_word("table") && open.is_punct("(") => {
            let close = matching_paren(&tokens, 1)
                .ok_or_else(|| format!("unbalanced parenthesis in `{}`", text.trim()))?;
            if close + 1 != tokens.len() {
                return Err(format!(
                    "{shape}: unexpected `{}` after the column list",
                    tokens[close + 1].text
                ));
            }
            let mut columns = Vec::new();
            for piece in split_top_level_commas(&tokens[2..close]) {
                let (Some(name), Some(type_start)) = (piece.first(), piece.get(1)) else {
                    return Err(format!(
                        "{shape}: each TABLE column needs a name and a type, in `{}`",
                        text.trim()
                    ));
                };
                let type_end = piece[piece.len() - 1].end_in(text);
                let name = identifier_value(name)?;
                columns.push((name, parse_type(&text[type_start.offset_in(text)..type_end])?));
            }
            if columns.is_empty() {
                return Err(format!("{shape}: the TABLE column list is empty"));
            }
            Ok(Returns::Table(columns))
        }
        _ => Ok(Returns::Type { setof: false, type_name: parse_type(text)? }),
    }
}

impl Returns {
    /// Whether `actual` (from `pg_get_function_result`) is what `self` (from
    /// the spec) asks for. Types are compared without modifiers: the server
    /// keeps none for results.
    pub fn matches(&self, actual: &Returns) -> bool {
        let same = |a: &TypeName, b: &TypeName| a.without_modifiers().matches(&b.without_modifiers());
        match (self, actual) {
            (Returns::Type { setof: s1, type_name: t1 }, Returns::Type { setof: s2, type_name: t2 }) => {
                s1 == s2 && same(t1, t2)
            }
            (Returns::Table(c1), Returns::Table(c2)) => {
                c1.len() == c2.len() && c1.iter().zip(c2).all(|((n1, t1), (n2, t2))| n1 == n2 && same(t1, t2))
            }
            _ => false,
        }
    }
}

impl fmt::Display for Returns {
    /// `pg_get_function_result`'s spelling.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Returns::Type { setof, type_name } => {
                if *setof {
                    f.write_str("SETOF ")?;
                }
                f.write_str(&type_name.display_without_modifiers())
            }
            Returns::Table(columns) => {
                f.write_str("TABLE(")?;
                for (i, (name, type_name)) in columns.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{} {}", quote_ident(name), type_name.display_without_modifiers())?;
                }
                f.write_str(")")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(sql: &str) -> RoutineDefinition {
        parse_create_routine(sql).unwrap_or_else(|e| panic!("{e}\n{sql}"))
    }

    fn types(def: &RoutineDefinition) -> Vec<String> {
        def.argument_types.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn plpgsql_function_with_dollar_quoted_body() {
        let sql = r#"
-- Returns a conversation's messages, oldest first.
CREATE OR REPLACE FUNCTION public.get_conversation_messages(p_conversation_id uuid)
RETURNS SETOF messages
LANGUAGE plpgsql
STABLE
AS $function$
BEGIN
  -- a comment with a ; and a 'quote
  RETURN QUERY
    SELECT m.* FROM messages m
    WHERE m.conversation_id = p_conversation_id
      AND m.body <> 'it''s; fine'
    ORDER BY m.created_at;
  EXECUTE format($q$SELECT 1 WHERE 'x' = %L$q$, 'y');
END;
$function$;
"#;
        let def = parse(sql);
        assert_eq!(def.kind, RoutineKindWritten::Function);
        assert_eq!(def.schema.as_deref(), Some("public"));
        assert_eq!(def.name, "get_conversation_messages");
        assert_eq!(types(&def), ["uuid"]);
        assert_eq!(def.returns.as_deref(), Some("SETOF messages"));
        assert_eq!(def.language.as_deref(), Some("plpgsql"));
        assert_eq!(def.volatility.as_deref(), Some("stable"));
        assert_eq!(def.security_definer, None);
        assert_eq!(def.strict, None);
        assert!(def.body.starts_with("\nBEGIN\n  -- a comment with a ; and a 'quote\n"));
        assert!(def.body.ends_with("$q$SELECT 1 WHERE 'x' = %L$q$, 'y');\nEND;\n"));
        assert!(!def.has_sql_standard_body());
        assert_eq!(def.signature().to_string(), "public.get_conversation_messages(uuid)");
    }

    #[test]
    fn language_may_come_after_the_body_and_words_in_any_case() {
        let def = parse(
            "create function Update_Conversation_Metadata() returns TRIGGER as $$\nbegin\n  update conversations set updated_at = now() where id = new.conversation_id;\n  return new;\nend\n$$ LANGUAGE PLPGSQL;",
        );
        assert_eq!(def.name, "update_conversation_metadata");
        assert_eq!(def.returns.as_deref(), Some("TRIGGER"));
        assert_eq!(def.language.as_deref(), Some("plpgsql"));
        assert!(def.argument_types.is_empty());
        assert!(def.body.contains("return new;"));
    }

    #[test]
    fn sql_function_with_single_quoted_body() {
        let def = parse(
            "CREATE FUNCTION add_note(n text, OUT id bigint) AS 'INSERT INTO notes(body) VALUES (n || '' (it''''s)'') RETURNING id' LANGUAGE 'SQL' VOLATILE CALLED ON NULL INPUT",
        );
        assert_eq!(types(&def), ["text"]);
        assert_eq!(def.language.as_deref(), Some("sql"));
        assert_eq!(def.body, "INSERT INTO notes(body) VALUES (n || ' (it''s)') RETURNING id");
        assert_eq!(def.strict, Some(false));
        assert_eq!(def.returns, None);
    }

    #[test]
    fn escape_string_bodies_are_unescaped() {
        let def = parse(r"CREATE FUNCTION f() RETURNS text LANGUAGE sql AS E'SELECT \'a\\b\''");
        assert_eq!(def.body, r"SELECT 'a\b'");
    }

    #[test]
    fn returns_table_and_options() {
        let sql = r#"
CREATE OR REPLACE FUNCTION "Reports".conversation_stats(p_since timestamp with time zone DEFAULT now() - interval '7 days', VARIADIC p_tags text[] DEFAULT '{}')
 RETURNS TABLE (id uuid, "N" bigint, last_at timestamptz)
 LANGUAGE sql
 STABLE STRICT PARALLEL SAFE COST 100 ROWS 10 NOT LEAKPROOF
 SECURITY DEFINER
 SET search_path = public, "My Schema", pg_temp
 SET work_mem TO '64MB'
 SET plpgsql.variable_conflict = use_column
 SET enable_seqscan = OFF
 SET statement_timeout = 5000
 SET DateStyle FROM CURRENT
AS $$ SELECT c.id, count(*), max(m.created_at) FROM conversations c JOIN messages m ON m.conversation_id = c.id GROUP BY c.id $$;
"#;
        let def = parse(sql);
        assert_eq!(def.schema.as_deref(), Some("Reports"));
        assert_eq!(types(&def), ["timestamp with time zone", "text[]"]);
        assert_eq!(def.returns.as_deref(), Some("TABLE (id uuid, \"N\" bigint, last_at timestamptz)"));
        assert_eq!(def.volatility.as_deref(), Some("stable"));
        assert_eq!(def.strict, Some(true));
        assert_eq!(def.security_definer, Some(true));
        assert_eq!(
            def.config,
            [
                "search_path=public, \"My Schema\", pg_temp",
                "work_mem=64MB",
                "plpgsql.variable_conflict=use_column",
                "enable_seqscan=off",
                "statement_timeout=5000",
                "datestyle FROM CURRENT",
            ]
        );
        assert_eq!(
            def.signature().to_string(),
            "\"Reports\".conversation_stats(timestamp with time zone, text[])"
        );
    }

    #[test]
    fn security_definer_with_search_path_then_body() {
        let def = parse(
            "CREATE FUNCTION public.is_admin(uid uuid) RETURNS boolean LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$ SELECT EXISTS (SELECT 1 FROM admins WHERE id = uid) $$",
        );
        assert_eq!(def.security_definer, Some(true));
        assert_eq!(def.config, ["search_path=public, pg_temp"]);
        assert_eq!(def.body, " SELECT EXISTS (SELECT 1 FROM admins WHERE id = uid) ");
    }

    #[test]
    fn parallel_and_leakproof_are_read() {
        let def = parse(
            "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE LEAKPROOF \
             SET search_path = app, pg_temp AS 'SELECT a'",
        );
        assert_eq!(def.parallel.as_deref(), Some("safe"));
        assert_eq!(def.leakproof, Some(true));
        assert_eq!(def.config, ["search_path=app, pg_temp"]);
        let def = parse(
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql NOT LEAKPROOF PARALLEL Restricted AS 'SELECT 1'",
        );
        assert_eq!(def.parallel.as_deref(), Some("restricted"));
        assert_eq!(def.leakproof, Some(false));
        assert!(
            parse_create_routine("CREATE FUNCTION f() RETURNS int LANGUAGE sql PARALLEL maybe AS 'SELECT 1'")
                .is_err()
        );
    }

    #[test]
    fn returns_null_on_null_input_is_strict() {
        let def = parse(
            "CREATE FUNCTION f(int) RETURNS int RETURNS NULL ON NULL INPUT LANGUAGE sql AS 'SELECT $1'",
        );
        assert_eq!(def.strict, Some(true));
        assert_eq!(def.returns.as_deref(), Some("int"));
        assert_eq!(def.body, "SELECT $1");
    }

    #[test]
    fn multi_word_return_types_end_at_the_next_clause() {
        let def = parse(
            "CREATE FUNCTION f() RETURNS timestamp with time zone IMMUTABLE LANGUAGE sql AS 'SELECT now()'",
        );
        assert_eq!(def.returns.as_deref(), Some("timestamp with time zone"));
        let def = parse("CREATE FUNCTION f() RETURNS double precision[] AS 'SELECT 1' LANGUAGE sql");
        assert_eq!(def.returns.as_deref(), Some("double precision[]"));
    }

    #[test]
    fn procedures_keep_out_arguments_in_their_identity() {
        let def = parse(
            "CREATE PROCEDURE archive_old(IN p_before date, OUT n_moved integer)\nLANGUAGE plpgsql\nAS $$\nBEGIN\n  WITH moved AS (DELETE FROM messages WHERE created_at < p_before RETURNING *)\n  SELECT count(*) INTO n_moved FROM moved;\n  COMMIT;\nEND;\n$$;",
        );
        assert_eq!(def.kind, RoutineKindWritten::Procedure);
        assert_eq!(types(&def), ["date", "integer"]);
        assert_eq!(def.returns, None);
    }

    #[test]
    fn sql_standard_bodies() {
        let def = parse(
            "CREATE FUNCTION add(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN a + b;",
        );
        assert_eq!(def.body, "RETURN a + b");
        assert!(def.has_sql_standard_body());
        let sql = "CREATE OR REPLACE FUNCTION public.pairs(a int)\nRETURNS SETOF int\nLANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN a ELSE 0 END;\n  SELECT a + 1;\nEND;";
        let def = parse(sql);
        assert_eq!(
            def.body,
            "BEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN a ELSE 0 END;\n  SELECT a + 1;\nEND"
        );
        assert!(def.has_sql_standard_body());
        let def = parse("CREATE PROCEDURE p(x int) BEGIN ATOMIC INSERT INTO t VALUES (x); END");
        assert_eq!(def.body, "BEGIN ATOMIC INSERT INTO t VALUES (x); END");
    }

    #[test]
    fn c_functions_keep_the_link_symbol() {
        let def =
            parse("CREATE FUNCTION f(int) RETURNS int AS 'MODULE_PATHNAME', 'f_impl' LANGUAGE C STRICT");
        assert_eq!(def.body, "f_impl");
        assert_eq!(def.language.as_deref(), Some("c"));
    }

    #[test]
    fn errors_say_what_the_statement_is() {
        let err = parse_create_routine("CREATE TABLE t (id int);").unwrap_err();
        assert_eq!(
            err,
            "expected a CREATE FUNCTION or CREATE PROCEDURE statement, found `CREATE TABLE t ( …`"
        );
        let err = parse_create_routine("-- just a comment").unwrap_err();
        assert!(err.contains("found no statement"), "{err}");
        let err =
            parse_create_routine("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'; SELECT 2;")
                .unwrap_err();
        assert!(err.contains("found 2 statements"), "{err}");
        let err = parse_create_routine("CREATE FUNCTION f() RETURNS int LANGUAGE sql").unwrap_err();
        assert!(err.contains("has no body"), "{err}");
        let err =
            parse_create_routine("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'a' AS 'b'").unwrap_err();
        assert!(err.contains("repeated"), "{err}");
        let err =
            parse_create_routine("CREATE FUNCTION f() RETURNS int\nLANGUAGE sql FOO AS 'a'").unwrap_err();
        assert!(err.contains("found `FOO` at line 2"), "{err}");
        let err = parse_create_routine("CREATE FUNCTION f(int RETURNS int AS 'a'").unwrap_err();
        assert!(err.contains("unbalanced parenthesis"), "{err}");
        let err = parse_create_routine("CREATE FUNCTION f() AS $$ x").unwrap_err();
        assert!(err.contains("unterminated dollar-quoted string"), "{err}");
        let err = parse_create_routine("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1;")
            .unwrap_err();
        assert!(err.contains("does not end with END"), "{err}");
    }

    #[test]
    fn returns_clauses_read_and_compare() {
        let r = |text: &str| parse_returns(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert!(r("setof messages").matches(&r("SETOF messages")));
        assert!(r("SETOF public.messages").matches(&r("SETOF messages")));
        assert!(!r("messages").matches(&r("SETOF messages")));
        assert!(r("int").matches(&r("integer")));
        assert!(r("varchar(20)").matches(&r("character varying")));
        assert!(r("TABLE (id uuid, \"N\" bigint)").matches(&r("TABLE(id uuid, \"N\" bigint)")));
        assert!(!r("TABLE (id uuid, n bigint)").matches(&r("TABLE(id uuid, \"N\" bigint)")));
        assert!(!r("TABLE (id uuid)").matches(&r("SETOF uuid")));
        assert_eq!(r("setof messages").to_string(), "SETOF messages");
        assert_eq!(
            r("table ( id uuid , \"N\" int8, t timestamptz(3) )").to_string(),
            "TABLE(id uuid, \"N\" bigint, t timestamp with time zone)"
        );
        assert_eq!(r("trigger").to_string(), "trigger");
        assert!(parse_returns("table (id)").unwrap_err().contains("needs a name and a type"));
        assert!(parse_returns("setof").unwrap_err().contains("needs a type"));
        assert!(parse_returns("").unwrap_err().contains("found nothing"));
    }
}
