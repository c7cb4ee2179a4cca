from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_DIR = ROOT / "examples" / "berlin-talks"
A_ID = "000_8179d51774d2f407"
B_ID = "002_69864105d11cb7cb"


def shared_data_dir() -> Path:
    return Path(os.environ.get("CORROBORATOR_DATA", ROOT.parent / "shared" / "data"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files (review the diff!)")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip(f"development data not found at {path} (set CORROBORATOR_DATA)")
    return path


def read_jsonl(path: Path, limit: int | None = None) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if limit is not None and len(rows) >= limit:
                break
    return rows


@pytest.fixture(scope="session")
def example_articles():
    from corroborator.ingest import read_paths

    return read_paths([str(p) for p in sorted(EXAMPLE_DIR.glob("*.txt"))])


@pytest.fixture(scope="session")
def example_report(example_articles):
    from corroborator.pipeline import compare

    return compare(example_articles)
