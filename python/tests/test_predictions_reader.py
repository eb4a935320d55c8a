"""Analysts read the prediction table with tools that are not Spark. Here Python's `deltalake` (delta-rs,
no JVM) reads the Delta table real `./pitstop` runs wrote: the demo pipeline on a small demo project
(it ends by scoring), then `./pitstop score` a second time. The reader must see exactly the rows of
the last committed run, one per key, stamped with the production model, and the table's history must
show both commits with the run ids Pitstop recorded."""
import json
import shutil
import subprocess

import pytest
from deltalake import DeltaTable, QueryBuilder

from conftest import REPO

PITSTOP = str(REPO / "pitstop")
TABLE = ".pitstop/tables/churn_predictions"
ROWS = 1500  # the contract wants at least 1,000 rows
COLUMNS = {"customer_id", "score", "decision", "model_name", "model_version", "run_id", "scored_at"}


def pitstop(project, *args):
    done = subprocess.run([PITSTOP, *args, "--project", str(project)], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"pitstop {' '.join(args)}: exit {done.returncode}\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def scored_twice(tmp_path_factory):
    """A demo project after `./pitstop run` (which scores) and one more `./pitstop score`; the table as it
    was after the first run is captured before the second."""
    project = tmp_path_factory.mktemp("reader") / "demo"
    subprocess.run([str(REPO / "bin/demo-project"), str(project), "--rows", str(ROWS)], check=True,
                   capture_output=True)
    pitstop(project, "run", "--run-id", "reader-run-1", "pipelines/telco-churn.yaml")
    first = read(project / TABLE)
    first_version = DeltaTable(str(project / TABLE)).version()
    pitstop(project, "score", "--run-id", "reader-score-2", "pipelines/telco-churn.yaml")
    return project, first, first_version


def read(table, version=None):
    """Every row of one version of the table (default: the current one) as Python dicts, through
    delta-rs's own SQL engine."""
    dt = DeltaTable(str(table)) if version is None else DeltaTable(str(table), version=version)
    result = QueryBuilder().register("predictions", dt).execute("SELECT * FROM predictions").read_all()
    columns = {name: result.column(name).to_pylist() for name in result.column_names}
    return [dict(zip(columns, values)) for values in zip(*columns.values())]


def production_version(project):
    listing = pitstop(project, "models", "list", "churn")
    versions = [line.split()[0] for line in listing.splitlines() if "production" in line.lower().split()]
    assert len(versions) == 1, listing
    return versions[0]


def test_the_reader_sees_every_scored_row_once_with_the_production_model(scored_twice):
    project, first, _ = scored_twice
    for rows, run_id in ((first, "reader-run-1"), (read(project / TABLE), "reader-score-2")):
        assert len(rows) == ROWS
        assert set(rows[0]) == COLUMNS
        assert len({r["customer_id"] for r in rows}) == ROWS, "one row per key"
        assert {r["run_id"] for r in rows} == {run_id}, "only the rows of one committed run"
        assert {r["model_name"] for r in rows} == {"churn"}
        assert {r["model_version"] for r in rows} == {production_version(project)}
        assert all(0.0 <= r["score"] <= 1.0 for r in rows)
        assert all(isinstance(r["decision"], bool) for r in rows)


def test_after_a_second_run_the_reader_sees_the_new_version_and_history_shows_both(scored_twice):
    project, first, first_version = scored_twice
    table = DeltaTable(str(project / TABLE))
    assert table.version() == first_version + 1

    # Time travel to the first commit gives back exactly what the reader saw then.
    assert sorted(read(project / TABLE, first_version), key=key) == sorted(first, key=key)

    # delta-rs reads the commit metadata Pitstop wrote: the run and the model of each version.
    history = {h["version"]: h for h in table.history()}
    assert set(history) >= {first_version, first_version + 1}
    runs = {v: json.loads(history[v]["userMetadata"])["run_id"] for v in (first_version, first_version + 1)}
    assert runs == {first_version: "reader-run-1", first_version + 1: "reader-score-2"}

    # And Pitstop's own history command lists the same two runs.
    listed = pitstop(project, "predictions", "history", TABLE)
    assert "reader-run-1" in listed and "reader-score-2" in listed, listed


def key(row):
    return row["customer_id"]


def test_an_erased_subject_is_in_no_version_delta_rs_reads(scored_twice, tmp_path):
    """`predictions erase` on a copy of the scored project: delta-rs, which reads the log and the files
    on its own, finds the subject in no version. An earlier version either fails to read (its files
    are gone) or lacks it; the current one lacks only it."""
    source, _, _ = scored_twice
    project = tmp_path / "erased"
    shutil.copytree(source, project, symlinks=True)
    table = project / TABLE
    before = read(table)
    subject, kept = before[0]["customer_id"], before[1]["customer_id"]
    versions = range(DeltaTable(str(table)).version() + 1)

    out = pitstop(project, "predictions", "erase", TABLE, "--key", str(subject))
    assert "time travel to versions before" in out and str(subject) not in out, out

    current = {r["customer_id"] for r in read(table)}
    assert subject not in current and kept in current and len(current) == ROWS - 1
    unreadable = 0
    for v in versions:
        try:
            held = {r["customer_id"] for r in read(table, v)}
        except Exception:  # noqa: BLE001 - delta-rs names the missing file; the version is gone
            unreadable += 1
            continue
        assert subject not in held, f"version {v} still returns the erased subject"
    assert unreadable >= 1, "no earlier version lost its files"
