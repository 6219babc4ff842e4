//! POSIX access control lists as ADLS Gen2 writes them (`x-ms-acl`), in canonical form.
//!
//! An ACL is a comma-separated list of `[default:]user|group|mask|other:[id]:rwx`
//! entries. The canonical text lists access entries before default ones, and in each:
//! the owning user, named users (sorted), the owning group, named groups (sorted), the
//! mask, other. Object ids that look like GUIDs are lower-cased; other ids (user
//! principal names) keep their case.
//!
//! Validation follows what `setAccessControl` needs to replace a whole ACL: the access
//! part must carry `user::`, `group::` and `other::`; a default part, when present, must
//! carry the same three; and a part with named entries must carry an explicit `mask::`
//! (otherwise the service computes one, which would show as a difference on every read).
//! This is not a permission checker: it does not interpret the bits.

use std::cmp::Ordering;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("invalid ACL {acl:?}: {reason}")]
pub struct AclError {
    pub(crate) acl: String,
    pub(crate) reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tag {
    User,
    Group,
    Mask,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    default: bool,
    tag: Tag,
    qualifier: Option<String>,
    perms: String,
}

impl Entry {
    /// Position in the canonical order: scope, then owner / named users / owning group /
    /// named groups / mask / other, then qualifier.
    fn rank(&self) -> (bool, u8) {
        let class = match (self.tag, self.qualifier.is_some()) {
            (Tag::User, false) => 0,
            (Tag::User, true) => 1,
            (Tag::Group, false) => 2,
            (Tag::Group, true) => 3,
            (Tag::Mask, _) => 4,
            (Tag::Other, _) => 5,
        };
        (self.default, class)
    }

    fn cmp_canonical(&self, other: &Self) -> Ordering {
        self.rank()
            .cmp(&other.rank())
            .then_with(|| self.qualifier.cmp(&other.qualifier))
    }

    fn render(&self) -> String {
        let scope = if self.default { "default:" } else { "" };
        let tag = match self.tag {
            Tag::User => "user",
            Tag::Group => "group",
            Tag::Mask => "mask",
            Tag::Other => "other",
        };
        let qualifier = self.qualifier.as_deref().unwrap_or("");
        format!("{scope}{tag}:{qualifier}:{}", self.perms)
    }
}

/// Parses and canonicalises an ACL text.
pub fn canonical_acl(acl: &str) -> Result<String, AclError> {
    let fail = |reason: String| AclError {
        acl: acl.to_owned(),
        reason,
    };
    let mut entries = Vec::new();
    for raw in acl.split(',') {
        entries.push(parse_entry(raw.trim()).map_err(&fail)?);
    }
    entries.sort_by(Entry::cmp_canonical);
    for pair in entries.windows(2) {
        if pair[0].cmp_canonical(&pair[1]) == Ordering::Equal {
            return Err(fail(format!("entry {:?} appears twice", pair[0].render())));
        }
    }
    for default in [false, true] {
        let scope: Vec<&Entry> = entries.iter().filter(|e| e.default == default).collect();
        if default && scope.is_empty() {
            continue;
        }
        let prefix = if default { "default:" } else { "" };
        for (tag, name) in [
            (Tag::User, "user"),
            (Tag::Group, "group"),
            (Tag::Other, "other"),
        ] {
            if !scope.iter().any(|e| e.tag == tag && e.qualifier.is_none()) {
                return Err(fail(format!("missing the {prefix}{name}:: entry")));
            }
        }
        let named = scope.iter().any(|e| e.qualifier.is_some());
        if named && !scope.iter().any(|e| e.tag == Tag::Mask) {
            return Err(fail(format!(
                "named entries need an explicit {prefix}mask:: entry (the service would compute one)"
            )));
        }
    }
    Ok(entries
        .iter()
        .map(Entry::render)
        .collect::<Vec<_>>()
        .join(","))
}

fn parse_entry(raw: &str) -> Result<Entry, String> {
    let (default, rest) = match raw.strip_prefix("default:") {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    let parts: Vec<&str> = rest.split(':').collect();
    let [tag, qualifier, perms] = parts.as_slice() else {
        return Err(format!(
            "entry {raw:?} is not of the form [default:]user|group|mask|other:[id]:rwx"
        ));
    };
    let tag = match *tag {
        "user" => Tag::User,
        "group" => Tag::Group,
        "mask" => Tag::Mask,
        "other" => Tag::Other,
        other => return Err(format!("entry {raw:?} has unknown type {other:?}")),
    };
    let qualifier = match *qualifier {
        "" => None,
        _ if matches!(tag, Tag::Mask | Tag::Other) => {
            return Err(format!("entry {raw:?}: mask and other entries take no id"));
        }
        id if id.chars().any(|c| c.is_whitespace() || c.is_control()) => {
            return Err(format!("entry {raw:?} has whitespace in its id"));
        }
        id if is_guid(id) => Some(id.to_ascii_lowercase()),
        id => Some(id.to_owned()),
    };
    let bytes = perms.as_bytes();
    let perms_ok = bytes.len() == 3
        && matches!(bytes[0], b'r' | b'-')
        && matches!(bytes[1], b'w' | b'-')
        && matches!(bytes[2], b'x' | b'-');
    if !perms_ok {
        return Err(format!(
            "entry {raw:?} has permissions {perms:?}, expected three characters like r-x"
        ));
    }
    Ok(Entry {
        default,
        tag,
        qualifier,
        perms: (*perms).to_owned(),
    })
}

fn is_guid(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_entries_canonically() {
        let acl = "default:other::---,other::---,group:B2C3D4E5-0000-0000-0000-00000000000A:r-x,\
                   mask::r-x,user::rwx, group::r-x,user:alice@contoso.com:rwx,default:group::r-x,\
                   default:user::rwx";
        assert_eq!(
            canonical_acl(acl).unwrap(),
            "user::rwx,user:alice@contoso.com:rwx,group::r-x,\
             group:b2c3d4e5-0000-0000-0000-00000000000a:r-x,mask::r-x,other::---,\
             default:user::rwx,default:group::r-x,default:other::---"
        );
    }

    #[test]
    fn canonical_form_is_a_fixed_point() {
        let c = canonical_acl("other::r--,group::r-x,user::rw-").unwrap();
        assert_eq!(c, "user::rw-,group::r-x,other::r--");
        assert_eq!(canonical_acl(&c).unwrap(), c);
    }

    #[test]
    fn rejects_bad_acls() {
        let cases = [
            ("user::rwx,group::r-x", "missing the other:: entry"),
            (
                "user::rwx,group::r-x,other::---,default:user::rwx",
                "missing the default:group:: entry",
            ),
            (
                "user::rwx,user:bob:r--,group::r-x,other::---",
                "named entries need an explicit mask:: entry",
            ),
            ("user::rwx,user::r-x,group::r-x,other::---", "appears twice"),
            (
                "user::rwx,group::r-x,other::rwz",
                "expected three characters",
            ),
            ("user::rwx,group::r-x,other:bob:---", "take no id"),
            ("owner::rwx", "unknown type"),
            ("user:rwx", "is not of the form"),
        ];
        for (acl, reason) in cases {
            let err = canonical_acl(acl).unwrap_err();
            assert!(err.reason.contains(reason), "{acl}: {}", err.reason);
        }
    }
}
