//! `cargo xtask hdl`: regenerates the engines' Verilog in hdl/generated/
//! (`hdl_gen::EngineConfig::CHECKED_IN`: engine.v, engine_lanes4.v) and the
//! gradient unit's. `cargo xtask hdl --report` also lints the engines with
//! verilator and synthesizes the default one with yosys for the iCE40 UP5K
//! and the four-lane one for the ECP5, printing the resource counts.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Where the default engine's Verilog lives.
pub fn engine_path() -> PathBuf {
    root().join("hdl/generated/engine.v")
}

pub fn run(args: &[String]) -> Result<()> {
    let report = match args {
        [] => false,
        [a] if a == "--report" => true,
        _ => bail!("usage: cargo xtask hdl [--report]"),
    };
    // The default engine (engine.v) and the multi-lane one (engine_lanes4.v).
    for (cfg, file) in hdl_gen::EngineConfig::CHECKED_IN {
        let verilog = hdl_gen::generate(cfg)?;
        let path = root().join("hdl/generated").join(file);
        std::fs::create_dir_all(path.parent().unwrap())?;
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        if old == verilog {
            println!("{} is up to date ({} lines)", path.display(), verilog.lines().count());
        } else {
            std::fs::write(&path, &verilog).with_context(|| format!("writing {}", path.display()))?;
            println!("wrote {} ({} lines)", path.display(), verilog.lines().count());
        }
    }
    let path = engine_path();
    // The straight-through gradient unit, a separate top of its own.
    let grad = hdl_gen::generate_grad_unit(&hdl_gen::GradConfig::DEFAULT)?;
    let gpath = root().join("hdl/generated/grad_unit.v");
    if std::fs::read_to_string(&gpath).unwrap_or_default() == grad {
        println!("{} is up to date ({} lines)", gpath.display(), grad.lines().count());
    } else {
        std::fs::write(&gpath, &grad).with_context(|| format!("writing {}", gpath.display()))?;
        println!("wrote {} ({} lines)", gpath.display(), grad.lines().count());
    }
    if report {
        for (_, file) in hdl_gen::EngineConfig::CHECKED_IN {
            lint(&root().join("hdl/generated").join(file))?;
        }
        synth_report(&path)?;
        synth_report_ecp5(&root().join("hdl/generated/engine_lanes4.v"))?;
    }
    Ok(())
}

fn lint(path: &Path) -> Result<()> {
    let waivers = root().join("hdl/verilator_waivers.vlt");
    let out = Command::new("verilator")
        .args(["--lint-only", "-Wall", "--top-module", "top"])
        .arg(&waivers)
        .arg(path)
        .output()
        .with_context(|| format!("running verilator (apt-get install {})", crate::deps::debian_package("verilator")))?;
    if !out.status.success() {
        bail!("verilator --lint-only -Wall failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    println!("verilator --lint-only -Wall {}: clean (waivers: {})", path.display(), waivers.display());
    Ok(())
}

fn synth_report(path: &Path) -> Result<()> {
    let t = std::time::Instant::now();
    let script = format!("read_verilog {}; synth_ice40 -dsp -spram -top top; stat", path.display());
    let out = Command::new("yosys")
        .args(["-q", "-p", &script.replace("; stat", "; tee -o /dev/stdout stat")])
        .output()
        .with_context(|| format!("running yosys (apt-get install {})", crate::deps::debian_package("yosys")))?;
    if !out.status.success() {
        bail!("yosys synth_ice40 failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    println!("yosys synth_ice40 -dsp -spram ({:.0} s), iCE40 UP5K budget in brackets:", t.elapsed().as_secs_f64());
    for (cell, budget) in
        [("SB_LUT4", "5280"), ("SB_CARRY", "-"), ("SB_MAC16", "8"), ("SB_RAM40_4K", "30"), ("SB_SPRAM256KA", "4")]
    {
        let n = hdl_gen::synth::cell_count(&text, cell);
        println!("  {cell:<14} {n:>6}  [{budget}]");
    }
    Ok(())
}

/// The four-lane engine on the ECP5 (LFE5U-85F of the ULX3S); budgets in brackets.
fn synth_report_ecp5(path: &Path) -> Result<()> {
    let t = std::time::Instant::now();
    // The ECP5 has no SPRAM: drop the UP5K hint so the single-port memories map to block RAM.
    let script = format!(
        "read_verilog {}; setattr -unset ram_style m:*; synth_ecp5 -top top; tee -o /dev/stdout stat",
        path.display()
    );
    let out = Command::new("yosys")
        .args(["-q", "-p", &script])
        .output()
        .with_context(|| format!("running yosys (apt-get install {})", crate::deps::debian_package("yosys")))?;
    if !out.status.success() {
        bail!("yosys synth_ecp5 failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    println!("yosys synth_ecp5 {} ({:.0} s), LFE5U-85F budget in brackets:", path.display(), t.elapsed().as_secs_f64());
    for (cell, budget) in [
        ("LUT4", "83640"),
        ("TRELLIS_DPR16X4", "-"),
        ("CCU2C", "-"),
        ("TRELLIS_FF", "83640"),
        ("MULT18X18D", "156"),
        ("DP16KD", "208"),
    ] {
        let n = hdl_gen::synth::cell_count(&text, cell);
        println!("  {cell:<16} {n:>6}  [{budget}]");
    }
    Ok(())
}
