//! ALTER for every kind, in the forms Snowflake allows (the parser already refused
//! actions a kind does not have).

use super::shared::{DONE, sibling_name, sibling_schema};
use crate::sandbox::binder::{database_name, object_name, outer_name, schema_name};
use crate::sandbox::catalog::tag::Target;
use crate::sandbox::catalog::{
    Catalog, OuterKind, OuterObject, OverloadedKind, OverloadedObject, SandboxKind, SchemaObject,
    Stamp, with_module_kind, with_outer_kind, with_overloaded_kind, with_schema_object,
};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::{Alter, AlterAction, ObjectNoun, RawName};

pub(crate) fn alter(
    catalog: &mut Catalog,
    alter: Alter,
    session: &SqlSession,
    now: Stamp,
) -> Result<QueryResult, SqlError> {
    let action = format!("ALTER {}", alter.kind.sql());
    match alter_kind(catalog, &alter, session, &action, now) {
        Err(e)
            if alter.if_exists
                && e.code == "002003"
                && !exists(catalog, &alter, session, &action) =>
        {
            Ok(QueryResult::status(DONE))
        }
        other => other.map(|_| QueryResult::status(DONE)),
    }
}

/// ALTER WAREHOUSE without a name (SUSPEND, RESUME [ IF SUSPENDED ], ABORT ALL QUERIES:
/// the parser allows no other, `statement::alter::names_no_warehouse`) acts on the
/// session's current warehouse, and fails when there is none
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-warehouse: the identifier "can
/// be omitted" "if a warehouse is currently in use for the session").
pub(crate) fn current_warehouse(alter: &mut Alter, session: &SqlSession) -> Result<(), SqlError> {
    if alter.kind != ObjectNoun::Warehouse || !alter.name.parts.is_empty() {
        return Ok(());
    }
    let current = session
        .warehouse
        .as_deref()
        .ok_or_else(SqlError::no_active_warehouse)?;
    alter.name.parts = vec![crate::model::identifier::Ident::from_stored(current)];
    Ok(())
}

/// Whether the ALTER's own target exists (IF EXISTS only silences its absence).
fn exists(catalog: &Catalog, alter: &Alter, session: &SqlSession, action: &str) -> bool {
    let object = || object_name(&alter.name, session, action);
    match alter.kind {
        ObjectNoun::Database => {
            database_name(&alter.name).is_ok_and(|n| catalog.databases.contains_key(&n))
        }
        ObjectNoun::Schema => {
            schema_name(&alter.name, session, action).is_ok_and(|n| catalog.schema(&n).is_ok())
        }
        kind => with_overloaded_kind!(
            kind,
            T => object().is_ok_and(|n| {
                catalog
                    .overload::<T>(&n, alter.arg_types.as_deref().unwrap_or_default())
                    .is_ok()
            }),
            kind => with_outer_kind!(
                kind,
                T => outer_name::<T>(&alter.name, session, action)
                    .is_ok_and(|n| catalog.outer::<T>(&n).is_ok()),
                kind => with_schema_object!(
                    kind,
                    T => object().is_ok_and(|n| catalog.find::<T>(&n).is_some()),
                    // Every other kind is matched above.
                    _ => false,
                ),
            ),
        ),
    }
}

fn alter_kind(
    catalog: &mut Catalog,
    alter: &Alter,
    session: &SqlSession,
    action: &str,
    now: Stamp,
) -> Result<(), SqlError> {
    use AlterAction::{ManagedAccess, RenameTo, Set, SwapWith, Unset};
    if let AlterAction::SetTag(_) | AlterAction::UnsetTag(_) = &alter.action {
        return alter_tags(catalog, alter, session, action);
    }
    if let AlterAction::DataMetric(tail) = &alter.action {
        let name = object_name(&alter.name, session, action)?;
        return crate::sandbox::catalog::data_metric_function::alter_object(
            catalog,
            alter.kind,
            &name,
            tail,
            &|raw| object_name(raw, session, action),
        );
    }
    if alter.kind == ObjectNoun::DataMetricFunction {
        let name = object_name(&alter.name, session, action)?;
        crate::sandbox::catalog::data_metric_function::check_signature(
            catalog,
            &name,
            alter.arg_types.as_deref(),
        )?;
    }
    match alter.kind {
        ObjectNoun::Database => {
            let name = database_name(&alter.name)?;
            match &alter.action {
                RenameTo(to) => catalog.rename_database(&name, &database_name(to)?),
                SwapWith(other) => catalog.swap_databases(&name, &database_name(other)?),
                Set(props) => catalog.alter_database_set(&name, props),
                Unset(keys) => catalog.alter_database_unset(&name, keys),
                _ => Err(unsupported(alter)),
            }
        }
        ObjectNoun::Schema => {
            let name = schema_name(&alter.name, session, action)?;
            match &alter.action {
                RenameTo(to) => catalog.rename_schema(&name, &sibling_schema(to, &name)),
                SwapWith(other) => catalog.swap_schemas(&name, &sibling_schema(other, &name)),
                Set(props) => catalog.alter_schema_set(&name, props),
                Unset(keys) => catalog.alter_schema_unset(&name, keys),
                ManagedAccess(on) => catalog.set_managed_access(&name, *on),
                _ => Err(unsupported(alter)),
            }
        }
        kind => with_module_kind!(
            kind,
            T => alter_module::<T>(catalog, alter, session, action, now),
            kind => with_overloaded_kind!(
                kind,
                T => alter_overload::<T>(catalog, alter, session, action),
                kind => with_outer_kind!(
                    kind,
                    T => alter_outer::<T>(catalog, alter, session, action),
                    // Every other kind is matched above.
                    _ => Err(unsupported(alter)),
                ),
            ),
        ),
    }
}

/// ALTER of an overloaded kind, the overload found by its signature: its own action read
/// first (a syntax error before anything else) and applied by the kind to a copy stored
/// only when it succeeds; RENAME TO and `COMMENT ON` are the same for every such kind.
fn alter_overload<T: OverloadedKind>(
    catalog: &mut Catalog,
    alter: &Alter,
    session: &SqlSession,
    action: &str,
) -> Result<(), SqlError> {
    let own = match &alter.action {
        AlterAction::Module(tail) => Some(tail.parse(T::parse_alter)?),
        _ => None,
    };
    let name = object_name(&alter.name, session, action)?;
    let types = alter.arg_types.clone().unwrap_or_default();
    let mut copy = catalog.overload::<T>(&name, &types)?.clone();
    match (&alter.action, own) {
        (_, Some(own)) => copy.alter(own)?,
        (AlterAction::RenameTo(to), None) => {
            return catalog.rename_overload::<T>(&name, &types, &sibling_name(to, &name));
        }
        // `COMMENT ON <kind> … IS '…'` arrives as a SET of COMMENT.
        (AlterAction::Set(props), None) => copy.set_comment(props)?,
        _ => return Err(unsupported(alter)),
    }
    *catalog.overload_mut::<T>(&name, &types)? = copy;
    Ok(())
}

/// ALTER of a kind kept outside schemas: RENAME TO is the same for every kind (within the
/// object's own database); SET (and `COMMENT ON`), UNSET and the kind's verbs apply to a
/// copy stored only when the kind accepts them.
fn alter_outer<T: OuterKind>(
    catalog: &mut Catalog,
    alter: &Alter,
    session: &SqlSession,
    action: &str,
) -> Result<(), SqlError> {
    let name = outer_name::<T>(&alter.name, session, action)?;
    if let AlterAction::RenameTo(to) = &alter.action {
        let to = outer_name::<T>(to, session, action)?;
        return catalog.rename_outer::<T>(&name, &to.name);
    }
    let mut copy = catalog.outer::<T>(&name)?.clone();
    match &alter.action {
        AlterAction::Set(props) => {
            copy.set_properties(catalog, props)?;
            copy.resolve(catalog, &|raw: &RawName| object_name(raw, session, action))?;
        }
        AlterAction::Unset(keys) => copy.unset_properties(keys)?,
        other => {
            copy.verb(&name, other)?;
            // A verb may name objects too (a network policy's ADD of a rule).
            copy.resolve(catalog, &|raw: &RawName| object_name(raw, session, action))?;
        }
    }
    *catalog.outer_mut::<T>(&name)? = copy;
    Ok(())
}

/// ALTER of a registered kind: its own action read first (a syntax error before anything
/// else) and applied by the kind; RENAME TO, SWAP WITH and `COMMENT ON` are the same for
/// every kind.
fn alter_module<T: SandboxKind>(
    catalog: &mut Catalog,
    alter: &Alter,
    session: &SqlSession,
    action: &str,
    now: Stamp,
) -> Result<(), SqlError> {
    let own = match &alter.action {
        AlterAction::Module(tail) => Some(tail.parse(T::parse_alter)?),
        _ => None,
    };
    let name = object_name(&alter.name, session, action)?;
    match (&alter.action, own) {
        (_, Some(own)) => {
            let names = |raw: &RawName| object_name(raw, session, action);
            T::alter_stored(catalog, &name, own, now, &names)
        }
        (AlterAction::RenameTo(to), None) => {
            let to = sibling_name(to, &name);
            T::check_name(catalog, &to)?;
            catalog.rename::<T>(&name, &to)?;
            T::renamed(catalog, &name, &to);
            Ok(())
        }
        // The parser allows SWAP WITH for tables and dynamic tables only, each with its
        // own kind (the other must be of the same kind, or it does not exist).
        (AlterAction::SwapWith(other), None) => {
            let other = sibling_name(other, &name);
            let first = catalog.get::<T>(&name)?.clone();
            let second = catalog.get::<T>(&other)?.clone();
            *catalog.get_mut::<T>(&name)? = second;
            *catalog.get_mut::<T>(&other)? = first;
            Ok(())
        }
        // `COMMENT ON <kind> … IS '…'` arrives as a SET of COMMENT.
        (AlterAction::Set(props), None) => {
            let mut copy = catalog.get::<T>(&name)?.clone();
            copy.comment_on(catalog, &name, props, now)?;
            *catalog.get_mut::<T>(&name)? = copy;
            Ok(())
        }
        (AlterAction::CommentOnColumn(column, comment), None) => {
            let names = |raw: &RawName| object_name(raw, session, action);
            T::comment_on_column(catalog, &name, column, comment, &names)
        }
        // SUSPEND, RESUME: the verbs the parser allowed the kind.
        (verb @ (AlterAction::Suspend | AlterAction::Resume), None) => {
            let mut copy = catalog.get::<T>(&name)?.clone();
            copy.verb(catalog, &name, verb, now)?;
            *catalog.get_mut::<T>(&name)? = copy;
            Ok(())
        }
        _ => Err(unsupported(alter)),
    }
}

/// `ALTER <kind> … SET TAG / UNSET TAG` for the kinds `statement::alter::takes_tags` lists
/// (the parser allows no other): the tags are kept by the object's id (see
/// `catalog::tag`), which a replaced object does not keep and an undropped one does.
fn alter_tags(
    catalog: &mut Catalog,
    alter: &Alter,
    session: &SqlSession,
    action: &str,
) -> Result<(), SqlError> {
    let id = match alter.kind {
        ObjectNoun::Database => catalog.database(&database_name(&alter.name)?)?.meta.id,
        ObjectNoun::Schema => {
            let name = schema_name(&alter.name, session, action)?;
            catalog
                .schema(&name)?
                .meta
                .as_ref()
                .map(|m| m.id)
                .ok_or_else(|| SqlError::insufficient_privileges(&name.to_string()))?
        }
        kind => with_outer_kind!(
            kind,
            T => catalog.outer::<T>(&outer_name::<T>(&alter.name, session, action)?)?.meta().id,
            kind => {
                let name = object_name(&alter.name, session, action)?;
                let types = alter.arg_types.clone().unwrap_or_default();
                with_overloaded_kind!(
                    kind,
                    T => catalog.overload::<T>(&name, &types)?.meta().id,
                    kind => with_schema_object!(
                        kind,
                        T => catalog.get::<T>(&name)?.meta().id,
                        // The parser allows tags only on the kinds `takes_tags` lists.
                        _ => return Err(unsupported(alter)),
                    ),
                )
            },
        ),
    };
    match &alter.action {
        AlterAction::SetTag(pairs) => set_written_tags(catalog, (id, None), pairs, session, action),
        AlterAction::UnsetTag(names) => {
            unset_written_tags(catalog, &(id, None), names, session, action)
        }
        _ => Err(unsupported(alter)),
    }
}

/// SET TAG with the tags' names as written, resolved in the session's context: the one
/// path every tagged kind takes (ALTER ROLE and ALTER ACCOUNT included, from
/// `engine/access.rs`).
pub(crate) fn set_written_tags(
    catalog: &mut Catalog,
    target: Target,
    pairs: &[(RawName, String)],
    session: &SqlSession,
    action: &str,
) -> Result<(), SqlError> {
    let resolved = pairs
        .iter()
        .map(|(raw, value)| Ok((object_name(raw, session, action)?, value.clone())))
        .collect::<Result<Vec<_>, SqlError>>()?;
    crate::sandbox::catalog::tag::set_tags(catalog, target, &resolved)
}

/// UNSET TAG with the tags' names as written (see [`set_written_tags`]).
pub(crate) fn unset_written_tags(
    catalog: &mut Catalog,
    target: &Target,
    names: &[RawName],
    session: &SqlSession,
    action: &str,
) -> Result<(), SqlError> {
    let resolved = crate::sandbox::binder::object_names(names, session, action)?;
    crate::sandbox::catalog::tag::unset_tags(catalog, target, &resolved)
}

fn unsupported(alter: &Alter) -> SqlError {
    SqlError::unsupported(format!(
        "This ALTER action is not supported for a {}.",
        alter.kind.sql()
    ))
}
