#!/usr/bin/env python3
"""GEMM peer: numpy matmul (OpenBLAS DGEMM/SGEMM), one JSON line per (dtype, n).

Threads come from the environment: set OPENBLAS_NUM_THREADS before starting Python (bench/run.sh does),
and pass the same number with --threads so that it is recorded. Time: median of --reps calls after one
warm-up call.
"""
import argparse
import json
import os
import statistics
import sys
import time

p = argparse.ArgumentParser(description=__doc__)
p.add_argument("sizes", nargs="*", type=int, default=[256, 1000, 2048])
p.add_argument("--threads", type=int, required=True, help="the value of OPENBLAS_NUM_THREADS (recorded)")
p.add_argument("--reps", type=int, default=5)
p.add_argument("--dtypes", default="float64,float32", help="comma-separated: float64, float32")
args = p.parse_args()

env = os.environ.get("OPENBLAS_NUM_THREADS")
if env != str(args.threads):
    sys.exit(f"numpy_gemm: OPENBLAS_NUM_THREADS={env!r} but --threads {args.threads}: set the variable before starting python")

import numpy as np  # noqa: E402  (after the thread check: OpenBLAS reads the variable at load)

blas = "unknown"
try:
    cfg = np.show_config(mode="dicts")
    blas = cfg["Build Dependencies"]["blas"]["name"] + " " + str(cfg["Build Dependencies"]["blas"].get("version", ""))
except Exception:  # older numpy
    pass

rng = np.random.default_rng(42)
for dtype in [np.dtype(d).type for d in args.dtypes.split(",")]:
    for n in args.sizes:
        a = rng.uniform(-1, 1, (n, n)).astype(dtype)
        b = rng.uniform(-1, 1, (n, n)).astype(dtype)
        c = a @ b
        times = []
        for _ in range(args.reps):
            t0 = time.perf_counter()
            np.matmul(a, b, out=c)
            times.append(time.perf_counter() - t0)
        s = statistics.median(times)
        print(json.dumps({"peer": "numpy", "blas": blas.strip(), "numpy": np.__version__, "threads": args.threads,
                          "dtype": np.dtype(dtype).name, "n": n, "ms": s * 1e3, "gflops": 2.0 * n ** 3 / s * 1e-9}),
              flush=True)
