//! ALTER TABLE and ALTER / CREATE DYNAMIC TABLE actions through the engine: search
//! optimization and SHOW TABLES' columns for it, reclustering, constraints named by kind
//! and columns, per-column ADD … IF NOT EXISTS, and a dynamic table's row access policy,
//! column masking policies, tags and comments, each as its documentation page says
//! (https://docs.snowflake.com/en/sql-reference/sql/alter-table,
//! https://docs.snowflake.com/en/sql-reference/sql/alter-dynamic-table,
//! https://docs.snowflake.com/en/sql-reference/sql/create-dynamic-table).

use super::{Sandbox, assert_error, cell};

/// A schema with T(C1 INT, C2 STRING, SRC VARIANT) and a dynamic table DT over it.
fn with_tables() -> Sandbox {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table t (c1 int, c2 string, src variant)");
    sb.ok("create dynamic table dt target_lag = '1 minute' warehouse = wh as select c1, c2 from t");
    sb
}

fn search(sb: &mut Sandbox, name: &str) -> [String; 3] {
    let row = sb.one(&format!("show tables like '{name}'"));
    [
        "search_optimization",
        "search_optimization_progress",
        "search_optimization_bytes",
    ]
    .map(|c| cell(&row, c).to_string())
}

#[test]
fn search_optimization_is_added_and_dropped_and_shown() {
    let mut sb = with_tables();
    assert_eq!(search(&mut sb, "T"), ["OFF", "<NULL>", "<NULL>"]);
    sb.ok("alter table t add search optimization on equality(c1, src:a.b), substring(c2)");
    assert_eq!(search(&mut sb, "T"), ["ON", "100", "0"]);
    // Each ADD … ON adds to the configuration; `*` with columns for one method is not
    // allowed, within a statement or across them.
    sb.ok("alter table t add search optimization on full_text(c2, analyzer => 'UNICODE_ANALYZER')");
    assert_error(
        &sb.err("alter table t add search optimization on equality(*)"),
        "002043",
        "asterisk",
    );
    assert_error(
        &sb.err("alter table t add search optimization on equality(*, c1)"),
        "002043",
        "asterisk",
    );
    assert_error(
        &sb.err("alter table t add search optimization on equality(nope)"),
        "000904",
        "NOPE",
    );
    // Dropped by column, expression and id, then all of it.
    sb.ok("alter table t drop search optimization on c1, substring(c2), 1");
    assert_eq!(search(&mut sb, "T")[0], "ON");
    sb.ok("alter table t drop search optimization");
    assert_eq!(search(&mut sb, "T")[0], "OFF");
    // SUSPEND / RESUME SEARCH OPTIMIZATION are dynamic tables' only.
    assert_eq!(
        sb.err("alter table t suspend search optimization").code,
        "001003"
    );
    sb.ok("alter dynamic table dt add search optimization");
    sb.ok("alter dynamic table dt suspend search optimization on equality(c1), 5, c2");
    sb.ok("alter dynamic table dt resume search optimization");
    assert_eq!(search(&mut sb, "DT")[0], "ON");
    sb.ok("alter dynamic table dt drop search optimization");
    assert_eq!(search(&mut sb, "DT")[0], "OFF");
}

#[test]
fn reclustering_needs_a_key_and_suspends_automatic_clustering() {
    let mut sb = with_tables();
    assert_eq!(
        sb.err("alter table t recluster").code,
        "002043",
        "manual reclustering is for a table with a clustering key"
    );
    sb.ok("alter table t cluster by (c1)");
    sb.ok("alter table t recluster max_size = 100 where c1 between (1) and (7)");
    let clustering = |sb: &mut Sandbox| {
        cell(&sb.one("show tables like 'T'"), "automatic_clustering").to_string()
    };
    assert_eq!(clustering(&mut sb), "ON");
    sb.ok("alter table t suspend recluster");
    assert_eq!(clustering(&mut sb), "OFF");
    sb.ok("alter table t resume recluster");
    assert_eq!(clustering(&mut sb), "ON");
}

#[test]
fn constraints_are_named_by_kind_and_columns() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create table p (id int, a int, b int, constraint pk primary key (id), unique (a, b))");
    sb.ok("create table c (id int, p_id int, foreign key (p_id) references p (id))");
    let rely = |sb: &mut Sandbox| cell(&sb.one("show primary keys in table p"), "rely").to_string();
    assert_eq!(rely(&mut sb), "false");
    sb.ok("alter table p alter constraint pk enforced validate rely");
    assert_eq!(rely(&mut sb), "true");
    sb.ok("alter table p modify primary key (id) not enforced novalidate norely");
    assert_eq!(rely(&mut sb), "false");
    sb.ok("alter table p modify unique (a, b) rely");
    assert_error(
        &sb.err("alter table p modify unique (b) rely"),
        "002003",
        "UNIQUE",
    );
    sb.ok("alter table p drop unique (a, b)");
    assert!(sb.rows("show unique keys in table p").is_empty());
    sb.ok("alter table c drop foreign key (p_id)");
    assert!(sb.rows("show imported keys in table c").is_empty());
    sb.ok("alter table p drop primary key (id) cascade");
    assert!(sb.rows("show primary keys in table p").is_empty());
    assert_error(
        &sb.err("alter table p drop primary key"),
        "002003",
        "PRIMARY KEY",
    );
}

#[test]
fn add_column_if_not_exists_per_column() {
    let mut sb = with_tables();
    sb.ok("alter table t add column if not exists c1 varchar, if not exists c3 integer");
    assert_eq!(sb.rows("describe table t").len(), 4);
    // Without IF NOT EXISTS of its own (and no leading one) the column must be new.
    assert_error(
        &sb.err("alter table t add column c4 int, c1 int"),
        "001430",
        "C1",
    );
    // IF NOT EXISTS "cannot" come with DEFAULT or AUTOINCREMENT / IDENTITY.
    assert_error(
        &sb.err("alter table t add column if not exists c5 int default 0"),
        "002043",
        "IF NOT EXISTS",
    );
    // A leading IF NOT EXISTS covers the later columns, and so its rules do.
    assert_error(
        &sb.err("alter table t add column if not exists c5 int, c6 int autoincrement"),
        "002043",
        "IF NOT EXISTS cannot be specified with DEFAULT, AUTOINCREMENT or IDENTITY for column C6",
    );
    assert_eq!(sb.rows("describe table t").len(), 4);
}

#[test]
fn dynamic_tables_take_row_access_masking_tags_and_comments() {
    let mut sb = with_tables();
    sb.ok("create row access policy rap as (c int) returns boolean -> c > 0");
    sb.ok("create masking policy mp as (v string) returns string -> '***'");
    sb.ok("create masking policy cond as (v string, k int) returns string -> v");
    sb.ok("create tag owner");
    sb.ok("alter dynamic table dt add row access policy rap on (c1)");
    // One row access policy at a time, as on a table.
    assert_eq!(
        sb.err("alter dynamic table dt add row access policy rap on (c1)")
            .code,
        "003531"
    );
    sb.ok("alter dynamic table dt drop row access policy rap, add row access policy rap on (c1)");
    sb.ok("alter dynamic table dt drop all row access policies");
    sb.ok("alter dynamic table dt add row access policy rap on (c1)");

    sb.ok("alter dynamic table dt modify column c2 set masking policy mp");
    // A policy set on a dynamic table's column is in use, and referenced there.
    for drop in ["drop masking policy mp", "drop row access policy rap"] {
        assert_error(&sb.err(drop), "003528", "cannot be dropped");
    }
    let refs = sb
        .rows("select * from table(information_schema.policy_references(policy_name => 'D.S.MP'))");
    assert_eq!(cell(&refs[0], "REF_ENTITY_NAME"), "DT");
    assert_eq!(cell(&refs[0], "REF_COLUMN_NAME"), "C2");
    let policy = |sb: &mut Sandbox| {
        cell(&sb.rows("describe dynamic table dt")[1], "policy name").to_string()
    };
    assert_eq!(policy(&mut sb), "D.S.MP");
    // A conditional policy: the first USING column is the masked one.
    sb.ok("alter dynamic table dt alter column c2 set masking policy cond using (c2, c1) force");
    assert_eq!(policy(&mut sb), "D.S.COND");
    // The first USING column must be the column the policy is set on.
    let e = sb
        .err("alter dynamic table dt alter column c2 set masking policy cond using (c1, c2) force");
    assert_eq!(
        e.code,
        sb.err("alter table t alter column c2 set masking policy cond using (c1, c2)")
            .code
    );
    sb.ok("alter dynamic table dt alter column c2 unset masking policy");
    assert_eq!(policy(&mut sb), "<NULL>");
    // The masked column's type must be the policy's: C1 is a NUMBER.
    assert_eq!(
        sb.err("alter dynamic table dt modify c1 set masking policy mp")
            .code,
        sb.err("alter table t modify c1 set masking policy mp").code,
    );

    sb.ok("alter dynamic table dt modify column c1 set tag owner = 'geo', column c2 comment 'the name'");
    assert_eq!(
        cell(&sb.rows("describe dynamic table dt")[1], "comment"),
        "the name"
    );
    sb.ok("alter dynamic table if exists dt alter column c1 unset tag owner");
    assert_error(
        &sb.err("alter dynamic table dt modify column nope set tag owner = 'x'"),
        "000904",
        "NOPE",
    );
    // The column actions ALTER DYNAMIC TABLE documents do not include type changes.
    assert_eq!(
        sb.err("alter dynamic table dt alter column c1 set data type number(20,0)")
            .code,
        "002043"
    );
}

#[test]
fn create_dynamic_table_columns_take_policies_and_tags() {
    let mut sb = with_tables();
    sb.ok("create masking policy mp as (v string) returns string -> '***'");
    sb.ok("create row access policy rap as (c int) returns boolean -> c > 0");
    sb.ok("create tag cost_center");
    sb.ok(
        "create dynamic table tagged (c1 with tag (cost_center = 'engineering'), \
         c2 string with masking policy mp comment 'masked') \
         target_lag = 'downstream' warehouse = wh initialize = on_schedule require user \
         with row access policy rap on (c1) \
         as select c1, c2 from t",
    );
    let rows = sb.rows("describe dynamic table tagged");
    assert_eq!(cell(&rows[1], "policy name"), "D.S.MP");
    assert_eq!(cell(&rows[1], "comment"), "masked");
    // A clause that fails creates nothing: the masked column's type is not the policy's.
    assert!(
        sb.run(
            "create dynamic table bad (c1 with masking policy mp) target_lag = '1 minute' \
             warehouse = wh as select c1 from t"
        )
        .is_err()
    );
    assert!(sb.rows("show dynamic tables like 'BAD'").is_empty());
}

// https://docs.snowflake.com/en/sql-reference/virtual-columns: the syntax, DESCRIBE /
// SHOW COLUMNS, and the error reference.
#[test]
fn virtual_columns_are_described_and_guarded() {
    let mut sb = Sandbox::with_schema();
    sb.ok("create or replace table x (i int, j int as (i * i), k number(10, 2) generated always as (i * 2) virtual)");
    let rows = sb.rows("describe table x");
    assert_eq!(cell(&rows[1], "kind"), "VIRTUAL");
    assert_eq!(cell(&rows[1], "expression"), "i * i");
    assert_eq!(cell(&rows[0], "kind"), "COLUMN");
    let shown = sb.rows("show columns in table x");
    assert_eq!(cell(&shown[2], "kind"), "VIRTUAL_COLUMN");
    assert_eq!(cell(&shown[2], "expression"), "i * 2");
    sb.ok("alter table x add column if not exists u varchar as (upper(to_varchar(i)))");
    let rows = sb.rows("describe table x");
    assert_eq!(cell(&rows[3], "kind"), "VIRTUAL", "{rows:?}");
    // `AS <expr>` without the parentheses is not the syntax.
    assert_eq!(
        sb.err("alter table x add v varchar as upper(to_varchar(i))")
            .code,
        "001003"
    );
    assert_error(
        &sb.err("alter table x drop column i"),
        "011208",
        "Cannot drop column 'I' because virtual column J depends on it.",
    );
    assert_error(
        &sb.err("create or replace table t (i int, j int as (random()))"),
        "011201",
        "Invalid usage of non-deterministic RANDOM function in J virtual column definition.",
    );
    assert_error(
        &sb.err("create or replace table t (i int, j int as ((select 1)))"),
        "011202",
        "subquery",
    );
    assert_error(
        &sb.err("create or replace table t (i int, j int as ($1))"),
        "011205",
        "positional",
    );
    assert_error(
        &sb.err("create or replace table t (i int, j int as (i * 2) not null)"),
        "011207",
        "Cannot set NOT NULL constraint on virtual column J.",
    );
    assert_eq!(
        sb.err("create or replace table t (i int, j int as (i * 2) default 0)")
            .code,
        "002043"
    );
    assert!(sb.rows("show tables like 'T'").is_empty());
}

// https://docs.snowflake.com/en/sql-reference/sql/create-dynamic-table (EXECUTE AS USER,
// ROW_TIMESTAMP, REQUIRE USER) and …/alter-dynamic-table (SET / UNSET of them).
#[test]
fn dynamic_tables_run_as_a_user_and_keep_row_timestamps() {
    let mut sb = with_tables();
    sb.ok("create user refresher");
    sb.ok(
        "create dynamic table as_user target_lag = '5 minutes' warehouse = wh \
         execute as user refresher use secondary roles role_a, role_b row_timestamp = true \
         as select c1 from t",
    );
    let user = |sb: &mut Sandbox| {
        cell(
            &sb.one("show dynamic tables like 'AS_USER'"),
            "execute_as_user",
        )
        .to_string()
    };
    assert_eq!(user(&mut sb), "REFRESHER");
    sb.ok("alter dynamic table as_user unset execute as user, row_timestamp");
    assert_eq!(user(&mut sb), "<NULL>");
    sb.ok("alter dynamic table as_user set execute as user refresher use secondary roles none row_timestamp = false");
    assert_eq!(user(&mut sb), "REFRESHER");
    assert_error(
        &sb.err("alter dynamic table as_user set execute as user nobody"),
        "002003",
        "NOBODY",
    );
    // REQUIRE USER needs INITIALIZE = ON_SCHEDULE (ON_CREATE is the default).
    assert_error(
        &sb.err(
            "create dynamic table needs_user target_lag = '5 minutes' warehouse = wh \
             require user as select c1 from t",
        ),
        "002043",
        "ON_SCHEDULE",
    );
}

// https://docs.snowflake.com/en/sql-reference/sql/alter-dynamic-table: `ALTER DYNAMIC
// TABLE [ IF EXISTS ] <name> [ , <name> … ] REFRESH [ COPY SESSION ]`.
#[test]
fn several_dynamic_tables_refresh_in_one_statement() {
    let mut sb = with_tables();
    sb.ok("create dynamic table dt2 target_lag = '1 minute' warehouse = wh as select c2 from t");
    assert_eq!(
        sb.status("alter dynamic table dt, d.s.dt2 refresh"),
        "Statement executed successfully."
    );
    // IF EXISTS skips the names that do not resolve; without it a missing one fails.
    sb.ok("alter dynamic table if exists dt, nope, dt2 refresh copy session");
    assert_eq!(
        sb.err("alter dynamic table dt, nope refresh").code,
        "002003"
    );
    // "Every listed dynamic table must be a unique object."
    assert_error(
        &sb.err("alter dynamic table dt, s.dt refresh"),
        "002043",
        "more than once",
    );
    // A list takes only REFRESH.
    assert_eq!(sb.err("alter dynamic table dt, dt2 suspend").code, "001003");
    // A refresh compiles the query again: a dropped source fails it.
    sb.ok("alter table t drop column c2");
    assert_eq!(sb.err("alter dynamic table dt, dt2 refresh").code, "000904");
}

// https://docs.snowflake.com/en/sql-reference/sql/create-table-constraint: inlineCH and
// outoflineCH, kept by name; DISABLE creates none; the expression's forbidden uses.
#[test]
fn check_constraints_are_kept_by_name() {
    let mut sb = Sandbox::with_schema();
    sb.ok(
        "create or replace table t (a int check (a > 0) enable novalidate, b int, \
         constraint chk_a check (a < 100), check (b > 0) enable validate)",
    );
    sb.ok("alter table t add constraint chk_b check (b < 10)");
    sb.ok("alter table t rename constraint chk_b to chk_b2");
    sb.ok("alter table t drop constraint chk_b2");
    assert_error(
        &sb.err("alter table t drop constraint chk_b2"),
        "002003",
        "CHK_B2",
    );
    // A disabled CHECK constraint is not created: its name stays free.
    sb.ok("alter table t add constraint chk_off check (b < 5) disable");
    sb.ok("alter table t add constraint chk_off check (b < 6)");
    // Dropping a column takes its CHECK constraints with it, as for keys.
    sb.ok("alter table t drop column a");
    assert_error(
        &sb.err("alter table t drop constraint chk_a"),
        "002003",
        "CHK_A",
    );
    assert_error(
        &sb.err("alter table t add constraint later check (b < current_date())"),
        "002043",
        "CURRENT_DATE",
    );
    assert_error(
        &sb.err("alter table t add check (b in (select 1))"),
        "002043",
        "subquery",
    );
    // No key is shown for a CHECK constraint.
    assert!(sb.rows("show unique keys in table t").is_empty());
}
