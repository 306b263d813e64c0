//! Connection strings as libpq reads them, in both forms: URLs
//! (`postgresql://user:pw@h1:5432,h2/db?sslmode=require`) and keyword/value
//! strings (`host=h1,h2 dbname='my db' sslmode = require`).
//!
//! Parsing only splits the text into known keywords and their raw values;
//! what a value means (a port number, an sslmode) is checked where the
//! parameters are resolved, so that values from the environment get the same
//! checks. Unknown keywords are errors, as in libpq: a typo such as `sslmod`
//! must never silently turn verification off.

use std::fmt;

/// Every keyword pgconform acts on.
pub const SUPPORTED: &[&str] = &[
    "host",
    "hostaddr",
    "port",
    "dbname",
    "user",
    "password",
    "passfile",
    "connect_timeout",
    "application_name",
    "fallback_application_name",
    "options",
    "client_encoding",
    "sslmode",
    "sslnegotiation",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "sslpassword",
    "sslcrl",
    "sslsni",
    "sslcompression",
    "ssl_min_protocol_version",
    "ssl_max_protocol_version",
    "gssencmode",
    "channel_binding",
    "target_session_attrs",
    "load_balance_hosts",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_count",
    "tcp_user_timeout",
];

/// libpq keywords pgconform knows but does not implement: naming them gets a
/// clearer error than "invalid connection option".
const UNSUPPORTED: &[&str] = &[
    "service",
    "sslcrldir",
    "sslcertmode",
    "sslkeylogfile",
    "requirepeer",
    "require_auth",
    "krbsrvname",
    "gsslib",
    "gssdelegation",
    "replication",
    "min_protocol_version",
    "max_protocol_version",
];

/// Why a connection string could not be read. Never holds a value: a value
/// may be the password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    UnknownOption {
        keyword: String,
        suggestion: Option<&'static str>,
    },
    UnsupportedOption(String),
    MissingEquals {
        keyword: String,
    },
    /// A word after a password value that is not `keyword=value`: most
    /// likely the rest of a password with a space, so it is not repeated.
    AfterPassword,
    UnterminatedQuote,
    BadUrl(String),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::UnknownOption { keyword, suggestion } => {
                write!(f, "invalid connection option \"{keyword}\"")?;
                if let Some(near) = suggestion {
                    write!(f, " (did you mean \"{near}\"?)")?;
                }
                Ok(())
            }
            ParseError::UnsupportedOption(keyword) => {
                write!(f, "connection option \"{keyword}\" is not supported by pgconform")
            }
            ParseError::MissingEquals { keyword } => {
                write!(f, "missing \"=\" after \"{keyword}\" in the connection string")
            }
            ParseError::AfterPassword => f.write_str(
                "unexpected text after the password in the connection string (quote a password that holds spaces: password='…')",
            ),
            ParseError::UnterminatedQuote => f.write_str("unterminated quoted string in the connection string"),
            ParseError::BadUrl(why) => write!(f, "invalid connection URL: {why}"),
        }
    }
}

/// The keyword/value pairs of a connection string, in order; a later
/// duplicate wins, as in libpq.
pub type Pairs = Vec<(&'static str, String)>;

/// Reads either form: a URL when the text starts with `postgresql://` or
/// `postgres://`, else keyword/value pairs. Empty text gives no pairs.
pub fn parse(text: &str) -> Result<Pairs, ParseError> {
    match url_rest(text) {
        Some(rest) => parse_url(rest),
        None => parse_keywords(text),
    }
}

/// Whether `text` is a URL (the rest after the scheme), by libpq's rule.
fn url_rest(text: &str) -> Option<&str> {
    ["postgresql://", "postgres://"].iter().find_map(|scheme| {
        text.get(..scheme.len())
            .filter(|head| head.eq_ignore_ascii_case(scheme))
            .map(|_| &text[scheme.len()..])
    })
}

/// The canonical spelling of a known keyword, or why it is refused.
pub fn keyword(name: &str) -> Result<&'static str, ParseError> {
    if let Some(known) = SUPPORTED.iter().find(|k| **k == name) {
        return Ok(known);
    }
    if UNSUPPORTED.contains(&name) {
        return Err(ParseError::UnsupportedOption(name.to_string()));
    }
    let suggestion = crate::spec::suggest(name, SUPPORTED);
    Err(ParseError::UnknownOption { keyword: name.to_string(), suggestion })
}

fn parse_keywords(text: &str) -> Result<Pairs, ParseError> {
    let mut pairs = Vec::new();
    let mut chars = text.chars().peekable();
    // Whether the last value was an unquoted password: the next word may
    // then be the rest of a password with a space, not to be echoed.
    let mut after_password = false;
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            return Ok(pairs);
        }
        let mut name = String::new();
        while let Some(c) = chars.next_if(|c| !c.is_whitespace() && *c != '=') {
            name.push(c);
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next() != Some('=') {
            return Err(if after_password {
                ParseError::AfterPassword
            } else {
                ParseError::MissingEquals { keyword: name }
            });
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        let quoted = chars.next_if_eq(&'\'').is_some();
        if quoted {
            loop {
                match chars.next() {
                    None => return Err(ParseError::UnterminatedQuote),
                    Some('\'') => break,
                    Some('\\') => value.push(chars.next().ok_or(ParseError::UnterminatedQuote)?),
                    Some(c) => value.push(c),
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                if c == '\\' {
                    // A trailing backslash escapes nothing and is kept.
                    value.push(chars.next().unwrap_or('\\'));
                } else {
                    value.push(c);
                }
            }
        }
        let known = keyword(&name).map_err(|e| if after_password { ParseError::AfterPassword } else { e })?;
        after_password = !quoted && (known == "password" || known == "sslpassword");
        pairs.push((known, value));
    }
}

fn parse_url(rest: &str) -> Result<Pairs, ParseError> {
    let mut pairs = Vec::new();
    let (before_query, query) = match rest.split_once('?') {
        Some((head, query)) => (head, Some(query)),
        None => (rest, None),
    };
    let (authority, path) = match before_query.find('/') {
        Some(slash) => (&before_query[..slash], Some(&before_query[slash + 1..])),
        None => (before_query, None),
    };
    // The last `@` ends the user part, so an unencoded `@` in a password
    // still reads as the user meant.
    let hostlist = match authority.rsplit_once('@') {
        Some((userinfo, hosts)) => {
            let (user, password) = match userinfo.split_once(':') {
                Some((user, password)) => (user, Some(password)),
                None => (userinfo, None),
            };
            if !user.is_empty() {
                pairs.push(("user", decode(user, "the user name")?));
            }
            if let Some(password) = password {
                pairs.push(("password", decode(password, "the password")?));
            }
            hosts
        }
        None => authority,
    };
    let (hosts, ports) = split_hosts(hostlist)?;
    // A URL with no host at all leaves it to the environment and defaults.
    if hosts.iter().any(|h| !h.is_empty()) || hosts.len() > 1 {
        pairs.push(("host", hosts.join(",")));
    }
    if ports.iter().any(|p| !p.is_empty()) {
        pairs.push(("port", ports.join(",")));
    }
    if let Some(path) = path.filter(|p| !p.is_empty()) {
        pairs.push(("dbname", decode(path, "the database name")?));
    }
    for param in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let Some((name, value)) = param.split_once('=') else {
            return Err(ParseError::BadUrl(format!(
                "missing \"=\" in query parameter \"{}\"",
                decode(param, "a query parameter").unwrap_or_default()
            )));
        };
        let name = decode(name, "a query parameter")?;
        let value = decode(value, "a query parameter value")?;
        // JDBC's spelling, which libpq also accepts.
        if name == "ssl" && value == "true" {
            pairs.push(("sslmode", "require".to_string()));
            continue;
        }
        pairs.push((keyword(&name)?, value));
    }
    Ok(pairs)
}

/// `h1:5432,[::1]:5433,%2Ftmp` → hosts and ports, each list as long as the
/// other, empty where left out.
fn split_hosts(list: &str) -> Result<(Vec<String>, Vec<String>), ParseError> {
    let mut hosts = Vec::new();
    let mut ports = Vec::new();
    for item in list.split(',') {
        let (host, port) = if let Some(inner) = item.strip_prefix('[') {
            let Some((addr, after)) = inner.split_once(']') else {
                return Err(ParseError::BadUrl(format!("missing \"]\" in IPv6 host address \"{item}\"")));
            };
            if addr.is_empty() {
                return Err(ParseError::BadUrl("empty IPv6 host address \"[]\"".into()));
            }
            let port = match after {
                "" => "",
                _ => after.strip_prefix(':').ok_or_else(|| {
                    ParseError::BadUrl(format!("unexpected \"{after}\" after IPv6 host address [{addr}]"))
                })?,
            };
            (addr, port)
        } else {
            match item.split_once(':') {
                Some((host, port)) => (host, port),
                None => (item, ""),
            }
        };
        hosts.push(decode(host, "a host name")?);
        ports.push(decode(port, "a port")?);
    }
    Ok((hosts, ports))
}

/// Percent-decoding; a `%` not followed by two hex digits is an error, as in
/// libpq. `what` names the part for the message, never its value.
pub fn decode(text: &str, what: &str) -> Result<String, ParseError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let byte = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| ParseError::BadUrl(format!("invalid percent-encoding in {what}")))?;
            if byte == 0 {
                return Err(ParseError::BadUrl(format!("forbidden %00 in {what}")));
            }
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| ParseError::BadUrl(format!("{what} is not UTF-8 once decoded")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get<'p>(pairs: &'p Pairs, key: &str) -> Option<&'p str> {
        pairs.iter().rev().find(|(k, _)| *k == key).map(|(_, v)| v.as_str())
    }

    #[test]
    fn urls_with_every_part() {
        let p = parse("postgresql://bob:s%40cr%3At@db.example.com:6543/my%20db?sslmode=verify-full&application_name=x%26y")
            .unwrap();
        assert_eq!(get(&p, "user"), Some("bob"));
        assert_eq!(get(&p, "password"), Some("s@cr:t"));
        assert_eq!(get(&p, "host"), Some("db.example.com"));
        assert_eq!(get(&p, "port"), Some("6543"));
        assert_eq!(get(&p, "dbname"), Some("my db"));
        assert_eq!(get(&p, "sslmode"), Some("verify-full"));
        assert_eq!(get(&p, "application_name"), Some("x&y"));
        // The short scheme, upper case, and an unencoded `@` in the password.
        let p = parse("POSTGRES://u:p@ss@h/d").unwrap();
        assert_eq!(
            (get(&p, "user"), get(&p, "password"), get(&p, "host")),
            (Some("u"), Some("p@ss"), Some("h"))
        );
    }

    #[test]
    fn urls_with_many_hosts_ipv6_and_sockets() {
        let p = parse("postgresql://h1:5433,[::1]:5434,h3/db").unwrap();
        assert_eq!(get(&p, "host"), Some("h1,::1,h3"));
        assert_eq!(get(&p, "port"), Some("5433,5434,"));
        let p = parse("postgresql://[2001:db8::7]/db").unwrap();
        assert_eq!(get(&p, "host"), Some("2001:db8::7"));
        assert_eq!(get(&p, "port"), None);
        let p = parse("postgresql://%2Fvar%2Frun%2Fpostgresql/db").unwrap();
        assert_eq!(get(&p, "host"), Some("/var/run/postgresql"));
        let p = parse("postgresql:///db?host=/tmp&port=5444").unwrap();
        assert_eq!(
            (get(&p, "host"), get(&p, "port"), get(&p, "dbname")),
            (Some("/tmp"), Some("5444"), Some("db"))
        );
        let p = parse("postgresql://").unwrap();
        assert!(p.is_empty(), "{p:?}");
        assert!(matches!(parse("postgresql://[::1/db"), Err(ParseError::BadUrl(_))));
        assert!(matches!(parse("postgresql://[::1]x/db"), Err(ParseError::BadUrl(_))));
    }

    #[test]
    fn url_errors_name_the_part_not_the_value() {
        let err = parse("postgresql://u:se%zzcret@h/d").unwrap_err().to_string();
        assert!(err.contains("percent-encoding in the password") && !err.contains("cret"), "{err}");
        let err = parse("postgresql://h/d?sslmod=require").unwrap_err().to_string();
        assert_eq!(err, "invalid connection option \"sslmod\" (did you mean \"sslmode\"?)");
        let err = parse("postgresql://h/d?service=x").unwrap_err().to_string();
        assert_eq!(err, "connection option \"service\" is not supported by pgconform");
        assert!(matches!(parse("postgresql://h/d?sslmode"), Err(ParseError::BadUrl(_))));
        assert_eq!(get(&parse("postgresql://h/d?ssl=true").unwrap(), "sslmode"), Some("require"));
    }

    #[test]
    fn keyword_value_strings() {
        let p = parse("host=h1,h2  port = 5433 dbname='my db' password='it\\'s \\\\ x' user=a\\ b").unwrap();
        assert_eq!(get(&p, "host"), Some("h1,h2"));
        assert_eq!(get(&p, "port"), Some("5433"));
        assert_eq!(get(&p, "dbname"), Some("my db"));
        assert_eq!(get(&p, "password"), Some("it's \\ x"));
        assert_eq!(get(&p, "user"), Some("a b"));
        // Later duplicates win; empty quoted values are values.
        let p = parse("dbname=a dbname=b options=''").unwrap();
        assert_eq!((get(&p, "dbname"), get(&p, "options")), (Some("b"), Some("")));
        assert!(parse("  ").unwrap().is_empty());
    }

    #[test]
    fn keyword_value_errors() {
        assert_eq!(parse("host=h foo=1").unwrap_err().to_string(), "invalid connection option \"foo\"");
        assert_eq!(
            parse("host=h dbname").unwrap_err().to_string(),
            "missing \"=\" after \"dbname\" in the connection string"
        );
        assert_eq!(parse("mydb").unwrap_err(), ParseError::MissingEquals { keyword: "mydb".into() });
        assert_eq!(parse("password='secret").unwrap_err(), ParseError::UnterminatedQuote);
        assert_eq!(parse("password=two words host=h").unwrap_err(), ParseError::AfterPassword);
        assert_eq!(parse("password=two wo=rds").unwrap_err(), ParseError::AfterPassword);
        let err = parse("password='secret' hots=x").unwrap_err().to_string();
        assert!(err.contains("\"hots\"") && err.contains("\"host\"") && !err.contains("secret"), "{err}");
    }
}
