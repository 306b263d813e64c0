//! The one connection builder: where a database's connection comes from, and
//! how a session is opened, the way libpq does it.
//!
//! Precedence, highest first: `--url`, the spec's `url:` (with `${VAR}`
//! expansion), `DATABASE_URL`, then libpq's environment (`PGHOST`, `PGPORT`,
//! `PGSSLMODE`, …), which also fills whatever a connection string leaves
//! out, as libpq does. The parts:
//!
//! - [`conninfo`] reads connection strings (URLs and `key=value`);
//! - [`params`] merges them with the environment and defaults, and checks them;
//! - [`pgpass`] finds a password in `~/.pgpass`;
//! - [`tls`] sets up rustls for the `sslmode`;
//! - this file resolves targets and opens sessions, host by host.
//!
//! A password is never part of anything this module lets out: targets display
//! as `host:port/database as user`, [`params::Secret`] hides itself from
//! `{:?}`, and connection errors have the password replaced.

pub mod conninfo;
pub mod params;
pub mod pgpass;
pub mod tls;

use crate::location::Located;
use params::{Endpoint, HostName, Params, SessionAttrs, SslMode};
use std::sync::Arc;
use std::time::Duration;

pub use params::DEFAULT_CONNECT_TIMEOUT;

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

/// A database to connect to: checked parameters, and where they came from.
#[derive(Debug, Clone)]
pub struct Target {
    pub params: Params,
    /// Where the connection string came from, for messages: `--url`, `url at spec.yaml:4:10`, …
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
    let params = params::resolve(&text, env).map_err(|e| {
        ConnectError::Resolve(format!("{source} is not a valid connection string: {}", redact(&e, &text)))
    })?;
    Ok(Target { params, source })
}

/// `host:port/database as user`: how a target appears in every message.
pub fn describe(params: &Params) -> String {
    let hosts: Vec<String> = params.endpoints.iter().map(endpoint_text).collect();
    format!("{}/{} as {}", hosts.join(","), params.dbname, params.user)
}

fn endpoint_text(endpoint: &Endpoint) -> String {
    let port = endpoint.port;
    match &endpoint.host {
        HostName::Tcp(name) if name.contains(':') => format!("[{name}]:{port}"),
        HostName::Tcp(name) => format!("{name}:{port}"),
        HostName::Unix(dir) => format!("{}:{port}", dir.display()),
    }
}

/// How to cancel `client`'s running query, the way it connected (TLS or not),
/// for Ctrl-C (`interrupt`).
pub fn canceller(client: &postgres::Client, target: &Target) -> crate::interrupt::Cancel {
    let token = client.cancel_token();
    let tls = tls::client_config(&target.params.ssl).ok().flatten().map(|(config, _)| config);
    Box::new(move || {
        let _ = match &tls {
            Some(config) => token.cancel_query(tokio_postgres_rustls::MakeRustlsConnect::new(config.clone())),
            None => token.cancel_query(postgres::NoTls),
        };
    })
}

/// Opens a session with the limits set, trying the hosts in order (or
/// shuffled, with `load_balance_hosts=random`) until one accepts and suits
/// `target_session_attrs`, as libpq does.
pub fn connect(target: &Target, limits: SessionLimits) -> Result<postgres::Client, ConnectError> {
    let p = &target.params;
    let failed =
        |reason: String| ConnectError::Connect { target: describe(p), via: target.source.clone(), reason };
    let tls = tls::client_config(&p.ssl)
        .map_err(|e| failed(format!("sslmode={}: {e}", p.ssl.mode.name())))?
        .map(|(config, checks)| (Arc::new(config), checks));
    let mut order: Vec<&Endpoint> = p.endpoints.iter().collect();
    if p.load_balance_random {
        shuffle(&mut order);
    }
    let passes: &[SessionAttrs] = match p.target_session_attrs {
        SessionAttrs::PreferStandby => &[SessionAttrs::Standby, SessionAttrs::Any],
        ref attrs => std::slice::from_ref(attrs),
    };
    let mut errors = Vec::new();
    for attrs in passes {
        for endpoint in &order {
            match attempt(p, endpoint, tls.as_ref(), *attrs) {
                Ok(mut client) => {
                    let settings = format!(
                        "SET statement_timeout = {}; SET lock_timeout = {}",
                        limits.statement_timeout.as_millis(),
                        limits.lock_timeout.as_millis()
                    );
                    client.batch_execute(&settings).map_err(|e| ConnectError::Session {
                        target: describe(p),
                        reason: hide_password(error_text(&e), p.password.as_ref().map(|s| s.expose())),
                    })?;
                    return Ok(client);
                }
                Err(reason) => errors.push((endpoint_text(endpoint), reason)),
            }
        }
    }
    let reason = match errors.as_slice() {
        [(_, only)] => only.clone(),
        many => many.iter().map(|(host, why)| format!("{host}: {why}")).collect::<Vec<_>>().join("; "),
    };
    Err(failed(reason))
}

/// One host: its password (given, or from `.pgpass`), its TLS, its checks.
/// The error is the message, password already removed.
fn attempt(
    p: &Params,
    endpoint: &Endpoint,
    tls: Option<&(Arc<rustls::ClientConfig>, tls::Checks)>,
    attrs: SessionAttrs,
) -> Result<postgres::Client, String> {
    let (password, pgpass_note) = password_for(p, endpoint);
    let mut config = postgres::Config::new();
    match &endpoint.host {
        HostName::Tcp(name) => config.host(name),
        HostName::Unix(dir) => config.host_path(dir),
    };
    if let Some(addr) = endpoint.hostaddr {
        config.hostaddr(addr);
    }
    config.port(endpoint.port).user(&p.user).dbname(&p.dbname).application_name(&p.application_name);
    if let Some(options) = &p.options {
        config.options(options);
    }
    if let Some(password) = &password {
        config.password(password.as_str());
    }
    if let Some(timeout) = p.connect_timeout {
        config.connect_timeout(timeout);
    }
    config.keepalives(p.keepalives.enabled);
    if let Some(idle) = p.keepalives.idle {
        config.keepalives_idle(idle);
    }
    if let Some(interval) = p.keepalives.interval {
        config.keepalives_interval(interval);
    }
    if let Some(count) = p.keepalives.count {
        config.keepalives_retries(count);
    }
    if let Some(timeout) = p.tcp_user_timeout {
        config.tcp_user_timeout(timeout);
    }
    config.channel_binding(match p.channel_binding {
        params::ChannelBinding::Disable => postgres::config::ChannelBinding::Disable,
        params::ChannelBinding::Prefer => postgres::config::ChannelBinding::Prefer,
        params::ChannelBinding::Require => postgres::config::ChannelBinding::Require,
    });
    if p.ssl.direct {
        config.ssl_negotiation(postgres::config::SslNegotiation::Direct);
    }
    use postgres::config::SslMode as Wire;
    // libpq never uses TLS over a Unix socket, whatever the sslmode.
    let unix = matches!(endpoint.host, HostName::Unix(_));
    let (first, then) = match p.ssl.mode {
        _ if unix => (Wire::Disable, None),
        SslMode::Disable => (Wire::Disable, None),
        SslMode::Allow => (Wire::Disable, Some(Wire::Require)),
        SslMode::Prefer => (Wire::Prefer, None),
        SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => (Wire::Require, None),
    };
    let tls_config = tls.map(|(config, _)| config.clone());
    let mut outcome = open(config.clone().ssl_mode(first).clone(), tls_config.clone(), p.connect_timeout);
    // `allow`: a server that refuses the plain session gets a TLS one.
    if let (Err(Failure::Postgres(e)), Some(mode)) = (&outcome, then)
        && e.as_db_error().is_some()
    {
        outcome = open(config.ssl_mode(mode).clone(), tls_config, p.connect_timeout);
    }
    let host = match &endpoint.host {
        HostName::Tcp(name) => name.clone(),
        HostName::Unix(dir) => dir.display().to_string(),
    };
    let mut client = outcome.map_err(|failure| {
        let text = match failure {
            Failure::TimedOut(after) => {
                format!("timeout expired: no answer within {} s (connect_timeout)", after.as_secs())
            }
            Failure::Other(why) => why,
            Failure::Postgres(e) => {
                explain(&e, p, &host, tls.map(|(_, checks)| checks), pgpass_note.as_deref())
            }
        };
        hide_password(text, password.as_deref())
    })?;
    check_session_attrs(&mut client, attrs).map_err(|e| hide_password(e, password.as_deref()))?;
    Ok(client)
}

/// The password for `endpoint`: the one given, else the password file's
/// (looked up per host, as libpq does). The note says why the file was
/// skipped, for the error message if the server then wants a password.
fn password_for(p: &Params, endpoint: &Endpoint) -> (Option<String>, Option<String>) {
    if let Some(password) = &p.password {
        return (Some(password.expose().to_string()), None);
    }
    let Some(passfile) = &p.passfile else {
        return (None, None);
    };
    let host = match &endpoint.host {
        HostName::Tcp(name) => name.clone(),
        HostName::Unix(dir) if params::is_default_socket_dir(dir) => "localhost".to_string(),
        HostName::Unix(dir) => dir.display().to_string(),
    };
    let port = endpoint.port.to_string();
    let key = pgpass::Key { host: &host, port: &port, dbname: &p.dbname, user: &p.user };
    match pgpass::lookup(passfile, &key) {
        pgpass::Lookup::Found(password) => (Some(password), None),
        pgpass::Lookup::NoMatch => (None, None),
        pgpass::Lookup::Ignored(why) => (None, Some(why)),
    }
}

enum Failure {
    Postgres(postgres::Error),
    TimedOut(Duration),
    Other(String),
}

/// Connects with `config`, giving up after `limit`: tokio-postgres bounds
/// only the TCP connect, while libpq's connect_timeout also covers a server
/// (or a TLS proxy) that accepts the connection and then says nothing.
fn open(
    config: postgres::Config,
    tls: Option<Arc<rustls::ClientConfig>>,
    limit: Option<Duration>,
) -> Result<postgres::Client, Failure> {
    let run = move || match tls {
        Some(tls) => config.connect(tokio_postgres_rustls::MakeRustlsConnect::new((*tls).clone())),
        None => config.connect(postgres::NoTls),
    };
    let Some(limit) = limit else {
        return run().map_err(Failure::Postgres);
    };
    let (sender, receiver) = std::sync::mpsc::channel();
    // If the deadline passes, the thread is left to finish on its own: its
    // late result goes nowhere, and the session it may open is dropped.
    std::thread::Builder::new()
        .name("pgconform-connect".into())
        .spawn(move || {
            let _ = sender.send(run());
        })
        .map_err(|e| Failure::Other(format!("cannot start a thread to connect in: {e}")))?;
    // A little slack, so the TCP connect's own timeout reports first.
    match receiver.recv_timeout(limit + Duration::from_millis(500)) {
        Ok(result) => result.map_err(Failure::Postgres),
        Err(_) => Err(Failure::TimedOut(limit)),
    }
}

/// The reason a connection failed, in words that say what to do: TLS
/// failures name the sslmode and the cause, a missing password mentions a
/// skipped `.pgpass`.
fn explain(
    e: &postgres::Error,
    p: &Params,
    host: &str,
    checks: Option<&tls::Checks>,
    pgpass_note: Option<&str>,
) -> String {
    let mode = p.ssl.mode.name();
    let mut text = if let Some(why) = tls::explain(e, host, checks.unwrap_or(&tls::Checks::Nothing)) {
        format!("sslmode={mode}: {why}")
    } else {
        let text = error_text(e);
        if text.contains("server does not support TLS") {
            format!("sslmode={mode}: the server does not support SSL, and sslmode={mode} requires it")
        } else if text.contains("password missing") {
            "the server asks for a password and none was given (password in the connection string, PGPASSWORD or ~/.pgpass)"
                .to_string()
        } else {
            text
        }
    };
    let wants_password = e.as_db_error().is_some_and(|db| db.code().code() == "28P01")
        || error_text(e).contains("password missing");
    if wants_password && let Some(note) = pgpass_note {
        text.push_str(&format!(" ({note})"));
    }
    text
}

/// `target_session_attrs`: whether this server is the kind asked for.
fn check_session_attrs(client: &mut postgres::Client, attrs: SessionAttrs) -> Result<(), String> {
    let query = |client: &mut postgres::Client, sql: &str| -> Result<String, String> {
        let rows = client.simple_query(sql).map_err(|e| error_text(&e))?;
        rows.iter()
            .find_map(|m| match m {
                postgres::SimpleQueryMessage::Row(row) => row.get(0).map(str::to_string),
                _ => None,
            })
            .ok_or_else(|| format!("no answer to {sql}"))
    };
    let (sql, wanted, refusal) = match attrs {
        SessionAttrs::Any | SessionAttrs::PreferStandby => return Ok(()),
        SessionAttrs::ReadWrite => ("SHOW transaction_read_only", "off", "the session is read-only"),
        SessionAttrs::ReadOnly => ("SHOW transaction_read_only", "on", "the session is not read-only"),
        SessionAttrs::Primary => ("SELECT pg_is_in_recovery()", "f", "the server is a standby"),
        SessionAttrs::Standby => ("SELECT pg_is_in_recovery()", "t", "the server is not a standby"),
    };
    let answer = query(client, sql)?;
    if answer == wanted { Ok(()) } else { Err(format!("{refusal} (target_session_attrs)")) }
}

/// A cheap shuffle for `load_balance_hosts=random`: spreading load needs no
/// strong randomness, and std's hasher keys are random per process.
fn shuffle<T>(items: &mut [T]) {
    use std::hash::{BuildHasher, Hasher};
    let state = std::collections::hash_map::RandomState::new();
    for i in (1..items.len()).rev() {
        let mut hasher = state.build_hasher();
        hasher.write_usize(i);
        let j = (hasher.finish() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

fn hide_password(text: String, password: Option<&str>) -> String {
    match password {
        Some(p) if !p.is_empty() => text.replace(p, "********"),
        _ => text,
    }
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
    let mut secrets = passwords_in(connection_string);
    // Longest first, so that a password containing another is replaced whole.
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for secret in secrets {
        if !secret.is_empty() {
            out = out.replace(&secret, "********");
        }
    }
    out
}

/// Every spelling of a password a connection string may hold: as parsed,
/// and as written (still percent-encoded or quoted), even when the string as
/// a whole does not parse.
fn passwords_in(text: &str) -> Vec<String> {
    let mut found: Vec<String> = conninfo::parse(text)
        .map(|pairs| {
            pairs
                .into_iter()
                .filter(|(k, _)| *k == "password" || *k == "sslpassword")
                .map(|(_, v)| v)
                .collect()
        })
        .unwrap_or_default();
    if let Some(rest) = text.split_once("://").map(|(_, r)| r) {
        let authority = rest.split(['/', '?']).next().unwrap_or("");
        if let Some((userinfo, _)) = authority.rsplit_once('@')
            && let Some((_, password)) = userinfo.split_once(':')
        {
            found.push(password.to_string());
            found.extend(conninfo::decode(password, "").ok());
        }
        if let Some(query) = rest.split_once('?').map(|(_, q)| q) {
            for pair in query.split('&') {
                if let Some(value) =
                    pair.strip_prefix("password=").or_else(|| pair.strip_prefix("sslpassword="))
                {
                    found.push(value.to_string());
                    found.extend(conninfo::decode(value, "").ok());
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
        assert_eq!(describe(&t.params), "flag-host:5432/flagdb as f");
        let t = resolve(None, Some((&spec, std::path::Path::new("spec.yaml"))), &e).unwrap();
        assert_eq!(describe(&t.params), "spec-host:5432/specdb as s");
        assert_eq!(t.source, "url at spec.yaml:4:10");
        let t = resolve(None, None, &e).unwrap();
        assert_eq!(describe(&t.params), "env-host:5432/envdb as e");
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
        assert_eq!(describe(&t.params), "db.internal:6543/main as app");
        assert_eq!(t.params.password.as_ref().map(|s| s.expose()), Some("pw"));
        assert_eq!(t.params.application_name, "pgconform");
        assert_eq!(t.params.connect_timeout, Some(DEFAULT_CONNECT_TIMEOUT));
        let t = resolve(Some("host=other dbname=x"), None, &e).unwrap();
        assert_eq!(describe(&t.params), "other:6543/x as app");
        let t = resolve(Some("postgresql://u@[::1]:7,h2/d"), None, &e).unwrap();
        // As libpq: a port list that leaves one out means the default there.
        assert_eq!(describe(&t.params), "[::1]:7,h2:5432/d as u");
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
        assert_eq!(describe(&t.params), "h:1/d as u");
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
        assert_eq!(redact("it's a secret", "password='it\\'s a secret'"), "********");
        for bad in [
            "postgresql://bob:hunter2@host:notaport/db",
            "postgresql://bob:hunter2@host/db?sslmode=sometimes",
            "host=h password=hunter2 sslmode=sometimes",
            "host=h password=hunter2 and more",
            "host=h password='hunter2",
        ] {
            let err = resolve(Some(bad), None, &env(&[])).unwrap_err().to_string();
            assert!(!err.contains("hunter2"), "{bad}: {err}");
            assert!(err.starts_with("--url is not a valid connection string: "), "{err}");
        }
        let t = resolve(Some("postgresql://bob:hunter2@host/db"), None, &env(&[])).unwrap();
        assert!(!format!("{t:?}").contains("hunter2"));
    }

    #[test]
    fn connection_failures_name_the_host_and_hide_the_password() {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let url = format!("postgresql://bob:hunter2@127.0.0.1:{port},127.0.0.1:{}/db?sslmode=disable", port);
        let t = resolve(Some(&url), None, &env(&[])).unwrap();
        let err = connect(&t, SessionLimits::default()).err().expect("no connection").to_string();
        assert!(
            err.starts_with(&format!(
                "could not connect to 127.0.0.1:{port},127.0.0.1:{port}/db as bob (--url): 127.0.0.1:{port}: "
            )),
            "{err}"
        );
        assert!(err.contains("refused") && !err.contains("hunter2"), "{err}");
    }

    #[test]
    fn a_silent_server_times_out() {
        // Accepts the TCP connection, then never answers the startup packet.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let t = resolve(
            Some(&format!("host=127.0.0.1 port={port} connect_timeout=2 sslmode=disable")),
            None,
            &env(&[]),
        )
        .unwrap();
        let started = std::time::Instant::now();
        let err = connect(&t, SessionLimits::default()).err().expect("no connection").to_string();
        assert!(err.contains("timeout expired") && err.contains("2 s"), "{err}");
        assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
        drop(listener);
    }

    #[test]
    fn pgpass_is_read_per_host_and_the_default_socket_is_localhost() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let passfile = dir.path().join("pgpass");
        std::fs::write(
            &passfile,
            "localhost:5432:app:me:local\n/run/pg:5432:*:me:socket\ndb.internal:*:*:me:remote\n",
        )
        .unwrap();
        std::fs::set_permissions(&passfile, std::fs::Permissions::from_mode(0o600)).unwrap();
        let vars = [("PGPASSFILE", passfile.to_str().unwrap())];
        let t = resolve(
            Some("host=/var/run/postgresql,/run/pg,db.internal,other dbname=app user=me"),
            None,
            &env(&vars),
        )
        .unwrap();
        let found: Vec<Option<String>> =
            t.params.endpoints.iter().map(|e| password_for(&t.params, e).0).collect();
        assert_eq!(found, [Some("local".into()), Some("socket".into()), Some("remote".into()), None]);
        // A password given wins over the file.
        let t =
            resolve(Some("host=db.internal dbname=app user=me password=given"), None, &env(&vars)).unwrap();
        assert_eq!(password_for(&t.params, &t.params.endpoints[0]).0.as_deref(), Some("given"));
    }

    #[test]
    fn shuffle_keeps_every_item() {
        let mut items: Vec<u32> = (0..20).collect();
        shuffle(&mut items);
        let mut sorted = items.clone();
        sorted.sort();
        assert_eq!(sorted, (0..20).collect::<Vec<_>>());
    }
}
