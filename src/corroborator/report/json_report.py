"""The contract's JSON (``corroborator.compare/1``) as plain dicts."""

from __future__ import annotations

import json
from typing import Any

from ..model import Article, Claim, ClaimVerdict, CompareReport, Conflict, Evidence

COMPARE_SCHEMA = "corroborator.compare/1"


def source_json(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "outlet": article.outlet,
        "date": article.date,
        "url": article.url,
        "text": article.text,
    }


def evidence_json(e: Evidence) -> dict[str, Any]:
    return {"source": e.source, "text": e.text, "start": e.start, "end": e.end, "score": e.score}


def conflict_json(c: Conflict) -> dict[str, Any]:
    return {"type": c.type, "source": c.source, "text": c.text, "start": c.start, "end": c.end, "detail": c.detail}


def claim_fields(c: Claim) -> dict[str, Any]:
    """What every report says of a claim: where it is and what kind it is."""
    return {"id": c.id, "text": c.text, "start": c.start, "end": c.end, "kind": c.kind, "sentence": c.sentence}


def claim_json(v: ClaimVerdict) -> dict[str, Any]:
    return {
        "id": v.claim.id,
        "source": v.claim.source,
        **claim_fields(v.claim),
        "verdict": v.verdict,
        "support": [evidence_json(e) for e in v.support],
        "conflicts": [conflict_json(x) for x in v.conflicts],
    }


def compare_json(report: CompareReport) -> dict[str, Any]:
    out: dict[str, Any] = {
        "schema": COMPARE_SCHEMA,
        "sources": [source_json(a) for a in report.sources],
        "claims": [claim_json(v) for v in report.claims],
        "summary": summary_json(report),
    }
    out["reprints"] = []  # copies of one wire story: they never corroborate each other
    if report.reprints:
        from ..stories.listing import reprint_groups_json

        out["reprints"] = reprint_groups_json(report.reprints)
    out.update(report.tables)
    return out


def summary_json(report: CompareReport) -> dict[str, Any]:
    per_source = {
        a.id: {verdict: n for verdict, n in _counts(report.claims_of(a.id)).items()} for a in report.sources
    }
    return {"counts": report.counts(), "per_source": per_source, "notes": list(report.notes)}


def _counts(verdicts: tuple[ClaimVerdict, ...]) -> dict[str, int]:
    out = {"corroborated": 0, "single_source": 0, "conflicting": 0}
    for v in verdicts:
        out[v.verdict] += 1
    return out


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
