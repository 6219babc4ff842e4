//! Snowflake's securable object types and the privileges each takes: the one table both
//! the `role` / `database_role` kinds (to validate and expand what a project declares) and
//! the sandbox (to refuse what Snowflake refuses, and to expand `ALL`) read.
//!
//! The lists are Snowflake's "Access control privileges" page,
//! https://docs.snowflake.com/en/user-guide/security-access-control-privileges, one
//! section per object type; `ALL [PRIVILEGES]` "grants all privileges, except OWNERSHIP"
//! on the object type (same page), so [`ObjectType::all`] is the list without OWNERSHIP
//! and without the privileges that only a share or a shared database takes
//! (`IMPORTED PRIVILEGES`, `REFERENCE_USAGE` on a database: GRANT … TO SHARE only).
//! Only the object types lakeform manages are listed. A procedure or a function is named in
//! a grant with its argument types (`PROCEDURE DB.S.P(NUMBER, VARCHAR)`,
//! https://docs.snowflake.com/en/sql-reference/sql/grant-privilege): the role kind's
//! targets carry them (`kinds::role::grant::Target::Routine`).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A securable object type a grant can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ObjectType {
    Account,
    Database,
    Schema,
    Warehouse,
    Integration,
    Table,
    View,
    Stage,
    FileFormat,
    Sequence,
    Stream,
    Task,
    DynamicTable,
    Alert,
    Pipe,
    Role,
    DatabaseRole,
    Procedure,
    /// A user-defined function or a data metric function: GRANT names both `FUNCTION`
    /// with their argument types, a DMF's as `TABLE(<column types>)`.
    Function,
    MaskingPolicy,
    RowAccessPolicy,
    Tag,
}

/// (type, singular keyword, plural keyword, SHOW GRANTS' `granted_on` spelling, name parts)
const TYPES: [(ObjectType, &str, &str, &str, usize); 22] = [
    (ObjectType::Account, "ACCOUNT", "", "ACCOUNT", 0),
    (ObjectType::Database, "DATABASE", "DATABASES", "DATABASE", 1),
    (ObjectType::Schema, "SCHEMA", "SCHEMAS", "SCHEMA", 2),
    (ObjectType::Warehouse, "WAREHOUSE", "", "WAREHOUSE", 1),
    (ObjectType::Integration, "INTEGRATION", "", "INTEGRATION", 1),
    (ObjectType::Table, "TABLE", "TABLES", "TABLE", 3),
    (ObjectType::View, "VIEW", "VIEWS", "VIEW", 3),
    (ObjectType::Stage, "STAGE", "STAGES", "STAGE", 3),
    (
        ObjectType::FileFormat,
        "FILE FORMAT",
        "FILE FORMATS",
        "FILE_FORMAT",
        3,
    ),
    (ObjectType::Sequence, "SEQUENCE", "SEQUENCES", "SEQUENCE", 3),
    (ObjectType::Stream, "STREAM", "STREAMS", "STREAM", 3),
    (ObjectType::Task, "TASK", "TASKS", "TASK", 3),
    (
        ObjectType::DynamicTable,
        "DYNAMIC TABLE",
        "DYNAMIC TABLES",
        "DYNAMIC_TABLE",
        3,
    ),
    (ObjectType::Alert, "ALERT", "ALERTS", "ALERT", 3),
    // No plural: "bulk grants on pipes are not allowed" (ALL / FUTURE PIPES), so
    // `all|future pipes` is refused as an unknown type.
    (ObjectType::Pipe, "PIPE", "", "PIPE", 3),
    (ObjectType::Role, "ROLE", "", "ROLE", 1),
    (
        ObjectType::DatabaseRole,
        "DATABASE ROLE",
        "",
        "DATABASE_ROLE",
        2,
    ),
    // ALL and FUTURE PROCEDURES IN SCHEMA|DATABASE are allowed ("future grants … work for
    // … functions, procedures", REFERENCE-governance-ingestion 1.6, from
    // https://docs.snowflake.com/en/sql-reference/sql/grant-privilege).
    (
        ObjectType::Procedure,
        "PROCEDURE",
        "PROCEDURES",
        "PROCEDURE",
        3,
    ),
    // A function is named with its argument types, as a procedure
    // (https://docs.snowflake.com/en/sql-reference/sql/grant-privilege: "for functions
    // and procedures … the argument data types must be specified"); a data metric
    // function's are its table argument's, `F(TABLE(NUMBER))` (the form ALTER, DROP and
    // DESCRIBE FUNCTION take for a DMF,
    // https://docs.snowflake.com/en/sql-reference/sql/alter-function-dmf). ALL and
    // FUTURE FUNCTIONS are allowed ("future grants … work for … functions",
    // REFERENCE-governance-ingestion 1.6). SHOW GRANTS' `granted_on` is FUNCTION; a
    // DMF's is not documented (before bundle 2026_07 DMFs and functions shared one
    // internal type for future grants,
    // https://docs.snowflake.com/en/release-notes/bcr-bundles/2026_07/bcr-2422), so
    // DATA_METRIC_FUNCTION is read as this type too (`ObjectType::from_shown`).
    (ObjectType::Function, "FUNCTION", "FUNCTIONS", "FUNCTION", 3),
    // No plural for policies and tags: "future grants cannot be defined for … policies
    // (masking, row access …) or tags", and ON ALL is refused for tags and masking
    // policies (https://docs.snowflake.com/en/sql-reference/sql/grant-privilege); the
    // page is silent on ALL ROW ACCESS POLICIES, which lakeform therefore does not write.
    (
        ObjectType::MaskingPolicy,
        "MASKING POLICY",
        "",
        "MASKING_POLICY",
        3,
    ),
    (
        ObjectType::RowAccessPolicy,
        "ROW ACCESS POLICY",
        "",
        "ROW_ACCESS_POLICY",
        3,
    ),
    (ObjectType::Tag, "TAG", "", "TAG", 3),
];

/// The schema-level CREATE privileges, part of `ALL` on a schema ("ALL … does not include
/// CREATE <class>", which lakeform does not manage): one per kind lakeform creates in a
/// schema, and the long-standing ones of the other kinds. `ALL` is expanded to this list
/// and granted privilege by privilege, so it holds only what every account can be granted;
/// [`SCHEMA_CREATE_OTHER`] holds the rest.
const SCHEMA_CREATE: [&str; 18] = [
    "CREATE TABLE",
    "CREATE EXTERNAL TABLE",
    "CREATE VIEW",
    "CREATE MATERIALIZED VIEW",
    "CREATE MASKING POLICY",
    "CREATE ROW ACCESS POLICY",
    "CREATE TAG",
    "CREATE SEQUENCE",
    "CREATE FUNCTION",
    "CREATE PROCEDURE",
    "CREATE FILE FORMAT",
    "CREATE STAGE",
    "CREATE PIPE",
    "CREATE STREAM",
    "CREATE TASK",
    "CREATE ALERT",
    "CREATE DYNAMIC TABLE",
    // A custom DMF is created with its own privilege, not CREATE FUNCTION
    // (https://docs.snowflake.com/en/sql-reference/sql/create-data-metric-function,
    // "Access control requirements").
    "CREATE DATA METRIC FUNCTION",
];

/// The schema's other documented CREATE privileges (the `schemaPrivileges` of
/// https://docs.snowflake.com/en/sql-reference/sql/grant-privilege, classes aside): for
/// kinds lakeform does not create, and some of them features an account may not have
/// (a preview, an edition, a cloud), so a role may be granted them by name but `ALL` does
/// not send them.
const SCHEMA_CREATE_OTHER: [&str; 37] = [
    "CREATE AGENT",
    "CREATE APPLICATION SERVICE",
    "CREATE ARTIFACT REPOSITORY",
    "CREATE CONTACT",
    "CREATE CORTEX SEARCH SERVICE",
    "CREATE DATASET",
    "CREATE DBT PROJECT",
    "CREATE EVENT TABLE",
    "CREATE EXPERIMENT",
    "CREATE GATEWAY",
    "CREATE GIT REPOSITORY",
    "CREATE IMAGE REPOSITORY",
    "CREATE MCP SERVER",
    "CREATE MODEL",
    "CREATE NETWORK RULE",
    "CREATE NOTEBOOK",
    "CREATE AGGREGATION POLICY",
    "CREATE AUTHENTICATION POLICY",
    "CREATE PACKAGES POLICY",
    "CREATE PASSWORD POLICY",
    "CREATE PRIVACY POLICY",
    "CREATE PROJECTION POLICY",
    "CREATE SESSION POLICY",
    "CREATE STORAGE LIFECYCLE POLICY",
    "CREATE SECRET",
    "CREATE SERVICE",
    "CREATE SNAPSHOT",
    "CREATE SNAPSHOT POLICY",
    "CREATE SNAPSHOT SET",
    "CREATE STREAMLIT",
    "CREATE HYBRID TABLE",
    "CREATE ICEBERG TABLE",
    "CREATE INTERACTIVE TABLE",
    "CREATE ONLINE FEATURE TABLE",
    "CREATE SEMANTIC VIEW",
    "CREATE TYPE",
    "CREATE WORKSPACE",
];

/// The global (account) privileges lakeform accepts, from the page's "Global privileges"
/// section. `ALL ON ACCOUNT` is refused by lakeform rather than expanded: it would hand out
/// every global privilege, which a project should name one by one.
const GLOBAL: [&str; 28] = [
    "APPLY MASKING POLICY",
    "APPLY ROW ACCESS POLICY",
    "APPLY TAG",
    "APPLY AGGREGATION POLICY",
    "APPLY PROJECTION POLICY",
    "APPLY SESSION POLICY",
    "APPLY PASSWORD POLICY",
    "ATTACH POLICY",
    "AUDIT",
    "CREATE ACCOUNT",
    "CREATE DATABASE",
    "CREATE INTEGRATION",
    "CREATE NETWORK POLICY",
    "CREATE ROLE",
    "CREATE SHARE",
    "CREATE USER",
    "CREATE WAREHOUSE",
    "EXECUTE ALERT",
    "EXECUTE DATA METRIC FUNCTION",
    "EXECUTE MANAGED ALERT",
    "EXECUTE MANAGED TASK",
    "EXECUTE TASK",
    "IMPORT SHARE",
    "MANAGE GRANTS",
    "MANAGE WAREHOUSES",
    "MONITOR EXECUTION",
    "MONITOR SECURITY",
    "MONITOR USAGE",
];

impl ObjectType {
    /// Every type, in the table's order.
    pub(crate) fn every() -> impl Iterator<Item = ObjectType> {
        TYPES.iter().map(|(t, ..)| *t)
    }

    fn row(self) -> (ObjectType, &'static str, &'static str, &'static str, usize) {
        TYPES
            .iter()
            .copied()
            .find(|(t, ..)| *t == self)
            .unwrap_or((self, "", "", "", 0))
    }

    /// How GRANT names the type (`FILE FORMAT`).
    pub(crate) fn keyword(self) -> &'static str {
        self.row().1
    }

    /// How `ON ALL … IN` / `ON FUTURE … IN` name the type (`FILE FORMATS`); empty for
    /// types that are not inside a schema or database.
    pub(crate) fn plural(self) -> &'static str {
        self.row().2
    }

    /// How SHOW GRANTS spells the type in `granted_on` / `grant_on` (`FILE_FORMAT`).
    pub(crate) fn shown(self) -> &'static str {
        self.row().3
    }

    /// How many parts a name of this type has (`DB.SCHEMA.T`: 3).
    pub(crate) fn parts(self) -> usize {
        self.row().4
    }

    /// The type a singular keyword names.
    pub(crate) fn from_keyword(words: &str) -> Option<ObjectType> {
        TYPES
            .iter()
            .find(|(_, k, ..)| k.eq_ignore_ascii_case(words))
            .map(|(t, ..)| *t)
    }

    /// The type a plural keyword names (`TABLES`).
    pub(crate) fn from_plural(words: &str) -> Option<ObjectType> {
        TYPES
            .iter()
            .find(|(_, _, p, ..)| !p.is_empty() && p.eq_ignore_ascii_case(words))
            .map(|(t, ..)| *t)
    }

    /// The type SHOW GRANTS' `granted_on` names.
    pub(crate) fn from_shown(shown: &str) -> Option<ObjectType> {
        if shown.eq_ignore_ascii_case("DATA_METRIC_FUNCTION") {
            return Some(ObjectType::Function);
        }
        TYPES
            .iter()
            .find(|(.., s, _)| s.eq_ignore_ascii_case(shown))
            .map(|(t, ..)| *t)
    }

    /// Every privilege that may be granted on the type, OWNERSHIP aside.
    pub(crate) fn grantable(self) -> Vec<&'static str> {
        let mut list = self.all();
        match self {
            ObjectType::Account => list.extend(GLOBAL),
            // Shared databases only (GRANT IMPORTED PRIVILEGES ON DATABASE SNOWFLAKE …).
            ObjectType::Database => list.push("IMPORTED PRIVILEGES"),
            ObjectType::Schema => list.extend(SCHEMA_CREATE_OTHER),
            // The page's masking and row access policy tables: APPLY (and OWNERSHIP).
            ObjectType::MaskingPolicy | ObjectType::RowAccessPolicy => list.push("APPLY"),
            // Its tag table: APPLY, and READ (for a share's consumers,
            // REFERENCE-governance-ingestion 1.4).
            ObjectType::Tag => list.extend(["APPLY", "READ"]),
            _ => {}
        }
        list
    }

    /// What `ALL [PRIVILEGES]` grants on the type: every privilege except OWNERSHIP.
    pub(crate) fn all(self) -> Vec<&'static str> {
        match self {
            // lakeform refuses ALL ON ACCOUNT (see GLOBAL), and roles take only OWNERSHIP
            // and USAGE (granting the role itself).
            ObjectType::Account | ObjectType::Role | ObjectType::DatabaseRole => Vec::new(),
            ObjectType::Database => vec![
                "APPLYBUDGET",
                "CREATE DATABASE ROLE",
                "CREATE SCHEMA",
                "MODIFY",
                "MONITOR",
                "USAGE",
            ],
            ObjectType::Schema => {
                let mut list = vec![
                    "ADD SEARCH OPTIMIZATION",
                    "APPLYBUDGET",
                    "MODIFY",
                    "MONITOR",
                    "USAGE",
                ];
                list.extend(SCHEMA_CREATE);
                list
            }
            ObjectType::Warehouse => vec!["APPLYBUDGET", "MODIFY", "MONITOR", "OPERATE", "USAGE"],
            ObjectType::Integration => vec!["USAGE", "USE_ANY_ROLE"],
            ObjectType::Table => vec![
                "APPLYBUDGET",
                "DELETE",
                "EVOLVE SCHEMA",
                "INSERT",
                "REFERENCES",
                "SELECT",
                "TRUNCATE",
                "UPDATE",
            ],
            ObjectType::View => vec!["REFERENCES", "SELECT"],
            // External stages take USAGE, internal ones READ and WRITE; the grant is
            // checked per stage by the sandbox, the declaration accepts any of the three.
            ObjectType::Stage => vec!["READ", "USAGE", "WRITE"],
            ObjectType::FileFormat | ObjectType::Sequence => vec!["USAGE"],
            ObjectType::Stream => vec!["SELECT"],
            ObjectType::Task => vec!["APPLYBUDGET", "MONITOR", "OPERATE"],
            // https://docs.snowflake.com/en/user-guide/security-access-control-privileges#dynamic-table-privileges
            // and #alert-privileges.
            ObjectType::DynamicTable => vec!["MONITOR", "OPERATE", "SELECT"],
            ObjectType::Alert => vec!["MONITOR", "OPERATE"],
            // https://docs.snowflake.com/en/user-guide/security-access-control-privileges#pipe-privileges
            ObjectType::Pipe => vec!["APPLYBUDGET", "MONITOR", "OPERATE"],
            // USAGE, the one privilege of a procedure besides OWNERSHIP (the page's table
            // for procedures, REFERENCE-governance-ingestion 1.4).
            ObjectType::Procedure => vec!["USAGE"],
            // USAGE, a function's (UDF and DMF alike) one privilege besides OWNERSHIP
            // (https://docs.snowflake.com/en/user-guide/security-access-control-privileges,
            // "User-defined function (UDF) and external function privileges";
            // REFERENCE-governance-ingestion 1.4, "Data metric function: USAGE").
            ObjectType::Function => vec!["USAGE"],
            // APPLY: "the ability to assign a policy or tag to an object"
            // (https://docs.snowflake.com/en/user-guide/security-access-control-privileges,
            // "All privileges"). The page has no ALL row for policies and says `ALL` cannot
            // be used for tags: [`ObjectType::grantable`] lists them, and ALL is refused.
            ObjectType::MaskingPolicy | ObjectType::RowAccessPolicy | ObjectType::Tag => Vec::new(),
        }
    }

    /// Whether `privilege` (upper case, single-spaced) may be granted on the type.
    pub(crate) fn accepts(self, privilege: &str) -> bool {
        self.grantable().contains(&privilege)
    }
}

impl fmt::Display for ObjectType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword())
    }
}

/// A privilege as written (`select`, `create  schema`) in the canonical form Snowflake
/// reports: upper case, words single-spaced.
pub(crate) fn canonical(privilege: &str) -> String {
    privilege
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_round_trip() {
        for (t, keyword, plural, shown, _) in TYPES {
            assert_eq!(ObjectType::from_keyword(keyword), Some(t));
            assert_eq!(ObjectType::from_shown(shown), Some(t));
            if !plural.is_empty() {
                assert_eq!(ObjectType::from_plural(plural), Some(t));
            }
        }
        assert_eq!(
            ObjectType::from_plural("file formats"),
            Some(ObjectType::FileFormat)
        );
        assert_eq!(ObjectType::from_keyword("bogus"), None);
    }

    #[test]
    fn all_never_holds_ownership_and_accepts_what_it_lists() {
        for (t, ..) in TYPES {
            assert!(!t.all().contains(&"OWNERSHIP"));
            assert!(t.all().iter().all(|p| t.accepts(p)));
        }
        assert!(ObjectType::Warehouse.accepts("OPERATE"));
        assert!(!ObjectType::Warehouse.accepts("SELECT"));
        assert!(ObjectType::Account.accepts("EXECUTE TASK"));
        assert!(ObjectType::Schema.accepts("CREATE TABLE"));
        // A kind lakeform creates is in ALL; a documented privilege of a kind it does not
        // (or a feature an account may lack) is accepted by name but not sent for ALL.
        assert!(
            ObjectType::Schema
                .all()
                .contains(&"CREATE DATA METRIC FUNCTION")
        );
        for other in [
            "CREATE NETWORK RULE",
            "CREATE SECRET",
            "CREATE ICEBERG TABLE",
        ] {
            assert!(ObjectType::Schema.accepts(other), "{other}");
            assert!(!ObjectType::Schema.all().contains(&other), "{other}");
        }
        assert!(!ObjectType::Schema.accepts("CREATE SNOWFLAKE.CORE.BUDGET"));
        assert!(ObjectType::Procedure.accepts("USAGE"));
        assert!(ObjectType::Function.accepts("USAGE") && !ObjectType::Function.accepts("SELECT"));
        assert_eq!(
            ObjectType::from_shown("DATA_METRIC_FUNCTION"),
            Some(ObjectType::Function)
        );
        assert!(ObjectType::MaskingPolicy.accepts("APPLY"));
        assert!(!ObjectType::RowAccessPolicy.accepts("USAGE"));
        assert!(ObjectType::Tag.accepts("READ"));
        // No ALL on policies or tags, and no bulk (ALL / FUTURE) grants either.
        for t in [
            ObjectType::MaskingPolicy,
            ObjectType::RowAccessPolicy,
            ObjectType::Tag,
        ] {
            assert!(t.all().is_empty() && t.plural().is_empty());
        }
        assert_eq!(
            ObjectType::from_keyword("row access policy"),
            Some(ObjectType::RowAccessPolicy)
        );
        assert_eq!(canonical(" create   table "), "CREATE TABLE");
    }
}
