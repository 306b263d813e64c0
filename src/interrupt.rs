//! Ctrl-C and SIGTERM: cancel the queries in flight, then end cleanly.
//!
//! One thread receives the signals (they are blocked in every other thread,
//! so the kernel delivers them to it alone). On the first, it asks the server
//! to cancel the query of every session that registered with [`watch`]: the
//! command then ends through its ordinary error path, so open transactions
//! roll back and throwaway clusters are stopped and removed. The binary sees
//! [`interrupted`] and exits with 130, as shells expect after Ctrl-C. If the
//! command has not ended a few seconds later (it was not waiting on a server),
//! or on a second signal, the process exits at once.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// The exit status after an interrupt: 128 + SIGINT.
pub const EXIT_INTERRUPTED: u8 = 130;

/// How long the command gets to wind down after its queries were cancelled.
const GRACE: Duration = Duration::from_secs(5);

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static NEXT_ID: AtomicU64 = AtomicU64::new(0);
/// How to cancel one session's running query (over TLS when it uses TLS).
pub type Cancel = Box<dyn Fn() + Send + Sync>;

static SESSIONS: Mutex<Vec<(u64, std::sync::Arc<Cancel>)>> = Mutex::new(Vec::new());

/// Whether Ctrl-C or SIGTERM arrived.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Starts the signal thread. Call once, first thing in `main`, before any other
/// thread exists (they inherit the blocked signals). Child processes do not:
/// the standard library clears the mask when it spawns one.
pub fn install() {
    // SAFETY: plain libc calls on a local, zero-initialised signal set.
    let set = unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::sigaddset(&mut set, libc::SIGTERM);
        if libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) != 0 {
            return; // Signals keep their default action: the process just ends.
        }
        set
    };
    std::thread::spawn(move || {
        loop {
            let mut signal = 0;
            // SAFETY: `set` is a valid, initialised signal set.
            if unsafe { libc::sigwait(&set, &mut signal) } != 0 {
                continue;
            }
            if INTERRUPTED.swap(true, Ordering::SeqCst) {
                std::process::exit(i32::from(EXIT_INTERRUPTED));
            }
            cancel_all();
            std::thread::spawn(|| {
                std::thread::sleep(GRACE);
                std::process::exit(i32::from(EXIT_INTERRUPTED));
            });
        }
    });
}

fn cancel_all() {
    let cancels: Vec<std::sync::Arc<Cancel>> =
        SESSIONS.lock().unwrap_or_else(|e| e.into_inner()).iter().map(|(_, c)| c.clone()).collect();
    for cancel in cancels {
        // The cancel request travels on a connection of its own; a server that
        // cannot be reached now will drop the session when the process ends.
        cancel();
    }
}

/// Keeps a session's query cancellable by Ctrl-C while the guard lives.
pub struct Watch {
    id: u64,
}

/// Registers a session (by how to cancel it: see `connect::canceller`) so
/// that an interrupt cancels its running query.
pub fn watch(cancel: Cancel) -> Watch {
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    SESSIONS.lock().unwrap_or_else(|e| e.into_inner()).push((id, std::sync::Arc::new(cancel)));
    Watch { id }
}

impl Drop for Watch {
    fn drop(&mut self) {
        SESSIONS.lock().unwrap_or_else(|e| e.into_inner()).retain(|(id, _)| *id != self.id);
    }
}
