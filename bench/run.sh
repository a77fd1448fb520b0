#!/usr/bin/env bash
# One command: builds the shaded JMH jar, runs the kernel benchmarks and the GEMM peers (numpy/OpenBLAS,
# PyTorch) at a quick profile, and prints markdown tables (bench/report.py).
#   bench/run.sh                    # everything (about 15 minutes on 2 cores)
#   bench/run.sh gemm krylov        # a subset: gemm, bits, krylov, toeplitz, ntk, peers, gdstep, ntk-peer
#   bench/run.sh gdstep ntk-peer    # GD step vs PyTorch (~4 min), exact NTK vs PyTorch's Jacobian route (~2 min);
#                                   # not in the default set (they are minutes of one-shot timings, not kernels)
#   bench/run.sh paired             # interleaved lrnn/peer rounds for the headline ratios (~6 min per round)
#   bench/run.sh krylov-peers       # the Krylov GD step against the same algorithm in numpy and PyTorch, with a
#                                   # stream-read peer, n = 1000..8192, K = 20, 100, 1 and 2 threads (~15 min)
#   bench/run.sh roofline           # FMA and stream-read ceilings and the kernels as % of them, at 512 and 256
#                                   # bits alternating (LRNN_ROOFLINE_BITS, LRNN_ROOFLINE_ROUNDS; ~3 min per round)
# Environment: LRNN_JMH (JMH options, default "-f 1 -wi 2 -i 3 -w 1s -r 1s"), LRNN_BENCH_OUT (results
# folder, default bench/target/results; files of the parts that are run are replaced), LRNN_GEMM_SIZES
# (GEMM sizes for JMH and the peers, default 256,1000,2048), LRNN_MVN_FLAGS (extra Maven flags, e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java25.sh
OUT="${LRNN_BENCH_OUT:-bench/target/results}"
mkdir -p "$OUT"
parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(gemm bits krylov toeplitz ntk peers)
SIZES="${LRNN_GEMM_SIZES:-256,1000,2048}"
want() { local p; for p in "${parts[@]}"; do [ "$p" = "$1" ] && return 0; done; return 1; }

mvn -B -q ${LRNN_MVN_FLAGS:-} -pl bench -am package -DskipTests
JMH=(java --add-modules jdk.incubator.vector -jar bench/target/lrnn-bench.jar)
read -r -a Q <<< "${LRNN_JMH:--f 1 -wi 2 -i 3 -w 1s -r 1s}"
jmh() { local name=$1; shift; "${JMH[@]}" "$@" "${Q[@]}" -rf csv -rff "$OUT/$name.csv"; }

if want gemm; then
  jmh gemm 'GemmBench\.(dgemmVector|dgemmVector2T|sgemmVector|sgemmVector2T|ejmlMult|ejmlMult2T)$' -p n="$SIZES" -p bits=0
  # the scalar twin only where it finishes in seconds
  small=$(tr ',' '\n' <<< "$SIZES" | awk '$1 <= 1000' | paste -sd, -)
  [ -n "$small" ] && jmh gemm-scalar 'GemmBench\.dgemmScalar$' -p n="$small" -p bits=0
fi
# 512-bit vectors on a CPU without AVX-512 run the Vector API's Java fallback: only a small size.
want bits && jmh gemm-bits 'GemmBench\.(dgemmVector|sgemmVector)$' -p n=256 -p bits=128,256,512
want krylov && jmh krylov 'KrylovBench'
want toeplitz && jmh toeplitz 'ToeplitzBench'
want ntk && jmh ntk 'NtkGramBench'
if want peers; then
  : > "$OUT/peers.jsonl"
  for t in 1 2; do
    OPENBLAS_NUM_THREADS=$t python3 bench/peers/numpy_gemm.py --threads "$t" ${SIZES//,/ } | tee -a "$OUT/peers.jsonl"
    /usr/bin/python3 bench/peers/torch_gemm.py --threads "$t" ${SIZES//,/ } | tee -a "$OUT/peers.jsonl" \
      || echo "bench/run.sh: torch peer skipped (see the message above)" >&2
  done
fi
# GD step, n = 1000, N = 50, L = 100, float64: lrnn BPTT and Krylov paths (JMH, 1 and 2 threads), then the
# PyTorch autograd step at 1 and 2 threads, back to back.
if want gdstep; then
  "${JMH[@]}" 'GdStepBench' -f 1 -wi 2 -i 3 -w 2s -r 2s -rf csv -rff "$OUT/gdstep.csv"
  : > "$OUT/gdstep-peers.jsonl"
  for t in 1 2; do
    for cfg in default tuned; do
      /usr/bin/python3 bench/peers/torch_gd_step.py --threads "$t" --reps 5 --config "$cfg" | tee -a "$OUT/gdstep-peers.jsonl" \
        || echo "bench/run.sh: torch GD-step peer skipped (see the message above)" >&2
    done
  done
fi
# Paired rounds for the headline ratios on a shared machine: each round runs lrnn and its peer back to back
# (DGEMM and SGEMM n = 2048 vs numpy/OpenBLAS; the GD step, both paths, vs PyTorch), at 1 and 2 threads; the report
# gives every round's ratio and their median. LRNN_PAIRED_ROUNDS rounds (default 3, about 2 minutes each).
if want paired; then
  PP="$OUT/paired.jsonl"; : > "$PP"
  PTJ=(java --add-modules jdk.incubator.vector -cp bench/target/lrnn-bench.jar)
  for round in $(seq 1 "${LRNN_PAIRED_ROUNDS:-3}"); do
    for t in 1 2; do
      for bits in ${LRNN_PAIRED_BITS:-0}; do   # e.g. "512 256": both widths in the same round
        for dt in float64 float32; do
          "${PTJ[@]}" -Dlrnn.vector.bits="$bits" lrnn.bench.PairedTiming gemm --n 2048 --threads "$t" --dtype "$dt" | sed "s/^{/{\"round\": $round, \"bits\": $bits, /" | tee -a "$PP"
        done
      done
      OPENBLAS_NUM_THREADS=$t python3 bench/peers/numpy_gemm.py --threads "$t" --dtypes float64,float32 2048 \
        | sed "s/^{/{\"round\": $round, /" | tee -a "$PP"
      for path in bptt krylov; do
        reps=5 warm=4; [ "$path" = krylov ] && reps=21 warm=40   # the warm-up covers the JIT (~1-4 s)
        for bits in ${LRNN_PAIRED_BITS:-0}; do
          "${PTJ[@]}" -Dlrnn.vector.bits="$bits" lrnn.bench.PairedTiming gdstep --path "$path" --threads "$t" --reps "$reps" --warmup "$warm" | sed "s/^{/{\"round\": $round, \"bits\": $bits, /" | tee -a "$PP"
        done
      done
      for cfg in default tuned; do   # tuned: OpenBLAS pinned to $t threads, OpenMP not spinning (see the script)
        /usr/bin/python3 bench/peers/torch_gd_step.py --threads "$t" --reps 5 --config "$cfg" | sed "s/^{/{\"round\": $round, /" | tee -a "$PP" \
          || echo "bench/run.sh: torch GD-step peer skipped (see the message above)" >&2
      done
    done
  done
  python3 bench/paired_report.py "$PP"
fi
# The Krylov GD step (RnnTrainer.krylov(m).apply: fused sweep + in-place rank-(K-1) update) against the same
# algorithm on BLAS (numpy/OpenBLAS with an in-place dgemm update; PyTorch with addmm_, threads tuned), with a
# streaming read of W's bytes (numpy) for the bandwidth, interleaved per (threads, n, K): lrnn, numpy, torch.
if want krylov-peers; then
  KP="$OUT/krylov-peers.jsonl"; : > "$KP"
  OPENBLAS_NUM_THREADS=1 python3 bench/peers/numpy_krylov_step.py --threads 1 --check --n 40 --lags 2 --reps 1 --warmup 0 \
    | grep check | tee -a "$KP"
  /usr/bin/python3 bench/peers/torch_krylov_step.py --threads 1 --check --n 40 --lags 2 --reps 1 --warmup 0 | grep check \
    | tee -a "$KP" || echo "bench/run.sh: torch Krylov peer skipped (see the message above)" >&2
  for t in 1 2; do
    for n in ${LRNN_KRYLOV_SIZES:-1000 2048 4096 8192}; do
      for k in 20 100; do
        java -Xmx12g --add-modules jdk.incubator.vector -cp bench/target/lrnn-bench.jar lrnn.bench.PairedTiming gdstep \
          --path krylovstep --lags "$k" --n "$n" --threads "$t" --reps 3 --warmup 2 | tee -a "$KP"
        stream=""; [ "$k" = 20 ] && stream=--stream
        OPENBLAS_NUM_THREADS=$t python3 bench/peers/numpy_krylov_step.py --threads "$t" --n "$n" --lags "$k" $stream \
          --reps 3 --warmup 1 | tee -a "$KP"
        /usr/bin/python3 bench/peers/torch_krylov_step.py --threads "$t" --config tuned --n "$n" --lags "$k" --reps 3 \
          --warmup 1 | tee -a "$KP" || echo "bench/run.sh: torch Krylov peer skipped (see the message above)" >&2
      done
    done
  done
fi
# Roofline: one JVM per lane width, the widths alternating round by round (bench/src/.../Roofline.java).
if want roofline; then
  RF="$OUT/roofline.jsonl"; : > "$RF"
  for round in $(seq 1 "${LRNN_ROOFLINE_ROUNDS:-2}"); do
    for bits in ${LRNN_ROOFLINE_BITS:-512 256}; do
      for t in 1 2; do
        java -Xmx4g --add-modules jdk.incubator.vector -Dlrnn.vector.bits="$bits" -cp bench/target/lrnn-bench.jar \
          lrnn.bench.Roofline --threads "$t" --reps 5 --warmup 3 | sed "s/^{/{\"round\": $round, /" | tee -a "$RF"
      done
    done
  done
fi
if want krylov-peers || want roofline; then python3 bench/roofline_report.py "$OUT"; fi
# Exact NTK Gram (LagKernel.of + NtkGram.empirical) vs PyTorch's Jacobian route (J J^T), N = 50, L = 20, n_x = n_y = 1:
# n = 300 on the same weights (the Grams are compared), n = 1000 (PyTorch: memory arithmetic and a 50-row
# extrapolation), n = 8192 (lrnn only, -Xmx12g).
if want ntk-peer; then
  NP="$OUT/ntk-peers.jsonl"; D="$OUT/ntk-n300"
  : > "$NP"
  if /usr/bin/python3 bench/peers/torch_ntk_gram.py --n 300 --threads 2 --save "$D" | tee -a "$NP"; then
    for t in 1 2; do
      java --add-modules jdk.incubator.vector -cp bench/target/lrnn-bench.jar lrnn.bench.NtkExact --dir "$D" --threads "$t" | tee -a "$NP"
    done
    /usr/bin/python3 bench/peers/torch_ntk_gram.py --compare "$D" | tee -a "$NP"
    /usr/bin/python3 bench/peers/torch_ntk_gram.py --n 300 --threads 2 --config tuned | tee -a "$NP"   # same Gram, threads tuned
    /usr/bin/python3 bench/peers/torch_ntk_gram.py --n 1000 --memory | tee -a "$NP"
    /usr/bin/python3 bench/peers/torch_ntk_gram.py --n 1000 --threads 2 --method loop --rows 50 | tee -a "$NP"
  else
    echo "bench/run.sh: torch NTK peer skipped (see the message above)" >&2
  fi
  for t in 1 2; do
    java -Xmx12g --add-modules jdk.incubator.vector -cp bench/target/lrnn-bench.jar lrnn.bench.NtkExact --n 1000 --threads "$t" | tee -a "$NP"
    java -Xmx12g --add-modules jdk.incubator.vector -cp bench/target/lrnn-bench.jar lrnn.bench.NtkExact --n 8192 --threads "$t" --reps 3 --warmup 1 | tee -a "$NP"
  done
fi
{
  echo "## lrnn kernel benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- JDK: $(java -version 2>&1 | head -n 1); JMH: ${Q[*]}"
  echo
  python3 bench/report.py "$OUT"
} | tee "$OUT/report.md"
