//! Throwaway PostgreSQL clusters for tests, `demo` and `check --sql`.
