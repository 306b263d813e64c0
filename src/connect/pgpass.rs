//! The password file (`~/.pgpass`, or `PGPASSFILE` / `passfile`), read as
//! libpq reads it: `hostname:port:database:username:password` lines, `*`
//! matching anything, `\:` and `\\` escaping, `#` starting a comment, the
//! first matching line winning.
//!
//! Like libpq, a file that group or others may read is not used; unlike
//! libpq, nothing is printed about it on the spot: the reason is returned, and
//! the connection error mentions it if the server then asks for a password
//! (a warning on every run would end up in CI logs for no reason).

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// What a lookup found.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    Found(String),
    NoMatch,
    /// The file exists but was not read, and why (for the error message).
    Ignored(String),
}

/// The identity a line is matched against.
pub struct Key<'a> {
    pub host: &'a str,
    pub port: &'a str,
    pub dbname: &'a str,
    pub user: &'a str,
}

/// Looks up a password for `key` in the file at `path`. A missing file is no
/// match, silently, as in libpq.
pub fn lookup(path: &Path, key: &Key) -> Lookup {
    let Ok(meta) = std::fs::metadata(path) else {
        return Lookup::NoMatch;
    };
    if !meta.is_file() {
        return Lookup::Ignored(format!("{} is not a plain file", path.display()));
    }
    if meta.permissions().mode() & 0o077 != 0 {
        return Lookup::Ignored(format!(
            "{} was ignored because group or others can access it (chmod 0600 it)",
            path.display()
        ));
    }
    match std::fs::read(path) {
        Ok(bytes) => match find(&String::from_utf8_lossy(&bytes), key) {
            Some(password) => Lookup::Found(password),
            None => Lookup::NoMatch,
        },
        Err(e) => Lookup::Ignored(format!("{} could not be read: {e}", path.display())),
    }
}

/// The password of the first line of `text` that matches `key`.
pub fn find(text: &str, key: &Key) -> Option<String> {
    let wanted = [key.host, key.port, key.dbname, key.user];
    text.lines().filter(|l| !l.starts_with('#')).find_map(|line| {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let fields = split(line);
        if fields.len() < 5 {
            return None;
        }
        let matches = fields[..4].iter().zip(wanted).all(|(field, want)| field.matches(want));
        // Everything after the fourth separator is the password, colons included.
        matches.then(|| fields[4..].iter().map(|f| f.text.as_str()).collect::<Vec<_>>().join(":"))
    })
}

struct Field {
    text: String,
    /// The field was a bare `*` (an escaped `\*` is a literal star).
    wildcard: bool,
}

impl Field {
    fn matches(&self, value: &str) -> bool {
        self.wildcard || self.text == value
    }
}

fn split(line: &str) -> Vec<Field> {
    let mut fields = Vec::new();
    let mut text = String::new();
    let mut escaped_any = false;
    let mut chars = line.chars();
    let mut finish = |text: &mut String, escaped_any: &mut bool| {
        let wildcard = text == "*" && !*escaped_any;
        fields.push(Field { text: std::mem::take(text), wildcard });
        *escaped_any = false;
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                escaped_any = true;
                text.push(chars.next().unwrap_or('\\'));
            }
            ':' => finish(&mut text, &mut escaped_any),
            c => text.push(c),
        }
    }
    finish(&mut text, &mut escaped_any);
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key<'a>(host: &'a str, port: &'a str, dbname: &'a str, user: &'a str) -> Key<'a> {
        Key { host, port, dbname, user }
    }

    #[test]
    fn first_matching_line_wins_with_wildcards_and_escapes() {
        let text = "# comment\n\
                    db.example.com:5432:app:alice:first\n\
                    *:5432:*:alice:second\n\
                    h\\:x:*:*:*:pa\\:ss\\\\word\n\
                    *:*:*:*:with:colons\r\n\
                    short:line\n";
        assert_eq!(find(text, &key("db.example.com", "5432", "app", "alice")).as_deref(), Some("first"));
        assert_eq!(find(text, &key("other", "5432", "x", "alice")).as_deref(), Some("second"));
        assert_eq!(find(text, &key("h:x", "1", "d", "u")).as_deref(), Some("pa:ss\\word"));
        assert_eq!(find(text, &key("z", "1", "d", "bob")).as_deref(), Some("with:colons"));
        assert_eq!(find("\\*:*:*:*:p\n", &key("h", "1", "d", "u")), None, "an escaped star is literal");
        assert_eq!(find("\\*:*:*:*:p\n", &key("*", "1", "d", "u")).as_deref(), Some("p"));
        assert_eq!(find("h:1:d:u\n", &key("h", "1", "d", "u")), None, "no password field");
    }

    #[test]
    fn files_readable_by_others_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pgpass");
        std::fs::write(&path, "*:*:*:*:pw\n").unwrap();
        let k = key("h", "5432", "d", "u");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(lookup(&path, &k), Lookup::Ignored(why) if why.contains("chmod 0600")));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(lookup(&path, &k), Lookup::Found("pw".into()));
        assert_eq!(lookup(&dir.path().join("missing"), &k), Lookup::NoMatch);
        assert!(matches!(lookup(dir.path(), &k), Lookup::Ignored(_)));
    }
}
