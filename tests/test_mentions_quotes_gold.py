"""Quote spans and speakers against the hand labels (tests/fixtures/quotes_gold.jsonl), with pinned floors."""

from __future__ import annotations

import importlib.util
import json

import pytest

from conftest import ROOT

FLOORS = json.loads((ROOT / "tests" / "fixtures" / "quotes_gold_floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bench(shared_data):
    if not (shared_data / "news_corpus" / "bbc_news.jsonl").exists():
        pytest.skip("news_corpus/bbc_news.jsonl not found")
    spec = importlib.util.spec_from_file_location("bench_quotes", ROOT / "bench" / "quotes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_gold_offsets_point_at_the_labelled_words(bench):
    gold = bench.load_gold()
    assert len(gold) >= 60 and {g["split"] for g in gold} == {"dev", "dev2", "test", "dev3", "test2", "dev4"}
    bench.check_gold(gold, bench.load_articles({g["doc_id"] for g in gold}))


def test_quote_spans_and_speakers_stay_above_their_floors(bench):
    scores = bench.evaluate()["scores"]
    for split, floor in ((k, v) for k, v in FLOORS.items() if not k.startswith("_")):
        assert scores[split]["exact"]["f1"] >= floor["exact_f1"], (split, scores[split]["exact"])
        assert scores[split]["speaker_accuracy"] >= floor["speaker_accuracy"], (split, scores[split]["speaker_accuracy"])


def test_speaker_matching_rule(bench):
    assert bench.speaker_match("Mr Rod Eddington", "Rod Eddington")
    assert bench.speaker_match("EOC", "Equal Opportunities Commission")
    assert bench.speaker_match(None, None) and not bench.speaker_match("Tories", None)
    assert not bench.speaker_match("Ken Mayland", "Rick Egelton")
