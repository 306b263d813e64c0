//! Properties of `pgconform fix` over generated (from, to) schema pairs.
//!
//! A deterministic generator (a seeded PRNG, no extra crates) builds each pair
//! as two models: the "from" database (SQL with rows of data) and the "to"
//! target, rendered both as SQL and as the spec. The pairs combine 1–4 changes
//! drawn so that every kind of change listed in [`Kind`] appears in several
//! pairs. For each pair:
//!
//! * the generator is honest: the "to" SQL loads into a fresh database and the
//!   spec conforms there; the "from" SQL loads and does not conform;
//! * convergence: `fix --allow-destructive --apply` exits 0, then `check` exits 0;
//! * idempotence: a second `fix` exits 0 and prints no statement;
//! * preservation: kept tables keep their row counts and column values, rows
//!   still join across kept foreign keys, views and triggers the spec does not
//!   mention are carried along, and `migrate:` files carried their data over.
//!
//! Environment knobs for debugging: `FIX_SEED` (another generation),
//! `FIX_PAIRS=3,17` (only those pairs), `FIX_DUMP=DIR` (write each pair's
//! from.sql, to.sql, spec and migrate files there).

mod util;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use util::{SpecDir, pgconform, text};

const DEFAULT_SEED: u64 = 0x5eed_0f1c_2025;
const MIN_PAIRS: usize = 50;
/// Every kind of change appears in this many pairs (each round is one
/// shuffled permutation of all kinds, cut into pairs of 1–4 changes).
const ROUNDS: usize = 4;
/// The pairs are split over this many `#[test]` functions, which run in parallel.
const GROUPS: usize = 4;

// ---------------------------------------------------------------------------
// A small deterministic PRNG (splitmix64)

#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, lo: usize, hi_inclusive: usize) -> usize {
        lo + self.below(hi_inclusive - lo + 1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<T: Clone>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())].clone()
    }

    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
}

fn fnv(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn seed() -> u64 {
    match std::env::var("FIX_SEED") {
        Ok(s) => s.parse().unwrap_or_else(|_| fnv(&s)),
        Err(_) => DEFAULT_SEED,
    }
}

// ---------------------------------------------------------------------------
// Quoting

const RESERVED: &[&str] = &[
    "order",
    "group",
    "user",
    "select",
    "from",
    "table",
    "check",
    "default",
    "primary",
    "references",
    "column",
    "where",
    "limit",
    "end",
    "offset",
    "desc",
    "asc",
];

/// An identifier as SQL needs it: bare when it can be, double-quoted otherwise.
fn qi(name: &str) -> String {
    let plain = name.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !RESERVED.contains(&name);
    if plain { name.to_string() } else { format!("\"{}\"", name.replace('"', "\"\"")) }
}

fn qn(schema: &str, name: &str) -> String {
    format!("{}.{}", qi(schema), qi(name))
}

fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A YAML double-quoted scalar (JSON strings are valid YAML).
fn js(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

// ---------------------------------------------------------------------------
// The kinds of change the generator combines

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    ExtensionAdded,
    SchemaAdded,
    TableAdded,
    ColumnAddedNullable,
    ColumnAddedNotNullDefault,
    ColumnDropped,
    ColumnDroppedMigrate,
    IntToBigint,
    VarcharWiden,
    TextToUuid,
    TextToUuidReferenced,
    TextToUuidUnderViews,
    SetNotNull,
    DropNotNull,
    DefaultAdded,
    DefaultChanged,
    DefaultRemoved,
    Identity,
    PrimaryKeyAdded,
    UniqueAdded,
    ForeignKeyAdded,
    ForeignKeyOnDelete,
    CheckAdded,
    IndexPlain,
    IndexUnique,
    IndexPartial,
    IndexExpression,
    TriggerAdded,
    FunctionAdded,
    FunctionChanged,
    ViewAdded,
    ViewChanged,
    MaterializedView,
    AbsentTableEmpty,
    AbsentTableWithRows,
    AbsentView,
    AbsentFunction,
}

impl Kind {
    const ALL: &'static [Kind] = &[
        Kind::ExtensionAdded,
        Kind::SchemaAdded,
        Kind::TableAdded,
        Kind::ColumnAddedNullable,
        Kind::ColumnAddedNotNullDefault,
        Kind::ColumnDropped,
        Kind::ColumnDroppedMigrate,
        Kind::IntToBigint,
        Kind::VarcharWiden,
        Kind::TextToUuid,
        Kind::TextToUuidReferenced,
        Kind::TextToUuidUnderViews,
        Kind::SetNotNull,
        Kind::DropNotNull,
        Kind::DefaultAdded,
        Kind::DefaultChanged,
        Kind::DefaultRemoved,
        Kind::Identity,
        Kind::PrimaryKeyAdded,
        Kind::UniqueAdded,
        Kind::ForeignKeyAdded,
        Kind::ForeignKeyOnDelete,
        Kind::CheckAdded,
        Kind::IndexPlain,
        Kind::IndexUnique,
        Kind::IndexPartial,
        Kind::IndexExpression,
        Kind::TriggerAdded,
        Kind::FunctionAdded,
        Kind::FunctionChanged,
        Kind::ViewAdded,
        Kind::ViewChanged,
        Kind::MaterializedView,
        Kind::AbsentTableEmpty,
        Kind::AbsentTableWithRows,
        Kind::AbsentView,
        Kind::AbsentFunction,
    ];

    fn label(self) -> &'static str {
        match self {
            Kind::ExtensionAdded => "extension added",
            Kind::SchemaAdded => "schema added",
            Kind::TableAdded => "table added (columns, PK, unique, check, FK, index)",
            Kind::ColumnAddedNullable => "column added, nullable",
            Kind::ColumnAddedNotNullDefault => "column added, NOT NULL with default, table with rows",
            Kind::ColumnDropped => "column dropped (absent_columns)",
            Kind::ColumnDroppedMigrate => "column dropped after a migrate: file",
            Kind::IntToBigint => "type integer -> bigint",
            Kind::VarcharWiden => "type varchar(20) -> varchar(100)",
            Kind::TextToUuid => "type text -> uuid",
            Kind::TextToUuidReferenced => "type text -> uuid, referenced by foreign keys",
            Kind::TextToUuidUnderViews => "type text -> uuid, selected by views not in the spec",
            Kind::SetNotNull => "set NOT NULL",
            Kind::DropNotNull => "drop NOT NULL",
            Kind::DefaultAdded => "default added",
            Kind::DefaultChanged => "default changed",
            Kind::DefaultRemoved => "default removed (default: null)",
            Kind::Identity => "identity (added, removed, serial -> identity)",
            Kind::PrimaryKeyAdded => "primary key added",
            Kind::UniqueAdded => "unique added",
            Kind::ForeignKeyAdded => "foreign key added",
            Kind::ForeignKeyOnDelete => "foreign key with another on_delete",
            Kind::CheckAdded => "check added",
            Kind::IndexPlain => "index added, plain",
            Kind::IndexUnique => "index added, unique",
            Kind::IndexPartial => "index added, partial (where)",
            Kind::IndexExpression => "index added, expression",
            Kind::TriggerAdded => "trigger added (plpgsql function in sql:)",
            Kind::FunctionAdded => "function added",
            Kind::FunctionChanged => "function changed (body)",
            Kind::ViewAdded => "view added",
            Kind::ViewChanged => "view changed (query)",
            Kind::MaterializedView => "materialized view (added, changed)",
            Kind::AbsentTableEmpty => "absent table, empty",
            Kind::AbsentTableWithRows => "absent table, holding rows",
            Kind::AbsentView => "absent view",
            Kind::AbsentFunction => "absent function",
        }
    }
}

// ---------------------------------------------------------------------------
// The model both sides of a pair are written in

/// How a column's rows are filled in the "from" database.
#[derive(Clone, Debug)]
enum Gen {
    /// 1, 2, 3 …
    Seq,
    /// A valid UUID; upper case when asked.
    Uuid {
        upper: bool,
        nulls: bool,
    },
    /// Text of at most `max` characters, with quotes and other awkward characters.
    Words {
        max: usize,
        nulls: bool,
    },
    /// Text unique per row, at most `max` characters.
    Distinct {
        max: usize,
    },
    Int {
        lo: i64,
        hi: i64,
        nulls: bool,
    },
    Bool,
    Ts,
    Date,
    Numeric,
    Json,
    TextArray,
    Status,
    /// A value of `column` of a row of `table` (a foreign key's values).
    Ref {
        schema: String,
        table: String,
        column: String,
        nulls: bool,
    },
    Null,
}

#[derive(Clone, Debug)]
struct Col {
    name: String,
    /// As written in CREATE TABLE.
    ty: String,
    /// As written in the spec (another spelling of the same type, sometimes).
    spec_ty: String,
    not_null: bool,
    default: Option<String>,
    /// The default as written in the spec, when it is written.
    spec_default: Option<String>,
    identity: Option<&'static str>,
    /// Created as `serial` (the default is the sequence's).
    serial: bool,
    fill: Gen,
    /// Written in the spec at all.
    declared: bool,
    spec_nullable: bool,
    spec_default_null: bool,
    spec_identity_null: bool,
    /// Values a trigger rewrites: not compared before/after.
    volatile: bool,
}

impl Col {
    fn new(name: &str, ty: &str, fill: Gen) -> Col {
        Col {
            name: name.into(),
            ty: ty.into(),
            spec_ty: ty.into(),
            not_null: false,
            default: None,
            spec_default: None,
            identity: None,
            serial: false,
            fill,
            declared: true,
            spec_nullable: true,
            spec_default_null: false,
            spec_identity_null: false,
            volatile: false,
        }
    }

    fn not_null(mut self) -> Col {
        self.not_null = true;
        self
    }

    fn default(mut self, sql: &str) -> Col {
        self.default = Some(sql.into());
        self.spec_default = Some(sql.into());
        self
    }

    fn identity(mut self, kind: &'static str) -> Col {
        self.identity = Some(kind);
        self.not_null = true;
        self
    }

    fn spec_ty(mut self, ty: &str) -> Col {
        self.spec_ty = ty.into();
        self
    }

    fn sql(&self) -> String {
        let mut s = format!("{} {}", qi(&self.name), if self.serial { "serial" } else { &self.ty });
        if let Some(kind) = self.identity {
            let _ = write!(s, " GENERATED {} AS IDENTITY", kind.to_uppercase());
        }
        if self.not_null {
            s.push_str(" NOT NULL");
        }
        if let Some(d) = &self.default {
            let _ = write!(s, " DEFAULT {d}");
        }
        s
    }

    fn spec(&self) -> String {
        let mut parts = vec![format!("type: {}", js(&self.spec_ty))];
        if self.spec_nullable {
            parts.push(format!("nullable: {}", !self.not_null));
        }
        match (&self.spec_default, self.spec_default_null) {
            (Some(d), _) => parts.push(format!("default: {}", js(d))),
            (None, true) => parts.push("default: null".into()),
            _ => {}
        }
        match (self.identity, self.spec_identity_null) {
            (Some(kind), _) => parts.push(format!("identity: {}", js(kind))),
            (None, true) => parts.push("identity: null".into()),
            _ => {}
        }
        format!("{{ {} }}", parts.join(", "))
    }
}

#[derive(Clone, Debug)]
struct Unique {
    name: Option<String>,
    cols: Vec<String>,
    declared: bool,
}

#[derive(Clone, Debug)]
struct Fk {
    cols: Vec<String>,
    ref_schema: String,
    ref_table: String,
    ref_cols: Vec<String>,
    /// None: the default action (no action).
    on_delete: Option<&'static str>,
    spec_on_delete: bool,
    declared: bool,
}

#[derive(Clone, Debug)]
struct Check {
    name: Option<String>,
    expr: String,
    declared: bool,
}

#[derive(Clone, Debug)]
struct Index {
    name: String,
    /// Spec entries: plain column names (literal) or expressions.
    entries: Vec<String>,
    /// The same, as SQL.
    sql: Vec<String>,
    unique: bool,
    predicate: Option<String>,
    spec_name: bool,
    declared: bool,
}

#[derive(Clone, Debug)]
struct Trigger {
    name: String,
    timing: &'static str,
    events: Vec<&'static str>,
    /// For each row (else statement).
    row: bool,
    /// `UPDATE OF` columns (not in the spec).
    of_columns: Vec<String>,
    when: Option<String>,
    fn_schema: String,
    fn_name: String,
    declared: bool,
}

#[derive(Clone, Debug)]
struct Table {
    schema: String,
    name: String,
    cols: Vec<Col>,
    pk: Option<Vec<String>>,
    pk_declared: bool,
    uniques: Vec<Unique>,
    fks: Vec<Fk>,
    checks: Vec<Check>,
    indexes: Vec<Index>,
    triggers: Vec<Trigger>,
    /// Column name and the migrate file (relative to the spec).
    absent_cols: Vec<(String, Option<String>)>,
    rows: usize,
}

impl Table {
    fn new(schema: &str, name: &str, rows: usize) -> Table {
        Table {
            schema: schema.into(),
            name: name.into(),
            cols: vec![],
            pk: None,
            pk_declared: true,
            uniques: vec![],
            fks: vec![],
            checks: vec![],
            indexes: vec![],
            triggers: vec![],
            absent_cols: vec![],
            rows,
        }
    }

    fn col(&self, name: &str) -> Option<&Col> {
        self.cols.iter().find(|c| c.name == name)
    }

    fn col_mut(&mut self, name: &str) -> &mut Col {
        let (schema, table) = (self.schema.clone(), self.name.clone());
        self.cols
            .iter_mut()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no column {schema}.{table}.{name}"))
    }

    fn qn(&self) -> String {
        qn(&self.schema, &self.name)
    }
}

#[derive(Clone, Debug)]
struct Func {
    schema: String,
    name: String,
    /// Argument types, for the signature.
    args: Vec<String>,
    returns: Option<String>,
    language: String,
    volatility: Option<&'static str>,
    security_definer: bool,
    procedure: bool,
    /// The complete CREATE statement.
    create: String,
    declared: bool,
}

impl Func {
    /// As the spec writes it: SQL syntax, the name quoted where it must be.
    fn signature(&self) -> String {
        format!("{}({})", qi(&self.name), self.args.join(", "))
    }
}

#[derive(Clone, Debug)]
struct View {
    schema: String,
    name: String,
    query: String,
    materialized: bool,
    columns: Option<Vec<String>>,
    declared: bool,
}

#[derive(Clone, Debug)]
struct Probe {
    name: String,
    sql: String,
    expect: String,
}

#[derive(Clone, Debug, Default)]
struct Model {
    extensions: Vec<String>,
    /// Schemas other than public.
    schemas: Vec<String>,
    tables: Vec<Table>,
    funcs: Vec<Func>,
    views: Vec<View>,
    absent_tables: Vec<(String, String)>,
    absent_views: Vec<(String, String)>,
    /// Schema and the entry as written (`name(types)` or `name`).
    absent_funcs: Vec<(String, String)>,
    probes: Vec<Probe>,
}

impl Model {
    fn table(&self, schema: &str, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.schema == schema && t.name == name)
    }

    fn table_mut(&mut self, schema: &str, name: &str) -> &mut Table {
        self.tables
            .iter_mut()
            .find(|t| t.schema == schema && t.name == name)
            .unwrap_or_else(|| panic!("no table {schema}.{name}"))
    }

    fn view(&self, schema: &str, name: &str) -> Option<&View> {
        self.views.iter().find(|v| v.schema == schema && v.name == name)
    }

    /// The model as SQL; with the rows of data when `rng` is given.
    fn sql(&self, rows: Option<&mut Rng>, pair_seed: u64) -> String {
        let mut s = String::new();
        for e in &self.extensions {
            let _ = writeln!(s, "CREATE EXTENSION IF NOT EXISTS {} SCHEMA public;", qi(e));
        }
        for schema in &self.schemas {
            let _ = writeln!(s, "CREATE SCHEMA {};", qi(schema));
        }
        for t in &self.tables {
            let mut parts: Vec<String> = t.cols.iter().map(|c| format!("    {}", c.sql())).collect();
            if let Some(pk) = &t.pk {
                parts.push(format!(
                    "    PRIMARY KEY ({})",
                    pk.iter().map(|c| qi(c)).collect::<Vec<_>>().join(", ")
                ));
            }
            for u in &t.uniques {
                let name = u.name.as_ref().map(|n| format!("CONSTRAINT {} ", qi(n))).unwrap_or_default();
                parts.push(format!(
                    "    {name}UNIQUE ({})",
                    u.cols.iter().map(|c| qi(c)).collect::<Vec<_>>().join(", ")
                ));
            }
            for c in &t.checks {
                let name = c.name.as_ref().map(|n| format!("CONSTRAINT {} ", qi(n))).unwrap_or_default();
                parts.push(format!("    {name}CHECK ({})", c.expr));
            }
            let _ = writeln!(s, "CREATE TABLE {} (\n{}\n);", t.qn(), parts.join(",\n"));
        }
        if let Some(rng) = rows {
            s.push_str(&self.data_sql(rng, pair_seed));
        }
        for t in &self.tables {
            for fk in &t.fks {
                let _ = writeln!(
                    s,
                    "ALTER TABLE {} ADD FOREIGN KEY ({}) REFERENCES {} ({}){};",
                    t.qn(),
                    fk.cols.iter().map(|c| qi(c)).collect::<Vec<_>>().join(", "),
                    qn(&fk.ref_schema, &fk.ref_table),
                    fk.ref_cols.iter().map(|c| qi(c)).collect::<Vec<_>>().join(", "),
                    fk.on_delete.map(|a| format!(" ON DELETE {}", a.to_uppercase())).unwrap_or_default()
                );
            }
            for ix in &t.indexes {
                let _ = writeln!(
                    s,
                    "CREATE {}INDEX {} ON {} ({}){};",
                    if ix.unique { "UNIQUE " } else { "" },
                    qi(&ix.name),
                    t.qn(),
                    ix.sql.join(", "),
                    ix.predicate.as_ref().map(|p| format!(" WHERE {p}")).unwrap_or_default()
                );
            }
        }
        for f in &self.funcs {
            let _ = writeln!(s, "{};", f.create.trim_end().trim_end_matches(';'));
        }
        for t in &self.tables {
            for tr in &t.triggers {
                let events: Vec<String> = tr
                    .events
                    .iter()
                    .map(|e| {
                        if *e == "update" && !tr.of_columns.is_empty() {
                            format!(
                                "UPDATE OF {}",
                                tr.of_columns.iter().map(|c| qi(c)).collect::<Vec<_>>().join(", ")
                            )
                        } else {
                            e.to_uppercase()
                        }
                    })
                    .collect();
                let _ = writeln!(
                    s,
                    "CREATE TRIGGER {} {} {} ON {} FOR EACH {}{} EXECUTE FUNCTION {}();",
                    qi(&tr.name),
                    tr.timing.to_uppercase(),
                    events.join(" OR "),
                    t.qn(),
                    if tr.row { "ROW" } else { "STATEMENT" },
                    tr.when.as_ref().map(|w| format!(" WHEN ({w})")).unwrap_or_default(),
                    qn(&tr.fn_schema, &tr.fn_name)
                );
            }
        }
        for v in &self.views {
            let _ = writeln!(
                s,
                "CREATE {}VIEW {} AS {};",
                if v.materialized { "MATERIALIZED " } else { "" },
                qn(&v.schema, &v.name),
                v.query
            );
        }
        s
    }

    /// INSERT statements for every table. Values are made in two passes: every
    /// column but the references first, then the references, which copy values
    /// of the referenced rows (never references themselves).
    fn data_sql(&self, rng: &mut Rng, pair_seed: u64) -> String {
        let mut values: BTreeMap<(String, String), Vec<Vec<Option<String>>>> = BTreeMap::new();
        for t in &self.tables {
            let rows: Vec<Vec<Option<String>>> = (0..t.rows)
                .map(|i| t.cols.iter().map(|c| value(&c.fill, i, rng, pair_seed, t, c)).collect())
                .collect();
            values.insert((t.schema.clone(), t.name.clone()), rows);
        }
        for t in &self.tables {
            for (k, c) in t.cols.iter().enumerate() {
                let Gen::Ref { schema, table, column, nulls } = &c.fill else { continue };
                let parent =
                    self.table(schema, table).unwrap_or_else(|| panic!("no parent {schema}.{table}"));
                let pk = parent.cols.iter().position(|pc| &pc.name == column).expect("referenced column");
                let parent_rows = values[&(schema.clone(), table.clone())].clone();
                let rows = values.get_mut(&(t.schema.clone(), t.name.clone())).unwrap();
                for (i, row) in rows.iter_mut().enumerate() {
                    row[k] = if (*nulls && i % 4 == 2) || parent_rows.is_empty() {
                        None
                    } else {
                        parent_rows[(i * 5 + 3) % parent_rows.len()][pk].clone()
                    };
                }
            }
        }
        let mut s = String::new();
        for t in &self.tables {
            let rows = &values[&(t.schema.clone(), t.name.clone())];
            let insertable: Vec<usize> =
                (0..t.cols.len()).filter(|&k| t.cols[k].identity.is_none() && !t.cols[k].serial).collect();
            if t.rows == 0 {
                continue;
            }
            if insertable.is_empty() {
                for _ in 0..t.rows {
                    let _ = writeln!(s, "INSERT INTO {} DEFAULT VALUES;", t.qn());
                }
                continue;
            }
            let cols: Vec<String> = insertable.iter().map(|&k| qi(&t.cols[k].name)).collect();
            let tuples: Vec<String> = rows
                .iter()
                .map(|r| {
                    let vals: Vec<String> =
                        insertable.iter().map(|&k| r[k].clone().unwrap_or_else(|| "NULL".into())).collect();
                    format!("({})", vals.join(", "))
                })
                .collect();
            let _ = writeln!(
                s,
                "INSERT INTO {} ({}) VALUES\n  {};",
                t.qn(),
                cols.join(", "),
                tuples.join(",\n  ")
            );
        }
        s
    }
}

const WORDS: &[&str] = &[
    "alpha",
    "O'Brien",
    "naïve café",
    "50% off",
    "a|b",
    "x--y",
    "\"quoted\"",
    "tab\there",
    "semi;colon",
    "back\\slash",
    "Ωmega",
    "zeta",
    "$$dollar$$",
    "/* not a comment */",
];

fn uuid(seed: u64, i: usize, upper: bool) -> String {
    let mut r = Rng::new(seed ^ (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let hex: Vec<char> = format!("{:016x}{:016x}", r.next(), r.next()).chars().collect();
    let mut h = hex.clone();
    h[12] = '4';
    h[16] = ['8', '9', 'a', 'b'][(r.next() % 4) as usize];
    let s: String = h.iter().collect();
    let u = format!("{}-{}-{}-{}-{}", &s[0..8], &s[8..12], &s[12..16], &s[16..20], &s[20..32]);
    if upper { u.to_uppercase() } else { u }
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

fn value(fill: &Gen, i: usize, rng: &mut Rng, pair_seed: u64, t: &Table, c: &Col) -> Option<String> {
    let null_row = |nulls: bool| nulls && i % 4 == 2;
    match fill {
        Gen::Seq => Some((i + 1).to_string()),
        Gen::Uuid { upper, nulls } => {
            if null_row(*nulls) {
                None
            } else {
                Some(lit(&uuid(pair_seed ^ fnv(&format!("{}.{}.{}", t.schema, t.name, c.name)), i, *upper)))
            }
        }
        Gen::Words { max, nulls } => {
            if null_row(*nulls) {
                None
            } else {
                let w = format!("{} {}", rng.pick(WORDS), rng.pick(WORDS));
                Some(lit(&truncate(&w, *max)))
            }
        }
        Gen::Distinct { max } => Some(lit(&truncate(&format!("v{i}-{}", rng.pick(WORDS)), *max))),
        Gen::Int { lo, hi, nulls } => {
            if null_row(*nulls) {
                None
            } else {
                Some((lo + (rng.next() % ((hi - lo + 1) as u64)) as i64).to_string())
            }
        }
        Gen::Bool => Some(rng.pick(&["true", "false"]).to_string()),
        Gen::Ts => {
            Some(format!("'2024-0{}-1{} 1{}:3{}:00+00'", rng.range(1, 9), i % 10, i % 10, rng.below(10)))
        }
        Gen::Date => Some(format!("'2025-0{}-1{}'", rng.range(1, 9), i % 10)),
        Gen::Numeric => Some(format!("{}.{:02}", rng.below(10000), rng.below(100))),
        Gen::Json => Some(lit(&format!("{{\"n\": {i}, \"s\": {}}}", js(rng.pick(WORDS))))),
        Gen::TextArray => Some(format!("ARRAY[{}, {}]", lit(rng.pick(WORDS)), lit(rng.pick(WORDS)))),
        Gen::Status => Some(lit(["active", "archived", "pending"][i % 3])),
        // Filled in a second pass.
        Gen::Ref { .. } => None,
        Gen::Null => None,
    }
}

// ---------------------------------------------------------------------------
// Pairs

/// A query to run before and after the fix (or only after, against a known value).
#[derive(Clone, Debug)]
struct Invariant {
    what: String,
    before: Option<String>,
    after: String,
    expect: Option<String>,
}

/// A base table changes may use: its key column and the key's plain type.
#[derive(Clone, Debug)]
struct Base {
    schema: String,
    name: String,
    key: String,
    key_ty: String,
    rows: usize,
}

struct Pair {
    index: usize,
    seed: u64,
    kinds: Vec<Kind>,
    notes: Vec<String>,
    from: Model,
    to: Model,
    /// Files next to the spec (migrate scripts).
    files: Vec<(String, String)>,
    invariants: Vec<Invariant>,
    bases: Vec<Base>,
    counter: usize,
    no_backup: bool,
}

const TABLE_POOL: &[&str] =
    &["accounts", "orders", "items", "notes", "events", "projects", "Customers", "order"];

fn alias(ty: &str, rng: &mut Rng) -> String {
    let options: &[&str] = match ty {
        "integer" => &["integer", "int", "int4"],
        "bigint" => &["bigint", "int8"],
        "boolean" => &["boolean", "bool"],
        "timestamptz" => &["timestamptz", "timestamp with time zone"],
        "varchar(20)" => &["varchar(20)", "character varying(20)"],
        "varchar(50)" => &["varchar(50)", "character varying(50)"],
        "varchar(100)" => &["varchar(100)", "character varying(100)"],
        "numeric(10,2)" => &["numeric(10,2)", "decimal(10, 2)"],
        _ => return ty.to_string(),
    };
    rng.pick(options).to_string()
}

impl Pair {
    fn generate(index: usize, kinds: Vec<Kind>, seed: u64) -> Pair {
        let pair_seed = seed ^ fnv(&format!("pair {index}"));
        let mut rng = Rng::new(pair_seed);
        let mut p = Pair {
            index,
            seed: pair_seed,
            kinds: kinds.clone(),
            notes: vec![],
            from: Model::default(),
            to: Model::default(),
            files: vec![],
            invariants: vec![],
            bases: vec![],
            counter: 0,
            no_backup: index % 3 == 2,
        };
        p.base(&mut rng);
        for kind in kinds {
            p.change(kind, &mut rng);
        }
        p.derive_invariants();
        p
    }

    fn fresh(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}_{}", self.counter)
    }

    /// A fresh name for a table, column or view: often one that needs
    /// quoting (upper case, a space, a double quote, a semicolon and a dot,
    /// non-ASCII letters), which every statement must survive.
    fn ident(&mut self, prefix: &str, rng: &mut Rng) -> String {
        let plain = self.fresh(prefix);
        let mut chars = plain.chars();
        let capital: String = chars.next().unwrap().to_uppercase().chain(chars).collect();
        match rng.below(12) {
            0 => capital.replacen('_', " ", 1),
            1 => capital,
            2 => format!("{plain}\"q"),
            3 => format!("{plain};x.y"),
            4 => format!("{plain}_Ωé"),
            5 => format!("{plain}'s -- not a comment"),
            _ => plain,
        }
    }

    fn note(&mut self, text: String) {
        self.notes.push(text);
    }

    fn both(&mut self, f: impl Fn(&mut Model)) {
        f(&mut self.from);
        f(&mut self.to);
    }

    fn add_col_both(&mut self, b: &Base, col: Col) {
        self.both(|m| m.table_mut(&b.schema, &b.name).cols.push(col.clone()));
    }

    fn target_col(&mut self, b: &Base, name: &str) -> &mut Col {
        self.to.table_mut(&b.schema, &b.name).col_mut(name)
    }

    fn pick_base(&mut self, rng: &mut Rng) -> Base {
        let k = rng.below(self.bases.len());
        self.bases[k].clone()
    }

    /// Two distinct base tables (child, parent).
    fn pick_two_bases(&mut self, rng: &mut Rng) -> (Base, Base) {
        let mut order: Vec<usize> = (0..self.bases.len()).collect();
        rng.shuffle(&mut order);
        (self.bases[order[0]].clone(), self.bases[order[1]].clone())
    }

    fn add_table_both(&mut self, t: Table) {
        self.from.tables.push(t.clone());
        self.to.tables.push(t);
    }

    fn table_schema(&mut self, rng: &mut Rng) -> String {
        if self.to.schemas.iter().any(|s| s == "app") && rng.chance(35) {
            "app".into()
        } else {
            "public".into()
        }
    }

    fn base(&mut self, rng: &mut Rng) {
        let with_app = rng.chance(35);
        if with_app {
            self.both(|m| m.schemas.push("app".into()));
        }
        let n = rng.range(2, 3);
        let mut names = TABLE_POOL.to_vec();
        rng.shuffle(&mut names);
        for (k, name) in names.iter().take(n).enumerate() {
            let schema = if with_app && k == n - 1 { "app" } else { "public" };
            let mut t = Table::new(schema, name, rng.range(2, 7));
            let mut key = match rng.below(6) {
                0 => Col::new("id", "integer", Gen::Seq).identity("always"),
                1 => Col::new("id", "bigint", Gen::Seq).identity("by default"),
                2 => Col::new("id", "integer", Gen::Seq).not_null(),
                3 => Col::new("id", "uuid", Gen::Uuid { upper: false, nulls: false })
                    .not_null()
                    .default("gen_random_uuid()"),
                4 => Col::new("code", "text", Gen::Distinct { max: 30 }).not_null(),
                _ => {
                    let mut c = Col::new("id", "integer", Gen::Seq).not_null();
                    c.serial = true;
                    c
                }
            };
            key.spec_ty = alias(&key.ty, rng);
            key.spec_nullable = rng.chance(70);
            if key.default.is_some() && rng.chance(40) {
                key.spec_default = None;
            }
            let key_name = key.name.clone();
            let key_ty = key.ty.clone();
            t.cols.push(key);
            t.pk = Some(vec![key_name.clone()]);
            t.pk_declared = rng.chance(85);
            let mut pool: Vec<usize> = (0..11).collect();
            rng.shuffle(&mut pool);
            for &c in pool.iter().take(rng.range(2, 4)) {
                let mut col = match c {
                    0 => Col::new("name", "text", Gen::Words { max: 40, nulls: false }).not_null(),
                    1 => Col::new("amount", "numeric(10,2)", Gen::Numeric),
                    2 => Col::new("created_at", "timestamptz", Gen::Ts).not_null().default("now()"),
                    3 => Col::new("active", "boolean", Gen::Bool).default("true"),
                    4 => Col::new("score", "integer", Gen::Int { lo: -5, hi: 500, nulls: true }),
                    5 => Col::new("note", "varchar(50)", Gen::Words { max: 50, nulls: true }),
                    6 => Col::new("tags", "text[]", Gen::TextArray),
                    7 => Col::new("payload", "jsonb", Gen::Json).not_null().default("'{}'::jsonb"),
                    8 => Col::new("group", "text", Gen::Words { max: 20, nulls: true }),
                    9 => Col::new("Title", "text", Gen::Words { max: 60, nulls: true }),
                    _ => Col::new("due", "date", Gen::Date),
                };
                col.spec_ty = alias(&col.ty, rng);
                col.declared = rng.chance(85);
                col.spec_nullable = rng.chance(70);
                if col.default.is_some() && rng.chance(40) {
                    col.spec_default = None;
                }
                t.cols.push(col);
            }
            if k > 0 && rng.chance(80) {
                let parent: Base = self.bases[rng.below(self.bases.len())].clone();
                t.cols.push(Col::new(
                    "parent_id",
                    &parent.key_ty,
                    Gen::Ref {
                        schema: parent.schema.clone(),
                        table: parent.name.clone(),
                        column: parent.key.clone(),
                        nulls: true,
                    },
                ));
                t.fks.push(Fk {
                    cols: vec!["parent_id".into()],
                    ref_schema: parent.schema.clone(),
                    ref_table: parent.name.clone(),
                    ref_cols: vec![parent.key.clone()],
                    on_delete: rng.pick(&[None, Some("cascade"), Some("set null"), Some("restrict")]),
                    spec_on_delete: rng.chance(50),
                    declared: rng.chance(75),
                });
                if rng.chance(50) {
                    t.indexes.push(Index {
                        name: format!("{}_parent_id_idx", t.name.to_lowercase()),
                        entries: vec!["parent_id".into()],
                        sql: vec!["parent_id".into()],
                        unique: false,
                        predicate: None,
                        spec_name: rng.chance(50),
                        declared: rng.chance(60),
                    });
                }
            }
            self.bases.push(Base {
                schema: schema.into(),
                name: t.name.clone(),
                key: key_name,
                key_ty: key_ty.clone(),
                rows: t.rows,
            });
            self.add_table_both(t);
        }
        if rng.chance(30) {
            let b = self.bases[0].clone();
            let name = self.fresh("bystander");
            let query = format!("SELECT {} FROM {}", qi(&b.key), qn(&b.schema, &b.name));
            self.unmentioned_view(&b.schema, &name, &query, false);
            self.note(format!("base: a view {name} the spec does not mention, over {}", b.name));
        }
    }

    fn unmentioned_view(&mut self, schema: &str, name: &str, query: &str, materialized: bool) {
        let v = View {
            schema: schema.into(),
            name: name.into(),
            query: query.into(),
            materialized,
            columns: None,
            declared: false,
        };
        self.from.views.push(v.clone());
        self.to.views.push(v);
    }

    fn change(&mut self, kind: Kind, rng: &mut Rng) {
        match kind {
            Kind::ExtensionAdded => {
                let candidates = [
                    "pgcrypto",
                    "citext",
                    "hstore",
                    "pg_trgm",
                    "ltree",
                    "uuid-ossp",
                    "fuzzystrmatch",
                    "cube",
                    "isn",
                ];
                let free: Vec<&str> =
                    candidates.into_iter().filter(|e| !self.to.extensions.iter().any(|x| x == e)).collect();
                let e = rng.pick(&free);
                self.to.extensions.push(e.into());
                let typed = match e {
                    "citext" => Some("citext"),
                    "hstore" => Some("hstore"),
                    "ltree" => Some("ltree"),
                    "cube" => Some("cube"),
                    _ => None,
                };
                match typed {
                    Some(ty) if rng.chance(60) => {
                        let b = self.pick_base(rng);
                        let c = self.fresh("ext");
                        self.to.table_mut(&b.schema, &b.name).cols.push(Col::new(&c, ty, Gen::Null));
                        self.note(format!("extension {e} added, with a {ty} column {}.{c}", b.name));
                    }
                    _ => self.note(format!("extension {e} added")),
                }
            }
            Kind::SchemaAdded => {
                let s = self.fresh("s");
                self.to.schemas.push(s.clone());
                match rng.below(3) {
                    0 => self.note(format!("schema {s} added, empty")),
                    1 => {
                        let b = self.pick_base(rng);
                        let name = self.fresh("items");
                        let mut t = Table::new(&s, &name, 0);
                        t.cols.push(Col::new("id", "bigint", Gen::Seq).identity("always"));
                        t.cols.push(Col::new("ref_id", &b.key_ty, Gen::Null));
                        t.cols.push(Col::new("label", "text", Gen::Null).not_null().default("'x'::text"));
                        t.pk = Some(vec!["id".into()]);
                        t.fks.push(Fk {
                            cols: vec!["ref_id".into()],
                            ref_schema: b.schema.clone(),
                            ref_table: b.name.clone(),
                            ref_cols: vec![b.key.clone()],
                            on_delete: Some("cascade"),
                            spec_on_delete: true,
                            declared: true,
                        });
                        t.indexes.push(Index {
                            name: format!("{name}_ref_id_idx"),
                            entries: vec!["ref_id".into()],
                            sql: vec!["ref_id".into()],
                            unique: false,
                            predicate: None,
                            spec_name: false,
                            declared: true,
                        });
                        self.to.tables.push(t);
                        self.note(format!(
                            "schema {s} added, with a table {name} referencing {}.{}",
                            b.schema, b.name
                        ));
                    }
                    _ => {
                        let b = self.pick_base(rng);
                        let f = self.fresh("f");
                        let v = self.fresh("v");
                        self.to.funcs.push(Func {
                            schema: s.clone(),
                            name: f.clone(),
                            args: vec!["integer".into()],
                            returns: Some("integer".into()),
                            language: "sql".into(),
                            volatility: Some("immutable"),
                            security_definer: false,
                            procedure: false,
                            create: format!(
                                "CREATE FUNCTION {}(n integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT n + 1 $$",
                                qn(&s, &f)
                            ),
                            declared: true,
                        });
                        self.to.views.push(View {
                            schema: s.clone(),
                            name: v.clone(),
                            query: format!("SELECT {} FROM {}", qi(&b.key), qn(&b.schema, &b.name)),
                            materialized: false,
                            columns: Some(vec![b.key.clone()]),
                            declared: true,
                        });
                        self.note(format!("schema {s} added, with a function {f} and a view {v}"));
                    }
                }
            }
            Kind::TableAdded => {
                let schema = self.table_schema(rng);
                let name = self.ident("new", rng);
                let parent = self.pick_base(rng);
                let t = self.new_table(rng, &schema, &name, &parent);
                let also_child = rng.chance(35);
                if also_child {
                    // A second new table referencing the first, declared before it.
                    let child = self.fresh("newchild");
                    let mut c = Table::new(&schema, &child, 0);
                    c.cols.push(Col::new("id", "integer", Gen::Null).identity("by default"));
                    c.cols.push(Col::new("new_id", &t.cols[0].ty.clone(), Gen::Null).not_null());
                    c.pk = Some(vec!["id".into()]);
                    c.fks.push(Fk {
                        cols: vec!["new_id".into()],
                        ref_schema: schema.clone(),
                        ref_table: name.clone(),
                        ref_cols: vec!["id".into()],
                        on_delete: Some("cascade"),
                        spec_on_delete: true,
                        declared: true,
                    });
                    self.to.tables.push(c);
                }
                self.to.tables.push(t);
                self.note(format!(
                    "table {schema}.{name} added, referencing {}.{}{}",
                    parent.schema,
                    parent.name,
                    if also_child { ", and a table referencing it (declared first)" } else { "" }
                ));
            }
            Kind::ColumnAddedNullable => {
                let b = self.pick_base(rng);
                let c = self.ident("added", rng);
                let ty = rng.pick(&[
                    "text",
                    "integer",
                    "timestamptz",
                    "jsonb",
                    "numeric(12,2)",
                    "boolean",
                    "text[]",
                    "date",
                    "varchar(30)",
                ]);
                let mut col = Col::new(&c, ty, Gen::Null).spec_ty(&alias(ty, rng));
                if ty == "integer" && rng.chance(40) {
                    col = col.default("7");
                }
                let desc = col.sql();
                self.to.table_mut(&b.schema, &b.name).cols.push(col);
                self.note(format!("column {}.{desc} added", b.name));
            }
            Kind::ColumnAddedNotNullDefault => {
                let b = self.pick_base(rng);
                let c = self.ident("required", rng);
                let (ty, default, spec_default) = rng.pick(&[
                    ("integer", "0", "0"),
                    ("text", "'n/a'::text", "'n/a'"),
                    ("boolean", "false", "false"),
                    ("timestamptz", "now()", "now()"),
                    ("bigint", "42", "42"),
                    ("varchar(10)", "'x'::character varying", "'x'::character varying"),
                ]);
                let mut col =
                    Col::new(&c, ty, Gen::Null).not_null().default(default).spec_ty(&alias(ty, rng));
                col.spec_default = Some(spec_default.into());
                let desc = col.sql();
                self.to.table_mut(&b.schema, &b.name).cols.push(col);
                self.note(format!("column {}.{desc} added to a table of {} rows", b.name, b.rows));
            }
            Kind::ColumnDropped => {
                let b = self.pick_base(rng);
                let c = self.ident("old", rng);
                let (ty, fill) = rng.pick(&[
                    ("text", Gen::Words { max: 40, nulls: true }),
                    ("integer", Gen::Int { lo: 0, hi: 99, nulls: true }),
                    ("timestamptz", Gen::Ts),
                    ("text", Gen::Null),
                ]);
                let empty = matches!(fill, Gen::Null);
                let mut col = Col::new(&c, ty, fill);
                col.declared = false;
                self.from.table_mut(&b.schema, &b.name).cols.push(col);
                let mut extra = String::new();
                if rng.chance(35) {
                    let ix = format!("{c}_idx");
                    self.from.table_mut(&b.schema, &b.name).indexes.push(Index {
                        name: ix.clone(),
                        entries: vec![c.clone()],
                        sql: vec![qi(&c)],
                        unique: false,
                        predicate: None,
                        spec_name: false,
                        declared: false,
                    });
                    extra.push_str(", indexed");
                }
                if ty == "integer" && rng.chance(50) {
                    self.from.table_mut(&b.schema, &b.name).checks.push(Check {
                        name: None,
                        expr: format!("{} >= 0", qi(&c)),
                        declared: false,
                    });
                    extra.push_str(", with a check");
                }
                self.to.table_mut(&b.schema, &b.name).absent_cols.push((c.clone(), None));
                self.note(format!(
                    "column {}.{c} {ty} dropped ({}{extra})",
                    b.name,
                    if empty { "all NULL" } else { "holding values" }
                ));
            }
            Kind::ColumnDroppedMigrate => {
                let b = self.pick_base(rng);
                let legacy = self.ident("legacy", rng);
                let mut col = Col::new(&legacy, "text", Gen::Words { max: 40, nulls: true });
                col.declared = false;
                self.from.table_mut(&b.schema, &b.name).cols.push(col);
                let file = if rng.chance(50) {
                    format!("sql/migrate_{}.sql", self.counter)
                } else {
                    format!("migrate_{}.sql", self.counter)
                };
                let source = content_sql(&b.schema, &b.name, &qi(&legacy), None);
                if rng.chance(50) {
                    let target = self.ident("carried", rng);
                    self.to.table_mut(&b.schema, &b.name).cols.push(Col::new(&target, "text", Gen::Null));
                    let sql = format!(
                        "-- carry {legacy} over to {target}\nUPDATE {} SET {} = {} WHERE {} IS NULL;\n",
                        qn(&b.schema, &b.name),
                        qi(&target),
                        qi(&legacy),
                        qi(&target)
                    );
                    self.files.push((file.clone(), sql));
                    self.invariants.push(Invariant {
                        what: format!("{}.{legacy}'s values are in {target}", b.name),
                        before: Some(source),
                        after: content_sql(&b.schema, &b.name, &qi(&target), None),
                        expect: None,
                    });
                    self.note(format!(
                        "column {}.{legacy} dropped after {file} copies it to the new column {target}",
                        b.name
                    ));
                } else {
                    let archive = self.ident("archive", rng);
                    let schema = b.schema.clone();
                    let mut t = Table::new(&schema, &archive, 0);
                    t.cols.push(Col::new("id", "bigint", Gen::Null).identity("always"));
                    t.cols.push(Col::new("src", &b.key_ty, Gen::Null).not_null());
                    t.cols.push(Col::new("value", "text", Gen::Null).not_null());
                    t.pk = Some(vec!["id".into()]);
                    let with_fk = rng.chance(50);
                    if with_fk {
                        t.fks.push(Fk {
                            cols: vec!["src".into()],
                            ref_schema: b.schema.clone(),
                            ref_table: b.name.clone(),
                            ref_cols: vec![b.key.clone()],
                            on_delete: Some("cascade"),
                            spec_on_delete: true,
                            declared: true,
                        });
                    }
                    self.to.tables.push(t);
                    let sql = format!(
                        "INSERT INTO {} (src, value)\nSELECT {}, {} FROM {} WHERE {} IS NOT NULL;\n",
                        qn(&schema, &archive),
                        qi(&b.key),
                        qi(&legacy),
                        qn(&b.schema, &b.name),
                        qi(&legacy)
                    );
                    self.files.push((file.clone(), sql));
                    self.invariants.push(Invariant {
                        what: format!("{}.{legacy}'s values are in {archive}", b.name),
                        before: Some(source),
                        after: content_sql(&schema, &archive, "value", None),
                        expect: None,
                    });
                    self.note(format!(
                        "column {}.{legacy} dropped after {file} copies it into the new table {archive}{}",
                        b.name,
                        if with_fk { " (which references the table)" } else { "" }
                    ));
                }
                self.to.table_mut(&b.schema, &b.name).absent_cols.push((legacy, Some(file)));
            }
            Kind::IntToBigint => match rng.below(3) {
                0 | 1 => {
                    let b = self.pick_base(rng);
                    let c = self.ident("amount", rng);
                    self.add_col_both(
                        &b,
                        Col::new(&c, "integer", Gen::Int { lo: -1000, hi: 100000, nulls: true }),
                    );
                    let spec = alias("bigint", rng);
                    let col = self.target_col(&b, &c);
                    col.ty = "bigint".into();
                    col.spec_ty = spec;
                    let with_view = rng.chance(60);
                    if with_view {
                        let v = self.fresh("amounts");
                        let q = format!("SELECT {}, {} FROM {}", qi(&b.key), qi(&c), qn(&b.schema, &b.name));
                        self.unmentioned_view(&b.schema, &v, &q, false);
                    }
                    self.note(format!(
                        "column {}.{c} integer -> bigint{}",
                        b.name,
                        if with_view { ", selected by a view not in the spec" } else { "" }
                    ));
                }
                _ => {
                    let schema = self.table_schema(rng);
                    let parent = self.fresh("bp");
                    let child = self.fresh("bc");
                    let mut p = Table::new(&schema, &parent, rng.range(2, 6));
                    p.cols.push(Col::new("id", "integer", Gen::Seq).not_null());
                    p.cols.push(Col::new("label", "text", Gen::Words { max: 30, nulls: true }));
                    p.pk = Some(vec!["id".into()]);
                    let mut c = Table::new(&schema, &child, rng.range(2, 8));
                    c.cols.push(Col::new("id", "integer", Gen::Seq).not_null());
                    c.cols.push(Col::new(
                        "bp_id",
                        "integer",
                        Gen::Ref {
                            schema: schema.clone(),
                            table: parent.clone(),
                            column: "id".into(),
                            nulls: true,
                        },
                    ));
                    c.pk = Some(vec!["id".into()]);
                    c.fks.push(Fk {
                        cols: vec!["bp_id".into()],
                        ref_schema: schema.clone(),
                        ref_table: parent.clone(),
                        ref_cols: vec!["id".into()],
                        on_delete: Some("cascade"),
                        spec_on_delete: rng.chance(50),
                        declared: true,
                    });
                    self.add_table_both(p);
                    self.add_table_both(c);
                    for (t, col) in [(&parent, "id"), (&child, "bp_id"), (&child, "id")] {
                        let ty = alias("bigint", rng);
                        let c = self.to.table_mut(&schema, t).col_mut(col);
                        c.ty = "bigint".into();
                        c.spec_ty = ty;
                    }
                    self.note(format!("{parent}.id, {child}.id and {child}.bp_id (a foreign key to {parent}) integer -> bigint"));
                }
            },
            Kind::VarcharWiden => {
                let b = self.pick_base(rng);
                let c = self.ident("code", rng);
                let unique = rng.chance(30);
                let fill =
                    if unique { Gen::Distinct { max: 20 } } else { Gen::Words { max: 20, nulls: true } };
                self.add_col_both(&b, Col::new(&c, "varchar(20)", fill));
                if unique {
                    self.both(|m| {
                        m.table_mut(&b.schema, &b.name).uniques.push(Unique {
                            name: None,
                            cols: vec![c.clone()],
                            declared: true,
                        })
                    });
                }
                let spec = alias("varchar(100)", rng);
                let col = self.target_col(&b, &c);
                col.ty = "varchar(100)".into();
                col.spec_ty = spec;
                let mut extra = String::new();
                if rng.chance(40) {
                    let ix = format!("{c}_idx");
                    self.both(|m| {
                        m.table_mut(&b.schema, &b.name).indexes.push(Index {
                            name: ix.clone(),
                            entries: vec![c.clone()],
                            sql: vec![qi(&c)],
                            unique: false,
                            predicate: None,
                            spec_name: true,
                            declared: true,
                        })
                    });
                    extra.push_str(", indexed");
                }
                if unique {
                    extra.push_str(", unique");
                }
                if rng.chance(50) {
                    let v = self.fresh("codes");
                    let q = format!(
                        "SELECT {} FROM {} WHERE {} IS NOT NULL",
                        qi(&c),
                        qn(&b.schema, &b.name),
                        qi(&c)
                    );
                    self.unmentioned_view(&b.schema, &v, &q, false);
                    extra.push_str(", selected by a view not in the spec");
                }
                self.note(format!("column {}.{c} varchar(20) -> varchar(100){extra}", b.name));
            }
            Kind::TextToUuid => {
                let b = self.pick_base(rng);
                let c = self.ident("ext", rng);
                let upper = rng.chance(30);
                let not_null = rng.chance(30);
                let mut col = Col::new(&c, "text", Gen::Uuid { upper, nulls: !not_null });
                col.not_null = not_null;
                self.add_col_both(&b, col);
                let col = self.target_col(&b, &c);
                col.ty = "uuid".into();
                col.spec_ty = "uuid".into();
                let with_default = rng.chance(40);
                if with_default {
                    *col = col.clone().default("gen_random_uuid()");
                }
                let mut extra = String::new();
                if rng.chance(40) {
                    let ix = format!("{c}_idx");
                    self.both(|m| {
                        m.table_mut(&b.schema, &b.name).indexes.push(Index {
                            name: ix.clone(),
                            entries: vec![c.clone()],
                            sql: vec![qi(&c)],
                            unique: false,
                            predicate: None,
                            spec_name: false,
                            declared: false,
                        })
                    });
                    extra.push_str(", indexed");
                }
                if upper {
                    extra.push_str(", values in upper case");
                }
                if with_default {
                    extra.push_str(", default gen_random_uuid() added");
                }
                self.note(format!("column {}.{c} text -> uuid (every value a valid UUID{extra})", b.name));
            }
            Kind::TextToUuidReferenced => {
                let schema = self.table_schema(rng);
                let parent = self.ident("up", rng);
                let mut p = Table::new(&schema, &parent, rng.range(2, 6));
                p.cols.push(Col::new("id", "text", Gen::Uuid { upper: false, nulls: false }).not_null());
                p.cols.push(Col::new("label", "text", Gen::Words { max: 30, nulls: false }).not_null());
                p.pk = Some(vec!["id".into()]);
                let self_ref = rng.chance(30);
                if self_ref {
                    p.cols.push(Col::new("parent_id", "text", Gen::Null));
                    p.fks.push(Fk {
                        cols: vec!["parent_id".into()],
                        ref_schema: schema.clone(),
                        ref_table: parent.clone(),
                        ref_cols: vec!["id".into()],
                        on_delete: None,
                        spec_on_delete: false,
                        declared: true,
                    });
                }
                self.add_table_both(p);
                let mut children = vec![];
                for _ in 0..rng.range(1, 2) {
                    let child = self.fresh("uc");
                    let not_null = rng.chance(50);
                    let mut c = Table::new(&schema, &child, rng.range(2, 8));
                    c.cols.push(Col::new("id", "bigint", Gen::Seq).identity("always"));
                    let mut r = Col::new(
                        "up_id",
                        "text",
                        Gen::Ref {
                            schema: schema.clone(),
                            table: parent.clone(),
                            column: "id".into(),
                            nulls: !not_null,
                        },
                    );
                    r.not_null = not_null;
                    c.cols.push(r);
                    c.cols.push(Col::new("body", "text", Gen::Words { max: 40, nulls: true }));
                    c.pk = Some(vec!["id".into()]);
                    let declared = rng.chance(75);
                    c.fks.push(Fk {
                        cols: vec!["up_id".into()],
                        ref_schema: schema.clone(),
                        ref_table: parent.clone(),
                        ref_cols: vec!["id".into()],
                        on_delete: rng.pick(&[None, Some("cascade")]),
                        spec_on_delete: rng.chance(50),
                        declared,
                    });
                    if rng.chance(50) {
                        c.indexes.push(Index {
                            name: format!("{child}_up_id_idx"),
                            entries: vec!["up_id".into()],
                            sql: vec!["up_id".into()],
                            unique: false,
                            predicate: None,
                            spec_name: false,
                            declared: rng.chance(50),
                        });
                    }
                    self.add_table_both(c);
                    let c = self.to.table_mut(&schema, &child).col_mut("up_id");
                    c.ty = "uuid".into();
                    c.spec_ty = "uuid".into();
                    children.push(format!(
                        "{child}{}",
                        if declared { "" } else { " (foreign key not in the spec)" }
                    ));
                }
                let with_default = rng.chance(50);
                let t = self.to.table_mut(&schema, &parent);
                let id = t.col_mut("id");
                id.ty = "uuid".into();
                id.spec_ty = "uuid".into();
                if with_default {
                    *id = id.clone().default("gen_random_uuid()");
                }
                if self_ref {
                    let pid = t.col_mut("parent_id");
                    pid.ty = "uuid".into();
                    pid.spec_ty = "uuid".into();
                }
                self.note(format!(
                    "{schema}.{parent}.id text -> uuid{}{}, referenced by {}",
                    if with_default { " with default gen_random_uuid()" } else { "" },
                    if self_ref { ", self-referencing" } else { "" },
                    children.join(", ")
                ));
            }
            Kind::TextToUuidUnderViews => {
                let schema = self.table_schema(rng);
                let name = self.fresh("uv");
                let mut t = Table::new(&schema, &name, rng.range(2, 6));
                t.cols.push(Col::new("id", "text", Gen::Uuid { upper: false, nulls: false }).not_null());
                t.cols.push(Col::new("label", "text", Gen::Words { max: 30, nulls: true }));
                t.pk = Some(vec!["id".into()]);
                self.add_table_both(t);
                let mut extra = vec![];
                let v1 = self.fresh("uvv");
                self.unmentioned_view(
                    &schema,
                    &v1,
                    &format!("SELECT id, label FROM {}", qn(&schema, &name)),
                    false,
                );
                extra.push(format!("view {v1}"));
                if rng.chance(50) {
                    let v2 = self.fresh("uvv");
                    self.unmentioned_view(
                        &schema,
                        &v2,
                        &format!(
                            "SELECT id, id::text AS id_text FROM {} WHERE label IS NOT NULL",
                            qn(&schema, &v1)
                        ),
                        false,
                    );
                    extra.push(format!("view {v2} over {v1}"));
                }
                if rng.chance(50) {
                    let child = self.fresh("uvc");
                    let mut c = Table::new(&schema, &child, rng.range(1, 6));
                    c.cols.push(Col::new("n", "integer", Gen::Seq).not_null());
                    c.cols.push(Col::new(
                        "uv_id",
                        "text",
                        Gen::Ref {
                            schema: schema.clone(),
                            table: name.clone(),
                            column: "id".into(),
                            nulls: false,
                        },
                    ));
                    c.pk = Some(vec!["n".into()]);
                    c.fks.push(Fk {
                        cols: vec!["uv_id".into()],
                        ref_schema: schema.clone(),
                        ref_table: name.clone(),
                        ref_cols: vec!["id".into()],
                        on_delete: None,
                        spec_on_delete: false,
                        declared: true,
                    });
                    self.add_table_both(c);
                    let col = self.to.table_mut(&schema, &child).col_mut("uv_id");
                    col.ty = "uuid".into();
                    col.spec_ty = "uuid".into();
                    let v3 = self.fresh("uvj");
                    self.unmentioned_view(
                        &schema,
                        &v3,
                        &format!(
                            "SELECT p.id, c.n FROM {} AS p JOIN {} AS c ON c.uv_id = p.id",
                            qn(&schema, &name),
                            qn(&schema, &child)
                        ),
                        false,
                    );
                    extra.push(format!("a child {child} and a join view {v3}"));
                }
                if rng.chance(35) {
                    let mv = self.fresh("uvm");
                    self.unmentioned_view(
                        &schema,
                        &mv,
                        &format!("SELECT id, label FROM {}", qn(&schema, &name)),
                        true,
                    );
                    extra.push(format!("materialized view {mv}"));
                }
                if rng.chance(35) {
                    let f = self.fresh("uv_noop");
                    let trg = self.fresh("uv_trg");
                    let func = Func {
                        schema: schema.clone(),
                        name: f.clone(),
                        args: vec![],
                        returns: Some("trigger".into()),
                        language: "plpgsql".into(),
                        volatility: None,
                        security_definer: false,
                        procedure: false,
                        create: format!(
                            "CREATE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$",
                            qn(&schema, &f)
                        ),
                        declared: false,
                    };
                    let trigger = Trigger {
                        name: trg.clone(),
                        timing: "after",
                        events: vec!["update"],
                        row: true,
                        of_columns: vec!["id".into()],
                        when: None,
                        fn_schema: schema.clone(),
                        fn_name: f.clone(),
                        declared: false,
                    };
                    self.both(|m| {
                        m.funcs.push(func.clone());
                        m.table_mut(&schema, &name).triggers.push(trigger.clone());
                    });
                    extra.push(format!("trigger {trg} AFTER UPDATE OF id"));
                }
                let col = self.to.table_mut(&schema, &name).col_mut("id");
                col.ty = "uuid".into();
                col.spec_ty = "uuid".into();
                self.note(format!(
                    "{schema}.{name}.id text -> uuid, used by objects the spec does not mention: {}",
                    extra.join(", ")
                ));
            }
            Kind::SetNotNull => {
                let b = self.pick_base(rng);
                let c = self.ident("nn", rng);
                let (ty, fill) = rng.pick(&[
                    ("text", Gen::Words { max: 30, nulls: false }),
                    ("integer", Gen::Int { lo: 0, hi: 9, nulls: false }),
                    ("timestamptz", Gen::Ts),
                ]);
                self.add_col_both(&b, Col::new(&c, ty, fill));
                self.target_col(&b, &c).not_null = true;
                self.note(format!("column {}.{c} {ty} set NOT NULL (no NULLs in it)", b.name));
            }
            Kind::DropNotNull => {
                let b = self.pick_base(rng);
                let c = self.ident("dn", rng);
                self.add_col_both(&b, Col::new(&c, "text", Gen::Words { max: 30, nulls: false }).not_null());
                self.target_col(&b, &c).not_null = false;
                self.note(format!("column {}.{c} NOT NULL dropped", b.name));
            }
            Kind::DefaultAdded => {
                let b = self.pick_base(rng);
                let c = self.ident("da", rng);
                let (ty, fill, default, spec) = rng.pick(&[
                    ("integer", Gen::Int { lo: 0, hi: 9, nulls: true }, "0", "0"),
                    ("text", Gen::Status, "'draft'::text", "'draft'"),
                    ("timestamptz", Gen::Ts, "now()", "now()"),
                    ("boolean", Gen::Bool, "true", "true"),
                    ("text", Gen::Words { max: 20, nulls: true }, "'it''s'::text", "'it''s'::text"),
                ]);
                self.add_col_both(&b, Col::new(&c, ty, fill));
                let col = self.target_col(&b, &c);
                col.default = Some(default.into());
                col.spec_default = Some(spec.into());
                self.note(format!("column {}.{c} {ty}: default {spec} added", b.name));
            }
            Kind::DefaultChanged => {
                let b = self.pick_base(rng);
                let c = self.ident("dc", rng);
                let (ty, fill, old, new) = rng.pick(&[
                    ("integer", Gen::Int { lo: 0, hi: 9, nulls: true }, "0", "1"),
                    ("text", Gen::Status, "'pending'::text", "'active'::text"),
                    ("timestamptz", Gen::Ts, "now()", "(now() + '1 day'::interval)"),
                    ("numeric(10,2)", Gen::Numeric, "0", "1.5"),
                ]);
                self.add_col_both(&b, Col::new(&c, ty, fill).default(old));
                let col = self.target_col(&b, &c);
                col.default = Some(new.into());
                col.spec_default = Some(new.into());
                self.note(format!("column {}.{c} {ty}: default {old} -> {new}", b.name));
            }
            Kind::DefaultRemoved => {
                let b = self.pick_base(rng);
                let c = self.ident("dr", rng);
                let (ty, fill, old) = rng.pick(&[
                    ("integer", Gen::Int { lo: 0, hi: 9, nulls: true }, "5"),
                    ("text", Gen::Words { max: 20, nulls: true }, "'x'::text"),
                    ("timestamptz", Gen::Ts, "now()"),
                ]);
                self.add_col_both(&b, Col::new(&c, ty, fill).default(old));
                let col = self.target_col(&b, &c);
                col.default = None;
                col.spec_default = None;
                col.spec_default_null = true;
                self.note(format!("column {}.{c} {ty}: default {old} removed (default: null)", b.name));
            }
            Kind::Identity => {
                let schema = self.table_schema(rng);
                let name = self.ident("idt", rng);
                let mut t = Table::new(&schema, &name, rng.range(2, 7));
                let variant = rng.below(4);
                let id = match variant {
                    0 | 1 => Col::new("id", "integer", Gen::Seq).not_null(),
                    2 => Col::new("id", "bigint", Gen::Seq).identity("by default"),
                    _ => {
                        let mut c = Col::new("id", "integer", Gen::Seq).not_null();
                        c.serial = true;
                        c
                    }
                };
                t.cols.push(id);
                t.cols.push(Col::new("label", "text", Gen::Words { max: 30, nulls: true }));
                t.pk = Some(vec!["id".into()]);
                self.add_table_both(t);
                let col = self.to.table_mut(&schema, &name).col_mut("id");
                col.serial = false;
                let (desc, probe) = match variant {
                    0 | 1 | 3 => {
                        let kind = if variant == 1 { "by default" } else { "always" };
                        col.identity = Some(kind);
                        let from = if variant == 3 { "serial" } else { "integer holding 1..n" };
                        (
                            format!("{schema}.{name}.id {from} -> identity {kind}"),
                            variant != 1 || rng.chance(50),
                        )
                    }
                    _ => {
                        col.identity = None;
                        col.spec_identity_null = true;
                        (
                            format!(
                                "{schema}.{name}.id identity by default -> not an identity (identity: null)"
                            ),
                            false,
                        )
                    }
                };
                if probe {
                    self.to.probes.push(Probe {
                        name: format!("a row inserted into {name} gets a new id"),
                        sql: format!(
                            "WITH i AS (INSERT INTO {} (label) VALUES ('probe') RETURNING id) SELECT count(*) FROM i",
                            qn(&schema, &name)
                        ),
                        expect: "1".into(),
                    });
                }
                self.note(format!("{desc}{}", if probe { ", with a probe inserting a row" } else { "" }));
            }
            Kind::PrimaryKeyAdded => {
                let schema = self.table_schema(rng);
                let name = self.ident("pk", rng);
                let mut t = Table::new(&schema, &name, rng.range(2, 7));
                let composite = rng.chance(35);
                let key: Vec<String> = if composite {
                    t.cols.push(Col::new("a", "integer", Gen::Seq).not_null());
                    t.cols.push(Col::new("b", "integer", Gen::Int { lo: 1, hi: 3, nulls: false }).not_null());
                    vec!["a".into(), "b".into()]
                } else {
                    // Nullable in "from" (no NULL in it): the key makes it NOT NULL.
                    t.cols.push(Col::new("code", "text", Gen::Distinct { max: 20 }));
                    vec!["code".into()]
                };
                t.cols.push(Col::new("label", "text", Gen::Words { max: 30, nulls: true }));
                self.add_table_both(t);
                let t = self.to.table_mut(&schema, &name);
                t.pk = Some(key.clone());
                for k in &key {
                    t.col_mut(k).not_null = true;
                }
                let referenced = !composite && rng.chance(40);
                if referenced {
                    let child = self.fresh("pkref");
                    let mut c = Table::new(&schema, &child, rng.range(1, 5));
                    c.cols.push(Col::new("n", "integer", Gen::Seq).not_null());
                    c.cols.push(Col::new(
                        "pk_code",
                        "text",
                        Gen::Ref {
                            schema: schema.clone(),
                            table: name.clone(),
                            column: "code".into(),
                            nulls: true,
                        },
                    ));
                    c.pk = Some(vec!["n".into()]);
                    self.add_table_both(c);
                    self.to.table_mut(&schema, &child).fks.push(Fk {
                        cols: vec!["pk_code".into()],
                        ref_schema: schema.clone(),
                        ref_table: name.clone(),
                        ref_cols: vec!["code".into()],
                        on_delete: None,
                        spec_on_delete: false,
                        declared: true,
                    });
                }
                self.note(format!(
                    "primary key ({}) added to {schema}.{name}{}",
                    key.join(", "),
                    if referenced { ", and a foreign key from another table to it" } else { "" }
                ));
            }
            Kind::UniqueAdded => {
                let b = self.pick_base(rng);
                let c = self.ident("uq", rng);
                self.add_col_both(&b, Col::new(&c, "text", Gen::Distinct { max: 40 }));
                let mut cols = vec![c.clone()];
                if rng.chance(30) {
                    cols.push(b.key.clone());
                }
                let name = if rng.chance(40) { Some(format!("{c}_key")) } else { None };
                let desc = format!(
                    "unique ({}) added to {}{}",
                    cols.join(", "),
                    b.name,
                    if name.is_some() { ", named" } else { "" }
                );
                self.to.table_mut(&b.schema, &b.name).uniques.push(Unique { name, cols, declared: true });
                self.note(desc);
            }
            Kind::ForeignKeyAdded => {
                let (child, parent) = if rng.chance(20) {
                    let b = self.pick_base(rng);
                    (b.clone(), b)
                } else {
                    self.pick_two_bases(rng)
                };
                let c = self.ident("ref", rng);
                self.add_col_both(
                    &child,
                    Col::new(
                        &c,
                        &parent.key_ty,
                        Gen::Ref {
                            schema: parent.schema.clone(),
                            table: parent.name.clone(),
                            column: parent.key.clone(),
                            nulls: true,
                        },
                    ),
                );
                let on_delete = rng.pick(&[None, Some("cascade"), Some("set null"), Some("restrict")]);
                self.to.table_mut(&child.schema, &child.name).fks.push(Fk {
                    cols: vec![c.clone()],
                    ref_schema: parent.schema.clone(),
                    ref_table: parent.name.clone(),
                    ref_cols: vec![parent.key.clone()],
                    on_delete,
                    spec_on_delete: on_delete.is_some() || rng.chance(50),
                    declared: true,
                });
                self.note(format!(
                    "foreign key {}.{c} -> {}.{}({}) added, on delete {}",
                    child.name,
                    parent.schema,
                    parent.name,
                    parent.key,
                    on_delete.unwrap_or("no action")
                ));
            }
            Kind::ForeignKeyOnDelete => {
                let (child, parent) = self.pick_two_bases(rng);
                let c = self.ident("fd", rng);
                self.add_col_both(
                    &child,
                    Col::new(
                        &c,
                        &parent.key_ty,
                        Gen::Ref {
                            schema: parent.schema.clone(),
                            table: parent.name.clone(),
                            column: parent.key.clone(),
                            nulls: true,
                        },
                    ),
                );
                let actions = [None, Some("cascade"), Some("set null"), Some("restrict")];
                let from = rng.pick(&actions);
                let to = loop {
                    let a = rng.pick(&actions);
                    if a != from {
                        break a;
                    }
                };
                let fk = Fk {
                    cols: vec![c.clone()],
                    ref_schema: parent.schema.clone(),
                    ref_table: parent.name.clone(),
                    ref_cols: vec![parent.key.clone()],
                    on_delete: from,
                    spec_on_delete: true,
                    declared: true,
                };
                self.from.table_mut(&child.schema, &child.name).fks.push(fk.clone());
                self.to.table_mut(&child.schema, &child.name).fks.push(Fk { on_delete: to, ..fk });
                self.note(format!(
                    "foreign key {}.{c} -> {}: on delete {} -> {}",
                    child.name,
                    parent.name,
                    from.unwrap_or("no action"),
                    to.unwrap_or("no action")
                ));
            }
            Kind::CheckAdded => {
                let b = self.pick_base(rng);
                let c = self.ident("ck", rng);
                let (ty, fill, expr) = match rng.below(3) {
                    0 => ("integer", Gen::Int { lo: 0, hi: 100, nulls: true }, format!("{} >= 0", qi(&c))),
                    1 => (
                        "integer",
                        Gen::Int { lo: 0, hi: 100, nulls: false },
                        format!("{} BETWEEN 0 AND 100", qi(&c)),
                    ),
                    _ => ("text", Gen::Status, format!("{} IN ('active', 'archived', 'pending')", qi(&c))),
                };
                self.add_col_both(&b, Col::new(&c, ty, fill));
                let name = if rng.chance(40) { Some(format!("{c}_check")) } else { None };
                self.note(format!(
                    "check ({expr}) added to {}{}",
                    b.name,
                    if name.is_some() { ", named" } else { "" }
                ));
                self.to.table_mut(&b.schema, &b.name).checks.push(Check { name, expr, declared: true });
            }
            Kind::IndexPlain | Kind::IndexUnique | Kind::IndexPartial | Kind::IndexExpression => {
                let b = self.pick_base(rng);
                let c = self.ident("ix", rng);
                let (ty, fill) = match kind {
                    Kind::IndexPlain => ("integer", Gen::Int { lo: 0, hi: 50, nulls: true }),
                    Kind::IndexUnique => ("text", Gen::Distinct { max: 40 }),
                    Kind::IndexPartial => ("text", Gen::Status),
                    _ => ("text", Gen::Words { max: 40, nulls: true }),
                };
                self.add_col_both(&b, Col::new(&c, ty, fill));
                let mut ix = Index {
                    name: format!("{c}_idx"),
                    entries: vec![c.clone()],
                    sql: vec![qi(&c)],
                    unique: false,
                    predicate: None,
                    spec_name: rng.chance(40),
                    declared: true,
                };
                match kind {
                    Kind::IndexPlain => {
                        if rng.chance(40) {
                            ix.entries.push(b.key.clone());
                            ix.sql.push(qi(&b.key));
                        }
                    }
                    Kind::IndexUnique => ix.unique = true,
                    Kind::IndexPartial => {
                        if rng.chance(50) {
                            ix.predicate = Some(format!("{} = 'active'::text", qi(&c)));
                        } else {
                            ix.entries = vec![b.key.clone()];
                            ix.sql = vec![qi(&b.key)];
                            ix.unique = true;
                            ix.predicate = Some(format!("{} <> 'archived'", qi(&c)));
                        }
                    }
                    _ => {
                        let f = rng.pick(&["lower", "upper", "length"]);
                        ix.entries = vec![format!("{f}({})", qi(&c))];
                        ix.sql = vec![format!("{f}({})", qi(&c))];
                        if rng.chance(30) {
                            ix.entries.push(b.key.clone());
                            ix.sql.push(qi(&b.key));
                        }
                    }
                }
                self.note(format!(
                    "index on {} ({}){}{}{} added",
                    b.name,
                    ix.entries.join(", "),
                    if ix.unique { " unique" } else { "" },
                    ix.predicate.as_ref().map(|p| format!(" where {p}")).unwrap_or_default(),
                    if ix.spec_name { ", named in the spec" } else { "" }
                ));
                self.to.table_mut(&b.schema, &b.name).indexes.push(ix);
            }
            Kind::TriggerAdded => {
                let b = self.pick_base(rng);
                let c = self.ident("touched", rng);
                let mut col = Col::new(&c, "timestamptz", Gen::Null);
                col.volatile = true;
                self.add_col_both(&b, col);
                let f = self.ident("touch", rng);
                let trg = self.ident("trg", rng);
                let variant = rng.below(3);
                let qualify = b.schema != "public" || rng.chance(50);
                let fname = if qualify { qn(&b.schema, &f) } else { qi(&f) };
                let body = match variant {
                    0 | 2 => format!("BEGIN\n  NEW.{} := now();\n  RETURN NEW;\nEND", qi(&c)),
                    _ => "BEGIN\n  RETURN NULL;\nEND".to_string(),
                };
                let create = format!(
                    "CREATE {}FUNCTION {fname}() RETURNS trigger LANGUAGE plpgsql AS $$\n{body}\n$$",
                    if rng.chance(50) { "OR REPLACE " } else { "" }
                );
                let func = Func {
                    schema: b.schema.clone(),
                    name: f.clone(),
                    args: vec![],
                    returns: Some("trigger".into()),
                    language: "plpgsql".into(),
                    volatility: None,
                    security_definer: false,
                    procedure: false,
                    create,
                    declared: true,
                };
                let function_exists = rng.chance(30);
                if function_exists {
                    self.from.funcs.push(func.clone());
                }
                self.to.funcs.push(func);
                let trigger = match variant {
                    0 => Trigger {
                        name: trg.clone(),
                        timing: "before",
                        events: vec!["insert", "update"],
                        row: true,
                        of_columns: vec![],
                        when: None,
                        fn_schema: b.schema.clone(),
                        fn_name: f.clone(),
                        declared: true,
                    },
                    1 => Trigger {
                        name: trg.clone(),
                        timing: "after",
                        events: vec!["insert", "delete"],
                        row: false,
                        of_columns: vec![],
                        when: None,
                        fn_schema: b.schema.clone(),
                        fn_name: f.clone(),
                        declared: true,
                    },
                    _ => Trigger {
                        name: trg.clone(),
                        timing: "before",
                        events: vec!["update"],
                        row: true,
                        of_columns: vec![],
                        when: Some("OLD.* IS DISTINCT FROM NEW.*".into()),
                        fn_schema: b.schema.clone(),
                        fn_name: f.clone(),
                        declared: true,
                    },
                };
                self.note(format!(
                    "trigger {trg} {} {} for each {}{} on {} added, function {f}() {}",
                    trigger.timing,
                    trigger.events.join(" or "),
                    if trigger.row { "row" } else { "statement" },
                    trigger.when.as_ref().map(|w| format!(" when ({w})")).unwrap_or_default(),
                    b.name,
                    if function_exists { "already there" } else { "added too" }
                ));
                self.to.table_mut(&b.schema, &b.name).triggers.push(trigger);
            }
            Kind::FunctionAdded => {
                let schema = self.table_schema(rng);
                let f = self.ident("fa", rng);
                let variant = rng.below(5);
                let func = match variant {
                    0 => Func {
                        schema: schema.clone(),
                        name: f.clone(),
                        args: vec!["integer".into()],
                        returns: Some("integer".into()),
                        language: "sql".into(),
                        volatility: Some("immutable"),
                        security_definer: false,
                        procedure: false,
                        create: format!(
                            "CREATE FUNCTION {}(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT x * 2 $$",
                            qn(&schema, &f)
                        ),
                        declared: true,
                    },
                    1 => Func {
                        schema: schema.clone(),
                        name: f.clone(),
                        args: vec!["text".into(), "integer".into()],
                        returns: Some("text".into()),
                        language: "plpgsql".into(),
                        volatility: None,
                        security_definer: false,
                        procedure: false,
                        create: format!(
                            "CREATE FUNCTION {}(p text, n integer DEFAULT 1) RETURNS text LANGUAGE plpgsql AS $body$\nBEGIN\n  -- it's a comment with a quote\n  RETURN repeat(upper(p), n) || 'it''s';\nEND\n$body$",
                            qn(&schema, &f)
                        ),
                        declared: true,
                    },
                    2 => {
                        let b = self.pick_base(rng);
                        Func {
                            schema: b.schema.clone(),
                            name: f.clone(),
                            args: vec![b.key_ty.clone()],
                            returns: Some(format!("setof {}", qi(&b.name))),
                            language: "sql".into(),
                            volatility: Some("stable"),
                            security_definer: false,
                            procedure: false,
                            create: format!(
                                "CREATE FUNCTION {}(k {}) RETURNS SETOF {} LANGUAGE sql STABLE AS $$ SELECT * FROM {} WHERE {} = k $$",
                                qn(&b.schema, &f),
                                b.key_ty,
                                qn(&b.schema, &b.name),
                                qn(&b.schema, &b.name),
                                qi(&b.key)
                            ),
                            declared: true,
                        }
                    }
                    3 => Func {
                        schema: schema.clone(),
                        name: f.clone(),
                        args: vec![],
                        returns: Some("bigint".into()),
                        language: "sql".into(),
                        volatility: None,
                        security_definer: true,
                        procedure: false,
                        create: format!(
                            "CREATE FUNCTION {}() RETURNS bigint LANGUAGE sql SECURITY DEFINER AS $$ SELECT 42::bigint $$",
                            qn(&schema, &f)
                        ),
                        declared: true,
                    },
                    _ => Func {
                        schema: schema.clone(),
                        name: f.clone(),
                        args: vec!["integer".into()],
                        returns: None,
                        language: "plpgsql".into(),
                        volatility: None,
                        security_definer: false,
                        procedure: true,
                        create: format!(
                            "CREATE PROCEDURE {}(n integer) LANGUAGE plpgsql AS $$ BEGIN PERFORM n; END $$",
                            qn(&schema, &f)
                        ),
                        declared: true,
                    },
                };
                self.note(format!(
                    "{} {}.{} added ({})",
                    if func.procedure { "procedure" } else { "function" },
                    func.schema,
                    func.signature(),
                    func.language
                ));
                self.to.funcs.push(func);
            }
            Kind::FunctionChanged => {
                let schema = self.table_schema(rng);
                let f = self.fresh("fc");
                let plpgsql = rng.chance(50);
                let make = |body: &str, volatility: &'static str| {
                    let create = if plpgsql {
                        format!(
                            "CREATE OR REPLACE FUNCTION {}(x integer) RETURNS integer LANGUAGE plpgsql {} AS $$\nBEGIN\n  RETURN {body};\nEND\n$$",
                            qn(&schema, &f),
                            volatility.to_uppercase()
                        )
                    } else {
                        format!(
                            "CREATE OR REPLACE FUNCTION {}(x integer) RETURNS integer LANGUAGE sql {} AS $$ SELECT {body} $$",
                            qn(&schema, &f),
                            volatility.to_uppercase()
                        )
                    };
                    Func {
                        schema: schema.clone(),
                        name: f.clone(),
                        args: vec!["integer".into()],
                        returns: Some("integer".into()),
                        language: if plpgsql { "plpgsql".into() } else { "sql".into() },
                        volatility: Some(volatility),
                        security_definer: false,
                        procedure: false,
                        create,
                        declared: true,
                    }
                };
                let new_volatility = if rng.chance(30) { "stable" } else { "immutable" };
                let old = make("x + 1", "immutable");
                let new = make("x + 2", new_volatility);
                self.from.funcs.push(old);
                self.to.funcs.push(new);
                let mut extra = String::new();
                if new_volatility != "immutable" {
                    extra.push_str(", immutable -> stable");
                }
                if rng.chance(40) {
                    let v = self.fresh("fcv");
                    let q = format!("SELECT {}(1) AS answer", qn(&schema, &f));
                    self.unmentioned_view(&schema, &v, &q, false);
                    extra.push_str(&format!(", used by a view {v} not in the spec"));
                }
                self.note(format!(
                    "{} function {schema}.{f}(integer) body x + 1 -> x + 2{extra}",
                    if plpgsql { "plpgsql" } else { "sql" }
                ));
            }
            Kind::ViewAdded => {
                let (child, parent) = self.pick_two_bases(rng);
                let v = self.ident("va", rng);
                let schema = child.schema.clone();
                let (query, columns) = if rng.chance(50) {
                    (
                        format!(
                            "SELECT {}, count(*) AS n FROM {} GROUP BY {}",
                            qi(&child.key),
                            qn(&child.schema, &child.name),
                            qi(&child.key)
                        ),
                        vec![child.key.clone(), "n".into()],
                    )
                } else {
                    (
                        format!(
                            "SELECT c.{} AS child_key, p.{} AS parent_key FROM {} AS c CROSS JOIN {} AS p WHERE p.{} IS NOT NULL",
                            qi(&child.key),
                            qi(&parent.key),
                            qn(&child.schema, &child.name),
                            qn(&parent.schema, &parent.name),
                            qi(&parent.key)
                        ),
                        vec!["child_key".into(), "parent_key".into()],
                    )
                };
                let with_columns = rng.chance(50);
                self.to.views.push(View {
                    schema: schema.clone(),
                    name: v.clone(),
                    query,
                    materialized: false,
                    columns: with_columns.then_some(columns),
                    declared: true,
                });
                self.note(format!("view {schema}.{v} added"));
            }
            Kind::ViewChanged => {
                let b = self.pick_base(rng);
                let v = self.ident("vc", rng);
                let old = format!("SELECT {} FROM {}", qi(&b.key), qn(&b.schema, &b.name));
                let variant = rng.below(3);
                // Not `IS NOT NULL` on a key: from PostgreSQL 17 the planner
                // drops that filter on a NOT NULL column, and the two plans agree.
                let new = match variant {
                    0 => format!(
                        "SELECT {} FROM {} WHERE {}::text <> ''",
                        qi(&b.key),
                        qn(&b.schema, &b.name),
                        qi(&b.key)
                    ),
                    1 => format!("SELECT {}, 1 AS one FROM {}", qi(&b.key), qn(&b.schema, &b.name)),
                    _ => format!("SELECT 1 AS one, {} FROM {}", qi(&b.key), qn(&b.schema, &b.name)),
                };
                let view = |q: &str| View {
                    schema: b.schema.clone(),
                    name: v.clone(),
                    query: q.into(),
                    materialized: false,
                    columns: None,
                    declared: true,
                };
                self.from.views.push(view(&old));
                self.to.views.push(view(&new));
                let mut extra = "";
                if variant == 0 && rng.chance(60) {
                    let dep = self.fresh("vcdep");
                    let q = format!("SELECT count(*) AS n FROM {}", qn(&b.schema, &v));
                    self.unmentioned_view(&b.schema, &dep, &q, false);
                    extra = ", another view not in the spec selects from it";
                }
                self.note(format!(
                    "view {}.{v} query changed ({}){extra}",
                    b.schema,
                    ["same columns", "a column added at the end", "columns changed"][variant]
                ));
            }
            Kind::MaterializedView => {
                let b = self.pick_base(rng);
                let mv = self.fresh("mv");
                let q1 = format!("SELECT {} FROM {}", qi(&b.key), qn(&b.schema, &b.name));
                let q2 = format!("SELECT {}, 2 AS two FROM {}", qi(&b.key), qn(&b.schema, &b.name));
                let changed = rng.chance(50);
                let view = |q: &str| View {
                    schema: b.schema.clone(),
                    name: mv.clone(),
                    query: q.into(),
                    materialized: true,
                    columns: None,
                    declared: true,
                };
                if changed {
                    self.from.views.push(view(&q1));
                }
                self.to.views.push(view(&q2));
                self.note(format!(
                    "materialized view {}.{mv} {}",
                    b.schema,
                    if changed { "query changed" } else { "added" }
                ));
            }
            Kind::AbsentTableEmpty | Kind::AbsentTableWithRows => {
                let schema = self.table_schema(rng);
                let name = self.ident("gone", rng);
                let rows = if kind == Kind::AbsentTableEmpty { 0 } else { rng.range(1, 6) };
                let mut t = Table::new(&schema, &name, rows);
                t.cols.push(Col::new("id", "integer", Gen::Seq).not_null());
                t.cols.push(Col::new("label", "text", Gen::Words { max: 30, nulls: true }));
                t.pk = Some(vec!["id".into()]);
                let mut extra = String::new();
                let child_fk = rng.chance(35);
                if child_fk {
                    // The table to drop references a kept table.
                    let b = self.pick_base(rng);
                    t.cols.push(Col::new(
                        "owner",
                        &b.key_ty,
                        Gen::Ref {
                            schema: b.schema.clone(),
                            table: b.name.clone(),
                            column: b.key.clone(),
                            nulls: true,
                        },
                    ));
                    t.fks.push(Fk {
                        cols: vec!["owner".into()],
                        ref_schema: b.schema.clone(),
                        ref_table: b.name.clone(),
                        ref_cols: vec![b.key.clone()],
                        on_delete: None,
                        spec_on_delete: false,
                        declared: false,
                    });
                    extra.push_str(&format!(", it references {}", b.name));
                }
                self.from.tables.push(t);
                if kind == Kind::AbsentTableWithRows && rng.chance(40) {
                    // A kept table references the table to drop.
                    let b = self.pick_base(rng);
                    let c = self.ident("gone_ref", rng);
                    let fk = Fk {
                        cols: vec![c.clone()],
                        ref_schema: schema.clone(),
                        ref_table: name.clone(),
                        ref_cols: vec!["id".into()],
                        on_delete: None,
                        spec_on_delete: false,
                        declared: false,
                    };
                    let mut col = Col::new(
                        &c,
                        "integer",
                        Gen::Ref {
                            schema: schema.clone(),
                            table: name.clone(),
                            column: "id".into(),
                            nulls: true,
                        },
                    );
                    col.declared = false;
                    let bt = self.from.table_mut(&b.schema, &b.name);
                    bt.cols.push(col.clone());
                    bt.fks.push(fk);
                    self.to.table_mut(&b.schema, &b.name).cols.push(col);
                    extra.push_str(&format!(", {}.{c} references it (foreign key not in the spec)", b.name));
                }
                self.to.absent_tables.push((schema.clone(), name.clone()));
                self.note(format!("table {schema}.{name} absent ({rows} rows{extra})"));
            }
            Kind::AbsentView => {
                let b = self.pick_base(rng);
                let v = self.ident("gv", rng);
                let materialized = rng.chance(30);
                self.from.views.push(View {
                    schema: b.schema.clone(),
                    name: v.clone(),
                    query: format!("SELECT {} FROM {}", qi(&b.key), qn(&b.schema, &b.name)),
                    materialized,
                    columns: None,
                    declared: false,
                });
                self.to.absent_views.push((b.schema.clone(), v.clone()));
                self.note(format!(
                    "{}view {}.{v} absent",
                    if materialized { "materialized " } else { "" },
                    b.schema
                ));
            }
            Kind::AbsentFunction => {
                let schema = self.table_schema(rng);
                let f = self.fresh("gf");
                let make = |arg: &str| Func {
                    schema: schema.clone(),
                    name: f.clone(),
                    args: vec![arg.into()],
                    returns: Some(arg.into()),
                    language: "sql".into(),
                    volatility: None,
                    security_definer: false,
                    procedure: false,
                    create: format!(
                        "CREATE FUNCTION {}(v {arg}) RETURNS {arg} LANGUAGE sql AS $$ SELECT v $$",
                        qn(&schema, &f)
                    ),
                    declared: false,
                };
                self.from.funcs.push(make("integer"));
                let overloads = rng.chance(50);
                if overloads {
                    self.from.funcs.push(make("text"));
                }
                let written = match (overloads, rng.chance(50)) {
                    (true, true) => {
                        self.to.funcs.push(make("text"));
                        format!("{f}(integer)")
                    }
                    (true, false) => f.clone(),
                    (false, true) => format!("{f}(int4)"),
                    (false, false) => format!("{f}(integer)"),
                };
                self.to.absent_funcs.push((schema.clone(), written.clone()));
                self.note(format!(
                    "function {schema}.{f} absent: {written}{}",
                    if overloads { " (two overloads in from)" } else { "" }
                ));
            }
        }
    }

    /// A new table with every kind of constraint, referencing `parent`.
    fn new_table(&mut self, rng: &mut Rng, schema: &str, name: &str, parent: &Base) -> Table {
        let mut t = Table::new(schema, name, 0);
        let id = match rng.below(3) {
            0 => Col::new("id", "integer", Gen::Null).identity("always"),
            1 => Col::new("id", "bigint", Gen::Null).identity("by default"),
            _ => Col::new("id", "uuid", Gen::Null).not_null().default("gen_random_uuid()"),
        };
        t.cols.push(id);
        let ref_not_null = rng.chance(40);
        let mut r = Col::new("parent_ref", &parent.key_ty, Gen::Null);
        r.not_null = ref_not_null;
        t.cols.push(r);
        t.cols.push(Col::new("name", "text", Gen::Null).not_null());
        t.cols.push(Col::new("qty", "integer", Gen::Null).not_null().default("0"));
        t.cols.push(Col::new("created_at", "timestamptz", Gen::Null).not_null().default("now()"));
        if rng.chance(50) {
            t.cols.push(Col::new("note", "varchar(200)", Gen::Null));
        }
        t.pk = Some(vec!["id".into()]);
        t.uniques.push(Unique {
            name: None,
            cols: if rng.chance(50) { vec!["name".into()] } else { vec!["parent_ref".into(), "name".into()] },
            declared: true,
        });
        t.checks.push(Check { name: None, expr: "qty >= 0".into(), declared: true });
        let actions: &[Option<&'static str>] = if ref_not_null {
            &[None, Some("cascade"), Some("restrict")]
        } else {
            &[None, Some("cascade"), Some("set null")]
        };
        let on_delete = rng.pick(actions);
        t.fks.push(Fk {
            cols: vec!["parent_ref".into()],
            ref_schema: parent.schema.clone(),
            ref_table: parent.name.clone(),
            ref_cols: vec![parent.key.clone()],
            on_delete,
            spec_on_delete: on_delete.is_some(),
            declared: true,
        });
        t.indexes.push(Index {
            name: format!("{name}_parent_ref_created_at_idx"),
            entries: vec!["parent_ref".into(), "created_at".into()],
            sql: vec!["parent_ref".into(), "created_at".into()],
            unique: false,
            predicate: None,
            spec_name: rng.chance(30),
            declared: true,
        });
        t
    }

    fn derive_invariants(&mut self) {
        let mut inv = vec![];
        for t in &self.to.tables {
            let Some(f) = self.from.table(&t.schema, &t.name) else { continue };
            let qn = t.qn();
            inv.push(Invariant {
                what: format!("row count of {}.{}", t.schema, t.name),
                before: Some(format!("SELECT count(*) FROM {qn}")),
                after: format!("SELECT count(*) FROM {qn}"),
                expect: None,
            });
            for c in &t.cols {
                let Some(fc) = f.col(&c.name) else { continue };
                if c.volatile || fc.volatile {
                    continue;
                }
                let before = if fc.ty == "text" && c.ty == "uuid" {
                    format!("lower({})", qi(&c.name))
                } else {
                    qi(&c.name)
                };
                inv.push(Invariant {
                    what: format!("values of {}.{}.{}", t.schema, t.name, c.name),
                    before: Some(content_sql(&t.schema, &t.name, &before, None)),
                    after: content_sql(&t.schema, &t.name, &qi(&c.name), None),
                    expect: None,
                });
            }
            for fk in &t.fks {
                let kept = f.fks.iter().any(|g| {
                    g.cols == fk.cols && g.ref_table == fk.ref_table && g.ref_schema == fk.ref_schema
                });
                if !kept {
                    continue;
                }
                let on: Vec<String> = fk
                    .cols
                    .iter()
                    .zip(&fk.ref_cols)
                    .map(|(a, b)| format!("c.{} = p.{}", qi(a), qi(b)))
                    .collect();
                let sql = format!(
                    "SELECT count(*) FROM {qn} AS c JOIN {} AS p ON {}",
                    self::qn(&fk.ref_schema, &fk.ref_table),
                    on.join(" AND ")
                );
                inv.push(Invariant {
                    what: format!(
                        "rows of {}.{} joining {}.{} on ({})",
                        t.schema,
                        t.name,
                        fk.ref_schema,
                        fk.ref_table,
                        fk.cols.join(", ")
                    ),
                    before: Some(sql.clone()),
                    after: sql,
                    expect: None,
                });
            }
            inv.push(Invariant {
                what: format!("foreign keys of {}.{}", t.schema, t.name),
                before: None,
                after: format!(
                    "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = {}::regclass",
                    lit(&qn)
                ),
                expect: Some(t.fks.len().to_string()),
            });
            inv.push(Invariant {
                what: format!("triggers on {}.{}", t.schema, t.name),
                before: None,
                after: format!(
                    "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgrelid = {}::regclass",
                    lit(&qn)
                ),
                expect: Some(t.triggers.len().to_string()),
            });
        }
        for v in &self.to.views {
            if v.declared || self.from.view(&v.schema, &v.name).is_none() {
                continue;
            }
            let sql = format!("SELECT count(*) FROM {}", qn(&v.schema, &v.name));
            inv.push(Invariant {
                what: format!(
                    "{}view {}.{} (not in the spec) still there with its rows",
                    if v.materialized { "materialized " } else { "" },
                    v.schema,
                    v.name
                ),
                before: Some(sql.clone()),
                after: sql,
                expect: None,
            });
        }
        inv.append(&mut self.invariants);
        self.invariants = inv;
    }

    fn describe(&self) -> String {
        let mut s = format!(
            "pair {} ({} change{}{}):",
            self.index,
            self.kinds.len(),
            if self.kinds.len() == 1 { "" } else { "s" },
            if self.no_backup { ", fixed with --no-backup" } else { "" }
        );
        for n in &self.notes {
            let _ = write!(s, "\n  - {n}");
        }
        s
    }

    fn source_sql(&self) -> String {
        let mut rng = Rng::new(self.seed ^ 0xda7a);
        self.from.sql(Some(&mut rng), self.seed)
    }

    fn to_sql(&self) -> String {
        self.to.sql(None, self.seed)
    }

    fn spec(&self) -> String {
        spec_yaml(&self.to)
    }

    fn spec_dir(&self) -> SpecDir {
        let mut dir = SpecDir::new(&self.spec());
        for (path, text) in &self.files {
            dir = dir.with_file(path, text);
        }
        dir
    }

    fn dump(&self) {
        let Ok(root) = std::env::var("FIX_DUMP") else { return };
        let dir = Path::new(&root).join(format!("pair_{:02}", self.index));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("from.sql"), self.source_sql()).unwrap();
        std::fs::write(dir.join("to.sql"), self.to_sql()).unwrap();
        std::fs::write(dir.join("expected_schema.yaml"), self.spec()).unwrap();
        std::fs::write(dir.join("README"), self.describe()).unwrap();
        for (path, text) in &self.files {
            let p = dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
    }
}

/// One text summarising a column's values: their count and a digest of them in order.
fn content_sql(schema: &str, table: &str, expr: &str, filter: Option<&str>) -> String {
    format!(
        "SELECT count(x) || ':' || md5(coalesce(string_agg(x, '|' ORDER BY x), '')) FROM (SELECT ({expr})::text AS x FROM {}{}) AS s",
        qn(schema, table),
        filter.map(|f| format!(" WHERE {f}")).unwrap_or_default()
    )
}

/// A column name as an index entry: plain names are taken literally, others
/// are written double-quoted (else they would read as expressions).
fn entry(name: &str) -> String {
    let plain = name.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '$');
    if plain { name.to_string() } else { format!("\"{}\"", name.replace('"', "\"\"")) }
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| js(s)).collect::<Vec<_>>().join(", "))
}

/// The spec of a model: version 1, one database, its schemas.
fn spec_yaml(m: &Model) -> String {
    let mut y = String::from("version: 1\ndatabases:\n  app:\n");
    if !m.extensions.is_empty() {
        let _ = writeln!(y, "    extensions: {}", list(&m.extensions));
    }
    y.push_str("    schemas:\n");
    let mut schemas = vec!["public".to_string()];
    schemas.extend(m.schemas.iter().cloned());
    for schema in &schemas {
        let mut body = String::new();
        let tables: Vec<&Table> = m.tables.iter().filter(|t| &t.schema == schema).collect();
        if !tables.is_empty() {
            body.push_str("        tables:\n");
            for t in tables {
                body.push_str(&table_yaml(t));
            }
        }
        let funcs: Vec<&Func> = m.funcs.iter().filter(|f| &f.schema == schema && f.declared).collect();
        if !funcs.is_empty() {
            body.push_str("        functions:\n");
            for f in funcs {
                let mut parts = vec![];
                if f.procedure {
                    parts.push("kind: procedure".to_string());
                }
                if let Some(r) = &f.returns {
                    parts.push(format!("returns: {}", js(r)));
                }
                parts.push(format!("language: {}", js(&f.language)));
                if let Some(v) = f.volatility {
                    parts.push(format!("volatility: {v}"));
                }
                if f.security_definer {
                    parts.push("security_definer: true".into());
                }
                parts.push(format!("sql: {}", js(&f.create)));
                let _ = writeln!(body, "          {}: {{ {} }}", js(&f.signature()), parts.join(", "));
            }
        }
        let views: Vec<&View> = m.views.iter().filter(|v| &v.schema == schema && v.declared).collect();
        if !views.is_empty() {
            body.push_str("        views:\n");
            for v in views {
                let mut parts = vec![format!("sql: {}", js(&v.query))];
                if v.materialized {
                    parts.push("materialized: true".into());
                }
                if let Some(cols) = &v.columns {
                    parts.push(format!("columns: {}", list(cols)));
                }
                let _ = writeln!(body, "          {}: {{ {} }}", js(&v.name), parts.join(", "));
            }
        }
        let absent = |xs: &[(String, String)]| -> Vec<String> {
            xs.iter().filter(|(s, _)| s == schema).map(|(_, n)| n.clone()).collect()
        };
        for (key, names) in [
            ("absent_tables", absent(&m.absent_tables)),
            ("absent_views", absent(&m.absent_views)),
            ("absent_functions", absent(&m.absent_funcs)),
        ] {
            if !names.is_empty() {
                let _ = writeln!(body, "        {key}: {}", list(&names));
            }
        }
        if body.is_empty() {
            let _ = writeln!(y, "      {}: {{}}", js(schema));
        } else {
            let _ = writeln!(y, "      {}:\n{body}", js(schema));
        }
    }
    if !m.probes.is_empty() {
        y.push_str("    probes:\n");
        for p in &m.probes {
            let _ = writeln!(
                y,
                "      - {{ name: {}, sql: {}, expect: {} }}",
                js(&p.name),
                js(&p.sql),
                js(&p.expect)
            );
        }
    }
    y
}

fn table_yaml(t: &Table) -> String {
    let mut b = String::new();
    let cols: Vec<&Col> = t.cols.iter().filter(|c| c.declared).collect();
    if !cols.is_empty() {
        b.push_str("            columns:\n");
        for c in cols {
            let _ = writeln!(b, "              {}: {}", js(&c.name), c.spec());
        }
    }
    if let (Some(pk), true) = (&t.pk, t.pk_declared) {
        let _ = writeln!(b, "            primary_key: {}", list(pk));
    }
    let uniques: Vec<&Unique> = t.uniques.iter().filter(|u| u.declared).collect();
    if !uniques.is_empty() {
        b.push_str("            unique:\n");
        for u in uniques {
            match &u.name {
                Some(n) => {
                    let _ = writeln!(b, "              - {{ name: {}, columns: {} }}", js(n), list(&u.cols));
                }
                None => {
                    let _ = writeln!(b, "              - {}", list(&u.cols));
                }
            }
        }
    }
    let fks: Vec<&Fk> = t.fks.iter().filter(|f| f.declared).collect();
    if !fks.is_empty() {
        b.push_str("            foreign_keys:\n");
        for fk in fks {
            let table =
                if fk.ref_schema == t.schema { qi(&fk.ref_table) } else { qn(&fk.ref_schema, &fk.ref_table) };
            let reference =
                format!("{table}({})", fk.ref_cols.iter().map(|c| qi(c)).collect::<Vec<_>>().join(", "));
            let mut parts =
                vec![format!("columns: {}", list(&fk.cols)), format!("references: {}", js(&reference))];
            if fk.spec_on_delete {
                parts.push(format!("on_delete: {}", js(fk.on_delete.unwrap_or("no action"))));
            }
            let _ = writeln!(b, "              - {{ {} }}", parts.join(", "));
        }
    }
    let checks: Vec<&Check> = t.checks.iter().filter(|c| c.declared).collect();
    if !checks.is_empty() {
        b.push_str("            checks:\n");
        for c in checks {
            match &c.name {
                Some(n) => {
                    let _ = writeln!(b, "              - {{ name: {}, expression: {} }}", js(n), js(&c.expr));
                }
                None => {
                    let _ = writeln!(b, "              - {}", js(&c.expr));
                }
            }
        }
    }
    let indexes: Vec<&Index> = t.indexes.iter().filter(|i| i.declared).collect();
    if !indexes.is_empty() {
        b.push_str("            indexes:\n");
        for ix in indexes {
            let entries: Vec<String> =
                ix.entries.iter().map(|e| if t.col(e).is_some() { entry(e) } else { e.clone() }).collect();
            let mut parts = vec![format!("columns: {}", list(&entries))];
            if ix.spec_name {
                parts.push(format!("name: {}", js(&ix.name)));
            }
            if ix.unique {
                parts.push("unique: true".into());
            }
            if let Some(p) = &ix.predicate {
                parts.push(format!("where: {}", js(p)));
            }
            let _ = writeln!(b, "              - {{ {} }}", parts.join(", "));
        }
    }
    let triggers: Vec<&Trigger> = t.triggers.iter().filter(|t| t.declared).collect();
    if !triggers.is_empty() {
        b.push_str("            triggers:\n");
        for tr in triggers {
            let function =
                if tr.fn_schema == t.schema { qi(&tr.fn_name) } else { qn(&tr.fn_schema, &tr.fn_name) };
            let events: Vec<String> = tr.events.iter().map(|e| e.to_string()).collect();
            let mut parts = vec![
                format!("timing: {}", tr.timing),
                format!("events: {}", list(&events)),
                format!("for_each: {}", if tr.row { "row" } else { "statement" }),
                format!("function: {}", js(&format!("{function}()"))),
            ];
            if let Some(w) = &tr.when {
                parts.push(format!("when: {}", js(w)));
            }
            let _ = writeln!(b, "              {}: {{ {} }}", js(&tr.name), parts.join(", "));
        }
    }
    if !t.absent_cols.is_empty() {
        b.push_str("            absent_columns:\n");
        for (c, migrate) in &t.absent_cols {
            match migrate {
                Some(file) => {
                    let _ = writeln!(b, "              {}: {{ migrate: {} }}", js(c), js(file));
                }
                None => {
                    let _ = writeln!(b, "              {}: {{}}", js(c));
                }
            }
        }
    }
    if b.is_empty() {
        format!("          {}: {{}}\n", js(&t.name))
    } else {
        format!("          {}:\n{b}", js(&t.name))
    }
}

/// Every pair, generated from the seed: rounds of shuffled permutations of all
/// kinds, cut into pairs of 1–4 changes.
fn pairs() -> Vec<Pair> {
    let seed = seed();
    let mut rng = Rng::new(seed);
    let mut chunks: Vec<Vec<Kind>> = vec![];
    let mut rounds = 0;
    while rounds < ROUNDS || chunks.len() < MIN_PAIRS {
        let mut round = Kind::ALL.to_vec();
        rng.shuffle(&mut round);
        let mut i = 0;
        while i < round.len() {
            let n = rng.range(1, 4).min(round.len() - i);
            chunks.push(round[i..i + n].to_vec());
            i += n;
        }
        rounds += 1;
    }
    chunks.into_iter().enumerate().map(|(i, kinds)| Pair::generate(i, kinds, seed)).collect()
}

/// The pairs of one group, or those named in `FIX_PAIRS`.
fn selected(group: Option<usize>) -> Vec<Pair> {
    let only: Option<Vec<usize>> =
        std::env::var("FIX_PAIRS").ok().map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect());
    pairs()
        .into_iter()
        .filter(|p| match &only {
            Some(only) => only.contains(&p.index) && group.is_none_or(|g| p.index % GROUPS == g),
            None => group.is_none_or(|g| p.index % GROUPS == g),
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Running

/// A fresh database loaded with `sql`, or the server's error.
fn try_database(prefix: &str, sql: &str) -> Result<String, String> {
    let url = pgconform::scratch::Cluster::shared().fresh_database(prefix).map_err(|e| e.to_string())?;
    let mut client = postgres::Client::connect(&url, postgres::NoTls).map_err(|e| e.to_string())?;
    client.batch_execute(sql).map_err(|e| match e.as_db_error() {
        Some(db) => format!(
            "{}: {}{}",
            db.code().code(),
            db.message(),
            db.detail().map(|d| format!(" ({d})")).unwrap_or_default()
        ),
        None => e.to_string(),
    })?;
    Ok(url)
}

fn query_one(client: &mut postgres::Client, sql: &str) -> Result<String, String> {
    let messages = client.simple_query(sql).map_err(|e| {
        format!(
            "{sql}: {}",
            e.as_db_error().map(|d| d.message().to_string()).unwrap_or_else(|| e.to_string())
        )
    })?;
    for m in messages {
        if let postgres::SimpleQueryMessage::Row(row) = m {
            return Ok(row.get(0).unwrap_or("NULL").to_string());
        }
    }
    Err(format!("{sql}: no row"))
}

/// The lines of a script that hold a statement changing something, comments left out.
fn statements(script: &str) -> Vec<String> {
    const WORDS: &[&str] = &["ALTER", "CREATE", "DROP", "INSERT", "UPDATE", "DELETE"];
    let mut out = vec![];
    let mut in_block = false;
    for line in script.lines() {
        let mut code = String::new();
        let mut rest = line;
        loop {
            if in_block {
                match rest.find("*/") {
                    Some(end) => {
                        rest = &rest[end + 2..];
                        in_block = false;
                    }
                    None => break,
                }
            } else {
                let line_comment = rest.find("--");
                let block = rest.find("/*");
                match (line_comment, block) {
                    (Some(l), Some(b)) if b < l => {
                        code.push_str(&rest[..b]);
                        rest = &rest[b + 2..];
                        in_block = true;
                    }
                    (None, Some(b)) => {
                        code.push_str(&rest[..b]);
                        rest = &rest[b + 2..];
                        in_block = true;
                    }
                    (Some(l), _) => {
                        code.push_str(&rest[..l]);
                        break;
                    }
                    (None, None) => {
                        code.push_str(rest);
                        break;
                    }
                }
            }
        }
        let upper = code.to_uppercase();
        let words: Vec<&str> = upper.split(|c: char| !c.is_alphanumeric() && c != '_').collect();
        if words.iter().any(|w| WORDS.contains(w)) {
            out.push(line.to_string());
        }
    }
    out
}

struct Failure {
    pair: String,
    what: String,
    context: Vec<(String, String)>,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "==== {}\n  FAILED: {}", self.pair, self.what)?;
        for (title, body) in &self.context {
            writeln!(f, "---- {title}\n{}", body.trim_end())?;
        }
        Ok(())
    }
}

fn output_text(out: &std::process::Output) -> String {
    format!("exit {:?}\n[stdout]\n{}\n[stderr]\n{}", out.status.code(), text(&out.stdout), text(&out.stderr))
}

/// The properties, for one pair.
fn run_pair(pair: &Pair) -> Result<(), Failure> {
    pair.dump();
    let fail = |what: String, mut context: Vec<(String, String)>| {
        context.push(("from SQL".into(), pair.source_sql()));
        context.push(("spec".into(), pair.spec()));
        for (path, body) in &pair.files {
            context.push((path.clone(), body.clone()));
        }
        Failure { pair: pair.describe(), what, context }
    };
    let url = try_database(&format!("fxfrom{}", pair.index), &pair.source_sql())
        .map_err(|e| fail(format!("generator: the from SQL does not load: {e}"), vec![]))?;
    let dir = pair.spec_dir();
    let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connect");

    // The spec must not already hold: the pair changes something.
    let report = util::check_dir(&dir, &url);
    if util::failures(&report).is_empty() {
        return Err(fail("generator: the from database already conforms to the spec".into(), vec![]));
    }

    let mut before = vec![];
    for inv in &pair.invariants {
        let value = match &inv.before {
            Some(sql) => Some(
                query_one(&mut client, sql)
                    .map_err(|e| fail(format!("invariant before the fix: {e}"), vec![]))?,
            ),
            None => None,
        };
        before.push(value);
    }
    drop(client);

    let mut args = vec!["fix", "--allow-destructive", "--url", &url];
    if pair.no_backup {
        args.push("--no-backup");
    }
    let script = |args: &[&str]| pgconform(args, dir.path());
    let plan = script(&args);
    let mut apply_args = args.clone();
    apply_args.push("--apply");
    let applied = script(&apply_args);
    if applied.status.code() != Some(0) {
        return Err(fail(
            "convergence: `fix --allow-destructive --apply` did not exit 0".into(),
            vec![
                ("fix --apply".into(), output_text(&applied)),
                ("the plan (fix without --apply)".into(), output_text(&plan)),
            ],
        ));
    }
    let check = script(&["check", "-q", "--url", &url]);
    if check.status.code() != Some(0) {
        return Err(fail(
            "convergence: `check` after the applied fix did not exit 0".into(),
            vec![
                ("check -q".into(), output_text(&check)),
                ("fix --apply".into(), output_text(&applied)),
                ("the plan".into(), output_text(&plan)),
            ],
        ));
    }
    let again = script(&["fix", "--allow-destructive", "--url", &url]);
    let left = statements(&text(&again.stdout));
    if again.status.code() != Some(0) || !left.is_empty() {
        return Err(fail(
            format!(
                "idempotence: a second fix exits {:?} with statements:\n{}",
                again.status.code(),
                left.join("\n")
            ),
            vec![
                ("second fix".into(), output_text(&again)),
                ("first fix --apply".into(), output_text(&applied)),
                ("the first plan".into(), output_text(&plan)),
            ],
        ));
    }
    let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
    let mut broken = vec![];
    for (inv, before) in pair.invariants.iter().zip(before) {
        let after = match query_one(&mut client, &inv.after) {
            Ok(v) => v,
            Err(e) => {
                broken.push(format!("{}: {e}", inv.what));
                continue;
            }
        };
        let expected = inv.expect.clone().or(before).unwrap();
        if after != expected {
            broken.push(format!("{}: expected {expected}, found {after}", inv.what));
        }
    }
    if !broken.is_empty() {
        return Err(fail(
            format!("preservation:\n    {}", broken.join("\n    ")),
            vec![("fix --apply".into(), output_text(&applied)), ("the plan".into(), output_text(&plan))],
        ));
    }
    Ok(())
}

/// The generator's own honesty, for one pair: "to" loads, and conforms to the spec.
fn check_generated(pair: &Pair) -> Result<(), Failure> {
    pair.dump();
    let fail = |what: String| Failure {
        pair: pair.describe(),
        what,
        context: vec![
            ("to SQL".into(), pair.to_sql()),
            ("spec".into(), pair.spec()),
            ("from SQL".into(), pair.source_sql()),
        ],
    };
    try_database(&format!("fxchk{}", pair.index), &pair.source_sql())
        .map_err(|e| fail(format!("generator: the from SQL does not load: {e}")))?;
    let url = try_database(&format!("fxto{}", pair.index), &pair.to_sql())
        .map_err(|e| fail(format!("generator: the to SQL does not load: {e}")))?;
    let dir = pair.spec_dir();
    pgconform::spec::load(&dir.spec_path())
        .map_err(|e| fail(format!("generator: the spec does not load:\n{e}")))?;
    let report = util::check_dir(&dir, &url);
    let failed: Vec<String> = report
        .databases
        .iter()
        .flat_map(|d| {
            d.error.iter().map(|e| format!("database error: {e}")).chain(
                d.findings
                    .iter()
                    .filter(|f| f.status == pgconform::diff::Status::Fail)
                    .map(|f| format!("{}: {}", f.id, f.message)),
            )
        })
        .collect();
    if !failed.is_empty() {
        return Err(fail(format!(
            "generator: the to database does not conform to the spec:\n    {}",
            failed.join("\n    ")
        )));
    }
    Ok(())
}

fn run_all(pairs: &[Pair], f: impl Fn(&Pair) -> Result<(), Failure>) {
    let failures: Vec<Failure> = pairs.iter().filter_map(|p| f(p).err()).collect();
    if !failures.is_empty() {
        let names: Vec<String> =
            failures.iter().map(|f| f.pair.lines().next().unwrap_or("").to_string()).collect();
        panic!(
            "{} of {} pairs failed ({}):\n\n{}",
            failures.len(),
            pairs.len(),
            names.join("; "),
            failures.iter().map(|f| f.to_string()).collect::<Vec<_>>().join("\n")
        );
    }
}

// ---------------------------------------------------------------------------
// Tests

#[test]
fn the_generator_covers_every_change_in_at_least_two_pairs() {
    let pairs = pairs();
    assert!(pairs.len() >= MIN_PAIRS, "{} pairs", pairs.len());
    let mut coverage: BTreeMap<Kind, usize> = Kind::ALL.iter().map(|k| (*k, 0)).collect();
    for p in &pairs {
        assert!((1..=4).contains(&p.kinds.len()), "pair {} has {} changes", p.index, p.kinds.len());
        for k in &p.kinds {
            *coverage.get_mut(k).unwrap() += 1;
        }
    }
    let mut table = format!("{} pairs\n| kind / change | pairs |\n|---|---|\n", pairs.len());
    for (k, n) in &coverage {
        let _ = writeln!(table, "| {} | {n} |", k.label());
    }
    println!("{table}");
    for p in &pairs {
        println!("{}", p.describe());
    }
    for (k, n) in coverage {
        assert!(n >= 2, "{} is covered by {n} pairs:\n{table}", k.label());
    }
    // Deterministic: the same seed gives the same pairs.
    for (a, b) in pairs.iter().zip(&self::pairs()) {
        assert_eq!(a.source_sql(), b.source_sql());
        assert_eq!(a.spec(), b.spec());
    }
}

#[test]
fn every_generated_target_loads_and_conforms_to_its_spec() {
    run_all(&selected(None), check_generated);
}

#[test]
fn fix_properties_group_0() {
    run_all(&selected(Some(0)), run_pair);
}

#[test]
fn fix_properties_group_1() {
    run_all(&selected(Some(1)), run_pair);
}

#[test]
fn fix_properties_group_2() {
    run_all(&selected(Some(2)), run_pair);
}

#[test]
fn fix_properties_group_3() {
    run_all(&selected(Some(3)), run_pair);
}

/// Row counts of every table of schema public, but those named.
fn row_counts(client: &mut postgres::Client, except: &[&str]) -> BTreeMap<String, i64> {
    let tables: Vec<String> = client
        .query("SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    tables
        .into_iter()
        .filter(|t| !except.contains(&t.as_str()) && !t.contains("_backup_"))
        .map(|t| {
            let n: i64 =
                client.query_one(&format!("SELECT count(*) FROM public.{}", qi(&t)), &[]).unwrap().get(0);
            (t, n)
        })
        .collect()
}

#[test]
fn the_founding_case_converges_and_its_conversations_become_messages() {
    use pgconform::demo::{LEGACY_DIGITALOCEAN, SUPABASE};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let url = util::database("fxlegacy", LEGACY_DIGITALOCEAN);
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let absent = ["invitations", "invitations_cache", "questions_cache"];
    let before = row_counts(&mut client, &absent);
    let row = client
        .query_one(
            "SELECT count(*) FILTER (WHERE question IS NOT NULL), count(*) FILTER (WHERE response IS NOT NULL), \
             count(*) FILTER (WHERE question IS NOT NULL AND response IS NOT NULL) FROM conversations",
            &[],
        )
        .unwrap();
    let (questions, responses, both): (i64, i64, i64) = (row.get(0), row.get(1), row.get(2));
    assert!(questions > 0);
    let legacy: Vec<(String, String, String)> = client
        .query(
            "SELECT lower(id), question, response FROM conversations WHERE question IS NOT NULL ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    drop(client);

    let base = ["fix", "--database", "digitalocean", "--url", &url, "--allow-destructive"];
    let plan = pgconform(&base, root);
    let applied = pgconform(&[&base[..], &["--apply"]].concat(), root);
    assert_eq!(
        applied.status.code(),
        Some(0),
        "fix --apply on the legacy database:\n{}\n---- the plan\n{}",
        output_text(&applied),
        output_text(&plan)
    );
    let check = pgconform(&["check", "-q", "--database", "digitalocean", "--url", &url], root);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}\n---- the plan\n{}",
        output_text(&check),
        output_text(&plan)
    );
    let again = pgconform(&base, root);
    let left = statements(&text(&again.stdout));
    assert!(again.status.code() == Some(0) && left.is_empty(), "second fix:\n{}", output_text(&again));

    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let messages: i64 = client.query_one("SELECT count(*) FROM messages", &[]).unwrap().get(0);
    assert_eq!(both, questions, "every legacy conversation with a question has a response");
    assert_eq!(messages, 2 * questions, "two messages per legacy conversation with a question");
    assert_eq!(messages, questions + responses);
    for (id, question, response) in &legacy {
        let rows = client
            .query(
                "SELECT role, content FROM messages WHERE conversation_id::text = $1 ORDER BY created_at, seq",
                &[id],
            )
            .unwrap();
        let got: Vec<(String, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
        let want = vec![("user".to_string(), question.clone()), ("assistant".to_string(), response.clone())];
        assert_eq!(got, want, "the messages of conversation {id}");
    }
    let after = row_counts(&mut client, &absent);
    for (table, n) in &before {
        assert_eq!(after.get(table), Some(n), "row count of {table}");
    }
    for gone in absent {
        let exists: bool = client
            .query_one("SELECT to_regclass($1) IS NOT NULL", &[&format!("public.{gone}")])
            .unwrap()
            .get(0);
        assert!(!exists, "{gone} dropped");
    }

    // The other database of the spec already conforms: its plan is empty.
    let supabase = util::database("fxsupabase", SUPABASE);
    let out = pgconform(&["fix", "--database", "supabase", "--url", &supabase], root);
    assert_eq!(out.status.code(), Some(0), "{}", output_text(&out));
    assert_eq!(statements(&text(&out.stdout)), Vec::<String>::new(), "{}", output_text(&out));
}
