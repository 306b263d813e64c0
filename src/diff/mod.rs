//! Comparing the spec with a catalog snapshot: pure, no database access.

pub mod finding;

pub use finding::*;
