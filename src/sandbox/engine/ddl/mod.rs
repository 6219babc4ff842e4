//! DDL execution: CREATE, ALTER, DROP, UNDROP and TRUNCATE statements turned into catalog operations,
//! with names resolved against the session and Snowflake's status messages as results.
//!
//! Each operation validates everything before it changes anything, so a failed
//! statement leaves the catalog as it was.

mod alter;
mod create;
mod drop;
mod shared;
mod truncate;
mod undrop;

pub(super) use alter::{alter, current_warehouse, set_written_tags, unset_written_tags};
pub(super) use create::{check_clone_point, create};
pub(super) use drop::drop;
pub(super) use truncate::truncate;
pub(super) use undrop::{resolve_id as resolve_undrop_id, undrop};

use crate::sandbox::catalog::{
    OuterKind, OverloadedKind, SandboxKind, with_module_kind, with_outer_kind, with_overloaded_kind,
};
use crate::sandbox::error::SqlError;
use crate::sandbox::statement::{AlterAction, CreateBody, Statement};

/// Reads a registered kind's CREATE body or ALTER action once, before anything else runs
/// (the privilege checks included): the parser keeps it as a `Tail` for the kind's module,
/// and a syntax error in it must come first, as it does in every statement the parser
/// reads whole. The DDL reads it again where it applies it.
pub(super) fn check_syntax(statement: &Statement) -> Result<(), SqlError> {
    match statement {
        Statement::Create(create) | Statement::CreateOrAlter(create) => match &create.body {
            CreateBody::Module(kind, tail) => with_module_kind!(
                *kind,
                T => tail.parse(T::parse_create).map(|_| ()),
                other => with_overloaded_kind!(
                    other,
                    T => tail.parse(T::parse_create).map(|_| ()),
                    other => with_outer_kind!(
                        other,
                        T => tail.parse(T::parse_create).map(|_| ()),
                        _ => Ok(()),
                    ),
                ),
            ),
            _ => Ok(()),
        },
        Statement::Alter(alter) => match &alter.action {
            AlterAction::Module(tail) => with_module_kind!(
                alter.kind,
                T => tail.parse(T::parse_alter).map(|_| ()),
                other => with_overloaded_kind!(
                    other,
                    T => tail.parse(T::parse_alter).map(|_| ()),
                    _ => Ok(()),
                ),
            ),
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}
