//! What a kind kept by one module provides — [`SandboxKind`] in a schema,
//! [`OverloadedKind`] in a schema when overloads share a name, [`OuterKind`] outside
//! schemas (in the account or in a database) — and the catalog's expansion of the
//! registry (`sandbox/registry.rs`): the kind modules, their maps in every schema
//! ([`Objects`](super::Objects)), every database (`DatabaseObjects`) and the account
//! (`AccountObjects`), their `SchemaObject` / [`OverloadedObject`] / [`OuterObject`]
//! impls, the name-level operations of overloaded kinds (by signature) and of kinds
//! outside schemas (get, insert, remove, rename) and the `with_schema_object!` /
//! `with_module_kind!` / `with_overloaded_kind!` / `with_outer_kind!` dispatch the
//! engine, SHOW and DESCRIBE go through.
//!
//! A kind's grammar is read here, above the parser: the parser keeps a registered kind's
//! CREATE body and ALTER action as a [`crate::sandbox::statement::Tail`], and the engine
//! reads it with [`SandboxKind::parse_create`] / [`SandboxKind::parse_alter`] before it
//! resolves a name or touches the catalog, so a syntax error still comes first.

use std::collections::BTreeMap;

use super::rows::{DescribeRows, ShowRows};
use super::{Catalog, Created, Meta, Schema, SchemaObject, Stamp, comment_property};
use crate::model::data_type::DataType;
use crate::model::identifier::{Ident, ObjectName};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::alter::{Change, set_or_unset};
use crate::sandbox::statement::inline::Governance;
use crate::sandbox::statement::properties::properties;
use crate::sandbox::statement::{AlterAction, ObjectNoun, Parser, Property, RawName};

/// A table's or view's row access policy and columns, as inline policies change them.
pub(crate) type Governed<'a> = (
    &'a mut Option<(ObjectName, Vec<Ident>)>,
    &'a mut Vec<super::Column>,
);

/// Resolves a name written in a statement against the session (the engine's binder,
/// handed down so the catalog stays below it).
pub(crate) type Names<'a> = dyn Fn(&RawName) -> Result<ObjectName, SqlError> + 'a;

/// A schema-level kind kept by its own module: everything the engine dispatches through
/// besides its SHOW and DESCRIBE rows. RENAME TO, SWAP WITH (tables only, as the parser
/// allows), DROP, `COMMENT ON`, OR REPLACE and IF [NOT] EXISTS are the same for every kind
/// and handled once by the engine, with the hooks below for a kind's own rules.
pub(crate) trait SandboxKind: SchemaObject + ShowRows + DescribeRows + Clone {
    /// CREATE's body after the name, as read.
    type Create;
    /// An ALTER action of the kind's own, as read.
    type Alter;

    /// Reads CREATE's body after the name; it must end the statement.
    fn parse_create(p: &mut Parser<'_>) -> Result<Self::Create, SqlError>;

    /// Reads an ALTER action after the name (anything but RENAME TO).
    fn parse_alter(p: &mut Parser<'_>) -> Result<Self::Alter, SqlError>;

    /// The new object, checked against the catalog (`names` resolves names in the body).
    /// The engine has already checked the name is free (or OR REPLACE) and stores it.
    fn create(
        catalog: &mut Catalog,
        name: &ObjectName,
        meta: Meta,
        body: Self::Create,
        names: &Names<'_>,
    ) -> Result<Self, SqlError>;

    /// The governance clauses the body wrote inline (`[ WITH ] TAG`, `ROW ACCESS POLICY`,
    /// a column's `MASKING POLICY` and `TAG`): none for a kind whose CREATE takes none.
    /// The engine applies them as ALTER's would (`engine/ddl/inline.rs`).
    fn inline(_body: &Self::Create) -> Governance {
        Governance::default()
    }

    /// Where inline policies land on a built object: its row access policy and its
    /// columns. `None` for a kind that takes no policies.
    fn governed(&mut self) -> Option<Governed<'_>> {
        None
    }

    /// Applies an ALTER action to a copy of the object stored under `name` at `now`
    /// (`names` resolves the names the action writes, as a view's row access policy); the
    /// engine stores it only when this succeeds.
    fn alter(
        &mut self,
        catalog: &Catalog,
        name: &ObjectName,
        action: Self::Alter,
        now: Stamp,
        names: &Names<'_>,
    ) -> Result<(), SqlError>;

    /// Applies an ALTER action to the object stored under `name`: by default
    /// [`SandboxKind::alter`] on a copy, stored only when it succeeds. A kind whose actions
    /// change the catalog beyond the object overrides it, keeping that all-or-nothing rule
    /// (a table's constraints name other tables; its column tags and policies are kept by
    /// the catalog).
    fn alter_stored(
        catalog: &mut Catalog,
        name: &ObjectName,
        action: Self::Alter,
        now: Stamp,
        names: &Names<'_>,
    ) -> Result<(), SqlError> {
        let mut copy = catalog.get::<Self>(name)?.clone();
        copy.alter(catalog, name, action, now, names)?;
        *catalog.get_mut::<Self>(name)? = copy;
        Ok(())
    }

    /// A generic verb the parser allowed the kind (SUSPEND, RESUME: `statement/alter.rs`),
    /// on a copy as [`SandboxKind::alter`].
    fn verb(
        &mut self,
        _catalog: &Catalog,
        _name: &ObjectName,
        _action: &AlterAction,
        _now: Stamp,
    ) -> Result<(), SqlError> {
        Err(SqlError::unsupported(format!(
            "This ALTER action is not supported for a {}.",
            Self::KIND.sql()
        )))
    }

    /// `COMMENT ON <kind> … IS '…'`, which arrives as a SET of COMMENT, on a copy as
    /// [`SandboxKind::alter`]. A kind whose comment is one of its properties (a task's,
    /// refused while its graph runs) applies it as its own SET.
    fn comment_on(
        &mut self,
        _catalog: &Catalog,
        _name: &ObjectName,
        properties: &[Property],
        _now: Stamp,
    ) -> Result<(), SqlError> {
        for property in properties {
            if !comment_property(self.meta_mut(), property)? {
                return Err(SqlError::invalid_property(&property.key, Self::KIND.sql()));
            }
        }
        Ok(())
    }

    /// `COMMENT ON COLUMN <name>.<column> IS '…'` (the parser makes it for tables only),
    /// on the object stored under `name`.
    fn comment_on_column(
        _catalog: &mut Catalog,
        _name: &ObjectName,
        _column: &Ident,
        _comment: &str,
        _names: &Names<'_>,
    ) -> Result<(), SqlError> {
        Err(SqlError::unsupported(format!(
            "This ALTER action is not supported for a {}.",
            Self::KIND.sql()
        )))
    }

    /// Checked before CREATE (before its existence rules) and RENAME TO give the kind the
    /// name `name`: a kind sharing its namespace with others refuses a name one of them
    /// holds (a view, the name of a table).
    fn check_name(_catalog: &Catalog, _name: &ObjectName) -> Result<(), SqlError> {
        Ok(())
    }

    /// Checked before CREATE OR REPLACE replaces the existing object `name` (a task of a
    /// running graph cannot be).
    fn check_replace(_catalog: &Catalog, _name: &ObjectName) -> Result<(), SqlError> {
        Ok(())
    }

    /// Checked before DROP removes the existing object `name`: a kind whose objects stay
    /// referenced elsewhere refuses here (a policy still set on a column).
    fn check_drop(_catalog: &Catalog, _name: &ObjectName) -> Result<(), SqlError> {
        Ok(())
    }

    /// After DROP removed the object `name` at `now`: what referred to it lets go (a
    /// task's children lose it as a predecessor).
    fn dropped(_catalog: &mut Catalog, _name: &ObjectName, _now: Stamp) {}

    /// DROP of the object `name` at `now`, by DROP's rules (`Ok(false)` when missing under
    /// IF EXISTS): by default [`SandboxKind::check_drop`], the removal and
    /// [`SandboxKind::dropped`]. A kind that keeps what it drops overrides it (a table is
    /// kept for UNDROP for its retention period, its streams go stale).
    fn remove(
        catalog: &mut Catalog,
        name: &ObjectName,
        if_exists: bool,
        now: Stamp,
    ) -> Result<bool, SqlError> {
        if catalog.find::<Self>(name).is_some() {
            Self::check_drop(catalog, name)?;
        }
        let removed = catalog.remove::<Self>(name, if_exists)?.is_some();
        if removed {
            Self::dropped(catalog, name, now);
        }
        Ok(removed)
    }

    /// After RENAME TO moved the object from `from` to `to`: what refers to it follows.
    fn renamed(_catalog: &mut Catalog, _from: &ObjectName, _to: &ObjectName) {}
}

/// A registered kind whose CREATE body is a property list and whose ALTER actions are
/// `SET <properties>` / `UNSET <keys>` (stages, file formats): it supplies only how its
/// properties apply and gets its [`SandboxKind`] from that.
pub(crate) trait PropertyKind: SchemaObject + ShowRows + DescribeRows + Clone {
    /// The new object from CREATE's properties; `name` is where it will be stored.
    fn build(
        catalog: &Catalog,
        name: &ObjectName,
        meta: Meta,
        properties: &[Property],
    ) -> Result<Self, SqlError>;

    /// `ALTER … SET` on the object stored under `name`.
    fn set_properties(
        &mut self,
        catalog: &Catalog,
        name: &ObjectName,
        properties: &[Property],
    ) -> Result<(), SqlError>;

    /// `ALTER … UNSET`.
    fn unset_properties(&mut self, keys: &[String]) -> Result<(), SqlError>;
}

impl<T: PropertyKind> SandboxKind for T {
    type Create = Vec<Property>;
    type Alter = Change;

    fn parse_create(p: &mut Parser<'_>) -> Result<Vec<Property>, SqlError> {
        properties(p)
    }

    fn parse_alter(p: &mut Parser<'_>) -> Result<Change, SqlError> {
        set_or_unset(p)?.ok_or_else(|| p.error())
    }

    fn create(
        catalog: &mut Catalog,
        name: &ObjectName,
        meta: Meta,
        body: Vec<Property>,
        _: &Names<'_>,
    ) -> Result<T, SqlError> {
        T::build(catalog, name, meta, &body)
    }

    fn alter(
        &mut self,
        catalog: &Catalog,
        name: &ObjectName,
        action: Change,
        _: Stamp,
        _: &Names<'_>,
    ) -> Result<(), SqlError> {
        match action {
            Change::Set(props) => self.set_properties(catalog, name, &props),
            Change::Unset(keys) => self.unset_properties(&keys),
        }
    }
}

/// A registered schema-level kind whose objects are named by name and argument types:
/// overloads share a name, each entry of the name's list is one signature. Generated from
/// the registry's `overloaded` section.
pub(crate) trait OverloadedObject: Sized {
    const KIND: ObjectNoun;
    fn map(schema: &Schema) -> &BTreeMap<Ident, Vec<Self>>;
    fn map_mut(schema: &mut Schema) -> &mut BTreeMap<Ident, Vec<Self>>;
    fn meta(&self) -> &Meta;
}

/// An overloaded kind kept by its own module (procedures): the grammar of its CREATE body
/// and ALTER actions and applying them to one overload, its argument types and its
/// DESCRIBE answer. The catalog keeps, finds, renames and drops an overload by its
/// signature the same way for every such kind; RENAME TO, DROP, `COMMENT ON`, OR REPLACE
/// and IF [NOT] EXISTS are handled once by the engine.
pub(crate) trait OverloadedKind: OverloadedObject + ShowRows + Clone {
    /// CREATE's body after the name, as read.
    type Create;
    /// An ALTER action of the kind's own, as read.
    type Alter;

    /// Reads CREATE's body after the name (argument list included); it must end the
    /// statement.
    fn parse_create(p: &mut Parser<'_>) -> Result<Self::Create, SqlError>;

    /// Reads an ALTER action after the name and argument types (anything but RENAME TO).
    fn parse_alter(p: &mut Parser<'_>) -> Result<Self::Alter, SqlError>;

    /// The new overload, its body checked first; `meta` makes its metadata (with the
    /// comment CREATE gave) once the body is accepted. The engine stores it by CREATE's
    /// rules.
    fn create(
        body: Self::Create,
        meta: &mut dyn FnMut(Option<String>) -> Meta,
    ) -> Result<Self, SqlError>;

    /// What the new overload must satisfy of the catalog before it is stored (a SQL
    /// function's body compiles against it); nothing by default.
    fn check(&self, _catalog: &Catalog, _name: &ObjectName) -> Result<(), SqlError> {
        Ok(())
    }

    /// Applies an ALTER action to a copy of the overload; the engine stores it only when
    /// this succeeds.
    fn alter(&mut self, action: Self::Alter) -> Result<(), SqlError>;

    /// `COMMENT ON <kind> name(types) IS '…'`, which arrives as a SET of COMMENT.
    fn set_comment(&mut self, properties: &[Property]) -> Result<(), SqlError>;

    /// The argument types, the signature the overload is found by.
    fn types(&self) -> Vec<DataType>;

    /// The argument types a CREATE body declares: the overload it makes or replaces.
    fn created_types(body: &Self::Create) -> Vec<DataType>;

    /// `DESCRIBE <kind> name(types)`.
    fn describe(&self) -> QueryResult;
}

/// The type name signatures print (SHOW PROCEDURES, "does not exist" messages): the type
/// without its parameters (`NUMBER`, `VARCHAR`, `TIMESTAMP_NTZ`).
pub(crate) fn signature_type(data_type: &DataType) -> String {
    data_type.in_signature()
}

/// `NAME(NUMBER, VARCHAR)`: how Snowflake names one overload.
pub(crate) fn signature(name: &Ident, types: &[DataType]) -> String {
    let types: Vec<String> = types.iter().map(signature_type).collect();
    format!("{}({})", name.to_sql(), types.join(", "))
}

/// Signatures match when the argument types match after dropping their parameters, as
/// Snowflake resolves overloads by type family (`VARCHAR(10)` and `STRING` are one).
fn same_signature(a: &[DataType], b: &[DataType]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| signature_type(x) == signature_type(y))
}

fn missing<T: OverloadedObject>(name: &ObjectName, types: &[DataType]) -> SqlError {
    let types: Vec<String> = types.iter().map(signature_type).collect();
    SqlError::does_not_exist(T::KIND.noun(), &format!("{name}({})", types.join(", ")))
}

impl Catalog {
    /// Stores `object` under `name` and its signature following CREATE's rules.
    pub(crate) fn insert_overload<T: OverloadedKind>(
        &mut self,
        name: &ObjectName,
        object: T,
        or_replace: bool,
        if_not_exists: bool,
    ) -> Result<Created<T>, SqlError> {
        let types = object.types();
        let schema = self.writable_schema(&name.schema_name())?;
        let overloads = T::map_mut(schema).entry(name.name.clone()).or_default();
        match overloads
            .iter()
            .position(|p| same_signature(&p.types(), &types))
        {
            Some(_) if if_not_exists => Ok(Created::Kept),
            Some(_) if !or_replace => Err(SqlError::already_exists(&signature(&name.name, &types))),
            Some(i) => Ok(Created::Replaced(std::mem::replace(
                &mut overloads[i],
                object,
            ))),
            None => {
                overloads.push(object);
                Ok(Created::New)
            }
        }
    }

    /// The overload of `name` taking `types`, or Snowflake's "does not exist" naming the
    /// signature.
    pub(crate) fn overload<T: OverloadedKind>(
        &self,
        name: &ObjectName,
        types: &[DataType],
    ) -> Result<&T, SqlError> {
        T::map(self.schema(&name.schema_name())?)
            .get(&name.name)
            .and_then(|o| o.iter().find(|p| same_signature(&p.types(), types)))
            .ok_or_else(|| missing::<T>(name, types))
    }

    pub(crate) fn overload_mut<T: OverloadedKind>(
        &mut self,
        name: &ObjectName,
        types: &[DataType],
    ) -> Result<&mut T, SqlError> {
        let schema = self.schema_mut(&name.schema_name())?;
        T::map_mut(schema)
            .get_mut(&name.name)
            .and_then(|o| o.iter_mut().find(|p| same_signature(&p.types(), types)))
            .ok_or_else(|| missing::<T>(name, types))
    }

    /// DROP's rules for one overload; `Ok(false)` when missing under IF EXISTS.
    pub(crate) fn remove_overload<T: OverloadedKind>(
        &mut self,
        name: &ObjectName,
        types: &[DataType],
        if_exists: bool,
    ) -> Result<bool, SqlError> {
        let schema = match self.schema_mut(&name.schema_name()) {
            Ok(schema) => schema,
            Err(_) if if_exists => return Ok(false),
            Err(e) => return Err(e),
        };
        let map = T::map_mut(schema);
        let Some(overloads) = map.get_mut(&name.name) else {
            return if if_exists {
                Ok(false)
            } else {
                Err(missing::<T>(name, types))
            };
        };
        let Some(i) = overloads
            .iter()
            .position(|p| same_signature(&p.types(), types))
        else {
            return if if_exists {
                Ok(false)
            } else {
                Err(missing::<T>(name, types))
            };
        };
        overloads.remove(i);
        if overloads.is_empty() {
            map.remove(&name.name);
        }
        Ok(true)
    }

    /// `ALTER … RENAME TO` of one overload: the new name must not have that signature.
    pub(crate) fn rename_overload<T: OverloadedKind>(
        &mut self,
        from: &ObjectName,
        types: &[DataType],
        to: &ObjectName,
    ) -> Result<(), SqlError> {
        let object = self.overload::<T>(from, types)?.clone();
        if let Ok(Some(_)) = self.schema(&to.schema_name()).map(|s| {
            T::map(s)
                .get(&to.name)
                .and_then(|o| o.iter().find(|p| same_signature(&p.types(), types)))
        }) {
            return Err(SqlError::already_exists(&signature(
                &to.name,
                &object.types(),
            )));
        }
        self.insert_overload(to, object, false, false)?;
        self.remove_overload::<T>(from, types, false)?;
        Ok(())
    }
}

/// The name of an object outside any schema: its database for a database-level kind
/// (`None` for an account-level one) and its own name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct OuterName {
    pub(crate) database: Option<Ident>,
    pub(crate) name: Ident,
}

impl std::fmt::Display for OuterName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(database) = &self.database {
            write!(f, "{}.", database.to_sql())?;
        }
        write!(f, "{}", self.name.to_sql())
    }
}

/// A registered kind kept outside schemas, in the account or in every database: where its
/// map is. Generated from the registry's `database` and `account` sections.
pub(crate) trait OuterObject: Sized {
    const KIND: ObjectNoun;
    /// True for a kind kept per database; false for one kept once in the account.
    const IN_DATABASE: bool;
    /// The map `database` holds (a database-level kind) or the account's map.
    fn map<'a>(
        catalog: &'a Catalog,
        database: Option<&Ident>,
    ) -> Result<&'a BTreeMap<Ident, Self>, SqlError>;
    fn map_mut<'a>(
        catalog: &'a mut Catalog,
        database: Option<&Ident>,
    ) -> Result<&'a mut BTreeMap<Ident, Self>, SqlError>;
    fn meta(&self) -> &Meta;
    fn meta_mut(&mut self) -> &mut Meta;
}

/// A kind kept outside schemas (warehouses, integrations, users; database roles) by its
/// own module: CREATE's body is a property list, ALTER sets and unsets properties or runs
/// one of the verbs the parser allows the kind (SUSPEND, RESUME …). RENAME TO, DROP,
/// `COMMENT ON`, OR REPLACE and IF [NOT] EXISTS are the same for every kind and handled
/// once by the engine; the SHOW clauses (LIKE, STARTS WITH, LIMIT … FROM) once by SHOW.
pub(crate) trait OuterKind: OuterObject + Clone {
    /// SHOW's output columns in Snowflake's order: name and SQL API rowType type.
    const COLUMNS: &'static [(&'static str, &'static str)];

    /// Reads CREATE's body after the name: a property list unless the kind says more.
    fn parse_create(p: &mut Parser<'_>) -> Result<Vec<Property>, SqlError> {
        properties(p)
    }

    /// The new object from CREATE's properties; `name` is where it will be stored. The
    /// engine has already read the body and stores the object by CREATE's rules.
    fn build(
        catalog: &Catalog,
        name: &OuterName,
        meta: Meta,
        properties: &[Property],
    ) -> Result<Self, SqlError>;

    /// `ALTER … SET` (and `COMMENT ON`) on a copy the engine stores when this succeeds.
    fn set_properties(
        &mut self,
        catalog: &Catalog,
        properties: &[Property],
    ) -> Result<(), SqlError>;

    /// `ALTER … UNSET`, on a copy as [`OuterKind::set_properties`].
    fn unset_properties(&mut self, keys: &[String]) -> Result<(), SqlError>;

    /// Any other ALTER action the parser allowed the kind (`SUSPEND`, `RESUME`), on a
    /// copy as [`OuterKind::set_properties`].
    fn verb(&mut self, _name: &OuterName, _action: &AlterAction) -> Result<(), SqlError> {
        Err(SqlError::unsupported(format!(
            "This ALTER action is not supported for a {}.",
            Self::KIND.sql()
        )))
    }

    /// Checked before DROP removes, or CREATE OR REPLACE replaces, the existing object
    /// `name`: a kind whose objects stay referenced refuses here (a network policy set on
    /// a user).
    fn check_drop(_catalog: &Catalog, _name: &OuterName) -> Result<(), SqlError> {
        Ok(())
    }

    /// Resolves the names the object's properties wrote (a network policy's rules) in the
    /// session's context, checking what they name exists; called after
    /// [`OuterKind::build`] and [`OuterKind::set_properties`]. Nothing for most kinds.
    fn resolve(&mut self, _catalog: &Catalog, _names: &Names<'_>) -> Result<(), SqlError> {
        Ok(())
    }

    /// One SHOW row, a cell per column of [`OuterKind::COLUMNS`].
    fn row(
        catalog: &Catalog,
        session: &SqlSession,
        name: &OuterName,
        object: &Self,
    ) -> Vec<Option<String>>;

    /// `DESCRIBE <kind> <name>`.
    fn describe(catalog: &Catalog, name: &OuterName, object: &Self) -> QueryResult;
}

impl Catalog {
    /// The object stored under `name`, or Snowflake's "does not exist".
    pub(crate) fn outer<T: OuterObject>(&self, name: &OuterName) -> Result<&T, SqlError> {
        T::map(self, name.database.as_ref())?
            .get(&name.name)
            .ok_or_else(|| SqlError::does_not_exist(T::KIND.noun(), &name.to_string()))
    }

    pub(crate) fn outer_mut<T: OuterObject>(
        &mut self,
        name: &OuterName,
    ) -> Result<&mut T, SqlError> {
        T::map_mut(self, name.database.as_ref())?
            .get_mut(&name.name)
            .ok_or_else(|| SqlError::does_not_exist(T::KIND.noun(), &name.to_string()))
    }

    /// Stores `object` under `name` following CREATE's rules: an existing object is an
    /// error (002002), replaced with OR REPLACE, or kept with IF NOT EXISTS.
    pub(crate) fn insert_outer<T: OuterObject>(
        &mut self,
        name: &OuterName,
        object: T,
        or_replace: bool,
        if_not_exists: bool,
    ) -> Result<Created<T>, SqlError> {
        let map = T::map_mut(self, name.database.as_ref())?;
        match map.get(&name.name) {
            Some(_) if if_not_exists => Ok(Created::Kept),
            Some(_) if !or_replace => Err(SqlError::already_exists(&name.name.to_sql())),
            _ => Ok(match map.insert(name.name.clone(), object) {
                Some(old) => Created::Replaced(old),
                None => Created::New,
            }),
        }
    }

    /// DROP's rules; `Ok(false)` when missing under IF EXISTS.
    pub(crate) fn remove_outer<T: OuterObject>(
        &mut self,
        name: &OuterName,
        if_exists: bool,
    ) -> Result<bool, SqlError> {
        let map = match T::map_mut(self, name.database.as_ref()) {
            Ok(map) => map,
            Err(_) if if_exists => return Ok(false),
            Err(e) => return Err(e),
        };
        match map.remove(&name.name) {
            Some(_) => Ok(true),
            None if if_exists => Ok(false),
            None => Err(SqlError::does_not_exist(T::KIND.noun(), &name.to_string())),
        }
    }

    /// `ALTER … RENAME TO`: the object must exist and the new name be free; both names are
    /// in the same database.
    pub(crate) fn rename_outer<T: OuterObject>(
        &mut self,
        from: &OuterName,
        to: &Ident,
    ) -> Result<(), SqlError> {
        let map = T::map_mut(self, from.database.as_ref())?;
        if !map.contains_key(&from.name) {
            return Err(SqlError::does_not_exist(T::KIND.noun(), &from.to_string()));
        }
        if map.contains_key(to) {
            return Err(SqlError::already_exists(&to.to_sql()));
        }
        if let Some(object) = map.remove(&from.name) {
            map.insert(to.clone(), object);
        }
        Ok(())
    }
}

/// The catalog's expansion of the registry, invoked once in `catalog/mod.rs` as
/// `module_kinds!(catalog_kinds $)` (the `$` lets it define the dispatch macros).
macro_rules! catalog_kinds {
    ($d:tt
        schema: [$(
            $variant:ident {
                module: $module:ident, type: $type:ident, field: $field:ident,
                noun: $noun:literal, sql: $sql:literal, label: $label:literal,
                words: [$($word:literal),+], plural: [$($plural:literal),+] $(,)?
            }
        ),* $(,)?],
        overloaded: [$(
            $o_variant:ident {
                module: $o_module:ident, type: $o_type:ident, field: $o_field:ident,
                noun: $o_noun:literal, sql: $o_sql:literal, label: $o_label:literal,
                words: [$($o_word:literal),+], plural: [$($o_plural:literal),+],
                show_prefixes: [$($o_prefix:literal),*] $(,)?
            }
        ),* $(,)?],
        database: [$(
            $d_variant:ident {
                module: $d_module:ident, type: $d_type:ident, field: $d_field:ident,
                noun: $d_noun:literal, sql: $d_sql:literal,
                words: [$($d_word:literal),+], plural: [$($d_plural:literal),+],
                prefixes: [$($d_prefix:literal),*] $(,)?
            }
        ),* $(,)?],
        account: [$(
            $a_variant:ident {
                module: $a_module:ident, type: $a_type:ident, field: $a_field:ident,
                noun: $a_noun:literal, sql: $a_sql:literal,
                words: [$($a_word:literal),+], plural: [$($a_plural:literal),+],
                prefixes: [$($a_prefix:literal),*] $(,)?
            }
        ),* $(,)?] $(,)?
    ) => {
        $(pub(crate) mod $module;)*
        $(pub(crate) use $module::$type;)*
        $(pub(crate) mod $o_module;)*
        $(pub(crate) use $o_module::$o_type;)*
        $(pub(crate) mod $d_module;)*
        $(pub(crate) use $d_module::$d_type;)*
        $(pub(crate) mod $a_module;)*
        $(pub(crate) use $a_module::$a_type;)*

        /// The registered kinds' objects in one schema: one map per kind, serialized under
        /// the kind's field name.
        #[derive(Clone, Debug, Default, Serialize, Deserialize)]
        pub(crate) struct Objects {
            $(
                #[serde(default)]
                pub $field: BTreeMap<Ident, $type>,
            )*
            $(
                /// Overloads share a name; each entry is one signature.
                #[serde(default)]
                pub $o_field: BTreeMap<Ident, Vec<$o_type>>,
            )*
        }

        impl Objects {
            /// Every registered object's metadata, for clones that give each a new
            /// identity.
            pub(crate) fn metas_mut(&mut self) -> Vec<&mut Meta> {
                let mut metas = Vec::new();
                $(metas.extend(self.$field.values_mut().map(|o| &mut o.meta));)*
                $(metas.extend(self.$o_field.values_mut().flatten().map(|o| &mut o.meta));)*
                metas
            }

            /// Every registered object as DESCRIBE SCHEMA lists it: its kind label, name
            /// and metadata, kind by kind in registry order.
            pub(crate) fn listing(&self) -> Vec<(&'static str, &Ident, &Meta)> {
                let mut all = Vec::new();
                $(all.extend(self.$field.iter().map(|(name, o)| ($label, name, &o.meta)));)*
                all
            }

            /// Every overload as DESCRIBE SCHEMA lists it (one row per signature), apart
            /// from [`Objects::listing`], which the grants read (overloads have none here).
            pub(crate) fn overload_listing(&self) -> Vec<(&'static str, &Ident, &Meta)> {
                let mut all = Vec::new();
                $(all.extend(self.$o_field.iter().flat_map(|(name, overloads)| {
                    overloads.iter().map(move |o| ($o_label, name, &o.meta))
                }));)*
                all
            }
        }

        /// The registered database-level kinds' objects in one database: one map per
        /// kind, serialized under the kind's field name.
        #[derive(Clone, Debug, Default, Serialize, Deserialize)]
        pub(crate) struct DatabaseObjects {
            $(
                #[serde(default)]
                pub $d_field: BTreeMap<Ident, $d_type>,
            )*
        }

        impl DatabaseObjects {
            /// Every registered object's metadata, for clones that give each a new
            /// identity.
            pub(crate) fn metas_mut(&mut self) -> Vec<&mut Meta> {
                #[allow(unused_mut)]
                let mut metas = Vec::new();
                $(metas.extend(self.$d_field.values_mut().map(|o| &mut o.meta));)*
                metas
            }
        }

        /// The registered account-level kinds' objects: one map per kind, serialized
        /// under the kind's field name.
        #[derive(Clone, Debug, Default, Serialize, Deserialize)]
        pub(crate) struct AccountObjects {
            $(
                #[serde(default)]
                pub $a_field: BTreeMap<Ident, $a_type>,
            )*
        }

        $(schema_object!($type, $variant, objects.$field);)*

        $(
            impl kind::OverloadedObject for $o_type {
                const KIND: ObjectNoun = ObjectNoun::$o_variant;
                fn map(schema: &Schema) -> &BTreeMap<Ident, Vec<Self>> {
                    &schema.objects.$o_field
                }
                fn map_mut(schema: &mut Schema) -> &mut BTreeMap<Ident, Vec<Self>> {
                    &mut schema.objects.$o_field
                }
                fn meta(&self) -> &Meta {
                    &self.meta
                }
            }
        )*

        $(
            impl kind::OuterObject for $d_type {
                const KIND: ObjectNoun = ObjectNoun::$d_variant;
                const IN_DATABASE: bool = true;
                // The engine always resolves a database for a database-level kind.
                fn map<'a>(
                    catalog: &'a Catalog,
                    database: Option<&Ident>,
                ) -> Result<&'a BTreeMap<Ident, Self>, SqlError> {
                    let database = database.ok_or_else(|| SqlError::unsupported($d_sql))?;
                    Ok(&catalog.database(database)?.objects.$d_field)
                }
                fn map_mut<'a>(
                    catalog: &'a mut Catalog,
                    database: Option<&Ident>,
                ) -> Result<&'a mut BTreeMap<Ident, Self>, SqlError> {
                    let database = database.ok_or_else(|| SqlError::unsupported($d_sql))?;
                    Ok(&mut catalog.database_mut(database)?.objects.$d_field)
                }
                fn meta(&self) -> &Meta {
                    &self.meta
                }
                fn meta_mut(&mut self) -> &mut Meta {
                    &mut self.meta
                }
            }
        )*

        $(
            impl kind::OuterObject for $a_type {
                const KIND: ObjectNoun = ObjectNoun::$a_variant;
                const IN_DATABASE: bool = false;
                fn map<'a>(
                    catalog: &'a Catalog,
                    _: Option<&Ident>,
                ) -> Result<&'a BTreeMap<Ident, Self>, SqlError> {
                    Ok(&catalog.account.$a_field)
                }
                fn map_mut<'a>(
                    catalog: &'a mut Catalog,
                    _: Option<&Ident>,
                ) -> Result<&'a mut BTreeMap<Ident, Self>, SqlError> {
                    Ok(&mut catalog.account.$a_field)
                }
                fn meta(&self) -> &Meta {
                    &self.meta
                }
                fn meta_mut(&mut self) -> &mut Meta {
                    &mut self.meta
                }
            }
        )*

        /// Dispatch over every schema-level kind kept through [`SchemaObject`]:
        /// `with_schema_object!(kind, T => body, other => fallback, …)` evaluates `body`
        /// with the type alias `T` bound to `kind`'s type, and the fallback arms (match
        /// arms) for every other kind. The DDL and DESCRIBE dispatch through it.
        macro_rules! with_schema_object {
            ($d kind:expr, $d T:ident => $d body:expr, $d($d other:pat => $d fallback:expr),+ $d(,)?) => {{
                use $crate::sandbox::statement::ObjectNoun as Kind;
                match $d kind {
                    $(Kind::$variant => { type $d T = $crate::sandbox::catalog::$type; $d body },)*
                    $d($d other => $d fallback,)+
                }
            }};
        }
        pub(crate) use with_schema_object;

        /// Dispatch over the registered schema-level kinds only, whose types implement
        /// [`SandboxKind`](kind::SandboxKind): `with_module_kind!(kind, T => body, other =>
        /// fallback, …)`, as [`with_schema_object!`].
        macro_rules! with_module_kind {
            ($d kind:expr, $d T:ident => $d body:expr, $d($d other:pat => $d fallback:expr),+ $d(,)?) => {{
                use $crate::sandbox::statement::ObjectNoun as Kind;
                match $d kind {
                    $(Kind::$variant => { type $d T = $crate::sandbox::catalog::$type; $d body },)*
                    $d($d other => $d fallback,)+
                }
            }};
        }
        pub(crate) use with_module_kind;

        /// Dispatch over the registered overloaded kinds, whose types implement
        /// [`OverloadedKind`](kind::OverloadedKind): `with_overloaded_kind!(kind, T =>
        /// body, other => fallback, …)`, as [`with_schema_object!`].
        macro_rules! with_overloaded_kind {
            ($d kind:expr, $d T:ident => $d body:expr, $d($d other:pat => $d fallback:expr),+ $d(,)?) => {{
                use $crate::sandbox::statement::ObjectNoun as Kind;
                match $d kind {
                    $(Kind::$o_variant => { type $d T = $crate::sandbox::catalog::$o_type; $d body },)*
                    $d($d other => $d fallback,)+
                }
            }};
        }
        pub(crate) use with_overloaded_kind;

        /// Dispatch over the registered kinds outside schemas (database- and
        /// account-level), whose types implement [`OuterKind`](kind::OuterKind):
        /// `with_outer_kind!(kind, T => body, other => fallback, …)`, as
        /// [`with_schema_object!`].
        macro_rules! with_outer_kind {
            ($d kind:expr, $d T:ident => $d body:expr, $d($d other:pat => $d fallback:expr),+ $d(,)?) => {{
                use $crate::sandbox::statement::ObjectNoun as Kind;
                match $d kind {
                    $(Kind::$d_variant => { type $d T = $crate::sandbox::catalog::$d_type; $d body },)*
                    $(Kind::$a_variant => { type $d T = $crate::sandbox::catalog::$a_type; $d body },)*
                    $d($d other => $d fallback,)+
                }
            }};
        }
        pub(crate) use with_outer_kind;
    };
}
pub(crate) use catalog_kinds;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_drop_type_parameters() {
        let t = |s: &str| DataType::parse(s).unwrap();
        assert_eq!(signature_type(&t("NUMBER(38,0)")), "NUMBER");
        assert_eq!(signature_type(&t("string")), "VARCHAR");
        assert_eq!(signature_type(&t("timestamp_ntz")), "TIMESTAMP_NTZ");
        assert!(same_signature(&[t("VARCHAR(10)")], &[t("STRING")]));
        assert!(!same_signature(&[t("INT")], &[t("STRING")]));
    }
}
