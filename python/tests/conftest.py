"""Airflow runs here against a throw-away AIRFLOW_HOME with an SQLite metadata DB; it starts no
server (no api-server, no scheduler), so nothing listens on any port."""
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

_home = tempfile.mkdtemp(prefix="pitstop-airflow-")
os.environ["AIRFLOW_HOME"] = _home
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(REPO / "dags")
os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = f"sqlite:///{_home}/airflow.db"
os.environ["AIRFLOW__API__HOST"] = "127.0.0.1"
os.environ["AIRFLOW__CORE__UNIT_TEST_MODE"] = "False"


@pytest.fixture(scope="session")
def airflow_home():
    return Path(_home)


@pytest.fixture(scope="session")
def airflow_db(airflow_home):
    subprocess.run([str(REPO / ".venv/bin/airflow"), "db", "migrate"], check=True, capture_output=True,
                   env=os.environ.copy())
    return airflow_home
