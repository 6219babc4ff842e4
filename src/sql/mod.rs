//! Snowflake SQL text as lakeform needs it: a lexer, a canonical form for comparing bodies,
//! and helpers that read names out of token streams.
//!
//! This is not a SQL parser. Configuration validation, the provider's comparisons and the
//! sandbox's own statement parser all start from these tokens, so that one definition of
//! "what a string literal / quoted identifier / comment is" serves the whole tool.

pub(crate) mod bind;
pub(crate) mod canonical;
pub(crate) mod fragment;
pub(crate) mod lexer;
pub(crate) mod pattern;
pub(crate) mod quote;
pub(crate) mod references;
pub(crate) mod scripting;

pub use canonical::{CanonicalSql, canonicalize};
pub(crate) use lexer::{LexError, Token, TokenKind, tokenize};
