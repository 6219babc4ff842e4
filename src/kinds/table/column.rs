//! Table columns from one `INFORMATION_SCHEMA.COLUMNS` query per database, in table
//! order. INFORMATION_SCHEMA spells VARCHAR as `TEXT` and keeps lengths, precisions and
//! scales in their own columns; they are put back together into the canonical type.

use crate::kinds::table::Column;
use crate::model::Kind;
use crate::model::data_type::DataType;
use crate::model::identifier::{Ident, ObjectName};
use crate::providers::snowflake::introspect::error::IntrospectError;
use crate::providers::snowflake::introspect::record::Record;
use crate::providers::snowflake::result_set::ResultSet;
use crate::sql::CanonicalSql;

/// The columns the query selects, in order (tests build result sets from the same list).
pub(crate) const SELECTED: [&str; 12] = [
    "TABLE_SCHEMA",
    "TABLE_NAME",
    "COLUMN_NAME",
    "ORDINAL_POSITION",
    "DATA_TYPE",
    "CHARACTER_MAXIMUM_LENGTH",
    "NUMERIC_PRECISION",
    "NUMERIC_SCALE",
    "DATETIME_PRECISION",
    "IS_NULLABLE",
    "COLUMN_DEFAULT",
    "COMMENT",
];

/// The query for database `database`: every column of every table, ordered so that each
/// table's columns arrive together and in position order.
pub(crate) fn statement(database: &Ident) -> String {
    format!(
        "SELECT {} FROM {database}.INFORMATION_SCHEMA.COLUMNS \
         WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA' \
         ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION",
        SELECTED.join(", ")
    )
}

/// One row of the query: the table a column belongs to, its position and the column.
pub(crate) struct ColumnRow {
    pub(crate) schema: Ident,
    pub(crate) table: Ident,
    pub(crate) position: u32,
    pub(crate) column: Column,
    /// The view gives the type's family but not its parameters (a VECTOR's element type
    /// and dimension have no column of their own: https://docs.snowflake.com/en/sql-reference/info-schema/columns):
    /// `column.data_type` is a stand-in until the table's DESCRIBE gives the type
    /// ([`described_types`]).
    pub(crate) described: bool,
}

/// The type families whose parameters INFORMATION_SCHEMA.COLUMNS does not carry.
const DESCRIBED: [&str; 1] = ["VECTOR"];

/// The families whose fractional seconds the view gives in DATETIME_PRECISION, a column
/// the page calls "Not applicable for Snowflake"
/// (https://docs.snowflake.com/en/sql-reference/info-schema/columns). Read from it where
/// it is set; where it is NULL, the precision is taken from DESCRIBE instead of assumed:
/// a `TIMESTAMP_NTZ(3)` read as the default `(9)` would be a change on every plan.
const FRACTIONAL: [&str; 4] = ["TIME", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "TIMESTAMP_TZ"];

pub(crate) fn parse(record: &Record<'_>) -> Result<ColumnRow, IntrospectError> {
    let type_name = record.required("DATA_TYPE")?;
    let family = |names: &[&str]| {
        names
            .iter()
            .any(|family| type_name.trim().eq_ignore_ascii_case(family))
    };
    let no_precision = family(&FRACTIONAL) && record.number::<u64>("DATETIME_PRECISION")?.is_none();
    let described = family(&DESCRIBED) || no_precision;
    let type_text = if family(&DESCRIBED) {
        // Replaced from DESCRIBE TABLE before the column is used.
        "VECTOR(FLOAT, 1)".to_string()
    } else {
        // A TIME / TIMESTAMP without its precision reads as the family's default until
        // DESCRIBE replaces it.
        type_text(record, type_name)?
    };
    let data_type = DataType::parse(&type_text)
        .map_err(|e| record.invalid("DATA_TYPE", &type_text, e.to_string()))?;
    let nullable = record.required("IS_NULLABLE")?;
    Ok(ColumnRow {
        schema: record.ident("TABLE_SCHEMA")?,
        table: record.ident("TABLE_NAME")?,
        position: record.number("ORDINAL_POSITION")?.unwrap_or(0),
        column: Column {
            name: record.ident("COLUMN_NAME")?,
            data_type,
            nullable: !nullable.eq_ignore_ascii_case("NO"),
            default: record.optional("COLUMN_DEFAULT")?.map(CanonicalSql::new),
            comment: record.optional("COMMENT")?.map(str::to_string),
            // Set from the policies' references (`masking_policy::attach_to_columns`).
            masking_policy: None,
            masking_using: Vec::new(),
            tags: None,
        },
        described,
    })
}

/// The statement that gives every column's full type, for a table some of whose columns
/// [`ColumnRow::described`] marks: `DESCRIBE TABLE`'s `type` column is the type as
/// Snowflake stores it, `VECTOR(FLOAT, 256)`
/// (https://docs.snowflake.com/en/sql-reference/sql/desc-table).
pub(crate) fn describe_statement(table: &ObjectName) -> String {
    format!("DESCRIBE TABLE {table}")
}

/// The types DESCRIBE TABLE gives, by column name.
pub(crate) fn described_types(
    result: &ResultSet,
) -> Result<Vec<(Ident, DataType)>, IntrospectError> {
    let mut types = Vec::new();
    for row in result.rows() {
        let record = Record::new(row, Kind::Table);
        let text = record.required("type")?;
        let data_type =
            DataType::parse(text).map_err(|e| record.invalid("type", text, e.to_string()))?;
        types.push((record.ident("name")?, data_type));
    }
    Ok(types)
}

/// `TEXT` + length 20 → `VARCHAR(20)`; `NUMBER` + 10, 2 → `NUMBER(10,2)`;
/// `TIMESTAMP_NTZ` + 3 → `TIMESTAMP_NTZ(3)`; anything else as reported.
fn type_text(record: &Record<'_>, type_name: &str) -> Result<String, IntrospectError> {
    let upper = type_name.trim().to_ascii_uppercase();
    let length: Option<u64> = record.number("CHARACTER_MAXIMUM_LENGTH")?;
    let precision: Option<u64> = record.number("NUMERIC_PRECISION")?;
    let scale: Option<u64> = record.number("NUMERIC_SCALE")?;
    let fractional: Option<u64> = record.number("DATETIME_PRECISION")?;
    Ok(match (upper.as_str(), length, precision, fractional) {
        ("TEXT" | "VARCHAR", Some(n), ..) => format!("VARCHAR({n})"),
        ("BINARY", Some(n), ..) => format!("BINARY({n})"),
        ("NUMBER", _, Some(p), _) => format!("NUMBER({p},{})", scale.unwrap_or(0)),
        ("TIME" | "TIMESTAMP_NTZ" | "TIMESTAMP_LTZ" | "TIMESTAMP_TZ", _, _, Some(f)) => {
            format!("{upper}({f})")
        }
        _ => upper,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::providers::snowflake::introspect::record::fixture::result;

    const COLUMNS: [&str; 12] = SELECTED;

    fn read(cells: [Option<&str>; 12]) -> Column {
        let set = result(&COLUMNS, &[&cells]);
        parse(&Record::new(set.rows().next().unwrap(), Kind::Table))
            .unwrap()
            .column
    }

    #[test]
    fn information_schema_types_become_canonical() {
        let c = read([
            Some("S"),
            Some("T"),
            Some("EMAIL"),
            Some("2"),
            Some("TEXT"),
            Some("16777216"),
            None,
            None,
            None,
            Some("YES"),
            None,
            Some(""),
        ]);
        assert_eq!(c.data_type.to_string(), "VARCHAR(16777216)");
        assert!(c.nullable && c.comment.is_none());
        let c = read([
            Some("S"),
            Some("T"),
            Some("ID"),
            Some("1"),
            Some("NUMBER"),
            None,
            Some("38"),
            Some("0"),
            None,
            Some("NO"),
            None,
            Some("key"),
        ]);
        assert_eq!(c.data_type.to_string(), "NUMBER(38,0)");
        assert!(!c.nullable);
        assert_eq!(c.comment.as_deref(), Some("key"));
        let c = read([
            Some("S"),
            Some("T"),
            Some("TS"),
            Some("3"),
            Some("TIMESTAMP_NTZ"),
            None,
            None,
            None,
            Some("9"),
            Some("YES"),
            Some("CURRENT_TIMESTAMP()"),
            None,
        ]);
        assert_eq!(c.data_type.to_string(), "TIMESTAMP_NTZ(9)");
        assert_eq!(c.default, Some(CanonicalSql::new("current_timestamp()")));
        let c = read([
            Some("S"),
            Some("T"),
            Some("F"),
            Some("4"),
            Some("FLOAT"),
            None,
            None,
            None,
            None,
            Some("YES"),
            None,
            None,
        ]);
        assert_eq!(c.data_type.to_string(), "FLOAT");
    }

    /// One view row for column `name` of type family `family`, with `precision` in
    /// DATETIME_PRECISION and nothing else set.
    fn parsed(name: &str, family: &str, precision: Option<&str>) -> ColumnRow {
        let cells = [
            Some("S"),
            Some("T"),
            Some(name),
            Some("1"),
            Some(family),
            None,
            None,
            None,
            precision,
            Some("YES"),
            None,
            None,
        ];
        let set = result(&COLUMNS, &[&cells]);
        parse(&Record::new(set.rows().next().unwrap(), Kind::Table)).unwrap()
    }

    /// DATETIME_PRECISION is "Not applicable for Snowflake" on the view's page: a
    /// TIMESTAMP read without it waits for its table's DESCRIBE rather than taking the
    /// default precision.
    #[test]
    fn a_timestamp_without_its_precision_waits_for_describe() {
        let set = parsed("TS", "TIMESTAMP_NTZ", Some("3"));
        assert!(!set.described);
        assert_eq!(set.column.data_type.to_string(), "TIMESTAMP_NTZ(3)");
        assert!(parsed("TS", "TIMESTAMP_NTZ", None).described);
    }

    /// A VECTOR's element type and dimension are not in the view: the row is marked for
    /// the table's DESCRIBE, whose `type` column gives them.
    #[test]
    fn a_vector_column_waits_for_its_tables_describe() {
        assert!(parsed("EMBEDDING", "VECTOR", None).described);
        let name = ObjectName::parse("D.S.T").unwrap();
        assert_eq!(describe_statement(&name), "DESCRIBE TABLE D.S.T");
        let described = result(
            &["name", "type", "kind"],
            &[&[Some("EMBEDDING"), Some("VECTOR(INT, 16)"), Some("COLUMN")]],
        );
        let types = described_types(&described).unwrap();
        assert_eq!(types[0].0.as_str(), "EMBEDDING");
        assert_eq!(types[0].1.to_string(), "VECTOR(INT, 16)");
    }
}
