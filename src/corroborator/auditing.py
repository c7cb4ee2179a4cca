"""``audit``: check every claim of one article (a rewrite) against its sources.

- claims: the article's claims from ``analyse`` (statements, clauses, appositions, roles, quotes);
- support: the verifier scores each claim against the sources' text (all sources joined, so a claim that rests
  on two sources can be supported); a claim is supported when the sources carry enough of the names and numbers
  it hinges on (``Claim.keys``) and either the score reaches the verifier's threshold or ``compare``'s alignment
  finds a piece stating the same fact (MiniLM cosine over ``match_threshold`` with those names and numbers: it
  catches the paraphrases and the facts fused from two sentences that word overlap misses);
- evidence: that aligned piece, or else the pieces of the sources (sentences, two-sentence windows, claims;
  ``align.pieces_of``) most related to the claim by MiniLM cosine and word overlap, best first;
- contradicted: a typed conflict (``conflicts.find_conflicts``: number, date, role, entity, negation, quote) with
  a piece similar enough to be about the same fact, found as ``compare`` finds it.

``audit_pairs`` is the batch form for evaluation: (claim, document) rows in, a support score and verdict out,
one model load and batched scoring for the whole file.
"""

from __future__ import annotations

import json
import os
import re
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import numpy as np

from .align import Piece, SourceIndex, build_indexes
from .analyse.negation import closest_sentence, same_polarity
from .analyse.people import surname_of
from .analyse.specifics import content_words, coverage, specific_words, specifics
from .backends.overlap_verifier import content_stems
from .backends.embedder import Embedder, default_embedder
from .backends.verifier import Verifier, decide, load_verifier
from .errors import InputError
from .ingest.ids import unique_ids
from .ingest.records import json_limit, loads
from .model import Analysis, Article, AuditClaimVerdict, AuditReport, Claim, ClaimVerdict, Evidence, HeadlineVerdict, Mention, headline_scored
from .pipeline import analyse_cached
from .settings import DEFAULT, Settings
from .verdict import IDENTITY_KINDS, judge_quote, judge_role, judge_semantic, says_only_presence

__all__ = ["PairRow", "audit", "audit_pairs", "read_pairs"]

CANDIDATES_PER_SOURCE = 8
STEM_OF_NAME = 4  # letters a name shares with its people's adjective ("Germany"/"German", "Ukraine"/"Ukrainian")
SOURCES_SEPARATOR = "\n\n"
PAIRS_BATCH = 64
_verifiers: dict[str, Verifier] = {}
_verifiers_lock = threading.Lock()


def _default_verifier() -> Verifier:
    """The default verifier (the cross-encoder), loaded once per process."""
    with _verifiers_lock:
        if "default" not in _verifiers:
            _verifiers["default"] = load_verifier("default")
        return _verifiers["default"]


def audit(
    article: Article,
    sources: Sequence[Article],
    settings: Settings | None = None,
    verifier: Verifier | None = None,
    fail_under: float | None = None,
    embedder: Embedder | None = None,
    max_contradicted: int | None = None,
) -> AuditReport:
    """Every claim of ``article`` marked supported, unsupported or contradicted by ``sources``, with evidence."""
    settings = settings or DEFAULT
    # The article's own file among its sources (``--sources folder/`` holding it) would support every claim; a
    # copy of it from elsewhere is a source like any other (a rewrite that changed nothing is fully supported).
    not_itself = [s for s in sources if not _same_article(s, article)]
    texts: set[str] = set()
    kept = [s for s in not_itself if s.words_hash not in texts and not texts.add(s.words_hash)]  # type: ignore[func-returns-value]
    if not kept:
        raise InputError(article.path or article.id, "no sources to audit against (give --sources other than the article itself)")
    verifier = verifier or _default_verifier()
    everything = unique_ids([article, *kept])
    analyses = analyse_cached(everything)
    own, others = analyses[0], analyses[1:]
    indexes, vectors = build_indexes(analyses, embedder or default_embedder())
    source_indexes = [indexes[a.article.id] for a in others]
    joined = SOURCES_SEPARATOR.join(a.article.text for a in others)
    claims = own.claims
    scores = np.asarray(verifier.score([(c.text, joined) for c in claims]), dtype=np.float64)
    facts = _SourceFacts(source_indexes, specifics(joined) | _openers_written_lowercase(own.article.text, joined), frozenset(
        (index.source, c.start, c.end) for index in source_indexes for c in index.analysis.claims if c.kind in IDENTITY_KINDS))
    verdicts = _contradicted_inside([
        _judge(claim, float(score), vectors[claim.text], own, facts, verifier.threshold, settings)
        for claim, score in zip(claims, scores)
    ])
    headline = _judge_headline(everything[0], everything[1:], joined, facts, verifier, embedder or default_embedder(), settings)
    # The headline counts only when it names what no source does or is ruled out outright (``headline_scored``).
    checked = [*verdicts, *([headline] if headline and headline_scored(headline) else [])]
    supported = sum(v.verdict == "supported" for v in checked)
    # No claim to check (an empty or garbage rewrite) scores 0, so a --fail-under gate stops it.
    score = supported / len(checked) if verdicts else 0.0
    notes = ("the article has no claims to check: score 0",) if not verdicts else ()
    if len(not_itself) < len(sources):
        notes += ("the article itself, given among its sources, was left out",)
    if len(kept) < len(not_itself):
        notes += (f"{len(not_itself) - len(kept)} source(s) with the same text as another source were left out",)
    return AuditReport(
        article=everything[0],
        sources=tuple(everything[1:]),
        claims=tuple(verdicts),
        score=score,  # exact, so --fail-under compares the true share (reports round it)
        fail_under=fail_under,
        max_contradicted=max_contradicted,
        verifier=verifier.name,
        verifier_threshold=round(float(verifier.threshold), 4),
        notes=notes,
        headline=headline,
    )


def _same_article(source: Article, article: Article) -> bool:
    """The article itself: the same file, or (read from no file) the same id and text."""
    if source.path and article.path and "-" not in (source.path, article.path):
        return os.path.realpath(source.path) == os.path.realpath(article.path)
    return source is article or (source.id == article.id and source.text == article.text)


@dataclass(frozen=True)
class _SourceFacts:
    """What every claim of an audit is read against: the sources' indexes, their names and numbers, and the
    spans that only name someone (role and apposition claims: "German Chancellor Friedrich Merz")."""

    indexes: Sequence[SourceIndex]
    keys: frozenset[str]
    identities: frozenset[tuple[str, int, int]]


def _judge(claim: Claim, score: float, vector: np.ndarray, own: Analysis, facts: _SourceFacts, threshold: float, settings: Settings) -> AuditClaimVerdict:
    sources = facts.indexes
    aligned = _compare_verdict(claim, vector, own, sources, settings)
    candidates = [(index, piece, cosine) for index in sources for piece, cosine in index.best(vector, CANDIDATES_PER_SOURCE)]
    evidence = aligned.support or _evidence(claim, candidates, settings)
    keys_found = coverage(claim.keys, facts.keys) >= settings.min_specifics_coverage and all(
        k in facts.keys for k in claim.keys if k[0].isdigit())
    if aligned.conflicts:
        verdict, basis = "contradicted", "conflict"
    elif not keys_found:
        verdict, basis = "unsupported", "missing_specifics"
    elif score >= threshold:
        verdict, basis = "supported", "verifier"
    elif aligned.verdict == "corroborated":
        unproven = _alignment_unproven(claim, aligned.support, facts) or _person_put_for_another(claim, own, aligned.support, facts)
        verdict, basis = ("unsupported", "aligned_unproven") if unproven else ("supported", "aligned")
    else:
        verdict, basis = "unsupported", "below_threshold"
    return AuditClaimVerdict(
        claim=claim, verdict=verdict, score=round(score, 4), evidence=evidence, conflicts=aligned.conflicts,  # type: ignore[arg-type]
        basis=basis, missing=_missing_keys(claim, own.article.text, facts.keys),  # type: ignore[arg-type]
        unproven=unproven if basis == "aligned_unproven" else "",
    )


def _contradicted_inside(verdicts: list[AuditClaimVerdict]) -> list[AuditClaimVerdict]:
    """A sentence is not supported when a claim inside it is contradicted: "'… 3.5% improvement anticipated,' said
    chief executive Rod Eddington" states who said it, and the quote claim is contradicted (the source has the
    chairman say it); the sentence takes the inner claim's conflicts rather than pass on the quoted words alone."""
    contradicted = [v for v in verdicts if v.verdict == "contradicted"]
    out = []
    for v in verdicts:
        inner = [u for u in contradicted if u is not v and v.claim.start <= u.claim.start and u.claim.end <= v.claim.end]
        if v.verdict == "supported" and inner:
            conflicts = tuple(dict.fromkeys(x for u in inner for x in u.conflicts))
            v = replace(v, verdict="contradicted", basis="conflict", conflicts=conflicts, unproven="")
        out.append(v)
    return out


def _alignment_unproven(claim: Claim, support: Sequence[Evidence], facts: _SourceFacts) -> str:
    """Why ``compare``'s alignment cannot stand in for a verifier score under its line ("" when it can): it proves
    the fact only where a statement rests on a source sentence, not on a span that only names someone ("Merz was
    arrested" is near "German Chancellor Friedrich Merz"), with the same polarity ("refused" is near "is ready"),
    and every name and number of the claim is in the sources (a place put for another: "in Paris" for "in Berlin";
    a people's adjective counts for its country, "Germany" for "German")."""
    if claim.kind in ("statement", "clause"):
        stated = [e for e in support if (e.source, e.start, e.end) not in facts.identities] or _presence(claim, support)
        if not stated:
            return "the source words it aligns with only name someone"
        if not same_polarity(claim.text, [e.text for e in stated]):
            return "the source sentence it aligns with denies what it asserts, or asserts what it denies"
        if (hedge := _hedge_dropped(claim.text, [e.text for e in stated])):
            return f"the source hedges it (‘{hedge}’), the claim states it as certain"
    return "" if all(_carried(key, facts.keys) for key in claim.keys) else "a name or number of it is in no source"


_HEDGE = re.compile(r"\b(?:may|might|could|possibly|perhaps|probabl\w*|likel\w*|unlikely|expect\w*|predict\w*|forecast\w*)\b")


def _hedge_dropped(claim_text: str, stated: Sequence[str]) -> str:
    """The source's hedge ("may be cut", "could signal", "expected to decline") when the claim has none: a rewrite
    that turns "may" into "will" states what the source does not."""
    if _HEDGE.search(claim_text):
        return ""
    found = _HEDGE.search(closest_sentence(claim_text, stated))  # not a hedge in a window's other sentence
    return found.group() if found else ""


def _person_put_for_another(claim: Claim, own: Analysis, support: Sequence[Evidence], facts: _SourceFacts) -> str:
    """Says so ("" otherwise) when the claim names one person where the source sentences it aligns with name another
    ("Bramble headed Xabi Alonso's corner" against "... headed Gerrard's corner"). ``compare`` calls that an entity
    conflict only when the other source never names the claim's person; in a rewrite, a person put in the place of
    another from the same story is the likelier slip, so the alignment does not vouch for it (one person on each
    side, by surname)."""
    if claim.kind not in ("statement", "clause"):
        return ""
    mine = _surnames(own.mentions_in(claim.start, claim.end))
    by_source = {index.source: index.analysis for index in facts.indexes}
    stated = frozenset().union(*(_surnames(by_source[e.source].mentions_in(e.start, e.end)) for e in support if e.source in by_source))
    if len(mine - stated) == 1 and len(stated - mine) == 1:
        (ours,), (theirs,) = mine - stated, stated - mine
        return f"it names {ours.title()} where the source sentence it aligns with names {theirs.title()}"
    return ""


def _surnames(mentions: Iterable[Mention]) -> frozenset[str]:
    return frozenset(surname_of(m.value) for m in mentions if m.kind == "person")


def _presence(claim: Claim, support: Sequence[Evidence]) -> list[Evidence]:
    """The naming spans, when all the claim says besides them is that someone was there ("Merz took part as
    well", "Merz joined the talks"): being named in a report of the event shows that much."""
    return list(support) if says_only_presence(claim.text, [e.text for e in support]) else []


def _carried(key: str, source_keys: frozenset[str]) -> bool:
    """Is the name or number in the sources? A one-word name also as another form of it (a people's adjective);
    numbers and names of several words ("united states") only as they are."""
    if key in source_keys or key[0].isdigit() or " " in key:
        return key in source_keys
    stem = key[:STEM_OF_NAME]
    return len(key) >= STEM_OF_NAME and any(" " not in k and k[:STEM_OF_NAME] == stem for k in source_keys)


def _judge_headline(article: Article, sources: Sequence[Article], joined: str, facts: _SourceFacts, verifier: Verifier,
                    embedder: Embedder, settings: Settings) -> HeadlineVerdict | None:
    """The headline against the sources: the verifier's score and the names-and-numbers gate (a headline has no
    offsets, so no alignment or typed conflicts: every number must be in the sources). Title Case makes every
    word look like a name: only the names the article's own text writes capitalised count, and every number."""
    title = " ".join((article.title or "").split())
    if not title:
        return None
    titles = [" ".join(s.title.split()) for s in sources if s.title]
    with_titles = SOURCES_SEPARATOR.join([*titles, joined])  # a headline may rest on a source's headline
    score = float(np.asarray(verifier.score([(title, with_titles)]), dtype=np.float64)[0])
    missing, carried = _headline_specifics(title, article.text, facts.keys | specifics(" ".join(titles)))
    vector = embedder.embed([title])[0]
    candidates = [(index, piece, cosine) for index in facts.indexes for piece, cosine in index.best(vector, CANDIDATES_PER_SOURCE)]
    evidence = _evidence(Claim(start=0, end=0, text=title), candidates, settings)
    if carried < settings.min_specifics_coverage:
        verdict, basis = "unsupported", "missing_specifics"
    elif score >= verifier.threshold:
        verdict, basis = "supported", "verifier"
    else:
        verdict, basis = "unsupported", "below_threshold"
    return HeadlineVerdict(text=title, verdict=verdict, score=round(score, 4), basis=basis, missing=missing,  # type: ignore[arg-type]
                           evidence=evidence)


def _headline_specifics(title: str, body: str, source_keys: frozenset[str]) -> tuple[tuple[str, ...], float]:
    """The headline's names and numbers the sources lack, as it writes them, and the share they carry (0 when a
    number is missing: no alignment compares a headline's numbers with the sources', as for claims)."""
    keys = frozenset(k for k in specifics(title) if k[0].isdigit() or k in specifics(body))
    words = specific_words(title)
    absent = [k for k in words if k in keys and not _carried(k, source_keys)]
    if any(k[0].isdigit() for k in absent):
        return tuple(words[k] for k in absent), 0.0
    return tuple(words[k] for k in absent), (1.0 - len(absent) / len(keys) if keys else 1.0)


_OPENER = re.compile(r"(?:\A|[.!?]['’\"”)]*\s+|\n\s*)[\"“‘']?([A-Z][a-z]+)\b")


def _openers_written_lowercase(article_text: str, sources_text: str) -> frozenset[str]:
    """Capitalised words opening a sentence of the article that the sources write as common words: "Twins
    Frederick and David Barclay bought …" against "… the twins Frederick and David Barclay": the parser may read
    "Twins" as part of the name, but it is no name the sources lack."""
    openers = {m.group(1).lower() for m in _OPENER.finditer(article_text)}
    return frozenset(w for w in openers if re.search(rf"\b{w}\b", sources_text))


def _missing_keys(claim: Claim, article_text: str, source_keys: frozenset[str]) -> tuple[str, ...]:
    """The claim's names and numbers that no source carries, as the article writes them, in the claim's order
    (a clause's keys may come from the subject it shares, elsewhere in the sentence)."""
    missing = claim.keys - source_keys
    words = specific_words(claim.text)
    if not missing <= words.keys():
        for key, word in specific_words(article_text).items():
            words.setdefault(key, word)
    return tuple([word for key, word in words.items() if key in missing] + sorted(missing - words.keys()))


def _compare_verdict(claim: Claim, vector: np.ndarray, own: Analysis, sources: Sequence[SourceIndex], settings: Settings) -> ClaimVerdict:
    """What ``compare`` says of the claim against the sources: corroborated (a piece states the same fact, with
    its names and numbers), or conflicting (a typed conflict on a related piece)."""
    if claim.kind == "role":
        return judge_role(claim, own, sources, settings)
    if claim.kind == "quote":
        return judge_quote(claim, vector, own, sources, settings)
    return judge_semantic(claim, vector, own, sources, settings)


def _relevance(claim: Claim, piece: Piece, cosine: float) -> float:
    """How strongly a piece bears on the claim: MiniLM cosine and the share of the claim's content words in it."""
    words = content_stems(claim.text)
    overlap = len(words & content_stems(piece.text)) / len(words) if words else 0.0
    return max(0.0, min(1.0, 0.5 * cosine + 0.5 * overlap))


def _evidence(claim: Claim, candidates: list[tuple[SourceIndex, Piece, float]], settings: Settings) -> tuple[Evidence, ...]:
    scored = sorted(
        ((round(_relevance(claim, piece, cosine), 4), index.source, piece) for index, piece, cosine in candidates),
        key=lambda t: (-t[0], t[1], t[2].start, t[2].end),
    )
    kept: dict[str, list[Evidence]] = {}
    for relevance, source, piece in scored:
        mine = kept.setdefault(source, [])
        if len(mine) < settings.evidence_per_source and all(not (e.start <= piece.start and piece.end <= e.end) for e in mine):
            mine.append(Evidence(start=piece.start, end=piece.end, text=piece.text, source=source, score=relevance))
    return tuple(sorted((e for es in kept.values() for e in es), key=lambda e: (-e.score, e.source, e.start)))


# --- audit --pairs ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PairRow:
    """One line of a ``--pairs`` file: a claim and the text it should rest on."""

    id: object
    claim: str
    doc: str  # the sources joined, as the verifier reads them
    sources: tuple[str, ...] = ()  # each source apart, as audit reads them (the doc alone when empty)


def read_pairs(path: str | Path) -> list[PairRow]:
    """Every row of a ``--pairs`` JSONL file, or ``InputError`` naming the first bad line (nothing is scored)."""
    if os.path.exists(path) and not os.path.isfile(path) and not os.path.isdir(path):
        raise InputError(str(path), "not a regular file (a pipe, socket or device)")  # reading a FIFO blocks
    try:
        with open(path, encoding="utf-8-sig") as fh:
            rows = list(_parse_pairs(str(path), fh))
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 text ({exc.reason})") from exc
    if not rows:
        raise InputError(str(path), "no rows in file (expected JSON lines with id, claim and doc or sources)")
    return rows


def _parse_pairs(path: str, lines: Iterable[str]) -> Iterator[PairRow]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"line {number}: not valid JSON ({exc.msg})") from exc
        except (RecursionError, ValueError) as exc:
            raise InputError(path, f"line {number}: not valid JSON ({json_limit(exc)})") from exc
        yield _pair_row(path, number, record)


def _pair_row(path: str, number: int, record: object) -> PairRow:
    def bad(problem: str) -> InputError:
        return InputError(path, f"line {number}: {problem}")

    if not isinstance(record, dict):
        raise bad("expected a JSON object with id, claim and doc (or sources)")
    if "id" not in record:
        raise bad("missing 'id'")
    claim = record.get("claim")
    if not isinstance(claim, str) or not claim.strip():
        raise bad("'claim' must be a non-empty string")
    doc = record.get("doc")
    if doc is not None and "sources" in record:
        raise bad("give 'doc' or 'sources', not both")
    sources: tuple[str, ...] = ()
    if doc is None and "sources" in record:
        given = record["sources"]
        if not isinstance(given, list) or not given or not all(isinstance(s, str) for s in given):
            raise bad("'sources' must be a non-empty list of strings")
        sources, doc = tuple(s for s in given if s.strip()), SOURCES_SEPARATOR.join(given)
    if not isinstance(doc, str) or not doc.strip():
        raise bad("needs 'doc' (a non-empty string) or 'sources'")
    return PairRow(id=record["id"], claim=claim, doc=doc, sources=sources)


def audit_pairs(rows: Sequence[PairRow], verifier: Verifier | None = None, batch_size: int = PAIRS_BATCH,
                settings: Settings | None = None, score_only: bool = False) -> list[dict]:
    """``{"id", "score", "verdict"}`` per row, in input order; the verifier is loaded once and fed in batches.

    ``score`` is the verifier's for the whole claim against the whole doc; ``verdict`` is ``audit``'s default
    decision, the claim read as an article and the doc (or each of ``sources``) as its sources: contradicted
    when any of its claims is, supported when all are, else unsupported (``score_only``: the verifier's
    decision on the score, several times faster).
    """
    verifier = verifier or _default_verifier()
    out: list[dict] = []
    for begin in range(0, len(rows), batch_size):
        batch = rows[begin : begin + batch_size]
        scores = np.asarray(verifier.score([(r.claim, r.doc) for r in batch]), dtype=np.float64)
        for row, score in zip(batch, scores):
            verdict = decide(float(score), verifier.threshold) if score_only else _pair_verdict(row, float(score), verifier, settings)
            out.append({"id": row.id, "score": round(float(np.clip(score, 0.0, 1.0)), 4), "verdict": verdict})
    return out


def _pair_verdict(row: PairRow, score: float, verifier: Verifier, settings: Settings | None) -> str:
    article = Article(id="claim", text=row.claim)
    sources = [Article(id=f"source-{n}", text=text) for n, text in enumerate(row.sources or (row.doc,), start=1)]
    verdicts = [c.verdict for c in audit(article, sources, settings, verifier).claims]
    if not verdicts:  # nothing audit reads as a claim (a fragment): the verifier's decision
        return decide(score, verifier.threshold)
    if "contradicted" in verdicts:
        return "contradicted"
    return "supported" if all(v == "supported" for v in verdicts) else "unsupported"
