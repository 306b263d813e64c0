//! Writing row level security, policies and grants into an inspected spec.
//!
//! Short forms: a policy's command, kind and roles only when they are not
//! PostgreSQL's defaults (all, permissive, PUBLIC); a grantee's privileges as
//! one word when there is one, `all` when it holds every privilege of the
//! kind. Grants are written only where there are some (a function's only
//! where they differ from the default, EXECUTE to PUBLIC); the owner's own
//! privileges never are.

use super::yaml::Yaml;
use crate::catalog::{Function, Grant, Relation};
use crate::spec::{
    FUNCTION_PRIVILEGES, PUBLIC_ROLE, TABLE_PRIVILEGES, grantee_name, privilege_available, privilege_rank,
};
use crate::sql::strip_outer_parens;
use std::collections::BTreeMap;

/// `row_level_security`, `policies` and `grants` of a table.
pub fn table(rel: &Relation, server_version_num: i32, table: &mut Yaml) {
    if rel.row_security {
        let value = if rel.force_row_security { Yaml::str("forced") } else { Yaml::Bool(true) };
        table.set("row_level_security", value);
    }
    if !rel.policies.is_empty() {
        let mut policies = Yaml::block();
        let mut sorted: Vec<_> = rel.policies.iter().collect();
        sorted.sort_by(|a, b| a.name.cmp(&b.name));
        for policy in sorted {
            let mut m = Yaml::map();
            if policy.command != "ALL" {
                m.set("command", Yaml::str(policy.command.to_lowercase()));
            }
            if !policy.permissive {
                m.set("as", Yaml::str("restrictive"));
            }
            let mut roles = policy.roles.clone();
            roles.sort();
            roles.dedup();
            if roles != [PUBLIC_ROLE] {
                m.set("roles", Yaml::strs(roles));
            }
            if let Some(using) = &policy.using {
                m.set("using", Yaml::str(strip_outer_parens(using)));
            }
            if let Some(check) = &policy.with_check {
                m.set("with_check", Yaml::str(strip_outer_parens(check)));
            }
            policies.set(policy.name.clone(), m);
        }
        table.set("policies", policies);
    }
    if let Some(grants) = grants(&rel.extras.grants, TABLE_PRIVILEGES, server_version_num) {
        table.set("grants", grants);
    }
}

/// `grants` of a view or materialized view.
pub fn view(rel: &Relation, server_version_num: i32, view: &mut Yaml) {
    if let Some(grants) = grants(&rel.extras.grants, TABLE_PRIVILEGES, server_version_num) {
        view.set("grants", grants);
    }
}

/// `grants` of a function, unless they are the default (EXECUTE to PUBLIC).
pub fn function(function: &Function, out: &mut Yaml) {
    let default = function.grants.len() == 1
        && function.grants[0].grantee.is_none()
        && function.grants[0].privilege.eq_ignore_ascii_case("EXECUTE");
    if default {
        return;
    }
    let grants = grants(&function.grants, FUNCTION_PRIVILEGES, 0).unwrap_or_else(Yaml::map);
    out.set("grants", grants);
}

/// Grants given WITH GRANT OPTION, which the spec does not express: one note each.
pub fn grant_option_notes(object: &str, grants: &[Grant]) -> Vec<String> {
    grants
        .iter()
        .filter(|g| g.grantable)
        .map(|g| {
            format!(
                "{} on {object} to {} WITH GRANT OPTION (fix grants it without)",
                g.privilege,
                g.grantee.as_deref().unwrap_or("PUBLIC")
            )
        })
        .collect()
}

/// `{ role: [privileges] }`, roles by name (`public` for PUBLIC); None when
/// nothing is granted.
fn grants(grants: &[Grant], kind: &[&str], server_version_num: i32) -> Option<Yaml> {
    if grants.is_empty() {
        return None;
    }
    let mut by_role: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for grant in grants {
        let role = grantee_name(grant.grantee.as_deref()).to_string();
        let privilege = grant.privilege.to_lowercase();
        let list = by_role.entry(role).or_default();
        if !list.contains(&privilege) {
            list.push(privilege);
        }
    }
    let available: Vec<&str> =
        kind.iter().copied().filter(|p| privilege_available(p, server_version_num)).collect();
    let mut m = Yaml::map();
    for (role, mut privileges) in by_role {
        privileges.sort_by_key(|p| (privilege_rank(kind, p), p.clone()));
        let value = if available.len() > 1 && available.iter().all(|p| privileges.iter().any(|h| h == p)) {
            Yaml::str("all")
        } else if privileges.len() == 1 {
            Yaml::str(privileges.remove(0))
        } else {
            Yaml::strs(privileges)
        };
        m.set(role, value);
    }
    Some(m)
}
