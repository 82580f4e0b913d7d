//! External tools the project needs, and how to install them.
//!
//! One list, used by `cargo xtask deps` (install) and `cargo xtask test`
//! (install what is missing before testing).

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
    Tool { command: "openFPGALoader", debian_package: "openfpgaloader" },
];

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
