//! Databases from `SHOW DATABASES` (account-wide, filtered to the managed ones).

use crate::providers::snowflake::introspect::error::IntrospectError;
use crate::providers::snowflake::introspect::record::Record;

use crate::kinds::database::Database;

pub(crate) const STATEMENT: &str = "SHOW DATABASES";

/// One `SHOW DATABASES` row. Transience shows in `options` (`TRANSIENT`) or, on newer
/// accounts, `kind`.
pub(crate) fn parse(record: &Record<'_>) -> Result<Database, IntrospectError> {
    let transient = ["options", "kind"]
        .into_iter()
        .filter_map(|column| record.text(column).ok().flatten())
        .any(|v| v.to_ascii_uppercase().contains("TRANSIENT"));
    Ok(Database {
        name: record.ident("name")?,
        transient,
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
    fn reads_a_show_databases_row() {
        let set = row(&[
            ("created_on", Some("2026-01-01 00:00:00.000 -0800")),
            ("name", Some("PR_DEV")),
            ("is_default", Some("N")),
            ("origin", Some("")),
            ("owner", Some("SYSADMIN")),
            ("comment", Some("dev")),
            ("options", Some("TRANSIENT")),
            ("retention_time", Some("0")),
            ("kind", Some("STANDARD")),
        ]);
        let db = parse(&Record::new(set.rows().next().unwrap(), Kind::Database)).unwrap();
        assert!(db.transient);
        assert_eq!(db.data_retention_days, Some(0));
        assert_eq!(db.comment.as_deref(), Some("dev"));
    }
}
