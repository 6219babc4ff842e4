//! The registry of sandbox kinds that live in one module each: one line per kind, in the
//! section of where its objects are kept.
//!
//! * `schema`: a map per schema (tables, views, tasks, stages, file formats, sequences,
//!   pipes, streams). The kind's module (`catalog/<module>.rs`) holds everything that is
//!   its own — its catalog entry and rules, the grammar of its CREATE body and ALTER
//!   actions, executing them, its SHOW and DESCRIBE rows — behind `catalog::SandboxKind` (or `PropertyKind`, for a kind
//!   whose CREATE is a property list and whose ALTER is SET / UNSET), `ShowRows` and
//!   `DescribeRows`.
//! * `overloaded`: a map per schema of kinds whose objects are named by name *and*
//!   argument types, so that overloads share a name (procedures, functions). The parser reads the
//!   argument types after the name in ALTER, DROP, DESCRIBE and `COMMENT ON`; the kind's
//!   module implements `catalog::OverloadedKind` (the grammar of its CREATE body and
//!   ALTER actions, building and altering one overload, its DESCRIBE answer) and
//!   `ShowRows`, and the catalog keeps, finds, renames and drops an overload by its
//!   signature for every such kind. Their lines add `show_prefixes`: words that may come
//!   before `plural` in SHOW only (`SHOW USER PROCEDURES`).
//! * `database`: a map per database (database roles will be one); `account`: one map in
//!   the account (warehouses, integrations, users). Both are kinds outside any schema,
//!   behind `catalog::OuterKind`: the module reads its CREATE body (a property list),
//!   applies ALTER's SET / UNSET and the verbs the parser allows it (SUSPEND, RESUME …),
//!   and gives its SHOW columns, one SHOW row and its DESCRIBE answer. Their lines add
//!   `prefixes`: words that may come before `words` / `plural` and name the same kind
//!   (`STORAGE INTEGRATION`, `STORAGE INTEGRATIONS`).
//!
//! This leaf names the layers above it only in these words: it imports nothing. Every
//! layer generates its part of the dispatch from this one list:
//! * the parser (`statement/ast.rs`): the `ObjectNoun` variant, its nouns and the keywords
//!   CREATE / ALTER / DROP / DESCRIBE (`words`) and SHOW (`plural`) read;
//! * the catalog (`catalog/kind.rs`): the module itself, the kind's map in every schema
//!   (`Objects`, overloaded kinds included), every database (`DatabaseObjects`) or the
//!   account (`AccountObjects`), its `SchemaObject` / `OverloadedObject` / `OuterObject`
//!   impl, and the `with_schema_object!` / `with_module_kind!` / `with_overloaded_kind!` /
//!   `with_outer_kind!` dispatch the DDL, SHOW and DESCRIBE go through; DESCRIBE SCHEMA
//!   lists a schema-level kind under `label`.
//!
//! The list is only tokens: each layer expands it with a macro of its own, so no layer
//! imports a layer above it. `module_kinds!(callback $)` expands to
//! `callback! { $ schema: [<list>], overloaded: [<list>], database: [<list>], account:
//! [<list>] }` (the `$` lets a callback define macros of its own).
//!
//! Adding a kind: write `catalog/<module>.rs` implementing the traits of its section, and
//! add its line here.
//!
//! Tables are registered like any schema-level kind (`catalog/table/`, its grammar in
//! `catalog/table/grammar.rs`) and use the `SandboxKind` hooks only they need:
//! `alter_stored` (an ALTER that changes the catalog beyond the object: constraints,
//! column tags and masking policies), `remove` (a DROP that keeps the table for UNDROP)
//! and `comment_on_column`; SWAP WITH, which the parser allows tables only, is the
//! engine's. The engine still reads a table's body itself where a statement's rules
//! depend on it, through `Table::parse_create` / `parse_alter`: the CLONE point in time,
//! CREATE OR ALTER TABLE and the privileges a CLONE or a policy / tag action needs.
//!
//! Not here yet, and dispatched by hand:
//! * account roles and database roles, which live with the grants (`statement/access.rs`,
//!   `engine/access.rs`): their CREATE grants USAGE, their DROP forgets grants, their
//!   messages differ from the generic ones and they keep no `Meta`, so moving them is a
//!   change of behaviour to make on purpose. What registering them would change: the
//!   state file (roles under `access.roles` and `access.database_roles`, not the
//!   account's or a database's maps, so a saved sandbox would need its roles moved), an
//!   id per role (`Meta`), the system roles (implicit, never stored), and a database's
//!   roles travelling with it through DROP / UNDROP / CLONE DATABASE (today a dropped
//!   database's roles are forgotten for good and a clone gets none);
//!   and CREATE OR REPLACE forgets a role's grants (`forget_role`), which the generic
//!   replace does not.

macro_rules! module_kinds {
    ($callback:ident $($prefix:tt)*) => {
        $callback! {
            $($prefix)*
            schema: [
                Table { module: table, type: Table, field: tables, noun: "Table", sql: "TABLE", label: "TABLE", words: ["TABLE"], plural: ["TABLES"] },
                View { module: view, type: View, field: views, noun: "View", sql: "VIEW", label: "VIEW", words: ["VIEW"], plural: ["VIEWS"] },
                Task { module: task, type: Task, field: tasks, noun: "Task", sql: "TASK", label: "TASK", words: ["TASK"], plural: ["TASKS"] },
                Stage { module: stage, type: Stage, field: stages, noun: "Stage", sql: "STAGE", label: "STAGE", words: ["STAGE"], plural: ["STAGES"] },
                FileFormat { module: file_format, type: FileFormat, field: file_formats, noun: "File format", sql: "FILE FORMAT", label: "FILE_FORMAT", words: ["FILE", "FORMAT"], plural: ["FILE", "FORMATS"] },
                Sequence { module: sequence, type: Sequence, field: sequences, noun: "Sequence", sql: "SEQUENCE", label: "SEQUENCE", words: ["SEQUENCE"], plural: ["SEQUENCES"] },
                Pipe { module: pipe, type: Pipe, field: pipes, noun: "Pipe", sql: "PIPE", label: "PIPE", words: ["PIPE"], plural: ["PIPES"] },
                Stream { module: stream, type: Stream, field: streams, noun: "Stream", sql: "STREAM", label: "STREAM", words: ["STREAM"], plural: ["STREAMS"] },
                DynamicTable { module: dynamic_table, type: DynamicTable, field: dynamic_tables, noun: "Dynamic table", sql: "DYNAMIC TABLE", label: "DYNAMIC_TABLE", words: ["DYNAMIC", "TABLE"], plural: ["DYNAMIC", "TABLES"] },
                Alert { module: alert, type: Alert, field: alerts, noun: "Alert", sql: "ALERT", label: "ALERT", words: ["ALERT"], plural: ["ALERTS"] },
                RowAccessPolicy { module: row_access_policy, type: RowAccessPolicy, field: row_access_policies, noun: "Row access policy", sql: "ROW ACCESS POLICY", label: "ROW_ACCESS_POLICY", words: ["ROW", "ACCESS", "POLICY"], plural: ["ROW", "ACCESS", "POLICIES"] },
                Tag { module: tag, type: Tag, field: tags, noun: "Tag", sql: "TAG", label: "TAG", words: ["TAG"], plural: ["TAGS"] },
                MaskingPolicy { module: masking_policy, type: MaskingPolicy, field: masking_policies, noun: "Masking policy", sql: "MASKING POLICY", label: "MASKING_POLICY", words: ["MASKING", "POLICY"], plural: ["MASKING", "POLICIES"] },
                MaterializedView { module: materialized_view, type: MaterializedView, field: materialized_views, noun: "Materialized view", sql: "MATERIALIZED VIEW", label: "MATERIALIZED_VIEW", words: ["MATERIALIZED", "VIEW"], plural: ["MATERIALIZED", "VIEWS"] },
                NetworkRule { module: network_rule, type: NetworkRule, field: network_rules, noun: "Network rule", sql: "NETWORK RULE", label: "NETWORK_RULE", words: ["NETWORK", "RULE"], plural: ["NETWORK", "RULES"] },
                Secret { module: secret, type: Secret, field: secrets, noun: "Secret", sql: "SECRET", label: "SECRET", words: ["SECRET"], plural: ["SECRETS"] },
                DataMetricFunction { module: data_metric_function, type: DataMetricFunction, field: data_metric_functions, noun: "Data metric function", sql: "DATA METRIC FUNCTION", label: "DATA_METRIC_FUNCTION", words: ["DATA", "METRIC", "FUNCTION"], plural: ["DATA", "METRIC", "FUNCTIONS"] },
            ],
            overloaded: [
                Procedure { module: procedure, type: Procedure, field: procedures, noun: "Procedure", sql: "PROCEDURE", label: "PROCEDURE", words: ["PROCEDURE"], plural: ["PROCEDURES"], show_prefixes: ["USER"] },
                Function { module: function, type: Function, field: functions, noun: "Function", sql: "FUNCTION", label: "FUNCTION", words: ["FUNCTION"], plural: ["FUNCTIONS"], show_prefixes: ["USER"] },
            ],
            database: [
            ],
            account: [
                Warehouse { module: warehouse, type: Warehouse, field: warehouses, noun: "Warehouse", sql: "WAREHOUSE", words: ["WAREHOUSE"], plural: ["WAREHOUSES"], prefixes: [] },
                Integration { module: integration, type: Integration, field: integrations, noun: "Integration", sql: "INTEGRATION", words: ["INTEGRATION"], plural: ["INTEGRATIONS"], prefixes: ["STORAGE", "NOTIFICATION", "API"] },
                User { module: user, type: User, field: users, noun: "User", sql: "USER", words: ["USER"], plural: ["USERS"], prefixes: [] },
                NetworkPolicy { module: network_policy, type: NetworkPolicy, field: network_policies, noun: "Network policy", sql: "NETWORK POLICY", words: ["NETWORK", "POLICY"], plural: ["NETWORK", "POLICIES"], prefixes: [] },
            ],
        }
    };
}
pub(crate) use module_kinds;
