//! The project an import writes into: what its environment already declares, so that
//! nothing is declared twice, and `lakeform init`'s placeholder schema file, which the
//! import replaces.
//!
//! A project started with `lakeform init` has `schema/main.toml` declaring
//! `[[database]] name = "${database}"`. A user adopting an existing database sets the
//! `database` variable to its name and imports it; the imported `account.toml` declares
//! that database as it is (comment, retention), so the placeholder's declaration would be
//! a duplicate, and its comment a change. When the placeholder is exactly as `init` wrote
//! it and declares nothing but the imported database, nobody has put anything in it:
//! import removes it. Any other declaration is the user's, and wins: import leaves the
//! object out of its files and says where it is declared.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::scope::ImportScope;
use crate::config::Environment;
use crate::model::{Address, Object};

/// A file the environment reads that is `lakeform init`'s placeholder, unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Placeholder {
    /// As the environment shows it (relative to the project directory).
    pub(crate) shown: PathBuf,
    /// Where it is on disk.
    pub(crate) path: PathBuf,
}

/// The included file whose text is exactly `placeholder_text` and which declares only the
/// database `scope` imports, if any.
pub(crate) fn placeholder(
    environment: &Environment,
    scope: &ImportScope,
    placeholder_text: &str,
) -> Option<Placeholder> {
    // The first file is the environment file itself.
    environment.files.iter().skip(1).find_map(|shown| {
        let path = environment.project_dir.join(shown);
        let text = std::fs::read_to_string(&path).ok()?;
        if text != placeholder_text {
            return None;
        }
        let mut declared = environment
            .desired
            .objects
            .values()
            .filter(|d| &d.origin.file == shown)
            .peekable();
        declared.peek()?;
        declared
            .all(|d| matches!(&d.object, Object::Database(db) if db.name == scope.database))
            .then(|| Placeholder {
                shown: shown.clone(),
                path,
            })
    })
}

/// What the environment declares (address → `file:line:column`), but for the objects of
/// `except`: the placeholder, and the files the import is about to overwrite.
pub(crate) fn declared(environment: &Environment, except: &[PathBuf]) -> BTreeMap<Address, String> {
    let except: Vec<PathBuf> = except.iter().filter_map(|p| same_file_key(p)).collect();
    environment
        .desired
        .objects
        .iter()
        .filter(|(_, d)| {
            same_file_key(&environment.project_dir.join(&d.origin.file))
                .is_none_or(|key| !except.contains(&key))
        })
        .map(|(address, d)| {
            let at = format!(
                "{}:{}:{}",
                d.origin.file.display(),
                d.origin.line,
                d.origin.column
            );
            (address.clone(), at)
        })
        .collect()
}

/// A path that is equal for two names of one existing file; `None` when it does not
/// exist (then it declares nothing and is overwritten by nothing).
fn same_file_key(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLACEHOLDER: &str = "[[database]]\nname = \"${database}\"\ncomment = \"placeholder\"\n";

    fn project(main: &str, database: &str) -> (tempfile::TempDir, Environment) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("environments")).unwrap();
        std::fs::create_dir_all(dir.path().join("schema")).unwrap();
        std::fs::write(
            dir.path().join("environments/dev.toml"),
            format!("include = [\"../schema/*.toml\"]\n[vars]\ndatabase = \"{database}\"\n"),
        )
        .unwrap();
        std::fs::write(dir.path().join("schema/main.toml"), main).unwrap();
        std::fs::write(
            dir.path().join("schema/wh.toml"),
            "[[warehouse]]\nname = \"WH\"\nsize = \"XSMALL\"\n",
        )
        .unwrap();
        let environment = crate::config::load(dir.path(), "dev").unwrap();
        (dir, environment)
    }

    #[test]
    fn an_unchanged_placeholder_declaring_the_imported_database_is_found() {
        let (_dir, environment) = project(PLACEHOLDER, "PR");
        let scope: ImportScope = "PR".parse().unwrap();
        let found = placeholder(&environment, &scope, PLACEHOLDER).unwrap();
        assert_eq!(found.shown, Path::new("schema/main.toml"));
        // Another database, or an edited file, is the user's.
        let other: ImportScope = "OTHER".parse().unwrap();
        assert_eq!(placeholder(&environment, &other, PLACEHOLDER), None);
        let (_dir, edited) = project(&format!("{PLACEHOLDER}# mine\n"), "PR");
        assert_eq!(placeholder(&edited, &scope, PLACEHOLDER), None);
    }

    #[test]
    fn declared_objects_leave_out_the_files_named() {
        let (dir, environment) = project(PLACEHOLDER, "PR");
        let all = declared(&environment, &[]);
        assert_eq!(
            all.get(&Address::new(crate::model::Kind::Database, "PR")),
            Some(&"schema/main.toml:2:8".to_string())
        );
        assert_eq!(all.len(), 2);
        let some = declared(&environment, &[dir.path().join("schema/./main.toml")]);
        assert_eq!(
            some.keys().map(|a| a.to_string()).collect::<Vec<_>>(),
            ["warehouse WH"]
        );
    }
}
