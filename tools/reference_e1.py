#!/usr/bin/env python3
"""Independent float64 implementation of experiment E1 (SPEC §1-§5) in numpy, for cross-checking
`./lrnn dynamics --data DIR --init DIR`. It shares no code with lrnn: explicit time loops for the RNN
(forward pass and BPTT), an explicit block-Toeplitz matrix for the convolutions.

Usage:
  python3 tools/reference_e1.py make DIR [--n 64 --len 12 --train 8 --test 6 --nx 2 --ny 2 --seed 0]
      writes DIR/data/{x,y}_{train,test}.npy and DIR/init/{W,F,C}.npy
  python3 tools/reference_e1.py check DIR OUT/dynamics.csv [--eta 0.05 --steps 300 --log-every 10
      --nu-w 0.5 --nu-f 1 --nu-c 1]
      recomputes the curves and prints the largest relative difference to the CSV (exit 1 if > 1e-9)
"""
import argparse
import sys

import numpy as np


def make(a):
    rng = np.random.default_rng(a.seed)
    for split, count in (("train", a.train), ("test", a.test)):
        x = rng.standard_normal((count, a.len, a.nx))
        y = rng.standard_normal((count, a.len, a.ny))
        np.save(f"{a.dir}/data/x_{split}.npy", x)
        np.save(f"{a.dir}/data/y_{split}.npy", y)
    np.save(f"{a.dir}/init/W.npy", np.sqrt(0.5) * rng.standard_normal((a.n, a.n)))
    np.save(f"{a.dir}/init/F.npy", rng.standard_normal((a.n, a.nx)))
    np.save(f"{a.dir}/init/C.npy", rng.standard_normal((a.ny, a.n)))


def rnn_forward(Wt, Ft, Ct, x):
    n, nx = Ft.shape
    W, F, C = Wt / np.sqrt(n), Ft / np.sqrt(nx), Ct / np.sqrt(n)
    N, L, _ = x.shape
    h = np.zeros((N, n))
    hs, ys = [], []
    for k in range(L):
        h = h @ W.T + x[:, k] @ F.T
        hs.append(h)
        ys.append(h @ C.T)
    return np.stack(hs, 1), np.stack(ys, 1)


def rnn_grad(Wt, Ft, Ct, x, y):
    n, nx = Ft.shape
    ny = Ct.shape[0]
    W, C = Wt / np.sqrt(n), Ct / np.sqrt(n)
    H, Yh = rnn_forward(Wt, Ft, Ct, x)
    N, L, _ = x.shape
    E = 2.0 / (N * L * ny) * (Yh - y)
    dW = np.zeros((n, n)); dF = np.zeros((n, nx)); dC = np.zeros((ny, n))
    g = np.zeros((N, n))
    for k in reversed(range(L)):
        g = E[:, k] @ C + g @ W
        dC += E[:, k].T @ H[:, k]
        dF += g.T @ x[:, k]
        if k > 0:
            dW += g.T @ H[:, k - 1]
        g = g  # carried to step k-1 through W in the next iteration
    return dW / np.sqrt(n), dF / np.sqrt(nx), dC / np.sqrt(n)


def toeplitz(x, K):
    N, L, nx = x.shape
    T = np.zeros((N * L, K * nx))
    for i in range(N):
        for k in range(L):
            for j in range(min(K, k + 1)):
                T[i * L + k, j * nx:(j + 1) * nx] = x[i, k - j]
    return T


def check(a):
    d = a.dir
    xtr, ytr = np.load(f"{d}/data/x_train.npy"), np.load(f"{d}/data/y_train.npy")
    xte, yte = np.load(f"{d}/data/x_test.npy"), np.load(f"{d}/data/y_test.npy")
    Wt, Ft, Ct = np.load(f"{d}/init/W.npy"), np.load(f"{d}/init/F.npy"), np.load(f"{d}/init/C.npy")
    n, nx = Ft.shape
    ny = Ct.shape[0]
    N, L, _ = xtr.shape
    K = L
    mse = lambda yh, y: float(np.mean((yh - y) ** 2))
    logged = lambda t: t % a.log_every == 0 or t == a.steps
    rows = {}
    # RNN
    w, f, c = Wt.copy(), Ft.copy(), Ct.copy()
    for t in range(a.steps + 1):
        if logged(t):
            rows.setdefault(t, {})["train_rnn"] = mse(rnn_forward(w, f, c, xtr)[1], ytr)
            rows[t]["test_rnn"] = mse(rnn_forward(w, f, c, xte)[1], yte)
        if t < a.steps:
            gw, gf, gc = rnn_grad(w, f, c, xtr, ytr)
            w, f, c = w - a.eta * gw, f - a.eta * gf, c - a.eta * gc
    # impulse response G_j = C W^j F, stacked as (K nx, ny)
    W, F, C = Wt / np.sqrt(n), Ft / np.sqrt(nx), Ct / np.sqrt(n)
    G0 = np.zeros((K * nx, ny))
    P = F.copy()
    for j in range(K):
        G0[j * nx:(j + 1) * nx] = (C @ P).T
        P = W @ P
    lam = np.array([((a.nu_c + a.nu_f) * a.nu_w ** j + j * a.nu_c * a.nu_f * (a.nu_w ** (j - 1) if j else 0)) / nx
                    for j in range(K)])
    Ttr, Tte = toeplitz(xtr, K), toeplitz(xte, K)
    Ytr, Yte = ytr.reshape(-1, ny), yte.reshape(-1, ny)
    for name, scale, G in (("scaled", np.repeat(lam, nx), G0.copy()), ("conv", np.ones(K * nx), np.zeros_like(G0))):
        for t in range(a.steps + 1):
            if logged(t):
                rows[t][f"train_{name}"] = mse(Ttr @ G, Ytr)
                rows[t][f"test_{name}"] = mse(Tte @ G, Yte)
            if t < a.steps:
                dG = 2.0 / (N * L * ny) * Ttr.T @ (Ttr @ G - Ytr)
                G = G - a.eta * scale[:, None] * dG
    lines = open(a.csv).read().strip().split("\n")
    header = lines[0].split(",")
    worst = 0.0
    for line in lines[1:]:
        vals = dict(zip(header, map(float, line.split(","))))
        t = int(vals["step"])
        for k, v in rows[t].items():
            worst = max(worst, abs(vals[k] - v) / abs(v))
    if len(lines) - 1 != len(rows):
        sys.exit(f"row count {len(lines) - 1} != {len(rows)}")
    print(f"rows={len(rows)} max_relative_difference={worst:.3e}")
    sys.exit(0 if worst < 1e-9 else 1)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make")
    m.add_argument("dir")
    for k, v in (("n", 64), ("len", 12), ("train", 8), ("test", 6), ("nx", 2), ("ny", 2), ("seed", 0)):
        m.add_argument(f"--{k}", type=int, default=v)
    c = sub.add_parser("check")
    c.add_argument("dir")
    c.add_argument("csv")
    c.add_argument("--eta", type=float, default=0.05)
    c.add_argument("--steps", type=int, default=300)
    c.add_argument("--log-every", type=int, default=10)
    c.add_argument("--nu-w", type=float, default=0.5)
    c.add_argument("--nu-f", type=float, default=1.0)
    c.add_argument("--nu-c", type=float, default=1.0)
    a = ap.parse_args()
    if a.cmd == "make":
        import os
        os.makedirs(f"{a.dir}/data", exist_ok=True)
        os.makedirs(f"{a.dir}/init", exist_ok=True)
        make(a)
    else:
        check(a)


if __name__ == "__main__":
    main()
