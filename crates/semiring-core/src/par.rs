//! The one way the crate (and its callers) spread work over threads: scoped
//! `std` threads, results in item order, so a result never depends on the
//! thread count.

/// `f` on every item, the items shared in contiguous blocks over `threads` scoped threads;
/// results in item order.
pub fn par_map<I: Sync, R: Send>(items: &[I], threads: usize, f: impl Fn(&I) -> R + Sync) -> Vec<R> {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let block = items.len().div_ceil(threads);
    std::thread::scope(|s| {
        let f = &f;
        let hs: Vec<_> = items.chunks(block).map(|c| s.spawn(move || c.iter().map(f).collect::<Vec<R>>())).collect();
        hs.into_iter().flat_map(|h| h.join().expect("worker thread panicked")).collect()
    })
}

/// `f` on every item in place, the items shared in contiguous blocks over `threads` scoped threads.
pub fn par_for_each_mut<I: Send>(items: &mut [I], threads: usize, f: impl Fn(&mut I) + Sync) {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        items.iter_mut().for_each(f);
        return;
    }
    let block = items.len().div_ceil(threads);
    std::thread::scope(|s| {
        for chunk in items.chunks_mut(block) {
            let f = &f;
            s.spawn(move || chunk.iter_mut().for_each(f));
        }
    });
}

/// `f(first, chunk)` on consecutive chunks of `chunk_len` items (`first` = the chunk's first
/// item index), the chunks shared round-robin over `threads` scoped threads; results in item
/// order.
pub fn par_map_chunks<I: Sync, R: Send>(
    items: &[I],
    chunk_len: usize,
    threads: usize,
    f: impl Fn(usize, &[I]) -> Vec<R> + Sync,
) -> Vec<R> {
    let chunks: Vec<(usize, &[I])> = items.chunks(chunk_len).enumerate().map(|(c, s)| (c * chunk_len, s)).collect();
    let threads = threads.clamp(1, chunks.len().max(1));
    if threads == 1 {
        return chunks.into_iter().flat_map(|(first, c)| f(first, c)).collect();
    }
    // Thread `w` takes chunks w, w + threads, ...: equal shares when the chunks are equal.
    let mut per: Vec<Vec<(usize, Vec<R>)>> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..threads)
            .map(|w| {
                let (chunks, f) = (&chunks, &f);
                s.spawn(move || {
                    chunks.iter().skip(w).step_by(threads).map(|&(first, c)| (first, f(first, c))).collect::<Vec<_>>()
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().expect("worker thread panicked")).collect()
    });
    let mut all: Vec<(usize, Vec<R>)> = per.drain(..).flatten().collect();
    all.sort_by_key(|(first, _)| *first);
    all.into_iter().flat_map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_item_order_for_every_thread_count() {
        let items: Vec<u32> = (0..37).collect();
        let want: Vec<u32> = items.iter().map(|x| x * 3).collect();
        for threads in 1..=5 {
            assert_eq!(par_map(&items, threads, |x| x * 3), want);
            for chunk_len in [1, 4, 16] {
                let got = par_map_chunks(&items, chunk_len, threads, |first, c| {
                    c.iter()
                        .enumerate()
                        .map(|(i, x)| {
                            assert_eq!(*x, (first + i) as u32);
                            x * 3
                        })
                        .collect()
                });
                assert_eq!(got, want);
            }
            let mut m = items.clone();
            par_for_each_mut(&mut m, threads, |x| *x *= 3);
            assert_eq!(m, want);
        }
        assert!(par_map(&[] as &[u32], 2, |x| *x).is_empty());
    }
}
