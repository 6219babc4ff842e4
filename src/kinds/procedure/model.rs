//! A Snowflake stored procedure (Snowflake Scripting, `LANGUAGE SQL`).
//!
//! Snowflake identifies a procedure by name *and* argument types. lakeform manages one
//! signature per name — pipelines call procedures by name, and an overload would make
//! `CALL` references ambiguous — so the address is the name alone and the signature is an
//! attribute (changing it is a replace: drop the old signature, create the new one).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::data_type::DataType;
use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::model::resource::Resource;
use crate::model::{Address, Derived, Kind};
use crate::sql::CanonicalSql;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Procedure {
    pub name: ObjectName,
    pub arguments: Vec<Argument>,
    /// The return type as text in canonical form (`VARCHAR(16777216)`, or `TABLE (…)`
    /// compared as SQL).
    pub returns: CanonicalSql,
    pub language: String,
    pub execute_as: ExecuteAs,
    pub body: CanonicalSql,
    pub comment: Option<String>,
    /// The declared tables, views, streams, stages and file formats the body names — the
    /// tables its MERGE reads and writes — resolved by whoever built the procedure. Derived
    /// from `body`, so it takes no part in equality.
    #[serde(default)]
    pub uses: Derived<Vec<Address>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Argument {
    pub name: Ident,
    pub data_type: DataType,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "UPPERCASE")]
pub enum ExecuteAs {
    #[default]
    Owner,
    Caller,
}

impl fmt::Display for ExecuteAs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ExecuteAs::Owner => "OWNER",
            ExecuteAs::Caller => "CALLER",
        })
    }
}

impl Procedure {
    /// `NAME(TYPE, TYPE)`: how DROP and DESCRIBE name one signature.
    pub(crate) fn signature(&self) -> String {
        let types: Vec<String> = self
            .arguments
            .iter()
            .map(|a| a.data_type.to_string())
            .collect();
        format!("{}({})", self.name, types.join(", "))
    }
}

impl Procedure {
    /// The argument types as a grant's signature names them, without lengths
    /// (`DataType::in_signature`): how `kinds::role::grant` tells overloads apart.
    pub(crate) fn signature_types(&self) -> Vec<String> {
        self.arguments
            .iter()
            .map(|a| a.data_type.in_signature())
            .collect()
    }
}

impl Resource for Procedure {
    fn address(&self) -> Address {
        Address::new(Kind::Procedure, &self.name)
    }

    fn schema(&self) -> Option<SchemaName> {
        Some(self.name.schema_name())
    }

    fn references(&self) -> Vec<Address> {
        let mut refs = vec![Address::new(Kind::Schema, self.name.schema_name())];
        refs.extend(self.uses.iter().cloned());
        refs
    }
}
