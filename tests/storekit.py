"""Fixtures for the corpus store tests: a database URL per backend, a small synthetic corpus.

PostgreSQL tests run against the server whose URL is in ``NIANBAO_TEST_PG`` (``.ci/run``
starts a throw-away one); they are skipped when it is absent, except under ``CI``, where its
absence is a failure. Each test gets a database of its own, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

import synth

PG_ENV = "NIANBAO_TEST_PG"


def pg_server() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_ENV} is not set: CI must run the PostgreSQL tests (.ci/run)")
        pytest.skip(f"{PG_ENV} not set (no PostgreSQL server for the tests)")
    return url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database on the test server."""
    import psycopg

    server = pg_server()
    name = f"nianbao_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = server.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "corpus.sqlite")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[synth.Truth]]:
    """8 departments over 3 years plus each region's 人民政府 summary, 10% slips, 5% broken."""
    out = tmp_path_factory.mktemp("corpus")
    truths = synth.write(out, synth.generate(8, seed=7, rollup=True))
    return out, truths
