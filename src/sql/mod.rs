//! SQL text handling that needs no server: lexing, identifier quoting and parsing.

pub mod ident;
