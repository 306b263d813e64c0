//! The connection layer against real servers: a throwaway cluster that only
//! accepts TLS, with a CA, server and client certificates made here by the
//! `openssl` command-line tool; `.pgpass`; host lists; and the binary's
//! messages, which must never show a password.

mod util;

use pgconform::connect::{self, SessionLimits, Target};
use pgconform::scratch::{Cluster, ClusterOptions};
use std::collections::HashMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use util::{SpecDir, pgconform, text};

/// Certificates for one test: a CA, a server certificate naming only
/// `localhost` signed by it, a client certificate for role `certuser`, and
/// a second CA that signed nothing the server shows.
struct Pki {
    dir: tempfile::TempDir,
}

impl Pki {
    fn new() -> Pki {
        let dir = tempfile::tempdir().unwrap();
        let pki = Pki { dir };
        pki.ca("ca");
        pki.ca("other-ca");
        pki.leaf("server", "localhost", "subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n", 1);
        pki.leaf("client", "certuser", "extendedKeyUsage=clientAuth\n", 2);
        pki
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).unwrap()
    }

    fn openssl(&self, args: &[&str]) {
        let out = Command::new("openssl").args(args).current_dir(self.dir.path()).output().expect(
            "these tests make their certificates with the openssl command-line tool: install openssl",
        );
        assert!(out.status.success(), "openssl {args:?} failed: {}", text(&out.stderr));
    }

    fn ca(&self, name: &str) {
        let (key, crt, subject) = (format!("{name}.key"), format!("{name}.crt"), format!("/CN={name}"));
        self.openssl(&[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &key,
            "-out",
            &crt,
            "-days",
            "2",
            "-subj",
            &subject,
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ]);
    }

    fn leaf(&self, name: &str, common_name: &str, extensions: &str, serial: u32) {
        let (key, csr, crt, ext) =
            (format!("{name}.key"), format!("{name}.csr"), format!("{name}.crt"), format!("{name}.ext"));
        std::fs::write(
            self.path(&ext),
            format!("basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n{extensions}"),
        )
        .unwrap();
        let subject = format!("/CN={common_name}");
        self.openssl(&[
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &key,
            "-out",
            &csr,
            "-subj",
            &subject,
        ]);
        let serial = serial.to_string();
        self.openssl(&[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-set_serial",
            &serial,
            "-days",
            "2",
            "-extfile",
            &ext,
            "-out",
            &crt,
        ]);
        std::fs::set_permissions(self.path(&key), std::fs::Permissions::from_mode(0o600)).unwrap();
    }
}

/// A cluster that refuses every TCP connection without TLS; `certuser` logs
/// in by client certificate, `pwuser` by password, everyone else is trusted.
fn tls_only_cluster(pki: &Pki) -> Cluster {
    let cluster = Cluster::start_with(ClusterOptions {
        extra_config: vec![
            "ssl = on".into(),
            "ssl_cert_file = 'server.crt'".into(),
            "ssl_key_file = 'server.key'".into(),
            "ssl_ca_file = 'ca.crt'".into(),
            "password_encryption = 'scram-sha-256'".into(),
        ],
        hba: vec![
            "hostssl all certuser 127.0.0.1/32 cert".into(),
            "hostssl all pwuser 127.0.0.1/32 scram-sha-256".into(),
            "hostssl all all 127.0.0.1/32 trust".into(),
        ],
        data_files: vec![
            ("server.crt".into(), pki.read("server.crt")),
            ("server.key".into(), pki.read("server.key")),
            ("ca.crt".into(), pki.read("ca.crt")),
        ],
        ..Default::default()
    })
    .expect("start a TLS-only cluster");
    // Through the cluster's Unix socket, which the connection layer never
    // encrypts whatever the sslmode, as libpq.
    let socket = format!(
        "host={} port={} user=postgres dbname=postgres sslmode=require",
        cluster.socket_dir().display(),
        cluster.port()
    );
    let mut admin = session(&socket, &[]).expect("connect through the socket");
    admin
        .batch_execute("CREATE ROLE certuser LOGIN; CREATE ROLE pwuser LOGIN PASSWORD 'pw:S3cret\\x';")
        .unwrap();
    cluster
}

/// Resolves `conninfo` with only `vars` in the environment (and an empty home,
/// so no `~/.postgresql` or `~/.pgpass` of the machine's joins in).
fn target(conninfo: &str, vars: &[(&str, &str)]) -> Target {
    let mut map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    map.entry("HOME".into()).or_insert_with(|| "/nonexistent-home".into());
    connect::resolve(Some(conninfo), None, &move |k| map.get(k).cloned()).expect("a valid connection string")
}

fn session(conninfo: &str, vars: &[(&str, &str)]) -> Result<postgres::Client, String> {
    connect::connect(&target(conninfo, vars), SessionLimits::default()).map_err(|e| e.to_string())
}

/// Whether the session runs over TLS, and as whom.
fn tls_and_user(client: &mut postgres::Client) -> (bool, String) {
    let row = client
        .query_one("SELECT ssl, current_user::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[])
        .unwrap();
    (row.get(0), row.get(1))
}

fn expect_refusal(conninfo: &str, vars: &[(&str, &str)], wanted: &[&str]) -> String {
    let err = match session(conninfo, vars) {
        Ok(_) => panic!("{conninfo}: connected, but should have been refused"),
        Err(e) => e,
    };
    for w in wanted {
        assert!(err.contains(w), "{conninfo}: expected {w:?} in:\n{err}");
    }
    err
}

#[test]
fn sslmodes_against_a_tls_only_server() {
    let pki = Pki::new();
    let cluster = tls_only_cluster(&pki);
    let port = cluster.port();
    let ca = pki.path("ca.crt").display().to_string();
    let other_ca = pki.path("other-ca.crt").display().to_string();
    let at = |host: &str, rest: &str| format!("host={host} port={port} user=postgres dbname=postgres {rest}");

    // verify-full with the right CA and the name in the certificate.
    let mut client =
        session(&at("localhost", &format!("sslmode=verify-full sslrootcert={ca}")), &[]).unwrap();
    assert_eq!(tls_and_user(&mut client), (true, "postgres".into()));
    // The same, from a URL and the environment.
    let url = format!("postgresql://postgres@localhost:{port}/postgres");
    let mut client = session(&url, &[("PGSSLMODE", "verify-full"), ("PGSSLROOTCERT", &ca)]).unwrap();
    assert!(tls_and_user(&mut client).0);
    // hostaddr: the address is dialled, the name is what gets verified.
    let mut client =
        session(&at("localhost", &format!("hostaddr=127.0.0.1 sslmode=verify-full sslrootcert={ca}")), &[])
            .unwrap();
    assert!(tls_and_user(&mut client).0);

    // A CA that did not sign the server's certificate.
    for mode in ["verify-full", "verify-ca", "require"] {
        let err = expect_refusal(
            &at("localhost", &format!("sslmode={mode} sslrootcert={other_ca}")),
            &[],
            &[&format!("localhost:{port}/postgres"), &format!("sslmode={mode}"), "unknown CA", &other_ca],
        );
        assert!(err.starts_with("could not connect to"), "{err}");
    }

    // The certificate names localhost, not 127.0.0.1: verify-full refuses,
    // verify-ca (chain only) connects.
    expect_refusal(
        &at("127.0.0.1", &format!("sslmode=verify-full sslrootcert={ca}")),
        &[],
        &["sslmode=verify-full", "does not match host name \"127.0.0.1\"", "it is for localhost"],
    );
    let mut client = session(&at("127.0.0.1", &format!("sslmode=verify-ca sslrootcert={ca}")), &[]).unwrap();
    assert!(tls_and_user(&mut client).0);

    // No CA at all: require, prefer and allow encrypt without verifying;
    // verify-ca says what it lacks.
    for mode in ["require", "prefer", "allow"] {
        let mut client = session(&at("127.0.0.1", &format!("sslmode={mode}")), &[])
            .unwrap_or_else(|e| panic!("sslmode={mode}: {e}"));
        assert!(tls_and_user(&mut client).0, "sslmode={mode} ends up on TLS");
    }
    expect_refusal(
        &at("localhost", "sslmode=verify-ca"),
        &[],
        &["sslmode=verify-ca", "root.crt does not exist"],
    );

    // Without TLS the server itself refuses, and says so (PostgreSQL 13
    // words it "SSL off", later versions "no encryption").
    let refusal = expect_refusal(
        &at("127.0.0.1", "sslmode=disable"),
        &[],
        &["no pg_hba.conf entry", "SQLSTATE 28000", &format!("127.0.0.1:{port}")],
    );
    assert!(refusal.contains("no encryption") || refusal.contains("SSL off"), "{refusal}");

    // Host lists: a dead first host is skipped; every failure is named.
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut client = session(
        &format!("postgresql://postgres@127.0.0.1:{dead},localhost:{port}/postgres?sslmode=require"),
        &[],
    )
    .unwrap();
    assert!(tls_and_user(&mut client).0);
    let err = expect_refusal(
        &format!("postgresql://postgres@127.0.0.1:{dead},127.0.0.1:{port}/postgres?sslmode=disable"),
        &[],
        &[&format!("127.0.0.1:{dead}: "), &format!("127.0.0.1:{port}: "), "no pg_hba.conf entry"],
    );
    assert!(err.contains("refused"), "{err}");

    // target_session_attrs: a primary is read-write and not a standby.
    session(&at("localhost", "sslmode=require target_session_attrs=primary"), &[]).unwrap();
    session(&at("localhost", "sslmode=require target_session_attrs=read-write"), &[]).unwrap();
    session(&at("localhost", "sslmode=require target_session_attrs=prefer-standby"), &[]).unwrap();
    expect_refusal(&at("localhost", "sslmode=require target_session_attrs=standby"), &[], &["not a standby"]);

    // application_name and the session limits are set on every session.
    let mut client = session(&at("localhost", "sslmode=require"), &[]).unwrap();
    let row = client
        .query_one("SELECT current_setting('application_name'), current_setting('lock_timeout')", &[])
        .unwrap();
    assert_eq!((row.get::<_, String>(0).as_str(), row.get::<_, String>(1).as_str()), ("pgconform", "5s"));
}

#[test]
fn client_certificates_and_passwords() {
    let pki = Pki::new();
    let cluster = tls_only_cluster(&pki);
    let port = cluster.port();
    let ca = pki.path("ca.crt").display().to_string();
    let (cert, key) =
        (pki.path("client.crt").display().to_string(), pki.path("client.key").display().to_string());
    let as_user = |user: &str, rest: &str| {
        format!(
            "host=localhost port={port} user={user} dbname=postgres sslmode=verify-full sslrootcert={ca} {rest}"
        )
    };

    // pg_hba `cert`: the certificate is the login.
    let mut client = session(&as_user("certuser", &format!("sslcert={cert} sslkey={key}")), &[]).unwrap();
    assert_eq!(tls_and_user(&mut client), (true, "certuser".into()));
    // From the default place, ~/.postgresql/postgresql.crt and .key, as libpq.
    let home = tempfile::tempdir().unwrap();
    let pgdir = home.path().join(".postgresql");
    std::fs::create_dir(&pgdir).unwrap();
    std::fs::copy(&cert, pgdir.join("postgresql.crt")).unwrap();
    std::fs::copy(&key, pgdir.join("postgresql.key")).unwrap();
    std::fs::copy(&ca, pgdir.join("root.crt")).unwrap();
    let home_var = home.path().display().to_string();
    let defaults = format!("host=localhost port={port} user=certuser dbname=postgres sslmode=verify-full");
    let mut client = session(&defaults, &[("HOME", &home_var)]).unwrap();
    assert_eq!(tls_and_user(&mut client).1, "certuser");
    // A key others can read is refused, as libpq refuses it.
    std::fs::set_permissions(pgdir.join("postgresql.key"), std::fs::Permissions::from_mode(0o644)).unwrap();
    expect_refusal(&defaults, &[("HOME", &home_var)], &["group or world access", "postgresql.key"]);
    std::fs::remove_file(pgdir.join("postgresql.key")).unwrap();
    std::fs::remove_file(pgdir.join("postgresql.crt")).unwrap();
    // Without a certificate the server refuses the login.
    expect_refusal(&as_user("certuser", ""), &[], &["certificate", "certuser"]);

    // Passwords: from the URL, from ~/.pgpass (only when private), never shown.
    let encoded = "pw%3AS3cret%5Cx";
    let url = format!(
        "postgresql://pwuser:{encoded}@localhost:{port}/postgres?sslmode=verify-full&sslrootcert={ca}"
    );
    assert_eq!(tls_and_user(&mut session(&url, &[]).unwrap()).1, "pwuser");
    // SCRAM bound to the TLS channel (tls-server-end-point), over rustls.
    let bound = format!("{url}&channel_binding=require");
    assert_eq!(tls_and_user(&mut session(&bound, &[]).unwrap()).1, "pwuser");
    let pgpass = home.path().join(".pgpass");
    std::fs::write(&pgpass, format!("# for the test\nlocalhost:{port}:*:pwuser:pw\\:S3cret\\\\x\n")).unwrap();
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let by_file = format!("host=localhost port={port} user=pwuser dbname=postgres sslmode=verify-full");
    assert_eq!(tls_and_user(&mut session(&by_file, &[("HOME", &home_var)]).unwrap()).1, "pwuser");
    // PGPASSFILE names another file; a line for another port does not match.
    let elsewhere = home.path().join("elsewhere");
    std::fs::write(
        &elsewhere,
        format!("localhost:1:*:pwuser:nope\n*:{port}:postgres:pwuser:{}\n", "pw\\:S3cret\\\\x"),
    )
    .unwrap();
    std::fs::set_permissions(&elsewhere, std::fs::Permissions::from_mode(0o600)).unwrap();
    let elsewhere_var = elsewhere.display().to_string();
    session(&by_file, &[("HOME", &home_var), ("PGPASSFILE", &elsewhere_var)]).unwrap();
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o640)).unwrap();
    let err = expect_refusal(
        &by_file,
        &[("HOME", &home_var)],
        &["asks for a password", ".pgpass was ignored", "chmod 0600"],
    );
    assert!(!err.contains("S3cret"), "{err}");
    let wrong = url.replace(encoded, "Wr0ng-Passw0rd");
    let err = expect_refusal(&wrong, &[], &["password authentication failed", "SQLSTATE 28P01"]);
    assert!(!err.contains("Wr0ng-Passw0rd"), "{err}");
}

#[test]
fn a_server_without_tls() {
    let cluster = Cluster::shared();
    let port = cluster.port();
    let at = |rest: &str| format!("host=127.0.0.1 port={port} user=postgres dbname=postgres {rest}");
    expect_refusal(
        &at("sslmode=require"),
        &[],
        &["sslmode=require: the server does not support SSL", &format!("127.0.0.1:{port}")],
    );
    for mode in ["prefer", "allow", "disable"] {
        let mut client = session(&at(&format!("sslmode={mode}")), &[]).unwrap();
        let ssl: bool =
            client.query_one("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[]).unwrap().get(0);
        assert!(!ssl, "sslmode={mode}");
    }
    // Options and the application name reach the server.
    let mut client = session(&at("options='-c work_mem=3MB' application_name=ci-gate"), &[]).unwrap();
    let row = client
        .query_one("SELECT current_setting('work_mem'), current_setting('application_name')", &[])
        .unwrap();
    assert_eq!((row.get::<_, String>(0), row.get::<_, String>(1)), ("3MB".into(), "ci-gate".into()));
    let mut client =
        session(&at(""), &[("PGOPTIONS", "-c work_mem=5MB"), ("PGAPPNAME", "from-env")]).unwrap();
    let row = client
        .query_one("SELECT current_setting('work_mem'), current_setting('application_name')", &[])
        .unwrap();
    assert_eq!((row.get::<_, String>(0), row.get::<_, String>(1)), ("5MB".into(), "from-env".into()));
}

fn spec() -> SpecDir {
    SpecDir::new("version: 1\ndatabases:\n  app:\n    schemas:\n      public: {}\n")
}

/// Exit status, stdout and stderr together, and stdout alone.
fn run_check(dir: &Path, url: &str, format: &str) -> (Option<i32>, String, String) {
    let out = pgconform(&["check", "--format", format, "--url", url], dir);
    (out.status.code(), format!("{}{}", text(&out.stdout), text(&out.stderr)), text(&out.stdout))
}

#[test]
fn the_binary_never_shows_a_password_and_exits_2() {
    let pki = Pki::new();
    let cluster = tls_only_cluster(&pki);
    let port = cluster.port();
    let ca = pki.path("ca.crt").display().to_string();
    let other_ca = pki.path("other-ca.crt").display().to_string();
    let dir = spec();
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let secret = "Sup3r-S3cret";
    let cases = [
        // A wrong password, then an unreachable port, then a CA that does not fit.
        format!(
            "postgresql://pwuser:{secret}@localhost:{port}/postgres?sslmode=verify-full&sslrootcert={ca}"
        ),
        format!("postgresql://pwuser:{secret}@127.0.0.1:{dead}/postgres"),
        format!(
            "host=localhost port={port} user=pwuser password={secret} sslmode=verify-full sslrootcert={other_ca}"
        ),
        format!("host=localhost port={port} user=pwuser password='{secret}' sslmod=verify-full"),
    ];
    let wanted = ["password authentication failed", "refused", "unknown CA", "invalid connection option"];
    for (url, wanted) in cases.iter().zip(wanted) {
        for format in ["human", "json"] {
            let (code, all, stdout) = run_check(dir.path(), url, format);
            assert_eq!(code, Some(2), "{url} --format {format}:\n{all}");
            assert!(all.contains(wanted), "{url} --format {format}: expected {wanted:?} in:\n{all}");
            assert!(!all.contains(secret), "password shown for {url} --format {format}:\n{all}");
            if format == "json" && !stdout.trim().is_empty() {
                serde_json::from_str::<serde_json::Value>(&stdout).expect("valid JSON");
            }
        }
    }
    // And the right CA gets through, by the binary too.
    let good =
        format!("postgresql://postgres@localhost:{port}/postgres?sslmode=verify-full&sslrootcert={ca}");
    let (code, all, _) = run_check(dir.path(), &good, "human");
    assert_eq!(code, Some(0), "{all}");
}
