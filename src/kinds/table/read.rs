//! Tables from `SHOW TABLES IN DATABASE d` (kind, clustering, change tracking, comment);
//! their columns come from [`super::column`]. External, Iceberg, hybrid and event tables
//! are not managed and are skipped; dynamic tables, which SHOW TABLES lists too, are their
//! own kind's.

use std::collections::BTreeMap;

use crate::model::Kind;
use crate::model::identifier::Ident;
use crate::providers::snowflake::introspect::connection::{Connection, Runner};

use crate::kinds::table::Table;
use crate::providers::snowflake::introspect::Found;
use crate::providers::snowflake::introspect::error::IntrospectError;
use crate::providers::snowflake::introspect::record::Record;
use crate::sql::{CanonicalSql, TokenKind, tokenize};

/// The table as `SHOW TABLES` reports it, without columns; `None` for an external table
/// and for a dynamic table, which SHOW TABLES lists too (`is_dynamic` Y, `kind` TABLE,
/// since bundle 2024_03: https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_03/bcr-1580)
/// and which `kinds::dynamic_table` reads from SHOW DYNAMIC TABLES. Read as a table, a
/// declared dynamic table would also be an unmanaged table, which a prune drops. Iceberg,
/// hybrid and event tables are listed too (`is_iceberg`, `is_hybrid`, `is_event` Y:
/// https://docs.snowflake.com/en/sql-reference/sql/show-tables, "Output"), and are not
/// lakeform's tables either: their DDL is `CREATE ICEBERG | HYBRID | EVENT TABLE`, and a
/// prune must not `DROP TABLE` them as unmanaged standard tables.
pub(crate) fn parse(record: &Record<'_>) -> Result<Option<Table>, IntrospectError> {
    let says_yes = |column: &str| {
        record
            .text(column)
            .ok()
            .flatten()
            .is_some_and(|v| v.eq_ignore_ascii_case("Y"))
    };
    let other_kind = [
        "is_external",
        "is_dynamic",
        "is_iceberg",
        "is_hybrid",
        "is_event",
    ];
    if other_kind.iter().any(|column| says_yes(column)) {
        return Ok(None);
    }
    let cluster_text = record.optional("cluster_by")?.unwrap_or("");
    let cluster_by = cluster_keys(cluster_text).ok_or_else(|| {
        record.invalid("cluster_by", cluster_text, "is not LINEAR(<expressions>)")
    })?;
    Ok(Some(Table {
        name: record.object_name("database_name", "schema_name", "name")?,
        columns: Vec::new(),
        transient: record
            .text("kind")?
            .is_some_and(|k| k.eq_ignore_ascii_case("TRANSIENT")),
        cluster_by,
        change_tracking: record.flag("change_tracking")?,
        comment: record.comment()?,
        row_access_policy: None,
        tags: None,
        data_quality: None,
    }))
}

/// `LINEAR(a, substr(b, 1, 2))` → the key expressions, split at top-level commas with
/// their text kept as written. Empty text is no clustering key.
pub(crate) fn cluster_keys(text: &str) -> Option<Vec<CanonicalSql>> {
    let text = text.trim();
    if text.is_empty() {
        return Some(Vec::new());
    }
    let tokens = tokenize(text).ok()?;
    let significant: Vec<_> = tokens.iter().filter(|t| !t.is_trivia()).collect();
    let (first, rest) = significant.split_first()?;
    let (open, inner) = if first.is_keyword("LINEAR") {
        let (open, inner) = rest.split_first()?;
        (*open, inner)
    } else {
        (*first, rest)
    };
    let (close, inner) = inner.split_last()?;
    if !open.is_symbol("(") || !close.is_symbol(")") {
        return None;
    }
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut start = inner.first()?.start;
    for token in inner {
        match token.kind {
            TokenKind::Symbol if token.value == "(" => depth += 1,
            TokenKind::Symbol if token.value == ")" => depth = depth.checked_sub(1)?,
            TokenKind::Symbol if token.value == "," && depth == 0 => {
                keys.push(CanonicalSql::new(text[start..token.start].trim()));
                start = token.end;
            }
            _ => {}
        }
    }
    keys.push(CanonicalSql::new(text[start..close.start].trim()));
    Some(keys)
}

/// SHOW TABLES and the database's columns, concurrently, joined by (schema, table).
pub(crate) async fn tables<C: Connection>(
    runner: Runner<C>,
    database: Ident,
) -> Result<Found, IntrospectError> {
    let (pages, columns) = tokio::try_join!(
        runner.show_in_database("TABLES", &database),
        runner.run(super::column::statement(&database))
    )?;
    let mut by_table: BTreeMap<(Ident, Ident), Vec<super::column::ColumnRow>> = BTreeMap::new();
    for row in columns.rows() {
        let c = super::column::parse(&Record::new(row, Kind::Table))?;
        by_table
            .entry((c.schema.clone(), c.table.clone()))
            .or_default()
            .push(c);
    }
    let mut listed = Vec::new();
    let mut to_describe = Vec::new();
    for page in &pages {
        for row in page.rows() {
            let record = Record::new(row, Kind::Table);
            let Some(mut t) = parse(&record)? else {
                continue;
            };
            let mut rows = by_table
                .remove(&(t.name.schema.clone(), t.name.name.clone()))
                .unwrap_or_default();
            rows.sort_by_key(|c| c.position);
            let described: Vec<Ident> = rows
                .iter()
                .filter(|c| c.described)
                .map(|c| c.column.name.clone())
                .collect();
            if !described.is_empty() {
                to_describe.push((listed.len(), described));
            }
            t.columns = rows.into_iter().map(|c| c.column).collect();
            listed.push((t, record.owner()));
        }
    }
    // Only the tables with a column whose type the view does not spell out (a VECTOR):
    // one DESCRIBE each, concurrently.
    let statements = to_describe
        .iter()
        .filter_map(|(i, _)| listed.get(*i))
        .map(|(t, _)| super::column::describe_statement(&t.name))
        .collect();
    let described = runner.run_each(statements).await?;
    for ((i, columns), result) in to_describe.iter().zip(&described) {
        let types = super::column::described_types(result)?;
        let Some((t, _)) = listed.get_mut(*i) else {
            continue;
        };
        // Each stand-in type is replaced, or the reading fails: a stand-in left in place
        // would be a type change the plan never should make.
        for name in columns {
            let data_type = types
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, d)| *d)
                .ok_or_else(|| {
                    IntrospectError::Interrupted(format!(
                        "DESCRIBE TABLE {} gave no type for column {name}",
                        t.name
                    ))
                })?;
            if let Some(column) = t.columns.iter_mut().find(|c| c.name == *name) {
                column.data_type = data_type;
            }
        }
    }
    let mut found = Found::default();
    for (t, owner) in listed {
        found.push(t.into(), owner);
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::providers::snowflake::introspect::record::fixture::row;

    #[test]
    fn reads_a_show_tables_row() {
        let set = row(&[
            ("name", Some("RAW_CUSTOMER")),
            ("database_name", Some("PR")),
            ("schema_name", Some("BRONZE")),
            ("kind", Some("TRANSIENT")),
            ("comment", Some("raw")),
            ("cluster_by", Some("LINEAR(CUSTOMER_ID, TO_DATE(TS))")),
            ("rows", Some("0")),
            ("bytes", Some("0")),
            ("owner", Some("SYSADMIN")),
            ("retention_time", Some("1")),
            ("change_tracking", Some("ON")),
            ("is_external", Some("N")),
        ]);
        let t = parse(&Record::new(set.rows().next().unwrap(), Kind::Table))
            .unwrap()
            .unwrap();
        assert!(t.transient && t.change_tracking);
        assert_eq!(
            t.cluster_by,
            vec![
                CanonicalSql::new("customer_id"),
                CanonicalSql::new("to_date(ts)")
            ]
        );
    }

    #[test]
    fn dynamic_and_external_tables_listed_by_show_tables_are_not_tables() {
        let listed = |dynamic: &str, external: &str| {
            row(&[
                ("name", Some("DAILY")),
                ("database_name", Some("PR")),
                ("schema_name", Some("GOLD")),
                ("kind", Some("TABLE")),
                ("comment", None),
                ("cluster_by", Some("")),
                ("change_tracking", Some("OFF")),
                ("is_external", Some(external)),
                ("is_dynamic", Some(dynamic)),
            ])
        };
        let read = |dynamic: &str, external: &str| {
            let set = listed(dynamic, external);
            parse(&Record::new(set.rows().next().unwrap(), Kind::Table)).unwrap()
        };
        assert!(read("Y", "N").is_none());
        assert!(read("N", "Y").is_none());
        assert!(read("N", "N").is_some());
    }

    #[test]
    fn iceberg_hybrid_and_event_tables_listed_by_show_tables_are_not_tables() {
        let read = |column: &str, value: &str| {
            let set = row(&[
                ("name", Some("T")),
                ("database_name", Some("PR")),
                ("schema_name", Some("GOLD")),
                ("kind", Some("TABLE")),
                ("comment", None),
                ("cluster_by", Some("")),
                ("change_tracking", Some("OFF")),
                ("is_external", Some("N")),
                ("is_dynamic", Some("N")),
                (column, Some(value)),
            ]);
            parse(&Record::new(set.rows().next().unwrap(), Kind::Table)).unwrap()
        };
        for column in ["is_iceberg", "is_hybrid", "is_event"] {
            assert!(read(column, "Y").is_none(), "{column}");
            assert!(read(column, "N").is_some(), "{column}");
        }
    }

    #[test]
    fn cluster_keys_parse() {
        assert_eq!(cluster_keys("").unwrap(), vec![]);
        assert_eq!(cluster_keys("LINEAR(\"a,b\")").unwrap().len(), 1);
        assert!(cluster_keys("LINEAR(a").is_none());
    }
}
