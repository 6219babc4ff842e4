//! A statement's answer as the SQL API carries it: columns with their rowType types and
//! rows of nullable string cells. A leaf module shared by the SHOW layer, the engine and
//! the HTTP front, none of which owns it.

/// A result table. `type_name` is the SQL API rowType type: "text", "fixed", "boolean",
/// "timestamp_ltz", "variant" …; cells are strings or NULL as the SQL API sends them.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryResult {
    pub columns: Vec<ResultColumn>,
    pub rows: Vec<Vec<Option<String>>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ResultColumn {
    pub name: String,
    pub(crate) type_name: &'static str,
    pub(crate) nullable: bool,
}

impl ResultColumn {
    pub fn new(name: impl Into<String>, type_name: &'static str) -> ResultColumn {
        ResultColumn {
            name: name.into(),
            type_name,
            nullable: true,
        }
    }
}

impl QueryResult {
    /// The one-row `status` answer of DDL and USE statements.
    pub fn status(message: impl Into<String>) -> QueryResult {
        QueryResult {
            columns: vec![ResultColumn::new("status", "text")],
            rows: vec![vec![Some(message.into())]],
        }
    }
}
