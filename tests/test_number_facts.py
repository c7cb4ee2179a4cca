"""Numbers of two reports: the same figure told two ways conflicts, figures of different things, times and people
do not. Pairs from the number QA pass (``bench/compare_numbers.py``), cut down to what each rule decides."""

from __future__ import annotations

import pytest

from corroborator.analyse.numbers import find_numbers, numbers_conflict, same_quantity
from corroborator.model import Article
from corroborator.pipeline import analyse_cached, compare


def _one(text):
    (m,) = find_numbers(text)
    assert text[m.start : m.end] == m.text
    return m


@pytest.mark.parametrize("text, value, low, unit, display", [
    ("Between 10 and 15 people were injured", 15, 10, "people", "10–15 people"),
    ("two or three people died", 3, 2, "people", "2–3 people"),
    ("a new aircraft seating 110 to 135 passengers", 135, 110, "passenger", "110–135 passengers"),
])
def test_a_range_is_one_mention_with_both_ends(text, value, low, unit, display):
    m = _one(text)
    assert (m.value, m.attrs["low"], m.attrs["unit"], m.attrs["display"]) == (value, low, unit, display)


def test_a_change_from_one_figure_to_another_is_not_a_range():
    assert [m.attrs.get("low") for m in find_numbers("inflation rose from 5% to 7%")] == [None, None]
    assert [m.attrs["unit"] for m in find_numbers("revenue grew 5% to $400 million")] == ["percent", "USD"]


@pytest.mark.parametrize("text, value, unit", [
    ("The victim, Sarah Cole, was a 34-year-old nurse.", 34, "age"),
    ("a nurse who was 36 years old", 36, "age"),
    ("Police named the driver as Mark Hale, aged 52.", 52, "age"),
    ("The driver, Mark Hale, 38, was named by police.", 38, "age"),
    ("Temperatures reached 40 degrees Celsius in Seville", 40, "°C"),
    ("The temperature hit 104 degrees Fahrenheit", 104, "°F"),
    ("five dead", 5, "people"),
    ("she won the women's 3,000m at the Boston Indoor Games", 3000, "metre"),
    ("she took the long jump at 6.63m", 6.63, "metre"),
    ("30m people watched the final", 30e6, "people"),
])
def test_ages_temperatures_and_states_have_their_own_units(text, value, unit):
    m = _one(text)
    assert (m.value, m.attrs["unit"]) == (value, unit)


def test_an_m_without_a_currency_is_metres_unless_millions_of_something_follow():
    assert [(m.value, m.attrs["unit"]) for m in find_numbers("Revenue was 5.2m and 5m viewers tuned in.")] == [
        (5.2e6, None), (5e6, "viewer")]
    assert numbers_conflict(_one("the women's 3,000m"), _one("the women's 5,000m")) == "3,000 metres vs 5,000 metres"


def test_the_dead_are_counted_alike_however_the_state_is_worded():
    killed, dead = _one("12 killed"), _one("twelve dead")
    assert same_quantity(killed, dead) and killed.attrs["act"] == dead.attrs["act"] == "dead"
    assert not same_quantity(_one("12 injured"), dead)


def test_a_number_split_by_a_stray_space_is_not_read_as_zero():
    # tokenised wire copy: a group after ", " that starts with 0 can only be thousands
    assert [m.value for m in find_numbers("killed more than 1, 000 people")] == [1000]


@pytest.mark.parametrize("a, b, conflict", [
    ("23 people", "25 people", "23 people vs 25 people"),  # exact figures: no 10% slack
    ("10 years", "11 years", "10 years vs 11 years"),
    ("5.25%", "5.5%", "5.25% vs 5.5%"),
    ("$2.4bn", "$2.5bn", "$2.4 billion vs $2.5 billion"),
    ("200 people", "210 people", None),  # "200" may be rounded
    ("1.5 million people", "1,450,000 people", None),  # one figure rounded two ways
    ("about 200 people", "215 people", None),
    ("12 people", "between 10 and 15 people", None),  # inside the range
    ("110 to 135 passengers", "88 to 135 passengers", "110–135 passengers vs 88–135 passengers"),
    ("a 34-year-old nurse", "36 years old", "aged 34 vs aged 36"),
    ("40 degrees Celsius", "104 degrees Fahrenheit", None),  # different scales never compare
    ("Two-thirds of MPs voted", "A third of MPs voted", "two-thirds of mps vs a third of mps"),
    ("Half of the respondents said", "30% of respondents said", "half of the respondents vs 30%"),
    ("Half of the respondents said", "48% of respondents said", None),  # "half" in words, 48% in figures
    ("Half of the respondents said", "30% of voters said", None),  # shares of two groups
])
def test_figures_conflict_beyond_the_rounding_they_are_written_with(a, b, conflict):
    assert numbers_conflict(_one(a), _one(b)) == conflict


def _number_conflicts(a, b):
    report = compare([Article(id="a", text=a), Article(id="b", text=b)])
    return sorted({c.detail for v in report.claims for c in v.conflicts if c.type == "number"})


@pytest.mark.parametrize("a, b", [
    # figures of two years, two quarters, a toll and its update
    ("In 2019, Acme's revenue was $5 million. In 2020, Acme's revenue was $7 million, the company said.",
     "Acme's revenue was $7 million in 2020, the company said on Tuesday."),
    ("Initech earned $80 million in the first quarter. In the second quarter it earned $95 million, beating forecasts.",
     "Initech said on Thursday it earned $95 million in the second quarter, beating forecasts."),
    ("On Tuesday, officials said 24 people had died in the floods. By Wednesday, the toll had risen to 31 people.",
     "Officials said on Wednesday that 31 people had died in the floods."),
    # two teams', two players' figures
    ("Arsenal are second in the Premier League table with 58 points after beating Wolves 2-0 on Sunday.",
     "Manchester City top the Premier League table with 63 points, five ahead of Arsenal, who beat Wolves 2-0 on Sunday."),
    ("The Lakers scored 40 points in the third quarter to take control of the game.",
     "James scored 14 points in the third quarter as the Lakers took control of the game."),
    ("Erling Haaland has scored 27 league goals this season, while Mohamed Salah has 18 league goals this season.",
     "Salah, with 18 league goals this season, trails Haaland in the scoring charts."),
    # two measures, two groups of people, part of a game
    ("Acme's net profit rose 20% to $60 million, while revenue grew 5% to $400 million.",
     "Acme said revenue grew 5% to $400 million and net profit jumped 20%."),
    ("The crash killed 3 people and injured 12 people, police said.",
     "Police said 12 people were injured in the crash, and 40 people were evacuated from nearby homes."),
    ("Clark had 17 points in the first eight minutes of the game against Villanova.",
     "Clark finished with 25 points against Villanova."),
    # changes from two baselines
    ("Consumer prices rose 0.4% in March from February, the statistics office said.",
     "Consumer prices rose 3.5% in March from a year earlier, the statistics office said."),
    # a range and a figure inside it; two temperature scales
    ("Between 10 and 15 people were injured in the stampede, witnesses said.",
     "Witnesses said 12 people were injured in the stampede."),
    ("Temperatures reached 40 degrees Celsius in Seville on Monday.",
     "The temperature in Seville hit 104 degrees Fahrenheit on Monday."),
])
def test_figures_of_different_things_times_or_people_do_not_conflict(a, b):
    assert _number_conflicts(a, b) == []


@pytest.mark.parametrize("a, b, detail", [
    ("The bus crash killed 23 people, police said.", "Police said 25 people were killed in the bus crash.",
     "23 people vs 25 people"),
    ("The central bank raised its key interest rate to 5.25% on Wednesday.",
     "The central bank raised its key interest rate to 5.5% on Wednesday.", "5.25% vs 5.5%"),
    ("Police named the driver as Mark Hale, aged 52.", "The driver, Mark Hale, 38, was named by police.",
     "aged 52 vs aged 38"),
    ("The victim, Sarah Cole, was a 34-year-old nurse.", "The victim, nurse Sarah Cole, was 41.", "aged 34 vs aged 41"),
    ("Half of the respondents said they would vote for the bill, the poll found.",
     "The poll found that 30% of respondents would vote for the bill.", "half of the respondents vs 30%"),
    ("Consumer prices rose 3.1% in March from a year earlier, the statistics office said.",
     "Consumer prices rose 3.5% in March from a year earlier, the statistics office said.", "3.1% vs 3.5%"),
    ("Sales at Initech rose 12% to $340 million in the second quarter.",
     "Initech's second-quarter sales rose 8% to $340 million.", "12% vs 8%"),
])
def test_the_same_figure_told_two_ways_conflicts(a, b, detail):
    assert detail in _number_conflicts(a, b)


@pytest.mark.parametrize("text, number, holder, act", [
    ("Manchester City top the table with 63 points.", "63 points", "city", None),
    ("Acme reported revenue of $7 million.", "$7 million", "revenue", None),
    ("Salah, with 18 league goals, trails Haaland.", "18 league goals", "salah", None),
    ("Dominic Calvert-Lewin's 40th-minute header was Everton's only reply.", "40th-minute", "calvert-lewin", None),
    ("The earthquake killed 142 people in the province.", "142 people", None, "dead"),
    ("Police said 40 people were evacuated.", "40 people", None, "evacuated"),
    ("Officials said the death toll from the floods stands at 38.", "38", None, "dead"),
])
def test_a_figure_knows_whose_it_is_and_what_happened_to_what_it_counts(text, number, holder, act):
    (analysis,) = analyse_cached([Article(id="a", text=text)])
    (m,) = [m for m in analysis.mentions if m.kind == "number" and m.text == number]
    assert (m.attrs.get("holder"), m.attrs.get("act")) == (holder, act)


def test_a_title_the_parser_hangs_elsewhere_is_still_the_persons_role():
    text = '"Our financial performance was strong," chairman and chief executive Richard Parsons said.'
    (analysis,) = analyse_cached([Article(id="a", text=text)])
    (parsons,) = [m for m in analysis.mentions if m.kind == "person"]
    assert parsons.attrs["role"] == "chief executive"
    (analysis,) = analyse_cached([Article(id="b", text="The meeting with Richard Parsons went well.")])
    assert [m.attrs["role"] for m in analysis.mentions if m.kind == "person"] == [None]



@pytest.mark.parametrize("a, b, conflict", [
    ("last week", "last year", True),
    ("last week", "next week", True),
    ("last week", "last month", False),  # last week may fall in last month
    ("last year", "last year", False),
])
def test_relative_dates_that_cannot_be_one_time_conflict(a, b, conflict):
    from corroborator.analyse.dates import dates_conflict, find_dates

    (x,), (y,) = find_dates(a), find_dates(b)
    assert (dates_conflict(x, y) is not None) == conflict
