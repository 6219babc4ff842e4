//! Streams from `SHOW STREAMS IN DATABASE d`: `table_name` is the fully qualified source
//! table, `mode` is `DEFAULT`, `APPEND_ONLY` or `INSERT_ONLY`.

use crate::kinds::stream::Stream;
use crate::providers::snowflake::introspect::error::IntrospectError;
use crate::providers::snowflake::introspect::record::Record;
use crate::providers::snowflake::introspect::reported_name;

pub(crate) fn parse(record: &Record<'_>) -> Result<Stream, IntrospectError> {
    let name = record.object_name("database_name", "schema_name", "name")?;
    let table_text = record.required("table_name")?;
    let on_table = reported_name::object_name(table_text, &name.schema_name())
        .ok_or_else(|| record.invalid("table_name", table_text, "is not a table name"))?;
    let mode = record.text("mode")?.unwrap_or("DEFAULT");
    Ok(Stream {
        name,
        on_table,
        append_only: mode.eq_ignore_ascii_case("APPEND_ONLY"),
        comment: record.comment()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::model::identifier::ObjectName;
    use crate::providers::snowflake::introspect::record::fixture::row;

    #[test]
    fn reads_a_show_streams_row() {
        let set = row(&[
            ("name", Some("CUSTOMER_STREAM")),
            ("database_name", Some("PR")),
            ("schema_name", Some("BRONZE")),
            ("owner", Some("SYSADMIN")),
            ("comment", Some("")),
            ("table_name", Some("PR.BRONZE.\"a\"\"b\"")),
            ("source_type", Some("Table")),
            ("base_tables", Some("PR.BRONZE.\"a\"\"b\"")),
            ("type", Some("DELTA")),
            ("stale", Some("false")),
            ("mode", Some("APPEND_ONLY")),
            ("stale_after", None),
            ("invalid_reason", Some("N/A")),
        ]);
        let s = parse(&Record::new(set.rows().next().unwrap(), Kind::Stream)).unwrap();
        assert!(s.append_only);
        assert_eq!(
            s.on_table,
            ObjectName::parse("PR.BRONZE.\"a\"\"b\"").unwrap()
        );
    }
}
