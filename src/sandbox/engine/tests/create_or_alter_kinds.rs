//! CREATE OR ALTER of stages, file formats and warehouses: created when absent, else
//! turned into the definition, what it leaves out reset to its default
//! (https://docs.snowflake.com/en/sql-reference/sql/create-or-alter and each kind's
//! "CREATE OR ALTER … usage notes").

use super::{Sandbox, assert_error, cell};

#[test]
fn a_stage_is_created_then_altered_into_the_definition() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create file format my_csv type = csv");
    // The CREATE STAGE page's examples.
    sb.ok("CREATE OR ALTER STAGE my_int_stage\n  COMMENT='my_comment'");
    sb.ok("CREATE OR ALTER STAGE my_int_stage\n  DIRECTORY=(ENABLE=true)");
    let row = sb.one("show stages like 'MY_INT_STAGE'");
    assert_eq!(cell(&row, "directory_enabled"), "Y");
    // The comment was left out: reset.
    assert_eq!(cell(&row, "comment"), "");
    sb.ok("create or alter stage my_int_stage file_format = my_csv comment = 'c'");
    let row = sb.one("show stages like 'MY_INT_STAGE'");
    assert_eq!(cell(&row, "directory_enabled"), "N");
    assert_eq!(cell(&row, "comment"), "c");
    sb.ok("create or alter stage my_int_stage");
    let described = sb.rows("describe stage my_int_stage");
    let format = described.iter().find(|r| {
        cell(r, "parent_property") == "STAGE_FILE_FORMAT" && cell(r, "property") == "FORMAT_NAME"
    });
    assert!(format.is_none_or(|r| cell(r, "property_value").is_empty()));
    sb.ok("CREATE OR ALTER STAGE my_ext_stage\n  URL='s3://load/files/'\n  CREDENTIALS=(AWS_KEY_ID='1a2b3c' AWS_SECRET_KEY='4x5y6z')");
    sb.ok("CREATE OR ALTER STAGE my_ext_stage\n  URL='s3://load/files/'\n  CREDENTIALS=(AWS_KEY_ID='1a2b3c' AWS_SECRET_KEY='4x5y6z')\n  DIRECTORY=(ENABLE=true)");
    let row = sb.one("show stages like 'MY_EXT_STAGE'");
    assert_eq!(cell(&row, "directory_enabled"), "Y");
    assert_eq!(cell(&row, "url"), "s3://load/files/");
}

#[test]
fn a_stage_keeps_its_kind_and_provider() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create stage internal_one");
    sb.ok("create stage ext url = 's3://load/files/' credentials = (aws_key_id = 'a' aws_secret_key = 'b')");
    assert_error(
        &sb.err("create or alter stage internal_one url = 's3://load/files/'"),
        "002043",
        "between internal and external",
    );
    assert_error(
        &sb.err("create or alter stage ext url = 'gcs://load/files/'"),
        "002043",
        "another storage provider",
    );
    assert_error(
        &sb.err("create or alter stage ext"),
        "002043",
        "between internal and external",
    );
    // Credentials have no UNSET in ALTER STAGE: leaving them out is refused, not ignored.
    assert_error(
        &sb.err("create or alter stage ext url = 's3://load/other/'"),
        "002043",
        "CREDENTIALS",
    );
    // Nothing was changed by the refused statements.
    let row = sb.one("show stages like 'EXT'");
    assert_eq!(cell(&row, "url"), "s3://load/files/");
}

#[test]
fn a_file_format_keeps_its_type_and_resets_what_is_left_out() {
    let mut sb = Sandbox::with_schema();
    sb.ok(
        "CREATE OR ALTER FILE FORMAT my_csv_format TYPE = CSV FIELD_DELIMITER = '|' \
         SKIP_HEADER = 1 NULL_IF = ('NULL', 'null') EMPTY_FIELD_AS_NULL = TRUE COMMENT = 'c'",
    );
    let options = |sb: &mut Sandbox| {
        let row = sb.one("show file formats like 'MY_CSV_FORMAT'");
        cell(&row, "format_options").to_string()
    };
    assert!(options(&mut sb).contains("\"FIELD_DELIMITER\":\"|\""));
    sb.ok("create or alter file format my_csv_format type = csv skip_header = 2");
    let now = options(&mut sb);
    assert!(now.contains("\"FIELD_DELIMITER\":\",\""), "{now}");
    assert!(now.contains("\"SKIP_HEADER\":2"), "{now}");
    let row = sb.one("show file formats like 'MY_CSV_FORMAT'");
    assert_eq!(cell(&row, "comment"), "");
    // "You can't alter the TYPE property" (TYPE left out is CSV).
    assert_error(
        &sb.err("create or alter file format my_csv_format type = json"),
        "001008",
        "TYPE",
    );
    sb.ok("create or alter file format js type = json");
    assert_error(
        &sb.err("create or alter file format js comment = 'x'"),
        "001008",
        "TYPE",
    );
}

#[test]
fn a_warehouse_is_altered_into_the_definition() {
    let mut sb = Sandbox::with_schema();
    sb.ok(
        "CREATE OR ALTER WAREHOUSE so_warehouse WITH WAREHOUSE_SIZE = XSMALL AUTO_SUSPEND = 60 \
         INITIALLY_SUSPENDED = TRUE MAX_CLUSTER_COUNT = 3 COMMENT = 'first'",
    );
    let row = sb.one("show warehouses like 'SO_WAREHOUSE'");
    assert_eq!(cell(&row, "state"), "SUSPENDED");
    assert_eq!(cell(&row, "auto_suspend"), "60");
    // The second definition: the size and suspension change, the rest goes back to its
    // default; INITIALLY_SUSPENDED does not resume or suspend an existing warehouse.
    sb.ok(
        "CREATE OR ALTER WAREHOUSE so_warehouse WITH WAREHOUSE_SIZE = SMALL AUTO_SUSPEND = 120 \
         INITIALLY_SUSPENDED = FALSE",
    );
    let row = sb.one("show warehouses like 'SO_WAREHOUSE'");
    assert_eq!(cell(&row, "size"), "Small");
    assert_eq!(cell(&row, "auto_suspend"), "120");
    assert_eq!(cell(&row, "max_cluster_count"), "1");
    assert_eq!(cell(&row, "comment"), "");
    assert_eq!(cell(&row, "state"), "SUSPENDED");
    sb.ok("create or alter warehouse so_warehouse");
    let row = sb.one("show warehouses like 'SO_WAREHOUSE'");
    assert_eq!(cell(&row, "size"), "X-Small");
    assert_eq!(cell(&row, "auto_suspend"), "600");
    assert_error(
        &sb.err("create or alter warehouse so_warehouse warehouse_size = enormous"),
        "002029",
        "WAREHOUSE_SIZE",
    );
}

/// RESOURCE_CONSTRAINT and GENERATION
/// (https://docs.snowflake.com/en/sql-reference/sql/create-warehouse).
#[test]
fn a_warehouse_keeps_its_resource_constraint_or_generation() {
    let mut sb = Sandbox::new();
    // The page's examples.
    sb.ok(
        "CREATE WAREHOUSE so_warehouse WITH WAREHOUSE_TYPE = 'SNOWPARK-OPTIMIZED' \
         WAREHOUSE_SIZE = XLARGE RESOURCE_CONSTRAINT = 'MEMORY_16X_x86'",
    );
    sb.ok("CREATE WAREHOUSE gen2_wh WITH WAREHOUSE_SIZE = LARGE GENERATION = '2'");
    sb.ok("create warehouse plain");
    sb.ok("create warehouse sp warehouse_type = 'SNOWPARK-OPTIMIZED'");
    let constraint = |sb: &mut Sandbox, name: &str| {
        let row = sb.one(&format!("show warehouses like '{name}'"));
        cell(&row, "resource_constraint").to_string()
    };
    // SHOW WAREHOUSES gives a standard warehouse's generation in `generation`, and its
    // `resource_constraint` only for a Snowpark-optimized one ("Otherwise NULL":
    // https://docs.snowflake.com/en/sql-reference/sql/show-warehouses).
    let generation = |sb: &mut Sandbox, name: &str| {
        let row = sb.one(&format!("show warehouses like '{name}'"));
        cell(&row, "generation").to_string()
    };
    assert_eq!(constraint(&mut sb, "SO_WAREHOUSE"), "MEMORY_16X_x86");
    assert_eq!(constraint(&mut sb, "GEN2_WH"), "<NULL>");
    assert_eq!(generation(&mut sb, "GEN2_WH"), "2");
    // A standard warehouse's default depends on the region: not shown.
    assert_eq!(constraint(&mut sb, "PLAIN"), "<NULL>");
    // A Snowpark-optimized warehouse defaults to MEDIUM and MEMORY_16X.
    assert_eq!(constraint(&mut sb, "SP"), "MEMORY_16X");
    let row = sb.one("show warehouses like 'SP'");
    assert_eq!(cell(&row, "size"), "Medium");
    sb.ok("alter warehouse gen2_wh set generation = '1'");
    assert_eq!(generation(&mut sb, "GEN2_WH"), "1");
    // The refusals the page documents: GENERATION quoted, matching the constraint, for
    // standard warehouses only; a constraint within its sizes.
    assert_error(
        &sb.err("create warehouse w generation = 2"),
        "002029",
        "GENERATION",
    );
    assert_error(
        &sb.err("create warehouse w generation = '2' resource_constraint = standard_gen_1"),
        "002032",
        "GENERATION",
    );
    assert_error(
        &sb.err(
            "create warehouse w warehouse_type = 'SNOWPARK-OPTIMIZED' warehouse_size = large generation = '2'",
        ),
        "002029",
        "STANDARD_GEN_2",
    );
    assert_error(
        &sb.err("create warehouse w warehouse_size = x6large resource_constraint = standard_gen_2"),
        "002029",
        "STANDARD_GEN_2",
    );
    assert_error(
        &sb.err(
            "create warehouse w warehouse_type = 'SNOWPARK-OPTIMIZED' warehouse_size = xsmall resource_constraint = memory_16x",
        ),
        "002029",
        "MEMORY_16X",
    );
    assert_error(
        &sb.err("create warehouse w resource_constraint = memory_2x"),
        "002029",
        "RESOURCE_CONSTRAINT",
    );
}
