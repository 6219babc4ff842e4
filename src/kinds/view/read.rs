//! Views from `SHOW VIEWS IN DATABASE d`. The `text` column is the whole CREATE statement
//! as submitted; the query is what follows its top-level `AS`, found with the tokenizer
//! (so column lists, `COMMENT = '… AS …'`, `COPY GRANTS`, `SECURE`, `RECURSIVE` and
//! comments are skipped correctly) and kept as originally written.
//!
//! INFORMATION_SCHEMA's own views are listed by SHOW VIEWS too; the orchestration skips
//! that schema for every kind.

use crate::kinds::view::View;
use crate::providers::snowflake::introspect::error::IntrospectError;
use crate::providers::snowflake::introspect::record::Record;
use crate::sql::{CanonicalSql, tokenize};

pub(crate) fn parse(record: &Record<'_>) -> Result<View, IntrospectError> {
    let text = record.required("text")?;
    let query = query_of_create_view(text)
        .ok_or_else(|| record.invalid("text", text, "is not a CREATE VIEW … AS statement"))?;
    Ok(View {
        name: record.object_name("database_name", "schema_name", "name")?,
        query: CanonicalSql::new(query),
        secure: record.flag("is_secure")?,
        comment: record.comment()?,
        selects_from: Default::default(),
        row_access_policy: None,
        tags: None,
        data_quality: None,
        columns: Vec::new(),
    })
}

/// The query of `CREATE [OR REPLACE] [SECURE] [RECURSIVE] VIEW name [(cols)] [options] AS
/// query`: the source text from the first significant token after the first `AS` that is
/// outside parentheses and after `VIEW`.
pub(crate) fn query_of_create_view(text: &str) -> Option<&str> {
    query_after_as(text, "VIEW")
}

/// The query of a `CREATE … <noun> name … AS query` statement (`noun` is the last word
/// of the kind: `VIEW`, `TABLE` for a dynamic table): the source text from the first
/// significant token after the first `AS` outside parentheses that follows `noun`.
pub(crate) fn query_after_as<'t>(text: &'t str, noun: &str) -> Option<&'t str> {
    let tokens = tokenize(text).ok()?;
    let mut significant = tokens.iter().filter(|t| !t.is_trivia());
    if !significant.next()?.is_keyword("CREATE") {
        return None;
    }
    significant.find(|t| t.is_keyword(noun))?;
    let mut depth = 0usize;
    for token in significant.by_ref() {
        if token.is_symbol("(") {
            depth += 1;
        } else if token.is_symbol(")") {
            depth = depth.checked_sub(1)?;
        } else if depth == 0 && token.is_keyword("AS") {
            let start = significant.next()?.start;
            return Some(text[start..].trim_end());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::providers::snowflake::introspect::record::fixture::row;

    #[test]
    fn the_query_follows_the_top_level_as() {
        let text = "create or replace secure recursive view PR.GOLD.\"as\" (a, \"AS\") \
                    copy grants comment = 'counts AS of today' -- AS noted\n as\n  select x as a, y as \"AS\" from t";
        assert_eq!(
            query_of_create_view(text),
            Some("select x as a, y as \"AS\" from t")
        );
        assert_eq!(
            query_of_create_view("CREATE VIEW V AS (SELECT 1)"),
            Some("(SELECT 1)")
        );
        assert_eq!(query_of_create_view("SELECT 1"), None);
        assert_eq!(query_of_create_view("CREATE VIEW V"), None);
    }

    #[test]
    fn reads_a_show_views_row() {
        let set = row(&[
            ("name", Some("VW_DAILY")),
            ("reserved", None),
            ("database_name", Some("PR")),
            ("schema_name", Some("GOLD")),
            ("owner", Some("SYSADMIN")),
            ("comment", Some("daily")),
            (
                "text",
                Some(
                    "CREATE OR REPLACE SECURE VIEW PR.GOLD.VW_DAILY COPY GRANTS COMMENT = 'daily' AS SELECT 1 AS X",
                ),
            ),
            ("is_secure", Some("true")),
            ("is_materialized", Some("false")),
        ]);
        let v = parse(&Record::new(set.rows().next().unwrap(), Kind::View)).unwrap();
        assert!(v.secure);
        assert_eq!(v.query.text(), "SELECT 1 AS X");
    }

    #[test]
    fn a_materialized_view_listed_by_show_views_is_not_a_view() {
        use crate::kinds::ObjectKind;
        let listed = |materialized: &str| {
            row(&[
                ("name", Some("MV")),
                ("database_name", Some("PR")),
                ("schema_name", Some("GOLD")),
                ("comment", None),
                (
                    "text",
                    Some("CREATE MATERIALIZED VIEW MV AS SELECT X FROM T"),
                ),
                ("is_secure", Some("false")),
                ("is_materialized", Some(materialized)),
            ])
        };
        let set = listed("true");
        let record = Record::new(set.rows().next().unwrap(), Kind::View);
        assert_eq!(View::parse_row(&record).unwrap(), None);
        let set = listed("false");
        let record = Record::new(set.rows().next().unwrap(), Kind::View);
        assert!(View::parse_row(&record).unwrap().is_some());
    }
}
