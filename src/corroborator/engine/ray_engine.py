"""The Ray engine: parsing and preparing run as Ray Data ``map_batches`` over the cluster's CPUs; reprint
detection, grouping and store writes stay on the driver (they are sequential by nature and cheap).

Pointing it at a cluster: ``--ray-address ray://head:10001`` (Ray Client) or ``--ray-address auto`` on a node of
a running cluster; without an address a local Ray starts on this machine. Workers need corroborator installed
(the same version) and read input paths themselves, so files must be on storage every node sees.
"""

from __future__ import annotations

import pickle
from typing import Any, Callable, Iterable, Iterator, Sequence

from ..errors import BackendUnavailable, InputError
from ..model import Article
from .batch import Prepared, parse_files, prepare_articles

FILES_PER_BATCH = 4
ARTICLES_PER_BATCH = 256


def _parse_batch(batch: dict[str, Any]) -> dict[str, Any]:
    """The batch's articles, or the input error its files give, as data: Ray Data hands a worker's exception
    back as a traceback in a string, and bad input must reach the user as the same one line as locally."""
    try:
        articles = parse_files([str(p) for p in batch["path"]])
    except InputError as exc:
        return {"blob": [pickle.dumps(exc)]}
    return {"blob": [pickle.dumps(a) for a in articles]}


def _prepare_batch(batch: dict[str, Any]) -> dict[str, Any]:
    articles = [pickle.loads(b) for b in batch["blob"]]
    return {"blob": [pickle.dumps(p) for p in prepare_articles(articles)]}


class RayEngine:
    name = "ray"

    def __init__(self, address: str | None = None, num_cpus: int | None = None) -> None:
        try:
            import ray
        except ImportError as exc:
            raise BackendUnavailable("the Ray engine needs: pip install '.[distributed]' in corroborator's folder") from exc
        self._ray = ray
        self._started = False
        if not ray.is_initialized():
            kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
            if address:
                kwargs["address"] = address
            elif num_cpus:
                kwargs["num_cpus"] = num_cpus
            try:
                ray.init(**kwargs)
            except Exception as exc:  # noqa: BLE001 - connection errors come in many kinds
                raise BackendUnavailable(f"cannot start or reach Ray at {address or 'a local cluster'}: {exc}") from exc
            self._started = True
        ray.data.DataContext.get_current().execution_options.preserve_order = True
        ray.data.DataContext.get_current().enable_progress_bars = False

    def parse(self, files: Sequence[str], advance: Callable[[int], None] = lambda n: None) -> list[Article]:
        if not files:
            return []
        ds = self._ray.data.from_items([{"path": str(p)} for p in files])
        rows = ds.map_batches(_parse_batch, batch_size=FILES_PER_BATCH).take_all()
        advance(len(files))
        parsed = [pickle.loads(row["blob"]) for row in rows]
        failed = next((p for p in parsed if isinstance(p, InputError)), None)
        if failed is not None:
            raise failed
        return parsed

    def prepare(self, articles: Sequence[Article]) -> list[Prepared]:
        if not articles:
            return []
        ds = self._ray.data.from_items([{"blob": pickle.dumps(a)} for a in articles])
        rows = ds.map_batches(_prepare_batch, batch_size=ARTICLES_PER_BATCH).take_all()
        return [pickle.loads(row["blob"]) for row in rows]

    def prepare_many(self, chunks: Iterable[Sequence[Article]]) -> Iterator[list[Prepared]]:
        return (self.prepare(chunk) for chunk in chunks)

    def close(self) -> None:
        if self._started:
            self._ray.shutdown()
