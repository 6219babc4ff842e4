//! A Snowflake masking policy: `[[masking_policy]]` with its signature, return type, body
//! (one SQL expression), `exempt_other_policies` and comment; tables attach it to columns
//! with `masking_policy = "NAME"` on the column (see `kinds::table`).
//!
//! What Snowflake lets change in place, and what it does not
//! (https://docs.snowflake.com/en/sql-reference/sql/alter-masking-policy):
//! * the body is `ALTER MASKING POLICY … SET BODY -> <expression>`, effective from the
//!   next query; the comment is `SET COMMENT` / `UNSET COMMENT`;
//! * the signature and the return type can never be altered, and
//!   `EXEMPT_OTHER_POLICIES` "cannot be changed once the policy is attached" — only
//!   `CREATE OR REPLACE` sets them
//!   (https://docs.snowflake.com/en/sql-reference/sql/create-masking-policy). A policy
//!   that is set on a column cannot be replaced nor dropped
//!   (https://docs.snowflake.com/en/sql-reference/sql/drop-masking-policy: "unset the
//!   policy from the column before dropping"), so such a change is one ordered change:
//!   every column the policy is set on is unset, the policy is replaced, and the columns
//!   that still declare it get it back. Between the two, those columns are unmasked: the
//!   change is destructive, so it needs consent.
//!
//! Reading it back: `SHOW MASKING POLICIES IN DATABASE d` lists the policies but not their
//! signature nor body, which only `DESCRIBE MASKING POLICY` gives
//! (https://docs.snowflake.com/en/sql-reference/sql/desc-masking-policy), so each listed
//! policy is described; and where a policy is set comes from
//! `d.INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => '…')`
//! (https://docs.snowflake.com/en/sql-reference/functions/policy_references), one query per
//! policy: Snowflake offers no source listing every policy reference of a database except
//! ACCOUNT_USAGE, whose latency of up to two hours makes it unusable for a plan. Policies
//! are few (a handful per database), so this costs two statements per policy, and nothing
//! per table. [`attach_to_columns`] then writes the references onto the live tables'
//! columns, so the table diff compares declared and live attachments like any attribute.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{DiffCx, ObjectKind};
use crate::config::diagnostic::Diagnostic;
use crate::config::names::NameScope;
use crate::config::resolve::{Ctx, Declared, common_keys};
use crate::config::schema_file::object_entry;
use crate::import::entry::{Entry, Writer};
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::kinds::procedure::Argument;
use crate::kinds::procedure::entry::RawArgument;
use crate::model::data_type::DataType;
use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::model::{Address, Derived, Kind, Object, Resource};
use crate::plan::Tier;
use crate::plan::diff::{DiffError, Edits, comment};
use crate::providers::snowflake::introspect::connection::{Connection, Runner};
use crate::providers::snowflake::introspect::record::Record;
use crate::providers::snowflake::introspect::{self, INFORMATION_SCHEMA, IntrospectError, Jobs};
use crate::providers::snowflake::result_set::ResultSet;
use crate::sql::CanonicalSql;
use crate::sql::fragment::Fragment;
use crate::sql::quote::{boolean, comment_clause, literal};

/// A masking policy, in canonical form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaskingPolicy {
    pub name: ObjectName,
    /// The arguments: the masked value first, then the columns a conditional policy
    /// reads. Types are kept as [`DataType::generic`] gives them, as DESCRIBE reports
    /// them.
    pub signature: Vec<Argument>,
    /// The return type: the first argument's type (Snowflake requires it).
    pub returns: DataType,
    /// One SQL expression, compared as SQL.
    pub body: CanonicalSql,
    pub exempt_other_policies: bool,
    pub comment: Option<String>,
    /// The columns the policy is set on, as POLICY_REFERENCES reports them; only read
    /// from Snowflake (the declared side is on the tables), and takes no part in equality.
    #[serde(default)]
    pub attached: Derived<Vec<ColumnReference>>,
}

/// A column a policy is set on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnReference {
    pub table: ObjectName,
    pub column: Ident,
}

impl Resource for MaskingPolicy {
    fn address(&self) -> Address {
        Address::new(Kind::MaskingPolicy, &self.name)
    }

    fn schema(&self) -> Option<SchemaName> {
        Some(self.name.schema_name())
    }

    fn references(&self) -> Vec<Address> {
        vec![Address::new(Kind::Schema, self.name.schema_name())]
    }
}

impl MaskingPolicy {
    /// Whether going from `self` (live) to `desired` needs `CREATE OR REPLACE`: the
    /// signature, the return type and `EXEMPT_OTHER_POLICIES` cannot be altered.
    pub(crate) fn replaced_by(&self, desired: &MaskingPolicy) -> bool {
        self.signature != desired.signature
            || self.returns != desired.returns
            || self.exempt_other_policies != desired.exempt_other_policies
    }

    fn signature_text(&self) -> String {
        signature_text(&self.signature)
    }
}

/// `ALTER TABLE t MODIFY COLUMN c SET MASKING POLICY p [FORCE]`: FORCE swaps a policy
/// already set on the column for `p` in one statement, where plain SET fails
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-table-column).
pub(crate) fn set_on_column(
    table: &ObjectName,
    column: &Ident,
    policy: &ObjectName,
    force: bool,
) -> String {
    let force = if force { " FORCE" } else { "" };
    format!("ALTER TABLE {table} MODIFY COLUMN {column} SET MASKING POLICY {policy}{force}")
}

/// `ALTER TABLE t MODIFY COLUMN c UNSET MASKING POLICY`
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-table-column).
pub(crate) fn unset_on_column(table: &ObjectName, column: &Ident) -> String {
    format!("ALTER TABLE {table} MODIFY COLUMN {column} UNSET MASKING POLICY")
}

/// Whether `cx`'s plan replaces the masking policy `name` (its live and desired forms
/// differ in what only `CREATE OR REPLACE` changes): its change then unsets it from every
/// column first, and sets it back on the columns that keep it.
pub(crate) fn replaced_in_plan(name: &ObjectName, cx: &DiffCx<'_>) -> bool {
    let address = Address::new(Kind::MaskingPolicy, name);
    let live = cx.states.live.objects.get(&address);
    let desired = cx.states.desired.objects.get(&address).map(|d| &d.object);
    matches!(
        (live, desired),
        (Some(Object::MaskingPolicy(l)), Some(Object::MaskingPolicy(d))) if l.replaced_by(d)
    )
}

object_entry! {
    /// `[[masking_policy]]`.
    RawMaskingPolicy {
        /// The arguments: the value to mask first (`{ name = "VAL", type = "STRING" }`),
        /// then, for a conditional policy, the other columns it reads.
        signature: Vec<RawArgument>,
        /// The return type; the first argument's type when omitted (Snowflake requires
        /// them to be the same).
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        returns: Option<Spanned<String>>,
        /// One SQL expression computing the value the query sees.
        #[schemars(with = "String")]
        body: Spanned<String>,
        /// Whether a column with this policy may also appear in a row access policy's
        /// signature (default false).
        #[serde(default)]
        exempt_other_policies: bool,
    }
}

impl ObjectKind for MaskingPolicy {
    const SQL_KEYWORD: &'static str = "MASKING POLICY";
    const SCHEMA_LEVEL: bool = true;
    type Raw = RawMaskingPolicy;

    fn resolve(raw: RawMaskingPolicy, ctx: &mut Ctx<'_>) -> Option<Declared> {
        let scope = ctx.scope.clone();
        let name = ctx.object_name(&raw.name, &scope, "masking policy");
        let mut valid = true;
        let signature = resolve_signature(&raw.signature, ctx);
        valid &= signature.is_some();
        let signature = signature.unwrap_or_default();
        let first = signature.first().map(|a| a.data_type);
        if raw.signature.is_empty() {
            ctx.error(&raw.name, "a masking policy needs at least one argument")
                .help = Some("signature = [{ name = \"VAL\", type = \"STRING\" }]".into());
            valid = false;
        }
        let returns = match &raw.returns {
            Some(text) => match DataType::parse(text.get_ref()) {
                // "The input and output data types must match"
                // (https://docs.snowflake.com/en/sql-reference/sql/create-masking-policy).
                Ok(t) if first.is_some_and(|f| f != t.generic()) => {
                    ctx.error(
                        text,
                        "a masking policy returns the type of its first argument",
                    )
                    .help = Some("remove `returns`, or give it the first argument's type".into());
                    valid = false;
                    None
                }
                Ok(t) => Some(t.generic()),
                Err(e) => {
                    ctx.error(text, e.to_string());
                    valid = false;
                    None
                }
            },
            None => first,
        };
        valid &= ctx.sql_fragment(&raw.body, "masking policy body", Fragment::Expression);
        let (Some(name), Some(returns), true) = (name, returns, valid) else {
            return None;
        };
        let policy = MaskingPolicy {
            name,
            signature,
            returns,
            body: CanonicalSql::new(raw.body.get_ref().trim()),
            exempt_other_policies: raw.exempt_other_policies,
            comment: raw.comment.clone(),
            attached: Default::default(),
        };
        Some(ctx.declare(policy, common_keys!(raw)))
    }

    fn diff(
        live: &MaskingPolicy,
        desired: &MaskingPolicy,
        cx: &DiffCx<'_>,
    ) -> Result<Edits, DiffError> {
        let mut e = Edits::default();
        if live.replaced_by(desired) {
            e.compare(
                "signature",
                &live.signature_text(),
                &desired.signature_text(),
            );
            e.compare("returns", &live.returns, &desired.returns);
            e.compare(
                "exempt_other_policies",
                &live.exempt_other_policies,
                &desired.exempt_other_policies,
            );
            e.compare("body", &live.body, &desired.body);
            e.compare_option("comment", &live.comment, &desired.comment);
            e.replace(
                "Snowflake cannot alter a masking policy's signature, return type or EXEMPT_OTHER_POLICIES; a policy set on a column cannot be replaced, so it is unset first and set again after",
            );
            for reference in &live.attached {
                e.sql(unset_on_column(&reference.table, &reference.column));
            }
            if !live.attached.is_empty() {
                e.raise(
                    Tier::Destructive,
                    format!(
                        "{} column(s) are unmasked between the unset and the set that follows the replace",
                        live.attached.len()
                    ),
                );
            }
            e.sql(desired.create_sql(CreateMode::Replace)?);
            for reference in live
                .attached
                .iter()
                .filter(|r| still_declared(r, desired, cx))
            {
                e.sql(set_on_column(
                    &reference.table,
                    &reference.column,
                    &desired.name,
                    false,
                ));
            }
            return Ok(e);
        }
        if e.compare("body", &live.body, &desired.body) {
            e.sql(format!(
                "ALTER MASKING POLICY {} SET BODY -> {}",
                desired.name,
                desired.body.text()
            ));
        }
        let object = Object::MaskingPolicy(desired.clone());
        comment(&mut e, &live.comment, &desired.comment, &object)?;
        Ok(e)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(format!(
            "{} MASKING POLICY {} AS {} RETURNS {} -> {}{} EXEMPT_OTHER_POLICIES = {}",
            mode.verb(),
            self.name,
            self.signature_text(),
            self.returns,
            self.body.text(),
            comment_clause(self.comment.as_deref()),
            boolean(self.exempt_other_policies)
        ))
    }

    fn spawn_reads<C: Connection>(jobs: &mut Jobs, runner: &Runner<C>, database: &Ident) {
        introspect::spawn_objects(jobs, read(runner.clone(), database.clone()));
    }

    fn import(&self, w: &Writer<'_>, schema: Option<&SchemaName>) -> Entry {
        let mut e = Entry::new("masking_policy");
        e.set("name", w.text(&w.short(&self.name, schema)));
        w.comment(&mut e, &self.comment);
        e.set("signature", import_signature(w, &self.signature));
        e.set("body", w.sql(self.body.text()));
        if self.exempt_other_policies {
            e.set("exempt_other_policies", "true".into());
        }
        e
    }
}

/// A policy's `signature` entry: names checked and unique, types parsed and kept
/// [`DataType::generic`], as DESCRIBE reports them. `None` after reporting a problem.
pub(crate) fn resolve_signature(raw: &[RawArgument], ctx: &mut Ctx<'_>) -> Option<Vec<Argument>> {
    let mut valid = true;
    let mut signature: Vec<Argument> = Vec::new();
    for argument in raw {
        let arg_name = ctx.ident(&argument.name, "argument");
        let data_type = DataType::parse(argument.data_type.get_ref())
            .map_err(|e| {
                ctx.error(&argument.data_type, e.to_string());
            })
            .ok();
        match (arg_name, data_type) {
            (Some(n), _) if signature.iter().any(|a| a.name == n) => {
                ctx.error(&argument.name, format!("duplicate argument {n}"));
                valid = false;
            }
            (Some(name), Some(data_type)) => signature.push(Argument {
                name,
                data_type: data_type.generic(),
            }),
            _ => valid = false,
        }
    }
    valid.then_some(signature)
}

/// `(VAL VARCHAR(16777216), …)`: a signature as CREATE writes it.
pub(crate) fn signature_text(signature: &[Argument]) -> String {
    let arguments: Vec<String> = signature
        .iter()
        .map(|a| format!("{} {}", a.name, a.data_type))
        .collect();
    format!("({})", arguments.join(", "))
}

/// A DESCRIBE row's `signature` (`(VAL VARCHAR, C NUMBER)`) as arguments.
pub(crate) fn described_signature(record: &Record<'_>) -> Result<Vec<Argument>, IntrospectError> {
    let text = record.required("signature")?;
    Ok(crate::kinds::procedure::read::described_arguments(text)
        .ok_or_else(|| record.invalid("signature", text, "is not (NAME TYPE, …)"))?
        .into_iter()
        .map(|a| Argument {
            name: a.name,
            data_type: a.data_type.generic(),
        })
        .collect())
}

/// `import`'s `signature = [{ name, type }, …]`.
pub(crate) fn import_signature(w: &Writer<'_>, signature: &[Argument]) -> String {
    let arguments: Vec<String> = signature
        .iter()
        .map(|a| {
            w.table(&[
                ("name".to_string(), w.text(&a.name.to_sql())),
                ("type".to_string(), w.text(&a.data_type.to_string())),
            ])
        })
        .collect();
    format!("[{}]", arguments.join(", "))
}

/// Whether the desired table still declares `desired` on the referenced column.
fn still_declared(reference: &ColumnReference, desired: &MaskingPolicy, cx: &DiffCx<'_>) -> bool {
    let address = Address::new(Kind::Table, &reference.table);
    let Some(Object::Table(table)) = cx.states.desired.objects.get(&address).map(|d| &d.object)
    else {
        return false;
    };
    table
        .column(&reference.column)
        .is_some_and(|c| c.masking_policy.as_ref() == Some(&desired.name))
}

/// `SHOW MASKING POLICIES IN DATABASE d`, then for each policy its DESCRIBE and its
/// references, concurrently. SHOW MASKING POLICIES errors rather than truncating past
/// 10,000 rows without LIMIT
/// (https://docs.snowflake.com/en/sql-reference/sql/show-masking-policies), which the
/// runner reports.
async fn read<C: Connection>(
    runner: Runner<C>,
    database: Ident,
) -> Result<Vec<Object>, IntrospectError> {
    let listed = read_policies(&runner, &database, Kind::MaskingPolicy).await?;
    let mut objects = Vec::new();
    for (policy, describe, references) in listed {
        objects.push(parse(policy, &describe, &references)?.into());
    }
    Ok(objects)
}

/// The policies of `kind` (masking or row access) in `database`: `SHOW <KIND>S IN
/// DATABASE d`, then each one's DESCRIBE and references, concurrently. Both SHOWs error
/// rather than truncate past 10,000 rows without LIMIT
/// (https://docs.snowflake.com/en/sql-reference/sql/show-masking-policies,
/// https://docs.snowflake.com/en/sql-reference/sql/show-row-access-policies), which the
/// runner reports.
pub(crate) async fn read_policies<C: Connection>(
    runner: &Runner<C>,
    database: &Ident,
    kind: Kind,
) -> Result<Vec<(Listed, ResultSet, ResultSet)>, IntrospectError> {
    let keyword = kind.sql_keyword();
    let mut listed: Vec<Listed> = Vec::new();
    for page in runner
        .show_unpaged(&format!(
            "SHOW {}IES IN DATABASE {database}",
            keyword.trim_end_matches('Y')
        ))
        .await?
    {
        for row in page.rows() {
            let listed_row = parse_listed(&Record::new(row, kind))?;
            if listed_row.name.schema.as_str() != INFORMATION_SCHEMA {
                listed.push(listed_row);
            }
        }
    }
    let mut statements: Vec<String> = Vec::new();
    for policy in &listed {
        statements.push(format!("DESCRIBE {keyword} {}", policy.name));
        statements.push(references_statement(&policy.name));
    }
    let mut results = runner.run_each(statements).await?.into_iter();
    let mut read = Vec::new();
    for policy in listed {
        let (Some(describe), Some(references)) = (results.next(), results.next()) else {
            return Err(IntrospectError::Interrupted(format!(
                "{}'s DESCRIBE or references gave no result",
                policy.name
            )));
        };
        read.push((policy, describe, references));
    }
    Ok(read)
}

/// One row of POLICY_REFERENCES: the table (or view) and, for a masking policy, the
/// column; for a row access policy (and a conditional masking policy's USING) the
/// argument columns, `REF_ARG_COLUMN_NAMES`. The page gives no format for that column; it
/// is read as a JSON array of names (`[ "C1", "C2" ]`, as seen on Snowflake by the
/// Terraform provider) or, failing that, as a comma-separated list.
pub(crate) struct PolicyReference {
    pub(crate) entity: ObjectName,
    pub(crate) domain: String,
    pub(crate) column: Option<Ident>,
    pub(crate) arguments: Vec<Ident>,
}

pub(crate) fn policy_references(
    references: &ResultSet,
    kind: Kind,
) -> Result<Vec<PolicyReference>, IntrospectError> {
    let mut found = Vec::new();
    for row in references.rows() {
        let r = Record::new(row, kind);
        // A policy that reaches the column through a tag (tag-based masking) has a row
        // with TAG_DATABASE / TAG_SCHEMA / TAG_NAME set ("NULL if a policy is not
        // assigned to the tag":
        // https://docs.snowflake.com/en/sql-reference/account-usage/policy_references, the
        // function's complementary view). The column declares no policy of its own: the
        // tag's `masking_policies` carry it.
        if r.if_present("TAG_NAME").is_some() {
            continue;
        }
        let arguments = match r.optional("REF_ARG_COLUMN_NAMES")? {
            None => Vec::new(),
            Some(text) => match serde_json::from_str::<Vec<String>>(text) {
                Ok(names) => names.into_iter().map(Ident::from_stored).collect(),
                Err(_) => text
                    .trim_matches(|c| c == '[' || c == ']')
                    .split(',')
                    .map(|n| n.trim().trim_matches('"'))
                    .filter(|n| !n.is_empty())
                    .map(Ident::from_stored)
                    .collect(),
            },
        };
        found.push(PolicyReference {
            entity: r.object_name("REF_DATABASE_NAME", "REF_SCHEMA_NAME", "REF_ENTITY_NAME")?,
            domain: r.required("REF_ENTITY_DOMAIN")?.to_ascii_uppercase(),
            column: r.optional("REF_COLUMN_NAME")?.map(Ident::from_stored),
            arguments,
        });
    }
    Ok(found)
}

/// The query listing where `policy` is set
/// (https://docs.snowflake.com/en/sql-reference/functions/policy_references): the
/// function takes the policy's full name as a string, quoted identifiers in their quotes.
pub(crate) fn references_statement(policy: &ObjectName) -> String {
    format!(
        "SELECT REF_DATABASE_NAME, REF_SCHEMA_NAME, REF_ENTITY_NAME, REF_ENTITY_DOMAIN, REF_COLUMN_NAME, \
         REF_ARG_COLUMN_NAMES, TAG_NAME FROM TABLE({}.INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => {}))",
        policy.database,
        literal(&policy.to_string())
    )
}

/// What SHOW MASKING POLICIES (or ROW ACCESS POLICIES) gives: the name, the comment and
/// the options.
pub(crate) struct Listed {
    pub(crate) name: ObjectName,
    pub(crate) comment: Option<String>,
    pub(crate) exempt_other_policies: bool,
}

/// One SHOW MASKING POLICIES row: `name`, `database_name`, `schema_name`, `comment`, and
/// `options`, a JSON object such as `{"EXEMPT_OTHER_POLICIES": "TRUE"}` or an empty string
/// (https://docs.snowflake.com/en/sql-reference/sql/show-masking-policies).
fn parse_listed(record: &Record<'_>) -> Result<Listed, IntrospectError> {
    let options = record.optional("options")?.unwrap_or("");
    let exempt_other_policies = if options.trim().is_empty() {
        false
    } else {
        let value: serde_json::Value = serde_json::from_str(options)
            .map_err(|e| record.invalid("options", options, e.to_string()))?;
        value
            .get("EXEMPT_OTHER_POLICIES")
            .and_then(|v| match v {
                serde_json::Value::Bool(b) => Some(*b),
                serde_json::Value::String(s) => Some(s.eq_ignore_ascii_case("TRUE")),
                _ => None,
            })
            .unwrap_or(false)
    };
    Ok(Listed {
        name: record.object_name("database_name", "schema_name", "name")?,
        comment: record.comment()?,
        exempt_other_policies,
    })
}

/// The policy from its SHOW row, its DESCRIBE (`name`, `signature` such as
/// `(VAL VARCHAR)`, `return_type` such as `VARCHAR(16777216)`, `body`:
/// https://docs.snowflake.com/en/sql-reference/sql/desc-masking-policy) and its
/// POLICY_REFERENCES rows (only the TABLE and VIEW domains' column references are read:
/// a policy reaching a column through a tag is the tag's, not the column's).
pub(crate) fn parse(
    listed: Listed,
    describe: &ResultSet,
    references: &ResultSet,
) -> Result<MaskingPolicy, IntrospectError> {
    let row = describe.rows().next().ok_or_else(|| {
        IntrospectError::Interrupted(format!(
            "DESCRIBE MASKING POLICY {} gave no row",
            listed.name
        ))
    })?;
    let record = Record::new(row, Kind::MaskingPolicy);
    let signature = described_signature(&record)?;
    let returns_text = record.required("return_type")?;
    let returns = DataType::parse(returns_text)
        .map_err(|e| record.invalid("return_type", returns_text, e.to_string()))?
        .generic();
    let body = record.required("body")?;
    let attached = policy_references(references, Kind::MaskingPolicy)?
        .into_iter()
        .filter(|r| r.domain == "TABLE")
        .filter_map(|r| {
            Some(ColumnReference {
                table: r.entity,
                column: r.column?,
            })
        })
        .collect::<Vec<_>>();
    Ok(MaskingPolicy {
        name: listed.name,
        signature,
        returns,
        body: CanonicalSql::new(body.trim()),
        exempt_other_policies: listed.exempt_other_policies,
        comment: listed.comment,
        attached: Derived(attached),
    })
}

/// Writes every live masking policy's references onto the live tables' columns, so a
/// table read back carries the policies set on it (see the module comment).
pub(crate) fn attach_to_columns(objects: &mut [Object]) {
    let mut references: Vec<(ColumnReference, ObjectName)> = Vec::new();
    for object in objects.iter() {
        if let Object::MaskingPolicy(policy) = object {
            for reference in &policy.attached {
                references.push((reference.clone(), policy.name.clone()));
            }
        }
    }
    if references.is_empty() {
        return;
    }
    for object in objects.iter_mut() {
        let Object::Table(table) = object else {
            continue;
        };
        for (reference, policy) in &references {
            if reference.table != table.name {
                continue;
            }
            if let Some(column) = table
                .columns
                .iter_mut()
                .find(|c| c.name == reference.column)
            {
                column.masking_policy = Some(policy.clone());
            }
        }
    }
}

/// The whole project's policy attachments, checked once everything is declared, so that
/// `validate` says what Snowflake would refuse at apply: a column's type must be its
/// masking policy's first argument's
/// (https://docs.snowflake.com/en/user-guide/security-column-ddm-use), and a row access
/// policy takes one table column per argument, of the argument's type
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-table). Policies that are not
/// declared (`external`) are not checked.
pub(crate) fn check_attachments(declared: &[Declared], diagnostics: &mut Vec<Diagnostic>) {
    let policies: BTreeMap<Address, &Object> = declared
        .iter()
        .filter(|d| {
            matches!(
                d.object,
                Object::MaskingPolicy(_) | Object::RowAccessPolicy(_)
            )
        })
        .map(|d| (d.object.address(), &d.object))
        .collect();
    for entry in declared {
        let at = |address: &Address| entry.sites.get(address).unwrap_or(&entry.at).clone();
        let (columns, access) = match &entry.object {
            Object::Table(t) => (Some(&t.columns), t.row_access_policy.as_ref()),
            Object::View(v) => (None, v.row_access_policy.as_ref()),
            _ => continue,
        };
        for column in columns.into_iter().flatten() {
            let Some(policy) = &column.masking_policy else {
                continue;
            };
            let address = Address::new(Kind::MaskingPolicy, policy);
            if let Some(Object::MaskingPolicy(p)) = policies.get(&address)
                && p.returns.generic() != column.data_type.generic()
            {
                diagnostics.push(Diagnostic::at(
                    at(&address),
                    format!(
                        "column {} is {}, but masking policy {policy} masks {}",
                        column.name, column.data_type, p.returns
                    ),
                ));
            }
        }
        let Some(access) = access else {
            continue;
        };
        let address = Address::new(Kind::RowAccessPolicy, &access.policy);
        let Some(Object::RowAccessPolicy(p)) = policies.get(&address) else {
            continue;
        };
        if p.signature.len() != access.on.len() {
            diagnostics.push(Diagnostic::at(
                at(&address),
                format!(
                    "row access policy {} takes {} argument(s), but `on` lists {} column(s)",
                    access.policy,
                    p.signature.len(),
                    access.on.len()
                ),
            ));
            continue;
        }
        for (name, argument) in access.on.iter().zip(&p.signature) {
            let Some(columns) = columns else {
                break;
            };
            match columns.iter().find(|c| &c.name == name) {
                None => diagnostics.push(Diagnostic::at(
                    at(&address),
                    format!("row access policy {} is added on column {name}, which the table does not have", access.policy),
                )),
                Some(c) if c.data_type.generic() != argument.data_type.generic() => {
                    diagnostics.push(Diagnostic::at(
                        at(&address),
                        format!(
                            "column {name} is {}, but row access policy {} takes {} for {}",
                            c.data_type, access.policy, argument.data_type, argument.name
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
    }
}

/// A column's `masking_policy`: a policy name in the table's schema, or qualified.
pub(crate) fn resolve_column_policy(
    value: &Spanned<String>,
    table: &ObjectName,
    ctx: &mut Ctx<'_>,
) -> Option<ObjectName> {
    NameScope::of(&table.schema_name())
        .object_name(value.get_ref())
        .map_err(|e| {
            ctx.error(value, format!("invalid masking policy name: {e}"))
                .help = Some(
                "write the policy's name (in the table's schema) or DATABASE.SCHEMA.NAME".into(),
            );
        })
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Action;
    use crate::providers::snowflake::introspect::record::fixture::{result, row};

    fn policy(body: &str, args: &[(&str, &str)]) -> MaskingPolicy {
        MaskingPolicy {
            name: ObjectName::parse("PR.SILVER.PII_EMAIL_MASK").unwrap(),
            signature: args
                .iter()
                .map(|(n, t)| Argument {
                    name: Ident::from_stored(*n),
                    data_type: DataType::parse(t).unwrap().generic(),
                })
                .collect(),
            returns: DataType::parse(args[0].1).unwrap().generic(),
            body: CanonicalSql::new(body),
            exempt_other_policies: false,
            comment: None,
            attached: Default::default(),
        }
    }

    fn statements(e: &Edits) -> Vec<String> {
        e.steps.iter().map(|s| s.describe()).collect()
    }

    #[test]
    fn create_states_every_attribute() {
        let mut p = policy(
            "CASE WHEN TRUE THEN val ELSE '***' END",
            &[("VAL", "STRING")],
        );
        p.comment = Some("it's".into());
        assert_eq!(
            p.create_sql(CreateMode::Create).unwrap(),
            "CREATE MASKING POLICY PR.SILVER.PII_EMAIL_MASK AS (VAL VARCHAR(16777216)) RETURNS VARCHAR(16777216) -> CASE WHEN TRUE THEN val ELSE '***' END COMMENT = 'it\\'s' EXEMPT_OTHER_POLICIES = FALSE"
        );
    }

    #[test]
    fn a_body_change_alters_in_place() {
        let live = policy("val", &[("VAL", "STRING")]);
        let mut desired = policy("'***'", &[("VAL", "STRING")]);
        desired.comment = Some("c".into());
        let e = crate::kinds::diff_in_test(&live, &desired);
        assert_eq!((e.action, e.tier), (Action::Update, Tier::Safe));
        assert_eq!(
            statements(&e),
            [
                "ALTER MASKING POLICY PR.SILVER.PII_EMAIL_MASK SET BODY -> '***'",
                "ALTER MASKING POLICY PR.SILVER.PII_EMAIL_MASK SET COMMENT = 'c'",
            ]
        );
        // Written differently, the same SQL is no change.
        assert!(
            crate::kinds::diff_in_test(&live, &policy("  VAL ", &[("VAL", "VARCHAR")])).is_empty()
        );
    }

    #[test]
    fn a_signature_change_unsets_replaces_and_needs_consent_when_set() {
        let mut live = policy("val", &[("VAL", "STRING")]);
        live.attached = Derived(vec![ColumnReference {
            table: ObjectName::parse("PR.SILVER.CUSTOMER").unwrap(),
            column: Ident::from_stored("EMAIL"),
        }]);
        let desired = policy("val", &[("VAL", "STRING"), ("COUNTRY", "STRING")]);
        let e = crate::kinds::diff_in_test(&live, &desired);
        assert_eq!((e.action, e.tier), (Action::Replace, Tier::Destructive));
        // The empty desired state of the test declares no table keeping the policy: it
        // is not set back.
        assert_eq!(
            statements(&e),
            [
                "ALTER TABLE PR.SILVER.CUSTOMER MODIFY COLUMN EMAIL UNSET MASKING POLICY",
                "CREATE OR REPLACE MASKING POLICY PR.SILVER.PII_EMAIL_MASK AS (VAL VARCHAR(16777216), COUNTRY VARCHAR(16777216)) RETURNS VARCHAR(16777216) -> val EXEMPT_OTHER_POLICIES = FALSE",
            ]
        );
        live.attached.clear();
        let e = crate::kinds::diff_in_test(&live, &desired);
        assert_eq!((e.action, e.tier), (Action::Replace, Tier::Safe));
    }

    #[test]
    fn show_describe_and_references_are_read_by_column_name() {
        let show = row(&[
            ("created_on", Some("2026-12-06 08:00:00.000 -0800")),
            ("name", Some("PII_EMAIL_MASK")),
            ("database_name", Some("PR")),
            ("schema_name", Some("SILVER")),
            ("kind", Some("MASKING_POLICY")),
            ("owner", Some("SYSADMIN")),
            ("comment", Some("")),
            ("options", Some("{\"EXEMPT_OTHER_POLICIES\": \"TRUE\"}")),
        ]);
        let listed = parse_listed(&Record::new(
            show.rows().next().unwrap(),
            Kind::MaskingPolicy,
        ))
        .unwrap();
        let describe = row(&[
            ("name", Some("PII_EMAIL_MASK")),
            ("signature", Some("(VAL VARCHAR)")),
            ("return_type", Some("VARCHAR(16777216)")),
            ("body", Some("'***'")),
        ]);
        let references = result(
            &[
                "REF_DATABASE_NAME",
                "REF_SCHEMA_NAME",
                "REF_ENTITY_NAME",
                "REF_ENTITY_DOMAIN",
                "REF_COLUMN_NAME",
                "REF_ARG_COLUMN_NAMES",
            ],
            &[
                &[
                    Some("PR"),
                    Some("SILVER"),
                    Some("CUSTOMER"),
                    Some("TABLE"),
                    Some("EMAIL"),
                    None,
                ],
                &[
                    Some("PR"),
                    Some("SILVER"),
                    Some("V"),
                    Some("VIEW"),
                    Some("EMAIL"),
                    None,
                ],
            ],
        );
        let p = parse(listed, &describe, &references).unwrap();
        assert!(p.exempt_other_policies);
        assert_eq!(p.comment, None);
        assert_eq!(p, {
            let mut expected = policy("'***'", &[("VAL", "STRING")]);
            expected.exempt_other_policies = true;
            expected
        });
        assert_eq!(p.attached.len(), 1);
        assert_eq!(p.attached[0].column.as_str(), "EMAIL");
        let bad = row(&[
            ("name", Some("P")),
            ("database_name", Some("PR")),
            ("schema_name", Some("S")),
            ("options", Some("{not json")),
        ]);
        assert!(
            parse_listed(&Record::new(
                bad.rows().next().unwrap(),
                Kind::MaskingPolicy
            ))
            .is_err()
        );
    }

    #[test]
    fn argument_columns_are_read_as_json_or_a_list() {
        let set = result(
            &[
                "REF_DATABASE_NAME",
                "REF_SCHEMA_NAME",
                "REF_ENTITY_NAME",
                "REF_ENTITY_DOMAIN",
                "REF_COLUMN_NAME",
                "REF_ARG_COLUMN_NAMES",
            ],
            &[
                &[
                    Some("D"),
                    Some("S"),
                    Some("T"),
                    Some("table"),
                    None,
                    Some("[ \"COUNTRY\", \"Mixed\" ]"),
                ],
                &[
                    Some("D"),
                    Some("S"),
                    Some("T"),
                    Some("TABLE"),
                    None,
                    Some("[A, B]"),
                ],
            ],
        );
        let found = policy_references(&set, Kind::MaskingPolicy).unwrap();
        let names = |r: &PolicyReference| {
            r.arguments
                .iter()
                .map(|a| a.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&found[0]), ["COUNTRY", "\"Mixed\""]);
        assert_eq!(names(&found[1]), ["A", "B"]);
        assert_eq!(found[0].domain, "TABLE");
        assert!(found[0].column.is_none());
    }

    #[test]
    fn references_are_read_with_the_full_name_as_a_literal() {
        assert_eq!(
            references_statement(&ObjectName::parse("PR.SILVER.\"it's\"").unwrap()),
            "SELECT REF_DATABASE_NAME, REF_SCHEMA_NAME, REF_ENTITY_NAME, REF_ENTITY_DOMAIN, REF_COLUMN_NAME, REF_ARG_COLUMN_NAMES, TAG_NAME FROM TABLE(PR.INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => 'PR.SILVER.\"it\\'s\"'))"
        );
    }

    #[test]
    fn columns_reached_through_a_tag_are_not_the_columns_own_policy() {
        let set = result(
            &[
                "REF_DATABASE_NAME",
                "REF_SCHEMA_NAME",
                "REF_ENTITY_NAME",
                "REF_ENTITY_DOMAIN",
                "REF_COLUMN_NAME",
                "REF_ARG_COLUMN_NAMES",
                "TAG_NAME",
            ],
            &[
                &[
                    Some("PR"),
                    Some("SILVER"),
                    Some("CUSTOMER"),
                    Some("TABLE"),
                    Some("EMAIL"),
                    None,
                    None,
                ],
                &[
                    Some("PR"),
                    Some("SILVER"),
                    Some("CUSTOMER"),
                    Some("TABLE"),
                    Some("NAME"),
                    None,
                    Some("PII"),
                ],
            ],
        );
        let found = policy_references(&set, Kind::MaskingPolicy).unwrap();
        let columns: Vec<String> = found
            .iter()
            .filter_map(|r| r.column.as_ref().map(|c| c.to_string()))
            .collect();
        assert_eq!(columns, ["EMAIL"]);
    }
}
