//! Table DDL and the column changes Snowflake performs in place: add, drop and rename a
//! column, widen its type, set or drop NOT NULL, change its comment, drop its default;
//! clustering and change tracking. Any other column change needs
//! [`super::rebuild`].

use crate::kinds::ddl::CreateMode;
use crate::kinds::table::{Column, Table};
use crate::model::data_type::DataType;
use crate::model::identifier::{Ident, ObjectName};
use crate::sql::CanonicalSql;
use crate::sql::quote::{boolean, comment_clause, literal};

pub fn create(table: &Table, mode: CreateMode) -> String {
    create_named(table, &table.name, mode)
}

/// `CREATE TABLE` for `table`'s definition under another name (the rebuild's copy).
pub(super) fn create_named(table: &Table, name: &ObjectName, mode: CreateMode) -> String {
    let transient = if table.transient { " TRANSIENT" } else { "" };
    let columns: Vec<String> = table.columns.iter().map(column_definition).collect();
    let cluster = if table.cluster_by.is_empty() {
        String::new()
    } else {
        format!(" CLUSTER BY ({})", expressions(&table.cluster_by))
    };
    let tracking = if table.change_tracking {
        " CHANGE_TRACKING = TRUE"
    } else {
        ""
    };
    format!(
        "{}{transient} TABLE {name} ({}){cluster}{tracking}{}",
        mode.verb(),
        columns.join(", "),
        comment_clause(table.comment.as_deref())
    )
}

/// `NAME TYPE [NOT NULL] [DEFAULT expr] [COMMENT '…']`.
pub fn column_definition(column: &Column) -> String {
    let mut text = format!("{} {}", column.name, column.data_type);
    if !column.nullable {
        text.push_str(" NOT NULL");
    }
    if let Some(default) = &column.default {
        text.push_str(&format!(" DEFAULT {}", default.text()));
    }
    if let Some(comment) = &column.comment {
        text.push_str(&format!(" COMMENT {}", literal(comment)));
    }
    text
}

fn expressions(list: &[CanonicalSql]) -> String {
    let texts: Vec<&str> = list.iter().map(CanonicalSql::text).collect();
    texts.join(", ")
}

pub fn add_column(table: &ObjectName, column: &Column) -> String {
    format!(
        "ALTER TABLE {table} ADD COLUMN {}",
        column_definition(column)
    )
}

pub fn drop_column(table: &ObjectName, column: &Ident) -> String {
    format!("ALTER TABLE {table} DROP COLUMN {column}")
}

pub fn rename_column(table: &ObjectName, from: &Ident, to: &Ident) -> String {
    format!("ALTER TABLE {table} RENAME COLUMN {from} TO {to}")
}

/// `SET DATA TYPE`: only valid where `DataType::alters_in_place_to` holds.
pub fn set_column_type(table: &ObjectName, column: &Ident, data_type: &DataType) -> String {
    format!("ALTER TABLE {table} ALTER COLUMN {column} SET DATA TYPE {data_type}")
}

/// `SET NOT NULL` (`nullable = false`) or `DROP NOT NULL`.
pub fn set_nullable(table: &ObjectName, column: &Ident, nullable: bool) -> String {
    let action = if nullable { "DROP" } else { "SET" };
    format!("ALTER TABLE {table} ALTER COLUMN {column} {action} NOT NULL")
}

pub fn set_column_comment(table: &ObjectName, column: &Ident, comment: Option<&str>) -> String {
    match comment {
        Some(c) => format!(
            "ALTER TABLE {table} ALTER COLUMN {column} COMMENT {}",
            literal(c)
        ),
        None => format!("ALTER TABLE {table} ALTER COLUMN {column} UNSET COMMENT"),
    }
}

/// `DROP DEFAULT`: the only default change Snowflake allows in place (a new or changed
/// default needs a rebuild).
pub fn drop_default(table: &ObjectName, column: &Ident) -> String {
    format!("ALTER TABLE {table} ALTER COLUMN {column} DROP DEFAULT")
}

/// `CLUSTER BY (…)`, or `DROP CLUSTERING KEY` for an empty key.
pub fn set_cluster_by(table: &ObjectName, keys: &[CanonicalSql]) -> String {
    if keys.is_empty() {
        format!("ALTER TABLE {table} DROP CLUSTERING KEY")
    } else {
        format!("ALTER TABLE {table} CLUSTER BY ({})", expressions(keys))
    }
}

pub fn set_change_tracking(table: &ObjectName, on: bool) -> String {
    format!("ALTER TABLE {table} SET CHANGE_TRACKING = {}", boolean(on))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(name: &str, ty: &str) -> Column {
        Column {
            name: Ident::from_stored(name),
            data_type: DataType::parse(ty).unwrap(),
            nullable: true,
            default: None,
            comment: None,
            masking_policy: None,
            masking_using: Vec::new(),
            tags: None,
        }
    }

    #[test]
    fn renders_create() {
        let mut ts = column("INGESTED", "TIMESTAMP_NTZ");
        ts.default = Some(CanonicalSql::new("CURRENT_TIMESTAMP()"));
        ts.nullable = false;
        let mut hostile = column("a\"b", "STRING");
        hostile.comment = Some("it's".into());
        let table = Table {
            name: ObjectName::parse("PR.BRONZE.\"x;DROP\"").unwrap(),
            columns: vec![column("ID", "INT"), hostile, ts],
            transient: true,
            cluster_by: vec![CanonicalSql::new("ID")],
            change_tracking: true,
            comment: None,
            row_access_policy: None,
            tags: None,
            data_quality: None,
        };
        assert_eq!(
            create(&table, CreateMode::Create),
            "CREATE TRANSIENT TABLE PR.BRONZE.\"x;DROP\" (ID NUMBER(38,0), \"a\"\"b\" VARCHAR(16777216) COMMENT 'it\\'s', INGESTED TIMESTAMP_NTZ(9) NOT NULL DEFAULT CURRENT_TIMESTAMP()) CLUSTER BY (ID) CHANGE_TRACKING = TRUE"
        );
    }

    #[test]
    fn renders_column_changes() {
        let t = ObjectName::parse("PR.S.T").unwrap();
        let c = Ident::from_stored("C");
        assert_eq!(
            add_column(&t, &column("N", "NUMBER(10)")),
            "ALTER TABLE PR.S.T ADD COLUMN N NUMBER(10,0)"
        );
        assert_eq!(
            rename_column(&t, &c, &Ident::from_stored("d")),
            "ALTER TABLE PR.S.T RENAME COLUMN C TO \"d\""
        );
        assert_eq!(
            set_column_type(&t, &c, &DataType::parse("VARCHAR(20)").unwrap()),
            "ALTER TABLE PR.S.T ALTER COLUMN C SET DATA TYPE VARCHAR(20)"
        );
        assert_eq!(
            set_nullable(&t, &c, false),
            "ALTER TABLE PR.S.T ALTER COLUMN C SET NOT NULL"
        );
        assert_eq!(
            set_column_comment(&t, &c, None),
            "ALTER TABLE PR.S.T ALTER COLUMN C UNSET COMMENT"
        );
        assert_eq!(
            set_cluster_by(&t, &[]),
            "ALTER TABLE PR.S.T DROP CLUSTERING KEY"
        );
        assert_eq!(
            set_change_tracking(&t, false),
            "ALTER TABLE PR.S.T SET CHANGE_TRACKING = FALSE"
        );
    }
}
