//! The table's grammar: `CREATE TABLE` bodies (column list, `CLONE`, `LIKE`, `AS SELECT`
//! with or without a column list) and the `ALTER TABLE` actions of its own (columns,
//! clustering, constraints, row access, SET / UNSET), read from the `Tail` the parser
//! keeps for the table's module. Syntax: https://docs.snowflake.com/en/sql-reference/sql/create-table and
//! https://docs.snowflake.com/en/sql-reference/sql/alter-table.

pub(crate) mod constraint;

use super::constraint::ConstraintRef;
use super::search_optimization;
use serde::{Deserialize, Serialize};

use crate::model::data_type::DataType;
use crate::model::identifier::Ident;
use crate::sandbox::error::SqlError;
use crate::sandbox::statement::alter::{
    Change, row_access, set_or_unset, tag_assignments, tag_names,
};
use crate::sandbox::statement::create::time_travel;
use crate::sandbox::statement::inline::{ColumnInline, Inline, ident_list};
use crate::sandbox::statement::properties::properties;
use crate::sandbox::statement::references::referenced_names;
use crate::sandbox::statement::{Parser, Property, RawName, RowAccess, TimeTravel};

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TableSource {
    Columns {
        columns: Vec<ColumnDefinition>,
        cluster_by: Vec<String>,
        properties: Vec<Property>,
        /// Out-of-line constraints of the column list.
        constraints: Vec<constraint::Constraint>,
        /// `(columns) AS SELECT …`: the objects the query reads.
        query_references: Vec<RawName>,
    },
    Clone(RawName),
    /// `AS SELECT …` without column types: the query text, the objects it reads, and the
    /// new names of its output columns when a bare name list was given (`(a, b) AS …`).
    AsSelect {
        query: String,
        /// The whole statement and where the query starts in it, for the positions of the
        /// binder's errors.
        statement: String,
        query_offset: usize,
        references: Vec<RawName>,
        column_names: Vec<Ident>,
    },
    /// `LIKE <source>`: the source table's column definitions, no data
    /// (https://docs.snowflake.com/en/sql-reference/sql/create-table#create-table-like).
    Like {
        source: RawName,
        cluster_by: Vec<String>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ColumnDefinition {
    pub(crate) name: Ident,
    pub(crate) data_type: DataType,
    pub(crate) nullable: bool,
    pub(crate) default: Option<String>,
    /// `AUTOINCREMENT` / `IDENTITY`: the column's sequence.
    pub(crate) identity: Option<Identity>,
    pub(crate) comment: Option<String>,
    /// Inline PRIMARY KEY / UNIQUE / REFERENCES constraints on this column.
    pub(crate) constraints: Vec<constraint::Constraint>,
    /// `[ WITH ] MASKING POLICY …` and `[ WITH ] TAG ( … )` on this column, applied by the
    /// engine as ALTER's would be (`engine/ddl/inline.rs`).
    pub(crate) inline: ColumnInline,
    /// `[ GENERATED ALWAYS ] AS ( <expr> ) [ VIRTUAL ]`: a virtual column's expression.
    pub(crate) expression: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TableAlter {
    /// `ADD [COLUMN] [IF NOT EXISTS] …`: with IF NOT EXISTS a column the table already has
    /// is left as it is.
    AddColumns {
        columns: Vec<ColumnDefinition>,
        /// The columns written with IF NOT EXISTS.
        if_not_exists: Vec<Ident>,
    },
    /// `DROP [ COLUMN ] [ IF EXISTS ] c , …`.
    DropColumns {
        names: Vec<Ident>,
        if_exists: bool,
    },
    RenameColumn {
        from: Ident,
        to: Ident,
    },
    /// One `ALTER COLUMN` list: each column with its changes.
    AlterColumns(Vec<(Ident, ColumnChange)>),
    ClusterBy(Vec<String>),
    DropClusteringKey,
    /// `ADD [ CONSTRAINT n ] { PRIMARY KEY | UNIQUE | FOREIGN KEY } …`.
    AddConstraint(constraint::Constraint),
    /// `DROP { CONSTRAINT n | PRIMARY KEY | UNIQUE | FOREIGN KEY } [ ( cols ) ] [ CASCADE |
    /// RESTRICT ]`.
    DropConstraint(ConstraintRef),
    /// `{ ALTER | MODIFY } { CONSTRAINT n | PRIMARY KEY | UNIQUE | FOREIGN KEY } [ ( cols )
    /// ] <properties>`: the RELY / NORELY written, if any.
    AlterConstraint {
        reference: ConstraintRef,
        rely: Option<bool>,
    },
    RenameConstraint {
        from: Ident,
        to: Ident,
    },
    RowAccess(RowAccess),
    SearchOptimization(search_optimization::Action),
    /// `RECLUSTER …`: manual reclustering of a clustered table.
    Recluster,
    /// `RESUME RECLUSTER` (true) / `SUSPEND RECLUSTER` (false): Automatic Clustering.
    AutomaticClustering(bool),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ColumnChange {
    SetDataType(DataType),
    SetNotNull,
    DropNotNull,
    SetComment(String),
    UnsetComment,
    DropDefault,
    /// `SET DEFAULT`: Snowflake only allows it for sequences; kept to refuse it properly.
    SetDefault(String),
    /// `SET MASKING POLICY p [ USING ( c , cond … ) ] [ FORCE ]`
    /// (https://docs.snowflake.com/en/sql-reference/sql/alter-table-column).
    SetMaskingPolicy {
        policy: RawName,
        /// A conditional policy's columns; empty without USING.
        using: Vec<Ident>,
        force: bool,
    },
    /// `UNSET MASKING POLICY`.
    UnsetMaskingPolicy,
    /// `SET TAG t = 'v' [ , … ]`
    /// (https://docs.snowflake.com/en/sql-reference/sql/alter-table-column).
    SetTag(Vec<(RawName, String)>),
    /// `UNSET TAG t [ , … ]`.
    UnsetTag(Vec<RawName>),
}

/// CREATE TABLE's body after the name, as the table's module reads it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TableCreate {
    /// `CREATE TRANSIENT TABLE`, read from the statement's header.
    pub(crate) transient: bool,
    pub(crate) source: TableSource,
    /// `CLONE <source> { AT | BEFORE } ( … )`: the point in time the source is cloned at.
    pub(crate) clone_at: Option<TimeTravel>,
    /// The table's own `[ WITH ] ROW ACCESS POLICY …` and `[ WITH ] TAG ( … )`.
    pub(crate) inline: Inline,
}

/// An ALTER TABLE action of the table's own, as read: a column, clustering, constraint
/// or row access action, or SET / UNSET of its properties.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TableAction {
    Table(TableAlter),
    Properties(Change),
}

/// Reads CREATE TABLE's body after the name.
pub(crate) fn table_create(p: &mut Parser) -> Result<TableCreate, SqlError> {
    let transient = p.header_says("TRANSIENT", "TABLE");
    let mut inline = Inline::default();
    let source = table_source(p, &mut inline)?;
    // `CLONE <source> [ AT | BEFORE ( … ) ] [ COPY GRANTS ]`: the time travel clause
    // follows the source's name. The CLONE page's syntax ends there; the docs are silent
    // on tags after it, and CREATE TABLE's `[ WITH ] TAG` is read after it as after LIKE
    // (https://docs.snowflake.com/en/sql-reference/sql/create-clone,
    // https://docs.snowflake.com/en/sql-reference/sql/create-table#create-table-like).
    let mut clone_at = None;
    if matches!(source, TableSource::Clone(_)) {
        clone_at = time_travel(p, false)?;
        p.eat_kws(&["COPY", "GRANTS"]);
        while inline.clause(p, false)? {}
    }
    Ok(TableCreate {
        transient,
        source,
        clone_at,
        inline,
    })
}

/// Reads an ALTER TABLE action of the table's own (the parser keeps RENAME TO, SWAP WITH,
/// the tag and data metric clauses): its own actions, else SET / UNSET.
pub(crate) fn table_action(p: &mut Parser) -> Result<TableAction, SqlError> {
    if let Some(action) = table_alter(p)? {
        return Ok(TableAction::Table(action));
    }
    match set_or_unset(p)? {
        Some(change) => Ok(TableAction::Properties(change)),
        None => Err(p.error()),
    }
}

/// The body after the name; the table's inline clauses go to `inline`: after the column
/// list, among the table's properties (`… [ COPY GRANTS ] [ COMMENT = '…' ] [ [ WITH ] ROW
/// ACCESS POLICY … ] [ [ WITH ] TAG ( … ) ]`,
/// https://docs.snowflake.com/en/sql-reference/sql/create-table), after LIKE's source,
/// and before CTAS's `AS`.
pub(crate) fn table_source(p: &mut Parser, inline: &mut Inline) -> Result<TableSource, SqlError> {
    p.eat_kws(&["COPY", "GRANTS"]);
    if p.eat_kw("CLONE") {
        let source = p.name()?;
        p.eat_kws(&["COPY", "GRANTS"]);
        return Ok(TableSource::Clone(source));
    }
    if p.eat_kw("LIKE") {
        let source = p.name()?;
        let mut cluster_by = Vec::new();
        loop {
            if p.eat_kws(&["CLUSTER", "BY"]) {
                cluster_by = expression_list(p)?;
            } else if !p.eat_kws(&["COPY", "GRANTS"]) && !inline.clause(p, false)? {
                break;
            }
        }
        return Ok(TableSource::Like { source, cluster_by });
    }
    while inline.clause(p, true)? {}
    if p.is_kw("AS") {
        return as_select(p, Vec::new());
    }
    if let Some(names) = bare_column_names(p)? {
        p.eat_kws(&["COPY", "GRANTS"]);
        return as_select(p, names);
    }
    p.expect_sym("(")?;
    let mut columns = Vec::new();
    let mut constraints = Vec::new();
    loop {
        if constraint::starts_out_of_line(p) {
            constraints.push(constraint::out_of_line(p)?);
        } else {
            columns.push(column_definition(p)?);
        }
        if p.eat_sym(",") {
            continue;
        }
        p.expect_sym(")")?;
        break;
    }
    let mut cluster_by = Vec::new();
    let mut props = Vec::new();
    let mut query_references = Vec::new();
    loop {
        if p.eat_kws(&["CLUSTER", "BY"]) {
            cluster_by = expression_list(p)?;
        } else if p.eat_kws(&["COPY", "GRANTS"]) || inline.clause(p, true)? {
        } else if p.is_kw("AS") {
            match as_select(p, Vec::new())? {
                TableSource::AsSelect { references, .. } => query_references = references,
                _ => return Err(p.error()),
            }
        } else {
            let more = properties(p)?;
            if more.is_empty() {
                break;
            }
            props.extend(more);
        }
    }
    Ok(TableSource::Columns {
        columns,
        cluster_by,
        properties: props,
        constraints,
        query_references,
    })
}

/// `( a, b … )`: the bare column names CTAS may rename its query's columns with (types
/// come from the query). `None`, nothing consumed, when the list is not of that form.
fn bare_column_names(p: &mut Parser) -> Result<Option<Vec<Ident>>, SqlError> {
    let start = p.mark();
    if !p.eat_sym("(") {
        return Ok(None);
    }
    let mut names = Vec::new();
    loop {
        let Ok(name) = p.ident() else {
            p.reset(start);
            return Ok(None);
        };
        names.push(name);
        if p.eat_sym(",") {
            continue;
        }
        if p.eat_sym(")") {
            return Ok(Some(names));
        }
        p.reset(start);
        return Ok(None);
    }
}

fn as_select(p: &mut Parser, column_names: Vec<Ident>) -> Result<TableSource, SqlError> {
    p.expect_kw("AS")?;
    let start = p.mark();
    p.eat_sym("(");
    if !p.is_kw("SELECT") && !p.is_kw("WITH") {
        return Err(p.error());
    }
    p.reset(start);
    let references = referenced_names(&p.tokens()[start..]);
    let query_offset = p.tokens().get(start).map_or(0, |t| t.start);
    let query = p.rest().to_string();
    Ok(TableSource::AsSelect {
        query,
        statement: p.source().to_string(),
        query_offset,
        references,
        column_names,
    })
}

/// Skips to the `,` or `)` that ends the current element of a parenthesised list.
fn skip_to_list_end(p: &mut Parser) -> Result<(), SqlError> {
    let mut depth = 0usize;
    while let Some(t) = p.peek() {
        if depth == 0 && (t.is_symbol(",") || t.is_symbol(")")) {
            return Ok(());
        }
        if t.is_symbol("(") {
            depth += 1;
        } else if t.is_symbol(")") {
            depth -= 1;
        }
        p.advance();
    }
    Err(p.error())
}

const COLUMN_CLAUSE_STARTS: [&str; 15] = [
    "MASKING",
    "TAG",
    "AUTOINCREMENT",
    "IDENTITY",
    "NOT",
    "NULL",
    "COMMENT",
    "PRIMARY",
    "UNIQUE",
    "CONSTRAINT",
    "COLLATE",
    "REFERENCES",
    "WITH",
    "FOREIGN",
    "CHECK",
];

/// Reads an expression up to the end of the column clause: a `,` or `)` at depth 0, or a
/// keyword that starts the next clause. Returns its text as written.
fn clause_expression(p: &mut Parser) -> Result<String, SqlError> {
    let start = p.mark();
    let mut depth = 0usize;
    while let Some(t) = p.peek() {
        // The expression's first word is its own even when it could start a clause:
        // `DEFAULT NULL` is the NULL default (https://docs.snowflake.com/en/sql-reference/sql/create-table
        // shows `custKey NUMBER DEFAULT NULL`), then `NULL` / `NOT NULL` name nullability.
        let clause = p.mark() != start && COLUMN_CLAUSE_STARTS.iter().any(|k| t.is_keyword(k));
        if depth == 0 && (t.is_symbol(",") || t.is_symbol(")") || clause) {
            break;
        }
        if t.is_symbol("(") {
            depth += 1;
        } else if t.is_symbol(")") {
            depth -= 1;
        }
        p.advance();
    }
    if p.mark() == start {
        return Err(p.error());
    }
    Ok(p.text_between(start, p.mark()).to_string())
}

/// An identity column's sequence: `{ AUTOINCREMENT | IDENTITY } [ ( start , step ) |
/// START n INCREMENT n ] [ ORDER | NOORDER ]`
/// (https://docs.snowflake.com/en/sql-reference/sql/create-table). Start and step default
/// to 1; ORDER / NOORDER defaults to NOORDER since bundle 2024_01
/// (https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_01/bcr-1483).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Identity {
    pub(crate) start: i64,
    pub(crate) increment: i64,
    pub(crate) order: bool,
}

impl std::fmt::Display for Identity {
    /// As DESCRIBE TABLE's `default` and SHOW COLUMNS' `autoincrement` print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "IDENTITY START {} INCREMENT {} {}",
            self.start,
            self.increment,
            if self.order { "ORDER" } else { "NOORDER" }
        )
    }
}

/// What follows `AUTOINCREMENT` / `IDENTITY`: `[ { ( <start_num> , <step_num> ) | START
/// <num> INCREMENT <num> } ] [ { ORDER | NOORDER } ]`, as CREATE TABLE and ALTER TABLE's
/// ADD COLUMN document it (https://docs.snowflake.com/en/sql-reference/sql/create-table).
/// START and INCREMENT are one alternative of the grammar, so neither is read alone. The
/// optional `WITH` / `BY` / `=` after them (CREATE SEQUENCE's spelling) are not in that
/// grammar; the docs are silent on them and the sandbox keeps accepting them.
fn identity(p: &mut Parser) -> Result<Identity, SqlError> {
    let mut identity = Identity {
        start: 1,
        increment: 1,
        order: false,
    };
    if p.eat_sym("(") {
        identity.start = p.signed()?;
        p.expect_sym(",")?;
        identity.increment = p.signed()?;
        p.expect_sym(")")?;
    } else if p.eat_kw("START") {
        p.eat_kw("WITH");
        p.eat_equals();
        identity.start = p.signed()?;
        p.expect_kw("INCREMENT")?;
        p.eat_kw("BY");
        p.eat_equals();
        identity.increment = p.signed()?;
    }
    if p.eat_kw("ORDER") {
        identity.order = true;
    } else {
        p.eat_kw("NOORDER");
    }
    Ok(identity)
}

pub(crate) fn column_definition(p: &mut Parser) -> Result<ColumnDefinition, SqlError> {
    let name = p.ident()?;
    let data_type = p.data_type()?;
    let mut column = ColumnDefinition {
        name,
        data_type,
        nullable: true,
        default: None,
        identity: None,
        comment: None,
        constraints: Vec::new(),
        inline: ColumnInline::default(),
        expression: None,
    };
    // A virtual column: `<col_name> <col_type> [ GENERATED ALWAYS ] AS ( <expr> ) [ VIRTUAL
    // ]`, in CREATE TABLE and ALTER TABLE … ADD COLUMN alike
    // (https://docs.snowflake.com/en/sql-reference/virtual-columns, "Syntax"). The
    // parentheses are part of the syntax: `AS <expr>` without them is not.
    let generated = p.eat_kws(&["GENERATED", "ALWAYS"]);
    if generated || (p.is_kw("AS") && p.peek_at(1).is_some_and(|t| t.is_symbol("("))) {
        p.expect_kw("AS")?;
        let (from, to) = p.skip_parens()?;
        if from == to {
            return Err(p.error());
        }
        column.expression = Some(p.text_between(from, to).trim().to_string());
        p.eat_kw("VIRTUAL");
    }
    loop {
        if p.eat_kws(&["NOT", "NULL"]) {
            column.nullable = false;
        } else if p.eat_kw("NULL") {
            column.nullable = true;
        } else if p.is_kw("DEFAULT") {
            // DEFAULT and AUTOINCREMENT are mutually exclusive (CREATE TABLE's usage
            // notes): the second of them is where the statement stops making sense.
            if column.identity.is_some() {
                return Err(p.error());
            }
            p.advance();
            column.default = Some(clause_expression(p)?);
        } else if p.is_kw("AUTOINCREMENT") || p.is_kw("IDENTITY") {
            if column.default.is_some() {
                return Err(p.error());
            }
            p.advance();
            column.identity = Some(identity(p)?);
        } else if p.eat_kw("COMMENT") {
            p.eat_equals();
            column.comment = Some(p.string()?);
        } else if p.eat_kw("COLLATE") {
            p.string()?;
        } else if let Some(c) = constraint::inline(p, &column.name)? {
            column.constraints.push(c);
        } else if column.inline.clause(p)? {
            // `[ WITH ] MASKING POLICY …` / `[ WITH ] TAG ( … )`
            // (https://docs.snowflake.com/en/sql-reference/sql/create-table, "col_name").
        } else {
            break;
        }
    }
    Ok(column)
}

/// A constraint named after the verb at `ahead` (DROP, ALTER, MODIFY): `CONSTRAINT <name>`
/// or `PRIMARY KEY | UNIQUE | FOREIGN KEY [ ( <col_name> , … ) ]`; `None`, nothing
/// consumed, when the verb is followed by something else (a column action).
fn constraint_ref(p: &mut Parser, ahead: usize) -> Result<Option<ConstraintRef>, SqlError> {
    let starts = ["CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN"]
        .iter()
        .any(|k| p.is_kw_at(ahead, k));
    if !starts {
        return Ok(None);
    }
    for _ in 0..ahead {
        p.advance();
    }
    if p.eat_kw("CONSTRAINT") {
        let name = p.ident()?;
        // The syntax shows a column list after every form; after a name it adds nothing.
        if p.is_sym("(") {
            ident_list(p)?;
        }
        return Ok(Some(ConstraintRef::Named(name)));
    }
    let kind = if p.eat_kws(&["PRIMARY", "KEY"]) {
        ConstraintRef::PrimaryKey
    } else if p.eat_kw("UNIQUE") {
        ConstraintRef::Unique
    } else {
        p.expect_kws(&["FOREIGN", "KEY"])?;
        ConstraintRef::ForeignKey
    };
    let columns = if p.is_sym("(") {
        ident_list(p)?
    } else {
        Vec::new()
    };
    Ok(Some(kind(columns)))
}

/// `( expr, expr … )` as texts: clustering keys.
fn expression_list(p: &mut Parser) -> Result<Vec<String>, SqlError> {
    p.expect_sym("(")?;
    let mut out = Vec::new();
    loop {
        let start = p.mark();
        skip_to_list_end(p)?;
        if p.mark() == start {
            return Err(p.error());
        }
        out.push(p.text_between(start, p.mark()).to_string());
        if p.eat_sym(",") {
            continue;
        }
        p.expect_sym(")")?;
        return Ok(out);
    }
}

/// The table-only ALTER actions; `None` when the next tokens are not one of them (SET /
/// UNSET apply then).
pub(crate) fn table_alter(p: &mut Parser) -> Result<Option<TableAlter>, SqlError> {
    if let Some(action) = row_access(p)? {
        return Ok(Some(TableAlter::RowAccess(action)));
    }
    if p.eat_kws(&["DROP", "CLUSTERING", "KEY"]) {
        return Ok(Some(TableAlter::DropClusteringKey));
    }
    if p.eat_kws(&["CLUSTER", "BY"]) {
        return Ok(Some(TableAlter::ClusterBy(expression_list(p)?)));
    }
    if p.is_kw("ADD")
        && p.peek_at(1).is_some_and(|_| {
            ["CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK"]
                .iter()
                .any(|k| p.is_kw_at(1, k))
        })
    {
        p.advance();
        return Ok(Some(TableAlter::AddConstraint(constraint::out_of_line(p)?)));
    }
    // constraintAction (https://docs.snowflake.com/en/sql-reference/sql/alter-table): a
    // constraint named by its name or by its kind and columns, dropped or altered.
    if p.is_kw("DROP")
        && let Some(reference) = constraint_ref(p, 1)?
    {
        if !p.eat_kw("CASCADE") {
            p.eat_kw("RESTRICT");
        }
        return Ok(Some(TableAlter::DropConstraint(reference)));
    }
    if (p.is_kw("ALTER") || p.is_kw("MODIFY"))
        && let Some(reference) = constraint_ref(p, 1)?
    {
        let rely = constraint::properties(p)?;
        return Ok(Some(TableAlter::AlterConstraint { reference, rely }));
    }
    if let Some(action) = search_optimization::action(p, false)? {
        return Ok(Some(TableAlter::SearchOptimization(action)));
    }
    // clusteringAction: `RECLUSTER [ MAX_SIZE = <budget_in_bytes> ] [ WHERE <condition> ]`
    // (deprecated, and only for a clustered table) and `{ SUSPEND | RESUME } RECLUSTER`.
    if p.eat_kw("RECLUSTER") {
        if p.eat_kw("MAX_SIZE") {
            p.eat_equals();
            p.unsigned()?;
        }
        if p.eat_kw("WHERE") {
            // The condition is checked by no one: the sandbox holds no rows to recluster.
            let start = p.mark();
            while p.advance().is_some() {}
            if p.mark() == start {
                return Err(p.error());
            }
        }
        return Ok(Some(TableAlter::Recluster));
    }
    if p.is_kws(&["SUSPEND", "RECLUSTER"]) || p.is_kws(&["RESUME", "RECLUSTER"]) {
        let resume = p.eat_kw("RESUME");
        if !resume {
            p.expect_kw("SUSPEND")?;
        }
        p.expect_kw("RECLUSTER")?;
        return Ok(Some(TableAlter::AutomaticClustering(resume)));
    }
    if p.eat_kws(&["RENAME", "CONSTRAINT"]) {
        let from = p.ident()?;
        p.expect_kw("TO")?;
        let to = p.ident()?;
        return Ok(Some(TableAlter::RenameConstraint { from, to }));
    }
    // `ADD [ COLUMN ] [ IF NOT EXISTS ] <col_name> <col_type> … [ , … ]`
    // (https://docs.snowflake.com/en/sql-reference/sql/alter-table, "Table column
    // actions"): a leading IF NOT EXISTS covers the whole list, and a column of the list
    // may repeat it for itself. "You cannot specify IF NOT EXISTS if you are also
    // specifying any of the following for the new column: DEFAULT, AUTOINCREMENT, or
    // IDENTITY; UNIQUE, PRIMARY KEY, or FOREIGN KEY" (the page's note): all are refused
    // (the docs give no code: chosen, 002043, one message per group). An inline CHECK is
    // in neither list and stays accepted.
    if p.eat_kw("ADD") {
        let mut columns = Vec::new();
        let mut if_not_exists = Vec::new();
        let mut all_guarded = None;
        loop {
            p.eat_kw("COLUMN");
            let guarded = p.eat_kws(&["IF", "NOT", "EXISTS"]);
            let all = *all_guarded.get_or_insert(guarded);
            let column = column_definition(p)?;
            // A leading IF NOT EXISTS covers every column of the list, its rules too.
            let covered = guarded || all;
            if covered && (column.default.is_some() || column.identity.is_some()) {
                return Err(SqlError::unsupported(format!(
                    "IF NOT EXISTS cannot be specified with DEFAULT, AUTOINCREMENT or IDENTITY for column {}.",
                    column.name.to_sql()
                )));
            }
            let keyed = column
                .constraints
                .iter()
                .any(|c| !matches!(c.kind, constraint::ConstraintKind::Check { .. }));
            if covered && keyed {
                return Err(SqlError::unsupported(format!(
                    "IF NOT EXISTS cannot be specified with a PRIMARY KEY, UNIQUE or FOREIGN KEY constraint for column {}.",
                    column.name.to_sql()
                )));
            }
            if covered {
                if_not_exists.push(column.name.clone());
            }
            columns.push(column);
            if !p.eat_sym(",") {
                break;
            }
        }
        return Ok(Some(TableAlter::AddColumns {
            columns,
            if_not_exists,
        }));
    }
    // `DROP [ COLUMN ] [ IF EXISTS ] <col1_name> [ , <col2_name> … ]`
    // (https://docs.snowflake.com/en/sql-reference/sql/alter-table).
    if p.eat_kw("DROP") {
        p.eat_kw("COLUMN");
        let if_exists = p.eat_kws(&["IF", "EXISTS"]);
        let mut names = vec![p.ident()?];
        while p.eat_sym(",") {
            names.push(p.ident()?);
        }
        return Ok(Some(TableAlter::DropColumns { names, if_exists }));
    }
    if p.eat_kws(&["RENAME", "COLUMN"]) {
        let from = p.ident()?;
        p.expect_kw("TO")?;
        let to = p.ident()?;
        return Ok(Some(TableAlter::RenameColumn { from, to }));
    }
    if p.eat_kw("ALTER") || p.eat_kw("MODIFY") {
        let parenthesised = p.eat_sym("(");
        let mut changes = Vec::new();
        loop {
            p.eat_kw("COLUMN");
            let column = p.ident()?;
            changes.push((column, column_change(p)?));
            if !p.eat_sym(",") {
                break;
            }
        }
        if parenthesised {
            p.expect_sym(")")?;
        }
        return Ok(Some(TableAlter::AlterColumns(changes)));
    }
    Ok(None)
}

fn column_change(p: &mut Parser) -> Result<ColumnChange, SqlError> {
    if p.eat_kws(&["SET", "DATA", "TYPE"]) || p.eat_kw("TYPE") {
        return Ok(ColumnChange::SetDataType(p.data_type()?));
    }
    if p.eat_kws(&["SET", "NOT", "NULL"]) {
        return Ok(ColumnChange::SetNotNull);
    }
    if p.eat_kws(&["DROP", "NOT", "NULL"]) {
        return Ok(ColumnChange::DropNotNull);
    }
    if p.eat_kws(&["DROP", "DEFAULT"]) {
        return Ok(ColumnChange::DropDefault);
    }
    if p.eat_kws(&["SET", "DEFAULT"]) {
        return Ok(ColumnChange::SetDefault(clause_expression(p)?));
    }
    if p.eat_kws(&["SET", "MASKING", "POLICY"]) {
        let policy = p.name()?;
        let mut using = Vec::new();
        if p.eat_kw("USING") {
            p.expect_sym("(")?;
            loop {
                using.push(p.ident()?);
                if !p.eat_sym(",") {
                    break;
                }
            }
            p.expect_sym(")")?;
        }
        let force = p.eat_kw("FORCE");
        return Ok(ColumnChange::SetMaskingPolicy {
            policy,
            using,
            force,
        });
    }
    if p.eat_kws(&["UNSET", "MASKING", "POLICY"]) {
        return Ok(ColumnChange::UnsetMaskingPolicy);
    }
    if p.eat_kws(&["SET", "TAG"]) {
        return Ok(ColumnChange::SetTag(tag_assignments(p)?));
    }
    if p.eat_kws(&["UNSET", "TAG"]) {
        return Ok(ColumnChange::UnsetTag(tag_names(p)?));
    }
    if p.eat_kws(&["UNSET", "COMMENT"]) {
        return Ok(ColumnChange::UnsetComment);
    }
    if p.eat_kw("COMMENT") || p.eat_kws(&["SET", "COMMENT"]) {
        p.eat_equals();
        return Ok(ColumnChange::SetComment(p.string()?));
    }
    // A bare type after the column name (`ALTER COLUMN c VARCHAR(50)`) is accepted too.
    Ok(ColumnChange::SetDataType(p.data_type()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::statement::parser::read_all;
    use crate::sandbox::statement::{
        Create, CreateBody, ObjectNoun, Statement, TravelPoint, parse,
    };

    /// CREATE TABLE's body as the engine reads it: from the statement's tail.
    fn create(sql: &str) -> Result<TableCreate, SqlError> {
        match parse(sql)? {
            Statement::Create(Create {
                body: CreateBody::Module(ObjectNoun::Table, tail),
                ..
            }) => tail.parse(table_create),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn create_reads_transient_from_the_header_and_the_clone_point() {
        let c = create("create or replace transient table t (a int)").unwrap();
        assert!(c.transient);
        assert!(matches!(c.source, TableSource::Columns { .. }));
        assert_eq!(c.clone_at, None);
        let c = create("create table t clone s.src at (offset => -60) copy grants").unwrap();
        assert!(!c.transient);
        assert!(matches!(c.source, TableSource::Clone(ref n) if n.to_string() == "S.SRC"));
        assert_eq!(
            c.clone_at.map(|t| (t.before, t.point)),
            Some((false, TravelPoint::Offset(Some(-60))))
        );
        let e = create("create table t (a int) garbage").unwrap_err();
        assert_eq!(e.code, "001003");
        assert!(e.message.contains("unexpected 'garbage'"), "{}", e.message);
    }

    #[test]
    fn actions_are_the_tables_own_or_set_and_unset() {
        assert!(matches!(
            read_all("rename column a to b", table_action).unwrap(),
            TableAction::Table(TableAlter::RenameColumn { .. })
        ));
        assert!(matches!(
            read_all("set change_tracking = true comment = 'c'", table_action).unwrap(),
            TableAction::Properties(Change::Set(ref p)) if p.len() == 2
        ));
        assert_eq!(
            read_all("unset comment", table_action).unwrap(),
            TableAction::Properties(Change::Unset(vec!["COMMENT".to_string()]))
        );
        let e = read_all("execute as caller", table_action).unwrap_err();
        assert!(e.message.contains("unexpected 'execute'"), "{}", e.message);
    }

    fn source(sql: &str) -> TableSource {
        let mut p = Parser::new(sql).unwrap();
        let s = table_source(&mut p, &mut Inline::default()).unwrap();
        p.expect_end().unwrap();
        s
    }

    #[test]
    fn column_lists_with_constraints_defaults_and_comments() {
        let s = source(
            "(id int not null primary key, name string default 'x' comment 'the name', \
             ts timestamp_ntz default current_timestamp() not null, \
             constraint pk primary key (id)) cluster by (id, to_date(ts)) change_tracking = true comment = 't'",
        );
        match s {
            TableSource::Columns {
                columns,
                cluster_by,
                properties,
                ..
            } => {
                assert_eq!(columns.len(), 3);
                assert!(!columns[0].nullable);
                assert_eq!(columns[1].default.as_deref(), Some("'x'"));
                assert_eq!(columns[1].comment.as_deref(), Some("the name"));
                assert_eq!(columns[2].default.as_deref(), Some("current_timestamp()"));
                assert!(!columns[2].nullable);
                assert_eq!(cluster_by, ["id", "to_date(ts)"]);
                assert_eq!(properties.len(), 2);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn clone_and_ctas() {
        assert!(matches!(source("clone db.s.src"), TableSource::Clone(_)));
        match source("as select * from raw_customer") {
            TableSource::AsSelect { references, .. } => {
                assert_eq!(references[0].to_string(), "RAW_CUSTOMER")
            }
            other => panic!("{other:?}"),
        }
        match source("(a int, b string) as select x, y from s.src") {
            TableSource::Columns {
                columns,
                query_references,
                ..
            } => {
                assert_eq!(columns.len(), 2);
                assert_eq!(query_references[0].to_string(), "S.SRC");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn alter_column_forms() {
        let mut p = Parser::new("alter column a set data type varchar(20), column b drop not null")
            .unwrap();
        match table_alter(&mut p).unwrap().unwrap() {
            TableAlter::AlterColumns(changes) => {
                assert_eq!(changes.len(), 2);
                assert!(matches!(changes[1].1, ColumnChange::DropNotNull));
            }
            other => panic!("{other:?}"),
        }
        let mut p = Parser::new("rename column a to b").unwrap();
        assert!(matches!(
            table_alter(&mut p).unwrap(),
            Some(TableAlter::RenameColumn { .. })
        ));
        let mut p = Parser::new("rename to x").unwrap();
        assert!(table_alter(&mut p).unwrap().is_none());
    }
}
