"""People (with the roles the text gives them), organisations and places, resolved within one article.

"German Chancellor Friedrich Merz" -> person "Friedrich Merz", role "German Chancellor";
"Jared Kushner, son-in-law of former President Donald Trump" -> person "Jared Kushner", appositive
"son-in-law of former President Donald Trump"; a later "Merz" resolves to "Friedrich Merz".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Iterable

from ..model import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

NAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "del", "della", "da", "di", "du", "la", "le", "bin", "al", "el", "ibn"})
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "mr.", "mrs.", "ms.", "dr."})
# The head words of titles and offices ("German *Chancellor* Olaf Scholz").
TITLE_HEADS = frozenset(
    """president chancellor minister premier envoy ambassador general commander admiral secretary chief negotiator
    spokesman spokeswoman spokesperson senator governor mayor king queen prince princess pope director chairman
    chairwoman chair ceo head leader adviser advisor official judge justice commissioner representative speaker
    prosecutor attorney colonel captain lieutenant sergeant marshal emir sultan monarch coach manager founder
    congressman congresswoman""".split()
)
# Modifiers that change who someone is, not just how they are described.
TITLE_SHIFTERS = frozenset({"former", "ex", "late", "acting", "deputy", "vice", "outgoing", "incoming", "interim", "elect"})
# Words that end a role phrase when walking left from a name.
_ROLE_STOP_POS = frozenset({"DET", "PUNCT", "CCONJ", "ADP", "VERB", "AUX", "PRON", "SCONJ", "PART", "SPACE"})  # SPACE: a line break ends a role
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_ORG_LABELS = frozenset({"ORG", "NORP"})
_ALIASES = {
    "u.s.": "United States", "us": "United States", "u.s": "United States", "usa": "United States",
    "the united states": "United States", "united states": "United States", "america": "United States",
    "uk": "United Kingdom", "u.k.": "United Kingdom", "britain": "United Kingdom", "eu": "European Union",
    "the kremlin": "Kremlin", "the european union": "European Union",
}


@dataclass
class _Person:
    canonical: str
    surname: str


def canonical_place(text: str) -> str:
    key = text.lower().strip()
    return _ALIASES.get(key, re.sub(r"^the\s+", "", text.strip(), flags=re.I))


def surname_of(name: str) -> str:
    return name.split()[-1].lower().removesuffix("'s").removesuffix("’s")


def _name_tokens(ent: "Span") -> tuple[int, int]:
    """Token range of the name proper: honorifics dropped, split names ("Ursula von" + "der Leyen") joined."""
    doc = ent.doc
    start, end = ent.start, ent.end
    start = max([start, *(t.i + 1 for t in ent[:-1] if "\n" in t.text or "\n" in t.whitespace_)])  # no name spans lines
    while start > 0 and _first_name_before(doc[start - 1], doc[end - 1]):  # the model left "Rustem" out of "Umerov"
        start -= 1
    while start < end - 1 and doc[start].lower_ in HONORIFICS:
        start += 1
    while end < len(doc) and (doc[end].lower_ in NAME_PARTICLES or doc[end - 1].lower_ in NAME_PARTICLES):
        if not (doc[end].is_title or doc[end].lower_ in NAME_PARTICLES):
            break
        end += 1
    while end > start + 1 and doc[end - 1].lower_ in NAME_PARTICLES:
        end -= 1
    if end - start > 1 and doc[end - 1].text in {"'s", "’s"}:
        end -= 1
    return start, end


def _first_name_before(token: "Token", name_head: "Token") -> bool:
    """A capitalised proper noun compounding into the name, that is no title and no other entity."""
    return (token.pos_ == "PROPN" and token.dep_ == "compound" and token.head == name_head and token.is_title
            and token.lower_ not in PERSON_TITLES and token.lower_ not in HONORIFICS and token.ent_type_ in ("", "PERSON"))


def _left_role(doc: "Doc", name_start: int, head: "Token") -> tuple[int, int] | None:
    """Title words immediately before the name and inside its phrase ("US envoy", "chief negotiator")."""
    i = name_start - 1
    while i >= head.left_edge.i and doc[i].pos_ not in _ROLE_STOP_POS and doc[i].ent_type_ != "PERSON":
        i -= 1
    start = i + 1
    while start < name_start and doc[start].lower_ in HONORIFICS:
        start += 1
    return (start, name_start) if start < name_start else None


def _title_noun_role(doc: "Doc", name_start: int, head: "Token") -> tuple[int, int] | None:
    """The title a name stands in apposition to, right before it: the parser reads "his chief negotiator Rustem
    Umerov" as the noun "negotiator" with "Umerov" its appositive, so the title is not in the name's phrase."""
    title = head.head
    if head.dep_ != "appos" or not title.i < name_start or title.lower_ not in PERSON_TITLES:
        return None
    if any(doc[k].pos_ != "PROPN" for k in range(title.i + 1, name_start)):  # only the rest of the name between
        return None
    return _left_role(doc, title.i + 1, title)


ADJACENT_TITLE_WORDS = 4


def _adjacent_title(doc: "Doc", name_start: int) -> tuple[int, int] | None:
    """Title words right before the name that the parser put in another phrase ("...," chairman and chief
    executive Richard Parsons said: "chief executive" hangs off the quote's verb). Only a run holding a title."""
    i = name_start - 1
    while i >= max(0, name_start - ADJACENT_TITLE_WORDS) and doc[i].pos_ not in _ROLE_STOP_POS and doc[i].ent_type_ != "PERSON":
        i -= 1
    run = range(i + 1, name_start)
    return (i + 1, name_start) if any(doc[k].lower_ in TITLE_HEADS for k in run) else None


def _appositive(head: "Token") -> tuple[int, int] | None:
    for child in head.rights:
        if child.dep_ == "appos":
            start, end = child.left_edge.i, child.right_edge.i + 1
            while end > start and child.doc[end - 1].is_punct:
                end -= 1
            return (start, end) if end > start else None
    return None


def _char_span(doc: "Doc", tokens: tuple[int, int]) -> tuple[int, int]:
    return doc[tokens[0]].idx, doc[tokens[1] - 1].idx + len(doc[tokens[1] - 1])


# Title words that make the capitalised name after them a person's ("Chancellor Olaf Scholz").
PERSON_TITLES = frozenset("""president chancellor minister premier envoy ambassador general secretary senator governor
    mayor king queen prince princess pope negotiator spokesman spokeswoman commander admiral judge""".split())


def _titled_name(e: "Span") -> bool:
    """"German Chancellor Olaf Scholz": the small model often labels a less familiar name after a title ORG."""
    before = e.doc[e.start - 1] if e.start > 0 else None
    return (
        before is not None and before.lower_ in PERSON_TITLES and 2 <= len(e) <= 3
        and all(t.is_title for t in e) and e.label_ in _ORG_LABELS | _PLACE_LABELS
    )


def _person_entities(doc: "Doc") -> list["Span"]:
    known = {surname_of(e.text) for e in doc.ents if e.label_ == "PERSON"}
    # The small model sometimes labels a known person's surname ORG or GPE on a later mention; and sometimes a
    # clock time PERSON: a name with a digit ("07:37 a. m. UTC") is no person.
    return [
        e for e in doc.ents
        if (e.label_ == "PERSON" and not any(c.isdigit() for c in e.text)) or _titled_name(e)
        or (e.label_ in _ORG_LABELS | _PLACE_LABELS and len(e) == 1 and e.text.lower() in known)
    ]


def _registry(doc: "Doc", spans: Iterable[tuple[int, int]]) -> dict[str, _Person]:
    """surname -> the fullest form of that person's name in the article."""
    people: dict[str, _Person] = {}
    for start, end in spans:
        name = doc[start:end].text
        key = surname_of(name)
        if key not in people or len(name.split()) > len(people[key].canonical.split()):
            people[key] = _Person(canonical=name, surname=key)
    return people


def find_people(doc: "Doc") -> list[Mention]:
    """Person mentions: value = canonical name; attrs: surname, role, appositive (each with offsets) or None."""
    text = doc.text  # a Doc rebuilds its text on every access
    entities = _person_entities(doc)
    name_ranges = [_name_tokens(e) for e in entities]
    registry = _registry(doc, name_ranges)
    mentions = []
    for (start, end) in name_ranges:
        head = doc[end - 1]
        person = registry[surname_of(doc[start:end].text)]
        role = _left_role(doc, start, head) or _title_noun_role(doc, start, head) or _adjacent_title(doc, start)
        appos = _appositive(head)
        s, e = _char_span(doc, (start, end))
        attrs: dict[str, object] = {"surname": person.surname, "role": None, "appositive": None}
        if role:
            rs, re_ = _char_span(doc, role)
            attrs.update(role=text[rs:re_], role_start=rs, role_end=re_)
        if appos:
            as_, ae = _char_span(doc, appos)
            attrs.update(appositive=text[as_:ae], appositive_start=as_, appositive_end=ae)
        mentions.append(Mention(start=s, end=e, text=text[s:e], kind="person", value=person.canonical, attrs=attrs))
    return mentions


def find_places_and_organisations(doc: "Doc", people: list[Mention]) -> list[Mention]:
    taken = {(m.start, m.end) for m in people}
    out = []
    for ent in doc.ents:
        if ent.label_ not in _PLACE_LABELS | _ORG_LABELS or (ent.start_char, ent.end_char) in taken:
            continue
        kind = "place" if ent.label_ in _PLACE_LABELS else "organisation"
        out.append(Mention(start=ent.start_char, end=ent.end_char, text=ent.text, kind=kind, value=canonical_place(ent.text), attrs={"label": ent.label_}))
    return out


_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# Quantities reported as figures of something: "revenue of $7m" and "profit of $60m" are two figures.
MEASURE_NOUNS = frozenset("""revenue revenues sales profit profits earnings income loss losses turnover output export
    exports import imports inflation unemployment price prices debt deficit surplus spending budget turnout growth
    dividend dividends valuation wage wages salary salaries fee fees fine fines bonus tax taxes cost costs""".split())
# Verbs of what happened to the people or things counted: "3 killed" and "40 evacuated" count different groups.
_VERB_GROUPS = {verb: group for group, verbs in {
    "dead": "kill die drown perish", "injured": "injure wound hurt hospitalise hospitalize",
    "evacuated": "evacuate displace flee relocate", "arrested": "arrest detain", "rescued": "rescue save",
    "missing": "miss", "destroyed": "destroy raze flatten", "damaged": "damage", "lost": "lose",
    "hired": "hire employ", "fired": "fire sack dismiss", "cut": "cut eliminate axe shed",
}.items() for verb in verbs.split()}


def with_holder(number: Mention, doc: "Doc", people: list[Mention]) -> Mention:
    """The number with ``attrs["holder"]``, whose figure it is, and ``attrs["act"]``, what happened to what it
    counts, when the text says so. The holder is a measure named on the way from the number to its verb
    ("revenue of $7m" -> "revenue"), else the subject of that verb: a person's surname ("Tyler Hansbrough had 24
    points" -> "hansbrough"), a proper name ("Manchester City top the table with 63 points" -> "city"), a
    measure. Two reports' figures of the same unit count different things when their holders or acts differ
    ("Vaughn finished with 16 points"; "40 people were evacuated")."""
    span = doc.char_span(number.start, number.end, alignment_mode="expand")
    if span is None or not len(span):
        return number
    verb, holder = _verb_and_holder(span, people)
    attrs = dict(number.attrs)
    if holder:
        attrs["holder"] = holder
    if _counts_a_toll(span, verb) and attrs.get("unit") in (None, "people"):  # "the death toll stands at 38"
        attrs["unit"], attrs["act"] = "people", "dead"
    elif verb.pos_ == "VERB" and (act := _VERB_GROUPS.get(verb.lemma_.lower())):
        attrs.setdefault("act", act)
    elif _stated_age(span, verb, holder, people, attrs):
        attrs["unit"], attrs["display"] = "age", f"aged {span.text}"
    return replace(number, attrs=attrs) if attrs != number.attrs else number


def _verb_and_holder(span: "Span", people: list[Mention]) -> tuple["Token", str | None]:
    """The verb governing the number, and whose figure it is: a measure or name on the way up to that verb, else
    the verb's subject (one that does not hold the number itself: "12 people were injured")."""
    token, holder = span.root, None
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
        if holder is None and token.i not in range(span.start, span.end):
            holder = _measure_or_name(token, people)
    if holder is None:
        subjects = [c for c in token.children if c.dep_ in _SUBJECTS and not (c.left_edge.i <= span.root.i <= c.right_edge.i)]
        holder = next((h for c in subjects if (h := _subject_holder(c, people))), None)
    return token, holder


def _counts_a_toll(span: "Span", verb: "Token") -> bool:
    subjects = (c for c in verb.children if c.dep_ in _SUBJECTS)
    return any(t.lemma_.lower() == "toll" for t in (*span.root.ancestors, *subjects))


def _stated_age(span: "Span", verb: "Token", holder: str | None, people: list[Mention], attrs: dict) -> bool:
    """"Sarah Cole was 36": a bare whole number that a named person is."""
    bare = attrs.get("unit") is None and not attrs.get("qualifier") and span.text.isdigit() and 0 < int(span.text) < 120
    is_person = holder is not None and any(surname_of(p.value) == holder for p in people)
    return bare and is_person and verb.lemma_ == "be" and span.root.head.i == verb.i and span.root.dep_ == "attr"


def _measure_or_name(token: "Token", people: list[Mention]) -> str | None:
    """A measure noun ("revenue"), or a proper name the number describes ("Salah, with 18 goals")."""
    if token.pos_ == "NOUN" and token.lower_ in MEASURE_NOUNS:
        return token.lemma_.lower()
    if token.pos_ == "PROPN":
        return _name_holder(token, people)
    owner = next((c for c in token.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
    return _name_holder(owner, people) if token.pos_ == "NOUN" and owner is not None else None


def _subject_holder(subject: "Token", people: list[Mention]) -> str | None:
    start, end = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
    named = [p for p in people if start <= p.start and p.end <= end]
    if named:
        return surname_of(named[0].value)
    if subject.pos_ == "PROPN":
        return _name_holder(subject, people)
    if subject.pos_ == "NOUN" and subject.lower_ in MEASURE_NOUNS:
        return subject.lemma_.lower()
    return None


def _name_holder(token: "Token", people: list[Mention]) -> str:
    for p in people:
        if p.start <= token.idx < p.end:
            return surname_of(p.value)
    return token.lower_
