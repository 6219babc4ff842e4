//! Table columns from one `INFORMATION_SCHEMA.COLUMNS` query per database, in table
//! order. INFORMATION_SCHEMA spells VARCHAR as `TEXT` and keeps lengths, precisions and
//! scales in their own columns; they are put back together into the canonical type.

use crate::kinds::table::Column;
use crate::model::data_type::DataType;
use crate::model::identifier::Ident;
use crate::providers::snowflake::introspect::error::IntrospectError;
use crate::providers::snowflake::introspect::record::Record;
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
}

pub(crate) fn parse(record: &Record<'_>) -> Result<ColumnRow, IntrospectError> {
    let type_name = record.required("DATA_TYPE")?;
    let type_text = type_text(record, type_name)?;
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
    })
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
}
