//! Configuration values cannot become SQL text unchecked: a table of injection attempts
//! (file format options, column defaults and types, clustering keys, task `when`, `sql`,
//! schedules and predecessors, view queries, procedure types), each written into a small
//! project and run through `lakeform validate`. Every one must exit 1 and point at the
//! offending text with `file:line:col` — inside the string where the check reads SQL.
//!
//! A case marks the expected position with `§` in its TOML; the marker is removed before
//! the file is written.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

use std::path::Path;
use std::process::Command;

const MARK: char = '§';

struct Case {
    name: &'static str,
    /// The body of `schema/evil.toml`, after `[defaults]`, with `§` at the expected position.
    toml: &'static str,
    /// A piece of the expected message.
    message: &'static str,
}

const fn case(name: &'static str, toml: &'static str, message: &'static str) -> Case {
    Case {
        name,
        toml,
        message,
    }
}

fn cases() -> Vec<Case> {
    vec![
        // --- file format options ------------------------------------------------------------
        case(
            "keyword option with trailing options",
            "[[file_format]]\nname = \"F\"\ntype = \"CSV\"\noptions = { compression = §\"GZIP FIELD_DELIMITER = '|' COMMENT = 'x'\" }\n",
            "COMPRESSION takes one of AUTO, GZIP",
        ),
        case(
            "binary_format closing the statement",
            "[[file_format]]\nname = \"F\"\ntype = \"CSV\"\noptions = { binary_format = §\"HEX; DROP TABLE T\" }\n",
            "BINARY_FORMAT takes one of HEX, BASE64, UTF8",
        ),
        case(
            "unknown option name",
            "[[file_format]]\nname = \"F\"\ntype = \"CSV\"\noptions = { §skip_headr = 1 }\n",
            "unknown CSV file format option `skip_headr`",
        ),
        case(
            "option of another format type",
            "[[file_format]]\nname = \"F\"\ntype = \"CSV\"\noptions = { §strip_outer_array = true }\n",
            "unknown CSV file format option `strip_outer_array`",
        ),
        case(
            "option name carrying SQL",
            "[[file_format]]\nname = \"F\"\ntype = \"JSON\"\noptions = { §\"X = 1 COMMENT\" = 1 }\n",
            "unknown JSON file format option `X = 1 COMMENT`",
        ),
        case(
            "integer option given text",
            "[[file_format]]\nname = \"F\"\ntype = \"CSV\"\noptions = { skip_header = §\"1 FIELD_DELIMITER = NONE\" }\n",
            "SKIP_HEADER takes a whole number",
        ),
        case(
            "integer option out of range",
            "[[file_format]]\nname = \"F\"\ntype = \"CSV\"\noptions = { skip_header = §-1 }\n",
            "SKIP_HEADER takes a whole number of at least 0",
        ),
        case(
            "boolean option given text",
            "[[file_format]]\nname = \"F\"\ntype = \"JSON\"\noptions = { strip_outer_array = §\"TRUE COMMENT = 'x'\" }\n",
            "STRIP_OUTER_ARRAY takes true or false",
        ),
        case(
            "list option given a string",
            "[[file_format]]\nname = \"F\"\ntype = \"CSV\"\noptions = { null_if = §\"('a') COMPRESSION = NONE\" }\n",
            "NULL_IF takes a list of strings",
        ),
        case(
            "character option given several",
            "[[file_format]]\nname = \"F\"\ntype = \"CSV\"\noptions = { field_optionally_enclosed_by = §\"\\\"' OR 1=1\" }\n",
            "FIELD_OPTIONALLY_ENCLOSED_BY takes one character or NONE",
        ),
        case(
            "Parquet compression from the CSV list",
            "[[file_format]]\nname = \"F\"\ntype = \"PARQUET\"\noptions = { compression = §\"GZIP\" }\n",
            "COMPRESSION takes one of AUTO, LZO, SNAPPY, NONE",
        ),
        // --- column defaults ---------------------------------------------------------------
        case(
            "default adding a column",
            "[[table]]\nname = \"T\"\ncolumns = [{ name = \"A\", type = \"INT\", default = \"0§, EVIL VARCHAR\" }]\n",
            "a `,` after the expression",
        ),
        case(
            "default commenting out the rest",
            "[[table]]\nname = \"T\"\ncolumns = [{ name = \"A\", type = \"INT\", default = \"0 §--\" }]\n",
            "comment out what lakeform writes after it",
        ),
        case(
            "default with a second statement",
            "[[table]]\nname = \"T\"\ncolumns = [{ name = \"A\", type = \"INT\", default = \"0§; DROP TABLE T\" }]\n",
            "second statement",
        ),
        case(
            "default adding a clause",
            "[[table]]\nname = \"T\"\ncolumns = [{ name = \"A\", type = \"INT\", default = \"0 §COMMENT 'pwned'\" }]\n",
            "unexpected `COMMENT` after the expression",
        ),
        case(
            "default with an unbalanced parenthesis",
            "[[table]]\nname = \"T\"\ncolumns = [{ name = \"A\", type = \"INT\", default = \"§(0\" }]\n",
            "unbalanced `(`",
        ),
        case(
            "default with an unterminated string",
            "[[table]]\nname = \"T\"\ncolumns = [{ name = \"A\", type = \"VARCHAR\", default = \"§'open\" }]\n",
            "unterminated string literal",
        ),
        // --- types -------------------------------------------------------------------------
        case(
            "column type closing the column list",
            "[[table]]\nname = \"T\"\ncolumns = [{ name = \"A\", type = §\"NUMBER(38,0)) , X INT --\" }]\n",
            "unknown data type",
        ),
        case(
            "procedure argument type",
            "[[procedure]]\nname = \"P\"\narguments = [{ name = \"A\", type = §\"VARCHAR) RETURNS INT AS 'x' --\" }]\nreturns = \"VARCHAR\"\nbody = \"BEGIN RETURN 'x'; END;\"\n",
            "unknown data type",
        ),
        case(
            "procedure returning a table and more",
            "[[procedure]]\nname = \"P\"\nreturns = \"TABLE (A INT) §LANGUAGE JAVASCRIPT\"\nbody = \"BEGIN RETURN 'x'; END;\"\n",
            "unexpected `LANGUAGE` after the closing parenthesis",
        ),
        case(
            "procedure table column type",
            "[[procedure]]\nname = \"P\"\nreturns = \"TABLE (A INT, B §VARCHAR(10) NOT NULL)\"\nbody = \"BEGIN RETURN 'x'; END;\"\n",
            "invalid RETURNS TABLE: unknown data type",
        ),
        // --- clustering keys ---------------------------------------------------------------
        case(
            "clustering key closing the clause",
            "[[table]]\nname = \"T\"\ncolumns = [{ name = \"A\", type = \"INT\" }]\ncluster_by = [\"A§) COMMENT = 'x' --\"]\n",
            "unbalanced `)`",
        ),
        case(
            "clustering key with a second statement",
            "[[table]]\nname = \"T\"\ncolumns = [{ name = \"A\", type = \"INT\" }]\ncluster_by = [\"A\", \"A§; DROP TABLE T\"]\n",
            "second statement",
        ),
        // --- tasks -------------------------------------------------------------------------
        case(
            "when with a second statement",
            "[[task]]\nname = \"K\"\nwhen = \"TRUE§; DROP TABLE T\"\nsql = \"SELECT 1\"\n",
            "second statement",
        ),
        case(
            "when swallowing AS",
            "[[task]]\nname = \"K\"\nwhen = \"TRUE §-- \"\nsql = \"SELECT 1\"\n",
            "comment out",
        ),
        case(
            "when with its own AS",
            "[[task]]\nname = \"K\"\nwhen = \"TRUE §AS DROP TABLE T\"\nsql = \"SELECT 1\"\n",
            "unexpected `AS` after the expression",
        ),
        case(
            "multi-line when",
            "[[task]]\nname = \"K\"\nwhen = '''\nSYSTEM$STREAM_HAS_DATA('S')\n§; DROP TABLE T\n'''\nsql = \"SELECT 1\"\n",
            "second statement",
        ),
        case(
            "task sql with a second statement",
            "[[task]]\nname = \"K\"\nsql = \"SELECT 1§; DROP TABLE T\"\n",
            "second statement after `;`",
        ),
        case(
            "task sql as a scripting block",
            "[[task]]\nname = \"K\"\nsql = \"§BEGIN DROP TABLE T; END\"\n",
            "Snowflake Scripting block",
        ),
        case(
            "schedule with SQL after it",
            "[[task]]\nname = \"K\"\nschedule = §\"5 MINUTE'; DROP TABLE T; --\"\nsql = \"SELECT 1\"\n",
            "invalid schedule",
        ),
        case(
            "predecessor carrying SQL",
            "[[task]]\nname = \"R\"\nsql = \"SELECT 1\"\n\n[[task]]\nname = \"K\"\nafter = [§\"R; DROP TABLE T\"]\nsql = \"SELECT 1\"\n",
            "invalid task name",
        ),
        // --- views -------------------------------------------------------------------------
        case(
            "view query with a second statement",
            "[[view]]\nname = \"V\"\nquery = '''\nSELECT 1 AS X§;\nDROP TABLE T\n'''\n",
            "second statement after `;`",
        ),
        case(
            "view query that is not a query",
            "[[view]]\nname = \"V\"\nquery = \"§DROP TABLE T\"\n",
            "a view's query is a SELECT",
        ),
        // --- warehouses --------------------------------------------------------------------
        case(
            "warehouse size carrying SQL",
            "[[warehouse]]\nname = \"W\"\nsize = §\"XSMALL AUTO_SUSPEND = 0\"\n",
            "warehouse size",
        ),
    ]
}

/// Writes the case's project: one database and schema, and the case in `schema/evil.toml`.
/// Returns the expected `file:line:col`.
fn write_project(dir: &Path, case: &Case) -> String {
    std::fs::create_dir_all(dir.join("environments")).unwrap();
    std::fs::create_dir_all(dir.join("schema")).unwrap();
    std::fs::write(
        dir.join("environments/test.toml"),
        "include = [\"../schema/*.toml\"]\n\n[vars]\nevil = \"0, EVIL VARCHAR\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("schema/account.toml"),
        "[[database]]\nname = \"DB\"\n\n[[schema]]\nname = \"DB.S\"\n",
    )
    .unwrap();
    let text = format!(
        "[defaults]\ndatabase = \"DB\"\nschema = \"S\"\n\n{}",
        case.toml
    );
    let marker = text.find(MARK).expect("the case marks its position");
    let line = text[..marker].matches('\n').count() + 1;
    let line_start = text[..marker].rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..marker].chars().count() + 1;
    std::fs::write(dir.join("schema/evil.toml"), text.replace(MARK, "")).unwrap();
    format!("schema/evil.toml:{line}:{column}")
}

fn validate(dir: &Path) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_lakeform"))
        .args(["validate", "-e", "test"])
        .current_dir(dir)
        .output()
        .expect("lakeform runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn injection_attempts_fail_validate_at_the_offending_text() {
    let cases = cases();
    assert!(cases.len() >= 20);
    let mut failures = Vec::new();
    for case in &cases {
        let dir = tempfile::tempdir().unwrap();
        let position = write_project(dir.path(), case);
        let (code, report) = validate(dir.path());
        let at = format!("--> {position}\n");
        if code != Some(1) || !report.contains(&at) || !report.contains(case.message) {
            failures.push(format!(
                "{}: expected exit 1, `{at}` and {:?}; got {code:?}:\n{report}",
                case.name, case.message
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_variable_cannot_smuggle_sql_either() {
    let dir = tempfile::tempdir().unwrap();
    let case = case(
        "default from a variable",
        "[[table]]\nname = \"T\"\ncolumns = [{ name = \"A\", type = \"INT\", default = §\"${evil}\" }]\n",
        "",
    );
    let position = write_project(dir.path(), &case);
    let (code, report) = validate(dir.path());
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains(&format!("--> {position}\n")), "{report}");
    assert!(
        report.contains("invalid default of column A: a `,` after the expression"),
        "{report}"
    );
}

#[test]
fn honest_values_still_validate() {
    let dir = tempfile::tempdir().unwrap();
    let case = case(
        "honest",
        "[[file_format]]\nname = \"F\"\ntype = \"CSV\"\noptions = { compression = \"gzip\", binary_format = \"BASE64\", skip_header = 1, field_optionally_enclosed_by = '\"', null_if = [\"NULL\", \"\"], date_format = \"YYYY-MM-DD\", escape = \"NONE\" }\n\n\
         [[file_format]]\nname = \"P\"\ntype = \"PARQUET\"\noptions = { compression = \"SNAPPY\", binary_as_text = false }\n\n\
         [[table]]\nname = \"T\"\ncolumns = [\n  { name = \"A\", type = \"NUMBER(38,0)\", default = \"0\" },\n  { name = \"B\", type = \"VARCHAR\", default = \"'it''s; fine -- really'\" },\n  { name = \"C\", type = \"TIMESTAMP_NTZ\", default = \"CURRENT_TIMESTAMP() -- set on insert\\n\" },\n]\ncluster_by = [\"A\", \"TO_DATE(C)\", \"CASE WHEN A > 0 THEN 1 ELSE 0 END\"]\n\n\
         [[task]]\nname = \"K\"\nwhen = \"1 = 1 AND NOT (2 < 1)\"\nsql = \"SELECT 1; -- one statement\"\n\n\
         [[view]]\nname = \"V\"\nquery = '''\nWITH x AS (SELECT 1 AS A) SELECT A FROM x; -- done\n'''\n\n\
         [[procedure]]\nname = \"P2\"\nreturns = \"TABLE (A NUMBER(38,0), \\\"b\\\" VARCHAR)\"\nbody = \"BEGIN RETURN 'x'; END; $$\"\n§",
        "",
    );
    write_project(dir.path(), &case);
    let (code, report) = validate(dir.path());
    assert_eq!(code, Some(0), "{report}");
}
