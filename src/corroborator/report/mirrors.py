"""Claims as a reader wants them listed: each agreement or disagreement once, not once from each side."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import ClaimVerdict, CompareReport, Conflict, Evidence, Span


SAME_WORDS = 0.8  # two spans are the same words when each is at least this much inside the other


def _same_words(a: Span, b: Span) -> bool:
    """Mostly the same stretch of text: a name span inside a sentence, or a two-sentence window around it, is not
    the sentence (a fold must not hide what the shown claim leaves out)."""
    shared = min(a.end, b.end) - max(a.start, b.start)
    return shared > 0 and shared >= SAME_WORDS * max(a.end - a.start, b.end - b.start)


def _pieces(v: ClaimVerdict) -> tuple[Evidence | Conflict, ...]:
    return (*v.support, *v.conflicts)


def _cites_back(shown: ClaimVerdict, mirror: ClaimVerdict, piece: Evidence | Conflict) -> bool:
    """``shown`` lists, as ``mirror`` lists ``piece`` (support, or a conflict of the same type), ``mirror``'s own
    words."""
    return any(q.source == mirror.claim.source and _same_words(q, mirror.claim) and _same_kind(q, piece) for q in _pieces(shown))


def _same_kind(a: Evidence | Conflict, b: Evidence | Conflict) -> bool:
    return type(a) is type(b) and getattr(a, "type", None) == getattr(b, "type", None)


def without_mirrors(verdicts: Sequence[ClaimVerdict]) -> tuple[list[ClaimVerdict], int]:
    """The claims of one group (agreed, or conflicting) to print, in order, and how many were left out. A claim
    is left out when every piece of its evidence is the words of a claim already shown that cites its words back:
    "A: German Chancellor Friedrich Merz = B" followed by "B: German Chancellor Friedrich Merz = A" says one thing
    twice, and so do "A: five-hour ≠ B: three-hour" and its reverse (a conflict is mirrored only by one of the same
    type, so no difference goes unlisted). The JSON keeps every claim."""
    shown: list[ClaimVerdict] = []
    by_source: dict[str, list[ClaimVerdict]] = {}
    for v in verdicts:
        pieces = _pieces(v)
        mirrored = pieces and all(
            any(_same_words(u.claim, p) and _cites_back(u, v, p) for u in by_source.get(p.source, ())) for p in pieces
        )
        if not mirrored:
            shown.append(v)
            by_source.setdefault(v.claim.source, []).append(v)
    return shown, len(verdicts) - len(shown)


def group_title(total: int, left_out: int) -> str:
    """'36', or '36 claims; 9 that only mirror a claim above are not repeated'."""
    if not left_out:
        return str(total)
    verb = "mirrors a claim above is" if left_out == 1 else "mirror a claim above are"
    return f"{total} claims; {left_out} that only {verb} not repeated"


def claim_groups(report: CompareReport, labels: dict[str, str]) -> list[tuple[str, list[ClaimVerdict], str]]:
    """(heading, claims to list, count to show) for the human-readable views: agreed, only in each source,
    conflicts; agreements and conflicts without their mirrors."""
    groups = []
    agreed = [v for v in report.claims if v.verdict == "corroborated"]
    shown, left_out = without_mirrors(agreed)
    groups.append(("Agreed", shown, group_title(len(agreed), left_out)))
    for a in report.sources:
        single = [v for v in report.claims_of(a.id) if v.verdict == "single_source"]
        groups.append((f"Only in {labels[a.id]}", single, str(len(single))))
    conflicting = [v for v in report.claims if v.verdict == "conflicting"]
    shown, left_out = without_mirrors(conflicting)
    groups.append(("Conflicts", shown, group_title(len(conflicting), left_out)))
    return groups


def cited_by(report: CompareReport) -> dict[str, list[ClaimVerdict]]:
    """For each claim only one source makes, the other sources' claims that list its words as their support: a
    longer claim ("Russia maintains … and has demanded …") may be only in B while A's shorter one rests on it."""
    single = {v.claim.id: v for v in report.claims if v.verdict == "single_source"}
    by_source: dict[str, list[ClaimVerdict]] = {}
    for v in single.values():
        by_source.setdefault(v.claim.source, []).append(v)
    found: dict[str, list[ClaimVerdict]] = {}
    for u in report.claims:
        for e in u.support:
            for v in by_source.get(e.source, ()):
                if _same_words(e, v.claim) and u not in found.get(v.claim.id, []):
                    found.setdefault(v.claim.id, []).append(u)
    return found
