//! Connection settings for a real (or emulated) storage account, as the config layer
//! fills them from `[adls]`, and the endpoint rules derived from them.
//!
//! Endpoints: by default `https://<account>.blob.core.windows.net`,
//! `https://<account>.dfs.core.windows.net` and `https://<account>.queue.core.windows.net`.
//! `endpoint` overrides the Blob URL (Azurite, sovereign clouds, private endpoints); the
//! DFS and Queue URLs are then `dfs_endpoint` / `queue_endpoint`, or derived from
//! `endpoint` by replacing a `.blob.` host label with `.dfs.` / `.queue.`, or unknown
//! (Azurite serves each service on its own port, so its queue endpoint is always given;
//! a DFS endpoint only matters if the account reports a hierarchical namespace). A path in
//! the endpoint (Azurite's `/devstoreaccount1`) is kept: requests go below it and Shared
//! Key signs it. Plain `http://` is accepted only for loopback hosts, so a key or token is
//! never sent in clear over a network.

use super::error::AdlsError;
use crate::secret::Secret;
use std::net::IpAddr;
use url::{Host, Url};

/// How lakeform reaches one storage account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdlsSettings {
    /// Storage account name (3-24 lower-case letters and digits).
    pub account: String,
    /// Overrides the Blob endpoint URL.
    pub endpoint: Option<Url>,
    /// Overrides the DFS endpoint URL.
    pub dfs_endpoint: Option<Url>,
    /// Overrides the Queue endpoint URL.
    pub queue_endpoint: Option<Url>,
    pub auth: AdlsAuth,
    /// Where the account lives in Azure Resource Manager, for its Event Grid
    /// subscriptions; `None` when the environment manages none.
    pub arm: Option<ArmSettings>,
}

/// The storage account as an Azure Resource Manager resource, and how to reach ARM.
///
/// ARM is authorised by Entra ID only: a Shared Key or SAS opens the storage services,
/// never the management plane
/// (https://learn.microsoft.com/rest/api/eventgrid/controlplane/event-subscriptions/create-or-update
/// lists `azure_auth`, OAuth2, as its only security scheme).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArmSettings {
    pub subscription_id: String,
    pub resource_group: String,
    /// Overrides `https://management.azure.com` (sovereign clouds, recorded-reply tests).
    pub endpoint: Option<Url>,
    pub credential: CredentialKind,
}

/// `auth = "shared_key" | "sas" | "azure_identity"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdlsAuth {
    /// `account_key`: the base64 account key.
    SharedKey { account_key: Secret },
    /// `sas_token`: a SAS query string (with or without the leading `?`).
    Sas { token: Secret },
    /// Entra ID through `azure_identity`.
    AzureIdentity { credential: CredentialKind },
}

/// `credential = "cli" | "managed_identity" | "workload_identity" | "client_secret"`.
///
/// Each reads the environment variables Azure users expect: `AZURE_TENANT_ID`,
/// `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET` (client secret), `AZURE_FEDERATED_TOKEN_FILE`
/// (workload identity), `AZURE_CLIENT_ID` for a user-assigned managed identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialKind {
    /// The signed-in Azure CLI user (`az login`).
    Cli,
    /// The managed identity of the VM / App Service / container; `client_id` picks a
    /// user-assigned identity (default: `AZURE_CLIENT_ID` if set, else system-assigned).
    ManagedIdentity { client_id: Option<String> },
    /// Kubernetes workload identity (federated token file).
    WorkloadIdentity,
    /// A service principal with a client secret.
    ClientSecret,
}

impl CredentialKind {
    /// Parses the config value of `credential`.
    pub fn parse(value: &str) -> Result<Self, AdlsError> {
        match value {
            "cli" => Ok(CredentialKind::Cli),
            "managed_identity" => Ok(CredentialKind::ManagedIdentity { client_id: None }),
            "workload_identity" => Ok(CredentialKind::WorkloadIdentity),
            "client_secret" => Ok(CredentialKind::ClientSecret),
            other => Err(AdlsError::Settings(format!(
                "unknown credential {other:?}; expected cli, managed_identity, workload_identity or client_secret"
            ))),
        }
    }

    pub(crate) fn name(&self) -> &'static str {
        match self {
            CredentialKind::Cli => "cli",
            CredentialKind::ManagedIdentity { .. } => "managed_identity",
            CredentialKind::WorkloadIdentity => "workload_identity",
            CredentialKind::ClientSecret => "client_secret",
        }
    }
}

/// The resolved endpoints of an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    pub(crate) blob: Url,
    pub(crate) dfs: Option<Url>,
    pub(crate) queue: Option<Url>,
}

impl AdlsSettings {
    /// Validates the account name and resolves the endpoints.
    pub(crate) fn endpoints(&self) -> Result<Endpoints, AdlsError> {
        validate_account_name(&self.account)?;
        let blob = match &self.endpoint {
            Some(url) => checked_endpoint(url, "endpoint")?,
            None => default_endpoint(&self.account, "blob")?,
        };
        let dfs = match (&self.dfs_endpoint, &self.endpoint) {
            (Some(url), _) => Some(checked_endpoint(url, "dfs_endpoint")?),
            (None, None) => Some(default_endpoint(&self.account, "dfs")?),
            (None, Some(_)) => derived(&blob, "dfs"),
        };
        let queue = match (&self.queue_endpoint, &self.endpoint) {
            (Some(url), _) => Some(checked_endpoint(url, "queue_endpoint")?),
            (None, None) => Some(default_endpoint(&self.account, "queue")?),
            (None, Some(_)) => derived(&blob, "queue"),
        };
        Ok(Endpoints { blob, dfs, queue })
    }
}

impl ArmSettings {
    /// The management endpoint: `https://management.azure.com` unless overridden (with
    /// the same loopback-only rule for `http://` as the storage endpoints).
    pub(crate) fn endpoint(&self) -> Result<Url, AdlsError> {
        match &self.endpoint {
            Some(url) => checked_endpoint(url, "management_endpoint"),
            None => Url::parse("https://management.azure.com")
                .map_err(|e| AdlsError::Settings(format!("management endpoint: {e}"))),
        }
    }

    /// The storage account's resource id,
    /// `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Storage/storageAccounts/{account}`,
    /// after checking that the parts cannot change the path: a subscription id is a GUID
    /// and a resource group name is 1-90 letters, digits, `_`, `-`, `.` and `()` not ending
    /// in `.` (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftresources).
    pub(crate) fn account_id(&self, account: &str) -> Result<String, AdlsError> {
        validate_account_name(account)?;
        if uuid::Uuid::parse_str(&self.subscription_id).is_err() {
            return Err(AdlsError::Settings(format!(
                "[adls] subscription_id {:?} is not a GUID",
                self.subscription_id
            )));
        }
        let rg = &self.resource_group;
        let valid_rg = (1..=90).contains(&rg.chars().count())
            && !rg.ends_with('.')
            && rg
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '(' | ')'));
        if !valid_rg {
            return Err(AdlsError::Settings(format!(
                "[adls] resource_group {rg:?} is not a valid resource group name: 1-90 letters, digits, '_', '-', '.', '(' and ')', not ending in '.'"
            )));
        }
        Ok(format!(
            "/subscriptions/{}/resourceGroups/{rg}/providers/Microsoft.Storage/storageAccounts/{account}",
            self.subscription_id
        ))
    }
}

fn validate_account_name(account: &str) -> Result<(), AdlsError> {
    let ok = (3..=24).contains(&account.len())
        && account
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(AdlsError::Settings(format!(
            "invalid storage account name {account:?}: 3 to 24 lower-case letters and digits"
        )))
    }
}

fn default_endpoint(account: &str, service: &str) -> Result<Url, AdlsError> {
    Url::parse(&format!("https://{account}.{service}.core.windows.net"))
        .map_err(|e| AdlsError::Settings(format!("account {account:?} gives no valid URL: {e}")))
}

/// Accepts https anywhere and http only on loopback; drops a trailing '/', a query and a
/// fragment, which have no meaning for an endpoint.
fn checked_endpoint(url: &Url, key: &str) -> Result<Url, AdlsError> {
    let loopback = match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(AdlsError::Settings(format!(
                "`{key}` {url} uses http:// on a non-loopback host; use https://"
            )));
        }
        other => {
            return Err(AdlsError::Settings(format!(
                "`{key}` {url} has scheme {other:?}; expected https (or http on loopback)"
            )));
        }
    }
    if url.host().is_none() || !url.username().is_empty() || url.password().is_some() {
        return Err(AdlsError::Settings(format!(
            "`{key}` must be a plain URL with a host and no credentials"
        )));
    }
    let mut clean = url.clone();
    clean.set_query(None);
    clean.set_fragment(None);
    let path = clean.path().trim_end_matches('/').to_owned();
    clean.set_path(&path);
    Ok(clean)
}

/// The `service` endpoint next to a Blob endpoint: its `.blob.` host label replaced.
fn derived(blob: &Url, service: &str) -> Option<Url> {
    let host = blob.host_str()?;
    let labels: Vec<&str> = host.split('.').collect();
    let i = labels.iter().position(|l| l.eq_ignore_ascii_case("blob"))?;
    let mut replaced = labels.clone();
    replaced[i] = service;
    let mut dfs = blob.clone();
    dfs.set_host(Some(&replaced.join("."))).ok()?;
    Some(dfs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(endpoint: Option<&str>) -> AdlsSettings {
        AdlsSettings {
            account: "pacificretaildev".into(),
            endpoint: endpoint.map(|e| Url::parse(e).unwrap()),
            dfs_endpoint: None,
            queue_endpoint: None,
            auth: AdlsAuth::Sas {
                token: Secret::new("sv=x"),
            },
            arm: None,
        }
    }

    #[test]
    fn default_endpoints_follow_the_account() {
        let e = settings(None).endpoints().unwrap();
        assert_eq!(
            e.blob.as_str(),
            "https://pacificretaildev.blob.core.windows.net/"
        );
        assert_eq!(
            e.dfs.unwrap().as_str(),
            "https://pacificretaildev.dfs.core.windows.net/"
        );
        assert_eq!(
            e.queue.unwrap().as_str(),
            "https://pacificretaildev.queue.core.windows.net/"
        );
    }

    #[test]
    fn sovereign_cloud_endpoint_derives_its_dfs_endpoint() {
        let e = settings(Some("https://acct.blob.core.chinacloudapi.cn/"))
            .endpoints()
            .unwrap();
        assert_eq!(
            e.dfs.unwrap().as_str(),
            "https://acct.dfs.core.chinacloudapi.cn/"
        );
        assert_eq!(
            e.queue.unwrap().as_str(),
            "https://acct.queue.core.chinacloudapi.cn/"
        );
    }

    #[test]
    fn the_arm_resource_id_is_checked_part_by_part() {
        let arm = |sub: &str, rg: &str| ArmSettings {
            subscription_id: sub.into(),
            resource_group: rg.into(),
            endpoint: None,
            credential: CredentialKind::Cli,
        };
        let sub = "00000000-1111-2222-3333-444444444444";
        assert_eq!(
            arm(sub, "rg-data_(prod).eu").account_id("acct").unwrap(),
            format!(
                "/subscriptions/{sub}/resourceGroups/rg-data_(prod).eu/providers/Microsoft.Storage/storageAccounts/acct"
            )
        );
        for (s, rg) in [("not-a-guid", "rg"), (sub, "a/b"), (sub, "rg."), (sub, "")] {
            assert!(arm(s, rg).account_id("acct").is_err(), "{s} {rg}");
        }
        assert!(arm(sub, "rg").account_id("Bad").is_err());
        let local = ArmSettings {
            endpoint: Some(Url::parse("http://10.0.0.1/").unwrap()),
            ..arm(sub, "rg")
        };
        assert!(local.endpoint().is_err(), "http off loopback");
    }

    #[test]
    fn emulator_endpoint_keeps_its_path_and_has_no_dfs() {
        let e = settings(Some("http://127.0.0.1:10000/devstoreaccount1/"))
            .endpoints()
            .unwrap();
        assert_eq!(e.blob.path(), "/devstoreaccount1");
        assert_eq!(e.dfs, None);
        assert_eq!(e.queue, None);
    }

    #[test]
    fn http_is_refused_off_loopback() {
        for bad in [
            "http://acct.blob.core.windows.net",
            "http://10.0.0.4:10000/devstoreaccount1",
            "ftp://127.0.0.1/x",
            "https://user:pw@acct.blob.core.windows.net",
        ] {
            assert!(settings(Some(bad)).endpoints().is_err(), "{bad}");
        }
        assert!(
            settings(Some("http://localhost:10000/a"))
                .endpoints()
                .is_ok()
        );
        assert!(settings(Some("http://[::1]:10000/a")).endpoints().is_ok());
    }

    #[test]
    fn account_name_is_validated() {
        let mut s = settings(None);
        s.account = "Bad_Account".into();
        assert!(matches!(s.endpoints(), Err(AdlsError::Settings(_))));
    }

    #[test]
    fn credential_kinds_parse() {
        assert_eq!(CredentialKind::parse("cli").unwrap(), CredentialKind::Cli);
        assert!(CredentialKind::parse("default").is_err());
    }
}
