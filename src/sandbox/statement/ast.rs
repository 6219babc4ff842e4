//! The statements the emulator understands, as plain data.
//!
//! Names stay as written ([`RawName`]); the engine resolves them against the session.
//! Options stay as [`Property`] lists; each catalog kind interprets its own keys, so a
//! `CREATE` and an `ALTER … SET` of the same key share one rule. A kind kept by its own
//! module (`sandbox/registry.rs`) has its CREATE body and ALTER actions kept as a [`Tail`]
//! that the module reads with its own grammar.

use super::parser::{Parser, RawName, Tail};
use super::properties::Property;
use crate::model::data_type::DataType;
use crate::model::identifier::Ident;

/// Generates [`ObjectNoun`] from the kinds written here and the registered ones
/// (`sandbox/registry.rs`): the variants, their nouns and the keywords that name them.
macro_rules! object_kinds {
    (
        schema: [$(
            $variant:ident {
                module: $module:ident, type: $type:ident, field: $field:ident,
                noun: $noun:literal, sql: $sql:literal, label: $label:literal,
                words: [$($word:literal),+], plural: [$($plural:literal),+] $(,)?
            }
        ),* $(,)?],
        overloaded: [$(
            $o_variant:ident {
                module: $o_module:ident, type: $o_type:ident, field: $o_field:ident,
                noun: $o_noun:literal, sql: $o_sql:literal, label: $o_label:literal,
                words: [$($o_word:literal),+], plural: [$($o_plural:literal),+],
                show_prefixes: [$($o_prefix:literal),*] $(,)?
            }
        ),* $(,)?],
        database: [$(
            $d_variant:ident {
                module: $d_module:ident, type: $d_type:ident, field: $d_field:ident,
                noun: $d_noun:literal, sql: $d_sql:literal,
                words: [$($d_word:literal),+], plural: [$($d_plural:literal),+],
                prefixes: [$($d_prefix:literal),*] $(,)?
            }
        ),* $(,)?],
        account: [$(
            $a_variant:ident {
                module: $a_module:ident, type: $a_type:ident, field: $a_field:ident,
                noun: $a_noun:literal, sql: $a_sql:literal,
                words: [$($a_word:literal),+], plural: [$($a_plural:literal),+],
                prefixes: [$($a_prefix:literal),*] $(,)?
            }
        ),* $(,)?] $(,)?
    ) => {
        /// Every object kind the catalog keeps, as statements name it (`FILE FORMAT`).
        /// Named apart from the core's `kinds::ObjectKind` trait, which is a kind's whole
        /// behaviour in plan and apply.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(crate) enum ObjectNoun {
            Database,
            Schema,
            $($variant,)*
            $($o_variant,)*
            $($d_variant,)*
            $($a_variant,)*
        }

        impl ObjectNoun {
            /// The word Snowflake starts a "does not exist" message with.
            pub(crate) fn noun(self) -> &'static str {
                match self {
                    ObjectNoun::Database => "Database",
                    ObjectNoun::Schema => "Schema",
                    $(ObjectNoun::$variant => $noun,)*
                    $(ObjectNoun::$o_variant => $o_noun,)*
                    $(ObjectNoun::$d_variant => $d_noun,)*
                    $(ObjectNoun::$a_variant => $a_noun,)*
                }
            }

            /// The kind as written in SQL (`FILE FORMAT`), for "Cannot perform CREATE …"
            /// messages.
            pub(crate) fn sql(self) -> &'static str {
                match self {
                    ObjectNoun::Database => "DATABASE",
                    ObjectNoun::Schema => "SCHEMA",
                    $(ObjectNoun::$variant => $sql,)*
                    $(ObjectNoun::$o_variant => $o_sql,)*
                    $(ObjectNoun::$d_variant => $d_sql,)*
                    $(ObjectNoun::$a_variant => $a_sql,)*
                }
            }

            /// True for a schema-level kind kept by its own module (`sandbox/registry.rs`),
            /// whose ALTER actions the parser keeps as a [`Tail`] for that module. (A kind
            /// outside schemas takes the generic SET / UNSET and verbs, which its module
            /// applies.)
            pub(crate) fn is_module(self) -> bool {
                matches!(self, $(ObjectNoun::$variant)|* $(| ObjectNoun::$o_variant)*)
            }

            /// True for a kind whose objects are named by name and argument types
            /// (`sandbox/registry.rs`, `overloaded`): ALTER, DROP, DESCRIBE and `COMMENT
            /// ON` read `( types )` after its name.
            pub(crate) fn is_overloaded(self) -> bool {
                matches!(self, $(ObjectNoun::$o_variant)|*)
            }

            /// Reads the keywords of a registered kind (`FILE FORMAT`, `STORAGE
            /// INTEGRATION`), as CREATE, ALTER, DROP and DESCRIBE name it.
            pub(crate) fn eat_module_kind(p: &mut Parser<'_>) -> Option<ObjectNoun> {
                $(if p.eat_kws(&[$($word),+]) {
                    return Some(ObjectNoun::$variant);
                })*
                $(if p.eat_kws(&[$($o_word),+]) {
                    return Some(ObjectNoun::$o_variant);
                })*
                $(if eat_prefixed(p, &[$($d_prefix),*], &[$($d_word),+]) {
                    return Some(ObjectNoun::$d_variant);
                })*
                $(if eat_prefixed(p, &[$($a_prefix),*], &[$($a_word),+]) {
                    return Some(ObjectNoun::$a_variant);
                })*
                None
            }

            /// Reads the plural keywords of a registered kind (`FILE FORMATS`), as SHOW
            /// names it.
            pub(crate) fn eat_module_kinds(p: &mut Parser<'_>) -> Option<ObjectNoun> {
                $(if p.eat_kws(&[$($plural),+]) {
                    return Some(ObjectNoun::$variant);
                })*
                $(if eat_prefixed(p, &[$($o_prefix),*], &[$($o_plural),+]) {
                    return Some(ObjectNoun::$o_variant);
                })*
                $(if eat_prefixed(p, &[$($d_prefix),*], &[$($d_plural),+]) {
                    return Some(ObjectNoun::$d_variant);
                })*
                $(if eat_prefixed(p, &[$($a_prefix),*], &[$($a_plural),+]) {
                    return Some(ObjectNoun::$a_variant);
                })*
                None
            }
        }
    };
}
crate::sandbox::registry::module_kinds!(object_kinds);

/// `words`, or one of `prefixes` then `words` (`STORAGE INTEGRATION`, `INTEGRATION`).
fn eat_prefixed(p: &mut Parser<'_>, prefixes: &[&str], words: &[&str]) -> bool {
    prefixes.iter().any(|prefix| {
        let mut all = vec![*prefix];
        all.extend_from_slice(words);
        p.eat_kws(&all)
    }) || p.eat_kws(words)
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Statement {
    Create(Create),
    /// `CREATE OR ALTER …`: created when absent, else altered into the definition.
    CreateOrAlter(Create),
    Alter(Alter),
    /// Roles, database roles, GRANT / REVOKE and the SHOWs of them.
    Access(super::access::Access),
    Drop(Drop),
    Use(Use),
    Show(Show),
    Describe(Describe),
    Select(Select),
    /// A query the evaluator does not answer: compiled by the binder.
    Query(super::dml::Query),
    Update(super::dml::Dml),
    Delete(super::dml::Dml),
    Call(super::dml::Call),
    ExecuteTask(ExecuteTask),
    ExecuteAlert(RawName),
    /// `LIST | LS @stage …`.
    List(super::list::Listed),
    /// `EXECUTE IMMEDIATE '<statement>'`: the statement's text.
    ExecuteImmediate(String),
    CopyInto(super::copy::CopyInto),
    CopyUnload(super::copy::CopyUnload),
    Insert(super::insert::Insert),
    Merge(super::merge::Merge),
    Truncate(super::truncate::Truncate),
    Undrop(super::undrop::Undrop),
    /// `SET <var> = <expr>`, `SET ( … ) = ( … )`: session variables.
    SetVariables(super::variables::SetVariables),
    /// `UNSET <var>`, `UNSET ( … )`.
    UnsetVariables(Vec<Ident>),
    /// `SHOW VARIABLES [ LIKE '…' ]`: the pattern.
    ShowVariables(Option<String>),
    /// `ALTER SESSION …`, `BEGIN`, `COMMIT`, `ROLLBACK`: accepted, no catalog effect (the
    /// emulator applies every statement at once).
    Session,
    /// An anonymous Snowflake Scripting block, `[ DECLARE … ] BEGIN … END`, as written
    /// (https://docs.snowflake.com/en/developer-guide/snowflake-scripting/running-examples).
    Block(String),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Create {
    pub(crate) or_replace: bool,
    pub(crate) if_not_exists: bool,
    pub(crate) transient: bool,
    /// `[LOCAL | GLOBAL] { TEMP | TEMPORARY | VOLATILE }`: session-scoped.
    pub(crate) temporary: bool,
    /// `COPY GRANTS`, where the kind's CREATE takes it: a replaced object's grants pass
    /// to the new one (`engine/access.rs`, `Catalog::grants_after_create`).
    pub(crate) copy_grants: bool,
    pub(crate) name: RawName,
    pub(crate) body: CreateBody,
    /// `CLONE <source> { AT | BEFORE } ( … )`: the point in time a database, schema or
    /// table is cloned at.
    pub(crate) clone_at: Option<TimeTravel>,
}

/// `{ AT | BEFORE } ( TIMESTAMP => … | OFFSET => … | STATEMENT => … | STREAM => … )`
/// (https://docs.snowflake.com/en/sql-reference/constructs/at-before), as far as the
/// parser can read its value; the catalog turns it into a point in time.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TimeTravel {
    pub(crate) before: bool,
    pub(crate) point: TravelPoint,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TravelPoint {
    /// `TIMESTAMP => '<text>'[::<type>]`, `TO_TIMESTAMP…('<text>')` or `CAST('<text>' AS
    /// <type>)`: the text and the type it is cast to (`None`: no cast); `None` for any
    /// other expression, which the sandbox does not evaluate.
    Timestamp(Option<(String, Option<String>)>),
    /// `OFFSET => -N` in seconds (`-30*60`); `None` for an expression the sandbox does
    /// not evaluate.
    Offset(Option<i64>),
    /// `STATEMENT => '<query id>'`.
    Statement(String),
    /// `STREAM => '<name>'` (streams only).
    Stream(String),
}

impl Create {
    pub(crate) fn kind(&self) -> ObjectNoun {
        match &self.body {
            CreateBody::Database { .. } => ObjectNoun::Database,
            CreateBody::Schema { .. } => ObjectNoun::Schema,
            CreateBody::Module(kind, _) => *kind,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum CreateBody {
    Database {
        /// `CLONE <source>`: a zero-copy clone of the source database.
        clone: Option<RawName>,
        properties: Vec<Property>,
        /// `[ WITH ] TAG ( … )` (https://docs.snowflake.com/en/sql-reference/sql/create-database).
        tags: Vec<super::inline::TagValue>,
    },
    Schema {
        /// `CLONE <source>`: a zero-copy clone of the source schema.
        clone: Option<RawName>,
        properties: Vec<Property>,
        managed_access: bool,
        /// `[ WITH ] TAG ( … )` (https://docs.snowflake.com/en/sql-reference/sql/create-schema).
        tags: Vec<super::inline::TagValue>,
    },
    /// A registered kind's body after the name, read by its module
    /// (`SandboxKind::parse_create`, `OuterKind::parse_create`).
    Module(ObjectNoun, Tail),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Alter {
    pub(crate) kind: ObjectNoun,
    pub(crate) if_exists: bool,
    pub(crate) name: RawName,
    /// Argument types, for an overloaded kind (`ALTER PROCEDURE p(types)`).
    pub(crate) arg_types: Option<Vec<DataType>>,
    pub(crate) action: AlterAction,
    /// The names after the first in `ALTER DYNAMIC TABLE [ IF EXISTS ] <name> [ , <name>
    /// … ] REFRESH [ COPY SESSION ]`, the one ALTER that takes a list
    /// (https://docs.snowflake.com/en/sql-reference/sql/alter-dynamic-table); empty
    /// otherwise.
    pub(crate) also: Vec<RawName>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum AlterAction {
    RenameTo(RawName),
    SwapWith(RawName),
    Set(Vec<Property>),
    Unset(Vec<String>),
    Suspend,
    Resume,
    /// `ALTER WAREHOUSE … RESUME IF SUSPENDED`: succeeds on a running warehouse too.
    ResumeIfSuspended,
    /// `ALTER WAREHOUSE … ABORT ALL QUERIES`.
    AbortAllQueries,
    ManagedAccess(bool),
    /// `COMMENT ON COLUMN t.c IS '…'`: the column and its comment, for the table's module
    /// (`SandboxKind::comment_on_column`).
    CommentOnColumn(Ident, String),
    /// `SET TAG t = 'v' [ , … ]` on a table, view or schema
    /// (https://docs.snowflake.com/en/sql-reference/sql/alter-table).
    SetTag(Vec<(RawName, String)>),
    /// `UNSET TAG t [ , … ]`.
    UnsetTag(Vec<RawName>),
    /// A registered kind's own action (everything but RENAME TO and the verbs of other
    /// kinds), read by its module (`SandboxKind::parse_alter`).
    Module(Tail),
    /// `ALTER NETWORK POLICY … { ADD | REMOVE } { ALLOWED_NETWORK_RULE_LIST |
    /// BLOCKED_NETWORK_RULE_LIST } = …`: `add`, `allowed`, the rule names as written
    /// (https://docs.snowflake.com/en/sql-reference/sql/alter-network-policy).
    NetworkRuleList {
        add: bool,
        allowed: bool,
        rules: Vec<String>,
    },
    /// A table's or view's data metric action (`SET | UNSET DATA_METRIC_SCHEDULE`, `ADD |
    /// DROP | MODIFY DATA METRIC FUNCTION …`), read by `catalog::data_metric_function`.
    DataMetric(Tail),
}

/// `DROP ROW ACCESS POLICY p`, `ADD ROW ACCESS POLICY p ON (…)`, both (a swap), or
/// `DROP ALL ROW ACCESS POLICIES`: an action of ALTER TABLE and ALTER VIEW alike.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RowAccess {
    pub(crate) drop: Option<RawName>,
    pub(crate) drop_all: bool,
    pub(crate) add: Option<(RawName, Vec<Ident>)>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Drop {
    pub(crate) kind: ObjectNoun,
    pub(crate) if_exists: bool,
    pub(crate) name: RawName,
    pub(crate) arg_types: Option<Vec<DataType>>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Use {
    Database(RawName),
    Schema(RawName),
    Role(Ident),
    Warehouse(Ident),
    /// `USE SECONDARY ROLES { ALL | NONE | <role> [ , … ] }`: `None` for ALL.
    SecondaryRoles(Option<Vec<Ident>>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ShowKind {
    Databases,
    Schemas,
    Columns,
    /// `SHOW PRIMARY KEYS` / `UNIQUE KEYS` / `IMPORTED KEYS`.
    Keys(KeyKind),
    /// `SHOW <plural>` of a registered kind.
    Module(ObjectNoun),
}

/// Which constraints a `SHOW … KEYS` lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyKind {
    Primary,
    Unique,
    Imported,
}

/// Where a SHOW looks: its `IN …` clause.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ShowScope {
    /// No IN clause: the session's schema for schema objects (Snowflake's default).
    Default,
    Account,
    Database(Option<RawName>),
    Schema(Option<RawName>),
    /// `SHOW COLUMNS IN TABLE t`.
    Table(RawName),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Show {
    pub(crate) kind: ShowKind,
    pub(crate) terse: bool,
    /// `SHOW { TABLES | SCHEMAS | DATABASES } HISTORY`: the dropped ones still
    /// restorable are listed too.
    pub(crate) history: bool,
    pub(crate) like: Option<String>,
    pub(crate) scope: ShowScope,
    pub(crate) starts_with: Option<String>,
    pub(crate) limit: Option<u64>,
    pub(crate) from: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Describe {
    pub(crate) kind: ObjectNoun,
    pub(crate) name: RawName,
    pub(crate) arg_types: Option<Vec<DataType>>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Select {
    /// `SELECT <constant or function>, …` without FROM.
    Values(Vec<SelectItem>),
    /// `SELECT … FROM [db.]INFORMATION_SCHEMA.COLUMNS …`
    InformationSchemaColumns {
        database: Option<Ident>,
        query: RowQuery,
    },
    /// `SELECT … FROM [db.]INFORMATION_SCHEMA.OBJECT_PRIVILEGES …`
    ObjectPrivileges {
        database: Option<Ident>,
        query: RowQuery,
    },
    /// `SELECT … FROM [db.]INFORMATION_SCHEMA.PROCEDURES …` (`functions` false) or
    /// `… .FUNCTIONS …` (true).
    Routines {
        database: Option<Ident>,
        functions: bool,
        query: RowQuery,
    },
    /// `SELECT … FROM TABLE([db.]INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME => '…'))`
    PolicyReferences {
        database: Option<Ident>,
        policy: String,
        query: RowQuery,
    },
    /// `SELECT … FROM TABLE([db.]INFORMATION_SCHEMA.POLICY_REFERENCES(REF_ENTITY_NAME =>
    /// '<tag>', REF_ENTITY_DOMAIN => 'TAG'))`
    TagPolicyReferences {
        database: Option<Ident>,
        tag: String,
        query: RowQuery,
    },
    /// `SELECT … FROM TABLE([db.]INFORMATION_SCHEMA.TAG_REFERENCES('<object>', '<domain>'))`
    /// or `TAG_REFERENCES_ALL_COLUMNS('<table>', 'table')`.
    TagReferences {
        database: Option<Ident>,
        object: String,
        domain: String,
        all_columns: bool,
        query: RowQuery,
    },
    /// `SELECT … FROM TABLE([db.]INFORMATION_SCHEMA.DATA_METRIC_FUNCTION_REFERENCES(…))`
    /// or `DATA_METRIC_FUNCTION_EXPECTATIONS(…)`, with their named arguments.
    DataMetricReferences {
        database: Option<Ident>,
        expectations: bool,
        arguments: Vec<(String, String)>,
        query: RowQuery,
    },
    /// `SELECT … FROM TABLE([db.]INFORMATION_SCHEMA.QUERY_HISTORY(…))`
    QueryHistory {
        result_limit: Option<u64>,
        query: RowQuery,
    },
    /// `<select> UNION ALL <select> …` of the forms above: every branch's rows, in
    /// order, under the first branch's column names.
    UnionAll(Vec<Select>),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SelectItem {
    /// The result column's name: the alias, or the expression's text upper-cased.
    pub(crate) header: String,
    pub(crate) expr: Expr,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Expr {
    Str(String),
    Num(String),
    Bool(bool),
    Null,
    Call { name: String, args: Vec<Expr> },
}

/// A query over a virtual table: projection, conjunctive filters, order, limit.
#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct RowQuery {
    /// What the query returns, in order; empty means `*`.
    pub(crate) projection: Vec<Projected>,
    pub(crate) filters: Vec<Filter>,
    pub(crate) order_by: Vec<(String, bool)>,
    pub(crate) limit: Option<u64>,
}

/// One item of a virtual table query's select list.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Projected {
    /// `*`: every column of the table, in order.
    All,
    /// A column (upper case) under its output name.
    Column { source: String, output: String },
    /// A number literal under its output name (`0 AS BRANCH`), the same on every row.
    Number { value: String, output: String },
    /// `NULL AS name`: a column of NULLs, as a branch of a UNION ALL pads the columns its
    /// function does not have.
    Null { output: String },
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Filter {
    /// The column (upper case), optionally wrapped in UPPER()/LOWER().
    pub(crate) column: String,
    pub(crate) fold: Option<Fold>,
    pub(crate) op: FilterOp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fold {
    Upper,
    Lower,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum FilterOp {
    Eq(Option<String>),
    NotEq(Option<String>),
    In(Vec<String>),
    NotIn(Vec<String>),
    Like(String),
    IsNull,
    IsNotNull,
    Less(String),
    LessEq(String),
    Greater(String),
    GreaterEq(String),
}

/// `EXECUTE TASK <name> [ USING CONFIG = '<json>' ] | RETRY LAST | RETRY GRAPH RUN GROUP
/// '<id>'` (https://docs.snowflake.com/en/sql-reference/sql/execute-task).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ExecuteTask {
    pub(crate) name: RawName,
    pub(crate) run: TaskRun,
}

/// Which run `EXECUTE TASK` asks for.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TaskRun {
    /// A new run, with the configuration `USING CONFIG` merges over the task's own.
    New { config: Option<String> },
    /// `RETRY LAST`: the last failed graph run again.
    RetryLast,
    /// `RETRY GRAPH RUN GROUP '<id>'`: one earlier graph run again.
    RetryGroup(String),
}
