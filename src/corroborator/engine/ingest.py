"""``ingest``: files -> articles -> reprints and stories -> the store, in transactional chunks.

Every input file is parsed (and so checked) before anything is written. New articles (by content hash) are
then written ``CHUNK`` at a time; each chunk's articles, the stories they start or join and the grouping state
land in one transaction. Killing the process loses at most the chunk in flight, and running the same command
again adds exactly what is missing: nothing is lost, nothing duplicated.
"""

from __future__ import annotations

import dataclasses
import logging
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol, Sequence

import numpy as np

from ..errors import InputError
from ..ingest import MAX_ARTICLE_CHARS
from ..ingest.ids import unique_ids
from ..model import Article
from ..stories.features import BUCKETS, boilerplate, prepare
from ..stories.grouping import DEFAULT_GROUPING, GroupingSettings, Item, Story, StoryIndex, Vectoriser
from ..stories.reprints import ReprintIndex, from_bytes, to_bytes
from ..store import Store, StoryRow

log = logging.getLogger(__name__)

CHUNK = 1000
_DF, _N_DOCS = "grouping.df", "grouping.n_docs"


class Progress(Protocol):
    """Where long steps report progress (the CLI draws bars; the library default draws nothing)."""

    def start(self, label: str, total: int) -> Callable[[int], None]: ...


class _Silent:
    def start(self, label: str, total: int) -> Callable[[int], None]:
        return lambda n: None


@dataclass(frozen=True)
class IngestSummary:
    read: int  # articles in the input
    added: int  # new articles stored
    already: int  # skipped: same text already stored or earlier in the input
    reprints: int  # added articles that copy another article
    new_stories: int
    stories: int  # stories in the store afterwards
    too_long: tuple[str, ...] = ()  # added articles over MAX_ARTICLE_CHARS: grouped, but no comparison reads them


def ingest(store: Store, paths: Sequence[str], engine: Any, progress: Progress | None = None,
           settings: GroupingSettings = DEFAULT_GROUPING, chunk: int = CHUNK) -> IngestSummary:
    """Add the articles under ``paths`` to the store, with their reprint groups and stories."""
    progress = progress or _Silent()
    files = list_files(paths)
    articles = unique_ids(engine.parse(files, progress.start("reading", len(files))))
    with store.ingest_lock():
        return _group_and_store(store, articles, engine, progress, settings, chunk)


def _group_and_store(store: Store, articles: list[Article], engine: Any, progress: Progress,
                     settings: GroupingSettings, chunk: int) -> IngestSummary:
    fresh = _new_articles(store, articles)
    index, reprints = load_state(store, settings)
    added = copies = new_stories = 0
    advance = progress.start("grouping", len(fresh))
    for prepared in engine.prepare_many(_chunks(fresh, chunk)):
        rows, items = [], []
        originals = [reprints.add(p.article.id, p.signature) for p in prepared]
        groups = [original or p.article.id for p, original in zip(prepared, originals)]
        for p, original, footer in zip(prepared, originals, boilerplate([p.article.text for p in prepared], groups)):
            copies += original is not None
            counts = prepare(p.article.text, p.article.title, footer) if footer else p.counts
            items.append(Item(p.article.id, p.content_hash, counts, p.article.headline, p.article.date, original))
            rows.append(_row(p, original))
        result = index.add_batch(items)
        for row, story_id in zip(rows, result.story_ids):
            row["story_id"] = story_id
        store.write_batch(rows, [_story_row(s) for s in result.new], [_story_row(s) for s in result.changed],
                          state=_state(index.vectoriser))
        added += len(rows)
        new_stories += len(result.new)
        advance(len(rows))
    too_long = tuple(a.id for a in fresh if len(a.text) > MAX_ARTICLE_CHARS)
    return IngestSummary(len(articles), added, len(articles) - len(fresh), copies, new_stories, len(index.stories), too_long)


def list_files(paths: Sequence[str]) -> list[str]:
    """The article files under ``paths`` (folders read recursively, sorted), checked to exist."""
    from ..ingest import CORPUS_EXTENSIONS, _folder_files

    files: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = [str(p) for p in _folder_files(path, CORPUS_EXTENSIONS)]
            if not found:
                raise InputError(given, f"no articles found in folder (looked for {', '.join(CORPUS_EXTENSIONS)})")
            files.extend(found)
        elif path.exists():
            files.append(given)
        else:
            raise InputError(given, "no such file or folder")
    return files


def load_state(store: Store, settings: GroupingSettings = DEFAULT_GROUPING) -> tuple[StoryIndex, ReprintIndex]:
    """The grouping and reprint indexes as the store left them."""
    stories = [
        Story.from_signature(signature=s.signature, id=s.id, title=s.title, seq=s.seq, size=s.size,
                             first_date=s.first_date, last_date=s.last_date, touched=s.touched)
        for s in store.stories()
    ]
    members = store.story_members()
    article_story = {a: sid for sid, ids in members.items() for a in ids}
    df_blob, n_blob = store.state(_DF), store.state(_N_DOCS)
    df = np.frombuffer(zlib.decompress(df_blob), dtype="<i4").copy() if df_blob else None
    if df is not None and len(df) != BUCKETS:
        df = None
    vectoriser = Vectoriser(df, int(n_blob.decode()) if n_blob and df is not None else 0, settings.words_weight)
    reprints = ReprintIndex()
    reprints.load((article_id, from_bytes(blob), group) for article_id, blob, group in store.minhashes())
    return StoryIndex(stories, article_story, vectoriser, settings), reprints


def _new_articles(store: Store, articles: Sequence[Article]) -> list[Article]:
    """Articles whose text is not stored yet (first of equal texts wins), with ids no stored article uses."""
    seen = store.known_hashes(a.content_hash for a in articles)
    fresh: list[Article] = []
    for a in articles:
        if a.content_hash not in seen:
            seen.add(a.content_hash)
            fresh.append(a)
    taken = store.taken_ids(a.id for a in fresh)
    given = {a.id for a in fresh}  # a later article of this batch keeps the id its input gives it
    out = []
    for a in fresh:
        new_id = a.id if a.id not in taken else _free_id(a.id, taken | given, store)
        taken.add(new_id)
        out.append(a if new_id == a.id else dataclasses.replace(a, id=new_id))
    return out


def _free_id(base: str, reserved: set[str], store: Store) -> str:
    """``<base>-2``, or the next number neither reserved nor stored ("x-2" may be stored from an earlier batch)."""
    n = 2
    while f"{base}-{n}" in reserved or store.taken_ids([f"{base}-{n}"]):
        n += 1
    return f"{base}-{n}"


def _row(p: Any, original: str | None) -> dict[str, Any]:
    a = p.article
    return {
        "id": a.id, "content_hash": p.content_hash, "title": a.title, "outlet": a.outlet, "date": a.date,
        "url": a.url, "path": a.path, "text": a.text, "minhash": to_bytes(p.signature), "reprint_of": original,
        "story_id": None,
    }


def _story_row(s: Story) -> StoryRow:
    return StoryRow(id=s.id, title=s.title, seq=s.seq, first_date=s.first_date, last_date=s.last_date,
                    size=s.size, signature=s.signature(), touched=s.touched)


def _state(v: Vectoriser) -> dict[str, bytes]:
    return {_DF: zlib.compress(v.df.astype("<i4").tobytes(), 1), _N_DOCS: str(v.n_docs).encode()}


def _chunks(items: Sequence[Article], size: int) -> Iterator[Sequence[Article]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
