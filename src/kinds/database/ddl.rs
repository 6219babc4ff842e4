//! Database DDL. `TRANSIENT` is fixed at creation (a change is a replace); retention and
//! comment are altered in place.

use crate::kinds::database::Database;
use crate::kinds::ddl::CreateMode;
use crate::model::identifier::Ident;
use crate::sql::quote::comment_clause;

pub(crate) fn create(database: &Database, mode: CreateMode) -> String {
    let transient = if database.transient { " TRANSIENT" } else { "" };
    let verb = mode.verb();
    let retention = database.data_retention_days.map_or_else(String::new, |d| {
        format!(" DATA_RETENTION_TIME_IN_DAYS = {d}")
    });
    format!(
        "{verb}{transient} DATABASE {}{retention}{}",
        database.name,
        comment_clause(database.comment.as_deref())
    )
}

/// A zero-copy clone `<db>_BACKUP_<yyyymmddhhmmss>` of `live` taken at `at`, holding
/// every schema and what Snowflake clones in them
/// (https://docs.snowflake.com/en/sql-reference/sql/create-clone): its name and the
/// statement. A transient database is cloned as transient.
pub(crate) fn backup(live: &Database, at: jiff::Timestamp) -> (Ident, String) {
    let backup = crate::kinds::table::rebuild::backup_ident(&live.name, at);
    let transient = if live.transient { " TRANSIENT" } else { "" };
    let statement = format!("CREATE{transient} DATABASE {backup} CLONE {}", live.name);
    (backup, statement)
}

/// `SET DATA_RETENTION_TIME_IN_DAYS = n`, or `UNSET` to inherit the account's default.
pub fn set_data_retention_days(name: &Ident, days: Option<u32>) -> String {
    match days {
        Some(d) => format!("ALTER DATABASE {name} SET DATA_RETENTION_TIME_IN_DAYS = {d}"),
        None => format!("ALTER DATABASE {name} UNSET DATA_RETENTION_TIME_IN_DAYS"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_create_and_alter() {
        let db = Database {
            name: Ident::from_stored("PR_DEV"),
            transient: true,
            data_retention_days: Some(0),
            comment: Some("dev".into()),
        };
        assert_eq!(
            create(&db, CreateMode::Create),
            "CREATE TRANSIENT DATABASE PR_DEV DATA_RETENTION_TIME_IN_DAYS = 0 COMMENT = 'dev'"
        );
        assert_eq!(
            set_data_retention_days(&Ident::from_stored("a\"b"), None),
            "ALTER DATABASE \"a\"\"b\" UNSET DATA_RETENTION_TIME_IN_DAYS"
        );
        let at: jiff::Timestamp = "2026-01-02T03:04:05Z".parse().unwrap();
        assert_eq!(
            backup(&db, at),
            (
                Ident::from_stored("PR_DEV_BACKUP_20260102030405"),
                "CREATE TRANSIENT DATABASE PR_DEV_BACKUP_20260102030405 CLONE PR_DEV".to_string()
            )
        );
    }
}
