//! Storage integrations: `SHOW INTEGRATIONS` lists them (all categories; only
//! `STORAGE` ones are kept), and `DESCRIBE INTEGRATION` per integration gives the tenant
//! and the allowed/blocked locations, which no listing carries.

use crate::kinds::storage_integration::StorageIntegration;
use crate::model::Kind;
use crate::model::identifier::Ident;
use crate::providers::snowflake::introspect::describe::Properties;
use crate::providers::snowflake::introspect::error::IntrospectError;
use crate::providers::snowflake::introspect::record::Record;
use crate::providers::snowflake::result_set::ResultSet;

pub(crate) const STATEMENT: &str = "SHOW INTEGRATIONS";

/// The integration's name when the `SHOW INTEGRATIONS` row is a storage integration.
pub(crate) fn storage_name(record: &Record<'_>) -> Result<Option<Ident>, IntrospectError> {
    let category = record.text("category")?.unwrap_or("");
    if category.eq_ignore_ascii_case("STORAGE") {
        Ok(Some(record.ident("name")?))
    } else {
        Ok(None)
    }
}

/// `DESCRIBE INTEGRATION <name>`.
pub(crate) fn describe_statement(name: &Ident) -> String {
    format!("DESCRIBE INTEGRATION {name}")
}

/// The integration from its `SHOW INTEGRATIONS` row and its `DESCRIBE INTEGRATION`
/// properties. Locations are a comma-separated list in `property_value`.
pub(crate) fn parse(
    record: &Record<'_>,
    describe: &ResultSet,
) -> Result<StorageIntegration, IntrospectError> {
    let name = record.ident("name")?;
    let properties = Properties::read(describe, Kind::StorageIntegration, name.as_str())?;
    let list = |property: &str| -> Vec<String> {
        properties
            .value(property)
            .map(|v| {
                v.split(',')
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok(StorageIntegration {
        azure_tenant_id: properties
            .value("AZURE_TENANT_ID")
            .unwrap_or("")
            .to_string(),
        allowed_locations: list("STORAGE_ALLOWED_LOCATIONS"),
        blocked_locations: list("STORAGE_BLOCKED_LOCATIONS"),
        enabled: record.flag("enabled")?,
        comment: record.comment()?,
        name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::snowflake::introspect::record::fixture::{result, row};

    #[test]
    fn reads_show_and_describe() {
        let show = row(&[
            ("name", Some("ADLS_DEV")),
            ("type", Some("EXTERNAL_STAGE")),
            ("category", Some("STORAGE")),
            ("enabled", Some("true")),
            ("comment", None),
        ]);
        let describe = result(
            &[
                "property",
                "property_type",
                "property_value",
                "property_default",
            ],
            &[
                &[
                    Some("ENABLED"),
                    Some("Boolean"),
                    Some("true"),
                    Some("false"),
                ],
                &[
                    Some("STORAGE_PROVIDER"),
                    Some("String"),
                    Some("AZURE"),
                    Some(""),
                ],
                &[
                    Some("STORAGE_ALLOWED_LOCATIONS"),
                    Some("List"),
                    Some(
                        "azure://a.blob.core.windows.net/landing/,azure://a.blob.core.windows.net/raw/",
                    ),
                    Some("[]"),
                ],
                &[
                    Some("STORAGE_BLOCKED_LOCATIONS"),
                    Some("List"),
                    Some(""),
                    Some("[]"),
                ],
                &[
                    Some("AZURE_TENANT_ID"),
                    Some("String"),
                    Some("tenant-1"),
                    Some(""),
                ],
            ],
        );
        let record = Record::new(show.rows().next().unwrap(), Kind::StorageIntegration);
        assert_eq!(storage_name(&record).unwrap().unwrap().as_str(), "ADLS_DEV");
        let i = parse(&record, &describe).unwrap();
        assert_eq!(i.azure_tenant_id, "tenant-1");
        assert_eq!(i.allowed_locations.len(), 2);
        assert!(i.blocked_locations.is_empty());
        assert!(i.enabled);
    }
}
