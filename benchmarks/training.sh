#!/usr/bin/env bash
# Training throughput, DL4J (Pitstop's driver path) against PyTorch on the CPU: the same network,
# optimiser, batch size and generated data, both sides in one invocation, at 1 and 2 threads.
# Samples per second are over epochs 2..n (epoch 1 warms up the JIT and allocators). REPEATS rounds
# (default 3) alternate the sides, so they share the machine's noise; the table gives medians.
# Variant bare-dl4j is DL4J's own fit loop on the same network without Pitstop (minibatches made before
# the clock, ND4J's threads as OMP_NUM_THREADS leaves them): the bound Pitstop's trainer can reach.
# PyTorch comes from PyPI into benchmarks/.venv (pinned in benchmarks/requirements.txt, its whole tree in
# benchmarks/constraints.txt; ~3 GB with
# the CUDA libraries its Linux wheel depends on, unused here).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/benchmarks/results"
rows="${ROWS:-100000}" features=20 epochs="${EPOCHS:-4}" repeats="${REPEATS:-3}"
mkdir -p "$out"

venv="$root/benchmarks/.venv"
if ! "$venv/bin/python" -c "import torch" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r "$root/benchmarks/requirements.txt" -c "$root/benchmarks/constraints.txt"
fi

cp="$("$root/benchmarks/classpath")"   # builds the CLI and the benchmarks first, outside the measurement
flags="$(cat "$root/app/target/jvm.flags")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

run_dl4j() {  # threads, extra JVM flags (later -D wins), variant
  # shellcheck disable=SC2086
  OMP_NUM_THREADS=$1 java $flags $2 -Dorg.bytedeco.javacpp.cachedir="$root/.pitstop-cache/javacpp" \
      -cp "$cp" io.pitstop.benchmarks.TrainingThroughput "$rows" "$features" "$epochs" \
      "$work/data.bin" "${4:-pitstop}" 2>/dev/null | tail -1 \
    | sed "s/}\$/,\"threads\":$1,\"variant\":\"$3\",\"round\":$round,\"load_before\":$(load)}/"
}
load() { cut -d' ' -f1 /proc/loadavg; }

results=()
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$repeats"); do
  for threads in 1 2; do
    results+=("$(run_dl4j "$threads" "" "pitstop")")
    results+=("$(OMP_NUM_THREADS=$threads "$venv/bin/python" "$root/benchmarks/torch_train.py" "$work/data.bin" "$epochs" \
      | sed "s/}\$/,\"round\":$round,\"load_before\":$(load)}/")")
    # Unpinned, a second OpenMP thread can cost minutes an epoch on a busy machine: once is enough to show it.
    if [ "$threads" = 1 ] || [ "$round" = 1 ]; then results+=("$(run_dl4j "$threads" "" "bare-dl4j" bare-dl4j)"); fi
  done
done
round=1
# What Pitstop's JVM flag -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 buys: the same run with JavaCPP's check on.
results+=("$(run_dl4j 1 "-Dorg.bytedeco.javacpp.maxPhysicalBytes=16g" "javacpp-memory-check")")
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"

printf '%s\n' "${results[@]}" > "$work/runs.jsonl"
python3 - "$out" "$work/runs.jsonl" "$load_start" "$load_end" <<'PY'
import json, sys, datetime, os, platform, statistics
out = sys.argv[1]
runs = [json.loads(line) for line in open(sys.argv[2]) if line.strip()]
for r in runs:
    warm = r["epoch_seconds"][1:] or r["epoch_seconds"]
    r["samples_per_second"] = round(r["rows"] / statistics.median(warm))
    r.setdefault("variant", "pitstop")
def median(side, threads, variant="pitstop"):
    return round(statistics.median(r["samples_per_second"] for r in runs
                                   if (r["side"], r["threads"], r["variant"]) == (side, threads, variant)))
medians = {f"{side}/{variant}/{t}": median(side, t, variant) for t in (1, 2)
           for side, variant in (("pitstop-dl4j", "pitstop"), ("pitstop-dl4j", "bare-dl4j"), ("pytorch", "pitstop"))}
medians["pitstop-dl4j/javacpp-memory-check/1"] = median("pitstop-dl4j", 1, "javacpp-memory-check")
ratios = {t: {"pitstop_over_pytorch": round(medians[f"pitstop-dl4j/pitstop/{t}"] / medians[f"pytorch/pitstop/{t}"], 2),
              "bare_dl4j_over_pytorch": round(medians[f"pitstop-dl4j/bare-dl4j/{t}"] / medians[f"pytorch/pitstop/{t}"], 2),
              "pitstop_over_bare_dl4j": round(medians[f"pitstop-dl4j/pitstop/{t}"] / medians[f"pitstop-dl4j/bare-dl4j/{t}"], 2)}
          for t in (1, 2)}
res = {
  "benchmark": "training",
  "what": "samples/s fitting a 20-32-16-1 network (ReLU, sigmoid/BCE, Adam 0.005, L2 1e-4, batch 128) on "
          f"{runs[0]['rows']:,} generated rows; median epoch after the first; medians over rounds",
  "measured_at": datetime.datetime.utcnow().replace(microsecond=0).isoformat() + "Z",
  "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
              "load_average_1_5_15_start": sys.argv[3], "load_average_1_5_15_end": sys.argv[4]},
  "rounds": max(r.get("round", 1) for r in runs),
  "median_samples_per_second": medians,
  "ratios_by_threads": ratios,
  "runs": runs,
}
json.dump(res, open(os.path.join(out, "training.json"), "w"), indent=2, sort_keys=True)
torch_version = next(r["torch"] for r in runs if r["side"] == "pytorch")
rows = [f"| {t} | {medians[f'pitstop-dl4j/pitstop/{t}']:,} | {medians[f'pitstop-dl4j/bare-dl4j/{t}']:,} | "
        f"{medians[f'pytorch/pitstop/{t}']:,} | {ratios[t]['pitstop_over_pytorch']:.2f} | {ratios[t]['bare_dl4j_over_pytorch']:.2f} |"
        for t in (1, 2)]
md = f"""# Benchmark: training throughput, DL4J (Pitstop) vs PyTorch, CPU

{res['what']}. Measured {res['measured_at']} on {res['machine']['cpus']} CPUs, {res['rounds']} rounds alternating the sides
in one invocation, load average (1, 5, 15 min) {sys.argv[3]} at the start and {sys.argv[4]} at the end
(PyTorch {torch_version}; DL4J 1.0.0-M2.1 with OpenBLAS). "Bare DL4J" is DL4J's own fit loop on the same
network without Pitstop (minibatches made before timing, ND4J's threads as OMP_NUM_THREADS leaves them;
at 2 threads in the first round only).

| threads | Pitstop / DL4J samples/s | bare DL4J samples/s | PyTorch samples/s | Pitstop / PyTorch | bare DL4J / PyTorch |
|---:|---:|---:|---:|---:|---:|
""" + "\n".join(rows) + f"""

With JavaCPP's physical-memory check on (Pitstop's JVM flags turn it off), Pitstop at 1 thread:
{medians['pitstop-dl4j/javacpp-memory-check/1']:,} samples/s (one run).

Reproduce: `benchmarks/run training` (ROWS, EPOCHS and REPEATS override 100,000, 4 and 3).
"""
open(os.path.join(out, "training.md"), "w").write(md)
print(md)
PY
