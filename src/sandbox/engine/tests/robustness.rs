//! Arbitrary input never panics the engine: it answers or returns a SqlError.

use proptest::prelude::*;

use super::Sandbox;

/// Fragments that make near-miss statements far more often than random bytes do.
const FRAGMENTS: &[&str] = &[
    "create",
    "or",
    "replace",
    "alter",
    "drop",
    "show",
    "describe",
    "select",
    "table",
    "view",
    "task",
    "stream",
    "stage",
    "schema",
    "database",
    "warehouse",
    "procedure",
    "file format",
    "integration",
    "if",
    "not",
    "exists",
    "t",
    "d.s.t",
    "\"q\"\"x\"",
    "(",
    ")",
    ",",
    "=",
    "'s'",
    "$$ b $$",
    "1",
    "-1",
    "int",
    "varchar(10)",
    "as",
    "after",
    "when",
    "on",
    "set",
    "unset",
    "rename",
    "to",
    "limit",
    "from",
    "like",
    "in",
    "account",
    "comment",
    ";",
    ".",
    "*",
    "cluster by",
    "column",
    "add",
    "information_schema.columns",
    "table(",
    "=>",
    "--c\n",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn fragments_never_panic(picks in proptest::collection::vec(0..FRAGMENTS.len(), 0..14)) {
        let sql: Vec<&str> = picks.iter().map(|i| FRAGMENTS[*i]).collect();
        let mut sb = Sandbox::with_schema();
        sb.ok("create table t (a int)");
        let _ = sb.run(&sql.join(" "));
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,80}") {
        let mut sb = Sandbox::new();
        let _ = sb.run(&text);
        let _ = crate::sandbox::engine::Engine::split_statements(&text);
    }
}
