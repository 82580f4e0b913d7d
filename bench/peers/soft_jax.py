"""JAX peer of softmask's soft propagation (forward + backward) and Gumbel-Softmax sampling.

Reads an interchange JSON written by `cargo xtask bench soft` (schema `softmask-bench-soft/1`,
see bench/README.md) and writes a result JSON:

* `check`: loss and gradient dL/d(d^0) in float64 and float32 on the given batch, for the
  harness to compare with softmask's before anything is timed;
* `timing`: instance-rounds per second of jit-compiled forward+backward (`jax.value_and_grad`)
  and of the forward alone, float32, on the CPU.

The computation is the same function as semiring-core's Jacobi round over `Prob<T>`:

    s_i[a]      = 1 - prod_b (1 - R_i[a][b] * p[src_i][b])        (noisy-OR; R is 0/1)
    n[t][a]     = p[t][a] * prod_{i : target_i = t} s_i[a]

run K times, then the benchmark loss (defined once here and once in xtask/src/bench_peers.rs):

    L = - sum_batch sum_v log( sum_{a < width_v} d^K[v][a] + eps )

written idiomatically: dense [I, W, W] relation gather, a product over the value axis, the
per-target product as a gather of a padded [N, M] instruction table (M = most instructions into
one target; padding points at an all-ones support row), an unrolled Python loop over the K
rounds, `jax.vmap` over the batch and `jax.jit` around the whole step.

Gumbel mode (`--gumbel`): relaxed one-hot samples `softmax((logits + Gumbel) / tau)` over the
values of every variable, `jax.random.gumbel`, for [batch, vars, width] logits.
"""

import argparse
import json
import sys
import time

import jax

jax.config.update("jax_enable_x64", True)  # the float64 check; timing arrays are float32
jax.config.update("jax_platforms", "cpu")
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402


def load(path):
    with open(path) as f:
        doc = json.load(f)
    if doc.get("format") != "softmask-bench-soft/1":
        sys.exit(f"{path}: expected format softmask-bench-soft/1, got {doc.get('format')!r}")
    return doc


def build(doc):
    """Constant tables of the program, as numpy arrays."""
    widths = np.asarray(doc["widths"], dtype=np.int64)
    n, w = len(widths), int(doc["width"])
    rels = np.zeros((len(doc["relations"]), w, w))
    for r, rows in enumerate(doc["relations"]):
        m = np.asarray(rows, dtype=np.float64)
        rels[r, : m.shape[0], : m.shape[1]] = m
    ins = np.asarray(doc["instructions"], dtype=np.int64).reshape(-1, 3)
    tgt, src, rel = ins[:, 0], ins[:, 1], ins[:, 2]
    n_ins = len(ins)
    # slots[t, j] = j-th instruction into t, in program order; n_ins = the all-ones padding row.
    counts = np.bincount(tgt, minlength=n) if n_ins else np.zeros(n, dtype=np.int64)
    m = max(1, int(counts.max()) if n else 1)
    slots = np.full((n, m), n_ins, dtype=np.int64)
    fill = np.zeros(n, dtype=np.int64)
    for i, t in enumerate(tgt):
        slots[t, fill[t]] = i
        fill[t] += 1
    mask = (np.arange(w)[None, :] < widths[:, None]).astype(np.float64)
    return {
        "rel_rows": rels[rel],
        "rels": rels,
        "rel": rel,
        "src": src,
        "tgt": tgt,
        "slots": slots,
        "mask": mask,
        "n": n,
        "w": w,
    }


def make_gather(tables, k, eps, dtype):
    """The idiomatic peer: dense [I, W, W] relation gather, products over axes."""
    rel_rows = jnp.asarray(tables["rel_rows"], dtype=dtype)  # [I, W, W], R_i
    src = jnp.asarray(tables["src"])
    slots = jnp.asarray(tables["slots"])

    def round_(d):  # d: [N, W]
        ds = d[src]  # [I, W] source domains
        support = 1 - jnp.prod(1 - rel_rows * ds[:, None, :], axis=-1)  # [I, W]
        support = jnp.concatenate([support, jnp.ones((1, d.shape[1]), d.dtype)], axis=0)
        return d * jnp.prod(support[slots], axis=1)  # [N, M, W] -> [N, W]

    return jax.vmap(lambda d0: rounds(round_, d0, k))


def zero_aware_product(apply, apply_t):
    """y = prod_b x_b^M[a, b] for a nonnegative integer matrix M, in log space: exp(M log x)
    over the nonzero factors, with the exact zeros counted in a separate channel (M (x == 0)),
    so an exact 0 or 1 probability needs no clamp and no epsilon. `apply(v)` computes M v over
    the reduced axis and `apply_t(u)` computes M^T u (a matmul or a segment sum). The VJP is
    the exact one of the product: g y / x_b where x_b != 0; where x_b == 0 only rows with
    exactly that one zero pass on g * (product of their nonzero factors)."""

    def forward(x):
        zero = x == 0
        safe = jnp.where(zero, jnp.ones_like(x), x)
        zeros = apply(zero.astype(x.dtype))  # small integers, exact in floating point
        rest = jnp.exp(apply(jnp.log(safe)))  # the product of the nonzero factors
        y = jnp.where(zeros == 0, rest, jnp.zeros_like(rest))
        return y, (zero, safe, zeros, rest, y)

    @jax.custom_vjp
    def product(x):
        return forward(x)[0]

    def bwd(res, g):
        zero, safe, zeros, rest, y = res
        one_zero = jnp.where(zeros == 1, g * rest, jnp.zeros_like(rest))
        return (jnp.where(zero, apply_t(one_zero), apply_t(g * y) / safe),)

    product.defvjp(forward, bwd)
    return product


def relations_and_arcs(tables, dtype):
    """Distinct relations R_r [W, W] and the arc counts A [N, R * N] (A[t, r * N + s] = number
    of instructions t <- s through relation r)."""
    rel = tables["rel"]
    rels, inv = np.unique(tables["rels"][rel], axis=0, return_inverse=True)
    inv = inv.reshape(-1)
    n = tables["n"]
    cols = inv * n + tables["src"]
    return jnp.asarray(rels, dtype=dtype), inv, cols


def make_log(tables, k, eps, dtype, per_target):
    """Log space: the noisy-OR of every (source, relation) as 1 - exp(log(1 - d) R_r^T) (a
    [B * N, W] x [W, W] matmul per distinct relation), the per-target product as
    exp(A log s) with A the [N, R * N] arc-count matrix (`dense`: a matmul) or as a gather of
    the arcs' rows and a segment sum by target (`segment`). Exact zeros are counted apart
    (`zero_aware_product`)."""
    rels, _, cols = relations_and_arcs(tables, dtype)
    n, nrel = tables["n"], rels.shape[0]
    tgt = jnp.asarray(tables["tgt"])
    colsj = jnp.asarray(cols)
    noisy_or = [
        zero_aware_product(
            lambda v, r=r: jnp.einsum("bnv,av->bna", v, r), lambda u, r=r: jnp.einsum("bna,av->bnv", u, r)
        )
        for r in rels
    ]
    if per_target == "dense":
        a = np.zeros((n, nrel * n))
        np.add.at(a, (tables["tgt"], cols), 1.0)
        a = jnp.asarray(a, dtype=dtype)
        prod_in = zero_aware_product(
            lambda v: jnp.einsum("ts,bsw->btw", a, v), lambda u: jnp.einsum("ts,btw->bsw", a, u)
        )
    else:
        # [B, R * N, W] -> gather the arcs' rows -> segment sum into targets (and its transpose).
        def seg(v):
            rows = jnp.swapaxes(v, 0, 1)[colsj]  # [I, B, W]
            return jnp.swapaxes(jax.ops.segment_sum(rows, tgt, num_segments=n), 0, 1)

        def seg_t(u):
            rows = jnp.swapaxes(u, 0, 1)[tgt]
            return jnp.swapaxes(jax.ops.segment_sum(rows, colsj, num_segments=nrel * n), 0, 1)

        prod_in = zero_aware_product(seg, seg_t)

    def round_(d):  # [B, N, W]
        c = 1 - d
        s = jnp.concatenate([1 - f(c) for f in noisy_or], axis=1)  # [B, R * N, W]
        return d * prod_in(s)

    return lambda d0: rounds(round_, d0, k)


def rounds(round_, d0, k):
    d = d0
    for _ in range(k):  # unrolled: K is small and fixed
        d = round_(d)
    return d


# Formulations of the same function; the table's headline ratio is against the fastest.
VARIANTS = {
    "gather": make_gather,
    "log-matmul": lambda t, k, e, dt: make_log(t, k, e, dt, "dense"),
    "log-segment": lambda t, k, e, dt: make_log(t, k, e, dt, "segment"),
}


def make_fns(variant, tables, k, eps, dtype):
    propagate = VARIANTS[variant](tables, k, eps, dtype)  # [B, N, W] -> [B, N, W]
    mask = jnp.asarray(tables["mask"], dtype=dtype)

    def batch_loss(batch):  # [B, N, W]
        dk = propagate(batch)
        return -jnp.sum(jnp.log(jnp.sum(dk * mask, axis=-1) + eps))

    return jax.jit(jax.value_and_grad(batch_loss)), jax.jit(propagate)


def rate(fn, arg, work, min_seconds):
    """Calls fn(arg) (after one warm-up call, which also compiles) until min_seconds pass."""
    jax.block_until_ready(fn(arg))
    iters, start, cpu0 = 0, time.perf_counter(), time.process_time()
    while True:
        jax.block_until_ready(fn(arg))
        iters += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds and iters >= 3:
            rate.cpu_seconds = time.process_time() - cpu0  # all threads of the process
            return work * iters / elapsed, iters, elapsed


def soft(args):
    doc = load(args.input)
    tables = build(doc)
    k, eps = int(doc["k"]), float(doc["eps"])
    n, w = tables["n"], tables["w"]
    batch64 = np.asarray(doc["batch"], dtype=np.float64).reshape(-1, n, w)
    out = {"peer": "jax", "jax_version": jax.__version__, "devices": [str(d) for d in jax.devices()]}
    variants = args.variant or list(VARIANTS)
    out["check"], out["timing"] = {}, {}
    for variant in variants:
        check = {}
        for name, dtype in (("f64", jnp.float64), ("f32", jnp.float32)):
            vg, _ = make_fns(variant, tables, k, eps, dtype)
            loss, grad = vg(jnp.asarray(batch64, dtype=dtype))
            grad = np.asarray(grad, dtype=np.float64).reshape(len(batch64), -1)
            check[name] = {"loss": float(loss), "grad": grad.tolist()}
        out["check"][variant] = check
        if not args.time:
            continue
        vg, fwd = make_fns(variant, tables, k, eps, jnp.float32)
        b32 = jnp.asarray(batch64, dtype=jnp.float32)
        work = len(batch64) * k
        t0 = time.perf_counter()
        jax.block_until_ready(vg(b32))
        compile_s = time.perf_counter() - t0
        r_fb, it_fb, el_fb = rate(vg, b32, work, args.min_seconds)
        cpu_fb = rate.cpu_seconds
        r_f, it_f, el_f = rate(fwd, b32, work, args.min_seconds)
        out["timing"][variant] = {
            "dtype": "float32",
            "first_call_seconds": compile_s,
            "fwd_bwd_instance_rounds_per_s": r_fb,
            "fwd_bwd_instance_rounds_per_cpu_s": work * it_fb / max(cpu_fb, 1e-12),
            "fwd_bwd_iters": it_fb,
            "fwd_bwd_seconds": el_fb,
            "fwd_instance_rounds_per_s": r_f,
            "fwd_iters": it_f,
            "fwd_seconds": el_f,
        }
    json.dump(out, sys.stdout if args.output == "-" else open(args.output, "w"))


def gumbel(args):
    b, n, w, tau = args.batch, args.vars, args.width, args.tau
    dtype = jnp.float64 if args.dtype == "float64" else jnp.float32
    logits = jax.random.uniform(jax.random.PRNGKey(1), (b, n, w), dtype=dtype, minval=-2.0, maxval=2.0)

    @jax.jit
    def sample(key):
        g = jax.random.gumbel(key, logits.shape, dtype=dtype)
        return jax.nn.softmax((logits + g) / tau, axis=-1)

    s = sample(jax.random.PRNGKey(0))
    # Sanity: every relaxed sample is a distribution over the values.
    rows = np.asarray(jnp.sum(s, axis=-1))
    if not np.allclose(rows, 1.0, atol=1e-5) or not np.all(np.isfinite(np.asarray(s))):
        sys.exit("gumbel peer: samples are not distributions")
    keys = [jax.random.PRNGKey(i) for i in range(8)]
    jax.block_until_ready(sample(keys[0]))
    iters, start = 0, time.perf_counter()
    while True:
        jax.block_until_ready(sample(keys[iters % 8]))
        iters += 1
        elapsed = time.perf_counter() - start
        if elapsed >= args.min_seconds and iters >= 3:
            break
    out = {
        "peer": "jax",
        "jax_version": jax.__version__,
        "dtype": args.dtype,
        "instances_per_s": b * iters / elapsed,
        "var_samples_per_s": b * n * iters / elapsed,
        "iters": iters,
        "seconds": elapsed,
    }
    json.dump(out, sys.stdout if args.output == "-" else open(args.output, "w"))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--input", help="interchange JSON (soft mode)")
    p.add_argument("--output", default="-", help="result JSON path, - for stdout")
    p.add_argument("--time", action="store_true", help="also time forward+backward and forward")
    p.add_argument("--variant", action="append", choices=list(VARIANTS), help="soft formulation(s); default all")
    p.add_argument("--min-seconds", type=float, default=1.0)
    p.add_argument("--gumbel", action="store_true", help="time Gumbel-Softmax sampling instead")
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--vars", type=int, default=81)
    p.add_argument("--width", type=int, default=9)
    p.add_argument("--tau", type=float, default=0.5)
    p.add_argument("--dtype", choices=["float32", "float64"], default="float32", help="gumbel mode")
    args = p.parse_args()
    if args.gumbel:
        gumbel(args)
    elif args.input:
        soft(args)
    else:
        p.error("give --input FILE or --gumbel")


if __name__ == "__main__":
    main()
