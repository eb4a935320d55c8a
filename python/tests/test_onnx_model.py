"""A package's model.onnx scored by ONNX Runtime from PyPI, with no JVM: for a binary, a multiclass and a
regression model, on 10,000 rows with missing numbers, missing (null, empty, blank) and unseen categories,
the scores must be the package's own (Pitstop's scorer on the same rows) to 1e-5 (relative above 1, for
regression values in the label's units). The cases (each package's model.onnx and features.json, the rows,
Pitstop's scores) are written by steps' PortableModelPythonTest, which then runs this file; run on its own
after that test, it checks the cases the last build wrote."""
import json
import math
import os
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest

from conftest import REPO

CASES = Path(os.environ.get("PITSTOP_ONNX_CASES", REPO / "steps/target/onnx-cases"))
TOLERANCE = 1e-5


def feed(features, columns):
    """The convention features.json documents (and docs/releases.md shows): numeric columns as float64 with
    NaN for missing, categorical columns as strings with "" for missing; one array of N values per input."""
    inputs = {}
    for column in features["inputs"]:
        values = columns[column["name"]]
        if column["kind"] == "numeric":
            inputs[column["name"]] = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
        else:
            inputs[column["name"]] = np.array(["" if v is None else v for v in values], dtype=object)
    return inputs


@pytest.fixture(scope="module")
def rows():
    if not (CASES / "rows.json").exists():
        pytest.skip(f"no ONNX cases in {CASES}: steps' PortableModelPythonTest writes them and runs this file")
    return json.loads((CASES / "rows.json").read_text(encoding="utf-8"))


def score(task, rows):
    """The package's features.json, ONNX Runtime's outputs by name, and Pitstop's scores of the same rows."""
    case = CASES / task
    model = onnx.load(str(case / "model.onnx"))
    onnx.checker.check_model(model, full_check=True)
    features = json.loads((case / "features.json").read_text(encoding="utf-8"))
    session = ort.InferenceSession(str(case / "model.onnx"), providers=["CPUExecutionProvider"])
    # The graph's inputs and outputs are the ones features.json documents, by name and type.
    assert {i.name: i.type for i in session.get_inputs()} == {i["name"]: i["onnx_type"] for i in features["inputs"]}
    assert [o.name for o in session.get_outputs()] == [o["name"] for o in features["outputs"]]
    names = [o.name for o in session.get_outputs()]
    outputs = dict(zip(names, session.run(None, feed(features, rows))))
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    assert len(outputs["score"]) == len(expected["score"]) == 10_000
    return features, outputs, expected


def close(actual, expected):
    return abs(float(actual) - expected) <= TOLERANCE * max(1.0, abs(expected))


def test_binary_scores_and_decisions_match_pitstops(rows):
    features, out, expected = score("binary", rows)
    assert features["task"] == "binary" and features["positive"] == "Yes"
    far = [not close(a, e) for a, e in zip(out["score"], expected["score"])]
    assert sum(far) == 0, f"{sum(far)} scores differ by more than {TOLERANCE}"
    threshold = features["decision_threshold"]
    for decision, want, s in zip(out["decision"], expected["decision"], expected["score"]):
        if abs(s - threshold) > TOLERANCE:
            assert bool(decision) == want


def test_multiclass_probabilities_and_labels_match_pitstops(rows):
    features, out, expected = score("multiclass", rows)
    assert features["classes"] == ["Month-to-month", "One year", "Two year"]
    assert all(close(a, e) for a, e in zip(out["score"], expected["score"]))
    for got, want in zip(out["probabilities"], expected["probabilities"]):
        assert all(close(a, e) for a, e in zip(got, want))
        assert math.isclose(float(sum(got)), 1.0, abs_tol=1e-5)
    for label, want, p in zip(out["prediction"], expected["prediction"], expected["probabilities"]):
        top = sorted(p, reverse=True)
        if top[0] - top[1] > TOLERANCE:
            assert label == want


def test_regression_values_match_pitstops_in_the_labels_units(rows):
    features, out, expected = score("regression", rows)
    assert features["label"] == "monthly_charges" and features["target"]["scale"] > 0
    assert all(close(a, e) for a, e in zip(out["score"], expected["score"]))
    assert max(expected["score"]) > 1, "values in dollars, not standardised"


def test_the_python_example_of_the_releases_page_scores_as_pitstop(rows):
    """The page's example, run as written, on the binary case's package files and rows."""
    page = (REPO / "docs/releases.md").read_text(encoding="utf-8")
    section = page[page.index("## Scoring without Pitstop: ONNX"):]
    example = section[section.index("```python\n") + len("```python\n"):section.index("```\n", section.index("```python"))]
    assert 'package = ".pitstop/packages/churn-1.0.0"' in example
    namespace = {"columns": rows}
    exec(example.replace('".pitstop/packages/churn-1.0.0"', repr(str(CASES / "binary"))), namespace)  # noqa: S102
    expected = json.loads((CASES / "binary" / "expected.json").read_text(encoding="utf-8"))
    assert all(close(a, e) for a, e in zip(namespace["score"], expected["score"]))
    assert len(namespace["decision"]) == 10_000


def test_missing_blank_and_unseen_values_are_among_the_rows(rows):
    # What the comparisons above cover: every gap the encoding has a rule for.
    contract = rows["contract"]
    assert None in contract and "" in contract and "Unheard of" in contract and "\u00a0" in contract
    assert any(v is not None and v != "" and v.strip() == "" for v in contract)
    assert None in rows["tenure"] and None in rows["total_charges"]
