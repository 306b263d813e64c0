//! Measuring a column type conversion before `fix` runs it: how many of the
//! column's values would not convert to the target type, and a few of them.
//!
//! A value converts when its text form is valid input for the target type,
//! which is what `ALTER COLUMN … TYPE <target> USING <column>::text::<target>`
//! (and, for a text column, a plain `USING <column>::<target>`) asks of it.
//! For a `varchar(n)` or `char(n)` target that means the value fits: `ALTER
//! COLUMN … TYPE varchar(n)` without `USING` fails with "value too long" on a
//! longer value (an explicit `::varchar(n)` would truncate it silently instead),
//! unless all the characters beyond the n-th are spaces, which are dropped.
//!
//! PostgreSQL 16 and later say it themselves: `pg_input_is_valid(value, type)`.
//! Before 16 there is no such function, and a read-only transaction cannot
//! create one (nor try each cast under a savepoint per value), so the common
//! targets are checked with patterns that follow the server's input functions
//! (PostgreSQL 13 to 15, `src/backend/utils/adt`):
//! - `uuid` (`string_to_uuid`): 32 hex digits in either case, an optional `-`
//!   after any group of four but the last, optionally inside `{…}`; no spaces.
//! - `smallint`, `integer`, `bigint` (`pg_strtoint16/32/64`): spaces, an
//!   optional sign, decimal digits, spaces; then the value, compared as
//!   `numeric`, must lie within the type's range.
//! - `numeric` (`numeric_in`): spaces, then `NaN`, `[+-]Inf[inity]` (14+), or an
//!   optional sign, digits with at most one `.`, and an exponent (`strtol`, so
//!   spaces may follow the `e`); spaces. With a precision and scale the value,
//!   rounded to the scale, must also have fewer than `precision - scale`
//!   digits before the point (`NaN` always fits, infinity never).
//! - `real`, `double precision` (`float4in`/`float8in`, i.e. C99 `strtof` /
//!   `strtod`): spaces, then a decimal number (whose magnitude must be zero or
//!   neither round to zero nor overflow the type), `[+-]inf[inity]`,
//!   `[+-]nan[(…)]` or a hexadecimal float (accepted without a range check).
//! - `boolean` (`parse_bool`): spaces, then a prefix of `true`, `false`, `yes`,
//!   `no` (one letter is enough), `on`, `of[f]`, `1` or `0` in any case; spaces.
//! - `text`, `varchar`, `bpchar`: everything converts; `varchar(n)` and
//!   `char(n)` as described above.
//!
//! "Spaces" are what C's `isspace` accepts in the server: space, tab, newline,
//! carriage return, vertical tab and form feed. Other targets (dates, times,
//! enums, domains, …) cannot be measured before 16 and get an error saying so.
//! A value that matches a number pattern but lies beyond `numeric`'s own range
//! (10^131072 and up, or more than 16383 decimals) makes the measurement of a
//! `numeric`, `real` or `double precision` target fail with the server's
//! message ("value overflows numeric format") rather than give a count.
//!
//! A conversion that cannot fail (the same type, `integer` to `bigint`,
//! anything to `text`, a longer `varchar`, `date` to `timestamp`, …) is not
//! checked value by value on any version: its values are counted and none is
//! invalid.
//!
//! Everything is measured on the text form under `COLLATE "C"`, so patterns
//! mean the same in every database and samples come in byte order.

use super::snapshot::QualifiedName;
use crate::sql::ident::{quote_ident, quote_literal, quote_qualified};
use crate::types::{TypeName, parse_type};

/// First `server_version_num` with `pg_input_is_valid` (PostgreSQL 16).
pub(crate) const INPUT_IS_VALID_SINCE: i32 = 160_000;

/// First `server_version_num` whose `numeric` holds infinities (PostgreSQL 14).
const NUMERIC_INFINITY_SINCE: i32 = 140_000;

/// Invalid values listed per conversion.
pub const CONVERSION_SAMPLES: usize = 5;

/// `isspace()` in the server (C locale, and the single bytes of any other):
/// the characters themselves, not escapes, so the patterns contain no
/// backslash whatever `standard_conforming_strings` says.
const SPACE: &str = "[ \t\n\r\u{b}\u{c}]*";

/// Below these magnitudes a decimal value rounds to zero, which `float4in` /
/// `float8in` refuse: half the smallest subnormal, 2^-150 and 2^-1075 (a tie
/// rounds to even, i.e. to zero), to 60 significant digits.
const REAL_UNDERFLOW: &str = "7.00649232162408535461864791644958065640130970938257885878534e-46";
const DOUBLE_UNDERFLOW: &str = "2.47032822920623272088284396434110686182529901307162382212793e-324";

/// From these magnitudes on a decimal value rounds to infinity, which they
/// refuse too: the midpoint between the largest finite value and the next power
/// of two, 2^128 - 2^103 and 2^1024 - 2^970, exactly.
const REAL_OVERFLOW: &str = "340282356779733661637539395458142568448";
const DOUBLE_OVERFLOW: &str = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

/// The statement measuring `column` of `table`, given the condition (over the
/// text value `s.v`) that marks a value that will not convert: the non-null
/// count, the invalid count, and (scanning again, only when some are invalid)
/// the first invalid values in byte order.
pub(crate) fn statement(table: &QualifiedName, column: &str, invalid: &str) -> String {
    let column = quote_ident(column);
    let values = format!(
        "SELECT ({column})::pg_catalog.text COLLATE \"C\" AS v FROM {} WHERE {column} IS NOT NULL",
        quote_qualified(table)
    );
    format!(
        "SELECT c.non_null, c.invalid,\n\
         \x20      CASE WHEN c.invalid > 0\n\
         \x20           THEN ARRAY(SELECT s.v FROM ({values}) AS s\n\
         \x20                      WHERE {invalid} ORDER BY s.v LIMIT {CONVERSION_SAMPLES})\n\
         \x20           ELSE '{{}}'::pg_catalog.text[]\n\
         \x20      END AS samples\n\
         FROM (SELECT pg_catalog.count(*) AS non_null,\n\
         \x20            pg_catalog.count(*) FILTER (WHERE {invalid}) AS invalid\n\
         \x20     FROM ({values}) AS s) AS c"
    )
}

/// The SQL condition, over the text value `s.v`, that is true for a value of a
/// column of type `source` (as `format_type` prints it) that will not convert to
/// `target` on a server of version `version_num`; Err when that cannot be told.
pub(crate) fn invalid_condition(source: &str, target: &str, version_num: i32) -> Result<String, String> {
    let parsed = parse_type(target).ok();
    if let Some(target) = &parsed
        && let Ok(source) = parse_type(source)
        && always_converts(&source, target)
    {
        return Ok("false".to_string());
    }
    if version_num >= INPUT_IS_VALID_SINCE {
        return Ok(format!("NOT pg_catalog.pg_input_is_valid(s.v, {})", quote_literal(target)));
    }
    let cannot = || format!("cannot measure conversions to {target} before PostgreSQL 16");
    let kind = parsed.as_ref().and_then(Target::of).ok_or_else(cannot)?;
    Ok(pattern_condition(kind, version_num))
}

/// The target types whose input is checked with patterns before PostgreSQL 16.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Uuid,
    /// An integer type and its range.
    Integer {
        min: i64,
        max: i64,
    },
    /// `numeric`, with precision and scale when constrained.
    Numeric(Option<(i32, i32)>),
    /// `real` (false) or `double precision` (true).
    Float {
        double: bool,
    },
    Boolean,
    /// `text`, or `varchar` / `bpchar` without a length: everything converts.
    Text,
    /// `varchar(n)` or `char(n)`.
    Bounded(u32),
}

impl Target {
    fn of(target: &TypeName) -> Option<Target> {
        if target.schema.is_some() || target.array_dims > 0 {
            return None;
        }
        let modifiers = target.modifiers.as_deref();
        Some(match (target.name.as_str(), modifiers) {
            ("uuid", None) => Target::Uuid,
            ("smallint", None) => Target::Integer { min: i16::MIN.into(), max: i16::MAX.into() },
            ("integer", None) => Target::Integer { min: i32::MIN.into(), max: i32::MAX.into() },
            ("bigint", None) => Target::Integer { min: i64::MIN, max: i64::MAX },
            ("numeric", None) => Target::Numeric(None),
            ("numeric", Some(m)) => {
                let (precision, scale) = m.split_once(',').unwrap_or((m, "0"));
                Target::Numeric(Some((precision.trim().parse().ok()?, scale.trim().parse().ok()?)))
            }
            ("real", None) => Target::Float { double: false },
            ("double precision", None) => Target::Float { double: true },
            ("boolean", None) => Target::Boolean,
            ("text" | "character varying" | "character", None) => Target::Text,
            ("character varying" | "character", Some(n)) => Target::Bounded(n.trim().parse().ok()?),
            _ => return None,
        })
    }
}

/// Whether every value of type `source` converts to `target`: the same type,
/// a wider one, or text.
fn always_converts(source: &TypeName, target: &TypeName) -> bool {
    if source == target {
        return true;
    }
    if source.schema.is_some() || source.array_dims > 0 {
        return target.schema.is_none() && target.array_dims == 0 && Target::of(target) == Some(Target::Text);
    }
    if target.schema.is_some() || target.array_dims > 0 {
        return false;
    }
    let modifiers = target.modifiers.as_deref();
    let wider: &[&str] = match (source.name.as_str(), source.modifiers.as_deref()) {
        ("smallint", _) => &["integer", "bigint", "numeric", "real", "double precision"],
        ("integer", _) => &["bigint", "numeric", "real", "double precision"],
        ("bigint", _) => &["numeric", "real", "double precision"],
        ("real", _) => &["double precision"],
        ("date", _) => &["timestamp without time zone", "timestamp with time zone"],
        ("timestamp without time zone", None) => &["timestamp with time zone"],
        ("character varying" | "character", Some(n)) => {
            if let (Some(Target::Bounded(m)), Ok(n)) = (Target::of(target), n.parse::<u32>()) {
                return m >= n;
            }
            &[]
        }
        _ => &[],
    };
    Target::of(target) == Some(Target::Text) || (modifiers.is_none() && wider.contains(&target.name.as_str()))
}

/// The pattern-based condition for PostgreSQL 13 to 15 (see the module
/// documentation). `s.v` is in the "C" collation, so `~*` folds ASCII only.
fn pattern_condition(target: Target, version_num: i32) -> String {
    let whole = |pattern: &str| quote_literal(&format!("^{SPACE}({pattern}){SPACE}$"));
    // numeric_in: strtol reads the exponent, skipping spaces before its sign.
    let numeric = format!("[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)(e{SPACE}[+-]?[0-9]+)?");
    match target {
        Target::Uuid => {
            let hex = "[0-9a-fA-F]{4}(-?[0-9a-fA-F]{4}){7}";
            format!("s.v !~ {}", quote_literal(&format!("^([{{]{hex}[}}]|{hex})$")))
        }
        Target::Integer { min, max } => format!(
            "CASE WHEN s.v ~ {} THEN s.v::pg_catalog.numeric NOT BETWEEN {min} AND {max} ELSE true END",
            whole("[+-]?[0-9]+")
        ),
        Target::Numeric(typmod) => {
            let infinity = if version_num >= NUMERIC_INFINITY_SINCE { "|[+-]?inf(inity)?" } else { "" };
            match typmod {
                // The cast decides nothing (its result is never null) but makes a
                // value beyond numeric's own range fail the measurement with the
                // server's message, as with a precision, rather than pass.
                None => format!(
                    "CASE WHEN s.v ~* {} THEN s.v::pg_catalog.numeric IS NULL ELSE true END",
                    whole(&format!("{numeric}|nan{infinity}"))
                ),
                // Infinity never fits a constrained numeric: left to ELSE.
                Some((precision, scale)) => format!(
                    "CASE WHEN s.v ~* {} THEN NOT (pg_catalog.abs(pg_catalog.round(s.v::pg_catalog.numeric, \
                     {scale})) < 1e{}) WHEN s.v ~* {} THEN false ELSE true END",
                    whole(&numeric),
                    i64::from(precision) - i64::from(scale),
                    whole("nan"),
                ),
            }
        }
        Target::Float { double } => {
            // Decimal values from the smallest magnitude that does not round to
            // zero (half the smallest subnormal: a tie rounds to even, zero)
            // to the largest that does not round to infinity (the midpoint
            // between the largest finite value and the next power of two).
            let (underflow, overflow) =
                if double { (DOUBLE_UNDERFLOW, DOUBLE_OVERFLOW) } else { (REAL_UNDERFLOW, REAL_OVERFLOW) };
            let decimal = "[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)(e[+-]?[0-9]+)?";
            let special = "[+-]?(inf|infinity|nan([(][0-9a-z_]*[)])?|0x([0-9a-f]+([.][0-9a-f]*)?|[.][0-9a-f]+)(p[+-]?[0-9]+)?)";
            format!(
                "CASE WHEN s.v ~* {} THEN NOT (s.v::pg_catalog.numeric = 0 OR \
                 (pg_catalog.abs(s.v::pg_catalog.numeric) > {underflow} AND \
                 pg_catalog.abs(s.v::pg_catalog.numeric) < {overflow})) \
                 WHEN s.v ~* {} THEN false ELSE true END",
                whole(decimal),
                whole(special),
            )
        }
        Target::Boolean => {
            format!("s.v !~* {}", whole("t|tr|tru|true|f|fa|fal|fals|false|y|ye|yes|n|no|on|of|off|1|0"))
        }
        Target::Text => "false".to_string(),
        // Beyond the n-th character, only spaces are dropped without an error.
        Target::Bounded(n) => format!("pg_catalog.length(pg_catalog.rtrim(s.v, ' ')) > {n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PG15: i32 = 150_004;

    fn condition(source: &str, target: &str) -> Result<String, String> {
        invalid_condition(source, target, PG15)
    }

    #[test]
    fn targets_are_recognised_in_any_spelling() {
        let kind = |t: &str| Target::of(&parse_type(t).unwrap());
        assert_eq!(kind("uuid"), Some(Target::Uuid));
        assert_eq!(kind("int4"), kind("integer"));
        assert_eq!(kind("int8"), Some(Target::Integer { min: i64::MIN, max: i64::MAX }));
        assert_eq!(kind("smallint"), Some(Target::Integer { min: -32768, max: 32767 }));
        assert_eq!(kind("numeric(10,2)"), Some(Target::Numeric(Some((10, 2)))));
        assert_eq!(kind("numeric(10)"), Some(Target::Numeric(Some((10, 0)))));
        assert_eq!(kind("decimal"), Some(Target::Numeric(None)));
        assert_eq!(kind("float8"), Some(Target::Float { double: true }));
        assert_eq!(kind("real"), Some(Target::Float { double: false }));
        assert_eq!(kind("bool"), Some(Target::Boolean));
        assert_eq!(kind("character varying(20)"), Some(Target::Bounded(20)));
        assert_eq!(kind("varchar(20)"), Some(Target::Bounded(20)));
        assert_eq!(kind("char"), Some(Target::Bounded(1)));
        assert_eq!(kind("varchar"), Some(Target::Text));
        assert_eq!(kind("text"), Some(Target::Text));
        assert_eq!(kind("date"), None);
        assert_eq!(kind("timestamp with time zone"), None);
        assert_eq!(kind("uuid[]"), None);
        assert_eq!(kind("app.mood"), None);
    }

    #[test]
    fn widening_conversions_are_not_checked() {
        for (source, target) in [
            ("integer", "bigint"),
            ("smallint", "integer"),
            ("integer", "numeric"),
            ("bigint", "double precision"),
            ("uuid", "uuid"),
            ("numeric(10,2)", "numeric(10,2)"),
            ("uuid", "text"),
            ("integer[]", "text"),
            ("app.mood", "character varying"),
            ("character varying(10)", "character varying(20)"),
            ("character(3)", "character varying(3)"),
            ("date", "timestamp with time zone"),
            ("timestamp without time zone", "timestamp with time zone"),
            ("date", "date"),
        ] {
            assert_eq!(condition(source, target).as_deref(), Ok("false"), "{source} -> {target}");
        }
        for (source, target) in [
            ("bigint", "integer"),
            ("integer", "numeric(5,2)"),
            ("character varying(20)", "character varying(10)"),
            ("text", "character varying(10)"),
            ("text", "uuid"),
            ("integer", "smallint"),
        ] {
            assert_ne!(condition(source, target).as_deref(), Ok("false"), "{source} -> {target}");
        }
    }

    #[test]
    fn unmeasurable_targets_say_so_before_16() {
        assert_eq!(
            condition("text", "timestamp with time zone"),
            Err("cannot measure conversions to timestamp with time zone before PostgreSQL 16".to_string())
        );
        assert_eq!(
            condition("text", "app.mood"),
            Err("cannot measure conversions to app.mood before PostgreSQL 16".to_string())
        );
    }

    #[test]
    fn from_16_the_server_checks_input_itself() {
        // Only PostgreSQL 15 is installed where these tests run: the 16+ branch
        // is checked here as text only, never against a server.
        assert_eq!(
            invalid_condition("text", "timestamp with time zone", 160_000).as_deref(),
            Ok("NOT pg_catalog.pg_input_is_valid(s.v, 'timestamp with time zone')")
        );
        assert_eq!(
            invalid_condition("text", "it's", 180_000).as_deref(),
            Ok("NOT pg_catalog.pg_input_is_valid(s.v, 'it''s')")
        );
        assert_eq!(invalid_condition("integer", "bigint", 170_000).as_deref(), Ok("false"));
    }

    #[test]
    fn patterns_hold_no_backslash() {
        for target in ["uuid", "integer", "numeric", "numeric(5,2)", "real", "double precision", "boolean"] {
            let sql = condition("text", target).unwrap();
            assert!(!sql.contains('\\'), "{target}: {sql}");
        }
    }

    #[test]
    fn the_statement_quotes_names_and_scans_twice_only_for_samples() {
        let sql = statement(&QualifiedName::new("app", "Order Items"), "Id", "s.v <> ''");
        assert!(sql.contains("FROM app.\"Order Items\" WHERE \"Id\" IS NOT NULL"), "{sql}");
        assert!(sql.contains("(\"Id\")::pg_catalog.text COLLATE \"C\" AS v"), "{sql}");
        assert!(sql.contains("CASE WHEN c.invalid > 0"), "{sql}");
        assert!(sql.contains("ORDER BY s.v LIMIT 5"), "{sql}");
    }
}
