//! Reading a live database's catalog into a [`Snapshot`].

pub mod answer;
pub mod conversion;
pub mod error;
pub mod read;
pub mod snapshot;

pub use answer::{Questions, ROW_COUNT_LIMIT, answer};
pub use conversion::CONVERSION_SAMPLES;
pub use error::CatalogError;
pub use read::{CATALOG_STATEMENTS, CatalogReader, read, read_with};
pub use snapshot::*;
