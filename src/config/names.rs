//! Completing and parsing object names: a file's `[defaults]`, or the referring object's
//! own schema, fill in what a short name leaves out.
//!
//! `NAME` needs a database and a schema in scope, `SCHEMA.NAME` a database, and
//! `DB.SCHEMA.NAME` nothing. Identifier folding itself is `model::identifier`'s.

use crate::model::identifier::{Ident, IdentError, ObjectName, SchemaName, split_parts};

/// What short names are completed from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct NameScope {
    pub(crate) database: Option<Ident>,
    pub(crate) schema: Option<Ident>,
}

impl NameScope {
    /// The scope of an object's own schema: how its references are read.
    pub(crate) fn of(schema: &SchemaName) -> NameScope {
        NameScope {
            database: Some(schema.database.clone()),
            schema: Some(schema.schema.clone()),
        }
    }

    /// `DB.SCHEMA`, or `SCHEMA` with a database in scope.
    pub(crate) fn schema_name(&self, text: &str) -> Result<SchemaName, IdentError> {
        let parts = split_parts(text)?;
        match (parts.as_slice(), &self.database) {
            ([database, schema], _) => Ok(SchemaName::new(database.clone(), schema.clone())),
            ([schema], Some(database)) => Ok(SchemaName::new(database.clone(), schema.clone())),
            ([_], None) => Err(IdentError::Parts {
                text: text.to_string(),
                expected: "DATABASE.SCHEMA (no [defaults] database applies here)",
            }),
            _ => Err(IdentError::Parts {
                text: text.to_string(),
                expected: "DATABASE.SCHEMA or SCHEMA",
            }),
        }
    }

    /// `DB.SCHEMA.NAME`, `SCHEMA.NAME` with a database in scope, or `NAME` with both.
    pub(crate) fn object_name(&self, text: &str) -> Result<ObjectName, IdentError> {
        let parts = split_parts(text)?;
        let name = |database: &Ident, schema: &Ident, name: &Ident| ObjectName {
            database: database.clone(),
            schema: schema.clone(),
            name: name.clone(),
        };
        match (parts.as_slice(), &self.database, &self.schema) {
            ([d, s, n], _, _) => Ok(name(d, s, n)),
            ([s, n], Some(d), _) => Ok(name(d, s, n)),
            ([n], Some(d), Some(s)) => Ok(name(d, s, n)),
            ([_] | [_, _], _, _) => Err(IdentError::Parts {
                text: text.to_string(),
                expected: "DATABASE.SCHEMA.NAME (no [defaults] database/schema complete it here)",
            }),
            _ => Err(IdentError::Parts {
                text: text.to_string(),
                expected: "DATABASE.SCHEMA.NAME, SCHEMA.NAME or NAME",
            }),
        }
    }

    /// Completes already split parts (from SQL) the same way as [`NameScope::object_name`].
    pub(crate) fn complete(&self, parts: &[Ident]) -> Option<ObjectName> {
        let name = |database: &Ident, schema: &Ident, name: &Ident| ObjectName {
            database: database.clone(),
            schema: schema.clone(),
            name: name.clone(),
        };
        match (parts, &self.database, &self.schema) {
            ([d, s, n], _, _) => Some(name(d, s, n)),
            ([s, n], Some(d), _) => Some(name(d, s, n)),
            ([n], Some(d), Some(s)) => Some(name(d, s, n)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_complete_from_scope() {
        let scope = NameScope::of(&SchemaName::parse("pr_dev.bronze").unwrap());
        assert_eq!(
            scope.object_name("raw").unwrap().to_string(),
            "PR_DEV.BRONZE.RAW"
        );
        assert_eq!(
            scope.object_name("silver.t").unwrap().to_string(),
            "PR_DEV.SILVER.T"
        );
        assert_eq!(
            scope.object_name("a.b.\"c\"").unwrap().to_string(),
            "A.B.\"c\""
        );
        assert_eq!(
            scope.schema_name("gold").unwrap().to_string(),
            "PR_DEV.GOLD"
        );
        assert!(scope.object_name("a.b.c.d").is_err());
        let none = NameScope::default();
        assert!(none.object_name("t").is_err());
        assert!(none.schema_name("s").is_err());
        assert_eq!(none.schema_name("d.s").unwrap().to_string(), "D.S");
    }
}
