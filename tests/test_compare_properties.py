"""Invariants of compare: offsets rebuild claims, order does not matter, self-comparison, unrelated articles."""

from __future__ import annotations

import random
import re
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import read_jsonl
from corroborator.analyse import analyse
from corroborator.model import Article
from corroborator.pipeline import compare


def _example_sentences(example_articles) -> list[str]:
    text = " ".join(a.text for a in example_articles)
    return [s for s in re.split(r"(?<=[.!?’\"])\s+", text) if len(s.split()) > 3]


@pytest.fixture(scope="module")
def sentences(example_articles):
    return _example_sentences(example_articles)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_claim_offsets_rebuild_claim_words(sentences, data):
    picked = data.draw(st.lists(st.sampled_from(sentences), min_size=1, max_size=6))
    separator = data.draw(st.sampled_from([" ", "\n", "\n\n", "  "]))
    text = separator.join(picked)
    analysis = analyse(Article(id="x", text=text))
    assert analysis.claims
    for claim in analysis.claims:
        assert text[claim.start : claim.end] == claim.text
        assert claim.text.strip() == claim.text and claim.text
    for s in analysis.sentences:
        assert text[s.start : s.end] == s.text
    for m in analysis.mentions:
        assert text[m.start : m.end] == m.text


def _verdicts(report):
    return {v.claim.id: (v.verdict, tuple((e.source, e.start, e.end) for e in v.support)) for v in report.claims}


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations([0, 1, 2]))
def test_verdicts_do_not_depend_on_input_order(example_articles, order):
    third = Article(id="third", text=" ".join(_example_sentences(example_articles)[::3]))
    articles = [*example_articles, third]
    baseline = _verdicts(compare(articles))
    assert _verdicts(compare([articles[i] for i in order])) == baseline


def test_every_claim_is_found_in_a_text_that_repeats_it(example_articles):
    article = example_articles[0]
    reprinted = replace(article, id="reprint", text=article.text + "\n\nThe talks are due to resume on Tuesday.")
    report = compare([article, reprinted])
    assert report.claims_of(article.id) and all(v.verdict == "corroborated" for v in report.claims_of(article.id))


def test_an_article_given_twice_is_a_copy_and_corroborates_nothing(example_articles):
    article = example_articles[0]
    report = compare([article, replace(article)])
    assert [a.id for a in report.sources] == [article.id, f"{article.id}-2"]
    assert report.claims and all(v.verdict == "single_source" for v in report.claims)


def test_single_article_has_only_single_source_claims_and_says_so(example_articles):
    report = compare(example_articles[:1])
    assert report.claims and all(v.verdict == "single_source" for v in report.claims)
    assert any("only one article" in n for n in report.notes)


def test_unrelated_articles_share_almost_nothing(shared_data):
    rows = read_jsonl(shared_data / "news_corpus" / "bbc_news.jsonl")
    by_category: dict[str, list[dict]] = {}
    for r in rows:
        by_category.setdefault(r["meta"]["category"], []).append(r)
    rng = random.Random(7)
    categories = sorted(by_category)
    total = shared = 0
    for _ in range(6):
        a_cat, b_cat = rng.sample(categories, 2)
        a, b = rng.choice(by_category[a_cat]), rng.choice(by_category[b_cat])
        report = compare([Article(id=a["id"], text=a["text"]), Article(id=b["id"], text=b["text"])])
        total += len(report.claims)
        shared += sum(v.verdict != "single_source" for v in report.claims)
    assert total > 100
    assert shared / total <= 0.02, f"{shared} of {total} claims matched across unrelated articles"
