//! The resource policy of the `softmask` commands: how large an input file, a network and its
//! compiled program may be, and the range of every numeric option. Everything is checked before
//! the memory is taken or the work is started, and every refusal names the limit and how to
//! raise it. The defaults fit a laptop next to other work; each byte limit can be raised:
//!
//! | limit | default | raise with |
//! |---|---|---|
//! | input file size | 256 MiB ([`DEFAULT_MAX_FILE`]) | `SOFTMASK_MAX_FILE=SIZE` |
//! | memory a network needs (domains, relations, instructions, search) | 4 GiB ([`DEFAULT_MAX_MEMORY`]) | `--max-memory SIZE` or `SOFTMASK_MAX_MEMORY=SIZE` |
//! | variables | 2^20 ([`MAX_VARIABLES`]) | fixed (the search recurses once per variable) |
//! | values per domain | 4096 ([`MAX_VALUES`]) | fixed (relations take `values^2` bits) |
//! | binary arcs (all-different expanded) | 2^25 ([`MAX_ARCS`]) | fixed |
//! | word operations of one propagation round | 2^33 ([`MAX_ROUND_WORK`], seconds of work) | fixed (a round runs without a time check) |
//!
//! `SIZE` is a byte count with an optional `K`, `M` or `G` (powers of 1024). Time: `--limit-time`
//! bounds compiling the network as well as the search.

use std::time::Duration;

/// Input files larger than this are refused unless `SOFTMASK_MAX_FILE` says more.
pub const DEFAULT_MAX_FILE: u64 = 256 << 20;
/// The memory a network may need unless `--max-memory` / `SOFTMASK_MAX_MEMORY` says more.
pub const DEFAULT_MAX_MEMORY: u64 = 4 << 30;
/// Variables of one network.
pub const MAX_VARIABLES: usize = 1 << 20;
/// Values of one domain.
pub const MAX_VALUES: usize = 4096;
/// Binary arcs of one network, all-different constraints counted pairwise.
pub const MAX_ARCS: u64 = 1 << 25;
/// Word operations of one propagation round ([`semiring_core::network::Needs::round_work`]):
/// a round is not interrupted by `--limit-time`, so its cost is bounded up front (2^33 is a few
/// seconds; the widest bundled problems need well under 2^30).
pub const MAX_ROUND_WORK: u64 = 1 << 33;
/// The longest time limit accepted (a year), so every limit converts to a [`Duration`].
pub const MAX_SECONDS: f64 = 365.0 * 86400.0;
/// Solutions kept per instance (`--count`).
pub const MAX_COUNT: usize = 1_000_000;

/// Parses `SIZE`: bytes with an optional `K`, `M`, `G` or `T` suffix (powers of 1024).
pub fn size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (digits, shift) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let shift = match c.to_ascii_uppercase() {
                'K' => 10,
                'M' => 20,
                'G' => 30,
                'T' => 40,
                _ => return Err(format!("{s:?}: expected a size such as 512M, 4G or a byte count")),
            };
            (&t[..i], shift)
        }
        _ => (t, 0),
    };
    let n: u64 = digits.parse().map_err(|_| format!("{s:?}: expected a size such as 512M, 4G or a byte count"))?;
    n.checked_mul(1 << shift).filter(|&b| b > 0).ok_or_else(|| format!("{s:?}: expected a size from 1 byte to 16E"))
}

fn env_size(var: &str, default: u64) -> Result<u64, String> {
    match std::env::var(var) {
        Ok(v) => size(&v).map_err(|e| format!("{var}={e}")),
        Err(_) => Ok(default),
    }
}

/// The file size limit in force (`SOFTMASK_MAX_FILE`, else [`DEFAULT_MAX_FILE`]).
pub fn max_file() -> Result<u64, String> {
    env_size("SOFTMASK_MAX_FILE", DEFAULT_MAX_FILE)
}

/// The memory limit in force: `option` (`--max-memory`), else `SOFTMASK_MAX_MEMORY`, else
/// [`DEFAULT_MAX_MEMORY`].
pub fn max_memory(option: Option<u64>) -> Result<u64, String> {
    match option {
        Some(b) => Ok(b),
        None => env_size("SOFTMASK_MAX_MEMORY", DEFAULT_MAX_MEMORY),
    }
}

/// Human-readable bytes.
pub fn bytes(b: u64) -> String {
    match b {
        b if b >= 1 << 30 => format!("{:.1} GiB", b as f64 / (1u64 << 30) as f64),
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / (1u64 << 20) as f64),
        b if b >= 1 << 10 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}

fn float(s: &str) -> Result<f64, String> {
    let x: f64 = s.trim().parse().map_err(|_| format!("{s:?} is not a number"))?;
    if !x.is_finite() {
        return Err(format!("{s} is not a finite number"));
    }
    Ok(x)
}

/// A number of seconds, `0..=` [`MAX_SECONDS`], as a [`Duration`] (never panics).
pub fn seconds(s: &str) -> Result<Duration, String> {
    let x = float(s)?;
    if !(0.0..=MAX_SECONDS).contains(&x) {
        return Err(format!("{s} seconds is outside 0..={MAX_SECONDS} (a year)"));
    }
    Duration::try_from_secs_f64(x).map_err(|e| format!("{s} seconds: {e}"))
}

/// A learning rate: finite, `> 0` and `<= 10`.
pub fn learning_rate(s: &str) -> Result<f64, String> {
    let x = float(s)?;
    if !(x > 0.0 && x <= 10.0) {
        return Err(format!("{s} is outside (0, 10]"));
    }
    Ok(x)
}

/// The epsilon inside the logs: finite, `> 0` and `< 1`.
pub fn log_eps(s: &str) -> Result<f64, String> {
    let x = float(s)?;
    if !(x > 0.0 && x < 1.0) {
        return Err(format!("{s} is outside (0, 1)"));
    }
    Ok(x)
}

/// An integer in `lo..=hi`.
fn int_in<T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy>(s: &str, lo: T, hi: T) -> Result<T, String> {
    let x: T = s.trim().parse().map_err(|_| format!("{s:?} is not a whole number in {lo}..={hi}"))?;
    if x < lo || x > hi {
        return Err(format!("{s} is outside {lo}..={hi}"));
    }
    Ok(x)
}

/// Colours of a `.col` colouring (`--k`): `1..=` [`MAX_VALUES`].
pub fn colors(s: &str) -> Result<usize, String> {
    int_in(s, 1, MAX_VALUES)
}
/// `--queens N`: `1..=` [`crate::formats::queens::MAX_N`].
pub fn queens(s: &str) -> Result<usize, String> {
    int_in(s, 1, crate::formats::queens::MAX_N)
}
/// Solutions per instance (`--count`): `1..=` [`MAX_COUNT`].
pub fn count(s: &str) -> Result<usize, String> {
    int_in(s, 1, MAX_COUNT)
}
/// A node limit: `1..`.
pub fn nodes(s: &str) -> Result<u64, String> {
    int_in(s, 1, u64::MAX)
}
/// Propagation rounds K of training: `1..=256` (the forward keeps every round).
pub fn rounds(s: &str) -> Result<usize, String> {
    int_in(s, 1, 256)
}
/// Keep every N-th round (0: all): `0..=256`.
pub fn checkpoint_every(s: &str) -> Result<usize, String> {
    int_in(s, 0, 256)
}
/// Instances per training batch: `1..=65536`.
pub fn batch(s: &str) -> Result<usize, String> {
    int_in(s, 1, 1 << 16)
}
/// Training steps: `0..=10^9`.
pub fn steps(s: &str) -> Result<u64, String> {
    int_in(s, 0, 1_000_000_000)
}
/// Steps between checkpoints: `1..`.
pub fn save_every(s: &str) -> Result<u64, String> {
    int_in(s, 1, u64::MAX)
}
/// Worker threads: `1..=256`.
pub fn threads(s: &str) -> Result<usize, String> {
    int_in(s, 1, 256)
}
/// Encoder hidden width: `1..=1024` (the layers hold `hidden^2` weights each).
pub fn hidden(s: &str) -> Result<usize, String> {
    int_in(s, 1, 1024)
}
/// Encoder message-passing layers: `1..=32`.
pub fn layers(s: &str) -> Result<usize, String> {
    int_in(s, 1, 32)
}
/// Random input features per variable: `0..=256`.
pub fn random_features(s: &str) -> Result<usize, String> {
    int_in(s, 0, 256)
}
/// Recurrent steps of the rrn encoder: `1..=64` (the backward keeps every step).
pub fn rrn_steps(s: &str) -> Result<usize, String> {
    int_in(s, 1, 64)
}
/// A loss weight: finite and `>= 0`.
pub fn weight(s: &str) -> Result<f64, String> {
    let x = float(s)?;
    if x < 0.0 {
        return Err(format!("{s} must be >= 0"));
    }
    Ok(x)
}

/// A loss (`survival+0.5*ce`) whose weights are finite and non-negative.
pub fn loss(s: &str) -> Result<crate::train::objective::LossWeights, String> {
    let w = crate::train::objective::LossWeights::parse(s)?;
    for (name, x) in [("survival", w.survival), ("conflicts", w.conflicts), ("ce", w.ce)] {
        if !(x.is_finite() && x >= 0.0) {
            return Err(format!("loss {s:?}: the {name} weight {x} must be finite and >= 0"));
        }
    }
    Ok(w)
}

/// A temperature schedule whose temperatures are finite and positive, rates finite and >= 0.
pub fn schedule(s: &str) -> Result<semiring_core::relax::Schedule, String> {
    use semiring_core::relax::Schedule;
    let sch = Schedule::parse(s)?;
    let (taus, rate) = match sch {
        Schedule::Constant { tau } => (vec![tau], 0.0),
        Schedule::Exponential { tau0, rate, tau_min } => (vec![tau0, tau_min], rate),
        Schedule::Linear { tau0, tau1, .. } => (vec![tau0, tau1], 0.0),
    };
    if let Some(t) = taus.iter().find(|t| !(t.is_finite() && **t > 0.0)) {
        return Err(format!("schedule {s:?}: temperature {t} must be finite and > 0"));
    }
    if !(rate.is_finite() && rate >= 0.0) {
        return Err(format!("schedule {s:?}: rate {rate} must be finite and >= 0"));
    }
    Ok(sch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsers_refuse_what_would_panic_or_run_away() {
        for bad in ["1e20", "nan", "inf", "-1", "-0.5", "x", ""] {
            assert!(seconds(bad).is_err(), "{bad}");
        }
        assert_eq!(seconds("2.5"), Ok(Duration::from_millis(2500)));
        assert_eq!(seconds("0"), Ok(Duration::ZERO));
        for bad in ["nan", "inf", "-inf", "0", "-1", "1e9"] {
            assert!(learning_rate(bad).is_err(), "{bad}");
        }
        assert!(hidden("100000").is_err() && layers("100000").is_err() && random_features("1e9").is_err());
        assert!(rounds("1e9").is_err() && rounds("1000000000").is_err() && rounds("0").is_err());
        assert_eq!(colors("4096"), Ok(4096));
        assert!(colors("4097").is_err() && colors("0").is_err() && count("0").is_err());
        assert!(loss("NaN*survival").is_err() && loss("inf*ce").is_err() && loss("-1*ce").is_err());
        assert!(loss("survival+0.5*ce").is_ok());
        assert!(schedule("const:nan").is_err() && schedule("exp:1:inf:0.1").is_err());
        assert_eq!(size("4G"), Ok(4 << 30));
        assert_eq!(size("512m"), Ok(512 << 20));
        assert_eq!(size("1000"), Ok(1000));
        assert!(size("0").is_err() && size("99999999999T").is_err() && size("4X").is_err());
    }
}
