"""What Airflow does with each exit code of `pitstop step`, in a real Airflow (`airflow dags test`,
which runs tasks and their retries as the scheduler would): 2 (invalid input or configuration) and
4 (a lost compare-and-set on a registry transition) fail the task after one try although retries
are configured, 1 (a failed step) is retried until
the retries run out, 3 (the gate said no) skips the task and the task after it.

The DAG comes from the committed loader (dags/pitstop_dags.py) and a hand-written spec. PITSTOP_BIN
is a wrapper that writes down each call; for the step `real-invalid` it runs the real `./pitstop step`
on a pipeline file with an unknown key (the real exit 2 of a configuration error), and for the steps
`exit-N` it exits N, because exit 1 (a failed step) and exit 3 (a gate that says no) take a whole
pipeline run to produce for real: test_dags_run.py runs that one. So this takes seconds."""
import json
import os
import shutil
import sqlite3
import subprocess
from datetime import datetime, timedelta

from conftest import REPO

DAG_ID = "pitstop_exit_codes"
RETRIES = 2
RETRY_DELAY_SECONDS = 1

PITSTOP_WRAPPER = """#!/usr/bin/env bash
# pitstop step <pipeline> <step> --run-id <id> ...: step real-* runs the real launcher; step exit-N
# exits N; any other step exits 0.
echo "$3" >> "$(dirname "$0")/calls"
case "$3" in real-*) exec "$REAL_PITSTOP" "$@" ;; exit-*) exit "${3#exit-}" ;; *) exit 0 ;; esac
"""

# A pipeline file the real CLI refuses before anything runs (exit 2): a misspelt key.
BROKEN_PIPELINE = """pipeline: exit-codes
model: { name: exit-codes, owner: pitstop }
steps:
  - id: real-invalid
    uses: data.validate
    retries_typo: 2
    with: { contract: data-contracts/none.yaml }
"""


def _spec(tasks):
    return {
        "format_version": 1,
        "dag_id": DAG_ID,
        "description": "exit codes of pitstop step",
        "pipeline_file": "pipelines/exit-codes.yaml",
        "profile": "local",
        "schedule": None,
        "start_date": "2026-11-01",
        "catchup": False,
        "owner": "pitstop",
        "tags": ["pitstop"],
        "retries": RETRIES,
        "retry_delay_seconds": RETRY_DELAY_SECONDS,
        "execution_timeout_seconds": 60,
        "dagrun_timeout_seconds": 600,
        "max_active_runs": 1,
        "max_active_tasks": 1,
        "launch": "local",
        "command": ["{pitstop}", "step", "pipelines/exit-codes.yaml", "{step}", "--run-id", "{run_id}",
                    "--project", "{project}"],
        "tasks": [{"task_id": t, "kind": "test", "upstream": up} for t, up in tasks.items()],
    }


def test_exits_2_and_4_fail_at_once_exit_1_is_retried_exit_3_skips(airflow_db, tmp_path):
    dags = tmp_path / "dags"
    dags.mkdir()
    shutil.copy(REPO / "dags/pitstop_dags.py", dags / "pitstop_dags.py")
    (dags / "exit-codes.dag.json").write_text(json.dumps(_spec({
        "exit-0": [], "exit-1": [], "exit-2": [], "exit-3": [], "after-exit-3": ["exit-3"], "exit-4": [],
        "real-invalid": []})))
    wrapper = tmp_path / "bin/pitstop"
    wrapper.parent.mkdir()
    wrapper.write_text(PITSTOP_WRAPPER)
    wrapper.chmod(0o755)
    shutil.copytree(REPO / "conf", tmp_path / "conf")
    (tmp_path / "pipelines").mkdir()
    (tmp_path / "pipelines/exit-codes.yaml").write_text(BROKEN_PIPELINE)

    # The launcher builds the CLI on first use; done here, so the task's timeout measures only the step.
    subprocess.run([str(REPO / "pitstop"), "--version"], check=True, capture_output=True, timeout=1200)

    env = dict(os.environ, AIRFLOW__CORE__DAGS_FOLDER=str(dags), PITSTOP_PROJECT=str(tmp_path),
               PITSTOP_BIN=str(wrapper), REAL_PITSTOP=str(REPO / "pitstop"))
    test = subprocess.run([str(REPO / ".venv/bin/airflow"), "dags", "test", DAG_ID, "2026-11-22"],
                          env=env, capture_output=True, text=True, timeout=600)
    log = test.stdout + test.stderr
    output = log[-8000:]

    with sqlite3.connect(airflow_db / "airflow.db") as db:
        runs = db.execute("SELECT run_id, state FROM dag_run WHERE dag_id = ?", (DAG_ID,)).fetchall()
        tis = {t: (state, tries) for t, state, tries in db.execute(
            "SELECT task_id, state, try_number FROM task_instance WHERE dag_id = ?", (DAG_ID,))}
        history = sorted(db.execute("SELECT task_id, try_number, start_date, end_date"
                                    " FROM task_instance_history WHERE dag_id = ?", (DAG_ID,)).fetchall())
        last_start = db.execute("SELECT start_date FROM task_instance WHERE dag_id = ? AND task_id = ?",
                                (DAG_ID, "exit-1")).fetchone()[0]
    calls = (tmp_path / "bin/calls").read_text().split()

    assert len(runs) == 1 and runs[0][1] == "failed", (runs, output)
    # Exit 2: failed after its first try, though two retries were left.
    assert tis["exit-2"] == ("failed", 1), (tis, output)
    assert calls.count("exit-2") == 1, calls
    assert not [h for h in history if h[0] == "exit-2"], history
    # Exit 4 (a lost compare-and-set on a registry transition): failed after its first try, like 2.
    assert tis["exit-4"] == ("failed", 1), (tis, output)
    assert calls.count("exit-4") == 1, calls
    assert not [h for h in history if h[0] == "exit-4"], history
    assert "pitstop exited 4: production changed since this run's gate" in log, output
    # Exit 1: up for retry after each of the first tries, failed when the retries ran out. Airflow
    # logs every state change (no task id on that line); exit 1's are the only retries in this run.
    assert tis["exit-1"] == ("failed", RETRIES + 1), (tis, output)
    assert calls.count("exit-1") == RETRIES + 1, calls
    assert log.count("new_state=up_for_retry") == RETRIES, output
    retried = [h for h in history if h[0] == "exit-1"]
    assert [h[1] for h in retried] == list(range(1, RETRIES + 1)), history
    # ... each try starting at least retry_delay_seconds after the one before it ended.
    starts = [h[2] for h in retried[1:]] + [last_start]
    gaps = [datetime.fromisoformat(start) - datetime.fromisoformat(ended)
            for (_, _, _, ended), start in zip(retried, starts)]
    assert all(gap >= timedelta(seconds=RETRY_DELAY_SECONDS) for gap in gaps), gaps
    # Exit 3: skipped at once, and the task after it too, without running.
    assert tis["exit-3"] == ("skipped", 1), (tis, output)
    assert calls.count("exit-3") == 1, calls
    assert tis["after-exit-3"][0] == "skipped" and "after-exit-3" not in calls, (tis, calls)
    assert tis["exit-0"] == ("success", 1), (tis, output)
    # The real CLI on a pipeline file with a misspelt key: exit 2, failed after one try, never retried.
    assert tis["real-invalid"] == ("failed", 1), (tis, output)
    assert calls.count("real-invalid") == 1, calls
    assert not [h for h in history if h[0] == "real-invalid"], history
    assert "unknown key 'retries_typo'" in log, output
