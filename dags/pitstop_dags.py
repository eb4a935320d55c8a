"""Turns every Pitstop DAG spec in this folder (*.dag.json, written by `./pitstop dags export`) into
an Airflow DAG. Generic and hand-written: nothing here knows a pipeline. Each task runs one step
through the Pitstop CLI (`pitstop step <pipeline> <step> --run-id <Airflow run id>`), so caching,
resume, gates and the run store stay in Pitstop; Airflow only schedules and retries.

What Airflow does with the CLI's exit code:
  0  the task succeeded
  1  a step failed (bug, broken infrastructure, bad data): the task fails and is retried, up to
     `retries` times `retry_delay` apart, like any failed BashOperator
  2  invalid input or configuration, nothing ran: the task fails at once, with no retry whatever
     `retries` says (AirflowFailException), as a retry would fail the same way
  3  the quality gate said no: the task is skipped, and so are the steps after it
  4  production changed underneath a promotion (a lost compare-and-set on a registry transition):
     the task fails at once, with no retry, as for 2: the same run would lose the same race; the
     next scheduled run starts from the new champion

A pipeline with a `retrain_when:` policy gets a first task, `should_retrain`, running
`pitstop should-retrain <pipeline>` before every step: exit 0 (a condition held; the command's log
says which, with the value measured and its limit) lets the steps run, exit 5 (no condition held)
raises Airflow's skip (AirflowSkipException), so every step is skipped, not failed -- except the steps
the spec marks `runs_when_upstream_skipped` (they consume nothing from the steps before them, and every
step before them is of the retrain/release chain -- train, evaluate, release kinds -- such as scoring with
the production model after promote): their trigger rule is `none_failed`, so they run when their
upstream tasks succeeded or were skipped (a skipped night, a gate that said no), never after a failure,
as `pitstop step --when-upstream-skipped`. A step after a data step (data.version, a fetch) is never
marked: run past a skipped data step, it would read the last night's file.

Environment on the Airflow worker:
  PITSTOP_PROJECT  the project directory (default: the parent of this folder)
  PITSTOP_BIN      the pitstop launcher (default: <project>/pitstop)
  PITSTOP_JAR      the Pitstop jar, for specs exported with launch.mode spark-submit
                   (default: <project>/submit/target/pitstop-spark.jar)
  PITSTOP_DRIVER_JAVA_OPTIONS  the spark-submit driver's JVM options (default: the build's
                   app/target/jvm.flags and -Dpitstop.home=<project>)
"""
import json
import os
import shlex
from datetime import timedelta
from pathlib import Path

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG
from airflow.sdk.exceptions import AirflowException, AirflowFailException, AirflowSkipException

FORMAT_VERSION = 1
# `pitstop step` exits 3 when a step released nothing (the quality gate said no): the task is
# skipped, so are the steps after it, and the run is not a failure to page anyone about.
EXIT_STOPPED = 3
# `pitstop` exits 2 on invalid input or configuration (a refused pipeline, contract or parameter,
# a step whose upstream has not succeeded): nothing ran, so retrying cannot help.
EXIT_INVALID = 2
# `pitstop` exits 4 when production changed since the run's gate (a lost compare-and-set): nothing
# changed, and retrying the same run compares against a champion that is no longer there.
EXIT_CONFLICT = 4
# `pitstop should-retrain` exits 5 when no condition of the pipeline's retrain_when: held: the night's
# run is skipped, as decided, which is no failure.
EXIT_SKIP_RETRAIN = 5
# Exit codes that fail the task for good, with what to tell the person who reads the log.
NO_RETRY = {
    EXIT_INVALID: "invalid input or configuration, nothing ran; failing without retry (fix the file,"
                  " then clear the task)",
    EXIT_CONFLICT: "production changed since this run's gate (a lost compare-and-set), nothing changed;"
                   " failing without retry (the next run compares against the new champion)",
}

HERE = Path(__file__).resolve().parent


class PitstopStep(BashOperator):
    """A BashOperator whose exits in NO_RETRY (2, 4) fail the task for good instead of retrying it.
    Every other exit code is BashOperator's own: EXIT_STOPPED (skip_on_exit_code) skips, the rest retry."""

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowException as e:
            process = self.subprocess_hook.sub_process  # None if the command never started
            if process is not None and process.returncode in NO_RETRY:
                code = process.returncode
                raise AirflowFailException(f"pitstop exited {code}: {NO_RETRY[code]}") from e
            raise


class PitstopShouldRetrain(PitstopStep):
    """The first task of a pipeline with a retrain_when: policy. Exit 5 (no condition held) raises
    AirflowSkipException, so the steps after it are skipped; exit 0 logs the conditions that held."""

    def execute(self, context):
        try:
            decision = super().execute(context)
        except AirflowSkipException:
            self.log.info("pitstop should-retrain: no condition of retrain_when held; skipping this run's steps")
            raise
        # BashOperator returns the last line printed; the lines before it (above in this log) name each
        # condition with its value and limit.
        self.log.info("pitstop should-retrain: retraining (%s)", decision)
        return decision


def _driver_java_options(project):
    """The JVM flags the build wrote for Spark and ND4J on Java 17, and where Pitstop's .venv (dvc) is."""
    flags = Path(project) / "app/target/jvm.flags"
    known = flags.read_text().strip() if flags.exists() else ""
    return f"{known} -Dpitstop.home={project}".strip()


def _command(spec, step, argv=None, extra=()):
    project = os.environ.get("PITSTOP_PROJECT", str(HERE.parent))
    values = {
        "{pitstop}": os.environ.get("PITSTOP_BIN", str(Path(project) / "pitstop")),
        "{pitstop_jar}": os.environ.get("PITSTOP_JAR", str(Path(project) / "submit/target/pitstop-spark.jar")),
        "{driver_java_options}": os.environ.get("PITSTOP_DRIVER_JAVA_OPTIONS") or _driver_java_options(project),
        "{project}": project,
        "{step}": step,
    }
    argv = [values.get(a, a) for a in (argv or spec["command"])] + list(extra)
    # The run id is Airflow's, filled in by its templating when the task runs.
    return " ".join("{{ run_id | tojson }}" if a == "{run_id}" else shlex.quote(a) for a in argv)


def build(spec):
    if spec.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"{spec.get('dag_id')}: format_version {spec.get('format_version')} is not"
                         f" {FORMAT_VERSION}; re-run ./pitstop dags export with this Pitstop")
    dag = DAG(
        dag_id=spec["dag_id"],
        description=spec["description"] or None,
        schedule=spec["schedule"],
        start_date=pendulum.parse(spec["start_date"], tz="UTC"),
        catchup=spec["catchup"],
        tags=spec["tags"],
        dagrun_timeout=timedelta(seconds=spec["dagrun_timeout_seconds"]),
        max_active_runs=spec["max_active_runs"],
        max_active_tasks=spec["max_active_tasks"],
        default_args={
            "owner": spec["owner"],
            "retries": spec["retries"],
            "retry_delay": timedelta(seconds=spec["retry_delay_seconds"]),
            "execution_timeout": timedelta(seconds=spec["execution_timeout_seconds"]),
        },
    )
    tasks = {}
    for t in spec["tasks"]:
        ordered_only = t.get("runs_when_upstream_skipped", False)
        tasks[t["task_id"]] = PitstopStep(
            task_id=t["task_id"],
            bash_command=_command(spec, t["task_id"], extra=["--when-upstream-skipped"] if ordered_only else ()),
            skip_on_exit_code=EXIT_STOPPED,
            trigger_rule="none_failed" if ordered_only else "all_success",
            doc_md=f"Pitstop step `{t['task_id']}` ({t['kind']}) of `{spec['pipeline_file']}`",
            dag=dag,
        )
    for t in spec["tasks"]:
        for up in t["upstream"]:
            tasks[up] >> tasks[t["task_id"]]
    policy = spec.get("retrain_policy")
    if policy:
        decide = PitstopShouldRetrain(
            task_id=policy["task_id"],
            bash_command=_command(spec, None, policy["command"]),
            skip_on_exit_code=policy["skip_exit_code"],
            doc_md=f"`pitstop should-retrain {spec['pipeline_file']}`: exit {policy['skip_exit_code']} skips the run",
            dag=dag,
        )
        for t in spec["tasks"]:
            if not t["upstream"]:
                decide >> tasks[t["task_id"]]
    return dag


for _file in sorted(HERE.glob("*.dag.json")):
    _dag = build(json.loads(_file.read_text(encoding="utf-8")))
    globals()[_dag.dag_id] = _dag
