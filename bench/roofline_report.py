#!/usr/bin/env python3
"""Markdown tables for bench/run.sh krylov-peers and roofline (issue 12).

Usage: python3 bench/roofline_report.py [results folder, default bench/target/results]
Reads krylov-peers.jsonl (lrnn's Krylov GD step, PairedTiming krylovstep, against numpy_krylov_step.py and
torch_krylov_step.py, with numpy's stream-read peer) and roofline.jsonl (lrnn.bench.Roofline at each width),
whichever exist. Bytes of W per step: lrnn reads it K-1 times in the fused sweep and reads and writes it once in
the update (K+1 passes); the peers read it twice per lag (2K passes).
"""
import collections
import json
import os
import statistics
import sys


def load(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.startswith("{")]


def krylov(rows):
    lr, npy, tor, st = {}, {}, {}, {}
    for r in rows:
        if r.get("lrnn") == "paired":
            lr[(r["threads"], r["n"], r["K"])] = r
        elif r.get("peer") == "numpy-krylov":
            npy[(r["threads"], r["n"], r["K"])] = r
        elif r.get("peer") == "torch-krylov":
            tor[(r["threads"], r["n"], r["K"])] = r
        elif r.get("peer") == "numpy-stream":
            st[(r["threads"], r["n"])] = r
    if not lr:
        return
    fmt = lambda x, f: (f % x) if x is not None else "—"
    print("| threads | n | K | lrnn step (ms) | numpy (ms) | PyTorch (ms) | numpy / lrnn | PyTorch / lrnn "
          "| lrnn GB/s (K+1 passes) | numpy GB/s (2K passes) | stream-read peer GB/s | lrnn % of stream |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for key in sorted(lr):
        t, n, k = key
        ms = lr[key]["ms"]
        nm = npy.get(key, {}).get("ms")
        tm = tor.get(key, {}).get("ms")
        s = st.get((t, n), {}).get("gbs")
        gbs = (k + 1) * 8 * n * n / (ms / 1e3) / 1e9
        print(f"| {t} | {n} | {k} | {ms:.1f} | {fmt(nm, '%.1f')} | {fmt(tm, '%.1f')} | "
              f"{fmt(nm / ms if nm else None, '%.2fx')} | {fmt(tm / ms if tm else None, '%.2fx')} | {gbs:.1f} | "
              f"{fmt(npy.get(key, {}).get('gbs'), '%.1f')} | {fmt(s, '%.1f')} | "
              f"{fmt(100 * gbs / s if s else None, '%.0f%%')} |")
    print()


def roofline(rows):
    if not rows:
        return
    d = collections.defaultdict(list)
    for r in rows:
        d[(r["roofline"], r["dtype"], r["threads"], r["kernels"])].append(r)
    widths = sorted({k[3] for k in d}, key=lambda w: -int(w.split("-")[1]))
    order = ["peak", "stream", "dgemm", "sgemm", "krylov", "rankUpdate-k99"]
    kinds = sorted({(k[0], k[1]) for k in d}, key=lambda x: (order.index(x[0]) if x[0] in order else 99, x[1]))
    head = "| kernel | dtype | threads | " + " | ".join(f"{w}: GFLOP/s | GB/s | % of ceiling" for w in widths)
    print(head + " | bound |")
    print("|---" * (3 + 3 * len(widths) + 1) + "|")
    for kern, dt in kinds:
        for t in sorted({k[2] for k in d}):
            cells, bound = [], ""
            for w in widths:
                rs = d.get((kern, dt, t, w), [])
                if not rs:
                    cells += ["—"] * 3
                    continue
                g = statistics.median(r["gflops"] for r in rs)
                b = statistics.median(r["gbs"] for r in rs)
                p = statistics.median(r["pct_of_ceiling"] for r in rs)
                bound = rs[0]["bound"]
                cells += [f"{g:.1f}" if g else "", f"{b:.1f}" if b else "", f"{p:.0f}%"]
            print(f"| {kern} | {dt} | {t} | " + " | ".join(cells) + f" | {bound} |")
    print()


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "bench/target/results"
    krylov(load(os.path.join(out, "krylov-peers.jsonl")))
    roofline(load(os.path.join(out, "roofline.jsonl")))
