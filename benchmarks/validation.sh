#!/usr/bin/env bash
# Validation cost: the Telco contract's checks (one Deequ suite) plus the column profile, against a
# plain Spark scan (count plus one aggregate per column) of the same generated data — 10 M rows like
# the Telco set by default — both in one JVM, alternating, 3 times each, then the checks alone 3 times more,
# alternating with the same constraints in Deequ's built-in Minimum/Maximum/Uniqueness in place of Pitstop's
# analyzers (benchmarks/src/main/java/io/pitstop/benchmarks/DeequBuiltinChecks.java); then the same checks in Great
# Expectations on pandas. Targets: checks + profile in at most 2x the scan, and faster than GX. The generated Parquet is kept in .pitstop-cache/bench for the next run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/benchmarks/results"
rows="${ROWS:-10000000}" repeats="${REPEATS:-3}"
mkdir -p "$out" "$root/.pitstop-cache/bench"

cp="$("$root/benchmarks/classpath")"   # builds the CLI and the benchmarks first, outside the measurement
flags="$(cat "$root/app/target/jvm.flags")"
# shellcheck disable=SC2086
line="$(OMP_NUM_THREADS=1 java -Xmx8g $flags -Dorg.bytedeco.javacpp.cachedir="$root/.pitstop-cache/javacpp" \
    -cp "$cp" io.pitstop.benchmarks.ValidationThroughput "$rows" \
    "$root/.pitstop-cache/bench" "$root/data-contracts/telco-churn.yaml" "$root/data/landing/telco_churn.csv" \
    "$repeats" 2>/dev/null | tail -1)"

# The same checks in Great Expectations on pandas (DESIGN.md: validation should beat it), on the same
# Parquet, after the JVM side; its own pinned venv.
gxvenv="$root/benchmarks/.venv-gx"
if ! "$gxvenv/bin/python" -c "import great_expectations, yaml, pyarrow" 2>/dev/null; then
  python3 -m venv "$gxvenv"
  "$gxvenv/bin/pip" install -q -r "$root/benchmarks/requirements-validation.txt" -c "$root/benchmarks/constraints-validation.txt"
fi
gx="$("$gxvenv/bin/python" "$root/benchmarks/gx_validate.py" "$root/.pitstop-cache/bench/telco-$rows.parquet" \
    "$root/data-contracts/telco-churn.yaml" "$repeats" 2>/dev/null | tail -1)"

python3 - "$out" "$line" "$gx" <<'PY'
import json, sys, datetime, os, platform, statistics
out, r, gx = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
med = {k: statistics.median(r[k]) for k in ("scan_s", "checks_s", "profile_s", "checks_only_s", "deequ_builtin_checks_s")}
ratio = (med["checks_s"] + med["profile_s"]) / med["scan_s"]
gxmed = {k: statistics.median([run[k] for run in gx["runs"]]) for k in ("read_s", "validate_s", "total_s")}
res = {"benchmark": "validation", "measured_at": datetime.datetime.utcnow().replace(microsecond=0).isoformat() + "Z",
       "machine": {"cpus": os.cpu_count(), "platform": platform.platform()}, "raw": r,
       "median_s": med, "checks_plus_profile_over_scan": round(ratio, 2), "target": 2.0,
       "great_expectations": gx, "great_expectations_median_s": gxmed,
       "gx_total_over_deequ_checks": round(gxmed["total_s"] / med["checks_s"], 2)}
json.dump(res, open(os.path.join(out, "validation.json"), "w"), indent=2, sort_keys=True)
md = f"""# Benchmark: validation and profile vs a plain scan

{r['rows']:,} generated rows like the Telco set ({r['columns']} columns, Parquet), Spark local[2], one JVM,
the sides alternating {len(r['scan_s'])} times; medians. Measured {res['measured_at']} on {res['machine']['cpus']} CPUs.

| what | median time |
|---|---:|
| plain scan: `count` + one aggregate per column | {med['scan_s']:.1f} s |
| the contract's {r['constraints']} constraints (one Deequ suite, the profile's exact aggregates riding along) | {med['checks_s']:.1f} s |
| column profile, the rest (`DatasetProfiler`: its sample) | {med['profile_s']:.1f} s |
| **checks + profile / scan** | **{ratio:.2f}×** (target ≤ 2×) |

The same constraints with Deequ's built-in `Minimum`, `Maximum` and `Uniqueness` analyzers where Pitstop uses
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

Reproduce: `benchmarks/run validation` (ROWS and REPEATS override the defaults).
"""
open(os.path.join(out, "validation.md"), "w").write(md)
print(md)
PY
