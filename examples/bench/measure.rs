//! The two measured phases, each run in a fresh process of its own (`bench measure apply`
//! / `bench measure plan`) so its CPU time and peak memory are those of one lakeform
//! command: apply from empty, then plan on the state that apply left.
//!
//! Both go through the library exactly as the CLI does — `Session::open`, the apply lock,
//! `read_live`, `plan::make`, `apply::run` — and print one JSON [`Phase`] on stdout.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use lakeform::apply::lock::{self, LockPlace};
use lakeform::apply::{self, ApplyOptions, Targets, consent, progress::Silent};
use lakeform::plan;
use lakeform::session::{Session, SessionError};

use super::error::BenchError;
use super::history::{self, Mark};
use super::project::ENVIRONMENT;
use super::usage::Usage;

/// One phase's figures. Wall and CPU cover loading the project through the last
/// statement; the statement counting around them is left out.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Phase {
    pub wall: Duration,
    /// Loading and resolving the TOML files (part of `wall`).
    pub load: Duration,
    /// Reading the live state (part of `wall`).
    pub read_live: Duration,
    /// Diffing desired against live into a plan (part of `wall`).
    pub diff: Duration,
    /// Executing the plan, apply only (part of `wall`).
    pub execute: Duration,
    /// Statements the emulator received.
    pub statements: u64,
    /// The plan's statements by kind (plan only).
    pub statement_kinds: BTreeMap<String, u64>,
    /// Changes in the plan made (0 for the plan on the seeded state when it converged).
    pub changes: usize,
    pub task_graphs: usize,
    /// lakeform's own user + system CPU time over the phase.
    pub cpu: Duration,
    /// lakeform's peak resident memory (the whole process, which does nothing else).
    pub peak_kib: u64,
}

/// Applies the project in `dir` to the emulator it names, from empty.
pub(crate) async fn apply(dir: &Path, parallelism: usize) -> Result<Phase, BenchError> {
    let mut clock = Clock::start()?;
    let session = Session::open(dir, ENVIRONMENT).await?;
    let load = clock.lap()?;
    let client = session
        .platform
        .snowflake
        .clone()
        .ok_or(BenchError::NoSnowflake)?;
    let before = clock.paused(Mark::take(&client)).await?;

    let env = &session.environment;
    let targets = Targets {
        snowflake: session.platform.snowflake.clone(),
        lake: session.platform.lake.clone(),
    };
    let place = LockPlace::for_targets(&targets, &session.lock_container())?;
    let held = lock::acquire(&targets, &place, &env.name, None).await?;
    let lap = Instant::now();
    let (live, namespace) = session.read_live().await?;
    let read_live = lap.elapsed();
    let lap = Instant::now();
    let made = plan::make(
        &env.name,
        &env.desired,
        &env.desired_hash().map_err(SessionError::Hash)?,
        &live,
        &session.settings(namespace),
    )
    .map_err(SessionError::Plan)?;
    let diff = lap.elapsed();
    let options = ApplyOptions {
        parallelism,
        allowed: consent::allowed_by(&env.desired),
        ..ApplyOptions::default()
    };
    let lap = Instant::now();
    let report = apply::run(&made, &targets, &options, &mut Silent).await?;
    let execute = lap.elapsed();
    held.release().await?;
    let work = clock.lap()?;

    let after = Mark::take(&client).await?;
    session.close().await?;
    if !report.succeeded() {
        return Err(BenchError::ApplyFailed(report.to_string()));
    }
    Ok(Phase {
        wall: load.wall + work.wall,
        load: load.wall,
        read_live,
        diff,
        execute,
        statements: before.statements_until(after),
        statement_kinds: BTreeMap::new(),
        changes: made.changes.len(),
        task_graphs: made.task_graphs.len(),
        cpu: load.cpu + work.cpu,
        peak_kib: Usage::of_self()?.peak_kib,
    })
}

/// Plans the project in `dir` against what is live: after [`apply`], a plan that must
/// come out empty.
pub(crate) async fn plan(dir: &Path) -> Result<Phase, BenchError> {
    let mut clock = Clock::start()?;
    let session = Session::open(dir, ENVIRONMENT).await?;
    let load = clock.lap()?;
    let client = session
        .platform
        .snowflake
        .clone()
        .ok_or(BenchError::NoSnowflake)?;
    let before = clock.paused(Mark::take(&client)).await?;

    let env = &session.environment;
    let lap = Instant::now();
    let (live, namespace) = session.read_live().await?;
    let read_live = lap.elapsed();
    let lap = Instant::now();
    let made = plan::make(
        &env.name,
        &env.desired,
        &env.desired_hash().map_err(SessionError::Hash)?,
        &live,
        &session.settings(namespace),
    )
    .map_err(SessionError::Plan)?;
    let diff = lap.elapsed();
    let work = clock.lap()?;

    let after = Mark::take(&client).await?;
    let statement_kinds = history::kinds_between(&client, before, after).await?;
    session.close().await?;
    Ok(Phase {
        wall: load.wall + work.wall,
        load: load.wall,
        read_live,
        diff,
        execute: Duration::ZERO,
        statements: before.statements_until(after),
        statement_kinds,
        changes: made.changes.len(),
        task_graphs: made.task_graphs.len(),
        cpu: load.cpu + work.cpu,
        peak_kib: Usage::of_self()?.peak_kib,
    })
}

/// Wall and CPU time between laps, with pauses (the statement counting) left out.
struct Clock {
    wall: Instant,
    cpu: Duration,
}

struct Lap {
    wall: Duration,
    cpu: Duration,
}

impl Clock {
    fn start() -> Result<Clock, BenchError> {
        Ok(Clock {
            wall: Instant::now(),
            cpu: Usage::of_self()?.cpu,
        })
    }

    /// The time since the last lap (or pause), and a new lap begins.
    fn lap(&mut self) -> Result<Lap, BenchError> {
        let cpu = Usage::of_self()?.cpu;
        let lap = Lap {
            wall: self.wall.elapsed(),
            cpu: cpu.saturating_sub(self.cpu),
        };
        *self = Clock {
            wall: Instant::now(),
            cpu,
        };
        Ok(lap)
    }

    /// Runs `work` off the clock: the next lap starts when it ends.
    async fn paused<T>(
        &mut self,
        work: impl Future<Output = Result<T, BenchError>>,
    ) -> Result<T, BenchError> {
        let value = work.await?;
        *self = Clock::start()?;
        Ok(value)
    }
}
