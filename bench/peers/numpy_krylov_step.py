#!/usr/bin/env python3
"""Same-algorithm peer of lrnn's Krylov GD step (SPEC (K1), (K4)) in numpy on OpenBLAS, plus a stream-read peer.

The step is the one lrnn's RnnTrainer.krylov(m).apply(eta) takes for an RNN with n_x = n_y = 1 (the E1 shape),
written the way BLAS allows it:
  sweep (K1)   P_{j+1} = W P_j (dgemv), Q_{j+1} = Q_j W (dgemv), j < K-1: W is read TWICE per lag (lrnn's fused
               kernel reads it once for both);
  G_j = C P_j, dG = (2 / (N L)) (Rxx G - Rxy) from the data moments (formed once, untimed, as in lrnn);
  R_b = sum_a Q_a^T dG_{a+b+1} (one GEMM with the Hankel arrangement of dG), dC, dF, dD;
  W~ -= eta / sqrt(n) R P^T in place: scipy's dgemm with beta = 1 and overwrite_c (one read and one write of W, as
               lrnn's rankUpdate); without scipy, W -= R @ P^T (an n x n temporary: --update numpy forces this).
Parameterization as lrnn's LinearRnn: W = W~ / sqrt(n), F = F~ / sqrt(n_x), C = C~ / sqrt(n), W~, F~, C~ standard
normal. The sweep scales by 1/sqrt(n) per lag instead of forming W (as lrnn).

--check runs a small n against a direct simulation of the RNN (loss) and a finite difference (gradient) first.
--stream also times a streaming read of an array of W's bytes (np.dot(a, a)): the roofline's bandwidth.

Threads: set OPENBLAS_NUM_THREADS before starting Python and pass the same number with --threads (recorded).
Time: median of --reps steps after --warmup untimed ones. One JSON line per (n, K).
"""
import argparse
import json
import math
import statistics
import sys

from peer_common import load_numpy, timed

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument("--n", type=int, nargs="+", default=[4096])
p.add_argument("--lags", type=int, nargs="+", default=[100], help="K")
p.add_argument("--threads", type=int, required=True, help="the value of OPENBLAS_NUM_THREADS (recorded)")
p.add_argument("--reps", type=int, default=3)
p.add_argument("--warmup", type=int, default=1)
p.add_argument("--batch", type=int, default=50, help="N sequences (data moments only)")
p.add_argument("--len", type=int, default=100, help="L steps per sequence (data moments only)")
p.add_argument("--update", choices=["blas", "numpy"], default="blas")
p.add_argument("--stream", action="store_true", help="also time a streaming read of W's bytes")
p.add_argument("--check", action="store_true", help="verify the step at n = 40 first")
args = p.parse_args()

np, blas = load_numpy(args.threads, "numpy_krylov_step")  # checks OPENBLAS_NUM_THREADS before numpy loads

try:
    from scipy.linalg import blas as sblas
except ImportError:
    sblas = None
if args.update == "blas" and sblas is None:
    sys.exit("numpy_krylov_step: scipy is not installed: pass --update numpy")


def moments(x, y, k):
    """Rxx (K x K) and Rxy (K): lagged sums over the N sequences, zero before t = 0 (as lrnn's DataMoments)."""
    n_seq, length = x.shape
    t = np.zeros((n_seq, length, k))
    for j in range(k):
        t[:, j:, j] = x[:, :length - j]
    t = t.reshape(-1, k)
    return t.T @ t, t.T @ y.reshape(-1), float(y.reshape(-1) @ y.reshape(-1))


class Step:
    """The RNN's state (W~ (n x n), F~ (n), C~ (n), D) and one in-place Krylov GD step."""

    def __init__(self, n, k, rxx, rxy, yy, count, rng):
        self.n, self.k = n, k
        self.w = rng.standard_normal((n, n))
        self.f = rng.standard_normal(n)
        self.c = rng.standard_normal(n)
        self.d = 0.0
        self.rxx, self.rxy, self.yy, self.count = rxx, rxy, yy, count
        self.pb = np.empty((k, n))  # P_j as rows
        self.qb = np.empty((k, n))  # Q_j as rows

    def loss_grad(self):
        n, k = self.n, self.k
        s = 1 / math.sqrt(n)
        w, pb, qb = self.w, self.pb, self.qb
        pb[0] = self.f            # F = F~ / sqrt(n_x), n_x = 1
        qb[0] = self.c * s        # C = C~ / sqrt(n)
        for j in range(k - 1):    # (K1): two passes over W per lag
            np.dot(w, pb[j], out=pb[j + 1])
            pb[j + 1] *= s
            np.dot(qb[j], w, out=qb[j + 1])
            qb[j + 1] *= s
        g = pb @ qb[0]            # G_j = C P_j
        g[0] += self.d
        c2 = 2.0 / self.count
        loss = (g @ self.rxx @ g - 2 * g @ self.rxy + self.yy) / self.count
        dg = c2 * (self.rxx @ g - self.rxy)
        dc = s * (dg @ pb)        # sum_j dG_j P_j^T
        df = dg @ qb              # sum_j Q_j^T dG_j (1/sqrt(n_x) = 1)
        # R_b = sum_a Q_a^T dG_{a+b+1}: Hankel H[a, b] = dG_{a+b+1}
        idx = np.arange(k)[:, None] + np.arange(k - 1)[None, :] + 1
        h = np.where(idx < k, dg[np.minimum(idx, k - 1)], 0.0)
        r = qb.T @ h              # n x (K-1)
        return loss, dc, df, dg[0], r

    def apply(self, eta):
        loss, dc, df, dd, r = self.loss_grad()
        s = 1 / math.sqrt(self.n)
        pk = self.pb[: self.k - 1]  # (K-1) x n
        if args.update == "blas":
            # W~ += alpha R P^T in place. W (row-major) is W^T in column-major: W^T += alpha P R^T.
            wt = self.w.T
            sblas.dgemm(-eta * s, pk.T, r.T, beta=1.0, c=wt, overwrite_c=1)
        else:
            self.w -= (eta * s) * (r @ pk)
        self.c -= eta * dc
        self.f -= eta * df
        self.d -= eta * dd
        return loss


def check():
    """n = 40, K = L: the moments loss against a direct simulation, dW~ against a central difference."""
    rng = np.random.default_rng(5)
    n, n_seq, length = 40, 3, 12
    x, y = rng.standard_normal((n_seq, length)), rng.standard_normal((n_seq, length))
    rxx, rxy, yy = moments(x, y, length)
    st = Step(n, length, rxx, rxy, yy, n_seq * length, rng)

    def direct(wt):
        s = 1 / math.sqrt(n)
        h = np.zeros((n_seq, n))
        err = 0.0
        for t in range(length):
            h = h @ (wt * s).T + np.outer(x[:, t], st.f)
            err += np.sum((h @ (st.c * s) + st.d * x[:, t] - y[:, t]) ** 2)
        return err / (n_seq * length)

    loss, _, _, _, r = st.loss_grad()
    assert abs(loss - direct(st.w)) <= 1e-10 * max(1, abs(loss)), (loss, direct(st.w))
    dw = (r @ st.pb[: length - 1]) / math.sqrt(n)
    i, j, e = 3, 7, 1e-6
    wp, wm = st.w.copy(), st.w.copy()
    wp[i, j] += e
    wm[i, j] -= e
    fd = (direct(wp) - direct(wm)) / (2 * e)
    assert abs(fd - dw[i, j]) <= 1e-6 * max(1, abs(fd)), (fd, dw[i, j])
    before = st.w.copy()
    st.apply(0.1)
    assert np.allclose(st.w, before - 0.1 * dw, rtol=0, atol=1e-14), "in-place update"
    print(json.dumps({"peer": "numpy-krylov-check", "loss": loss, "fd": fd, "dw": dw[i, j], "ok": True}), flush=True)


if args.check:
    check()

rng = np.random.default_rng(7)
x, y = rng.standard_normal((args.batch, args.len)), rng.standard_normal((args.batch, args.len))
for n in args.n:
    if args.stream:
        a = np.full(n * n, 1e-3)
        sec = statistics.median(timed(lambda: a @ a, max(3, args.reps), warmup=1))
        print(json.dumps({"peer": "numpy-stream", "blas": blas, "threads": args.threads, "n": n,
                          "bytes": 8 * n * n, "ms": sec * 1e3, "gbs": 8 * n * n / sec * 1e-9}), flush=True)
        del a
    for k in args.lags:
        rxx, rxy, yy = moments(x, y, k)
        st = Step(n, k, rxx, rxy, yy, args.batch * args.len, np.random.default_rng(1))
        ts = timed(lambda: st.apply(1e-4), args.reps, warmup=args.warmup)
        sec = statistics.median(ts)
        # bytes of W moved: 2 (K-1) reads in the sweep, one read and one write in the update
        moved = (2 * (k - 1) + 2) * 8 * n * n
        print(json.dumps({"peer": "numpy-krylov", "blas": blas, "numpy": np.__version__,
                          "update": args.update, "threads": args.threads, "n": n, "K": k, "ms": sec * 1e3,
                          "min_ms": min(ts) * 1e3, "gbs": moved / sec * 1e-9}), flush=True)
        del st
