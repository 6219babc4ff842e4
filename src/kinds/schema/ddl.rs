//! Schema DDL. `TRANSIENT` is fixed at creation (a change is a replace); managed access,
//! retention and comment are altered in place.

use crate::kinds::ddl::CreateMode;
use crate::kinds::schema::Schema;
use crate::model::identifier::SchemaName;
use crate::sql::quote::comment_clause;

pub(crate) fn create(schema: &Schema, mode: CreateMode) -> String {
    let transient = if schema.transient { " TRANSIENT" } else { "" };
    let managed = if schema.managed_access {
        " WITH MANAGED ACCESS"
    } else {
        ""
    };
    let retention = schema.data_retention_days.map_or_else(String::new, |d| {
        format!(" DATA_RETENTION_TIME_IN_DAYS = {d}")
    });
    format!(
        "{}{transient} SCHEMA {}{managed}{retention}{}",
        mode.verb(),
        schema.name,
        comment_clause(schema.comment.as_deref())
    )
}

/// A zero-copy clone `<db>.<schema>_BACKUP_<yyyymmddhhmmss>` of `live` taken at `at`,
/// holding everything Snowflake clones with a schema (tables with their rows, views,
/// procedures, streams, tasks, file formats, external stages —
/// https://docs.snowflake.com/en/sql-reference/sql/create-clone): its name and the
/// statement. A transient schema is cloned as transient: Snowflake does not clone
/// transient objects into permanent ones.
pub(crate) fn backup(live: &Schema, at: jiff::Timestamp) -> (SchemaName, String) {
    let backup = SchemaName::new(
        live.name.database.clone(),
        crate::kinds::table::rebuild::backup_ident(&live.name.schema, at),
    );
    let transient = if live.transient { " TRANSIENT" } else { "" };
    let statement = format!("CREATE{transient} SCHEMA {backup} CLONE {}", live.name);
    (backup, statement)
}

/// `ENABLE` / `DISABLE MANAGED ACCESS`.
pub fn set_managed_access(name: &SchemaName, managed: bool) -> String {
    let verb = if managed { "ENABLE" } else { "DISABLE" };
    format!("ALTER SCHEMA {name} {verb} MANAGED ACCESS")
}

/// `SET DATA_RETENTION_TIME_IN_DAYS = n`, or `UNSET` to inherit the database's value.
pub fn set_data_retention_days(name: &SchemaName, days: Option<u32>) -> String {
    match days {
        Some(d) => format!("ALTER SCHEMA {name} SET DATA_RETENTION_TIME_IN_DAYS = {d}"),
        None => format!("ALTER SCHEMA {name} UNSET DATA_RETENTION_TIME_IN_DAYS"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_create_and_alter() {
        let name = SchemaName::parse("PR.\"x;DROP\"").unwrap();
        let schema = Schema {
            name: name.clone(),
            transient: false,
            managed_access: true,
            data_retention_days: Some(7),
            comment: None,
        };
        assert_eq!(
            create(&schema, CreateMode::Replace),
            "CREATE OR REPLACE SCHEMA PR.\"x;DROP\" WITH MANAGED ACCESS DATA_RETENTION_TIME_IN_DAYS = 7"
        );
        assert_eq!(
            set_managed_access(&name, false),
            "ALTER SCHEMA PR.\"x;DROP\" DISABLE MANAGED ACCESS"
        );
    }

    #[test]
    fn backup_is_a_timestamped_clone_of_the_same_transience() {
        let at: jiff::Timestamp = "2026-01-02T03:04:05Z".parse().unwrap();
        let mut schema = Schema {
            name: SchemaName::parse("PR.\"My s\"").unwrap(),
            transient: false,
            managed_access: false,
            data_retention_days: None,
            comment: None,
        };
        let (name, sql) = backup(&schema, at);
        assert_eq!(name.to_string(), "PR.\"My s_BACKUP_20260102030405\"");
        assert_eq!(
            sql,
            "CREATE SCHEMA PR.\"My s_BACKUP_20260102030405\" CLONE PR.\"My s\""
        );
        schema.transient = true;
        assert!(
            backup(&schema, at)
                .1
                .starts_with("CREATE TRANSIENT SCHEMA ")
        );
    }
}
