//! Reading yosys `stat` output (used by the synthesis test and `cargo xtask hdl --report`).

/// The count of `cell` in a yosys `stat` report (0 when absent).
pub fn cell_count(stat: &str, cell: &str) -> usize {
    stat.lines()
        .rev()
        .find_map(|l| {
            let mut f = l.split_whitespace();
            (f.next() == Some(cell)).then(|| f.next().and_then(|n| n.parse().ok())).flatten()
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::cell_count;

    #[test]
    fn counts_cells() {
        let stat = "   Number of cells:  10\n     SB_LUT4    1959\n     SB_MAC16      1\n";
        assert_eq!(cell_count(stat, "SB_LUT4"), 1959);
        assert_eq!(cell_count(stat, "SB_MAC16"), 1);
        assert_eq!(cell_count(stat, "SB_RAM40_4K"), 0);
    }
}
