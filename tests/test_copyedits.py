"""Edits to a copied statement. A pronoun of the other gender ("she" for "he"): found by the pronoun check,
reported by compare as an entity conflict, contradicted in audit, unsupported for the cross-encoder without asking
it. Another name of the document or another number in an otherwise copied sentence: unsupported for the
cross-encoder without asking it. A copy that only leaves out titles or first names: supported without asking."""

from __future__ import annotations

import json

import pytest

from corroborator.backends import crossencoder as ce
from corroborator.model import Article
from corroborator.copyedits import cased_tokens, gender_swaps, swapped_specifics, trims_names

SOURCE = ("Ukrainian President Volodymyr Zelensky said on Sunday that he was ready to drop Ukraine's bid to join NATO "
          "in exchange for security guarantees. The talks in Berlin lasted five hours.")
SWAPPED = SOURCE.replace("that he was", "that she was")


@pytest.mark.parametrize(
    "claim, source, expected",
    [
        ("Zelensky said he was ready to drop the bid.", "Zelensky said she was ready to drop the bid.", [("he", "she")]),
        # a run of a longer sentence, curly apostrophes and case aside
        ("HER team’s plan was rejected", "Officials said his team's plan was rejected on Monday.", [("her", "his")]),
        # the same gender in another form is no swap; other words differ: not a copy, so no verdict either way
        ("Zelensky said his was ready.", "Zelensky said he was ready.", []),
        ("Kallas said she was ready to drop the bid.", "Zelensky said he was ready to drop the bid.", []),
        ("She said so.", "He said so.", []),  # too short to prove an edit
        ("she said she would", "Later he said he would resign.", []),  # four words, but only two besides pronouns
        ("The talks lasted five hours.", "The talks lasted five hours.", []),  # no pronoun at all
    ],
)
def test_gender_swaps_fire_only_on_a_copy_with_a_pronoun_of_the_other_gender(claim, source, expected):
    assert gender_swaps(claim, source) == expected


def test_compare_reports_the_swap_as_an_entity_conflict_on_both_sides():
    from corroborator.pipeline import compare

    report = compare([Article(id="rewrite", text=SWAPPED), Article(id="wire", text=SOURCE)])
    conflicting = [v for v in report.claims if v.verdict == "conflicting"]
    assert {v.claim.source for v in conflicting} == {"rewrite", "wire"}
    (mine,) = [c for v in conflicting if v.claim.source == "rewrite" for c in v.conflicts]
    assert mine.type == "entity" and "‘she’ where the other source has ‘he’" in mine.detail
    talks = [v for v in report.claims if "five hours" in v.claim.text]
    assert talks and all(v.verdict == "corroborated" for v in talks)


def test_audit_calls_the_swapped_sentence_contradicted():
    from corroborator.auditing import audit

    result = audit(Article(id="rewrite", text=SWAPPED), [Article(id="wire", text=SOURCE)])
    by_verdict = {v.claim.text[:40]: v.verdict for v in result.claims if v.claim.kind in ("statement", "clause")}
    assert by_verdict[SWAPPED[:40]] == "contradicted"
    assert by_verdict["The talks in Berlin lasted five hours."] == "supported"


def test_the_cross_encoder_rules_a_swap_unsupported_without_asking_the_model(tmp_path, monkeypatch):
    meta = tmp_path / "meta.json"
    meta.write_text(json.dumps({"threshold": 0.5, "calibration": {"scale": 1.0, "bias": 0.0}}))
    asked: list[str] = []

    def build(rules: bool) -> ce.CrossEncoderVerifier:
        verifier = ce.CrossEncoderVerifier(tmp_path / "absent.onnx", meta, copy_rules=rules)
        monkeypatch.setattr(verifier, "logits", lambda pairs: asked.extend(c for c, _ in pairs) or [3.0] * len(pairs))
        return verifier

    claim = SWAPPED.split(". ")[0] + ". The talks in Berlin lasted five hours."
    (ruled,) = build(True).score_document([claim], SOURCE)
    assert ruled.score == 0.0 and asked == []  # the copy is supported by rule, the swap unsupported by rule
    assert "that he was ready" in ruled.evidence
    (read,) = build(False).score_document([claim], SOURCE)
    assert read.score > 0.5 and len(asked) == 2  # without the rules the (fake) model reads both sentences


NEWS = ("Scholz met Macron in Berlin on Tuesday. The two leaders agreed to raise spending by 12% next year. "
        "Later Mr Scholz said the talks had been constructive. Olaf Scholz flew home in September. A deal is close. "
        "The UK, Britain's allies and the American, United States and US delegations were not there on Monday.")


@pytest.mark.parametrize(
    "claim, sentence, expected",
    [
        ("Macron met Scholz in Berlin on Tuesday.", "Scholz met Macron in Berlin on Tuesday.",
         [("Macron", "Scholz"), ("Scholz", "Macron")]),
        ("The two leaders agreed to raise spending by 21% next year.",
         "The two leaders agreed to raise spending by 12% next year.", [("21", "12")]),
        # the same person with an honorific, a month abbreviated, a function word: not swaps
        ("Later Olaf Scholz said the talks had been constructive.", "Later Mr Scholz said the talks had been constructive.", []),
        ("Olaf Scholz flew home in Sept.", "Olaf Scholz flew home in September.", []),
        ("The deal is close to being signed now.", "A deal is close to being signed now.", []),
        # a name the document never mentions is for the model to judge; so is a sentence rewritten in more places
        ("Scholz met Merkel in Berlin on Tuesday.", "Scholz met Macron in Berlin on Tuesday.", []),
        ("Macron met Scholz in Paris on Monday.", "Scholz met Macron in Berlin on Tuesday.", []),
        ("The two leaders agreed to raise spending by 012% next year.",
         "The two leaders agreed to raise spending by 12% next year.", []),  # the same value
        # two names of one thing: aliases, a country and its people
        ("The UK economy grew by 2% in the first quarter.", "The British economy grew by 2% in the first quarter.", []),
        ("The American delegation flew home on Tuesday.", "The US delegation flew home on Tuesday.", []),
        ("Britain said the talks would go on.", "UK said the talks would go on.", []),
        ("Scholz met Macron in Berlin on Monday.", "Scholz met Macron in Berlin on Tuesday.", [("Monday", "Tuesday")]),
        # a name of another length from the document; one person named two ways is no swap
        ("Olaf Scholz met the press in Berlin on Tuesday.", "Macron met the press in Berlin on Tuesday.",
         [("Olaf Scholz", "Macron")]),
        ("Mr Scholz met the press in Berlin on Tuesday.", "Olaf Scholz met the press in Berlin on Tuesday.", []),
        ("Scholz met the press in Berlin on Tuesday.", "Olaf Scholz met the press in Berlin on Tuesday.", []),
        ("The United States envoy flew home on Monday.", "The US envoy flew home on Monday.", []),
    ],
)
def test_swapped_specifics_fire_on_another_name_of_the_document_or_another_number(claim, sentence, expected):
    assert swapped_specifics(cased_tokens(claim), cased_tokens(sentence), NEWS) == expected


def test_the_cross_encoder_rules_a_swapped_name_or_number_unsupported_without_asking(tmp_path, monkeypatch):
    meta = tmp_path / "meta.json"
    meta.write_text(json.dumps({"threshold": 0.5, "calibration": {"scale": 1.0, "bias": 0.0}}))
    verifier = ce.CrossEncoderVerifier(tmp_path / "absent.onnx", meta)
    asked: list[str] = []
    monkeypatch.setattr(verifier, "logits", lambda pairs: asked.extend(c for c, _ in pairs) or [3.0] * len(pairs))
    names, number, paraphrase = verifier.score_document(
        ["Macron met Scholz in Berlin on Tuesday.", "The two leaders agreed to raise spending by 21% next year.",
         "Scholz and Macron agreed to spend more."], NEWS)
    assert names.score == 0.0 and names.evidence == "Scholz met Macron in Berlin on Tuesday."
    assert number.score == 0.0 and "by 12% next year" in number.evidence
    assert asked == ["Scholz and Macron agreed to spend more."] and paraphrase.score > 0.5


MEETING = "German Chancellor Friedrich Merz met Ukrainian President Volodymyr Zelensky in Berlin on Sunday."


@pytest.mark.parametrize(
    "claim, expected",
    [
        ("Friedrich Merz met Volodymyr Zelensky in Berlin on Sunday.", True),
        ("Merz met Zelensky in Berlin on Sunday.", True),
        ("Chancellor Merz met President Zelensky in Berlin on Sunday.", True),
        ("Merz met Zelensky in Berlin.", False),  # "on Sunday" is not a title: for the model to judge
        ("Merz met Zelensky in Paris on Sunday.", False),
        (MEETING, False),  # a copy is the verbatim rule's, not this one's
    ],
)
def test_trims_names_allows_leaving_out_only_what_stands_before_a_kept_name(claim, expected):
    assert trims_names(cased_tokens(claim), cased_tokens(MEETING)) is expected


def test_a_trim_that_changes_who_someone_is_is_not_a_trim():
    former = cased_tokens("Former Vice President Mike Pence spoke in Ohio on Friday.")
    assert not trims_names(cased_tokens("Vice President Mike Pence spoke in Ohio on Friday."), former)
    assert not trims_names(cased_tokens("President Mike Pence spoke in Ohio on Friday."), former)


def test_the_cross_encoder_supports_a_trimmed_copy_without_asking(tmp_path, monkeypatch):
    meta = tmp_path / "meta.json"
    meta.write_text(json.dumps({"threshold": 0.5, "calibration": {"scale": 1.0, "bias": 0.0}}))
    verifier = ce.CrossEncoderVerifier(tmp_path / "absent.onnx", meta)
    asked: list[str] = []
    monkeypatch.setattr(verifier, "logits", lambda pairs: asked.extend(c for c, _ in pairs) or [-3.0] * len(pairs))
    trimmed, moved = verifier.score_document(["Merz met Zelensky in Berlin on Sunday.", "Merz met Zelensky in Paris on Sunday."],
                                             MEETING + " The talks lasted five hours.")
    assert trimmed.score == 1.0 and trimmed.evidence == MEETING
    assert asked == ["Merz met Zelensky in Paris on Sunday."] and moved.score < 0.5
