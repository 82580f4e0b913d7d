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
    return {"rel_rows": rels[rel], "src": src, "slots": slots, "mask": mask, "n": n, "w": w}


def make_fns(tables, k, eps, dtype):
    rel_rows = jnp.asarray(tables["rel_rows"], dtype=dtype)  # [I, W, W], R_i
    src = jnp.asarray(tables["src"])
    slots = jnp.asarray(tables["slots"])
    mask = jnp.asarray(tables["mask"], dtype=dtype)

    def round_(d):  # d: [N, W]
        ds = d[src]  # [I, W] source domains
        support = 1 - jnp.prod(1 - rel_rows * ds[:, None, :], axis=-1)  # [I, W]
        support = jnp.concatenate([support, jnp.ones((1, d.shape[1]), d.dtype)], axis=0)
        return d * jnp.prod(support[slots], axis=1)  # [N, M, W] -> [N, W]

    def propagate(d0):
        d = d0
        for _ in range(k):
            d = round_(d)
        return d

    def instance_loss(d0):
        dk = propagate(d0)
        return -jnp.sum(jnp.log(jnp.sum(dk * mask, axis=-1) + eps))

    def batch_loss(batch):  # [B, N, W]
        return jnp.sum(jax.vmap(instance_loss)(batch))

    value_and_grad = jax.jit(jax.value_and_grad(batch_loss))
    forward = jax.jit(jax.vmap(propagate))
    return value_and_grad, forward


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
    check = {}
    for name, dtype in (("f64", jnp.float64), ("f32", jnp.float32)):
        vg, _ = make_fns(tables, k, eps, dtype)
        loss, grad = vg(jnp.asarray(batch64, dtype=dtype))
        check[name] = {"loss": float(loss), "grad": np.asarray(grad, dtype=np.float64).reshape(len(batch64), -1).tolist()}
    out["check"] = check
    if args.time:
        vg, fwd = make_fns(tables, k, eps, jnp.float32)
        b32 = jnp.asarray(batch64, dtype=jnp.float32)
        work = len(batch64) * k
        t0 = time.perf_counter()
        jax.block_until_ready(vg(b32))
        compile_s = time.perf_counter() - t0
        r_fb, it_fb, el_fb = rate(vg, b32, work, args.min_seconds)
        cpu_fb = rate.cpu_seconds
        r_f, it_f, el_f = rate(fwd, b32, work, args.min_seconds)
        out["timing"] = {
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
