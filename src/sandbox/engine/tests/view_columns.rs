//! ALTER VIEW … MODIFY COLUMN on a view whose column types the emulator does not all
//! derive: its columns are still known by name, and take tags.

use super::{Sandbox, assert_error, cell};

fn with_share_view() -> Sandbox {
    let mut sb = Sandbox::with_schema();
    sb.ok("create tag pii");
    sb.ok("create masking policy mask as (val varchar) returns varchar -> '***'");
    sb.ok("create table sales (region varchar, amount number(12,2))");
    // RATIO_TO_REPORT's type is not one the binder derives: DESCRIBE VIEW lists nothing.
    sb.ok("create view share as select region, ratio_to_report(amount) over () as part from sales");
    assert!(sb.rows("describe view share").is_empty());
    sb
}

// https://docs.snowflake.com/en/sql-reference/sql/alter-view: `ALTER VIEW <name> { ALTER
// | MODIFY } [ COLUMN ] <col_name> SET TAG <tag_name> = '<tag_value>' [ , ... ]` and
// `UNSET TAG`; a column the view does not have is an invalid identifier.
#[test]
fn a_view_with_underived_types_takes_tags_on_its_named_columns() {
    let mut sb = with_share_view();
    sb.ok("alter view share modify column part set tag pii = 'ratio'");
    sb.ok("alter view share alter column region set tag pii = 'where'");
    let refs = sb.rows(
        "select tag_value, column_name from table(d.information_schema.tag_references('share.part', 'column'))",
    );
    assert_eq!(refs.len(), 1);
    assert_eq!(cell(&refs[0], "TAG_VALUE"), "ratio");
    let all = sb.rows(
        "select column_name from table(d.information_schema.tag_references_all_columns('d.s.share', 'table'))",
    );
    assert_eq!(all.len(), 2);
    sb.ok("alter view share modify column part unset tag pii");
    let all = sb.rows(
        "select column_name from table(d.information_schema.tag_references_all_columns('d.s.share', 'table'))",
    );
    assert_eq!(all.len(), 1);
    assert_eq!(cell(&all[0], "COLUMN_NAME"), "REGION");
    assert_error(
        &sb.err("alter view share modify column amount set tag pii = 'x'"),
        "000904",
        "invalid identifier 'AMOUNT'",
    );
    // A masking policy's type rule cannot be checked on a column of unknown type: it is
    // refused rather than accepted unchecked.
    assert_error(
        &sb.err("alter view share modify column part set masking policy mask"),
        "002043",
        "does not know the type of column PART",
    );
}

// A view's column list names its columns (CREATE VIEW `( <column_list> )`,
// https://docs.snowflake.com/en/sql-reference/sql/create-view), whatever their types.
#[test]
fn a_column_list_names_the_columns_of_such_a_view() {
    let mut sb = with_share_view();
    sb.ok("create view named (r, p) as select region, ratio_to_report(amount) over () from sales");
    sb.ok("alter view named modify column p set tag pii = 'ratio'");
    assert_error(
        &sb.err("alter view named modify column part set tag pii = 'ratio'"),
        "000904",
        "invalid identifier 'PART'",
    );
}
