"""The local engine: the batch functions in this process."""

from __future__ import annotations

from typing import Callable, Sequence

from ..model import Article
from .batch import Prepared, parse_files, prepare_articles


class LocalEngine:
    name = "local"

    def parse(self, files: Sequence[str], advance: Callable[[int], None] = lambda n: None) -> list[Article]:
        found: list[Article] = []
        for path in files:
            found.extend(parse_files([path]))
            advance(1)
        return found

    def prepare(self, articles: Sequence[Article]) -> list[Prepared]:
        return prepare_articles(articles)

    def close(self) -> None:
        pass
