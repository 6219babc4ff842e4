//! The Snowflake emulator as a separate process (`lakeform sandbox serve`), so that the
//! CPU time and memory measured in the benchmark process are lakeform's alone.
//!
//! This starts and stops the server and reads its own usage; it does not talk SQL.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::error::BenchError;
use super::usage::Usage;

/// What the server prints once it listens.
const LISTENING: &str = "listening on ";

/// A running `lakeform sandbox serve`, killed when dropped.
pub(crate) struct Emulator {
    child: Child,
    url: String,
}

impl Emulator {
    /// Starts `binary sandbox serve` on a free port with `latency_ms` per request and
    /// waits until it listens.
    pub(crate) fn start(binary: &Path, latency_ms: u64) -> Result<Emulator, BenchError> {
        let mut child = Command::new(binary)
            .args([
                "sandbox",
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--latency-ms",
            ])
            .arg(latency_ms.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|source| BenchError::Spawn {
                program: binary.display().to_string(),
                source,
            })?;
        let Some(stderr) = child.stderr.take() else {
            let _ = child.kill();
            return Err(BenchError::Emulator("its stderr was not captured".into()));
        };
        let mut lines = BufReader::new(stderr).lines();
        let url = loop {
            match lines.next() {
                Some(Ok(line)) => {
                    if let Some((_, url)) = line.split_once(LISTENING) {
                        break url.trim().to_string();
                    }
                }
                Some(Err(e)) => {
                    let _ = child.kill();
                    return Err(BenchError::Emulator(format!("reading its stderr: {e}")));
                }
                None => {
                    let status = child
                        .wait()
                        .map_err(|e| BenchError::Emulator(e.to_string()))?;
                    return Err(BenchError::Emulator(format!(
                        "it exited ({status}) before listening"
                    )));
                }
            }
        };
        // Keep draining stderr so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Ok(Emulator { child, url })
    }

    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    /// The server's own CPU time and peak memory so far.
    pub(crate) fn usage(&self) -> Result<Usage, BenchError> {
        Usage::of_process(&self.child.id().to_string())
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        // Its state is in memory only; nothing is lost by stopping it hard.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `lakeform` binary built beside this example (`target/<profile>/lakeform` next to
/// `target/<profile>/examples/bench`), built first with cargo so it matches this source.
pub(crate) fn lakeform_binary() -> Result<PathBuf, BenchError> {
    let exe = std::env::current_exe().map_err(|e| BenchError::Emulator(e.to_string()))?;
    let profile_dir = exe.parent().and_then(Path::parent).ok_or_else(|| {
        BenchError::Emulator(format!("{} has no profile directory", exe.display()))
    })?;
    let release = profile_dir.file_name().is_some_and(|n| n == "release");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut build = Command::new(&cargo);
    // Naming this example too keeps the features unified as they were when it was built
    // (examples bring in the dev-dependencies), so an up-to-date build is a no-op rather
    // than a rebuild of the whole crate with another feature set.
    build
        .args([
            "build",
            "--quiet",
            "--bin",
            "lakeform",
            "--example",
            "bench",
        ])
        .arg("--manifest-path")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"));
    if release {
        build.arg("--release");
    }
    let status = build.status().map_err(|source| BenchError::Spawn {
        program: cargo.clone(),
        source,
    })?;
    if !status.success() {
        return Err(BenchError::Emulator(format!(
            "`cargo build --bin lakeform --example bench` failed ({status})"
        )));
    }
    Ok(profile_dir.join(format!("lakeform{}", std::env::consts::EXE_SUFFIX)))
}
