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

/// How the spec writes PUBLIC: as a `grants:` key and among a policy's roles.
pub const PUBLIC_ROLE: &str = "public";

/// A grantee as the spec names it: the role's name, `public` for PUBLIC (None).
pub fn grantee_name(role: Option<&str>) -> &str {
    role.unwrap_or(PUBLIC_ROLE)
}

/// The grantee a `grants:` key names: None (PUBLIC) for `public`.
pub fn grantee_role(key: &str) -> Option<String> {
    (key != PUBLIC_ROLE).then(|| key.to_string())
}

/// The privileges of a table, view or materialized view, in the server's
/// spelling; MAINTAIN exists from PostgreSQL 17 on.
pub const TABLE_PRIVILEGES: &[&str] =
    &["select", "insert", "update", "delete", "truncate", "references", "trigger", "maintain"];
/// The privileges of a function or procedure.
pub const FUNCTION_PRIVILEGES: &[&str] = &["execute"];

/// Whether the server has `privilege` (lower case): MAINTAIN exists from
/// PostgreSQL 17 on.
pub fn privilege_available(privilege: &str, server_version_num: i32) -> bool {
    privilege != "maintain" || server_version_num >= 170_000
}

/// Where `privilege` (any case) stands in its kind's order; unknown ones last.
pub fn privilege_rank(kind: &[&str], privilege: &str) -> usize {
    kind.iter().position(|k| k.eq_ignore_ascii_case(privilege)).unwrap_or(usize::MAX)
}
