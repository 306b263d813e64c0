//! pgconform: declare a PostgreSQL database's target architecture in YAML,
//! check a live database against it, and write the SQL that brings it there.
//!
//! Data flows one way: `spec` (YAML → typed model with locations) and
//! `catalog` (live database → typed snapshot) meet in `diff` (pure), whose
//! findings `report` prints. Only `catalog`, `probe` and `check` (which opens
//! the sessions) talk to PostgreSQL.

pub mod app;
pub mod catalog;
pub mod check;
pub mod cli;
pub mod connect;
pub mod demo;
pub mod diagram;
pub mod diff;
pub mod fix;
pub mod gate;
pub mod inspect;
pub mod interrupt;
pub mod lint;
pub mod location;
pub mod probe;
pub mod report;
pub mod scratch;
pub mod spec;
pub mod sql;
pub mod types;

/// Frees a large value on a thread of its own. Freeing a 10,000-table spec,
/// snapshot or report allocation by allocation takes a tenth of a second or
/// more, and nothing waits for it: a process that ends first leaves the
/// memory to the operating system. Without a thread to be had, it is freed
/// here.
pub(crate) fn free_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}
