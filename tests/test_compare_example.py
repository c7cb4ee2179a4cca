"""The bundled example, checked against what a reader of the two reports sees (verdicts reviewed by reading)."""

from __future__ import annotations

import json

import pytest

from conftest import A_ID, B_ID, EXAMPLE_DIR, ROOT

GOLDEN = ROOT / "tests" / "golden" / "berlin-talks.verdicts.json"


def claims_with(report, source, *words, kinds=None):
    found = [
        v for v in report.claims_of(source)
        if all(w.lower() in v.claim.text.lower() for w in words) and (kinds is None or v.claim.kind in kinds)
    ]
    assert found, f"no claim in {source} mentions {words}"
    return found


@pytest.mark.parametrize(
    "source, words",
    [
        (A_ID, ("five-hour",)),
        (B_ID, ("five-hour",)),
        (A_ID, ("Merz",)),
        (B_ID, ("Merz",)),
        (A_ID, ("Grynkewich",)),
        (B_ID, ("Grynkewich",)),
        (A_ID, ("20-point",)),
        (B_ID, ("20-point",)),
        (A_ID, ("already a compromise on our part",)),
        (B_ID, ("already a compromise on our part",)),
        (A_ID, ("face-to-face meeting",)),
        (B_ID, ("first direct engagement",)),
    ],
)
def test_facts_both_reports_carry_are_corroborated(example_report, source, words):
    for v in claims_with(example_report, source, *words):
        assert v.verdict == "corroborated", (v.claim.text, v.verdict)
        assert v.support and all(e.source != source for e in v.support)


@pytest.mark.parametrize(
    "source, words, kinds",
    [
        (B_ID, ("Umerov",), {"role"}),
        (B_ID, ("von der Leyen",), None),
        (A_ID, ("million households",), None),
        (A_ID, ("€90 billion",), None),
        (A_ID, ("Kallas",), None),
        (A_ID, ("Donbas",), None),
        (A_ID, ("withdraw the same distance",), None),
        (A_ID, ("former President",), {"apposition", "role"}),
    ],
)
def test_facts_only_one_report_carries_are_single_source(example_report, source, words, kinds):
    for v in claims_with(example_report, source, *words, kinds=kinds):
        assert v.verdict == "single_source", (v.claim.text, v.verdict, v.support)
        assert not v.support


def test_umerov_appears_in_no_claim_of_the_other_report(example_report):
    assert not [v for v in example_report.claims_of(A_ID) if "Umerov" in v.claim.text]


def test_evidence_points_at_the_words_it_quotes(example_report):
    texts = {a.id: a.text for a in example_report.sources}
    for v in example_report.claims:
        assert texts[v.claim.source][v.claim.start : v.claim.end] == v.claim.text
        for e in [*v.support, *v.conflicts]:
            assert texts[e.source][e.start : e.end] == e.text
        for e in v.support:
            assert 0.0 <= e.score <= 1.0


def _verdict_table(report):
    """What a reviewer checks against the two reports: each claim, its verdict, the words it rests on."""
    return [
        {
            "id": v.claim.id, "kind": v.claim.kind, "verdict": v.verdict, "text": v.claim.text,
            "support": v.support[0].text if v.support else None,
            "conflicts": [f"{c.type}: {c.detail}" for c in v.conflicts],
        }
        for v in report.claims
    ]


def test_verdicts_match_the_reviewed_golden_file(example_report, update_golden):
    actual = _verdict_table(example_report)
    if update_golden:
        GOLDEN.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert actual == expected


def test_a_claim_rests_on_the_sentence_that_states_it_not_on_a_similar_one(example_report):
    (foundation,) = claims_with(example_report, B_ID, "previously characterized it as")
    assert foundation.verdict == "corroborated"
    assert "Zelensky characterized the points as a ‘foundation’" in foundation.support[0].text
    assert not any("NATO" in e.text for e in foundation.support)


def test_a_clause_only_one_report_states_is_split_off_and_single_source(example_report):
    (expects,) = claims_with(example_report, A_ID, "expects to receive the negotiated concept")
    assert expects.verdict == "single_source" and "red line" not in expects.claim.text
    (red_line,) = claims_with(example_report, A_ID, "red line")
    assert red_line.claim.text.startswith("maintaining that") and red_line.verdict == "corroborated"
    assert "Russia maintains" in red_line.support[0].text


def test_a_clause_sharing_its_subject_hinges_on_that_name_too(example_report):
    """"Kallas acknowledged A but affirmed B": B is a fact about Kallas, whom 002 never names, so neither compare
    nor audit may call it carried by 002 on the strength of "efforts toward resolution" alone."""
    (affirmed,) = claims_with(example_report, A_ID, "affirmed continued efforts")
    assert affirmed.claim.kind == "clause" and "kallas" in affirmed.claim.keys
    assert affirmed.verdict == "single_source"


def test_hard_wrapped_copies_of_the_reports_read_like_the_originals(example_articles, example_report, tmp_path):
    """Paragraphs folded at spaces, 60 characters a line (e-mail, Markdown, wire copy): a line break inside a paragraph is a
    space, so the claims, verdicts and title are those of the unwrapped reports, with offsets into the folded text."""
    import textwrap

    from corroborator.ingest import read_paths
    from corroborator.pipeline import compare

    paths = []
    for article in example_articles:
        raw = (EXAMPLE_DIR / f"{article.id}.txt").read_text(encoding="utf-8")
        folded = "\n\n".join(textwrap.fill(p, 60, break_on_hyphens=False) for p in raw.split("\n") if p.strip()) + "\n"
        assert max(len(line) for line in folded.split("\n")) <= 60
        paths.append(tmp_path / f"{article.id}.txt")
        paths[-1].write_text(folded, encoding="utf-8")
    wrapped = read_paths([str(p) for p in paths])
    assert [a.title for a in wrapped] == [a.title for a in example_articles]  # a folded headline too
    report = compare(wrapped)
    assert report.counts() == example_report.counts()
    texts = {a.id: a.text for a in wrapped}
    for v in report.claims:
        assert texts[v.claim.source][v.claim.start : v.claim.end] == v.claim.text
        assert " ".join(v.claim.text.split()) in {" ".join(c.claim.text.split()) for c in example_report.claims}


def test_the_same_text_given_twice_corroborates_nothing_it_says(example_articles):
    from corroborator.model import Article
    from corroborator.pipeline import compare

    article, other = example_articles
    report = compare([article, article, other])
    copy = report.sources[1].id
    assert report.reprints == {copy: article.id}
    for v in report.claims:
        assert all(e.source not in {article.id, copy} for e in v.support if v.claim.source in {article.id, copy})
    assert any("same text as another" in note and copy in note for note in report.notes)
    alone = compare([article, article])
    assert alone.counts()["corroborated"] == 0
    refolded = Article(id="refolded", text=article.text.replace(". ", ".\n"))  # the same words, other line breaks
    assert compare([article, refolded]).reprints == {"refolded": article.id}
