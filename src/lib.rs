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
