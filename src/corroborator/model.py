"""The data model: frozen dataclasses that every stage takes and returns.

Offsets are character offsets into ``Article.text`` (Python string indices), half-open: ``text[start:end]``.
The contract's JSON is a rendering of these classes (``corroborator.report.json_report``), not a second model.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, Mapping

Verdict = Literal["corroborated", "single_source", "conflicting"]
AuditVerdict = Literal["supported", "unsupported", "contradicted"]
# Which rule of ``audit`` decided a verdict: a typed conflict; the verifier's score against its threshold; an
# aligned source piece stating the same fact (``compare``'s corroboration), or one that does not prove it; names
# or numbers no source carries.
AuditBasis = Literal["conflict", "verifier", "aligned", "aligned_unproven", "missing_specifics", "below_threshold"]
ConflictType = Literal["number", "date", "entity", "role", "quote", "negation", "other"]
MentionKind = Literal["person", "organisation", "place", "number", "date", "quote", "negation"]
ClaimKind = Literal["statement", "clause", "apposition", "role", "quote"]

VERDICTS: tuple[Verdict, ...] = ("corroborated", "single_source", "conflicting")
AUDIT_VERDICTS: tuple[AuditVerdict, ...] = ("supported", "unsupported", "contradicted")
CONFLICT_TYPES: tuple[ConflictType, ...] = ("number", "date", "entity", "role", "quote", "negation", "other")


def content_hash(text: str) -> str:
    """Stable identity of an article's text (used for caching and idempotent ingest)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_DATE_ONLY = re.compile(
    r"(?:\s|[\d:,./-]|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*"
    r"|\b(?:am|pm|a\.m\.|p\.m\.|gmt|utc|est|edt|bst|cet)\b)+", re.IGNORECASE)


@dataclass(frozen=True)
class Article:
    """One news report. ``text`` is what every offset points into."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD or full timestamp) when known
    url: str | None = None
    path: str | None = None  # where it was read from ("-" for stdin)

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    @property
    def headline(self) -> str:
        """Its title, or else its first line that is not a bare date or time ("May 2, 2013, 1:12 PM"), cut to
        about 100 characters: what lists of stories and briefs call it."""
        candidates = [self.title or "", *self.text.strip().split("\n")[:3]]
        first = next((c.strip() for c in candidates if c.strip() and not _DATE_ONLY.fullmatch(c.strip())), self.text.strip())
        return first if len(first) <= 100 else first[:99].rsplit(" ", 1)[0] + "…"

    @property
    def words_hash(self) -> str:
        """Identity of the text's words, whatever its spacing and line breaks: a hard-wrapped or re-spaced copy of
        a report is the same report (``compare`` and ``audit`` read it as a copy, not as a second source)."""
        return content_hash(" ".join(self.text.split()))


@dataclass(frozen=True)
class Span:
    """A piece of an article: ``article.text[start:end] == text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence(Span):
    index: int = 0


@dataclass(frozen=True)
class Mention(Span):
    """A fact-bearing piece of a sentence with its normalised value.

    ``value`` by kind: person/organisation/place -> canonical name; number -> float; date -> ISO date string;
    quote -> the quoted words; negation -> the negated head word. ``attrs`` holds the rest (role, unit,
    qualifier, speaker, ...); it is a plain mapping so stages can add keys without changing the class.
    """

    kind: MentionKind = "person"
    value: Any = None
    attrs: Mapping[str, Any] = field(default_factory=dict)
    sentence: int = 0


@dataclass(frozen=True)
class Claim(Span):
    """An atomic statement a source makes. ``id`` is ``<source id>#<n>``."""

    id: str = ""
    source: str = ""
    kind: ClaimKind = "statement"
    sentence: int = 0
    # The names and numbers the claim's truth hinges on (see analyse.specifics); for an apposition only those
    # of the appositive, for a statement not those of nested role/apposition claims, which are judged apart.
    keys: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Analysis:
    """Everything derived from one article's text; pure and cacheable by ``article.content_hash``."""

    article: Article
    sentences: tuple[Sentence, ...]
    claims: tuple[Claim, ...]
    mentions: tuple[Mention, ...] = ()

    def mentions_in(self, start: int, end: int) -> tuple[Mention, ...]:
        """The mentions lying within [start, end), in the order of ``mentions``."""
        starts, order = self._by_start
        inside = [i for i in order[bisect_left(starts, start) : bisect_left(starts, end)] if self.mentions[i].end <= end]
        return tuple(self.mentions[i] for i in sorted(inside))

    @cached_property
    def surnames(self) -> frozenset[str]:
        """The surnames of the persons it mentions (``analyse.people`` gives each person mention one)."""
        return frozenset(m.attrs["surname"] for m in self.mentions if m.kind == "person" and "surname" in m.attrs)

    @cached_property
    def _by_start(self) -> tuple[list[int], list[int]]:
        """Mention starts in ascending order, with the mentions' indices: a lookup per piece stays logarithmic."""
        order = sorted(range(len(self.mentions)), key=lambda i: self.mentions[i].start)
        return [self.mentions[i].start for i in order], order


@dataclass(frozen=True)
class Evidence(Span):
    """Words in another source that a verdict rests on, and how strongly (0..1)."""

    source: str = ""
    score: float = 0.0


@dataclass(frozen=True)
class Conflict(Span):
    """Where another source states the same fact differently."""

    source: str = ""
    type: ConflictType = "other"
    detail: str = ""


@dataclass(frozen=True)
class ClaimVerdict:
    claim: Claim
    verdict: Verdict
    support: tuple[Evidence, ...] = ()
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True)
class CompareReport:
    """The result of ``compare``: every claim of every source with its verdict and evidence."""

    sources: tuple[Article, ...]
    claims: tuple[ClaimVerdict, ...]
    notes: tuple[str, ...] = ()
    tables: Mapping[str, Any] = field(default_factory=dict)
    # article id -> near-duplicate group id, for sources that are copies of one another (see pipeline.compare)
    reprints: Mapping[str, str] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        out = {v: 0 for v in VERDICTS}
        for c in self.claims:
            out[c.verdict] += 1
        return out

    def claims_of(self, source_id: str) -> tuple[ClaimVerdict, ...]:
        return tuple(c for c in self.claims if c.claim.source == source_id)


@dataclass(frozen=True)
class AuditClaimVerdict:
    """One claim of an audited article: supported, unsupported or contradicted by the sources.

    ``score`` is the verifier's calibrated probability that the sources support the claim (0..1); ``evidence``
    holds the source words it rests on, best first; ``conflicts`` the typed differences behind a contradiction;
    ``basis`` the rule that decided the verdict and ``missing`` the claim's names and numbers that no source
    carries (as the claim writes them, in its order), so a verdict whose score sits on the other side of the
    verifier's threshold says why.
    """

    claim: Claim
    verdict: AuditVerdict
    score: float
    evidence: tuple[Evidence, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    basis: AuditBasis = "verifier"
    missing: tuple[str, ...] = ()
    unproven: str = ""  # with basis "aligned_unproven": why the aligned source words do not prove the claim


@dataclass(frozen=True)
class HeadlineVerdict:
    """The article's headline checked against the sources. It is not part of ``Article.text``, so it has no
    offsets; it counts in the audit score only when it names what no source does (``docs/audit.md``)."""

    text: str
    verdict: AuditVerdict
    score: float
    basis: AuditBasis
    missing: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    conflicts: tuple[Conflict, ...] = ()  # typed conflicts need offsets: never looked for in a headline


# Of 400 BBC headlines read against their own stories, none scored under 0.2 (other stories' headlines: 4%); a
# score under this is a headline ruled out outright (a name or number put for another in a source's words).
HEADLINE_FLOOR = 0.05


def headline_scored(headline: HeadlineVerdict | None) -> bool:
    """A headline counts in the audit score only when it names what no source does, or the verifier rules it out
    outright (under ``HEADLINE_FLOOR``): otherwise the verifier reads headlines poorly (faithful ones score
    0.35-0.50 against the example's source) and would mark down nearly every article that has one."""
    if headline is None:
        return False
    return headline.basis == "missing_specifics" or (headline.verdict == "unsupported" and headline.score < HEADLINE_FLOOR)


@dataclass(frozen=True)
class AuditReport:
    """The result of ``audit``: every claim of one article checked against its sources."""

    article: Article
    sources: tuple[Article, ...]
    claims: tuple[AuditClaimVerdict, ...]
    score: float  # share of the article's claims that are supported, and of its headline when it is scored
    fail_under: float | None = None
    max_contradicted: int | None = None  # a gate on contradictions besides the score's (``--max-contradicted``)
    verifier: str = ""
    verifier_threshold: float | None = None  # a claim's score at or above it counts as support
    notes: tuple[str, ...] = ()
    headline: HeadlineVerdict | None = None

    @property
    def passed(self) -> bool:
        return (self.fail_under is None or self.score >= self.fail_under) and not self.too_many_contradicted

    @property
    def too_many_contradicted(self) -> bool:
        """More claims contradicted than ``max_contradicted`` allows: one wrong figure fails a gate that a score
        of 0.97 would pass."""
        return self.max_contradicted is not None and self.counts()["contradicted"] > self.max_contradicted

    @property
    def headline_scored(self) -> bool:
        return headline_scored(self.headline)

    def counts(self) -> dict[str, int]:
        out = {v: 0 for v in AUDIT_VERDICTS}
        for c in self.claims:
            out[c.verdict] += 1
        return out
