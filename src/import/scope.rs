//! What `import --scope DB[.SCHEMA]` covers, and what introspection must read for it.

use std::fmt;
use std::str::FromStr;

use crate::model::identifier::{Ident, IdentError, SchemaName, split_parts};
use crate::providers::snowflake::introspect::{AccountScope, ReadScope};

/// A database, or one schema of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ImportScope {
    pub(crate) database: Ident,
    pub(crate) schema: Option<Ident>,
}

impl FromStr for ImportScope {
    type Err = IdentError;

    fn from_str(text: &str) -> Result<ImportScope, IdentError> {
        let mut parts = split_parts(text)?.into_iter();
        match (parts.next(), parts.next(), parts.next()) {
            (Some(database), schema, None) => Ok(ImportScope { database, schema }),
            _ => Err(IdentError::Parts {
                text: text.to_string(),
                expected: "DATABASE or DATABASE.SCHEMA",
            }),
        }
    }
}

impl fmt::Display for ImportScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.schema {
            None => write!(f, "{}", self.database),
            Some(schema) => write!(f, "{}.{schema}", self.database),
        }
    }
}

impl ImportScope {
    /// The database, and every warehouse and integration: which of those the scope's
    /// objects reference is only known once they are read.
    pub(crate) fn introspection(&self) -> ReadScope {
        ReadScope {
            databases: vec![self.database.clone()],
            warehouses: AccountScope::All,
            storage_integrations: AccountScope::All,
            notification_integrations: AccountScope::All,
            roles: crate::kinds::role::read::RoleScope {
                all: true,
                ..Default::default()
            },
            tagged: crate::providers::snowflake::introspect::TagScope::All,
            measured: crate::providers::snowflake::introspect::MetricScope::All,
            routine_owners: [
                crate::model::Kind::Procedure,
                crate::model::Kind::DataMetricFunction,
            ]
            .into_iter()
            .map(|kind| (self.database.clone(), kind))
            .collect(),
        }
    }

    /// Whether objects of `schema` are imported. `INFORMATION_SCHEMA` never is.
    pub(crate) fn covers(&self, schema: &SchemaName) -> bool {
        schema.database == self.database
            && schema.schema.as_str() != "INFORMATION_SCHEMA"
            && self.schema.as_ref().is_none_or(|s| s == &schema.schema)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_database_and_schema_scopes() {
        let scope: ImportScope = "pr.bronze".parse().unwrap();
        assert_eq!(scope.to_string(), "PR.BRONZE");
        let scope: ImportScope = "pr".parse().unwrap();
        assert_eq!(scope.schema, None);
        assert!("a.b.c".parse::<ImportScope>().is_err());
    }

    #[test]
    fn a_schema_scope_covers_only_its_schema() {
        let scope: ImportScope = "PR.BRONZE".parse().unwrap();
        assert!(scope.covers(&SchemaName::parse("PR.BRONZE").unwrap()));
        assert!(!scope.covers(&SchemaName::parse("PR.SILVER").unwrap()));
        let whole: ImportScope = "PR".parse().unwrap();
        assert!(!whole.covers(&SchemaName::parse("PR.INFORMATION_SCHEMA").unwrap()));
    }
}
