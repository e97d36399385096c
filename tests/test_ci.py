"""The test run itself: PostgreSQL tests are never skipped under CI, and the run says how
many tests ran on each store backend (pytest in a subprocess on one two-backend test)."""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

ONE_TEST = "tests/store/test_core.py::test_same_text_with_other_whitespace_is_not_stored_twice"


def pytest_run(**env_changes) -> subprocess.CompletedProcess:
    env = {**os.environ}
    for name, value in env_changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(
        [sys.executable, "-m", "pytest", ONE_TEST, "-q", "-p", "no:cacheprovider"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_without_postgresql_a_developer_run_skips_and_says_so():
    run = pytest_run(TEST_DATABASE_URL=None, CI=None)
    assert run.returncode == 0, run.stdout
    assert "store backends: sqlite 1 passed; postgresql 1 skipped" in run.stdout


def test_without_postgresql_a_ci_run_fails():
    run = pytest_run(TEST_DATABASE_URL=None, CI="true")
    assert run.returncode != 0
    assert "store backends: sqlite 1 passed; postgresql 1 failed" in run.stdout
    assert "TEST_DATABASE_URL is not set" in run.stdout


def test_with_postgresql_both_backends_run():
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.fail("TEST_DATABASE_URL is not set: ./dev test starts a PostgreSQL server for it")
    run = pytest_run(CI="true")
    assert run.returncode == 0, run.stdout
    assert "store backends: sqlite 1 passed; postgresql 1 passed" in run.stdout
