//! Throwaway PostgreSQL clusters for tests, `demo` and `check --sql`.
//!
//! This module owns everything about running a private PostgreSQL server:
//! finding the server binaries on the machine, `initdb` into a fresh temporary
//! directory, configuring the cluster for speed over durability, starting it on
//! a free loopback port, handing out connections and databases, and stopping
//! and deleting it again — on `Drop`, at process exit for the per-process
//! [`Cluster::shared`] one, and, for clusters whose owning process was killed
//! before it could clean up, at the next start by any pgconform process.
//!
//! Nothing here touches a server the user already runs: the cluster listens on
//! 127.0.0.1 only, keeps its Unix socket inside its own directory, and every
//! child process runs with the `PG*` environment variables removed so that a
//! `PGDATA` or `PGPORT` in the user's shell cannot redirect it.

use std::ffi::CString;
use std::fmt;
use std::fs;
use std::io::{self, Read, Seek, SeekFrom};
use std::net::{Ipv4Addr, TcpListener};
use std::os::unix::fs::{MetadataExt, chown};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Output, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::sql::ident::quote_ident;

/// The environment variable naming the directory that holds `initdb`, `pg_ctl`
/// and `postgres`. It wins over every other way of finding them.
pub const BINDIR_ENV: &str = "PGCONFORM_PG_BINDIR";

/// The environment variable naming a directory of shared libraries the server
/// binaries need (relocatable builds ship their own libpq, ICU, OpenSSL). It is
/// put on `LD_LIBRARY_PATH` for those binaries only, never for pgconform itself.
pub const LIBDIR_ENV: &str = "PGCONFORM_PG_LIBDIR";

/// The address the cluster listens on. Loopback only: a scratch cluster runs
/// with `trust` authentication and must never be reachable from elsewhere.
const HOST: &str = "127.0.0.1";

/// The bootstrap superuser, named explicitly so that it does not depend on
/// which OS user runs `initdb`.
const SUPERUSER: &str = "postgres";

/// Every scratch directory starts with this, which is how a later process
/// recognises the leftovers of a killed one (see [`reap_abandoned`]).
const DIR_PREFIX: &str = "pgconform-scratch-";

/// File in the scratch directory naming the process that owns the cluster.
const OWNER_FILE: &str = "owner";

/// How many different ports to try when the server fails to start because
/// another process took the port between our probe and the server's bind.
const PORT_ATTEMPTS: usize = 5;

/// Seconds `pg_ctl` waits for the server to accept connections or to stop.
const PG_CTL_TIMEOUT_SECS: &str = "60";

/// How much of `initdb` output or the server log goes into an error message.
const TAIL_LINES: usize = 25;

/// PostgreSQL truncates identifiers longer than this (NAMEDATALEN - 1) with a
/// mere NOTICE, which would silently turn two distinct names into one.
const MAX_IDENTIFIER_BYTES: usize = 63;

/// Settings appended to `postgresql.conf`, before the caller's extra lines.
/// The cluster is disposable, so durability is traded for speed throughout.
const BASE_SETTINGS: &[&str] = &[
    "listen_addresses = '127.0.0.1'",
    "fsync = off",
    "synchronous_commit = off",
    "full_page_writes = off",
    // Tests run in parallel threads, each with a few connections.
    "max_connections = 200",
    "shared_buffers = 64MB",
    // The log goes to the file named by `pg_ctl -l`, where start failures can
    // be read back; a collector would move it somewhere else.
    "logging_collector = off",
];

/// Why a scratch cluster could not be started or used. Every message says
/// what failed and what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum ScratchError {
    #[error(
        "PostgreSQL server binaries not found (looked in {searched}): install PostgreSQL \
         (apt-get install postgresql) or set PGCONFORM_PG_BINDIR to the directory holding \
         initdb and pg_ctl"
    )]
    BinariesNotFound { searched: String },

    #[error(
        "PGCONFORM_PG_BINDIR is {}, but {missing} is not there: set it to the directory \
         holding the PostgreSQL server binaries (initdb, pg_ctl, postgres), or unset it to \
         search the usual install locations",
        dir.display()
    )]
    BadBinDir { dir: PathBuf, missing: &'static str },

    #[error(
        "running as root, and initdb refuses to run as root, but neither a `postgres` nor a \
         `nobody` user exists to run the scratch cluster as: create one \
         (useradd --system postgres) or run as an ordinary user"
    )]
    NoUnprivilegedUser,

    #[error(
        "could not create a scratch directory in {}: {source}: set TMPDIR to a writable \
         directory",
        dir.display()
    )]
    TempDir {
        dir: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error("could not {action}: {source}")]
    Io {
        action: String,
        #[source]
        source: io::Error,
    },

    #[error(
        "could not run {}{}: {source}: check that the PostgreSQL binaries are installed \
         completely{}",
        program.display(),
        user.as_deref().map(|u| format!(" as user {u}")).unwrap_or_default(),
        user.as_deref().map(|u| format!(" and that user {u} may execute them")).unwrap_or_default()
    )]
    Spawn {
        program: PathBuf,
        user: Option<String>,
        #[source]
        source: io::Error,
    },

    #[error(
        "initdb failed ({status}) creating the scratch cluster in {}; its output ends with:\n\
         {output}",
        data_dir.display()
    )]
    Initdb { status: ExitStatus, data_dir: PathBuf, output: String },

    #[error("the scratch PostgreSQL server did not start: {reason}; the server log says why:\n{log}")]
    Start { reason: String, log: String },

    #[error("could not connect to the scratch cluster at {url}: {detail}")]
    Connect {
        url: String,
        detail: String,
        #[source]
        source: postgres::Error,
    },

    #[error("`{statement}` failed on the scratch cluster: {detail}")]
    Sql {
        statement: String,
        detail: String,
        #[source]
        source: postgres::Error,
    },
}

/// How to set up a cluster. `Default` gives a trust-authenticated cluster
/// with nothing extra in its configuration.
#[derive(Clone, Default)]
pub struct ClusterOptions {
    /// Lines appended to `postgresql.conf` after pgconform's own settings, so
    /// they win over them. Do not set `port`, `listen_addresses` or
    /// `unix_socket_directories` here: the cluster reports and connects to the
    /// values it chose itself.
    pub extra_config: Vec<String>,
    /// When set, TCP connections need this password (SCRAM-SHA-256) instead of
    /// being trusted; connections through the cluster's private Unix socket
    /// stay trusted. [`Cluster::url`] and [`Cluster::connect`] supply it.
    /// One line: `initdb --pwfile` reads only the first.
    pub superuser_password: Option<String>,
    /// When not empty, the TCP rules of `pg_hba.conf`, replacing initdb's
    /// (e.g. `hostssl all all 127.0.0.1/32 cert`); the Unix socket stays trusted.
    pub hba: Vec<String>,
    /// Files (name, contents) written into the data directory before the
    /// server starts, private to the server's user as a `server.key` must be.
    pub data_files: Vec<(String, Vec<u8>)>,
}

impl fmt::Debug for ClusterOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClusterOptions")
            .field("extra_config", &self.extra_config)
            .field("superuser_password", &self.superuser_password.as_ref().map(|_| "<hidden>"))
            .field("hba", &self.hba)
            .field("data_files", &self.data_files.iter().map(|(name, _)| name).collect::<Vec<_>>())
            .finish()
    }
}

/// A running throwaway PostgreSQL cluster, stopped and deleted on drop.
pub struct Cluster {
    bin_dir: PathBuf,
    /// The temporary directory holding everything below.
    root: PathBuf,
    data_dir: PathBuf,
    socket_dir: PathBuf,
    log_file: PathBuf,
    port: u16,
    password: Option<String>,
    major_version: u32,
    run_as: Option<RunAs>,
    /// Process that started the cluster. A forked child inherits the struct
    /// (and the atexit handler) but must not stop its parent's server.
    owner_pid: u32,
    /// Postmaster PID, for stopping the server by signal if `pg_ctl` cannot.
    postmaster_pid: Option<i32>,
    /// `Some` until the cluster has been shut down; taken exactly once, which
    /// makes shutting down idempotent across `Drop` and the atexit handler.
    dir: Mutex<Option<TempDir>>,
    /// Source of unique database names in [`Cluster::fresh_database`].
    counter: AtomicU64,
}

// Tests share one cluster across threads.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Cluster>();
};

impl fmt::Debug for Cluster {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cluster")
            .field("bin_dir", &self.bin_dir)
            .field("data_dir", &self.data_dir)
            .field("port", &self.port)
            .field("major_version", &self.major_version)
            .field("run_as", &self.run_as.as_ref().map(|r| &r.name))
            .finish_non_exhaustive()
    }
}

static SHARED: OnceLock<Result<Cluster, String>> = OnceLock::new();

impl Cluster {
    /// Starts a cluster with default options.
    pub fn start() -> Result<Cluster, ScratchError> {
        Cluster::start_with(ClusterOptions::default())
    }

    /// Starts a cluster: finds the binaries, runs `initdb`, configures and
    /// starts the server, and waits until it accepts connections. On failure
    /// nothing is left behind.
    pub fn start_with(options: ClusterOptions) -> Result<Cluster, ScratchError> {
        Cluster::start_on(options, None)
    }

    /// The cluster shared by every test in this process, started on first use.
    /// Rust never drops statics, so it is stopped and deleted by an `atexit`
    /// handler (the test harness leaves through `exit(3)`, which runs them).
    ///
    /// # Panics
    ///
    /// If the cluster cannot be started, with the reason; every later call
    /// panics with the same message rather than trying again. Meant for tests.
    pub fn shared() -> &'static Cluster {
        let started = SHARED.get_or_init(|| {
            let cluster = Cluster::start().map_err(|e| e.to_string())?;
            // SAFETY: registering a plain `extern "C" fn` that takes no
            // arguments; it cannot unwind (see `stop_shared_cluster`).
            if unsafe { libc::atexit(stop_shared_cluster) } != 0 {
                // Without the handler the server would outlive the process;
                // the next start would reap it, so this is not fatal.
                eprintln!("pgconform: could not register the scratch cluster cleanup at exit");
            }
            Ok(cluster)
        });
        match started {
            Ok(cluster) => cluster,
            Err(message) => panic!("{message}"),
        }
    }

    /// The address the server listens on, `127.0.0.1`.
    pub fn host(&self) -> &str {
        HOST
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The superuser role name, `postgres`.
    pub fn superuser(&self) -> &str {
        SUPERUSER
    }

    /// The superuser password, when the cluster was started with one.
    pub fn password(&self) -> Option<&str> {
        self.password.as_deref()
    }

    /// A connection URL for `database` as the superuser, e.g.
    /// `postgresql://postgres@127.0.0.1:5433/app`. Includes the password when
    /// the cluster has one, so the URL alone is enough to connect.
    pub fn url(&self, database: &str) -> String {
        self.url_with_password(database, self.password.as_deref().map(percent_encode))
    }

    /// Connects to `database` as the superuser over TCP.
    pub fn connect(&self, database: &str) -> Result<postgres::Client, ScratchError> {
        let mut config = postgres::Config::new();
        config
            .host(HOST)
            .port(self.port)
            .user(SUPERUSER)
            .dbname(database)
            .application_name("pgconform-scratch")
            .connect_timeout(Duration::from_secs(30));
        if let Some(password) = &self.password {
            config.password(password);
        }
        config.connect(postgres::NoTls).map_err(|source| ScratchError::Connect {
            url: self.url_for_display(database),
            detail: crate::connect::error_text(&source),
            source,
        })
    }

    /// Creates database `name` (quoted as an identifier, so any name works)
    /// and returns its URL.
    pub fn create_database(&self, name: &str) -> Result<String, ScratchError> {
        let statement = format!("CREATE DATABASE {}", quote_ident(name));
        let mut client = self.connect("postgres")?;
        client.batch_execute(&statement).map_err(|source| ScratchError::Sql {
            detail: crate::connect::error_text(&source),
            statement,
            source,
        })?;
        Ok(self.url(name))
    }

    /// Creates a database with a name no other call in any process shares —
    /// `prefix`, this process's ID and a counter, e.g. `diff_4711_3` — and
    /// returns its URL. For tests running in parallel against one cluster.
    pub fn fresh_database(&self, prefix: &str) -> Result<String, ScratchError> {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let suffix = format!("_{}_{n}", std::process::id());
        let prefix = if prefix.is_empty() { "scratch" } else { prefix };
        // Shorten the prefix rather than let the server truncate the suffix
        // that makes the name unique.
        let mut end = prefix.len().min(MAX_IDENTIFIER_BYTES - suffix.len());
        while !prefix.is_char_boundary(end) {
            end -= 1;
        }
        self.create_database(&format!("{}{suffix}", &prefix[..end]))
    }

    /// The directory holding the server binaries the cluster runs, so callers
    /// can use `pg_dump` or `psql` of the same version.
    pub fn bin_dir(&self) -> &Path {
        &self.bin_dir
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The directory holding the server's Unix socket (trusted even when the
    /// cluster has a password), for tools such as `psql -h`.
    pub fn socket_dir(&self) -> &Path {
        &self.socket_dir
    }

    /// The server log, worth reading when a test fails mysteriously.
    pub fn log_file(&self) -> &Path {
        &self.log_file
    }

    /// The server's major version, e.g. 15.
    pub fn major_version(&self) -> u32 {
        self.major_version
    }

    /// The URL with the password masked, for error messages.
    fn url_for_display(&self, database: &str) -> String {
        self.url_with_password(database, self.password.as_ref().map(|_| "***".to_string()))
    }

    fn url_with_password(&self, database: &str, encoded_password: Option<String>) -> String {
        let userinfo = match encoded_password {
            Some(password) => format!("{SUPERUSER}:{password}"),
            None => SUPERUSER.to_string(),
        };
        format!("postgresql://{userinfo}@{HOST}:{}/{}", self.port, percent_encode(database))
    }

    fn start_on(options: ClusterOptions, first_port: Option<u16>) -> Result<Cluster, ScratchError> {
        let bin_dir = find_bin_dir(std::env::var_os(BINDIR_ENV).map(PathBuf::from))?;
        let run_as = RunAs::for_current_process()?;
        let temp_root = temp_root(run_as.as_ref());
        reap_abandoned(&temp_root, &bin_dir, run_as.as_ref());

        let dir = tempfile::Builder::new()
            .prefix(DIR_PREFIX)
            .tempdir_in(&temp_root)
            .map_err(|source| ScratchError::TempDir { dir: temp_root.clone(), source })?;
        let root = dir.path().to_path_buf();
        // From here on, any early return drops `cluster`, whose shutdown stops
        // a half-started server and deletes the directory.
        let mut cluster = Cluster {
            data_dir: root.join("data"),
            socket_dir: root.join("socket"),
            log_file: root.join("server.log"),
            root,
            bin_dir,
            port: 0,
            password: options.superuser_password.clone(),
            major_version: 0,
            run_as,
            owner_pid: std::process::id(),
            postmaster_pid: None,
            dir: Mutex::new(Some(dir)),
            counter: AtomicU64::new(0),
        };
        cluster.prepare_directory()?;
        cluster.initdb()?;
        cluster.major_version = fs::read_to_string(cluster.data_dir.join("PG_VERSION"))
            .ok()
            .and_then(|v| v.trim().split('.').next()?.parse().ok())
            .unwrap_or(0);
        cluster.write_data_files(&options)?;
        cluster.start_server(&options.extra_config, first_port)?;
        Ok(cluster)
    }

    /// Marks the directory as ours and hands it to the user the server runs as.
    fn prepare_directory(&self) -> Result<(), ScratchError> {
        // Written first, so that a directory without it is one still being set
        // up, which the reaper leaves alone.
        let owner = format!("{}\n{}\n", self.owner_pid, pid_namespace());
        write_file(&self.root.join(OWNER_FILE), &owner)?;
        create_dir(&self.socket_dir)?;
        if let Some(run_as) = &self.run_as {
            run_as.chown(&self.root)?;
            run_as.chown(&self.socket_dir)?;
        }
        Ok(())
    }

    fn initdb(&self) -> Result<(), ScratchError> {
        let mut command = self.command("initdb");
        command.arg("-D").arg(&self.data_dir).args([
            "-U",
            SUPERUSER,
            "-A",
            "trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        ]);
        let pwfile = self.root.join("pwfile");
        if let Some(password) = &self.password {
            // `--auth-host` after `-A`, which sets both local and host methods.
            // Local (Unix socket) connections stay trusted: only this user can
            // reach the socket directory anyway.
            write_file(&pwfile, &format!("{password}\n"))?;
            if let Some(run_as) = &self.run_as {
                run_as.chown(&pwfile)?;
            }
            command.arg("--auth-host=scram-sha-256").arg("--pwfile").arg(&pwfile);
        }
        let output = self.run(command);
        // The password must not outlive initdb on disk, whatever happened.
        let _ = fs::remove_file(&pwfile);
        let output = output?;
        if !output.status.success() {
            return Err(ScratchError::Initdb {
                status: output.status,
                data_dir: self.data_dir.clone(),
                output: tail(&combined_output(&output)),
            });
        }
        Ok(())
    }

    /// The caller's `pg_hba.conf` rules and data directory files, if any.
    fn write_data_files(&self, options: &ClusterOptions) -> Result<(), ScratchError> {
        let mut files: Vec<(&str, &[u8])> =
            options.data_files.iter().map(|(name, bytes)| (name.as_str(), bytes.as_slice())).collect();
        let hba = format!("local all all trust\n{}\n", options.hba.join("\n"));
        if !options.hba.is_empty() {
            files.push(("pg_hba.conf", hba.as_bytes()));
        }
        for (name, bytes) in files {
            let path = self.data_dir.join(name);
            let written = fs::write(&path, bytes).and_then(|()| {
                fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600))
            });
            written
                .map_err(|source| ScratchError::Io { action: format!("write {}", path.display()), source })?;
            if let Some(run_as) = &self.run_as {
                run_as.chown(&path)?;
            }
        }
        Ok(())
    }

    /// Configures and starts the server, moving to another port when the one
    /// picked was taken in the meantime: probing for a free port and binding
    /// it are necessarily two steps, and parallel test processes race.
    fn start_server(&mut self, extra_config: &[String], first_port: Option<u16>) -> Result<(), ScratchError> {
        let conf_path = self.data_dir.join("postgresql.conf");
        let initdb_conf = fs::read_to_string(&conf_path)
            .map_err(|source| ScratchError::Io { action: format!("read {}", conf_path.display()), source })?;
        let mut port = match first_port {
            Some(port) => port,
            None => free_port()?,
        };
        for attempt in 1..=PORT_ATTEMPTS {
            let conf = format!(
                "{initdb_conf}\n# Added by pgconform for a throwaway cluster.\n{}\nport = {port}\n\
                 unix_socket_directories = {}\n{}\n",
                BASE_SETTINGS.join("\n"),
                conf_literal(&self.socket_dir.to_string_lossy()),
                extra_config.join("\n"),
            );
            write_file(&conf_path, &conf)?;

            // Only this attempt's part of the log explains this attempt.
            let log_start = fs::metadata(&self.log_file).map(|m| m.len()).unwrap_or(0);
            let mut command = self.command("pg_ctl");
            command
                .args(["start", "-w", "-t", PG_CTL_TIMEOUT_SECS, "-D"])
                .arg(&self.data_dir)
                .arg("-l")
                .arg(&self.log_file);
            let output = self.run(command)?;
            // Even a failed or timed-out start may leave a postmaster behind;
            // knowing its PID lets shutdown stop it.
            self.postmaster_pid = read_postmaster_pid(&self.data_dir);
            if output.status.success() {
                self.port = port;
                return Ok(());
            }

            let log = read_from(&self.log_file, log_start);
            let port_taken =
                log.contains("Address already in use") || log.contains("could not create any TCP/IP sockets");
            if !port_taken || attempt == PORT_ATTEMPTS {
                // pg_ctl's own words are mostly "examine the log output";
                // its last `pg_ctl:` line says whether it failed or timed out.
                let said = combined_output(&output);
                let mut reason = said
                    .lines()
                    .rfind(|line| line.starts_with("pg_ctl:"))
                    .map(|line| format!("{} ({})", line.trim(), output.status))
                    .unwrap_or_else(|| format!("pg_ctl start failed ({})", output.status));
                if port_taken {
                    reason.push_str(&format!(", the port was taken {PORT_ATTEMPTS} times in a row"));
                }
                return Err(ScratchError::Start { reason, log: tail(&log) });
            }
            self.stop_server();
            port = free_port()?;
        }
        unreachable!("the last attempt returns")
    }

    /// A command for one of the server binaries, run as the cluster's user,
    /// with a scrubbed environment, from the scratch directory (the caller's
    /// working directory may not be readable by that user).
    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(self.bin_dir.join(program));
        command.current_dir(&self.root).stdin(Stdio::null());
        scrub_environment(&mut command);
        if let Some(lib_dir) = std::env::var_os(LIBDIR_ENV).filter(|d| !d.is_empty()) {
            let mut path = lib_dir;
            if let Some(existing) = std::env::var_os("LD_LIBRARY_PATH").filter(|p| !p.is_empty()) {
                path.push(":");
                path.push(existing);
            }
            command.env("LD_LIBRARY_PATH", path);
        }
        if let Some(run_as) = &self.run_as {
            // std drops root's supplementary groups before `setuid`.
            command.uid(run_as.uid).gid(run_as.gid);
        }
        command
    }

    fn run(&self, mut command: Command) -> Result<Output, ScratchError> {
        command.output().map_err(|source| ScratchError::Spawn {
            program: PathBuf::from(command.get_program()),
            user: self.run_as.as_ref().map(|r| r.name.clone()),
            source,
        })
    }

    /// Stops the server, if one runs, as fast as possible: `immediate` mode
    /// skips the shutdown checkpoint, which a cluster about to be deleted does
    /// not need. Never fails; falls back to signalling the postmaster.
    fn stop_server(&self) {
        if !self.data_dir.join("postmaster.pid").exists() {
            return;
        }
        let mut command = self.command("pg_ctl");
        command
            .args(["stop", "-m", "immediate", "-w", "-t", PG_CTL_TIMEOUT_SECS, "-D"])
            .arg(&self.data_dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let stopped = command.status().map(|s| s.success()).unwrap_or(false);
        // Falls back to doing what `pg_ctl stop -m immediate` does, sending
        // SIGQUIT, provided the PID still names this cluster's postmaster.
        if !stopped
            && let Some(pid) = self.postmaster_pid
            && postmaster_serves(pid, &self.data_dir)
        {
            signal_and_wait(pid, &self.data_dir);
        }
    }

    /// Stops the server and deletes the directory, once; later calls and calls
    /// from a forked child do nothing.
    fn shutdown(&self) {
        if std::process::id() != self.owner_pid {
            return;
        }
        let dir = match self.dir.lock() {
            Ok(mut guard) => guard.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        let Some(dir) = dir else { return };
        self.stop_server();
        // Errors are ignored: there is nobody to tell, and the reaper of a
        // later start removes whatever was left.
        let _ = dir.close();
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// The `atexit` handler for [`Cluster::shared`].
extern "C" fn stop_shared_cluster() {
    // Unwinding out of an `extern "C"` function aborts the process; a failed
    // cleanup must not turn a passing test run into a crash.
    let _ = std::panic::catch_unwind(|| {
        if let Some(Ok(cluster)) = SHARED.get() {
            cluster.shutdown();
        }
    });
}

/// The unprivileged user the cluster runs as when this process is root.
#[derive(Clone, Debug)]
struct RunAs {
    name: String,
    uid: u32,
    gid: u32,
}

impl RunAs {
    /// `None` when not root: the cluster then runs as the current user.
    fn for_current_process() -> Result<Option<RunAs>, ScratchError> {
        // SAFETY: geteuid has no preconditions and cannot fail.
        if unsafe { libc::geteuid() } != 0 {
            return Ok(None);
        }
        ["postgres", "nobody"]
            .into_iter()
            .find_map(lookup_user)
            .map(Some)
            .ok_or(ScratchError::NoUnprivilegedUser)
    }

    fn chown(&self, path: &Path) -> Result<(), ScratchError> {
        chown(path, Some(self.uid), Some(self.gid)).map_err(|source| ScratchError::Io {
            action: format!("hand {} over to user {}", path.display(), self.name),
            source,
        })
    }

    /// Whether this user can reach files under `dir`: every ancestor must be
    /// searchable by it.
    fn can_traverse(&self, dir: &Path) -> bool {
        dir.ancestors().all(|ancestor| match fs::metadata(ancestor) {
            Ok(meta) => {
                let mode = meta.mode();
                if meta.uid() == self.uid {
                    mode & 0o100 != 0
                } else if meta.gid() == self.gid {
                    mode & 0o010 != 0
                } else {
                    mode & 0o001 != 0
                }
            }
            Err(_) => false,
        })
    }
}

/// Looks a user up in the password database; thread-safe, unlike `getpwnam`.
fn lookup_user(name: &str) -> Option<RunAs> {
    let c_name = CString::new(name).ok()?;
    let mut buffer = vec![0u8; 1024];
    loop {
        // SAFETY: `passwd` is plain old data; all-zero is a valid value that
        // getpwnam_r overwrites.
        let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        // SAFETY: every pointer is valid for the duration of the call and the
        // buffer length is its real length.
        let rc = unsafe {
            libc::getpwnam_r(
                c_name.as_ptr(),
                &mut entry,
                buffer.as_mut_ptr().cast(),
                buffer.len(),
                &mut result,
            )
        };
        if rc == libc::ERANGE && buffer.len() < 1 << 20 {
            buffer.resize(buffer.len() * 2, 0);
            continue;
        }
        if rc != 0 || result.is_null() {
            return None;
        }
        return Some(RunAs { name: name.to_string(), uid: entry.pw_uid, gid: entry.pw_gid });
    }
}

/// Finds the directory with `initdb`, `pg_ctl` and `postgres`. `from_env` is
/// the value of [`BINDIR_ENV`]; when set it is the only candidate, because
/// silently falling back would run a version the user did not ask for.
fn find_bin_dir(from_env: Option<PathBuf>) -> Result<PathBuf, ScratchError> {
    if let Some(dir) = from_env.filter(|d| !d.as_os_str().is_empty()) {
        return match missing_binary(&dir) {
            // Absolute, because the binaries run from the scratch directory.
            None => Ok(fs::canonicalize(&dir).unwrap_or(dir)),
            Some(missing) => Err(ScratchError::BadBinDir { dir, missing }),
        };
    }
    let mut searched = Vec::new();
    for dir in bin_dir_candidates() {
        if missing_binary(&dir).is_none() {
            return Ok(dir);
        }
        searched.push(dir.display().to_string());
    }
    Err(ScratchError::BinariesNotFound { searched: searched.join(", ") })
}

/// The usual places, in order of preference. Within one glob pattern, the
/// newest version comes first.
fn bin_dir_candidates() -> Vec<PathBuf> {
    let mut candidates = Vec::new();
    // `pg_config` is on PATH on most installs, but Debian ships it in
    // libpq-dev, where it may point at a client-only bindir: hence the check
    // the caller makes for initdb and pg_ctl.
    if let Ok(output) =
        Command::new("pg_config").arg("--bindir").stdin(Stdio::null()).stderr(Stdio::null()).output()
        && output.status.success()
    {
        let dir = String::from_utf8_lossy(&output.stdout).trim().to_string();
        if !dir.is_empty() {
            candidates.push(PathBuf::from(dir));
        }
    }
    for pattern in [
        "/usr/lib/postgresql/*/bin",
        "/usr/local/pgsql/bin",
        "/usr/pgsql-*/bin",
        "/opt/homebrew/opt/postgresql*/bin",
        "/usr/local/opt/postgresql*/bin",
    ] {
        let mut found: Vec<PathBuf> =
            glob::glob(pattern).map(|paths| paths.flatten().collect()).unwrap_or_default();
        found.sort_by_key(|dir| std::cmp::Reverse(version_in_path(dir)));
        candidates.extend(found);
    }
    candidates
}

/// The version numbers in a path such as `/usr/lib/postgresql/9.6/bin` or
/// `/opt/homebrew/opt/postgresql@16/bin`, for sorting newest first
/// (numerically, so 10 sorts above 9.6).
fn version_in_path(dir: &Path) -> Vec<u32> {
    dir.to_string_lossy()
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .filter_map(|part| part.parse().ok())
        .collect()
}

/// The first of the binaries a cluster needs that `dir` lacks.
fn missing_binary(dir: &Path) -> Option<&'static str> {
    ["initdb", "pg_ctl", "postgres"].into_iter().find(|name| !dir.join(name).is_file())
}

/// Where to create the scratch directory: `TMPDIR` (or `/tmp`), unless the
/// server's user could not reach it or the Unix socket path would exceed the
/// ~100 bytes the kernel allows; then `/tmp`.
fn temp_root(run_as: Option<&RunAs>) -> PathBuf {
    let preferred = std::env::temp_dir();
    // Room for "/pgconform-scratch-XXXXXX/socket/.s.PGSQL.65535.lock".
    let short_enough = preferred.as_os_str().len() <= 50;
    let reachable = run_as.is_none_or(|user| user.can_traverse(&preferred));
    if short_enough && reachable { preferred } else { PathBuf::from("/tmp") }
}

/// Removes every `PG*` variable (PGDATA, PGPORT, PGHOST, PGOPTIONS, ...) so
/// the user's environment cannot point a child at another cluster or change
/// its behaviour.
fn scrub_environment(command: &mut Command) {
    for (key, _) in std::env::vars_os() {
        if key.as_encoded_bytes().starts_with(b"PG") {
            command.env_remove(&key);
        }
    }
}

/// A port nobody listens on right now. The server binds it a moment later;
/// [`Cluster::start_server`] retries if someone else was faster.
fn free_port() -> Result<u16, ScratchError> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|source| ScratchError::Io { action: "find a free TCP port on 127.0.0.1".into(), source })
}

/// A `postgresql.conf` string literal.
fn conf_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// Percent-encodes everything but RFC 3986 unreserved characters, which is
/// safe in every part of a URL.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// stdout then stderr of a finished child, as text.
fn combined_output(output: &Output) -> String {
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    text
}

/// The last [`TAIL_LINES`] lines of `text`, indented so they stand apart from
/// the message around them.
fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let start = lines.len().saturating_sub(TAIL_LINES);
    if lines.is_empty() {
        return "    (nothing)".to_string();
    }
    lines[start..].iter().map(|line| format!("    {line}")).collect::<Vec<_>>().join("\n")
}

/// The part of a file after byte `offset`; empty if it cannot be read.
fn read_from(path: &Path, offset: u64) -> String {
    let mut text = Vec::new();
    if let Ok(mut file) = fs::File::open(path)
        && file.seek(SeekFrom::Start(offset)).is_ok()
    {
        let _ = file.read_to_end(&mut text);
    }
    String::from_utf8_lossy(&text).into_owned()
}

/// The postmaster PID, from the first line of `postmaster.pid`.
fn read_postmaster_pid(data_dir: &Path) -> Option<i32> {
    let text = fs::read_to_string(data_dir.join("postmaster.pid")).ok()?;
    text.lines().next()?.trim().parse().ok().filter(|pid| *pid > 0)
}

/// Sends the immediate-shutdown signal to a postmaster and waits for it to
/// remove its PID file; kills it outright if it takes too long.
fn signal_and_wait(pid: i32, data_dir: &Path) {
    let pid_file = data_dir.join("postmaster.pid");
    for signal in [libc::SIGQUIT, libc::SIGKILL] {
        // SAFETY: kill has no memory-safety preconditions.
        if unsafe { libc::kill(pid, signal) } != 0 {
            return; // Already gone (ESRCH), or not ours to signal.
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            // SAFETY: as above; signal 0 only checks that the process exists.
            if !pid_file.exists() || unsafe { libc::kill(pid, 0) } != 0 {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// This process's PID namespace, so that the reaper never mistakes a live
/// cluster of a container sharing `/tmp` for an abandoned one. Empty where
/// there are no namespaces.
fn pid_namespace() -> String {
    fs::read_link("/proc/self/ns/pid").map(|p| p.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Whether process `pid` exists (EPERM means it exists but is not ours).
fn process_exists(pid: i32) -> bool {
    // SAFETY: signal 0 performs only the existence and permission checks.
    let delivered = unsafe { libc::kill(pid, 0) } == 0;
    delivered || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Stops and deletes scratch clusters whose owning process died without
/// cleaning up (killed by a signal, `SIGKILL` from a CI timeout, an abort).
/// `pg_ctl` detaches the server into its own session, so without this each
/// such death would leave a postmaster and ~40 MB behind for good.
///
/// Conservative by construction: only directories with our prefix and an
/// owner file, whose owner is gone from this PID namespace. A recycled owner
/// PID makes a dead owner look alive, which only delays the cleanup.
fn reap_abandoned(temp_root: &Path, bin_dir: &Path, run_as: Option<&RunAs>) {
    let Ok(entries) = fs::read_dir(temp_root) else {
        return;
    };
    let namespace = pid_namespace();
    for entry in entries.flatten() {
        if !entry.file_name().as_encoded_bytes().starts_with(DIR_PREFIX.as_bytes()) {
            continue;
        }
        let root = entry.path();
        let Ok(owner) = fs::read_to_string(root.join(OWNER_FILE)) else {
            continue;
        };
        let mut lines = owner.lines();
        let Some(pid) = lines.next().and_then(|l| l.trim().parse::<i32>().ok()) else {
            continue;
        };
        if lines.next().unwrap_or("") != namespace || process_exists(pid) {
            continue;
        }
        let data_dir = root.join("data");
        if let Some(postmaster) = read_postmaster_pid(&data_dir)
            && postmaster_serves(postmaster, &data_dir)
        {
            let mut command = Command::new(bin_dir.join("pg_ctl"));
            command
                .args(["stop", "-m", "immediate", "-w", "-D"])
                .arg(&data_dir)
                .current_dir(&root)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            scrub_environment(&mut command);
            if let Some(run_as) = run_as {
                command.uid(run_as.uid).gid(run_as.gid);
            }
            if !command.status().is_ok_and(|s| s.success()) {
                signal_and_wait(postmaster, &data_dir);
            }
        }
        let _ = fs::remove_dir_all(&root);
    }
}

/// Whether `pid` is a postmaster serving `data_dir`, so that a stale PID file
/// whose PID now belongs to an unrelated process never gets it signalled.
/// Where `/proc` is unavailable, trusts `pg_ctl`'s own checks.
fn postmaster_serves(pid: i32, data_dir: &Path) -> bool {
    if !Path::new("/proc/self").exists() {
        return process_exists(pid);
    }
    match fs::read(format!("/proc/{pid}/cmdline")) {
        Ok(cmdline) => {
            let needle = data_dir.as_os_str().as_encoded_bytes();
            cmdline.windows(needle.len()).any(|window| window == needle)
        }
        Err(_) => false,
    }
}

fn write_file(path: &Path, contents: &str) -> Result<(), ScratchError> {
    fs::write(path, contents)
        .map_err(|source| ScratchError::Io { action: format!("write {}", path.display()), source })
}

fn create_dir(path: &Path) -> Result<(), ScratchError> {
    fs::create_dir(path)
        .map_err(|source| ScratchError::Io { action: format!("create {}", path.display()), source })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpStream;

    fn refuses_connections(port: u16) -> bool {
        TcpStream::connect_timeout(&(Ipv4Addr::LOCALHOST, port).into(), Duration::from_secs(2))
            .is_err_and(|e| e.kind() == io::ErrorKind::ConnectionRefused)
    }

    fn current_database(url: &str) -> String {
        let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connect by url");
        client.query_one("SELECT current_database()", &[]).unwrap().get(0)
    }

    #[test]
    fn shared_cluster_serves_queries_and_databases() {
        let cluster = Cluster::shared();
        assert_eq!(cluster.host(), "127.0.0.1");
        assert_eq!(cluster.superuser(), "postgres");
        assert!(cluster.major_version() >= 13, "{cluster:?}");

        let mut client = cluster.connect("postgres").unwrap();
        let sum: i32 = client.query_one("SELECT 40 + 2", &[]).unwrap().get(0);
        assert_eq!(sum, 42);

        let first = cluster.fresh_database("scratch_test").unwrap();
        let second = cluster.fresh_database("scratch_test").unwrap();
        assert_ne!(first, second);
        let first_name = current_database(&first);
        assert!(first_name.starts_with(&format!("scratch_test_{}_", std::process::id())));
        assert_eq!(first, cluster.url(&first_name));
        assert_ne!(current_database(&second), first_name);

        // Names that need quoting in SQL and encoding in the URL.
        let odd = format!("Odd name/?#%; \"{}\"", std::process::id());
        let url = cluster.create_database(&odd).unwrap();
        assert_eq!(current_database(&url), odd);
        let again = cluster.create_database(&odd).unwrap_err().to_string();
        assert!(again.contains("already exists"), "{again}");
    }

    #[test]
    fn shared_cluster_is_reused() {
        let first = Cluster::shared();
        let second = std::thread::spawn(|| Cluster::shared() as *const Cluster as usize).join().unwrap();
        assert_eq!(first as *const Cluster as usize, second);
        let mut client = Cluster::shared().connect("postgres").unwrap();
        let port: String = client.query_one("SHOW port", &[]).unwrap().get(0);
        assert_eq!(port, first.port().to_string());
    }

    #[test]
    fn fresh_database_names_stay_unique_when_the_prefix_is_too_long() {
        let cluster = Cluster::shared();
        let prefix = "ä".repeat(40); // 80 bytes, more than an identifier holds
        let names: Vec<String> =
            (0..2).map(|_| current_database(&cluster.fresh_database(&prefix).unwrap())).collect();
        assert_ne!(names[0], names[1]);
        assert!(names.iter().all(|n| n.len() <= MAX_IDENTIFIER_BYTES && n.starts_with('ä')));
    }

    #[test]
    fn drop_stops_the_server_and_removes_the_directory() {
        let cluster = Cluster::start().unwrap();
        let (port, root) = (cluster.port(), cluster.data_dir().parent().unwrap().to_path_buf());
        let mut client = cluster.connect("postgres").unwrap();
        client.batch_execute("CREATE TABLE t (id int)").unwrap();
        assert!(root.join("data/postmaster.pid").exists());

        drop(cluster);
        assert!(refuses_connections(port), "port {port} still accepts connections");
        assert!(!root.exists(), "{} still exists", root.display());
        // The open connection is cut, not left hanging.
        assert!(client.simple_query("SELECT 1").is_err());
    }

    #[test]
    fn a_panicking_owner_still_stops_the_cluster() {
        let (sender, receiver) = std::sync::mpsc::channel();
        let outcome = std::panic::catch_unwind(move || {
            let cluster = Cluster::start().unwrap();
            sender.send((cluster.port(), cluster.data_dir().to_path_buf())).unwrap();
            panic!("test failure while the cluster runs");
        });
        assert!(outcome.is_err());
        let (port, data_dir) = receiver.recv().unwrap();
        assert!(refuses_connections(port));
        assert!(!data_dir.exists());
    }

    #[test]
    fn password_and_extra_config_are_applied() {
        let password = "p@ss word:/?#%'\"";
        let cluster = Cluster::start_with(ClusterOptions {
            extra_config: vec!["work_mem = '7MB'".into(), "application_name = 'from conf'".into()],
            superuser_password: Some(password.into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(cluster.password(), Some(password));
        assert!(!format!("{cluster:?}").contains("word"));

        let mut client = cluster.connect("postgres").unwrap();
        let work_mem: String = client.query_one("SHOW work_mem", &[]).unwrap().get(0);
        assert_eq!(work_mem, "7MB");
        let method: String = client
            .query_one("SELECT auth_method FROM pg_hba_file_rules WHERE type = 'host' LIMIT 1", &[])
            .unwrap()
            .get(0);
        assert_eq!(method, "scram-sha-256");
        // The URL carries the (encoded) password.
        assert_eq!(current_database(&cluster.url("postgres")), "postgres");

        let wrong = format!("postgresql://postgres:nope@127.0.0.1:{}/postgres", cluster.port());
        let Err(error) = postgres::Client::connect(&wrong, postgres::NoTls) else {
            panic!("a wrong password was accepted");
        };
        assert!(crate::connect::error_text(&error).contains("password authentication failed"), "{error}");
        // The pwfile does not outlive initdb.
        assert!(!cluster.data_dir().parent().unwrap().join("pwfile").exists());
    }

    #[test]
    fn a_server_that_cannot_start_reports_its_log() {
        let error = Cluster::start_with(ClusterOptions {
            extra_config: vec!["shared_buffers = 'plenty'".into()],
            ..Default::default()
        })
        .unwrap_err();
        let message = error.to_string();
        assert!(matches!(error, ScratchError::Start { .. }), "{message}");
        assert!(message.contains("shared_buffers"), "{message}");
    }

    #[test]
    fn a_taken_port_is_replaced_by_a_free_one() {
        let squatter = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let taken = squatter.local_addr().unwrap().port();
        let cluster = Cluster::start_on(ClusterOptions::default(), Some(taken)).unwrap();
        assert_ne!(cluster.port(), taken);
        cluster.connect("postgres").unwrap();
        let log = fs::read_to_string(cluster.log_file()).unwrap();
        assert!(log.contains("Address already in use"), "{log}");
    }

    #[test]
    fn abandoned_clusters_are_reaped() {
        let cluster = Cluster::start().unwrap();
        let (port, root) = (cluster.port(), cluster.data_dir().parent().unwrap().to_path_buf());
        // Pretend the owner was killed: a PID that no longer exists.
        let mut child = Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        fs::write(root.join(OWNER_FILE), format!("{dead}\n{}\n", pid_namespace())).unwrap();
        // A directory still being set up (no owner file) and one whose owner
        // lives are left alone.
        let scratch = tempfile::tempdir().unwrap();
        let unfinished = scratch.path().join(format!("{DIR_PREFIX}unfinished"));
        let alive = scratch.path().join(format!("{DIR_PREFIX}alive"));
        fs::create_dir(&unfinished).unwrap();
        fs::create_dir(&alive).unwrap();
        fs::write(alive.join(OWNER_FILE), format!("{}\n{}\n", std::process::id(), pid_namespace())).unwrap();
        reap_abandoned(scratch.path(), cluster.bin_dir(), cluster.run_as.as_ref());
        assert!(unfinished.exists() && alive.exists());

        reap_abandoned(root.parent().unwrap(), cluster.bin_dir(), cluster.run_as.as_ref());
        assert!(refuses_connections(port));
        assert!(!root.exists());
        drop(cluster); // Finds nothing left to do, and does not fail.
    }

    #[test]
    fn an_explicit_bin_dir_must_hold_the_server_binaries() {
        let error = find_bin_dir(Some(PathBuf::from("/nonexistent/pg/bin"))).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("PGCONFORM_PG_BINDIR is /nonexistent/pg/bin"), "{message}");
        assert!(message.contains("initdb is not there"), "{message}");
    }

    #[test]
    fn newest_install_sorts_first() {
        let mut dirs =
            ["/usr/lib/postgresql/9.6/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/10/bin"]
                .map(PathBuf::from);
        dirs.sort_by_key(|dir| std::cmp::Reverse(version_in_path(dir)));
        assert_eq!(dirs[0], PathBuf::from("/usr/lib/postgresql/16/bin"));
        assert_eq!(dirs[2], PathBuf::from("/usr/lib/postgresql/9.6/bin"));
    }

    #[test]
    fn urls_encode_everything_outside_the_unreserved_set() {
        assert_eq!(percent_encode("app_db-1.x~"), "app_db-1.x~");
        assert_eq!(percent_encode("a b/c?d#é"), "a%20b%2Fc%3Fd%23%C3%A9");
    }

    #[test]
    fn tails_keep_the_last_lines() {
        let text: String = (1..=40).map(|n| format!("line {n}\n")).collect();
        let tailed = tail(&text);
        assert!(tailed.starts_with("    line 16\n") && tailed.ends_with("line 40"));
        assert_eq!(tail(""), "    (nothing)");
    }
}
