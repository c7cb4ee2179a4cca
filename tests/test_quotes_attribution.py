"""Speaker attribution rules of corroborator.analyse.quotes, one small hand-written passage per rule."""

from __future__ import annotations

import pytest

from corroborator.analyse.quotes import find_quotes


@pytest.fixture(scope="module")
def nlp():
    from corroborator.analyse.nlp import load_nlp

    return load_nlp()


def speakers(nlp, text: str) -> dict[str, str | None]:
    """Quote words (first four) -> speaker."""
    return {" ".join(m.text.split()[:4]).strip(",."): m.attrs["speaker"] for m in find_quotes(nlp(text))}


def test_inverted_parenthetical_says_takes_the_subject_after_the_verb(nlp):
    got = speakers(nlp, 'The plan, says Acme Corp, is to build a "national network" of depots.')
    assert got["national network"] == "Acme Corp"


def test_hyphenated_title_resolves_to_the_person_it_was_used_of(nlp):
    text = ('Tory co-chairman Liam Fox spoke after Mr Blair told members about the plans. '
            'The Tory co-chairman described the plans as "vacuous".')
    assert speakers(nlp, text)["vacuous"] == "Liam Fox"


def test_title_is_matched_in_the_names_own_phrase_not_a_name_nearby(nlp):
    text = ("The Bishop of Durham, the Rt Rev Dr Tom Wright, reviewed the novel. "
            'Despite enjoying Dan Brown\'s plot, the Bishop said: "The history is lousy."')
    assert speakers(nlp, text)["The history is lousy"] == "Tom Wright"


def test_a_pronoun_after_according_to_a_title_is_that_person(nlp):
    text = ("The Bishop of Durham, the Rt Rev Dr Tom Wright, wrote about Jesus. The gospels are reliable, "
            'according to the Bishop. "The evidence for Jesus is good," he said.')
    assert speakers(nlp, text)["The evidence for Jesus"] == "Tom Wright"


def test_modified_epithet_is_the_person_the_passage_is_about(nlp):
    text = ("Britain's Jason Gardener won the 60m in Leipzig. Gardener clocked 6.56 seconds to beat Marc Blume. "
            'The world indoor champion said: "I almost went home."')
    assert speakers(nlp, text)["I almost went home"] == "Jason Gardener"


def test_modified_office_is_not_taken_for_the_person_the_passage_is_about(nlp):
    text = ("Martin Mubanga plans to sue the government. Mr Mubanga, 32, said he was badly treated. "
            'The home secretary said he would not order "an investigation".')
    assert speakers(nlp, text)["an investigation"] != "Martin Mubanga"


def test_a_knight_goes_by_his_first_name(nlp):
    text = ('Sir Digby Jones warned the chancellor about the Budget. Sir Digby added: "Please do not give it away."')
    assert speakers(nlp, text)["Please do not give"] == "Digby Jones"


def test_first_name_alone_is_not_matched_to_another_person(nlp):
    text = ("Liberal Democrat leader Charles Kennedy welcomed the news. "
            'Prince Charles met reporters. Charles said he was "absolutely delighted".')
    assert speakers(nlp, text)["absolutely delighted"] != "Charles Kennedy"


def test_a_closed_quote_between_two_speakers_continues_the_earlier_one(nlp):
    text = ('"Jobs are growing at a moderate pace," said Rick Egelton, an economist. '
            '"We are not getting the boost we expected." '
            '"The economy is producing moderate growth," said Ken Mayland of ClearView Economics.')
    got = speakers(nlp, text)
    assert got["We are not getting"] == "Rick Egelton"
    assert got["The economy is producing"] == "Ken Mayland"


def test_so_called_term_has_no_speaker(nlp):
    text = 'Barbara Follett, one of the so-called "Blair Babes" elected in 1997, told researchers: "It was hard."'
    got = speakers(nlp, text)
    assert got["Blair Babes"] is None
    assert got["It was hard"] == "Barbara Follett"


def test_call_with_a_long_object_names_the_fragment(nlp):
    text = ("The judges called Guy's My Heart is My Own: The Life of Mary Queen of Scots "
            '"an impressive and readable piece of scholarship".')
    assert speakers(nlp, text)["an impressive and readable"] == "judges"


def test_the_noun_of_an_organisation_named_before_is_that_organisation(nlp):
    text = ("The Ugandan Media Council banned the play on Friday. "
            '"The play promotes illegal acts," the council\'s ruling said.')
    assert speakers(nlp, text)["The play promotes illegal"] == "Ugandan Media Council"


def test_a_plural_description_is_the_group_it_was_used_of(nlp):
    text = ("Bafta-winning artists Langlands & Bell have created a model of the cellars. "
            '"The river was integral to the city," said the artists.')
    assert speakers(nlp, text)["The river was integral"] == "Langlands & Bell"


def test_one_of_a_group_is_a_member_of_it(nlp):
    text = 'Gillian Shepherd remembered how one of her male colleagues called all women "Betty".'
    assert speakers(nlp, text)["Betty"] == "male colleague"


def test_a_lead_that_withholds_the_name_goes_to_the_person_the_body_quotes(nlp):
    text = ('The plot of the novel is "laughable", a clergyman has said.\n'
            'Tom Wright, the Bishop of Durham, wrote a review. "It is lousy history," Mr Wright said. '
            '"The evidence is good," Mr Wright added.')
    assert speakers(nlp, text)["laughable"] == "Tom Wright"


def test_a_relative_clause_speaker_is_the_name_it_hangs_from(nlp):
    text = 'His claims were denied by Foreign Secretary Jack Straw, who accused the Tories of "running scared".'
    assert speakers(nlp, text)["running scared"] == "Jack Straw"


def test_a_statement_calling_someone_something_is_its_issuers_words(nlp):
    text = 'The Actors\' Equity Association issued a statement calling Davis "an icon in the American theatre".'
    assert speakers(nlp, text)["an icon in the"] != "Davis"


def test_an_object_of_a_naming_verb_is_never_the_speaker(nlp):
    text = 'Economy Minister Wolfgang Clement called the dip in the index "a very mild decline".'
    assert speakers(nlp, text)["a very mild decline"] == "Wolfgang Clement"


# ---- round 3 (issue #3): rules from the errors of the dev3 split

def test_a_closing_mark_after_a_hyphen_closes_a_rating():
    from corroborator.analyse.quotes import quote_spans

    text = "Its rating is now one notch below investment grade, which starts at 'BBB-'. The rupee rose."
    assert [text[s:e] for s, e in quote_spans(text)] == ["BBB-"]


def test_a_friend_of_a_title_holder_is_not_that_title_holder(nlp):
    text = ("Tory leader Michael Howard spoke about immigration. Ms Robinson, a friend of the Tory leader, "
            "praised him. The Tory leader described the criticism as \"absolutely rubbish\".")
    assert speakers(nlp, text)["absolutely rubbish"] == "Michael Howard"


def test_a_person_inside_the_noun_phrase_after_the_verb_is_the_speaker(nlp):
    text = ('"The FDI relaxation could really ignite interest in the industry," added Ernst and Young\'s '
            'Sanjay Mehta.')
    assert speakers(nlp, text)["The FDI relaxation could"] == "Sanjay Mehta"


def test_a_title_given_by_called_has_no_speaker(nlp):
    text = "Mr Howard, the Tory leader, spoke frankly. His comments come in a BBC documentary called 'No More Mr Nasty'."
    assert speakers(nlp, text)["No More Mr Nasty"] is None


def test_a_weak_verb_reporting_a_clause_counts_however_far_from_the_quote(nlp):
    text = ("A national body should be set up, a committee of MPs has said. There was an \"absolute crisis\" in the "
            "recruitment of statisticians and other experts, the Commons science and technology committee added.")
    assert speakers(nlp, text)["absolute crisis"].endswith("committee")


def test_it_said_does_not_point_into_the_clause_it_reports(nlp):
    text = ("There was a crisis in recruitment, the Commons science and technology committee added. "
            '"Major problems" are expected over the next 10 years as the social science workforce continues to '
            "age, it said.")
    assert speakers(nlp, text)["Major problems"].endswith("committee")


def test_it_is_an_organisation_not_any_noun(nlp):
    text = ("Microsoft has said it will replace 14 million power cables. The firm said few consoles had failed. "
            "The recall affects almost three quarters of all Xboxes sold. "
            'In a statement, it added: "Any damage was contained within the console itself."')
    assert speakers(nlp, text)["Any damage was contained"] == "Microsoft"


def test_the_company_is_the_organisation_named_as_a_subject_before(nlp):
    text = ("Microsoft has said it will replace more than 14 million power cables for its Xbox consoles. "
            'The company said the move was a "preventative step" after reports of fire hazards.')
    assert speakers(nlp, text)["preventative step"] == "Microsoft"


def test_she_after_an_unnamed_spokeswoman_is_the_spokeswoman(nlp):
    text = ('Lib Dem spokesman Mark Oaten said: "There is a lot of talking left." A spokeswoman for Human Rights '
            'Watch said it was a "basic principle" that people should be tried. '
            'She added: "A judge imposing punishments without a trial does not sanitise them."')
    assert speakers(nlp, text)["A judge imposing punishments"] == "spokeswoman"


def test_the_writer_is_the_person_the_article_names_most(nlp):
    text = ("Novelist Arthur Hailey has died at 84. Hailey was born in Luton. Hailey's first novel sold well. "
            "Hailey's book was filmed in 1970, starring Burt Lancaster, Dean Martin and Jacqueline Bisset. "
            'The writer was known for his painstaking research. "I have never been able to write quickly," he once said.')
    assert speakers(nlp, text)["I have never been"] == "Arthur Hailey"


def test_a_name_in_apposition_to_wife_is_a_person(nlp):
    text = ("The film shows Mr Howard laughing at an impression of him as Dracula. "
            "The film shows the Tory leader playing table tennis with his wife, ex-model Sandra. "
            'Asked if she enjoys ping pong she confesses: "Yeah, it would be more enjoyable if I could win."')
    assert speakers(nlp, text)["Yeah, it would be"] == "Sandra"


def test_a_short_organisation_name_is_the_full_one_named_before(nlp):
    text = ("The month-old Committee to Protect Bloggers is asking bloggers to help. "
            'The Committee has deemed Tuesday "Free Mojtaba and Arash Day" as part of its first campaign.')
    assert speakers(nlp, text)["Free Mojtaba and Arash"] == "Committee to Protect Bloggers"
