"""The cross-source tables (quotes, people, numbers, dates) as rows of plain strings, for the text and markdown
views. The data itself is ``CompareReport.tables`` (see corroborator.tables and docs/facts.md)."""

from __future__ import annotations

from typing import Any, Callable

from ..model import CompareReport
from .labels import shorten

Section = tuple[str, tuple[str, ...], list[tuple[str, ...]]]


def _by_source(row: dict[str, Any], labels: dict[str, str], show: Callable[[dict[str, Any]], str]) -> str:
    """ "A: ‘Monday’; B: ‘This Monday’", each wording of a source once however often it writes it."""
    shown = (f"{labels.get(s['source'], s['source'])}: {show(s)}" for s in row["sources"])
    return "; ".join(dict.fromkeys(shown))


def _differs(row: dict[str, Any]) -> str:
    """ "  ≠ 5 hours vs 3 hours" where a conflict sets the row's value against another source's."""
    return "".join(f"  ≠ {d}" for d in row.get("differs") or [])


def _carried(row: dict[str, Any], labels: dict[str, str]) -> str:
    return " ".join(sorted({labels.get(s["source"], s["source"]) for s in row["sources"]}))


def fact_sections(report: CompareReport, labels: dict[str, str]) -> list[Section]:
    """(title, column headings, rows) for each non-empty table, in the order quotes, people, numbers, dates."""
    tables = report.tables
    sections: list[Section] = []
    quotes = [
        (row["speaker"] or "?", shorten(row["words"], 90), _carried(row, labels), row["agreement"].replace("_", " "))
        for row in tables.get("quotes", [])
    ]
    people = [
        (row["name"], _by_source(row, labels, lambda s: ", ".join(s["roles"]) or "(no title)") + _differs(row))
        for row in tables.get("people", [])
    ]
    numbers = [
        (row["display"], _by_source(row, labels, lambda s: f"‘{s['text']}’") + _differs(row)) for row in tables.get("numbers", [])
    ]
    dates = [
        (str(row["value"] or row["display"]), _by_source(row, labels, lambda s: f"‘{s['text']}’") + _differs(row))
        for row in tables.get("dates", [])
    ]
    for title, head, rows in (
        ("QUOTES", ("speaker", "words", "sources", "agreement"), quotes),
        ("PEOPLE", ("person", "roles by source"), people),
        ("NUMBERS", ("quantity", "wording by source"), numbers),
        ("DATES", ("date", "wording by source"), dates),
    ):
        if rows:
            sections.append((title, head, rows))
    return sections
