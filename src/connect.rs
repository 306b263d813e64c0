//! The one connection builder: where a database's connection comes from, and
//! how a session is opened.
//!
//! Precedence, highest first: `--url`, the spec's `url:` (with `${VAR}`
//! expansion), `DATABASE_URL`, then libpq's environment (`PGHOST`, `PGPORT`,
//! `PGUSER`, `PGPASSWORD`, `PGDATABASE`, `PGCONNECT_TIMEOUT`, `PGAPPNAME`),
//! which also fills whatever a URL leaves out, as libpq does. A password is
//! never part of anything this module lets out: targets display as
//! `host:port/database as user`, and errors are built from those parts.

use crate::location::Located;
use postgres::config::Host;
use std::time::Duration;

/// Used when neither the connection string nor `PGCONNECT_TIMEOUT` sets one,
/// so an unreachable server fails in seconds rather than the OS's minutes.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Session limits applied before anything is read: a catalog read that waits
/// on a lock or runs away must not hold a production database.
#[derive(Debug, Clone, Copy)]
pub struct SessionLimits {
    pub statement_timeout: Duration,
    pub lock_timeout: Duration,
}

impl Default for SessionLimits {
    fn default() -> SessionLimits {
        SessionLimits { statement_timeout: Duration::from_secs(60), lock_timeout: Duration::from_secs(5) }
    }
}

#[derive(Debug, Clone)]
pub struct Target {
    pub config: postgres::Config,
    /// Where the connection string came from, for messages: `--url`, `url: (line 4)`, …
    pub source: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("{0}")]
    Resolve(String),
    #[error("could not connect to {target} ({via}): {reason}")]
    Connect { target: String, via: String, reason: String },
    #[error("{target}: {reason}")]
    Session { target: String, reason: String },
}

/// Picks the connection string for one database and fills it like libpq.
///
/// `spec_url` is the database's `url:` and the spec file it is written in
/// (for messages that point at it).
pub fn resolve(
    flag_url: Option<&str>,
    spec_url: Option<(&Located<String>, &std::path::Path)>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Target, ConnectError> {
    let (text, source) = if let Some(url) = flag_url {
        (url.to_string(), "--url".to_string())
    } else if let Some((url, file)) = spec_url {
        let at = format!("{}:{}", file.display(), url.at);
        let expanded = crate::spec::expand_env(&url.value, env)
            .map_err(|e| ConnectError::Resolve(format!("{at}: url: {e}; set it, or pass --url")))?;
        (expanded, format!("url at {at}"))
    } else if let Some(url) = env("DATABASE_URL").filter(|u| !u.is_empty()) {
        (url, "DATABASE_URL".to_string())
    } else {
        (String::new(), "the PG* environment".to_string())
    };
    let mut config: postgres::Config = if text.trim().is_empty() {
        postgres::Config::new()
    } else {
        text.parse().map_err(|e: postgres::Error| {
            ConnectError::Resolve(format!(
                "{source} is not a valid connection string: {}",
                redact(&e.to_string(), &text)
            ))
        })?
    };
    fill_from_env(&mut config, env);
    Ok(Target { config, source })
}

/// libpq's fallbacks for whatever the connection string left out.
fn fill_from_env(config: &mut postgres::Config, env: &dyn Fn(&str) -> Option<String>) {
    let get = |name: &str| env(name).filter(|v| !v.is_empty());
    if config.get_hosts().is_empty() {
        match get("PGHOST") {
            Some(hosts) => {
                for host in hosts.split(',') {
                    config.host(host.trim());
                }
            }
            None => {
                config.host(&default_host(config, &get));
            }
        }
    }
    if config.get_ports().is_empty()
        && let Some(port) = get("PGPORT").and_then(|p| p.parse().ok())
    {
        config.port(port);
    }
    if config.get_user().is_none() {
        let user = get("PGUSER").or_else(|| get("USER")).unwrap_or_else(|| "postgres".into());
        config.user(&user);
    }
    if config.get_password().is_none()
        && let Some(password) = get("PGPASSWORD")
    {
        config.password(password);
    }
    if config.get_dbname().is_none() {
        let dbname = get("PGDATABASE").or_else(|| config.get_user().map(str::to_string)).unwrap_or_default();
        config.dbname(&dbname);
    }
    if config.get_connect_timeout().is_none() {
        let secs = get("PGCONNECT_TIMEOUT").and_then(|s| s.parse::<u64>().ok()).filter(|s| *s > 0);
        config.connect_timeout(secs.map_or(DEFAULT_CONNECT_TIMEOUT, Duration::from_secs));
    }
    if config.get_application_name().is_none() {
        config.application_name(&get("PGAPPNAME").unwrap_or_else(|| "pgconform".into()));
    }
}

/// Like libpq: the local socket directory when a server listens there, else localhost.
fn default_host(config: &postgres::Config, get: &dyn Fn(&str) -> Option<String>) -> String {
    let port = config
        .get_ports()
        .first()
        .copied()
        .or_else(|| get("PGPORT").and_then(|p| p.parse().ok()))
        .unwrap_or(5432);
    ["/var/run/postgresql", "/tmp"]
        .into_iter()
        .find(|dir| std::path::Path::new(&format!("{dir}/.s.PGSQL.{port}")).exists())
        .unwrap_or("localhost")
        .to_string()
}

/// `host:port/database as user`: how a target appears in every message.
pub fn describe(config: &postgres::Config) -> String {
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .map(|h| match h {
            Host::Tcp(name) => name.clone(),
            Host::Unix(path) => path.display().to_string(),
        })
        .collect();
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!(
        "{}:{port}/{} as {}",
        hosts.join(","),
        config.get_dbname().unwrap_or(""),
        config.get_user().unwrap_or("")
    )
}

/// Opens a session with the limits set. TLS arrives with the connection layer
/// of a later release; until then `sslmode=require` fails here, loudly.
pub fn connect(target: &Target, limits: SessionLimits) -> Result<postgres::Client, ConnectError> {
    let where_ = describe(&target.config);
    let password = target.config.get_password().map(|p| String::from_utf8_lossy(p).into_owned());
    let clean = |e: postgres::Error| -> String {
        let text = error_text(&e);
        match &password {
            Some(p) if !p.is_empty() => text.replace(p.as_str(), "********"),
            _ => text,
        }
    };
    let mut client = target.config.connect(postgres::NoTls).map_err(|e| ConnectError::Connect {
        target: where_.clone(),
        via: target.source.clone(),
        reason: clean(e),
    })?;
    let settings = format!(
        "SET statement_timeout = {}; SET lock_timeout = {}",
        limits.statement_timeout.as_millis(),
        limits.lock_timeout.as_millis()
    );
    client
        .batch_execute(&settings)
        .map_err(|e| ConnectError::Session { target: where_, reason: clean(e) })?;
    Ok(client)
}

/// A server error with its detail, hint and SQLSTATE, else the error's own
/// words with their causes (tokio-postgres's own text is often just "db error").
pub fn error_text(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        let mut text = db.message().to_string();
        if let Some(detail) = db.detail() {
            text.push_str(&format!(" ({detail})"));
        }
        if let Some(hint) = db.hint() {
            text.push_str(&format!("; hint: {hint}"));
        }
        text.push_str(&format!(" (SQLSTATE {})", db.code().code()));
        return text;
    }
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text.push_str(&format!(": {more}"));
        }
        source = s.source();
    }
    text
}

/// Removes the password part of a connection string from a message that may
/// quote it (`postgres://user:secret@host` and `password=secret`).
pub fn redact(message: &str, connection_string: &str) -> String {
    let mut out = message.to_string();
    for secret in passwords_in(connection_string) {
        if !secret.is_empty() {
            out = out.replace(&secret, "********");
        }
    }
    out
}

fn passwords_in(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(rest) = text.split_once("://").map(|(_, r)| r) {
        let authority = rest.split(['/', '?']).next().unwrap_or("");
        if let Some((userinfo, _)) = authority.rsplit_once('@')
            && let Some((_, password)) = userinfo.split_once(':')
        {
            found.push(password.to_string());
            found.push(percent_decode(password));
        }
        if let Some(query) = rest.split_once('?').map(|(_, q)| q) {
            for pair in query.split('&') {
                if let Some(value) = pair.strip_prefix("password=") {
                    found.push(value.to_string());
                    found.push(percent_decode(value));
                }
            }
        }
    }
    for word in text.split_whitespace() {
        if let Some(value) = word.strip_prefix("password=") {
            found.push(value.trim_matches('\'').to_string());
        }
    }
    found
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::location::Location;
    use std::collections::HashMap;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn flag_beats_spec_beats_database_url() {
        let spec = Located::new("postgresql://s@spec-host/specdb".to_string(), Location::new(4, 10));
        let e = env(&[("DATABASE_URL", "postgresql://e@env-host/envdb")]);
        let t = resolve(
            Some("postgresql://f@flag-host/flagdb"),
            Some((&spec, std::path::Path::new("spec.yaml"))),
            &e,
        )
        .unwrap();
        assert_eq!(describe(&t.config), "flag-host:5432/flagdb as f");
        let t = resolve(None, Some((&spec, std::path::Path::new("spec.yaml"))), &e).unwrap();
        assert_eq!(describe(&t.config), "spec-host:5432/specdb as s");
        assert_eq!(t.source, "url at spec.yaml:4:10");
        let t = resolve(None, None, &e).unwrap();
        assert_eq!(describe(&t.config), "env-host:5432/envdb as e");
    }

    #[test]
    fn pg_environment_fills_what_the_url_leaves_out() {
        let e = env(&[
            ("PGHOST", "db.internal"),
            ("PGPORT", "6543"),
            ("PGUSER", "app"),
            ("PGDATABASE", "main"),
            ("PGPASSWORD", "pw"),
        ]);
        let t = resolve(None, None, &e).unwrap();
        assert_eq!(describe(&t.config), "db.internal:6543/main as app");
        assert_eq!(t.config.get_password(), Some(&b"pw"[..]));
        assert_eq!(t.config.get_application_name(), Some("pgconform"));
        assert_eq!(t.config.get_connect_timeout(), Some(&DEFAULT_CONNECT_TIMEOUT));
        let t = resolve(Some("host=other dbname=x"), None, &e).unwrap();
        assert_eq!(describe(&t.config), "other:6543/x as app");
    }

    #[test]
    fn spec_urls_expand_the_environment_and_name_what_is_missing() {
        let spec = Located::new("${APP_DB}".to_string(), Location::new(3, 10));
        let t = resolve(
            None,
            Some((&spec, std::path::Path::new("spec.yaml"))),
            &env(&[("APP_DB", "postgresql://u@h:1/d")]),
        )
        .unwrap();
        assert_eq!(describe(&t.config), "h:1/d as u");
        let err = resolve(None, Some((&spec, std::path::Path::new("spec.yaml"))), &env(&[]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("APP_DB is not set") && err.contains("spec.yaml:3:10: url:"), "{err}");
    }

    #[test]
    fn passwords_are_redacted_from_messages() {
        let url = "postgresql://bob:s3cr%21t@host/db";
        assert_eq!(
            redact("bad url postgresql://bob:s3cr%21t@host/db", url),
            "bad url postgresql://bob:********@host/db"
        );
        assert_eq!(redact("x s3cr!t y", url), "x ******** y");
        assert_eq!(redact("password=hunter2 host=x", "host=x password=hunter2"), "password=******** host=x");
        let err = resolve(Some("postgresql://bob:hunter2@host:notaport/db"), None, &env(&[]))
            .unwrap_err()
            .to_string();
        assert!(!err.contains("hunter2"), "{err}");
    }
}
