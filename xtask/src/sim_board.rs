//! `cargo xtask sim-board [--cpb N]`: the whole board top (UART, frame layer,
//! engine, gradient unit) under Verilator with its UART on a pseudo-terminal. Prints the pty
//! path and runs until interrupted (the simulator takes this process's place, so SIGINT stops
//! it); a host opens the path like a serial port
//! and speaks `hdl/PROTOCOL.md` (end-to-end test:
//! `cargo test -p hdl-gen --test board_rtl pty`).

use anyhow::{anyhow, bail, Context, Result};
use hdl_gen::board::{board_top, BoardConfig};
use std::hash::{Hash, Hasher};
use std::process::Command;

pub fn run(args: &[String]) -> Result<()> {
    let cpb: u64 = match args.iter().position(|a| a == "--cpb") {
        Some(i) => args.get(i + 1).ok_or_else(|| anyhow!("--cpb needs a value"))?.parse()?,
        None => 16,
    };
    // The UART runs at 115200 baud on a simulated clock of cpb * 115200 Hz; the
    // frame timeout is the protocol default (256 byte times).
    let cfg =
        BoardConfig { clock_hz: cpb * 115_200, baud: 115_200, timeout_bytes: BoardConfig::ICEBREAKER.timeout_bytes };
    let root = crate::synth::workspace_root();
    let verilog = board_top(&cfg)?;
    let harness = root.join("sim/board/pty_tb.cpp");
    let waivers = root.join("sim/board/waivers.vlt");
    let mut h = std::collections::hash_map::DefaultHasher::new();
    verilog.hash(&mut h);
    std::fs::read(&harness).with_context(|| harness.display().to_string())?.hash(&mut h);
    std::fs::read(&waivers)?.hash(&mut h);
    let dir = root.join("target/sim-board").join(format!("{:016x}", h.finish()));
    let exe = dir.join("pty_tb");
    if !exe.is_file() {
        if Command::new("verilator").arg("--version").output().is_err() {
            bail!(
                "verilator not found; install it with `sudo apt-get install {}`",
                crate::deps::debian_package("verilator")
            );
        }
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("top.v"), &verilog)?;
        println!("building the simulated board in {}", dir.display());
        crate::run_cmd(
            Command::new("verilator")
                .args(["--cc", "--exe", "--build", "-O2", "-Wall", "-j", "2", "--top-module", "top", "-o", "pty_tb"])
                .arg("--Mdir")
                .arg(&dir)
                .arg(&waivers)
                .arg(dir.join("top.v"))
                .arg(&harness),
        )?;
    }
    println!("simulated board: {cpb} clocks per bit; its UART is the pty below (Ctrl-C to stop)");
    // The board replaces this process (as `cargo run` replaced cargo with it), so a signal to
    // the command's pid (Ctrl-C, `kill -INT`, a closed terminal) reaches the simulator itself:
    // with a child instead, SIGINT ended xtask and left the board running.
    use std::io::Write;
    std::io::stdout().flush()?;
    use std::os::unix::process::CommandExt;
    let e = Command::new(&exe).arg(cpb.to_string()).exec();
    Err(anyhow!("could not start {}: {e}", exe.display()))
}
