"""The shipped cross-encoder: window selection, the Verifier contract, and calibrated answers on minimal edits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from corroborator.backends import crossencoder as ce
from corroborator.backends.verifier import Verifier

DOC = (
    "Chancellor Olaf Scholz met French President Emmanuel Macron in Berlin on Tuesday. "
    "The two leaders agreed to raise joint defence spending by 12% next year. "
    "Mr. Scholz said the talks had been constructive. "
    "Energy prices were not discussed, officials said. "
    "The next meeting is planned for March in Paris."
)

# (supported sentence, minimal edit the document does not support)
MINIMAL_EDITS = [
    ("The two leaders agreed to raise joint defence spending by 12% next year.",
     "The two leaders agreed to raise joint defence spending by 21% next year."),
    ("Chancellor Olaf Scholz met French President Emmanuel Macron in Berlin on Tuesday.",
     "Chancellor Olaf Scholz met French President Emmanuel Macron in Paris on Tuesday."),
    ("Chancellor Olaf Scholz met French President Emmanuel Macron in Berlin on Tuesday.",
     "Chancellor Olaf Scholz met former French President Emmanuel Macron in Berlin on Tuesday."),
    ("The two leaders agreed to raise joint defence spending by 12% next year.",
     "The two leaders refused to raise joint defence spending by 12% next year."),
    ("Mr. Scholz said the talks had been constructive.",
     "Mr. Macron said the talks had been constructive."),
    ("Energy prices were not discussed, officials said.",
     "Energy prices were discussed, officials said."),
    ("The next meeting is planned for March in Paris.",
     "The next meeting is planned for May in Paris."),
    ("The two leaders agreed to raise joint defence spending by 12% next year.",
     "The two leaders agreed to cut joint defence spending by 12% next year."),
]


# The shipped model, or a candidate folder (CORROBORATOR_NLI_DIR) holding nli-minilm-int8.onnx and .json.
MODEL_DIR = Path(os.environ.get("CORROBORATOR_NLI_DIR", ce.DATA_DIR))
MODEL_FILE = MODEL_DIR / ce.MODEL_FILE.name
META_FILE = MODEL_DIR / ce.META_FILE.name
needs_model = pytest.mark.skipif(not (MODEL_FILE.is_file() and META_FILE.is_file()),
                                 reason="the cross-encoder model is not shipped in this build")


@pytest.fixture(scope="module")
def verifier() -> ce.CrossEncoderVerifier:
    if not (MODEL_FILE.is_file() and META_FILE.is_file()):
        pytest.skip("the cross-encoder model is not shipped in this build")
    return ce.CrossEncoderVerifier(MODEL_FILE, META_FILE)


def test_sentences_split_on_ends_but_not_on_titles():
    spans = ce.split_sentences(DOC)
    sentences = [DOC[a:b] for a, b in spans]
    assert len(sentences) == 5
    assert sentences[2] == "Mr. Scholz said the talks had been constructive."
    # a title or initials at the very start do not end a sentence either
    assert ce.claim_sentences("Mr. Scholz said the talks had been constructive.") == [sentences[2]]
    assert ce.claim_sentences("U.S. envoy Steve Witkoff met Dr. Smith. Then he left.") == [
        "U.S. envoy Steve Witkoff met Dr. Smith.", "Then he left."]


def test_lower_cased_tokenised_text_still_splits():
    text = "the talks ended . officials said a deal is close . no date was set ."
    assert len(ce.split_sentences(text)) == 3


def test_cover_window_holds_the_sentences_that_carry_the_claim_words():
    doc = ce.index_document(DOC)
    claim = "Scholz and Macron agreed in Berlin to raise defence spending."
    cover = ce.select_windows(claim, doc, windows=1)[0]
    assert 0 in cover.sentences and 1 in cover.sentences
    assert list(cover.sentences) == sorted(cover.sentences)
    for (start, end), index in zip(cover.spans, cover.sentences):
        assert DOC[start:end] == doc.sentence(index)


def test_cover_window_ends_once_the_claim_words_are_covered_unless_asked_to_fill():
    doc = ce.index_document(DOC)
    claim = "Scholz met Macron."  # sentence 0 covers it; sentence 2 also names Scholz
    assert ce.select_windows(claim, doc, windows=1)[0].sentences == (0,)
    filled = ce.select_windows(claim, doc, windows=1, fill=True)[0].sentences
    assert filled == (0, 2)


def test_the_model_json_chooses_filled_or_stopped_windows(tmp_path, monkeypatch):
    (stopped,) = _fake_verifier(tmp_path, monkeypatch).score_document(["Scholz met Macron."], DOC)
    (filled,) = _fake_verifier(tmp_path, monkeypatch, fill_windows=True).score_document(["Scholz met Macron."], DOC)
    assert stopped.evidence == DOC.split(". ")[0] + "."
    assert filled.evidence.count("Scholz") == 2 and len(filled.spans) == 2


def test_windows_respect_the_token_budget():
    long_doc = ce.index_document(" ".join(f"Sentence {i} talks about spending and budgets here." for i in range(200)))
    for window in ce.select_windows("Spending on budgets rose.", long_doc, budget=96):
        assert 0 < len(window.sentences) < 20


def _fake_verifier(tmp_path, monkeypatch, copy_rules: bool = False, fill_windows: bool = False) -> ce.CrossEncoderVerifier:
    """The real class with the model replaced: a window supports a sentence exactly when it contains it. The
    sentences the model was asked about are recorded in ``verifier.asked``."""
    meta = tmp_path / "meta.json"
    meta.write_text(json.dumps({"threshold": 0.5, "calibration": {"scale": 1.0, "bias": 0.0}, "fill_windows": fill_windows}))
    verifier = ce.CrossEncoderVerifier(tmp_path / "absent.onnx", meta, copy_rules=copy_rules)
    verifier.asked = []

    def logits(pairs):
        verifier.asked.extend(claim for claim, _ in pairs)
        return np.array([3.0 if claim in evidence else -3.0 for claim, evidence in pairs], dtype=np.float32)

    monkeypatch.setattr(verifier, "logits", logits)
    return verifier


def test_a_verbatim_copy_is_supported_without_asking_the_model(tmp_path, monkeypatch):
    verifier = _fake_verifier(tmp_path, monkeypatch, copy_rules=True)
    document = DOC.replace("Energy prices", "“Energy prices").replace("officials said.", "officials said.”")
    copy = "energy  prices were not discussed, officials said"  # case, spacing, quotes and the full stop differ
    edited = "Energy prices were discussed, officials said."
    short = "The talks ended."  # too short to prove anything by matching
    copied, changed, brief = verifier.score_document([copy, edited, short], document)
    assert copied.score == 1.0
    ((start, end),) = copied.spans
    assert document[start:end].startswith("“Energy prices were not discussed, officials said.")
    assert changed.score < verifier.threshold and brief.score < verifier.threshold
    assert verifier.asked == [edited, short]


def test_a_word_loop_is_unsupported_without_asking_the_model(tmp_path, monkeypatch):
    verifier = _fake_verifier(tmp_path, monkeypatch, copy_rules=True)
    document = DOC + " " + " ".join(["Merz Merz Merz Merz Merz."] * 3)  # the fake model would call it a copy
    claim = "The next meeting is planned for March in Paris. Merz Merz Merz Merz Merz."
    loop, = verifier.score_document([claim], document)
    assert loop.score == 0.0
    assert "Merz Merz" not in loop.evidence and verifier.asked == []  # the copy rule read the first sentence


@pytest.mark.parametrize("text, loop", [
    ("Zelensky Zelensky Zelensky Zelensky", True),
    ("5 5 5 5 5 5", True),
    ("the nightlife, the nightlife, the nightlife, the nightlife, the nightlife", True),
    ("talks went on, talks went on, talks went on, talks went on", True),
    ("No, no, no.", False),  # too short to call
    ("The talks, the first in Berlin, ended with the talks' hosts praising the talks.", False),
])
def test_word_loops_are_told_from_statements(text, loop):
    from corroborator.analyse.specifics import is_repetitive

    assert is_repetitive(text) is loop


def test_a_sentence_without_an_end_mark_is_read_as_a_statement(tmp_path, monkeypatch):
    """The training data's only claims without a full stop were headlines, all supported: a clause read without
    one scored as support. Clauses, fragments and semicolons get a full stop before the model reads them."""
    verifier = _fake_verifier(tmp_path, monkeypatch)
    verifier.score_document(["Zelensky resigned as president", "The talks ended;", "Talks went on!"], DOC)
    assert verifier.asked == ["Zelensky resigned as president.", "The talks ended.", "Talks went on!"]


def test_end_marks_do_not_move_the_shipped_models_score(verifier):
    bare, stopped = verifier.score([("Zelensky resigned as president", DOC), ("Zelensky resigned as president.", DOC)])
    assert bare == stopped < verifier.threshold


def test_a_copied_sentence_does_not_cover_an_invented_one(tmp_path, monkeypatch):
    verifier = _fake_verifier(tmp_path, monkeypatch, copy_rules=True)
    claim = "The next meeting is planned for March in Paris. Both leaders then flew to Rome."
    (result,) = verifier.score_document([claim], DOC)
    assert result.score < verifier.threshold
    assert verifier.asked == ["Both leaders then flew to Rome."]
    assert "March in Paris" in result.evidence


def test_without_trust_in_copies_the_model_reads_them(tmp_path, monkeypatch):
    verifier = _fake_verifier(tmp_path, monkeypatch, copy_rules=False)
    sentence = "The next meeting is planned for March in Paris."
    verifier.score_document([sentence], DOC)
    assert verifier.asked == [sentence]


def test_a_claim_is_as_supported_as_its_weakest_sentence(tmp_path, monkeypatch):
    verifier = _fake_verifier(tmp_path, monkeypatch)
    filler = " ".join("Unrelated filler about the weather in Hamburg and Munich." for _ in range(60))
    document = DOC + " " + filler
    both = "The two leaders agreed to raise joint defence spending by 12% next year. The next meeting is planned for March in Paris."
    one_invented = "The two leaders agreed to raise joint defence spending by 12% next year. Both leaders then flew to Rome."
    supported, unsupported = verifier.score_document([both, one_invented], document)
    assert supported.score > verifier.threshold > unsupported.score
    # evidence: the best window of each sentence, spans pointing into the document
    assert "12%" in supported.evidence and "March in Paris" in supported.evidence
    for start, end in supported.spans:
        assert document[start:end] in supported.evidence
    assert list(verifier.claim_logits([(both, document), (one_invented, document)])) == [3.0, -3.0]


def test_claim_sentences_keep_a_claim_without_sentence_ends_whole():
    assert ce.claim_sentences("no full stop here") == ["no full stop here"]
    assert ce.claim_sentences("the talks ended . a deal is close .") == ["the talks ended .", "a deal is close ."]
    assert ce.claim_sentences("   ") == ["   "]


def test_implements_the_verifier_protocol(verifier):
    assert isinstance(verifier, Verifier)
    assert 0.0 < verifier.threshold < 1.0
    scores = verifier.score([(MINIMAL_EDITS[0][0], DOC), ("Unrelated text about football.", DOC)])
    assert scores.dtype == np.float32 and scores.shape == (2,)
    assert np.all((scores >= 0) & (scores <= 1))
    assert verifier.score([]).shape == (0,)


def test_scores_do_not_depend_on_batch_order(verifier):
    pairs = [(supported, DOC) for supported, _ in MINIMAL_EDITS[:4]] + [(edited, DOC) for _, edited in MINIMAL_EDITS]
    forward = verifier.score(pairs)
    backward = verifier.score(pairs[::-1])[::-1]
    assert np.allclose(forward, backward, atol=1e-5)


def test_runs_side_by_side_give_the_serial_answers_in_order(verifier):
    pairs = [(edited, DOC) for _, edited in MINIMAL_EDITS] + [(supported, DOC) for supported, _ in MINIMAL_EDITS]
    serial = ce.CrossEncoderVerifier(MODEL_FILE, META_FILE, threads=1, copy_rules=False)
    parallel = ce.CrossEncoderVerifier(MODEL_FILE, META_FILE, threads=3, copy_rules=False)
    assert np.array_equal(serial.score(pairs), parallel.score(pairs))


def test_copied_sentences_are_supported(verifier):
    supported = sorted({s for s, _ in MINIMAL_EDITS})
    scores = verifier.score([(s, DOC) for s in supported])
    assert np.all(scores >= verifier.threshold), dict(zip(supported, scores.round(3)))


def test_minimal_edits_score_lower_than_the_original(verifier):
    original = verifier.score([(s, DOC) for s, _ in MINIMAL_EDITS])
    edited = verifier.score([(e, DOC) for _, e in MINIMAL_EDITS])
    assert np.all(edited < original), list(zip(edited.round(3), original.round(3)))


def test_most_minimal_edits_fall_below_the_threshold(verifier):
    edited = verifier.score([(e, DOC) for _, e in MINIMAL_EDITS])
    caught = int(np.sum(edited < verifier.threshold))
    assert caught >= len(MINIMAL_EDITS) - 2, dict(zip((e for _, e in MINIMAL_EDITS), edited.round(3)))


def test_score_document_returns_the_evidence_window_and_caches_the_document(verifier):
    document = DOC + " " + " ".join("Unrelated filler about the weather in Hamburg and Munich." for _ in range(60))
    claims = [MINIMAL_EDITS[0][0], MINIMAL_EDITS[0][1]]
    results = verifier.score_document(claims, document)
    assert [r.claim for r in results] == claims
    assert results[0].score > results[1].score
    assert "12%" in results[0].evidence
    for start, end in results[0].spans:
        assert document[start:end] in results[0].evidence
    assert verifier.document_index(document) is verifier.document_index(document)


def test_shipped_file_matches_its_recorded_hash(verifier):
    verifier.verify_model_file()
    assert MODEL_FILE.stat().st_size <= 30 * 1024 * 1024


@needs_model
def test_running_the_model_never_imports_torch():
    code = (
        "import sys; from pathlib import Path; from corroborator.backends.crossencoder import CrossEncoderVerifier as C; "
        f"C(Path({str(MODEL_FILE)!r}), Path({str(META_FILE)!r})).score([('a', 'b')]); "
        "print('torch' in sys.modules or 'transformers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_sentence_too_long_for_the_model_is_read_in_runs_of_words(tmp_path, monkeypatch):
    long = " ".join(f"w{i}" for i in range(130)) + "."
    runs = ce.claim_sentences(long)
    assert [len(r.split()) for r in runs] == [44, 44, 42] and " ".join(runs) == long
    # an invented fact at the tail of a long sentence is read, not truncated away
    verifier = _fake_verifier(tmp_path, monkeypatch)
    head = " ".join(DOC.split()[:60])
    (result,) = verifier.score_document([head + " and then the two leaders flew together to Rome for a dinner."], DOC)
    assert result.score < verifier.threshold
    assert verifier.asked[-1].endswith("Rome for a dinner.")


def test_pairs_and_documents_are_read_the_same_way_however_short_the_evidence(verifier):
    """The threshold was calibrated on ``score_document``'s windows, so ``score`` must read pairs as it does, even
    when the whole evidence would fit in the model's input."""
    claims = [edit for _, edit in MINIMAL_EDITS[:3]] + ["Scholz met Macron in Berlin."]
    by_pair = verifier.score([(c, DOC) for c in claims])
    by_document = [r.score for r in verifier.score_document(claims, DOC)]
    assert np.allclose(by_pair, by_document)
