"""The normalised values of mentions: numbers, dates, people with roles, quotes with speakers, negation."""

from __future__ import annotations

import math

import pytest

from corroborator.analyse import analyse
from corroborator.analyse.dates import dates_conflict, find_dates
from corroborator.analyse.numbers import find_numbers, numbers_conflict, same_quantity
from corroborator.model import Article


def _one_number(text):
    (m,) = find_numbers(text)
    assert text[m.start : m.end] == m.text
    return m


@pytest.mark.parametrize(
    "text, value, unit, qualifier",
    [
        ("intensive five-hour discussions", 5, "hour", None),
        ("a 5-hour meeting", 5, "hour", None),
        ("a meeting lasting five hours", 5, "hour", None),
        ("the 20-point plan", 20, "point", None),
        ("a twenty-eight-point plan", 28, "point", None),
        ("transferring €90 billion in frozen assets", 9e10, "EUR", None),
        ("a $3.5bn deal", 3.5e9, "USD", None),
        ("over one million households suffered outages", 1e6, "household", "more_than"),
        ("about 1,200 people were killed", 1200, "people", "about"),
        ("a third of households", 1 / 3, "household", None),
        ("unemployment rose to 5.2% in May", 5.2, "percent", None),
        ("hundreds of people", 200, "people", "at_least"),
    ],
)
def test_numbers_have_value_unit_and_qualifier(text, value, unit, qualifier):
    m = _one_number(text)
    assert math.isclose(m.value, value, rel_tol=1e-9)
    assert (m.attrs["unit"], m.attrs["qualifier"]) == (unit, qualifier)


def test_number_words_and_digits_are_the_same_quantity():
    words, digits, spelled = (_one_number(t) for t in ("a five-hour meeting", "a 5-hour meeting", "five hours of talks"))
    assert same_quantity(words, digits) and same_quantity(words, spelled)
    assert words.attrs["display"] == "5 hours"


@pytest.mark.parametrize(
    "a, b, conflict",
    [
        ("a five-hour meeting", "a three-hour meeting", "5 hours vs 3 hours"),
        ("the 20-point plan", "the 28-point plan", "20 points vs 28 points"),
        ("over one million households", "1.2 million households", None),  # both can be true
        ("over one million households", "500,000 households", "more than 1 million households vs 500,000 households"),
        ("about 1,000 people", "1,050 people", None),  # within the tolerance of "about"
        ("5 hours of talks", "5 people", None),  # different units never compare
    ],
)
def test_numbers_conflict_only_when_both_cannot_be_true(a, b, conflict):
    assert numbers_conflict(_one_number(a), _one_number(b)) == conflict


def test_years_and_identifiers_are_not_quantities():
    assert find_numbers("NATO's Article 5 clause") == []
    assert find_numbers("in 2024 the talks failed") == []
    # clock times in wire style (QA, session 17: "1,100 gmts vs 1,300 gmts")
    assert find_numbers("turnout was reported at 1100 GMT") == [] and find_numbers("polls close at 2300 UTC") == []
    assert [m.value for m in find_numbers("the hearing begins at 1200 gmt with 12 witnesses")] == [12]


@pytest.mark.parametrize(
    "text, value",
    [
        ("talks on Sunday", "2025-12-14"),  # the article is dated Monday 15 December 2025
        ("on Monday", "2025-12-15"),
        ("yesterday", "2025-12-14"),
        ("two days ago", "2025-12-13"),
        ("last week", "2025-W50"),
        ("next Friday", "2025-12-19"),
        ("December 14, 2025", "2025-12-14"),
        ("14 December", "2025-12-14"),
        ("in March", "2025-03"),
    ],
)
def test_dates_resolve_against_the_article_date(text, value):
    (m,) = find_dates(text, article_date="2025-12-15")
    assert m.value == value


def test_a_weekday_without_an_article_date_is_kept_unresolved_but_comparable():
    (sunday,) = find_dates("on Sunday")
    (saturday,) = find_dates("on Saturday")
    assert sunday.value is None and sunday.attrs["weekday"] == "sunday"
    assert dates_conflict(sunday, saturday) == "Sunday vs Saturday"
    assert dates_conflict(sunday, find_dates("on Sunday")[0]) is None


def _mentions(text, kind, article_date=None):
    return [m for m in analyse(Article(id="t", text=text, date=article_date)).mentions if m.kind == kind]


def test_people_carry_roles_and_resolve_surnames_within_an_article():
    text = (
        "German Chancellor Friedrich Merz met US envoy Steve Witkoff in Berlin. "
        "The delegation included Jared Kushner, son-in-law of former President Donald Trump. Merz said little."
    )
    people = _mentions(text, "person")
    by_text = {m.text: m for m in people}
    assert by_text["Friedrich Merz"].attrs["role"] == "German Chancellor"
    assert by_text["Steve Witkoff"].attrs["role"] == "US envoy"
    assert by_text["Jared Kushner"].attrs["appositive"] == "son-in-law of former President Donald Trump"
    assert by_text["Donald Trump"].attrs["role"] == "former President"
    assert by_text["Merz"].value == "Friedrich Merz"


def test_a_name_after_a_title_is_a_person_even_when_the_tagger_says_organisation():
    (scholz,) = _mentions("German Chancellor Olaf Scholz also participated.", "person")
    assert scholz.value == "Olaf Scholz" and scholz.attrs["role"] == "German Chancellor"


def test_quotes_have_speakers_full_partial_and_scare():
    text = (
        "‘This is already a compromise on our part,’ Zelensky stated, acknowledging opposition from "
        "‘some partners from the US and Europe’. He described the points as a ‘foundation’. "
        "A US statement indicated \"a lot of progress was made.\" "
        "The Kremlin stated it expects the concept, maintaining that membership remains a ‘red line.’"
    )
    quotes = {m.text.strip(" ,.’"): m.attrs for m in _mentions(text, "quote")}
    assert quotes["This is already a compromise on our part"]["speaker"] == "Zelensky"
    assert not quotes["This is already a compromise on our part"]["partial"]
    assert quotes["some partners from the US and Europe"]["speaker"] == "Zelensky"
    assert quotes["some partners from the US and Europe"]["partial"]
    assert quotes["foundation"]["scare"] and quotes["foundation"]["speaker"] == "Zelensky"
    assert quotes["a lot of progress was made"]["speaker"] == "US"
    assert quotes["red line"]["speaker"] == "Kremlin"


def test_negation_points_at_the_negated_word():
    (neg,) = _mentions("Zelensky said this is not a compromise on our part.", "negation")
    assert neg.text == "not" and neg.value == "compromise"


def test_specific_words_map_each_key_to_the_word_the_text_wrote():
    from corroborator.analyse.specifics import specific_words, specifics

    text = "EU members vote on €90 billion; U.S. envoy Witkoff’s plan, one million homes, Germany's capital."
    words = specific_words(text)
    assert set(words) == specifics(text)  # the same keys, nothing more
    assert words == {"european union": "EU", "90000000000": "90 billion", "united states": "US",
                     "witkoff": "Witkoff", "1000000": "million", "germany": "Germany"}
    assert list(words) == ["european union", "90000000000", "united states", "witkoff", "1000000", "germany"]


@pytest.mark.parametrize("written, spelled", [
    ("€86.7bn", "86.7 billion euros"), ("$3.8m", "3.8 million dollars"), ("291.8 mln", "291.8 million"),
    ("86,700 million", "86.7 billion"), ("two million", "2 million"), ("£138m", "138 million pounds"),
])
def test_a_figure_with_its_scale_keys_as_one_number_however_written(written, spelled):
    from corroborator.analyse.specifics import specifics

    assert specifics(written) == specifics(spelled) and len(specifics(written)) == 1


def test_a_scale_keys_with_the_figure_only_when_it_follows_it():
    from corroborator.analyse.specifics import specifics

    assert specifics("one million homes") == specifics("a million homes") == {"1000000"}
    assert specifics("5m") != specifics("5 people")  # the figure's value, not its digits
    assert specifics("3M Co") == {"3"}  # a capital M is a name's part, not a scale


def test_soft_line_breaks_are_only_the_folds_of_hard_wrapped_paragraphs():
    from corroborator.analyse.sentences import soft_line_breaks

    lines = ["The talks in Berlin lasted five hours on Sunday and officials",  # folds: soft
             "said a lot of progress was made by both of the delegations",  # soft
             "that met there. A second round is planned for Monday in the",  # soft
             "same city with the same participants as before, they said.",  # ends a sentence: hard
             "A third round is set for Friday, in Paris, with the leaders of",  # a list item follows: hard
             "- a list item after a long line",
             "Short closing line",  # short: hard
             "Next paragraph."]
    folded = "\n".join(lines)
    breaks = [sum(len(line) + 1 for line in lines[: k + 1]) - 1 for k in range(len(lines) - 1)]
    assert sorted(soft_line_breaks(folded)) == breaks[:3]
    one_sentence_a_line = "The talks lasted five hours.\nA second round is planned.\nBoth sides said progress was made.\nNo date was set."
    assert soft_line_breaks(one_sentence_a_line) == frozenset()
    paragraphs = ("x " * 100 + "\n") * 4  # lines longer than any fold: paragraphs
    assert soft_line_breaks(paragraphs) == frozenset()


def test_a_closing_quote_at_the_end_of_a_line_stays_with_its_sentence():
    text = 'Russia said so.\n"We made progress in Berlin on Sunday."\nThe talks resume on Monday.'
    sentences = [s.text for s in analyse(Article(id="x", text=text)).sentences]
    assert sentences == ["Russia said so.", '"We made progress in Berlin on Sunday."', "The talks resume on Monday."]


@pytest.mark.parametrize("article_date", ["9999-12-31", "0001-01-01"])
def test_dates_past_the_calendar_from_an_extreme_article_date_are_left_unresolved(article_date):
    found = find_dates("Talks resume next Friday, a year after last Sunday's talks.", article_date=article_date)
    assert all(m.value is None or m.value[:4] in {"9999", "0001"} for m in found)


@pytest.mark.parametrize("text, name, role", [
    ("On Sunday, President Volodymyr Zelensky and his defence minister Rustem Umerov spent five hours with US envoy "
     "Steve Witkoff and Jared Kushner.", "Rustem Umerov", "defence minister"),  # the model's entity was "Umerov"
    ("On Sunday, President Volodymyr Zelensky and his chief negotiator Rustem Umerov spent five hours with Witkoff.",
     "Rustem Umerov", "chief negotiator"),  # the name is the appositive of the title noun
])
def test_a_lower_case_title_after_a_possessive_is_the_persons_role(text, name, role):
    people = {m.value: m.attrs.get("role") for m in analyse(Article(id="x", text=text)).mentions if m.kind == "person"}
    assert people[name] == role


def test_a_sentence_folded_over_two_lines_is_read_whole():
    from corroborator.analyse.sentences import soft_line_breaks

    two_lines = ("Zelensky met US envoy Steve Witkoff and Jared Kushner in Berlin on Sunday for\n"
                 "three hours. German Chancellor Friedrich Merz also took part in the talks.\n")
    assert soft_line_breaks(two_lines) == frozenset({two_lines.index("\n")})
    assert soft_line_breaks("Zelensky met US envoy Steve Witkoff in Berlin on Sunday\nThree hours later, they left.") == frozenset()
    assert soft_line_breaks("Talks in Berlin\nthe second day") == frozenset()  # too short to be a fold
    assert soft_line_breaks("The delegations listed three demands for the talks:\nsecurity, money, time.") == frozenset()


def test_a_capital_scale_counts_after_a_currency_sign_only():
    from corroborator.analyse.specifics import specifics

    assert specifics("AMD buys SeaMicro for $334M") == specifics("AMD buys SeaMicro for $334 million")
    assert specifics("3M Co") == {"3"}


def test_tokenised_thousands_read_as_one_number_and_lists_stay_lists():
    # ECB+ wire copy is tokenised: "about 1, 500" once gave two numbers and a false conflict
    assert [m.value for m in find_numbers("a crowd of 22, 000 fans")] == [22000]
    assert [m.value for m in find_numbers("1, 000, 000 people")] == [1_000_000]
    assert [m.value for m in find_numbers("Boeing 767, 757 and 747 jets")] == [767, 757, 747]
    assert [m.value for m in find_numbers("about 1, 500 houses were damaged")] == [1500]  # after a qualifier
    assert [m.value for m in find_numbers("about 50, 100 and 500 yuan")] == [50, 100, 500]


def test_not_just_adds_rather_than_denies():
    from corroborator.analyse.negation import find_negations
    from corroborator.analyse.nlp import load_nlp

    nlp = load_nlp()
    assert find_negations(nlp("It tied an NFL record - not just a rookie record.")) == []  # QA, session 18
    assert [m.value for m in find_negations(nlp("He did not attend the talks."))] == ["attend"]


def test_a_tokenised_decimal_does_not_end_a_sentence():
    from corroborator.analyse.sentences import text_sentences

    def split(text):
        return [text[a:b] for a, b in text_sentences(text)]

    assert split("A magnitude - 9. 1 earthquake struck. Next.") == ["A magnitude - 9. 1 earthquake struck.", "Next."]
    assert split("It was in 2003. 2004 was a good year.") == ["It was in 2003.", "2004 was a good year."]


@pytest.mark.parametrize("dateline", ["Tue Jul 2, 2013 1: 28PM GMT", "Updated: July 02, 2013 15:50 IST",
                                      "Updated 4:08 p. m. ET", "May 2, 2013 | 5: 03pm"])
def test_a_dateline_is_no_claim(dateline):
    # UX and corpora QA (session 18): datelines were corroborated across sources and set against each other
    body = "A 6.1-magnitude quake struck Aceh province on Tuesday, officials said."
    claims = analyse(Article(id="a", text=f"{dateline}\n{body}")).claims
    assert claims and not [c.text for c in claims if c.start < len(dateline)]
