//! View DDL. A query change is `CREATE OR REPLACE [SECURE] VIEW … COPY GRANTS AS …`
//! ([`crate::kinds::ddl::replace`]); `SECURE` and the comment are altered in place.

use crate::kinds::ddl::CreateMode;
use crate::kinds::view::View;
use crate::model::identifier::ObjectName;
use crate::sql::quote::comment_clause;

pub(crate) fn create(view: &View, mode: CreateMode) -> String {
    let secure = if view.secure { " SECURE" } else { "" };
    let copy_grants = match mode {
        CreateMode::Replace => " COPY GRANTS",
        CreateMode::Create => "",
    };
    format!(
        "{}{secure} VIEW {}{copy_grants}{} AS {}",
        mode.verb(),
        view.name,
        comment_clause(view.comment.as_deref()),
        view.query.text()
    )
}

/// `SET SECURE` / `UNSET SECURE`.
pub fn set_secure(name: &ObjectName, secure: bool) -> String {
    let verb = if secure { "SET" } else { "UNSET" };
    format!("ALTER VIEW {name} {verb} SECURE")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::CanonicalSql;

    #[test]
    fn replace_keeps_grants() {
        let view = View {
            name: ObjectName::parse("PR.GOLD.VW_DAILY_SALES").unwrap(),
            query: CanonicalSql::new("SELECT 1 AS X"),
            secure: true,
            comment: Some("daily".into()),
            selects_from: Default::default(),
            row_access_policy: None,
            tags: None,
            data_quality: None,
            columns: Vec::new(),
        };
        assert_eq!(
            create(&view, CreateMode::Replace),
            "CREATE OR REPLACE SECURE VIEW PR.GOLD.VW_DAILY_SALES COPY GRANTS COMMENT = 'daily' AS SELECT 1 AS X"
        );
        assert_eq!(
            create(&view, CreateMode::Create),
            "CREATE SECURE VIEW PR.GOLD.VW_DAILY_SALES COMMENT = 'daily' AS SELECT 1 AS X"
        );
        assert_eq!(
            set_secure(&view.name, false),
            "ALTER VIEW PR.GOLD.VW_DAILY_SALES UNSET SECURE"
        );
    }
}
