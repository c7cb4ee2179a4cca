"""``compare``: ingest is done by the caller; here articles go through analyse -> align -> verdict."""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Iterable, Mapping, Sequence

from .align import build_indexes
from .analyse import analyse_many
from .backends.embedder import Embedder, default_embedder
from .ingest.ids import unique_ids
from .model import Analysis, Article, ClaimVerdict, CompareReport
from .settings import DEFAULT, Settings
from .tables import build_tables
from .verdict import judge_quote, judge_role, judge_semantic

log = logging.getLogger(__name__)

_CACHE_SIZE = 256
_analysis_cache: "OrderedDict[tuple[str, str, str | None], Analysis]" = OrderedDict()


def analyse_cached(articles: Sequence[Article]) -> list[Analysis]:
    """Analyses keyed by (content hash, id, date): the same text is never analysed twice in a process."""
    keys = [(a.content_hash, a.id, a.date) for a in articles]
    missing = [a for a, k in zip(articles, keys) if k not in _analysis_cache]
    for article, analysis in zip(missing, analyse_many(missing)):
        _analysis_cache[(article.content_hash, article.id, article.date)] = analysis
    while len(_analysis_cache) > _CACHE_SIZE:
        _analysis_cache.popitem(last=False)
    return [_analysis_cache[k] if _analysis_cache[k].article == a else analyse_many([a])[0] for a, k in zip(articles, keys)]


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
    tables = build_tables(analyses, settings.quote_overlap)
    return CompareReport(sources=tuple(articles), claims=tuple(verdicts), notes=notes, tables=tables, reprints=dict(reprints or {}))


def _group_of(article_id: str, reprints: Mapping[str, str] | None) -> str:
    return (reprints or {}).get(article_id, article_id)
