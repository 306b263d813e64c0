//! What the spec asks of access control: row level security, policies and
//! grants (the model; `decode/access.rs` reads it, `diff/access.rs` checks it).

use crate::location::{Located, Location};

/// Whether row level security is on for a table (`row_level_security:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowSecurity {
    /// `false`: off (whatever FORCE says, which has no effect then).
    Disabled,
    /// `true`: ENABLE ROW LEVEL SECURITY, not forced (the owner bypasses it).
    Enabled,
    /// `forced`: ENABLE and FORCE ROW LEVEL SECURITY (the owner is subject to it too).
    Forced,
}

impl RowSecurity {
    pub fn describe(self) -> &'static str {
        match self {
            RowSecurity::Disabled => "disabled",
            RowSecurity::Enabled => "enabled",
            RowSecurity::Forced => "enabled and forced",
        }
    }
}

/// Row level security, policies and grants declared on a table.
#[derive(Debug, Clone, Default)]
pub struct TableAccess {
    pub row_security: Option<Located<RowSecurity>>,
    /// When written, the table's policies are exactly these.
    pub policies: Option<Located<Vec<PolicySpec>>>,
    pub grants: Option<GrantsSpec>,
}

/// A row level security policy; a property left out is not checked (and a
/// policy created by `fix` takes PostgreSQL's default for it).
#[derive(Debug, Clone)]
pub struct PolicySpec {
    pub name: String,
    pub at: Location,
    /// `ALL`, `SELECT`, `INSERT`, `UPDATE` or `DELETE`, as the catalog spells it.
    pub command: Option<String>,
    /// False for `as: restrictive`.
    pub permissive: Option<bool>,
    /// Role names, sorted and deduplicated; `public` stands for PUBLIC.
    pub roles: Option<Vec<String>>,
    pub using: Option<String>,
    pub with_check: Option<String>,
}

/// `grants:` on a table, view or function: privileges by grantee. When
/// written, the privileges granted to others than the owner are exactly these.
#[derive(Debug, Clone)]
pub struct GrantsSpec {
    pub at: Location,
    pub grantees: Vec<GranteeSpec>,
}

#[derive(Debug, Clone)]
pub struct GranteeSpec {
    /// The role's name; None for PUBLIC (written `public`).
    pub role: Option<String>,
    /// Lower-case privilege keywords as written, `all` included (expanded by
    /// `diff` for the object's kind and the server's version).
    pub privileges: Vec<String>,
    pub at: Location,
}

/// The privileges of a table, view or materialized view, in the server's
/// spelling; MAINTAIN exists from PostgreSQL 17 on.
pub const TABLE_PRIVILEGES: &[&str] =
    &["select", "insert", "update", "delete", "truncate", "references", "trigger", "maintain"];
/// The privileges of a function or procedure.
pub const FUNCTION_PRIVILEGES: &[&str] = &["execute"];
