//! Reading a live database's catalog into a [`Snapshot`].

pub mod answer;
pub mod conversion;
pub mod error;
pub mod read;
pub mod snapshot;
pub mod uuid_sample;
pub mod violation;

pub use answer::{Questions, ROW_COUNT_LIMIT, answer};
pub use conversion::CONVERSION_SAMPLES;
pub use error::CatalogError;
pub use read::{CATALOG_STATEMENTS, CatalogReader, OpenSession, SPLIT_FROM, read, read_with};
pub use snapshot::*;
pub use uuid_sample::UUID_SAMPLE_LIMIT;
pub use violation::{VIOLATION_SAMPLES, Violation, ViolationCount};
