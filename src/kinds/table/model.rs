//! A Snowflake table and its columns.

use serde::{Deserialize, Serialize};

use crate::model::data_type::DataType;
use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::model::resource::Resource;
use crate::model::{Address, Kind};
use crate::sql::CanonicalSql;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub name: ObjectName,
    /// In table order: Snowflake appends added columns, so order is part of the table.
    pub columns: Vec<Column>,
    pub transient: bool,
    /// Clustering key expressions; empty when the table is not clustered.
    pub cluster_by: Vec<CanonicalSql>,
    pub change_tracking: bool,
    pub comment: Option<String>,
    /// The row access policy added to the table and the columns it is added on; see
    /// `kinds::row_access_policy`. Not written when absent (as a column's masking policy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row_access_policy: Option<crate::kinds::row_access_policy::RowAccess>,
    /// The tags set on the table (see `kinds::tag`): `None` when its tags are not managed
    /// (not declared, or not read); not written when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<crate::kinds::tag::TagValues>,
    /// The data metric schedule and the data metrics run on the table (see
    /// `kinds::data_metric_function::association`): `None` when not managed; not written
    /// when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_quality: Option<crate::kinds::data_metric_function::association::DataQuality>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub name: Ident,
    pub data_type: DataType,
    pub nullable: bool,
    /// The default expression (`CURRENT_TIMESTAMP()`), compared as SQL.
    pub default: Option<CanonicalSql>,
    pub comment: Option<String>,
    /// The masking policy set on the column
    /// (https://docs.snowflake.com/en/sql-reference/sql/alter-table-column), by its full
    /// name; see `kinds::masking_policy`. Not written when absent, so a table without one
    /// hashes as it did before policies existed (saved plans and their hashes stay valid).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masking_policy: Option<ObjectName>,
    /// A conditional masking policy's columns, `USING (c, cond …)`: the column itself
    /// first, then the columns the policy's further arguments are bound to
    /// (https://docs.snowflake.com/en/sql-reference/sql/alter-table-column). Empty: no
    /// USING (Snowflake then treats a conditional policy as a plain one). Not written when
    /// empty, as `masking_policy`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub masking_using: Vec<Ident>,
    /// The tags set on the column, as the table's (`None`: not managed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<crate::kinds::tag::TagValues>,
}

impl Table {
    pub(crate) fn column(&self, name: &Ident) -> Option<&Column> {
        self.columns.iter().find(|c| &c.name == name)
    }
}

impl Resource for Table {
    fn address(&self) -> Address {
        Address::new(Kind::Table, &self.name)
    }

    fn schema(&self) -> Option<SchemaName> {
        Some(self.name.schema_name())
    }

    /// The schema, the objects column defaults use by name (`PR.S.SEQ.NEXTVAL`; the
    /// configuration writes such names in full, as Snowflake reports them), the tags set
    /// on it and its columns, and the masking policies set on its columns.
    fn references(&self) -> Vec<Address> {
        let mut refs = vec![Address::new(Kind::Schema, self.name.schema_name())];
        crate::kinds::policy::add_governance_references(
            &mut refs,
            self.tags
                .iter()
                .chain(self.columns.iter().filter_map(|c| c.tags.as_ref())),
            self.columns
                .iter()
                .filter_map(|c| c.masking_policy.as_ref()),
        );
        // The policy must exist before `ADD ROW ACCESS POLICY` names it (Snowflake: "Row
        // access policy … does not exist or not authorized").
        if let Some(access) = &self.row_access_policy {
            let address = Address::new(Kind::RowAccessPolicy, &access.policy);
            if !refs.contains(&address) {
                refs.push(address);
            }
        }
        for function in self.data_quality.iter().flat_map(|q| q.references()) {
            if !refs.contains(&function) {
                refs.push(function);
            }
        }
        for default in self.columns.iter().filter_map(|c| c.default.as_ref()) {
            for (kind, found) in crate::kinds::objects_in_expression(default.text()) {
                if let [database, schema, name] = found.name.as_slice() {
                    let name = ObjectName {
                        database: database.clone(),
                        schema: schema.clone(),
                        name: name.clone(),
                    };
                    let address = Address::new(kind, name);
                    if !refs.contains(&address) {
                        refs.push(address);
                    }
                }
            }
        }
        refs
    }
}

impl Table {
    /// Whether the table's declaration involves tags (on itself or a column): only such
    /// tables have their tags read (see `kinds::tag`).
    pub(crate) fn declares_tags(&self) -> bool {
        self.tags.is_some() || self.columns.iter().any(|c| c.tags.is_some())
    }
}
