//! `extension-in-public`: an extension installed into the public schema.

use super::prelude::*;

pub const RULE: Rule = Rule {
    name: "extension-in-public",
    group: Group::Structure,
    default: Severity::Warn,
    summary: "extension installed in the public schema",
    what: "Reports extensions whose objects live in the public schema (plpgsql, which lives in \
           pg_catalog, never is).",
    why: "An extension's functions, types and operators then mix with the application's own: a dump of \
          public carries them, a strict schema check sees them, names collide (an application function \
          called similarity or digest), and on servers where any role may create objects in public (all \
          of them before PostgreSQL 15) a role can plant a function that shadows an extension's and \
          runs with the rights of whoever calls it.",
    fix: "Install extensions in a schema of their own: CREATE SCHEMA extensions; ALTER EXTENSION … SET \
          SCHEMA extensions (for extensions that can be relocated; others must be dropped and created \
          again with SCHEMA extensions), then add that schema to the search_path of the roles that use \
          it, or qualify the names. No statement is suggested: queries that name the extension's \
          objects unqualified must still find them.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for extension in cx.snapshot.extensions.iter().filter(|e| e.schema == "public" && e.name != "plpgsql") {
        out.push(Hit::new(
            Subject::extension(extension),
            format!("extension {} {} is installed in schema public", extension.name, extension.version),
        ));
    }
}
