//! The session context of one request, the state every layer above the parser reads:
//! the current database, schema, role, warehouse and user, and its session variables. A leaf module, so the parser,
//! catalog, binder, SHOW and engine layers can all name it without depending on each other.

use crate::model::identifier::Ident;

/// The role that owns objects when the session names none.
pub(crate) const DEFAULT_ROLE: &str = "SYSADMIN";

/// The SQL session of one request: set from the request body's
/// database/schema/role/warehouse and changed by USE statements inside a multi-statement
/// request. (Named apart from `crate::session::Session`, the steps every command shares.)
#[derive(Clone, Debug, Default)]
pub struct SqlSession {
    /// The session's number, as SHOW VARIABLES reports it (`session_id`): a fresh one per
    /// SQL API request ([`SqlSession::next_id`]).
    pub id: u64,
    pub database: Option<Ident>,
    pub schema: Option<Ident>,
    pub role: Option<String>,
    pub warehouse: Option<String>,
    pub user: Option<String>,
    /// The roles `USE SECONDARY ROLES` activated: their privileges count for every
    /// statement but CREATE <object>, which the primary role authorizes
    /// (https://docs.snowflake.com/en/sql-reference/sql/use-secondary-roles).
    pub secondary_roles: SecondaryRoles,
    /// The TEMPORARY objects this session created, by name and object id: dropped when
    /// it ends (`Engine::end_session`).
    /// Public only so callers may build a session with `..SqlSession::default()`.
    pub temporary: Vec<(crate::model::identifier::ObjectName, u64)>,
    /// The query ids of the statements this session ran, oldest first: what
    /// LAST_QUERY_ID() reads (https://docs.snowflake.com/en/sql-reference/functions/last_query_id).
    pub query_ids: Vec<String>,
    /// The session variables SET defined, by name (folded as any identifier: "SQL variables
    /// are globally identified using case-insensitive names",
    /// https://docs.snowflake.com/en/sql-reference/session-variables). Over the SQL API a
    /// request is one session, so they live for one request: the statements of a
    /// multi-statement request share them, and the next request starts without any.
    pub variables: std::collections::BTreeMap<Ident, Variable>,
}

/// One session variable: its value as a result cell carries it, the rowType type of the
/// expression that set it ("the data type of the variable is derived from the data type of
/// the result of the evaluated expression", same page), and when it was set.
#[derive(Clone, Debug, PartialEq)]
pub struct Variable {
    pub(crate) value: Option<String>,
    /// The SQL API rowType type: `fixed`, `text`, `boolean`, `real`, `timestamp_ltz` ….
    pub(crate) type_name: &'static str,
    /// Nanoseconds since the Unix epoch, when the variable was first set and last set.
    pub(crate) created_on: i64,
    pub(crate) updated_on: i64,
}

impl SqlSession {
    /// A session number not given before in this process.
    pub(crate) fn next_id() -> u64 {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }

    /// The session's user as an identifier: written as the login names it, folded like
    /// any identifier (`jane` → JANE); `None` without a user or with one that is no name.
    pub(crate) fn user_ident(&self) -> Option<Ident> {
        self.user.as_deref().and_then(|u| Ident::parse(u).ok())
    }
}

/// What `USE SECONDARY ROLES { ALL | NONE | r [, …] }` set
/// (https://docs.snowflake.com/en/sql-reference/sql/use-secondary-roles).
#[derive(Clone, Debug, Default, PartialEq)]
pub enum SecondaryRoles {
    /// NONE, and a session that never said.
    #[default]
    None,
    /// ALL: every role granted to the session's user (`Catalog::roles_of_user`), read
    /// again at each statement, since "the set of roles is reevaluated when each SQL
    /// statement executes" (same page): a role granted or revoked meanwhile counts at
    /// once.
    All,
    /// The roles named.
    Named(Vec<Ident>),
}
