#!/usr/bin/env python3
"""GEMM peer: numpy matmul (OpenBLAS DGEMM/SGEMM), one JSON line per (dtype, n).

Threads come from the environment: set OPENBLAS_NUM_THREADS before starting Python (bench/run.sh does),
and pass the same number with --threads so that it is recorded. Time: median of --reps calls after one
warm-up call.
"""
import argparse
import json
import statistics

from peer_common import load_numpy, timed

p = argparse.ArgumentParser(description=__doc__)
p.add_argument("sizes", nargs="*", type=int, default=[256, 1000, 2048])
p.add_argument("--threads", type=int, required=True, help="the value of OPENBLAS_NUM_THREADS (recorded)")
p.add_argument("--reps", type=int, default=5)
p.add_argument("--dtypes", default="float64,float32", help="comma-separated: float64, float32")
args = p.parse_args()

np, blas = load_numpy(args.threads, "numpy_gemm")  # checks OPENBLAS_NUM_THREADS before numpy loads

rng = np.random.default_rng(42)
for dtype in [np.dtype(d).type for d in args.dtypes.split(",")]:
    for n in args.sizes:
        a = rng.uniform(-1, 1, (n, n)).astype(dtype)
        b = rng.uniform(-1, 1, (n, n)).astype(dtype)
        c = a @ b
        s = statistics.median(timed(lambda: np.matmul(a, b, out=c), args.reps))
        print(json.dumps({"peer": "numpy", "blas": blas, "numpy": np.__version__, "threads": args.threads,
                          "dtype": np.dtype(dtype).name, "n": n, "ms": s * 1e3, "gflops": 2.0 * n ** 3 / s * 1e-9}),
              flush=True)
