"""corroborator: read several reports of one event and say, claim by claim, what they agree on."""

from __future__ import annotations

from .errors import BackendUnavailable, CorroboratorError, InputError
from .model import Analysis, Article, Claim, ClaimVerdict, CompareReport, Conflict, Evidence, Mention, Sentence
from .settings import Settings

__all__ = [
    "Analysis",
    "Article",
    "BackendUnavailable",
    "Claim",
    "ClaimVerdict",
    "CompareReport",
    "Conflict",
    "CorroboratorError",
    "Evidence",
    "InputError",
    "Mention",
    "Sentence",
    "Settings",
    "audit",
    "compare",
    "read_articles",
]


def audit(article, sources, settings=None, verifier=None, fail_under=None, max_contradicted=None):  # type: ignore[no-untyped-def]
    """Check every claim of ``article`` against ``sources``; see ``corroborator.auditing.audit``."""
    from .auditing import audit as _audit

    return _audit(article, sources, settings, verifier, fail_under, max_contradicted=max_contradicted)


def compare(articles, settings=None):  # type: ignore[no-untyped-def]
    """Compare articles claim by claim; see ``corroborator.pipeline.compare``."""
    from .pipeline import compare as _compare

    return _compare(articles, settings)


def read_articles(paths, stdin=None):  # type: ignore[no-untyped-def]
    """Read articles from files, folders or '-'; see ``corroborator.ingest.read_paths``."""
    from .ingest import read_paths

    return read_paths(paths, stdin=stdin)
