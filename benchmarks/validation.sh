#!/usr/bin/env bash
# Validation cost: the Telco contract's checks (one Deequ suite) plus the column profile, against a
# plain Spark scan (count plus one aggregate per column) of the same generated data — 10 M rows like
# the Telco set by default — both in one JVM, alternating, 3 times each, then the checks alone 3 times more,
# alternating with the same constraints in Deequ's built-in Minimum/Maximum/Uniqueness in place of Pitstop's
# analyzers (benchmarks/src/main/java/io/pitstop/benchmarks/DeequBuiltinChecks.java); then the same checks in Great
# Expectations on pandas. Targets: checks + profile in at most 1.5x the scan at each size, and faster than GX. The generated Parquet is kept in .pitstop-cache/bench for the next run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/benchmarks/results"
# Sizes: SIZES (default "1000000 3000000 10000000"), or ROWS for one size; each size in a JVM of its own.
# The comparison with Deequ's built-in analyzers and Great Expectations runs at the largest size only.
# Each size's result replaces that size's in benchmarks/results/validation.json; the other sizes' stay.
sizes="${ROWS:-${SIZES:-1000000 3000000 10000000}}" repeats="${REPEATS:-3}"
largest="$(tr ' ' '\n' <<<"$sizes" | sort -n | tail -1)"
mkdir -p "$out" "$root/.pitstop-cache/bench"

cp="$("$root/benchmarks/classpath")"   # builds the CLI and the benchmarks first, outside the measurement
flags="$(cat "$root/app/target/jvm.flags")"
lines=()
for rows in $sizes; do
  builtins=false; [ "$rows" = "$largest" ] && builtins=true
  # shellcheck disable=SC2086
  lines+=("$(OMP_NUM_THREADS=1 java -Xmx8g $flags -Dorg.bytedeco.javacpp.cachedir="$root/.pitstop-cache/javacpp" \
      -cp "$cp" io.pitstop.benchmarks.ValidationThroughput "$rows" \
      "$root/.pitstop-cache/bench" "$root/data-contracts/telco-churn.yaml" "$root/data/landing/telco_churn.csv" \
      "$repeats" "$builtins" 2>/dev/null | tail -1)")
  # The load right after this size's runs, recorded with them: on a shared machine it explains the absolute times.
  lines[-1]="${lines[-1]%\}},\"load_average_1_5_15\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
  echo "validated $rows rows: ${lines[-1]}" >&2
done
load="$(cut -d' ' -f1-3 /proc/loadavg)"

# The same checks in Great Expectations on pandas (DESIGN.md: validation should beat it), on the same
# Parquet, after the JVM side; its own pinned venv.
# GX=0 leaves it out and keeps the Great Expectations figures already in validation.json.
gx=null
if [ "${GX:-1}" != 0 ]; then
  gxvenv="$root/benchmarks/.venv-gx"
  if ! "$gxvenv/bin/python" -c "import great_expectations, yaml, pyarrow" 2>/dev/null; then
    python3 -m venv "$gxvenv"
    "$gxvenv/bin/pip" install -q -r "$root/benchmarks/requirements-validation.txt" -c "$root/benchmarks/constraints-validation.txt"
  fi
  gx="$("$gxvenv/bin/python" "$root/benchmarks/gx_validate.py" "$root/.pitstop-cache/bench/telco-$largest.parquet" \
      "$root/data-contracts/telco-churn.yaml" "$repeats" 2>/dev/null | tail -1)"
fi

python3 - "$out" "$gx" "$load" "${lines[@]}" <<'PY'
import json, sys, datetime, os, platform, statistics
out, gx, load = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
runs = [json.loads(line) for line in sys.argv[4:]]
now = datetime.datetime.utcnow().replace(microsecond=0).isoformat() + "Z"
path = os.path.join(out, "validation.json")
old = json.load(open(path)) if os.path.exists(path) else {}
sizes = dict(old.get("sizes", {}))
if not sizes and "raw" in old:  # a file from before sizes: its one size is kept as measured then
    o = old["raw"]
    omed = {k: statistics.median(o[k]) for k in ("scan_s", "checks_s", "profile_s")}
    sizes[str(o["rows"])] = {"measured_at": old["measured_at"], "load_average_1_5_15": "not recorded", "raw": o,
                             "median_s": omed, "profile_sampled_rows": min(o["rows"], 500000),
                             "checks_and_profile_over_scan": round((omed["checks_s"] + omed["profile_s"]) / omed["scan_s"], 2)}
for r in runs:
    med = {k: statistics.median(r[k]) for k in ("scan_s", "checks_s", "profile_s")}
    sizes[str(r["rows"])] = {"measured_at": now, "load_average_1_5_15": r.get("load_average_1_5_15", load), "raw": r, "median_s": med,
                             "profile_sampled_rows": r["profile_sampled_rows"],
                             "checks_and_profile_over_scan": round((med["checks_s"] + med["profile_s"]) / med["scan_s"], 2)}
big = max(runs, key=lambda r: r["rows"])
if gx is None:  # GX=0: the figures of the run that measured them stay, with their own rows and date
    gx = old["great_expectations"]
    if big["rows"] < old.get("raw", {}).get("rows", 0):  # a smaller run does not replace the largest's comparison
        big = old["raw"]
med = {k: statistics.median(big[k]) for k in ("scan_s", "checks_s", "profile_s", "checks_only_s", "deequ_builtin_checks_s")}
ratio = (med["checks_s"] + med["profile_s"]) / med["scan_s"]
gxmed = {k: statistics.median([run[k] for run in gx["runs"]]) for k in ("read_s", "validate_s", "total_s")}
res = {"benchmark": "validation", "measured_at": now, "load_average_1_5_15": load,
       "machine": {"cpus": os.cpu_count(), "platform": platform.platform()}, "raw": big,
       "median_s": med, "checks_plus_profile_over_scan": round(ratio, 2), "target": 1.5,
       "sizes": dict(sorted(sizes.items(), key=lambda kv: int(kv[0]))),
       "checks_and_profile_over_scan": {k: v["checks_and_profile_over_scan"] for k, v in sorted(sizes.items(), key=lambda kv: int(kv[0]))},
       "great_expectations": gx, "great_expectations_median_s": gxmed,
       "gx_total_over_deequ_checks": round(gxmed["total_s"] / med["checks_s"], 2)}
if big is old.get("raw"):
    res["measured_at"], res["load_average_1_5_15"] = old["measured_at"], old.get("load_average_1_5_15", "not recorded")
json.dump(res, open(path, "w"), indent=2, sort_keys=True)
r = big
per_size = "\n".join(f"| {int(k):,} | {v['profile_sampled_rows']:,} | {v['median_s']['scan_s']:.1f} s | {v['median_s']['checks_s']:.1f} s | "
                     f"{v['median_s']['profile_s']:.1f} s | **{v['checks_and_profile_over_scan']:.2f}×** | {v['measured_at']}, load {v['load_average_1_5_15']} |"
                     for k, v in res["sizes"].items())
md = f"""# Benchmark: validation and profile vs a plain scan

Generated rows like the Telco set ({r['columns']} columns, Parquet), Spark local[2], one JVM per size, the sides
alternating REPEATS times (the raw times of each size are in validation.json); medians. Target: checks + profile at most 1.5× the scan at every size.

| rows | profiled (sample) | plain scan | checks (+ the profile's exact aggregates) | profile, the rest | checks + profile / scan | measured |
|---:|---:|---:|---:|---:|---:|---|
{per_size}

At {r['rows']:,} rows, measured {res['measured_at']} on {res['machine']['cpus']} CPUs (load average {res['load_average_1_5_15']}):
the same constraints with Deequ's built-in `Minimum`, `Maximum` and `Uniqueness` analyzers where Pitstop uses
its own `ColumnExtreme` and `KeyUniqueness`, {len(r['deequ_builtin_checks_s'])} runs after those above in the same JVM, alternating with
Pitstop's suite on its own (neither with the profile's aggregates): **{med['deequ_builtin_checks_s']:.1f} s** against
{med['checks_only_s']:.1f} s ({med['deequ_builtin_checks_s'] / med['checks_only_s']:.2f}× Pitstop's suite). Both measured the same values and
reached the same outcomes on every constraint: {'yes' if r['builtins_agree'] else 'NO'}.

The same checks in Great Expectations {gx['great_expectations']} on pandas {gx['pandas']} ({gx['expectations']} expectations; left out, with no
pandas form: {'; '.join(gx['left_out']) or 'nothing'}), on the same Parquet, after the JVM side; medians of {len(gx['runs'])} runs:

| what | median time |
|---|---:|
| read the Parquet into pandas | {gxmed['read_s']:.1f} s |
| validate | {gxmed['validate_s']:.1f} s |
| **read + validate / Pitstop's checks** | **{res['gx_total_over_deequ_checks']:.2f}×** (above 1: Pitstop is faster) |

Reproduce: `benchmarks/run validation` (SIZES, ROWS for one size, and REPEATS override the defaults).
"""
open(os.path.join(out, "validation.md"), "w").write(md)
print(md)
PY
