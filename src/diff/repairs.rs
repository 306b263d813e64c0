//! Attaching a [`Repair`] to each failing finding: what `fix` must do, decided
//! here where the spec object and the catalog object are both at hand.

use crate::catalog::{ConstraintKind, Relation};
use crate::diff::{CheckKind, Finding, Repair, Status};
use crate::spec::{CheckSpec, ColumnSpec, ForeignKeySpec, IndexSpec};

/// `repair()` on a failing finding; passes are left alone.
pub fn on_fail(f: Finding, repair: impl FnOnce() -> Repair) -> Finding {
    if f.status == Status::Fail { f.repair(repair()) } else { f }
}

/// The findings one declared column produced.
pub fn column(findings: &mut [Finding], rel: &Relation, spec: &ColumnSpec) {
    let table = rel.name.clone();
    let name = spec.name.clone();
    for f in findings.iter_mut().filter(|f| f.status == Status::Fail) {
        let repair = match f.kind {
            CheckKind::Column if f.id.ends_with(":collation") => Repair::SetCollation {
                table: table.clone(),
                column: name.clone(),
                collation: spec.collation.as_ref().map(|c| c.value.clone()).unwrap_or_default(),
            },
            CheckKind::Column => Repair::AddColumn { table: table.clone(), column: spec.clone() },
            CheckKind::ColumnType => match &spec.type_ {
                Some(to) => {
                    Repair::ChangeType { table: table.clone(), column: name.clone(), to: to.value.clone() }
                }
                None => continue,
            },
            CheckKind::ColumnNullable => Repair::SetNullable {
                table: table.clone(),
                column: name.clone(),
                nullable: spec.nullable.as_ref().is_none_or(|n| n.value),
            },
            CheckKind::ColumnDefault => Repair::SetDefault {
                table: table.clone(),
                column: name.clone(),
                default: spec.default.as_ref().and_then(|d| d.value.clone()),
            },
            CheckKind::ColumnIdentity => Repair::SetIdentity {
                table: table.clone(),
                column: name.clone(),
                identity: spec.identity.as_ref().and_then(|i| i.value),
            },
            CheckKind::ColumnGenerated => Repair::Manual(format!(
                "a column's generation expression cannot be changed in place: add a new column \
                 GENERATED ALWAYS AS ({}) STORED, move readers to it, then drop {}.{}",
                spec.generated.as_ref().map_or("", |g| g.value.as_str()),
                table,
                name
            )),
            _ => continue,
        };
        f.repair = Some(Box::new(repair));
    }
}

pub fn primary_key(f: Finding, rel: &Relation, columns: &[String]) -> Finding {
    on_fail(f, || Repair::SetPrimaryKey {
        table: rel.name.clone(),
        columns: columns.to_vec(),
        existing: rel.primary_key().map(|pk| pk.name.clone()),
    })
}

/// A named key is replaced; an unnamed one replaces the key on the same
/// columns to the same target (wrong actions), and is added beside any other.
pub fn foreign_key(f: Finding, rel: &Relation, key: &ForeignKeySpec) -> Finding {
    let replace = rel
        .constraints
        .iter()
        .filter(|c| c.kind == ConstraintKind::ForeignKey)
        .find(|c| match &key.name {
            Some(name) => c.name == *name,
            None => {
                c.columns == key.columns
                    && c.foreign
                        .as_ref()
                        .is_some_and(|t| t.table == key.references && t.columns == key.referenced_columns)
            }
        })
        .map(|c| c.name.clone());
    on_fail(f, || Repair::AddForeignKey { table: rel.name.clone(), key: key.clone(), replace })
}

pub fn check(f: Finding, rel: &Relation, check: &CheckSpec) -> Finding {
    let replace = check
        .name
        .as_ref()
        .filter(|n| rel.constraints.iter().any(|c| c.kind == ConstraintKind::Check && c.name == **n))
        .cloned();
    on_fail(f, || Repair::AddCheck { table: rel.name.clone(), check: check.clone(), replace })
}

pub fn index(f: Finding, rel: &Relation, index: &IndexSpec) -> Finding {
    let replace = index.name.as_ref().filter(|n| rel.indexes.iter().any(|i| i.name == **n)).cloned();
    on_fail(f, || Repair::CreateIndex { table: rel.name.clone(), index: index.clone(), replace })
}
