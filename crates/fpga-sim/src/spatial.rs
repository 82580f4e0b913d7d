//! The spatial engine under Verilator: one build per program (the circuit is the program),
//! cached like the instruction engine's by a hash of its Verilog (register map in
//! `hdl_gen::spatial`; line protocol in `sim/harness.cpp`).

use crate::build::{build, SimBuild, SimPaths};
use crate::engine::{hard_outcome, HardRun, REGION_HARD, REG_INFO, REG_ROUNDS};
use crate::link::{parse_hex, HarnessLink};
use crate::SimError;
use semiring_core::{Boolean, Domains, Fixpoint};
use std::path::{Path, PathBuf};

/// What the circuit reports about itself (INFO and FINGERPRINT).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpatialInfo {
    pub num_vars: usize,
    pub width: usize,
    /// `hdl_gen::spatial::fingerprint` of the program it was generated for.
    pub fingerprint: u32,
}

/// The inputs of a spatial build: `verilog` (written once under the build root, named by
/// its hash), the waivers and `sim/spatial_harness.cpp`.
pub fn paths(verilog: &str) -> Result<SimPaths, SimError> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let base = SimPaths::workspace();
    let src_dir = base.build_root.join("spatial-src");
    std::fs::create_dir_all(&src_dir).map_err(|e| SimError::io(format!("creating {}", src_dir.display()), e))?;
    let file: PathBuf = src_dir.join(format!("spatial_{:016x}.v", crate::build::fnv1a(&[verilog.as_bytes()])));
    if !file.is_file() {
        // Write then rename, so a concurrent build never reads half a file.
        let tmp = file.with_extension(format!("v.tmp-{}", std::process::id()));
        std::fs::write(&tmp, verilog).map_err(|e| SimError::io(format!("writing {}", tmp.display()), e))?;
        std::fs::rename(&tmp, &file).map_err(|e| SimError::io(format!("renaming {}", tmp.display()), e))?;
    }
    Ok(SimPaths {
        verilog: file,
        waivers: root.join("hdl/spatial_waivers.vlt"),
        harness: root.join("sim/spatial_harness.cpp"),
        ..base
    })
}

/// Builds (or reuses) the simulator of one generated spatial engine.
pub fn build_spatial(verilog: &str) -> Result<SimBuild, SimError> {
    build(&paths(verilog)?)
}

/// One simulator process of a spatial engine.
pub struct SpatialSim {
    link: HarnessLink,
    pub info: SpatialInfo,
}

impl SpatialSim {
    /// Starts a built simulator binary and reads INFO and FINGERPRINT.
    pub fn spawn(exe: &Path) -> Result<SpatialSim, SimError> {
        let mut link = HarnessLink::spawn(exe)?;
        let r = link.read_words(REG_INFO, 2)?;
        let info = SpatialInfo { width: (r[0] & 0xff) as usize, num_vars: (r[0] >> 8) as usize, fingerprint: r[1] };
        Ok(SpatialSim { link, info })
    }

    pub fn write_hard(&mut self, d: &Domains<Boolean>) -> Result<(), SimError> {
        if d.num_vars() != self.info.num_vars {
            return Err(SimError::Protocol(format!("{} domains for {} variables", d.num_vars(), self.info.num_vars)));
        }
        let words: Vec<u32> = (0..d.num_vars()).map(|v| d.var(v)[0] as u32).collect();
        self.link.write_words(REGION_HARD, &words)
    }

    /// The domains as the circuit holds them; an error when a value past a variable's width is set.
    pub fn read_hard(&mut self, widths: &[usize]) -> Result<Domains<Boolean>, SimError> {
        let words = self.link.read_words(REGION_HARD, widths.len())?;
        for (v, (&w, &word)) in widths.iter().zip(&words).enumerate() {
            if w < 32 && word >> w != 0 {
                return Err(SimError::Protocol(format!(
                    "the spatial engine returned values past the width {w} of variable {v}: {word:#x}"
                )));
            }
        }
        Ok(Domains::from_fn(widths, |v, a| words[v] >> a & 1 == 1))
    }

    /// Hard propagation from the domains last written, up to `max_rounds` rounds.
    pub fn run_hard(&mut self, max_rounds: usize) -> Result<HardRun, SimError> {
        if max_rounds > u16::MAX as usize {
            return Err(SimError::DoesNotFit { what: "the round count", need: max_rounds, have: u16::MAX as usize });
        }
        self.link.write_words(REG_ROUNDS, &[max_rounds as u32])?;
        // One clock per round; the margin catches a circuit that does not stop.
        let budget = 2 * max_rounds as u64 + 16;
        let reply = match self.link.cmd(&format!("run {budget}")) {
            Err(SimError::Harness { reply, .. }) if reply.starts_with("timeout") => {
                return Err(SimError::Timeout { cycles: budget })
            }
            r => r?,
        };
        let f: Vec<u32> = reply.split_whitespace().map(parse_hex).collect::<Result<_, _>>()?;
        let [status, cycles, rounds, wipe] = f[..] else {
            return Err(SimError::Protocol(format!("bad run reply `{reply}`")));
        };
        let outcome = hard_outcome(status & 0xf, wipe as usize)?;
        Ok(HardRun { fixpoint: Fixpoint { outcome, rounds: rounds as usize }, cycles: cycles as u64 })
    }

    /// Clocks simulated in runs (each run's start clock included), wall-clock seconds spent in
    /// them, and all clocks since the process started (bus writes and reads included).
    pub fn stats(&mut self) -> Result<(u64, f64, u64), SimError> {
        let r = self.link.cmd("stats")?;
        let mut it = r.split_whitespace();
        let bad = || SimError::Protocol(format!("bad stats reply `{r}`"));
        let clocks = it.next().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
        let secs = it.next().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
        let total = it.next().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
        Ok((clocks, secs, total))
    }

    /// Starts writing a VCD waveform to `path`.
    pub fn vcd(&mut self, path: &Path) -> Result<(), SimError> {
        self.link.cmd(&format!("vcd {}", path.display())).map(drop)
    }
}
