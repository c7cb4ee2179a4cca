"""What must not read as agreement: two reports saying opposite things about the same people, a claim resting
on a name only, datelines with different dates."""

from __future__ import annotations

import pytest

from corroborator.analyse.opposites import opposite_words
from corroborator.model import Article, Evidence
from corroborator.pipeline import compare

COUNCIL_FOR = ("The city council voted for the new housing plan on Tuesday, officials said. "
               "Mayor Anna Berg welcomed the decision.")
COUNCIL_AGAINST = ("The city council voted against the new housing plan on Tuesday, officials said. "
                   "Mayor Anna Berg criticised the decision.")


@pytest.mark.parametrize("mine, theirs, expected", [
    ("The council voted for the plan on Tuesday.", "The council voted against the plan on Tuesday.", [("voted for", "voted against")]),
    ("Shares of the bank rose 3% on Monday.", "Shares of the bank fell 3% on Monday.", [("rose", "fell")]),
    ("The appeals court upheld the ruling.", "The appeals court overturned the ruling on Friday.", [("upheld", "overturned")]),
    ("More than 100 people were hurt.", "Fewer than 100 people were hurt.", [("more", "fewer")]),
    ("The climber was found dead on Sunday.", "The climber was found alive on Sunday.", [("dead", "alive")]),
])
def test_opposite_words_in_the_same_place_are_found(mine, theirs, expected):
    assert opposite_words(mine, theirs) == expected
    assert opposite_words(theirs, mine) == [(b, a) for a, b in expected]


@pytest.mark.parametrize("mine, theirs", [
    ("The talks lasted five hours on Sunday.", "The talks lasted five hours on Sunday."),  # the same words
    ("Prices rose in March, and fell in April.", "Prices fell in April after they rose in March."),  # both say both
    ("The crash left a woman dead.", "A woman killed in the crash might be alive if the driver had stopped."),  # "killed" says "dead"
    ("Shares rose.", "Profits fell sharply at the bank last year."),  # too little in common to be one statement
    ("The council voted for the plan.", "The council members argued for hours against the plan."),  # "for" not a vote there
    # something else changed too: two facts, not one told two ways
    ("Senator Brown voted for the bill.", "Senator Green voted against the bill."),
    ("The firm set up a plant in Ohio.", "The firm shut down a plant in Texas."),
    ("The talks began early on Monday.", "The talks ended late on Monday."),
    ("Oil prices were up on Tuesday.", "Gas prices were down on Tuesday, but oil prices were up."),
])
def test_no_opposite_where_the_texts_do_not_say_opposite_things(mine, theirs):
    assert opposite_words(mine, theirs) == []


def _report(*texts):
    return compare([Article(id=f"s{i}", text=text) for i, text in enumerate(texts)])


def test_reports_of_opposite_votes_conflict_instead_of_agreeing():
    report = _report(COUNCIL_FOR, COUNCIL_AGAINST)
    by_text = {v.claim.text: v for v in report.claims}
    vote = by_text["The city council voted for the new housing plan on Tuesday, officials said."]
    assert vote.verdict == "conflicting"
    (conflict,) = vote.conflicts
    assert conflict.type == "negation" and "‘voted for’" in conflict.detail and "‘voted against’" in conflict.detail
    assert COUNCIL_AGAINST[conflict.start : conflict.end] == conflict.text and "voted against" in conflict.text
    reaction = by_text["Mayor Anna Berg welcomed the decision."]
    assert reaction.verdict == "conflicting" and "criticised" in reaction.conflicts[0].detail
    assert by_text["Mayor Anna Berg"].verdict == "corroborated"  # who she is, both reports agree on


def test_a_name_is_no_evidence_of_what_its_bearer_did():
    """"Mayor Anna Berg resigned" is not borne out by a report that only names Mayor Anna Berg, nor by one of its
    sentences about her that says something else; that she was there is."""
    source = "Mayor Anna Berg opened the new library on Friday. Hundreds of residents attended the ceremony."
    report = _report("Mayor Anna Berg resigned.", source)
    (resigned,) = [v for v in report.claims if v.claim.text == "Mayor Anna Berg resigned."]
    assert resigned.verdict == "single_source" and not resigned.support
    report = _report("Mayor Anna Berg attended as well.", source)
    (there,) = [v for v in report.claims if v.claim.text == "Mayor Anna Berg attended as well."]
    assert there.verdict == "corroborated"


def test_an_audited_rewrite_that_flips_the_vote_is_contradicted():
    from corroborator.auditing import audit

    result = audit(Article(id="draft", text=COUNCIL_AGAINST), [Article(id="wire", text=COUNCIL_FOR)])
    vote = next(v for v in result.claims if "voted against" in v.claim.text and v.claim.kind == "statement")
    assert vote.verdict == "contradicted" and vote.basis == "conflict"
    assert any("voted for" in c.detail for c in vote.conflicts)


def test_a_line_that_only_dates_the_article_is_no_claim():
    """Datelines look alike to the embedding whatever their dates say ("UPDATED: THURSDAY, MARCH 14" was
    corroborated by "UPDATED: WEDNESDAY, MARCH 13"); the dates stay in the dates table."""
    mine = "UPDATED: THURSDAY, MARCH 14, 2013, 9:31 AM\n\nPolice arrested 14 people on Thursday, March 14, 2013."
    theirs = "UPDATED: WEDNESDAY, MARCH 13, 2013, 2:30 AM\n\nSunday, March 17, 2013 | 5:00 PM\n\nPolice arrested 14 people."
    report = _report(mine, theirs)
    texts = [v.claim.text for v in report.claims]
    assert texts == ["Police arrested 14 people on Thursday, March 14, 2013.", "Police arrested 14 people."]
    assert "2013-03-17" in {row["value"] for row in report.tables["dates"]}


QUOTE = '"This is already a compromise on our part," {} said on Monday after the talks in Berlin.'


@pytest.mark.parametrize("theirs, verdict", [
    ("Merz", "conflicting"),  # the same words put in another's mouth
    ("President Zelensky", "corroborated"),  # the same speaker, named otherwise
    ("a spokesman", "corroborated"),  # not named: may be the same person
])
def test_a_quote_is_corroborated_only_in_its_speakers_mouth(theirs, verdict):
    report = _report(QUOTE.format("Zelensky"), QUOTE.format(theirs))
    (quote,) = [v for v in report.claims if v.claim.kind == "quote" and v.claim.source == "s0"]
    assert quote.verdict == verdict, quote
    if verdict == "conflicting":
        (conflict,) = quote.conflicts
        assert conflict.type == "quote" and "said by Zelensky vs Merz" in conflict.detail


def test_an_audited_rewrite_that_moves_a_quote_to_another_speaker_is_contradicted():
    from corroborator.auditing import audit

    result = audit(Article(id="draft", text=QUOTE.format("Merz")), [Article(id="wire", text=QUOTE.format("Zelensky"))])
    (quote,) = [v for v in result.claims if v.claim.kind == "quote"]
    assert quote.verdict == "contradicted" and quote.basis == "conflict"


@pytest.mark.parametrize("mine, theirs, conflicting", [
    ("Police said the gun has not been recovered.", "Police said no gun has been recovered.", False),  # one denial, two wordings
    ("Officials said no damage was reported.", "Officials said there were no immediate reports of damage.", False),
    ("Police said the gun has been recovered.", "Police said the gun has not been recovered.", True),
    ("The downturn helped drive the trend, analysts said.", "The downturn did not help drive the trend, analysts said.", True),
    ("The dollar's decline has strengthened the yen.", "The dollar's decline has not strengthened the yen.", True),  # "decline" denies nothing
    # a window whose other sentence denies something else: "be" is negated there, not in the claim's place
    ("The deal will be approved by shareholders.", "It may not be in their interest. The deal will be approved by shareholders.", False),
])
def test_a_negation_conflict_needs_one_side_to_deny_what_the_other_states_in_the_same_place(mine, theirs, conflicting):
    found = [c for c in _conflicts_between(mine, theirs, piece_whole=True) if c.type == "negation"]
    assert bool(found) is conflicting, found


def _conflicts_between(mine: str, theirs: str, kind: str = "statement", piece_whole: bool = False):
    """The conflicts of the first claim of ``mine`` against the first of ``theirs`` (or all of it, as a window)."""
    from corroborator.conflicts import find_conflicts
    from corroborator.pipeline import analyse_cached

    own, other = analyse_cached([Article(id="a", text=mine), Article(id="b", text=theirs)])
    claim = next(c for c in own.claims if c.kind == kind)
    piece = Evidence(start=0, end=len(theirs), text=theirs, source="b", score=1.0) if piece_whole else next(c for c in other.claims if c.kind == kind)
    return find_conflicts(claim, own, piece, other, quote_overlap=lambda a, b: 1.0)


@pytest.mark.parametrize("kind, mine, theirs, expected", [
    # someone else in the same fact
    ("entity", "Analyst Tim Luke said the merger would add debt.", "Analyst Jon Peddie said the merger would add debt.", ("Tim Luke", "Jon Peddie")),
    # two analysts saying different things: not the same fact with another name in it
    ("entity", "Analyst Tim Luke said the merger would add debt.", "Analyst Jon Peddie expects graphics sales to grow.", None),
    ("number", "Earl Clark scored 22 points as Louisville beat Villanova.", "Earl Clark scored 25 points as Louisville beat Villanova.", ("22", "25")),
    # two players' figures, though the sentences share the teams
    ("number", "Tyler Hansbrough scored 24 points as North Carolina beat Miami.", "Deon Thompson scored 15 points as North Carolina beat Miami.", None),
])
def test_a_typed_conflict_is_the_same_fact_told_otherwise(kind, mine, theirs, expected):
    found = [c for c in _conflicts_between(mine, theirs) if c.type == kind]
    assert bool(found) is (expected is not None), found
    if expected:
        assert all(word in found[0].detail for word in expected), found[0].detail


@pytest.mark.parametrize("mine, theirs, inverted", [
    # a one-word quote found in running text is a term; the denial in that sentence is about something else
    ('"Shim," the engineer said of the fix released on Tuesday.',
     "The engineer said the shim, which Microsoft would not ship, was the fix released on Tuesday.", False),
    # a short quotation against a quotation of the same words, negated: inverted
    ('"Not guilty," Smith told the court on Tuesday.', '"Guilty," Smith told the court on Tuesday.', True),
])
def test_a_short_quote_is_inverted_only_by_a_quotation(mine, theirs, inverted):
    report = _report(mine, theirs)
    (quote,) = [v for v in report.claims if v.claim.kind == "quote" and v.claim.source == "s0"]
    assert (quote.verdict == "conflicting") is inverted, quote
    if inverted:
        assert any("(inverted)" in c.detail for c in quote.conflicts)


@pytest.mark.parametrize("mine, theirs, conflicting", [
    ("German Chancellor", "Foreign Minister", True),  # two offices of state
    ("former President", "Ukrainian President", True),  # the same office, held no longer
    ("Team president", "General manager", False),  # titles one person holds together
    ("SeaMicro CEO", "founder", False),
    ("Assistant general manager", "the team's assistant general manager and senior vice president", False),  # "vice" is another title's
])
def test_roles_conflict_only_when_one_person_cannot_hold_both(mine, theirs, conflicting):
    from corroborator.conflicts import role_conflict

    assert bool(role_conflict(mine, theirs)) is conflicting
    assert bool(role_conflict(theirs, mine)) is conflicting


def test_a_dateline_dates_the_article_not_the_event():
    from corroborator.analyse.dates import in_dateline
    from corroborator.conflicts import date_conflicts

    event = "Aircraft bombed the Yida refugee camp on November 10, 2011, aid workers said."
    dated = "UNHCR condemns air attack on Yida refugee camp\n11 November 2011\n\nAircraft bombed the camp, aid workers said."
    (line_date,) = _dates(dated)
    (event_date,) = _dates(event)
    assert in_dateline(line_date, dated) and not in_dateline(event_date, event)
    assert date_conflicts([event_date], [line_date], (event, dated)) == []
    later = event.replace("November 10", "November 12")
    assert date_conflicts([event_date], _dates(later), (event, later))  # the event's own dates still conflict


def _dates(text):
    from corroborator.pipeline import analyse_cached

    (analysis,) = analyse_cached([Article(id="d", text=text)])
    return [m for m in analysis.mentions if m.kind == "date"]


@pytest.mark.parametrize("mine, theirs, kind, detail", [
    # one sentence told twice with one thing put for another: a conflict whatever the analysis makes of the words
    ("Turkcell's deal is the second Turkish investment in Iran to run into trouble, analysts said.",
     "Turkcell's deal is the second Turkish investment in Syria to run into trouble, analysts said.", "entity", "Iran vs Syria"),
    ("The survey balance was 22, down from 26 in September, the central bank said.",
     "The survey balance was 16, down from 26 in September, the central bank said.", "number", "22 vs 16"),
    ("Disney paid for a car and driver for former director Thomas Murphy, the filing showed.",
     "Disney paid for a car and driver for director Thomas Murphy, the filing showed.", "role", "former director"),
    ("The left-wing vice president is reviewing land ownership in the country, officials said.",
     "The left-wing president is reviewing land ownership in the country, officials said.", "role", "vice president"),
    ("Global output is tipped to grow 4.1% this year, economists said.",
     "Global output is tipped to grow 3.4% this year, economists said.", "number", "4.1"),  # one number, two tokens
    ("The opposition leader fled to Niger on Monday, officials said.",
     "The opposition leader fled to Nigeria on Monday, officials said.", "entity", "Niger vs Nigeria"),  # no alias
    ("Fighting broke out in South Sudan on Friday, the UN said.",
     "Fighting broke out in Sudan on Friday, the UN said.", "entity", "South Sudan vs Sudan"),  # another country
])
def test_a_copied_sentence_with_one_thing_changed_conflicts(mine, theirs, kind, detail):
    found = [c for c in _conflicts_between(mine, theirs) if c.type == kind]
    assert found and detail in found[0].detail, _conflicts_between(mine, theirs)


@pytest.mark.parametrize("mine, theirs", [
    ("The deal was approved by the United States, officials said on Monday.", "The deal was approved by the US, officials said on Monday."),
    ("Sales in Britain rose by 4% last year, the company said.", "Sales in the UK rose by 4% last year, the company said."),
    ("That brought to 49 the number of banks Mr Bondi has sued, lawyers said.", "That brought to 49 the number of banks Enrico Bondi has sued, lawyers said."),
    ("The minister said the plan would go ahead, officials said.", "The minister told reporters the plan would go ahead, officials said."),
    ("The U.S. imposed new sanctions on Iran on Monday.", "The United States imposed new sanctions on Iran on Monday."),
    ("The company will cut about 200 jobs in Ohio, it said.", "The company will cut about 210 jobs in Ohio, it said."),  # within reach
    ("The company cut 200 jobs in Ohio, officials said.", "The company cut 300 jobs in Texas, officials said."),  # two things: maybe two events
    ("The tax cut not only helped drive growth but also cut debt.", "The tax cut helped drive growth and cut debt."),  # "not only" adds
])
def test_a_copied_sentence_with_another_name_for_the_same_thing_agrees(mine, theirs):
    assert _conflicts_between(mine, theirs) == []


@pytest.mark.parametrize("mine, theirs, expected", [
    ("Ms Hewitt said the plans would be paid for by employers, not taxpayers.",
     "Ms Hewitt also stressed the plans would be paid for by taxpayers, not employers.", [("employers", "taxpayers")]),
    ("Chelsea beat Arsenal 2-1 on Sunday.", "Arsenal beat Chelsea 2-1 on Sunday.", [("chelsea", "arsenal")]),
    ("The firm moved from Paris to Berlin last year.", "The firm moved from Berlin to Paris last year.", [("paris", "berlin")]),
    ("Merz met Zelensky in Berlin on Sunday.", "Zelensky met Merz in Berlin on Sunday.", []),  # order does not matter
    ("The group was alerted to the fire by an alarm.",
     "Mr Steele said the fire was lit at the entrance as a small group of women were working.", []),  # two statements
])
def test_two_words_in_each_others_place_are_found_where_order_matters(mine, theirs, expected):
    from corroborator.analyse.opposites import swapped_words

    assert swapped_words(mine, theirs) == expected


def test_a_swap_where_order_matters_is_a_conflict():
    report = _report("Chelsea beat Arsenal 2-1 at Stamford Bridge on Sunday, the league said.",
                     "Arsenal beat Chelsea 2-1 at Stamford Bridge on Sunday, the league said.")
    details = {(c.type, c.detail) for v in report.claims for c in v.conflicts}
    assert ("entity", "‘Chelsea’ and ‘Arsenal’ change places") in details


def test_a_claim_the_other_source_repeats_word_for_word_is_not_contradicted_by_its_neighbours():
    # The other source says it too; a sentence beside it about other talks is no contradiction of it.
    copied = "The talks between the two delegations lasted five hours on Sunday, officials said."
    other = ("The talks between the two delegations lasted five hours on Sunday, officials said. "
             "Earlier talks between the two delegations lasted three hours, officials said.")
    report = _report(copied, other)
    (mine,) = [v for v in report.claims if v.claim.source == "s0" and v.claim.kind == "statement"]
    assert mine.verdict == "corroborated" and not mine.conflicts, mine.conflicts


@pytest.mark.parametrize("claim", [
    "General Alexus Grynkewich, NATO Supreme Allied Commander Europe, chaired the talks.",
    "General Alexus Grynkewich, NATO Supreme Allied Commander Europe, led the delegation at the talks.",
])
def test_being_there_does_not_bear_out_what_else_a_claim_says_of_someone(example_articles, claim):
    source = next(a for a in example_articles if a.id.startswith("002"))
    report = compare([Article(id="rewrite", text=claim), source])
    (statement,) = [v for v in report.claims if v.claim.source == "rewrite" and v.claim.kind == "statement"]
    assert statement.verdict != "corroborated", statement.support
    attended = compare([Article(id="rewrite", text="General Alexus Grynkewich, NATO Supreme Allied Commander "
                                                     "Europe, also attended the talks."), source])
    (statement,) = [v for v in attended.claims if v.claim.source == "rewrite" and v.claim.kind == "statement"]
    assert statement.verdict == "corroborated"


@pytest.mark.parametrize("a, b, conflict", [
    ("Health Secretary", "Trade and Industry Secretary", True),  # two portfolios
    ("Foreign Minister", "Defence Minister", True),
    ("Trade and Industry Secretary", "Industry Secretary", False),  # one of them named in part
    ("British Foreign Secretary", "Foreign Secretary", False),  # a nationality is no portfolio
    ("Secretary of State", "US Secretary of State", False),
    ("chief executive", "chairman and chief executive", False),
])
def test_a_minister_or_secretary_of_another_portfolio_is_another_role(a, b, conflict):
    from corroborator.conflicts import role_conflict

    assert (role_conflict(a, b) is not None) == conflict
    assert (role_conflict(b, a) is not None) == conflict


@pytest.mark.parametrize("mine, theirs", [
    ("Fiat did not comment on the report on Tuesday, a spokesman said.",
     "Fiat has yet to comment on the report on Tuesday, a spokesman said."),
    ("The two sides did not agree on a ceasefire in Berlin on Monday.",
     "The two sides failed to agree on a ceasefire in Berlin on Monday."),
])
def test_not_yet_and_failed_to_deny_as_not_does(mine, theirs):
    from corroborator.analyse.negation import has_negation_word

    report = _report(mine, theirs)
    assert not [c for v in report.claims for c in v.conflicts], [(v.claim.text, v.conflicts) for v in report.claims]
    assert has_negation_word("The firm has failed to make money") and not has_negation_word("The firm has not failed to make money")


@pytest.mark.parametrize("mine, theirs", [
    ("The two sides agreed on a ceasefire in Berlin on Monday.", "The two sides failed to agree on a ceasefire in Berlin on Monday."),
    ("Fiat commented on the report on Tuesday, a spokesman said.", "Fiat has yet to comment on the report on Tuesday, a spokesman said."),
])
def test_done_against_failed_to_or_yet_to_conflicts(mine, theirs):
    report = _report(mine, theirs)
    assert {c.type for v in report.claims for c in v.conflicts} == {"negation"}

