//! The integration handshake no tool automates: an Azure storage integration or Azure
//! storage queue notification integration is only half done when Snowflake has created
//! it. An Azure administrator must consent to Snowflake's multi-tenant app and grant it a
//! role (https://docs.snowflake.com/en/user-guide/data-load-azure-config and
//! https://docs.snowflake.com/en/user-guide/data-load-snowpipe-auto-azure):
//!
//! | integration | role | on |
//! |---|---|---|
//! | storage | Storage Blob Data Reader (Contributor to unload or REMOVE) | the storage account |
//! | notification (queue) | Storage Queue Data Contributor | the storage queue |
//!
//! After apply creates or changes one, [`after_apply`] reads `DESCRIBE INTEGRATION` for
//! `AZURE_CONSENT_URL` and `AZURE_MULTI_TENANT_APP_NAME`, and checks what Snowflake lets
//! it check: `SYSTEM$VALIDATE_STORAGE_INTEGRATION` (action `list`) for a storage
//! integration
//! (https://docs.snowflake.com/en/sql-reference/functions/system_validate_storage_integration),
//! and `SYSTEM$PIPE_STATUS` of a pipe reading a queue integration
//! (https://docs.snowflake.com/en/sql-reference/functions/system_pipe_status).
//! [`not_usable`] runs the same checks for `plan` and `drift`: an integration that exists
//! but fails them is a note, not a change — nothing lakeform can apply would fix it.
//!
//! Checks cost one statement per integration (a queue integration is checked through the
//! first of its pipes that exists, not each); a failure to check is reported, never an
//! error of the command. Everything printed is escaped (`crate::output_escape`).

use std::fmt::Write as _;

use crate::kinds::notification_integration::{NotificationTarget, queue_uri_parts};
use crate::kinds::pipe::{PipeStatus, status_argument};
use crate::kinds::stage::AzureLocation;
use crate::model::identifier::{Ident, ObjectName};
use crate::model::{Address, DesiredState, Kind, LiveState, Object, Resource};
use crate::output_escape::escape_line;
use crate::plan::{Action, Plan};
use crate::providers::snowflake::client::SnowflakeClient;
use crate::providers::snowflake::introspect::describe::Properties;
use crate::sql::quote::literal;

/// What one integration needs from an Azure administrator, and what the checks found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct IntegrationHandshake {
    pub(crate) address: Address,
    /// `AZURE_CONSENT_URL`, when DESCRIBE answered it.
    pub(crate) consent_url: Option<String>,
    /// `AZURE_MULTI_TENANT_APP_NAME`.
    pub(crate) app_name: Option<String>,
    /// The role assignment to make, in words.
    pub(crate) role: String,
    pub(crate) check: Check,
}

/// The outcome of the check Snowflake offers for an integration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Check {
    /// What was checked.
    Passed(String),
    /// What was checked, and why it failed.
    Failed(String),
    /// Why nothing could be checked.
    NotChecked(String),
}

/// One integration to check: its name, the role it needs and how to check it.
struct Subject {
    address: Address,
    name: Ident,
    role: String,
    probe: Probe,
}

enum Probe {
    /// `SYSTEM$VALIDATE_STORAGE_INTEGRATION` on this location.
    Storage(String),
    /// `SYSTEM$PIPE_STATUS` of these pipes (the first that exists live is asked).
    Pipes(Vec<ObjectName>),
}

/// The Azure integrations `desired` declares, with what each needs.
fn subjects(desired: &DesiredState) -> Vec<Subject> {
    let mut subjects = Vec::new();
    for entry in desired.objects.values() {
        match &entry.object {
            Object::StorageIntegration(i) => {
                let location = i.allowed_locations.iter().find(|l| l.as_str() != "*");
                let account = location.and_then(|l| AzureLocation::parse(l)).map_or_else(
                    || "the storage account".to_string(),
                    |l| format!("storage account {}", l.account),
                );
                subjects.push(Subject {
                    address: entry.object.address(),
                    name: i.name.clone(),
                    role: format!(
                        "\"Storage Blob Data Reader\" on {account} (\"Storage Blob Data Contributor\" to unload or REMOVE)"
                    ),
                    probe: Probe::Storage(location.cloned().unwrap_or_default()),
                });
            }
            Object::NotificationIntegration(i) => {
                let NotificationTarget::AzureStorageQueue { queue_uri, .. } = &i.target else {
                    continue;
                };
                let place = queue_uri_parts(queue_uri).map_or_else(
                    || format!("queue {queue_uri}"),
                    |(account, queue)| format!("queue {queue} of storage account {account}"),
                );
                let pipes = desired
                    .objects
                    .values()
                    .filter_map(|d| match &d.object {
                        Object::Pipe(p) if p.integration.as_ref() == Some(&i.name) => {
                            Some(p.name.clone())
                        }
                        _ => None,
                    })
                    .collect();
                subjects.push(Subject {
                    address: entry.object.address(),
                    name: i.name.clone(),
                    role: format!("\"Storage Queue Data Contributor\" on {place}"),
                    probe: Probe::Pipes(pipes),
                });
            }
            _ => {}
        }
    }
    subjects
}

/// The handshake of every Azure integration `plan` creates, replaces or changes (and of
/// the queue integrations of pipes it creates or recreates), read after apply.
pub(crate) async fn after_apply(
    client: &SnowflakeClient,
    desired: &DesiredState,
    plan: &Plan,
) -> Vec<IntegrationHandshake> {
    let touched: Vec<&Address> = plan
        .changes
        .iter()
        .filter(|c| c.action != Action::Drop)
        .map(|c| &c.address)
        .collect();
    let mut found = Vec::new();
    for subject in subjects(desired) {
        let pipe_touched = match &subject.probe {
            Probe::Pipes(pipes) => pipes
                .iter()
                .any(|p| touched.contains(&&Address::new(Kind::Pipe, p))),
            Probe::Storage(_) => false,
        };
        if !touched.contains(&&subject.address) && !pipe_touched {
            continue;
        }
        let (consent_url, app_name) = consent(client, &subject.name).await;
        let check = check(client, &subject, None).await;
        found.push(IntegrationHandshake {
            address: subject.address,
            consent_url,
            app_name,
            role: subject.role,
            check,
        });
    }
    found
}

/// One note per declared Azure integration that exists in `live` but fails its check:
/// created, not yet usable. For `plan` and `drift`.
pub(crate) async fn not_usable(
    client: &SnowflakeClient,
    desired: &DesiredState,
    live: &LiveState,
) -> Vec<String> {
    let mut notes = Vec::new();
    for subject in subjects(desired) {
        if !live.objects.contains_key(&subject.address) {
            continue;
        }
        if let Check::Failed(why) = check(client, &subject, Some(live)).await {
            notes.push(format!(
                "{} {} exists but is not usable yet: {why}. Once what it points at exists, an Azure administrator must consent to its app and grant it {} (DESCRIBE INTEGRATION {} gives the consent URL and app name)",
                subject.address.kind.key(),
                subject.address.name,
                subject.role,
                subject.name,
            ));
        }
    }
    notes
}

/// `AZURE_CONSENT_URL` and `AZURE_MULTI_TENANT_APP_NAME` from `DESCRIBE INTEGRATION`.
async fn consent(client: &SnowflakeClient, name: &Ident) -> (Option<String>, Option<String>) {
    let statement = crate::kinds::storage_integration::read::describe_statement(name);
    let Ok(described) = client.execute(&statement).await else {
        return (None, None);
    };
    let Ok(properties) = Properties::read(&described, Kind::StorageIntegration, name.as_str())
    else {
        return (None, None);
    };
    let value = |p: &str| properties.value(p).map(str::to_string);
    (
        value("AZURE_CONSENT_URL"),
        value("AZURE_MULTI_TENANT_APP_NAME"),
    )
}

/// Runs the subject's check. With `live`, a queue integration is checked through a pipe
/// that exists there.
async fn check(client: &SnowflakeClient, subject: &Subject, live: Option<&LiveState>) -> Check {
    match &subject.probe {
        Probe::Storage(location) if location.is_empty() => {
            Check::NotChecked("it allows no location to validate".into())
        }
        Probe::Storage(location) => {
            // The integration's name is case-sensitive here: the stored name, as a string.
            let statement = format!(
                "SELECT SYSTEM$VALIDATE_STORAGE_INTEGRATION({}, {}, 'lakeform-handshake', 'list')",
                literal(subject.name.as_str()),
                literal(location)
            );
            let what = format!("SYSTEM$VALIDATE_STORAGE_INTEGRATION (list {location})");
            match first_cell(client, &statement).await {
                Err(e) => Check::Failed(format!("{what}: {e}")),
                Ok(answer) => match validation(&answer) {
                    Ok(()) => Check::Passed(what),
                    Err(why) => Check::Failed(format!("{what}: {why}")),
                },
            }
        }
        Probe::Pipes(pipes) => {
            let pipe = pipes.iter().find(|p| {
                live.is_none_or(|l| l.objects.contains_key(&Address::new(Kind::Pipe, *p)))
            });
            let Some(pipe) = pipe else {
                return Check::NotChecked("no pipe reads it yet".into());
            };
            let statement = format!("SELECT SYSTEM$PIPE_STATUS({})", status_argument(pipe));
            let what = format!("SYSTEM$PIPE_STATUS of {pipe}");
            match first_cell(client, &statement).await {
                Err(e) => Check::Failed(format!("{what}: {e}")),
                Ok(answer) => match PipeStatus::parse(&answer) {
                    None => Check::Failed(format!("{what}: answered {answer:?}")),
                    Some(status) => match status.error {
                        Some(error) => Check::Failed(format!("{what}: {error}")),
                        None if status.execution_state == "RUNNING" => {
                            Check::Passed(format!("{what}: RUNNING"))
                        }
                        None => Check::Failed(format!("{what}: {}", status.execution_state)),
                    },
                },
            }
        }
    }
}

/// The first cell of a one-value query, or why there is none.
async fn first_cell(client: &SnowflakeClient, statement: &str) -> Result<String, String> {
    let answer = client.execute(statement).await.map_err(|e| e.to_string())?;
    answer
        .rows
        .first()
        .and_then(|row| row.first())
        .and_then(|cell| cell.clone())
        .ok_or_else(|| "no answer".to_string())
}

/// `SYSTEM$VALIDATE_STORAGE_INTEGRATION`'s JSON: `status` success, or the messages of
/// the actions that failed (its `actions` is an object keyed by action, whatever the
/// property table says).
fn validation(answer: &str) -> Result<(), String> {
    let value: serde_json::Value =
        serde_json::from_str(answer).map_err(|_| format!("answered {answer:?}"))?;
    if value.get("status").and_then(serde_json::Value::as_str) == Some("success") {
        return Ok(());
    }
    let mut reasons: Vec<String> = value
        .get("actions")
        .and_then(serde_json::Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, a)| a.get("status").and_then(serde_json::Value::as_str) != Some("success"))
        .map(|(action, a)| {
            let message = a
                .get("message")
                .and_then(serde_json::Value::as_str)
                .unwrap_or("failed");
            format!("{action}: {message}")
        })
        .collect();
    if reasons.is_empty() {
        reasons.extend(
            value
                .get("message")
                .and_then(serde_json::Value::as_str)
                .map(str::to_string),
        );
    }
    Err(if reasons.is_empty() {
        "failed".to_string()
    } else {
        reasons.join("; ")
    })
}

/// The "action needed" section for the terminal; empty when there is nothing to say.
pub(crate) fn render_text(handshakes: &[IntegrationHandshake]) -> String {
    if handshakes.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "\nAction needed (Azure): an Azure administrator completes each integration below once.\n",
    );
    for h in handshakes {
        let _ = writeln!(
            out,
            "\n  {} {}",
            h.address.kind.key(),
            escape_line(&h.address.name)
        );
        match &h.consent_url {
            Some(url) => {
                let _ = writeln!(out, "    1. consent: open {} and accept", escape_line(url));
            }
            None => {
                out.push_str("    1. consent: DESCRIBE INTEGRATION gave no AZURE_CONSENT_URL\n")
            }
        }
        match &h.app_name {
            Some(app) => {
                // Entra ID lists the app under the part of the name before the underscore.
                let search = app.split('_').next().unwrap_or(app);
                let _ = writeln!(
                    out,
                    "    2. find the app {} (in Entra ID, search for {})",
                    escape_line(app),
                    escape_line(search)
                );
            }
            None => out.push_str(
                "    2. find the app: DESCRIBE INTEGRATION gave no AZURE_MULTI_TENANT_APP_NAME\n",
            ),
        }
        let _ = writeln!(out, "    3. grant it {}", escape_line(&h.role));
        let _ = writeln!(
            out,
            "    check: {}",
            escape_line(&match &h.check {
                Check::Passed(what) => format!("passed ({what})"),
                Check::Failed(why) => format!("FAILED ({why})"),
                Check::NotChecked(why) => format!("not checked ({why})"),
            })
        );
    }
    out
}

/// Notes for the terminal, one per line.
pub(crate) fn render_notes_text(notes: &[String]) -> String {
    notes
        .iter()
        .map(|n| format!("\nNote: {}\n", escape_line(n)))
        .collect()
}

/// Notes for markdown.
pub(crate) fn render_notes_markdown(notes: &[String]) -> String {
    notes
        .iter()
        .map(|n| format!("\n> **Note:** {}\n", crate::output_escape::markdown_text(n)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_answers_are_read_as_documented() {
        assert_eq!(
            validation(r#"{"status":"success","actions":{"LIST":{"status":"success"}}}"#),
            Ok(())
        );
        assert_eq!(
            validation(
                r#"{"status":"failure","actions":{"READ":{"status":"success"},"WRITE":{"status":"failure","message":"Access Denied (Status Code: 403; Error Code: AccessDenied)"}},"message":"Some of the integration checks failed."}"#
            ),
            Err("WRITE: Access Denied (Status Code: 403; Error Code: AccessDenied)".into())
        );
        assert_eq!(
            validation(r#"{"status":"failure","message":"nope"}"#),
            Err("nope".into())
        );
        assert!(validation("not json").is_err());
    }

    #[test]
    fn the_section_names_consent_app_role_and_check_escaped() {
        let text = render_text(&[IntegrationHandshake {
            address: Address::new(Kind::NotificationIntegration, "ORDER_EVENTS"),
            consent_url: Some("https://login.example/consent\u{1b}[2J".into()),
            app_name: Some("snowflakepacint_1234".into()),
            role: "\"Storage Queue Data Contributor\" on queue orders-events".into(),
            check: Check::Failed("SYSTEM$PIPE_STATUS of P: PAUSED".into()),
        }]);
        assert!(text.contains("Action needed (Azure)"), "{text}");
        assert!(text.contains("notification_integration ORDER_EVENTS"));
        assert!(text.contains("search for snowflakepacint"));
        assert!(text.contains("Storage Queue Data Contributor"));
        assert!(text.contains("FAILED (SYSTEM$PIPE_STATUS of P: PAUSED)"));
        assert!(!text.contains('\u{1b}'));
        assert_eq!(render_text(&[]), "");
    }
}
