"""The committed dags/ as Airflow sees it: it loads without import errors, and each DAG is its
pipeline file (read here straight from pipelines/*.yaml, not from the exported spec) -- the same
tasks, dependencies, schedule, retries and owner."""
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from conftest import REPO

PIPELINES = sorted((REPO / "pipelines").glob("*.yaml"))


def _ancestors(steps, step_id):
    """Every step before step_id, following needs: transitively."""
    seen, pending = set(), [step_id]
    while pending:
        needs = steps[pending.pop()].get("needs", [])
        for n in [needs] if isinstance(needs, str) else needs:
            if n not in seen:
                seen.add(n)
                pending.append(n)
    return seen


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag
    return DagBag(dag_folder=str(REPO / "dags"))


def test_airflow_parses_dags_with_no_import_errors(dagbag):
    assert dagbag.import_errors == {}
    assert len(dagbag.dags) == len(PIPELINES)


@pytest.mark.parametrize("pipeline_file", PIPELINES, ids=lambda p: p.name)
def test_each_dag_has_exactly_its_pipelines_steps_needs_schedule_and_retries(dagbag, pipeline_file):
    pipeline = yaml.safe_load(pipeline_file.read_text())
    dag = dagbag.dags.get("pitstop_" + pipeline["pipeline"].replace("-", "_"))
    assert dag is not None

    steps = {s["id"]: s for s in pipeline["steps"]}
    policy = "retrain_when" in pipeline
    # A pipeline with a retraining policy has one task more, before every step: should-retrain.
    assert set(dag.task_ids) == set(steps) | ({"should_retrain"} if policy else set())
    if policy:
        decide = dag.get_task("should_retrain")
        assert type(decide).__name__ == "PitstopShouldRetrain"
        assert f"should-retrain {pipeline_file.relative_to(REPO)} --profile local" in decide.bash_command
        # Exit 5 (no condition held) is Airflow's skip: the steps after it are skipped, not failed.
        assert list(decide.skip_on_exit_code) == [5]
        assert decide.upstream_task_ids == set()
    for step_id, step in steps.items():
        needs = step.get("needs", [])
        needs = [needs] if isinstance(needs, str) else needs
        if policy and not needs:
            needs = ["should_retrain"]
        task = dag.get_task(step_id)
        assert task.upstream_task_ids == set(needs), step_id
        schedule = pipeline.get("schedule", {})
        assert task.retries == schedule.get("retries", 1), step_id
        assert task.retry_delay == timedelta(minutes=schedule.get("retry_delay_minutes", 5)), step_id
        assert task.owner == pipeline["model"].get("owner") or "pitstop"
        assert f"step {pipeline_file.relative_to(REPO)} {step_id} --run-id" in task.bash_command
        # Exit 3 (the gate released nothing) skips the task and what follows instead of failing the run.
        assert list(task.skip_on_exit_code) == [3], step_id
        # Scoring with the production model may run past skipped steps (trigger rule none_failed) only when
        # every step before it is of the retrain/release chain (train, evaluate, release kinds): a skipped data
        # step would leave it scoring the last night's file. Never after a failure. (RetrainChain.java)
        production_scoring = step["uses"] == "score.batch" and step.get("with", {}).get("model") != "candidate"
        only_chain_before = all(steps[a]["uses"].split(".")[0] in ("train", "evaluate", "release")
                                for a in _ancestors(steps, step_id))
        if production_scoring and needs and only_chain_before:
            assert task.trigger_rule == "none_failed", step_id
            assert task.bash_command.endswith(" --when-upstream-skipped"), step_id
        elif step["uses"] != "outcomes.join":
            assert task.trigger_rule == "all_success", step_id
            assert "--when-upstream-skipped" not in task.bash_command, step_id
        # Exit 2 (invalid input or configuration) fails the task with no retry: test_dag_exit_codes.py.
        assert type(task).__name__ == "PitstopStep", step_id

    schedule = pipeline.get("schedule")
    if schedule:
        assert dag.schedule == schedule["cron"]
        assert dag.catchup == schedule.get("catchup", False)
        assert dag.start_date.date().isoformat() == str(schedule["start_date"])
        assert set(schedule.get("tags", [])) <= set(dag.tags)
