//! Executing access-control statements against the catalog's roles and grants
//! (`catalog/access.rs` holds the data and the rules it follows), roles granted to users
//! included, and the SHOW ROLES, SHOW DATABASE ROLES, SHOW GRANTS and SHOW FUTURE GRANTS
//! answers.

use crate::model::data_type::DataType;
use crate::model::identifier::{Ident, SchemaName};
use crate::model::privilege::{ObjectType, canonical};
use crate::sandbox::binder::{self, database_role_name};
use crate::sandbox::catalog::access::{
    ACCOUNT_NAME, DatabaseRoleUser, FutureGrant, Grant, Grantee, Role, SYSTEM_ROLES, UserRole,
};
use crate::sandbox::catalog::data_metric_function::{DataMetricFunction, check_signature};
use crate::sandbox::catalog::function::{Function, Returns};
use crate::sandbox::catalog::procedure::Procedure;
use crate::sandbox::catalog::rows::{columns, comment, flag, stamp, text};
use crate::sandbox::catalog::{Catalog, Meta, Origin, Stamp};
use crate::sandbox::catalog::{OverloadedKind, OverloadedObject, SchemaObject, Task};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::ObjectNoun;
use crate::sandbox::statement::RawName;
use crate::sandbox::statement::access::{
    Access as Statement, CurrentGrants, DatabaseRoleAlter, On, RoleAlter, RoleRef, ShowAccess,
    Within,
};
use crate::sandbox::statement::alter::TagChange;

fn joined(parts: &[Ident]) -> String {
    parts
        .iter()
        .map(Ident::as_str)
        .collect::<Vec<_>>()
        .join(".")
}

/// 003111 *(chosen: the docs name no code or text)*: a privilege that does not exist for
/// the object type.
fn invalid_privilege(privilege: &str, on: ObjectType) -> SqlError {
    SqlError::new(
        "003111",
        "42601",
        format!(
            "SQL compilation error:\nInvalid privilege {privilege} on {}.",
            on.keyword()
        ),
    )
}

fn is_system(role: &Ident) -> bool {
    SYSTEM_ROLES.contains(&role.as_str())
}

/// An object a grant names: its type, its parts and (a routine's) signature.
type OneObject = (ObjectType, Vec<Ident>, Vec<String>);

impl Catalog {
    fn grantee(&self, role: &RoleRef, session: &SqlSession) -> Result<Grantee, SqlError> {
        match role {
            RoleRef::Role(r) => {
                if !self.role_exists(r) {
                    return Err(SqlError::does_not_exist("Role", r.as_str()));
                }
                Ok(Grantee::Role(r.clone()))
            }
            RoleRef::DatabaseRole(raw) => {
                let (d, r) = database_role_name(raw, session)?;
                self.database(&d)?;
                if !self
                    .access
                    .database_roles
                    .get(&d)
                    .is_some_and(|m| m.contains_key(&r))
                {
                    return Err(SqlError::does_not_exist(
                        "Database role",
                        &format!("{}.{}", d.as_str(), r.as_str()),
                    ));
                }
                Ok(Grantee::DatabaseRole(d, r))
            }
        }
    }

    /// The parts of an existing object of type `t`, or Snowflake's "does not exist".
    fn securable(
        &self,
        t: ObjectType,
        raw: &RawName,
        session: &SqlSession,
    ) -> Result<Vec<Ident>, SqlError> {
        let missing = |name: String| SqlError::does_not_exist(&noun(t), &name);
        match t.parts() {
            1 => {
                let name = raw.last().clone();
                if raw.parts.len() != 1 {
                    return Err(missing(raw.to_string()));
                }
                let found = match t {
                    ObjectType::Database => self.databases.contains_key(&name),
                    ObjectType::Warehouse => self.account.warehouses.contains_key(&name),
                    ObjectType::Integration => self.account.integrations.contains_key(&name),
                    ObjectType::Role => self.role_exists(&name),
                    _ => false,
                };
                if !found {
                    return Err(missing(name.as_str().to_string()));
                }
                Ok(vec![name])
            }
            2 if t == ObjectType::Schema => {
                let s = binder::schema_name(raw, session, "grant")?;
                self.schema(&s)?;
                Ok(vec![s.database, s.schema])
            }
            2 => {
                let (d, r) = database_role_name(raw, session)?;
                self.grantee(&RoleRef::DatabaseRole(raw.clone()), session)?;
                Ok(vec![d, r])
            }
            _ => {
                let name = binder::object_name(raw, session, "grant")?;
                let parts = vec![
                    name.database.clone(),
                    name.schema.clone(),
                    name.name.clone(),
                ];
                let schema = self.schema(&name.schema_name())?;
                if !members(schema, t).contains(&&name.name) {
                    return Err(missing(joined(&parts)));
                }
                Ok(parts)
            }
        }
    }

    /// The parts and signature of an existing procedure or function overload (`t`), or
    /// Snowflake's "does not exist" naming the signature.
    fn routine(
        &self,
        t: ObjectType,
        raw: &RawName,
        types: &[DataType],
        session: &SqlSession,
    ) -> Result<(Vec<Ident>, Vec<String>), SqlError> {
        let name = binder::object_name(raw, session, "grant")?;
        if t == ObjectType::Function {
            self.overload::<Function>(&name, types)?;
        } else {
            self.overload::<Procedure>(&name, types)?;
        }
        Ok((
            vec![name.database, name.schema, name.name],
            types.iter().map(DataType::in_signature).collect(),
        ))
    }

    /// The parts and signature (`["TABLE(NUMBER, VARCHAR)"]`) of an existing data metric
    /// function named with its table argument's types, or "does not exist".
    fn metric(
        &self,
        raw: &RawName,
        types: &[DataType],
        session: &SqlSession,
    ) -> Result<(Vec<Ident>, Vec<String>), SqlError> {
        let name = binder::object_name(raw, session, "grant")?;
        let Some(found) = self.find::<DataMetricFunction>(&name) else {
            let listed: Vec<String> = types.iter().map(DataType::in_signature).collect();
            return Err(SqlError::does_not_exist(
                "Function",
                &format!("{}(TABLE({}))", name.name.to_sql(), listed.join(", ")),
            ));
        };
        check_signature(self, &name, Some(types))?;
        let signature = metric_signature(found);
        Ok((vec![name.database, name.schema, name.name], signature))
    }

    /// The one existing object a GRANT or SHOW GRANTS names — an object, a procedure or
    /// function overload, a data metric function — as its type, parts and signature;
    /// `None` for the account and for ALL / FUTURE, which name no one object.
    fn one_object(&self, on: &On, session: &SqlSession) -> Result<Option<OneObject>, SqlError> {
        Ok(match on {
            On::Object(t, raw) => Some((*t, self.securable(*t, raw, session)?, Vec::new())),
            On::Routine(t, raw, types) => {
                let (name, signature) = self.routine(*t, raw, types, session)?;
                Some((*t, name, signature))
            }
            On::Metric(raw, types) => {
                let (name, signature) = self.metric(raw, types, session)?;
                Some((ObjectType::Function, name, signature))
            }
            On::Account | On::All(..) | On::Future(..) => None,
        })
    }

    /// Every overload of the procedure (`t` PROCEDURE) or function (FUNCTION: user
    /// functions and data metric functions, which GRANT names alike) named by `parts`,
    /// with its signature as grants name it and its metadata.
    pub(super) fn routines(
        &self,
        t: ObjectType,
        parts: &[Ident],
    ) -> Vec<(Vec<String>, &crate::sandbox::catalog::Meta)> {
        let [d, s, n] = parts else {
            return Vec::new();
        };
        let Ok(schema) = self.schema(&SchemaName::new(d.clone(), s.clone())) else {
            return Vec::new();
        };
        let signature = |types: Vec<DataType>| types.iter().map(DataType::in_signature).collect();
        match t {
            ObjectType::Procedure => Procedure::map(schema)
                .get(n)
                .into_iter()
                .flatten()
                .map(|p| (signature(p.types()), &p.meta))
                .collect(),
            ObjectType::Function => {
                let mut found: Vec<(Vec<String>, &crate::sandbox::catalog::Meta)> =
                    Function::map(schema)
                        .get(n)
                        .into_iter()
                        .flatten()
                        .map(|f| (signature(f.types()), &f.meta))
                        .collect();
                if let Some(dmf) = <DataMetricFunction as SchemaObject>::map(schema).get(n) {
                    found.push((metric_signature(dmf), &dmf.meta));
                }
                found
            }
            _ => Vec::new(),
        }
    }

    /// The overloads of the procedure named by `parts`, with their signatures.
    pub(super) fn overloads(&self, parts: &[Ident]) -> Vec<(Vec<String>, &Procedure)> {
        let [d, s, n] = parts else {
            return Vec::new();
        };
        let Ok(schema) = self.schema(&SchemaName::new(d.clone(), s.clone())) else {
            return Vec::new();
        };
        Procedure::map(schema)
            .get(n)
            .into_iter()
            .flatten()
            .map(|p| (p.types().iter().map(DataType::in_signature).collect(), p))
            .collect()
    }

    /// The existing objects of type `t` in a database or schema, each with its signature
    /// (a procedure's argument types; empty for other types): what ON ALL reaches.
    fn objects_with_signatures_in(
        &self,
        t: ObjectType,
        database: &Ident,
        schema: Option<&Ident>,
    ) -> Vec<(Vec<Ident>, Vec<String>)> {
        if !matches!(t, ObjectType::Procedure | ObjectType::Function) {
            return self
                .objects_in(t, database, schema)
                .into_iter()
                .map(|parts| (parts, Vec::new()))
                .collect();
        }
        let Ok(db) = self.database(database) else {
            return Vec::new();
        };
        let mut found = Vec::new();
        for (s, contents) in &db.schemas {
            if schema.is_some_and(|want| want != s) {
                continue;
            }
            let mut names: Vec<&Ident> = if t == ObjectType::Procedure {
                Procedure::map(contents).keys().collect()
            } else {
                Function::map(contents)
                    .keys()
                    .chain(<DataMetricFunction as SchemaObject>::map(contents).keys())
                    .collect()
            };
            names.sort();
            names.dedup();
            for n in names {
                let parts = vec![database.clone(), s.clone(), n.clone()];
                for (signature, _) in self.routines(t, &parts) {
                    found.push((parts.clone(), signature));
                }
            }
        }
        found
    }

    /// The existing objects of type `t` in a database or schema.
    pub(crate) fn objects_in(
        &self,
        t: ObjectType,
        database: &Ident,
        schema: Option<&Ident>,
    ) -> Vec<Vec<Ident>> {
        let Ok(db) = self.database(database) else {
            return Vec::new();
        };
        if t == ObjectType::Schema {
            return db
                .schemas
                .keys()
                .filter(|s| s.as_str() != "INFORMATION_SCHEMA")
                .map(|s| vec![database.clone(), s.clone()])
                .collect();
        }
        db.schemas
            .iter()
            .filter(|(name, _)| schema.is_none_or(|s| s == *name))
            .flat_map(|(name, s)| {
                members(s, t)
                    .into_iter()
                    .map(move |o| vec![database.clone(), name.clone(), o.clone()])
            })
            .collect()
    }

    fn within(
        &self,
        within: &Within,
        session: &SqlSession,
    ) -> Result<(Ident, Option<Ident>), SqlError> {
        match within {
            Within::Database(raw) => {
                let name = raw.last().clone();
                self.database(&name)?;
                Ok((name, None))
            }
            Within::Schema(raw) => {
                let s = binder::schema_name(raw, session, "grant")?;
                self.schema(&s)?;
                Ok((s.database, Some(s.schema)))
            }
        }
    }

    /// The id of each overload of the procedure `raw` names, by signature (none when the
    /// name does not resolve): taken before a CREATE PROCEDURE, to tell the overload it
    /// adds or replaces from the others.
    pub(crate) fn overload_ids(
        &self,
        t: ObjectType,
        raw: &RawName,
        session: &SqlSession,
    ) -> Vec<(Vec<String>, u64)> {
        match binder::object_name(raw, session, "create") {
            Ok(name) => self
                .routines(t, &[name.database, name.schema, name.name])
                .into_iter()
                .map(|(signature, meta)| (signature, meta.id))
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// What a CREATE does to grants, once it has made a new object (`replaced`: it took
    /// the place of an existing one), in one rule for every kind:
    /// * a replaced object is dropped, and its grants with it, unless the statement says
    ///   COPY GRANTS, which keeps "all privileges, except OWNERSHIP" on the new object;
    ///   SHOW GRANTS then names the role that ran the CREATE as their grantor, at the
    ///   statement's time (https://docs.snowflake.com/en/sql-reference/sql/create-table,
    ///   COPY GRANTS; https://docs.snowflake.com/en/sql-reference/sql/create, usage
    ///   notes). The new object is owned by the role that ran the CREATE (its `Meta`).
    ///   Which kinds take COPY GRANTS is the parser's (`statement::create::takes_copy_grants`).
    ///   A replaced schema or database takes the grants on what it held, and its future
    ///   grants, along ([`Catalog::drop_grants_on`]);
    /// * the future grants of its container then apply to the new object, except to a
    ///   table, view or materialized view that replaced one WITH COPY GRANTS: "for
    ///   tables, views, and materialized views, the replacement object inherited future
    ///   grants only when COPY GRANTS was not specified", while streams, functions and
    ///   procedures always inherit them
    ///   (https://docs.snowflake.com/en/release-notes/bcr-bundles/2026_08/bcr-2433, on the
    ///   behaviour before that bundle, which stays disabled by default). The docs are
    ///   silent on dynamic tables and tasks: a dynamic table follows tables here, a task
    ///   streams;
    /// * a table cloned `COPY GRANTS` where no table is replaced (`clone_of`, the source)
    ///   "inherits any explicit access privileges granted on the original table but does
    ///   not inherit any future grants"; replacing one, "the grants are copied from the
    ///   table being replaced" (https://docs.snowflake.com/en/sql-reference/sql/create-clone,
    ///   usage notes).
    pub(crate) fn grants_after_create(
        &mut self,
        kind: ObjectNoun,
        (t, parts): (ObjectType, &[Ident]),
        (replaced, clone_of): (bool, Option<&[Ident]>),
        copy_grants: bool,
        origin: &Origin,
    ) {
        if replaced && !copy_grants {
            self.drop_grants_on(t, parts);
        }
        if replaced && copy_grants {
            for g in self
                .access
                .grants
                .iter_mut()
                .filter(|g| g.on == t && g.name == parts)
            {
                g.granted_by = origin.owner.clone();
                g.created_on = origin.now;
            }
        }
        let cloned = !replaced && copy_grants && clone_of.is_some();
        if let Some(source) = clone_of.filter(|_| cloned) {
            let copies: Vec<Grant> = self
                .access
                .grants
                .iter()
                .filter(|g| g.on == t && g.name == source)
                .map(|g| Grant {
                    name: parts.to_vec(),
                    granted_by: origin.owner.clone(),
                    created_on: origin.now,
                    ..g.clone()
                })
                .collect();
            for grant in copies {
                self.add_grant(grant);
            }
        }
        let table_like = matches!(
            kind,
            ObjectNoun::Table
                | ObjectNoun::View
                | ObjectNoun::MaterializedView
                | ObjectNoun::DynamicTable
        );
        if !((replaced || cloned) && copy_grants && table_like) {
            self.future_grants_on(t, parts, &[], origin);
        }
    }

    /// [`Catalog::grants_after_create`] for CREATE PROCEDURE, FUNCTION and DATA METRIC
    /// FUNCTION (`t`), whose grants are per overload: `before` is
    /// [`Catalog::overload_ids`] taken before it ran. The overload it added or replaced
    /// (the one whose id is new) gets the rule; the others are untouched.
    pub(crate) fn overload_grants_after_create(
        &mut self,
        t: ObjectType,
        raw: &RawName,
        session: &SqlSession,
        before: &[(Vec<String>, u64)],
        copy_grants: bool,
        origin: &Origin,
    ) {
        let Ok(name) = binder::object_name(raw, session, "create") else {
            return;
        };
        let parts = [name.database, name.schema, name.name];
        let made: Vec<Vec<String>> = self
            .routines(t, &parts)
            .into_iter()
            .filter(|(signature, meta)| !before.contains(&(signature.clone(), meta.id)))
            .map(|(signature, _)| signature)
            .collect();
        for signature in made {
            let replaced = before.iter().any(|(held, _)| *held == signature);
            let on_it = |g: &Grant| g.on == t && g.name == parts && g.signature == signature;
            if replaced && !copy_grants {
                self.access.grants.retain(|g| !on_it(g));
            }
            if replaced && copy_grants {
                for g in self.access.grants.iter_mut().filter(|g| on_it(g)) {
                    g.granted_by = origin.owner.clone();
                    g.created_on = origin.now;
                }
            }
            self.future_grants_on(t, &parts, &signature, origin);
        }
    }

    /// `ALTER … a RENAME TO b` (`swap` false) and `ALTER { TABLE | SCHEMA | DATABASE } a
    /// SWAP WITH b` (`swap` true): grants belong to the objects, so they follow them to
    /// their new names — those on `a` (and on what it holds, and its future grants, for a
    /// container) go to `b`, and on a swap `b`'s to `a`. "Swap renames two tables in a
    /// single transaction" (https://docs.snowflake.com/en/sql-reference/sql/alter-table;
    /// likewise https://docs.snowflake.com/en/sql-reference/sql/alter-schema and
    /// https://docs.snowflake.com/en/sql-reference/sql/alter-database); the docs say
    /// nothing of grants on a rename, and the object being the same one, they stay on it.
    pub(crate) fn move_grants(&mut self, t: ObjectType, a: &[Ident], b: &[Ident], swap: bool) {
        let container = matches!(t, ObjectType::Database | ObjectType::Schema);
        let swapped = |name: &[Ident]| -> Option<Vec<Ident>> {
            let (from, to) = if name.starts_with(a) {
                (a, b)
            } else if swap && name.starts_with(b) {
                (b, a)
            } else {
                return None;
            };
            (name.len() == from.len() || container)
                .then(|| to.iter().chain(&name[from.len()..]).cloned().collect())
        };
        for g in &mut self.access.grants {
            let inside = g.name.len() > a.len() && container;
            let same = g.on == t || (t == ObjectType::Table && g.on == ObjectType::View);
            if !(same || inside) || matches!(g.on, ObjectType::Role | ObjectType::DatabaseRole) {
                continue;
            }
            if let Some(name) = swapped(&g.name) {
                g.name = name;
            }
        }
        if container {
            for f in &mut self.access.future {
                let mut at = vec![f.database.clone()];
                at.extend(f.schema.iter().cloned());
                if let Some(moved) = swapped(&at)
                    && let Some(database) = moved.first()
                {
                    f.database = database.clone();
                    f.schema = moved.get(1).cloned();
                }
            }
        }
    }

    /// Forgets the grants on the procedure or function overload a DROP PROCEDURE / DROP
    /// FUNCTION names (`metric`: a data metric function, whose types are its table
    /// argument's).
    pub(crate) fn drop_overload_grants(
        &mut self,
        t: ObjectType,
        raw: &RawName,
        (types, metric): (&[DataType], bool),
        session: &SqlSession,
    ) {
        let Ok(name) = binder::object_name(raw, session, "drop") else {
            return;
        };
        let parts = [name.database, name.schema, name.name];
        let mut signature: Vec<String> = types.iter().map(DataType::in_signature).collect();
        if metric {
            signature = vec![format!("TABLE({})", signature.join(", "))];
        }
        self.access
            .grants
            .retain(|g| !(g.on == t && g.name == parts && g.signature == signature));
    }

    fn future_grants_on(
        &mut self,
        t: ObjectType,
        parts: &[Ident],
        signature: &[String],
        origin: &Origin,
    ) {
        let (database, schema) = match (t, parts) {
            (ObjectType::Schema, [d, _]) => (d.clone(), None),
            (_, [d, s, _]) => (d.clone(), Some(s.clone())),
            _ => return,
        };
        // Schema-level future grants on the type replace the database-level ones.
        let in_schema = |f: &FutureGrant| {
            f.on == t && f.database == database && schema.is_some() && f.schema == schema
        };
        let schema_level = self.access.future.iter().any(in_schema);
        let applying: Vec<FutureGrant> = self
            .access
            .future
            .iter()
            .filter(|f| {
                if schema_level {
                    in_schema(f)
                } else {
                    f.on == t && f.database == database && f.schema.is_none()
                }
            })
            .cloned()
            .collect();
        for f in applying {
            self.add_grant(Grant {
                privilege: f.privilege,
                on: t,
                name: parts.to_vec(),
                signature: signature.to_vec(),
                grantee: f.grantee,
                grant_option: f.grant_option,
                granted_by: origin.owner.clone(),
                created_on: origin.now,
            });
        }
    }

    /// Forgets every grant on the object named by `parts` or inside it (a dropped schema
    /// takes its objects' grants along), and future grants in it.
    pub(crate) fn drop_grants_on(&mut self, t: ObjectType, parts: &[Ident]) {
        let container = matches!(t, ObjectType::Database | ObjectType::Schema);
        self.access.grants.retain(|g| {
            let same = g.name == parts
                && (g.on == t || (t == ObjectType::Table && g.on == ObjectType::View));
            let inside = container
                && g.name.len() > parts.len()
                && g.name.starts_with(parts)
                && !matches!(g.on, ObjectType::Role);
            !(same || inside)
        });
        if container {
            self.access.future.retain(|f| {
                let mut at = vec![f.database.clone()];
                at.extend(f.schema.iter().cloned());
                !at.starts_with(parts)
            });
        }
        if t == ObjectType::Database
            && let Some(database) = parts.first()
        {
            self.access.database_roles.remove(database);
            self.access
                .grants
                .retain(|g| g.grantee.database() != Some(database));
            self.access
                .database_role_users
                .retain(|g| g.database != *database);
        }
    }

    /// Takes the grants on the object of type `t` named `parts` out of the catalog: a
    /// table hidden by a temporary one keeps them aside (`engine/temporary.rs`).
    pub(crate) fn take_grants_on(&mut self, t: ObjectType, parts: &[Ident]) -> Vec<Grant> {
        let (taken, kept) = std::mem::take(&mut self.access.grants)
            .into_iter()
            .partition(|g| g.on == t && g.name == parts);
        self.access.grants = kept;
        taken
    }

    /// Stores a grant; one already held gains the grant option when this one has it (a
    /// GRANT … WITH GRANT OPTION of a held privilege adds the option, and a GRANT without
    /// it leaves the option in place).
    fn add_grant(&mut self, grant: Grant) {
        let held = self.access.grants.iter_mut().find(|g| {
            g.privilege == grant.privilege
                && g.on == grant.on
                && g.name == grant.name
                && g.signature == grant.signature
                && g.grantee == grant.grantee
        });
        match held {
            Some(held) => held.grant_option |= grant.grant_option,
            None => self.access.grants.push(grant),
        }
    }

    /// The catalog entry of a role or a database role.
    fn role_entry(&mut self, role: &Grantee) -> Option<&mut Role> {
        match role {
            Grantee::Role(r) => self.access.roles.get_mut(r),
            Grantee::DatabaseRole(d, r) => self
                .access
                .database_roles
                .get_mut(d)
                .and_then(|m| m.get_mut(r)),
        }
    }

    /// The id a role's or a database role's tags are kept by (`catalog::tag`), given the
    /// first time one is asked for: a renamed role keeps it, a dropped or replaced one
    /// loses it with its tags (see `Role::tag_id`).
    fn role_tag_id(&mut self, role: &Grantee) -> u64 {
        if let Some(id) = self.role_entry(role).and_then(|r| r.tag_id) {
            return id;
        }
        let id = self.next_id();
        if let Some(entry) = self.role_entry(role) {
            entry.tag_id = Some(id);
        }
        id
    }

    /// SET TAG / UNSET TAG on a role, a database role or the account, through the path every tagged
    /// object takes: the tags must exist, their values be allowed
    /// (https://docs.snowflake.com/en/user-guide/object-tagging/introduction).
    fn change_tags(
        &mut self,
        target: crate::sandbox::catalog::tag::Target,
        change: &TagChange,
        session: &SqlSession,
    ) -> Result<(), SqlError> {
        let action = "ALTER";
        match change {
            TagChange::Set(pairs) => {
                super::ddl::set_written_tags(self, target, pairs, session, action)
            }
            TagChange::Unset(names) => {
                super::ddl::unset_written_tags(self, &target, names, session, action)
            }
        }
    }

    /// Executes one access statement.
    pub(crate) fn access(
        &mut self,
        statement: Statement,
        session: &SqlSession,
        origin: &Origin,
    ) -> Result<QueryResult, SqlError> {
        match statement {
            Statement::CreateRole {
                or_replace,
                if_not_exists,
                name,
                comment,
            } => {
                if self.role_exists(&name) {
                    if if_not_exists {
                        return Ok(QueryResult::status(format!(
                            "{} already exists, statement succeeded.",
                            name.as_str()
                        )));
                    }
                    if !or_replace || is_system(&name) {
                        return Err(SqlError::already_exists(name.as_str()));
                    }
                    self.forget_role(&Grantee::Role(name.clone()));
                }
                self.access.roles.insert(
                    name.clone(),
                    Role {
                        created_on: origin.now,
                        owner: origin.owner.clone(),
                        comment,
                        tag_id: None,
                    },
                );
                Ok(QueryResult::status(format!(
                    "Role {} successfully created.",
                    name.as_str()
                )))
            }
            Statement::AlterRole {
                if_exists,
                name,
                action,
            } => {
                if !self.access.roles.contains_key(&name) {
                    if if_exists {
                        return Ok(QueryResult::status("Statement executed successfully."));
                    }
                    return Err(SqlError::does_not_exist("Role", name.as_str()));
                }
                match action {
                    RoleAlter::Tags(change) => {
                        let id = self.role_tag_id(&Grantee::Role(name.clone()));
                        self.change_tags((id, None), &change, session)?;
                    }
                    RoleAlter::SetComment(c) => {
                        if let Some(r) = self.access.roles.get_mut(&name) {
                            r.comment = Some(c);
                        }
                    }
                    RoleAlter::UnsetComment => {
                        if let Some(r) = self.access.roles.get_mut(&name) {
                            r.comment = None;
                        }
                    }
                    RoleAlter::Rename(to) => {
                        if self.role_exists(&to) {
                            return Err(SqlError::already_exists(to.as_str()));
                        }
                        if let Some(r) = self.access.roles.remove(&name) {
                            self.access.roles.insert(to.clone(), r);
                        }
                        for g in &mut self.access.grants {
                            if g.grantee == Grantee::Role(name.clone()) {
                                g.grantee = Grantee::Role(to.clone());
                            }
                            if g.on == ObjectType::Role && g.name == [name.clone()] {
                                g.name = vec![to.clone()];
                            }
                        }
                        for f in &mut self.access.future {
                            if f.grantee == Grantee::Role(name.clone()) {
                                f.grantee = Grantee::Role(to.clone());
                            }
                        }
                        for g in &mut self.access.user_roles {
                            if g.role == name {
                                g.role = to.clone();
                            }
                        }
                    }
                }
                Ok(QueryResult::status("Statement executed successfully."))
            }
            Statement::AlterAccount(change) => {
                self.change_tags(crate::sandbox::catalog::tag::ACCOUNT, &change, session)?;
                Ok(QueryResult::status("Statement executed successfully."))
            }
            Statement::DropRole { if_exists, name } => {
                if is_system(&name) {
                    return Err(SqlError::unsupported(format!(
                        "Cannot drop system role '{}'.",
                        name.as_str()
                    )));
                }
                if !self.access.roles.contains_key(&name) {
                    if if_exists {
                        return Ok(QueryResult::status(format!(
                            "Drop statement executed successfully ({} already dropped).",
                            name.as_str()
                        )));
                    }
                    return Err(SqlError::does_not_exist("Role", name.as_str()));
                }
                // Forgotten while still there: its tags are found through it.
                self.forget_role(&Grantee::Role(name.clone()));
                self.access.roles.remove(&name);
                Ok(QueryResult::status(format!(
                    "{} successfully dropped.",
                    name.as_str()
                )))
            }
            Statement::CreateDatabaseRole {
                or_replace,
                if_not_exists,
                name,
                comment,
            } => {
                let (d, r) = database_role_name(&name, session)?;
                self.database(&d)?;
                let exists = self
                    .access
                    .database_roles
                    .get(&d)
                    .is_some_and(|m| m.contains_key(&r));
                if exists {
                    if if_not_exists {
                        return Ok(QueryResult::status(format!(
                            "{} already exists, statement succeeded.",
                            r.as_str()
                        )));
                    }
                    if !or_replace {
                        return Err(SqlError::already_exists(r.as_str()));
                    }
                    self.forget_role(&Grantee::DatabaseRole(d.clone(), r.clone()));
                }
                self.access
                    .database_roles
                    .entry(d.clone())
                    .or_default()
                    .insert(
                        r.clone(),
                        Role {
                            created_on: origin.now,
                            owner: origin.owner.clone(),
                            comment,
                            tag_id: None,
                        },
                    );
                // A new database role holds USAGE on its database (TF-live, REFERENCE 1.3).
                self.add_grant(Grant {
                    privilege: "USAGE".into(),
                    on: ObjectType::Database,
                    name: vec![d.clone()],
                    signature: Vec::new(),
                    grantee: Grantee::DatabaseRole(d, r.clone()),
                    grant_option: false,
                    granted_by: String::new(),
                    created_on: origin.now,
                });
                Ok(QueryResult::status(format!(
                    "Database role {} successfully created.",
                    r.as_str()
                )))
            }
            Statement::AlterDatabaseRole {
                if_exists,
                name,
                action,
            } => {
                let (d, r) = database_role_name(&name, session)?;
                let exists = self
                    .access
                    .database_roles
                    .get(&d)
                    .is_some_and(|m| m.contains_key(&r));
                if !exists {
                    if if_exists {
                        return Ok(QueryResult::status("Statement executed successfully."));
                    }
                    return Err(SqlError::does_not_exist(
                        "Database role",
                        &format!("{}.{}", d.as_str(), r.as_str()),
                    ));
                }
                match action {
                    DatabaseRoleAlter::Comment(comment) => {
                        if let Some(role) = self
                            .access
                            .database_roles
                            .get_mut(&d)
                            .and_then(|m| m.get_mut(&r))
                        {
                            role.comment = comment;
                        }
                    }
                    DatabaseRoleAlter::Rename(to) => self.rename_database_role(&d, &r, &to)?,
                    DatabaseRoleAlter::Tags(change) => {
                        let id = self.role_tag_id(&Grantee::DatabaseRole(d.clone(), r.clone()));
                        self.change_tags((id, None), &change, session)?;
                    }
                }
                Ok(QueryResult::status("Statement executed successfully."))
            }
            Statement::DropDatabaseRole { if_exists, name } => {
                let (d, r) = database_role_name(&name, session)?;
                let exists = self
                    .access
                    .database_roles
                    .get(&d)
                    .is_some_and(|m| m.contains_key(&r));
                if !exists {
                    if if_exists {
                        return Ok(QueryResult::status("Drop statement executed successfully."));
                    }
                    return Err(SqlError::does_not_exist(
                        "Database role",
                        &format!("{}.{}", d.as_str(), r.as_str()),
                    ));
                }
                // Forgotten while still there: its tags are found through it.
                self.forget_role(&Grantee::DatabaseRole(d.clone(), r.clone()));
                if let Some(roles) = self.access.database_roles.get_mut(&d) {
                    roles.remove(&r);
                }
                Ok(QueryResult::status(format!(
                    "{} successfully dropped.",
                    r.as_str()
                )))
            }
            Statement::Role {
                grant,
                role,
                to,
                grant_option,
            } => {
                let granted = self.grantee(&role, session)?;
                let holder = self.grantee(&to, session)?;
                // An account role cannot be granted to a database role
                // (https://docs.snowflake.com/en/sql-reference/sql/grant-role).
                if matches!(granted, Grantee::Role(_))
                    && matches!(holder, Grantee::DatabaseRole(..))
                {
                    return Err(SqlError::unsupported(
                        "An account role cannot be granted to a database role.",
                    ));
                }
                if granted == holder || self.inherits(&granted, &holder) {
                    return Err(SqlError::unsupported(format!(
                        "Granting {} to {} would create a cycle in the role hierarchy.",
                        granted.shown().1,
                        holder.shown().1
                    )));
                }
                let (on, name) = match &granted {
                    Grantee::Role(r) => (ObjectType::Role, vec![r.clone()]),
                    Grantee::DatabaseRole(d, r) => {
                        (ObjectType::DatabaseRole, vec![d.clone(), r.clone()])
                    }
                };
                if grant {
                    // SHOW GRANTS lists a role grant as USAGE on the role, `grant_option`
                    // TRUE when it was made WITH GRANT OPTION
                    // (https://docs.snowflake.com/en/sql-reference/sql/grant-role).
                    self.add_grant(Grant {
                        privilege: "USAGE".into(),
                        on,
                        name,
                        signature: Vec::new(),
                        grantee: holder,
                        grant_option,
                        granted_by: origin.owner.clone(),
                        created_on: origin.now,
                    });
                } else {
                    self.access
                        .grants
                        .retain(|g| !(g.on == on && g.name == name && g.grantee == holder));
                }
                Ok(QueryResult::status("Statement executed successfully."))
            }
            Statement::DatabaseRoleToUser { grant, role, user } => {
                let Grantee::DatabaseRole(database, role) =
                    self.grantee(&RoleRef::DatabaseRole(role), session)?
                else {
                    return Err(SqlError::invalid_identifier(user.as_str()));
                };
                if session.user_ident().as_ref() == Some(&user) {
                    self.ensure_session_user(&user, origin);
                }
                if !self.account.users.contains_key(&user) {
                    return Err(SqlError::does_not_exist("User", user.as_str()));
                }
                let same = |g: &DatabaseRoleUser| {
                    g.database == database && g.role == role && g.user == user
                };
                if !grant {
                    self.access.database_role_users.retain(|g| !same(g));
                } else if !self.access.database_role_users.iter().any(same) {
                    self.access.database_role_users.push(DatabaseRoleUser {
                        database: database.clone(),
                        role: role.clone(),
                        user: user.clone(),
                        granted_by: origin.owner.clone(),
                        created_on: origin.now,
                    });
                }
                Ok(QueryResult::status("Statement executed successfully."))
            }
            Statement::RoleToUser { grant, role, user } => {
                // The connected user exists in any account, even if this sandbox never saw
                // it created (as for ALTER USER, `Catalog::ensure_session_user`).
                if session.user_ident().as_ref() == Some(&user) {
                    self.ensure_session_user(&user, origin);
                }
                self.role_to_user(grant, &role, &user, origin)
            }
            Statement::Privileges {
                grant,
                privileges,
                on,
                grantee,
                grant_option,
            } => {
                let grantee = self.grantee(&grantee, session)?;
                self.privileges(
                    grant,
                    &privileges,
                    &on,
                    &grantee,
                    grant_option,
                    session,
                    origin,
                )
            }
            Statement::Ownership { on, to, current } => {
                self.transfer_ownership(&on, &to, current, session)
            }
            Statement::Show(show) => self.show_access(&show, session),
        }
    }

    /// `GRANT ROLE r TO USER u` / `REVOKE ROLE r FROM USER u`
    /// (https://docs.snowflake.com/en/sql-reference/sql/grant-role,
    /// https://docs.snowflake.com/en/sql-reference/sql/revoke-role): the role and the user
    /// must exist (002003, as for a grant to a role). Granting a role the user already
    /// holds, or revoking one it does not, succeeds and changes nothing: the pages name no
    /// error for either. Who may run it is `engine/privileges.rs`'s to check.
    fn role_to_user(
        &mut self,
        grant: bool,
        role: &Ident,
        user: &Ident,
        origin: &Origin,
    ) -> Result<QueryResult, SqlError> {
        if !self.role_exists(role) {
            return Err(SqlError::does_not_exist("Role", role.as_str()));
        }
        if !self.account.users.contains_key(user) {
            return Err(SqlError::does_not_exist("User", user.as_str()));
        }
        let same = |g: &UserRole| g.role == *role && g.user == *user;
        if !grant {
            self.access.user_roles.retain(|g| !same(g));
        } else if !self.access.user_roles.iter().any(same) {
            self.access.user_roles.push(UserRole {
                role: role.clone(),
                user: user.clone(),
                granted_by: origin.owner.clone(),
                created_on: origin.now,
            });
        }
        Ok(QueryResult::status("Statement executed successfully."))
    }

    /// GRANT OWNERSHIP ON <type> <name> TO … (https://docs.snowflake.com/en/sql-reference/sql/grant-ownership):
    /// * without REVOKE / COPY CURRENT GRANTS the statement fails when others hold
    ///   privileges on the object ("outbound" grants), except on a role;
    /// * REVOKE CURRENT GRANTS revokes them first; COPY CURRENT GRANTS keeps them, the
    ///   new owner becoming their grantor;
    /// * a started task must be suspended first, unless COPY CURRENT GRANTS is used, which
    ///   suspends it (REFERENCE-governance-ingestion 1.6, from the same page);
    /// * a database role owns objects of its own database only (same page);
    /// * a pipe must be paused, and then resumes only by SYSTEM$PIPE_FORCE_RESUME
    ///   (`catalog::Pipe::transfer`).
    ///
    /// A procedure or a function (user or data metric function) is named with its
    /// argument types and moves one overload; its grants are that overload's.
    ///
    /// The docs give no code for these refusals: they are 002043 *(chosen)*. ON ALL and ON
    /// FUTURE are not emulated.
    fn transfer_ownership(
        &mut self,
        on: &On,
        to: &RoleRef,
        current: Option<CurrentGrants>,
        session: &SqlSession,
    ) -> Result<QueryResult, SqlError> {
        let owner = self.grantee(to, session)?;
        let Some((t, name, signature)) = self.one_object(on, session)? else {
            return Err(SqlError::unsupported(
                "GRANT OWNERSHIP ON ACCOUNT, ON ALL and ON FUTURE are not supported by the sandbox.",
            ));
        };
        let routine = matches!(on, On::Routine(..) | On::Metric(..));
        let shown = if routine {
            format!(
                "{} {}({})",
                t.keyword(),
                joined(&name),
                signature.join(", ")
            )
        } else {
            format!("{} {}", t.keyword(), joined(&name))
        };
        if let Grantee::DatabaseRole(d, _) = &owner
            && (name.first() != Some(d) || t.parts() < 2)
        {
            return Err(SqlError::unsupported(format!(
                "A database role can only own objects in database {}.",
                d.as_str()
            )));
        }
        let outbound = |g: &Grant| g.on == t && g.name == name && g.signature == signature;
        let role_object = matches!(t, ObjectType::Role | ObjectType::DatabaseRole);
        if current.is_none() && !role_object && self.access.grants.iter().any(outbound) {
            return Err(SqlError::unsupported(format!(
                "Cannot transfer the ownership of {shown}: it has outbound privileges. Use REVOKE CURRENT GRANTS or COPY CURRENT GRANTS."
            )));
        }
        if t == ObjectType::Task
            && let [d, s, n] = name.as_slice()
        {
            let task_name = crate::model::identifier::ObjectName::new(
                &crate::model::identifier::SchemaName::new(d.clone(), s.clone()),
                n.clone(),
            );
            let task = self.get_mut::<Task>(&task_name)?;
            if task.started {
                if current != Some(CurrentGrants::Copy) {
                    return Err(SqlError::unsupported(format!(
                        "Cannot transfer the ownership of {shown}: suspend the task first."
                    )));
                }
                task.started = false;
            }
        }
        if t == ObjectType::Pipe
            && let [d, s, n] = name.as_slice()
        {
            let pipe_name = crate::model::identifier::ObjectName::new(
                &crate::model::identifier::SchemaName::new(d.clone(), s.clone()),
                n.clone(),
            );
            self.get_mut::<crate::sandbox::catalog::Pipe>(&pipe_name)?
                .transfer(&pipe_name.to_string())?;
        }
        let new_owner = owner.shown().1;
        match current {
            Some(CurrentGrants::Revoke) => self.access.grants.retain(|g| !outbound(g)),
            Some(CurrentGrants::Copy) => {
                for g in self.access.grants.iter_mut().filter(|g| outbound(g)) {
                    g.granted_by = new_owner.clone();
                }
            }
            None => {}
        }
        let stored = match (t, name.as_slice()) {
            (ObjectType::Procedure | ObjectType::Function, [d, s, n]) => {
                let object = crate::model::identifier::ObjectName::new(
                    &SchemaName::new(d.clone(), s.clone()),
                    n.clone(),
                );
                match on {
                    On::Routine(ObjectType::Function, _, types) => self
                        .overload_mut::<Function>(&object, types)
                        .ok()
                        .map(|f| &mut f.meta.owner),
                    On::Routine(_, _, types) => self
                        .overload_mut::<Procedure>(&object, types)
                        .ok()
                        .map(|p| &mut p.meta.owner),
                    _ => self
                        .get_mut::<DataMetricFunction>(&object)
                        .ok()
                        .map(|f| &mut f.meta.owner),
                }
            }
            (ObjectType::Role, [r]) => self.access.roles.get_mut(r).map(|r| &mut r.owner),
            (ObjectType::DatabaseRole, [d, r]) => self
                .access
                .database_roles
                .get_mut(d)
                .and_then(|m| m.get_mut(r))
                .map(|r| &mut r.owner),
            _ => object_noun(t)
                .and_then(|noun| self.object_meta_mut(noun, &name))
                .map(|meta| &mut meta.owner),
        };
        match stored {
            Some(stored) => *stored = new_owner,
            // A system role has no owner to change.
            None => {
                return Err(SqlError::unsupported(format!(
                    "The ownership of {shown} cannot be transferred."
                )));
            }
        }
        Ok(QueryResult::status("Statement executed successfully."))
    }

    /// Whether `holder` is already below `role` in the hierarchy: granting `role` to
    /// `holder` would then make a cycle.
    fn inherits(&self, role: &Grantee, holder: &Grantee) -> bool {
        self.roles_below(role).iter().skip(1).any(|r| r == holder)
    }

    /// `role` and every role it inherits, `role` first: the roles granted to it, to
    /// those, and so on, with the system roles' own hierarchy — ACCOUNTADMIN above
    /// SYSADMIN and SECURITYADMIN, SECURITYADMIN above USERADMIN
    /// (https://docs.snowflake.com/en/user-guide/security-access-control-overview#system-defined-roles).
    /// PUBLIC, which every role holds, is the privilege check's to add.
    pub(crate) fn roles_below(&self, role: &Grantee) -> Vec<Grantee> {
        let system = |parent: &str| -> &'static [&'static str] {
            match parent {
                "ACCOUNTADMIN" => &["SYSADMIN", "SECURITYADMIN"],
                "SECURITYADMIN" => &["USERADMIN"],
                _ => &[],
            }
        };
        let mut found = vec![role.clone()];
        let mut at = 0;
        while let Some(current) = found.get(at).cloned() {
            at += 1;
            let mut children: Vec<Grantee> = Vec::new();
            if let Grantee::Role(r) = &current {
                children.extend(
                    system(r.as_str())
                        .iter()
                        .map(|s| Grantee::Role(Ident::from_stored(*s))),
                );
            }
            children.extend(self.access.grants.iter().filter_map(|g| {
                if g.grantee != current {
                    return None;
                }
                match (g.on, g.name.as_slice()) {
                    (ObjectType::Role, [r]) => Some(Grantee::Role(r.clone())),
                    (ObjectType::DatabaseRole, [d, r]) => {
                        Some(Grantee::DatabaseRole(d.clone(), r.clone()))
                    }
                    _ => None,
                }
            }));
            for child in children {
                if !found.contains(&child) {
                    found.push(child);
                }
            }
        }
        found
    }

    /// Whether one of `roles` holds `privilege` on the object of type `t` named `name`
    /// by a grant (ownership is the caller's to check: `Catalog::object_meta`).
    pub(crate) fn granted(
        &self,
        roles: &[Grantee],
        privilege: &str,
        t: ObjectType,
        name: &[Ident],
    ) -> bool {
        self.access.grants.iter().any(|g| {
            g.on == t && g.privilege == privilege && g.name == name && roles.contains(&g.grantee)
        })
    }

    /// Whether one of `roles` holds any privilege on the object by a grant.
    pub(crate) fn granted_any(&self, roles: &[Grantee], t: ObjectType, name: &[Ident]) -> bool {
        self.access
            .grants
            .iter()
            .any(|g| g.on == t && g.name == name && roles.contains(&g.grantee))
    }

    /// `ALTER DATABASE ROLE d.r RENAME TO [d.]r2`: "when specifying the fully-qualified
    /// name of the database role, you cannot specify a different database … Only the
    /// database_role_name can change"
    /// (https://docs.snowflake.com/en/sql-reference/sql/alter-database-role; the page
    /// gives no error for another database: 002043 *(chosen)*). The role keeps its grants,
    /// the grants of it, its future grants and the objects it owns, under the new name.
    fn rename_database_role(
        &mut self,
        database: &Ident,
        from: &Ident,
        to: &RawName,
    ) -> Result<(), SqlError> {
        let new = match to.parts.as_slice() {
            [r] => r.clone(),
            [d, r] if d == database => r.clone(),
            [_, _] => {
                return Err(SqlError::unsupported(format!(
                    "Database role {}.{} cannot be moved to another database.",
                    database.as_str(),
                    from.as_str()
                )));
            }
            _ => return Err(SqlError::invalid_identifier(&to.to_string())),
        };
        let Some(roles) = self.access.database_roles.get_mut(database) else {
            return Err(SqlError::does_not_exist("Database", database.as_str()));
        };
        if roles.contains_key(&new) {
            return Err(SqlError::already_exists(new.as_str()));
        }
        if let Some(role) = roles.remove(from) {
            roles.insert(new.clone(), role);
        }
        let old_grantee = Grantee::DatabaseRole(database.clone(), from.clone());
        let new_grantee = Grantee::DatabaseRole(database.clone(), new.clone());
        let old_shown = old_grantee.shown().1;
        let new_shown = new_grantee.shown().1;
        let old_name = [database.clone(), from.clone()];
        for g in &mut self.access.grants {
            if g.grantee == old_grantee {
                g.grantee = new_grantee.clone();
            }
            if g.on == ObjectType::DatabaseRole && g.name == old_name {
                g.name = vec![database.clone(), new.clone()];
            }
            if g.granted_by == old_shown {
                g.granted_by.clone_from(&new_shown);
            }
        }
        for f in &mut self.access.future {
            if f.grantee == old_grantee {
                f.grantee = new_grantee.clone();
            }
        }
        for g in &mut self.access.database_role_users {
            if g.database == *database && g.role == *from {
                g.role = new.clone();
            }
        }
        // A database role owns objects of its own database only (grant-ownership).
        if let Some(db) = self.databases.get_mut(database) {
            let mut metas: Vec<&mut Meta> = vec![&mut db.meta];
            metas.extend(db.objects.metas_mut());
            for schema in db.schemas.values_mut() {
                metas.extend(schema.meta.as_mut());
                metas.extend(schema.objects.metas_mut());
            }
            for meta in metas {
                if meta.owner == old_shown {
                    meta.owner.clone_from(&new_shown);
                }
            }
        }
        for role in self
            .access
            .database_roles
            .values_mut()
            .flat_map(|m| m.values_mut())
        {
            if role.owner == old_shown {
                role.owner.clone_from(&new_shown);
            }
        }
        Ok(())
    }

    fn forget_role(&mut self, role: &Grantee) {
        let named = match role {
            Grantee::Role(r) => (ObjectType::Role, vec![r.clone()]),
            Grantee::DatabaseRole(d, r) => (ObjectType::DatabaseRole, vec![d.clone(), r.clone()]),
        };
        self.access
            .grants
            .retain(|g| g.grantee != *role && !(g.on == named.0 && g.name == named.1));
        self.access.future.retain(|f| f.grantee != *role);
        // A dropped or replaced role's tags go with it (roles and database roles have
        // no UNDROP).
        if let Some(id) = self.role_entry(role).and_then(|x| x.tag_id) {
            self.tag_assignments.forget(id);
        }
        match role {
            Grantee::Role(r) => self.access.user_roles.retain(|g| g.role != *r),
            Grantee::DatabaseRole(d, r) => self
                .access
                .database_role_users
                .retain(|g| !(g.database == *d && g.role == *r)),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn privileges(
        &mut self,
        grant: bool,
        privileges: &[String],
        on: &On,
        grantee: &Grantee,
        grant_option: bool,
        session: &SqlSession,
        origin: &Origin,
    ) -> Result<QueryResult, SqlError> {
        let t = match on {
            On::Account => ObjectType::Account,
            On::Object(t, _) | On::Routine(t, ..) | On::All(t, _) | On::Future(t, _) => *t,
            On::Metric(..) => ObjectType::Function,
        };
        let mut expanded = Vec::new();
        for written in privileges {
            let p = canonical(written);
            if p == "ALL" || p == "ALL PRIVILEGES" {
                expanded.extend(t.all().into_iter().map(str::to_string));
            } else if p == "OWNERSHIP" {
                return Err(SqlError::unsupported(
                    "GRANT OWNERSHIP is not supported by the sandbox.",
                ));
            } else if !t.accepts(&p) {
                return Err(invalid_privilege(&p, t));
            } else {
                expanded.push(p);
            }
        }
        if let Grantee::DatabaseRole(own, _) = grantee {
            // Database roles hold privileges in their own database only, and never global
            // ones (https://docs.snowflake.com/en/sql-reference/sql/grant-privilege).
            let database = match on {
                On::Account => None,
                On::All(_, w) | On::Future(_, w) => Some(self.within(w, session)?.0),
                one => self
                    .one_object(one, session)?
                    .and_then(|(_, mut parts, _)| (!parts.is_empty()).then(|| parts.remove(0))),
            };
            if database.as_ref() != Some(own)
                || matches!(t, ObjectType::Warehouse | ObjectType::Integration)
            {
                return Err(SqlError::unsupported(format!(
                    "A database role can only be granted privileges on objects in database {}.",
                    own.as_str()
                )));
            }
        }
        let targets: Vec<(Vec<Ident>, Vec<String>)> = match on {
            On::Account => vec![(Vec::new(), Vec::new())],
            On::Object(..) | On::Routine(..) | On::Metric(..) => self
                .one_object(on, session)?
                .map(|(_, name, signature)| (name, signature))
                .into_iter()
                .collect(),
            On::All(t, w) => {
                let (d, s) = self.within(w, session)?;
                self.objects_with_signatures_in(*t, &d, s.as_ref())
            }
            On::Future(t, w) => {
                let (database, schema) = self.within(w, session)?;
                for p in &expanded {
                    let same = |f: &FutureGrant| {
                        f.privilege == *p
                            && f.on == *t
                            && f.database == database
                            && f.schema == schema
                            && f.grantee == *grantee
                    };
                    if grant {
                        if let Some(held) = self.access.future.iter_mut().find(|f| same(f)) {
                            // Granted again WITH GRANT OPTION, it gains the option.
                            held.grant_option |= grant_option;
                        } else {
                            self.access.future.push(FutureGrant {
                                privilege: p.clone(),
                                on: *t,
                                database: database.clone(),
                                schema: schema.clone(),
                                grantee: grantee.clone(),
                                grant_option,
                                created_on: origin.now,
                            });
                        }
                    } else if grant_option {
                        for held in self.access.future.iter_mut().filter(|f| same(f)) {
                            held.grant_option = false;
                        }
                    } else {
                        self.access.future.retain(|f| !same(f));
                    }
                }
                return Ok(QueryResult::status("Statement executed successfully."));
            }
        };
        for (name, signature) in &targets {
            for p in &expanded {
                if grant {
                    self.add_grant(Grant {
                        privilege: p.clone(),
                        on: t,
                        name: name.clone(),
                        signature: signature.clone(),
                        grantee: grantee.clone(),
                        grant_option,
                        granted_by: origin.owner.clone(),
                        created_on: origin.now,
                    });
                } else {
                    let same = |g: &Grant| {
                        g.privilege == *p
                            && g.on == t
                            && g.name == *name
                            && g.signature == *signature
                            && g.grantee == *grantee
                    };
                    if grant_option {
                        // REVOKE GRANT OPTION FOR: the privilege stays, without the option
                        // (https://docs.snowflake.com/en/sql-reference/sql/revoke-privilege).
                        for held in self.access.grants.iter_mut().filter(|g| same(g)) {
                            held.grant_option = false;
                        }
                    } else {
                        self.access.grants.retain(|g| !same(g));
                    }
                }
            }
        }
        Ok(QueryResult::status(format!(
            "Statement executed successfully. {} objects affected.",
            targets.len()
        )))
    }

    fn show_access(
        &self,
        show: &ShowAccess,
        session: &SqlSession,
    ) -> Result<QueryResult, SqlError> {
        match show {
            ShowAccess::Roles { like } => Ok(self.show_roles(like.as_deref())),
            ShowAccess::DatabaseRoles(raw) => {
                let d = raw.last().clone();
                self.database(&d)?;
                Ok(self.show_database_roles(&d))
            }
            ShowAccess::GrantsTo(role) => {
                let grantee = self.grantee(role, session)?;
                // What the role owns comes first, one OWNERSHIP row per object, granted
                // by the role itself and with the grant option
                // (https://docs.snowflake.com/en/sql-reference/sql/show-grants).
                let name = grantee.shown().1;
                let owned: Vec<Grant> = self
                    .owned_by(&name)
                    .into_iter()
                    .map(|o| Grant {
                        privilege: "OWNERSHIP".into(),
                        on: o.on,
                        name: o.name,
                        signature: Vec::new(),
                        grantee: grantee.clone(),
                        grant_option: true,
                        granted_by: name.clone(),
                        created_on: o.created_on,
                    })
                    .collect();
                let rows: Vec<&Grant> = owned
                    .iter()
                    .chain(self.access.grants.iter().filter(|g| g.grantee == grantee))
                    .collect();
                Ok(self.grant_rows(&rows, false))
            }
            ShowAccess::GrantsOn(on) => {
                let (t, name, signature) = match (on, self.one_object(on, session)?) {
                    (On::Account, _) => (ObjectType::Account, Vec::new(), Vec::new()),
                    (_, Some(one)) => one,
                    (_, None) => {
                        return Err(SqlError::unsupported(
                            "SHOW GRANTS ON ALL / FUTURE is not a form of SHOW GRANTS.",
                        ));
                    }
                };
                // The owner's row comes first, as in SHOW GRANTS TO ROLE: OWNERSHIP, with
                // the grant option, granted by the owner itself
                // (https://docs.snowflake.com/en/sql-reference/sql/show-grants).
                let meta = if matches!(t, ObjectType::Procedure | ObjectType::Function) {
                    self.routines(t, &name)
                        .into_iter()
                        .find(|(held, _)| *held == signature)
                        .map(|(_, meta)| meta)
                } else {
                    object_noun(t).and_then(|noun| self.object_meta(noun, &name))
                };
                let owner = meta.map(|meta| Grant {
                    privilege: "OWNERSHIP".into(),
                    on: t,
                    name: name.clone(),
                    signature: signature.clone(),
                    grantee: match meta.owner.split_once('.') {
                        Some((d, r)) => {
                            Grantee::DatabaseRole(Ident::from_stored(d), Ident::from_stored(r))
                        }
                        None => Grantee::Role(Ident::from_stored(meta.owner.as_str())),
                    },
                    grant_option: true,
                    granted_by: meta.owner.clone(),
                    created_on: meta.created_on,
                });
                let rows: Vec<&Grant> = owner
                    .iter()
                    .chain(
                        self.access
                            .grants
                            .iter()
                            .filter(|g| g.on == t && g.name == name && g.signature == signature),
                    )
                    .collect();
                Ok(self.grant_rows(&rows, true))
            }
            ShowAccess::GrantsOf(role) => {
                let granted = self.grantee(role, session)?;
                let (on, name) = match &granted {
                    Grantee::Role(r) => (ObjectType::Role, vec![r.clone()]),
                    Grantee::DatabaseRole(d, r) => {
                        (ObjectType::DatabaseRole, vec![d.clone(), r.clone()])
                    }
                };
                let spec = [
                    ("created_on", "timestamp_ltz"),
                    ("role", "text"),
                    ("granted_to", "text"),
                    ("grantee_name", "text"),
                    ("granted_by", "text"),
                ];
                let mut rows: Vec<Vec<Option<String>>> = self
                    .access
                    .grants
                    .iter()
                    .filter(|g| g.on == on && g.name == name)
                    .map(|g| {
                        let (to, grantee) = g.grantee.shown();
                        vec![
                            stamp(g.created_on),
                            text(joined(&name)),
                            text(to),
                            text(grantee),
                            text(g.granted_by.clone()),
                        ]
                    })
                    .collect();
                // Then the users holding an account role, `granted_to` USER
                // (https://docs.snowflake.com/en/sql-reference/sql/show-grants: "OF ROLE
                // … Lists all users and roles to which the role has been granted").
                if let Grantee::Role(r) = &granted {
                    rows.extend(
                        self.access
                            .user_roles
                            .iter()
                            .filter(|g| g.role == *r)
                            .map(|g| {
                                vec![
                                    stamp(g.created_on),
                                    text(r.as_str()),
                                    text("USER"),
                                    text(g.user.as_str()),
                                    text(g.granted_by.clone()),
                                ]
                            }),
                    );
                }
                // And the users holding a database role.
                if let Grantee::DatabaseRole(d, r) = &granted {
                    rows.extend(
                        self.access
                            .database_role_users
                            .iter()
                            .filter(|g| g.database == *d && g.role == *r)
                            .map(|g| {
                                vec![
                                    stamp(g.created_on),
                                    text(joined(&name)),
                                    text("USER"),
                                    text(g.user.as_str()),
                                    text(g.granted_by.clone()),
                                ]
                            }),
                    );
                }
                Ok(QueryResult {
                    columns: columns(&spec),
                    rows,
                })
            }
            ShowAccess::GrantsToUser(user) => {
                // The connected user exists even if never created here (as for GRANT).
                let connected = session.user_ident().as_ref() == Some(user);
                if !self.account.users.contains_key(user) && !connected {
                    return Err(SqlError::does_not_exist("User", user.as_str()));
                }
                Ok(self.user_grant_rows(Some(user)))
            }
            // A session without a user (a test's, or a request that names none) holds no
            // granted roles: the columns and no row.
            ShowAccess::GrantsToCurrentUser => {
                Ok(self.user_grant_rows(session.user_ident().as_ref()))
            }
            ShowAccess::FutureIn(within) => {
                let (database, schema) = self.within(within, session)?;
                let spec = [
                    ("created_on", "timestamp_ltz"),
                    ("privilege", "text"),
                    ("grant_on", "text"),
                    ("name", "text"),
                    ("grant_to", "text"),
                    ("grantee_name", "text"),
                    ("grant_option", "text"),
                ];
                let rows = self
                    .access
                    .future
                    .iter()
                    .filter(|f| f.database == database && f.schema == schema)
                    .map(|f| {
                        let mut at = vec![f.database.as_str().to_string()];
                        at.extend(f.schema.iter().map(|s| s.as_str().to_string()));
                        // The name holds a placeholder for the type: `PR.GOLD.<TABLE>`.
                        at.push(format!("<{}>", f.on.shown()));
                        let (to, grantee) = f.grantee.shown();
                        vec![
                            stamp(f.created_on),
                            text(f.privilege.clone()),
                            text(f.on.shown()),
                            text(at.join(".")),
                            text(to),
                            text(grantee),
                            flag(f.grant_option, "true", "false"),
                        ]
                    })
                    .collect();
                Ok(QueryResult {
                    columns: columns(&spec),
                    rows,
                })
            }
        }
    }

    /// SHOW ROLES (https://docs.snowflake.com/en/sql-reference/sql/show-roles).
    fn show_roles(&self, like: Option<&str>) -> QueryResult {
        let spec = [
            ("created_on", "timestamp_ltz"),
            ("name", "text"),
            ("is_default", "text"),
            ("is_current", "text"),
            ("is_inherited", "text"),
            ("assigned_to_users", "fixed"),
            ("granted_to_roles", "fixed"),
            ("granted_roles", "fixed"),
            ("owner", "text"),
            ("comment", "text"),
        ];
        let system = Role {
            created_on: Stamp::default(),
            owner: String::new(),
            comment: None,
            tag_id: None,
        };
        let mut all: Vec<(Ident, &Role)> = SYSTEM_ROLES
            .iter()
            .map(|r| (Ident::from_stored(*r), &system))
            .collect();
        all.extend(self.access.roles.iter().map(|(n, r)| (n.clone(), r)));
        all.sort_by(|a, b| a.0.cmp(&b.0));
        let rows = all
            .into_iter()
            .filter(|(name, _)| {
                like.is_none_or(|pattern| {
                    crate::sandbox::show::pattern::like(pattern, name.as_str(), true)
                })
            })
            .map(|(name, role)| {
                let of = |on: ObjectType, n: &Ident| {
                    self.access
                        .grants
                        .iter()
                        .filter(|g| g.on == on && g.name.last() == Some(n) && g.name.len() == 1)
                        .count()
                };
                let holds = self
                    .access
                    .grants
                    .iter()
                    .filter(|g| {
                        g.grantee == Grantee::Role(name.clone()) && matches!(g.on, ObjectType::Role)
                    })
                    .count();
                // "Number of users the role is assigned to"
                // (https://docs.snowflake.com/en/sql-reference/sql/show-roles).
                let users = self
                    .access
                    .user_roles
                    .iter()
                    .filter(|g| g.role == name)
                    .count();
                vec![
                    stamp(role.created_on),
                    text(name.as_str()),
                    text("N"),
                    text("N"),
                    text("N"),
                    text(users.to_string()),
                    text(of(ObjectType::Role, &name).to_string()),
                    text(holds.to_string()),
                    text(role.owner.clone()),
                    comment(&role.comment),
                ]
            })
            .collect();
        QueryResult {
            columns: columns(&spec),
            rows,
        }
    }

    /// SHOW DATABASE ROLES IN DATABASE d: the docs list no columns; these are the ones
    /// the Terraform provider reads from live accounts (REFERENCE 1.2).
    fn show_database_roles(&self, database: &Ident) -> QueryResult {
        let spec = [
            ("created_on", "timestamp_ltz"),
            ("name", "text"),
            ("is_default", "text"),
            ("is_current", "text"),
            ("is_inherited", "text"),
            ("granted_to_roles", "fixed"),
            ("granted_to_database_roles", "fixed"),
            ("granted_database_roles", "fixed"),
            ("owner", "text"),
            ("comment", "text"),
            ("owner_role_type", "text"),
        ];
        let rows = self
            .access
            .database_roles
            .get(database)
            .into_iter()
            .flatten()
            .map(|(name, role)| {
                let me = vec![database.clone(), name.clone()];
                let to = |roles: bool| {
                    self.access
                        .grants
                        .iter()
                        .filter(|g| {
                            g.on == ObjectType::DatabaseRole
                                && g.name == me
                                && matches!(g.grantee, Grantee::Role(_)) == roles
                        })
                        .count()
                };
                let holds = self
                    .access
                    .grants
                    .iter()
                    .filter(|g| {
                        g.on == ObjectType::DatabaseRole
                            && g.grantee == Grantee::DatabaseRole(database.clone(), name.clone())
                    })
                    .count();
                vec![
                    stamp(role.created_on),
                    text(name.as_str()),
                    text("N"),
                    text("N"),
                    text("N"),
                    text(to(true).to_string()),
                    text(to(false).to_string()),
                    text(holds.to_string()),
                    text(role.owner.clone()),
                    comment(&role.comment),
                    text("ROLE"),
                ]
            })
            .collect();
        QueryResult {
            columns: columns(&spec),
            rows,
        }
    }
}

impl Catalog {
    /// SHOW GRANTS TO … / ON … rows (https://docs.snowflake.com/en/sql-reference/sql/show-grants):
    /// the ON form alone has `granted_by_role_type`, last (BCR-754).
    fn grant_rows(&self, grants: &[&Grant], on: bool) -> QueryResult {
        let mut spec = vec![
            ("created_on", "timestamp_ltz"),
            ("privilege", "text"),
            ("granted_on", "text"),
            ("name", "text"),
            ("granted_to", "text"),
            ("grantee_name", "text"),
            ("grant_option", "text"),
            ("granted_by", "text"),
        ];
        if on {
            spec.push(("granted_by_role_type", "text"));
        }
        let rows = grants
            .iter()
            .map(|g| {
                let (to, grantee) = g.grantee.shown();
                let name = match g.on {
                    ObjectType::Account => ACCOUNT_NAME.to_string(),
                    ObjectType::Procedure | ObjectType::Function => self.routine_shown(g),
                    _ => joined(&g.name),
                };
                let mut row = vec![
                    stamp(g.created_on),
                    text(g.privilege.clone()),
                    text(g.on.shown()),
                    text(name),
                    text(to),
                    text(grantee),
                    flag(g.grant_option, "true", "false"),
                    text(g.granted_by.clone()),
                ];
                if on {
                    row.push(text("ROLE"));
                }
                row
            })
            .collect();
        QueryResult {
            columns: columns(&spec),
            rows,
        }
    }

    /// SHOW GRANTS TO USER u: one row per role granted to the user, in grant order. The
    /// columns are those of the 2025_01 bundle, which "aligns the output of SHOW GRANTS TO
    /// ROLE and SHOW GRANTS TO USER" (https://docs.snowflake.com/en/release-notes/bcr-bundles/2025_01/bcr-1803;
    /// before it, https://docs.snowflake.com/en/sql-reference/sql/show-grants listed
    /// created_on, role, granted_to, grantee_name, granted_by, which keep their values).
    /// The docs are silent on what the new columns hold for a granted role: here the
    /// USAGE on ROLE r that a role granted to a role is stored as, without grant option.
    /// "Note that the PUBLIC role, which is automatically available to every user, is not
    /// listed" (show-grants). Bare SHOW GRANTS is "syntactically equivalent to SHOW GRANTS
    /// TO USER current_user" (same page); `None`: a session without a user, no rows.
    fn user_grant_rows(&self, user: Option<&Ident>) -> QueryResult {
        let spec = [
            ("created_on", "timestamp_ltz"),
            ("privilege", "text"),
            ("granted_on", "text"),
            ("name", "text"),
            ("role", "text"),
            ("granted_to", "text"),
            ("grantee_name", "text"),
            ("grant_option", "text"),
            ("granted_by", "text"),
        ];
        let mut rows: Vec<Vec<Option<String>>> = self
            .access
            .user_roles
            .iter()
            .filter(|g| Some(&g.user) == user)
            .map(|g| {
                vec![
                    stamp(g.created_on),
                    text("USAGE"),
                    text(ObjectType::Role.shown()),
                    text(g.role.as_str()),
                    text(g.role.as_str()),
                    text("USER"),
                    text(g.user.as_str()),
                    flag(false, "true", "false"),
                    text(g.granted_by.clone()),
                ]
            })
            .collect();
        // A database role granted to the user, named `D.R` as SHOW GRANTS names database
        // roles elsewhere.
        rows.extend(
            self.access
                .database_role_users
                .iter()
                .filter(|g| Some(&g.user) == user)
                .map(|g| {
                    let shown = joined(&[g.database.clone(), g.role.clone()]);
                    vec![
                        stamp(g.created_on),
                        text("USAGE"),
                        text(ObjectType::DatabaseRole.shown()),
                        text(shown.clone()),
                        text(shown),
                        text("USER"),
                        text(g.user.as_str()),
                        flag(false, "true", "false"),
                        text(g.granted_by.clone()),
                    ]
                }),
        );
        QueryResult {
            columns: columns(&spec),
            rows,
        }
    }

    /// How SHOW GRANTS names a procedure: `DB.S."P(A VARCHAR, B NUMBER):VARCHAR(16777216)"`,
    /// its arguments' names and types (types without lengths) and its return type, the last
    /// part quoted. The docs show no procedure row; this is the form the Terraform provider
    /// reads from live accounts (`ParseSchemaObjectIdentifierWithArgumentsAndReturnType`:
    /// "<database>.<schema>.\"<function>(<argname> <argtype>...):<returntype>\"", "Snowflake
    /// outputs them in a shortened version").
    ///
    /// A function is named the same way (the Terraform provider reads FUNCTION rows with
    /// the same parser, `IsWithArguments`: external functions, functions, procedures, in
    /// `pkg/sdk/grants.go`; SnowDDL's `build_grant_name_ident`, in
    /// `snowddl/blueprint/ident_builder.py`, reads a FUNCTION's or PROCEDURE's last part
    /// as `NAME(ARG TYPE, …)…`, the type the last word of each argument); a
    /// data metric function's table argument is printed as its DESCRIBE FUNCTION
    /// signature writes it, `T TABLE(C NUMBER)`, with its NUMBER return type — the docs
    /// show no such row.
    fn routine_shown(&self, grant: &Grant) -> String {
        let [d, s, n] = grant.name.as_slice() else {
            return joined(&grant.name);
        };
        let arguments = |arguments: &[(Ident, DataType)]| {
            arguments
                .iter()
                .map(|(name, t)| format!("{} {}", name.as_str(), t.in_signature()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let schema = self.schema(&SchemaName::new(d.clone(), s.clone())).ok();
        let header = match grant.on {
            ObjectType::Procedure => self
                .overloads(&grant.name)
                .into_iter()
                .find(|(signature, _)| *signature == grant.signature)
                .map(|(_, p)| format!("{}({}):{}", n.as_str(), arguments(&p.arguments), p.returns)),
            _ => schema.and_then(|schema| {
                let udf = Function::map(schema)
                    .get(n)
                    .into_iter()
                    .flatten()
                    .find(|f| {
                        f.types()
                            .iter()
                            .map(DataType::in_signature)
                            .collect::<Vec<_>>()
                            == grant.signature
                    });
                if let Some(f) = udf {
                    let returns = match &f.returns {
                        Returns::Scalar(t) => t.to_string(),
                        Returns::Table(columns) => format!("TABLE ({})", arguments(columns)),
                    };
                    return Some(format!(
                        "{}({}):{returns}",
                        n.as_str(),
                        arguments(&f.arguments)
                    ));
                }
                let dmf = <DataMetricFunction as SchemaObject>::map(schema)
                    .get(n)
                    .filter(|dmf| metric_signature(dmf) == grant.signature)?;
                Some(format!(
                    "{}({} TABLE({})):NUMBER(38,0)",
                    n.as_str(),
                    dmf.table.as_str(),
                    arguments(&dmf.columns)
                ))
            }),
        }
        .unwrap_or_else(|| format!("{}({})", n.as_str(), grant.signature.join(", ")));
        format!(
            "{}.{}.\"{}\"",
            d.as_str(),
            s.as_str(),
            header.replace('"', "\"\"")
        )
    }
}

/// A data metric function's signature as grants name it: `["TABLE(NUMBER, VARCHAR)"]`.
fn metric_signature(dmf: &DataMetricFunction) -> Vec<String> {
    let types: Vec<String> = dmf.columns.iter().map(|(_, t)| t.in_signature()).collect();
    vec![format!("TABLE({})", types.join(", "))]
}

/// The kind word of a "does not exist" message for `t`.
fn noun(t: ObjectType) -> String {
    let keyword = t.keyword().to_ascii_lowercase();
    let mut chars = keyword.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// The names of the objects of type `t` in one schema.
fn members(schema: &crate::sandbox::catalog::database::Schema, t: ObjectType) -> Vec<&Ident> {
    match t {
        ObjectType::Table => schema.objects.tables.keys().collect(),
        ObjectType::View => schema.objects.views.keys().collect(),
        ObjectType::Task => schema.objects.tasks.keys().collect(),
        ObjectType::Stage => schema.objects.stages.keys().collect(),
        ObjectType::FileFormat => schema.objects.file_formats.keys().collect(),
        ObjectType::Sequence => schema.objects.sequences.keys().collect(),
        ObjectType::Stream => schema.objects.streams.keys().collect(),
        ObjectType::DynamicTable => schema.objects.dynamic_tables.keys().collect(),
        ObjectType::Alert => schema.objects.alerts.keys().collect(),
        ObjectType::Pipe => schema.objects.pipes.keys().collect(),
        ObjectType::MaskingPolicy => schema.objects.masking_policies.keys().collect(),
        ObjectType::RowAccessPolicy => schema.objects.row_access_policies.keys().collect(),
        ObjectType::Tag => schema.objects.tags.keys().collect(),
        _ => Vec::new(),
    }
}

/// The grant type of a kind of object; `None` for kinds without grants here.
pub(crate) fn object_type(kind: ObjectNoun) -> Option<ObjectType> {
    use ObjectNoun as K;
    Some(match kind {
        K::Database => ObjectType::Database,
        K::Schema => ObjectType::Schema,
        K::Warehouse => ObjectType::Warehouse,
        K::Integration => ObjectType::Integration,
        K::Table => ObjectType::Table,
        K::View => ObjectType::View,
        K::Task => ObjectType::Task,
        K::Stage => ObjectType::Stage,
        K::FileFormat => ObjectType::FileFormat,
        K::Sequence => ObjectType::Sequence,
        K::Stream => ObjectType::Stream,
        K::DynamicTable => ObjectType::DynamicTable,
        K::Alert => ObjectType::Alert,
        K::Pipe => ObjectType::Pipe,
        K::MaskingPolicy => ObjectType::MaskingPolicy,
        K::RowAccessPolicy => ObjectType::RowAccessPolicy,
        K::Tag => ObjectType::Tag,
        // A procedure's or a function's grants name its signature: kept apart
        // (`On::Routine`, `On::Metric`, `Catalog::drop_overload_grants`, `routine_type`).
        // Materialized views and users are not among the role kind's object types, nor
        // network rules, secrets and network policies.
        K::Procedure
        | K::Function
        | K::MaterializedView
        | K::User
        | K::DataMetricFunction
        | K::NetworkRule
        | K::Secret
        | K::NetworkPolicy => {
            return None;
        }
    })
}

/// The grant type of a kind whose grants are per overload: PROCEDURE for procedures,
/// FUNCTION for user functions and data metric functions (GRANT names both FUNCTION).
pub(super) fn routine_type(kind: ObjectNoun) -> Option<ObjectType> {
    match kind {
        ObjectNoun::Procedure => Some(ObjectType::Procedure),
        ObjectNoun::Function | ObjectNoun::DataMetricFunction => Some(ObjectType::Function),
        _ => None,
    }
}

/// The kind of object a grant type names; `None` for the account and roles.
pub(crate) fn object_noun(t: ObjectType) -> Option<ObjectNoun> {
    [
        ObjectNoun::Database,
        ObjectNoun::Schema,
        ObjectNoun::Warehouse,
        ObjectNoun::Integration,
        ObjectNoun::Table,
        ObjectNoun::View,
        ObjectNoun::Task,
        ObjectNoun::Stage,
        ObjectNoun::FileFormat,
        ObjectNoun::Sequence,
        ObjectNoun::Stream,
        ObjectNoun::DynamicTable,
        ObjectNoun::Alert,
        ObjectNoun::Pipe,
        ObjectNoun::MaskingPolicy,
        ObjectNoun::RowAccessPolicy,
        ObjectNoun::Tag,
    ]
    .into_iter()
    .find(|noun| object_type(*noun) == Some(t))
}

/// What an `ALTER … RENAME TO` or `ALTER … SWAP WITH` moves: the grant type, the full
/// names before and after (an unqualified new name lies beside the object, as the DDL
/// resolves it) and whether it is a swap; `None` for any other statement, and for an
/// overloaded kind (a procedure's grants are per signature, not moved here).
pub(super) fn moved_names(
    alter: &crate::sandbox::statement::Alter,
    session: &SqlSession,
) -> Option<(ObjectType, Vec<Ident>, Vec<Ident>, bool)> {
    use crate::sandbox::statement::AlterAction;
    let (other, swap) = match &alter.action {
        AlterAction::SwapWith(other) => (other, true),
        AlterAction::RenameTo(other) => (other, false),
        _ => return None,
    };
    let (t, a) = securable_name(alter.kind, &alter.name, session)?;
    let b = match (a.as_slice(), other.parts.as_slice()) {
        ([_], _) => vec![other.last().clone()],
        ([_, _], [d, s, ..]) => vec![d.clone(), s.clone()],
        ([d, _], _) => vec![d.clone(), other.last().clone()],
        ([d, s, _], _) => {
            let o = crate::sandbox::catalog::view::resolve_in(
                other,
                &SchemaName::new(d.clone(), s.clone()),
            );
            vec![o.database, o.schema, o.name]
        }
        _ => return None,
    };
    Some((t, a, b, swap))
}

/// The grant type and full name of the object a CREATE or DROP names, for the grants that
/// follow it (future grants applied, grants dropped); `None` for kinds without grants here.
pub(super) fn securable_name(
    kind: ObjectNoun,
    raw: &RawName,
    session: &SqlSession,
) -> Option<(ObjectType, Vec<Ident>)> {
    let t = object_type(kind)?;
    match t.parts() {
        1 => (raw.parts.len() == 1).then(|| (t, vec![raw.last().clone()])),
        2 => binder::schema_name(raw, session, "create")
            .ok()
            .map(|s| (t, vec![s.database, s.schema])),
        _ => binder::object_name(raw, session, "create")
            .ok()
            .map(|o| (t, vec![o.database, o.schema, o.name])),
    }
}
