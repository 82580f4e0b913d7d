//! `cargo xtask flash --board icebreaker|ulx3s [--dry-run] [--iceprog] [--flash]`:
//! programs the bitstream `cargo xtask synth` built.
//!
//! iCEBreaker: `openFPGALoader --board ice40_generic` (its FT2232H + SPI flash;
//! the Debian openFPGALoader has no `icebreaker` board name), or `iceprog` with
//! `--iceprog`. ULX3S: `openFPGALoader --board ulx3s` into SRAM, or into the
//! SPI flash with `--flash`. `--dry-run` prints the exact command and runs nothing.

use crate::synth::{board_arg, out_dir};
use anyhow::{anyhow, bail, Context, Result};
use std::process::Command;

/// Messages the loaders print when no board answers on USB.
const NO_DEVICE: &[&str] = &[
    "unable to open ftdi device",
    "device not found",
    "Can't find iCE FTDI USB device",
    "No cable found",
    "JTAG init failed",
];

pub fn run(args: &[String]) -> Result<()> {
    let board = board_arg(args)?;
    let dry = args.iter().any(|a| a == "--dry-run");
    let bitstream = out_dir(board).join(board.bitstream);
    let mut cmd = if board.name == "icebreaker" && args.iter().any(|a| a == "--iceprog") {
        Command::new("iceprog")
    } else {
        let mut c = Command::new("openFPGALoader");
        let name = if board.name == "icebreaker" { "ice40_generic" } else { board.name };
        c.args(["--board", name]);
        if board.name == "ulx3s" && args.iter().any(|a| a == "--flash") {
            c.arg("--write-flash");
        }
        c
    };
    cmd.arg(&bitstream);
    let shown = format!(
        "{} {}",
        cmd.get_program().to_string_lossy(),
        cmd.get_args().map(|a| a.to_string_lossy()).collect::<Vec<_>>().join(" ")
    );
    if dry {
        println!("{shown}");
        return Ok(());
    }
    if !bitstream.is_file() {
        bail!("{} does not exist; build it with `cargo xtask synth --board {}`", bitstream.display(), board.name);
    }
    let out = cmd.output().map_err(|e| {
        anyhow!(
            "could not start `{}` ({e}); install it with `sudo apt-get install {}`",
            cmd.get_program().to_string_lossy(),
            crate::deps::debian_package(&cmd.get_program().to_string_lossy())
        )
    })?;
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    if out.status.success() {
        print!("{text}");
        println!("programmed {} with {}", board.name, bitstream.display());
        return Ok(());
    }
    if let Some(line) = text.lines().find(|l| NO_DEVICE.iter().any(|m| l.contains(m))) {
        bail!(
            "no {} board found on USB: `{shown}` says \"{}\"; plug the board in and check the cable and \
             USB permissions (udev rules for the FTDI chip)",
            board.name,
            line.trim()
        );
    }
    Err(anyhow!("{text}")).context(format!("`{shown}` failed ({})", out.status))
}
