//! Schema DDL. `TRANSIENT` is fixed at creation (a change is a replace); managed access,
//! retention and comment are altered in place.

use super::CreateMode;
use super::quote::comment_clause;
use crate::model::identifier::SchemaName;
use crate::model::schema::Schema;

pub fn create(schema: &Schema, mode: CreateMode) -> String {
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
}
