//! Looking rules up by name. The list itself is `rules::ALL`, the one place
//! where rules are enumerated; everything else (names for suggestions,
//! `--list`, the spec's validation) derives from it.

use super::rule::Rule;
use super::rules;

pub fn all() -> &'static [Rule] {
    &rules::ALL
}

/// The rule's index in [`all`].
pub fn position(name: &str) -> Option<usize> {
    all().iter().position(|r| r.name == name)
}

pub fn find(name: &str) -> Option<&'static Rule> {
    all().iter().find(|r| r.name == name)
}

pub fn names() -> Vec<&'static str> {
    all().iter().map(|r| r.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn names_are_unique_kebab_case_and_hyphenated() {
        let names = names();
        let unique: BTreeSet<_> = names.iter().collect();
        assert_eq!(unique.len(), names.len(), "duplicate rule names");
        for name in &names {
            // Comment markers end their list at a word without a hyphen.
            assert!(name.contains('-'), "{name}");
            assert!(
                name.split('-').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
                "{name} is not kebab-case"
            );
            assert_ne!(*name, super::super::config::ALL_RULES);
        }
    }

    #[test]
    fn every_rule_file_is_registered_under_its_own_name() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/lint/rules");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|f| f != "mod.rs")
            .map(|f| f.trim_end_matches(".rs").replace('_', "-"))
            .collect();
        files.sort();
        let mut registered: Vec<String> = names().iter().map(|n| n.to_string()).collect();
        registered.sort();
        assert_eq!(files, registered, "one file per rule, named after it, listed in rules::ALL");
    }

    #[test]
    fn every_rule_is_documented() {
        for rule in all() {
            let parts = [
                ("summary", rule.summary, 10),
                ("what", rule.what, 40),
                ("why", rule.why, 40),
                ("fix", rule.fix, 40),
            ];
            for (part, text, least) in parts {
                assert!(text.trim().len() >= least, "{}: {part} is too short", rule.name);
                assert!(!text.trim_end().ends_with(','), "{}: {part}", rule.name);
            }
            assert!(
                !rule.summary.ends_with('.'),
                "{}: a summary is a phrase, without a full stop",
                rule.name
            );
        }
    }

    #[test]
    fn groups_are_contiguous_for_the_list() {
        let groups: Vec<_> = all().iter().map(|r| r.group).collect();
        let mut sorted = groups.clone();
        sorted.sort();
        assert_eq!(groups, sorted);
    }
}
