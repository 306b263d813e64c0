//! Turns a parsed connection string plus libpq's environment variables and
//! defaults into typed, checked connection parameters.
//!
//! Every value is checked here, whichever place it came from, and an error
//! names that place (`sslmode` in the connection string, or `PGSSLMODE`) and
//! the value, except for secrets, which no message ever shows.

use super::conninfo::{self, Pairs};
use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Used when neither the connection string nor `PGCONNECT_TIMEOUT` sets one,
/// so an unreachable server fails in seconds rather than the OS's minutes.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The application name a session shows in `pg_stat_activity` unless told otherwise.
pub const DEFAULT_APPLICATION_NAME: &str = "pgconform";

/// Where libpq looks for a server's Unix socket when no host is given.
const SOCKET_DIRS: [&str; 2] = ["/var/run/postgresql", "/tmp"];

/// A password or key pass phrase: usable, but never printed, not even by `{:?}`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: impl Into<String>) -> Secret {
        Secret(text.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("********")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    pub fn name(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Allow => "allow",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }
}

/// Where the trusted root certificates come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RootCert {
    /// `~/.postgresql/root.crt`: used when it exists (even under `prefer` and
    /// `require`, as in libpq), required by the verify modes.
    Default(PathBuf),
    /// Named by `sslrootcert`: must exist.
    File(PathBuf),
    /// `sslrootcert=system`: the operating system's trusted roots.
    System,
}

/// A client certificate or key file: a named one must exist, the default one
/// (`~/.postgresql/postgresql.crt`/`.key`) is used only when it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChoice {
    pub path: PathBuf,
    pub explicit: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TlsVersion {
    V1_2,
    V1_3,
}

#[derive(Debug, Clone)]
pub struct Ssl {
    pub mode: SslMode,
    pub rootcert: Option<RootCert>,
    pub cert: Option<FileChoice>,
    pub key: Option<FileChoice>,
    pub key_password: Option<Secret>,
    pub crl: Option<PathBuf>,
    /// Send the host name in the TLS handshake (SNI), for proxies that route on it.
    pub sni: bool,
    pub min_version: TlsVersion,
    pub max_version: TlsVersion,
    /// `sslnegotiation=direct`: TLS from the first byte (PostgreSQL 17+).
    pub direct: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostName {
    Tcp(String),
    /// A Unix socket directory (a host starting with `/`).
    Unix(PathBuf),
}

/// One server to try, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub host: HostName,
    /// Connect here instead of resolving `host`, which is still used for TLS
    /// verification and `.pgpass`.
    pub hostaddr: Option<IpAddr>,
    pub port: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionAttrs {
    Any,
    ReadWrite,
    ReadOnly,
    Primary,
    Standby,
    PreferStandby,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelBinding {
    Disable,
    Prefer,
    Require,
}

#[derive(Debug, Clone)]
pub struct Keepalives {
    pub enabled: bool,
    pub idle: Option<Duration>,
    pub interval: Option<Duration>,
    pub count: Option<u32>,
}

/// Everything needed to open a session, checked; `Debug` shows no secret.
#[derive(Debug, Clone)]
pub struct Params {
    pub endpoints: Vec<Endpoint>,
    pub dbname: String,
    pub user: String,
    pub password: Option<Secret>,
    /// The password file to consult when no password is given (libpq's
    /// `~/.pgpass` unless `passfile`/`PGPASSFILE` names another).
    pub passfile: Option<PathBuf>,
    /// `None`: wait as long as the operating system does (`connect_timeout=0`).
    pub connect_timeout: Option<Duration>,
    pub application_name: String,
    pub options: Option<String>,
    pub ssl: Ssl,
    pub target_session_attrs: SessionAttrs,
    pub channel_binding: ChannelBinding,
    pub load_balance_random: bool,
    pub keepalives: Keepalives,
    pub tcp_user_timeout: Option<Duration>,
}

/// Each keyword's environment variable, as libpq names them.
const ENV_VARS: &[(&str, &str)] = &[
    ("host", "PGHOST"),
    ("hostaddr", "PGHOSTADDR"),
    ("port", "PGPORT"),
    ("dbname", "PGDATABASE"),
    ("user", "PGUSER"),
    ("password", "PGPASSWORD"),
    ("passfile", "PGPASSFILE"),
    ("connect_timeout", "PGCONNECT_TIMEOUT"),
    ("application_name", "PGAPPNAME"),
    ("options", "PGOPTIONS"),
    ("client_encoding", "PGCLIENTENCODING"),
    ("sslmode", "PGSSLMODE"),
    ("sslnegotiation", "PGSSLNEGOTIATION"),
    ("sslrootcert", "PGSSLROOTCERT"),
    ("sslcert", "PGSSLCERT"),
    ("sslkey", "PGSSLKEY"),
    ("sslcrl", "PGSSLCRL"),
    ("sslsni", "PGSSLSNI"),
    ("ssl_min_protocol_version", "PGSSLMINPROTOCOLVERSION"),
    ("ssl_max_protocol_version", "PGSSLMAXPROTOCOLVERSION"),
    ("gssencmode", "PGGSSENCMODE"),
    ("channel_binding", "PGCHANNELBINDING"),
    ("target_session_attrs", "PGTARGETSESSIONATTRS"),
    ("load_balance_hosts", "PGLOADBALANCEHOSTS"),
];

/// A value and where it came from, for messages.
struct Value<'a> {
    text: &'a str,
    from: String,
}

impl Value<'_> {
    fn invalid(&self, what: &str) -> String {
        format!("invalid {what} \"{}\" ({})", self.text, self.from)
    }

    fn int(&self) -> Result<i64, String> {
        self.text.trim().parse().map_err(|_| self.invalid("integer value"))
    }
}

/// The merged view: connection string first, then the environment.
struct Lookup<'a> {
    pairs: &'a Pairs,
    env: &'a dyn Fn(&str) -> Option<String>,
    env_values: Vec<(&'static str, String)>,
}

impl<'a> Lookup<'a> {
    fn new(pairs: &'a Pairs, env: &'a dyn Fn(&str) -> Option<String>) -> Lookup<'a> {
        let env_values = ENV_VARS
            .iter()
            .filter_map(|(_, var)| env(var).filter(|v| !v.is_empty()).map(|v| (*var, v)))
            .collect();
        Lookup { pairs, env, env_values }
    }

    fn get(&self, keyword: &str) -> Option<Value<'_>> {
        if let Some((_, text)) = self.pairs.iter().rev().find(|(k, _)| *k == keyword) {
            return Some(Value { text, from: format!("{keyword} in the connection string") });
        }
        let var = ENV_VARS.iter().find(|(k, _)| *k == keyword)?.1;
        self.env_values
            .iter()
            .find(|(v, _)| *v == var)
            .map(|(var, text)| Value { text, from: var.to_string() })
    }

    fn text(&self, keyword: &str) -> Option<String> {
        self.get(keyword).map(|v| v.text.to_string())
    }

    fn env(&self, var: &str) -> Option<String> {
        (self.env)(var).filter(|v| !v.is_empty())
    }
}

/// The parameters for connection string `text` (empty: the environment and
/// defaults alone). Errors never contain a password.
pub fn resolve(text: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Params, String> {
    let pairs = conninfo::parse(text).map_err(|e| e.to_string())?;
    let l = Lookup::new(&pairs, env);
    let (os_user, os_home) = os_account();
    let home = l.env("HOME").map(PathBuf::from).or(os_home);

    let user = l.text("user").filter(|u| !u.is_empty()).or_else(|| l.env("USER")).or(os_user);
    let user = user.unwrap_or_else(|| "postgres".to_string());
    let dbname = l.text("dbname").filter(|d| !d.is_empty()).unwrap_or_else(|| user.clone());
    let password = l.text("password").map(Secret);
    let passfile = match l.text("passfile") {
        Some(path) => Some(PathBuf::from(path)),
        None => home.as_ref().map(|h| h.join(".pgpass")),
    };

    let connect_timeout = match l.get("connect_timeout") {
        // libpq: zero or less waits indefinitely, and anything under 2 s is 2 s.
        Some(v) => match v.int()? {
            n if n <= 0 => None,
            n => Some(Duration::from_secs(n.max(2) as u64)),
        },
        None => Some(DEFAULT_CONNECT_TIMEOUT),
    };
    let application_name = l
        .text("application_name")
        .or_else(|| l.text("fallback_application_name"))
        .unwrap_or_else(|| DEFAULT_APPLICATION_NAME.to_string());
    let options = l.text("options").filter(|o| !o.is_empty());

    if let Some(v) = l.get("client_encoding")
        && !["utf8", "utf-8", "unicode", "auto"].contains(&v.text.to_ascii_lowercase().as_str())
    {
        return Err(format!("{}: pgconform always talks UTF8 to the server", v.invalid("client_encoding")));
    }
    if let Some(v) = l.get("gssencmode") {
        match v.text {
            "disable" | "prefer" => {}
            "require" => {
                return Err(format!(
                    "gssencmode=require ({}): pgconform has no GSSAPI encryption; use TLS (sslmode)",
                    v.from
                ));
            }
            _ => return Err(v.invalid("gssencmode value")),
        }
    }
    if let Some(v) = l.get("sslcompression") {
        // libpq ignores it since PostgreSQL 14; only its syntax is checked.
        bool_value(&v)?;
    }

    let endpoints = endpoints(&l)?;
    let ssl = ssl(&l, home.as_deref())?;
    let target_session_attrs = match l.get("target_session_attrs") {
        None => SessionAttrs::Any,
        Some(v) => match v.text {
            "any" => SessionAttrs::Any,
            "read-write" => SessionAttrs::ReadWrite,
            "read-only" => SessionAttrs::ReadOnly,
            "primary" => SessionAttrs::Primary,
            "standby" => SessionAttrs::Standby,
            "prefer-standby" => SessionAttrs::PreferStandby,
            _ => return Err(v.invalid("target_session_attrs value")),
        },
    };
    let channel_binding = match l.get("channel_binding") {
        None => ChannelBinding::Prefer,
        Some(v) => match v.text {
            "disable" => ChannelBinding::Disable,
            "prefer" => ChannelBinding::Prefer,
            "require" => ChannelBinding::Require,
            _ => return Err(v.invalid("channel_binding value")),
        },
    };
    let load_balance_random = match l.get("load_balance_hosts") {
        None => false,
        Some(v) => match v.text {
            "disable" => false,
            "random" => true,
            _ => return Err(v.invalid("load_balance_hosts value")),
        },
    };
    let seconds = |keyword: &str| -> Result<Option<Duration>, String> {
        match l.get(keyword) {
            None => Ok(None),
            Some(v) => Ok(Some(Duration::from_secs(v.int()?.max(0) as u64))),
        }
    };
    let keepalives = Keepalives {
        enabled: match l.get("keepalives") {
            None => true,
            Some(v) => v.int()? != 0,
        },
        idle: seconds("keepalives_idle")?,
        interval: seconds("keepalives_interval")?,
        count: match l.get("keepalives_count") {
            None => None,
            Some(v) => Some(u32::try_from(v.int()?).map_err(|_| v.invalid("keepalives_count"))?),
        },
    };
    let tcp_user_timeout = match l.get("tcp_user_timeout") {
        None => None,
        Some(v) => match v.int()? {
            n if n <= 0 => None,
            n => Some(Duration::from_millis(n as u64)),
        },
    };
    Ok(Params {
        endpoints,
        dbname,
        user,
        password,
        passfile,
        connect_timeout,
        application_name,
        options,
        ssl,
        target_session_attrs,
        channel_binding,
        load_balance_random,
        keepalives,
        tcp_user_timeout,
    })
}

fn bool_value(v: &Value) -> Result<bool, String> {
    match v.text {
        "1" => Ok(true),
        "0" => Ok(false),
        _ => Err(v.invalid("value (expected 0 or 1)")),
    }
}

/// The hosts to try, each with its port and address, as libpq pairs them:
/// the lists of `host`, `hostaddr` and `port` go together item by item, and
/// a single port applies to every host.
fn endpoints(l: &Lookup) -> Result<Vec<Endpoint>, String> {
    let list = |keyword: &str| -> Option<(Vec<String>, String)> {
        l.get(keyword).map(|v| (v.text.split(',').map(|s| s.trim().to_string()).collect(), v.from))
    };
    let hosts = list("host");
    let mut addrs = Vec::new();
    if let Some((items, from)) = list("hostaddr") {
        for item in items {
            addrs.push(match item.as_str() {
                "" => None,
                text => Some(
                    text.parse::<IpAddr>()
                        .map_err(|_| format!("could not parse network address \"{text}\" ({from})"))?,
                ),
            });
        }
    }
    let mut ports = Vec::new();
    if let Some((items, from)) = list("port") {
        for item in items {
            ports.push(match item.as_str() {
                "" => None,
                text => Some(
                    text.parse::<u16>()
                        .ok()
                        .filter(|p| *p > 0)
                        .ok_or_else(|| format!("invalid port number \"{text}\" ({from})"))?,
                ),
            });
        }
    }
    let count = match (&hosts, addrs.len()) {
        (Some((h, _)), 0) => h.len(),
        (None, n) => n.max(1),
        (Some((h, from)), n) if h.len() != n => {
            return Err(format!(
                "{} host names ({from}) but {n} hostaddr values: give as many of each",
                h.len()
            ));
        }
        (Some((h, _)), _) => h.len(),
    };
    if ports.len() > 1 && ports.len() != count {
        return Err(format!("{} ports for {count} hosts: give one port, or one per host", ports.len()));
    }
    let port_at = |i: usize| -> u16 {
        let port = if ports.len() == 1 { ports[0] } else { ports.get(i).copied().flatten() };
        port.unwrap_or(5432)
    };
    (0..count)
        .map(|i| {
            let port = port_at(i);
            let hostaddr = addrs.get(i).copied().flatten();
            let name = hosts.as_ref().map(|(h, _)| h[i].as_str()).unwrap_or("");
            let host = match (name, hostaddr) {
                ("", Some(addr)) => HostName::Tcp(addr.to_string()),
                ("", None) => default_host(port),
                (name, _) if name.starts_with('/') => {
                    if hostaddr.is_some() {
                        return Err(format!("hostaddr cannot go with the Unix socket directory {name}"));
                    }
                    HostName::Unix(PathBuf::from(name))
                }
                (name, _) => HostName::Tcp(name.to_string()),
            };
            Ok(Endpoint { host, hostaddr, port })
        })
        .collect()
}

/// Like libpq: the local socket directory when a server listens there, else localhost.
fn default_host(port: u16) -> HostName {
    SOCKET_DIRS
        .iter()
        .find(|dir| Path::new(&format!("{dir}/.s.PGSQL.{port}")).exists())
        .map(|dir| HostName::Unix(PathBuf::from(dir)))
        .unwrap_or_else(|| HostName::Tcp("localhost".to_string()))
}

/// Whether `dir` is a socket directory that `.pgpass` calls `localhost`.
pub fn is_default_socket_dir(dir: &Path) -> bool {
    SOCKET_DIRS.iter().any(|d| Path::new(d) == dir)
}

fn ssl(l: &Lookup, home: Option<&Path>) -> Result<Ssl, String> {
    let pg_dir = home.map(|h| h.join(".postgresql"));
    let rootcert = match l.text("sslrootcert") {
        Some(text) if text == "system" => Some(RootCert::System),
        Some(text) if !text.is_empty() => Some(RootCert::File(PathBuf::from(text))),
        _ => pg_dir.as_ref().map(|d| RootCert::Default(d.join("root.crt"))),
    };
    let mode = match l.get("sslmode") {
        Some(v) => {
            let mode = match v.text {
                "disable" => SslMode::Disable,
                "allow" => SslMode::Allow,
                "prefer" => SslMode::Prefer,
                "require" => SslMode::Require,
                "verify-ca" => SslMode::VerifyCa,
                "verify-full" => SslMode::VerifyFull,
                _ => {
                    return Err(format!(
                        "{}: use disable, allow, prefer, require, verify-ca or verify-full",
                        v.invalid("sslmode value")
                    ));
                }
            };
            // As libpq since 16: the system's roots vouch for any public
            // name, so only a check of the host name makes them meaningful.
            if rootcert == Some(RootCert::System) && mode != SslMode::VerifyFull && mode != SslMode::Disable {
                return Err(format!(
                    "weak sslmode \"{}\" may not be used with sslrootcert=system (use \"verify-full\")",
                    mode.name()
                ));
            }
            mode
        }
        None if rootcert == Some(RootCert::System) => SslMode::VerifyFull,
        None => SslMode::Prefer,
    };
    let file = |keyword: &str, default: &str| -> Option<FileChoice> {
        match l.text(keyword).filter(|t| !t.is_empty()) {
            Some(path) => Some(FileChoice { path: PathBuf::from(path), explicit: true }),
            None => pg_dir.as_ref().map(|d| FileChoice { path: d.join(default), explicit: false }),
        }
    };
    let version = |keyword: &str, default: TlsVersion| -> Result<TlsVersion, String> {
        match l.get(keyword) {
            None => Ok(default),
            Some(v) => match v.text {
                // rustls speaks nothing older than 1.2, so an older minimum is 1.2.
                "TLSv1" | "TLSv1.1" if keyword.contains("min") => Ok(TlsVersion::V1_2),
                "TLSv1.2" => Ok(TlsVersion::V1_2),
                "TLSv1.3" => Ok(TlsVersion::V1_3),
                "" => Ok(default),
                _ => Err(format!("{}: pgconform speaks TLSv1.2 and TLSv1.3", v.invalid(keyword))),
            },
        }
    };
    let min_version = version("ssl_min_protocol_version", TlsVersion::V1_2)?;
    let max_version = version("ssl_max_protocol_version", TlsVersion::V1_3)?;
    if min_version > max_version {
        return Err("ssl_min_protocol_version is above ssl_max_protocol_version".to_string());
    }
    let direct = match l.get("sslnegotiation") {
        None => false,
        Some(v) => match v.text {
            "postgres" => false,
            "direct" => true,
            _ => return Err(v.invalid("sslnegotiation value")),
        },
    };
    if direct && mode < SslMode::Require {
        return Err(format!(
            "weak sslmode \"{}\" may not be used with sslnegotiation=direct (use \"require\", \"verify-ca\" or \"verify-full\")",
            mode.name()
        ));
    }
    Ok(Ssl {
        mode,
        rootcert,
        cert: file("sslcert", "postgresql.crt"),
        key: file("sslkey", "postgresql.key"),
        key_password: l.text("sslpassword").map(Secret),
        crl: l.text("sslcrl").filter(|t| !t.is_empty()).map(PathBuf::from),
        sni: match l.get("sslsni") {
            None => true,
            Some(v) => bool_value(&v)?,
        },
        min_version,
        max_version,
        direct,
    })
}

/// The user name and home directory of the effective user, from the
/// password database, as libpq takes them when `USER`/`HOME` say nothing.
fn os_account() -> (Option<String>, Option<PathBuf>) {
    use std::ffi::CStr;
    let mut buffer = vec![0 as libc::c_char; 4096];
    // SAFETY: `passwd` is plain data; zeroed is a valid value to be filled in.
    let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call, the buffer's length is
    // passed with it, and the strings are read only while `buffer` lives.
    unsafe {
        if libc::getpwuid_r(libc::geteuid(), &mut entry, buffer.as_mut_ptr(), buffer.len(), &mut result) != 0
            || result.is_null()
        {
            return (None, None);
        }
        let name =
            (!entry.pw_name.is_null()).then(|| CStr::from_ptr(entry.pw_name).to_string_lossy().into_owned());
        let home = (!entry.pw_dir.is_null())
            .then(|| PathBuf::from(CStr::from_ptr(entry.pw_dir).to_string_lossy().into_owned()));
        (name, home)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |k| map.get(k).cloned()
    }

    fn tcp(name: &str, port: u16) -> Endpoint {
        Endpoint { host: HostName::Tcp(name.into()), hostaddr: None, port }
    }

    #[test]
    fn hosts_ports_and_addresses_pair_up() {
        let p = resolve("postgresql://a:1,b:2,[::1]/d", &env(&[])).unwrap();
        assert_eq!(p.endpoints, vec![tcp("a", 1), tcp("b", 2), tcp("::1", 5432)]);
        let p = resolve("host=a,b port=7", &env(&[])).unwrap();
        assert_eq!(p.endpoints, vec![tcp("a", 7), tcp("b", 7)]);
        let p = resolve("host=db.example.com hostaddr=10.0.0.5", &env(&[])).unwrap();
        assert_eq!(p.endpoints[0].hostaddr, Some("10.0.0.5".parse().unwrap()));
        assert_eq!(p.endpoints[0].host, HostName::Tcp("db.example.com".into()));
        let p = resolve("hostaddr=10.0.0.5", &env(&[])).unwrap();
        assert_eq!(p.endpoints[0].host, HostName::Tcp("10.0.0.5".into()));
        let p = resolve("host=/run/pg port=5999", &env(&[])).unwrap();
        assert_eq!(p.endpoints[0].host, HostName::Unix("/run/pg".into()));

        let err = resolve("host=a,b port=1,2,3", &env(&[])).unwrap_err();
        assert!(err.contains("3 ports for 2 hosts"), "{err}");
        let err = resolve("host=a,b hostaddr=1.2.3.4", &env(&[])).unwrap_err();
        assert!(err.contains("2 host names"), "{err}");
        let err = resolve("hostaddr=nope", &env(&[])).unwrap_err();
        assert_eq!(err, "could not parse network address \"nope\" (hostaddr in the connection string)");
        let err = resolve("", &env(&[("PGPORT", "99999")])).unwrap_err();
        assert_eq!(err, "invalid port number \"99999\" (PGPORT)");
    }

    #[test]
    fn the_environment_fills_what_the_string_leaves_out() {
        let e = env(&[
            ("PGHOST", "envhost"),
            ("PGPORT", "6000"),
            ("PGUSER", "envuser"),
            ("PGPASSWORD", "envpw"),
            ("PGDATABASE", "envdb"),
            ("PGSSLMODE", "require"),
            ("PGAPPNAME", "envapp"),
            ("PGCONNECT_TIMEOUT", "1"),
            ("PGOPTIONS", "-c search_path=x"),
            ("PGTARGETSESSIONATTRS", "read-only"),
            ("PGPASSFILE", "/etc/pgpass"),
            ("HOME", "/home/me"),
        ]);
        let p = resolve("", &e).unwrap();
        assert_eq!(p.endpoints, vec![tcp("envhost", 6000)]);
        assert_eq!((p.user.as_str(), p.dbname.as_str()), ("envuser", "envdb"));
        assert_eq!(p.password, Some(Secret::new("envpw")));
        assert_eq!(p.ssl.mode, SslMode::Require);
        assert_eq!(p.application_name, "envapp");
        assert_eq!(p.connect_timeout, Some(Duration::from_secs(2)), "libpq's 2 s minimum");
        assert_eq!(p.options.as_deref(), Some("-c search_path=x"));
        assert_eq!(p.target_session_attrs, SessionAttrs::ReadOnly);
        assert_eq!(p.passfile, Some(PathBuf::from("/etc/pgpass")));
        assert_eq!(p.ssl.rootcert, Some(RootCert::Default("/home/me/.postgresql/root.crt".into())));

        let p = resolve("postgresql://u:pw@h/d?sslmode=disable&connect_timeout=0", &e).unwrap();
        assert_eq!(p.endpoints, vec![tcp("h", 6000)], "PGPORT still fills the port");
        assert_eq!((p.user.as_str(), p.dbname.as_str()), ("u", "d"));
        assert_eq!(p.password, Some(Secret::new("pw")));
        assert_eq!(p.ssl.mode, SslMode::Disable);
        assert_eq!(p.connect_timeout, None);

        let err = resolve("", &env(&[("PGSSLMODE", "verify")])).unwrap_err();
        assert!(err.starts_with("invalid sslmode value \"verify\" (PGSSLMODE)"), "{err}");
    }

    #[test]
    fn defaults_follow_libpq() {
        let p = resolve("host=h", &env(&[("USER", "me"), ("HOME", "/home/me")])).unwrap();
        assert_eq!((p.user.as_str(), p.dbname.as_str()), ("me", "me"));
        assert_eq!(p.application_name, "pgconform");
        assert_eq!(p.connect_timeout, Some(DEFAULT_CONNECT_TIMEOUT));
        assert_eq!(p.ssl.mode, SslMode::Prefer);
        assert_eq!(p.passfile, Some(PathBuf::from("/home/me/.pgpass")));
        assert_eq!(
            p.ssl.cert,
            Some(FileChoice { path: "/home/me/.postgresql/postgresql.crt".into(), explicit: false })
        );
        assert_eq!(p.target_session_attrs, SessionAttrs::Any);
        assert!(p.keepalives.enabled);
        let p = resolve("host=h fallback_application_name=other", &env(&[])).unwrap();
        assert_eq!(p.application_name, "other");
        let p = resolve("host=h fallback_application_name=other", &env(&[("PGAPPNAME", "mine")])).unwrap();
        assert_eq!(p.application_name, "mine");
    }

    #[test]
    fn ssl_settings_are_checked() {
        let p = resolve("host=h sslrootcert=system", &env(&[])).unwrap();
        assert_eq!((p.ssl.mode, p.ssl.rootcert), (SslMode::VerifyFull, Some(RootCert::System)));
        let err = resolve("host=h sslrootcert=system sslmode=require", &env(&[])).unwrap_err();
        assert!(err.contains("weak sslmode \"require\""), "{err}");
        let p =
            resolve("host=h sslmode=verify-ca sslrootcert=/ca.pem sslcert=/c.pem sslkey=/k.pem", &env(&[]))
                .unwrap();
        assert_eq!(p.ssl.rootcert, Some(RootCert::File("/ca.pem".into())));
        assert_eq!(p.ssl.key, Some(FileChoice { path: "/k.pem".into(), explicit: true }));
        let p = resolve("host=h ssl_min_protocol_version=TLSv1.3 sslsni=0", &env(&[])).unwrap();
        assert_eq!((p.ssl.min_version, p.ssl.sni), (TlsVersion::V1_3, false));
        assert!(resolve("host=h ssl_max_protocol_version=TLSv1.1", &env(&[])).is_err());
        assert!(
            resolve("host=h sslnegotiation=direct", &env(&[]))
                .unwrap_err()
                .contains("weak sslmode \"prefer\"")
        );
        assert!(resolve("host=h sslnegotiation=direct sslmode=require", &env(&[])).unwrap().ssl.direct);
        assert!(resolve("host=h gssencmode=require", &env(&[])).is_err());
        assert!(resolve("host=h client_encoding=LATIN1", &env(&[])).is_err());
        assert!(
            resolve("host=h client_encoding=UTF8 gssencmode=disable sslcompression=0", &env(&[])).is_ok()
        );
    }

    #[test]
    fn secrets_stay_out_of_debug_and_errors() {
        let p = resolve("host=h password=hunter2 sslpassword=k3y", &env(&[])).unwrap();
        let debug = format!("{p:?}");
        assert!(!debug.contains("hunter2") && !debug.contains("k3y"), "{debug}");
        let err = resolve("password=hunter2 port=x", &env(&[])).unwrap_err();
        assert!(!err.contains("hunter2"), "{err}");
    }

    #[test]
    fn session_options_are_checked() {
        let p = resolve(
            "host=h keepalives=0 keepalives_idle=30 keepalives_count=3 tcp_user_timeout=500 target_session_attrs=prefer-standby load_balance_hosts=random channel_binding=require",
            &env(&[]),
        )
        .unwrap();
        assert!(!p.keepalives.enabled);
        assert_eq!(p.keepalives.idle, Some(Duration::from_secs(30)));
        assert_eq!(p.keepalives.count, Some(3));
        assert_eq!(p.tcp_user_timeout, Some(Duration::from_millis(500)));
        assert_eq!(p.target_session_attrs, SessionAttrs::PreferStandby);
        assert!(p.load_balance_random);
        assert_eq!(p.channel_binding, ChannelBinding::Require);
        let err = resolve("host=h connect_timeout=soon", &env(&[])).unwrap_err();
        assert_eq!(err, "invalid integer value \"soon\" (connect_timeout in the connection string)");
        assert!(resolve("host=h target_session_attrs=leader", &env(&[])).is_err());
    }
}
