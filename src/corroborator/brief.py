"""A story's brief: what its independent sources agree on and where they differ, each line cited.

Built from a ``compare`` report, never from new text: every line is a sentence one of the sources wrote, and its
citations are that sentence and the words of the other sources that carry it (or, for a dispute, the two
statements that differ), each with its source and character offsets. Copies of one wire story count as one
source (``CompareReport.reprints``), so "three sources agree" means three independent reports.

    brief(report, agreed=6, disputed=4) -> Brief
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .analyse.specifics import content_words
from .model import ClaimVerdict, CompareReport, ConflictType

BRIEF_SCHEMA = "corroborator.brief/1"
AGREED_LINES = 6
DISPUTED_LINES = 4

LineKind = Literal["agreed", "disputed"]


@dataclass(frozen=True)
class Citation:
    """Where a line's words stand: ``sources[source].text[start:end] == text``."""

    source: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class BriefLine:
    """One line: a source's own sentence, how many independent sources carry it (agreed) or what differs
    (disputed: ``detail``, e.g. "5 hours vs 3 hours"), and the citations it rests on, its own sentence first."""

    kind: LineKind
    text: str
    sources: int
    citations: tuple[Citation, ...]
    conflict: ConflictType | None = None
    detail: str | None = None


@dataclass(frozen=True)
class Brief:
    title: str | None
    articles: tuple[str, ...]
    independent_sources: int
    lines: tuple[BriefLine, ...]
    single_source_claims: int  # statements no other independent source carries (not listed)


# A dispute sets two tellings of one statement against each other: they share this much of the shorter one's
# content words. Read on 24 disputes of 8 ECB+ briefs (session 18): all 4 real ones share 0.40 or more; 7 of the
# 20 false ones, other plays, rounds and years ("late in the fourth quarter" / "an interception in the third
# quarter"), share 0.33 or less. Chosen on that reading, so a lenient line.
MIN_DISPUTE_SHARE = 0.35
MIN_LINE_WORDS = 6  # shorter statements are headline fragments, exclamations and captions, not a brief's facts


def brief(report: CompareReport, agreed: int = AGREED_LINES, disputed: int = DISPUTED_LINES, title: str | None = None) -> Brief:
    """The brief of the reports ``report`` compared: up to ``agreed`` statements carried by the most independent
    sources, then up to ``disputed`` claims another source states otherwise; no fact said twice. Of copies of
    one wire story only the first is read (the others say the same)."""
    order = {a.id: n for n, a in enumerate(report.sources)}
    group = {a.id: report.reprints.get(a.id, a.id) for a in report.sources}
    firsts = {next(a.id for a in report.sources if group[a.id] == g) for g in set(group.values())}
    read = [v for v in report.claims if v.claim.source in firsts]
    statements = [v for v in read if v.claim.kind == "statement"]
    lines = [*_agreed_lines(statements, group, firsts, order, agreed), *_disputed_lines(read, group, disputed)]
    return Brief(
        title=title or _first_title(report),
        articles=tuple(a.id for a in report.sources),
        independent_sources=len(firsts),
        lines=tuple(lines),
        single_source_claims=sum(v.verdict == "single_source" for v in statements),
    )


def _agreed_lines(statements: list[ClaimVerdict], group: dict[str, str], firsts: set[str], order: dict[str, int], most: int) -> list[BriefLine]:
    candidates = []
    for v in statements:
        if v.verdict != "corroborated" or not _worth_a_line(v.claim.text):
            continue
        citations = _one_per_source((_own(v), *(Citation(e.source, e.start, e.end, e.text) for e in v.support)), group, firsts)
        carried_by = {group[c.source] for c in citations}
        candidates.append((-len(carried_by), order[v.claim.source], v.claim.start, v, citations, len(carried_by)))
    lines: list[BriefLine] = []
    cited: list[Citation] = []
    own_lines: list[Citation] = []
    for *_, v, citations, count in sorted(candidates, key=lambda c: c[:3]):
        if len(lines) == most:
            break
        if count < 2 or _overlaps(citations[0], cited) or any(_within(c, cited) or _within_any(own_lines, c) for c in citations[1:]):
            continue  # the counterpart of a line already given, or the same evidence saying it again
        own_lines.append(citations[0])
        cited.extend(citations)
        lines.append(BriefLine("agreed", v.claim.text, count, citations))
    return lines


def _disputed_lines(claims: list[ClaimVerdict], group: dict[str, str], most: int) -> list[BriefLine]:
    """Conflicting claims of any kind but a bare name (a clause or a quote may hold the dispute), each once."""
    lines: list[BriefLine] = []
    cited: list[Citation] = []
    for v in claims:
        if len(lines) == most:
            break
        if v.verdict != "conflicting" or v.claim.kind in ("role", "apposition") or _overlaps(_own(v), cited) or _unwritten(v):
            continue
        conflict = v.conflicts[0]
        other = Citation(conflict.source, conflict.start, conflict.end, conflict.text)
        if _overlaps(other, cited) or _words_shared(v.claim.text, conflict.text) < MIN_DISPUTE_SHARE:
            continue  # the other side of a dispute already given, or a statement of another fact
        citations = (_own(v), other)
        cited.extend(citations)
        sources = len({group[c.source] for c in citations})
        lines.append(BriefLine("disputed", v.claim.text, sources, citations, conflict.type, conflict.detail))
    return lines


def _one_per_source(citations: tuple[Citation, ...], group: dict[str, str], firsts: set[str]) -> tuple[Citation, ...]:
    """One citation of each independent source: a wire story's copies say it once, as the first copy."""
    kept: dict[str, Citation] = {}
    for c in sorted(citations[1:], key=lambda c: c.source not in firsts):
        kept.setdefault(group[c.source], c)
    own = citations[0]
    return (own, *(c for g, c in kept.items() if g != group[own.source]))


def _worth_a_line(text: str) -> bool:
    """A reported fact: a sentence of some length ended by a full stop, so neither a question nor a headline
    ("Lindsay Lohan Checks Out Of Rehab..."), a dateline, a caption or a play-by-play line ("2nd - and - 10 –
    Jamaal Charles up middle for 2 yards"); not in the writer's own voice ("before the season I even thought the
    Colts would win", "It seems …"), which no other source can carry; and not a piece of a quote that names no
    speaker ("Nothing bad is going to happen.")."""
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    unquoted = _QUOTED.sub(" ", text)
    quoting = text.lstrip()[:1] in _QUOTE_MARKS or text.rstrip()[-1:] in _QUOTE_MARKS
    return (len(words) >= MIN_LINE_WORDS and _full_stop(text) and not _headline(text)
            and not _in_own_voice(unquoted) and not (quoting and not _SAID.search(unquoted)))


def _in_own_voice(text: str) -> bool:
    """First person outside quotes, or a stance opener; "I" after a capitalised word is a numeral ("World War I")."""
    if _STANCE.search(text):
        return True
    for m in _FIRST_PERSON.finditer(text):
        before = text[: m.start()].split()
        numeral = len(before) > 1 and before[-1][:1].isupper() and before[-1][-1].isalpha()  # not "Honestly, I"
        if m.group() != "I" or not numeral:
            return True
    return False


def _unwritten(v: ClaimVerdict) -> bool:
    """A headline, or a statement without its full stop (a headline or a caption above the text)."""
    return _headline(v.claim.text) or (v.claim.kind == "statement" and not _full_stop(v.claim.text))


def _words_shared(claim: str, other: str) -> float:
    mine, theirs = content_words(claim), content_words(other)
    return len(mine & theirs) / max(1, min(len(mine), len(theirs)))


def _full_stop(text: str) -> bool:
    return text.rstrip(" \"'’”)").endswith((".", "!"))


def _headline(text: str) -> bool:
    """Title Case, or trailing off: "Lindsay Lohan Checks Into Rehab at Betty Ford Center", "… Out Of Rehab..."."""
    long_words = [w for w in text.split() if len(w) > 3 and w[0].isalpha()]
    return text.rstrip(" \"'’”)").endswith(("..", "…")) or sum(w[0].isupper() for w in long_words) > 0.7 * len(long_words)


_QUOTE_MARKS = "\"“”‘’'"
_SAID = re.compile(r"\b(?:said|says|say|told|tells|added|adds|according|stated|asked|argued|explained|wrote|insisted|"
                   r"warned|noted|declared|announced)\b", re.I)
_QUOTED = re.compile(r"[\"“”][^\"“”]*[\"“”]|‘[^‘’]*’")
_FIRST_PERSON = re.compile(r"\b(?:I|[Mm]e|[Mm]y|[Ww]e|[Uu]s|[Oo]ur)\b")  # not "US"
_STANCE = re.compile(r"^\s*(?:It seems|Thankfully|Fortunately|Unfortunately|Sadly|Clearly|Obviously|Surely|Too bad|"
                     r"Of course|Needless to say)\b")


def _own(v: ClaimVerdict) -> Citation:
    return Citation(v.claim.source, v.claim.start, v.claim.end, v.claim.text)


def _overlaps(citation: Citation, cited: list[Citation]) -> bool:
    return any(c.source == citation.source and c.start < citation.end and citation.start < c.end for c in cited)


def _within_any(lines: list[Citation], citation: Citation) -> bool:
    """Does the citation hold a line already given (its words citing that line's own sentence)?"""
    return any(_within(line, [citation]) for line in lines)


def _within(citation: Citation, cited: list[Citation]) -> bool:
    return any(c.source == citation.source and c.start <= citation.start and citation.end <= c.end for c in cited)


def _first_title(report: CompareReport) -> str | None:
    """The first source's title, or its first line (as ``corroborator stories`` names the story)."""
    return next((a.title for a in report.sources if a.title), report.sources[0].headline if report.sources else None)
