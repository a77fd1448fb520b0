"""Shared by the peer scripts: loading numpy with a checked OpenBLAS thread count, and timing a call."""
import os
import sys
import time


def load_numpy(threads, script):
    """Imports numpy after checking that OPENBLAS_NUM_THREADS equals `threads` (OpenBLAS reads it when it loads);
    returns (numpy, "name version" of its BLAS, or "unknown")."""
    env = os.environ.get("OPENBLAS_NUM_THREADS")
    if env != str(threads):
        sys.exit(f"{script}: OPENBLAS_NUM_THREADS={env!r} but --threads {threads}: set the variable before starting "
                 "python")
    import numpy as np
    blas = "unknown"
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg["Build Dependencies"]["blas"]["name"] + " " + str(cfg["Build Dependencies"]["blas"].get("version", ""))
    except Exception:  # older numpy
        pass
    return np, blas.strip()


def timed(fn, reps, warmup=0):
    """Calls fn() `warmup` times untimed, then `reps` times; returns the wall seconds of each timed call."""
    for _ in range(warmup):
        fn()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return ts
