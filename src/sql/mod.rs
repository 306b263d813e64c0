//! SQL text handling that needs no server: lexing, identifier quoting and parsing.

pub mod ident;
pub mod lexer;
pub mod names;
pub mod routine;
