#!/usr/bin/env python3
"""PyTorch peer: one full-batch GD step of the linear RNN (SPEC (1), NTK parameterization (3)) the way a
researcher writes it: a Python loop over time, autograd for the gradient, float64.

Usage: /usr/bin/python3 bench/peers/torch_gd_step.py [--n 1000] [--batch 50] [--len 100] [--threads 2] [--reps 5]
                                                      [--config default|tuned]
Prints one JSON line: {"peer": "torch-gd-step", "config": …, "n": …, "N": …, "L": …, "threads": …, "ms": <median>, "min_ms": …}

Threads (--config, see torch_threads.py): Debian's PyTorch runs its matrix products on OpenBLAS, which
ignores torch.set_num_threads. default: only torch.set_num_threads(--threads); tuned: OPENBLAS_NUM_THREADS
and OMP_WAIT_POLICY=PASSIVE as well. On this project's 2-core machine the default configuration at
--threads 2 took 2.4 s per step against 1.0 s tuned (OpenMP's spinning threads compete with OpenBLAS's).
"""
import argparse
import json
import math
import os

from torch_threads import CONFIGS, load_torch
from peer_common import timed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--len", type=int, default=100)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--eta", type=float, default=0.05)
    ap.add_argument("--config", choices=CONFIGS, default="default",
                    help="default: only torch.set_num_threads; tuned: also OPENBLAS_NUM_THREADS and OMP_WAIT_POLICY=PASSIVE")
    a = ap.parse_args()
    torch = load_torch(a.threads, a.config)
    torch.manual_seed(0)
    n, nx, ny, N, L = a.n, 1, 1, a.batch, a.len
    dt = torch.float64
    Wt = (math.sqrt(0.5) * torch.randn(n, n, dtype=dt)).requires_grad_()
    Ft = torch.randn(n, nx, dtype=dt).requires_grad_()
    Ct = torch.randn(ny, n, dtype=dt).requires_grad_()
    x = torch.randn(N, L, nx, dtype=dt)
    y = torch.randn(N, L, ny, dtype=dt)

    def step():
        W, F, C = Wt / math.sqrt(n), Ft / math.sqrt(nx), Ct / math.sqrt(n)
        h = torch.zeros(N, n, dtype=dt)
        outs = []
        for k in range(L):
            h = h @ W.T + x[:, k] @ F.T
            outs.append(h @ C.T)
        yhat = torch.stack(outs, dim=1)
        loss = ((yhat - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            for p in (Wt, Ft, Ct):
                p -= a.eta * p.grad
                p.grad = None
        return loss.item()

    times = sorted(t * 1e3 for t in timed(step, a.reps, warmup=1))
    print(json.dumps({"peer": "torch-gd-step", "config": a.config, "torch": torch.__version__,
                      "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS", "unset"),
                      "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", "unset"), "n": n, "N": N, "L": L,
                      "threads": a.threads, "reps": a.reps, "ms": round(times[len(times) // 2], 3),
                      "min_ms": round(times[0], 3)}), flush=True)


if __name__ == "__main__":
    main()
