"""Analysis: sentences, mentions (people, places, numbers, dates, quotes) and atomic claims, all with offsets."""

from __future__ import annotations

from typing import Iterable

from ..model import Analysis, Article, Mention
from .claims import extract_claims
from .negation import find_negations
from .nlp import load_nlp
from .people import find_people, find_places_and_organisations
from .sentences import split_sentences

__all__ = ["analyse", "analyse_many"]


def _extra_mentions(doc, article: Article) -> tuple[list[Mention], list[Mention]]:  # type: ignore[no-untyped-def]
    """Numbers, dates and quotes; each finder is optional until its module lands."""
    quotes: list[Mention] = []
    others: list[Mention] = find_negations(doc)
    try:
        from .quotes import find_quotes

        quotes = list(find_quotes(doc))
    except ImportError:
        pass
    try:
        from .numbers import find_numbers

        others += find_numbers(article.text)
    except ImportError:
        pass
    try:
        from .dates import find_dates

        others += find_dates(article.text, article_date=article.date)
    except ImportError:
        pass
    return quotes, others


def _analysis(doc, article: Article) -> Analysis:  # type: ignore[no-untyped-def]
    sentences = split_sentences(doc)
    people = find_people(doc)
    places = find_places_and_organisations(doc, people)
    quotes, others = _extra_mentions(doc, article)
    claims = extract_claims(doc, sentences, people, quotes, article.id)
    mentions = sorted([*people, *places, *quotes, *others], key=lambda m: (m.start, m.end, m.kind))
    return Analysis(article=article, sentences=tuple(sentences), claims=tuple(claims), mentions=tuple(mentions))


def analyse(article: Article) -> Analysis:
    return _analysis(load_nlp()(article.text), article)


def analyse_many(articles: Iterable[Article], batch_size: int = 16) -> list[Analysis]:
    articles = list(articles)
    docs = load_nlp().pipe((a.text for a in articles), batch_size=batch_size)
    return [_analysis(doc, article) for doc, article in zip(docs, articles)]
