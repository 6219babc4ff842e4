//! Saved plans (`plan --out FILE`, `apply FILE`): the JSON plan, and the fingerprints of
//! live objects by which `apply::freshness` refuses a plan when anything it read has
//! changed since.
//!
//! A file is only a claim: `apply PLANFILE` re-derives the plan and runs it only when
//! the file equals it ([`super::compare`]). Reading checks what a file must be before
//! that comparison can mean anything: the format version (as the number written, never
//! truncated, so 2^32 + 1 is not 1) and a `made_at` that is a time.
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
    #[error("{path} is not a lakeform plan (nothing was executed): {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error(
        "{path} has plan format version {found}; this lakeform reads version {FORMAT_VERSION}; nothing was executed: make the plan again"
    )]
    Version { path: PathBuf, found: String },
    #[error(
        "{path} has made_at {found:?}, which is not an RFC 3339 time; nothing was executed: make the plan again"
    )]
    MadeAt { path: PathBuf, found: String },
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
    // Compared as written: a number that does not fit a u32 must not wrap to one that
    // does, and a version of another type is shown, not guessed at.
    let found = value.get("format_version");
    if found.and_then(|v| v.as_u64()) != Some(u64::from(FORMAT_VERSION)) {
        return Err(SavedPlanError::Version {
            path: path.to_path_buf(),
            found: found.map_or_else(|| "none".to_string(), |v| v.to_string()),
        });
    }
    let plan: Plan = serde_json::from_value(value).map_err(|source| SavedPlanError::Parse {
        path: path.to_path_buf(),
        source,
    })?;
    made_at(&plan).map_err(|_| SavedPlanError::MadeAt {
        path: path.to_path_buf(),
        found: plan.made_at.clone(),
    })?;
    Ok(plan)
}

/// The time a plan was made at, to re-derive it with.
pub fn made_at(plan: &Plan) -> Result<jiff::Timestamp, jiff::Error> {
    plan.made_at.parse()
}

/// The fingerprint of whatever `live` holds at `address` (or of its absence).
pub(crate) fn fingerprint(live: &LiveState, address: &Address) -> Fingerprint {
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
