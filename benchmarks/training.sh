#!/usr/bin/env bash
# Training throughput, DL4J (Pitstop's driver path) against PyTorch on the CPU: the same network,
# optimiser, batch size and generated data, both sides in one invocation, at 1 and 2 threads.
# Samples per second are over epochs 2..n (epoch 1 warms up the JIT and allocators).
# PyTorch comes from PyPI into benchmarks/.venv (pinned in benchmarks/requirements.txt, its whole tree in
# benchmarks/constraints.txt; ~3 GB with
# the CUDA libraries its Linux wheel depends on, unused here).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/benchmarks/results"
rows="${ROWS:-100000}" features=20 epochs="${EPOCHS:-4}"
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

run_dl4j() {  # threads, extra JVM flags (later -D wins)
  # shellcheck disable=SC2086
  OMP_NUM_THREADS=$1 java $flags $2 -Dorg.bytedeco.javacpp.cachedir="$root/.pitstop-cache/javacpp" \
      -cp "$cp" io.pitstop.benchmarks.TrainingThroughput "$rows" "$features" "$epochs" \
      "$work/data.bin" 2>/dev/null | tail -1 | sed "s/}\$/,\"threads\":$1,\"variant\":\"$3\"}/"
}

results=()
# What Pitstop's JVM flag -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 buys: the same run with JavaCPP's check on.
results+=("$(run_dl4j 1 "-Dorg.bytedeco.javacpp.maxPhysicalBytes=16g" "javacpp-memory-check")")
for threads in 1 2; do
  results+=("$(run_dl4j "$threads" "" "pitstop")")
  results+=("$(OMP_NUM_THREADS=$threads "$venv/bin/python" "$root/benchmarks/torch_train.py" "$work/data.bin" "$epochs")")
done

printf '%s\n' "${results[@]}" > "$work/runs.jsonl"
python3 - "$out" "$work/runs.jsonl" <<'PY'
import json, sys, datetime, os, platform, statistics
out = sys.argv[1]
runs = [json.loads(line) for line in open(sys.argv[2]) if line.strip()]
for r in runs:
    warm = r["epoch_seconds"][1:] or r["epoch_seconds"]
    r["samples_per_second"] = round(r["rows"] / statistics.median(warm))
by = {(r["side"], r["threads"], r.get("variant", "pitstop")): r for r in runs}
res = {
  "benchmark": "training",
  "what": "samples/s fitting a 20-32-16-1 network (ReLU, sigmoid/BCE, Adam 0.005, L2 1e-4, batch 128) on "
          f"{runs[0]['rows']:,} generated rows; median epoch after the first",
  "measured_at": datetime.datetime.utcnow().replace(microsecond=0).isoformat() + "Z",
  "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
  "runs": runs,
}
json.dump(res, open(os.path.join(out, "training.json"), "w"), indent=2, sort_keys=True)
rows = []
for t in (1, 2):
    d, p = by[("pitstop-dl4j", t, "pitstop")], by[("pytorch", t, "pitstop")]
    rows.append(f"| {t} | {d['samples_per_second']:,} | {p['samples_per_second']:,} | {d['samples_per_second'] / p['samples_per_second']:.2f} |")
md = f"""# Benchmark: training throughput, DL4J (Pitstop) vs PyTorch, CPU

{res['what']}. Measured {res['measured_at']} on {res['machine']['cpus']} CPUs, both sides in one invocation
(PyTorch {by[('pytorch', 1, 'pitstop')]['torch']}; DL4J 1.0.0-M2.1 with OpenBLAS through Pitstop's driver-path trainer).

| threads | Pitstop / DL4J samples/s | PyTorch samples/s | ratio DL4J / PyTorch |
|---:|---:|---:|---:|
""" + "\n".join(rows) + f"""

With JavaCPP's physical-memory check on (Pitstop's JVM flags turn it off), the same DL4J run at 1 thread:
{by[('pitstop-dl4j', 1, 'javacpp-memory-check')]['samples_per_second']:,} samples/s.

Reproduce: `benchmarks/run training` (ROWS and EPOCHS override the defaults).
"""
open(os.path.join(out, "training.md"), "w").write(md)
print(md)
PY
