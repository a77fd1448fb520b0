#!/usr/bin/python3
"""GEMM peer: PyTorch CPU matmul, one JSON line per (dtype, n). Run with /usr/bin/python3.

Threads: torch.set_num_threads(--threads), and OPENBLAS_NUM_THREADS=--threads for the OpenBLAS under
Debian's torch. Time: median of --reps calls after one warm-up call.
If torch cannot be imported, says so on stderr and exits with status 3.
"""
import argparse
import json
import os
import statistics
import sys

from peer_common import timed

p = argparse.ArgumentParser(description=__doc__)
p.add_argument("sizes", nargs="*", type=int, default=[256, 1000, 2048])
p.add_argument("--threads", type=int, required=True)
p.add_argument("--reps", type=int, default=5)
args = p.parse_args()

# Debian's PyTorch multiplies on OpenBLAS (pthreads), which ignores torch.set_num_threads: pin its thread
# count to --threads before torch loads it (an OPENBLAS_NUM_THREADS already set wins)
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(args.threads))
try:
    import torch
except Exception as e:  # not installed, or still installing (see /tmp/torch-install.log)
    print(f"torch_gemm: PyTorch is NOT importable by {sys.executable} ({type(e).__name__}: {e}); "
          "no torch numbers in this run", file=sys.stderr)
    sys.exit(3)

torch.set_num_threads(args.threads)
torch.manual_seed(42)
for dtype in (torch.float64, torch.float32):
    for n in args.sizes:
        a = torch.rand(n, n, dtype=dtype) * 2 - 1
        b = torch.rand(n, n, dtype=dtype) * 2 - 1
        c = torch.matmul(a, b)
        s = statistics.median(timed(lambda: torch.matmul(a, b, out=c), args.reps))
        print(json.dumps({"peer": "torch", "torch": torch.__version__, "threads": args.threads,
                          "dtype": str(dtype).replace("torch.", ""), "n": n, "ms": s * 1e3,
                          "gflops": 2.0 * n ** 3 / s * 1e-9}), flush=True)
