//! Access control: row level security, policies and grants.
//!
//! Policies and grants are exact when written: a `policies:` mapping names
//! every policy the table may have (a strict table without one may have
//! none), a `grants:` mapping every privilege held by others than the owner,
//! since security is as much about what is not there. Policy expressions are compared through the server's canonical
//! form; roles as sets (`public` is PUBLIC). A role the cluster does not know
//! blocks the repair that names it (the server would refuse it): create the
//! role first.

use super::{Context, ask_pair};
use crate::catalog::{CanonicalQuestion, Grant, Policy, QualifiedName, Questions, Relation, Snapshot};
use crate::diff::{CheckKind, Finding, Repair, SqlRepair, Status};
use crate::fix::Phase;
use crate::spec::{
    FUNCTION_PRIVILEGES, FunctionSpec, GrantsSpec, PUBLIC_ROLE, PolicySpec, RowSecurity, TABLE_PRIVILEGES,
    TableSpec, ViewSpec, grantee_name, privilege_available, privilege_rank,
};
use crate::sql::ident::{quote_ident, quote_qualified, quote_role};
use crate::sql::strip_outer_parens;
use std::collections::{BTreeMap, BTreeSet};

/// Row level security, policies and grants of a declared table that exists.
pub fn table(cx: &Context, spec: &TableSpec, out: &mut Vec<Finding>) {
    let Some(rel) = cx.snapshot.relations.get(&spec.name).filter(|r| r.kind.is_table()) else {
        // A missing table is created with all of it (see `create_table_repairs`).
        return;
    };
    if let Some(wanted) = &spec.access.row_security {
        out.push(row_security(cx, rel, wanted.value).at(wanted.at));
    }
    if let Some(policies) = &spec.access.policies {
        for policy in &policies.value {
            out.push(self::policy(cx, rel, policy));
        }
        for extra in rel.policies.iter().filter(|p| !policies.value.iter().any(|s| s.name == p.name)) {
            out.push(undeclared_policy(cx, rel, extra).at(policies.at));
        }
    } else if spec.strict {
        // A strict table without `policies:` declares that it has none.
        for extra in &rel.policies {
            out.push(undeclared_policy(cx, rel, extra).at(spec.at));
        }
    }
    if let Some(grants) = &spec.access.grants {
        let target = Target::relation(&rel.name);
        grant_findings(cx, &target, grants, Some(&rel.extras.grants), out);
    }
}

/// Grants of a declared view (a missing view is created, then granted to).
pub fn view(cx: &Context, spec: &ViewSpec, out: &mut Vec<Finding>) {
    let Some(grants) = &spec.grants else { return };
    let live = cx.snapshot.relations.get(&spec.name).map(|r| &r.extras.grants[..]);
    grant_findings(cx, &Target::relation(&spec.name), grants, live, out);
}

/// Grants of a declared function or procedure.
pub fn function(cx: &Context, spec: &FunctionSpec, out: &mut Vec<Finding>) {
    let Some(grants) = &spec.grants else { return };
    let found = super::find_function(cx.snapshot, &spec.name, &spec.argument_types);
    let arguments = match found {
        Some(f) => f.argument_types.join(", "),
        None => spec.argument_types.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
    };
    let target = Target {
        object: format!("{}({arguments})", spec.name),
        sql: format!("ROUTINE {}({arguments})", quote_qualified(&spec.name)),
        privileges: FUNCTION_PRIVILEGES,
    };
    // A function that `fix` creates gets the default privileges: EXECUTE to PUBLIC.
    let default = [Grant { grantee: None, privilege: "EXECUTE".into(), grantable: false }];
    let live = found.map_or(&default[..], |f| &f.grants[..]);
    grant_findings(cx, &target, grants, Some(live), out);
}

/// Canonical-form questions for the policy expressions of one table.
pub fn questions(spec: &TableSpec, snapshot: &Snapshot, q: &mut Questions) {
    let (Some(rel), Some(policies)) = (snapshot.relations.get(&spec.name), &spec.access.policies) else {
        return;
    };
    let on_table =
        |e: &str| CanonicalQuestion::TableExpression { table: rel.name.clone(), expression: e.to_string() };
    for policy in &policies.value {
        let Some(live) = rel.policies.iter().find(|p| p.name == policy.name) else { continue };
        for (wanted, actual) in [(&policy.using, &live.using), (&policy.with_check, &live.with_check)] {
            if let (Some(w), Some(a)) = (wanted, actual) {
                ask_pair(q, on_table(w), on_table(a));
            }
        }
    }
}

/// What `fix` runs after creating a missing table: its row level security,
/// policies and grants, in the details phase (after every role's object exists).
pub fn create_table_repairs(spec: &TableSpec, snapshot: &Snapshot) -> Vec<SqlRepair> {
    let table = &spec.name;
    let mut repairs = Vec::new();
    if let Some(wanted) = &spec.access.row_security
        && let Some(repair) = row_security_repair(table, false, false, wanted.value)
    {
        repairs.push(repair);
    }
    for policy in spec.access.policies.iter().flat_map(|p| &p.value) {
        let statements = vec![create_policy(table, policy, None)];
        let title = format!("create policy {} on {table}", policy.name);
        repairs.push(sql_repair(title, statements, missing_roles(snapshot, policy.roles.iter().flatten())));
    }
    if let Some(grants) = &spec.access.grants {
        let target = Target::relation(table);
        for grantee in &grants.grantees {
            let wanted = expand(&grantee.privileges, target.privileges, snapshot.server_version_num);
            if wanted.is_empty() {
                continue;
            }
            let (title, statements) = grant_statements(&target, grantee.role.as_deref(), &wanted, &[]);
            repairs.push(sql_repair(title, statements, missing_roles(snapshot, grantee.role.iter())));
        }
    }
    repairs
}

fn sql_repair(title: String, statements: Vec<String>, blocked: Option<String>) -> SqlRepair {
    SqlRepair { phase: Phase::Details, title, statements, blocked }
}

/// Why statements naming these roles cannot run: the roles that do not exist.
fn missing_roles<'a>(snapshot: &Snapshot, roles: impl Iterator<Item = &'a String>) -> Option<String> {
    let missing: Vec<&String> = roles.filter(|r| *r != PUBLIC_ROLE && !snapshot.roles.contains(*r)).collect();
    if missing.is_empty() {
        return None;
    }
    let names: Vec<String> = missing.iter().map(|r| r.to_string()).collect();
    let create: Vec<String> = missing.iter().map(|r| format!("CREATE ROLE {}", quote_ident(r))).collect();
    Some(format!(
        "role{} {} do{} not exist: create {} first ({})",
        if names.len() == 1 { "" } else { "s" },
        names.join(", "),
        if names.len() == 1 { "es" } else { "" },
        if names.len() == 1 { "it" } else { "them" },
        create.join("; ")
    ))
}

fn row_security_state(rel: &Relation) -> RowSecurity {
    match (rel.row_security, rel.force_row_security) {
        (false, _) => RowSecurity::Disabled,
        (true, false) => RowSecurity::Enabled,
        (true, true) => RowSecurity::Forced,
    }
}

fn row_security(cx: &Context, rel: &Relation, wanted: RowSecurity) -> Finding {
    let object = rel.name.to_string();
    let actual = row_security_state(rel);
    let f = cx
        .finding(CheckKind::RowSecurity, &object, Status::Pass)
        .expected(wanted.describe())
        .actual(actual.describe());
    if actual == wanted {
        return f.message(format!("row level security is {} on {object}", actual.describe()));
    }
    let f = f.fail().message(format!(
        "row level security is {} on {object}, expected {}",
        actual.describe(),
        wanted.describe()
    ));
    match row_security_repair(&rel.name, rel.row_security, rel.force_row_security, wanted) {
        Some(repair) => f.repair(Repair::Sql(repair)),
        None => f,
    }
}

/// ALTER TABLE statements from the current flags to `wanted`, or None when
/// nothing needs to change.
fn row_security_repair(
    table: &QualifiedName,
    enabled: bool,
    forced: bool,
    wanted: RowSecurity,
) -> Option<SqlRepair> {
    let alter = |what: &str| format!("ALTER TABLE {} {what} ROW LEVEL SECURITY", quote_qualified(table));
    let mut statements = Vec::new();
    let title = match wanted {
        RowSecurity::Disabled => {
            if enabled {
                statements.push(alter("DISABLE"));
            }
            format!(
                "disable row level security on {table} (every row becomes visible to whoever may read it)"
            )
        }
        RowSecurity::Enabled | RowSecurity::Forced => {
            let force = wanted == RowSecurity::Forced;
            if !enabled {
                statements.push(alter("ENABLE"));
            }
            if force && !forced {
                statements.push(alter("FORCE"));
            }
            if !force && forced {
                statements.push(alter("NO FORCE"));
            }
            format!("{} row level security on {table}", if force { "enable and force" } else { "enable" })
        }
    };
    (!statements.is_empty()).then(|| sql_repair(title, statements, None))
}

/// The roles of a policy as the catalog lists them, sorted.
fn live_roles(policy: &Policy) -> Vec<String> {
    let mut roles = policy.roles.clone();
    roles.sort();
    roles.dedup();
    roles
}

fn roles_sql(roles: &[String]) -> String {
    roles.iter().map(|r| quote_role(Some(r))).collect::<Vec<_>>().join(", ")
}

/// `CREATE POLICY …` from the spec; properties it leaves out come from
/// `current` (a policy re-created to change its command or kind) or take
/// PostgreSQL's defaults.
fn create_policy(table: &QualifiedName, spec: &PolicySpec, current: Option<&Policy>) -> String {
    let mut sql = format!("CREATE POLICY {} ON {}", quote_ident(&spec.name), quote_qualified(table));
    let permissive = spec.permissive.or(current.map(|c| c.permissive)).unwrap_or(true);
    if !permissive {
        sql.push_str(" AS RESTRICTIVE");
    }
    if let Some(command) = spec.command.as_deref().or(current.map(|c| c.command.as_str())) {
        sql.push_str(&format!(" FOR {command}"));
    }
    if let Some(roles) = spec.roles.clone().or(current.map(live_roles)) {
        sql.push_str(&format!(" TO {}", roles_sql(&roles)));
    }
    if let Some(using) = spec.using.as_ref().or(current.and_then(|c| c.using.as_ref())) {
        sql.push_str(&format!(" USING ({using})"));
    }
    if let Some(check) = spec.with_check.as_ref().or(current.and_then(|c| c.with_check.as_ref())) {
        sql.push_str(&format!(" WITH CHECK ({check})"));
    }
    sql
}

/// `for update as restrictive to a, b using (…) with check (…)`, with the
/// parts `spec` declares, from `spec` or from `live`.
fn describe_policy(spec: &PolicySpec, live: Option<&Policy>) -> String {
    let mut parts = Vec::new();
    let pick = |s: Option<String>, l: Option<String>| if live.is_some() { l } else { s };
    if spec.command.is_some() {
        let cmd = pick(spec.command.clone(), live.map(|l| l.command.clone()));
        parts.push(format!("for {}", cmd.unwrap_or_default().to_lowercase()));
    }
    if let Some(p) = spec.permissive {
        let p = live.map_or(p, |l| l.permissive);
        parts.push(if p { "permissive".to_string() } else { "restrictive".to_string() });
    }
    if let Some(roles) = &spec.roles {
        let roles = live.map_or(roles.clone(), live_roles);
        parts.push(format!("to {}", roles.join(", ")));
    }
    if spec.using.is_some() {
        let e = pick(spec.using.clone(), live.and_then(|l| l.using.clone()));
        parts.push(e.map_or("no using".to_string(), |e| format!("using ({})", strip_outer_parens(&e))));
    }
    if spec.with_check.is_some() {
        let e = pick(spec.with_check.clone(), live.and_then(|l| l.with_check.clone()));
        parts.push(
            e.map_or("no with check".to_string(), |e| format!("with check ({})", strip_outer_parens(&e))),
        );
    }
    if parts.is_empty() { "exists".to_string() } else { parts.join(" ") }
}

fn policy(cx: &Context, rel: &Relation, spec: &PolicySpec) -> Finding {
    let object = format!("{}.{}", rel.name, spec.name);
    let f = cx.finding(CheckKind::Policy, &object, Status::Pass).at(spec.at);
    let blocked = missing_roles(cx.snapshot, spec.roles.iter().flatten());
    let Some(live) = rel.policies.iter().find(|p| p.name == spec.name) else {
        let repair = sql_repair(
            format!("create policy {} on {}", spec.name, rel.name),
            vec![create_policy(&rel.name, spec, None)],
            blocked,
        );
        return f
            .fail()
            .message(format!("policy {} on {} does not exist", spec.name, rel.name))
            .expected(describe_policy(spec, None))
            .actual("missing")
            .repair(Repair::Sql(repair));
    };
    let f = f.expected(describe_policy(spec, None)).actual(describe_policy(spec, Some(live)));
    let question =
        |e: &str| CanonicalQuestion::TableExpression { table: rel.name.clone(), expression: e.to_string() };
    let mut wrong = Vec::new();
    let mut recreate = false;
    let mut alter = Vec::new();
    let mut complaints = Vec::new();
    if let Some(command) = spec.command.as_ref().filter(|c| **c != live.command) {
        wrong.push(format!("is for {} (expected {})", live.command.to_lowercase(), command.to_lowercase()));
        recreate = true;
    }
    if let Some(permissive) = spec.permissive.filter(|p| *p != live.permissive) {
        let word = |p: bool| if p { "permissive" } else { "restrictive" };
        wrong.push(format!("is {} (expected {})", word(live.permissive), word(permissive)));
        recreate = true;
    }
    if let Some(roles) = spec.roles.as_ref().filter(|r| **r != live_roles(live)) {
        wrong.push(format!("applies to {} (expected {})", live_roles(live).join(", "), roles.join(", ")));
        alter.push(format!("TO {}", roles_sql(roles)));
    }
    for (clause, wanted, actual) in
        [("USING", &spec.using, &live.using), ("WITH CHECK", &spec.with_check, &live.with_check)]
    {
        let Some(wanted) = wanted else { continue };
        let same = match actual {
            None => Ok(false),
            Some(actual) => cx.same_expression(question(wanted), question(actual)),
        };
        match same {
            Ok(true) => {}
            Ok(false) => {
                let actual =
                    actual.as_deref().map_or("none".to_string(), |a| format!("({})", strip_outer_parens(a)));
                wrong.push(format!("{} {actual} (expected ({wanted}))", clause.to_lowercase()));
                alter.push(format!("{clause} ({wanted})"));
            }
            Err(reason) if super::refused_for_privilege(&reason) => {
                return f
                    .skip(format!("the role may not read {} to compare its policies ({reason})", rel.name));
            }
            Err(reason) => {
                wrong.push(format!("{}: cannot confirm ({wanted})", clause.to_lowercase()));
                alter.push(format!("{clause} ({wanted})"));
                complaints.push(reason);
            }
        }
    }
    if wrong.is_empty() {
        return f.message(format!(
            "policy {} on {} {}",
            spec.name,
            rel.name,
            describe_policy(spec, Some(live))
        ));
    }
    let statements = if recreate {
        vec![
            format!("DROP POLICY {} ON {}", quote_ident(&spec.name), quote_qualified(&rel.name)),
            create_policy(&rel.name, spec, Some(live)),
        ]
    } else {
        vec![format!(
            "ALTER POLICY {} ON {} {}",
            quote_ident(&spec.name),
            quote_qualified(&rel.name),
            alter.join(" ")
        )]
    };
    let title = if recreate {
        format!("re-create policy {} on {}", spec.name, rel.name)
    } else {
        format!("alter policy {} on {}", spec.name, rel.name)
    };
    let mut f = f
        .fail()
        .message(format!("policy {} on {} {}", spec.name, rel.name, wrong.join(", ")))
        .repair(Repair::Sql(sql_repair(title, statements, blocked)));
    for complaint in complaints {
        f = f.detail(complaint);
    }
    f
}

fn undeclared_policy(cx: &Context, rel: &Relation, live: &Policy) -> Finding {
    let object = format!("{}.{}", rel.name, live.name);
    let sql = format!("DROP POLICY {} ON {}", quote_ident(&live.name), quote_qualified(&rel.name));
    let title = format!(
        "drop undeclared policy {} on {} (changes which rows each role sees{})",
        live.name,
        rel.name,
        if live.permissive { "" } else { ": a restrictive policy, so access widens" }
    );
    cx.finding(CheckKind::Policy, &object, Status::Fail)
        .message(format!(
            "policy {} on {} is not declared (a table's `policies:` are exact, and a strict table declares them all)",
            live.name, rel.name
        ))
        .expected("absent")
        .actual(format!(
            "{} policy for {} to {}",
            if live.permissive { "permissive" } else { "restrictive" },
            live.command.to_lowercase(),
            live_roles(live).join(", ")
        ))
        .repair(Repair::Sql(sql_repair(title, vec![sql], None)))
}

/// The object grants are about: how findings name it, how GRANT names it.
struct Target {
    object: String,
    sql: String,
    privileges: &'static [&'static str],
}

impl Target {
    fn relation(name: &QualifiedName) -> Target {
        Target {
            object: name.to_string(),
            sql: format!("TABLE {}", quote_qualified(name)),
            privileges: TABLE_PRIVILEGES,
        }
    }
}

/// The privileges a spec's list means: `all` is every privilege of the kind
/// that the server has (MAINTAIN from PostgreSQL 17 on). Upper case, in the
/// kind's order.
fn expand(written: &[String], kind: &[&str], server_version_num: i32) -> Vec<String> {
    let available = |p: &&&str| privilege_available(p, server_version_num);
    let all = written.iter().any(|w| w == "all");
    kind.iter()
        .filter(available)
        .filter(|p| all || written.iter().any(|w| w == **p))
        .map(|p| p.to_uppercase())
        .collect()
}

/// Sorted in the kind's order (unknown privileges last, by name).
fn in_kind_order(privileges: &BTreeSet<String>, kind: &[&str]) -> Vec<String> {
    let mut list: Vec<String> = privileges.iter().cloned().collect();
    list.sort_by_key(|p| (privilege_rank(kind, p), p.clone()));
    list
}

/// The statements (and title) that take a grantee from what it has to what it should have.
fn grant_statements(
    target: &Target,
    role: Option<&str>,
    grant: &[String],
    revoke: &[String],
) -> (String, Vec<String>) {
    let who = quote_role(role);
    let name = role.unwrap_or("PUBLIC");
    let mut statements = Vec::new();
    let mut title = Vec::new();
    if !revoke.is_empty() {
        statements.push(format!("REVOKE {} ON {} FROM {who}", revoke.join(", "), target.sql));
        title.push(format!("revoke {} on {} from {name}", revoke.join(", ").to_lowercase(), target.object));
    }
    if !grant.is_empty() {
        statements.push(format!("GRANT {} ON {} TO {who}", grant.join(", "), target.sql));
        title.push(format!("grant {} on {} to {name}", grant.join(", ").to_lowercase(), target.object));
    }
    (title.join(", "), statements)
}

/// One finding per grantee the spec names, and one per grantee holding
/// privileges the spec does not name. `live` None: the object does not exist
/// (it holds nothing yet; `fix` creates it before granting).
fn grant_findings(
    cx: &Context,
    target: &Target,
    spec: &GrantsSpec,
    live: Option<&[Grant]>,
    out: &mut Vec<Finding>,
) {
    let mut held: BTreeMap<Option<String>, BTreeSet<String>> = BTreeMap::new();
    for grant in live.unwrap_or_default() {
        held.entry(grant.grantee.clone()).or_default().insert(grant.privilege.to_uppercase());
    }
    let describe = |set: &BTreeSet<String>| {
        if set.is_empty() {
            "nothing".to_string()
        } else {
            in_kind_order(set, target.privileges).join(", ").to_lowercase()
        }
    };
    for grantee in &spec.grantees {
        let name = grantee_name(grantee.role.as_deref());
        let wanted: BTreeSet<String> =
            expand(&grantee.privileges, target.privileges, cx.snapshot.server_version_num)
                .into_iter()
                .collect();
        let has = held.remove(&grantee.role).unwrap_or_default();
        let f = cx
            .finding(CheckKind::Grant, &target.object, Status::Pass)
            .id_suffix(name)
            .at(grantee.at)
            .expected(describe(&wanted))
            .actual(describe(&has));
        if wanted == has {
            out.push(f.message(format!(
                "{} holds {} on {}",
                who(&grantee.role),
                describe(&has),
                target.object
            )));
            continue;
        }
        let grant = in_kind_order(&wanted.difference(&has).cloned().collect(), target.privileges);
        let revoke = in_kind_order(&has.difference(&wanted).cloned().collect(), target.privileges);
        let (title, statements) = grant_statements(target, grantee.role.as_deref(), &grant, &revoke);
        let blocked = missing_roles(cx.snapshot, grantee.role.iter());
        let mut message = format!(
            "{} holds {} on {}, expected {}",
            who(&grantee.role),
            describe(&has),
            target.object,
            describe(&wanted)
        );
        if let Some(reason) = &blocked {
            message = format!("{message} ({reason})");
        }
        out.push(f.fail().message(message).repair(Repair::Sql(sql_repair(title, statements, blocked))));
    }
    for (role, has) in held {
        let name = grantee_name(role.as_deref());
        let revoke = in_kind_order(&has, target.privileges);
        let (title, statements) = grant_statements(target, role.as_deref(), &[], &revoke);
        out.push(
            cx.finding(CheckKind::Grant, &target.object, Status::Fail)
                .id_suffix(name)
                .at(spec.at)
                .message(format!(
                    "{} holds {} on {}, which the spec does not grant (its `grants:` are exact)",
                    who(&role),
                    describe(&has),
                    target.object
                ))
                .expected("nothing")
                .actual(describe(&has))
                .repair(Repair::Sql(sql_repair(title, statements, None))),
        );
    }
}

fn who(role: &Option<String>) -> String {
    match role {
        Some(r) => format!("role {r}"),
        None => "PUBLIC".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_expands_per_kind_and_version() {
        let all = vec!["all".to_string()];
        assert_eq!(expand(&all, TABLE_PRIVILEGES, 160_000).len(), 7);
        assert_eq!(expand(&all, TABLE_PRIVILEGES, 170_000).last().map(String::as_str), Some("MAINTAIN"));
        assert_eq!(expand(&all, FUNCTION_PRIVILEGES, 150_000), ["EXECUTE"]);
        let some = vec!["update".to_string(), "select".to_string()];
        assert_eq!(expand(&some, TABLE_PRIVILEGES, 150_000), ["SELECT", "UPDATE"]);
    }

    #[test]
    fn policies_are_created_with_what_the_spec_and_the_current_one_say() {
        let table = QualifiedName::new("app", "Docs");
        let spec = PolicySpec {
            name: "own rows".into(),
            at: Default::default(),
            command: Some("UPDATE".into()),
            permissive: Some(false),
            roles: Some(vec!["public".into(), "App User".into()]),
            using: Some("owner = current_user".into()),
            with_check: None,
        };
        assert_eq!(
            create_policy(&table, &spec, None),
            "CREATE POLICY \"own rows\" ON app.\"Docs\" AS RESTRICTIVE FOR UPDATE TO PUBLIC, \"App User\" USING (owner = current_user)"
        );
        let current = Policy {
            name: "own rows".into(),
            command: "ALL".into(),
            permissive: true,
            roles: vec!["public".into()],
            using: None,
            with_check: Some("(owner = CURRENT_USER)".into()),
        };
        let bare = PolicySpec { command: None, permissive: None, roles: None, using: None, ..spec };
        assert_eq!(
            create_policy(&table, &bare, Some(&current)),
            "CREATE POLICY \"own rows\" ON app.\"Docs\" FOR ALL TO PUBLIC WITH CHECK ((owner = CURRENT_USER))"
        );
    }

    #[test]
    fn a_missing_role_blocks_with_the_way_out() {
        let snapshot = Snapshot { roles: ["app".to_string()].into_iter().collect(), ..Snapshot::default() };
        let roles = ["app".to_string(), "public".to_string(), "Ghost".to_string()];
        assert_eq!(
            missing_roles(&snapshot, roles.iter()).as_deref(),
            Some("role Ghost does not exist: create it first (CREATE ROLE \"Ghost\")")
        );
        assert_eq!(missing_roles(&snapshot, roles[..2].iter()), None);
    }
}
