"""Typed conflicts between a claim and a related piece of another source: numbers, dates, people (names, and the
gender of a pronoun in a copied statement), roles, quotes, negation. Each check compares the structured mentions (``Analysis.mentions``) inside the claim with those inside
the piece and says what differs ("five-hour vs three-hour"). Callers only ask about pieces similar enough to the
claim to be about the same fact; the checks themselves stay conservative (a false conflict costs a reader more
than a missed one).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Callable, Iterable, Protocol

from .analyse.dates import MONTH_PATTERN, MONTH_WORDS, WEEKDAYS, dates_conflict, in_dateline
from .analyse.negation import has_negation_word, only_adds, same_polarity
from .analyse.numbers import numbers_conflict, same_share
from .analyse.opposites import local_opposites, opposite_words, swapped_words
from .analyse.people import TITLE_HEADS, TITLE_SHIFTERS, surname_of
from .analyse.sentences import text_sentences
from .analyse.specifics import FUNCTION_WORDS, content_words, specifics
from .copyedits import MAX_NAME_RUN, MAX_SWAPS, MIN_WORDS, as_written, copy_swaps, gender_swaps
from .model import Analysis, Claim, Conflict, ConflictType, Mention

_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*")


class Spanned(Protocol):
    start: int
    end: int
    text: str


def _in(mentions: Iterable[Mention], kind: str) -> list[Mention]:
    return [m for m in mentions if m.kind == kind]


def _conflict(kind: ConflictType, piece: Spanned, other: Analysis, detail: str) -> Conflict:
    return Conflict(start=piece.start, end=piece.end, text=piece.text, source=other.article.id, type=kind, detail=detail)


# --- numbers and dates -------------------------------------------------------------------------------------------

_CONTEXT_WORD = re.compile(r"[a-z0-9]+")


CONTEXT_BEFORE, CONTEXT_AFTER = 4, 3  # words: what a value qualifies sits next to it ("five-hour meeting on")


def _context(m: Mention, text: str, width: int = 60) -> tuple[set[str], set[str]]:
    """Content words just before and just after a value."""
    before = _CONTEXT_WORD.findall(text[max(0, m.start - width) : m.start].lower())[-CONTEXT_BEFORE:]
    after = _CONTEXT_WORD.findall(text[m.end : m.end + width].lower())[:CONTEXT_AFTER]
    return _content(before), _content(after)


def _content(words: list[str]) -> set[str]:
    return {w for w in words if w.isalpha() and len(w) > 2 and w not in FUNCTION_WORDS}


def _shared_context(a: Mention, b: Mention, texts: tuple[str, str]) -> int:
    """Content words two values share around them, a word on the same side counting double. The counted noun is
    not one of them: values compared share it already ("killed 3 people" / "40 people were evacuated")."""
    (before_a, after_a), (before_b, after_b) = _context(a, texts[0]), _context(b, texts[1])
    counted = _counted_words(a) | _counted_words(b)
    before_a, after_a, before_b, after_b = (words - counted for words in (before_a, after_a, before_b, after_b))
    same_side = len(before_a & before_b) + len(after_a & after_b)
    # "half of the respondents" / "30% of respondents": the group they are shares of is their context.
    return 2 * same_side + len((before_a & after_b) | (after_a & before_b)) + same_share(a, b)


def _counted_words(m: Mention) -> set[str]:
    unit = str(m.attrs.get("unit") or "")
    return {unit, unit + "s", unit + "es"} if unit.isalpha() else set()


def _paired_conflicts(mine: list[Mention], theirs: list[Mention], texts: tuple[str, str], clash: Callable[[Mention, Mention], str | None], same_slot: Callable[[Mention, Mention], bool]) -> list[str]:
    """Values conflict only when each side has a value the other side lacks: "on Monday, after talks on Sunday" is
    not contradicted by "on Sunday". Unmatched values are paired one to one, those sharing most of the words
    around them first ("five-hour meeting on Saturday" with "five-hour discussions on Sunday", not with "second
    day ... on Monday")."""

    def unmatched(side: list[Mention], rivals: list[Mention]) -> list[Mention]:
        return [a for a in side if (r := [b for b in rivals if same_slot(a, b)]) and all(clash(a, b) for b in r)]

    lonely_mine, lonely_theirs = unmatched(mine, theirs), unmatched(theirs, mine)
    # One-to-one: the pairs sharing most surrounding words first, each value used once.
    # Values of different things ("a 3% rise in revenue" / "growth of around 5%") share no content word around them.
    pairs = sorted(
        ((shared, i, j) for i, a in enumerate(lonely_mine) for j, b in enumerate(lonely_theirs)
         if same_slot(a, b) and (shared := _shared_context(a, b, texts))),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    details = []
    for _, i, j in pairs:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            details.append(clash(lonely_mine[i], lonely_theirs[j]))
    return [d for d in details if d]


# A match report gives every player and team such figures: two are one figure only if both say whose it is.
STAT_UNITS = frozenset("""point yard rebound assist goal carry touchdown run wicket save tackle catch reception shot
    game match start appearance lap hit steal block""".split())


def _is_stat(m: Mention) -> bool:
    """A player's or team's figure ("24 points"), not a thing's size ("a 20-point plan")."""
    return m.attrs.get("unit") in STAT_UNITS and "-" not in m.text


def _may_match(a: Mention, b: Mention, key: str) -> bool:
    return a.attrs.get(key) is None or b.attrs.get(key) is None or a.attrs[key] == b.attrs[key]


def number_conflicts(mine: list[Mention], theirs: list[Mention], texts: tuple[str, str], years_apart: bool = False) -> list[str]:
    """Figures of one thing that cannot both be true; with ``years_apart``, not those of sentences that state
    different years (``_same_years``)."""
    years = {**_years_of_figures(mine, texts[0]), **_years_of_figures(theirs, texts[1])} if years_apart else {}

    def same_count(a: Mention, b: Mention) -> bool:
        """Same unit, and not two holders' figures ("Hansbrough had 24 points" / "Vaughn finished with 16"), nor
        counts of two groups ("3 people were killed" / "40 people were evacuated"), nor figures of two years."""
        unit = a.attrs.get("unit")
        holders_known = not (_is_stat(a) or _is_stat(b)) or None not in (a.attrs.get("holder"), b.attrs.get("holder"))
        return ((bool(unit) and unit == b.attrs.get("unit") or same_share(a, b)) and holders_known
                and bool(a.attrs.get("ordinal")) == bool(b.attrs.get("ordinal"))
                and bool(a.attrs.get("elapsed")) == bool(b.attrs.get("elapsed"))
                and _may_match(a, b, "holder") and _may_match(a, b, "act")
                and (not years or _same_years(years[id(a)], years[id(b)])))

    return _paired_conflicts(_in(mine, "number"), _in(theirs, "number"), texts, numbers_conflict, same_count)


def _years_of_figures(mentions: list[Mention], text: str) -> dict[int, tuple[set[str], set[str]]]:
    """For each figure (by id), the years its sentence states, and those it states or resolves ("on Tuesday" in a
    dated article)."""
    starts = _sentence_starts(text)
    dates = [(bisect_right(starts, m.start), m) for m in _in(mentions, "date") if _YEAR.match(str(m.value))]
    out = {}
    for figure in _in(mentions, "number"):
        here = [m for k, m in dates if k == bisect_right(starts, figure.start)]
        out[id(figure)] = ({str(m.value)[:4] for m in here if not m.attrs.get("relative")}, {str(m.value)[:4] for m in here})
    return out


@lru_cache(maxsize=64)  # asked for every claim-piece pair of a long article
def _sentence_starts(text: str) -> tuple[int, ...]:
    return tuple(start for start, _ in text_sentences(text))


def _same_years(a: tuple[set[str], set[str]], b: tuple[set[str], set[str]]) -> bool:
    """No year one figure's sentence states that the other's does not: "a quake struck off Aceh in 2004, sparking a
    tsunami that killed 170,000" is background to this quake's "Five people died", not a count of it; "In 2008,
    Klitschko stopped Thompson in the 11th round" is another fight than this one's sixth round."""
    return not (a[0] - b[1] or b[0] - a[1])


def date_conflicts(mine: list[Mention], theirs: list[Mention], texts: tuple[str, str]) -> list[str]:
    # A dateline dates the article, not the event: "11 November 2011" under a report of an attack on 10 November.
    dated_mine = [m for m in _in(mine, "date") if not in_dateline(m, texts[0])]
    dated_theirs = [m for m in _in(theirs, "date") if not in_dateline(m, texts[1])]
    return _paired_conflicts(dated_mine, dated_theirs, texts, dates_conflict, lambda a, b: True)


# --- people and roles --------------------------------------------------------------------------------------------

def _described(m: Mention, mentions: list[Mention]) -> bool:
    """Is this person only part of someone else's description ("son-in-law of former President Donald Trump")?"""
    return any(
        o is not m and o.attrs.get(f"{key}_start", -1) <= m.start < o.attrs.get(f"{key}_end", -1)
        for o in mentions for key in ("appositive", "role")
    )


def entity_conflicts(claim: Claim, mine: list[Mention], theirs: list[Mention], own: Analysis, other: Analysis, piece_text: str) -> list[str]:
    """The same fact with someone else in it: the claim names one person the other source never names, the piece
    names one person this source never names, and the rest of the claim is in the piece: everything else it
    names, and half its content words. (Without the words, any sentence naming one person would conflict with
    any other: "Mr Gunness said civilian deaths were inevitable" with "... pressure on Prime Minister Ehud Olmert".)"""
    if claim.kind not in {"statement", "clause"}:
        return []
    people_mine = [m for m in _in(mine, "person") if not _described(m, mine)]
    people_theirs = [m for m in _in(theirs, "person") if not _described(m, theirs)]
    missing_there = {surname_of(m.value): m for m in people_mine if surname_of(m.value) not in other.surnames and surname_of(m.value) in claim.keys}
    missing_here = {surname_of(m.value): m for m in people_theirs if surname_of(m.value) not in own.surnames}
    if len(missing_there) != 1 or len(missing_here) != 1:
        return []  # several unknown people on either side: a different fact, not a swapped name
    (_, a), = missing_there.items()
    (_, b), = missing_here.items()
    if _one_name_two_ways(a.value, b.value) or not (_full_name(a.value) and _full_name(b.value)):
        return []  # a name no report gives in full is as often a team, a place or a nickname ("Indy") as a person
    rest = claim.keys - {w.lower() for w in a.value.split()}
    if not rest <= specifics(piece_text) or not _shares_content(claim.text, piece_text):
        return []
    return [f"{a.value} vs {b.value}"]


def _full_name(name: str) -> bool:
    return len(name.split()) > 1


def _one_name_two_ways(a: str, b: str) -> bool:
    """"Vincent DelGiudice" and "Vincent Del Giudice"; "Lindsay Lohan" and, on first name terms, "Lindsay"."""
    if re.sub(r"[\s.\-'’]", "", a.lower()) == re.sub(r"[\s.\-'’]", "", b.lower()):
        return True
    short, full = sorted((a.split(), b.split()), key=len)
    return len(short) == 1 < len(full) and short[0].lower() == full[0].lower()


def title_words(role: str | None) -> list[str]:
    # "son-in-law of former President Donald Trump": what follows "of" describes someone else.
    role = (role or "").split(" of ")[0]
    return [w.lower() for w in _WORD.findall(role)]


# Offices of state one person does not hold together; other titles combine ("President and General Manager Ed
# Stefanski", "founder and CEO", "chief negotiator" and "Security Council Secretary"), so that two reports giving
# different ones is no contradiction.
STATE_OFFICES = frozenset("""president chancellor premier minister governor mayor senator congressman congresswoman
    king queen pope emir sultan monarch""".split())
# Who speaks for an organisation is not who runs it: "company spokesman Ravi Okon" / "chief executive Ravi Okon".
_SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson"})
_RUNS_IT = frozenset({"ceo", "chief", "chairman", "chairwoman", "president", "director", "founder", "minister", "secretary",
                      "governor", "mayor", "chancellor", "premier"})


def role_conflict(role_a: str | None, role_b: str | None) -> str | None:
    """Incompatible titles: two offices of state with none in common ("Chancellor" vs "Foreign Minister"), or the
    same title with a shifter on one side only ("former President" vs "President")."""
    words_a, words_b = title_words(role_a), title_words(role_b)
    heads_a, heads_b = set(words_a) & TITLE_HEADS, set(words_b) & TITLE_HEADS
    if not heads_a or not heads_b:
        return None
    common = heads_a & heads_b
    if not common:
        offices = heads_a & STATE_OFFICES and heads_b & STATE_OFFICES
        speaks_for = (heads_a <= _SPOKESPEOPLE and heads_b & _RUNS_IT) or (heads_b <= _SPOKESPEOPLE and heads_a & _RUNS_IT)
        return f"{role_a} vs {role_b}" if offices or speaks_for else None
    if _shifters(words_a, common) != _shifters(words_b, common):
        return f"{role_a} vs {role_b}"
    portfolios = [_portfolio(words, common) for words in (words_a, words_b)]
    if all(portfolios) and not portfolios[0] & portfolios[1]:
        return f"{role_a} vs {role_b}"  # "Health Secretary" vs "Trade and Industry Secretary"
    return None


PORTFOLIO_HEADS = frozenset({"secretary", "minister"})
_NATIONALITY = frozenset("us uk eu un french dutch swiss greek thai".split())


def _portfolio(words: list[str], heads: set[str]) -> set[str]:
    """The words naming a minister's or secretary's portfolio ("health" of "British Health Secretary")."""
    return {
        w for i, word in enumerate(words) if word in heads & PORTFOLIO_HEADS
        for w in words[max(0, i - SHIFTER_REACH) : i]
        if w not in TITLE_SHIFTERS and w not in FUNCTION_WORDS and w not in _NATIONALITY and w not in TITLE_HEADS
        and not w.endswith(("an", "ish", "ese"))
    }


SHIFTER_REACH = 3  # words before a title that shift it: "former US President", not "vice president" of another title


def _shifters(words: list[str], heads: set[str]) -> set[str]:
    """The shifters of these titles ("former" of "former US President"), not those of another title the role
    also names ("senior vice president" beside "assistant general manager")."""
    return {
        w for i, word in enumerate(words) if word in heads
        for w in words[max(0, i - SHIFTER_REACH) : i] if w in TITLE_SHIFTERS
    }


# Offices one person holds at a time: "German Chancellor X" and "German Chancellor Y" cannot both be right.
SINGLE_HOLDER_OFFICES = frozenset("""president chancellor premier prime king queen pope governor mayor emir sultan monarch
    secretary-general""".split())


def _office(role: str | None) -> tuple[str, ...] | None:
    """A role naming a single-holder office of a named country or body ("German Chancellor", "Russian President"),
    normalised ("U.S." = "US"); None for anything else ("President", "former President", "US envoy")."""
    words = tuple(re.sub(r"[.’']", "", (role or "").split(" of ")[0]).lower().split())
    if len(words) < 2 or not set(words) & SINGLE_HOLDER_OFFICES or set(words) & TITLE_SHIFTERS:
        return None
    return words


def office_holder_conflicts(person: Mention, theirs: Iterable[Mention]) -> list[tuple[Mention, str]]:
    """Someone else named in the same single-holder office: (their mention, "Friedrich Merz vs Olaf Scholz")."""
    office = _office(person.attrs.get("role"))
    if office is None:
        return []
    return [
        (m, f"{person.value} vs {m.value}")
        for m in theirs
        if m.kind == "person" and surname_of(m.value) != surname_of(person.value) and _office(m.attrs.get("role")) == office
    ]


def _full_role(m: Mention) -> str | None:
    parts = [p for p in (m.attrs.get("role"), m.attrs.get("appositive")) if p]
    return " ".join(parts) if parts else None


def role_conflicts(mine: list[Mention], theirs: list[Mention]) -> list[str]:
    details = []
    for a in _in(mine, "person"):
        for b in _in(theirs, "person"):
            if surname_of(a.value) == surname_of(b.value):
                detail = role_conflict(_full_role(a), _full_role(b))
                if detail:
                    details.append(f"{a.value}: {detail}")
    return details


def _swap_details(swaps: list[tuple[str, str]], numbers: bool) -> list[str]:
    return [f"{mine} vs {theirs}" for mine, theirs in swaps if mine[:1].isdigit() == numbers]


def _within_reach(swaps: list[tuple[str, str]], claim: Claim, piece: Spanned, mine: list[Mention], theirs: list[Mention]) -> list[tuple[str, str]]:
    """Drop a number swap whose two numbers can both be true ("about 200 jobs" / "about 210 jobs"), as the
    number check reads them."""

    def mention_of(words: str, span: Spanned, mentions: list[Mention]) -> Mention | None:
        at = span.text.find(words)
        if at < 0:
            return None
        return next((m for m in _in(mentions, "number") if m.start <= span.start + at < m.end), None)

    kept = []
    for a_words, b_words in swaps:
        if not a_words[:1].isdigit():
            if _names_a_time(a_words, b_words) or _named(a_words, claim) or _is_mentioned(b_words, piece, theirs):
                kept.append((a_words, b_words))
            continue
        a, b = mention_of(a_words, claim, mine), mention_of(b_words, piece, theirs)
        if a is not None and b is not None and numbers_conflict(a, b) is None:
            continue
        kept.append((a_words, b_words))
    return kept


def _names_a_time(*words: str) -> bool:
    """"Sunday" for "Saturday", "March" for "May": a date put for another in a copied sentence, a date conflict
    (not an entity one)."""
    return all(w in WEEKDAYS or w in MONTH_WORDS for text in words for w in text.lower().split())


_SENTENCE_START = re.compile(r"(?:\A|[.!?]\s+)[\"'‘“(]*\Z")


def _is_mentioned(words: str, span: Spanned, mentions: list[Mention]) -> bool:
    """Are these words of the span inside a person, organisation or place the analysis found ("Wimpey said")?"""
    at = span.text.find(words)
    start = span.start + at
    return at >= 0 and any(m.kind in ("person", "organisation", "place") and m.start <= start < m.end for m in mentions)


def _named(words: str, claim: Claim) -> bool:
    """Is the claim's swapped word a name? A capitalised word that opens a sentence may be any word ("Critical
    talks" / "Crucial talks"): there it is one only if the parser took it for a name (the claim's keys)."""
    at = claim.text.find(words)
    if at < 0 or not _SENTENCE_START.search(claim.text[:at]):
        return True
    return bool(specifics(words)) and specifics(words) <= claim.keys


TITLE_WORDS = TITLE_HEADS | TITLE_SHIFTERS


def title_edits(claim_text: str, piece_text: str) -> list[str]:
    """A sentence of the piece repeated word for word but for its titles: a shifter added or dropped ("former
    director Thomas Murphy" / "director Thomas Murphy", "vice president" / "president") or one office of state
    put for another ("German chancellor" / "German finance minister"). The role analysis misses titles it
    cannot tie to a name; the copy shows the edit."""
    mine = _CONTEXT_WORD.findall(claim_text.lower())
    if not TITLE_WORDS.intersection(mine) and not TITLE_WORDS.intersection(_CONTEXT_WORD.findall(piece_text.lower())):
        return []
    for a, b in text_sentences(piece_text):
        theirs = _CONTEXT_WORD.findall(piece_text[a:b].lower())
        if not set(mine) ^ set(theirs) <= TITLE_WORDS:  # another word differs: not a title edit (and cheap to see)
            continue
        opcodes = SequenceMatcher(None, mine, theirs, autojunk=False).get_opcodes()
        edits = [op for op in opcodes if op[0] != "equal"]
        copied = sum(i2 - i1 for tag, i1, i2, _, _ in opcodes if tag == "equal")
        if not edits or len(edits) > MAX_SWAPS or copied < MIN_WORDS:
            continue
        if all(_title_edit(mine[i1:i2], theirs[j1:j2]) for _, i1, i2, j1, j2 in edits):
            return [_shown_title_edit(mine, theirs, op) for op in edits]
    return []


def _title_edit(mine: list[str], theirs: list[str]) -> bool:
    """A shifter added or dropped ("former"), or titles put for others that ``role_conflict`` finds incompatible
    (offices of state: "chancellor" / "finance minister"; not "coach" / "manager")."""
    if not mine or not theirs:
        return bool(mine or theirs) and set(mine or theirs) <= TITLE_SHIFTERS
    if len(mine) > MAX_NAME_RUN or len(theirs) > MAX_NAME_RUN or not set(mine + theirs) <= TITLE_WORDS:
        return False
    return role_conflict(" ".join(mine), " ".join(theirs)) is not None


def _shown_title_edit(mine: list[str], theirs: list[str], op: tuple[str, int, int, int, int]) -> str:
    """The edited words; a shifter added or dropped with the title after it ("‘former director’ where the other
    source has ‘director’")."""
    _, i1, i2, j1, j2 = op
    if i1 < i2 and j1 < j2:
        return f"‘{' '.join(mine[i1:i2])}’ where the other source has ‘{' '.join(theirs[j1:j2])}’"
    return f"‘{' '.join(mine[i1 : i2 + 1])}’ where the other source has ‘{' '.join(theirs[j1 : j2 + 1])}’"


def pronoun_conflicts(claim_text: str, piece_text: str) -> list[str]:
    """The same words but a pronoun of the other gender ("Zelensky said she" vs "Zelensky said he"), whichever of
    the two copies a run of the other."""
    swaps = gender_swaps(claim_text, piece_text) or [(b, a) for a, b in gender_swaps(piece_text, claim_text)]
    return [f"‘{mine}’ where the other source has ‘{theirs}’, the words otherwise the same" for mine, theirs in swaps]


# --- negation and quotes -----------------------------------------------------------------------------------------

def negation_conflicts(claim: Spanned, piece: Spanned, mine: list[Mention], theirs: list[Mention]) -> list[str]:
    """One side negates a word the other side asserts in the same place, the words around it the same ("is
    already a compromise on our part" vs "is not a compromise on our part"; "helped drive" vs "did not help
    drive"), and the statements differ in polarity. "The gun has not been recovered" and "No gun has been
    recovered" deny the same thing through different words; "he was not at the church" and "parishioners were
    in the church when the fire broke out" do not negate one statement."""
    if not _in(mine, "negation") and not _in(theirs, "negation"):
        return []
    if same_polarity(claim.text, [piece.text], denies=has_negation_word) or _modals(claim.text) != _modals(piece.text):
        return []  # a modal on one side only: "should never step into the ring again" is no denial of "stepped in"
    words_mine, words_theirs = _stemmed(claim), _stemmed(piece)
    negated_mine = _negated_positions(mine, claim, words_mine)
    negated_theirs = _negated_positions(theirs, piece, words_theirs)
    flipped = []
    for i, j in _aligned_positions([w for w, _ in words_mine], [w for w, _ in words_theirs]):
        if (i in negated_mine) != (j in negated_theirs):
            flipped.append(negated_mine.get(i) or negated_theirs[j])
    return [f"‘{word}’ negated in one source only" for word in sorted(set(flipped))]


# Saying someone was there, and denying it ("Merz did not attend", "Merz was absent"): the two sides of one fact
# even when the verbs differ ("the talks included Merz" / "Merz did not take part").
_PRESENCE_DENIED = re.compile(r"(?:\b(?:not|never)|n[’']t)\s+(?:\w+\s+){0,2}?(?:attend|participat|take\s+part|join|be\s+present"
                              r"|present\b|there\b)|\b(?:was|were)\s+absent\b|\bskipped\b|\bstayed\s+away\b|\bboycott", re.IGNORECASE)
_PRESENCE_STATED = re.compile(r"\b(?:attend(?:s|ed|ing)?|participat(?:e|es|ed|ing)|t(?:ook|akes?|aking)\s+part|join(?:s|ed|ing)?"
                              r"|includ(?:e|es|ed|ing)|(?:was|were)\s+(?:also\s+)?(?:present|there|among)|in\s+attendance)\b", re.IGNORECASE)


_SUBJECT_REACH = 60  # characters from the person's name to the denial: "Merz, who had been expected, did not attend"


def presence_conflicts(claim_text: str, piece_text: str, people: Iterable[str]) -> list[str]:
    """Someone said to be there in one text and denied to be there in the other, each in a sentence naming them
    ("The talks included German Chancellor Friedrich Merz" / "Merz did not take part"). ``people``: the persons
    both texts name (as written in the claim); a sentence that negates anything else is no statement of presence."""
    details = []
    for name in people:
        surname = re.compile(rf"\b{re.escape(name.split()[-1])}\b", re.IGNORECASE)
        sides = [[text[a:b] for a, b in text_sentences(text) if surname.search(text[a:b])] for text in (claim_text, piece_text)]
        said = [_presence_said(sentences, surname) for sentences in sides]
        if {said[0], said[1]} == {"stated", "denied"}:
            details.append(f"{name}: there in one source, not in the other")
    return details


def _presence_said(sentences: list[str], surname: re.Pattern[str]) -> str | None:
    """"denied" when a sentence denies the person's presence (named just before the denial: "Merz did not attend",
    not "Merz did not attend the talks Zelensky joined" for Zelensky), "stated" when one says it and denies
    nothing."""
    if any(_denied_of(s, surname) for s in sentences):
        return "denied"
    if any(_PRESENCE_STATED.search(s) and not has_negation_word(s) for s in sentences):
        return "stated"
    return None


def _denied_of(sentence: str, surname: re.Pattern[str]) -> bool:
    return any(any(0 <= cue.start() - name.end() <= _SUBJECT_REACH for name in surname.finditer(sentence))
               for cue in _PRESENCE_DENIED.finditer(sentence))


# Lower case but for a sentence's first word: "Will Smith", "in May" are no modals.
_MODAL = re.compile(r"\b(?:([Ww]ould|[Ss]hould|[Cc]ould|[Mm]ight|[Mm]ust|may|[Cc]an|will)(?:n[’']t|not)?|([Ww]o|[Cc]a)n[’']t)\b")


def _modals(text: str) -> frozenset[str]:
    """The modal verbs a text uses, negated or not ("won't" is "will", "cannot" is "can")."""
    return frozenset((m.group(1) or {"wo": "will", "ca": "can"}[m.group(2).lower()]).lower() for m in _MODAL.finditer(text))


NEGATED_RUN = 2  # words matched in order around a negated word, in one statement told twice ("been recovered")
QUOTED_RUN = 4  # ... or in a longer sentence that repeats a run of another ("a compromise on our part")


def _stemmed(span: Spanned) -> list[tuple[str, int]]:
    """(four-letter stem, offset in the article) of each word: "helped" and "did not help" negate one verb."""
    return [(m.group()[:4], span.start + m.start()) for m in _CONTEXT_WORD.finditer(span.text.lower())]


def _negated_positions(negations: list[Mention], span: Spanned, words: list[tuple[str, int]]) -> dict[int, str]:
    """Word index -> negated word, for the negation mentions whose negated word lies in the span (not the "not"
    of "not only ... but also")."""
    starts = {offset: i for i, (_, offset) in enumerate(words)}
    out = {}
    for m in _in(negations, "negation"):
        i = starts.get(m.attrs.get("head_start", -1))
        if i is not None and len(m.value) > 1 and not only_adds(m.end - span.start, span.text):
            out[i] = m.value
    return out


def _aligned_positions(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Pairs of word indices that stand in the same run of words in both: a run of ``QUOTED_RUN``, or of
    ``NEGATED_RUN`` where the two share at least half the shorter one's words in order."""
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    told_twice = sum(block.size for block in blocks) >= 0.5 * min(len(a), len(b))
    shortest = NEGATED_RUN if told_twice else QUOTED_RUN
    return [(block.a + k, block.b + k) for block in blocks if block.size >= shortest for k in range(block.size)]


SAME_QUOTATION = 0.5  # share of the shorter quote's words, in order, in the other: the same quotation at all
# A shorter quote is a term or a tag ("shim", "he said"), never set against another quotation; and two short ones
# sharing half their words ("Suddenly he's the Doctor" / "that is the Doctor") are not one quotation reworded.
MIN_QUOTATION_WORDS = 4
MIN_REWORDED_WORDS = 6
_NEGATORS = frozenset({"not", "n't", "never", "no", "nothing", "none", "neither", "nor", "cannot", "nobody"})


def opposite_conflicts(claim_text: str, piece_text: str) -> list[str]:
    """Words of opposite meaning in the same place of the same statement ("voted for" / "voted against")."""
    found = opposite_words(claim_text, piece_text) or local_opposites(claim_text, piece_text)
    return [f"‘{mine}’ where the other source has ‘{theirs}’" for mine, theirs in found]


def _swap_checks(claim_text: str, piece_text: str) -> list[tuple[ConflictType, list[str]]]:
    """Two words in each other's place ("paid by employers, not taxpayers"): an entity conflict for two names."""
    checks: list[tuple[ConflictType, list[str]]] = []
    for a, b in swapped_words(claim_text, piece_text):
        a, b = (as_written((word,), claim_text) for word in (a, b))
        kind: ConflictType = "entity" if a[:1].isupper() and b[:1].isupper() else "other"
        checks.append((kind, [f"‘{a}’ and ‘{b}’ change places"]))
    return checks


def quoted_words(text: str) -> int:
    return len(_CONTEXT_WORD.findall(text.lower()))


def negators(text: str) -> set[str]:
    words = re.findall(r"[a-z]+(?:n't)?|n't", text.lower().replace("’", "'"))
    return {w for w in words if w in _NEGATORS or w.endswith("n't")}


def quote_conflicts(mine: list[Mention], theirs: list[Mention], overlap: Callable[[str, str], float], threshold: float) -> list[str]:
    """The same speaker's same quotation with different or inverted words. Two quotes are one quotation when at
    least half the shorter one's words recur, in order, in the other (below that they are different things the
    speaker said, no conflict); they conflict when one is negated and the other not ("inverted"), or when they
    share less than ``threshold`` of their words ("different words")."""
    details = []
    for a in _in(mine, "quote"):
        for b in _in(theirs, "quote"):
            speaker_a, speaker_b = a.attrs.get("speaker"), b.attrs.get("speaker")
            if a.attrs.get("scare") or b.attrs.get("scare") or not speaker_a or not speaker_b:
                continue
            if surname_of(speaker_a) != surname_of(speaker_b):
                continue
            shorter, longer = sorted((a.text, b.text), key=len)
            same = overlap(shorter, longer)
            if same < SAME_QUOTATION or quoted_words(shorter) < MIN_QUOTATION_WORDS:
                continue
            if negators(a.text) != negators(b.text):
                details.append(f"{speaker_a} quoted as ‘{a.text.strip(' ,.')}’ vs ‘{b.text.strip(' ,.')}’ (inverted)")
            elif same < threshold and quoted_words(shorter) >= MIN_REWORDED_WORDS:
                details.append(f"{speaker_a} quoted as ‘{a.text.strip(' ,.')}’ vs ‘{b.text.strip(' ,.')}’")
    return details


def _shares_content(claim_text: str, piece_text: str, share: float = 0.5) -> bool:
    """At least half the claim's content words (units aside) in the piece."""
    words = {w for w in content_words(claim_text) if len(w) > 3}
    return bool(words) and len(words & content_words(piece_text)) >= share * len(words)


# Ordinal counts of these units name a time ("the first quarter", "the second day"), like a date does.
PERIOD_UNITS = frozenset({"quarter", "half", "day", "week", "month", "year", "season", "term"})


def _is_period(m: Mention) -> bool:
    return m.kind == "number" and bool(m.attrs.get("ordinal")) and m.attrs.get("unit") in PERIOD_UNITS


_PART_OF_TIME = re.compile(
    r"\b(?:first|last|final|opening|closing)\s+(?:\d+|[a-z]+)\s+(?:minutes|hours|days|weeks|months|laps|rounds|games|innings)\b"
    r"|\b(?:first|second|opening|final)\s+(?:half|quarter|period)\b", re.I)


def _around_numbers(mentions: list[Mention], text: str, before: int, after: int) -> str:
    """The text from ``before`` characters ahead of the span's first number to ``after`` past its last ("" if none)."""
    numbers = _in(mentions, "number")
    if not numbers:
        return ""
    return text[max(0, min(m.start for m in numbers) - before) : max(m.end for m in numbers) + after]


def _parts_of_time(mentions: list[Mention], text: str) -> frozenset[str]:
    """The parts of a time the numbers of this span count ("the first eight minutes", "the second quarter")."""
    near = _around_numbers(mentions, text, 80, 80).replace("-", " ").lower()
    return frozenset(" ".join(match.group().split()) for match in _PART_OF_TIME.finditer(near))


_BASELINES = {
    "year": re.compile(r"\b(?:from|than|on|over)\s+(?:a|the|one)\s+(?:year|12\s+months)\s+(?:earlier|ago|before)\b"
                       r"|\byear[\s-]+on[\s-]+year\b|\bfrom\s+(?:last|the\s+previous)\s+year\b|\bannual(?:ly)?\b", re.I),
    "month": re.compile(r"\b(?:from|than|on|over)\s+(?:a|the|one)\s+month\s+(?:earlier|ago|before)\b"
                        rf"|\bmonth[\s-]+on[\s-]+month\b|\bfrom\s+(?:last|the\s+previous)\s+month\b|\bfrom\s+{MONTH_PATTERN}\b", re.I),
    "quarter": re.compile(r"\b(?:from|than|on|over)\s+(?:a|the|one)\s+quarter\s+(?:earlier|ago|before)\b"
                          r"|\bquarter[\s-]+on[\s-]+quarter\b|\bfrom\s+(?:last|the\s+previous)\s+quarter\b", re.I),
}


def _other_baselines(mine: list[Mention], theirs: list[Mention], texts: tuple[str, str]) -> bool:
    """Changes measured from two baselines: "rose 0.4% in March from February" / "rose 3.5% from a year earlier"."""
    def baselines(mentions: list[Mention], text: str) -> set[str]:
        near = _around_numbers(mentions, text, 0, 80)
        return {kind for kind, pattern in _BASELINES.items() if near and pattern.search(near)}

    mine_from, theirs_from = baselines(mine, texts[0]), baselines(theirs, texts[1])
    return bool(mine_from) and bool(theirs_from) and not mine_from & theirs_from


def _figures_and_times(mine: list[Mention], theirs: list[Mention], texts: tuple[str, str]) -> tuple[list[str], list[str]]:
    """Number and date conflicts, none of either when both a figure and its time differ: "revenue was $5m in
    2019" and "revenue was $7m in 2020", "24 dead on Tuesday" and "31 dead by Wednesday" are two facts (figures
    of two periods, a toll and its update), not one told two ways. A time alone, or a figure alone, conflicts."""
    values = ([m for m in mine if not _is_period(m)], [m for m in theirs if not _is_period(m)], texts)
    figures = number_conflicts(*values, years_apart=True)
    periods = number_conflicts([m for m in mine if _is_period(m)], [m for m in theirs if _is_period(m)], texts)
    dates = date_conflicts(mine, theirs, texts)
    part_of_it = _parts_of_time(mine, texts[0]) != _parts_of_time(theirs, texts[1])  # "17 points in the first 8 minutes"
    if figures and (periods or part_of_it or _times_differ(mine, theirs, texts) or _other_baselines(mine, theirs, texts)):
        return [], []
    if not figures and number_conflicts(*values):
        return [], []  # the figures differ, and so do the years their sentences state
    return figures + periods, dates


_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def _times_differ(mine: list[Mention], theirs: list[Mention], texts: tuple[str, str]) -> bool:
    """The claim and the piece name no time in common, and name times that cannot be one: "in 2019" against "in
    2020, the company said on Tuesday". Unlike a date conflict this needs no words in common around the dates."""
    dated_mine = [m for m in _in(mine, "date") if not in_dateline(m, texts[0])]
    dated_theirs = [m for m in _in(theirs, "date") if not in_dateline(m, texts[1])]
    pairs = [(a, b) for a in dated_mine for b in dated_theirs]
    return any(dates_conflict(a, b) for a, b in pairs) and not any(_same_time(a, b) for a, b in pairs)


def _same_time(a: Mention, b: Mention) -> bool:
    return (a.value is not None and a.value == b.value) or " ".join(a.text.lower().split()) == " ".join(b.text.lower().split())


def _both_named(mine: list[Mention], theirs: list[Mention]) -> list[str]:
    """The persons both spans name, as the claim names them."""
    there = {surname_of(m.value) for m in _in(theirs, "person")}
    return sorted({m.value for m in _in(mine, "person") if surname_of(m.value) in there})


def _names(keys: frozenset[str]) -> set[str]:
    return {k for k in keys if not k[0].isdigit()}


def find_conflicts(claim: Claim, own: Analysis, piece: Spanned, other: Analysis, quote_overlap: Callable[[str, str], float] | None = None, quote_threshold: float = 0.8) -> list[Conflict]:
    """Every typed difference between the claim and the piece (empty when they agree)."""
    mine = list(own.mentions_in(claim.start, claim.end))
    theirs = list(other.mentions_in(piece.start, piece.end))
    texts = (own.article.text, other.article.text)
    # Values compare only between statements about a common someone or something: "Brown-Forman's profits" and
    # "Douglas said sales" are different quantities. A claim naming no one ("The talks lasted three hours") is
    # compared when it shares its content words with the piece (not "Shr 34 cts" with another company's "Shr").
    names_claim, names_piece = _names(claim.keys), _names(specifics(piece.text))
    if names_claim and names_piece:
        same_subject = bool(names_claim & names_piece)
    else:
        same_subject = _shares_content(claim.text, piece.text)
    swaps = [s for s in _within_reach(copy_swaps(claim.text, piece.text, own.article.text), claim, piece, mine, theirs)
             if not _one_name_two_ways(*s)]
    numbers, dates = _figures_and_times(mine, theirs, texts) if same_subject else ([], [])
    checks: list[tuple[ConflictType, list[str]]] = [
        ("number", numbers or _swap_details(swaps, numbers=True)),
        ("date", dates or _swap_details([s for s in swaps if _names_a_time(*s)], numbers=False)),
        ("role", role_conflicts(mine, theirs) or title_edits(claim.text, piece.text)),
        ("entity", entity_conflicts(claim, mine, theirs, own, other, piece.text)
         or _swap_details([s for s in swaps if not _names_a_time(*s)], numbers=False)),
        ("entity", pronoun_conflicts(claim.text, piece.text)),
        ("negation", negation_conflicts(claim, piece, mine, theirs) or presence_conflicts(claim.text, piece.text, _both_named(mine, theirs))),
        ("negation", opposite_conflicts(claim.text, piece.text)),
        *_swap_checks(claim.text, piece.text),
    ]
    if quote_overlap is not None:
        checks.append(("quote", quote_conflicts(mine, theirs, quote_overlap, quote_threshold)))
    return [_conflict(kind, piece, other, detail) for kind, details in checks for detail in details]
