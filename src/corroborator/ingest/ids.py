"""Article ids: unique within one read, later duplicates suffixed ``-2``, ``-3``, ..."""

from __future__ import annotations

import dataclasses
from typing import Iterable

from ..model import Article


def unique_ids(articles: Iterable[Article]) -> list[Article]:
    """The articles in order; an id seen before becomes ``<id>-2`` (or the next number that no article has, so a
    given id is never taken by a renamed one: ``a``, ``a``, ``a-2`` -> ``a``, ``a-3``, ``a-2``)."""
    articles = list(articles)
    taken = {article.id for article in articles}
    seen: set[str] = set()
    out: list[Article] = []
    for article in articles:
        new_id = article.id
        if new_id in seen:
            n = 2
            while f"{article.id}-{n}" in taken:
                n += 1
            new_id = f"{article.id}-{n}"
            taken.add(new_id)
        seen.add(new_id)
        out.append(article if new_id == article.id else dataclasses.replace(article, id=new_id))
    return out
