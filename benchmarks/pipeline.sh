#!/usr/bin/env bash
# The demo pipeline, cold and then re-run with nothing changed, in one invocation on one machine:
# wall time and peak resident memory of each `./pitstop run`, measured with GNU time.
# Works in a throw-away copy of the project so the cache starts empty and the repo is untouched.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/benchmarks/results"
mkdir -p "$out"
command -v /usr/bin/time >/dev/null || { echo "GNU time is needed: apt-get install time" >&2; exit 1; }

"$root/pitstop" --version >/dev/null   # builds the CLI first, outside the measurement
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$root/bin/demo-project" "$work/project"

measure() {  # label -> "seconds kilobytes exit"
  local log="$work/$1.log"
  set +e
  /usr/bin/time -f "%e %M" -o "$work/$1.time" "$root/pitstop" run --project "$work/project" \
      "$work/project/pipelines/telco-churn.yaml" > "$log" 2>&1
  local rc=$?
  set -e
  echo "$(cat "$work/$1.time" | tail -1) $rc"
}

read -r cold_s cold_kb cold_rc <<<"$(measure cold)"
read -r warm_s warm_kb warm_rc <<<"$(measure cached)"
cached_steps=$(grep -c '^  cached' "$work/cached.log" || true)
total_steps=$(grep -cE '^  (ok|cached|FAILED|stopped|skipped) ' "$work/cached.log" || true)

python3 - "$out" <<PY
import json, sys, datetime, os, platform
out = sys.argv[1]
res = {
  "benchmark": "pipeline",
  "what": "./pitstop run pipelines/telco-churn.yaml on the bundled 7,043 rows: a cold run, then a re-run with nothing changed",
  "measured_at": datetime.datetime.utcnow().replace(microsecond=0).isoformat() + "Z",
  "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
  "cold": {"wall_s": float("$cold_s"), "peak_rss_mb": round(int("$cold_kb") / 1024, 1), "exit": int("$cold_rc")},
  "cached": {"wall_s": float("$warm_s"), "peak_rss_mb": round(int("$warm_kb") / 1024, 1), "exit": int("$warm_rc"),
             "steps_cached": int("$cached_steps"), "steps": int("$total_steps")},
}
json.dump(res, open(os.path.join(out, "pipeline.json"), "w"), indent=2, sort_keys=True)
md = f"""# Benchmark: demo pipeline, cold and cached

{res['what']}. Measured {res['measured_at']} on {res['machine']['cpus']} CPUs; one run each, wall time and peak RSS from GNU time (the whole CLI process, JVM start included).

| run | wall time | peak memory | exit | steps cached |
|---|---:|---:|---:|---:|
| cold | {res['cold']['wall_s']:.1f} s | {res['cold']['peak_rss_mb']:.0f} MB | {res['cold']['exit']} | - |
| re-run, nothing changed | {res['cached']['wall_s']:.1f} s | {res['cached']['peak_rss_mb']:.0f} MB | {res['cached']['exit']} | {res['cached']['steps_cached']} of {res['cached']['steps']} |

Reproduce: \`benchmarks/run pipeline\`.
"""
open(os.path.join(out, "pipeline.md"), "w").write(md)
print(md)
PY
