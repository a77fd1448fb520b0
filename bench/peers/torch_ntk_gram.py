#!/usr/bin/env python3
"""PyTorch peer: the empirical NTK Gram of a linear RNN (SPEC (1), NTK parameterization (3), n_x = n_y = 1)
the way it is usually computed: the Jacobian J of all N·L outputs with respect to all parameters
(W~, F~, C~: n^2 + 2 n of them), then K = J J^T (SPEC (13)). float64.

Methods (--method):
  jacobian  torch.autograd.functional.jacobian(..., vectorize=False): one backward call per output (default)
  vmap      torch.autograd.functional.jacobian(..., vectorize=True): batched backward (vmap prototype in 1.13)
  loop      a Python loop of backward calls writing rows of a preallocated J (the least memory: N L P doubles);
            with --rows R only the first R rows are computed and the full time is extrapolated (R/(N L))

Usage:
  /usr/bin/python3 bench/peers/torch_ntk_gram.py [--n 300] [--batch 50] [--len 20] [--threads 2] [--method jacobian]
        [--save DIR]      also writes DIR/{wt,ft,ct,x,gram_torch}.npy (inputs for lrnn's bench.NtkExact)
        [--config tuned]  OPENBLAS_NUM_THREADS=--threads and OMP_WAIT_POLICY=PASSIVE before torch loads (see
                          torch_gd_step.py: Debian's torch multiplies on OpenBLAS, which ignores set_num_threads;
                          n = 300 measured 26.6 s tuned against 56 s default)
  /usr/bin/python3 bench/peers/torch_ntk_gram.py --compare DIR   max relative difference gram_torch vs gram_lrnn
  /usr/bin/python3 bench/peers/torch_ntk_gram.py --n 1000 --memory   the memory arithmetic only
Prints one JSON line.
"""
import argparse
import json
import math
import os
import time

import numpy as np

from torch_threads import CONFIGS, load_torch


def memory(n, N, L):
    P = n * n + 2 * n
    jac = 8.0 * N * L * P
    # jacobian(vectorize=False): the per-output gradients (a list, N L P doubles) and their torch.stack
    # (another N L P) exist together; so do the stacked blocks and their concatenation into one J for J J^T.
    return {"params": P, "jacobian_GB": round(jac / 1e9, 2), "autograd_jacobian_peak_GB": round(2 * jac / 1e9, 2),
            "loop_peak_GB": round(jac / 1e9, 2)}


def mem_total_gb():
    with open("/proc/meminfo") as fh:
        for line in fh:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1e6
    return float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--len", type=int, default=20)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--method", choices=["jacobian", "vmap", "loop"], default="jacobian")
    ap.add_argument("--rows", type=int, default=0, help="loop only: compute this many rows of J and extrapolate")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--save", default=None)
    ap.add_argument("--compare", default=None)
    ap.add_argument("--memory", action="store_true")
    ap.add_argument("--config", choices=CONFIGS, default="default")
    a = ap.parse_args()
    n, N, L = a.n, a.batch, a.len

    if a.compare:
        kt = np.load(os.path.join(a.compare, "gram_torch.npy"))
        kl = np.load(os.path.join(a.compare, "gram_lrnn.npy"))
        diff = np.abs(kt - kl)
        print(json.dumps({"peer": "ntk-compare", "shape": list(kt.shape),
                          "max_abs_diff": float(diff.max()),
                          "max_rel_diff_to_max_entry": float(diff.max() / np.abs(kt).max()),
                          "max_entrywise_rel_diff_diag": float((diff.diagonal() / np.abs(kt.diagonal())).max()),
                          "frobenius_rel_diff": float(np.linalg.norm(kt - kl) / np.linalg.norm(kt))}), flush=True)
        return
    if a.memory:
        print(json.dumps({"peer": "torch-ntk-memory", "n": n, "N": N, "L": L, **memory(n, N, L),
                          "machine_GB": round(mem_total_gb(), 1)}), flush=True)
        return

    torch = load_torch(a.threads, a.config)  # (not at the top: --compare and --memory need no torch)
    torch.manual_seed(a.seed)
    dt = torch.float64
    Wt = math.sqrt(0.5) * torch.randn(n, n, dtype=dt)
    Ft = torch.randn(n, 1, dtype=dt)
    Ct = torch.randn(1, n, dtype=dt)
    x = torch.randn(N, L, 1, dtype=dt)

    def f(Wt, Ft, Ct):
        W, F, C = Wt / math.sqrt(n), Ft, Ct / math.sqrt(n)
        h = torch.zeros(N, n, dtype=dt)
        outs = []
        for k in range(L):
            h = h @ W.T + x[:, k] @ F.T
            outs.append(h @ C.T)
        return torch.stack(outs, dim=1).reshape(N * L)  # row (i, k), the lrnn Gram order

    t0 = time.perf_counter()
    extrapolated = False
    if a.method in ("jacobian", "vmap"):
        jw, jf, jc = torch.autograd.functional.jacobian(f, (Wt, Ft, Ct), vectorize=(a.method == "vmap"))
        J = torch.cat([jw.reshape(N * L, -1), jf.reshape(N * L, -1), jc.reshape(N * L, -1)], dim=1)
        del jw, jf, jc
        K = J @ J.T
    else:
        rows = a.rows if a.rows > 0 else N * L
        P = n * n + 2 * n
        J = torch.empty(rows, P, dtype=dt)
        ps = [p.clone().requires_grad_() for p in (Wt, Ft, Ct)]
        y = f(*ps)
        for r in range(rows):
            gs = torch.autograd.grad(y[r], ps, retain_graph=True)
            J[r] = torch.cat([g.reshape(-1) for g in gs])
        jac_ms = (time.perf_counter() - t0) * 1e3
        K = J @ J.T
        if rows < N * L:
            extrapolated = True
    ms = (time.perf_counter() - t0) * 1e3
    if extrapolated:
        ms = jac_ms * (N * L) / a.rows  # the Jacobian rows only; J J^T (2 (N L)^2 P flops) comes on top
    out = {"peer": "torch-ntk-gram", "config": a.config, "method": a.method, "torch": torch.__version__, "n": n, "N": N, "L": L,
           "threads": a.threads, "ms": round(ms, 1), "extrapolated_from_rows": a.rows if extrapolated else None,
           **memory(n, N, L)}
    if a.save:
        os.makedirs(a.save, exist_ok=True)
        np.save(os.path.join(a.save, "wt.npy"), Wt.numpy())
        np.save(os.path.join(a.save, "ft.npy"), Ft.numpy())
        np.save(os.path.join(a.save, "ct.npy"), Ct.numpy())
        np.save(os.path.join(a.save, "x.npy"), x.numpy())
        if not extrapolated:
            np.save(os.path.join(a.save, "gram_torch.npy"), K.numpy())
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
