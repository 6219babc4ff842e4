//! The benchmark harness (issue 9, DESIGN §9): plan and apply at scale against the
//! Snowflake emulator with injected latency, measuring wall time, statements sent,
//! lakeform's own CPU time and peak memory.
//!
//! ```sh
//! cargo run --release --example bench                       # 5,000 objects at 100 ms
//! cargo run --release --example bench -- --objects 2000 --latency-ms 50
//! cargo run --release --example bench -- --series --write BENCHMARKS.md
//! ```
//!
//! For each size it generates a project in a temporary directory ([`project`]), starts
//! `lakeform sandbox serve --latency-ms L` as a separate process ([`emulator`]) and runs
//! each measured phase — apply from empty, then plan on the applied state — in a fresh
//! process of this example ([`measure`]), so each phase's CPU and peak memory are those
//! of one lakeform command and none of them is the emulator's. The markdown it prints
//! (and with `--write` splices into a file) is [`report`]'s.

mod emulator;
mod error;
mod history;
mod measure;
mod project;
mod report;
mod usage;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use clap::Parser;

use emulator::Emulator;
use error::BenchError;
use measure::Phase;
use project::{Project, Shape};
use report::{Row, Run};

/// The scaling series: sizes measured by `--series`.
const SERIES: [usize; 4] = [500, 2_000, 5_000, 10_000];

#[derive(Debug, Parser)]
#[command(about = "Benchmarks lakeform's plan and apply against the emulator")]
struct Args {
    /// Objects to generate: four tasks (in chains of ten) to one table.
    #[arg(long, default_value_t = 5_000)]
    objects: usize,
    /// The emulator's latency per request.
    #[arg(long, default_value_t = 100)]
    latency_ms: u64,
    /// Apply's parallelism (changes and task graphs at once).
    #[arg(long, default_value_t = lakeform::apply::DEFAULT_PARALLELISM)]
    parallelism: usize,
    /// `[snowflake] max_concurrency` of the generated project: statements reading the
    /// account at once (lakeform's default when left out).
    #[arg(long)]
    max_concurrency: Option<usize>,
    /// Measure 500, 2,000, 5,000 and 10,000 objects instead of `--objects`.
    #[arg(long)]
    series: bool,
    /// Which project: every kind (and the lake); the core project of the published
    /// series (tables, tasks, sequences, the warehouse), to compare today's code with it;
    /// or the core project with issue 14's roles, grants, policies and tag.
    #[arg(long, value_enum, default_value_t = Project::Full)]
    project: Project,
    /// Splice the markdown into this file (between its bench markers) as well as printing it.
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,
    #[command(subcommand)]
    measure: Option<MeasureCommand>,
}

/// One phase in this process (used by the harness itself, one process per phase).
#[derive(Debug, clap::Subcommand)]
enum MeasureCommand {
    #[command(hide = true)]
    Measure {
        #[arg(value_enum)]
        phase: PhaseName,
        #[arg(long)]
        project: PathBuf,
        #[arg(long)]
        parallelism: usize,
    },
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum PhaseName {
    Apply,
    Plan,
}

impl PhaseName {
    fn as_str(self) -> &'static str {
        match self {
            PhaseName::Apply => "apply",
            PhaseName::Plan => "plan",
        }
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let outcome = match &args.measure {
        Some(MeasureCommand::Measure {
            phase,
            project,
            parallelism,
        }) => measure_here(*phase, project, *parallelism),
        None => harness(&args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn measure_here(phase: PhaseName, project: &Path, parallelism: usize) -> Result<(), BenchError> {
    let runtime = tokio::runtime::Runtime::new()?;
    let measured = runtime.block_on(async {
        match phase {
            PhaseName::Apply => measure::apply(project, parallelism).await,
            PhaseName::Plan => measure::plan(project).await,
        }
    })?;
    println!("{}", serde_json::to_string(&measured)?);
    Ok(())
}

fn harness(args: &Args) -> Result<(), BenchError> {
    let lakeform = emulator::lakeform_binary()?;
    let sizes = if args.series {
        SERIES.to_vec()
    } else {
        vec![args.objects]
    };
    let mut rows = Vec::new();
    for objects in sizes {
        let shape = Shape::for_objects(objects, args.project);
        eprintln!(
            "bench: {} tasks + {} tables at {} ms …",
            shape.tasks, shape.tables, args.latency_ms
        );
        let row = measure_size(&lakeform, shape, args)?;
        eprintln!(
            "bench: apply {:.2?}, {} statements; plan {:.2?}, {} statements",
            row.apply.wall, row.apply.statements, row.plan.wall, row.plan.statements
        );
        rows.push(row);
    }
    let markdown = report::render(&Run {
        project: args.project,
        latency_ms: args.latency_ms,
        parallelism: args.parallelism,
        command: command_line(args),
        rows,
    });
    print!("{markdown}");
    if let Some(path) = &args.write {
        let existing = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(e.into()),
        };
        std::fs::write(path, report::splice(&existing, &markdown))?;
        eprintln!("bench: wrote {}", path.display());
    }
    Ok(())
}

/// Apply from empty, then plan, against a fresh emulator.
fn measure_size(lakeform: &Path, shape: Shape, args: &Args) -> Result<Row, BenchError> {
    let emulator = Emulator::start(lakeform, args.latency_ms)?;
    let dir = tempfile::tempdir()?;
    project::write(dir.path(), &shape, emulator.url(), args.max_concurrency)?;
    let apply = run_phase(PhaseName::Apply, dir.path(), &shape, args.parallelism)?;
    let plan = run_phase(PhaseName::Plan, dir.path(), &shape, args.parallelism)?;
    Ok(Row {
        shape,
        apply,
        plan,
        emulator: emulator.usage()?,
    })
}

fn run_phase(
    phase: PhaseName,
    project: &Path,
    shape: &Shape,
    parallelism: usize,
) -> Result<Phase, BenchError> {
    let exe = std::env::current_exe()?;
    let output = Command::new(&exe)
        .args(["measure", phase.as_str(), "--project"])
        .arg(project)
        .args(["--parallelism", &parallelism.to_string()])
        .stdin(Stdio::null())
        .output()
        .map_err(|source| BenchError::Spawn {
            program: exe.display().to_string(),
            source,
        })?;
    if !output.status.success() {
        return Err(BenchError::Measure {
            objects: shape.objects(),
            status: output.status.to_string(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        });
    }
    Ok(serde_json::from_slice(&output.stdout)?)
}

/// The command that reproduces this run.
fn command_line(args: &Args) -> String {
    let mut line = String::from("cargo run --release --example bench --");
    if args.series {
        line.push_str(" --series");
    } else {
        line.push_str(&format!(" --objects {}", args.objects));
    }
    if args.project != Project::Full {
        line.push_str(&format!(" --project {}", args.project.as_str()));
    }
    line.push_str(&format!(" --latency-ms {}", args.latency_ms));
    if args.parallelism != lakeform::apply::DEFAULT_PARALLELISM {
        line.push_str(&format!(" --parallelism {}", args.parallelism));
    }
    if let Some(n) = args.max_concurrency {
        line.push_str(&format!(" --max-concurrency {n}"));
    }
    if let Some(path) = &args.write {
        line.push_str(&format!(" --write {}", path.display()));
    }
    line
}
