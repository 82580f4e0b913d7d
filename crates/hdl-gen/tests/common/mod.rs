//! What the board-top tests under Verilator share: the board configuration they simulate,
//! the Verilator build of `sim/board/<name>.cpp` around a top, and the testbench's UART as a
//! protocol link.
#![allow(dead_code)] // each test crate uses its own part of this

use hdl_gen::board::BoardConfig;
use protocol::client::LinkError;
use protocol::Link;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

pub const CPB: u64 = 16;
pub const T: u16 = 16;

pub fn cfg() -> BoardConfig {
    BoardConfig { clock_hz: CPB * 115_200, baud: 115_200, timeout_bytes: T }
}

pub fn verilator_available() -> bool {
    let found = Command::new("verilator").arg("--version").output().is_ok();
    if !found {
        assert!(std::env::var_os("CI").is_none(), "verilator is not installed (CI is set, so this fails)");
        eprintln!("skipping: verilator not installed (apt-get install verilator)");
    }
    found
}

/// Builds `sim/board/<name>.cpp` around `verilog`, once per distinct input.
/// Tests run in parallel and several need the same binary: one build at a time.
pub fn build_top(name: &str, verilog: String) -> PathBuf {
    static BUILD: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = BUILD.lock().unwrap_or_else(|e| e.into_inner());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let harness = root.join(format!("sim/board/{name}.cpp"));
    let waivers = root.join("sim/board/waivers.vlt");
    let key = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        verilog.hash(&mut h);
        std::fs::read(&harness).unwrap().hash(&mut h);
        std::fs::read(&waivers).unwrap().hash(&mut h);
        h.finish()
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}_{key:016x}"));
    let exe = dir.join(name);
    if exe.is_file() {
        return exe;
    }
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("top.v"), &verilog).unwrap();
    let t = std::time::Instant::now();
    let out = Command::new("verilator")
        .args(["--cc", "--exe", "--build", "-O2", "-Wall", "-j", "2", "--top-module", "top", "-o", name])
        .arg("--Mdir")
        .arg(&dir)
        .arg(&waivers)
        .arg(dir.join("top.v"))
        .arg(&harness)
        .output()
        .expect("running verilator");
    assert!(
        out.status.success(),
        "verilator build failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("built {name} in {:.1} s", t.elapsed().as_secs_f64());
    exe
}

/// The simulated board's UART as a protocol link.
pub struct SimLink {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    queue: VecDeque<u8>,
    pub cycles: u64,
}

impl SimLink {
    pub fn new(exe: &Path) -> SimLink {
        let mut child =
            Command::new(exe).arg(CPB.to_string()).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        SimLink { child, stdin, stdout, queue: VecDeque::new(), cycles: 0 }
    }
    fn command(&mut self, line: &str) -> Result<(), LinkError> {
        writeln!(self.stdin, "{line}").map_err(|e| LinkError(format!("testbench stdin: {e}")))?;
        let mut answer = String::new();
        self.stdout.read_line(&mut answer).map_err(|e| LinkError(format!("testbench stdout: {e}")))?;
        let mut words = answer.split_whitespace();
        if words.next() != Some("r") {
            return Err(LinkError(format!("testbench answered {answer:?}")));
        }
        for w in words.by_ref() {
            if w == "c" {
                break;
            }
            self.queue.push_back(u8::from_str_radix(w, 16).map_err(|e| LinkError(e.to_string()))?);
        }
        self.cycles = words.next().and_then(|c| c.parse().ok()).unwrap_or(self.cycles);
        Ok(())
    }
    pub fn reset(&mut self) {
        self.command("r").unwrap();
    }
}

impl Link for SimLink {
    fn send(&mut self, bytes: &[u8]) -> Result<(), LinkError> {
        let hex: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
        self.command(&format!("b {}", hex.join(" ")))?;
        // Past the inter-byte timeout, so a cut frame gets its TRUNCATED reply.
        self.command(&format!("i {}", (T as u64 + 2) * 10 * CPB))
    }
    fn recv(&mut self) -> Result<Option<u8>, LinkError> {
        Ok(self.queue.pop_front())
    }
}

impl Drop for SimLink {
    fn drop(&mut self) {
        let _ = writeln!(self.stdin, "q");
        let _ = self.child.wait();
    }
}
