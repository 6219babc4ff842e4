//! A Snowflake stage: external on an ADLS container (`azure://…`) or internal.

use serde::{Deserialize, Serialize};

use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::model::resource::Resource;
use crate::model::{Address, Kind};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    pub name: ObjectName,
    /// `azure://ACCOUNT.blob.core.windows.net/CONTAINER/path/`; `None` for an internal stage.
    pub url: Option<String>,
    pub storage_integration: Option<Ident>,
    pub file_format: Option<ObjectName>,
    pub comment: Option<String>,
}

/// The parts of an `azure://` stage URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AzureLocation {
    pub(crate) account: String,
    pub(crate) container: String,
    pub(crate) path: String,
}

impl AzureLocation {
    /// Reads `azure://ACCOUNT.blob.core.windows.net/CONTAINER[/path]`. Returns `None` for
    /// anything else (the caller reports it with its own context).
    pub(crate) fn parse(url: &str) -> Option<AzureLocation> {
        let rest = url.strip_prefix("azure://")?;
        let (host, path) = rest.split_once('/')?;
        let account = host
            .split('.')
            .next()
            .filter(|a| !a.is_empty())?
            .to_string();
        let (container, path) = path.split_once('/').unwrap_or((path, ""));
        if container.is_empty() {
            return None;
        }
        Some(AzureLocation {
            account,
            container: container.to_string(),
            path: path.to_string(),
        })
    }
}

impl Resource for Stage {
    fn address(&self) -> Address {
        Address::new(Kind::Stage, &self.name)
    }

    fn schema(&self) -> Option<SchemaName> {
        Some(self.name.schema_name())
    }

    fn references(&self) -> Vec<Address> {
        let mut refs = vec![Address::new(Kind::Schema, self.name.schema_name())];
        refs.extend(
            self.storage_integration
                .iter()
                .map(|i| Address::new(Kind::StorageIntegration, i)),
        );
        refs.extend(
            self.file_format
                .iter()
                .map(|f| Address::new(Kind::FileFormat, f)),
        );
        refs.extend(
            self.url
                .as_deref()
                .and_then(AzureLocation::parse)
                .map(|l| Address::new(Kind::Container, l.container)),
        );
        refs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn azure_urls() {
        let l =
            AzureLocation::parse("azure://acct.blob.core.windows.net/landing/customer/").unwrap();
        assert_eq!(
            (l.account.as_str(), l.container.as_str(), l.path.as_str()),
            ("acct", "landing", "customer/")
        );
        assert_eq!(
            AzureLocation::parse("azure://acct.blob.core.windows.net/landing")
                .unwrap()
                .container,
            "landing"
        );
        assert!(AzureLocation::parse("s3://bucket/x").is_none());
        assert!(AzureLocation::parse("azure://acct.blob.core.windows.net/").is_none());
    }
}
