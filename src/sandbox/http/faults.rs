//! Injected faults, so clients can be tested against the failures a real service has:
//! rate limiting (429), unavailability (503), connections that drop mid-request (before
//! the statement runs, or after it ran — the case `requestId` + `retry=true` exists for),
//! and statements slower than the synchronous wait (answered 202).
//!
//! Every decision draws from one RNG seeded by [`FaultOptions::seed`], so a test that sends
//! requests one after another sees the same faults on every run. This module decides; the
//! server carries the decision out.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// Which faults to inject and how often. Fractions are probabilities in `[0, 1]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FaultOptions {
    pub seed: u64,
    /// Requests answered 429 Too Many Requests.
    pub too_many_requests: f64,
    /// Requests answered 503 Service Unavailable.
    pub unavailable: f64,
    /// Requests whose connection is closed without an answer, before anything runs.
    pub drop_connection: f64,
    /// Submitted statements that run, after which the connection is closed without an answer.
    pub drop_after_execute: f64,
    /// Submitted statements delayed by `slow` before they run.
    pub slow_fraction: f64,
    pub slow: Duration,
}

/// What the fault injector wants done with a request before it is handled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fault {
    TooManyRequests,
    Unavailable,
    DropConnection,
}

#[derive(Debug, thiserror::Error)]
#[error("invalid fault option {name} = {value}: {reason}")]
pub struct FaultOptionError {
    pub(crate) name: &'static str,
    pub(crate) value: f64,
    pub(crate) reason: &'static str,
}

impl FaultOptions {
    /// Fractions must be probabilities, and the three that refuse a request before it is
    /// handled share one draw, so together they cannot exceed 1.
    pub(crate) fn validate(&self) -> Result<(), FaultOptionError> {
        let fractions = [
            ("too_many_requests", self.too_many_requests),
            ("unavailable", self.unavailable),
            ("drop_connection", self.drop_connection),
            ("drop_after_execute", self.drop_after_execute),
            ("slow_fraction", self.slow_fraction),
        ];
        for (name, value) in fractions {
            if !(0.0..=1.0).contains(&value) {
                return Err(FaultOptionError {
                    name,
                    value,
                    reason: "a fraction must be between 0 and 1",
                });
            }
        }
        let refused = self.too_many_requests + self.unavailable + self.drop_connection;
        if refused > 1.0 + f64::EPSILON {
            return Err(FaultOptionError {
                name: "too_many_requests + unavailable + drop_connection",
                value: refused,
                reason: "together these fractions must not exceed 1",
            });
        }
        Ok(())
    }
}

/// Draws fault decisions from a seeded RNG.
#[derive(Debug)]
pub(crate) struct FaultInjector {
    options: FaultOptions,
    rng: Mutex<fastrand::Rng>,
}

impl FaultInjector {
    pub(crate) fn new(options: FaultOptions) -> FaultInjector {
        let rng = fastrand::Rng::with_seed(options.seed);
        FaultInjector {
            options,
            rng: Mutex::new(rng),
        }
    }

    /// A draw in `[0, 1)`. A fraction of 0 never fires, so a sandbox without faults draws
    /// nothing and every request goes through.
    fn draw(&self, fraction: f64) -> Option<f64> {
        if fraction <= 0.0 {
            return None;
        }
        // The RNG holds no invariant a panic could break, so a poisoned lock is still fine.
        Some(
            self.rng
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .f64(),
        )
    }

    /// The fault, if any, for a request about to be handled.
    pub(crate) fn before_request(&self) -> Option<Fault> {
        let o = &self.options;
        let x = self.draw(o.too_many_requests + o.unavailable + o.drop_connection)?;
        if x < o.too_many_requests {
            Some(Fault::TooManyRequests)
        } else if x < o.too_many_requests + o.unavailable {
            Some(Fault::Unavailable)
        } else if x < o.too_many_requests + o.unavailable + o.drop_connection {
            Some(Fault::DropConnection)
        } else {
            None
        }
    }

    /// How long a statement about to run is held back, if it is one of the slow ones.
    pub(crate) fn slow_delay(&self) -> Option<Duration> {
        let x = self.draw(self.options.slow_fraction)?;
        (x < self.options.slow_fraction && !self.options.slow.is_zero())
            .then_some(self.options.slow)
    }

    /// Whether the answer of a statement that ran is dropped.
    pub(crate) fn drop_after_execute(&self) -> bool {
        self.draw(self.options.drop_after_execute)
            .is_some_and(|x| x < self.options.drop_after_execute)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> FaultOptions {
        FaultOptions {
            seed: 42,
            too_many_requests: 0.2,
            unavailable: 0.1,
            drop_connection: 0.05,
            ..FaultOptions::default()
        }
    }

    #[test]
    fn fractions_are_respected_and_repeatable() {
        let count = |injector: &FaultInjector| {
            let mut counts = [0usize; 4];
            for _ in 0..10_000 {
                let slot = match injector.before_request() {
                    Some(Fault::TooManyRequests) => 0,
                    Some(Fault::Unavailable) => 1,
                    Some(Fault::DropConnection) => 2,
                    None => 3,
                };
                counts[slot] += 1;
            }
            counts
        };
        let first = count(&FaultInjector::new(options()));
        let second = count(&FaultInjector::new(options()));
        assert_eq!(first, second, "the same seed gives the same faults");
        assert!((1_800..2_200).contains(&first[0]), "{first:?}");
        assert!((850..1_150).contains(&first[1]), "{first:?}");
        assert!((380..620).contains(&first[2]), "{first:?}");
    }

    #[test]
    fn no_faults_means_every_request_goes_through() {
        let injector = FaultInjector::new(FaultOptions::default());
        assert!((0..1_000).all(|_| injector.before_request().is_none()));
        assert_eq!(injector.slow_delay(), None);
        assert!(!injector.drop_after_execute());
    }

    #[test]
    fn slow_statements_get_the_configured_delay() {
        let injector = FaultInjector::new(FaultOptions {
            slow_fraction: 1.0,
            slow: Duration::from_millis(250),
            ..FaultOptions::default()
        });
        assert_eq!(injector.slow_delay(), Some(Duration::from_millis(250)));
    }

    #[test]
    fn validation_refuses_impossible_fractions() {
        let mut bad = options();
        bad.unavailable = 1.5;
        assert!(bad.validate().is_err());
        let mut too_much = options();
        too_much.too_many_requests = 0.9;
        assert!(too_much.validate().is_err());
        assert!(options().validate().is_ok());
    }
}
