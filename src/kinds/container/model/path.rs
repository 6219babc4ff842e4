//! Directory paths inside a container, in canonical form.
//!
//! A canonical path has no leading or trailing '/', no empty, `.` or `..` segments, no
//! backslashes or control characters, and at most 1,024 characters (Azure's limit on a
//! blob or path name). The empty path means the container's root and is used only as an
//! ACL key.

use thiserror::Error;

/// Azure's limit on the length of a blob or path name.
pub(crate) const MAX_PATH_CHARS: usize = 1024;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("invalid directory path {path:?}: {reason}")]
pub struct PathError {
    pub(crate) path: String,
    pub(crate) reason: &'static str,
}

/// Canonicalises a directory path: strips surrounding '/', refuses anything that would
/// not name the same directory on every account kind.
pub fn canonical_directory(path: &str) -> Result<String, PathError> {
    let fail = |reason| {
        Err(PathError {
            path: path.to_owned(),
            reason,
        })
    };
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        return fail("a directory path must name at least one directory");
    }
    if trimmed.chars().count() > MAX_PATH_CHARS {
        return fail("longer than Azure's limit of 1024 characters");
    }
    if trimmed.chars().any(|c| c.is_control() || c == '\\') {
        return fail("control characters and backslashes are not allowed");
    }
    for segment in trimmed.split('/') {
        match segment {
            "" => return fail("empty path segment ('//')"),
            "." | ".." => return fail("'.' and '..' segments are not allowed"),
            _ => {}
        }
    }
    Ok(trimmed.to_owned())
}

/// The strict ancestors of a canonical path, outermost first: `a/b/c` → `a`, `a/b`.
pub(crate) fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonicalises_slashes() {
        assert_eq!(
            canonical_directory("/raw/customer/").unwrap(),
            "raw/customer"
        );
        assert_eq!(canonical_directory("raw").unwrap(), "raw");
        assert_eq!(canonical_directory("raw data/é").unwrap(), "raw data/é");
    }

    #[test]
    fn rejects_bad_paths() {
        for path in [
            "",
            "/",
            "a//b",
            "a/./b",
            "../a",
            "a\\b",
            "a\nb",
            &"x".repeat(1025),
        ] {
            assert!(canonical_directory(path).is_err(), "{path:?}");
        }
    }

    #[test]
    fn lists_ancestors() {
        assert_eq!(ancestors("a/b/c").collect::<Vec<_>>(), vec!["a", "a/b"]);
        assert_eq!(ancestors("a").count(), 0);
    }
}
