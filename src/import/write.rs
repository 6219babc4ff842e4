//! Writing imported schema files to disk, refusing to overwrite any existing file unless
//! forced — checked for all files before the first is written, so a refused import
//! leaves the directory as it was.

use std::path::{Path, PathBuf};

use super::files::SchemaFile;

#[derive(Debug, thiserror::Error)]
pub(crate) enum WriteError {
    #[error(
        "refusing to overwrite existing file(s) {}: pass --force to replace them, or --out another directory",
        list(.0)
    )]
    Exists(Vec<PathBuf>),
    #[error("cannot create the directory {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot remove {path}: {source}")]
    Remove {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes `files` into `dir` (created if needed) and returns the paths written.
pub(crate) fn write(
    dir: &Path,
    files: &[SchemaFile],
    force: bool,
) -> Result<Vec<PathBuf>, WriteError> {
    let paths: Vec<PathBuf> = files.iter().map(|f| dir.join(&f.file_name)).collect();
    if !force {
        let existing: Vec<PathBuf> = paths.iter().filter(|p| p.exists()).cloned().collect();
        if !existing.is_empty() {
            return Err(WriteError::Exists(existing));
        }
    }
    std::fs::create_dir_all(dir).map_err(|source| WriteError::CreateDir {
        path: dir.to_path_buf(),
        source,
    })?;
    for (file, path) in files.iter().zip(&paths) {
        std::fs::write(path, &file.text).map_err(|source| WriteError::Write {
            path: path.clone(),
            source,
        })?;
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> SchemaFile {
        SchemaFile {
            file_name: name.into(),
            text: text.into(),
        }
    }

    #[test]
    fn existing_files_are_kept_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bronze.toml"), "mine").unwrap();
        let files = [file("account.toml", "a"), file("bronze.toml", "b")];
        let err = write(dir.path(), &files, false).unwrap_err();
        assert!(err.to_string().contains("bronze.toml"), "{err}");
        assert!(!dir.path().join("account.toml").exists());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("bronze.toml")).unwrap(),
            "mine"
        );
        write(dir.path(), &files, true).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("bronze.toml")).unwrap(),
            "b"
        );
    }
}
