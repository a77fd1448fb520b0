#!/usr/bin/env python3
"""Prints the benchmark tables (markdown) from the JMH CSV files and the peers' JSON lines in a results folder.

Usage: report.py RESULTS_DIR. GFLOP/s are computed from the measured times with the flop counts below;
they are the same formulas as in docs/benchmarks.md.
"""
import csv
import glob
import json
import os
import sys

d = sys.argv[1] if len(sys.argv) > 1 else "bench/target/results"


def jmh_rows():
    rows = []
    for f in sorted(glob.glob(os.path.join(d, "*.csv"))):
        with open(f) as fh:
            for r in csv.DictReader(fh):
                params = {k[len("Param: "):]: v for k, v in r.items() if k.startswith("Param: ") and v != ""}
                cls, meth = r["Benchmark"].split(".")[-2:]
                unit = r["Unit"]
                scale = {"ms/op": 1.0, "us/op": 1e-3, "ns/op": 1e-6, "s/op": 1e3}[unit]
                rows.append({"cls": cls, "meth": meth, "ms": float(r["Score"]) * scale,
                             "err": float(r["Score Error (99.9%)"] or 0) * scale if r["Score Error (99.9%)"] not in ("", "NaN") else float("nan"),
                             **params})
    return rows


def peers():
    out = []
    p = os.path.join(d, "peers.jsonl")
    if os.path.exists(p):
        with open(p) as fh:
            out = [json.loads(line) for line in fh if line.strip().startswith("{")]
    return out


R = jmh_rows()
P = peers()


def find(cls, meth, **kw):
    for r in R:
        if r["cls"] == cls and r["meth"] == meth and all(str(r.get(k)) == str(v) for k, v in kw.items()):
            return r
    return None


def gf(flops, ms):
    return flops / (ms * 1e-3) * 1e-9


def fmt(x, nd=1):
    return "—" if x is None or x != x else f"{x:.{nd}f}"


# ---- GEMM -------------------------------------------------------------------------------------------
sizes = sorted({int(r["n"]) for r in R if r["cls"] == "GemmBench"})
if sizes:
    print("### GEMM, C = A B, n x n (2 n^3 flops); GFLOP/s from the time\n")
    print("| n | kernel | threads | precision | time ms | GFLOP/s | vs OpenBLAS (numpy) same threads | vs EJML same threads |")
    print("|---|---|---|---|---|---|---|---|")
    for n in sizes:
        fl = 2.0 * n ** 3
        np_ = {(p["threads"], p["dtype"]): p for p in P if p["peer"] == "numpy" and p["n"] == n}
        th_ = {(p["threads"], p["dtype"]): p for p in P if p["peer"] == "torch" and p["n"] == n}
        ej = {1: find("GemmBench", "ejmlMult", n=n, bits=0), 2: find("GemmBench", "ejmlMult2T", n=n, bits=0)}
        lines = [("lrnn vector", "dgemmVector", 1, "float64"), ("lrnn vector", "dgemmVector2T", 2, "float64"),
                 ("lrnn scalar", "dgemmScalar", 1, "float64"),
                 ("EJML CommonOps_DDRM.mult", "ejmlMult", 1, "float64"), ("EJML CommonOps_MT_DDRM.mult", "ejmlMult2T", 2, "float64"),
                 ("lrnn vector", "sgemmVector", 1, "float32"), ("lrnn vector", "sgemmVector2T", 2, "float32")]
        for name, meth, th, dt in lines:
            r = find("GemmBench", meth, n=n, bits=0)
            if r is None:
                continue
            g = gf(fl, r["ms"])
            nb = np_.get((th, dt))
            vs_np = g / nb["gflops"] if nb else None
            e = ej.get(th)
            vs_ej = g / gf(fl, e["ms"]) if (e and dt == "float64" and not meth.startswith("ejml")) else None
            print(f"| {n} | {name} | {th} | {dt} | {fmt(r['ms'], 2)} | {fmt(g)} | {fmt(vs_np, 2)} | {fmt(vs_ej, 2)} |")
        for (th, dt), p in sorted(np_.items()):
            print(f"| {n} | numpy {p.get('numpy','')} ({p.get('blas','OpenBLAS')}) | {th} | {dt} | {fmt(p['ms'], 2)} | {fmt(p['gflops'])} | 1.00 | |")
        for (th, dt), p in sorted(th_.items()):
            nb = np_.get((th, dt))
            print(f"| {n} | torch {p.get('torch','')} | {th} | {dt} | {fmt(p['ms'], 2)} | {fmt(p['gflops'])} | {fmt(p['gflops'] / nb['gflops'] if nb else None, 2)} | |")
    print()

bits_rows = [r for r in R if r["cls"] == "GemmBench" and str(r.get("bits")) != "0"]
if bits_rows:
    print("### Lane width (GEMM, single thread)\n")
    print("| n | precision | bits | time ms | GFLOP/s |")
    print("|---|---|---|---|---|")
    for r in sorted(bits_rows, key=lambda r: (int(r["n"]), r["meth"], int(r["bits"]))):
        n = int(r["n"])
        print(f"| {n} | {'float64' if r['meth'].startswith('d') else 'float32'} | {r['bits']} | {fmt(r['ms'], 3)} | {fmt(gf(2.0 * n ** 3, r['ms']), 2)} |")
    print()

# ---- Krylov -----------------------------------------------------------------------------------------
kr = [r for r in R if r["cls"] == "KrylovBench"]
if kr:
    print("### Fused Krylov step (K1): P' = W P (n x cols), Q' = Q W (cols x n); W read once = 8 n^2 bytes\n")
    print("| n | cols | scalar us | vector us | speedup | vector GFLOP/s | W read GB/s | copy GB/s (r+w) | read GB/s | % of copy bw | % of read bw |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    keys = sorted({(int(r["n"]), int(r["cols"])) for r in kr})
    for n, c in keys:
        s = find("KrylovBench", "krylovScalar", n=n, cols=c)
        v = find("KrylovBench", "krylovVector", n=n, cols=c)
        cp = find("KrylovBench", "copyW", n=n, cols=c)
        rd = find("KrylovBench", "readW", n=n, cols=c)
        if not v:
            continue
        wbytes = 8.0 * n * n
        bw = wbytes / (v["ms"] * 1e-3) * 1e-9
        cbw = 2 * wbytes / (cp["ms"] * 1e-3) * 1e-9 if cp else None
        rbw = wbytes / (rd["ms"] * 1e-3) * 1e-9 if rd else None
        print(f"| {n} | {c} | {fmt(s['ms'] * 1e3 if s else None, 0)} | {fmt(v['ms'] * 1e3, 0)} | {fmt(s['ms'] / v['ms'] if s else None, 1)} | "
              f"{fmt(gf(4.0 * n * n * c, v['ms']), 2)} | {fmt(bw, 1)} | {fmt(cbw, 1)} | {fmt(rbw, 1)} | "
              f"{fmt(100 * bw / cbw if cbw else None, 0)} | {fmt(100 * bw / rbw if rbw else None, 0)} |")
    print()
    if any(r["meth"] == "krylovVector2T" for r in kr):
        print("### Fused Krylov step on two threads (fixed row blocks, the same bits as one thread)\n")
        print("| n | cols | 1 thread us | 2 threads us | speed-up | W read GB/s (2 threads) | read GB/s (2 threads) | % of 2-thread read bw |")
        print("|---|---|---|---|---|---|---|---|")
        for n, c in keys:
            v = find("KrylovBench", "krylovVector", n=n, cols=c)
            v2 = find("KrylovBench", "krylovVector2T", n=n, cols=c)
            rd2 = find("KrylovBench", "readW2T", n=n, cols=c)
            if not v or not v2:
                continue
            wbytes = 8.0 * n * n
            bw2 = wbytes / (v2["ms"] * 1e-3) * 1e-9
            rbw2 = wbytes / (rd2["ms"] * 1e-3) * 1e-9 if rd2 else None
            print(f"| {n} | {c} | {fmt(v['ms'] * 1e3, 0)} | {fmt(v2['ms'] * 1e3, 0)} | {fmt(v['ms'] / v2['ms'], 2)} | "
                  f"{fmt(bw2, 1)} | {fmt(rbw2, 1)} | {fmt(100 * bw2 / rbw2 if rbw2 else None, 0)} |")
        print()

# ---- Toeplitz ---------------------------------------------------------------------------------------
SH = {"e1": (50, 20, 1, 1, 20), "e3": (1, 2688, 6, 1, 64), "wide": (8, 1000, 6, 4, 100)}
tp = [r for r in R if r["cls"] == "ToeplitzBench"]
if tp:
    print("### Toeplitz kernels (5): convolve, correlate (adjoint), lagGram (Rxx = T^T T)\n")
    print("| shape (N, L, nx, ny, K) | kernel | scalar us | vector us | speedup | vector GFLOP/s |")
    print("|---|---|---|---|---|---|")
    for sh in ("e1", "e3", "wide"):
        N, L, nx, ny, K = SH[sh]
        terms = sum(min(K, k + 1) for k in range(L))  # (k, j) pairs with j <= k, j < K
        fl = {"convolve": 2.0 * N * ny * nx * terms, "correlate": 2.0 * N * ny * nx * terms,
              "lagGram": 2.0 * N * nx * nx * sum(L - j for j in range(min(K, L)))}
        for kern in ("convolve", "correlate", "lagGram"):
            s = find("ToeplitzBench", kern + "Scalar", shape=sh)
            v = find("ToeplitzBench", kern + "Vector", shape=sh)
            if not v:
                continue
            print(f"| {sh} ({N}, {L}, {nx}, {ny}, {K}) | {kern} | {fmt(s['ms'] * 1e3 if s else None, 0)} | {fmt(v['ms'] * 1e3, 0)} | "
                  f"{fmt(s['ms'] / v['ms'] if s else None, 1)} | {fmt(gf(fl[kern], v['ms']), 2)} |")
    print()

# ---- NTK Grams --------------------------------------------------------------------------------------
SHN = {"e1": (50, 20, 1, 20, 20), "e3": (1, 336, 6, 64, 20)}
nt = [r for r in R if r["cls"] == "NtkGramBench"]
if nt:
    print("### NTK Grams: scaled T Λ T^T (17), full T M T^T (K2), n_y = 1\n")
    print("| shape (N, L, nx, K) | Gram | scalar ms | vector ms | speedup | vector GFLOP/s (upper triangle) |")
    print("|---|---|---|---|---|---|")
    for sh in ("e1", "e3"):
        N, L, nx, K, Kf = SHN[sh]
        rows = N * L
        fl = {"scaled": rows * (rows + 1) / 2 * 2.0 * min(K, L) * nx,
              # T M: rows x (Kf nx)^2, then the upper triangle of (T M) T^T
              "full": 2.0 * rows * (min(Kf, L) * nx) ** 2 + rows * (rows + 1) / 2 * 2.0 * min(Kf, L) * nx}
        for kern in ("scaled", "full"):
            s = find("NtkGramBench", kern + "Scalar", shape=sh)
            v = find("NtkGramBench", kern + "Vector", shape=sh)
            if not v:
                continue
            kk = K if kern == "scaled" else Kf
            print(f"| {sh} ({N}, {L}, {nx}, {kk}) | {kern} | {fmt(s['ms'] if s else None, 2)} | {fmt(v['ms'], 2)} | "
                  f"{fmt(s['ms'] / v['ms'] if s else None, 1)} | {fmt(gf(fl[kern], v['ms']), 2)} |")
    print()


def jsonl(name):
    p = os.path.join(d, name)
    if not os.path.exists(p):
        return []
    with open(p) as fh:
        return [json.loads(line) for line in fh if line.strip().startswith("{")]


# ---- GD step vs PyTorch -----------------------------------------------------------------------------
gd = [r for r in R if r["cls"] == "GdStepBench"]
gp = {(p["threads"], p.get("config", "default")): p for p in jsonl("gdstep-peers.jsonl") if p.get("peer") == "torch-gd-step"}
if gd or gp:
    print("### GD step, n = 1000, N = 50, L = 100, n_x = n_y = 1, float64 (ms per step; speedup = PyTorch ms / lrnn ms, same threads)\n")
    print("PyTorch default: only torch.set_num_threads; tuned: OPENBLAS_NUM_THREADS = threads and OMP_WAIT_POLICY=PASSIVE "
          "(bench/peers/torch_gd_step.py --config).\n")
    print("| path | threads | ms/step | ± (99.9%) | speedup vs PyTorch default | speedup vs PyTorch tuned |")
    print("|---|---|---|---|---|---|")
    for meth, name in (("bpttStep", "lrnn BPTT (Gradients.bptt + plus)"), ("krylovStep", "lrnn Krylov, K = L (Gradients.krylov + plus)")):
        for th in (1, 2):
            r = find("GdStepBench", meth, threads=th)
            if r is None:
                continue
            sp = [gp[(th, c)]["ms"] / r["ms"] if (th, c) in gp else None for c in ("default", "tuned")]
            print(f"| {name} | {th} | {fmt(r['ms'], 1)} | {fmt(r['err'], 1)} | {fmt(sp[0], 2)} | {fmt(sp[1], 2)} |")
    for (th, cfg), t in sorted(gp.items()):
        print(f"| PyTorch {t.get('torch', '')} autograd, Python time loop, {cfg} threads (median of {t.get('reps')}) | {th} | "
              f"{fmt(t['ms'], 1)} | min {fmt(t['min_ms'], 1)} | | |")
    print()

# ---- Exact NTK vs Jacobian route --------------------------------------------------------------------
NP = jsonl("ntk-peers.jsonl")
if NP:
    print("### Empirical NTK Gram of a linear RNN, N = 50, L = 20 (N L = 1000 outputs), n_x = n_y = 1, float64\n")
    print("| n | route | threads | ms per Gram | notes |")
    print("|---|---|---|---|---|")
    order = {"torch-ntk-memory": 0, "torch-ntk-gram": 1, "lrnn-ntk-exact": 2, "ntk-compare": 3}
    for p in sorted(NP, key=lambda p: (p.get("n", 300), order.get(p["peer"], 9), p.get("threads", 0))):
        if p["peer"] == "torch-ntk-gram":
            note = f"params {p['params']}, J = {p['jacobian_GB']} GB"
            if p.get("extrapolated_from_rows"):
                note += f"; Jacobian rows only, extrapolated from {p['extrapolated_from_rows']} rows (J J^T, 2 (N L)^2 P flops, on top)"
            print(f"| {p['n']} | PyTorch {p['torch']} {p['method']} + J J^T, {p.get('config', 'default')} threads | {p['threads']} | {fmt(p['ms'], 0)} | {note} |")
        elif p["peer"] == "lrnn-ntk-exact":
            tp = [q for q in NP if q["peer"] == "torch-ntk-gram" and q["n"] == p["n"] and not q.get("extrapolated_from_rows")]
            sp = "".join(f"; {q['ms'] / p['ms']:.0f}x faster than PyTorch ({q['threads']} threads, {q.get('config', 'default')})" for q in tp)
            print(f"| {p['n']} | lrnn LagKernel.of + NtkGram.empirical | {p['threads']} | {fmt(p['ms'], 1)} | "
                  f"lag kernel {fmt(p['lagKernelMs'], 1)} ms + Gram {fmt(p['gramMs'], 1)} ms (median of {p['reps']}){sp} |")
        elif p["peer"] == "torch-ntk-memory":
            print(f"| {p['n']} | PyTorch memory arithmetic | | | J = {p['jacobian_GB']} GB; autograd.functional.jacobian peak ≈ "
                  f"{p['autograd_jacobian_peak_GB']} GB; machine {p['machine_GB']} GB |")
        elif p["peer"] == "ntk-compare":
            print(f"| 300 | agreement, same weights | | | max abs diff {p['max_abs_diff']:.2e}, / max entry {p['max_rel_diff_to_max_entry']:.2e}, "
                  f"Frobenius rel {p['frobenius_rel_diff']:.2e} |")
    print()
