//! Saved plans (`plan --out FILE`, `apply FILE`): the JSON plan, and the fingerprints of
//! live objects by which `apply::freshness` refuses a plan when anything it read has
//! changed since.
//!
//! A plan carries no secrets: it holds addresses, attribute values that are object
//! definitions, statements that lakeform renders from those definitions, and hashes.

use std::path::{Path, PathBuf};

use super::{FORMAT_VERSION, Fingerprint, Plan};
use crate::model::{Address, LiveState};

#[derive(Debug, thiserror::Error)]
pub enum SavedPlanError {
    #[error("cannot write the plan to {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read the plan {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a lakeform plan: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error(
        "{path} has plan format version {found}; this lakeform reads version {FORMAT_VERSION}: make the plan again"
    )]
    Version { path: PathBuf, found: u32 },
}

/// Writes `plan` as JSON, through a temporary file so a reader never sees half a plan.
pub fn write(plan: &Plan, path: &Path) -> Result<(), SavedPlanError> {
    let error = |source| SavedPlanError::Write {
        path: path.to_path_buf(),
        source,
    };
    let json = super::render::json::render(plan);
    let temporary = path.with_extension("partial");
    std::fs::write(&temporary, json).map_err(error)?;
    std::fs::rename(&temporary, path).map_err(error)
}

pub fn read(path: &Path) -> Result<Plan, SavedPlanError> {
    let text = std::fs::read_to_string(path).map_err(|source| SavedPlanError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|source| SavedPlanError::Parse {
            path: path.to_path_buf(),
            source,
        })?;
    let found = value
        .get("format_version")
        .and_then(|v| v.as_u64())
        .unwrap_or(0);
    if found != u64::from(FORMAT_VERSION) {
        return Err(SavedPlanError::Version {
            path: path.to_path_buf(),
            found: found as u32,
        });
    }
    serde_json::from_value(value).map_err(|source| SavedPlanError::Parse {
        path: path.to_path_buf(),
        source,
    })
}

/// The fingerprint of whatever `live` holds at `address` (or of its absence).
pub fn fingerprint(live: &LiveState, address: &Address) -> Fingerprint {
    let sha256 = live.objects.get(address).map(|object| {
        // Serialising plain model data cannot fail.
        let json = serde_json::to_vec(object).unwrap_or_default();
        crate::sha256::hex(json)
    });
    Fingerprint {
        address: address.clone(),
        sha256,
    }
}
