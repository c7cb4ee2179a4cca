"""The batch functions every engine runs: parse files, prepare articles (reprint signature, term counts).

They are pure and module-level, so Ray can ship them to workers; results depend only on the input, so the
local and the Ray engine produce the same values.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from ..model import Article
from ..settings import MAX_INPUT_BYTES
from ..stories.features import TermCounts, prepare
from ..stories.reprints import reprint_text, signature


@dataclass(frozen=True, eq=False)
class Prepared:
    """An article with what near-duplicate detection and grouping need of it."""

    article: Article
    content_hash: str
    signature: np.ndarray
    counts: TermCounts


# A corpus file (JSON Lines, CSV, a feed) holds many articles, so it may be far larger than the 20 MB that
# ``compare`` accepts for one article file; WARC files are streamed and have no limit. A file that is one
# article (text, Markdown, HTML) keeps the 20 MB: a 60 MB page took 1.5 GB of memory to extract.
CORPUS_FILE_MAX_BYTES = 1024 * 1024 * 1024
_ONE_ARTICLE = (".txt", ".md", ".html", ".htm")


def parse_files(paths: Sequence[str]) -> list[Article]:
    """The articles of each file, in order (ids made unique across files by the caller)."""
    from ..ingest import read_file

    found: list[Article] = []
    for path in paths:
        one_article = Path(path).suffix.lower() in _ONE_ARTICLE
        found.extend(read_file(Path(path), max_bytes=MAX_INPUT_BYTES if one_article else CORPUS_FILE_MAX_BYTES))
    return found


def prepare_articles(articles: Sequence[Article]) -> list[Prepared]:
    return [
        Prepared(a, a.content_hash, signature(reprint_text(a.text, a.title)), prepare(a.text, a.title))
        for a in articles
    ]
