"""A throwaway PostgreSQL server for tests: initdb into a temporary folder, pg_ctl on a free port, a unix
socket in the same folder, torn down after the session. Skips with the reason when the binaries are missing.

As root, the server runs as the ``postgres`` user (PostgreSQL refuses to run as root), via ``runuser``.
"""

from __future__ import annotations

import glob
import re
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Iterator

import pytest


def pg_bin() -> Path | None:
    """The folder holding initdb and pg_ctl (PATH first, then Debian's /usr/lib/postgresql/*/bin)."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "initdb").exists() and Path(folder, "pg_ctl").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    if shutil.which("runuser") is None:
        pytest.skip("PostgreSQL tests run as root need runuser to start the server as 'postgres'")
    return ["runuser", "-u", "postgres", "--", *cmd]


def _run(cmd: list[str]) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {done.stderr.strip() or done.stdout.strip()}")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """``postgresql://`` URL of a fresh server; one database per session."""
    folder = pg_bin()
    if folder is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found; install Debian's 'postgresql' to run these")
    base = Path(tempfile.mkdtemp(prefix="corroborator-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
    port = _free_port()
    user = "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")
    try:
        _run(_as_server_user([str(folder / "initdb"), "-D", str(data), "-U", user, "-A", "trust", "--no-sync"]))
        opts = f"-p {port} -k {sock} -c listen_addresses='' -c fsync=off"
        _run(_as_server_user([str(folder / "pg_ctl"), "-D", str(data), "-o", opts, "-w", "-l", str(base / "log"), "start"]))
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"could not start a throwaway PostgreSQL server: {exc}")
    try:
        yield f"postgresql://{user}@/postgres?host={sock}&port={port}"
    finally:
        subprocess.run(_as_server_user([str(folder / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True, timeout=60)
        shutil.rmtree(base, ignore_errors=True)


def fresh_database(url: str, name: str) -> str:
    """Create database ``name`` on the server at ``url`` and return its URL."""
    import psycopg

    conninfo = url.replace("postgresql://", "postgresql://", 1)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.replace("/postgres?", f"/{name}?", 1)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty store URL: SQLite in tmp_path, then a fresh database on the throwaway PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    server = request.getfixturevalue("postgres_url")
    name = re.sub(r"[^a-z0-9_]", "_", request.node.name.lower())[:60]
    return fresh_database(server, name)
