//! `table-inheritance`: a table that inherits from another (not a partition).

use super::prelude::*;

pub const RULE: Rule = Rule {
    name: "table-inheritance",
    group: Group::Structure,
    default: Severity::Warn,
    summary: "table that inherits from another table (INHERITS, not partitioning)",
    what: "Reports tables created with INHERITS (or ALTER TABLE … INHERIT), reporting the child. \
           Partitions of a partitioned table are not inheritance in this sense and are not reported.",
    why: "Inheritance looks like object-oriented reuse but keeps few promises: unique constraints, \
          primary keys and foreign keys apply to each table separately, so a key can repeat across \
          parent and children and a foreign key to the parent ignores the children's rows; queries on \
          the parent silently include the children's rows; and many tools handle it poorly. It was the \
          way to partition before PostgreSQL 10; declarative partitioning replaced it.",
    fix: "For partitioning, move to declarative partitioning (CREATE TABLE … PARTITION BY, then ATTACH \
          PARTITION). For shared columns, give each table its own columns (or a shared composite type) \
          and drop the link with ALTER TABLE … NO INHERIT. No statement is suggested: both change what \
          queries on the parent return.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for table in cx.relations().filter(|r| !r.inherits.is_empty()) {
        let parents: Vec<String> = table.inherits.iter().map(ToString::to_string).collect();
        out.push(Hit::new(
            Subject::table(&table.name),
            format!("{} inherits from {}", table.name, parents.join(", ")),
        ));
    }
}
