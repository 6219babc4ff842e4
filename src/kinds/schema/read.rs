//! Schemas from `SHOW SCHEMAS IN DATABASE d`.

use crate::kinds::schema::Schema;
use crate::model::identifier::SchemaName;
use crate::providers::snowflake::introspect::error::IntrospectError;
use crate::providers::snowflake::introspect::record::Record;

/// One `SHOW SCHEMAS` row. `options` lists `TRANSIENT` and `MANAGED ACCESS`.
pub(crate) fn parse(record: &Record<'_>) -> Result<Schema, IntrospectError> {
    let options = record.text("options")?.unwrap_or("").to_ascii_uppercase();
    Ok(Schema {
        name: SchemaName::new(record.ident("database_name")?, record.ident("name")?),
        transient: options.contains("TRANSIENT"),
        managed_access: options.contains("MANAGED ACCESS"),
        data_retention_days: record.number("retention_time")?,
        comment: record.comment()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::providers::snowflake::introspect::record::fixture::row;

    #[test]
    fn reads_a_show_schemas_row() {
        let set = row(&[
            ("name", Some("x;DROP")),
            ("is_default", Some("N")),
            ("database_name", Some("PR")),
            ("owner", Some("SYSADMIN")),
            ("comment", None),
            ("options", Some("TRANSIENT, MANAGED ACCESS")),
            ("retention_time", Some("1")),
        ]);
        let s = parse(&Record::new(set.rows().next().unwrap(), Kind::Schema)).unwrap();
        assert_eq!(s.name.to_string(), "PR.\"x;DROP\"");
        assert!(s.transient && s.managed_access);
        assert_eq!(s.comment, None);
    }
}
