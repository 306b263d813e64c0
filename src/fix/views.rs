//! Views: the spec's, created or replaced, and the ones that must be dropped
//! and re-created because something they read changes under them (a type
//! conversion, a replaced view). A view cannot be dropped while another view
//! reads it, and cannot be created before the views it reads, so all of this
//! is planned in one place, once every other repair is known.

use super::planner::Builder;
use super::{Hazard, Phase};
use crate::catalog::{QualifiedName, RelationKind};
use crate::spec::ViewSpec;
use crate::sql::ident::{comment_on, quote_ident, quote_literal, quote_qualified, quote_role};
use crate::sql::lexer::{TokenKind, tokenize};
use crate::sql::names::identifier_value;
use std::collections::{BTreeMap, BTreeSet};

/// A view of the spec that does not exist, or exists and differs.
pub(super) struct WantedView {
    pub ids: Vec<String>,
    pub spec: ViewSpec,
    /// What holds the name today, if anything.
    pub replace: Option<RelationKind>,
}

impl Builder<'_> {
    /// Records a failing view of the spec; several findings of one view
    /// (definition, columns) make one repair.
    pub(super) fn want_view(&mut self, id: &str, spec: &ViewSpec, replace: Option<RelationKind>) {
        if let Some(wanted) = self.wanted_views.iter_mut().find(|w| w.spec.name == spec.name) {
            wanted.ids.push(id.to_string());
            return;
        }
        self.wanted_views.push(WantedView { ids: vec![id.to_string()], spec: spec.clone(), replace });
    }

    /// Drops `views` (ordered so that each comes after the views it reads)
    /// in reverse order and remembers them, to be re-created by [`plan_views`].
    pub(super) fn drop_views(&mut self, phase: Phase, views: &[QualifiedName], why: &str) {
        for view in views.iter().rev() {
            if self.dropped_views.contains(view) {
                continue;
            }
            let kind = self.snapshot.relations.get(view).map_or(RelationKind::View, |r| r.kind);
            let sql = format!("DROP {} IF EXISTS {}", kind.sql_keyword(), quote_qualified(view));
            let step = self.step(phase, format!("drop {} {view} {why}", kind.describe()), &[], vec![sql]);
            step.notes.push("re-created after".into());
            self.dropped_views.push(view.clone());
        }
    }
}

/// Drops the views the spec replaces (and the views reading them), then
/// creates every wanted view and re-creates every dropped one, each after the
/// views it reads.
pub(super) fn plan_views(b: &mut Builder) {
    let wanted = std::mem::take(&mut b.wanted_views);
    let mut creatable = Vec::new();
    for w in wanted {
        match w.replace {
            Some(kind) if !kind.is_view() => b.block(
                &w.ids[0],
                format!(
                    "{} is a {}, not a view: pgconform does not drop a table to make room for a view",
                    w.spec.name,
                    kind.describe()
                ),
                vec![],
            ),
            _ => creatable.push(w),
        }
    }
    for w in creatable.iter().filter(|w| w.replace.is_some()) {
        let mut views = vec![w.spec.name.clone()];
        views.extend(b.snapshot.views_reading(&w.spec.name));
        b.drop_views(Phase::Views, &views, "to replace it");
    }

    // Everything to create, with the SQL each reads.
    let mut pending: Vec<(QualifiedName, Creation)> = Vec::new();
    for view in b.dropped_views.clone() {
        match creatable.iter().position(|w| w.spec.name == view) {
            Some(i) => {
                let w = creatable.remove(i);
                pending.push((view, Creation::Spec(Box::new(w))));
            }
            None => pending.push((view, Creation::AsItWas)),
        }
    }
    pending.extend(creatable.into_iter().map(|w| (w.spec.name.clone(), Creation::Spec(Box::new(w)))));

    for (view, creation) in creation_order(b, pending) {
        match creation {
            Creation::Spec(w) => create_from_spec(b, &w),
            Creation::AsItWas => re_create(b, &view),
        }
    }
}

enum Creation {
    /// Boxed: a view's spec is large, and most entries are not one.
    Spec(Box<WantedView>),
    /// From the definition captured from the server, with its indexes and triggers.
    AsItWas,
}

/// Each view after the views it reads: as the server recorded it for views
/// re-created as they were, and, for the spec's SQL, by the names it mentions.
/// Otherwise the order given is kept.
fn creation_order(b: &Builder, pending: Vec<(QualifiedName, Creation)>) -> Vec<(QualifiedName, Creation)> {
    let names: BTreeSet<QualifiedName> = pending.iter().map(|(v, _)| v.clone()).collect();
    let reads: BTreeMap<QualifiedName, BTreeSet<QualifiedName>> = pending
        .iter()
        .map(|(view, creation)| {
            let on = match creation {
                Creation::AsItWas => b
                    .snapshot
                    .view_dependencies
                    .iter()
                    .filter(|d| d.view == *view && names.contains(&d.on) && d.on != *view)
                    .map(|d| d.on.clone())
                    .collect(),
                Creation::Spec(w) => {
                    mentioned(w.spec.query.as_ref().map_or("", |q| q.text.as_str()), &view.schema, &names)
                        .into_iter()
                        .filter(|n| n != view)
                        .collect()
                }
            };
            (view.clone(), on)
        })
        .collect();
    let mut ordered = Vec::with_capacity(pending.len());
    let mut done: BTreeSet<QualifiedName> = BTreeSet::new();
    let mut rest = pending;
    while !rest.is_empty() {
        let ready = rest.iter().position(|(v, _)| reads[v].iter().all(|on| done.contains(on)));
        // A cycle can only come from a name mentioned but not read: keep the given order.
        let (view, creation) = rest.remove(ready.unwrap_or(0));
        done.insert(view.clone());
        ordered.push((view, creation));
    }
    ordered
}

/// The names of `candidates` that `sql` mentions, qualified or not (an
/// unqualified name is taken in `schema`, the view's own).
fn mentioned(sql: &str, schema: &str, candidates: &BTreeSet<QualifiedName>) -> BTreeSet<QualifiedName> {
    let Ok(tokens) = tokenize(sql) else { return BTreeSet::new() };
    let words: Vec<_> = tokens.iter().filter(|t| !t.is_trivia()).collect();
    let mut found = BTreeSet::new();
    for (i, token) in words.iter().enumerate() {
        if !matches!(token.kind, TokenKind::Word | TokenKind::QuotedIdent) {
            continue;
        }
        let Ok(name) = identifier_value(token) else { continue };
        let qualifier =
            (i >= 2 && words[i - 1].is_punct(".")).then(|| identifier_value(words[i - 2]).ok()).flatten();
        let candidate = QualifiedName::new(qualifier.as_deref().unwrap_or(schema), name);
        if candidates.contains(&candidate) {
            found.insert(candidate);
        }
    }
    found
}

fn create_from_spec(b: &mut Builder, w: &WantedView) {
    let Some(query) = &w.spec.query else { return };
    let kind = if w.spec.materialized { RelationKind::MaterializedView } else { RelationKind::View };
    let options = crate::diff::view_options::with_clause(w.spec.options.as_deref());
    let create = format!(
        "CREATE {} {}{options} AS\n{}",
        kind.sql_keyword(),
        quote_qualified(&w.spec.name),
        query.text.trim()
    );
    // The spec's query names tables as seen from the view's own schema, as
    // `check` reads it.
    let sql = if w.spec.name.schema == "public" {
        vec![create]
    } else {
        vec![
            format!("SET LOCAL search_path TO {}, public", quote_ident(&w.spec.name.schema)),
            create,
            "RESET search_path".to_string(),
        ]
    };
    let ids: Vec<&str> = w.ids.iter().map(String::as_str).collect();
    let lost = w
        .replace
        .and_then(|_| b.snapshot.relations.get(&w.spec.name))
        .map(|rel| rel.indexes.len() + rel.triggers.iter().filter(|t| !t.constraint_trigger).count());
    let step = b.step(Phase::Views, format!("create {} {}", kind.describe(), w.spec.name), &ids, sql);
    if kind == RelationKind::MaterializedView {
        step.hazards.push(Hazard::LongLock);
    }
    if let Some(n) = lost.filter(|n| *n > 0) {
        step.notes.push(format!(
            "the {n} index(es) and trigger(s) of the view it replaces are not re-created: declare them in the spec"
        ));
    }
}

/// Re-creates a view from the definition the server printed, with everything
/// it had: options (`security_barrier` matters for security), a materialized
/// view's emptiness, its indexes and triggers, owner (which decides whose
/// privileges the view reads with), grants and comment.
fn re_create(b: &mut Builder, view: &QualifiedName) {
    let Some(rel) = b.snapshot.relations.get(view) else { return };
    let Some(definition) = rel.view_definition.clone() else { return };
    let extras = &rel.extras;
    let options = if extras.options.is_empty() {
        String::new()
    } else {
        format!(" WITH ({})", extras.options.iter().map(|o| reloption(o)).collect::<Vec<_>>().join(", "))
    };
    let no_data =
        if rel.kind == RelationKind::MaterializedView && !extras.populated { "\nWITH NO DATA" } else { "" };
    let target = quote_qualified(view);
    let mut sql =
        vec![format!("CREATE {} {target}{options} AS\n{definition}{no_data}", rel.kind.sql_keyword())];
    // Every read has the definitions of a materialized view's indexes.
    sql.extend(rel.indexes.iter().map(|i| crate::diff::structure::index_definition(rel, i)));
    for trigger in &rel.triggers {
        sql.push(trigger.definition.clone());
        sql.extend(super::sql::trigger_state(view, trigger));
    }
    if !extras.owner.is_empty() {
        sql.push(format!(
            "ALTER {} {target} OWNER TO {}",
            rel.kind.sql_keyword(),
            quote_ident(&extras.owner)
        ));
    }
    for grant in &extras.grants {
        let grantee = quote_role(grant.grantee.as_deref());
        let option = if grant.grantable { " WITH GRANT OPTION" } else { "" };
        sql.push(format!("GRANT {} ON {target} TO {grantee}{option}", grant.privilege));
    }
    if let Some(comment) = &extras.comment {
        sql.push(comment_on(&format!("{} {target}", rel.kind.sql_keyword()), Some(comment)));
    }
    let title = format!("re-create {} {view} as it was", rel.kind.describe());
    b.step(Phase::Views, title, &[], sql);
}

/// `name=value` from `reloptions` as `WITH (…)` takes it: the value quoted
/// as a literal, which every option accepts.
fn reloption(option: &str) -> String {
    match option.split_once('=') {
        Some((name, value)) => format!("{} = {}", quote_ident(name), quote_literal(value)),
        None => quote_ident(option),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentioned_names_are_resolved_in_the_views_schema() {
        let candidates: BTreeSet<QualifiedName> = [
            QualifiedName::new("app", "base"),
            QualifiedName::new("other", "Base"),
            QualifiedName::new("app", "x"),
        ]
        .into();
        let found = mentioned(
            "SELECT b.id FROM base b JOIN other.\"Base\" o USING (id) -- app.x\nWHERE 'x' <> ''",
            "app",
            &candidates,
        );
        assert_eq!(found, [QualifiedName::new("app", "base"), QualifiedName::new("other", "Base")].into());
    }
}
