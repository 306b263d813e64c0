//! What can go wrong while reading a catalog.
//!
//! Every message says which query failed and what the server answered, e.g.
//! `reading columns failed: permission denied for table pg_attribute`. Nothing
//! here can hold a password: the reader never sees connection parameters, and
//! the server does not echo them in query errors.

/// A catalog read that could not complete. Questions the server could not
/// answer are not errors (they become `Err` entries in the answers); only a
/// catalog query that fails, or a connection that dies, stops `read`.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// A catalog query failed, or the connection failed while it ran.
    #[error("reading {what} failed: {message}")]
    Query {
        /// Which query: "server version", "schemas", "columns", …
        what: &'static str,
        /// The server's message (with its DETAIL and HINT when present), or the
        /// client library's description of a connection failure.
        message: String,
        /// The SQLSTATE when the server reported the error (e.g. `42501` for
        /// insufficient privilege), None for connection failures.
        sqlstate: Option<String>,
    },
    /// A catalog query returned a value of an unexpected type or content.
    #[error("reading {what} failed: unexpected value in column `{column}`: {message}")]
    Decode { what: &'static str, column: String, message: String },
    /// The server is older than the oldest release pgconform reads.
    #[error(
        "PostgreSQL {version} is not supported: pgconform reads PostgreSQL 13 to 18 \
         (server_version_num {version_num})"
    )]
    UnsupportedServer { version: String, version_num: i32 },
}

impl CatalogError {
    /// Wraps a client error from the query named `what`.
    pub(crate) fn query(what: &'static str, error: &postgres::Error) -> CatalogError {
        CatalogError::Query {
            what,
            message: crate::connect::error_text(error),
            sqlstate: error.code().map(|code| code.code().to_string()),
        }
    }

    /// The SQLSTATE the server reported, if any.
    pub fn sqlstate(&self) -> Option<&str> {
        match self {
            CatalogError::Query { sqlstate, .. } => sqlstate.as_deref(),
            _ => None,
        }
    }
}
