//! The checked-in Verilog is what the generator produces now, lints clean
//! under verilator -Wall (with the documented waivers), and synthesizes for
//! the iCE40 UP5K within its resources.

use hdl_gen::{generate, EngineConfig, GenError};
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn engine_v() -> PathBuf {
    root().join("hdl/generated/engine.v")
}

/// Is `tool` runnable? Missing tools skip only outside CI.
fn have(tool: &str, test: &str) -> bool {
    match Command::new(tool).arg("-V").output() {
        Ok(_) => true,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && std::env::var_os("CI").is_none() => {
            eprintln!("skipping {test}: {tool} not found (apt-get install {tool}); CI is unset");
            false
        }
        Err(e) => panic!("{test}: cannot run {tool}: {e}"),
    }
}

#[test]
fn checked_in_verilog_is_fresh() {
    assert!(EngineConfig::CHECKED_IN.iter().any(|(c, _)| c.lanes > 1), "a multi-lane engine is checked in");
    for (cfg, file) in EngineConfig::CHECKED_IN {
        let now = generate(cfg).unwrap();
        let path = root().join("hdl/generated").join(file);
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            old == now,
            "{} is stale (differs from what hdl-gen generates now); regenerate it with `cargo xtask hdl`",
            path.display()
        );
    }
}

#[test]
fn unsupported_configurations_are_errors() {
    // Lanes are generated only for the configurations in SUPPORTED, like every other parameter.
    let two = EngineConfig { lanes: 2, ..EngineConfig::DEFAULT };
    assert_eq!(generate(&two), Err(GenError::Unsupported(two, EngineConfig::SUPPORTED)));
    assert!(generate(&two).unwrap_err().to_string().contains("add it to EngineConfig::SUPPORTED"));
    let wide = EngineConfig { width: 64, ..EngineConfig::DEFAULT };
    assert!(matches!(generate(&wide), Err(GenError::Unsupported(..))));
    for cfg in EngineConfig::SUPPORTED {
        let v = generate(cfg).unwrap();
        assert!(v.contains(&format!("{} lane(s)", cfg.lanes)), "{cfg:?}");
        // One lane module per lane, no more.
        for l in 0..=cfg.lanes {
            let n = v.matches(&format!("\nmodule top$lanes${l}(")).count();
            assert_eq!(n, usize::from(l < cfg.lanes), "{cfg:?}: lane module {l}");
        }
    }
}

#[test]
fn verilator_lint_is_clean() {
    if !have("verilator", "verilator_lint_is_clean") {
        return;
    }
    for (_, file) in EngineConfig::CHECKED_IN {
        let out = Command::new("verilator")
            .args(["--lint-only", "-Wall", "--top-module", "top"])
            .arg(root().join("hdl/verilator_waivers.vlt"))
            .arg(root().join("hdl/generated").join(file))
            .output()
            .unwrap();
        assert!(out.status.success(), "{file}: verilator -Wall:\n{}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "{file}: verilator printed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn yosys_synth_ice40_fits_up5k() {
    if !have("yosys", "yosys_synth_ice40_fits_up5k") {
        return;
    }
    let script =
        format!("read_verilog {}; synth_ice40 -dsp -spram -top top; tee -o /dev/stdout stat", engine_v().display());
    let out = Command::new("yosys").args(["-q", "-p", &script]).output().unwrap();
    assert!(out.status.success(), "yosys:\n{}", String::from_utf8_lossy(&out.stderr));
    let stat = String::from_utf8_lossy(&out.stdout);
    let count = |c| hdl_gen::synth::cell_count(&stat, c);
    assert!(count("SB_LUT4") > 500, "no logic synthesized?\n{stat}");
    assert!(count("SB_LUT4") <= 5280, "LUTs exceed the UP5K:\n{stat}");
    assert_eq!(count("SB_MAC16"), 1, "one multiplier expected in a DSP:\n{stat}");
    assert!(count("SB_RAM40_4K") <= 30, "EBRs exceed the UP5K:\n{stat}");
    assert!(count("SB_SPRAM256KA") <= 4, "SPRAMs exceed the UP5K:\n{stat}");
}

#[test]
fn grad_unit_verilog_is_fresh_and_lints_clean() {
    let now = hdl_gen::generate_grad_unit(&hdl_gen::GradConfig::DEFAULT).unwrap();
    let path = root().join("hdl/generated/grad_unit.v");
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(old == now, "{} is stale; regenerate it with `cargo xtask hdl`", path.display());
    if !have("verilator", "grad_unit_verilog_is_fresh_and_lints_clean (lint part)") {
        return;
    }
    let out = Command::new("verilator")
        .args(["--lint-only", "-Wall", "--top-module", "top"])
        .arg(root().join("hdl/grad_unit_waivers.vlt"))
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "verilator -Wall:\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "verilator printed:\n{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn unsupported_grad_configurations_are_errors() {
    let wide = hdl_gen::GradConfig { width: 32, ..hdl_gen::GradConfig::DEFAULT };
    let err = hdl_gen::generate_grad_unit(&wide).unwrap_err();
    assert!(matches!(err, GenError::UnsupportedGrad(c, _) if c == wide), "{err}");
    assert!(err.to_string().starts_with("gradient unit configuration"), "{err}");
}

#[test]
fn grad_unit_synthesizes_for_up5k_without_multipliers() {
    if !have("yosys", "grad_unit_synthesizes_for_up5k_without_multipliers") {
        return;
    }
    let path = root().join("hdl/generated/grad_unit.v");
    let script = format!("read_verilog {}; synth_ice40 -dsp -spram -top top; tee -o /dev/stdout stat", path.display());
    let out = Command::new("yosys").args(["-q", "-p", &script]).output().unwrap();
    assert!(out.status.success(), "yosys:\n{}", String::from_utf8_lossy(&out.stderr));
    let stat = String::from_utf8_lossy(&out.stdout);
    let count = |c| hdl_gen::synth::cell_count(&stat, c);
    assert!(count("SB_LUT4") > 300, "no logic synthesized?\n{stat}");
    assert!(count("SB_LUT4") <= 5280, "LUTs exceed the UP5K:\n{stat}");
    // Only routing and adding: no multiplier may be inferred.
    assert_eq!(count("SB_MAC16"), 0, "the gradient unit must not multiply:\n{stat}");
    assert!(count("SB_RAM40_4K") <= 30, "EBRs exceed the UP5K:\n{stat}");
    assert!(count("SB_SPRAM256KA") <= 4, "SPRAMs exceed the UP5K:\n{stat}");
}

/// The four-lane engine synthesizes for the ECP5 (ULX3S, LFE5U-85F): one
/// multiplier per lane, within the device. A few minutes of yosys, so it
/// runs with SOFTMASK_SLOW=1 (CI sets it).
#[test]
fn lanes4_engine_synthesizes_for_ecp5() {
    if std::env::var_os("SOFTMASK_SLOW").is_none() {
        eprintln!("skipping lanes4_engine_synthesizes_for_ecp5: set SOFTMASK_SLOW=1 (yosys synth_ecp5 takes minutes)");
        return;
    }
    if !have("yosys", "lanes4_engine_synthesizes_for_ecp5") {
        return;
    }
    let path = root().join("hdl/generated/engine_lanes4.v");
    // The ECP5 has no SPRAM: drop the UP5K hint so the single-port memories map to block RAM (as `cargo xtask synth`).
    let script = format!(
        "read_verilog {}; setattr -unset ram_style m:*; synth_ecp5 -top top; tee -o /dev/stdout stat",
        path.display()
    );
    let out = Command::new("yosys").args(["-q", "-p", &script]).output().unwrap();
    assert!(out.status.success(), "yosys:\n{}", String::from_utf8_lossy(&out.stderr));
    let stat = String::from_utf8_lossy(&out.stdout);
    let count = |c| hdl_gen::synth::cell_count(&stat, c);
    eprintln!(
        "engine_lanes4.v on ECP5: LUT4 {}, TRELLIS_DPR16X4 {}, TRELLIS_FF {}, DP16KD {}, MULT18X18D {}",
        count("LUT4"),
        count("TRELLIS_DPR16X4"),
        count("TRELLIS_FF"),
        count("DP16KD"),
        count("MULT18X18D")
    );
    assert!(count("LUT4") > 2000, "no logic synthesized?\n{stat}");
    assert!(count("LUT4") + 2 * count("TRELLIS_DPR16X4") <= 83_640, "LUTs exceed the LFE5U-85F:\n{stat}");
    assert_eq!(count("MULT18X18D"), 4, "one multiplier per lane:\n{stat}");
    assert!(count("DP16KD") <= 208, "block RAMs exceed the LFE5U-85F:\n{stat}");
}
