//! Snowflake's errors as the emulator raises them: code, SQLSTATE and message text.
//!
//! Every rule the engine enforces ends in one of these constructors, so the wording of a
//! given failure lives in exactly one place. Codes and texts follow Snowflake's documented
//! and observed behaviour; where no source pins a code down, the choice is marked
//! *(chosen)* and kept stable so tests and the provider can rely on it.
//!
//! Names inside messages are printed as Snowflake prints them: the stored identifiers joined
//! by `.`, quoted only when they could not be written bare.

/// A Snowflake error: code like "002003", sqlState like "02000", Snowflake's message text.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{code} ({sql_state}): {message}")]
pub struct SqlError {
    pub(crate) code: String,
    pub(crate) sql_state: String,
    pub(crate) message: String,
}

/// The prefix Snowflake puts before every compile-time error.
const COMPILATION: &str = "SQL compilation error:\n";

impl SqlError {
    pub fn new(code: &str, sql_state: &str, message: impl Into<String>) -> SqlError {
        SqlError {
            code: code.to_string(),
            sql_state: sql_state.to_string(),
            message: message.into(),
        }
    }

    /// 001003: the parser stopped at `unexpected` (the token as written, or `<EOF>`).
    /// `offset` is a byte offset into `source`; Snowflake reports a 1-based line and a
    /// 0-based character position within that line.
    pub(crate) fn syntax(source: &str, offset: usize, unexpected: &str) -> SqlError {
        let (line, position) = line_position(source, offset);
        SqlError::new(
            "001003",
            "42000",
            format!(
                "{COMPILATION}syntax error line {line} at position {position} unexpected '{unexpected}'."
            ),
        )
    }

    /// 000900: a request or statement with nothing to execute.
    pub(crate) fn empty_statement() -> SqlError {
        SqlError::new("000900", "42000", "Empty SQL statement.")
    }

    /// 001789: the branches of a UNION [ALL] differ in width. Snowflake's code and words
    /// as its error output prints them; the docs state the rule only ("the same number of
    /// columns": https://docs.snowflake.com/en/sql-reference/operators-query).
    pub(crate) fn set_operator_width(expected: usize, got: usize, branch: usize) -> SqlError {
        SqlError::new(
            "001789",
            "42601",
            format!(
                "{COMPILATION}invalid number of result columns for set operator input branches, expected {expected}, got {got} in branch {branch}"
            ),
        )
    }

    /// 002002: creating an object whose name is taken.
    pub(crate) fn already_exists(name: &str) -> SqlError {
        SqlError::new(
            "002002",
            "42710",
            format!("{COMPILATION}Object '{name}' already exists."),
        )
    }

    /// 000606 (57P03): a statement that acts on the session's current warehouse when
    /// there is none — here ALTER WAREHOUSE without a name, whose name "can be omitted" only
    /// "if a warehouse is currently in use for the session"
    /// (https://docs.snowflake.com/en/sql-reference/sql/alter-warehouse). The docs give no
    /// error for it; this is Snowflake's error for a session without a warehouse (its
    /// code, SQLSTATE and text, double space included, as Snowflake returns them).
    pub(crate) fn no_active_warehouse() -> SqlError {
        SqlError::new(
            "000606",
            "57P03",
            "No active warehouse selected in the current session.  Select an active warehouse with the 'use warehouse' command.",
        )
    }

    /// 002003: the object is missing (or, in Snowflake, invisible to the role). `kind` is
    /// the word Snowflake starts the message with: `Database`, `Schema`, `Table`, `Object` …
    pub(crate) fn does_not_exist(kind: &str, name: &str) -> SqlError {
        SqlError::new(
            "002003",
            "02000",
            format!("{COMPILATION}{kind} '{name}' does not exist or not authorized."),
        )
    }

    /// 002003 *(chosen: the docs name no code)*: `UNDROP` of a name with no dropped
    /// version kept (never dropped, or past its retention period). `kind` is the word the
    /// message starts with, as for [`SqlError::does_not_exist`] (a leaf names no layer
    /// above it, so not the parser's `ObjectNoun`).
    pub(crate) fn not_restorable(kind: &str, name: &str) -> SqlError {
        SqlError::new(
            "002003",
            "02000",
            format!("{COMPILATION}{kind} '{name}' did not exist or was purged."),
        )
    }

    /// 002020 *(chosen: the docs name no code)*: a CTAS column name list whose length is
    /// not the query's column count.
    pub(crate) fn column_list_mismatch(listed: usize, selected: usize) -> SqlError {
        SqlError::new(
            "002020",
            "21S01",
            format!(
                "{COMPILATION}The column list names {listed} columns but the query returns {selected}."
            ),
        )
    }

    /// 002025 *(chosen: the docs state the rule, not its code)*: AUTOINCREMENT / IDENTITY
    /// on a column that is not numeric.
    pub(crate) fn identity_type(column: &str, data_type: &str) -> SqlError {
        SqlError::new(
            "002025",
            "42601",
            format!(
                "{COMPILATION}Column '{column}' of type {data_type} cannot be AUTOINCREMENT or IDENTITY: only numeric types can."
            ),
        )
    }

    /// 090105: an unqualified name with no current database in the session.
    pub(crate) fn no_current_database(action: &str) -> SqlError {
        SqlError::new(
            "090105",
            "22000",
            format!(
                "Cannot perform {action}. This session does not have a current database. Call 'USE DATABASE', or use a qualified name."
            ),
        )
    }

    /// 090106: an unqualified name with no current schema in the session.
    pub(crate) fn no_current_schema(action: &str) -> SqlError {
        SqlError::new(
            "090106",
            "22000",
            format!(
                "Cannot perform {action}. This session does not have a current schema. Call 'USE SCHEMA', or use a qualified name."
            ),
        )
    }

    /// 000904: a column name that does not resolve.
    pub(crate) fn invalid_identifier(name: &str) -> SqlError {
        SqlError::new(
            "000904",
            "42000",
            format!("{COMPILATION}error line 0 at position -1\ninvalid identifier '{name}'"),
        )
    }

    /// 000904 at its place: a column reference of a query that resolves to nothing, at
    /// byte `offset` of the statement `source` (line and position counted as
    /// [`SqlError::syntax`] counts them). The docs publish no error list: the code and the
    /// wording ("error line 1 at position 7\ninvalid identifier 'X'") are Snowflake's as
    /// its messages carry them.
    pub(crate) fn invalid_identifier_at(source: &str, offset: usize, name: &str) -> SqlError {
        let (line, position) = line_position(source, offset);
        SqlError::new(
            "000904",
            "42000",
            format!(
                "{COMPILATION}error line {line} at position {position}\ninvalid identifier '{name}'"
            ),
        )
    }

    /// 002037: a view that no longer compiles — a source dropped, a column gone — fails
    /// when it is used, wrapping the compilation error. A view's definition is not updated
    /// when its sources change (https://docs.snowflake.com/en/sql-reference/sql/create-view#usage-notes),
    /// and querying such a view returns an error
    /// (https://docs.snowflake.com/en/release-notes/bcr-bundles/2023_06/bcr-1147); the code
    /// and wording are those the docs quote for an invalid view's expansion
    /// (https://docs.snowflake.com/en/user-guide/views-materialized).
    pub(crate) fn view_expansion(view: &str, inner: &SqlError) -> SqlError {
        let inner = inner.message.replace('\n', " ");
        SqlError::new(
            "002037",
            "42601",
            format!("{COMPILATION}Failure during expansion of view '{view}': {inner}"),
        )
    }

    /// 001430 *(chosen)*: `ADD COLUMN` of a name the table already has.
    pub(crate) fn column_exists(name: &str) -> SqlError {
        SqlError::new(
            "001430",
            "42601",
            format!("{COMPILATION}column '{name}' already exists"),
        )
    }

    /// 001505 *(chosen)*: a column list naming one column twice, or a view whose query
    /// has two output columns of one name (a view's columns are named like a table's:
    /// https://docs.snowflake.com/en/sql-reference/sql/create-view).
    pub(crate) fn duplicate_column(name: &str) -> SqlError {
        SqlError::new(
            "001505",
            "42701",
            format!("{COMPILATION}duplicate column name '{name}'"),
        )
    }

    /// 002108: `ALTER COLUMN … SET DATA TYPE` that is not a widening.
    pub(crate) fn column_type_change(column: &str, from: &str, to: &str, reason: &str) -> SqlError {
        SqlError::new(
            "002108",
            "0A000",
            format!(
                "{COMPILATION}cannot change column {column} from type {from} to {to} {reason}."
            ),
        )
    }

    /// 002140: a function the emulator does not know.
    pub(crate) fn unknown_function(name: &str) -> SqlError {
        SqlError::new(
            "002140",
            "42601",
            format!("{COMPILATION}Unknown function {name}"),
        )
    }

    /// 091091 *(chosen code, Snowflake's wording)*: changing a task whose graph root runs.
    pub(crate) fn root_task_not_suspended(root: &str) -> SqlError {
        SqlError::new(
            "091091",
            "P0000",
            format!(
                "Unable to update graph with root task {root} since that root task is not suspended."
            ),
        )
    }

    /// 091094 *(chosen)*: a predecessor outside the task's database and schema.
    pub(crate) fn task_predecessor_elsewhere(task: &str, predecessor: &str) -> SqlError {
        SqlError::new(
            "091094",
            "P0000",
            format!(
                "Task {task} cannot have predecessor {predecessor}: all tasks in a task graph must be in the same database and schema."
            ),
        )
    }

    /// 091095 *(chosen)*: an `AFTER` that would close a loop in the graph.
    pub(crate) fn task_cycle(task: &str, predecessor: &str) -> SqlError {
        SqlError::new(
            "091095",
            "P0000",
            format!(
                "Unable to add predecessor {predecessor} to task {task}: the task graph would contain a cycle."
            ),
        )
    }

    /// 091096 *(chosen)*: a `FINALIZE = <root>` the task graph rules refuse; `reason`
    /// names the rule (https://docs.snowflake.com/en/user-guide/tasks-graphs#finalizer-task).
    pub(crate) fn task_finalizer(task: &str, reason: &str) -> SqlError {
        SqlError::new(
            "091096",
            "P0000",
            format!("Task {task} cannot be a finalizer task: {reason}"),
        )
    }

    /// 091097 *(chosen: the docs state the conditions, not the error)*: `EXECUTE TASK …
    /// RETRY` needs a graph run in state FAILED or CANCELED
    /// (https://docs.snowflake.com/en/sql-reference/sql/execute-task#parameters); the
    /// sandbox runs no task, so no run ever failed.
    pub(crate) fn no_failed_task_run(task: &str) -> SqlError {
        SqlError::new(
            "091097",
            "P0000",
            format!("Cannot retry task {task}: it has no failed or canceled graph run to retry."),
        )
    }

    /// 091098 *(chosen: the docs give no error)*: `ALTER STAGE … REFRESH` on a stage
    /// without a directory table; REFRESH updates "the directory table definition"
    /// (https://docs.snowflake.com/en/sql-reference/sql/alter-stage).
    pub(crate) fn no_directory_table(stage: &str) -> SqlError {
        SqlError::new(
            "091098",
            "P0000",
            format!(
                "Stage {stage} has no directory table to refresh: set DIRECTORY = ( ENABLE = TRUE ) first."
            ),
        )
    }

    /// 002029 *(chosen)*: a property value Snowflake would not accept.
    pub(crate) fn invalid_value(property: &str, value: &str) -> SqlError {
        SqlError::new(
            "002029",
            "22023",
            format!("{COMPILATION}invalid value [{value}] for parameter '{property}'"),
        )
    }

    /// 001008 *(chosen)*: a property name that does not belong to the object kind.
    pub(crate) fn invalid_property(property: &str, kind: &str) -> SqlError {
        SqlError::new(
            "001008",
            "42601",
            format!("{COMPILATION}invalid property '{property}' for '{kind}'"),
        )
    }

    /// 002031 *(chosen)*: a required property is missing from a CREATE.
    pub(crate) fn missing_property(property: &str, kind: &str) -> SqlError {
        SqlError::new(
            "002031",
            "42601",
            format!("{COMPILATION}Missing option(s): [{property}] for {kind}"),
        )
    }

    /// 090064 *(chosen code)*: suspending a warehouse that is not running.
    pub(crate) fn warehouse_cannot_suspend(name: &str) -> SqlError {
        SqlError::new(
            "090064",
            "22000",
            format!("Invalid state. Warehouse '{name}' cannot be suspended."),
        )
    }

    /// 090063 *(code chosen: the docs say RESUME of a running warehouse "returns an
    /// error" without giving it; the message mirrors SUSPEND's 090064)*.
    pub(crate) fn warehouse_cannot_resume(name: &str) -> SqlError {
        SqlError::new(
            "090063",
            "22000",
            format!("Invalid state. Warehouse '{name}' cannot be resumed."),
        )
    }

    /// 002032 *(chosen: the docs call it "a user error" without a code)*:
    /// two properties a statement may not give together.
    pub(crate) fn conflicting_properties(first: &str, second: &str) -> SqlError {
        SqlError::new(
            "002032",
            "42601",
            format!("{COMPILATION}properties '{first}' and '{second}' are mutually exclusive"),
        )
    }

    /// 091004 *(chosen)*: a stage URL outside its integration's allowed locations.
    pub(crate) fn location_not_allowed(url: &str, integration: &str) -> SqlError {
        SqlError::new(
            "091004",
            "42601",
            format!(
                "SQL compilation error:\nLocation '{url}' is not allowed by integration '{integration}'. Please use DESC INTEGRATION to check out allowed and blocked locations."
            ),
        )
    }

    /// 091120 *(chosen: the docs state the rule, not its error)*: a pipe's AUTO_INGEST
    /// setup that Snowflake refuses (no notification integration on an Azure stage, one of
    /// the wrong type, an internal stage).
    pub(crate) fn pipe_auto_ingest(why: &str) -> SqlError {
        SqlError::new(
            "091120",
            "42601",
            format!("{COMPILATION}Invalid AUTO_INGEST configuration: {why}"),
        )
    }

    /// *(chosen: the docs give neither code nor text)*: DROP or CREATE OR REPLACE of a
    /// network policy assigned to a user: "A network policy cannot be dropped if it is
    /// currently assigned to an account, security integration, or user"
    /// (https://docs.snowflake.com/en/sql-reference/sql/drop-network-policy; CREATE OR
    /// REPLACE too: https://docs.snowflake.com/en/release-notes/bcr-bundles/2023_07/bcr-1337).
    /// Answered as for a masking policy in use.
    pub(crate) fn network_policy_in_use(policy: &str) -> SqlError {
        SqlError::new(
            "003528",
            "42601",
            format!(
                "{COMPILATION}Network policy {policy} cannot be dropped/replaced as it is associated with one or more entities."
            ),
        )
    }

    /// *(chosen code)*: DROP or CREATE OR REPLACE of a masking policy set on a column. The
    /// rule is documented (https://docs.snowflake.com/en/sql-reference/sql/drop-masking-policy);
    /// the text is the one observed on Snowflake, whose code the docs do not give.
    pub(crate) fn policy_in_use(policy: &str) -> SqlError {
        SqlError::new(
            "003528",
            "42601",
            format!(
                "{COMPILATION}Policy {policy} cannot be dropped/replaced as it is associated with one or more entities."
            ),
        )
    }

    /// 003529: SET MASKING POLICY without FORCE on a column that has one (observed on
    /// Snowflake, as the Terraform provider reports it:
    /// https://github.com/snowflakedb/terraform-provider-snowflake/pull/2186; the rule:
    /// https://docs.snowflake.com/en/sql-reference/sql/alter-table-column).
    pub(crate) fn masking_policy_already_set() -> SqlError {
        SqlError::new(
            "003529",
            "42601",
            format!(
                "{COMPILATION}Specified column already attached to another masking policy. A column cannot be attached to multiple masking policies. Please drop the current association in order to attach a new masking policy."
            ),
        )
    }

    /// *(chosen code)*: a masking policy whose return type is not its first argument's
    /// (https://docs.snowflake.com/en/sql-reference/sql/create-masking-policy).
    pub(crate) fn masking_policy_return_type(policy: &str, returns: &str) -> SqlError {
        SqlError::new(
            "002262",
            "42601",
            format!(
                "{COMPILATION}Masking policy {policy}: the return type {returns} must be the type of the first argument."
            ),
        )
    }

    /// *(chosen code)*: a masking policy set on a column of another type than its first
    /// argument's (https://docs.snowflake.com/en/user-guide/security-column-ddm-use).
    pub(crate) fn masking_policy_type_mismatch(
        column: &str,
        column_type: &str,
        policy_type: &str,
    ) -> SqlError {
        SqlError::new(
            "002263",
            "42601",
            format!(
                "{COMPILATION}Column {column} of type {column_type} cannot take a masking policy on {policy_type}: the types must match."
            ),
        )
    }

    /// *(chosen code)*: a conditional masking policy's USING that does not fit: its first
    /// column is not the column the policy is set on, or it lists another number of
    /// columns, or of other types, than the policy's signature
    /// (https://docs.snowflake.com/en/sql-reference/sql/alter-table-column,
    /// https://docs.snowflake.com/en/sql-reference/sql/create-masking-policy: the rules
    /// are documented, the error is not).
    pub(crate) fn masking_policy_using(policy: &str, detail: &str) -> SqlError {
        SqlError::new(
            "002264",
            "42601",
            format!("{COMPILATION}Invalid USING for masking policy {policy}: {detail}."),
        )
    }

    /// *(chosen code)*: GRANT OWNERSHIP on a pipe that is not paused: "the pipe must be
    /// paused" (https://docs.snowflake.com/en/sql-reference/sql/grant-ownership, usage
    /// notes); the docs give no error.
    pub(crate) fn pipe_not_paused(pipe: &str) -> SqlError {
        SqlError::new(
            "002045",
            "42601",
            format!(
                "{COMPILATION}Cannot transfer the ownership of pipe {pipe}: pause it first (PIPE_EXECUTION_PAUSED = TRUE)."
            ),
        )
    }

    /// *(chosen code)*: resuming with ALTER PIPE a pipe whose owner changed while it was
    /// paused, which needs SYSTEM$PIPE_FORCE_RESUME
    /// (https://docs.snowflake.com/en/sql-reference/functions/system_pipe_force_resume);
    /// the docs give no error.
    pub(crate) fn pipe_transferred(pipe: &str) -> SqlError {
        SqlError::new(
            "002046",
            "42601",
            format!(
                "{COMPILATION}Pipe {pipe} changed owner while paused: resume it with SYSTEM$PIPE_FORCE_RESUME."
            ),
        )
    }

    /// *(chosen code)*: ADD ROW ACCESS POLICY on a table that has one: "a table or view
    /// can only be protected by one row access policy at a time"
    /// (https://docs.snowflake.com/en/user-guide/security-row-intro); drop it first, or
    /// swap both in one statement.
    pub(crate) fn row_access_policy_already_set() -> SqlError {
        SqlError::new(
            "003531",
            "42601",
            format!(
                "{COMPILATION}A row access policy is already attached to the table or view. Drop it first, or drop it and add the new one in one statement."
            ),
        )
    }

    /// *(chosen code)*: DROP ROW ACCESS POLICY naming a policy the table does not have.
    pub(crate) fn row_access_policy_not_attached(policy: &str) -> SqlError {
        SqlError::new(
            "003532",
            "42601",
            format!(
                "{COMPILATION}Row access policy {policy} is not attached to the table or view."
            ),
        )
    }

    /// *(chosen code)*: `ON (…)` listing another number of columns than the row access
    /// policy's signature has arguments
    /// (https://docs.snowflake.com/en/sql-reference/sql/alter-table).
    pub(crate) fn row_access_policy_columns(
        policy: &str,
        arguments: usize,
        columns: usize,
    ) -> SqlError {
        SqlError::new(
            "002264",
            "42601",
            format!(
                "{COMPILATION}Row access policy {policy} takes {arguments} argument(s), but {columns} column(s) were given."
            ),
        )
    }

    /// *(chosen code)*: DROP COLUMN of a column a row access policy is added on
    /// (https://docs.snowflake.com/en/sql-reference/sql/drop-row-access-policy, usage
    /// notes).
    pub(crate) fn column_in_row_access_policy(column: &str, policy: &str) -> SqlError {
        SqlError::new(
            "003533",
            "42601",
            format!(
                "{COMPILATION}Column {column} cannot be dropped: row access policy {policy} is added on it."
            ),
        )
    }

    /// *(chosen code)*: SET TAG with a value outside the tag's ALLOWED_VALUES. The rule is
    /// documented (https://docs.snowflake.com/en/sql-reference/sql/create-tag: "the tag
    /// value must be one of the allowed values"); the docs give neither code nor text.
    pub(crate) fn tag_value_not_allowed(value: &str, tag: &str) -> SqlError {
        SqlError::new(
            "003542",
            "42601",
            format!("{COMPILATION}Tag value '{value}' is not allowed for tag {tag}."),
        )
    }

    /// *(chosen code)*: a tag value over 256 characters
    /// (https://docs.snowflake.com/en/user-guide/object-tagging/introduction).
    pub(crate) fn tag_value_too_long(tag: &str) -> SqlError {
        SqlError::new(
            "003543",
            "42601",
            format!(
                "{COMPILATION}The value of tag {tag} exceeds the maximum length of 256 characters."
            ),
        )
    }

    /// *(chosen code)*: more than 50 tags on one object ("Tag quotas",
    /// https://docs.snowflake.com/en/user-guide/object-tagging/introduction).
    pub(crate) fn too_many_tags(limit: usize) -> SqlError {
        SqlError::new(
            "003544",
            "42601",
            format!("{COMPILATION}Object has exceeded the maximum number of tags: {limit}."),
        )
    }

    /// *(chosen code)*: a TAG_REFERENCES domain the function does not take (or the
    /// emulator does not answer); the docs list the domains
    /// (https://docs.snowflake.com/en/sql-reference/functions/tag_references) but give no
    /// error text.
    pub(crate) fn invalid_tag_domain(domain: &str) -> SqlError {
        SqlError::new(
            "002140",
            "22023",
            format!("{COMPILATION}Invalid value ['{domain}'] for argument 'object_domain'."),
        )
    }

    /// *(chosen code)*: SET MASKING POLICY on a tag that already has one for the policy's
    /// data type, without FORCE: "a tag can support one masking policy for each data
    /// type" (https://docs.snowflake.com/en/user-guide/tag-based-masking-policies).
    pub(crate) fn tag_masking_type_taken(tag: &str, data_type: &str) -> SqlError {
        SqlError::new(
            "003546",
            "42601",
            format!(
                "{COMPILATION}Tag {tag} already has a masking policy for data type {data_type}."
            ),
        )
    }

    /// *(chosen code)*: DROP of a tag carrying a masking policy
    /// (https://docs.snowflake.com/en/user-guide/tag-based-masking-policies).
    pub(crate) fn tag_has_masking_policy(tag: &str) -> SqlError {
        SqlError::new(
            "003547",
            "42601",
            format!(
                "{COMPILATION}Tag {tag} cannot be dropped as it has one or more masking policies set; unset them first."
            ),
        )
    }

    /// *(chosen code)*: ALLOWED_VALUES listing more than 5,000 values
    /// (https://docs.snowflake.com/en/sql-reference/sql/create-tag).
    pub(crate) fn too_many_allowed_values(count: usize) -> SqlError {
        SqlError::new(
            "003545",
            "42601",
            format!("{COMPILATION}A tag takes at most 5000 allowed values; {count} were given."),
        )
    }

    /// 003001: an operation no role may perform (writing into INFORMATION_SCHEMA).
    pub(crate) fn insufficient_privileges(what: &str) -> SqlError {
        SqlError::new(
            "003001",
            "42501",
            format!("SQL access control error:\nInsufficient privileges to operate on {what}"),
        )
    }

    /// 003001: the session's roles lack `privilege` on the object (`kind` `name`, the
    /// object's own name) that `on` names fully (`SCHEMA D.S`, `ACCOUNT`). The first
    /// sentence is Snowflake's documented error (REFERENCE-governance-ingestion 1.7, from
    /// https://docs.snowflake.com/en/sql-reference/sql/execute-immediate-from); the
    /// second, naming the role and the privilege, is what current servers add ("Your
    /// primary role R must have CREATE TABLE granted on SCHEMA D.S."): seen in public
    /// transcripts, not in the docs.
    pub(crate) fn insufficient_privilege(
        kind: &str,
        name: &str,
        role: &str,
        privilege: &str,
        on: &str,
    ) -> SqlError {
        SqlError::new(
            "003001",
            "42501",
            format!(
                "SQL access control error:\nInsufficient privileges to operate on {kind} '{name}'.\n\nYour primary role {role} must have {privilege} granted on {on}."
            ),
        )
    }

    /// 390189: the session's role does not exist (or is not granted to the user). The
    /// code and text are the connectors' for a role named at login; the SQL API's
    /// statement-level answer is not documented *(chosen: the same)*.
    pub(crate) fn role_not_authorized(role: &str) -> SqlError {
        SqlError::new(
            "390189",
            "08004",
            format!(
                "Role '{role}' specified in the connect string does not exist or not authorized. Contact your local system administrator, or attempt to login with another role, e.g. PUBLIC."
            ),
        )
    }

    /// *(chosen code: the docs name none)*: a data metric function's RETURNS other than
    /// NUMBER ("RETURNS NUMBER",
    /// https://docs.snowflake.com/en/sql-reference/sql/create-data-metric-function).
    pub(crate) fn data_metric_return_type(returns: &str) -> SqlError {
        SqlError::new(
            "002265",
            "42601",
            format!("{COMPILATION}A data metric function must return NUMBER, not {returns}."),
        )
    }

    /// *(chosen code)*: `ON (…)` listing another number of columns than the data metric
    /// function takes ("the column types must match the DMF signature",
    /// https://docs.snowflake.com/en/sql-reference/sql/alter-table).
    pub(crate) fn data_metric_columns(function: &str, takes: &str, given: usize) -> SqlError {
        SqlError::new(
            "002266",
            "42601",
            format!(
                "{COMPILATION}Data metric function {function} takes {takes}, but {given} column(s) were given."
            ),
        )
    }

    /// *(chosen code)*: a column whose type is not the one the data metric function's
    /// signature has in its place (same page).
    pub(crate) fn data_metric_type_mismatch(
        column: &str,
        column_type: &str,
        function: &str,
        argument_type: &str,
    ) -> SqlError {
        SqlError::new(
            "002267",
            "42601",
            format!(
                "{COMPILATION}Column {column} of type {column_type} does not match data metric function {function}'s argument of type {argument_type}."
            ),
        )
    }

    /// *(chosen code)*: ADD of an association the object already has, or DROP / MODIFY of
    /// one it does not (`present` says which).
    pub(crate) fn data_metric_association(target: &str, present: bool) -> SqlError {
        let state = if present {
            "is already added to"
        } else {
            "is not added to"
        };
        SqlError::new(
            "003534",
            "42601",
            format!("{COMPILATION}Data metric function {target} {state} the table or view."),
        )
    }

    /// *(chosen code)*: ADD EXPECTATION of a name the association has, or MODIFY / DROP of
    /// one it does not: names are unique per association
    /// (https://docs.snowflake.com/en/user-guide/data-quality-expectations).
    pub(crate) fn expectation(name: &str, present: bool) -> SqlError {
        let state = if present {
            "already exists"
        } else {
            "does not exist"
        };
        SqlError::new(
            "003535",
            "42601",
            format!("{COMPILATION}Expectation {name} {state} on this data metric function."),
        )
    }

    /// *(chosen code)*: TRIGGER_ON_CHANGES on a view ("not supported for views",
    /// https://docs.snowflake.com/en/sql-reference/sql/alter-view).
    pub(crate) fn trigger_on_changes_on_view() -> SqlError {
        SqlError::new(
            "003536",
            "0A000",
            format!(
                "{COMPILATION}The TRIGGER_ON_CHANGES data metric schedule is not supported for views."
            ),
        )
    }

    /// 000707 *(code chosen: the create-clone page,
    /// https://docs.snowflake.com/en/sql-reference/sql/create-clone, gives the text, not
    /// the code)*: a Time Travel point outside the object's retention or before its
    /// creation.
    pub(crate) fn time_travel_unavailable(kind: &str, name: &str) -> SqlError {
        SqlError::new(
            "000707",
            "02000",
            format!(
                "Time travel data is not available for {kind} {name}. The requested time is either beyond the allowed time travel period or before the object creation time."
            ),
        )
    }

    /// 000709 *(code chosen; the text is the AT | BEFORE page's "statement <query_id> not
    /// found", https://docs.snowflake.com/en/sql-reference/constructs/at-before)*: `STATEMENT
    /// =>` names no statement of the query history.
    pub(crate) fn statement_not_found(id: &str) -> SqlError {
        SqlError::new("000709", "02000", format!("Statement {id} not found."))
    }

    /// 000002 *(code and text as Snowflake answers a feature an account lacks, e.g.
    /// "Unsupported feature 'HYBRID TABLE'." on trial accounts; the docs list no such
    /// error)*: a kind the sandbox does not emulate.
    pub(crate) fn unsupported_feature(feature: &str) -> SqlError {
        SqlError::new(
            "000002",
            "0A000",
            format!("Unsupported feature '{feature}'."),
        )
    }

    /// 001080: `SELECT * ILIKE '<pattern>'` that no column matches, the code and words
    /// the SELECT page quotes ("001080 (42601): ... SELECT with no columns",
    /// https://docs.snowflake.com/en/sql-reference/sql/select), at the pattern's place.
    pub(crate) fn select_with_no_columns(source: &str, offset: usize) -> SqlError {
        let (line, position) = line_position(source, offset);
        SqlError::new(
            "001080",
            "42601",
            format!(
                "{COMPILATION}error line {line} at position {position}\nSELECT with no columns"
            ),
        )
    }

    /// 011201–011205: a virtual column's expression uses what it may not (a
    /// non-deterministic, aggregate or window function, a subquery, a bind variable, a
    /// session variable, a positional column reference); `code` and `what` as the
    /// virtual-columns page's error reference gives them
    /// (https://docs.snowflake.com/en/sql-reference/virtual-columns, e.g. "Invalid usage of
    /// non-deterministic RANDOM function in J virtual column definition.").
    pub(crate) fn virtual_column_usage(code: &str, what: &str, column: &str) -> SqlError {
        SqlError::new(
            code,
            "42601",
            format!("{COMPILATION}Invalid usage of {what} in {column} virtual column definition."),
        )
    }

    /// 011207: NOT NULL on a virtual column (same page: "Cannot set NOT NULL constraint on
    /// virtual column J.").
    pub(crate) fn virtual_column_not_null(column: &str) -> SqlError {
        SqlError::new(
            "011207",
            "42601",
            format!("{COMPILATION}Cannot set NOT NULL constraint on virtual column {column}."),
        )
    }

    /// 011208: dropping a column a virtual column depends on (same page: "Cannot drop
    /// column 'I' because virtual column J depends on it.").
    pub(crate) fn virtual_column_dependency(column: &str, dependent: &str) -> SqlError {
        SqlError::new(
            "011208",
            "42601",
            format!(
                "{COMPILATION}Cannot drop column '{column}' because virtual column {dependent} depends on it."
            ),
        )
    }

    /// The same error with the place its message gives ("line L at position P") read in
    /// `from` and told in `to`, through `map` from offsets of `from` to offsets of `to`:
    /// an error found in a rewritten statement, reported where the statement as written
    /// has it.
    pub(crate) fn relocated(
        mut self,
        from: &str,
        to: &str,
        map: impl Fn(usize) -> usize,
    ) -> SqlError {
        let Some(at) = self.message.find("line ") else {
            return self;
        };
        let rest = &self.message[at + 5..];
        let Some((line, tail)) = rest.split_once(" at position ") else {
            return self;
        };
        let digits = tail
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(tail.len());
        let (Ok(line), Ok(position)) = (line.parse::<usize>(), tail[..digits].parse::<usize>())
        else {
            return self;
        };
        let Some(offset) = offset_of(from, line, position) else {
            return self;
        };
        let (line, position) = line_position(to, map(offset));
        let end = at + 5 + rest.len() - tail.len() + digits;
        self.message
            .replace_range(at..end, &format!("line {line} at position {position}"));
        self
    }

    /// 002211 *(code chosen: the docs publish none)*: a `$name` that no SET defined in
    /// the session, at its place in the statement; the wording is Snowflake's as its
    /// answers carry it ("Session variable '$A' does not exist").
    pub(crate) fn undefined_variable(source: &str, offset: usize, name: &str) -> SqlError {
        let (line, position) = line_position(source, offset);
        SqlError::new(
            "002211",
            "02000",
            format!(
                "{COMPILATION}error line {line} at position {position}\nSession variable '${name}' does not exist"
            ),
        )
    }

    /// 002211 *(chosen)*: UNSET of a variable the session does not hold (the docs say
    /// nothing; the text is the undefined variable's).
    pub(crate) fn variable_not_set(name: &str) -> SqlError {
        SqlError::new(
            "002211",
            "02000",
            format!("{COMPILATION}Session variable '${name}' does not exist"),
        )
    }

    /// 002212 *(code chosen; the rules are the SET page's usage notes,
    /// https://docs.snowflake.com/en/sql-reference/sql/set, which give no error text)*: a
    /// SET that breaks one of the documented limits — as many expressions as variables, a
    /// name of at most 256 characters and not one of the reserved names, a string or
    /// binary value of at most 16 KB.
    pub(crate) fn invalid_variable(why: &str) -> SqlError {
        SqlError::new("002212", "42000", format!("{COMPILATION}{why}"))
    }

    /// 002043 *(chosen)*: a statement the emulator understands but Snowflake would refuse
    /// for a reason without a dedicated code here; the message says why.
    pub(crate) fn unsupported(message: impl Into<String>) -> SqlError {
        SqlError::new(
            "002043",
            "0A000",
            format!("{COMPILATION}{}", message.into()),
        )
    }
}

/// The byte offset of the 1-based `line` and 0-based character `position` in `source`
/// (the inverse of [`line_position`]); `None` past its end.
fn offset_of(source: &str, line: usize, position: usize) -> Option<usize> {
    let start: usize = source
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let text = source.get(start..)?;
    Some(
        start
            + text
                .char_indices()
                .nth(position)
                .map_or(text.len(), |(i, _)| i),
    )
}

/// The 1-based line and 0-based character position of byte `offset` in `source`, as
/// Snowflake reports a place in a statement.
fn line_position(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let position = before
        .rsplit('\n')
        .next()
        .map_or(0, |tail| tail.chars().count());
    (line, position)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_carry_line_and_position() {
        let sql = "create table t (\n  a int,\n  b bogus(\n";
        let offset = sql.find("bogus").unwrap();
        let e = SqlError::syntax(sql, offset, "bogus");
        assert_eq!(e.code, "001003");
        assert_eq!(
            e.message,
            "SQL compilation error:\nsyntax error line 3 at position 4 unexpected 'bogus'."
        );
    }

    #[test]
    fn exists_and_missing_use_snowflake_wording() {
        assert_eq!(
            SqlError::already_exists("T").message,
            "SQL compilation error:\nObject 'T' already exists."
        );
        let e = SqlError::does_not_exist("Table", "DB.S.T");
        assert_eq!((e.code.as_str(), e.sql_state.as_str()), ("002003", "02000"));
        assert!(
            e.message
                .ends_with("Table 'DB.S.T' does not exist or not authorized.")
        );
    }
}
