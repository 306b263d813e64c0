//! Ctrl-C while a query runs: the server cancels it, the process ends with
//! 130, and nothing is left running or committed.

mod util;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use util::{SpecDir, database};

fn sleeping_sessions(url: &str) -> i64 {
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    client
        .query_one(
            "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(120)%' AND pid <> pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get(0)
}

#[test]
fn ctrl_c_cancels_the_running_query_and_exits_130() {
    let url = database("interrupt", "CREATE TABLE t (id int);");
    let spec = "version: 1\ndatabases:\n  app:\n    schemas: { public: { tables: { t: {} } } }\n    probes:\n      - { name: slow, sql: 'INSERT INTO t VALUES (1); SELECT pg_sleep(120)', expect: '' }\n";
    let dir = SpecDir::new(spec);
    let mut child = Command::new(env!("CARGO_BIN_EXE_pgconform"))
        .args(["check", "--url", &url])
        .current_dir(dir.path())
        .env_clear()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    // Bounds on waiting, not speed assertions: the test fails rather than hangs.
    let deadline = Instant::now() + Duration::from_secs(30);
    while sleeping_sessions(&url) == 0 {
        assert!(Instant::now() < deadline, "the probe never started");
        std::thread::sleep(Duration::from_millis(50));
    }
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "pgconform did not end after Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert_eq!(sleeping_sessions(&url), 0, "the query was cancelled on the server");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let rows: i64 = client.query_one("SELECT count(*) FROM t", &[]).unwrap().get(0);
    assert_eq!(rows, 0, "the probe's write was not committed");
}
