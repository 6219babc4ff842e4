//! What masking policies and row access policies share, written once: the signature
//! (resolved, rendered, described, imported), the common part of resolution and import,
//! the attribute diff with its detach → replace → re-attach ordering, and the reading —
//! `SHOW … POLICIES IN DATABASE`, then per policy its DESCRIBE, and once everything is
//! listed the POLICY_REFERENCES of all of them, in the reading's one united batch
//! (`introspect::united`).
//!
//! The two kinds differ only in what they attach to (a column; a table or view with the
//! columns it is added on), in the attributes beyond signature and body that cannot be
//! altered (the masking policy's return type and `EXEMPT_OTHER_POLICIES`), and in the
//! words of their statements: each says so by implementing [`Policy`]. Why the change
//! rules are what they are, with Snowflake's documentation, is in `kinds::masking_policy`
//! and `kinds::row_access_policy`.

use std::collections::BTreeMap;

use toml::Spanned;

use super::{DiffCx, ObjectKind};
use crate::config::diagnostic::Diagnostic;
use crate::config::names::NameScope;
use crate::config::resolve::{Ctx, Declared};
use crate::import::entry::{Entry, Writer};
use crate::kinds::ddl::CreateMode;
use crate::kinds::procedure::Argument;
use crate::kinds::procedure::entry::RawArgument;
use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::model::{Address, Kind, Object, Resource};
use crate::plan::Tier;
use crate::plan::diff::{DiffError, Edits, comment};
use crate::providers::snowflake::introspect::connection::{Connection, Runner};
use crate::providers::snowflake::introspect::record::Record;
use crate::providers::snowflake::introspect::united::{Answers, Batch, Query, Ticket};
use crate::providers::snowflake::introspect::{Found, INFORMATION_SCHEMA, IntrospectError};
use crate::providers::snowflake::result_set::ResultSet;
use crate::sql::CanonicalSql;
use crate::sql::quote::literal;

/// A policy kind: what [`diff`], [`read`], [`replaced_in_plan`] and [`attachments`] need
/// to know of it.
pub(crate) trait Policy: ObjectKind {
    /// One place the policy is attached to, as read from POLICY_REFERENCES.
    type Reference: Clone;
    /// How diagnostics name the kind (`masking policy`).
    const NOUN: &'static str;
    /// The help for an empty signature (`signature = [{ … }]`).
    const SIGNATURE_EXAMPLE: &'static str;
    /// Why a change of what cannot be altered is a replace, and what it does.
    const REPLACE_REASON: &'static str;

    /// The policy, when `object` is one of this kind.
    fn of(object: &Object) -> Option<&Self>;
    fn of_mut(object: &mut Object) -> Option<&mut Self>;
    fn name(&self) -> &ObjectName;
    fn signature(&self) -> &[Argument];
    fn body(&self) -> &CanonicalSql;
    fn comment(&self) -> &Option<String>;
    /// Where the live policy is attached (empty on the desired side).
    fn attached(&self) -> &[Self::Reference];

    /// Whether going from `self` (live) to `desired` needs `CREATE OR REPLACE`.
    fn replaced_by(&self, desired: &Self) -> bool;
    /// Compares the kind's own attributes that cannot be altered (after the signature).
    fn compare_unalterable(_live: &Self, _desired: &Self, _e: &mut Edits) {}
    /// The statement taking the policy off `reference` before it is replaced.
    fn detach(&self, reference: &Self::Reference) -> String;
    /// The statement putting `desired` back on `reference` after the replace, when the
    /// desired state still declares it there.
    fn reattach(desired: &Self, reference: &Self::Reference, cx: &DiffCx<'_>) -> Option<String>;
    /// What is exposed between the detach and the re-attach of `count` references.
    fn exposed(count: usize) -> String;

    /// The policy from its SHOW row and its DESCRIBE, attached nowhere yet.
    fn parse(described: Described<'_>) -> Result<Self, IntrospectError>;
    /// Records where the live policy is attached, from its POLICY_REFERENCES rows (the
    /// ones this kind attaches to).
    fn attach(&mut self, references: Vec<PolicyReference>);
}

/// The attribute diff of a policy: a change of what cannot be altered takes the policy off
/// everything it is attached to, replaces it, and attaches it again where the desired
/// state keeps it (destructive when anything was attached: it is unprotected in between);
/// otherwise the body and the comment alter in place.
pub(crate) fn diff<K: Policy>(live: &K, desired: &K, cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
    let mut e = Edits::default();
    if live.replaced_by(desired) {
        e.compare(
            "signature",
            &signature_text(live.signature()),
            &signature_text(desired.signature()),
        );
        K::compare_unalterable(live, desired, &mut e);
        e.compare("body", live.body(), desired.body());
        e.compare_option("comment", live.comment(), desired.comment());
        e.replace(K::REPLACE_REASON);
        for reference in live.attached() {
            e.sql(live.detach(reference));
        }
        if !live.attached().is_empty() {
            e.raise(Tier::Destructive, K::exposed(live.attached().len()));
        }
        e.sql(desired.create_sql(CreateMode::Replace)?);
        for reference in live.attached() {
            if let Some(statement) = K::reattach(desired, reference, cx) {
                e.sql(statement);
            }
        }
        return Ok(e);
    }
    if e.compare("body", live.body(), desired.body()) {
        e.sql(format!(
            "ALTER {} {} SET BODY -> {}",
            K::SQL_KEYWORD,
            desired.name(),
            desired.body().text()
        ));
    }
    let object: Object = desired.clone().into();
    comment(&mut e, live.comment(), desired.comment(), &object)?;
    Ok(e)
}

/// Which policies a plan replaces, as a table's or a view's diff asks (their change then
/// takes them off the object or its columns and puts them back where they are still
/// declared). Functions rather than the plan, so a diff's tests can say which.
pub(crate) struct Replaced<'a> {
    pub(crate) masking: &'a dyn Fn(&ObjectName) -> bool,
    pub(crate) row_access: &'a dyn Fn(&ObjectName) -> bool,
}

/// Adds the tags and the masking policies an object and its columns set to `refs`, each
/// once: they must exist before the statements that set them (the `references` of a
/// table and of a view, which set both the same way).
pub(crate) fn add_governance_references<'a>(
    refs: &mut Vec<Address>,
    tags: impl IntoIterator<Item = &'a crate::kinds::tag::TagValues>,
    masking: impl IntoIterator<Item = &'a ObjectName>,
) {
    let tags = tags
        .into_iter()
        .flat_map(|t| t.keys())
        .map(|tag| Address::new(Kind::Tag, tag));
    let masking = masking
        .into_iter()
        .map(|policy| Address::new(Kind::MaskingPolicy, policy));
    for address in tags.chain(masking) {
        if !refs.contains(&address) {
            refs.push(address);
        }
    }
}

/// Runs `f` with the policies `cx`'s plan replaces ([`replaced_in_plan`] of each kind).
pub(crate) fn with_replaced<R>(cx: &DiffCx<'_>, f: impl FnOnce(&Replaced<'_>) -> R) -> R {
    use crate::kinds::{masking_policy::MaskingPolicy, row_access_policy::RowAccessPolicy};
    let masking = |name: &ObjectName| replaced_in_plan::<MaskingPolicy>(name, cx);
    let row_access = |name: &ObjectName| replaced_in_plan::<RowAccessPolicy>(name, cx);
    f(&Replaced {
        masking: &masking,
        row_access: &row_access,
    })
}

/// Whether `cx`'s plan replaces the policy `name` of kind `K` (its live and desired forms
/// differ in what only `CREATE OR REPLACE` changes): its change then takes it off
/// everything first, and puts it back where the desired state keeps it.
pub(crate) fn replaced_in_plan<K: Policy>(name: &ObjectName, cx: &DiffCx<'_>) -> bool {
    replaced_between::<K>(name, cx.states)
}

/// [`replaced_in_plan`] from the two states alone (what a role's grants on the policy
/// are compared with).
pub(crate) fn replaced_between<K: Policy>(
    name: &ObjectName,
    states: &crate::kinds::role::grant::States<'_>,
) -> bool {
    let address = Address::new(K::KIND, name);
    let live = states.live.objects.get(&address).and_then(K::of);
    let desired = states
        .desired
        .objects
        .get(&address)
        .and_then(|d| K::of(&d.object));
    matches!((live, desired), (Some(l), Some(d)) if l.replaced_by(d))
}

/// The name, the signature and the body's check every policy entry resolves alike;
/// `None` for what is invalid (after reporting it).
pub(crate) struct Head {
    pub(crate) name: Option<ObjectName>,
    pub(crate) signature: Option<Vec<Argument>>,
}

/// Resolves an entry's name and `signature` (at least one argument).
pub(crate) fn resolve_head<K: Policy>(
    name: &Spanned<String>,
    raw_signature: &[RawArgument],
    ctx: &mut Ctx<'_>,
) -> Head {
    let scope = ctx.scope.clone();
    let resolved = ctx.object_name(name, &scope, K::NOUN);
    let mut signature = resolve_signature(raw_signature, ctx);
    if raw_signature.is_empty() {
        ctx.error(name, format!("a {} needs at least one argument", K::NOUN))
            .help = Some(K::SIGNATURE_EXAMPLE.into());
        signature = None;
    }
    Head {
        name: resolved,
        signature,
    }
}

/// A policy's `signature` entry: the procedure's argument list, with types kept
/// [`crate::model::data_type::DataType::generic`], as DESCRIBE reports them. `None` after
/// reporting a problem.
pub(crate) fn resolve_signature(raw: &[RawArgument], ctx: &mut Ctx<'_>) -> Option<Vec<Argument>> {
    let arguments = crate::kinds::procedure::entry::resolve_arguments(raw, ctx)?;
    Some(
        arguments
            .into_iter()
            .map(|a| Argument {
                name: a.name,
                data_type: a.data_type.generic(),
            })
            .collect(),
    )
}

/// The policy an attachment names (a column's `masking_policy`, a table's
/// `row_access_policy.name`): its name in the table's schema, or qualified.
pub(crate) fn resolve_attached_name<K: Policy>(
    value: &Spanned<String>,
    table: &ObjectName,
    ctx: &mut Ctx<'_>,
) -> Option<ObjectName> {
    NameScope::of(&table.schema_name())
        .object_name(value.get_ref())
        .map_err(|e| {
            ctx.error(value, format!("invalid {} name: {e}", K::NOUN))
                .help = Some(
                "write the policy's name (in the table's schema) or DATABASE.SCHEMA.NAME".into(),
            );
        })
        .ok()
}

/// `(VAL VARCHAR(16777216), …)`: a signature as CREATE writes it.
pub(crate) fn signature_text(signature: &[Argument]) -> String {
    let arguments: Vec<String> = signature
        .iter()
        .map(|a| format!("{} {}", a.name, a.data_type))
        .collect();
    format!("({})", arguments.join(", "))
}

/// The entry `import` writes for a policy: name, comment, signature and body; the kind
/// adds its own keys.
pub(crate) fn import_entry<K: Policy>(
    policy: &K,
    w: &Writer<'_>,
    schema: Option<&SchemaName>,
) -> Entry {
    let mut e = Entry::new(K::KIND.key());
    e.set("name", w.text(&w.short(policy.name(), schema)));
    w.comment(&mut e, policy.comment());
    e.set(
        "signature",
        crate::kinds::procedure::import_arguments(w, policy.signature()),
    );
    e.set("body", w.sql(policy.body().text()));
    e
}

/// The policies of kind `K` in `database`: `SHOW <KIND>S IN DATABASE d`, then each one's
/// DESCRIBE ([`References`] reads where they are attached). Both SHOWs error rather
/// than truncate past 10,000 rows without LIMIT
/// (https://docs.snowflake.com/en/sql-reference/sql/show-masking-policies,
/// https://docs.snowflake.com/en/sql-reference/sql/show-row-access-policies), which the
/// runner reports.
pub(crate) async fn read<K: Policy, C: Connection>(
    runner: Runner<C>,
    database: Ident,
) -> Result<Found, IntrospectError> {
    let keyword = K::SQL_KEYWORD;
    let mut listed: Vec<Listed> = Vec::new();
    for page in runner
        .show_unpaged(&format!(
            "SHOW {}IES IN DATABASE {database}",
            keyword.trim_end_matches('Y')
        ))
        .await?
    {
        for row in page.rows() {
            let listed_row = parse_listed(&Record::new(row, K::KIND))?;
            if listed_row.name.schema.as_str() != INFORMATION_SCHEMA {
                listed.push(listed_row);
            }
        }
    }
    // The DESCRIBEs one each: nothing lists bodies and signatures.
    let describes = listed
        .iter()
        .map(|policy| format!("DESCRIBE {keyword} {}", policy.name))
        .collect();
    let mut results = runner.run_each(describes).await?.into_iter();
    let mut found = Found::default();
    for policy in listed {
        let Some(describe) = results.next() else {
            return Err(IntrospectError::Interrupted(format!(
                "{}'s DESCRIBE gave no result",
                policy.name
            )));
        };
        let owner = policy.owner.clone();
        found.push(parse::<K>(policy, &describe)?.into(), owner);
    }
    Ok(found)
}

/// The POLICY_REFERENCES of every live policy of kind `K`, added to the reading's united
/// batch once the policies are listed, so that the references of every policy and tag
/// of every database cost one statement together rather than one per kind.
pub(crate) struct References<K> {
    /// Each policy's index among the objects read, and its query's ticket.
    pending: Vec<(usize, Ticket)>,
    kind: std::marker::PhantomData<K>,
}

impl<K: Policy> References<K> {
    pub(crate) fn new(objects: &[Object], batch: &mut Batch) -> Self {
        let pending = objects
            .iter()
            .enumerate()
            .filter_map(|(i, object)| Some((i, batch.add(references_query(K::of(object)?.name())))))
            .collect();
        References {
            pending,
            kind: std::marker::PhantomData,
        }
    }

    /// Writes what was read onto the policies.
    pub(crate) fn write_onto(
        self,
        objects: &mut [Object],
        answers: &mut Answers,
    ) -> Result<(), IntrospectError> {
        for (i, ticket) in self.pending {
            let references = policy_references(&answers.take(ticket), K::KIND)?;
            if let Some(policy) = objects.get_mut(i).and_then(K::of_mut) {
                policy.attach(references);
            }
        }
        Ok(())
    }
}

/// What a policy's reading gives its kind to build it from: the SHOW row and the
/// DESCRIBE row (its `signature` and `body` already read).
pub(crate) struct Described<'a> {
    pub(crate) listed: Listed,
    pub(crate) record: Record<'a>,
    pub(crate) signature: Vec<Argument>,
    pub(crate) body: CanonicalSql,
}

/// The policy from its SHOW row, its DESCRIBE (`name`, `signature` such as
/// `(VAL VARCHAR)`, `return_type`, `body`:
/// https://docs.snowflake.com/en/sql-reference/sql/desc-masking-policy,
/// https://docs.snowflake.com/en/sql-reference/sql/desc-row-access-policy).
pub(crate) fn parse<K: Policy>(listed: Listed, describe: &ResultSet) -> Result<K, IntrospectError> {
    let row = describe.rows().next().ok_or_else(|| {
        IntrospectError::Interrupted(format!(
            "DESCRIBE {} {} gave no row",
            K::SQL_KEYWORD,
            listed.name
        ))
    })?;
    let record = Record::new(row, K::KIND);
    let signature = described_signature(&record)?;
    let body = CanonicalSql::new(record.required("body")?.trim());
    K::parse(Described {
        listed,
        record,
        signature,
        body,
    })
}

/// A DESCRIBE row's `signature` (`(VAL VARCHAR, C NUMBER)`) as arguments.
fn described_signature(record: &Record<'_>) -> Result<Vec<Argument>, IntrospectError> {
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

/// One row of POLICY_REFERENCES: the table (or view) and, for a masking policy, the
/// column; for a row access policy the argument columns, `REF_ARG_COLUMN_NAMES` (which
/// the page says is NULL for a masking policy; a conditional one's USING is read there
/// when reported: `masking_policy::using_of`). The page gives no format for that column; it
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

/// What [`policy_references`] reads of POLICY_REFERENCES.
pub(crate) const REFERENCE_COLUMNS: &[&str] = &[
    "REF_DATABASE_NAME",
    "REF_SCHEMA_NAME",
    "REF_ENTITY_NAME",
    "REF_ENTITY_DOMAIN",
    "REF_COLUMN_NAME",
    "REF_ARG_COLUMN_NAMES",
    "TAG_NAME",
];

/// The query listing where `policy` is set
/// (https://docs.snowflake.com/en/sql-reference/functions/policy_references): the
/// function takes the policy's full name as a string, quoted identifiers in their quotes.
fn references_query(policy: &ObjectName) -> Query {
    Query {
        columns: REFERENCE_COLUMNS,
        from: format!(
            "TABLE({}.INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => {}))",
            policy.database,
            literal(&policy.to_string())
        ),
    }
}

/// What SHOW MASKING POLICIES (or ROW ACCESS POLICIES) gives: the name, the comment and
/// the options.
pub(crate) struct Listed {
    pub(crate) name: ObjectName,
    pub(crate) comment: Option<String>,
    pub(crate) exempt_other_policies: bool,
    /// The `owner` column (`kinds::owner`).
    pub(crate) owner: Option<Ident>,
}

/// One SHOW MASKING POLICIES row: `name`, `database_name`, `schema_name`, `comment`, and
/// `options`, a JSON object such as `{"EXEMPT_OTHER_POLICIES": "TRUE"}` or an empty string
/// (https://docs.snowflake.com/en/sql-reference/sql/show-masking-policies).
pub(crate) fn parse_listed(record: &Record<'_>) -> Result<Listed, IntrospectError> {
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
        owner: record.owner(),
    })
}

/// Every live policy of kind `K`'s references with the policy's name, for the kind to
/// write onto the live tables (the table diff then compares declared and live
/// attachments like any attribute).
pub(crate) fn attachments<K: Policy>(objects: &[Object]) -> Vec<(K::Reference, ObjectName)> {
    let mut references = Vec::new();
    for policy in objects.iter().filter_map(K::of) {
        for reference in policy.attached() {
            references.push((reference.clone(), policy.name().clone()));
        }
    }
    references
}

/// The whole project's policy attachments, checked once everything is declared, so that
/// `validate` says what Snowflake would refuse at apply: a column's type must be its
/// masking policy's first argument's
/// (https://docs.snowflake.com/en/user-guide/security-column-ddm-use), a conditional
/// policy's USING lists one existing column per argument, of the argument's type, and a
/// row access
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
            Object::View(v) => {
                // A view's column types are the query's, known once it is bound: only
                // USING's length is checked here, the types with the binding
                // (`config::queries`).
                for column in v.columns.iter().filter(|c| !c.masking_using.is_empty()) {
                    let Some(policy) = &column.masking_policy else {
                        continue;
                    };
                    let address = Address::new(Kind::MaskingPolicy, policy);
                    if let Some(Object::MaskingPolicy(p)) = policies.get(&address)
                        && p.signature.len() != column.masking_using.len()
                    {
                        diagnostics.push(Diagnostic::at(
                            at(&address),
                            format!(
                                "masking policy {policy} takes {} argument(s), but the `using` of column {} lists {} column(s)",
                                p.signature.len(),
                                column.name,
                                column.masking_using.len()
                            ),
                        ));
                    }
                }
                (None, v.row_access_policy.as_ref())
            }
            _ => continue,
        };
        for column in columns.into_iter().flatten() {
            let Some(policy) = &column.masking_policy else {
                continue;
            };
            let address = Address::new(Kind::MaskingPolicy, policy);
            let declared = match policies.get(&address) {
                Some(Object::MaskingPolicy(p)) => Some(p),
                _ => None,
            };
            if let Some(p) = declared
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
            if column.masking_using.is_empty() {
                continue;
            }
            // USING passes one column per argument of the policy's signature, in order:
            // "the additional columns specify the columns to evaluate" for the conditional
            // arguments (https://docs.snowflake.com/en/sql-reference/sql/alter-table-column,
            // https://docs.snowflake.com/en/sql-reference/sql/create-masking-policy).
            if let Some(p) = declared
                && p.signature.len() != column.masking_using.len()
            {
                diagnostics.push(Diagnostic::at(
                    at(&address),
                    format!(
                        "masking policy {policy} takes {} argument(s), but the `using` of column {} lists {} column(s)",
                        p.signature.len(),
                        column.name,
                        column.masking_using.len()
                    ),
                ));
                continue;
            }
            for (i, name) in column.masking_using.iter().enumerate().skip(1) {
                let Some(found) = columns.into_iter().flatten().find(|c| &c.name == name) else {
                    diagnostics.push(Diagnostic::at(
                        at(&address),
                        format!(
                            "the `using` of column {} names column {name}, which the table does not have",
                            column.name
                        ),
                    ));
                    continue;
                };
                if let Some(argument) = declared.and_then(|p| p.signature.get(i))
                    && argument.data_type.generic() != found.data_type.generic()
                {
                    diagnostics.push(Diagnostic::at(
                        at(&address),
                        format!(
                            "column {name} is {}, but masking policy {policy} takes {} for {}",
                            found.data_type, argument.data_type, argument.name
                        ),
                    ));
                }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::snowflake::introspect::record::fixture::result;

    #[test]
    fn argument_columns_are_read_as_json_or_a_list() {
        let set = result(
            REFERENCE_COLUMNS,
            &[
                &[
                    Some("D"),
                    Some("S"),
                    Some("T"),
                    Some("table"),
                    None,
                    Some("[ \"COUNTRY\", \"Mixed\" ]"),
                    None,
                ],
                &[
                    Some("D"),
                    Some("S"),
                    Some("T"),
                    Some("TABLE"),
                    None,
                    Some("[A, B]"),
                    None,
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
            references_query(&ObjectName::parse("PR.SILVER.\"it's\"").unwrap()).to_string(),
            "SELECT REF_DATABASE_NAME, REF_SCHEMA_NAME, REF_ENTITY_NAME, REF_ENTITY_DOMAIN, REF_COLUMN_NAME, REF_ARG_COLUMN_NAMES, TAG_NAME FROM TABLE(PR.INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => 'PR.SILVER.\"it\\'s\"'))"
        );
    }

    #[test]
    fn columns_reached_through_a_tag_are_not_the_columns_own_policy() {
        let set = result(
            REFERENCE_COLUMNS,
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
