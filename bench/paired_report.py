#!/usr/bin/env python3
"""Markdown table for `bench/run.sh paired`: per quantity and thread count, the lrnn and peer times of every
round (median of each run's reps), the ratio peer/lrnn per round, and the median of those ratios. The
PyTorch GD step comes in two configurations (bench/peers/torch_gd_step.py --config): default threads and
tuned threads."""
import json
import statistics
import sys

rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{")]
rounds = sorted({r["round"] for r in rows})


def pick(round_, **kv):
    for r in rows:
        # rows written before the torch peer had --config were the default configuration
        if r["round"] == round_ and all(r.get(k, "default" if k == "config" else None) == v for k, v in kv.items()):
            return r
    return None


cases = [
    ("DGEMM n = 2048 (speed vs numpy/OpenBLAS)", dict(lrnn="paired", what="gemm", dtype="float64"), dict(peer="numpy", dtype="float64", n=2048)),
    ("SGEMM n = 2048 (speed vs numpy/OpenBLAS)", dict(lrnn="paired", what="gemm", dtype="float32"), dict(peer="numpy", dtype="float32", n=2048)),
    ("GD step, BPTT path (speed-up over PyTorch, default threads)", dict(lrnn="paired", what="gdstep", path="bptt"), dict(peer="torch-gd-step", config="default")),
    ("GD step, BPTT path (speed-up over PyTorch, tuned threads)", dict(lrnn="paired", what="gdstep", path="bptt"), dict(peer="torch-gd-step", config="tuned")),
    ("GD step, Krylov path (speed-up over PyTorch, default threads)", dict(lrnn="paired", what="gdstep", path="krylov"), dict(peer="torch-gd-step", config="default")),
    ("GD step, Krylov path (speed-up over PyTorch, tuned threads)", dict(lrnn="paired", what="gdstep", path="krylov"), dict(peer="torch-gd-step", config="tuned")),
]
print("| quantity | threads | lrnn ms per round | peer ms per round | peer / lrnn per round | median ratio |")
print("|---|---|---|---|---|---|")
for name, mine, theirs in cases:
    for t in (1, 2):
        ours, peers, ratios = [], [], []
        for rd in rounds:
            a, b = pick(rd, threads=t, **mine), pick(rd, threads=t, **theirs)
            if a is None or b is None:
                continue
            ours.append(a["ms"])
            peers.append(b["ms"])
            ratios.append(b["ms"] / a["ms"])
        if not ratios:
            continue
        fmt = lambda xs, d: ", ".join(f"{x:.{d}f}" for x in xs)
        print(f"| {name} | {t} | {fmt(ours, 1)} | {fmt(peers, 1)} | {fmt(ratios, 2)} | **{statistics.median(ratios):.2f}** |")
