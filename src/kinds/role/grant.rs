//! Privileges as a role declares them: `{ on = "<target>", privileges = [...] }`, the
//! target parsed strictly into [`Target`], and each privilege checked against Snowflake's
//! list for the target's object type (`crate::model::privilege`). Shared by `role` and
//! `database_role`.
//!
//! A target is written as Snowflake's GRANT names it, in any case:
//! `account`; `<type> <name>` (`schema PR.GOLD`, `warehouse LOAD_WH`,
//! `file format PR.BRONZE.CSV`); `all <types> in schema|database <name>`;
//! `future <types> in schema|database <name>`
//! (https://docs.snowflake.com/en/sql-reference/sql/grant-privilege). The same words,
//! lower case, name the grant's attribute in a plan (`privileges.schema PR.GOLD`).
//!
//! A procedure or a function is named with its argument types, `procedure
//! PR.S.P(VARCHAR, NUMBER)`, `function PR.S.F(NUMBER)`, as GRANT names it ("for
//! procedures … the argument data types must be specified", same page): overloads are
//! separate objects to Snowflake. A data metric function is a function whose argument is
//! a table: `function PR.S.DMF(TABLE(VARCHAR))`, as ALTER and DROP FUNCTION name it
//! (https://docs.snowflake.com/en/sql-reference/sql/alter-function-dmf). Grants on
//! user functions lakeform does not create are declared the same way and wait for
//! nothing. The types are kept as a signature
//! writes them, without lengths ([`DataType::in_signature`]), which is also how SHOW GRANTS
//! prints them, so a declared `VARCHAR(100)` and the `VARCHAR` read back are one target.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::config::diagnostic::Diagnostic;
use crate::config::resolve::Declared;
use crate::model::data_type::DataType;
use crate::model::identifier::{Ident, ObjectName, SchemaName, split_parts};
use crate::model::privilege::{ObjectType, canonical};
use crate::model::{Address, DesiredState, Kind, LiveState, Object, Resource};

/// What `ALL` / `FUTURE` grants cover: a database or one schema.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Container {
    Database(Ident),
    Schema(Ident, Ident),
}

impl Container {
    fn keyword(&self) -> &'static str {
        match self {
            Container::Database(_) => "DATABASE",
            Container::Schema(..) => "SCHEMA",
        }
    }

    /// Whether the object named by `parts` (database first) lies in the container.
    pub(crate) fn holds(&self, parts: &[Ident]) -> bool {
        match self {
            Container::Database(d) => parts.len() > 1 && parts[0] == *d,
            Container::Schema(d, s) => parts.len() > 2 && parts[0] == *d && parts[1] == *s,
        }
    }

    /// The container's address in the desired state.
    pub(crate) fn address(&self) -> Address {
        match self {
            Container::Database(d) => Address::new(Kind::Database, d),
            Container::Schema(d, s) => Address::new(Kind::Schema, format!("{d}.{s}")),
        }
    }
}

impl fmt::Display for Container {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Container::Database(d) => write!(f, "{d}"),
            Container::Schema(d, s) => write!(f, "{d}.{s}"),
        }
    }
}

/// What a grant is on.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Target {
    Account,
    /// One object: its type and its name's parts, database first.
    Object(ObjectType, Vec<Ident>),
    /// Every object of the type that exists in the container when the grant runs.
    All(ObjectType, Container),
    /// Every object of the type created in the container afterwards.
    Future(ObjectType, Container),
    /// One procedure or function: its name's parts and its argument types as a signature
    /// writes them (`NUMBER`, `VARCHAR`: [`DataType::in_signature`]; a data metric
    /// function's one table argument `TABLE(VARCHAR, NUMBER)`).
    Routine(ObjectType, Vec<Ident>, Vec<String>),
}

fn dotted(parts: &[Ident]) -> String {
    parts
        .iter()
        .map(|p| p.to_sql().into_owned())
        .collect::<Vec<_>>()
        .join(".")
}

impl Target {
    /// The target as GRANT and REVOKE name it (`ON ALL TABLES IN SCHEMA PR.GOLD`).
    pub fn sql(&self) -> String {
        match self {
            Target::Account => "ACCOUNT".into(),
            Target::Object(t, parts) => format!("{} {}", t.keyword(), dotted(parts)),
            Target::Routine(t, parts, types) => {
                format!("{} {}({})", t.keyword(), dotted(parts), types.join(", "))
            }
            Target::All(t, c) => format!("ALL {} IN {} {c}", t.plural(), c.keyword()),
            Target::Future(t, c) => format!("FUTURE {} IN {} {c}", t.plural(), c.keyword()),
        }
    }

    /// The object type the privileges apply to.
    pub(crate) fn object_type(&self) -> ObjectType {
        match self {
            Target::Account => ObjectType::Account,
            Target::Object(t, _)
            | Target::Routine(t, ..)
            | Target::All(t, _)
            | Target::Future(t, _) => *t,
        }
    }

    /// The type and name of the one object the target names (`None` for the account and
    /// for ALL / FUTURE grants); a procedure's signature aside.
    pub(crate) fn one_object(&self) -> Option<(ObjectType, &[Ident])> {
        match self {
            Target::Object(t, parts) | Target::Routine(t, parts, _) => Some((*t, parts)),
            _ => None,
        }
    }

    /// The desired-state object the grant waits for: the object itself, or the container
    /// of an ALL / FUTURE grant. `None` for the account, and for object types lakeform
    /// does not declare.
    pub(crate) fn reference(&self) -> Option<Address> {
        match self {
            Target::Account => None,
            Target::All(_, c) | Target::Future(_, c) => Some(c.address()),
            // A function that is not a data metric function is never declared: lakeform
            // grants on user functions it does not create, and the grant waits for none.
            Target::Routine(ObjectType::Function, _, types) if !is_metric_signature(types) => None,
            Target::Object(t, parts) | Target::Routine(t, parts, _) => {
                let kind = kind_of(*t)?;
                Some(Address::new(kind, dotted(parts)))
            }
        }
    }

    /// The database the target lies in, if any (a database role may only be granted
    /// privileges inside its own database).
    pub(crate) fn database(&self) -> Option<&Ident> {
        match self {
            Target::Account => None,
            Target::Object(ObjectType::Warehouse | ObjectType::Integration, _) => None,
            Target::Object(_, parts) | Target::Routine(_, parts, _) => parts.first(),
            Target::All(_, Container::Database(d) | Container::Schema(d, _))
            | Target::Future(_, Container::Database(d) | Container::Schema(d, _)) => Some(d),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The TOML spelling: keywords lower case, names as SQL writes them.
        let text = match self {
            Target::Account => "account".into(),
            Target::Object(t, parts) => {
                format!("{} {}", t.keyword().to_ascii_lowercase(), dotted(parts))
            }
            Target::Routine(t, parts, types) => format!(
                "{} {}({})",
                t.keyword().to_ascii_lowercase(),
                dotted(parts),
                types.join(", ")
            ),
            Target::All(t, c) => format!(
                "all {} in {} {c}",
                t.plural().to_ascii_lowercase(),
                c.keyword().to_ascii_lowercase()
            ),
            Target::Future(t, c) => format!(
                "future {} in {} {c}",
                t.plural().to_ascii_lowercase(),
                c.keyword().to_ascii_lowercase()
            ),
        };
        f.write_str(&text)
    }
}

/// The kind lakeform declares objects of this type as, if it does.
pub(crate) fn kind_of(t: ObjectType) -> Option<Kind> {
    Some(match t {
        ObjectType::Database => Kind::Database,
        ObjectType::Schema => Kind::Schema,
        ObjectType::Warehouse => Kind::Warehouse,
        ObjectType::Integration => Kind::StorageIntegration,
        ObjectType::Table => Kind::Table,
        ObjectType::View => Kind::View,
        ObjectType::Stage => Kind::Stage,
        ObjectType::FileFormat => Kind::FileFormat,
        ObjectType::Sequence => Kind::Sequence,
        ObjectType::Stream => Kind::Stream,
        ObjectType::Task => Kind::Task,
        ObjectType::DynamicTable => Kind::DynamicTable,
        ObjectType::Alert => Kind::Alert,
        ObjectType::Pipe => Kind::Pipe,
        ObjectType::Role => Kind::Role,
        ObjectType::DatabaseRole => Kind::DatabaseRole,
        ObjectType::Procedure => Kind::Procedure,
        // The functions lakeform declares are data metric functions (`Target::reference`
        // leaves the others out).
        ObjectType::Function => Kind::DataMetricFunction,
        ObjectType::MaskingPolicy => Kind::MaskingPolicy,
        ObjectType::RowAccessPolicy => Kind::RowAccessPolicy,
        ObjectType::Tag => Kind::Tag,
        ObjectType::Account => return None,
    })
}

/// Whether a function's signature is a data metric function's: one `TABLE(…)` argument.
pub(crate) fn is_metric_signature(types: &[String]) -> bool {
    matches!(types, [one] if one.starts_with("TABLE("))
}

/// `validate`'s check of the procedure and data metric function grants against the
/// declared ones: a grant names one signature, and Snowflake refuses a GRANT on a
/// signature that does not exist ("does not exist or not authorized"), so a grant whose
/// argument types are not the declared object's is reported at its role, with the
/// signature to write.
pub(crate) fn check_signatures(declared: &[Declared], diagnostics: &mut Vec<Diagnostic>) {
    let signatures: BTreeMap<Address, Vec<String>> = declared
        .iter()
        .filter_map(|d| match &d.object {
            Object::Procedure(p) => Some((d.object.address(), p.signature_types())),
            Object::DataMetricFunction(f) => Some((d.object.address(), f.signature_types())),
            _ => None,
        })
        .collect();
    for entry in declared {
        let privileges = match &entry.object {
            Object::Role(r) => &r.privileges,
            Object::DatabaseRole(r) => &r.privileges,
            _ => continue,
        };
        let mut reported = BTreeSet::new();
        for grant in privileges {
            let Target::Routine(t, parts, types) = &grant.target else {
                continue;
            };
            let kind = t.keyword().to_ascii_lowercase();
            let Some(address) = grant.target.reference() else {
                continue;
            };
            if let Some(declared_types) = signatures.get(&address)
                && declared_types != types
                && reported.insert(&grant.target)
            {
                let at = entry.sites.get(&address).unwrap_or(&entry.at).clone();
                diagnostics.push(
                    Diagnostic::at(
                        at,
                        format!(
                            "{} grants on {kind} {}({}), but the {kind} is declared with arguments ({})",
                            entry.object.address().name,
                            dotted(parts),
                            types.join(", "),
                            declared_types.join(", ")
                        ),
                    )
                    .with_help(format!(
                        "write `on = \"{kind} {}({})\"`",
                        dotted(parts),
                        declared_types.join(", ")
                    )),
                );
            }
        }
    }
}

/// Why a target does not parse.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum TargetError {
    #[error(
        "expected `account`, `<type> <name>`, `all <types> in schema|database <name>` or `future <types> in schema|database <name>`"
    )]
    Shape,
    #[error("unknown object type `{0}`")]
    UnknownType(String),
    #[error("`{0}` cannot be granted on ALL or FUTURE objects in a container")]
    NotInContainer(String),
    #[error("`{text}`: {problem}")]
    Signature { text: String, problem: String },
    #[error("a {kind} name has {parts} part(s): `{name}` is not one")]
    Name {
        kind: String,
        parts: usize,
        name: String,
    },
}

/// Reads a target as a project writes it.
pub(crate) fn parse_target(text: &str) -> Result<Target, TargetError> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let first = words.first().map(|w| w.to_ascii_lowercase());
    match first.as_deref() {
        None => Err(TargetError::Shape),
        Some("account") if words.len() == 1 => Ok(Target::Account),
        Some(word @ ("all" | "future")) => {
            // all <plural words> in schema|database <name>
            let at = words
                .iter()
                .position(|w| w.eq_ignore_ascii_case("in"))
                .ok_or(TargetError::Shape)?;
            if at < 2 || words.len() != at + 3 {
                return Err(TargetError::Shape);
            }
            let plural = words[1..at].join(" ");
            let t = ObjectType::from_plural(&plural)
                .ok_or_else(|| TargetError::NotInContainer(plural.clone()))?;
            let container = match words[at + 1].to_ascii_lowercase().as_str() {
                "database" => Container::Database(name(words[at + 2], 1, "database")?.remove(0)),
                "schema" => {
                    let mut parts = name(words[at + 2], 2, "schema")?;
                    let schema = parts.remove(1);
                    Container::Schema(parts.remove(0), schema)
                }
                _ => return Err(TargetError::Shape),
            };
            // SCHEMAS can only be in a database.
            if t == ObjectType::Schema && matches!(container, Container::Schema(..)) {
                return Err(TargetError::Shape);
            }
            Ok(if word == "all" {
                Target::All(t, container)
            } else {
                Target::Future(t, container)
            })
        }
        Some(_) => {
            // <type> <name>, the type one to three words (`row access policy`); the name
            // may not hold spaces unless quoted, which split_whitespace would break:
            // re-join the rest.
            for split in [3, 2, 1] {
                if words.len() <= split {
                    continue;
                }
                let keyword = words[..split].join(" ");
                if let Some(t) = ObjectType::from_keyword(&keyword)
                    && t != ObjectType::Account
                {
                    let rest = words[split..].join(" ");
                    let kind = t.keyword().to_ascii_lowercase();
                    if matches!(t, ObjectType::Procedure | ObjectType::Function) {
                        let (text, types) = signature(&rest)?;
                        return Ok(Target::Routine(t, name(text, t.parts(), &kind)?, types));
                    }
                    return Ok(Target::Object(t, name(&rest, t.parts(), &kind)?));
                }
            }
            Err(TargetError::UnknownType(words[0].to_string()))
        }
    }
}

/// `PR.S.P(VARCHAR, NUMBER(10,2))` → the name's text and its argument types in signature
/// form (`["VARCHAR", "NUMBER"]`); a data metric function's `F(TABLE(VARCHAR(10)))` →
/// `["TABLE(VARCHAR)"]`. The signature is required: GRANT names a procedure or a function
/// by it (https://docs.snowflake.com/en/sql-reference/sql/grant-privilege).
fn signature(text: &str) -> Result<(&str, Vec<String>), TargetError> {
    let bad = |problem: String| TargetError::Signature {
        text: text.to_string(),
        problem,
    };
    let (name, arguments) = split_signature(text)
        .ok_or_else(|| bad("expected NAME(TYPE, …), the argument types".into()))?;
    let in_signature = |a: &str| {
        DataType::parse(a)
            .map(|t| t.in_signature())
            .map_err(|e| bad(e.to_string()))
    };
    let types = arguments
        .iter()
        .map(|a| match table_argument(a) {
            Some(columns) => {
                let columns = columns
                    .iter()
                    .map(|c| in_signature(c))
                    .collect::<Result<Vec<_>, _>>()?;
                if columns.is_empty() {
                    return Err(bad("a TABLE argument has at least one column type".into()));
                }
                Ok(format!("TABLE({})", columns.join(", ")))
            }
            None => in_signature(a),
        })
        .collect::<Result<Vec<_>, _>>()?;
    if types.len() > 1 && types.iter().any(|t| t.starts_with("TABLE(")) {
        return Err(bad(
            "lakeform supports data metric functions with one table argument".into(),
        ));
    }
    Ok((name, types))
}

/// `TABLE(A, B)` (any case) → its items; `None` for anything else.
pub(crate) fn table_argument(item: &str) -> Option<Vec<String>> {
    let item = item.trim();
    let head = item.get(..5)?;
    if !head.eq_ignore_ascii_case("TABLE") || !item[5..].trim_start().starts_with('(') {
        return None;
    }
    split_signature(item).map(|(_, items)| items)
}

/// `NAME(A, B(1,2))` → (`NAME`, [`A`, `B(1,2)`]): the text before the first `(` outside
/// double quotes, and the comma-separated items of the parentheses closing at the end.
pub(crate) fn split_signature(text: &str) -> Option<(&str, Vec<String>)> {
    let mut quoted = false;
    let open = text.char_indices().find_map(|(i, c)| {
        if c == '"' {
            quoted = !quoted;
        }
        (c == '(' && !quoted).then_some(i)
    })?;
    let inner = text[open + 1..].trim_end().strip_suffix(')')?;
    let mut items = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in inner.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.checked_sub(1)?,
            ',' if depth == 0 => {
                items.push(inner[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    let last = inner[start..].trim();
    if depth != 0 || (last.is_empty() && !items.is_empty()) {
        return None;
    }
    if !last.is_empty() {
        items.push(last.to_string());
    }
    Some((text[..open].trim_end(), items))
}

fn name(text: &str, parts: usize, kind: &str) -> Result<Vec<Ident>, TargetError> {
    match split_parts(text) {
        Ok(found) if found.len() == parts => Ok(found),
        _ => Err(TargetError::Name {
            kind: kind.to_string(),
            parts,
            name: text.to_string(),
        }),
    }
}

/// Why a privilege does not fit its target.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum PrivilegeError {
    #[error(
        "OWNERSHIP is not a privilege lakeform grants here: the role that creates an object owns it"
    )]
    Ownership,
    #[error("ALL on the account would grant every global privilege: name them one by one")]
    AllOnAccount,
    /// Snowflake lists no ALL for policies and refuses it for tags
    /// (https://docs.snowflake.com/en/user-guide/security-access-control-privileges).
    #[error("ALL cannot be granted on a {on}: name its privileges ({valid})")]
    NoAll { on: String, valid: String },
    #[error("`{privilege}` cannot be granted on {on}: Snowflake's privileges for it are {valid}")]
    Invalid {
        privilege: String,
        on: String,
        valid: String,
    },
}

/// The privileges a declaration names, `ALL` expanded to the object type's concrete list
/// (what SHOW GRANTS reports, one row per privilege), so a declared ALL never differs from
/// what Snowflake shows.
pub(crate) fn expand(target: &Target, privilege: &str) -> Result<Vec<String>, PrivilegeError> {
    let t = target.object_type();
    let written = canonical(privilege);
    if written == "OWNERSHIP" {
        return Err(PrivilegeError::Ownership);
    }
    if written == "ALL" || written == "ALL PRIVILEGES" {
        if t == ObjectType::Account {
            return Err(PrivilegeError::AllOnAccount);
        }
        if t.all().is_empty() {
            return Err(PrivilegeError::NoAll {
                on: t.keyword().to_ascii_lowercase(),
                valid: t.grantable().join(", "),
            });
        }
        return Ok(t.all().into_iter().map(str::to_string).collect());
    }
    if !t.accepts(&written) {
        return Err(PrivilegeError::Invalid {
            privilege: written,
            on: t.keyword().to_ascii_lowercase(),
            valid: t.grantable().join(", "),
        });
    }
    Ok(vec![written])
}

/// One privilege on one target.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Grant {
    pub target: Target,
    pub privilege: String,
    /// WITH GRANT OPTION: the grantee may grant the privilege on to other roles
    /// (https://docs.snowflake.com/en/sql-reference/sql/grant-privilege); SHOW GRANTS'
    /// `grant_option` column. Left out of the serialized form when false, so the desired
    /// state's hash (saved plans) is what it was before the option was modelled.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub grant_option: bool,
}

impl Grant {
    /// How a plan shows the privilege: `SELECT`, or `SELECT WITH GRANT OPTION`.
    fn label(&self) -> String {
        if self.grant_option {
            format!("{} WITH GRANT OPTION", self.privilege)
        } else {
            self.privilege.clone()
        }
    }
}

/// Who receives grants: an account role or a database role.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Grantee {
    Role(Ident),
    DatabaseRole(Ident, Ident),
}

impl Grantee {
    /// `ROLE R` / `DATABASE ROLE D.R`, as GRANT … TO names it.
    pub fn sql(&self) -> String {
        match self {
            Grantee::Role(r) => format!("ROLE {r}"),
            Grantee::DatabaseRole(d, r) => format!("DATABASE ROLE {d}.{r}"),
        }
    }
}

impl fmt::Display for Grantee {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Grantee::Role(r) => write!(f, "{r}"),
            Grantee::DatabaseRole(d, r) => write!(f, "{d}.{r}"),
        }
    }
}

/// The states an ALL grant is judged against, with the objects each (kind, container)
/// holds indexed on first use: every plan asks [`States::objects_in`] for every ALL grant
/// of every role, and scanning both states each time was most of the diff at 200 roles
/// (400 ALL grants over 11,000 objects).
pub(crate) struct States<'a> {
    pub(crate) desired: &'a DesiredState,
    pub(crate) live: &'a LiveState,
    reached: OnceLock<Reached>,
    /// The objects the plan recreates by a statement that does not keep their grants
    /// (see [`States::set_recreated`]).
    recreated: BTreeSet<Address>,
    renames: OnceLock<Vec<Rename>>,
}

/// An object the plan renames (its declaration's `renamed_from`): its kind, and its name
/// as parts before and after.
type Rename = (Kind, Vec<Ident>, Vec<Ident>);

/// The names (as parts) of the objects of each kind in each container.
type Reached = BTreeMap<(Kind, Container), BTreeSet<Vec<Ident>>>;

/// A procedure's or a data metric function's signature as grants name it.
fn routine_signature(object: Option<&Object>) -> Option<Vec<String>> {
    match object {
        Some(Object::Procedure(p)) => Some(p.signature_types()),
        Some(Object::DataMetricFunction(f)) => Some(f.signature_types()),
        _ => None,
    }
}

impl<'a> States<'a> {
    pub(crate) fn new(desired: &'a DesiredState, live: &'a LiveState) -> Self {
        States {
            desired,
            live,
            reached: OnceLock::new(),
            recreated: BTreeSet::new(),
            renames: OnceLock::new(),
        }
    }

    /// The objects the plan renames: declared with `renamed_from` an object that exists
    /// live under the old name only.
    fn renames(&self) -> &[Rename] {
        self.renames.get_or_init(|| {
            let mut renames = Vec::new();
            for entry in self.desired.objects.values() {
                let new = entry.object.address();
                let Some(old) = &entry.lifecycle.renamed_from else {
                    continue;
                };
                let renamed = !self.live.objects.contains_key(&new)
                    && self
                        .live
                        .objects
                        .get(old)
                        .is_some_and(|o| o.kind() == new.kind);
                if let (true, Ok(from), Ok(to)) =
                    (renamed, split_parts(&old.name), split_parts(&new.name))
                {
                    renames.push((new.kind, from, to));
                }
            }
            renames
        })
    }

    /// `parts`, an object's name, as it will be once the plan's renames have run: the
    /// object renamed, or one inside a renamed schema or database.
    fn renamed_parts(&self, kind: Option<Kind>, parts: &[Ident]) -> Option<Vec<Ident>> {
        self.renames().iter().find_map(|(k, from, to)| {
            let container = matches!(k, Kind::Schema | Kind::Database);
            let own = Some(*k) == kind && parts == from.as_slice();
            let inside = container && parts.len() > from.len() && parts.starts_with(from);
            (own || inside).then(|| to.iter().chain(&parts[from.len()..]).cloned().collect())
        })
    }

    /// A live grant's target as it will be named once the plan's renames have run: a
    /// rename keeps the object, and its grants with it, so a grant held under the old
    /// name is held under the new one (and no REVOKE may name the old one, which no
    /// longer exists by the time the role's change runs).
    fn renamed_target(&self, target: &Target) -> Target {
        let container = |c: &Container| {
            let parts = match c {
                Container::Database(d) => vec![d.clone()],
                Container::Schema(d, s) => vec![d.clone(), s.clone()],
            };
            let kind = match c {
                Container::Database(_) => Kind::Database,
                Container::Schema(..) => Kind::Schema,
            };
            match self.renamed_parts(Some(kind), &parts).as_deref() {
                Some([d]) => Container::Database(d.clone()),
                Some([d, s]) => Container::Schema(d.clone(), s.clone()),
                _ => c.clone(),
            }
        };
        match target {
            Target::Object(t, parts) => match self.renamed_parts(kind_of(*t), parts) {
                Some(parts) => Target::Object(*t, parts),
                None => target.clone(),
            },
            Target::Routine(t, parts, types) => match self.renamed_parts(kind_of(*t), parts) {
                Some(parts) => Target::Routine(*t, parts, types.clone()),
                None => target.clone(),
            },
            Target::All(t, c) => Target::All(*t, container(c)),
            Target::Future(t, c) => Target::Future(*t, container(c)),
            Target::Account => Target::Account,
        }
    }

    /// Tells the grants' comparison which objects the plan recreates without their grants:
    /// known only once every other change is planned (`plan::diff` diffs roles last), since
    /// a replace may come from the object's own diff, from its container's replacement
    /// or from a rebuilt table's streams. What is inside a recreated schema or database is
    /// recreated with it.
    pub(crate) fn set_recreated(&mut self, recreated: BTreeSet<Address>) {
        self.recreated = recreated;
    }

    /// Whether the object of type `t` named `parts` (or its schema or database) is
    /// among [`States::set_recreated`]'s.
    fn recreated_object(&self, t: ObjectType, parts: &[Ident]) -> bool {
        // GRANT … ON INTEGRATION names storage and notification integrations alike.
        let kinds = match t {
            ObjectType::Integration => {
                vec![Kind::StorageIntegration, Kind::NotificationIntegration]
            }
            t => kind_of(t).into_iter().collect(),
        };
        kinds
            .into_iter()
            .any(|kind| self.recreated.contains(&Address::new(kind, dotted(parts))))
            || self.recreated_inside(parts)
    }

    /// Whether the schema or database holding `parts` is recreated (or, for a schema's
    /// own name, its database).
    fn recreated_inside(&self, parts: &[Ident]) -> bool {
        let mut containers = Vec::new();
        if let Some(d) = parts.first().filter(|_| parts.len() > 1) {
            containers.push(Container::Database(d.clone()));
        }
        if let [d, s, _, ..] = parts {
            containers.push(Container::Schema(d.clone(), s.clone()));
        }
        containers
            .iter()
            .any(|c| self.recreated.contains(&c.address()))
    }

    /// The names of the objects of type `t` in `container` that the desired state
    /// declares or the live state holds: what an ALL grant reaches when the plan has run.
    fn objects_in(&self, t: ObjectType, container: &Container) -> Option<&BTreeSet<Vec<Ident>>> {
        let kind = kind_of(t)?;
        self.reached
            .get_or_init(|| self.index())
            .get(&(kind, container.clone()))
    }

    /// Whether `grantee` owns the object of type `t` named `parts`, live or as declared:
    /// the owner holds every privilege on it, and SHOW GRANTS lists only its OWNERSHIP
    /// row (https://docs.snowflake.com/en/user-guide/security-access-control-overview#object-ownership),
    /// so an ALL grant is not missing there.
    fn owned_by(&self, t: ObjectType, parts: &[Ident], grantee: &Grantee) -> bool {
        let (Grantee::Role(role), Some(kind)) = (grantee, kind_of(t)) else {
            return false;
        };
        let address = Address::new(kind, dotted(parts));
        let declared = self
            .desired
            .objects
            .get(&address)
            .and_then(|d| d.owner.as_ref());
        declared.or(self.live.owners.get(&address)) == Some(role)
    }

    /// Whether the plan recreates the policy `target` names (`CREATE OR REPLACE`, for a
    /// new signature, return type or EXEMPT_OTHER_POLICIES: `kinds::policy`). The new
    /// policy holds none of the old one's grants: replacing an object drops it
    /// (https://docs.snowflake.com/en/sql-reference/sql/create, usage notes), and CREATE
    /// MASKING POLICY and CREATE ROW ACCESS POLICY take no COPY GRANTS
    /// (https://docs.snowflake.com/en/sql-reference/sql/create-masking-policy,
    /// https://docs.snowflake.com/en/sql-reference/sql/create-row-access-policy).
    ///
    /// Any other object is recreated when the plan replaces it (or its schema or
    /// database) by a statement without COPY GRANTS ([`States::set_recreated`]); a
    /// FUTURE or ALL grant when its container is.
    fn recreated(&self, target: &Target) -> bool {
        use crate::kinds::{masking_policy::MaskingPolicy, row_access_policy::RowAccessPolicy};
        let in_plan = match target {
            Target::Account => false,
            Target::Object(t, parts) => self.recreated_object(*t, parts),
            Target::Routine(_, parts, _) => self.recreated_inside(parts),
            Target::All(_, c) | Target::Future(_, c) => {
                let parts = match c {
                    Container::Database(d) => vec![d.clone()],
                    Container::Schema(d, s) => vec![d.clone(), s.clone()],
                };
                self.recreated.contains(&c.address()) || self.recreated_inside(&parts)
            }
        };
        if in_plan {
            return true;
        }
        let Target::Object(t, parts) = target else {
            return false;
        };
        let [d, s, n] = parts.as_slice() else {
            return false;
        };
        let name = ObjectName::new(&SchemaName::new(d.clone(), s.clone()), n.clone());
        match t {
            ObjectType::MaskingPolicy => {
                crate::kinds::policy::replaced_between::<MaskingPolicy>(&name, self)
            }
            ObjectType::RowAccessPolicy => {
                crate::kinds::policy::replaced_between::<RowAccessPolicy>(&name, self)
            }
            _ => false,
        }
    }

    /// The signature the procedure or data metric function named by `parts` has once the
    /// plan has run: the declared one, else the live one; `None` for other types.
    fn signature(&self, t: ObjectType, parts: &[Ident]) -> Option<Vec<String>> {
        if !matches!(t, ObjectType::Procedure | ObjectType::Function) {
            return None;
        }
        let address = Address::new(kind_of(t)?, dotted(parts));
        let declared = self.desired.objects.get(&address).map(|d| &d.object);
        routine_signature(declared.or(self.live.objects.get(&address)))
    }

    /// Whether `target` is a procedure or data metric function signature that the live
    /// object has and the desired one does not: the plan drops it and creates the new
    /// signature (`kinds::procedure::diff`, `kinds::data_metric_function`).
    fn signature_replaced(&self, target: &Target) -> bool {
        let Target::Routine(t, parts, types) = target else {
            return false;
        };
        let Some(kind) = kind_of(*t) else {
            return false;
        };
        let address = Address::new(kind, dotted(parts));
        let signature = routine_signature;
        let live = signature(self.live.objects.get(&address));
        let desired = signature(self.desired.objects.get(&address).map(|d| &d.object));
        live.as_ref() == Some(types) && desired.is_some_and(|d| d != *types)
    }

    /// Every object of both states under each container it lies in: its schema and its
    /// database, or for a schema its database.
    fn index(&self) -> Reached {
        let mut index = Reached::new();
        let declared = self.desired.objects.values().map(|d| &d.object);
        for object in declared.chain(self.live.objects.values()) {
            let containers = match (object.schema(), object) {
                (Some(schema), _) => vec![
                    Container::Schema(schema.database.clone(), schema.schema),
                    Container::Database(schema.database),
                ],
                (None, Object::Schema(schema)) => {
                    vec![Container::Database(schema.name.database.clone())]
                }
                (None, _) => continue,
            };
            let Ok(parts) = split_parts(&object.address().name) else {
                continue;
            };
            for container in containers {
                if container.holds(&parts) {
                    index
                        .entry((object.kind(), container))
                        .or_default()
                        .insert(parts.clone());
                }
            }
        }
        index
    }
}

/// The grants of one grantee compared: the GRANT and REVOKE statements that make `live`
/// what `desired` declares, and one attribute per target that differs.
///
/// * a declared object, account or FUTURE grant missing live is granted;
/// * a declared ALL grant is granted again (`ON ALL … IN`) when an object of its type in
///   its container, declared or live, lacks it (or lacks its grant option);
/// * a live grant on an object that no declaration covers (explicitly, or through an ALL
///   or FUTURE grant of its type and container) is revoked, as is a live FUTURE grant that
///   is not declared;
/// * a privilege held with the grant option where the declaration has none loses the
///   option only (`REVOKE GRANT OPTION FOR`, which keeps the privilege:
///   https://docs.snowflake.com/en/sql-reference/sql/revoke-privilege); one declared with
///   it and held without is granted again `WITH GRANT OPTION`, which adds the option.
pub(crate) fn compare(
    grantee: &Grantee,
    live: &BTreeSet<Grant>,
    desired: &BTreeSet<Grant>,
    states: &States<'_>,
    e: &mut crate::plan::diff::Edits,
) {
    /// One target's comparison: what is held and declared (as shown), and the
    /// statements' privileges.
    #[derive(Default)]
    struct Row {
        before: BTreeSet<String>,
        after: BTreeSet<String>,
        grant: Vec<String>,
        grant_with_option: Vec<String>,
        revoke: Vec<String>,
        revoke_option: Vec<String>,
    }
    // Grants held under a name the plan renames are held under the new one.
    let moved: BTreeSet<Grant>;
    let live = if states.renames().is_empty() {
        live
    } else {
        moved = live
            .iter()
            .map(|g| Grant {
                target: states.renamed_target(&g.target),
                ..g.clone()
            })
            .collect();
        &moved
    };
    // (target, privilege) → held with the grant option.
    let held: BTreeMap<(&Target, &str), bool> = live
        .iter()
        .map(|g| ((&g.target, g.privilege.as_str()), g.grant_option))
        .collect();
    let declared: BTreeSet<(&Target, &str)> = desired
        .iter()
        .map(|g| (&g.target, g.privilege.as_str()))
        .collect();
    let mut rows: BTreeMap<Target, Row> = BTreeMap::new();
    let mut regranted: BTreeSet<Target> = BTreeSet::new();
    // (type, object, privilege) → held with the grant option: what an ALL grant asks of
    // each object it reaches, whatever a procedure's signature.
    let held_on: BTreeMap<(ObjectType, &[Ident], &str), bool> = live
        .iter()
        .filter_map(|g| {
            let (t, parts) = g.target.one_object()?;
            Some(((t, parts, g.privilege.as_str()), g.grant_option))
        })
        .collect();
    // (procedure, signature, privilege) → held with the grant option.
    let held_routines: BTreeMap<(&[Ident], Vec<String>, &str), bool> = live
        .iter()
        .filter_map(|g| match &g.target {
            Target::Routine(_, parts, types) => Some((
                (parts.as_slice(), types.clone(), g.privilege.as_str()),
                g.grant_option,
            )),
            _ => None,
        })
        .collect();
    let covered = |g: &Grant| -> bool {
        if declared.contains(&(&g.target, g.privilege.as_str())) {
            return true;
        }
        let Some((t, parts)) = g.target.one_object() else {
            return false;
        };
        desired.iter().any(|d| {
            d.privilege == g.privilege
                && match &d.target {
                    Target::All(dt, c) | Target::Future(dt, c) => *dt == t && c.holds(parts),
                    _ => false,
                }
        })
    };
    for g in desired {
        let row = rows.entry(g.target.clone()).or_default();
        row.after.insert(g.label());
        let grant = |row: &mut Row| {
            if g.grant_option {
                row.grant_with_option.push(g.privilege.clone());
            } else {
                row.grant.push(g.privilege.clone());
            }
        };
        match &g.target {
            Target::All(t, c) => {
                let missing = states
                    .objects_in(*t, c)
                    .into_iter()
                    .flatten()
                    .filter(|parts| {
                        // A procedure is reached by the signature it will have: a grant
                        // held on a signature the plan replaces does not count.
                        let held = match states.signature(*t, parts) {
                            Some(signature) => held_routines.get(&(
                                parts.as_slice(),
                                signature,
                                g.privilege.as_str(),
                            )),
                            None => held_on.get(&(*t, parts.as_slice(), g.privilege.as_str())),
                        };
                        // A recreated object holds none of the old one's grants.
                        let held = held.filter(|_| !states.recreated_object(*t, parts));
                        !held.is_some_and(|option| *option || !g.grant_option)
                            && !states.owned_by(*t, parts, grantee)
                    })
                    .count();
                if missing == 0 {
                    row.before.insert(g.label());
                } else {
                    grant(row);
                }
            }
            // The plan recreates the object: what it held goes with the old one.
            target if states.recreated(target) => {
                if let Some(option) = held.get(&(target, g.privilege.as_str())) {
                    row.before.insert(
                        Grant {
                            grant_option: *option,
                            ..g.clone()
                        }
                        .label(),
                    );
                }
                regranted.insert(target.clone());
                grant(row);
            }
            target => match held.get(&(target, g.privilege.as_str())) {
                Some(option) if *option == g.grant_option => {
                    row.before.insert(g.label());
                }
                Some(option) => {
                    row.before.insert(
                        Grant {
                            grant_option: *option,
                            ..g.clone()
                        }
                        .label(),
                    );
                    if *option {
                        row.revoke_option.push(g.privilege.clone());
                    } else {
                        row.grant_with_option.push(g.privilege.clone());
                    }
                }
                None => grant(row),
            },
        }
    }
    for g in live {
        if covered(g) {
            continue;
        }
        let row = rows.entry(g.target.clone()).or_default();
        row.before.insert(g.label());
        // A procedure the plan replaces for a new signature takes the old signature's
        // grants with it: its drop runs before this role's change (which waits for the
        // procedure), so a REVOKE would name an object that no longer exists.
        if !states.signature_replaced(&g.target) && !states.recreated(&g.target) {
            row.revoke.push(g.privilege.clone());
        }
    }
    let mut revoked = false;
    for (target, row) in rows {
        if row.grant.is_empty()
            && row.grant_with_option.is_empty()
            && row.revoke.is_empty()
            && row.revoke_option.is_empty()
        {
            continue;
        }
        let list = |set: &BTreeSet<String>| {
            (!set.is_empty()).then(|| set.iter().cloned().collect::<Vec<_>>().join(", "))
        };
        e.attribute(
            format!("privileges.{target}"),
            list(&row.before),
            list(&row.after),
        );
        let on = target.sql();
        let to = grantee.sql();
        if !row.revoke.is_empty() {
            revoked = true;
            e.sql(format!(
                "REVOKE {} ON {on} FROM {to}",
                row.revoke.join(", ")
            ));
        }
        if !row.revoke_option.is_empty() {
            revoked = true;
            e.sql(format!(
                "REVOKE GRANT OPTION FOR {} ON {on} FROM {to}",
                row.revoke_option.join(", ")
            ));
        }
        if !row.grant.is_empty() {
            e.sql(format!("GRANT {} ON {on} TO {to}", row.grant.join(", ")));
        }
        if !row.grant_with_option.is_empty() {
            e.sql(format!(
                "GRANT {} ON {on} TO {to} WITH GRANT OPTION",
                row.grant_with_option.join(", ")
            ));
        }
    }
    for target in regranted {
        e.reasons.push(format!(
            "{target} is recreated by this plan, which drops its grants: {grantee}'s are granted again after it"
        ));
    }
    if revoked {
        e.reasons.push(format!(
            "privileges {grantee} holds that the desired state does not declare are revoked: no data is lost, and granting them again restores access"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<Ident> {
        split_parts(text).unwrap()
    }

    #[test]
    fn an_object_is_recreated_with_its_schema_or_database_and_an_integration_by_either_kind() {
        let (desired, live) = (DesiredState::default(), LiveState::default());
        let mut states = States::new(&desired, &live);
        states.set_recreated(
            [
                Address::new(Kind::Sequence, "PR.S.Q"),
                Address::new(Kind::Schema, "PR.GONE"),
                Address::new(Kind::NotificationIntegration, "EVENTS"),
            ]
            .into(),
        );
        let recreated = |text: &str| states.recreated(&parse_target(text).unwrap());
        assert!(recreated("sequence PR.S.Q"));
        assert!(!recreated("sequence PR.S.OTHER"));
        assert!(recreated("table PR.GONE.T"));
        assert!(recreated("schema PR.GONE"));
        assert!(recreated("future tables in schema PR.GONE"));
        assert!(!recreated("future tables in schema PR.S"));
        assert!(recreated("integration EVENTS"));
        assert!(!recreated("database PR"));
        assert!(!recreated("account"));
    }

    #[test]
    fn every_form_parses_and_prints_back() {
        for text in [
            "account",
            "schema PR.GOLD",
            "warehouse LOAD_WH",
            "file format PR.BRONZE.CSV",
            "all tables in schema PR.GOLD",
            "future views in database PR",
            "future schemas in database PR",
            "integration ADLS",
            "dynamic table PR.GOLD.DAILY",
            "all dynamic tables in schema PR.GOLD",
            "future alerts in schema PR.GOLD",
            "pipe PR.BRONZE.ORDERS_PIPE",
        ] {
            let target = parse_target(text).unwrap();
            assert_eq!(target.to_string(), text);
            assert_eq!(parse_target(&target.to_string()).unwrap(), target);
        }
        assert_eq!(
            parse_target("FUTURE FILE FORMATS IN SCHEMA pr.bronze")
                .unwrap()
                .sql(),
            "FUTURE FILE FORMATS IN SCHEMA PR.BRONZE"
        );
        assert_eq!(
            parse_target("table pr.gold.t").unwrap(),
            Target::Object(ObjectType::Table, ids("PR.GOLD.T"))
        );
    }

    #[test]
    fn procedures_are_named_by_signature_and_policies_and_tags_one_by_one() {
        let p = parse_target("procedure pr.s.refresh(varchar(100), number, \"Odd\" date)");
        // An argument name is not a type: `"Odd" DATE` does not parse.
        assert!(matches!(p, Err(TargetError::Signature { .. })), "{p:?}");
        let p =
            parse_target("procedure pr.s.refresh(varchar(100), int, timestamp_ntz(3))").unwrap();
        assert_eq!(
            p,
            Target::Routine(
                ObjectType::Procedure,
                ids("PR.S.REFRESH"),
                vec!["VARCHAR".into(), "NUMBER".into(), "TIMESTAMP_NTZ".into()]
            )
        );
        assert_eq!(
            p.sql(),
            "PROCEDURE PR.S.REFRESH(VARCHAR, NUMBER, TIMESTAMP_NTZ)"
        );
        assert_eq!(parse_target(&p.to_string()).unwrap(), p);
        assert_eq!(
            p.reference(),
            Some(Address::new(Kind::Procedure, "PR.S.REFRESH"))
        );
        assert_eq!(
            parse_target("procedure PR.S.NOW()").unwrap().sql(),
            "PROCEDURE PR.S.NOW()"
        );
        assert!(matches!(
            parse_target("procedure PR.S.P"),
            Err(TargetError::Signature { .. })
        ));
        for (text, t) in [
            ("masking policy PR.S.M", ObjectType::MaskingPolicy),
            ("row access policy PR.S.R", ObjectType::RowAccessPolicy),
            ("tag PR.S.PII", ObjectType::Tag),
        ] {
            let target = parse_target(text).unwrap();
            assert_eq!(target.object_type(), t);
            assert_eq!(target.to_string(), text);
        }
        assert_eq!(
            parse_target("all procedures in schema PR.S").unwrap().sql(),
            "ALL PROCEDURES IN SCHEMA PR.S"
        );
        // Snowflake allows no bulk grants on policies or tags.
        for bulk in [
            "all masking policies in schema PR.S",
            "future row access policies in database PR",
            "future tags in schema PR.S",
        ] {
            assert!(parse_target(bulk).is_err(), "{bulk}");
        }
        let tag = parse_target("tag PR.S.PII").unwrap();
        assert_eq!(expand(&tag, "read").unwrap(), ["READ"]);
        assert!(matches!(
            expand(&tag, "all"),
            Err(PrivilegeError::NoAll { .. })
        ));
        assert!(matches!(
            expand(&tag, "usage"),
            Err(PrivilegeError::Invalid { .. })
        ));
        assert_eq!(expand(&p, "all").unwrap(), ["USAGE"]);
    }

    #[test]
    fn functions_and_data_metric_functions_are_named_by_signature() {
        let f = parse_target("function pr.s.f(number(10,2), varchar(5))").unwrap();
        assert_eq!(f.sql(), "FUNCTION PR.S.F(NUMBER, VARCHAR)");
        assert_eq!(f.to_string(), "function PR.S.F(NUMBER, VARCHAR)");
        // A user function is not declared by lakeform: the grant waits for nothing.
        assert_eq!(f.reference(), None);
        assert_eq!(expand(&f, "all").unwrap(), ["USAGE"]);
        assert!(matches!(
            expand(&f, "select"),
            Err(PrivilegeError::Invalid { .. })
        ));
        let dmf = parse_target("function PR.S.INVALID(table(varchar(100), number))").unwrap();
        assert_eq!(
            dmf,
            Target::Routine(
                ObjectType::Function,
                ids("PR.S.INVALID"),
                vec!["TABLE(VARCHAR, NUMBER)".into()]
            )
        );
        assert_eq!(dmf.sql(), "FUNCTION PR.S.INVALID(TABLE(VARCHAR, NUMBER))");
        assert_eq!(parse_target(&dmf.to_string()).unwrap(), dmf);
        assert_eq!(
            dmf.reference(),
            Some(Address::new(Kind::DataMetricFunction, "PR.S.INVALID"))
        );
        for bad in [
            "function PR.S.F",
            "function PR.S.F(TABLE())",
            "function PR.S.F(TABLE(NUMBER), TABLE(NUMBER))",
            "function PR.S.F(TABLE(GADGET))",
        ] {
            assert!(
                matches!(parse_target(bad), Err(TargetError::Signature { .. })),
                "{bad}"
            );
        }
        for text in [
            "all functions in schema PR.S",
            "future functions in database PR",
        ] {
            assert_eq!(parse_target(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn anything_else_is_refused_with_the_reason() {
        assert_eq!(parse_target(""), Err(TargetError::Shape));
        assert_eq!(
            parse_target("account x"),
            Err(TargetError::UnknownType("account".into()))
        );
        assert_eq!(
            parse_target("gadget G"),
            Err(TargetError::UnknownType("gadget".into()))
        );
        assert!(matches!(
            parse_target("table PR.T"),
            Err(TargetError::Name { parts: 3, .. })
        ));
        assert!(matches!(
            parse_target("all warehouses in database PR"),
            Err(TargetError::NotInContainer(_))
        ));
        assert_eq!(parse_target("all tables in PR"), Err(TargetError::Shape));
        // "Bulk grants on pipes are not allowed": pipes are granted one by one.
        assert!(parse_target("all pipes in schema PR.BRONZE").is_err());
        assert!(parse_target("future pipes in schema PR.BRONZE").is_err());
        assert_eq!(
            parse_target("future schemas in schema PR.S"),
            Err(TargetError::Shape)
        );
    }

    #[test]
    fn privileges_are_checked_and_all_expands() {
        let wh = parse_target("warehouse W").unwrap();
        assert_eq!(expand(&wh, "usage").unwrap(), ["USAGE"]);
        assert_eq!(
            expand(&wh, "all").unwrap(),
            ["APPLYBUDGET", "MODIFY", "MONITOR", "OPERATE", "USAGE"]
        );
        assert!(matches!(
            expand(&wh, "select"),
            Err(PrivilegeError::Invalid { .. })
        ));
        assert_eq!(expand(&wh, "ownership"), Err(PrivilegeError::Ownership));
        assert_eq!(
            expand(&Target::Account, "all privileges"),
            Err(PrivilegeError::AllOnAccount)
        );
        assert_eq!(
            expand(&Target::Account, "execute  task").unwrap(),
            ["EXECUTE TASK"]
        );
    }
}
