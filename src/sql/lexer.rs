//! A small PostgreSQL lexer: SQL text → tokens with line and column.
//!
//! It owns everything that depends on knowing where a token starts and ends:
//! splitting a script into statements (`split_statements`), the canonical
//! spelling used to compare two pieces of code (`canonical_text`) and the
//! value of a string literal (`string_value`). It follows the server's own
//! scanner (`scan.l`) closely enough that a semicolon inside a string, a
//! dollar-quoted body or a comment is never mistaken for the end of a
//! statement. It does not parse: grammar lives in `names`, `routine` and
//! `types`, built on these tokens.
//!
//! Assumes `standard_conforming_strings = on` (the default since PostgreSQL
//! 9.1): in `'…'` a backslash is an ordinary character; only `E'…'` knows
//! backslash escapes.

use std::fmt;

use crate::sql::ident::is_bare_identifier;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// An unquoted identifier or keyword (`select`, `users`, `café`).
    Word,
    /// `"…"` or `U&"…"`.
    QuotedIdent,
    /// `'…'`, `E'…'`, `U&'…'`, `B'…'`, `X'…'`, `N'…'`.
    String,
    /// `$$…$$` or `$tag$…$tag$`.
    DollarString,
    /// `42`, `1.5e10`, `.5`, `0x1F`, `1_000`.
    Number,
    /// `+`, `->>`, `@>`, `<>`, `!=`, `=>`, …
    Operator,
    /// `( ) , ; [ ] .`, `:`, `::`, `:=`, `..`, and any character PostgreSQL
    /// would hand to the grammar on its own (`\`, `{`, a lone `$`).
    Punct,
    /// A positional parameter: `$1`.
    Param,
    /// `-- …` (without the line end) or `/* … */` (nested).
    Comment,
    Whitespace,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub kind: TokenKind,
    /// The token exactly as written, quotes and prefixes included.
    pub text: &'a str,
    /// 1-based line of the token's first character.
    pub line: u32,
    /// 1-based column (in characters) of the token's first character.
    pub column: u32,
}

impl<'a> Token<'a> {
    /// Comments and whitespace: what the grammar never sees.
    pub fn is_trivia(&self) -> bool {
        matches!(self.kind, TokenKind::Comment | TokenKind::Whitespace)
    }

    /// An unquoted word equal to `keyword`, ignoring case. A quoted
    /// identifier is never a keyword, which is the point of quoting it.
    pub fn is_word(&self, keyword: &str) -> bool {
        self.kind == TokenKind::Word && self.text.eq_ignore_ascii_case(keyword)
    }

    /// Punctuation spelled exactly `punct`.
    pub fn is_punct(&self, punct: &str) -> bool {
        self.kind == TokenKind::Punct && self.text == punct
    }

    /// Byte offset of this token inside `source`, which must be the text the
    /// token was lexed from. Lets callers slice out "the text as written"
    /// between two tokens.
    pub fn offset_in(&self, source: &str) -> usize {
        self.text.as_ptr() as usize - source.as_ptr() as usize
    }

    /// Byte offset just past this token inside `source` (see `offset_in`).
    pub fn end_in(&self, source: &str) -> usize {
        self.offset_in(source) + self.text.len()
    }
}

/// Why a piece of SQL could not be split into tokens: something was opened
/// and never closed. `line`/`column` point at where it was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexError {
    pub message: String,
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for LexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (line {}, column {})", self.message, self.line, self.column)
    }
}

impl std::error::Error for LexError {}

/// One statement of a script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Statement<'a> {
    /// From the statement's first token to its last, without the `;` and
    /// without comments that come before the first token or after the last.
    pub text: &'a str,
    /// 1-based line of the statement's first token.
    pub line: u32,
}

/// Characters PostgreSQL allows in operators.
fn is_op_char(c: char) -> bool {
    matches!(
        c,
        '~' | '!' | '@' | '#' | '^' | '&' | '|' | '`' | '?' | '+' | '-' | '*' | '/' | '%' | '<' | '>' | '='
    )
}

/// The server treats every byte with the high bit set as a letter, so any
/// non-ASCII character may start or continue an identifier.
fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || !c.is_ascii()
}

fn is_ident_cont(c: char) -> bool {
    is_ident_start(c) || c.is_ascii_digit() || c == '$'
}

/// Dollar-quote tags are like identifiers but may not contain `$`.
fn is_tag_cont(c: char) -> bool {
    is_ident_start(c) || c.is_ascii_digit()
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    line: u32,
    column: u32,
}

impl<'a> Lexer<'a> {
    fn peek(&self, n: usize) -> Option<char> {
        self.src[self.pos..].chars().nth(n)
    }

    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn bump_while(&mut self, pred: impl Fn(char) -> bool) {
        while self.peek(0).is_some_and(&pred) {
            self.bump();
        }
    }

    fn error(&self, message: impl Into<String>, line: u32, column: u32) -> LexError {
        LexError { message: message.into(), line, column }
    }

    fn next_token(&mut self) -> Result<Option<Token<'a>>, LexError> {
        let Some(c) = self.peek(0) else { return Ok(None) };
        let (start, line, column) = (self.pos, self.line, self.column);
        let next = self.peek(1);
        let kind = if is_space(c) {
            self.bump_while(is_space);
            TokenKind::Whitespace
        } else if c == '-' && next == Some('-') {
            self.bump_while(|c| c != '\n');
            TokenKind::Comment
        } else if c == '/' && next == Some('*') {
            self.block_comment(line, column)?;
            TokenKind::Comment
        } else if matches!(c, 'e' | 'E') && next == Some('\'') {
            self.bump();
            self.quoted_string(true, line, column)?;
            TokenKind::String
        } else if matches!(c, 'b' | 'B' | 'x' | 'X' | 'n' | 'N') && next == Some('\'') {
            self.bump();
            self.quoted_string(false, line, column)?;
            TokenKind::String
        } else if matches!(c, 'u' | 'U') && next == Some('&') && matches!(self.peek(2), Some('\'' | '"')) {
            self.bump();
            self.bump();
            if self.peek(0) == Some('\'') {
                self.quoted_string(false, line, column)?;
                TokenKind::String
            } else {
                self.quoted_ident(line, column)?;
                TokenKind::QuotedIdent
            }
        } else if c == '\'' {
            self.quoted_string(false, line, column)?;
            TokenKind::String
        } else if c == '"' {
            self.quoted_ident(line, column)?;
            TokenKind::QuotedIdent
        } else if is_ident_start(c) {
            self.bump_while(is_ident_cont);
            TokenKind::Word
        } else if c == '$' {
            self.dollar(line, column)?
        } else if c.is_ascii_digit() || (c == '.' && next.is_some_and(|n| n.is_ascii_digit())) {
            self.number();
            TokenKind::Number
        } else if (c == ':' && matches!(next, Some(':' | '='))) || (c == '.' && next == Some('.')) {
            // `::`, `:=` and `..` are single tokens to the server's grammar.
            self.bump();
            self.bump();
            TokenKind::Punct
        } else if is_op_char(c) {
            self.operator();
            TokenKind::Operator
        } else {
            // `( ) , ; [ ] . :` and anything the server would pass to the
            // grammar as a single character (where it becomes a syntax error).
            self.bump();
            TokenKind::Punct
        };
        Ok(Some(Token { kind, text: &self.src[start..self.pos], line, column }))
    }

    fn block_comment(&mut self, line: u32, column: u32) -> Result<(), LexError> {
        // PostgreSQL nests block comments, unlike the SQL standard's reading
        // of most other databases.
        let mut depth = 0usize;
        loop {
            let rest = self.rest();
            if rest.starts_with("/*") {
                depth += 1;
                self.bump();
                self.bump();
            } else if rest.starts_with("*/") {
                depth -= 1;
                self.bump();
                self.bump();
                if depth == 0 {
                    return Ok(());
                }
            } else if self.bump().is_none() {
                return Err(self.error("unterminated /* comment", line, column));
            }
        }
    }

    /// At the opening `'`. `backslash_escapes` for `E'…'`, where `\'` does
    /// not end the string.
    fn quoted_string(&mut self, backslash_escapes: bool, line: u32, column: u32) -> Result<(), LexError> {
        self.bump();
        loop {
            match self.bump() {
                None => return Err(self.error("unterminated quoted string", line, column)),
                Some('\\') if backslash_escapes => {
                    if self.bump().is_none() {
                        return Err(self.error("unterminated quoted string", line, column));
                    }
                }
                Some('\'') => {
                    if self.peek(0) == Some('\'') {
                        self.bump();
                    } else {
                        return Ok(());
                    }
                }
                Some(_) => {}
            }
        }
    }

    /// At the opening `"`.
    fn quoted_ident(&mut self, line: u32, column: u32) -> Result<(), LexError> {
        self.bump();
        let content_start = self.pos;
        loop {
            match self.bump() {
                None => return Err(self.error("unterminated quoted identifier", line, column)),
                Some('"') => {
                    if self.peek(0) == Some('"') {
                        self.bump();
                    } else if self.pos - 1 == content_start {
                        return Err(self.error("zero-length delimited identifier", line, column));
                    } else {
                        return Ok(());
                    }
                }
                Some(_) => {}
            }
        }
    }

    /// At a `$`: a parameter (`$1`), a dollar-quoted string, or a lone `$`.
    fn dollar(&mut self, line: u32, column: u32) -> Result<TokenKind, LexError> {
        if self.peek(1).is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
            self.bump_while(|c| c.is_ascii_digit());
            return Ok(TokenKind::Param);
        }
        // `$tag$`: the tag starts like an identifier and has no `$` inside.
        let rest = self.rest();
        let tag_len = {
            let mut chars = rest[1..].char_indices();
            match chars.next() {
                Some((_, '$')) => Some(2),
                Some((_, c)) if is_ident_start(c) => {
                    let mut end = None;
                    for (i, c) in chars.by_ref() {
                        if c == '$' {
                            end = Some(i + 2);
                            break;
                        }
                        if !is_tag_cont(c) {
                            break;
                        }
                    }
                    end
                }
                _ => None,
            }
        };
        let Some(tag_len) = tag_len else {
            self.bump();
            return Ok(TokenKind::Punct);
        };
        let tag = &rest[..tag_len];
        let Some(close) = rest[tag_len..].find(tag) else {
            return Err(self.error(
                format!("unterminated dollar-quoted string (no closing {tag})"),
                line,
                column,
            ));
        };
        let end = self.pos + tag_len + close + tag_len;
        while self.pos < end {
            self.bump();
        }
        Ok(TokenKind::DollarString)
    }

    fn digits(&mut self, is_digit: impl Fn(char) -> bool) {
        // Underscores between digits are allowed since PostgreSQL 16.
        loop {
            match self.peek(0) {
                Some(c) if is_digit(c) => {
                    self.bump();
                }
                Some('_') if self.peek(1).is_some_and(&is_digit) => {
                    self.bump();
                }
                _ => return,
            }
        }
    }

    fn number(&mut self) {
        let radix_digit: Option<fn(char) -> bool> = match (self.peek(0), self.peek(1)) {
            (Some('0'), Some('x' | 'X')) => Some(|c: char| c.is_ascii_hexdigit()),
            (Some('0'), Some('o' | 'O')) => Some(|c: char| c.is_digit(8)),
            (Some('0'), Some('b' | 'B')) => Some(|c: char| c == '0' || c == '1'),
            _ => None,
        };
        if let Some(is_digit) = radix_digit {
            let skip_underscore = self.peek(2) == Some('_');
            if self.peek(if skip_underscore { 3 } else { 2 }).is_some_and(is_digit) {
                self.bump();
                self.bump();
                self.digits(is_digit);
                return;
            }
        }
        let is_dec = |c: char| c.is_ascii_digit();
        self.digits(is_dec);
        // `1..10` (a PL/pgSQL range) is an integer followed by `..`.
        if self.peek(0) == Some('.') && self.peek(1) != Some('.') {
            self.bump();
            self.digits(is_dec);
        }
        if matches!(self.peek(0), Some('e' | 'E')) {
            let sign = matches!(self.peek(1), Some('+' | '-'));
            if self.peek(if sign { 2 } else { 1 }).is_some_and(is_dec) {
                self.bump();
                if sign {
                    self.bump();
                }
                self.digits(is_dec);
            }
        }
    }

    fn operator(&mut self) {
        // Mirrors scan.l: an operator is a run of operator characters, cut
        // before an embedded comment start, and a trailing `+`/`-` is split
        // off unless the operator contains one of `~!@#^&|`?%` (so that
        // `a=-1` is `a = - 1`, but `@-` stays one operator).
        let rest = self.rest();
        let mut len = rest.chars().take_while(|&c| is_op_char(c)).count();
        let run: Vec<char> = rest.chars().take(len).collect();
        if let Some(cut) = (1..len).find(|&i| matches!((run[i - 1], run[i]), ('-', '-') | ('/', '*'))) {
            len = cut - 1;
        }
        if len > 1 && !run[..len].iter().any(|c| "~!@#^&|`?%".contains(*c)) {
            while len > 1 && matches!(run[len - 1], '+' | '-') {
                len -= 1;
            }
        }
        for _ in 0..len.max(1) {
            self.bump();
        }
    }
}

/// Split `sql` into tokens, whitespace and comments included, so that the
/// concatenation of all token texts is `sql` again.
pub fn tokenize(sql: &str) -> Result<Vec<Token<'_>>, LexError> {
    let mut lexer = Lexer { src: sql, pos: 0, line: 1, column: 1 };
    let mut tokens = Vec::new();
    while let Some(token) = lexer.next_token()? {
        tokens.push(token);
    }
    Ok(tokens)
}

/// Tracks whether a `;` ends the statement, the way psql decides it: not
/// inside parentheses, and not inside the `BEGIN ATOMIC … END` body of a
/// `CREATE [OR REPLACE] FUNCTION|PROCEDURE` (PostgreSQL 14+), where `CASE …
/// END` nests.
#[derive(Default)]
struct StatementState {
    leading_words: Vec<String>,
    is_routine: bool,
    paren_depth: usize,
    begin_depth: usize,
}

impl StatementState {
    fn see(&mut self, token: &Token<'_>) {
        match token.kind {
            TokenKind::Punct if token.text == "(" => self.paren_depth += 1,
            TokenKind::Punct if token.text == ")" => self.paren_depth = self.paren_depth.saturating_sub(1),
            TokenKind::Word => {
                if self.leading_words.len() < 4 && !self.is_routine {
                    self.leading_words.push(token.text.to_ascii_lowercase());
                    let words: Vec<&str> = self.leading_words.iter().map(String::as_str).collect();
                    self.is_routine = matches!(
                        words.as_slice(),
                        ["create", "function" | "procedure", ..]
                            | ["create", "or", "replace", "function" | "procedure"]
                    );
                }
                if self.is_routine && self.paren_depth == 0 {
                    // CASE also ends with END, but only matters inside a body.
                    if token.is_word("begin") || (token.is_word("case") && self.begin_depth > 0) {
                        self.begin_depth += 1;
                    } else if token.is_word("end") {
                        self.begin_depth = self.begin_depth.saturating_sub(1);
                    }
                }
            }
            _ => {}
        }
    }

    fn semicolon_ends_statement(&self) -> bool {
        self.paren_depth == 0 && self.begin_depth == 0
    }
}

/// Split a script into statements at top-level semicolons. Statements with
/// no tokens but comments are dropped, and so are comments before a
/// statement's first token and after its last (so a file header comment is
/// not part of the first statement).
pub fn split_statements(sql: &str) -> Result<Vec<Statement<'_>>, LexError> {
    let tokens = tokenize(sql)?;
    let mut statements = Vec::new();
    let mut state = StatementState::default();
    let mut first: Option<&Token<'_>> = None;
    let mut last: Option<&Token<'_>> = None;
    for token in &tokens {
        if token.is_trivia() {
            continue;
        }
        if token.is_punct(";") && state.semicolon_ends_statement() {
            if let (Some(first), Some(last)) = (first, last) {
                statements
                    .push(Statement { text: &sql[first.offset_in(sql)..last.end_in(sql)], line: first.line });
            }
            first = None;
            last = None;
            state = StatementState::default();
            continue;
        }
        state.see(token);
        first.get_or_insert(token);
        last = Some(token);
    }
    if let (Some(first), Some(last)) = (first, last) {
        statements.push(Statement { text: &sql[first.offset_in(sql)..last.end_in(sql)], line: first.line });
    }
    Ok(statements)
}

/// Whether a quoted identifier's content reads back as the same name when
/// written bare. `is_bare_identifier` answers for ASCII names; non-ASCII
/// letters are never folded by the server (in UTF-8 databases) and no
/// keyword contains one, so such names only need ASCII capitals to be absent
/// and every character to be an identifier character.
fn can_unquote(name: &str) -> bool {
    if is_bare_identifier(name) {
        return true;
    }
    let mut chars = name.chars();
    let Some(first) = chars.next() else { return false };
    !name.is_ascii()
        && is_ident_start(first)
        && !first.is_ascii_uppercase()
        && chars.all(|c| is_ident_cont(c) && !c.is_ascii_uppercase())
}

/// One token in its canonical spelling.
fn canonical_token(token: &Token<'_>) -> String {
    match token.kind {
        TokenKind::Word => token.text.to_ascii_lowercase(),
        TokenKind::QuotedIdent if token.text.starts_with('"') => {
            let name = token.text[1..token.text.len() - 1].replace("\"\"", "\"");
            if can_unquote(&name) { name } else { token.text.to_string() }
        }
        // `U&"…"` stays as written: its escapes would need decoding first.
        TokenKind::QuotedIdent => format!("U{}", &token.text[1..]),
        TokenKind::String => {
            // The prefix letter's case carries no meaning; the content does.
            let quote = token.text.find('\'').unwrap_or(0);
            format!("{}{}", token.text[..quote].to_ascii_uppercase(), &token.text[quote..])
        }
        // The server's scanner itself turns `!=` into `<>`.
        TokenKind::Operator if token.text == "!=" => "<>".to_string(),
        _ => token.text.to_string(),
    }
}

/// Whether canonical text needs a space between `prev` and `next`. Depends
/// only on the two tokens, never on how the input was spaced, so that equal
/// token sequences give equal text.
fn needs_space(prev: &Token<'_>, next: &Token<'_>) -> bool {
    let tight_after = ["(", "[", ".", "::", ":", ".."];
    let tight_before = [")", "]", ",", ";", ".", "::", ":", "..", "["];
    if prev.kind == TokenKind::Punct && tight_after.contains(&prev.text) {
        return false;
    }
    if next.kind == TokenKind::Punct && tight_before.contains(&next.text) {
        return false;
    }
    // A call or a type modifier: `count(*)`, `varchar(20)`.
    if next.is_punct("(")
        && (matches!(prev.kind, TokenKind::Word | TokenKind::QuotedIdent) || prev.is_punct(")"))
    {
        return false;
    }
    true
}

/// The canonical spelling of `sql`: comments dropped, unquoted words in
/// lower case, quoted identifiers that need no quotes unquoted, `!=` written
/// `<>`, string-prefix letters upper-cased (`e'…'` → `E'…'`), one space
/// between tokens except around punctuation (`f(a, b)`, `x::int`,
/// `t.col`, `a[1:2]`), a trailing `;` dropped. Strings, dollar-quoted strings
/// and numbers are kept verbatim. Two pieces of SQL with equal canonical
/// text are the same code written differently.
pub fn canonical_text(sql: &str) -> Result<String, LexError> {
    let tokens = tokenize(sql)?;
    let mut significant: Vec<Token<'_>> = tokens.into_iter().filter(|t| !t.is_trivia()).collect();
    while significant.last().is_some_and(|t| t.is_punct(";")) {
        significant.pop();
    }
    let mut out = String::with_capacity(sql.len());
    for (i, token) in significant.iter().enumerate() {
        if i > 0 && needs_space(&significant[i - 1], token) {
            out.push(' ');
        }
        out.push_str(&canonical_token(token));
    }
    Ok(out)
}

/// The value of a string token: `'…'` and `N'…'` with `''` undone, `E'…'`
/// with its backslash escapes decoded, a dollar-quoted string's content.
/// `None` for other tokens, bit strings (`B'…'`, `X'…'`) and Unicode-escape
/// strings (`U&'…'`), whose values are not plain text.
pub fn string_value(token: &Token<'_>) -> Option<String> {
    let text = token.text;
    match token.kind {
        TokenKind::DollarString => {
            let tag_len = text[1..].find('$')? + 2;
            Some(text[tag_len..text.len() - tag_len].to_string())
        }
        TokenKind::String => {
            let quote = text.find('\'')?;
            let prefix = text[..quote].to_ascii_lowercase();
            let body = &text[quote + 1..text.len() - 1];
            match prefix.as_str() {
                "" | "n" => Some(body.replace("''", "'")),
                "e" => Some(decode_escape_string(body)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Decode the body of an `E'…'` string (between the quotes).
fn decode_escape_string(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut bytes: Vec<u8> = Vec::new();
    let flush = |bytes: &mut Vec<u8>, out: &mut String| {
        if !bytes.is_empty() {
            out.push_str(&String::from_utf8_lossy(bytes));
            bytes.clear();
        }
    };
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                // `''` inside E'…' is one quote.
                chars.next_if_eq(&'\'');
                flush(&mut bytes, &mut out);
                out.push('\'');
            }
            '\\' => {
                let Some(e) = chars.next() else { break };
                match e {
                    'b' => bytes.push(8),
                    'f' => bytes.push(12),
                    'n' => bytes.push(b'\n'),
                    'r' => bytes.push(b'\r'),
                    't' => bytes.push(b'\t'),
                    '0'..='7' => {
                        // Octal escapes produce bytes; consecutive ones may form
                        // one UTF-8 character, so they are collected first.
                        let mut value = e.to_digit(8).unwrap_or(0);
                        for _ in 0..2 {
                            match chars.peek().and_then(|c| c.to_digit(8)) {
                                Some(d) => {
                                    value = value * 8 + d;
                                    chars.next();
                                }
                                None => break,
                            }
                        }
                        bytes.push(value as u8);
                    }
                    'x' if chars.peek().is_some_and(|c| c.is_ascii_hexdigit()) => {
                        let mut value = 0;
                        for _ in 0..2 {
                            match chars.peek().and_then(|c| c.to_digit(16)) {
                                Some(d) => {
                                    value = value * 16 + d;
                                    chars.next();
                                }
                                None => break,
                            }
                        }
                        bytes.push(value as u8);
                    }
                    'u' | 'U' => {
                        let width = if e == 'u' { 4 } else { 8 };
                        let hex: String = chars.clone().take(width).collect();
                        match u32::from_str_radix(&hex, 16)
                            .ok()
                            .filter(|_| hex.len() == width)
                            .and_then(char::from_u32)
                        {
                            Some(ch) => {
                                for _ in 0..width {
                                    chars.next();
                                }
                                flush(&mut bytes, &mut out);
                                out.push(ch);
                            }
                            None => {
                                flush(&mut bytes, &mut out);
                                out.push(e);
                            }
                        }
                    }
                    other => {
                        flush(&mut bytes, &mut out);
                        out.push(other);
                    }
                }
            }
            other => {
                flush(&mut bytes, &mut out);
                out.push(other);
            }
        }
    }
    flush(&mut bytes, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(sql: &str) -> Vec<(TokenKind, &str)> {
        tokenize(sql).unwrap().into_iter().filter(|t| !t.is_trivia()).map(|t| (t.kind, t.text)).collect()
    }

    use TokenKind::String as Str;
    use TokenKind::{Comment, DollarString, Number, Operator, Param, Punct, QuotedIdent, Word};

    #[test]
    fn tokens_concatenate_back_to_the_input() {
        let sql =
            "SELECT a.\"B\"::int, E'it\\'s', $$x;y$$ -- c\n/* a /* b */ c */ FROM t WHERE x->>'k' <> $1;";
        let tokens = tokenize(sql).unwrap();
        assert_eq!(tokens.iter().map(|t| t.text).collect::<String>(), sql);
    }

    #[test]
    fn words_quoted_identifiers_and_punctuation() {
        assert_eq!(
            kinds("select \"My Col\".x from café;"),
            vec![
                (Word, "select"),
                (QuotedIdent, "\"My Col\""),
                (Punct, "."),
                (Word, "x"),
                (Word, "from"),
                (Word, "café"),
                (Punct, ";")
            ]
        );
        assert_eq!(kinds("a$b"), vec![(Word, "a$b")]);
        assert_eq!(kinds("\"a\"\"b\""), vec![(QuotedIdent, "\"a\"\"b\"")]);
    }

    #[test]
    fn string_forms() {
        assert_eq!(kinds("'it''s'"), vec![(Str, "'it''s'")]);
        assert_eq!(kinds(r"E'it\'s' e'\\'"), vec![(Str, r"E'it\'s'"), (Str, r"e'\\'")]);
        assert_eq!(
            kinds("B'101' X'1F' N'x' U&'d\\0061t'"),
            vec![(Str, "B'101'"), (Str, "X'1F'"), (Str, "N'x'"), (Str, "U&'d\\0061t'")]
        );
        // A backslash is ordinary in a standard string: the quote after it ends the string.
        assert_eq!(kinds(r"'a\' b"), vec![(Str, r"'a\'"), (Word, "b")]);
        // A word that merely ends in `e` is not a string prefix.
        assert_eq!(kinds("type'x'"), vec![(Word, "type"), (Str, "'x'")]);
    }

    #[test]
    fn unicode_escaped_identifier_is_kept_verbatim() {
        assert_eq!(kinds(r#"U&"d\0061t\+000061""#), vec![(QuotedIdent, r#"U&"d\0061t\+000061""#)]);
        assert_eq!(kinds("u & 1"), vec![(Word, "u"), (Operator, "&"), (Number, "1")]);
    }

    #[test]
    fn dollar_quotes_and_parameters() {
        assert_eq!(kinds("$1 + $23"), vec![(Param, "$1"), (Operator, "+"), (Param, "$23")]);
        assert_eq!(
            kinds("$fn$ begin x := $q$ ; $q$; end $fn$"),
            vec![(DollarString, "$fn$ begin x := $q$ ; $q$; end $fn$")]
        );
        assert_eq!(kinds("$$a$b$$"), vec![(DollarString, "$$a$b$$")]);
        assert_eq!(kinds("$é$x$é$"), vec![(DollarString, "$é$x$é$")]);
    }

    #[test]
    fn numbers() {
        assert_eq!(
            kinds("1.5e10 .5 3. 1e-3 0x1F 1_000"),
            vec![
                (Number, "1.5e10"),
                (Number, ".5"),
                (Number, "3."),
                (Number, "1e-3"),
                (Number, "0x1F"),
                (Number, "1_000")
            ]
        );
        assert_eq!(kinds("1..10"), vec![(Number, "1"), (Punct, ".."), (Number, "10")]);
        assert_eq!(kinds("1e"), vec![(Number, "1"), (Word, "e")]);
    }

    #[test]
    fn operators_follow_the_server_rules() {
        assert_eq!(kinds("a->>'k'"), vec![(Word, "a"), (Operator, "->>"), (Str, "'k'")]);
        assert_eq!(kinds("a @> b"), vec![(Word, "a"), (Operator, "@>"), (Word, "b")]);
        assert_eq!(
            kinds("a<>b!=c"),
            vec![(Word, "a"), (Operator, "<>"), (Word, "b"), (Operator, "!="), (Word, "c")]
        );
        assert_eq!(kinds("a=-1"), vec![(Word, "a"), (Operator, "="), (Operator, "-"), (Number, "1")]);
        assert_eq!(kinds("a@-1"), vec![(Word, "a"), (Operator, "@-"), (Number, "1")]);
        assert_eq!(kinds("a+--c\nb"), vec![(Word, "a"), (Operator, "+"), (Word, "b")]);
        assert_eq!(kinds("x::int"), vec![(Word, "x"), (Punct, "::"), (Word, "int")]);
        assert_eq!(kinds("x := 1"), vec![(Word, "x"), (Punct, ":="), (Number, "1")]);
        assert_eq!(
            kinds("a[1:2]"),
            vec![(Word, "a"), (Punct, "["), (Number, "1"), (Punct, ":"), (Number, "2"), (Punct, "]")]
        );
    }

    #[test]
    fn comments_nest() {
        let tokens = tokenize("/* a /* b */ c */x").unwrap();
        assert_eq!(tokens[0].kind, Comment);
        assert_eq!(tokens[0].text, "/* a /* b */ c */");
        assert_eq!(tokens[1].text, "x");
    }

    #[test]
    fn positions_are_one_based_lines_and_character_columns() {
        let tokens: Vec<_> = tokenize("é a\n  b").unwrap().into_iter().filter(|t| !t.is_trivia()).collect();
        assert_eq!((tokens[1].line, tokens[1].column), (1, 3));
        assert_eq!((tokens[2].line, tokens[2].column), (2, 3));
    }

    #[test]
    fn unterminated_things_are_errors_with_positions() {
        let err = tokenize("select\n  'abc").unwrap_err();
        assert_eq!((err.message.as_str(), err.line, err.column), ("unterminated quoted string", 2, 3));
        assert_eq!(tokenize("\"abc").unwrap_err().message, "unterminated quoted identifier");
        assert!(
            tokenize("$x$ abc $y$").unwrap_err().message.starts_with("unterminated dollar-quoted string")
        );
        assert_eq!(tokenize("/* a /* b */").unwrap_err().message, "unterminated /* comment");
        assert_eq!(tokenize(r"E'abc\'").unwrap_err().message, "unterminated quoted string");
        assert_eq!(tokenize("\"\"").unwrap_err().message, "zero-length delimited identifier");
        assert!(tokenize("'a''' \"b\"\"\"").is_ok());
    }

    fn texts(sql: &str) -> Vec<&str> {
        split_statements(sql).unwrap().into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn statements_split_at_top_level_semicolons_only() {
        let sql = "-- header\nCREATE TABLE t (a text DEFAULT ';');\n\n  INSERT INTO t VALUES ($$;$$) ; ;\n/* trailing; */";
        let statements = split_statements(sql).unwrap();
        assert_eq!(statements.len(), 2);
        assert_eq!(statements[0].text, "CREATE TABLE t (a text DEFAULT ';')");
        assert_eq!(statements[0].line, 2);
        assert_eq!(statements[1].text, "INSERT INTO t VALUES ($$;$$)");
        assert_eq!(statements[1].line, 4);
        assert_eq!(texts("select 1"), vec!["select 1"]);
        assert_eq!(texts("select 1 -- no semicolon"), vec!["select 1"]);
        assert!(texts("  -- nothing\n;;").is_empty());
    }

    #[test]
    fn plpgsql_bodies_are_one_statement() {
        let sql = "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$\nBEGIN\n  PERFORM 1;\n  RETURN 2;\nEND\n$body$;\nSELECT f();";
        assert_eq!(texts(sql).len(), 2);
    }

    #[test]
    fn begin_atomic_bodies_are_one_statement() {
        let sql = "CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN 1 ELSE 2 END;\n  SELECT a;\nEND;\nCREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END;\nBEGIN;\nSELECT 1;\nEND;";
        let statements = texts(sql);
        assert_eq!(statements.len(), 5, "{statements:#?}");
        assert!(statements[0].ends_with("SELECT a;\nEND"));
        assert_eq!(statements[1], "CREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END");
        assert_eq!(&statements[2..], ["BEGIN", "SELECT 1", "END"]);
    }

    #[test]
    fn split_reports_lex_errors() {
        let err = split_statements("select 1;\nselect 'x").unwrap_err();
        assert_eq!(err.line, 2);
    }

    #[test]
    fn canonical_text_ignores_layout_case_and_comments() {
        let a = canonical_text("SELECT  a.\"id\" ,count( * )\n-- note\nFROM   \"Users\" u WHERE u.x != 1;")
            .unwrap();
        let b = canonical_text("select a.id, COUNT(*) from \"Users\" U where u.X<>1").unwrap();
        assert_eq!(a, b);
        assert_eq!(a, "select a.id, count(*) from \"Users\" u where u.x <> 1");
    }

    #[test]
    fn canonical_text_keeps_literals_verbatim() {
        assert_eq!(
            canonical_text("SELECT 'A  B', $$X  Y$$, 1.5E10, e'x'").unwrap(),
            "select 'A  B', $$X  Y$$, 1.5E10, E'x'"
        );
        assert_ne!(canonical_text("select 'a'").unwrap(), canonical_text("select 'A'").unwrap());
    }

    #[test]
    fn canonical_text_unquotes_only_what_needs_no_quotes() {
        assert_eq!(
            canonical_text("\"abc\" \"Abc\" \"order\" \"a b\" \"café\"").unwrap(),
            "abc \"Abc\" \"order\" \"a b\" café"
        );
        assert_eq!(canonical_text(r#"u&"d\0061t""#).unwrap(), r#"U&"d\0061t""#);
    }

    #[test]
    fn canonical_text_spacing() {
        assert_eq!(canonical_text("x::INT[]").unwrap(), "x::int[]");
        assert_eq!(canonical_text("a[1 : 2]").unwrap(), "a[1:2]");
        assert_eq!(
            canonical_text("FOR i IN 1 .. 10 LOOP x:=i; END LOOP;").unwrap(),
            "for i in 1..10 loop x := i; end loop"
        );
        assert_eq!(canonical_text("- -1").unwrap(), "- - 1");
        assert_eq!(canonical_text("a=-1").unwrap(), canonical_text("a = - 1").unwrap());
        assert_eq!(canonical_text("numeric ( 10 , 2 )").unwrap(), "numeric(10, 2)");
    }

    #[test]
    fn string_values() {
        let value = |sql: &str| string_value(&tokenize(sql).unwrap()[0]);
        assert_eq!(value("'it''s'").as_deref(), Some("it's"));
        assert_eq!(value(r"'C:\x'").as_deref(), Some(r"C:\x"));
        assert_eq!(value(r"E'it\'s\n\\ \x41\101 \u00e9 \303\251'").as_deref(), Some("it's\n\\ AA é é"));
        assert_eq!(value("$f$ select ';' $f$").as_deref(), Some(" select ';' "));
        assert_eq!(value("$$$$").as_deref(), Some(""));
        assert_eq!(value("B'101'"), None);
        assert_eq!(value("abc"), None);
    }
}
