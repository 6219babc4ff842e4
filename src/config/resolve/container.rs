//! `[[container]]` → `model::container::Container`: Azure's naming rules checked value by
//! value, so each problem points at the key or value that breaks it.

use crate::model::container::metadata::{MetadataError, validate_metadata_value};
use crate::model::container::{Container, ContainerError, PublicAccess, validate_metadata_key};

use super::{Ctx, Declared, common_keys};
use crate::config::schema_file::RawContainer;

pub(crate) fn resolve(raw: RawContainer, ctx: &mut Ctx<'_>) -> Option<Declared> {
    let name = raw.name.get_ref().as_str();
    let mut container = match Container::new(name) {
        Ok(container) => container,
        Err(e) => {
            ctx.error(&raw.name, e.to_string()).help = Some(
                "container names are 3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit"
                    .into(),
            );
            return None;
        }
    };
    let mut valid = true;
    for (key, value) in &raw.metadata {
        if let Err(e) = validate_metadata_key(key.get_ref()) {
            ctx.error(key, e.to_string());
            valid = false;
        } else if let Err(e) = validate_metadata_value(key.get_ref(), value.get_ref()) {
            ctx.error(value, e.to_string());
            valid = false;
        }
    }
    if valid
        && let Err(e) = container.set_metadata(
            raw.metadata
                .iter()
                .map(|(k, v)| (k.get_ref().as_str(), v.get_ref().clone())),
        )
    {
        // Point at the key the problem names (a reserved key, the second of two keys
        // differing only in case); problems of the whole map point at its first key.
        let named = match &e {
            ContainerError::Metadata {
                source:
                    MetadataError::ReservedKey { key } | MetadataError::DuplicateKey { second: key, .. },
                ..
            } => raw.metadata.keys().find(|k| k.get_ref() == key),
            _ => None,
        };
        let at = named
            .or_else(|| raw.metadata.keys().next())
            .unwrap_or(&raw.name);
        ctx.error(at, e.to_string());
        valid = false;
    }
    if let Some(access) = &raw.public_access {
        match access.get_ref().trim().to_ascii_lowercase().as_str() {
            "none" => container.public_access = PublicAccess::None,
            "blob" => container.public_access = PublicAccess::Blob,
            "container" => container.public_access = PublicAccess::Container,
            other => {
                ctx.error(access, format!("invalid public_access {other:?}"))
                    .help = Some("expected one of: none, blob, container".into());
                valid = false;
            }
        }
    }
    for directory in &raw.directories {
        if let Err(e) = container.add_directory(directory.get_ref()) {
            ctx.error(directory, e.to_string());
            valid = false;
        }
    }
    for (path, acl) in &raw.acl {
        match container.set_acl(path.get_ref(), acl.get_ref()) {
            Ok(()) => {}
            Err(e @ ContainerError::AclOnUndeclaredPath { .. }) => {
                ctx.error(path, e.to_string()).help = Some(
                    "add the path to `directories`, or use \"\" for the container root".into(),
                );
                valid = false;
            }
            Err(e) => {
                ctx.error(acl, e.to_string());
                valid = false;
            }
        }
    }
    container.comment = raw.comment.clone();
    valid.then(|| ctx.declare(container, common_keys!(raw)))
}
