//! The DDL every Snowflake kind shares: [`CreateMode`], [`DdlError`], and the statements
//! that work the same for any object — [`create`], [`replace`], [`drop`], [`rename`] and
//! [`set_comment`] — rendered through what the registry generates on
//! [`Object`](super::Object) (each kind's `create_sql`, `reference`, `rename_target`).
//!
//! In-place changes are per kind and per attribute, in the kind's own `ddl` module
//! (`table::ddl::add_column`, `task::ddl::alter(name, &TaskChange::ModifyAs(…))`, …), and
//! only exist for what Snowflake can ALTER; anything else is a [`replace`] or, for a table
//! whose data must survive, a [`table::rebuild`](super::table::rebuild). DDL modules render
//! statements; they never decide which ones a change needs (the kinds' `diff` modules do).
//!
//! Identifiers always go through `Ident::to_sql` (the name types' `Display`), literals
//! through [`crate::sql::quote`]. A created task is left suspended, as Snowflake creates
//! it: bringing a task graph to its declared state is `task::ddl::alter(…, Resume)` once
//! per task, in graph order, which only apply can sequence.

use crate::model::{Address, Object, Resource};

/// Why a statement cannot be rendered.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DdlError {
    #[error("{0} is not a Snowflake object: the Snowflake provider renders no DDL for it")]
    NotSnowflake(Address),
    #[error("cannot rename {from} to {to}: a rename keeps the object's kind")]
    KindMismatch { from: Address, to: Address },
    #[error("cannot render a change to {address}: {problem}")]
    Unrenderable { address: Address, problem: String },
}

/// Whether a CREATE may replace an existing object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreateMode {
    Create,
    Replace,
}

impl CreateMode {
    /// `CREATE` or `CREATE OR REPLACE`.
    pub(crate) fn verb(self) -> &'static str {
        match self {
            CreateMode::Create => "CREATE",
            CreateMode::Replace => "CREATE OR REPLACE",
        }
    }
}

/// `CREATE …` for `object`.
pub fn create(object: &Object) -> Result<String, DdlError> {
    create_with(object, CreateMode::Create)
}

/// `CREATE OR REPLACE …` for `object`: what a change Snowflake cannot ALTER needs. Views
/// keep their grants (`COPY GRANTS`); a replaced table loses its data (see
/// [`table::rebuild`](super::table::rebuild) for the data-preserving way).
pub fn replace(object: &Object) -> Result<String, DdlError> {
    create_with(object, CreateMode::Replace)
}

fn create_with(object: &Object, mode: CreateMode) -> Result<String, DdlError> {
    object.create_sql(mode)
}

/// How ALTER and DROP name `object`: its qualified name, and for a procedure its
/// signature (`DB.S.P(NUMBER(38,0), VARCHAR(16777216))`).
pub(crate) fn object_reference(object: &Object) -> Result<String, DdlError> {
    object.reference()
}

/// `DROP <KIND> <name>` (`DROP PROCEDURE name(types)` for a procedure).
pub fn drop(object: &Object) -> Result<String, DdlError> {
    Ok(format!(
        "DROP {} {}",
        object.kind().sql_keyword(),
        object_reference(object)?
    ))
}

/// `ALTER <KIND> <from> RENAME TO <to's name>`. `from` is the object as it exists (a
/// procedure is named by its live signature), `to` the object under its new name.
pub fn rename(from: &Object, to: &Object) -> Result<String, DdlError> {
    if from.kind() != to.kind() {
        return Err(DdlError::KindMismatch {
            from: from.address(),
            to: to.address(),
        });
    }
    let new_name = to.rename_target()?;
    Ok(format!(
        "ALTER {} {} RENAME TO {new_name}",
        from.kind().sql_keyword(),
        object_reference(from)?
    ))
}

/// `ALTER <KIND> <name> SET COMMENT = '…'`, or `UNSET COMMENT` for `None`: the comment
/// change every kind supports in place.
pub fn set_comment(object: &Object, comment: Option<&str>) -> Result<String, DdlError> {
    let target = format!(
        "ALTER {} {}",
        object.kind().sql_keyword(),
        object_reference(object)?
    );
    Ok(match comment {
        Some(c) => format!("{target} SET COMMENT = {}", crate::sql::quote::literal(c)),
        None => format!("{target} UNSET COMMENT"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::container::Container;
    use crate::kinds::procedure::{Argument, ExecuteAs, Procedure};
    use crate::kinds::stream::Stream;
    use crate::model::data_type::DataType;
    use crate::model::identifier::{Ident, ObjectName};
    use crate::sql::CanonicalSql;

    fn procedure(name: &str) -> Object {
        Procedure {
            name: ObjectName::parse(name).unwrap(),
            arguments: vec![Argument {
                name: Ident::from_stored("N"),
                data_type: DataType::parse("INT").unwrap(),
            }],
            returns: CanonicalSql::new("NUMBER(38,0)"),
            language: "SQL".into(),
            execute_as: ExecuteAs::Owner,
            body: CanonicalSql::new("BEGIN RETURN N; END;"),
            comment: None,
            uses: Default::default(),
        }
        .into()
    }

    fn stream(name: &str) -> Object {
        Stream {
            name: ObjectName::parse(name).unwrap(),
            on_table: ObjectName::parse("PR.S.T").unwrap(),
            append_only: false,
            comment: None,
        }
        .into()
    }

    #[test]
    fn procedures_are_named_by_signature() {
        let p = procedure("PR.S.\"p;x\"");
        assert_eq!(
            drop(&p).unwrap(),
            "DROP PROCEDURE PR.S.\"p;x\"(NUMBER(38,0))"
        );
        assert_eq!(
            rename(&p, &procedure("PR.S.Q")).unwrap(),
            "ALTER PROCEDURE PR.S.\"p;x\"(NUMBER(38,0)) RENAME TO PR.S.Q"
        );
        assert_eq!(
            set_comment(&p, Some("it's")).unwrap(),
            "ALTER PROCEDURE PR.S.\"p;x\"(NUMBER(38,0)) SET COMMENT = 'it\\'s'"
        );
    }

    #[test]
    fn generic_statements_use_the_kind_keyword() {
        let s = stream("PR.S.\"a\"\"b\"");
        assert_eq!(drop(&s).unwrap(), "DROP STREAM PR.S.\"a\"\"b\"");
        assert_eq!(
            set_comment(&s, None).unwrap(),
            "ALTER STREAM PR.S.\"a\"\"b\" UNSET COMMENT"
        );
        assert_eq!(
            rename(&s, &stream("PR.S.NEW")).unwrap(),
            "ALTER STREAM PR.S.\"a\"\"b\" RENAME TO PR.S.NEW"
        );
        assert!(replace(&s).unwrap().starts_with("CREATE OR REPLACE STREAM"));
        assert!(create(&s).unwrap().starts_with("CREATE STREAM"));
    }

    #[test]
    fn mismatched_kinds_and_containers_are_errors() {
        assert!(matches!(
            rename(&stream("PR.S.A"), &procedure("PR.S.A")),
            Err(DdlError::KindMismatch { .. })
        ));
        let container: Object = Container {
            name: "landing".into(),
            metadata: Default::default(),
            public_access: Default::default(),
            directories: Default::default(),
            acl: Default::default(),
            comment: None,
        }
        .into();
        assert!(matches!(create(&container), Err(DdlError::NotSnowflake(_))));
        assert!(matches!(drop(&container), Err(DdlError::NotSnowflake(_))));
    }
}
