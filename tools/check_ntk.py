#!/usr/bin/env python3
"""Independent check of `lrnn ntk`: the Gram it writes equals J J^T, with J the Jacobian of every output of the
training sequences with respect to the tilde parameters (W~, F~, C~[, D~]) computed by PyTorch autograd
(SPEC (1), (3), (13)). Needs numpy and PyTorch (Debian: apt-get install python3-torch; use /usr/bin/python3).

  /usr/bin/python3 tools/check_ntk.py make DIR [--n 300] [--nx 2] [--ny 2] [--N 50] [--L 20] [--with-d] [--seed 0]
      writes DIR/data/x_train.npy (N, L, n_x), DIR/data/y_train.npy (N, L, n_y) and DIR/init/{W,F,C[,D]}.npy
  ./lrnn ntk --data DIR/data --init DIR/init --out DIR/out
  /usr/bin/python3 tools/check_ntk.py check DIR
      prints one JSON line: relative Frobenius difference of DIR/out/gram.npy from J J^T, the shapes, the
      Jacobian's time, and lrnn's time from DIR/out/ntk.json
"""
import argparse
import json
import os
import sys
import time

import numpy as np


def make(args):
    rng = np.random.default_rng(args.seed)
    n, nx, ny, N, L = args.n, args.nx, args.ny, args.N, args.L
    os.makedirs(os.path.join(args.dir, "data"), exist_ok=True)
    os.makedirs(os.path.join(args.dir, "init"), exist_ok=True)
    np.save(os.path.join(args.dir, "data", "x_train.npy"), rng.standard_normal((N, L, nx)))
    np.save(os.path.join(args.dir, "data", "y_train.npy"), rng.standard_normal((N, L, ny)))
    init = os.path.join(args.dir, "init")
    np.save(os.path.join(init, "W.npy"), rng.normal(0, np.sqrt(0.5), (n, n)))
    np.save(os.path.join(init, "F.npy"), rng.standard_normal((n, nx)))
    np.save(os.path.join(init, "C.npy"), rng.standard_normal((ny, n)))
    if args.with_d:
        np.save(os.path.join(init, "D.npy"), rng.standard_normal((ny, nx)))


def check(args):
    import torch
    torch.set_default_dtype(torch.float64)
    x = torch.from_numpy(np.load(os.path.join(args.dir, "data", "x_train.npy")))
    init = os.path.join(args.dir, "init")
    wt = torch.from_numpy(np.load(os.path.join(init, "W.npy")).astype(np.float64))
    ft = torch.from_numpy(np.load(os.path.join(init, "F.npy")))
    ct = torch.from_numpy(np.load(os.path.join(init, "C.npy")))
    dpath = os.path.join(init, "D.npy")
    dt = torch.from_numpy(np.load(dpath)) if os.path.exists(dpath) else None
    N, L, nx = x.shape
    n, ny = wt.shape[0], ct.shape[0]

    def outputs(*theta):
        w, f, c = theta[0] / n ** 0.5, theta[1] / nx ** 0.5, theta[2] / n ** 0.5
        h = torch.zeros(N, n)
        ys = []
        for k in range(L):
            h = h @ w.T + x[:, k, :] @ f.T
            y = h @ c.T
            if len(theta) > 3:
                y = y + x[:, k, :] @ (theta[3] / nx ** 0.5).T
            ys.append(y)
        return torch.stack(ys, dim=1).reshape(-1)  # index (i L + k) n_y + b

    params = (wt, ft, ct) + ((dt,) if dt is not None else ())
    t0 = time.perf_counter()
    jac = torch.autograd.functional.jacobian(outputs, params, vectorize=True)
    j = torch.cat([b.reshape(b.shape[0], -1) for b in jac], dim=1)
    gram = (j @ j.T).numpy()
    seconds = time.perf_counter() - t0
    got = np.load(os.path.join(args.dir, "out", "gram.npy"))
    rel = float(np.linalg.norm(got - gram) / np.linalg.norm(gram))
    with open(os.path.join(args.dir, "out", "ntk.json")) as fh:
        meta = json.load(fh)
    print(json.dumps({"relative_frobenius": rel, "n": n, "n_x": nx, "n_y": ny, "N": N, "L": L,
                      "with_D": dt is not None, "gram_shape": list(got.shape), "torch_jacobian_seconds": seconds,
                      "lrnn_seconds": meta["seconds"]}))
    return 0 if rel < 1e-10 else 1


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make")
    m.add_argument("dir")
    m.add_argument("--n", type=int, default=300)
    m.add_argument("--nx", type=int, default=2)
    m.add_argument("--ny", type=int, default=2)
    m.add_argument("--N", type=int, default=50)
    m.add_argument("--L", type=int, default=20)
    m.add_argument("--with-d", action="store_true")
    m.add_argument("--seed", type=int, default=0)
    c = sub.add_parser("check")
    c.add_argument("dir")
    args = ap.parse_args()
    if args.cmd == "make":
        make(args)
        return 0
    return check(args)


if __name__ == "__main__":
    sys.exit(main())
