//! Reading a live database's catalog into a [`Snapshot`].

pub mod snapshot;

pub use snapshot::*;
