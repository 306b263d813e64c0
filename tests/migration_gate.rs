//! `check --sql`: migrations applied to a throwaway cluster, then checked.

mod util;

use util::{SpecDir, pgconform, text};

const SPEC: &str = "version: 1\ndatabases:\n  app:\n    schemas:\n      public:\n        tables:\n          users:\n            columns: { id: uuid, email: text }\n          posts:\n            columns: { id: bigint, user_id: uuid }\n            foreign_keys: [{ columns: [user_id], references: users(id) }]\n";

#[test]
fn migrations_that_reach_the_spec_pass_and_others_fail() {
    let dir = SpecDir::new(SPEC)
        .with_file("migrations/001_users.sql", "CREATE TABLE users (id uuid PRIMARY KEY, email text);")
        .with_file(
            "migrations/002_posts.sql",
            "CREATE TABLE posts (id bigint PRIMARY KEY, user_id uuid REFERENCES users (id));",
        )
        .with_file("migrations/README.md", "not a migration");
    let out = pgconform(&["check", "--sql", "migrations", "-q"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));
    assert!(text(&out.stderr).contains("applying 2 migration file(s)"), "{}", text(&out.stderr));

    // A third migration that undoes the key: the gate fails on it.
    let dir =
        dir.with_file("migrations/003_oops.sql", "ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey;");
    let out = pgconform(&["check", "--sql", "migrations", "-q"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("✘ foreign key"), "{}", text(&out.stdout));

    // One file works too.
    let out = pgconform(&["check", "--sql", "migrations/001_users.sql", "-q"], dir.path());
    assert_eq!(out.status.code(), Some(1), "posts is missing: {}", text(&out.stdout));
}

#[test]
fn a_failing_migration_names_its_file_line_and_the_servers_error() {
    let dir = SpecDir::new(SPEC)
        .with_file("m/001_users.sql", "CREATE TABLE users (id uuid PRIMARY KEY, email text);\n")
        .with_file("m/002_posts.sql", "-- posts\nCREATE TABLE posts (\n    id bigint PRIMARY KEY,\n    user_id uuid REFERENCES user (id)\n);\n");
    let out = pgconform(&["check", "--sql", "m"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("migration m/002_posts.sql:4:"), "{stderr}");
    assert!(stderr.contains("syntax error at or near \"user\""), "{stderr}");
    assert!(out.stdout.is_empty(), "nothing was checked");

    let out = pgconform(&["check", "--sql", "nowhere"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--sql nowhere"), "{}", text(&out.stderr));
}
