//! Every column type family, declared in a synonym Snowflake accepts, applies and plans
//! nothing afterwards: the type read back from INFORMATION_SCHEMA.COLUMNS is the
//! declaration's canonical form (`INT` → `NUMBER(38,0)`, `STRING` → `VARCHAR(16777216)`,
//! `DATETIME` → `TIMESTAMP_NTZ(9)`, DECFLOAT as written …;
//! https://docs.snowflake.com/en/sql-reference/intro-summary-data-types).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

#[path = "fixtures/drift/support.rs"]
mod support;

use support::{Project, Server};

const VARS: &[(&str, &str)] = &[("database", "TYPES")];

const SCHEMA: &str = r#"
[[database]]
name = "${database}"

[[schema]]
name = "${database}.RAW"

[[table]]
name = "${database}.RAW.EVERY_TYPE"
columns = [
  { name = "N_INT", type = "INT" },
  { name = "N_DEC", type = "DECIMAL(12,2)" },
  { name = "F_DOUBLE", type = "DOUBLE PRECISION" },
  { name = "D_EXACT", type = "DECFLOAT" },
  { name = "S_STRING", type = "STRING" },
  { name = "S_CHAR", type = "CHAR(3)" },
  { name = "B_BYTES", type = "VARBINARY(16)" },
  { name = "FLAG", type = "BOOL" },
  { name = "DAY", type = "DATE" },
  { name = "AT_TIME", type = "TIME(3)" },
  { name = "AT_NTZ", type = "DATETIME" },
  { name = "AT_LTZ", type = "TIMESTAMP_LTZ(6)" },
  { name = "AT_TZ", type = "TIMESTAMPTZ" },
  { name = "DOC", type = "VARIANT" },
  { name = "OBJ", type = "OBJECT" },
  { name = "LIST", type = "ARRAY" },
  { name = "PLACE", type = "GEOGRAPHY" },
  { name = "SHAPE", type = "GEOMETRY" },
  { name = "EMBEDDING", type = "VECTOR(FLOAT, 256)" },
]
"#;

#[test]
fn every_type_family_applies_and_replans_empty() {
    let server = Server::start();
    let project = Project::on_server(&server, VARS, SCHEMA);
    project.apply_then_plan_nothing(&[]);
    let types = server.query(
        "SELECT DATA_TYPE FROM TYPES.INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'EVERY_TYPE' ORDER BY ORDINAL_POSITION",
        "DATA_TYPE",
    );
    assert_eq!(types.len(), 19, "{types:?}");
    assert_eq!(types[3], "DECFLOAT");
}
