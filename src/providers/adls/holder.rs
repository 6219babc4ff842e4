//! Who holds a lock: user, host, process and since when — written by the holder, read
//! by whoever finds the lock taken, so the refusal can name them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockHolder {
    pub user: String,
    pub host: String,
    pub pid: u32,
    /// RFC 3339 UTC time at which the lock was taken.
    pub since: String,
}

impl LockHolder {
    /// This process, now.
    pub fn current() -> Self {
        let user = ["USER", "USERNAME", "LOGNAME"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
            .unwrap_or_else(|| "unknown-user".into());
        let host = std::env::var("HOSTNAME")
            .ok()
            .or_else(|| std::env::var("COMPUTERNAME").ok())
            .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
            .map(|h| h.trim().to_owned())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "unknown-host".into());
        LockHolder {
            user: header_safe(&user),
            host: header_safe(&host),
            pid: std::process::id(),
            since: jiff::Timestamp::now().to_string(),
        }
    }

    /// `user@host (pid N)`.
    pub fn identity(&self) -> String {
        format!("{}@{} (pid {})", self.user, self.host, self.pid)
    }
}

/// Holder fields travel in blob metadata, which takes printable ASCII only.
fn header_safe(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_ascii_graphic() { c } else { '_' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_holder_is_printable() {
        let h = LockHolder::current();
        assert_eq!(h.pid, std::process::id());
        assert!(h.identity().contains('@'));
        assert!(h.since.parse::<jiff::Timestamp>().is_ok());
        assert_eq!(header_safe("a b\u{e9}"), "a_b_");
    }
}
