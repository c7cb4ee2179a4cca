"""Verdicts: corroborated, single_source or conflicting, each with the evidence it rests on.

- statements, clauses, appositions: the most similar pieces of every other source (MiniLM cosine); a piece
  corroborates when its support score reaches the threshold and it carries enough of the claim's names and numbers.
  The support score is the cosine (against ``match_threshold``), or for a claim with enough content words the mean
  of the cosine and the share of those words the piece carries (against ``content_match_threshold``); a claim
  that opens with a name ("The United States has ...") needs evidence naming it. A related piece (cosine >=
  ``conflict_threshold``) that states the same fact differently is a conflict, as is someone else named in the
  single-holder office this source gives a person of the claim;
- role claims ("chief negotiator Rustem Umerov"): the same person named in another source (titles compared);
- a statement or clause never rests on a span that only names someone ("Mayor Anna Berg" is no evidence that
  she resigned), nor on a piece carrying none of its content words, unless all it says is that someone was there;
- quotes: the same words quoted (verbatim or a part of them) in another source; negated there: an inverted quote;
  put in another named speaker's mouth there: a misattributed quote.
Evidence shows the narrowest words: a window is dropped when a sentence inside it qualifies too.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any, Iterable, Sequence

import numpy as np

from .align import Piece, SourceIndex
from .analyse.negation import is_negated
from .analyse.people import TITLE_HEADS, surname_of
from .analyse.sentences import text_sentences
from .analyse.specifics import content_words, coverage, specifics
from .conflicts import MIN_QUOTATION_WORDS, MIN_REWORDED_WORDS, find_conflicts, negators, office_holder_conflicts, quoted_words
from .copyedits import copied_in
from .model import Analysis, Claim, ClaimVerdict, Conflict, ConflictType, Evidence, Mention
from .settings import Settings

CANDIDATES_PER_SOURCE = 8
IDENTITY_KINDS = ("role", "apposition")  # claims that only name someone, with their title
PRESENCE_WORDS = content_words("attend attended attends attendance participate participated present joined joins took "
                               "part well talks meeting meetings discussions session came represented representation "
                               "military delegation")
_WORD = re.compile(r"[\w’']+")


def _evidence(piece: Piece | Mention, source: str, score: float) -> Evidence:
    return Evidence(start=piece.start, end=piece.end, text=piece.text, source=source, score=round(float(score), 4))


def _ranked(evidence: list[Evidence], per_source: int) -> tuple[Evidence, ...]:
    best: dict[str, list[Evidence]] = {}
    for e in sorted(_innermost(evidence), key=lambda e: (-e.score, e.source, e.start, e.end)):
        kept = best.setdefault(e.source, [])
        # A piece inside, or around, evidence already kept adds nothing a reader needs.
        if len(kept) < per_source and all(e.end <= k.start or k.end <= e.start for k in kept):
            kept.append(e)
    return tuple(sorted((e for es in best.values() for e in es), key=lambda e: (-e.score, e.source, e.start)))


def _narrowest(conflicts: list[Conflict]) -> list[Conflict]:
    """One conflict per (source, type, detail): the one on the fewest words of the other source."""
    best: dict[tuple[str, str, str], Conflict] = {}
    for c in sorted(set(conflicts), key=lambda c: (c.end - c.start, c.start)):
        best.setdefault((c.source, c.type, c.detail), c)
    return sorted(best.values(), key=lambda c: (c.source, c.start, c.type, c.detail))


def _verdict(claim: Claim, support: list[Evidence], conflicts: list[Conflict], settings: Settings) -> ClaimVerdict:
    conflicts = _narrowest(conflicts)
    if conflicts:
        # Words a conflict is shown on are not shown as support too ("= Interior Minister Carl Brandt" beside
        # "≠ role: Transport Minister vs Interior Minister" on the same words): the reader sees one reading of them.
        support = [e for e in support if not any(x.source == e.source and x.start < e.end and e.start < x.end for x in conflicts)]
        return ClaimVerdict(claim, "conflicting", _ranked(support, settings.evidence_per_source), tuple(conflicts))
    if support:
        return ClaimVerdict(claim, "corroborated", _ranked(support, settings.evidence_per_source))
    return ClaimVerdict(claim, "single_source")


def support_score(words: frozenset[str], piece: Piece, cosine: float, settings: Settings) -> tuple[float, float]:
    """(score, the threshold it must reach) for a piece as support of a claim with content words ``words``."""
    if len(words) < settings.min_content_words:
        return cosine, settings.match_threshold
    share = len(words & piece.words) / len(words)
    return (cosine + share) / 2, settings.content_match_threshold


_OPENING = re.compile(r"^(?:[A-Z][\w.’'-]*\s+)*$")


OPENING_WORDS = 4  # "Chancellor Friedrich Merz said": the words that name who a sentence is about


def _named_subject(claim: Claim, own: Analysis) -> frozenset[str]:
    """The name a claim opens with ("The United States has ...", "President Zelensky acknowledged ..."): the
    evidence must name it too, or it reports what someone else did. Empty when the claim opens otherwise."""
    for m in own.mentions_in(claim.start, claim.end):
        if m.kind in {"person", "organisation", "place"}:
            if _OPENING.match(own.article.text[claim.start : m.start]):
                return specifics(m.text)
            return frozenset()
    return frozenset()


def _said_of_another(claim: Claim, subject: frozenset[str], words: frozenset[str], piece: Piece) -> bool:
    """In a window of sentences, does the one that says what the claim says open with someone else's name and
    never refer back ("he", "she")? "Merz characterized the plan as a foundation" after "Zelensky met Witkoff"
    does not show that Zelensky did; "Police say he drank so much ..." after "LaSalle ..." may."""
    if len(piece.parts) < 2:
        return False
    saying = max(piece.parts, key=lambda part: len(words & content_words(part)))
    if subject & specifics(saying) or _REFERS_BACK.search(saying):
        return False
    opening = _opening_name(saying)
    return bool(opening) and not opening & claim.keys


_REFERS_BACK = re.compile(r"\b(?:he|she|his|her|him)\b", re.I)


def _opening_name(sentence: str) -> frozenset[str]:
    """The name a sentence opens with, titles before it skipped ("Chancellor Friedrich Merz said" -> friedrich,
    merz); empty when it opens with any other word ("He", "The new Doctor")."""
    words = sentence.split()[:OPENING_WORDS]
    while words and words[0].lower().strip(",.") in TITLE_HEADS:
        words = words[1:]
    if not words or not specifics(words[0]):
        return frozenset()
    return frozenset(k for k in specifics(" ".join(words)) if not k[0].isdigit())


def _office_conflicts(claim: Claim, own: Analysis, index: SourceIndex) -> list[Conflict]:
    """A person of the claim whom the other source never names, while it names someone else in the office this
    source gives them ("German Chancellor Friedrich Merz" here, "German Chancellor Olaf Scholz" there)."""
    theirs = [m for m in index.analysis.mentions if m.kind == "person"]
    named_there = {surname_of(m.value) for m in theirs}
    out = []
    for person in {m.value: m for m in own.mentions_in(claim.start, claim.end) if m.kind == "person"}.values():
        if surname_of(person.value) in named_there:
            continue
        titled = [m for m in own.mentions if m.kind == "person" and m.value == person.value and m.attrs.get("role")]
        for m, detail in (hit for t in titled for hit in office_holder_conflicts(t, theirs)):
            span = _role_span(m, index.analysis)
            out.append(Conflict(start=span.start, end=span.end, text=span.text, source=index.source, type="entity", detail=detail))
    return out


def only_names(piece: Piece) -> bool:
    """Is the piece a span that only names someone ("Mayor Anna Berg", "Umerov, the chief negotiator")?"""
    return piece.claim is not None and piece.claim.kind in IDENTITY_KINDS


def says_only_presence(claim_text: str, naming: Iterable[str]) -> bool:
    """Does the claim say no more than that the people these spans name were there ("Merz took part as well",
    "Merz joined the talks")? Being named in a report of the event shows that much, and no more: "Mayor Anna
    Berg welcomed the decision" is not borne out by a report that names "Mayor Anna Berg". A claim that denies it
    ("Merz did not take part", "Merz declined to attend") says the opposite of what the naming shows."""
    if is_negated(claim_text):
        return False
    named = content_words(" ".join(naming).lower())
    return content_words(claim_text) <= PRESENCE_WORDS | named


def _could_state(claim: Claim, words: frozenset[str], piece: Piece) -> bool:
    """Can the piece state what the claim says about its names? Not a span that only names them, and not a piece
    that carries none of the words saying what happened: MiniLM rates sentences about the same people close
    whatever they say ("Merz was arrested" / "Merz also participated", "She died at Hennepin County Medical
    Center" / "She was taken to Hennepin County Medical Center"); and not a window whose sentences naming the
    claim's people only say they were there ("General Grynkewich was also in attendance." does not state that he
    "chaired the talks", whatever the window's other sentence holds)."""
    if claim.kind not in ("statement", "clause") or says_only_presence(claim.text, [piece.text]):
        return True
    if only_names(piece) or (words and not words & piece.words):
        return False
    naming = [part for part in piece.parts or (piece.text,) if claim.keys & specifics(part)]
    return not naming or not all(content_words(part) <= PRESENCE_WORDS for part in naming)


def judge_semantic(claim: Claim, vector: np.ndarray, own: Analysis, others: Sequence[SourceIndex], settings: Settings) -> ClaimVerdict:
    support: list[Evidence] = []
    conflicts: list[Conflict] = []
    words = content_words(claim.text)
    subject = _named_subject(claim, own)
    for index in others:
        # A source that carries the claim word for word states it, whatever else it says near it.
        copied = copied_in(claim.text, index.analysis.article.text)
        if not copied:
            conflicts.extend(_office_conflicts(claim, own, index))
        found_here: list[Conflict] = []
        stating: list[Piece] = []
        for piece, cosine in index.best(vector, CANDIDATES_PER_SOURCE):
            if cosine < settings.related_threshold:
                break
            # a conflict counts only from a piece this close (the checks are most of compare's time)
            close = not copied and cosine >= settings.conflict_threshold
            found = find_conflicts(claim, own, piece, index.analysis, quote_overlap, settings.quote_overlap) if close else []
            if found:
                found_here.extend(found)
                continue
            if not _could_state(claim, words, piece):
                continue
            score, threshold = support_score(words, piece, cosine, settings)
            if score >= threshold and coverage(claim.keys, piece.keys) >= settings.min_specifics_coverage and (
                    not subject or (subject & piece.keys and not _said_of_another(claim, subject, words, piece))):
                support.append(_evidence(piece, index.source, score))
                stating.append(piece)
        conflicts.extend(_unless_stated(claim, own, found_here, stating, index.analysis))
    return _verdict(claim, support, conflicts, settings)


_VALUE_CONFLICTS: tuple[ConflictType, ...] = ("number", "date")


def _unless_stated(claim: Claim, own: Analysis, conflicts: list[Conflict], stating: list[Piece], other: Analysis) -> list[Conflict]:
    """A source's number and date conflicts with a claim, less those of a kind whose values a supporting piece of
    the same source states as the claim does: "ahead after 37 minutes" is supported by that source's "ahead after
    37 minutes", so its "the lead lasted three minutes" is another fact, not another figure."""
    def values(mentions: Iterable[Mention], kind: str) -> set[tuple[Any, ...]]:
        return {_value_key(m) for m in mentions if m.kind == kind}

    settled = set()
    for kind in _VALUE_CONFLICTS:
        claimed = values(own.mentions_in(claim.start, claim.end), kind)
        if claimed and any(claimed <= values(other.mentions_in(p.start, p.end), kind) for p in stating):
            settled.add(kind)
    return [c for c in conflicts if c.type not in settled]


def _value_key(m: Mention) -> tuple[Any, ...]:
    """What two mentions must share to state one value: a number with its unit, a date (or weekday) as read."""
    if m.kind == "number":
        return (m.value, m.attrs.get("unit"))
    return (m.value, " ".join(m.text.lower().split()))


def _person_of(claim: Claim, own: Analysis) -> Mention | None:
    people = [m for m in own.mentions_in(claim.start, claim.end) if m.kind == "person"]
    return people[-1] if people else None


def _same_person(a: Mention, b: Mention) -> bool:
    if surname_of(a.value) != surname_of(b.value):
        return False
    first_a, first_b = a.value.split()[0].lower(), b.value.split()[0].lower()
    return len(a.value.split()) == 1 or len(b.value.split()) == 1 or first_a == first_b


def judge_role(claim: Claim, own: Analysis, others: Sequence[SourceIndex], settings: Settings) -> ClaimVerdict:
    """Corroborated when another source names the same person; its titles are checked for conflicts. When it
    never names them but names someone else in the same single-holder office, that is an entity conflict."""
    person = _person_of(claim, own)
    support: list[Evidence] = []
    conflicts: list[Conflict] = []
    if person is None:
        return ClaimVerdict(claim, "single_source")
    for index in others:
        matches = [m for m in index.analysis.mentions if m.kind == "person" and _same_person(person, m)]
        for m in matches:
            span = _role_span(m, index.analysis)
            score = 1.0 if m.value == person.value else 0.9  # full name vs surname only
            support.append(_evidence(span, index.source, score))
            conflicts.extend(find_conflicts(claim, own, span, index.analysis))
        if not matches:
            for m, detail in office_holder_conflicts(person, index.analysis.mentions):
                span = _role_span(m, index.analysis)
                conflicts.append(Conflict(start=span.start, end=span.end, text=span.text, source=index.source, type="entity", detail=detail))
    return _verdict(claim, support, conflicts, settings)


def _role_span(m: Mention, analysis: Analysis) -> Mention:
    """The person mention widened to its title, so the evidence shows the role the other source gives."""
    start = m.attrs.get("role_start", m.start)
    end = max(m.end, m.attrs.get("appositive_end", m.end))
    return Mention(start=start, end=end, text=analysis.article.text[start:end], kind="person", value=m.value, attrs=m.attrs)


@lru_cache(maxsize=16384)  # a quote is held against every passage near it, a passage against every quote
def _words(text: str) -> tuple[str, ...]:
    return tuple(w.lower().replace("’", "'") for w in _WORD.findall(text))


def quote_overlap(quote: str, passage: str) -> float:
    """Share of the quote's words that appear, in order, in the passage (1.0: verbatim or a fragment of it)."""
    q, p = _words(quote), _words(passage)
    if not q:
        return 0.0
    blocks = SequenceMatcher(None, q, p, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks) / len(q)


def _innermost(evidence: list[Evidence]) -> list[Evidence]:
    """Drop evidence that merely contains other evidence of the same source (a window around a sentence that
    already supports the claim): the reader is shown the narrowest words the verdict rests on."""
    return [
        e for e in evidence
        if not any(o is not e and o.source == e.source and e.start <= o.start and o.end <= e.end and (o.start, o.end) != (e.start, e.end) for o in evidence)
    ]


def judge_quote(claim: Claim, vector: np.ndarray, own: Analysis, others: Sequence[SourceIndex], settings: Settings) -> ClaimVerdict:
    """The same words in another source (a shorter quote inside a longer one counts, either way round); the same
    words with a negation on one side only ("already a compromise" / "not a compromise") are an inverted quote."""
    support: list[Evidence] = []
    conflicts: list[Conflict] = []
    speaker = _speaker_of(claim.text, own.mentions_in(claim.start, claim.end), own)
    for index in others:
        for piece in index.pieces:
            overlap = max(quote_overlap(claim.text, piece.text), quote_overlap(piece.text, claim.text) if piece.claim and piece.claim.kind == "quote" else 0.0)
            if overlap < settings.quote_overlap:
                continue
            detail = _quoted_otherwise(claim.text, speaker, piece, index.analysis, settings.quote_overlap)
            if detail:
                conflicts.append(Conflict(start=piece.start, end=piece.end, text=piece.text, source=index.source, type="quote", detail=detail))
            else:
                support.append(_evidence(piece, index.source, overlap))
    verdict = _verdict(claim, support, conflicts, settings)
    if verdict.verdict != "single_source":
        return verdict
    return judge_semantic(claim, vector, own, others, settings)


def _quoted_otherwise(quote: str, speaker: str | None, piece: Piece, other: Analysis, threshold: float) -> str | None:
    """How the piece, which carries the quote's words, quotes them otherwise: negated on one side only
    ("inverted"), or said by another named speaker; None when it quotes them alike."""
    quoted = [m for m in other.mentions_in(piece.start, piece.end) if m.kind == "quote"]
    there, as_quoted = _where_quoted(quote, [m.text for m in quoted], piece.text, threshold)
    # A short quote found in running text is a term ("shim"), not a quotation a denial there inverts.
    if negators(quote) != negators(there) and (as_quoted or quoted_words(quote) >= MIN_QUOTATION_WORDS):
        return f"‘{quote.strip(' ,.')}’ vs ‘{there.strip(' ,.')}’ (inverted)"
    said_by = _speaker_of(there, quoted, other)
    if speaker and said_by and quoted_words(quote) >= MIN_REWORDED_WORDS and not _same_speaker(speaker, said_by):
        return f"‘{quote.strip(' ,.')}’ said by {speaker} vs {said_by}"
    return None


def _where_quoted(quote: str, quoted: Sequence[str], piece: str, threshold: float) -> tuple[str, bool]:
    """The piece's words that carry the quote, and whether they are a quotation: its quotation that matches best,
    or, when none of its quotations carries the words, its sentence that does (a two-sentence piece may deny
    something else)."""
    best = max(quoted, key=lambda q: max(quote_overlap(quote, q), quote_overlap(q, quote)), default=None)
    if best is not None and max(quote_overlap(quote, best), quote_overlap(best, quote)) >= threshold:
        return best, True
    sentences = [piece[a:b] for a, b in text_sentences(piece)] or [piece]
    return _words_carrying(quote, max(sentences, key=lambda sentence: quote_overlap(quote, sentence))), False


def _words_carrying(quote: str, sentence: str) -> str:
    """The run of the sentence's words from the first to the last it shares with the quote, one word either side
    (a "not" just before them): what the quote would invert, not a denial elsewhere in the sentence ("some
    partners from the US and Europe did not support ...")."""
    words = _words(sentence)
    blocks = [b for b in SequenceMatcher(None, _words(quote), words, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return sentence
    return " ".join(words[max(0, blocks[0].b - 1) : blocks[-1].b + blocks[-1].size])


def _speaker_of(quote: str, mentions: Iterable[Mention], analysis: Analysis) -> str | None:
    """The person a source names as having said these quoted words, where it says so plainly: a reporting verb
    next to the quote and a speaker the analysis knows as a person. A description ("a spokesman", "Secretary")
    may be the same person, and a speaker taken from context is too often wrong to set two sources against each
    other (on ECB+ quote round-ups, most speakers that differed did so through attribution errors)."""
    people = {surname_of(m.value) for m in analysis.mentions if m.kind == "person"}
    for m in mentions:
        if m.kind == "quote" and m.text == quote and not m.attrs.get("scare") and m.attrs.get("attribution") == "verb":
            speaker = m.attrs.get("speaker")
            return speaker if speaker and surname_of(speaker) in people else None
    return None


def _same_speaker(a: str, b: str) -> bool:
    """"Zelensky" and "President Zelensky", "Vincent Del Giudice" and "Vincent DelGiudice" are one speaker."""
    return _squashed(a).endswith(_squashed(surname_of(b))) or _squashed(b).endswith(_squashed(surname_of(a)))


def _squashed(name: str) -> str:
    return re.sub(r"[\s’'.-]", "", name.lower())
