"""`airflow dags test` runs the demo pipeline end to end, one `pitstop step` process per task, on a
small demo project (1,500 rows: the contract wants at least 1,000); the run Airflow made is then in Pitstop's run store with every step.

The demo pipeline has a retrain_when: policy, so its DAG's first task is `pitstop should-retrain`. On the
fresh project no model is in production, so the policy fires and every step runs. A second `airflow dags
test` right after finds a production model trained on the same rows, a day old at most, whose scoring run
measured little drift and which has no outcomes yet: no condition holds, should-retrain exits 5, and Airflow
skips every step (skipped, not failed). The scoring step is skipped too: version-data and validate, data
steps, come before it, and scoring past a skipped data step would score the last night's file
(RetrainChain.java), so no Pitstop run is made that night; both decisions are in its run store."""
import json
import os
import shutil
import sqlite3
import subprocess

from conftest import REPO


def test_airflow_runs_the_demo_pipeline_and_pitstop_records_every_step(airflow_db, tmp_path):
    project = tmp_path / "demo"
    subprocess.run([str(REPO / "bin/demo-project"), str(project), "--rows", "1500"], check=True,
                   capture_output=True)
    pitstop = str(REPO / "pitstop")
    # No retries here: a failing step must fail the test at once, not after retry delays.
    pipeline = project / "pipelines/telco-churn.yaml"
    pipeline.write_text(pipeline.read_text().replace("  retries: 2", "  retries: 0"))
    subprocess.run([pitstop, "dags", "export", "--project", str(project)], check=True, capture_output=True)
    shutil.copy(REPO / "dags/pitstop_dags.py", project / "dags/pitstop_dags.py")

    env = dict(os.environ, AIRFLOW__CORE__DAGS_FOLDER=str(project / "dags"), PITSTOP_PROJECT=str(project),
               PITSTOP_BIN=pitstop)
    airflow = str(REPO / ".venv/bin/airflow")
    test = subprocess.run([airflow, "dags", "test", "pitstop_telco_churn", "2026-11-22"],
                          env=env, capture_output=True, text=True, timeout=1200)
    assert test.returncode == 0, test.stdout[-4000:] + test.stderr[-4000:]
    # The run id comes from Airflow's own record of the DAG run (its metadata DB; the CLI mixes log
    # lines into its JSON output): Airflow 3 stamps `dags test` runs with the wall-clock time, not
    # the logical date, so no date may be assumed here.
    with sqlite3.connect(airflow_db / "airflow.db") as db:
        dag_runs = db.execute("SELECT run_id, state FROM dag_run WHERE dag_id = 'pitstop_telco_churn'").fetchall()
    assert len(dag_runs) == 1 and dag_runs[0][1] == "success", dag_runs
    airflow_run_id = dag_runs[0][0]

    listing = subprocess.run([pitstop, "runs", "list", "--project", str(project)], check=True,
                             capture_output=True, text=True).stdout
    runs = [line.split()[0] for line in listing.splitlines()[1:] if line.strip()]
    assert len(runs) == 1, listing
    run_id = runs[0]
    assert run_id == airflow_run_id, listing
    shown = json.loads(subprocess.run([pitstop, "runs", "show", run_id, "--json", "--project", str(project)],
                                      check=True, capture_output=True, text=True).stdout)
    pipeline_steps = [t["task_id"] for t in json.loads((project / "dags/telco-churn.dag.json").read_text())["tasks"]]
    assert shown["format_version"] == 1, shown
    assert sorted(s["step_id"] for s in shown["steps"]) == sorted(pipeline_steps)
    assert all(s["status"] in ("SUCCEEDED", "CACHED") for s in shown["steps"]), shown["steps"]
    assert shown["status"] == "SUCCEEDED", shown
    # The policy fired (nothing in production) and said so in the task's log.
    assert "retrain telco-churn: no_production held" in test.stdout + test.stderr, test.stdout[-4000:]
    with sqlite3.connect(airflow_db / "airflow.db") as db:
        first = dict(db.execute("SELECT task_id, state FROM task_instance WHERE dag_id = 'pitstop_telco_churn'"
                                " AND run_id = ?", (airflow_run_id,)).fetchall())
    assert first["should_retrain"] == "success", first

    # The next night: no condition holds, so the run is skipped by Airflow, step by step.
    again = subprocess.run([airflow, "dags", "test", "pitstop_telco_churn", "2026-11-23"],
                           env=env, capture_output=True, text=True, timeout=600)
    log = again.stdout + again.stderr
    assert again.returncode == 0, log[-4000:]
    assert "skip telco-churn: no condition held (model churn, production 1.0.0)" in log, log[-4000:]
    assert "not held rows_changed_above: 0 (limit 500)" in log, log[-4000:]
    with sqlite3.connect(airflow_db / "airflow.db") as db:
        second = db.execute("SELECT run_id FROM dag_run WHERE dag_id = 'pitstop_telco_churn' AND run_id != ?",
                            (airflow_run_id,)).fetchone()[0]
        states = dict(db.execute("SELECT task_id, state FROM task_instance WHERE dag_id = 'pitstop_telco_churn'"
                                 " AND run_id = ?", (second,)).fetchall())
    # score too: its data steps (version-data, validate) were skipped, so its trigger rule is all_success.
    assert states == {t: "skipped" for t in ["should_retrain"] + pipeline_steps}, states
    listing = subprocess.run([pitstop, "runs", "list", "--project", str(project)], check=True,
                             capture_output=True, text=True).stdout
    assert [line.split()[0] for line in listing.splitlines()[1:] if line.strip()] == [run_id], listing
    assert "step score runs without" not in log, log[-4000:]
    with sqlite3.connect(project / ".pitstop/pitstop.db") as store:
        decisions = store.execute("SELECT retrain, fired, evidence_json FROM retrain_decisions"
                                  " WHERE pipeline = 'telco-churn' ORDER BY decided_at_ms").fetchall()
    assert [(bool(r), json.loads(f)) for r, f, _ in decisions] == [(True, ["no_production"]), (False, [])], decisions
    evidence = {c["name"]: c for c in json.loads(decisions[1][2])["conditions"]}
    assert evidence["rows_changed_above"]["value"] == 0 and evidence["rows_changed_above"]["limit"] == 500, evidence
    assert evidence["input_psi_above"]["value"] is not None, evidence
