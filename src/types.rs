//! The type normaliser: one place that decides when two spellings of a type are the same type.
//!
//! Users write types in the spec any way PostgreSQL accepts (`int4`,
//! `varchar ( 20 )`, `timestamptz`, `int ARRAY`); the catalog reports them as
//! the server's `format_type()` prints them (`integer`, `character
//! varying(20)`, `timestamp with time zone`, `integer[]`). `parse_type`
//! reads either into a `TypeName` holding the canonical name, and
//! `TypeName::matches` compares a spec type with a catalog type.
//!
//! Decisions worth knowing:
//! - Type modifiers are part of the type. `varchar` (unlimited) does not match
//!   `character varying(20)`, `timestamp` does not match `timestamp(6)
//!   without time zone` (the catalog records different typmods), `numeric`
//!   does not match `numeric(10,2)`.
//! - `char`/`character` and `bit` without a length mean length 1, as in the
//!   server's grammar, so they read as `character(1)` and `bit(1)`, which is
//!   what `format_type` prints for such a column. The type name `bpchar` and
//!   the quoted `"bit"` mean "no length limit"; they read as `character` and
//!   `bit` without modifiers and display as `bpchar` and `"bit"`, again as
//!   `format_type` prints them.
//! - Function arguments and results carry no typmod: for those the server
//!   prints `character`, `numeric`, … (`format_type(oid, NULL)`). Reduce the
//!   spec's type with `without_modifiers()` before comparing it with such a
//!   catalog type (doing it to both sides is harmless), and print such types
//!   with `display_without_modifiers()`. `names::Signature` and
//!   `routine::Returns` do this.
//! - `"char"` (quoted) is PostgreSQL's single-byte internal type, distinct
//!   from `char`. In general a quoted or `pg_catalog.`-qualified name is a
//!   type name from `pg_type` (`"int4"`, `pg_catalog.varchar`), while the
//!   SQL-standard spellings (`integer`, `double precision`, `char`) are
//!   keywords and only work unquoted. A user type whose name equals one of
//!   the canonical spellings (`"integer"`) cannot be told from the built-in
//!   type; nobody should have one.
//! - Arrays: the server ignores declared sizes and dimensions, so every
//!   array of a type matches every other array of that type.
//! - Schemas: `pg_catalog.` is dropped. An unqualified spec type matches a
//!   type of that name in any schema (`format_type` leaves out schemas on
//!   the search path); `public` matches no schema; otherwise schemas must
//!   be equal.

use std::fmt;

use crate::sql::ident::quote_ident;
use crate::sql::lexer::{Token, TokenKind};
use crate::sql::names::{identifier_value, significant_tokens, take_path};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeName {
    /// `None` for built-in types and for types written without a schema.
    /// Never `pg_catalog`. Stored as the server stores it (unquoted).
    pub schema: Option<String>,
    /// The canonical name: a `format_type` spelling for built-in types
    /// (`character varying`, `timestamp with time zone`), else the type's
    /// name as stored by the server (`mood`, `My Type`, `char` for `"char"`).
    pub name: String,
    /// Normalised modifiers without parentheses or spaces: `20`, `10,2`,
    /// `3`. For `interval`, the field qualifier and precision as
    /// `format_type` prints them after the word: `year to month`, `day to
    /// second(3)`, or just the precision (`3`).
    pub modifiers: Option<String>,
    /// Number of array dimensions written (`int[][]` is 2); 0 for a scalar.
    pub array_dims: u32,
    /// Written as `serial`, `bigserial` or `smallserial` (or `serial2/4/8`):
    /// the name is then `integer`, `bigint` or `smallint`.
    pub serial: bool,
}

/// Built-in names whose `format_type` spelling is printed without quotes
/// even though some of them are keywords (`format_type` special-cases them).
const BARE_BUILTINS: &[&str] = &[
    "bigint",
    "bit",
    "bit varying",
    "boolean",
    "character",
    "character varying",
    "double precision",
    "integer",
    "interval",
    "json",
    "numeric",
    "real",
    "smallint",
    "time with time zone",
    "time without time zone",
    "timestamp with time zone",
    "timestamp without time zone",
];

/// Built-in types that take no modifier: writing one is a spec error the
/// user should hear about rather than a mismatch later.
const NO_MODIFIERS: &[&str] = &[
    "bigint",
    "boolean",
    "bytea",
    "char",
    "date",
    "double precision",
    "integer",
    "json",
    "jsonb",
    "real",
    "smallint",
    "text",
    "uuid",
];

/// `pg_type` names of built-in types whose `format_type` spelling differs,
/// usable quoted or with `pg_catalog.` (and unquoted when not a keyword).
fn catalog_alias(name: &str) -> Option<&'static str> {
    Some(match name {
        "int2" => "smallint",
        "int4" => "integer",
        "int8" => "bigint",
        "float4" => "real",
        "float8" => "double precision",
        "bool" => "boolean",
        "varchar" => "character varying",
        "bpchar" => "character",
        "timestamp" => "timestamp without time zone",
        "timestamptz" => "timestamp with time zone",
        "time" => "time without time zone",
        "timetz" => "time with time zone",
        "varbit" => "bit varying",
        "numeric" => "numeric",
        "bit" => "bit",
        "interval" => "interval",
        _ => return None,
    })
}

/// Built-in element types whose array type may be written `_name`
/// (`_int4` is `integer[]`), besides those `catalog_alias` knows.
const UNDERSCORE_ARRAY_BASES: &[&str] = &[
    "bytea", "char", "cidr", "date", "inet", "json", "jsonb", "macaddr", "money", "name", "oid", "text",
    "tsquery", "tsvector", "uuid", "xml",
];

fn serial_base(name: &str) -> Option<&'static str> {
    match name {
        "serial" | "serial4" => Some("integer"),
        "bigserial" | "serial8" => Some("bigint"),
        "smallserial" | "serial2" => Some("smallint"),
        _ => None,
    }
}

fn is_datetime(name: &str) -> bool {
    name.starts_with("time ") || name.starts_with("timestamp ")
}

/// Whether modifiers are compared exactly (built-in types, whose modifiers
/// this module normalises) or ignoring case (extension types such as
/// PostGIS's `geometry(Point,4326)`, whose modifier words the server folds on
/// input but the extension may print in its own case).
fn is_builtin(name: &str) -> bool {
    BARE_BUILTINS.contains(&name) || NO_MODIFIERS.contains(&name)
}

struct Parser<'t, 'a> {
    tokens: &'t [Token<'a>],
    pos: usize,
    text: &'a str,
}

impl<'t, 'a> Parser<'t, 'a> {
    fn peek(&self) -> Option<&'t Token<'a>> {
        self.tokens.get(self.pos)
    }

    fn peek_at(&self, n: usize) -> Option<&'t Token<'a>> {
        self.tokens.get(self.pos + n)
    }

    fn eat_word(&mut self, word: &str) -> bool {
        if self.peek().is_some_and(|t| t.is_word(word)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_punct(&mut self, punct: &str) -> bool {
        if self.peek().is_some_and(|t| t.is_punct(punct)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn error(&self, what: impl fmt::Display) -> String {
        format!("{what} in type `{}`", self.text.trim())
    }

    fn found(&self) -> String {
        match self.peek() {
            Some(t) => format!("`{}`", t.text),
            None => "the end".to_string(),
        }
    }

    fn expect_word(&mut self, word: &str, after: &str) -> Result<(), String> {
        if self.eat_word(word) {
            Ok(())
        } else {
            Err(self.error(format_args!("expected `{word}` after `{after}`, found {}", self.found())))
        }
    }

    /// `( arg, … )` if present: each argument as normalised text.
    fn modifier_list(&mut self) -> Result<Option<Vec<String>>, String> {
        if !self.eat_punct("(") {
            return Ok(None);
        }
        let mut args = Vec::new();
        let mut current = String::new();
        loop {
            let Some(token) = self.peek() else {
                return Err(self.error("unbalanced parenthesis"));
            };
            self.pos += 1;
            match token.kind {
                TokenKind::Punct if token.text == ")" || token.text == "," => {
                    if current.is_empty() {
                        return Err(self.error("empty type modifier"));
                    }
                    args.push(std::mem::take(&mut current));
                    if token.text == ")" {
                        return Ok(Some(args));
                    }
                }
                TokenKind::Word | TokenKind::QuotedIdent => current.push_str(&identifier_value(token)?),
                TokenKind::Number | TokenKind::Operator => current.push_str(token.text),
                TokenKind::String => match crate::sql::lexer::string_value(token) {
                    Some(value) => current.push_str(&value),
                    None => {
                        return Err(self.error(format_args!("unsupported type modifier `{}`", token.text)));
                    }
                },
                _ => return Err(self.error(format_args!("unexpected `{}` in type modifiers", token.text))),
            }
        }
    }

    /// `(n)` if present, as an integer.
    fn optional_integer(&mut self, what: &str) -> Result<Option<i64>, String> {
        match self.modifier_list()? {
            None => Ok(None),
            Some(args) => match args.as_slice() {
                [one] => one
                    .parse::<i64>()
                    .map(Some)
                    .map_err(|_| self.error(format_args!("{what} must be an integer, found `{one}`"))),
                _ => Err(self.error(format_args!("{what} takes one number, found ({})", args.join(", ")))),
            },
        }
    }

    fn precision(&mut self, name: &str) -> Result<Option<String>, String> {
        // The server warns and lowers precisions above 6 to 6; do the same
        // so that the spec compares with what the catalog will hold.
        match self.optional_integer(&format!("the precision of `{name}`"))? {
            Some(p) if p < 0 => {
                Err(self.error(format_args!("the precision of `{name}` must not be negative")))
            }
            Some(p) => Ok(Some(p.min(6).to_string())),
            None => Ok(None),
        }
    }

    fn length(&mut self, name: &str) -> Result<Option<String>, String> {
        match self.optional_integer(&format!("the length of `{name}`"))? {
            Some(n) if n < 1 => Err(self.error(format_args!("the length of `{name}` must be at least 1"))),
            Some(n) => Ok(Some(n.to_string())),
            None => Ok(None),
        }
    }

    fn typed(name: &str, modifiers: Option<String>) -> TypeName {
        TypeName { schema: None, name: name.to_string(), modifiers, array_dims: 0, serial: false }
    }

    /// The SQL-standard spellings, which only exist as unquoted keywords.
    /// `None` when the first word is not one of them.
    fn keyword_type(&mut self) -> Result<Option<TypeName>, String> {
        let Some(first) = self.peek() else { return Ok(None) };
        if first.kind != TokenKind::Word || self.peek_at(1).is_some_and(|t| t.is_punct(".")) {
            return Ok(None);
        }
        let word = first.text.to_ascii_lowercase();
        let simple = match word.as_str() {
            "int" | "integer" => Some("integer"),
            "smallint" => Some("smallint"),
            "bigint" => Some("bigint"),
            "real" => Some("real"),
            "boolean" => Some("boolean"),
            "double" if self.peek_at(1).is_some_and(|t| t.is_word("precision")) => {
                self.pos += 1;
                Some("double precision")
            }
            _ => None,
        };
        if let Some(name) = simple {
            self.pos += 1;
            if self.peek().is_some_and(|t| t.is_punct("(")) {
                return Err(self.error(format_args!("type `{name}` does not take a modifier")));
            }
            return Ok(Some(Self::typed(name, None)));
        }
        let result = match word.as_str() {
            "numeric" | "decimal" | "dec" => {
                self.pos += 1;
                let mods = match self.modifier_list()? {
                    None => None,
                    Some(args) => Some(self.numeric_modifiers(&args)?),
                };
                Self::typed("numeric", mods)
            }
            "float" => {
                self.pos += 1;
                match self.optional_integer("the precision of `float`")? {
                    None => Self::typed("double precision", None),
                    Some(1..=24) => Self::typed("real", None),
                    Some(25..=53) => Self::typed("double precision", None),
                    Some(p) => {
                        return Err(self.error(format_args!(
                            "the precision of `float` must be between 1 and 53, found {p}"
                        )));
                    }
                }
            }
            "national" if self.peek_at(1).is_some_and(|t| t.is_word("character") || t.is_word("char")) => {
                self.pos += 1;
                return self.character_type();
            }
            "character" | "char" | "nchar" => return self.character_type(),
            "varchar" => {
                self.pos += 1;
                Self::typed("character varying", self.length("varchar")?)
            }
            "bit" => {
                self.pos += 1;
                let varying = self.eat_word("varying");
                let length = self.length("bit")?;
                if varying {
                    Self::typed("bit varying", length)
                } else {
                    Self::typed("bit", length.or(Some("1".to_string())))
                }
            }
            "timestamp" | "time" => {
                self.pos += 1;
                let precision = self.precision(&word)?;
                let zone = if self.eat_word("with") {
                    "with"
                } else if self.eat_word("without") {
                    "without"
                } else {
                    ""
                };
                if !zone.is_empty() {
                    self.expect_word("time", zone)?;
                    self.expect_word("zone", "time")?;
                }
                let with = if zone == "with" { "with" } else { "without" };
                Self::typed(&format!("{word} {with} time zone"), precision)
            }
            "interval" => {
                self.pos += 1;
                let mods = self.interval_modifiers()?;
                Self::typed("interval", mods)
            }
            _ => return Ok(None),
        };
        Ok(Some(result))
    }

    /// After `national`, at `character`/`char`/`nchar`.
    fn character_type(&mut self) -> Result<Option<TypeName>, String> {
        self.pos += 1;
        let varying = self.eat_word("varying");
        let length = self.length("character")?;
        Ok(Some(if varying {
            Self::typed("character varying", length)
        } else {
            // `char` alone is `char(1)` in the server's grammar.
            Self::typed("character", length.or(Some("1".to_string())))
        }))
    }

    fn numeric_modifiers(&self, args: &[String]) -> Result<String, String> {
        let number = |s: &String| {
            s.parse::<i64>()
                .map_err(|_| self.error(format_args!("numeric modifiers must be integers, found `{s}`")))
        };
        match args {
            [precision] => Ok(format!("{},0", number(precision)?)),
            [precision, scale] => Ok(format!("{},{}", number(precision)?, number(scale)?)),
            _ => {
                Err(self.error("`numeric` takes a precision and optionally a scale, such as `numeric(10,2)`"))
            }
        }
    }

    /// After `interval`: `(p)`, or a field qualifier such as `day to
    /// second(3)`.
    fn interval_modifiers(&mut self) -> Result<Option<String>, String> {
        const FIELDS: [&str; 6] = ["year", "month", "day", "hour", "minute", "second"];
        if self.peek().is_some_and(|t| t.is_punct("(")) {
            return self.precision("interval");
        }
        let Some(first) = FIELDS.iter().find(|f| self.peek().is_some_and(|t| t.is_word(f))) else {
            return Ok(None);
        };
        self.pos += 1;
        let mut text = first.to_string();
        let mut last = *first;
        if self.eat_word("to") {
            let allowed: &[&str] = match *first {
                "year" => &["month"],
                "day" => &["hour", "minute", "second"],
                "hour" => &["minute", "second"],
                "minute" => &["second"],
                _ => &[],
            };
            let Some(end) = allowed.iter().find(|f| self.peek().is_some_and(|t| t.is_word(f))) else {
                return Err(self.error(format_args!(
                    "invalid interval qualifier `{first} to {}`: use one of year to month, day to hour|minute|second, hour to minute|second, minute to second",
                    self.peek().map_or("", |t| t.text)
                )));
            };
            self.pos += 1;
            text = format!("{first} to {end}");
            last = end;
        }
        if last == "second"
            && let Some(p) = self.precision("interval")?
        {
            text = format!("{text}({p})");
        }
        Ok(Some(text))
    }

    /// A name from `pg_type`, possibly qualified, with optional modifiers.
    fn generic_type(&mut self) -> Result<TypeName, String> {
        let path = take_path(self.tokens, &mut self.pos).map_err(|e| self.error(e))?;
        let (schema, name) = match <[String; 2]>::try_from(path) {
            Ok([schema, name]) => (Some(schema), name),
            Err(path) if path.len() == 1 => (None, path.into_iter().next().unwrap_or_default()),
            Err(_) => return Err(self.error("too many dotted names (expected `type` or `schema.type`)")),
        };
        if self.peek().is_some_and(|t| t.kind == TokenKind::Operator && t.text.starts_with('%')) {
            return Err(self.error(
                "`%TYPE`/`%ROWTYPE` cannot be resolved without a database; write the type itself, such as `uuid`",
            ));
        }
        let schema = schema.filter(|s| s != "pg_catalog");
        let mods = self.modifier_list()?;
        if schema.is_none()
            && let Some(base) = serial_base(&name)
        {
            if mods.is_some() {
                return Err(self.error(format_args!("type `{name}` does not take a modifier")));
            }
            return Ok(TypeName { serial: true, ..Self::typed(base, None) });
        }
        if schema.is_none() {
            if let Some(canonical) = catalog_alias(&name) {
                let modifiers = match (canonical, mods) {
                    (_, None) => None,
                    ("numeric", Some(args)) => Some(self.numeric_modifiers(&args)?),
                    ("interval", Some(_)) => {
                        return Err(
                            self.error("write interval precisions as `interval(p)` or `interval second(p)`")
                        );
                    }
                    (c, Some(args)) if is_datetime(c) => match args.as_slice() {
                        [p] => match p.parse::<i64>() {
                            Ok(p) if p >= 0 => Some(p.min(6).to_string()),
                            _ => return Err(self.error(format_args!("invalid precision `{p}`"))),
                        },
                        _ => return Err(self.error("a time precision is one number")),
                    },
                    (c, Some(args)) if BARE_BUILTINS.contains(&c) && !NO_MODIFIERS.contains(&c) => {
                        match args.as_slice() {
                            [n] if n.parse::<i64>().is_ok_and(|n| n >= 1) => Some(n.clone()),
                            _ => return Err(self.error("a length is one number, at least 1")),
                        }
                    }
                    (c, Some(_)) => {
                        return Err(self.error(format_args!("type `{c}` does not take a modifier")));
                    }
                };
                return Ok(Self::typed(canonical, modifiers));
            }
            if let Some(element) = name.strip_prefix('_')
                && (catalog_alias(element).is_some() || UNDERSCORE_ARRAY_BASES.contains(&element))
                && mods.is_none()
            {
                let canonical = catalog_alias(element).unwrap_or(element);
                // `_bpchar`, `_bit` carry no typmod: unlimited, as written.
                return Ok(TypeName { array_dims: 1, ..Self::typed(canonical, None) });
            }
            if NO_MODIFIERS.contains(&name.as_str()) && mods.is_some() {
                return Err(self.error(format_args!("type `{name}` does not take a modifier")));
            }
        }
        Ok(TypeName { schema, name, modifiers: mods.map(|m| m.join(",")), array_dims: 0, serial: false })
    }

    /// `[]`, `[3]`, `[][]`, `ARRAY`, `ARRAY[3]`.
    fn array_suffix(&mut self, type_name: &mut TypeName) -> Result<(), String> {
        let bracket = |p: &mut Self| -> Result<bool, String> {
            if !p.eat_punct("[") {
                return Ok(false);
            }
            if p.peek().is_some_and(|t| t.kind == TokenKind::Number) {
                p.pos += 1;
            }
            if !p.eat_punct("]") {
                return Err(p.error(format_args!("expected `]`, found {}", p.found())));
            }
            Ok(true)
        };
        if self.eat_word("array") {
            bracket(self)?;
            type_name.array_dims += 1;
        } else {
            while bracket(self)? {
                type_name.array_dims += 1;
            }
        }
        if type_name.serial && type_name.array_dims > 0 {
            return Err(self.error("arrays of serial types do not exist; use an array of integer"));
        }
        Ok(())
    }
}

/// The range of an integer type, by its canonical name (`smallint`,
/// `integer`, `bigint`); None for any other type.
pub fn integer_range(type_name: &str) -> Option<(i64, i64)> {
    match type_name {
        "smallint" => Some((i16::MIN.into(), i16::MAX.into())),
        "integer" => Some((i32::MIN.into(), i32::MAX.into())),
        "bigint" => Some((i64::MIN, i64::MAX)),
        _ => None,
    }
}

/// Read a type as written in a spec or printed by `format_type`.
pub fn parse_type(text: &str) -> Result<TypeName, String> {
    let tokens = significant_tokens(text, "type")?;
    if tokens.is_empty() {
        return Err("empty type: write a type such as `integer`, `varchar(20)` or `public.mood`".to_string());
    }
    // Checked up front so that a missing `)` is reported as such, not as
    // whatever token follows the place where it should have been.
    let mut depth = [0i32; 2];
    for token in &tokens {
        let (i, delta) = match token.text {
            "(" => (0, 1),
            ")" => (0, -1),
            "[" => (1, 1),
            "]" => (1, -1),
            _ => continue,
        };
        if token.kind == TokenKind::Punct {
            depth[i] += delta;
            if depth[i] < 0 {
                break;
            }
        }
    }
    if depth[0] != 0 {
        return Err(format!("unbalanced parenthesis in type `{}`", text.trim()));
    }
    if depth[1] != 0 {
        return Err(format!("unbalanced bracket in type `{}`", text.trim()));
    }
    if tokens[0].is_word("setof") {
        return Err(format!(
            "`setof` is not part of a type (in `{}`); it only belongs in a function's `returns`",
            text.trim()
        ));
    }
    let mut parser = Parser { tokens: &tokens, pos: 0, text };
    let mut type_name = match parser.keyword_type()? {
        Some(t) => t,
        None => parser.generic_type()?,
    };
    parser.array_suffix(&mut type_name)?;
    if let Some(extra) = parser.peek() {
        let read = &text[tokens[0].offset_in(text)..tokens[parser.pos - 1].end_in(text)];
        return Err(parser.error(format_args!("unexpected `{}` after `{read}`", extra.text)));
    }
    Ok(type_name)
}

impl TypeName {
    /// Whether `actual` (read from the catalog) is the type `self` (from the
    /// spec) asks for. See the module documentation for the rules.
    pub fn matches(&self, actual: &TypeName) -> bool {
        let schema_ok = match (&self.schema, &actual.schema) {
            (None, _) => true,
            (Some(s), None) => s == "public",
            (Some(s), Some(a)) => s == a,
        };
        let modifiers_ok = if is_builtin(&self.name) {
            self.modifiers == actual.modifiers
        } else {
            match (&self.modifiers, &actual.modifiers) {
                (Some(s), Some(a)) => s.eq_ignore_ascii_case(a),
                (s, a) => s == a,
            }
        };
        schema_ok
            && self.name == actual.name
            && (self.array_dims > 0) == (actual.array_dims > 0)
            && modifiers_ok
    }

    /// Written as `serial`, `bigserial`, `smallserial` (or `serial2/4/8`).
    pub fn is_serial(&self) -> bool {
        self.serial
    }

    pub fn is_array(&self) -> bool {
        self.array_dims > 0
    }

    /// The type as the server records it for function arguments and
    /// results, which carry no typmod: no modifiers, no interval fields, no
    /// serial. Equal to what `parse_type` reads from the
    /// `format_type(oid, NULL)` spelling (`display_without_modifiers`), so a
    /// spec type reduced with this matches a catalog argument type read from
    /// that spelling. That spelling is `character` and `bit` for every
    /// `bpchar` and `bit`, which read back as length 1, hence length 1 here.
    pub fn without_modifiers(&self) -> TypeName {
        let modifiers = match (&self.schema, self.name.as_str()) {
            (None, "character" | "bit") => Some("1".to_string()),
            _ => None,
        };
        TypeName { modifiers, serial: false, ..self.clone() }
    }

    /// The `format_type(oid, NULL)` spelling used for function arguments and
    /// results: like `Display` but without modifiers, and `character` /
    /// `bit` rather than `bpchar` / `"bit"`.
    pub fn display_without_modifiers(&self) -> String {
        let mut out = self.schema_prefix();
        out.push_str(&match self.name.as_str() {
            name if BARE_BUILTINS.contains(&name) => name.to_string(),
            name => quote_ident(name),
        });
        if self.array_dims > 0 {
            out.push_str("[]");
        }
        out
    }

    fn schema_prefix(&self) -> String {
        match &self.schema {
            Some(schema) => format!("{}.", quote_ident(schema)),
            None => String::new(),
        }
    }
}

impl fmt::Display for TypeName {
    /// `format_type(oid, typmod)`'s spelling: `character varying(20)`,
    /// `numeric(10,2)`, `timestamp(3) with time zone`, `integer[]`,
    /// `interval year to month`, `public.mood`, `"My Type"`. Arrays print one
    /// `[]` whatever their dimensions, as `format_type` does.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.schema_prefix())?;
        let name = self.name.as_str();
        match (&self.modifiers, name) {
            (Some(m), _) if is_datetime(name) => {
                let (head, tail) = name.split_once(' ').unwrap_or((name, ""));
                write!(f, "{head}({m}) {tail}")?;
            }
            (Some(m), "interval") if !m.starts_with(|c: char| c.is_ascii_digit()) => {
                write!(f, "interval {m}")?
            }
            (None, "character") => f.write_str("bpchar")?,
            (None, "bit") => f.write_str("\"bit\"")?,
            (m, _) => {
                if BARE_BUILTINS.contains(&name) {
                    f.write_str(name)?;
                } else {
                    f.write_str(&quote_ident(name))?;
                }
                if let Some(m) = m {
                    write!(f, "({m})")?;
                }
            }
        }
        if self.array_dims > 0 {
            f.write_str("[]")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> TypeName {
        parse_type(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn shown(text: &str) -> String {
        t(text).to_string()
    }

    fn same(spec: &str, actual: &str) -> bool {
        t(spec).matches(&t(actual))
    }

    #[test]
    fn aliases_print_as_format_type_does() {
        let cases = [
            ("int", "integer"),
            ("INT4", "integer"),
            ("integer", "integer"),
            ("int2", "smallint"),
            ("smallint", "smallint"),
            ("int8", "bigint"),
            ("BigInt", "bigint"),
            ("float4", "real"),
            ("real", "real"),
            ("float(1)", "real"),
            ("float(24)", "real"),
            ("float8", "double precision"),
            ("float", "double precision"),
            ("float(25)", "double precision"),
            ("float(53)", "double precision"),
            ("double   precision", "double precision"),
            ("bool", "boolean"),
            ("boolean", "boolean"),
            ("varchar", "character varying"),
            ("varchar(20)", "character varying(20)"),
            ("character varying ( 20 )", "character varying(20)"),
            ("char varying(5)", "character varying(5)"),
            ("national character varying(4)", "character varying(4)"),
            ("char(3)", "character(3)"),
            ("nchar(3)", "character(3)"),
            ("character", "character(1)"),
            ("char", "character(1)"),
            ("bpchar", "bpchar"),
            ("bpchar(5)", "character(5)"),
            ("\"char\"", "\"char\""),
            ("decimal(10, 2)", "numeric(10,2)"),
            ("dec(10,2)", "numeric(10,2)"),
            ("numeric(10)", "numeric(10,0)"),
            ("numeric(5,-2)", "numeric(5,-2)"),
            ("numeric", "numeric"),
            ("timestamp", "timestamp without time zone"),
            ("timestamptz", "timestamp with time zone"),
            ("timestamp(3) with time zone", "timestamp(3) with time zone"),
            ("timestamptz(3)", "timestamp(3) with time zone"),
            ("TIMESTAMP(7) WITH TIME ZONE", "timestamp(6) with time zone"),
            ("timestamp without time zone", "timestamp without time zone"),
            ("\"timestamp\"(2)", "timestamp(2) without time zone"),
            ("time", "time without time zone"),
            ("timetz", "time with time zone"),
            ("time(2) with time zone", "time(2) with time zone"),
            ("interval", "interval"),
            ("interval(2)", "interval(2)"),
            ("interval year to month", "interval year to month"),
            ("INTERVAL DAY TO SECOND(3)", "interval day to second(3)"),
            ("interval second (3)", "interval second(3)"),
            ("interval hour", "interval hour"),
            ("bit", "bit(1)"),
            ("bit(5)", "bit(5)"),
            ("\"bit\"", "\"bit\""),
            ("bit varying(5)", "bit varying(5)"),
            ("varbit(5)", "bit varying(5)"),
            ("varbit", "bit varying"),
            ("json", "json"),
            ("UUID", "uuid"),
            ("jsonb", "jsonb"),
            ("pg_catalog.int4", "integer"),
            ("pg_catalog.varchar(20)", "character varying(20)"),
            ("\"any\"", "\"any\""),
        ];
        for (written, printed) in cases {
            assert_eq!(shown(written), printed, "{written}");
            // format_type's output reads back as the same type.
            assert_eq!(t(printed), t(written), "{printed} read back");
        }
    }

    #[test]
    fn arrays() {
        assert_eq!(shown("int[]"), "integer[]");
        assert_eq!(t("int[][]").array_dims, 2);
        assert_eq!(shown("int[3]"), "integer[]");
        assert_eq!(shown("integer ARRAY"), "integer[]");
        assert_eq!(shown("integer array[4]"), "integer[]");
        assert_eq!(shown("varchar(20)[]"), "character varying(20)[]");
        assert_eq!(shown("timestamp(3) with time zone[]"), "timestamp(3) with time zone[]");
        assert_eq!(shown("_int4"), "integer[]");
        assert_eq!(shown("_text"), "text[]");
        assert!(same("int[]", "integer[]"));
        assert!(same("int[][]", "integer[]"));
        assert!(same("int[3]", "integer[]"));
        assert!(!same("int[]", "integer"));
        assert!(!same("int", "integer[]"));
    }

    #[test]
    fn names_keep_or_fold_case_like_the_server() {
        assert_eq!(t("MyEnum").name, "myenum");
        assert_eq!(t("\"MyEnum\"").name, "MyEnum");
        assert_eq!(shown("\"MyEnum\""), "\"MyEnum\"");
        assert_eq!(shown("\"My Type\""), "\"My Type\"");
        assert_eq!(shown("public.mood"), "public.mood");
        assert_eq!(shown("Public.Mood"), "public.mood");
        let audit = t("\"Audit\".level");
        assert_eq!((audit.schema.as_deref(), audit.name.as_str()), (Some("Audit"), "level"));
        assert_eq!(audit.to_string(), "\"Audit\".level");
        assert_eq!(shown("public.\"My Type\"[]"), "public.\"My Type\"[]");
    }

    #[test]
    fn serial_types() {
        for (written, base) in [
            ("serial", "integer"),
            ("SERIAL4", "integer"),
            ("bigserial", "bigint"),
            ("serial8", "bigint"),
            ("smallserial", "smallint"),
            ("serial2", "smallint"),
        ] {
            let ty = t(written);
            assert!(ty.is_serial(), "{written}");
            assert_eq!(ty.to_string(), base);
            assert!(ty.matches(&t(base)));
        }
        assert!(!t("integer").is_serial());
        assert!(!t("public.serial").is_serial());
        assert!(parse_type("serial[]").unwrap_err().contains("arrays of serial"));
    }

    #[test]
    fn matching_rules() {
        assert!(same("int4", "integer"));
        assert!(same("varchar(20)", "character varying(20)"));
        assert!(same("timestamptz", "timestamp with time zone"));
        assert!(same("numeric(10, 2)", "numeric(10,2)"));
        assert!(same("decimal(10)", "numeric(10,0)"));
        // Modifiers are part of the type.
        assert!(!same("varchar", "character varying(20)"));
        assert!(!same("varchar(20)", "character varying"));
        assert!(!same("varchar(20)", "character varying(30)"));
        assert!(!same("timestamp", "timestamp(6) without time zone"));
        assert!(!same("numeric", "numeric(10,2)"));
        assert!(!same("interval", "interval year to month"));
        // char means char(1); bpchar means unlimited.
        assert!(same("char", "character(1)"));
        assert!(same("character(1)", "character(1)"));
        assert!(!same("char", "bpchar"));
        assert!(same("bpchar", "bpchar"));
        assert!(!same("char", "\"char\""));
        assert!(!same("\"char\"", "character(1)"));
        assert!(same("bit", "bit(1)"));
        assert!(!same("bit", "\"bit\""));
        assert!(!same("int", "bigint"));
        assert!(!same("timestamp", "timestamptz"));
    }

    #[test]
    fn schema_matching() {
        assert!(same("mood", "public.mood"));
        assert!(same("mood", "\"Audit\".mood"));
        assert!(same("public.mood", "mood"));
        assert!(same("public.mood", "public.mood"));
        assert!(same("\"Audit\".level", "\"Audit\".level"));
        assert!(!same("audit.level", "\"Audit\".level"));
        assert!(!same("\"Audit\".level", "level"));
        assert!(!same("public.mood", "other.mood"));
        assert!(!same("mood", "moods"));
        assert!(!same("\"Mood\"", "mood"));
    }

    #[test]
    fn extension_type_modifiers_compare_ignoring_case() {
        assert_eq!(shown("geometry(POINT, 4326)"), "geometry(point,4326)");
        assert!(same("geometry(POINT, 4326)", "geometry(Point,4326)"));
        assert!(same("vector(3)", "public.vector(3)"));
        assert!(!same("vector(3)", "vector(4)"));
        assert!(!same("vector", "vector(3)"));
    }

    #[test]
    fn without_modifiers_gives_the_function_argument_form() {
        assert_eq!(t("varchar(20)").display_without_modifiers(), "character varying");
        assert_eq!(t("char(3)").display_without_modifiers(), "character");
        assert_eq!(t("bpchar").display_without_modifiers(), "character");
        assert_eq!(t("timestamptz(3)").display_without_modifiers(), "timestamp with time zone");
        assert_eq!(t("interval day to second(3)").display_without_modifiers(), "interval");
        assert_eq!(t("\"char\"").display_without_modifiers(), "\"char\"");
        assert_eq!(t("public.\"My Type\"[]").display_without_modifiers(), "public.\"My Type\"[]");
        assert_eq!(t("char(3)").without_modifiers(), t("character").without_modifiers());
        assert_eq!(t("serial").without_modifiers(), t("integer"));
    }

    #[test]
    fn without_modifiers_is_what_the_argument_spelling_reads_back_as() {
        for written in [
            "char",
            "char(3)",
            "bpchar",
            "bit(5)",
            "\"bit\"",
            "varchar(20)",
            "numeric(10,2)",
            "timestamptz(3)",
            "time(2)",
            "interval year to month",
            "int[]",
            "\"char\"",
            "public.\"My Type\"",
            "vector(3)",
            "serial",
        ] {
            let reduced = t(written).without_modifiers();
            assert_eq!(t(&reduced.display_without_modifiers()), reduced, "{written}");
        }
        // A spec type reduced this way matches the catalog's argument spelling as is.
        assert!(t("char(3)").without_modifiers().matches(&t("character")));
        assert!(t("varchar(20)").without_modifiers().matches(&t("character varying")));
        assert!(t("numeric(10,2)").without_modifiers().matches(&t("numeric")));
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let err = |text: &str| parse_type(text).unwrap_err();
        assert_eq!(err("varchar(20"), "unbalanced parenthesis in type `varchar(20`");
        assert_eq!(err("varchar20)"), "unbalanced parenthesis in type `varchar20)`");
        assert_eq!(err("int["), "unbalanced bracket in type `int[`");
        assert!(err("").starts_with("empty type"));
        assert!(err("   ").starts_with("empty type"));
        assert_eq!(err("integer foo"), "unexpected `foo` after `integer` in type `integer foo`");
        assert!(err("varchar(a)").contains("must be an integer"));
        assert!(err("varchar(0)").contains("at least 1"));
        assert!(err("numeric(1,2,3)").contains("precision and optionally a scale"));
        assert!(err("float(54)").contains("between 1 and 53"));
        assert!(err("int(5)").contains("does not take a modifier"));
        assert!(err("int4(5)").contains("does not take a modifier"));
        assert!(err("text(5)").contains("does not take a modifier"));
        assert!(err("timestamp with zone").contains("expected `time` after `with`"));
        assert!(err("interval year to day").contains("invalid interval qualifier"));
        assert!(err("users.id%TYPE").contains("%TYPE"));
        assert!(err("setof messages").contains("`setof` is not part of a type"));
        assert!(err("\"abc").contains("unterminated quoted identifier"));
        assert!(err("a.b.c").contains("too many dotted names"));
        assert!(err("varchar()").contains("empty type modifier"));
    }
}
