//! Decoding `row_level_security`, `policies` and `grants` (see `spec::access`).

use super::super::access::*;
use super::super::yaml::{Key, Node, Value};
use super::{Decoder, Fields};
use crate::location::Located;
use crate::spec::shape;
use crate::sql::strip_outer_parens;

const ROW_SECURITY: [(&str, RowSecurity); 3] =
    [("true", RowSecurity::Enabled), ("false", RowSecurity::Disabled), ("forced", RowSecurity::Forced)];
const POLICY_COMMANDS: [(&str, &str); 5] =
    [("all", "ALL"), ("select", "SELECT"), ("insert", "INSERT"), ("update", "UPDATE"), ("delete", "DELETE")];
const POLICY_KINDS: [(&str, bool); 2] = [("permissive", true), ("restrictive", false)];

impl Decoder {
    /// The access keys of a table's mapping.
    pub(super) fn table_access(&mut self, fields: &mut Fields<'_>) -> TableAccess {
        let mut access = TableAccess::default();
        if let Some(node) = fields.get("row_level_security") {
            let value = match &node.value {
                Value::Bool(true) => Some(RowSecurity::Enabled),
                Value::Bool(false) => Some(RowSecurity::Disabled),
                _ => self.keyword(node, "row_level_security (true, false or forced)", &ROW_SECURITY),
            };
            access.row_security = value.map(|v| Located::new(v, node.at));
        }
        if let Some(node) = fields.get("policies") {
            let mut policies = Vec::new();
            for (key, value) in self.named(node, "policies") {
                if let Some(policy) = self.policy(key, value) {
                    policies.push(policy);
                }
            }
            access.policies = Some(Located::new(policies, node.at));
        }
        access.grants = fields.get("grants").map(|n| self.grants(n, TABLE_PRIVILEGES));
        access
    }

    fn policy(&mut self, key: &Key, node: &Node) -> Option<PolicySpec> {
        let mut fields = self.fields(node, &shape::POLICY)?;
        let command = fields.get("command").and_then(|n| self.keyword(n, "policy command", &POLICY_COMMANDS));
        let permissive = fields.get("as").and_then(|n| self.keyword(n, "policy kind", &POLICY_KINDS));
        let roles = fields.get("roles").map(|n| {
            let mut roles: Vec<String> =
                self.strings(n, "policy roles").into_iter().map(|r| r.value).collect();
            if roles.is_empty() {
                self.error(n.at, "a policy's roles name no role (write `public` for every role)");
            }
            roles.sort();
            roles.dedup();
            roles
        });
        let using = fields.get("using").and_then(|n| self.string(n, "policy using"));
        let with_check = fields.get("with_check").and_then(|n| self.string(n, "policy with_check"));
        fields.finish(self);
        Some(PolicySpec {
            name: key.text.clone(),
            at: key.at,
            command: command.map(str::to_string),
            permissive,
            roles,
            using: using.map(|u| strip_outer_parens(&u).to_string()),
            with_check: with_check.map(|w| strip_outer_parens(&w).to_string()),
        })
    }

    /// `grants:` — role → privileges, each checked against `allowed` (and `all`).
    pub(super) fn grants(&mut self, node: &Node, allowed: &[&str]) -> GrantsSpec {
        let mut grants = GrantsSpec { at: node.at, grantees: Vec::new() };
        for (key, value) in self.named(node, "grants") {
            let mut privileges = Vec::new();
            for item in self.strings_or_empty(value) {
                let word = item.value.trim().to_lowercase();
                if word == "all" || allowed.contains(&word.as_str()) {
                    if !privileges.contains(&word) {
                        privileges.push(word);
                    }
                    continue;
                }
                let mut names = allowed.to_vec();
                names.push("all");
                let hint = super::one_of(&word, &names);
                self.error_hint(item.at, format!("`{}` is not a privilege of this object", item.value), hint);
            }
            privileges.sort();
            grants.grantees.push(GranteeSpec { role: grantee_role(&key.text), privileges, at: key.at });
        }
        grants
    }

    /// A list of strings, one string, or nothing (`[]`, or no value): none.
    fn strings_or_empty(&mut self, node: &Node) -> Vec<Located<String>> {
        match &node.value {
            Value::Null => Vec::new(),
            Value::Seq(items) if items.is_empty() => Vec::new(),
            _ => self.strings(node, "privileges"),
        }
    }
}

/// `(owner = current_user)` and `owner = current_user` mean the same.
#[cfg(test)]
mod tests {
    use super::super::super::yaml;
    use super::*;
    use std::path::Path;

    fn decode(table: &str) -> (Vec<String>, Option<crate::spec::TableSpec>) {
        let text = format!(
            "version: 1\ndatabases:\n  app:\n    schemas:\n      public:\n        tables:\n          t:\n{table}"
        );
        let root = yaml::parse(&text).expect("valid YAML");
        let mut decoder = Decoder::new(Path::new("spec.yaml"));
        let mut dbs = decoder.spec(&root);
        let errors = decoder.errors.iter().map(|e| e.message.clone()).collect();
        let table = dbs.pop().and_then(|mut db| db.schemas.pop()).and_then(|mut s| s.tables.pop());
        (errors, table)
    }

    #[test]
    fn access_keys_decode() {
        let (errors, table) = decode(
            "            row_level_security: forced
            policies:
              own: { command: update, as: restrictive, roles: [b, a, a], using: \"(owner = current_user)\" }
              all_rows: {}
            grants: { app_ro: select, app_rw: [Select, insert, all], public: [] }
",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let access = table.expect("a table").access;
        assert_eq!(access.row_security.map(|r| r.value), Some(RowSecurity::Forced));
        let policies = access.policies.expect("policies").value;
        assert_eq!(policies.len(), 2);
        assert_eq!(policies[0].command.as_deref(), Some("UPDATE"));
        assert_eq!(policies[0].permissive, Some(false));
        assert_eq!(policies[0].roles.as_deref(), Some(&["a".to_string(), "b".to_string()][..]));
        assert_eq!(policies[0].using.as_deref(), Some("owner = current_user"));
        assert!(policies[1].command.is_none() && policies[1].roles.is_none());
        let grants = access.grants.expect("grants").grantees;
        assert_eq!(grants[0].privileges, ["select"]);
        assert_eq!(grants[1].privileges, ["all", "insert", "select"]);
        assert_eq!((grants[2].role.as_deref(), grants[2].privileges.len()), (None, 0));
    }

    #[test]
    fn keyword_tables_spell_what_the_shape_lists() {
        assert_eq!(&POLICY_COMMANDS.map(|(n, _)| n)[..], shape::POLICY_COMMANDS);
        assert_eq!(&POLICY_KINDS.map(|(n, _)| n)[..], shape::POLICY_KINDS);
        assert_eq!(shape::TABLE_GRANT_PRIVILEGES[1..], *TABLE_PRIVILEGES);
        assert_eq!(shape::FUNCTION_GRANT_PRIVILEGES[1..], *FUNCTION_PRIVILEGES);
    }

    #[test]
    fn bad_access_values_are_spec_errors() {
        let (errors, _) = decode(
            "            row_level_security: sometimes
            policies: { p: { command: upsert } }
            grants: { app: [execute] }
",
        );
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].contains("`sometimes` is not a valid row_level_security"), "{errors:?}");
        assert!(errors[1].contains("`upsert` is not a valid policy command"), "{errors:?}");
        assert!(errors[2].contains("`execute` is not a privilege"), "{errors:?}");
    }
}
