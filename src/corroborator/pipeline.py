"""``compare``: ingest is done by the caller; here articles go through analyse -> align -> verdict."""

from __future__ import annotations

import logging
from typing import Iterable, Mapping, Sequence

import numpy as np

from .align import build_indexes
from .analyse import analyse_many
from .backends.embedder import Embedder, default_embedder
from .cache import CACHE_CHARS, LruCache
from .ingest.ids import unique_ids
from .model import Analysis, Article, ClaimVerdict, CompareReport
from .settings import DEFAULT, Settings
from .tables import build_tables, mark_differences
from .verdict import judge_quote, judge_role, judge_semantic

log = logging.getLogger(__name__)

_CACHE_SIZE = 256
_analyses: "LruCache[tuple[str, str, str | None], Analysis]" = LruCache(
    _CACHE_SIZE, budget=CACHE_CHARS, weigh=lambda key, analysis: len(analysis.article.text)
)


def analyse_cached(articles: Sequence[Article]) -> list[Analysis]:
    """Analyses keyed by (content hash, id, date): the same text is not analysed twice in a process while it
    stays among the most recent 256 articles (and 8 million characters)."""
    found = [_analyses.get(_analysis_key(a)) for a in articles]
    analysed = iter(analyse_many([a for a, hit in zip(articles, found) if hit is None or hit.article != a]))
    out = []
    for article, hit in zip(articles, found):
        if hit is None or hit.article != article:
            hit = next(analysed)
            _analyses.put(_analysis_key(article), hit)
        out.append(hit)
    return out


def _analysis_key(article: Article) -> tuple[str, str, str | None]:
    return (article.content_hash, article.id, article.date)


def compare(
    articles: Iterable[Article],
    settings: Settings | None = None,
    embedder: Embedder | None = None,
    reprints: Mapping[str, str] | None = None,
) -> CompareReport:
    """Every claim of every article, with its verdict against the other articles and the evidence for it.

    ``reprints`` maps an article id to the id of its near-duplicate group (copies of one wire story): articles
    of one group never corroborate each other, so support counts independent sources only.
    """
    settings = settings or DEFAULT
    articles = unique_ids(articles)
    if not articles:
        raise ValueError("compare needs at least one article")
    copies = _identical_copies(articles, reprints)
    reprints = {**(reprints or {}), **copies}
    analyses = analyse_cached(articles)
    indexes, vectors = build_indexes(analyses, embedder or default_embedder())
    verdicts: list[ClaimVerdict] = []
    for analysis in analyses:
        group = _group_of(analysis.article.id, reprints)
        others = [indexes[a.article.id] for a in analyses if _group_of(a.article.id, reprints) != group]
        others.sort(key=lambda idx: idx.source)
        for claim in analysis.claims:
            vector = vectors[claim.text]
            if claim.kind == "role":
                verdicts.append(judge_role(claim, analysis, others, settings))
            elif claim.kind == "quote":
                verdicts.append(judge_quote(claim, vector, analysis, others, settings))
            else:
                verdicts.append(judge_semantic(claim, vector, analysis, others, settings))
    notes = ("only one article: nothing to compare, every claim is single-source",) if len(articles) == 1 else ()
    if copies:
        notes += (f"{len(copies)} article(s) with the same text as another ({', '.join(copies)}): read as copies of it, "
                  "they corroborate nothing it says",)
    notes += tuple(
        f"{a} and {b} are near-copies ({_shown_share(share)} of their word sequences shared): each counts as a source, so what "
        "they agree on may rest on one report (ingest them and compare with --story to read them as one)"
        for a, b, share in _near_copies(articles, reprints))
    tables = mark_differences(build_tables(analyses, settings.quote_overlap), verdicts)
    return CompareReport(sources=tuple(articles), claims=tuple(verdicts), notes=notes, tables=tables, reprints=dict(reprints or {}))


def _identical_copies(articles: Sequence[Article], reprints: Mapping[str, str] | None) -> dict[str, str]:
    """Each article whose text another article before it has (the same file given twice), mapped to that
    article's reprint group: a text does not corroborate itself."""
    first_of: dict[str, str] = {}
    copies = {}
    for article in articles:
        first = first_of.setdefault(article.words_hash, article.id)
        if first != article.id and article.id not in (reprints or {}):
            copies[article.id] = _group_of(first, reprints)
    return copies


def _near_copies(articles: Sequence[Article], reprints: Mapping[str, str]) -> list[tuple[str, str, float]]:
    """Pairs of articles of two reprint groups whose texts are near-copies (a word changed, a byline added). They
    stay two sources: a copy edited in one word is what ``compare`` must set against its original."""
    from .stories.reprints import NUM_PERM, REPRINT_JACCARD, signature  # only numpy: no datasketch needed here

    if len(articles) < 2:
        return []
    signatures = np.stack([signature(a.text) for a in articles])
    shared = (signatures[:, None, :] == signatures[None, :, :]).sum(axis=2) / NUM_PERM  # estimated Jaccard
    return [
        (a.id, b.id, float(shared[i, j]))
        for i, a in enumerate(articles)
        for j, b in enumerate(articles[i + 1 :], start=i + 1)
        if shared[i, j] >= REPRINT_JACCARD and _group_of(a.id, reprints) != _group_of(b.id, reprints)
    ]


def near_copy_groups(articles: Sequence[Article]) -> dict[str, str]:
    """Each article that is a near-copy of an earlier one (directly or through another), mapped to the first
    article of its group: reprint groups for files given without a store (``brief PATH...``)."""
    group: dict[str, str] = {}
    for a, b, _ in _near_copies(articles, {}):
        group[b] = group.get(b) or group.get(a, a)
    return group


def _shown_share(share: float) -> str:
    return "over 99%" if share > 0.99 else f"about {share:.0%}"


def _group_of(article_id: str, reprints: Mapping[str, str] | None) -> str:
    return (reprints or {}).get(article_id, article_id)
