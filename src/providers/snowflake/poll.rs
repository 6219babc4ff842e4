//! Waiting for a statement: its deadline and the interval between status polls.
//!
//! A statement that Snowflake answers with 202 is polled, first quickly (most DDL finishes
//! in well under a second) and then at a growing interval up to a ceiling (about a
//! second), until its deadline. What happens at the deadline (cancellation) is the
//! client's business.

use std::time::Duration;

use tokio::time::Instant;

/// The first wait between polls.
pub(crate) const FIRST_POLL_INTERVAL: Duration = Duration::from_millis(50);

/// The moment a statement must be finished by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Deadline {
    at: Instant,
}

impl Deadline {
    pub(crate) fn after(timeout: Duration) -> Self {
        Deadline {
            at: Instant::now() + timeout,
        }
    }

    pub(crate) fn remaining(&self) -> Duration {
        self.at.saturating_duration_since(Instant::now())
    }

    pub(crate) fn has_passed(&self) -> bool {
        Instant::now() >= self.at
    }
}

/// Poll intervals growing by half each time, from [`FIRST_POLL_INTERVAL`] up to `max`.
#[derive(Clone, Debug)]
pub(crate) struct PollSchedule {
    next: Duration,
    max: Duration,
}

impl PollSchedule {
    pub(crate) fn new(max: Duration) -> Self {
        PollSchedule {
            next: FIRST_POLL_INTERVAL.min(max),
            max,
        }
    }

    /// The wait before the next poll.
    pub(crate) fn next_interval(&mut self) -> Duration {
        let current = self.next;
        self.next = (self.next + self.next / 2).min(self.max);
        current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_grow_to_the_ceiling() {
        let mut schedule = PollSchedule::new(Duration::from_secs(1));
        let intervals: Vec<Duration> = (0..12).map(|_| schedule.next_interval()).collect();
        assert_eq!(intervals[0], FIRST_POLL_INTERVAL);
        assert_eq!(intervals[1], Duration::from_millis(75));
        assert!(intervals.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(*intervals.last().unwrap(), Duration::from_secs(1));
    }

    #[test]
    fn a_small_ceiling_caps_the_first_interval() {
        let mut schedule = PollSchedule::new(Duration::from_millis(10));
        assert_eq!(schedule.next_interval(), Duration::from_millis(10));
    }

    #[tokio::test]
    async fn deadline_reports_what_is_left() {
        let deadline = Deadline::after(Duration::from_secs(60));
        assert!(!deadline.has_passed());
        assert!(deadline.remaining() > Duration::from_secs(59));
        let passed = Deadline::after(Duration::ZERO);
        assert!(passed.has_passed());
        assert_eq!(passed.remaining(), Duration::ZERO);
    }
}
