//! Standalone sequences: `sequences:` (one finding per declared property),
//! `absent_sequences:`, and strict schemas' undeclared sequences.
//!
//! The sequences behind serial and identity columns are the columns'
//! business (`serial`, `identity:`): they are never required here, and never
//! reported as undeclared. See [`is_standalone`].

use super::Context;
use crate::catalog::{QualifiedName, Questions, Sequence, Snapshot};
use crate::diff::{CheckKind, Finding, Repair, SqlRepair, Status};
use crate::fix::Phase;
use crate::location::Located;
use crate::spec::{SchemaSpec, SequenceSpec};
use crate::sql::ident::{quote_ident, quote_qualified};

/// Whether a sequence stands on its own, rather than being a serial
/// column's (owned by the column whose default draws on it) or an identity
/// column's.
pub fn is_standalone(sequence: &Sequence) -> bool {
    match &sequence.owned_by {
        None => true,
        Some(owner) => {
            !owner.identity
                && !sequence.used_by_defaults.iter().any(|(t, c)| *t == owner.table && *c == owner.column)
        }
    }
}

/// The smallest and largest value of a sequence type (smallint, integer or
/// bigint, the only types a sequence can have).
pub fn type_range(data_type: &str) -> (i64, i64) {
    crate::types::integer_range(data_type).unwrap_or((i64::MIN, i64::MAX))
}

/// What `CREATE SEQUENCE` gives a property left out, for a sequence of this
/// type and increment: (min, max, start). Cache 1, no cycle, type bigint and
/// increment 1 are the other defaults.
pub fn defaults(data_type: &str, increment: i64) -> (i64, i64, i64) {
    let (low, high) = type_range(data_type);
    if increment > 0 { (1, high, 1) } else { (low, -1, -1) }
}

pub(crate) fn sequences(cx: &Context, schema: &SchemaSpec, out: &mut Vec<Finding>) {
    for spec in &schema.sequences {
        sequence(cx, spec, out);
    }
    for name in &schema.absent_sequences {
        out.push(absent(cx, schema, name));
    }
}

/// The sequences whose position the diff reads (range checks, drops): those
/// the schema declares or declares absent and, in a strict schema, the
/// standalone ones it may drop.
pub fn questions(schema: &SchemaSpec, snapshot: &Snapshot, q: &mut Questions) {
    let declared = schema.sequences.iter().map(|s| s.name.clone());
    let absent = schema.absent_sequences.iter().map(|a| QualifiedName::new(&schema.name, &a.value));
    q.sequence_positions.extend(declared.chain(absent));
    if schema.strict {
        let standalone = snapshot
            .sequences
            .values()
            .filter(|s| s.name.schema == schema.name && !s.from_extension && is_standalone(s));
        q.sequence_positions.extend(standalone.map(|s| s.name.clone()));
    }
}

fn sequence(cx: &Context, spec: &SequenceSpec, out: &mut Vec<Finding>) {
    let object = spec.name.to_string();
    let f = cx.finding(CheckKind::Sequence, &object, Status::Pass).at(spec.at);
    let Some(actual) = cx.snapshot.sequences.get(&spec.name) else {
        if let Some(rel) = cx.snapshot.relations.get(&spec.name) {
            out.push(
                f.fail()
                    .message(format!("{object} is a {}, not a sequence", rel.kind.describe()))
                    .expected("sequence")
                    .actual(rel.kind.describe())
                    .repair(Repair::Manual(format!(
                        "{object} is a {}: rename it or the spec's sequence",
                        rel.kind.describe()
                    ))),
            );
            return;
        }
        out.push(
            f.fail()
                .message(format!("sequence {object} does not exist"))
                .expected("sequence")
                .actual("missing")
                .repair(sql(Phase::Types, format!("create sequence {object}"), vec![create(spec)])),
        );
        // Created with every other property; the owner once its table exists.
        if let Some(owned_by) = spec.owned_by.as_ref().filter(|o| o.value.is_some()) {
            out.push(owner_finding(cx, spec, owned_by, None));
        }
        return;
    };
    out.push(f.message(format!("sequence {object} exists ({})", actual.data_type)));
    let alter = alter(spec, actual);
    let blocked = out_of_range(spec, actual);
    let mut property = |suffix: &str, what: &str, expected: Option<(String, bool)>, actual_text: String| {
        let Some((expected, matches)) = expected else { return };
        let f = cx
            .finding(CheckKind::Sequence, &object, Status::Pass)
            .id_suffix(suffix)
            .at(spec.at)
            .expected(expected.clone())
            .actual(actual_text.clone());
        out.push(if matches {
            f.message(format!("sequence {object}: {what} is {actual_text}"))
        } else {
            f.fail()
                .message(format!("sequence {object}: {what} is {actual_text}, expected {expected}"))
                .repair(Repair::Sql(SqlRepair {
                    phase: Phase::Types,
                    title: format!("alter sequence {object}"),
                    statements: alter.clone(),
                    blocked: blocked.clone(),
                }))
        });
    };
    let located =
        |value: &Option<Located<i64>>, is: i64| value.as_ref().map(|v| (v.value.to_string(), v.value == is));
    property(
        "type",
        "its type",
        spec.data_type.as_ref().map(|t| (t.value.clone(), t.value == actual.data_type)),
        actual.data_type.clone(),
    );
    property("start", "its start", located(&spec.start, actual.start), actual.start.to_string());
    property(
        "increment",
        "its increment",
        located(&spec.increment, actual.increment),
        actual.increment.to_string(),
    );
    property("min", "its minimum", located(&spec.min, actual.min), actual.min.to_string());
    property("max", "its maximum", located(&spec.max, actual.max), actual.max.to_string());
    property("cache", "its cache", located(&spec.cache, actual.cache), actual.cache.to_string());
    property(
        "cycle",
        "cycle",
        spec.cycle.as_ref().map(|c| (c.value.to_string(), c.value == actual.cycle)),
        actual.cycle.to_string(),
    );
    if let Some(owned_by) = &spec.owned_by {
        out.push(owner_finding(cx, spec, owned_by, Some(actual)));
    }
}

/// `owned_by`: a finding of its own, repaired in the details phase (the
/// owning table may be created by the same plan).
fn owner_finding(
    cx: &Context,
    spec: &SequenceSpec,
    owned_by: &Located<Option<(QualifiedName, String)>>,
    actual: Option<&Sequence>,
) -> Finding {
    let object = spec.name.to_string();
    let expected = owned_by.value.as_ref().map_or("none".to_string(), |(t, c)| format!("{t}.{c}"));
    let current = actual.and_then(|s| s.owned_by.as_ref());
    let actual_text = match (actual, current) {
        (None, _) => "missing".to_string(),
        (Some(_), None) => "none".to_string(),
        (Some(_), Some(o)) => format!("{}.{}", o.table, o.column),
    };
    let matches = actual.is_some()
        && match (&owned_by.value, current) {
            (None, None) => true,
            (Some((t, c)), Some(o)) => o.table == *t && o.column == *c,
            _ => false,
        };
    let f = cx
        .finding(CheckKind::Sequence, &object, Status::Pass)
        .id_suffix("owned_by")
        .at(owned_by.at)
        .expected(expected.clone())
        .actual(actual_text.clone());
    if matches {
        return f.message(format!("sequence {object} is owned by {expected}"));
    }
    let target = match &owned_by.value {
        Some((table, column)) => format!("{}.{}", quote_qualified(table), quote_ident(column)),
        None => "NONE".to_string(),
    };
    let message = match actual {
        None => format!("sequence {object} does not exist: it must be owned by {expected}"),
        Some(_) => format!("sequence {object} is owned by {actual_text}, expected {expected}"),
    };
    f.fail().message(message).repair(sql(
        Phase::Details,
        format!("set the owner of sequence {object}"),
        vec![format!("ALTER SEQUENCE {} OWNED BY {target}", quote_qualified(&spec.name))],
    ))
}

fn sql(phase: Phase, title: String, statements: Vec<String>) -> Repair {
    Repair::Sql(SqlRepair { phase, title, statements, blocked: None })
}

/// `CREATE SEQUENCE` with every declared property but the owner.
pub fn create(spec: &SequenceSpec) -> String {
    let mut sql = format!("CREATE SEQUENCE {}", quote_qualified(&spec.name));
    sql.push_str(&options(spec, |_| true));
    sql
}

/// One `ALTER SEQUENCE` changing every declared property that differs (one
/// statement, so that a new type and new bounds are checked together).
fn alter(spec: &SequenceSpec, actual: &Sequence) -> Vec<String> {
    let differs = |name: &str| match name {
        "type" => spec.data_type.as_ref().is_some_and(|t| t.value != actual.data_type),
        "increment" => spec.increment.as_ref().is_some_and(|v| v.value != actual.increment),
        "min" => spec.min.as_ref().is_some_and(|v| v.value != actual.min),
        "max" => spec.max.as_ref().is_some_and(|v| v.value != actual.max),
        "start" => spec.start.as_ref().is_some_and(|v| v.value != actual.start),
        "cache" => spec.cache.as_ref().is_some_and(|v| v.value != actual.cache),
        "cycle" => spec.cycle.as_ref().is_some_and(|v| v.value != actual.cycle),
        _ => false,
    };
    vec![format!("ALTER SEQUENCE {}{}", quote_qualified(&spec.name), options(spec, differs))]
}

/// ` AS bigint INCREMENT BY 1 …` for the declared properties `wanted` keeps.
fn options(spec: &SequenceSpec, wanted: impl Fn(&str) -> bool) -> String {
    let mut out = String::new();
    if let Some(t) = spec.data_type.as_ref().filter(|_| wanted("type")) {
        out.push_str(&format!(" AS {}", t.value));
    }
    for (name, value, keyword) in [
        ("increment", &spec.increment, "INCREMENT BY"),
        ("min", &spec.min, "MINVALUE"),
        ("max", &spec.max, "MAXVALUE"),
        ("start", &spec.start, "START WITH"),
        ("cache", &spec.cache, "CACHE"),
    ] {
        if let Some(v) = value.as_ref().filter(|_| wanted(name)) {
            out.push_str(&format!(" {keyword} {}", v.value));
        }
    }
    if let Some(c) = spec.cycle.as_ref().filter(|_| wanted("cycle")) {
        out.push_str(if c.value { " CYCLE" } else { " NO CYCLE" });
    }
    out
}

/// Why the declared properties cannot be set in place: a bound kept from
/// before does not fit a narrower type, or the sequence has already handed
/// out a value outside the new bounds (the server refuses such an ALTER).
fn out_of_range(spec: &SequenceSpec, actual: &Sequence) -> Option<String> {
    let new_type = spec.data_type.as_ref().map_or(&actual.data_type, |t| &t.value);
    let (type_min, type_max) = type_range(new_type);
    let (old_min, old_max) = type_range(&actual.data_type);
    // A bound at the old type's limit follows the type; another one stays.
    let min =
        spec.min.as_ref().map_or(if actual.min == old_min { type_min } else { actual.min }, |m| m.value);
    let max =
        spec.max.as_ref().map_or(if actual.max == old_max { type_max } else { actual.max }, |m| m.value);
    if min < type_min || max > type_max {
        return Some(format!(
            "sequence {} would keep the range {min} to {max}, which does not fit {new_type}: declare min and max \
             within the type",
            actual.name
        ));
    }
    let last = actual.last_value?;
    if (min..=max).contains(&last) {
        return None;
    }
    Some(format!(
        "sequence {} has already reached {last}, outside the declared range {min} to {max}: \
         RESTART it within the range (ALTER SEQUENCE … RESTART WITH n) once no column holds the values \
         it would hand out again, or declare the range it has",
        actual.name
    ))
}

fn absent(cx: &Context, schema: &SchemaSpec, name: &Located<String>) -> Finding {
    let qn = QualifiedName::new(&schema.name, &name.value);
    let f = cx.finding(CheckKind::Sequence, qn.to_string(), Status::Pass).id_suffix("absent").at(name.at);
    let Some(actual) = cx.snapshot.sequences.get(&qn) else {
        return f.message(format!("sequence {qn} is absent")).expected("absent").actual("absent");
    };
    let f = f.fail().message(format!("sequence {qn} still exists")).expected("absent").actual("present");
    drop_repair(f, actual)
}

/// The drop of a sequence, or why it cannot be dropped as it is.
fn drop_repair(f: Finding, actual: &Sequence) -> Finding {
    if !actual.used_by_defaults.is_empty() {
        let users: Vec<String> = actual.used_by_defaults.iter().map(|(t, c)| format!("{t}.{c}")).collect();
        return f.detail(format!("the default of {} draws on it", users.join(", "))).repair(Repair::Manual(
            format!(
                "sequence {} is used by the default of {}: declare another default for those columns first",
                actual.name,
                users.join(", ")
            ),
        ));
    }
    let f = match (actual.readable, actual.last_value) {
        (true, None) => f.detail("it never handed out a value: dropping it loses nothing"),
        (true, Some(last)) => f.detail(format!("it has reached {last}: dropping it loses its position")),
        (false, _) => f.detail("whether it handed out values is unknown (the role may not read it)"),
    };
    f.repair(Repair::DropSequence(actual.name.clone()))
}

/// In a strict schema, standalone sequences the spec does not declare fail.
pub(crate) fn strict(cx: &Context, schema: &SchemaSpec, out: &mut Vec<Finding>) {
    if !schema.strict {
        return;
    }
    for sequence in cx.snapshot.sequences.values().filter(|s| s.name.schema == schema.name) {
        let declared = schema.sequences.iter().any(|s| s.name == sequence.name)
            || schema.absent_sequences.iter().any(|a| a.value == sequence.name.name);
        if declared
            || sequence.from_extension
            || !is_standalone(sequence)
            || schema.ignores(&sequence.name.name)
        {
            continue;
        }
        let f = cx
            .finding(CheckKind::Strict, sequence.name.to_string(), Status::Fail)
            .at(schema.at)
            .message(format!("sequence {} is not declared in strict schema {}", sequence.name, schema.name))
            .expected("not present")
            .actual("present");
        out.push(drop_repair(f, sequence));
    }
}

/// Whether a sequence can be dropped without losing anything: it never
/// handed out a value (as far as the role can tell).
pub fn unused(snapshot: &Snapshot, name: &QualifiedName) -> bool {
    snapshot.sequences.get(name).is_some_and(|s| s.readable && s.last_value.is_none())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::SequenceOwner;
    use crate::location::Location;

    fn spec() -> SequenceSpec {
        SequenceSpec {
            name: QualifiedName::new("app", "Tickets"),
            at: Location::default(),
            data_type: None,
            start: None,
            increment: None,
            min: None,
            max: None,
            cache: None,
            cycle: None,
            owned_by: None,
            comment: None,
        }
    }

    fn actual() -> Sequence {
        Sequence {
            name: QualifiedName::new("app", "Tickets"),
            data_type: "bigint".into(),
            start: 1,
            increment: 1,
            min: 1,
            max: i64::MAX,
            cycle: false,
            cache: 1,
            last_value: Some(50),
            readable: true,
            owned_by: None,
            used_by_defaults: Vec::new(),
            from_extension: false,
        }
    }

    fn at<T>(value: T) -> Option<Located<T>> {
        Some(Located::new(value, Location::default()))
    }

    #[test]
    fn create_writes_only_declared_properties() {
        assert_eq!(create(&spec()), "CREATE SEQUENCE app.\"Tickets\"");
        let mut s = spec();
        s.data_type = at("integer".into());
        s.start = at(1000);
        s.cycle = at(true);
        s.cache = at(20);
        assert_eq!(create(&s), "CREATE SEQUENCE app.\"Tickets\" AS integer START WITH 1000 CACHE 20 CYCLE");
    }

    #[test]
    fn alter_changes_only_what_differs_in_one_statement() {
        let mut s = spec();
        s.start = at(1);
        s.max = at(1000);
        s.cycle = at(false);
        s.increment = at(-1);
        assert_eq!(alter(&s, &actual()), ["ALTER SEQUENCE app.\"Tickets\" INCREMENT BY -1 MAXVALUE 1000"]);
    }

    #[test]
    fn bounds_below_the_last_value_block() {
        let mut s = spec();
        s.max = at(10);
        assert!(out_of_range(&s, &actual()).is_some_and(|r| r.contains("reached 50")));
        s.max = at(100);
        assert_eq!(out_of_range(&s, &actual()), None);
        let mut narrow = spec();
        narrow.data_type = at("smallint".into());
        let mut big = actual();
        big.last_value = Some(40_000);
        assert!(out_of_range(&narrow, &big).is_some());
        // The type's own limits follow the type; a bound set apart does not fit it.
        assert_eq!(out_of_range(&narrow, &actual()), None);
        let mut wide = actual();
        wide.max = 1_000_000;
        assert!(out_of_range(&narrow, &wide).is_some_and(|r| r.contains("does not fit smallint")));
    }

    #[test]
    fn serial_and_identity_sequences_are_not_standalone() {
        let table = QualifiedName::new("app", "t");
        let mut serial = actual();
        serial.owned_by = Some(SequenceOwner { table: table.clone(), column: "id".into(), identity: false });
        serial.used_by_defaults = vec![(table.clone(), "id".into())];
        assert!(!is_standalone(&serial));
        let mut identity = actual();
        identity.owned_by = Some(SequenceOwner { table: table.clone(), column: "id".into(), identity: true });
        assert!(!is_standalone(&identity));
        let mut owned_only = actual();
        owned_only.owned_by = Some(SequenceOwner { table, column: "n".into(), identity: false });
        assert!(is_standalone(&owned_only));
        assert!(is_standalone(&actual()));
    }

    #[test]
    fn defaults_follow_the_direction() {
        assert_eq!(defaults("integer", 1), (1, i32::MAX.into(), 1));
        assert_eq!(defaults("smallint", -1), (i16::MIN.into(), -1, -1));
    }
}
