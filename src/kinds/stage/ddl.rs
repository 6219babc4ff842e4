//! Stage DDL: URL, storage integration and file format are `SET` in place; turning an
//! internal stage external (or back) is a replace.

use crate::kinds::ddl::CreateMode;
use crate::kinds::stage::Stage;
use crate::model::identifier::{Ident, ObjectName};
use crate::sql::quote::{comment_clause, literal};

pub(crate) fn create(stage: &Stage, mode: CreateMode) -> String {
    let mut clauses = String::new();
    if let Some(url) = &stage.url {
        clauses.push_str(&format!(" URL = {}", literal(url)));
    }
    if let Some(integration) = &stage.storage_integration {
        clauses.push_str(&format!(" STORAGE_INTEGRATION = {integration}"));
    }
    if let Some(format) = &stage.file_format {
        clauses.push_str(&format!(" {}", file_format_clause(Some(format))));
    }
    format!(
        "{} STAGE {}{clauses}{}",
        mode.verb(),
        stage.name,
        comment_clause(stage.comment.as_deref())
    )
}

/// One in-place change of a stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StageChange {
    Url(String),
    StorageIntegration(Ident),
    /// `None` returns the stage to Snowflake's default format (CSV with default options).
    FileFormat(Option<ObjectName>),
}

pub fn alter(name: &ObjectName, change: &StageChange) -> String {
    let target = format!("ALTER STAGE {name} SET");
    match change {
        StageChange::Url(url) => format!("{target} URL = {}", literal(url)),
        StageChange::StorageIntegration(i) => format!("{target} STORAGE_INTEGRATION = {i}"),
        StageChange::FileFormat(f) => format!("{target} {}", file_format_clause(f.as_ref())),
    }
}

/// `FILE_FORMAT = (FORMAT_NAME = '…')`: the name goes in a string literal, as Snowflake
/// wants it, written in SQL form so quoted parts survive.
fn file_format_clause(format: Option<&ObjectName>) -> String {
    match format {
        Some(f) => format!("FILE_FORMAT = (FORMAT_NAME = {})", literal(&f.to_string())),
        None => "FILE_FORMAT = (TYPE = CSV)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_create_and_alter() {
        let stage = Stage {
            name: ObjectName::parse("PR.BRONZE.ADLS_STAGE").unwrap(),
            url: Some("azure://acct.blob.core.windows.net/landing/".into()),
            storage_integration: Some(Ident::from_stored("ADLS_DEV")),
            file_format: Some(ObjectName::parse("PR.BRONZE.\"it's\"").unwrap()),
            comment: None,
        };
        assert_eq!(
            create(&stage, CreateMode::Create),
            "CREATE STAGE PR.BRONZE.ADLS_STAGE URL = 'azure://acct.blob.core.windows.net/landing/' STORAGE_INTEGRATION = ADLS_DEV FILE_FORMAT = (FORMAT_NAME = 'PR.BRONZE.\"it\\'s\"')"
        );
        assert_eq!(
            alter(&stage.name, &StageChange::FileFormat(None)),
            "ALTER STAGE PR.BRONZE.ADLS_STAGE SET FILE_FORMAT = (TYPE = CSV)"
        );
    }
}
