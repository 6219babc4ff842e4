//! `[[stage]]` → `model::stage::Stage`, recording where its integration, file format and
//! container (from the URL) are named.

use toml::Spanned;

use crate::config::names::NameScope;
use crate::config::schema_file::RawStage;
use crate::config::source::Location;
use crate::model::container::validate_container_name;
use crate::model::stage::{AzureLocation, Stage};
use crate::model::{Address, Kind};

use super::{Ctx, Declared, common_keys};

pub(crate) fn resolve(raw: RawStage, ctx: &mut Ctx<'_>) -> Option<Declared> {
    let scope = ctx.scope.clone();
    let name = ctx.object_name(&raw.name, &scope, "stage")?;
    let own_scope = NameScope::of(&name.schema_name());
    let mut sites = Vec::new();
    let mut valid = true;
    if let Some(url) = &raw.url {
        match AzureLocation::parse(url.get_ref()) {
            None => {
                ctx.error(url, format!("invalid stage URL {:?}", url.get_ref())).help = Some(
                    "expected azure://ACCOUNT.blob.core.windows.net/CONTAINER/path/ (omit `url` for an internal stage)"
                        .into(),
                );
                valid = false;
            }
            Some(location) => {
                let at = container_location(ctx, url, &location.container);
                if let Err(e) = validate_container_name(&location.container) {
                    ctx.diagnostics
                        .push(crate::config::diagnostic::Diagnostic::at(at, e.to_string()));
                    valid = false;
                } else {
                    sites.push((Address::new(Kind::Container, &location.container), at));
                }
            }
        }
    }
    let storage_integration = match &raw.storage_integration {
        None => None,
        Some(value) => {
            if raw.url.is_none() {
                ctx.error(
                    value,
                    "`storage_integration` applies only to an external stage",
                )
                .help =
                    Some("set `url` to the azure:// location, or remove the integration".into());
                valid = false;
            }
            let ident = ctx.ident(value, "storage integration");
            valid &= ident.is_some();
            ident.inspect(|i| {
                sites.push((Address::new(Kind::StorageIntegration, i), ctx.locate(value)))
            })
        }
    };
    let file_format = match &raw.file_format {
        None => None,
        Some(value) => {
            let format = ctx.object_name(value, &own_scope, "file format");
            valid &= format.is_some();
            format.inspect(|f| sites.push((Address::new(Kind::FileFormat, f), ctx.locate(value))))
        }
    };
    let stage = Stage {
        name,
        url: raw.url.as_ref().map(|u| u.get_ref().clone()),
        storage_integration,
        file_format,
        comment: raw.comment.clone(),
    };
    if !valid {
        return None;
    }
    let mut declared = ctx.declare(stage, common_keys!(raw));
    declared.sites.extend(sites);
    Some(declared)
}

/// Where the container is written in a stage URL: right after the host's `/`.
fn container_location(ctx: &Ctx<'_>, url: &Spanned<String>, container: &str) -> Location {
    let span = url.span();
    let raw = ctx.file.slice(span.clone());
    let start = raw
        .find("://")
        .and_then(|i| raw[i + 3..].find('/').map(|j| i + 3 + j + 1))
        .filter(|&s| raw[s..].starts_with(container));
    match start {
        Some(s) => ctx
            .file
            .locate(span.start + s..span.start + s + container.len()),
        None => ctx.file.locate(span),
    }
}
