"""The pandas + numpy side of benchmarks/run scoring: the same job as score.batch once its input is
read, written the way a Python team would — Parquet read in chunks into pandas, the model's feature
transform (features.json: standardised numerics, one-hot categoricals with "unseen" and "missing"
slots) in vectorised pandas/numpy, the network's forward pass as numpy matrix products with the
weights the JVM side exported, the same checks (row count, every key once, no null score, scores in
[0, 1]), the predictions written to Parquet. Checks its scores against the committed Delta table's
on a sample of keys. Prints one JSON line.

Usage: numpy_score.py <input-parquet-dir> <weights.json> <sample.csv> <out-dir> <threshold> [repeats]
"""
import datetime
import glob
import json
import os
import shutil
import sys
import time

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

ACTIVATIONS = {
    "relu": lambda x: np.maximum(x, 0, out=x),
    "sigmoid": lambda x: 1.0 / (1.0 + np.exp(-x)),
    "tanh": np.tanh,
    "identity": lambda x: x,
}


def load(weights_file):
    spec = json.load(open(weights_file))
    layers = []
    for layer in spec["layers"]:
        name = layer["activation"]
        if name not in ACTIVATIONS:
            raise SystemExit(f"{weights_file}: activation {name!r} has no numpy equivalent here")
        layers.append((np.asarray(layer["W"], dtype=np.float32), np.asarray(layer["b"], dtype=np.float32),
                       ACTIVATIONS[name]))
    return spec["features"], layers


def encode(df, features):
    numeric, categorical = features["numeric"], features["categorical"]
    width = len(numeric) + sum(len(c["values"]) + 2 for c in categorical)
    n = len(df)
    x = np.zeros((n, width), dtype=np.float32)
    for i, stats in enumerate(numeric):
        z = (df[stats["name"]].to_numpy(dtype=np.float64, na_value=np.nan) - stats["mean"]) / stats["std"]
        x[:, i] = np.nan_to_num(z, nan=0.0)
    slot = len(numeric)
    rows = np.arange(n)
    for levels in categorical:
        values = levels["values"]
        column = df[levels["name"]]
        codes = pd.Categorical(column, categories=values).codes.astype(np.int64)
        missing = column.isna().to_numpy() | (column.fillna("").str.strip() == "").to_numpy()
        hot = np.where(missing, len(values) + 1, np.where(codes >= 0, codes, len(values)))
        x[rows, slot + hot] = 1.0
        slot += len(values) + 2
    return x


def forward(x, layers):
    h = x
    for w, b, activation in layers:
        h = activation(h @ w + b)
    return h.reshape(-1)


def score_once(source, features, layers, out, threshold, key, sample):
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    columns = [key] + [c["name"] for c in features["numeric"]] + [c["name"] for c in features["categorical"]]
    timings = {"read_s": 0.0, "transform_s": 0.0, "forward_s": 0.0, "write_s": 0.0, "check_s": 0.0}
    rows, keys, sampled = 0, [], {}
    scored_at = pd.Timestamp(datetime.datetime.now(datetime.timezone.utc))
    start = time.perf_counter()
    part = 0
    for path in sorted(glob.glob(os.path.join(source, "*.parquet"))):
        for batch in pq.ParquetFile(path).iter_batches(batch_size=1 << 20, columns=columns):
            t0 = time.perf_counter()
            df = batch.to_pandas()
            t1 = time.perf_counter()
            x = encode(df, features)
            t2 = time.perf_counter()
            scores = forward(x, layers).astype(np.float64)
            t3 = time.perf_counter()
            if np.isnan(scores).any() or (scores < 0).any() or (scores > 1).any():
                raise SystemExit("a score is null or outside [0, 1]")
            keys.append(df[key])
            hit = df[key].isin(sample)
            sampled.update(zip(df[key][hit], scores[hit.to_numpy()]))
            t4 = time.perf_counter()
            predictions = pd.DataFrame({key: df[key], "score": scores, "decision": scores >= threshold,
                                        "model_name": "churn", "model_version": "benchmark", "run_id": "numpy",
                                        "scored_at": scored_at})
            pq.write_table(pa.Table.from_pandas(predictions, preserve_index=False),
                           os.path.join(out, f"part-{part:05d}.parquet"))
            part += 1
            t5 = time.perf_counter()
            rows += len(df)
            timings["read_s"] += t1 - t0
            timings["transform_s"] += t2 - t1
            timings["forward_s"] += t3 - t2
            timings["check_s"] += t4 - t3
            timings["write_s"] += t5 - t4
    t0 = time.perf_counter()
    all_keys = pd.concat(keys, ignore_index=True)
    if all_keys.isna().any() or not all_keys.is_unique:
        raise SystemExit("keys are not unique and non-null")
    timings["check_s"] += time.perf_counter() - t0
    total = time.perf_counter() - start
    # Time outside the measured parts is Parquet decoding inside iter_batches.
    timings["read_s"] += total - sum(timings.values())
    return rows, total, timings, sampled


def main():
    source, weights_file, sample_file, out, threshold = sys.argv[1:6]
    repeats = int(sys.argv[6]) if len(sys.argv) > 6 else 1
    features, layers = load(weights_file)
    sample = pd.read_csv(sample_file)
    key, reference = sample.columns[0], dict(zip(sample.iloc[:, 0], sample["score"]))
    runs = []
    for _ in range(repeats):
        rows, total, timings, sampled = score_once(source, features, layers, out, float(threshold), key, set(reference))
        runs.append({"total_s": round(total, 3), **{k: round(v, 3) for k, v in timings.items()}})
    missing = set(reference) - set(sampled)
    if missing:
        raise SystemExit(f"{len(missing)} sampled keys were not scored, e.g. {sorted(missing)[:3]}")
    diff = max(abs(sampled[k] - reference[k]) for k in reference)
    shutil.rmtree(out, ignore_errors=True)
    print(json.dumps({"side": "pandas-numpy", "rows": rows, "runs": runs, "numpy": np.__version__,
                      "pandas": pd.__version__, "pyarrow": pa.__version__,
                      "max_abs_score_difference_vs_job": float(diff), "compared_keys": len(reference)}))


if __name__ == "__main__":
    main()
