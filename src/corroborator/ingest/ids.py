"""Article ids: unique within one read, later duplicates suffixed ``-2``, ``-3``, ..."""

from __future__ import annotations

import dataclasses
from typing import Iterable

from ..model import Article


def unique_ids(articles: Iterable[Article]) -> list[Article]:
    """The articles in order; an id seen before becomes ``<id>-2`` (or the next free number)."""
    seen: set[str] = set()
    out: list[Article] = []
    for article in articles:
        new_id = article.id
        n = 2
        while new_id in seen:
            new_id = f"{article.id}-{n}"
            n += 1
        seen.add(new_id)
        out.append(article if new_id == article.id else dataclasses.replace(article, id=new_id))
    return out
