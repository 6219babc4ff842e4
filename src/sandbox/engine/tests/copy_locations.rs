//! `COPY INTO <table>` from an external location, quoted or written unquoted as the
//! page's examples write it, with its STORAGE_INTEGRATION or CREDENTIALS and ENCRYPTION
//! (https://docs.snowflake.com/en/sql-reference/sql/copy-into-table).

use super::{Sandbox, assert_error};

fn with_table() -> Sandbox {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table mytable (a number, b varchar)");
    sb.ok("create file format my_csv_format type = csv");
    sb.ok(
        "create storage integration myint type = external_stage storage_provider = 'S3' \
         storage_aws_role_arn = 'arn:aws:iam::001234567890:role/myrole' enabled = true \
         storage_allowed_locations = ('s3://mybucket/data/')",
    );
    sb
}

#[test]
fn the_documented_unquoted_locations_load() {
    let mut sb = with_table();
    // The page's examples, as written.
    assert_eq!(
        sb.status(
            "COPY INTO mytable\n  FROM s3://mybucket/data/files\n  STORAGE_INTEGRATION = myint\n  ENCRYPTION=(MASTER_KEY = 'eSx...')\n  FILE_FORMAT = (FORMAT_NAME = my_csv_format)"
        ),
        "Copy executed with 0 files processed."
    );
    sb.ok(
        "COPY INTO mytable\n  FROM s3://mybucket/data/files\n  CREDENTIALS=(AWS_KEY_ID='$AWS_ACCESS_KEY_ID' AWS_SECRET_KEY='$AWS_SECRET_ACCESS_KEY')\n  ENCRYPTION=(MASTER_KEY = 'eSx...')\n  FILE_FORMAT = (FORMAT_NAME = my_csv_format)",
    );
    // On one line the options after the location are still read and checked.
    assert_error(
        &sb.err("copy into mytable from s3://mybucket/data/files storage_integration = nosuch"),
        "002003",
        "NOSUCH",
    );
    assert_error(
        &sb.err("copy into mytable from s3://mybucket/data/ file_format = (format_name = nosuch)"),
        "002003",
        "NOSUCH",
    );
}

#[test]
fn an_integration_bounds_the_location_and_excludes_credentials() {
    let mut sb = with_table();
    assert_error(
        &sb.err("copy into mytable from s3://otherbucket/x storage_integration = myint"),
        "091004",
        "s3://otherbucket/x",
    );
    assert_error(
        &sb.err("copy into mytable from 's3://otherbucket/x' storage_integration = myint"),
        "091004",
        "s3://otherbucket/x",
    );
    assert_error(
        &sb.err(
            "copy into mytable from s3://mybucket/data/ storage_integration = myint \
             credentials = (aws_key_id = 'k' aws_secret_key = 's')",
        ),
        "002032",
        "STORAGE_INTEGRATION",
    );
    // The unload form reads the same location.
    sb.ok("copy into s3://mybucket/data/out/ from mytable storage_integration = myint");
    assert_error(
        &sb.err("copy into s3://elsewhere/out/ from mytable storage_integration = myint"),
        "091004",
        "s3://elsewhere/out/",
    );
}
