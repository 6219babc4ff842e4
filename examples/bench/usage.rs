//! A process's CPU time and peak resident memory, read from Linux's `/proc`.
//!
//! CPU is user + system time of all the process's threads (`/proc/<pid>/stat` fields 14
//! and 15); peak memory is `VmHWM` of `/proc/<pid>/status`. This is Linux-only by
//! nature and does not try to be anything else.

use std::time::Duration;

use super::error::BenchError;

/// `/proc` counts CPU time in USER_HZ ticks, which Linux fixes at 100 per second for
/// user space whatever the kernel's own tick rate.
const TICKS_PER_SECOND: u64 = 100;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Usage {
    pub cpu: Duration,
    pub peak_kib: u64,
}

impl Usage {
    /// This process's usage so far.
    pub(crate) fn of_self() -> Result<Usage, BenchError> {
        Usage::of_process("self")
    }

    /// The usage of process `pid` (or `self`).
    pub(crate) fn of_process(pid: &str) -> Result<Usage, BenchError> {
        let stat_path = format!("/proc/{pid}/stat");
        let stat = read(&stat_path)?;
        // The command name (field 2) is in parentheses and may contain spaces: count the
        // fields after its closing parenthesis, where field 3 is the first.
        let after_name = stat
            .rsplit_once(')')
            .map(|(_, rest)| rest)
            .ok_or_else(|| unreadable(&stat_path, "no command name"))?;
        let fields: Vec<&str> = after_name.split_whitespace().collect();
        let ticks = |index: usize| -> Result<u64, BenchError> {
            fields
                .get(index - 3)
                .and_then(|f| f.parse().ok())
                .ok_or_else(|| unreadable(&stat_path, &format!("field {index}")))
        };
        let ticks = ticks(14)? + ticks(15)?;
        let status_path = format!("/proc/{pid}/status");
        let peak_kib = read(&status_path)?
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .ok_or_else(|| unreadable(&status_path, "VmHWM"))?;
        Ok(Usage {
            cpu: Duration::from_millis(ticks * 1000 / TICKS_PER_SECOND),
            peak_kib,
        })
    }
}

fn read(path: &str) -> Result<String, BenchError> {
    std::fs::read_to_string(path).map_err(|e| unreadable(path, &e.to_string()))
}

fn unreadable(path: &str, what: &str) -> BenchError {
    BenchError::Proc {
        path: path.to_string(),
        detail: what.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_used_some_memory() {
        let usage = Usage::of_self().unwrap();
        assert!(usage.peak_kib > 0);
    }
}
