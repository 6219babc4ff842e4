//! A Snowflake notification integration: `[[notification_integration]]`, inbound from an
//! Azure storage queue (what Snowpipe auto-ingest reads) or outbound e-mail (what alerts
//! and task / pipe error notifications send).
//!
//! What Snowflake lets change in place, and what it does not:
//! * an Azure storage queue integration alters only `ENABLED` and `COMMENT`
//!   (https://docs.snowflake.com/en/sql-reference/sql/alter-notification-integration-queue-inbound-azure):
//!   a new queue URI or tenant recreates it, and the new integration has its own Azure
//!   app: consent and the role assignment on the queue are needed again, and pipes using
//!   it receive no notifications until then. That is the rebuild tier: nothing stored is
//!   lost, but loading stops until a person acts;
//! * an e-mail integration alters `ENABLED`, `ALLOWED_RECIPIENTS` (UNSET clears it) and
//!   `COMMENT`
//!   (https://docs.snowflake.com/en/sql-reference/sql/alter-notification-integration-email);
//! * the type never changes in place: it is a replace, for the same reason.
//!
//! Read with the one `SHOW INTEGRATIONS` the storage integrations share (rows of category
//! `NOTIFICATION`), and `DESCRIBE INTEGRATION` per notification integration: the queue
//! URI, tenant and recipients are in no listing
//! (https://docs.snowflake.com/en/sql-reference/sql/desc-notification-integration).

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared, common_keys};
use crate::config::schema_file::object_entry;
use crate::import::entry::{Entry, Writer};
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::model::identifier::{Ident, SchemaName};
use crate::model::{Address, Derived, Kind, Object, Resource};
use crate::plan::Tier;
use crate::plan::diff::{DiffError, Edits, comment};
use crate::providers::snowflake::introspect::IntrospectError;
use crate::providers::snowflake::introspect::describe::Properties;
use crate::providers::snowflake::introspect::record::Record;
use crate::providers::snowflake::result_set::ResultSet;
use crate::sql::quote::{boolean, comment_clause, literal, literal_list};

/// A notification integration, in canonical form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationIntegration {
    pub name: Ident,
    pub target: NotificationTarget,
    pub enabled: bool,
    pub comment: Option<String>,
    /// The declared storage queue its URI names, when the queue is in the environment's
    /// lake (`config::references` records it): the queue must exist before Event Grid and
    /// Snowpipe use it. Derived, so it takes no part in equality.
    #[serde(default)]
    pub uses: Derived<Vec<Address>>,
}

/// Where the integration's notifications come from or go.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum NotificationTarget {
    /// Inbound: Event Grid puts blob events on this queue, Snowpipe reads them.
    AzureStorageQueue {
        queue_uri: String,
        tenant_id: String,
    },
    /// Outbound e-mail; an empty list lets any verified address of the account receive.
    Email { allowed_recipients: Vec<String> },
}

impl NotificationTarget {
    /// The TOML `type`, as the plan shows it.
    fn key(&self) -> &'static str {
        match self {
            NotificationTarget::AzureStorageQueue { .. } => "azure_storage_queue",
            NotificationTarget::Email { .. } => "email",
        }
    }
}

impl NotificationIntegration {
    /// Whether pipes can name it in `INTEGRATION = '…'` (the Azure auto-ingest kind).
    pub(crate) fn is_queue(&self) -> bool {
        matches!(self.target, NotificationTarget::AzureStorageQueue { .. })
    }
}

impl Resource for NotificationIntegration {
    fn address(&self) -> Address {
        Address::new(Kind::NotificationIntegration, &self.name)
    }

    fn references(&self) -> Vec<Address> {
        self.uses.to_vec()
    }
}

/// `type = "…"` of the entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum NotificationType {
    /// Inbound from an Azure storage queue (Snowpipe auto-ingest).
    AzureStorageQueue,
    /// Outbound e-mail (alerts, error notifications).
    Email,
}

object_entry! {
    /// `[[notification_integration]]`.
    RawNotificationIntegration {
        #[serde(rename = "type")]
        #[schemars(with = "NotificationType")]
        kind: Spanned<NotificationType>,
        /// `https://<account>.queue.core.windows.net/<queue>` (azure_storage_queue).
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        queue_uri: Option<Spanned<String>>,
        /// The Entra ID tenant of the queue's storage account (azure_storage_queue).
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        tenant_id: Option<Spanned<String>>,
        /// Addresses that may receive mail (email; at most 50).
        #[serde(default)]
        #[schemars(with = "Vec<String>")]
        allowed_recipients: Vec<Spanned<String>>,
        /// Default true.
        #[serde(default)]
        enabled: Option<bool>,
    }
}

/// "The maximum number of email addresses that you can specify is 50"
/// (https://docs.snowflake.com/en/sql-reference/sql/create-notification-integration-email).
const MAX_RECIPIENTS: usize = 50;

/// Whether `uri` is `https://<account>.queue.core.windows.net/<queue>`, the form
/// AZURE_STORAGE_QUEUE_PRIMARY_URI takes
/// (https://docs.snowflake.com/en/sql-reference/sql/create-notification-integration-queue-inbound-azure),
/// with a queue name Azure accepts: 3–63 lowercase letters, digits and single hyphens,
/// starting and ending with a letter or digit
/// (https://learn.microsoft.com/en-us/rest/api/storageservices/naming-queues-and-metadata).
pub(crate) fn queue_uri_parts(uri: &str) -> Option<(&str, &str)> {
    let rest = uri.strip_prefix("https://")?;
    let (host, queue) = rest.split_once('/')?;
    let account = host.strip_suffix(".queue.core.windows.net")?;
    let account_ok = (3..=24).contains(&account.len())
        && account
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let queue_ok = (3..=63).contains(&queue.len())
        && queue
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !queue.starts_with('-')
        && !queue.ends_with('-')
        && !queue.contains("--");
    (account_ok && queue_ok).then_some((account, queue))
}

impl ObjectKind for NotificationIntegration {
    const SQL_KEYWORD: &'static str = "NOTIFICATION INTEGRATION";
    type Raw = RawNotificationIntegration;

    fn resolve(raw: RawNotificationIntegration, ctx: &mut Ctx<'_>) -> Option<Declared> {
        let name = ctx.ident(&raw.name, "notification integration");
        let mut valid = true;
        let target = match raw.kind.get_ref() {
            NotificationType::AzureStorageQueue => {
                if let Some(first) = raw.allowed_recipients.first() {
                    ctx.error(first, "allowed_recipients applies only to type = \"email\"");
                    valid = false;
                }
                let queue_uri = match &raw.queue_uri {
                    None => {
                        ctx.error(
                            &raw.kind,
                            "an azure_storage_queue integration needs queue_uri",
                        )
                        .help = Some(
                            "queue_uri = \"https://ACCOUNT.queue.core.windows.net/QUEUE\"".into(),
                        );
                        valid = false;
                        String::new()
                    }
                    Some(uri) => {
                        if queue_uri_parts(uri.get_ref()).is_none() {
                            ctx.error(uri, format!("invalid queue URI {:?}", uri.get_ref()))
                                .help = Some(
                                "expected https://ACCOUNT.queue.core.windows.net/QUEUE (queue: 3-63 lowercase letters, digits, single hyphens)".into(),
                            );
                            valid = false;
                        }
                        uri.get_ref().clone()
                    }
                };
                let tenant_id = match &raw.tenant_id {
                    Some(t) if !t.get_ref().trim().is_empty() => t.get_ref().clone(),
                    _ => {
                        ctx.error(
                            &raw.kind,
                            "an azure_storage_queue integration needs tenant_id",
                        )
                        .help = Some(
                            "the Entra ID tenant (directory) id of the storage account".into(),
                        );
                        valid = false;
                        String::new()
                    }
                };
                NotificationTarget::AzureStorageQueue {
                    queue_uri,
                    tenant_id,
                }
            }
            NotificationType::Email => {
                for key in [&raw.queue_uri, &raw.tenant_id].into_iter().flatten() {
                    ctx.error(
                        key,
                        "queue_uri and tenant_id apply only to type = \"azure_storage_queue\"",
                    );
                    valid = false;
                }
                if raw.allowed_recipients.len() > MAX_RECIPIENTS {
                    ctx.error(
                        &raw.allowed_recipients[MAX_RECIPIENTS],
                        format!("an e-mail integration allows at most {MAX_RECIPIENTS} recipients"),
                    );
                    valid = false;
                }
                for recipient in &raw.allowed_recipients {
                    let text = recipient.get_ref();
                    let well_formed = text
                        .split_once('@')
                        .is_some_and(|(user, domain)| !user.is_empty() && domain.contains('.'))
                        && !text.chars().any(char::is_whitespace);
                    if !well_formed {
                        ctx.error(recipient, format!("invalid e-mail address {text:?}"));
                        valid = false;
                    }
                }
                NotificationTarget::Email {
                    allowed_recipients: raw
                        .allowed_recipients
                        .iter()
                        .map(|r| r.get_ref().clone())
                        .collect(),
                }
            }
        };
        let integration = NotificationIntegration {
            name: name?,
            target,
            enabled: raw.enabled.unwrap_or(true),
            comment: raw.comment.clone(),
            uses: Default::default(),
        };
        // The queue is an edge when the project declares it in the environment's lake
        // (`config::load` drops it for a URI naming another storage account).
        let queue = match &integration.target {
            NotificationTarget::AzureStorageQueue { queue_uri, .. } => {
                queue_uri_parts(queue_uri).map(|(_, queue)| queue.to_string())
            }
            NotificationTarget::Email { .. } => None,
        };
        valid.then(|| {
            let mut declared = ctx.declare(integration, common_keys!(raw));
            declared
                .soft_names
                .extend(queue.map(|queue| (Some(Kind::StorageQueue), queue)));
            declared
        })
    }

    fn diff(
        live: &NotificationIntegration,
        desired: &NotificationIntegration,
        _cx: &DiffCx<'_>,
    ) -> Result<Edits, DiffError> {
        let mut e = Edits::default();
        let alter = format!("ALTER NOTIFICATION INTEGRATION {}", desired.name);
        match (&live.target, &desired.target) {
            (
                NotificationTarget::AzureStorageQueue {
                    queue_uri: live_uri,
                    tenant_id: live_tenant,
                },
                NotificationTarget::AzureStorageQueue {
                    queue_uri,
                    tenant_id,
                },
            ) => {
                let uri = e.compare("queue_uri", live_uri, queue_uri);
                let tenant = e.compare("tenant_id", live_tenant, tenant_id);
                if uri || tenant {
                    return Ok(replace(
                        e,
                        live,
                        desired,
                        "ALTER NOTIFICATION INTEGRATION sets only ENABLED and COMMENT on an Azure storage queue integration",
                    )?);
                }
            }
            (
                NotificationTarget::Email {
                    allowed_recipients: before,
                },
                NotificationTarget::Email {
                    allowed_recipients: after,
                },
            ) => {
                if e.compare("allowed_recipients", &list(before), &list(after)) {
                    e.sql(if after.is_empty() {
                        format!("{alter} UNSET ALLOWED_RECIPIENTS")
                    } else {
                        format!("{alter} SET ALLOWED_RECIPIENTS = {}", literal_list(after))
                    });
                }
            }
            (before, after) => {
                e.compare("type", &before.key(), &after.key());
                return Ok(replace(
                    e,
                    live,
                    desired,
                    "Snowflake cannot change a notification integration's type in place",
                )?);
            }
        }
        if e.compare("enabled", &live.enabled, &desired.enabled) {
            e.sql(format!(
                "{alter} SET ENABLED = {}",
                boolean(desired.enabled)
            ));
        }
        comment(
            &mut e,
            &live.comment,
            &desired.comment,
            &Object::NotificationIntegration(desired.clone()),
        )?;
        Ok(e)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        let target = match &self.target {
            NotificationTarget::AzureStorageQueue {
                queue_uri,
                tenant_id,
            } => format!(
                "TYPE = QUEUE NOTIFICATION_PROVIDER = AZURE_STORAGE_QUEUE ENABLED = {} AZURE_STORAGE_QUEUE_PRIMARY_URI = {} AZURE_TENANT_ID = {}",
                boolean(self.enabled),
                literal(queue_uri),
                literal(tenant_id)
            ),
            NotificationTarget::Email { allowed_recipients } => {
                let recipients = if allowed_recipients.is_empty() {
                    String::new()
                } else {
                    format!(" ALLOWED_RECIPIENTS = {}", literal_list(allowed_recipients))
                };
                format!(
                    "TYPE = EMAIL ENABLED = {}{recipients}",
                    boolean(self.enabled)
                )
            }
        };
        Ok(format!(
            "{} NOTIFICATION INTEGRATION {} {target}{}",
            mode.verb(),
            self.name,
            comment_clause(self.comment.as_deref())
        ))
    }

    fn import(&self, w: &Writer<'_>, _schema: Option<&SchemaName>) -> Entry {
        let mut e = Entry::new("notification_integration");
        e.set("name", w.text(&self.name.to_sql()));
        w.comment(&mut e, &self.comment);
        e.set("type", w.text(self.target.key()));
        match &self.target {
            NotificationTarget::AzureStorageQueue {
                queue_uri,
                tenant_id,
            } => {
                e.set("queue_uri", w.text(queue_uri));
                e.set("tenant_id", w.text(tenant_id));
            }
            NotificationTarget::Email { allowed_recipients } => {
                if !allowed_recipients.is_empty() {
                    e.set(
                        "allowed_recipients",
                        w.texts(allowed_recipients.iter().map(String::as_str)),
                    );
                }
            }
        }
        if !self.enabled {
            e.set("enabled", "false".into());
        }
        e
    }
}

/// The replacement of `live` by `desired`, recreated with CREATE OR REPLACE.
fn replace(
    mut e: Edits,
    live: &NotificationIntegration,
    desired: &NotificationIntegration,
    why: &str,
) -> Result<Edits, DdlError> {
    e.compare("enabled", &live.enabled, &desired.enabled);
    e.compare_option("comment", &live.comment, &desired.comment);
    e.replace(why);
    if desired.is_queue() {
        e.raise(
            Tier::Rebuild,
            "the new integration has a new Azure app: consent to it and grant it Storage Queue Data Contributor on the queue again; pipes using it load nothing until then",
        );
    } else {
        e.raise(
            Tier::Rebuild,
            "alerts and tasks that send through it fail while it is recreated",
        );
    }
    e.sql(desired.create_sql(CreateMode::Replace)?);
    Ok(e)
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

/// The `SHOW INTEGRATIONS` row's name when it is a notification integration of a type
/// lakeform manages (`QUEUE - AZURE_STORAGE_QUEUE`, `EMAIL`; the others — outbound queues,
/// webhooks — are not read). Types as SHOW NOTIFICATION INTEGRATIONS reports them
/// (https://docs.snowflake.com/en/sql-reference/sql/show-notification-integrations).
pub(crate) fn listed_name(record: &Record<'_>) -> Result<Option<Ident>, IntrospectError> {
    let category = record.text("category")?.unwrap_or("");
    let kind = record.text("type")?.unwrap_or("");
    let managed = kind.eq_ignore_ascii_case("EMAIL")
        || kind.eq_ignore_ascii_case("QUEUE - AZURE_STORAGE_QUEUE");
    if category.eq_ignore_ascii_case("NOTIFICATION") && managed {
        Ok(Some(record.ident("name")?))
    } else {
        Ok(None)
    }
}

/// The integration from its `SHOW INTEGRATIONS` row and `DESCRIBE INTEGRATION` answer.
/// `ALLOWED_RECIPIENTS` is a comma-joined list; the queue URI and tenant are plain
/// strings (https://docs.snowflake.com/en/sql-reference/sql/desc-notification-integration).
pub fn parse(
    record: &Record<'_>,
    describe: &ResultSet,
) -> Result<NotificationIntegration, IntrospectError> {
    let name = record.ident("name")?;
    let properties = Properties::read(describe, Kind::NotificationIntegration, name.as_str())?;
    let kind = record.required("type")?;
    let target = if kind.eq_ignore_ascii_case("EMAIL") {
        NotificationTarget::Email {
            allowed_recipients: properties
                .value("ALLOWED_RECIPIENTS")
                .unwrap_or("")
                .split(',')
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_string)
                .collect(),
        }
    } else {
        NotificationTarget::AzureStorageQueue {
            queue_uri: properties
                .value("AZURE_STORAGE_QUEUE_PRIMARY_URI")
                .unwrap_or("")
                .to_string(),
            tenant_id: properties
                .value("AZURE_TENANT_ID")
                .unwrap_or("")
                .to_string(),
        }
    };
    Ok(NotificationIntegration {
        target,
        enabled: record.flag("enabled")?,
        comment: record.comment()?,
        name,
        uses: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Action;
    use crate::providers::snowflake::introspect::record::fixture::{result, row};

    fn queue(uri: &str) -> NotificationIntegration {
        NotificationIntegration {
            name: Ident::from_stored("ORDERS_EVENTS"),
            target: NotificationTarget::AzureStorageQueue {
                queue_uri: uri.into(),
                tenant_id: "t-1".into(),
            },
            enabled: true,
            comment: None,
            uses: Default::default(),
        }
    }

    fn email(recipients: &[&str]) -> NotificationIntegration {
        NotificationIntegration {
            name: Ident::from_stored("DATA_TEAM_EMAIL"),
            target: NotificationTarget::Email {
                allowed_recipients: recipients.iter().map(|r| r.to_string()).collect(),
            },
            enabled: true,
            comment: None,
            uses: Default::default(),
        }
    }

    fn diff(live: &NotificationIntegration, desired: &NotificationIntegration) -> Edits {
        crate::kinds::diff_in_test(live, desired)
    }

    fn statements(e: &Edits) -> Vec<String> {
        e.steps.iter().map(|s| s.describe()).collect()
    }

    const URI: &str = "https://prdev.queue.core.windows.net/orders-events";

    #[test]
    fn create_states_the_provider_and_every_property() {
        assert_eq!(
            queue(URI).create_sql(CreateMode::Create).unwrap(),
            "CREATE NOTIFICATION INTEGRATION ORDERS_EVENTS TYPE = QUEUE NOTIFICATION_PROVIDER = AZURE_STORAGE_QUEUE ENABLED = TRUE AZURE_STORAGE_QUEUE_PRIMARY_URI = 'https://prdev.queue.core.windows.net/orders-events' AZURE_TENANT_ID = 't-1'"
        );
        let mut mail = email(&["data@pacificretail.example"]);
        mail.comment = Some("it's the team".into());
        assert_eq!(
            mail.create_sql(CreateMode::Create).unwrap(),
            "CREATE NOTIFICATION INTEGRATION DATA_TEAM_EMAIL TYPE = EMAIL ENABLED = TRUE ALLOWED_RECIPIENTS = ('data@pacificretail.example') COMMENT = 'it\\'s the team'"
        );
    }

    #[test]
    fn enabled_recipients_and_comment_alter_in_place() {
        let mut desired = email(&["a@x.example", "b@x.example"]);
        desired.enabled = false;
        desired.comment = Some("c".into());
        let e = diff(&email(&["a@x.example"]), &desired);
        assert_eq!((e.action, e.tier), (Action::Update, Tier::Safe));
        assert_eq!(
            statements(&e),
            [
                "ALTER NOTIFICATION INTEGRATION DATA_TEAM_EMAIL SET ALLOWED_RECIPIENTS = ('a@x.example', 'b@x.example')",
                "ALTER NOTIFICATION INTEGRATION DATA_TEAM_EMAIL SET ENABLED = FALSE",
                "ALTER NOTIFICATION INTEGRATION DATA_TEAM_EMAIL SET COMMENT = 'c'",
            ]
        );
        let e = diff(&email(&["a@x.example"]), &email(&[]));
        assert_eq!(
            statements(&e),
            ["ALTER NOTIFICATION INTEGRATION DATA_TEAM_EMAIL UNSET ALLOWED_RECIPIENTS"]
        );
    }

    #[test]
    fn a_new_queue_or_type_replaces_with_the_rebuild_tier() {
        let e = diff(
            &queue(URI),
            &queue("https://prdev.queue.core.windows.net/other"),
        );
        assert_eq!((e.action, e.tier), (Action::Replace, Tier::Rebuild));
        assert!(
            e.reasons
                .iter()
                .any(|r| r.contains("Storage Queue Data Contributor"))
        );
        assert_eq!(statements(&e).len(), 1);
        assert!(statements(&e)[0].starts_with("CREATE OR REPLACE NOTIFICATION INTEGRATION"));
        let mut mail = email(&[]);
        mail.name = Ident::from_stored("ORDERS_EVENTS");
        let e = diff(&queue(URI), &mail);
        assert_eq!(e.action, Action::Replace);
        assert!(e.attributes.iter().any(|a| a.name.to_string() == "type"));
        assert!(diff(&queue(URI), &queue(URI)).is_empty());
    }

    #[test]
    fn queue_uris_are_checked_against_azures_names() {
        assert_eq!(queue_uri_parts(URI), Some(("prdev", "orders-events")));
        for bad in [
            "https://prdev.queue.core.windows.net/",
            "https://prdev.queue.core.windows.net/Orders",
            "https://prdev.queue.core.windows.net/a--b",
            "https://prdev.blob.core.windows.net/orders",
            "http://prdev.queue.core.windows.net/orders",
            "azure://prdev.queue.core.windows.net/orders",
        ] {
            assert_eq!(queue_uri_parts(bad), None, "{bad}");
        }
    }

    #[test]
    fn show_and_describe_rows_are_read_by_name() {
        let show = row(&[
            ("name", Some("ORDERS_EVENTS")),
            ("type", Some("QUEUE - AZURE_STORAGE_QUEUE")),
            ("category", Some("NOTIFICATION")),
            ("enabled", Some("true")),
            ("comment", Some("")),
            ("direction", Some("INBOUND")),
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
                    Some("AZURE_STORAGE_QUEUE_PRIMARY_URI"),
                    Some("String"),
                    Some(URI),
                    Some(""),
                ],
                &[
                    Some("AZURE_TENANT_ID"),
                    Some("String"),
                    Some("t-1"),
                    Some(""),
                ],
            ],
        );
        let record = Record::new(show.rows().next().unwrap(), Kind::NotificationIntegration);
        assert_eq!(
            listed_name(&record).unwrap().unwrap().as_str(),
            "ORDERS_EVENTS"
        );
        assert_eq!(parse(&record, &describe).unwrap(), queue(URI));
        let storage = row(&[
            ("name", Some("ADLS")),
            ("type", Some("EXTERNAL_STAGE")),
            ("category", Some("STORAGE")),
        ]);
        let record = Record::new(
            storage.rows().next().unwrap(),
            Kind::NotificationIntegration,
        );
        assert_eq!(listed_name(&record).unwrap(), None);
        let mail = row(&[
            ("name", Some("DATA_TEAM_EMAIL")),
            ("type", Some("EMAIL")),
            ("category", Some("NOTIFICATION")),
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
            &[&[
                Some("ALLOWED_RECIPIENTS"),
                Some("List"),
                Some("a@x.example,b@x.example"),
                Some("[]"),
            ]],
        );
        let record = Record::new(mail.rows().next().unwrap(), Kind::NotificationIntegration);
        assert_eq!(
            parse(&record, &describe).unwrap(),
            email(&["a@x.example", "b@x.example"])
        );
    }
}
