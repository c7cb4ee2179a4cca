"""Cross-source tables for ``compare``: who is quoted saying what (and in which sources, how faithfully), the
people with the roles each source gives them, and the numbers and dates, each with offsets into its source.

The values are JSON-ready lists of dicts (``CompareReport.tables``); docs/facts.md documents their shape.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any, Callable, Hashable, Iterable, Sequence

from .analyse.people import surname_of
from .model import Analysis, ClaimVerdict, Mention
from .verdict import quote_overlap

Row = dict[str, Any]
QUOTE_GROUPING = 0.8  # the same quotation: this share of the shorter quote's words, in order, in the longer


def build_tables(analyses: Sequence[Analysis], quote_threshold: float = QUOTE_GROUPING) -> dict[str, list[Row]]:
    # Grouped in an order of their own (by article id), so that the same articles given in another order give
    # the same groups; shown in the order given.
    mentions = [(a.article.id, m) for a in sorted(analyses, key=lambda a: a.article.id) for m in a.mentions]
    order = {a.article.id: i for i, a in enumerate(analyses)}
    places = _places(mentions)
    return {
        "quotes": _quotes([(s, m) for s, m in mentions if m.kind == "quote"], quote_threshold, order),
        "people": _people([(s, m) for s, m in mentions if m.kind == "person" and m.text.lower() not in places], order),
        "numbers": _numbers([(s, m) for s, m in mentions if m.kind == "number"], order),
        "dates": _dates([(s, m) for s, m in mentions if m.kind == "date"], order),
    }


# Which conflicts a table's rows can show: a number row a number conflict, a person a name or title conflict.
_DIFFERENCES = {"numbers": ("number",), "dates": ("date",), "people": ("entity", "role")}


def mark_differences(tables: dict[str, list[Row]], verdicts: Sequence[ClaimVerdict]) -> dict[str, list[Row]]:
    """Each row of the people, numbers and dates tables that a conflict sets against another source's value gets
    ``differs``: the conflicts' details ("5 hours vs 3 hours"), so that a table shows where sources disagree
    rather than two rows each carried by one source. A row counts when one of its mentions lies in the
    conflicting claim or in the other source's words, and the detail names its value."""
    for key, kinds in _DIFFERENCES.items():
        rows = tables.get(key, [])
        index = _mentions_by_source(rows)
        found: dict[int, set[str]] = {}
        for v in verdicts:
            for c in (c for c in v.conflicts if c.type in kinds):
                for side in ((v.claim.source, v.claim.start, v.claim.end), (c.source, c.start, c.end)):
                    for i in _rows_inside(index, side):
                        if _names_row(key, rows[i], c.detail):
                            found.setdefault(i, set()).add(_row_first(key, rows[i], c.detail))
        for i, details in found.items():
            rows[i]["differs"] = sorted(details)
    return tables


def _mentions_by_source(rows: list[Row]) -> dict[str, tuple[list[int], list[tuple[int, int]]]]:
    """source -> the starts of the rows' mentions in it, sorted, and (end, row index) in the same order."""
    spans: dict[str, list[tuple[int, int, int]]] = {}
    for i, row in enumerate(rows):
        for s in row["sources"]:
            for m in s.get("mentions") or [s]:
                spans.setdefault(s["source"], []).append((m["start"], m["end"], i))
    return {source: ([a for a, _, _ in sorted(found)], [(b, i) for _, b, i in sorted(found)]) for source, found in spans.items()}


def _rows_inside(index: dict[str, tuple[list[int], list[tuple[int, int]]]], span: tuple[str, int, int]) -> set[int]:
    """The rows with a mention inside the span (source, start, end)."""
    starts, ends = index.get(span[0], ([], []))
    return {ends[k][1] for k in range(bisect_left(starts, span[1]), bisect_left(starts, span[2])) if ends[k][0] <= span[2]}


def _row_first(key: str, row: Row, detail: str) -> str:
    """The detail with the row's own value first: the row of 3 hours differs "3 hours vs 5 hours"."""
    first, _, second = detail.partition(" vs ")
    return f"{second} vs {first}" if second and not _names_row(key, row, first) else detail


_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _names_row(key: str, row: Row, detail: str) -> bool:
    """Does the conflict's detail give this row's value ("5 hours vs 3 hours" the row of 5 hours)?"""
    if key == "numbers":
        return any(float(n.replace(",", "")) == row["value"] for n in _FIGURE.findall(detail))
    if key == "people":
        return surname_of(row["name"]) in detail.lower()
    return str(row["display"]).lower() in detail.lower() or str(row["value"]) in detail


def _places(mentions: Sequence[tuple[str, Mention]]) -> frozenset[str]:
    """Names some source gives as a place: a "person" of that name in another is the parser's slip ("Banda Aceh")."""
    return frozenset(m.text.lower() for _, m in mentions if m.kind == "place")


def _groups(items: Iterable[tuple[str, Mention]], same: Callable[[Mention, Mention], bool],
            bucket: Callable[[Mention], Hashable] | None = None) -> list[list[tuple[str, Mention]]]:
    """Greedy grouping in text order: an item joins the first group holding a matching item. With ``bucket``, only
    items of one bucket can match (a value ``same`` implies), so a long text's mentions are not compared all
    against all."""
    groups: list[list[tuple[str, Mention]]] = []
    by_bucket: dict[Hashable, list[list[tuple[str, Mention]]]] = {}
    for item in items:
        candidates = by_bucket.setdefault(bucket(item[1]) if bucket else None, [])
        home = next((g for g in candidates if any(same(item[1], other) for _, other in g)), None)
        if home is None:
            home = [item]
            groups.append(home)
            candidates.append(home)
        else:
            home.append(item)
    return groups


def _sorted(rows: list[tuple[Row, tuple[int, int]]], last: Callable[[Row], bool] = lambda row: False) -> list[Row]:
    """Rows most sources share first, then in the order the sources give them; ``last`` ones at the end."""
    return [r for r, _ in sorted(rows, key=lambda rf: (last(rf[0]), -len({s["source"] for s in rf[0]["sources"]}), rf[1]))]


def _bare(row: Row) -> bool:
    """A figure that says of what only in its sentence ("6", "140 were injured"): the least a reader scans for."""
    return not row.get("unit") and not any(c.isalpha() for c in str(row.get("display") or ""))


def _first(group: list[tuple[str, Mention]], order: dict[str, int]) -> tuple[int, int]:
    return min((order[s], m.start) for s, m in group)


# --- quotes -------------------------------------------------------------------------------------------------------

def _same_speaker(a: Mention, b: Mention) -> bool:
    sa, sb = a.attrs.get("speaker"), b.attrs.get("speaker")
    return not sa or not sb or surname_of(sa) == surname_of(sb)


def _quote_agreement(group: list[tuple[str, Mention]]) -> str:
    if len({s for s, _ in group}) < 2:
        return "single_source"
    words = [" ".join(w.lower() for w in _plain_words(m.text)) for _, m in group]
    if len(set(words)) == 1:
        return "verbatim"
    longest = max(words, key=len)
    return "partial" if all(w in longest for w in words) else "variant"


def _plain_words(text: str) -> list[str]:
    return "".join(c if c.isalnum() or c.isspace() else " " for c in text.replace("’", "'")).split()


def _quotes(items: list[tuple[str, Mention]], threshold: float, order: dict[str, int]) -> list[Row]:
    def same(a: Mention, b: Mention) -> bool:
        shorter, longer = sorted((a.text, b.text), key=len)
        return _same_speaker(a, b) and quote_overlap(shorter, longer) >= threshold

    rows = []
    for group in _groups(items, same):
        speaker = next((m.attrs.get("speaker") for _, m in group if m.attrs.get("speaker")), None)
        words = max((m.text for _, m in group), key=len).strip(" ,.;:")
        sources = [
            {"source": s, "words": m.text, "start": m.start, "end": m.end, "speaker": m.attrs.get("speaker"),
             "partial": bool(m.attrs.get("partial")), "scare": bool(m.attrs.get("scare"))}
            for s, m in group
        ]
        rows.append(({"speaker": speaker, "words": words, "agreement": _quote_agreement(group), "sources": sources}, _first(group, order)))
    return _sorted(rows)


# --- people -------------------------------------------------------------------------------------------------------

def _same_person(a: Mention, b: Mention) -> bool:
    if surname_of(a.value) != surname_of(b.value):
        return False
    first_a, first_b = a.value.split(), b.value.split()
    return len(first_a) == 1 or len(first_b) == 1 or first_a[0].lower() == first_b[0].lower()


def _roles(m: Mention) -> list[str]:
    return [str(m.attrs[k]) for k in ("role", "appositive") if m.attrs.get(k)]


def _people(items: list[tuple[str, Mention]], order: dict[str, int]) -> list[Row]:
    rows = []
    for group in _groups(items, _same_person, bucket=lambda m: surname_of(m.value)):
        name = max((m.value for _, m in group), key=lambda n: (len(n.split()), len(n)))
        sources: dict[str, Row] = {}
        for s, m in group:
            entry = sources.setdefault(s, {"source": s, "roles": [], "mentions": []})
            entry["roles"] += [r for r in _roles(m) if r not in entry["roles"]]
            entry["mentions"].append({"start": m.start, "end": m.end, "text": m.text})
        rows.append(({"name": name, "sources": list(sources.values())}, _first(group, order)))
    return _sorted(rows)


# --- numbers and dates --------------------------------------------------------------------------------------------

def _numbers(items: list[tuple[str, Mention]], order: dict[str, int]) -> list[Row]:
    from .analyse.numbers import same_quantity

    def same(a: Mention, b: Mention) -> bool:
        return same_quantity(a, b) and a.attrs.get("qualifier") == b.attrs.get("qualifier")

    def bucket(m: Mention) -> Hashable:
        return tuple(m.attrs.get(key) for key in ("unit", "ordinal", "fraction", "qualifier")) + (f"{float(m.value):.9g}",)

    rows = []
    for group in _groups(items, same, bucket):
        m = group[0][1]
        sources = [{"source": s, "text": x.text, "start": x.start, "end": x.end, "display": x.attrs.get("display")} for s, x in group]
        rows.append(({"value": float(m.value), "unit": m.attrs.get("unit"), "qualifier": m.attrs.get("qualifier"),
                      "display": m.attrs.get("display") or m.text, "sources": sources}, _first(group, order)))
    return _sorted(rows, last=_bare)


def _date_key(m: Mention) -> str:
    """The resolved ISO value; without the article's date, what the words fix (weekday, day and month, time)."""
    if m.value:
        return str(m.value)
    a = m.attrs
    parts = [str(a[k]) for k in ("weekday", "day", "month", "time_of_day") if a.get(k)]
    return " ".join(parts) if parts else " ".join(m.text.lower().split())


def _date_display(m: Mention) -> str:
    a = m.attrs
    if not m.value and a.get("weekday") and a.get("granularity") in {"weekday", "time"}:
        return " ".join(p for p in (str(a["weekday"]).capitalize(), a.get("time_of_day")) if p)
    return m.text


def _dates(items: list[tuple[str, Mention]], order: dict[str, int]) -> list[Row]:
    rows = []
    for group in _groups(items, lambda a, b: _date_key(a) == _date_key(b), bucket=_date_key):
        m = group[0][1]
        sources = [{"source": s, "text": x.text, "start": x.start, "end": x.end, "value": x.value} for s, x in group]
        rows.append(({"value": m.value, "display": _date_display(m), "sources": sources}, _first(group, order)))
    return _sorted(rows)
