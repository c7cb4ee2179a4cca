"""Analysis: sentences, mentions (people, places, numbers, dates, quotes) and atomic claims, all with offsets."""

from __future__ import annotations

import dataclasses
from typing import Iterable, Sequence, TypeVar

from ..model import Analysis, Article, Mention, Span
from .claims import extract_claims
from .negation import find_negations
from .nlp import load_nlp
from .people import find_people, find_places_and_organisations, with_holder
from .sentences import soft_line_breaks, split_sentences

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

        others += find_numbers(doc.text)
    except ImportError:
        pass
    try:
        from .dates import find_dates

        others += find_dates(doc.text, article_date=article.date)
    except ImportError:
        pass
    return quotes, others


def _analysis(doc, article: Article) -> Analysis:  # type: ignore[no-untyped-def]
    """``doc`` is spaCy's reading of ``unfold(article.text)``: the pieces found in it get the article's own words."""
    sentences = split_sentences(doc)
    people = find_people(doc)
    places = find_places_and_organisations(doc, people)
    quotes, others = _extra_mentions(doc, article)
    others = [with_holder(m, doc, people) if m.kind == "number" else m for m in others]
    claims = extract_claims(doc, sentences, people, quotes, article.id)
    mentions = sorted([*people, *places, *quotes, *others], key=lambda m: (m.start, m.end, m.kind))
    if doc.text != article.text:
        sentences, claims, mentions = (_in_words_of(article.text, pieces) for pieces in (sentences, claims, mentions))
    return Analysis(article=article, sentences=tuple(sentences), claims=tuple(claims), mentions=tuple(mentions))


S = TypeVar("S", bound=Span)


def _in_words_of(text: str, pieces: Sequence[S]) -> list[S]:
    return [dataclasses.replace(p, text=text[p.start : p.end]) for p in pieces]  # type: ignore[misc]


def unfold(text: str) -> str:
    """``text`` with the soft line breaks of hard-wrapped paragraphs read as spaces: same length, same offsets.
    spaCy reads a line break as a boundary often enough to cut a name ("General Alexus\nGrynkewich") or a
    sentence in two."""
    soft = soft_line_breaks(text)
    if not soft:
        return text
    chars = list(text)
    for i in soft:
        chars[i] = " "
        if i and chars[i - 1] == "\r":
            chars[i - 1] = " "
    return "".join(chars)


def analyse(article: Article) -> Analysis:
    return _analysis(load_nlp()(unfold(article.text)), article)


def analyse_many(articles: Iterable[Article], batch_size: int = 16) -> list[Analysis]:
    articles = list(articles)
    docs = load_nlp().pipe((unfold(a.text) for a in articles), batch_size=batch_size)
    return [_analysis(doc, article) for doc, article in zip(docs, articles)]
