//! The session context of one request, the state every layer above the parser reads:
//! the current database, schema, role, warehouse and user. A leaf module, so the parser,
//! catalog, binder, SHOW and engine layers can all name it without depending on each other.

use crate::model::identifier::Ident;

/// The role that owns objects when the session names none.
pub(crate) const DEFAULT_ROLE: &str = "SYSADMIN";

/// The SQL session of one request: set from the request body's
/// database/schema/role/warehouse and changed by USE statements inside a multi-statement
/// request. (Named apart from `crate::session::Session`, the steps every command shares.)
#[derive(Clone, Debug, Default)]
pub struct SqlSession {
    pub database: Option<Ident>,
    pub schema: Option<Ident>,
    pub role: Option<String>,
    pub warehouse: Option<String>,
    pub user: Option<String>,
    /// The roles `USE SECONDARY ROLES r, …` activated: their privileges count for every
    /// statement but CREATE <object>, which the primary role authorizes
    /// (https://docs.snowflake.com/en/sql-reference/sql/use-secondary-roles). `ALL` names
    /// the roles granted to the user, which the sandbox does not keep (users stay with the
    /// identity provider), so it activates none: a rehearsal never holds more than
    /// Snowflake would grant.
    pub secondary_roles: Vec<Ident>,
    /// The TEMPORARY objects this session created, by name and object id: dropped when
    /// it ends (`Engine::end_session`).
    /// Public only so callers may build a session with `..SqlSession::default()`.
    pub temporary: Vec<(crate::model::identifier::ObjectName, u64)>,
    /// The query ids of the statements this session ran, oldest first: what
    /// LAST_QUERY_ID() reads (https://docs.snowflake.com/en/sql-reference/functions/last_query_id).
    pub query_ids: Vec<String>,
}
