//! External tools the project needs, and how to install them.
//!
//! One list of Debian packages, used by `cargo xtask deps` (install), `cargo
//! xtask test` (install what is missing before testing) and the hints of
//! `cargo xtask synth` when a tool is missing.

use anyhow::{Context, Result};
use std::process::Command;

/// A command-line tool and the Debian package that provides it.
pub struct Tool {
    pub command: &'static str,
    pub debian_package: &'static str,
}

/// Tools from Debian's archive.
pub const DEBIAN_TOOLS: &[Tool] = &[
    Tool { command: "verilator", debian_package: "verilator" },
    Tool { command: "yosys", debian_package: "yosys" },
    Tool { command: "nextpnr-ice40", debian_package: "nextpnr-ice40" },
    Tool { command: "icepack", debian_package: "fpga-icestorm" },
    Tool { command: "iceprog", debian_package: "fpga-icestorm" },
    Tool { command: "openFPGALoader", debian_package: "openfpgaloader" },
];

/// What the ECP5 flow needs to make a Python venv for the yowasp tools (not installed by
/// `cargo xtask deps`: most systems have them, and the ECP5 flow names them when missing).
pub const DEBIAN_PYTHON: &[&str] = &["python3", "python3-venv"];

/// The Debian package that provides `command`, from [`DEBIAN_TOOLS`].
pub fn debian_package(command: &str) -> &'static str {
    DEBIAN_TOOLS
        .iter()
        .find(|t| t.command == command)
        .map(|t| t.debian_package)
        .unwrap_or_else(|| panic!("`{command}` is not in deps::DEBIAN_TOOLS"))
}

/// Is `command` on the PATH?
pub fn have(command: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {command} >/dev/null 2>&1"))
        .status()
        .is_ok_and(|s| s.success())
}

/// Installs every missing Debian tool with apt-get (needs root).
pub fn install() -> Result<()> {
    let missing: Vec<&Tool> = DEBIAN_TOOLS.iter().filter(|t| !have(t.command)).collect();
    if missing.is_empty() {
        println!("deps: all tools present ({})", DEBIAN_TOOLS.iter().map(|t| t.command).collect::<Vec<_>>().join(", "));
        return Ok(());
    }
    let packages: Vec<&str> = missing.iter().map(|t| t.debian_package).collect();
    println!("deps: installing {} with apt-get", packages.join(" "));
    let sudo = if is_root() { vec![] } else { vec!["sudo"] };
    let apt = |args: &[&str]| -> Result<()> {
        let mut all: Vec<&str> = sudo.clone();
        all.push("apt-get");
        all.extend_from_slice(args);
        crate::run_cmd(Command::new(all[0]).args(&all[1..]).env("DEBIAN_FRONTEND", "noninteractive"))
            .with_context(|| format!("installing {}", packages.join(" ")))
    };
    apt(&["update", "-qq"])?;
    let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
    args.extend(&packages);
    apt(&args)?;
    Ok(())
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command whose package the other tasks look up is in the list (the lookup panics
    /// otherwise, at the moment a user is told what to install).
    #[test]
    fn looked_up_commands_are_listed() {
        for c in ["verilator", "yosys", "nextpnr-ice40", "icepack", "iceprog", "openFPGALoader"] {
            assert!(!debian_package(c).is_empty(), "{c}");
        }
        assert_eq!(debian_package("iceprog"), "fpga-icestorm");
    }
}
