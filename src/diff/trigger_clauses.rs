//! A trigger's clauses beyond timing, events, level, function, WHEN and
//! state: UPDATE OF columns, constraint trigger and its deferral, the
//! function's arguments, transition tables. Compared here, reported in the
//! trigger's one finding (see `tables::trigger`).

use crate::catalog::Trigger;
use crate::spec::TriggerClauses;

/// Adds to the trigger finding's expected and actual descriptions, and to
/// its list of differences, for each clause the spec declares.
pub fn compare(
    spec: &TriggerClauses,
    found: &Trigger,
    expected: &mut Vec<String>,
    actual: &mut Vec<String>,
    wrong: &mut Vec<String>,
) {
    if let Some(columns) = &spec.columns {
        let mut live = found.update_columns.clone();
        live.sort();
        live.dedup();
        let mut wanted = columns.clone();
        wanted.sort();
        let describe = |c: &[String]| {
            if c.is_empty() { "on any column".to_string() } else { format!("update of {}", c.join(", ")) }
        };
        expected.push(describe(columns));
        actual.push(describe(&found.update_columns));
        if wanted != live {
            wrong.push(format!("fires {} (expected {})", describe(&found.update_columns), describe(columns)));
        }
    }
    let flag = |on: bool, word: &str| if on { word.to_string() } else { format!("not {word}") };
    for (wanted, live, word) in [
        (spec.constraint, found.constraint_trigger, "a constraint trigger"),
        (spec.deferrable, found.deferrable, "deferrable"),
        (spec.initially_deferred, found.initially_deferred, "initially deferred"),
    ] {
        if let Some(wanted) = wanted {
            expected.push(flag(wanted, word));
            actual.push(flag(live, word));
            if wanted != live {
                wrong.push(format!("is {} (expected {})", flag(live, word), flag(wanted, word)));
            }
        }
    }
    if let Some(arguments) = &spec.arguments {
        let describe = |a: &[String]| {
            let quoted: Vec<String> = a.iter().map(|a| crate::sql::ident::quote_literal(a)).collect();
            format!("with arguments ({})", quoted.join(", "))
        };
        expected.push(describe(arguments));
        actual.push(describe(&found.arguments));
        if *arguments != found.arguments {
            wrong.push(format!("passes {} (expected {})", describe(&found.arguments), describe(arguments)));
        }
    }
    for (wanted, live, which) in
        [(&spec.old_table, &found.old_table, "old"), (&spec.new_table, &found.new_table, "new")]
    {
        if let Some(wanted) = wanted {
            let describe = |t: Option<&String>| match t {
                Some(t) => format!("{which} table as {t}"),
                None => format!("no {which} table"),
            };
            expected.push(describe(Some(wanted)));
            actual.push(describe(live.as_ref()));
            if live.as_ref() != Some(wanted) {
                wrong.push(format!("has {} (expected {})", describe(live.as_ref()), describe(Some(wanted))));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{QualifiedName, TriggerTiming};

    fn live() -> Trigger {
        Trigger {
            name: "t".into(),
            timing: TriggerTiming::After,
            events: vec![crate::catalog::TriggerEvent::Update],
            update_columns: vec!["b".into(), "a".into()],
            for_each_row: true,
            function: QualifiedName::new("public", "f"),
            enabled: 'O',
            when: None,
            constraint_trigger: true,
            deferrable: true,
            initially_deferred: false,
            arguments: vec!["x".into()],
            old_table: None,
            new_table: None,
            cloned: false,
            definition: String::new(),
        }
    }

    fn differences(spec: TriggerClauses) -> Vec<String> {
        let (mut e, mut a, mut w) = (Vec::new(), Vec::new(), Vec::new());
        compare(&spec, &live(), &mut e, &mut a, &mut w);
        assert_eq!(e.len(), a.len());
        w
    }

    #[test]
    fn update_of_columns_are_a_set() {
        let spec = TriggerClauses { columns: Some(vec!["a".into(), "b".into()]), ..Default::default() };
        assert!(differences(spec).is_empty());
        let spec = TriggerClauses { columns: Some(vec!["a".into()]), ..Default::default() };
        assert_eq!(differences(spec), ["fires update of b, a (expected update of a)"]);
        let spec = TriggerClauses { columns: Some(vec![]), ..Default::default() };
        assert_eq!(differences(spec).len(), 1);
    }

    #[test]
    fn constraint_clauses_arguments_and_transition_tables() {
        let spec = TriggerClauses {
            constraint: Some(true),
            deferrable: Some(true),
            initially_deferred: Some(true),
            arguments: Some(vec!["x".into(), "y".into()]),
            new_table: Some("new_rows".into()),
            ..Default::default()
        };
        assert_eq!(
            differences(spec),
            [
                "is not initially deferred (expected initially deferred)",
                "passes with arguments ('x') (expected with arguments ('x', 'y'))",
                "has no new table (expected new table as new_rows)",
            ]
        );
    }
}
