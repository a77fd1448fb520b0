#!/usr/bin/env python3
"""Same-algorithm PyTorch peer of lrnn's Krylov GD step (SPEC (K1), (K4)), float64, n_x = n_y = 1.

The algorithm of bench/peers/numpy_krylov_step.py (see there) in torch: the sweep P_{j+1} = W P_j,
Q_{j+1} = Q_j W as two torch.mv per lag (W read twice per lag), G, dG from the data moments (formed once,
untimed), R by one matmul with the Hankel arrangement of dG, and W~ -= eta / sqrt(n) R P^T in place
(Tensor.addmm_: one read and write of W). No autograd: this is the algorithm, on torch's BLAS.
--check compares the step with the numpy peer's on the same data (to rounding) at n = 300.

Usage: /usr/bin/python3 bench/peers/torch_krylov_step.py --threads 2 [--config tuned] [--n 4096] [--lags 100]
Threads: see torch_threads.py (tuned: OpenBLAS pinned to --threads, OpenMP passive). One JSON line per (n, K).
"""
import argparse
import json
import math
import os
import statistics

from torch_threads import CONFIGS, load_torch
from peer_common import timed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, nargs="+", default=[4096])
    ap.add_argument("--lags", type=int, nargs="+", default=[100])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--len", type=int, default=100)
    ap.add_argument("--config", choices=CONFIGS, default="tuned")
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    torch = load_torch(a.threads, a.config)
    dt = torch.float64

    def moments(x, y, k):
        n_seq, length = x.shape
        t = torch.zeros(n_seq, length, k, dtype=dt)
        for j in range(k):
            t[:, j:, j] = x[:, :length - j]
        t = t.reshape(-1, k)
        yv = y.reshape(-1)
        return t.T @ t, t.T @ yv, float(yv @ yv)

    class Step:
        def __init__(self, w, f, c, k, rxx, rxy, yy, count):
            self.n, self.k = w.shape[0], k
            self.w, self.f, self.c, self.d = w, f, c, 0.0
            self.rxx, self.rxy, self.yy, self.count = rxx, rxy, yy, count
            self.pb = torch.empty(k, self.n, dtype=dt)
            self.qb = torch.empty(k, self.n, dtype=dt)
            idx = torch.arange(k)[:, None] + torch.arange(k - 1)[None, :] + 1
            self.hmask = idx < k
            self.hidx = idx.clamp(max=k - 1)

        def apply(self, eta):
            n, k = self.n, self.k
            s = 1 / math.sqrt(n)
            w, pb, qb = self.w, self.pb, self.qb
            pb[0] = self.f
            qb[0] = self.c * s
            for j in range(k - 1):  # (K1): two passes over W per lag
                torch.mv(w, pb[j], out=pb[j + 1])
                pb[j + 1] *= s
                torch.mv(w.T, qb[j], out=qb[j + 1])
                qb[j + 1] *= s
            g = pb @ qb[0]
            g[0] += self.d
            loss = float((g @ self.rxx @ g - 2 * g @ self.rxy + self.yy) / self.count)
            dg = (2.0 / self.count) * (self.rxx @ g - self.rxy)
            dc = s * (dg @ pb)
            df = dg @ qb
            h = torch.where(self.hmask, dg[self.hidx], torch.zeros((), dtype=dt))
            r = qb.T @ h
            w.addmm_(r, pb[: k - 1], alpha=-eta * s)  # W~ -= eta/sqrt(n) R P^T, in place
            self.c -= eta * dc
            self.f -= eta * df
            self.d -= eta * float(dg[0])
            return loss

    gen = torch.Generator().manual_seed(7)
    x = torch.randn(a.batch, a.len, dtype=dt, generator=gen)
    y = torch.randn(a.batch, a.len, dtype=dt, generator=gen)
    if a.check:
        # the same step in float64 numpy (no BLAS update), on the same numbers: agree to rounding
        import numpy as np
        n, k = 300, 20
        rxx, rxy, yy = moments(x, y, k)
        w0 = torch.randn(n, n, dtype=dt, generator=gen)
        f0 = torch.randn(n, dtype=dt, generator=gen)
        c0 = torch.randn(n, dtype=dt, generator=gen)
        st = Step(w0.clone(), f0.clone(), c0.clone(), k, rxx, rxy, yy, a.batch * a.len)
        st.apply(0.1)
        wn, fn, cn = w0.numpy(), f0.numpy(), c0.numpy()
        s = 1 / math.sqrt(n)
        pb, qb = np.empty((k, n)), np.empty((k, n))
        pb[0], qb[0] = fn, cn * s
        for j in range(k - 1):
            pb[j + 1], qb[j + 1] = s * (wn @ pb[j]), s * (qb[j] @ wn)
        g = pb @ qb[0]
        dg = (2.0 / (a.batch * a.len)) * (rxx.numpy() @ g - rxy.numpy())
        hk = np.array([[dg[i + b + 1] if i + b + 1 < k else 0.0 for b in range(k - 1)] for i in range(k)])
        wexp = wn - 0.1 * s * ((qb.T @ hk) @ pb[: k - 1])
        err = float(np.max(np.abs(st.w.numpy() - wexp)))
        assert err < 1e-12, err
        print(json.dumps({"peer": "torch-krylov-check", "n": n, "K": k, "max_abs_diff_w": err, "ok": True}), flush=True)

    for n in a.n:
        for k in a.lags:
            rxx, rxy, yy = moments(x, y, k)
            g2 = torch.Generator().manual_seed(1)
            st = Step(torch.randn(n, n, dtype=dt, generator=g2), torch.randn(n, dtype=dt, generator=g2),
                      torch.randn(n, dtype=dt, generator=g2), k, rxx, rxy, yy, a.batch * a.len)
            ts = timed(lambda: st.apply(1e-4), a.reps, warmup=a.warmup)
            sec = statistics.median(ts)
            moved = (2 * (k - 1) + 2) * 8 * n * n
            print(json.dumps({"peer": "torch-krylov", "config": a.config, "torch": torch.__version__,
                              "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS", "unset"),
                              "threads": a.threads, "n": n, "K": k, "ms": sec * 1e3, "min_ms": min(ts) * 1e3,
                              "gbs": moved / sec * 1e-9}), flush=True)
            del st


if __name__ == "__main__":
    main()
