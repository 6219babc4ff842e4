//! A Snowflake masking policy: `[[masking_policy]]` with its signature, return type, body
//! (one SQL expression), `exempt_other_policies` and comment; tables and views attach it
//! to columns with `masking_policy = "NAME"` (or `{ name, using }` for a conditional
//! policy) on the column (see `kinds::table`, `kinds::view`). What it shares with
//! the row access policy (signature, diff, reading) is `kinds::policy`'s.
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
//! per table. [`attach_to_columns`] then writes the references onto the live tables' and
//! views' columns, so their diffs compare declared and live attachments like any
//! attribute.

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
use crate::model::data_type::DataType;
use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::model::{Address, Derived, Kind, Object, Resource};
use crate::plan::Tier;
use crate::plan::diff::{DiffError, Edits};
use crate::providers::snowflake::introspect::connection::{Connection, Runner};
use crate::providers::snowflake::introspect::{IntrospectError, Jobs};
use crate::sql::CanonicalSql;
use crate::sql::fragment::Fragment;
use crate::sql::quote::{boolean, comment_clause};

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
    /// Whether `table` is a view (POLICY_REFERENCES' `VIEW` domain).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub view: bool,
    pub column: Ident,
    /// The `USING` list of a conditional policy (the column first), empty without one;
    /// see [`using_of`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub using: Vec<Ident>,
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

/// `ALTER TABLE | VIEW t MODIFY COLUMN c SET MASKING POLICY p [USING (c, cond, …)]
/// [FORCE]` (`kind`: the table's or the view's): USING binds a conditional policy's
/// arguments to columns, the masked column first; FORCE swaps a policy already set on the
/// column for `p` in one statement, where plain SET fails
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-table-column; ALTER VIEW takes
/// the same clause: https://docs.snowflake.com/en/sql-reference/sql/alter-view).
pub(crate) fn set_on_column(
    kind: Kind,
    table: &ObjectName,
    column: &Ident,
    policy: &ObjectName,
    using: &[Ident],
    force: bool,
) -> String {
    let force = if force { " FORCE" } else { "" };
    format!(
        "ALTER {} {table} MODIFY COLUMN {column} SET MASKING POLICY {policy}{}{force}",
        kind.sql_keyword(),
        using_clause(using)
    )
}

/// ` USING (c, cond, …)`, or nothing for an empty list.
fn using_clause(using: &[Ident]) -> String {
    if using.is_empty() {
        return String::new();
    }
    let names: Vec<String> = using.iter().map(Ident::to_string).collect();
    format!(" USING ({})", names.join(", "))
}

/// How a plan shows a column's masking policy: `P`, or `P USING (C, CONSENT)`.
pub(crate) fn shown(policy: &ObjectName, using: &[Ident]) -> String {
    format!("{policy}{}", using_clause(using))
}

/// A conditional policy's USING list from POLICY_REFERENCES' `REF_ARG_COLUMN_NAMES`. The
/// page says that column "returns NULL for rows in the query result in which a masking
/// policy is set" (https://docs.snowflake.com/en/sql-reference/functions/policy_references),
/// while clients reading it live expect the USING columns there; lakeform takes a list
/// when one is reported and, when none is, does not know the USING (see
/// [`diff_column`]). The page gives neither the format (read by
/// `policy::policy_references`) nor whether the masked column is in it: a list not
/// starting with `column` gets it put first, so both readings give the list as USING
/// writes it.
pub(crate) fn using_of(column: &Ident, arguments: Vec<Ident>) -> Vec<Ident> {
    if arguments.is_empty() || arguments.first() == Some(column) {
        return arguments;
    }
    std::iter::once(column.clone()).chain(arguments).collect()
}

/// `ALTER TABLE | VIEW t MODIFY COLUMN c UNSET MASKING POLICY`
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-table-column,
/// https://docs.snowflake.com/en/sql-reference/sql/alter-view).
pub(crate) fn unset_on_column(kind: Kind, table: &ObjectName, column: &Ident) -> String {
    format!(
        "ALTER {} {table} MODIFY COLUMN {column} UNSET MASKING POLICY",
        kind.sql_keyword()
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
        let head = policy::resolve_head::<Self>(&raw.name, &raw.signature, ctx);
        let mut valid = head.signature.is_some();
        let first = head
            .signature
            .as_ref()
            .and_then(|s| s.first())
            .map(|a| a.data_type);
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
        let (Some(name), Some(signature), Some(returns), true) =
            (head.name, head.signature, returns, valid)
        else {
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
        policy::diff(live, desired, cx)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        Ok(format!(
            "{} MASKING POLICY {} AS {} RETURNS {} -> {}{} EXEMPT_OTHER_POLICIES = {}",
            mode.verb(),
            self.name,
            policy::signature_text(&self.signature),
            self.returns,
            self.body.text(),
            comment_clause(self.comment.as_deref()),
            boolean(self.exempt_other_policies)
        ))
    }

    fn spawn_reads<C: Connection>(jobs: &mut Jobs, runner: &Runner<C>, database: &Ident) {
        jobs.spawn(policy::read::<Self, C>(runner.clone(), database.clone()));
    }

    fn import(&self, w: &Writer<'_>, schema: Option<&SchemaName>) -> Entry {
        let mut e = policy::import_entry(self, w, schema);
        if self.exempt_other_policies {
            e.set("exempt_other_policies", "true".into());
        }
        e
    }
}

impl Policy for MaskingPolicy {
    type Reference = ColumnReference;
    const NOUN: &'static str = "masking policy";
    const SIGNATURE_EXAMPLE: &'static str = "signature = [{ name = \"VAL\", type = \"STRING\" }]";
    const REPLACE_REASON: &'static str = "Snowflake cannot alter a masking policy's signature, return type or EXEMPT_OTHER_POLICIES; a policy set on a column cannot be replaced, so it is unset first and set again after";

    fn of(object: &Object) -> Option<&Self> {
        match object {
            Object::MaskingPolicy(p) => Some(p),
            _ => None,
        }
    }

    fn of_mut(object: &mut Object) -> Option<&mut Self> {
        match object {
            Object::MaskingPolicy(p) => Some(p),
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

    fn attached(&self) -> &[ColumnReference] {
        &self.attached
    }

    /// The signature, the return type and `EXEMPT_OTHER_POLICIES` cannot be altered.
    fn replaced_by(&self, desired: &MaskingPolicy) -> bool {
        self.signature != desired.signature
            || self.returns != desired.returns
            || self.exempt_other_policies != desired.exempt_other_policies
    }

    fn compare_unalterable(live: &Self, desired: &Self, e: &mut Edits) {
        e.compare("returns", &live.returns, &desired.returns);
        e.compare(
            "exempt_other_policies",
            &live.exempt_other_policies,
            &desired.exempt_other_policies,
        );
    }

    fn detach(&self, reference: &ColumnReference) -> String {
        unset_on_column(reference.kind(), &reference.table, &reference.column)
    }

    /// Set back when the desired table or view still declares the policy on the column.
    fn reattach(desired: &Self, reference: &ColumnReference, cx: &DiffCx<'_>) -> Option<String> {
        let address = Address::new(reference.kind(), &reference.table);
        let declared = cx.states.desired.objects.get(&address).map(|d| &d.object);
        let (policy, using) = match declared? {
            Object::Table(table) => table
                .column(&reference.column)
                .map(|c| (c.masking_policy.as_ref(), &c.masking_using))?,
            Object::View(view) => view
                .column(&reference.column)
                .map(|c| (c.masking_policy.as_ref(), &c.masking_using))?,
            _ => return None,
        };
        (policy == Some(&desired.name)).then(|| {
            set_on_column(
                reference.kind(),
                &reference.table,
                &reference.column,
                &desired.name,
                using,
                false,
            )
        })
    }

    fn exposed(count: usize) -> String {
        format!(
            "{count} column(s) are unmasked between the unset and the set that follows the replace"
        )
    }

    /// Beyond what every policy reads, the DESCRIBE's `return_type` (such as
    /// `VARCHAR(16777216)`).
    fn parse(d: Described<'_>) -> Result<Self, IntrospectError> {
        let returns_text = d.record.required("return_type")?;
        let returns = DataType::parse(returns_text)
            .map_err(|e| d.record.invalid("return_type", returns_text, e.to_string()))?
            .generic();
        Ok(MaskingPolicy {
            name: d.listed.name,
            signature: d.signature,
            returns,
            body: d.body,
            exempt_other_policies: d.listed.exempt_other_policies,
            comment: d.listed.comment,
            attached: Derived(Vec::new()),
        })
    }

    /// Only the TABLE and VIEW domains' column references are kept: a policy reaching a
    /// column through a tag is the tag's, not the column's.
    fn attach(&mut self, references: Vec<PolicyReference>) {
        self.attached = Derived(
            references
                .into_iter()
                .filter(|r| r.domain == "TABLE" || r.domain == "VIEW")
                .filter_map(|r| {
                    let column = r.column?;
                    Some(ColumnReference {
                        table: r.entity,
                        view: r.domain == "VIEW",
                        using: using_of(&column, r.arguments),
                        column,
                    })
                })
                .collect(),
        );
    }
}

/// One column's masking policy change (a table's or a view's, `kind`), compared as the
/// plan leaves it: a live policy the plan replaces is unset and set back by the policy's
/// own change (with the declared USING) when the column still declares it, so it counts
/// as that. A live policy read with no USING while the column declares one is taken as
/// the declared one: POLICY_REFERENCES is documented to report no USING for masking
/// policies (see [`using_of`]), so an unreported list is unknown, and comparing it as
/// "none" would unset and set the policy on every plan. A USING that is reported is
/// compared. SET with FORCE swaps one policy for another in one statement
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-table-column). A new USING list
/// for the same policy is UNSET then SET: FORCE is documented only as replacing the
/// policy "with a different masking policy", so it is not relied on for the same one, and
/// the column is unmasked in between (destructive, as a policy's replacement is). The
/// attribute is recorded in `e`; with `skip` (a rebuilt table, which gets every declared
/// policy after its swap) no statement is returned.
#[allow(clippy::too_many_arguments)]
pub(crate) fn diff_column(
    e: &mut Edits,
    kind: Kind,
    object: &ObjectName,
    column: &Ident,
    live: Option<(&ObjectName, &[Ident])>,
    desired: Option<(&ObjectName, &[Ident])>,
    skip: bool,
    replaced: &dyn Fn(&ObjectName) -> bool,
) -> Vec<String> {
    let mut live = live;
    if let Some((policy, using)) = live
        && (replaced(policy) || using.is_empty())
    {
        // Replaced: set back as declared. Unreported USING: unknown (see above).
        if let Some(declared) = desired.filter(|(p, _)| *p == policy) {
            live = Some(declared);
        } else if replaced(policy) {
            live = None;
        }
    }
    let label = format!("column {column}.masking_policy");
    let show = |m: Option<(&ObjectName, &[Ident])>| m.map(|(p, u)| shown(p, u));
    if !e.compare_option(&label, &show(live), &show(desired)) || skip {
        return Vec::new();
    }
    match (live, desired) {
        (Some((held, _)), Some((policy, using))) if held == policy => {
            e.raise(
                Tier::Destructive,
                format!(
                    "column {column} is unmasked between the UNSET and the SET that gives it its new USING columns"
                ),
            );
            vec![
                unset_on_column(kind, object, column),
                set_on_column(kind, object, column, policy, using, false),
            ]
        }
        (_, Some((policy, using))) => vec![set_on_column(
            kind,
            object,
            column,
            policy,
            using,
            live.is_some(),
        )],
        (_, None) => vec![unset_on_column(kind, object, column)],
    }
}

impl ColumnReference {
    /// The kind of the object the column is in.
    pub(crate) fn kind(&self) -> Kind {
        if self.view { Kind::View } else { Kind::Table }
    }
}

/// Writes every live masking policy's references onto the live tables' and views'
/// columns, so an object read back carries the policies set on it (see the module
/// comment). A view's columns are not listed otherwise: each reference adds one.
pub(crate) fn attach_to_columns(objects: &mut [Object]) {
    let references = policy::attachments::<MaskingPolicy>(objects);
    if references.is_empty() {
        return;
    }
    for object in objects.iter_mut() {
        for (reference, policy) in &references {
            match object {
                Object::Table(table) if !reference.view && reference.table == table.name => {
                    if let Some(column) = table
                        .columns
                        .iter_mut()
                        .find(|c| c.name == reference.column)
                    {
                        column.masking_policy = Some(policy.clone());
                        column.masking_using = reference.using.clone();
                    }
                }
                Object::View(view) if reference.view && reference.table == view.name => {
                    let column = view.column_mut(&reference.column);
                    column.masking_policy = Some(policy.clone());
                    column.masking_using = reference.using.clone();
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Action, Tier};
    use crate::providers::snowflake::introspect::record::Record;
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
            view: false,
            column: Ident::from_stored("EMAIL"),
            using: Vec::new(),
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
    fn using_is_read_with_the_column_first_either_way() {
        let names =
            |list: &[&str]| -> Vec<Ident> { list.iter().map(|n| Ident::from_stored(*n)).collect() };
        let email = Ident::from_stored("EMAIL");
        assert_eq!(
            using_of(&email, names(&["EMAIL", "CONSENT"])),
            names(&["EMAIL", "CONSENT"])
        );
        assert_eq!(
            using_of(&email, names(&["CONSENT"])),
            names(&["EMAIL", "CONSENT"])
        );
        assert!(using_of(&email, Vec::new()).is_empty());
        assert_eq!(
            set_on_column(
                Kind::Table,
                &ObjectName::parse("PR.S.T").unwrap(),
                &email,
                &ObjectName::parse("PR.S.M").unwrap(),
                &names(&["EMAIL", "Consent"]),
                true
            ),
            "ALTER TABLE PR.S.T MODIFY COLUMN EMAIL SET MASKING POLICY PR.S.M USING (EMAIL, \"Consent\") FORCE"
        );
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
        let listed = policy::parse_listed(&Record::new(
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
            policy::REFERENCE_COLUMNS,
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
                    Some("V"),
                    Some("VIEW"),
                    Some("EMAIL"),
                    None,
                    None,
                ],
            ],
        );
        let mut p = policy::parse::<MaskingPolicy>(listed, &describe).unwrap();
        p.attach(policy::policy_references(&references, Kind::MaskingPolicy).unwrap());
        assert!(p.exempt_other_policies);
        assert_eq!(p.comment, None);
        assert_eq!(p, {
            let mut expected = policy("'***'", &[("VAL", "STRING")]);
            expected.exempt_other_policies = true;
            expected
        });
        // The table's column and the view's (VIEW domain: masking policies on view columns).
        assert_eq!(p.attached.len(), 2);
        assert_eq!(p.attached[0].column.as_str(), "EMAIL");
        assert!(!p.attached[0].view && p.attached[1].view);
        assert_eq!(p.attached[1].table.to_string(), "PR.SILVER.V");
        let bad = row(&[
            ("name", Some("P")),
            ("database_name", Some("PR")),
            ("schema_name", Some("S")),
            ("options", Some("{not json")),
        ]);
        assert!(
            policy::parse_listed(&Record::new(
                bad.rows().next().unwrap(),
                Kind::MaskingPolicy
            ))
            .is_err()
        );
    }
}
