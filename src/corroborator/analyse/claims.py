"""Atomic claims: a sentence that carries several independent facts becomes several claims.

- coordinated or contrasted main clauses ("X acknowledged A but affirmed B"; "..., while Y came from Z") split;
- a trailing participial clause that reports a statement of its own ("X said A, maintaining that B") splits;
- an appositive about a person ("Jared Kushner, son-in-law of former President Donald Trump") is a claim;
- a person named with a title ("chief negotiator Rustem Umerov") is a claim about who took part, in what role;
- a direct quote is a claim of its own (what was said, by whom);
- a line that only dates the article ("PUBLISHED: WEDNESDAY, MARCH 13, 2013, 12:38 AM") is no claim: two such
  lines look alike to the embedding whatever their dates say.
Every claim is a contiguous span of the article text, so its offsets rebuild its words exactly.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING, Iterable

from ..model import Claim, Mention, Sentence
from .dates import DATELINE_WORDS
from .people import surname_of
from .specifics import specifics, token_keys

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

MIN_CLAUSE_TOKENS = 4
_CONTRAST_MARKS = frozenset({"while", "whereas", "although", "though"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl"})


def _has_subject(token: "Token") -> bool:
    return any(c.dep_ in _SUBJECTS for c in token.children)


def _splits_off(child: "Token") -> bool:
    """Does this child of the sentence root start an independent clause of its own?"""
    size = child.right_edge.i - child.left_edge.i + 1
    if child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"}:
        return size >= MIN_CLAUSE_TOKENS and child.i > child.head.i
    if child.dep_ == "advcl" and _has_subject(child):
        marks = {c.lower_ for c in child.children if c.dep_ == "mark"}
        return bool(marks & _CONTRAST_MARKS) and child.i > child.head.i
    return False


def _reports_statement(token: "Token") -> bool:
    """", maintaining that B" / ", saying B": a participle after a comma whose complement is a clause."""
    doc = token.doc
    left = token.left_edge.i
    return (
        token.dep_ == "advcl" and token.tag_ == "VBG" and left > 0 and doc[left - 1].text == ","
        and any(c.dep_ == "ccomp" for c in token.children)
    )


_CLOSING_QUOTES = frozenset("’”\"'")
_OPENING_QUOTES = frozenset("‘“\"'")


def _trim(doc: "Doc", start: int, end: int) -> tuple[int, int]:
    """Drop leading/trailing punctuation and conjunctions from a token range (but not the mark closing a quote
    the range opens: "... an absolute ‘red line.’")."""
    while start < end and (doc[start].is_punct or doc[start].dep_ in {"cc", "mark"}):
        start += 1
    opened = any(doc[i].text in _OPENING_QUOTES for i in range(start, end))
    while end > start and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"):
        if opened and doc[end - 1].text in _CLOSING_QUOTES:
            break
        end -= 1
    return start, end


def clause_ranges(sent: "Span") -> list[tuple[int, int]]:
    """Token ranges of the sentence's independent clauses (the whole sentence when it has one)."""
    doc = sent.doc
    splits = [c for c in sent.root.children if _splits_off(c)] + [t for t in sent if _reports_statement(t)]
    cuts = sorted({c.left_edge.i for c in splits if all(t.is_punct for t in doc[c.right_edge.i + 1 : sent.end])})
    # A clause is split off only when it runs to the end of the sentence, so the pieces tile it.
    bounds = [sent.start, *cuts, sent.end]
    pieces = [_trim(doc, a, b) for a, b in zip(bounds, bounds[1:])]
    pieces = [p for p in pieces if p[1] - p[0] >= MIN_CLAUSE_TOKENS]
    return pieces if len(pieces) > 1 else [(sent.start, sent.end)]


def _tokens_between(doc: "Doc", start: int, end: int) -> list["Token"]:
    """Tokens starting in [start, end), found by bisection (a scan of the whole doc per claim was quadratic)."""
    starts = doc.user_data.get("_token_starts")
    if starts is None:
        starts = doc.user_data["_token_starts"] = [t.idx for t in doc]
    return [doc[i] for i in range(bisect_left(starts, start), bisect_left(starts, end))]


def _keys(doc: "Doc", start: int, end: int, skip: Iterable[tuple[int, int]] = ()) -> frozenset[str]:
    skip = list(skip)
    tokens = [t for t in _tokens_between(doc, start, end) if not any(a <= t.idx < b for a, b in skip)]
    return token_keys(tokens)


def _shared_subject_keys(doc: "Doc", a: int, b: int) -> frozenset[str]:
    """The names of the subject a clause shares with the clause before it ("Kallas acknowledged A but affirmed B",
    "the Kremlin stated A, maintaining B": the second clause is a fact about Kallas, or the Kremlin, so its truth
    hinges on that name too)."""
    roots = [t for t in doc[a:b] if not a <= t.head.i < b]
    if len(roots) != 1 or roots[0].dep_ not in ("conj", "advcl") or _has_subject(roots[0]):
        return frozenset()
    subjects = [c for c in roots[0].head.children if c.dep_ in _SUBJECTS]
    return token_keys([t for subject in subjects for t in subject.subtree]) if subjects else frozenset()


def _statement_keys(doc: "Doc", start: int, end: int, people: list[Mention]) -> frozenset[str]:
    """A statement's own specifics: titles and appositives are judged by their own claims, names stay."""
    nested = [
        (m.attrs[f"{key}_start"], m.attrs[f"{key}_end"])
        for m in people
        for key in ("role", "appositive")
        if m.attrs.get(key) and start <= m.attrs[f"{key}_start"] < end
    ]
    return _keys(doc, start, end, nested)


class _ClaimBuilder:
    def __init__(self, text: str, source: str) -> None:
        self.text, self.source, self.claims = text, source, []  # type: ignore[var-annotated]

    def add(self, start: int, end: int, kind: str, sentence: int, keys: frozenset[str]) -> None:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if end <= start or not any(c.isalnum() for c in self.text[start:end]):  # "--- ***" states nothing
            return
        self.claims.append((start, end, kind, sentence, keys))

    def build(self) -> list[Claim]:
        ordered = sorted(set(self.claims), key=lambda c: (c[0], -c[1], c[2]))
        return [
            Claim(start=s, end=e, text=self.text[s:e], id=f"{self.source}#{i}", source=self.source, kind=k, sentence=n, keys=keys)  # type: ignore[arg-type]
            for i, (s, e, k, n, keys) in enumerate(ordered)
        ]


def _only_dates(span: "Span") -> bool:
    """A dateline: dates, times, numbers, symbols and labels such as "Updated:", and nothing else."""
    dated = False
    for token in span:
        if token.ent_type_ in ("DATE", "TIME") or _CLOCK.fullmatch(token.text) or token.lower_.rstrip(".") in _DATELINE_TOKENS:
            dated = True  # a time zone alone ("ET"), split from its time by the tokenised "p. m." before it
        elif not (token.like_num or not any(c.isalpha() for c in token.text)):
            return False
    return dated


_CLOCK = re.compile(r"\d{1,2}:\d\d|\d{1,2}(?::\d\d)?[ap]m", re.I)  # "4:08", tokenised "5: 03pm"
_DATELINE_TOKENS = DATELINE_WORDS | {"a", "p", "m"}  # "p. m." as wire copy tokenises it


def _sentence_of(sentences: list[Sentence], offset: int) -> int:
    for s in sentences:
        if s.start <= offset < s.end:
            return s.index
    return sentences[-1].index if sentences else 0


def extract_claims(doc: "Doc", sentences: list[Sentence], people: list[Mention], quotes: list[Mention], source: str) -> list[Claim]:
    builder = _ClaimBuilder(doc.text, source)
    for sentence in sentences:
        span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if span is None or not len(span) or _only_dates(span):
            continue
        ranges = clause_ranges(span)
        kind = "clause" if len(ranges) > 1 else "statement"
        for a, b in ranges:
            start = max(doc[a].idx, sentence.start)
            end = min(doc[b - 1].idx + len(doc[b - 1]), sentence.end)
            keys = _statement_keys(doc, start, end, people) | _shared_subject_keys(doc, a, b)
            builder.add(start, end, kind, sentence.index, keys)
    _add_people_claims(builder, doc, sentences, people)
    for quote in quotes:
        if not quote.attrs.get("scare"):
            builder.add(quote.start, quote.end, "quote", _sentence_of(sentences, quote.start), _keys(doc, quote.start, quote.end))
    return builder.build()


def _surname_keys(name: str) -> frozenset[str]:
    """The specifics of a name's last word, keyed as ``specifics`` keys the sources ("Brabeck-Letmathe" ->
    brabeck, letmathe), so that a role claim's name is found wherever the name is."""
    return specifics(name.split()[-1]) or frozenset({surname_of(name)})


def _add_people_claims(builder: _ClaimBuilder, doc: "Doc", sentences: list[Sentence], people: list[Mention]) -> None:
    seen_roles: set[tuple[str, str]] = set()
    for m in people:
        sentence = _sentence_of(sentences, m.start)
        if m.attrs.get("appositive"):
            start, end = m.start, m.attrs["appositive_end"]
            builder.add(start, end, "apposition", sentence, _keys(doc, m.attrs["appositive_start"], end))
        role = m.attrs.get("role")
        if role and (m.value, role.lower()) not in seen_roles:
            seen_roles.add((m.value, role.lower()))
            builder.add(m.attrs["role_start"], m.end, "role", sentence, _surname_keys(builder.text[m.start:m.end]))
