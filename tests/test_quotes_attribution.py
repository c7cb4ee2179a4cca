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


def test_modified_office_is_not_taken_for_the_person_the_passage_is_about(nlp):
    text = ("Martin Mubanga plans to sue the government. Mr Mubanga, 32, said he was badly treated. "
            'The home secretary said he would not order "an investigation".')
    assert speakers(nlp, text)["an investigation"] != "Martin Mubanga"


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


def test_a_statement_calling_someone_something_is_its_issuers_words(nlp):
    text = 'The Actors\' Equity Association issued a statement calling Davis "an icon in the American theatre".'
    assert speakers(nlp, text)["an icon in the"] != "Davis"



def test_a_closing_mark_after_a_hyphen_closes_a_rating():
    from corroborator.analyse.quotes import quote_spans

    text = "Its rating is now one notch below investment grade, which starts at 'BBB-'. The rupee rose."
    assert [text[s:e] for s, e in quote_spans(text)] == ["BBB-"]


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


# Each row: a passage, the first words of one of its quotes, the speaker it must get; the id names the rule.
SPEAKER_CASES = [
    pytest.param(
        'Tory co-chairman Liam Fox spoke after Mr Blair told members about the plans. '
        'The Tory co-chairman described the plans as "vacuous".',
        'vacuous', 'Liam Fox',
        id='hyphenated_title_resolves_to_the_person_it_was_used_of',
    ),
    pytest.param(
        "The Bishop of Durham, the Rt Rev Dr Tom Wright, reviewed the novel. "
        'Despite enjoying Dan Brown\'s plot, the Bishop said: "The history is lousy."',
        'The history is lousy', 'Tom Wright',
        id='title_is_matched_in_the_names_own_phrase_not_a_name_nearby',
    ),
    pytest.param(
        "The Bishop of Durham, the Rt Rev Dr Tom Wright, wrote about Jesus. The gospels are reliable, "
        'according to the Bishop. "The evidence for Jesus is good," he said.',
        'The evidence for Jesus', 'Tom Wright',
        id='a_pronoun_after_according_to_a_title_is_that_person',
    ),
    pytest.param(
        "Britain's Jason Gardener won the 60m in Leipzig. Gardener clocked 6.56 seconds to beat Marc Blume. "
        'The world indoor champion said: "I almost went home."',
        'I almost went home', 'Jason Gardener',
        id='modified_epithet_is_the_person_the_passage_is_about',
    ),
    pytest.param(
        'Sir Digby Jones warned the chancellor about the Budget. Sir Digby added: "Please do not give it away."',
        'Please do not give', 'Digby Jones',
        id='a_knight_goes_by_his_first_name',
    ),
    pytest.param(
        "The judges called Guy's My Heart is My Own: The Life of Mary Queen of Scots "
        '"an impressive and readable piece of scholarship".',
        'an impressive and readable', 'judges',
        id='call_with_a_long_object_names_the_fragment',
    ),
    pytest.param(
        "The Ugandan Media Council banned the play on Friday. "
        '"The play promotes illegal acts," the council\'s ruling said.',
        'The play promotes illegal', 'Ugandan Media Council',
        id='the_noun_of_an_organisation_named_before_is_that_organisation',
    ),
    pytest.param(
        "Bafta-winning artists Langlands & Bell have created a model of the cellars. "
        '"The river was integral to the city," said the artists.',
        'The river was integral', 'Langlands & Bell',
        id='a_plural_description_is_the_group_it_was_used_of',
    ),
    pytest.param(
        'Gillian Shepherd remembered how one of her male colleagues called all women "Betty".',
        'Betty', 'male colleague',
        id='one_of_a_group_is_a_member_of_it',
    ),
    pytest.param(
        'The plot of the novel is "laughable", a clergyman has said.\n'
        'Tom Wright, the Bishop of Durham, wrote a review. "It is lousy history," Mr Wright said. '
        '"The evidence is good," Mr Wright added.',
        'laughable', 'Tom Wright',
        id='a_lead_that_withholds_the_name_goes_to_the_person_the_body_quotes',
    ),
    pytest.param(
        'His claims were denied by Foreign Secretary Jack Straw, who accused the Tories of "running scared".',
        'running scared', 'Jack Straw',
        id='a_relative_clause_speaker_is_the_name_it_hangs_from',
    ),
    pytest.param(
        'Economy Minister Wolfgang Clement called the dip in the index "a very mild decline".',
        'a very mild decline', 'Wolfgang Clement',
        id='an_object_of_a_naming_verb_is_never_the_speaker',
    ),
    pytest.param(
        "Tory leader Michael Howard spoke about immigration. Ms Robinson, a friend of the Tory leader, "
        "praised him. The Tory leader described the criticism as \"absolutely rubbish\".",
        'absolutely rubbish', 'Michael Howard',
        id='a_friend_of_a_title_holder_is_not_that_title_holder',
    ),
    pytest.param(
        '"The FDI relaxation could really ignite interest in the industry," added Ernst and Young\'s '
        'Sanjay Mehta.',
        'The FDI relaxation could', 'Sanjay Mehta',
        id='a_person_inside_the_noun_phrase_after_the_verb_is_the_speaker',
    ),
    pytest.param(
        "Microsoft has said it will replace 14 million power cables. The firm said few consoles had failed. "
        "The recall affects almost three quarters of all Xboxes sold. "
        'In a statement, it added: "Any damage was contained within the console itself."',
        'Any damage was contained', 'Microsoft',
        id='it_is_an_organisation_not_any_noun',
    ),
    pytest.param(
        "Microsoft has said it will replace more than 14 million power cables for its Xbox consoles. "
        'The company said the move was a "preventative step" after reports of fire hazards.',
        'preventative step', 'Microsoft',
        id='the_company_is_the_organisation_named_as_a_subject_before',
    ),
    pytest.param(
        'Lib Dem spokesman Mark Oaten said: "There is a lot of talking left." A spokeswoman for Human Rights '
        'Watch said it was a "basic principle" that people should be tried. '
        'She added: "A judge imposing punishments without a trial does not sanitise them."',
        'A judge imposing punishments', 'spokeswoman',
        id='she_after_an_unnamed_spokeswoman_is_the_spokeswoman',
    ),
    pytest.param(
        "Novelist Arthur Hailey has died at 84. Hailey was born in Luton. Hailey's first novel sold well. "
        "Hailey's book was filmed in 1970, starring Burt Lancaster, Dean Martin and Jacqueline Bisset. "
        'The writer was known for his painstaking research. "I have never been able to write quickly," he once said.',
        'I have never been', 'Arthur Hailey',
        id='the_writer_is_the_person_the_article_names_most',
    ),
    pytest.param(
        "The film shows Mr Howard laughing at an impression of him as Dracula. "
        "The film shows the Tory leader playing table tennis with his wife, ex-model Sandra. "
        'Asked if she enjoys ping pong she confesses: "Yeah, it would be more enjoyable if I could win."',
        'Yeah, it would be', 'Sandra',
        id='a_name_in_apposition_to_wife_is_a_person',
    ),
    pytest.param(
        "The month-old Committee to Protect Bloggers is asking bloggers to help. "
        'The Committee has deemed Tuesday "Free Mojtaba and Arash Day" as part of its first campaign.',
        'Free Mojtaba and Arash', 'Committee to Protect Bloggers',
        id='a_short_organisation_name_is_the_full_one_named_before',
    ),
    pytest.param(
        'Party leader Nicola Sturgeon wrote to Mr McConnell on Tuesday, accusing him of an error of judgement. '
        'In a furious response, the first minister said his comments had been distorted. '
        'He told Ms Sturgeon: "That is completely untrue."',
        'That is completely untrue', 'McConnell',
        id='a_title_inside_a_name_gives_its_gender',
    ),
    pytest.param(
        '"A decision is now expected by around mid-March," said one of their lawyers, Michalis Dimitrakopoulos.',
        'A decision is now', 'Michalis Dimitrakopoulos',
        id='one_of_a_group_with_a_name_in_apposition_is_that_person',
    ),
    pytest.param(
        '"All forms of digital content will be converged," said Ken Kutaragi, chief operating officer of Sony, '
        'said last year.',
        'All forms of digital', 'Ken Kutaragi',
        id='a_speech_verb_written_twice_has_the_subject_of_the_second',
    ),
    pytest.param(
        'The portrait is of a young man who was dubbed "the noble savage" when he arrived in London from Polynesia.',
        'the noble savage', None,
        id='the_subject_of_a_passive_naming_verb_is_no_speaker',
    ),
    pytest.param(
        'Another current member of the Cabinet says she was told: "Oh, you have had a very fast rise."',
        'Oh, you have had', 'current member',
        id='a_passive_speech_verb_reported_by_someone_is_theirs',
    ),
    pytest.param(
        "Cara Diemont of Dimension Data led the survey. One possible reason, Ms Diemont says, is that more "
        "customers are calling 'on the move' using their mobile phones.",
        'on the move', 'Cara Diemont',
        id='calling_with_nothing_named_is_a_phone_call_not_speech',
    ),
    pytest.param(
        'Vincent Cable, for the Liberal Democrats, called on Mr Brown to open up the books, to see if he had met '
        'his "golden rule".',
        'golden rule', 'Vincent Cable',
        id='called_on_is_a_demand_by_its_subject',
    ),
    pytest.param(
        'But calls for a shift in policy have fallen on deaf ears, despite comments in a major Chinese newspaper '
        'that the "time is ripe" for a change.',
        'time is ripe', 'major Chinese newspaper',
        id='calls_for_as_a_noun_is_no_speech_verb',
    ),
    pytest.param(
        'Cara Diemont of Dimension Data led the survey. Suggestions that "outsourcing" is to blame are wrong, '
        'Ms Diemont says.\nThere are "no big differences in wait time" between call centres in Europe and in '
        'India. "You can make call centres perform anywhere," she says.',
        'no big differences in', 'Cara Diemont',
        id='a_verbless_fragment_between_two_quotes_of_one_speaker_is_theirs',
    ),
    pytest.param(
        'Peers begin three days of debate on the bill on Thursday. The bill proposes "control orders", which '
        'could mean curfews.',
        'control orders', 'bill',
        id='propose_is_a_speech_verb',
    ),
]


@pytest.mark.parametrize(("text", "quote", "speaker"), SPEAKER_CASES)
def test_the_quote_goes_to_its_speaker(nlp, text, quote, speaker):
    assert speakers(nlp, text)[quote] == speaker
