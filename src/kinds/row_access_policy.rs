//! A Snowflake row access policy: `[[row_access_policy]]` with its signature, body (one
//! boolean SQL expression) and comment; a table attaches it with
//! `row_access_policy = { name = "…", on = ["COUNTRY"] }` (see `kinds::table`).
//!
//! The change rules are the masking policy's (see `kinds::masking_policy`), and so is the
//! code, `kinds::policy`: the body and the comment alter in place (`ALTER ROW ACCESS
//! POLICY … SET BODY -> …`,
//! https://docs.snowflake.com/en/sql-reference/sql/alter-row-access-policy); the signature
//! cannot be altered, and a policy added to a table can be neither replaced nor dropped
//! (https://docs.snowflake.com/en/sql-reference/sql/create-row-access-policy: "CREATE OR
//! REPLACE … is not supported if the policy is attached to a table or view";
//! https://docs.snowflake.com/en/sql-reference/sql/drop-row-access-policy), so a new
//! signature drops the policy from every table, replaces it, and adds it back to the
//! tables that still declare it — every row is visible in between, so it needs consent.
//! It is read like a masking policy: SHOW ROW ACCESS POLICIES IN DATABASE, then per policy
//! DESCRIBE ROW ACCESS POLICY and POLICY_REFERENCES; [`attach_to_tables`] writes the
//! references onto the live tables.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::policy::{self, Described, Policy, PolicyReference};
use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared, common_keys};
use crate::config::schema_file::object_entry;
use crate::import::entry::{Entry, Writer};
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::kinds::procedure::Argument;
use crate::kinds::procedure::entry::RawArgument;
use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::model::{Address, Derived, Kind, Object, Resource};
use crate::plan::diff::{DiffError, Edits};
use crate::providers::snowflake::introspect::connection::{Connection, Runner};
use crate::providers::snowflake::introspect::{IntrospectError, Jobs};
use crate::sql::CanonicalSql;
use crate::sql::fragment::Fragment;
use crate::sql::quote::{comment_clause, name_list};

/// A row access policy, in canonical form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowAccessPolicy {
    pub name: ObjectName,
    /// The arguments, one per column the policy is added `ON`.
    pub signature: Vec<Argument>,
    /// One boolean SQL expression, compared as SQL.
    pub body: CanonicalSql,
    pub comment: Option<String>,
    /// The tables the policy is added to, as POLICY_REFERENCES reports them; only read
    /// from Snowflake, and takes no part in equality.
    #[serde(default)]
    pub attached: Derived<Vec<TableReference>>,
}

/// A table or view a row access policy is added to, with the columns it is added on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableReference {
    /// `Kind::Table` or `Kind::View`.
    pub kind: Kind,
    pub table: ObjectName,
    pub on: Vec<Ident>,
}

impl Resource for RowAccessPolicy {
    fn address(&self) -> Address {
        Address::new(Kind::RowAccessPolicy, &self.name)
    }

    fn schema(&self) -> Option<SchemaName> {
        Some(self.name.schema_name())
    }

    fn references(&self) -> Vec<Address> {
        vec![Address::new(Kind::Schema, self.name.schema_name())]
    }
}

/// A table's row access policy and the columns it is added on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowAccess {
    pub policy: ObjectName,
    pub on: Vec<Ident>,
}

impl std::fmt::Display for RowAccess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ON ({})", self.policy, name_list(&self.on))
    }
}

impl RowAccess {
    /// `{ name = "…", on = […] }` for `import`, the name relative to the schema of
    /// `object` (the table or view), as the entry resolves it.
    pub(crate) fn import(&self, w: &Writer<'_>, object: &ObjectName) -> String {
        let own = object.schema_name();
        let on: Vec<String> = self.on.iter().map(|c| c.to_sql().into_owned()).collect();
        w.table(&[
            (
                "name".to_string(),
                w.text(&w.short(&self.policy, Some(&own))),
            ),
            ("on".to_string(), w.texts(on.iter().map(String::as_str))),
        ])
    }
}

/// The `ALTER TABLE` (or `ALTER VIEW`, `kind` saying which) that takes `table` from
/// `live` to `desired` row access
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-table,
/// https://docs.snowflake.com/en/sql-reference/sql/alter-view: `ADD ROW ACCESS POLICY p
/// ON (c, …)`, `DROP ROW ACCESS POLICY p`, and both in one statement to swap them
/// atomically). `None` when they are the same.
pub(crate) fn alter_table(
    kind: Kind,
    table: &ObjectName,
    live: Option<&RowAccess>,
    desired: Option<&RowAccess>,
) -> Option<String> {
    let add = |r: &RowAccess| format!("ADD ROW ACCESS POLICY {r}");
    let drop = |r: &RowAccess| format!("DROP ROW ACCESS POLICY {}", r.policy);
    let action = match (live, desired) {
        (Some(l), Some(d)) if l == d => return None,
        (None, None) => return None,
        (Some(l), Some(d)) => format!("{}, {}", drop(l), add(d)),
        (Some(l), None) => drop(l),
        (None, Some(d)) => add(d),
    };
    Some(format!("ALTER {} {table} {action}", kind.sql_keyword()))
}

object_entry! {
    /// `[[row_access_policy]]`.
    RawRowAccessPolicy {
        /// The arguments, one per column the policy is added on
        /// (`[{ name = "C", type = "VARCHAR" }]`).
        signature: Vec<RawArgument>,
        /// One boolean SQL expression: whether the row is visible.
        #[schemars(with = "String")]
        body: Spanned<String>,
    }
}

/// A table's `row_access_policy = { name, on }`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRowAccess {
    /// The policy: its name in the table's schema, or DATABASE.SCHEMA.NAME.
    #[schemars(with = "String")]
    pub(crate) name: Spanned<String>,
    /// The table's columns the policy's arguments are bound to, in order.
    #[schemars(with = "Vec<String>")]
    pub(crate) on: Vec<Spanned<String>>,
}

/// Resolves a table's `row_access_policy`; `None` after reporting a problem.
pub(crate) fn resolve_row_access(
    raw: &RawRowAccess,
    table: &ObjectName,
    ctx: &mut Ctx<'_>,
) -> Option<RowAccess> {
    let policy = policy::resolve_attached_name::<RowAccessPolicy>(&raw.name, table, ctx);
    if raw.on.is_empty() {
        ctx.error(
            &raw.name,
            "a row access policy is added on at least one column",
        )
        .help = Some("on = [\"COUNTRY\"]".into());
        return None;
    }
    let mut on = Vec::new();
    for column in &raw.on {
        on.push(ctx.ident(column, "column"));
    }
    Some(RowAccess {
        policy: policy?,
        on: on.into_iter().collect::<Option<Vec<_>>>()?,
    })
}

impl ObjectKind for RowAccessPolicy {
    const SQL_KEYWORD: &'static str = "ROW ACCESS POLICY";
    const SCHEMA_LEVEL: bool = true;
    type Raw = RawRowAccessPolicy;

    fn resolve(raw: RawRowAccessPolicy, ctx: &mut Ctx<'_>) -> Option<Declared> {
        let head = policy::resolve_head::<Self>(&raw.name, &raw.signature, ctx);
        let valid = ctx.sql_fragment(&raw.body, "row access policy body", Fragment::Expression);
        let (Some(name), Some(signature), true) = (head.name, head.signature, valid) else {
            return None;
        };
        let policy = RowAccessPolicy {
            name,
            signature,
            body: CanonicalSql::new(raw.body.get_ref().trim()),
            comment: raw.comment.clone(),
            attached: Default::default(),
        };
        Some(ctx.declare(policy, common_keys!(raw)))
    }

    fn diff(
        live: &RowAccessPolicy,
        desired: &RowAccessPolicy,
        cx: &DiffCx<'_>,
    ) -> Result<Edits, DiffError> {
        policy::diff(live, desired, cx)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(format!(
            "{} ROW ACCESS POLICY {} AS {} RETURNS BOOLEAN -> {}{}",
            mode.verb(),
            self.name,
            policy::signature_text(&self.signature),
            self.body.text(),
            comment_clause(self.comment.as_deref()),
        ))
    }

    fn spawn_reads<C: Connection>(jobs: &mut Jobs, runner: &Runner<C>, database: &Ident) {
        jobs.spawn(policy::read::<Self, C>(runner.clone(), database.clone()));
    }

    fn import(&self, w: &Writer<'_>, schema: Option<&SchemaName>) -> Entry {
        policy::import_entry(self, w, schema)
    }
}

impl Policy for RowAccessPolicy {
    type Reference = TableReference;
    const NOUN: &'static str = "row access policy";
    const SIGNATURE_EXAMPLE: &'static str = "signature = [{ name = \"C\", type = \"VARCHAR\" }]";
    const REPLACE_REASON: &'static str = "Snowflake cannot alter a row access policy's signature, nor replace one added to a table: it is dropped from the tables first and added back after";

    fn of(object: &Object) -> Option<&Self> {
        match object {
            Object::RowAccessPolicy(p) => Some(p),
            _ => None,
        }
    }

    fn of_mut(object: &mut Object) -> Option<&mut Self> {
        match object {
            Object::RowAccessPolicy(p) => Some(p),
            _ => None,
        }
    }

    fn name(&self) -> &ObjectName {
        &self.name
    }

    fn signature(&self) -> &[Argument] {
        &self.signature
    }

    fn body(&self) -> &CanonicalSql {
        &self.body
    }

    fn comment(&self) -> &Option<String> {
        &self.comment
    }

    fn attached(&self) -> &[TableReference] {
        &self.attached
    }

    /// Only the signature cannot be altered.
    fn replaced_by(&self, desired: &RowAccessPolicy) -> bool {
        self.signature != desired.signature
    }

    fn detach(&self, reference: &TableReference) -> String {
        format!(
            "ALTER {} {} DROP ROW ACCESS POLICY {}",
            reference.kind.sql_keyword(),
            reference.table,
            self.name
        )
    }

    /// Added back when the desired table (or view) still declares the policy.
    fn reattach(desired: &Self, reference: &TableReference, cx: &DiffCx<'_>) -> Option<String> {
        let address = Address::new(reference.kind, &reference.table);
        let declared = match cx.states.desired.objects.get(&address).map(|d| &d.object) {
            Some(Object::Table(t)) => t.row_access_policy.as_ref(),
            Some(Object::View(v)) => v.row_access_policy.as_ref(),
            _ => None,
        };
        let access = declared.filter(|r| r.policy == desired.name)?;
        Some(format!(
            "ALTER {} {} ADD ROW ACCESS POLICY {access}",
            reference.kind.sql_keyword(),
            reference.table
        ))
    }

    fn exposed(count: usize) -> String {
        format!(
            "every row of {count} table(s) is visible between the drop and the add that follows the replace"
        )
    }

    /// The DESCRIBE's `return_type` is always `BOOLEAN`
    /// (https://docs.snowflake.com/en/sql-reference/sql/desc-row-access-policy).
    fn parse(d: Described<'_>) -> Result<Self, IntrospectError> {
        Ok(RowAccessPolicy {
            name: d.listed.name,
            signature: d.signature,
            body: d.body,
            comment: d.listed.comment,
            attached: Vec::new().into(),
        })
    }

    /// The references kept are tables' and views'.
    fn attach(&mut self, references: Vec<PolicyReference>) {
        self.attached = references
            .into_iter()
            .filter_map(|r| {
                let kind = match r.domain.as_str() {
                    "TABLE" => Kind::Table,
                    "VIEW" => Kind::View,
                    _ => return None,
                };
                Some(TableReference {
                    kind,
                    table: r.entity,
                    on: r.arguments,
                })
            })
            .collect::<Vec<_>>()
            .into();
    }
}

/// Writes every live row access policy's references onto the live tables and views.
pub(crate) fn attach_to_tables(objects: &mut [Object]) {
    let references = policy::attachments::<RowAccessPolicy>(objects);
    if references.is_empty() {
        return;
    }
    for object in objects.iter_mut() {
        let (kind, name, held) = match object {
            Object::Table(t) => (Kind::Table, &t.name, &mut t.row_access_policy),
            Object::View(v) => (Kind::View, &v.name, &mut v.row_access_policy),
            _ => continue,
        };
        if let Some((reference, policy)) = references
            .iter()
            .find(|(r, _)| r.kind == kind && &r.table == name)
        {
            *held = Some(RowAccess {
                policy: policy.clone(),
                on: reference.on.clone(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::data_type::DataType;
    use crate::plan::{Action, Tier};

    fn policy(body: &str, args: &[&str]) -> RowAccessPolicy {
        RowAccessPolicy {
            name: ObjectName::parse("PR.GOLD.BY_COUNTRY").unwrap(),
            signature: args
                .iter()
                .map(|n| Argument {
                    name: Ident::from_stored(*n),
                    data_type: DataType::parse("VARCHAR").unwrap(),
                })
                .collect(),
            body: CanonicalSql::new(body),
            comment: None,
            attached: Default::default(),
        }
    }

    fn statements(e: &Edits) -> Vec<String> {
        e.steps.iter().map(|s| s.describe()).collect()
    }

    #[test]
    fn body_in_place_signature_by_replace() {
        let live = policy("TRUE", &["C"]);
        let e = crate::kinds::diff_in_test(&live, &policy("C = 'DE'", &["C"]));
        assert_eq!((e.action, e.tier), (Action::Update, Tier::Safe));
        assert_eq!(
            statements(&e),
            ["ALTER ROW ACCESS POLICY PR.GOLD.BY_COUNTRY SET BODY -> C = 'DE'"]
        );
        let mut live = live;
        live.attached = Derived(vec![TableReference {
            kind: Kind::Table,
            table: ObjectName::parse("PR.GOLD.SALES").unwrap(),
            on: vec![Ident::from_stored("C")],
        }]);
        let e = crate::kinds::diff_in_test(&live, &policy("TRUE", &["C", "D"]));
        assert_eq!((e.action, e.tier), (Action::Replace, Tier::Destructive));
        assert_eq!(
            statements(&e),
            [
                "ALTER TABLE PR.GOLD.SALES DROP ROW ACCESS POLICY PR.GOLD.BY_COUNTRY",
                "CREATE OR REPLACE ROW ACCESS POLICY PR.GOLD.BY_COUNTRY AS (C VARCHAR(16777216), D VARCHAR(16777216)) RETURNS BOOLEAN -> TRUE",
            ]
        );
    }

    #[test]
    fn tables_add_drop_and_swap_their_policy() {
        let t = ObjectName::parse("PR.GOLD.SALES").unwrap();
        let access = |p: &str, on: &[&str]| RowAccess {
            policy: ObjectName::parse(p).unwrap(),
            on: on.iter().map(|c| Ident::from_stored(*c)).collect(),
        };
        let a = access("PR.GOLD.A", &["COUNTRY"]);
        let b = access("PR.GOLD.B", &["COUNTRY", "REGION"]);
        assert_eq!(alter_table(Kind::Table, &t, Some(&a), Some(&a)), None);
        assert_eq!(
            alter_table(Kind::Table, &t, None, Some(&a)).unwrap(),
            "ALTER TABLE PR.GOLD.SALES ADD ROW ACCESS POLICY PR.GOLD.A ON (COUNTRY)"
        );
        assert_eq!(
            alter_table(Kind::Table, &t, Some(&a), None).unwrap(),
            "ALTER TABLE PR.GOLD.SALES DROP ROW ACCESS POLICY PR.GOLD.A"
        );
        assert_eq!(
            alter_table(Kind::Table, &t, Some(&a), Some(&b)).unwrap(),
            "ALTER TABLE PR.GOLD.SALES DROP ROW ACCESS POLICY PR.GOLD.A, ADD ROW ACCESS POLICY PR.GOLD.B ON (COUNTRY, REGION)"
        );
    }
}
