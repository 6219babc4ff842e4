//! `ALTER <kind> [IF EXISTS] name <action>`: the generic actions (RENAME TO, SWAP WITH,
//! SET, UNSET, SUSPEND, RESUME, ENABLE/DISABLE MANAGED ACCESS), the tag and data metric
//! clauses of tables, views and schemas (and the row access clauses the table's and the
//! view's grammars share). Which
//! kind accepts which action is decided here, as Snowflake's grammar does: an action a
//! kind does not have is a syntax error. A kind kept by its own module
//! (`sandbox/registry.rs`) gets RENAME TO here and every action that is not a generic verb
//! (nor a tag or data metric clause) as a `Tail` its module reads.

use super::ast::{Alter, AlterAction, ObjectNoun, RowAccess};
use super::object_kind;
use super::parser::{Parser, RawName};
use super::properties::{Property, properties};
use crate::sandbox::error::SqlError;
use crate::sql::TokenKind;

pub(crate) fn alter(p: &mut Parser) -> Result<Alter, SqlError> {
    let kind = object_kind(p)?;
    let if_exists = p.eat_kws(&["IF", "EXISTS"]);
    let name = if kind == ObjectNoun::Warehouse && names_no_warehouse(p) {
        RawName { parts: Vec::new() }
    } else {
        p.name()?
    };
    // `ALTER DYNAMIC TABLE [ IF EXISTS ] <name> [ , <name> … ] REFRESH [ COPY SESSION ]`
    // (https://docs.snowflake.com/en/sql-reference/sql/alter-dynamic-table): the only
    // action that takes several names.
    let mut also = Vec::new();
    if kind == ObjectNoun::DynamicTable {
        while p.eat_sym(",") {
            also.push(p.name()?);
        }
        if !also.is_empty() && !p.is_kw("REFRESH") {
            return Err(p.error());
        }
    }
    let arg_types = super::signature(p, kind)?;
    let action_at = p.mark();
    let action = action(p, kind)?;
    if !allowed(kind, &action) {
        p.reset(action_at);
        return Err(p.error());
    }
    Ok(Alter {
        kind,
        if_exists,
        name,
        arg_types,
        action,
        also,
    })
}

/// Whether ALTER WAREHOUSE goes on without a name: "When resuming/suspending a warehouse
/// or aborting queries for a warehouse, if a warehouse is currently in use for the
/// session, the identifier can be omitted", and only then
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-warehouse: `[ <name> ] {
/// SUSPEND | RESUME [ IF SUSPENDED ] }`, `[ <name> ] ABORT ALL QUERIES`). The action must
/// end the statement: `ALTER WAREHOUSE resume SUSPEND` names a warehouse RESUME. The
/// engine puts the session's warehouse in the empty name (`ddl::current_warehouse`).
fn names_no_warehouse(p: &mut Parser) -> bool {
    let at = p.mark();
    let action = if p.eat_kw("RESUME") {
        p.eat_kws(&["IF", "SUSPENDED"]);
        true
    } else {
        p.eat_kw("SUSPEND") || p.eat_kws(&["ABORT", "ALL", "QUERIES"])
    };
    let omitted = action && p.at_end();
    p.reset(at);
    omitted
}

/// The words that start the actions this file reads for every kind (with `RENAME TO`,
/// see [`at_generic_verb`]); a registered kind reads any other action itself, and one of
/// these it lacks is refused here like for any kind.
const GENERIC_VERBS: [&str; 6] = ["SWAP", "SUSPEND", "RESUME", "ABORT", "ENABLE", "DISABLE"];

/// Whether a generic action starts here. RENAME is one only as `RENAME TO`: a table's
/// `RENAME COLUMN` and `RENAME CONSTRAINT` are its own
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-table).
fn at_generic_verb(p: &Parser) -> bool {
    p.is_kws(&["RENAME", "TO"]) || GENERIC_VERBS.iter().any(|verb| p.is_kw(verb))
}

/// Registered kinds whose SUSPEND / RESUME are their own (their modules read them):
/// https://docs.snowflake.com/en/sql-reference/sql/alter-dynamic-table,
/// https://docs.snowflake.com/en/sql-reference/sql/alter-alert,
/// https://docs.snowflake.com/en/sql-reference/sql/alter-materialized-view (SUSPEND
/// [ RECLUSTER ]).
fn suspends_itself(kind: ObjectNoun) -> bool {
    matches!(
        kind,
        ObjectNoun::DynamicTable | ObjectNoun::Alert | ObjectNoun::MaterializedView
    )
}

fn action(p: &mut Parser, kind: ObjectNoun) -> Result<AlterAction, SqlError> {
    if takes_tags(kind) {
        match tag_change(p)? {
            Some(TagChange::Set(pairs)) => return Ok(AlterAction::SetTag(pairs)),
            Some(TagChange::Unset(names)) => return Ok(AlterAction::UnsetTag(names)),
            None => {}
        }
    }
    // The data metric clauses of ALTER TABLE and ALTER VIEW
    // (https://docs.snowflake.com/en/sql-reference/sql/alter-table, "Data metric function
    // actions"), read by the data metric function's module.
    if matches!(kind, ObjectNoun::Table | ObjectNoun::View)
        && (["ADD", "DROP", "MODIFY"]
            .iter()
            .any(|verb| p.is_kws(&[verb, "DATA", "METRIC", "FUNCTION"]))
            || p.is_kws(&["SET", "DATA_METRIC_SCHEDULE"])
            || p.is_kws(&["UNSET", "DATA_METRIC_SCHEDULE"]))
    {
        return Ok(AlterAction::DataMetric(p.tail()));
    }
    let own_state = (p.is_kw("SUSPEND") || p.is_kw("RESUME"))
        && (suspends_itself(kind)
            // A table's `{ SUSPEND | RESUME } RECLUSTER`
            // (https://docs.snowflake.com/en/sql-reference/sql/alter-table, clusteringAction).
            || (kind == ObjectNoun::Table && p.is_kw_at(1, "RECLUSTER")));
    if kind.is_module() && (own_state || !at_generic_verb(p)) {
        return Ok(AlterAction::Module(p.tail()));
    }
    if p.eat_kws(&["RENAME", "TO"]) {
        return Ok(AlterAction::RenameTo(p.name()?));
    }
    if p.eat_kws(&["SWAP", "WITH"]) {
        return Ok(AlterAction::SwapWith(p.name()?));
    }
    match set_or_unset(p)? {
        Some(Change::Set(props)) => return Ok(AlterAction::Set(props)),
        Some(Change::Unset(keys)) => return Ok(AlterAction::Unset(keys)),
        None => {}
    }
    if p.eat_kw("SUSPEND") {
        return Ok(AlterAction::Suspend);
    }
    // https://docs.snowflake.com/en/sql-reference/sql/alter-warehouse
    if p.eat_kws(&["ABORT", "ALL", "QUERIES"]) {
        return Ok(AlterAction::AbortAllQueries);
    }
    if p.eat_kw("RESUME") {
        if p.eat_kws(&["IF", "SUSPENDED"]) {
            return Ok(AlterAction::ResumeIfSuspended);
        }
        return Ok(AlterAction::Resume);
    }
    if kind == ObjectNoun::NetworkPolicy
        && let Some(action) = network_rule_list(p)?
    {
        return Ok(action);
    }
    if p.eat_kws(&["ENABLE", "MANAGED", "ACCESS"]) {
        return Ok(AlterAction::ManagedAccess(true));
    }
    if p.eat_kws(&["DISABLE", "MANAGED", "ACCESS"]) {
        return Ok(AlterAction::ManagedAccess(false));
    }
    Err(p.error())
}

/// `SET <properties>` or `UNSET <keys>`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Change {
    Set(Vec<Property>),
    Unset(Vec<String>),
}

/// `SET key = value …` (also comma-separated) or `UNSET key, …`; `None` when neither
/// follows. Shared by every kind whose ALTER sets properties, registered kinds included.
pub(crate) fn set_or_unset(p: &mut Parser) -> Result<Option<Change>, SqlError> {
    if p.eat_kw("SET") {
        let mut props = properties(p)?;
        if props.is_empty() {
            return Err(p.error());
        }
        // `SET a = 1, b = 2`: Snowflake also takes the properties comma-separated (the
        // docs' syntax lists them space-separated and is silent on commas).
        while p.eat_sym(",") {
            let more = properties(p)?;
            if more.is_empty() {
                return Err(p.error());
            }
            props.extend(more);
        }
        return Ok(Some(Change::Set(props)));
    }
    if p.eat_kw("UNSET") {
        let mut keys = Vec::new();
        loop {
            match p.advance() {
                Some(t) if t.kind == TokenKind::Word => keys.push(t.value.to_uppercase()),
                _ => return Err(p.error()),
            }
            if !p.eat_sym(",") {
                break;
            }
        }
        return Ok(Some(Change::Unset(keys)));
    }
    Ok(None)
}

/// `DROP ROW ACCESS POLICY p`, `ADD ROW ACCESS POLICY p ON (c, …)`, both in that order
/// separated by a comma (an atomic swap), or `DROP ALL ROW ACCESS POLICIES`
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-table); `None` when the next
/// tokens are none of them.
pub(crate) fn row_access(p: &mut Parser) -> Result<Option<RowAccess>, SqlError> {
    if p.eat_kws(&["DROP", "ALL", "ROW", "ACCESS", "POLICIES"]) {
        return Ok(Some(RowAccess {
            drop: None,
            drop_all: true,
            add: None,
        }));
    }
    let mut drop = None;
    if p.eat_kws(&["DROP", "ROW", "ACCESS", "POLICY"]) {
        drop = Some(p.name()?);
        if !p.eat_sym(",") {
            return Ok(Some(RowAccess {
                drop,
                drop_all: false,
                add: None,
            }));
        }
        if !p.is_kws(&["ADD", "ROW", "ACCESS", "POLICY"]) {
            return Err(p.error());
        }
    }
    if !p.eat_kws(&["ADD", "ROW", "ACCESS", "POLICY"]) {
        return Ok(None);
    }
    let policy = p.name()?;
    p.expect_kw("ON")?;
    p.expect_sym("(")?;
    let mut on = vec![p.ident()?];
    while p.eat_sym(",") {
        on.push(p.ident()?);
    }
    p.expect_sym(")")?;
    Ok(Some(RowAccess {
        drop,
        drop_all: false,
        add: Some((policy, on)),
    }))
}

/// `SET TAG t = 'v' [ , … ]` or `UNSET TAG t [ , … ]`, the tag clause every taggable
/// kind's ALTER shares (ALTER ROLE and ALTER ACCOUNT included:
/// https://docs.snowflake.com/en/sql-reference/sql/alter-role,
/// https://docs.snowflake.com/en/sql-reference/sql/alter-account).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TagChange {
    Set(Vec<(RawName, String)>),
    Unset(Vec<RawName>),
}

/// The tag clause if one starts here, `None` otherwise.
pub(crate) fn tag_change(p: &mut Parser) -> Result<Option<TagChange>, SqlError> {
    if p.eat_kws(&["SET", "TAG"]) {
        return Ok(Some(TagChange::Set(tag_assignments(p)?)));
    }
    if p.eat_kws(&["UNSET", "TAG"]) {
        return Ok(Some(TagChange::Unset(tag_names(p)?)));
    }
    Ok(None)
}

/// `t = 'v' [ , t2 = 'v2' … ]` after SET TAG. A comma not followed by `name =` ends the
/// list: in a column list it introduces the next column (`, COLUMN c2 …`).
pub(crate) fn tag_assignments(p: &mut Parser) -> Result<Vec<(RawName, String)>, SqlError> {
    let mut pairs = Vec::new();
    loop {
        let tag = p.name()?;
        p.expect_sym("=")?;
        pairs.push((tag, p.string()?));
        let at = p.mark();
        if !p.eat_sym(",") {
            break;
        }
        let next = p.name().is_ok() && p.peek().is_some_and(|t| t.is_symbol("="));
        p.reset(at);
        if !next {
            break;
        }
        p.eat_sym(",");
    }
    Ok(pairs)
}

/// `t [ , t2 … ]` after UNSET TAG; a comma followed by a name that another word follows
/// (`, COLUMN c2 …`, `, c2 UNSET …`) ends the list.
pub(crate) fn tag_names(p: &mut Parser) -> Result<Vec<RawName>, SqlError> {
    let mut names = vec![p.name()?];
    loop {
        let at = p.mark();
        if !p.eat_sym(",") {
            break;
        }
        match p.name() {
            Ok(name)
                if p.at_end()
                    || p.peek()
                        .is_some_and(|t| t.is_symbol(",") || t.is_symbol(")")) =>
            {
                names.push(name)
            }
            _ => {
                p.reset(at);
                break;
            }
        }
    }
    Ok(names)
}

/// The kinds whose ALTER takes `SET TAG t = '…' [ , … ]` and `UNSET TAG t [ , … ]`, each
/// on its own ALTER page: https://docs.snowflake.com/en/sql-reference/sql/alter-table,
/// …/alter-view, …/alter-schema, …/alter-database, …/alter-materialized-view,
/// …/alter-dynamic-table ("dataGovnPolicyTagAction"), …/alter-stage, …/alter-stream,
/// …/alter-task, …/alter-pipe, …/alter-alert, …/alter-masking-policy,
/// …/alter-row-access-policy, …/alter-function, …/alter-procedure, …/alter-warehouse,
/// …/alter-storage-integration, …/alter-notification-integration and …/alter-user. File
/// formats, sequences and tags take none (their ALTER pages have no tag clause, and
/// TAG_REFERENCES has no domain for them:
/// https://docs.snowflake.com/en/sql-reference/functions/tag_references); roles and
/// database roles do in Snowflake and are kept with the grant engine: ALTER ROLE's and
/// ALTER DATABASE ROLE's tag clauses are read by `statement/access.rs`.
pub(crate) fn takes_tags(kind: ObjectNoun) -> bool {
    use ObjectNoun as K;
    matches!(
        kind,
        K::Table
            | K::View
            | K::Schema
            | K::Database
            | K::MaterializedView
            | K::DynamicTable
            | K::Stage
            | K::Stream
            | K::Task
            | K::Pipe
            | K::Alert
            | K::MaskingPolicy
            | K::RowAccessPolicy
            | K::Function
            | K::Procedure
            | K::Warehouse
            | K::Integration
            | K::User
    )
}

/// `{ ADD | REMOVE } { ALLOWED_NETWORK_RULE_LIST | BLOCKED_NETWORK_RULE_LIST } = …` of
/// ALTER NETWORK POLICY (https://docs.snowflake.com/en/sql-reference/sql/alter-network-policy):
/// the page writes the value as one `'<network_rule>'` and, in its newer syntax, as
/// `( '<network_rule>' [ , … ] )`; both are read. Only the rule lists take ADD and
/// REMOVE: `ADD ALLOWED_IP_LIST` is a syntax error, as the page documents no such form.
fn network_rule_list(p: &mut Parser) -> Result<Option<AlterAction>, SqlError> {
    let add = if p.is_kw("ADD") {
        true
    } else if p.is_kw("REMOVE") {
        false
    } else {
        return Ok(None);
    };
    p.advance();
    let allowed = if p.eat_kw("ALLOWED_NETWORK_RULE_LIST") {
        true
    } else if p.eat_kw("BLOCKED_NETWORK_RULE_LIST") {
        false
    } else {
        return Err(p.error());
    };
    p.expect_sym("=")?;
    let mut rules = Vec::new();
    if p.eat_sym("(") {
        loop {
            rules.push(p.string()?);
            if !p.eat_sym(",") {
                break;
            }
        }
        p.expect_sym(")")?;
    } else {
        rules.push(p.string()?);
    }
    Ok(Some(AlterAction::NetworkRuleList {
        add,
        allowed,
        rules,
    }))
}

/// Snowflake's ALTER grammar per kind (REFERENCE.md "What Snowflake lets you ALTER").
fn allowed(kind: ObjectNoun, action: &AlterAction) -> bool {
    use ObjectNoun as K;
    match action {
        // ALTER NETWORK RULE documents SET and UNSET only
        // (https://docs.snowflake.com/en/sql-reference/sql/alter-network-rule).
        AlterAction::RenameTo(_) => !matches!(kind, K::Task | K::Integration | K::NetworkRule),
        // https://docs.snowflake.com/en/sql-reference/sql/alter-dynamic-table: `SWAP WITH
        // <target_dynamic_table_name>`.
        AlterAction::SwapWith(_) => {
            matches!(kind, K::Table | K::Database | K::Schema | K::DynamicTable)
        }
        AlterAction::Set(_) | AlterAction::Unset(_) => true,
        AlterAction::Suspend | AlterAction::Resume => matches!(kind, K::Warehouse | K::Task),
        // Only ALTER WAREHOUSE documents IF SUSPENDED
        // (https://docs.snowflake.com/en/sql-reference/sql/alter-warehouse).
        AlterAction::ResumeIfSuspended => kind == K::Warehouse,
        AlterAction::AbortAllQueries => kind == K::Warehouse,
        AlterAction::ManagedAccess(_) => kind == K::Schema,
        // Made by `COMMENT ON COLUMN` (`statement/comment.rs`), never read here.
        AlterAction::CommentOnColumn(..) => kind == K::Table,
        AlterAction::SetTag(_) | AlterAction::UnsetTag(_) => takes_tags(kind),
        AlterAction::Module(_) => kind.is_module(),
        AlterAction::DataMetric(_) => matches!(kind, K::Table | K::View),
        AlterAction::NetworkRuleList { .. } => kind == K::NetworkPolicy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::statement::{Statement, parse};

    fn alter_of(sql: &str) -> Alter {
        match parse(sql).unwrap() {
            Statement::Alter(a) => a,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn procedure_rights() {
        // The procedure's own module reads `EXECUTE AS …` (`catalog/procedure.rs`).
        let a = alter_of("alter procedure db.s.p(number, varchar) execute as caller");
        assert!(matches!(a.action, AlterAction::Module(_)));
        assert_eq!(a.arg_types.map(|t| t.len()), Some(2));
        // A table refuses it through its module's grammar (`catalog/table/grammar.rs`):
        // `engine/tests/rules.rs`, `tables_refuse_the_alter_actions_they_lack`.
    }

    #[test]
    fn generic_actions() {
        let a =
            alter_of("alter warehouse if exists wh set warehouse_size = 'SMALL' auto_suspend = 60");
        assert!(a.if_exists);
        assert!(matches!(a.action, AlterAction::Set(ref p) if p.len() == 2));
        let a = alter_of("alter warehouse wh set auto_suspend = 60, comment = 'c'");
        assert!(matches!(a.action, AlterAction::Set(ref p) if p.len() == 2));
        let a = alter_of("alter warehouse wh abort all queries");
        assert_eq!(a.action, AlterAction::AbortAllQueries);
        // A view's own actions (SET / UNSET, the row access clauses) are read by its
        // module (`catalog/view/grammar.rs`); its tag clauses here.
        let a = alter_of("alter view v unset comment");
        assert!(matches!(a.action, AlterAction::Module(_)));
        let a = alter_of("alter view v unset tag t");
        assert!(matches!(a.action, AlterAction::UnsetTag(ref t) if t.len() == 1));
        // A task's own actions (SET and MODIFY WHEN among them) are read by its module
        // (`catalog/task/grammar.rs`).
        let a = alter_of("alter task t modify when system$stream_has_data('S')");
        assert!(matches!(a.action, AlterAction::Module(_)));
        let a = alter_of("alter schema d.s enable managed access");
        assert!(matches!(a.action, AlterAction::ManagedAccess(true)));
    }

    #[test]
    fn warehouse_state_actions_may_leave_the_name_out() {
        for (sql, action) in [
            ("alter warehouse suspend", AlterAction::Suspend),
            ("alter warehouse if exists resume", AlterAction::Resume),
            (
                "alter warehouse resume if suspended",
                AlterAction::ResumeIfSuspended,
            ),
            (
                "alter warehouse abort all queries",
                AlterAction::AbortAllQueries,
            ),
        ] {
            let a = alter_of(sql);
            assert!(a.name.parts.is_empty(), "{sql}");
            assert_eq!(a.action, action, "{sql}");
        }
        // A warehouse named like an action is still a name when an action follows it.
        let a = alter_of("alter warehouse resume suspend");
        assert_eq!(a.name.parts.len(), 1);
        assert_eq!(a.action, AlterAction::Suspend);
    }

    #[test]
    fn actions_a_kind_lacks_are_syntax_errors() {
        // `alter view v add column …` is refused by the view's module when it runs
        // (`engine/tests/rules.rs`).
        for sql in [
            "alter stream s suspend",
            "alter task t rename to u",
            "alter view v swap with w",
            "alter task t abort all queries",
            "alter warehouse wh set auto_suspend = 60,",
            // Only SUSPEND, RESUME and ABORT ALL QUERIES may leave the name out.
            "alter warehouse set auto_suspend = 60",
            "alter warehouse rename to w2",
            "alter warehouse if exists set tag t = 'v'",
            "alter warehouse unset comment",
        ] {
            assert_eq!(parse(sql).unwrap_err().code, "001003", "{sql}");
        }
    }
}
