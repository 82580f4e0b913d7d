//! Builds the Verilator simulator once per distinct input and caches it.

use crate::SimError;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Inputs and cache location of a simulator build.
#[derive(Clone, Debug)]
pub struct SimPaths {
    pub verilog: PathBuf,
    pub waivers: PathBuf,
    pub harness: PathBuf,
    /// Builds go to `<build_root>/<hash>/`.
    pub build_root: PathBuf,
    /// The verilator executable (`verilator` on the PATH by default).
    pub verilator: PathBuf,
}

impl SimPaths {
    /// The workspace's checked-in Verilog and harness; builds under
    /// `$SOFTMASK_SIM_DIR` or `<workspace>/target/softmask-sim`.
    pub fn workspace() -> SimPaths {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let build_root =
            std::env::var_os("SOFTMASK_SIM_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target/softmask-sim"));
        SimPaths {
            verilog: root.join("hdl/generated/engine.v"),
            waivers: root.join("hdl/verilator_waivers.vlt"),
            harness: root.join("sim/harness.cpp"),
            build_root,
            verilator: PathBuf::from("verilator"),
        }
    }
}

impl SimPaths {
    /// Another checked-in engine, `hdl/generated/<file>` (e.g. `engine_lanes4.v`,
    /// see `hdl_gen::EngineConfig::CHECKED_IN`), with the workspace harness.
    pub fn engine(file: &str) -> SimPaths {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        SimPaths { verilog: root.join("hdl/generated").join(file), ..SimPaths::workspace() }
    }

    /// The straight-through gradient unit (`hdl/generated/grad_unit.v`, `sim/grad_harness.cpp`),
    /// cached beside the engine's builds.
    pub fn grad_unit() -> SimPaths {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        SimPaths {
            verilog: root.join("hdl/generated/grad_unit.v"),
            waivers: root.join("hdl/grad_unit_waivers.vlt"),
            harness: root.join("sim/grad_harness.cpp"),
            ..SimPaths::workspace()
        }
    }
}

/// A built simulator.
#[derive(Clone, Debug)]
pub struct SimBuild {
    pub exe: PathBuf,
    /// True when an earlier build was reused.
    pub cached: bool,
    /// Time spent building (zero when cached).
    pub build_time: Duration,
}

/// Is `verilator` runnable? Returns its version line.
pub fn verilator_version(verilator: &Path) -> Result<String, SimError> {
    match Command::new(verilator).arg("--version").output() {
        Ok(out) => Ok(String::from_utf8_lossy(&out.stdout).trim().to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(SimError::VerilatorMissing),
        Err(e) => Err(SimError::io("running verilator --version", e)),
    }
}

/// 64-bit FNV-1a: a stable cache key (not a security hash).
pub(crate) fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for &b in p.iter().chain(&[0xffu8]) {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    h
}

fn read(p: &Path) -> Result<Vec<u8>, SimError> {
    std::fs::read(p).map_err(|e| SimError::io(format!("reading {}", p.display()), e))
}

/// The contents of the `.h` files in `dir`, in file-name order.
fn headers_in(dir: &Path) -> Result<Vec<Vec<u8>>, SimError> {
    let entries = std::fs::read_dir(dir).map_err(|e| SimError::io(format!("listing {}", dir.display()), e))?;
    let mut names: Vec<PathBuf> =
        entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "h")).collect();
    names.sort();
    names.iter().map(|p| read(p)).collect()
}

/// Serialises builds within one process (test threads); across processes the
/// private directory plus rename keeps builds apart.
static BUILD_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Builds (or reuses) the simulator for `paths`.
pub fn build(paths: &SimPaths) -> Result<SimBuild, SimError> {
    let _guard = BUILD_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let version = verilator_version(&paths.verilator)?;
    let (v, w, h) = (read(&paths.verilog)?, read(&paths.waivers)?, read(&paths.harness)?);
    // The harnesses include headers from their own directory (sim/line_harness.h): they are inputs too.
    let dir_of_harness = paths.harness.parent().unwrap_or(Path::new("."));
    let headers = headers_in(dir_of_harness)?;
    let mut parts: Vec<&[u8]> = vec![&v, &w, &h, version.as_bytes()];
    parts.extend(headers.iter().map(Vec::as_slice));
    let key = fnv1a(&parts);
    let dir = paths.build_root.join(format!("{key:016x}"));
    let exe = dir.join("Vharness");
    if exe.is_file() {
        return Ok(SimBuild { exe, cached: true, build_time: Duration::ZERO });
    }
    // Build in a private directory and rename, so concurrent test processes never see half a build.
    let tmp = paths.build_root.join(format!("{key:016x}.tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| SimError::io(format!("creating {}", tmp.display()), e))?;
    let start = Instant::now();
    let mut cmd = Command::new(&paths.verilator);
    cmd.args(["--cc", "--exe", "--build", "-O2", "--trace", "-Wno-fatal", "-j", "2", "--top-module", "top"])
        .arg("-CFLAGS")
        .arg(format!("-I{}", dir_of_harness.display()))
        .arg("--Mdir")
        .arg(&tmp)
        .args(["-o", "Vharness"])
        .arg(&paths.waivers)
        .arg(&paths.verilog)
        .arg(&paths.harness);
    let out = cmd.output().map_err(|e| SimError::io("running verilator", e))?;
    if !out.status.success() {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(SimError::BuildFailed {
            command: format!("{cmd:?}"),
            log: format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
        });
    }
    let build_time = start.elapsed();
    if std::fs::rename(&tmp, &dir).is_err() {
        // Another process finished first; use its build.
        let _ = std::fs::remove_dir_all(&tmp);
    }
    if !exe.is_file() {
        return Err(SimError::Protocol(format!("build produced no {}", exe.display())));
    }
    Ok(SimBuild { exe, cached: false, build_time })
}
