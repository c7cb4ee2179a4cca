"""The text and Markdown views: one agreement or conflict listed once, not once from each side; conflict lines
that keep the value in view."""

from __future__ import annotations

from corroborator.model import Article, Claim, ClaimVerdict, CompareReport, Conflict, Evidence
from corroborator.report.markdown import compare_markdown
from corroborator.report.mirrors import without_mirrors
from corroborator.report.text import compare_text

A_TEXT = "Merz met Zelensky in Berlin. The talks lasted five hours."
B_TEXT = "In Berlin, Zelensky met Merz. Talks ran for five hours, and Umerov said so."


def _claim(source: str, text: str, piece: str, n: int) -> Claim:
    start = text.index(piece)
    return Claim(start=start, end=start + len(piece), text=piece, id=f"{source}#{n}", source=source)


def _evidence(source: str, text: str, piece: str) -> Evidence:
    start = text.index(piece)
    return Evidence(start=start, end=start + len(piece), text=piece, source=source, score=0.9)


def _report() -> CompareReport:
    a0 = _claim("a", A_TEXT, "Merz met Zelensky in Berlin.", 0)
    a1 = _claim("a", A_TEXT, "The talks lasted five hours.", 1)
    b0 = _claim("b", B_TEXT, "In Berlin, Zelensky met Merz.", 0)
    b1 = _claim("b", B_TEXT, "Talks ran for five hours, and Umerov said so.", 1)
    verdicts = (
        ClaimVerdict(a0, "corroborated", support=(_evidence("b", B_TEXT, "In Berlin, Zelensky met Merz."),)),
        # a1's support is a piece of B that b1 does not cover (a word of b1 cut short): it cites b1 back all the same
        ClaimVerdict(a1, "corroborated", support=(_evidence("b", B_TEXT, "Talks ran for five hours"),)),
        ClaimVerdict(b0, "corroborated", support=(_evidence("a", A_TEXT, "Merz met Zelensky in Berlin."),)),
        # b1 rests on a1 *and* on a piece of A that no shown claim cites back from b1's words: kept
        ClaimVerdict(b1, "corroborated", support=(_evidence("a", A_TEXT, "The talks lasted five hours."),
                                                  _evidence("a", A_TEXT, "Zelensky"))),
    )
    return CompareReport(sources=(Article(id="a", text=A_TEXT), Article(id="b", text=B_TEXT)), claims=verdicts)


def test_a_claim_that_only_cites_back_a_shown_claim_is_left_out():
    report = _report()
    shown, left_out = without_mirrors(report.claims)
    assert [v.claim.id for v in shown] == ["a#0", "a#1", "b#1"]
    assert left_out == 1


def test_the_views_say_how_many_agreed_claims_they_do_not_repeat():
    report = _report()
    text = compare_text(report)
    assert "AGREED (4 claims; 1 that only mirrors a claim above is not repeated)" in text
    assert "(b#0," not in text and "(b#1," in text
    markdown = compare_markdown(report)
    assert "## Agreed (4 claims; 1 that only mirrors a claim above is not repeated)" in markdown
    assert "b\\#0" not in markdown and "b\\#1" in markdown
    # evidence lines carry their offsets in the other source, as the text view's do
    assert f"<sub>chars {B_TEXT.index('In Berlin')}–{B_TEXT.index('In Berlin') + len('In Berlin, Zelensky met Merz.')}</sub>" in markdown


def test_a_claim_with_no_support_listed_is_never_folded():
    claim = _claim("a", A_TEXT, "Merz met Zelensky in Berlin.", 0)
    shown, left_out = without_mirrors([ClaimVerdict(claim, "corroborated")])
    assert len(shown) == 1 and left_out == 0


def test_a_disagreement_is_listed_once_from_the_side_shown_first():
    a = _claim("a", A_TEXT, "The talks lasted five hours.", 0)
    b = _claim("b", B_TEXT, "Talks ran for five hours, and Umerov said so.", 0)
    b_words = Conflict(start=b.start, end=b.end, text=b.text, source="b", type="number", detail="5 vs 3")
    a_words = Conflict(start=a.start, end=a.end, text=a.text, source="a", type="number", detail="3 vs 5")
    report = CompareReport(sources=(Article(id="a", text=A_TEXT), Article(id="b", text=B_TEXT)),
                           claims=(ClaimVerdict(a, "conflicting", conflicts=(b_words,)),
                                   ClaimVerdict(b, "conflicting", conflicts=(a_words,))))
    text = compare_text(report)
    assert "CONFLICTS (2 claims; 1 that only mirrors a claim above is not repeated)" in text
    assert "(a#0," in text and "(b#0," not in text and "≠ B number: 5 vs 3 — " in text  # the detail, then the words


def test_a_conflict_of_another_type_is_not_folded_into_the_one_shown():
    a = _claim("a", A_TEXT, "The talks lasted five hours.", 0)
    b = _claim("b", B_TEXT, "Talks ran for five hours, and Umerov said so.", 0)
    b_words = Conflict(start=b.start, end=b.end, text=b.text, source="b", type="number", detail="5 vs 3")
    a_words = Conflict(start=a.start, end=a.end, text=a.text, source="a", type="date", detail="Monday vs Sunday")
    verdicts = [ClaimVerdict(a, "conflicting", conflicts=(b_words,)), ClaimVerdict(b, "conflicting", conflicts=(a_words,))]
    shown, left_out = without_mirrors(verdicts)
    assert len(shown) == 2 and left_out == 0


def test_a_sentence_is_not_folded_under_a_name_span_that_cites_only_its_name():
    """A shown role claim "Merz" citing the name inside B's sentence does not stand for the whole sentence."""
    a_name = _claim("a", A_TEXT, "Merz", 0)
    b_sentence = _claim("b", B_TEXT, "In Berlin, Zelensky met Merz.", 0)
    verdicts = [ClaimVerdict(a_name, "corroborated", support=(_evidence("b", B_TEXT, "Merz"),)),
                ClaimVerdict(b_sentence, "corroborated", support=(_evidence("a", A_TEXT, "Merz"),))]
    shown, left_out = without_mirrors(verdicts)
    assert [v.claim.id for v in shown] == ["a#0", "b#0"] and left_out == 0


def test_a_conflict_line_keeps_the_other_sides_value_in_view():
    """QA (session 17): a two-sentence window cut at 100 characters hid the figure the conflict is about."""
    from corroborator.report.labels import shorten_around

    window = ("The quake struck yesterday afternoon at a depth of just six miles and was centred on the far western "
              "mountainous region, about 320 kilometres from Banda Aceh, officials said.")
    shown = shorten_around(window, "55 kilometres vs about 320 kilometres", 100)
    assert "320 kilometres" in shown and shown.startswith("…") and len(shown) <= 100
    assert shorten_around(window, "Sunday vs Monday", 100).startswith("The quake struck")  # not in it: cut as before


def test_a_claim_only_one_source_makes_says_which_claim_of_another_rests_on_it():
    """QA (session 17): B's longer sentence was "only in B" while A's shorter claim listed it as its support."""
    a = _claim("a", A_TEXT, "The talks lasted five hours.", 0)
    b = _claim("b", B_TEXT, "Talks ran for five hours, and Umerov said so.", 0)
    verdicts = (ClaimVerdict(a, "corroborated", support=(_evidence("b", B_TEXT, "Talks ran for five hours, and Umerov said so."),)),
                ClaimVerdict(b, "single_source"))
    report = CompareReport(sources=(Article(id="a", text=A_TEXT), Article(id="b", text=B_TEXT)), claims=verdicts)
    assert "← A a#0 rests on these words: The talks lasted five hours." in compare_text(report)
    assert "← **A** a\\#0 rests on these words" in compare_markdown(report)
