//! The type normaliser: one place that decides when two spellings of a type are the same type.
