"""Engines run the corpus batch functions (``batch.py``: parse, prepare) locally or on Ray; the driver then
finds reprints, groups stories and writes the store (``ingest.py``), identically for both.

    get_engine("local")                      this machine (a process pool of one worker per core)
    get_engine("ray", address=None|"auto"|"ray://head:10001")
    ingest(store, paths, engine, progress)   -> IngestSummary
"""

from __future__ import annotations

from typing import Any

from .ingest import IngestSummary, ingest

__all__ = ["IngestSummary", "get_engine", "ingest"]

ENGINES = ("local", "ray")


def get_engine(name: str = "local", address: str | None = None, num_cpus: int | None = None) -> Any:
    """An engine; ``num_cpus`` caps the local engine's worker processes or a local Ray's CPUs."""
    if name == "local":
        from .local import LocalEngine

        return LocalEngine(workers=num_cpus)
    if name == "ray":
        from .ray_engine import RayEngine

        return RayEngine(address=address, num_cpus=num_cpus)
    from ..errors import CorroboratorError

    raise CorroboratorError(f"unknown engine {name!r} (expected one of: {', '.join(ENGINES)})")
