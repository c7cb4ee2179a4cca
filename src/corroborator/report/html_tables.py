"""The cross-source tables of a compare report (quotes, people, numbers, dates; see docs/facts.md) as HTML.

One row per fact, one column per source: each cell shows how that source words the fact, as a button that
marks those words in the source's text (``report.js``). Any other top-level list of objects in the JSON is
shown as a plain table. Everything is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Any, Callable, Mapping, Sequence

Row = Mapping[str, Any]

_AGREEMENT = {"verbatim": "verbatim", "partial": "partial quote", "variant": "different words",
              "single_source": "single source"}  # as the verdict chips say


def _quote_fact(e: Row) -> list[str]:
    return [e.get("speaker") or "—", e.get("words") or "", _AGREEMENT.get(str(e.get("agreement")), str(e.get("agreement") or ""))]


def _quote_cell(s: Row) -> str:
    notes = [n for n, flag in (("excerpt", s.get("partial")), ("scare quotes", s.get("scare"))) if flag]  # "partial quote" is an agreement
    return f"{s.get('words', '')}" + (f" ({', '.join(notes)})" if notes else "")


def _person_spans(s: Row) -> list[tuple[int, int]]:
    return [(int(m["start"]), int(m["end"])) for m in s.get("mentions") or [] if "start" in m and "end" in m]


def _person_cell(s: Row) -> str:
    roles = [str(r) for r in s.get("roles") or []]
    return "; ".join(roles) if roles else "named, no role"


def _quantity(e: Row) -> list[str]:
    if e.get("display"):  # as written, qualifier included: "more than 1 million households"
        return [str(e["display"])]
    qualifier = str(e.get("qualifier") or "").replace("_", " ")
    return [f"{qualifier} {e.get('value')}".strip()]


def _date(e: Row) -> list[str]:
    value = e.get("value")
    return [f"{e.get('display')}" + (f" ({value})" if value and value != e.get("display") else "")]


def _span(s: Row) -> list[tuple[int, int]]:
    return [(int(s["start"]), int(s["end"]))] if "start" in s and "end" in s else []


# key -> (title, fact columns, fact cells, text of a source's cell, the spans that cell marks)
_SPECS: dict[str, tuple[str, tuple[str, ...], Callable[[Row], list[str]], Callable[[Row], str],
                        Callable[[Row], list[tuple[int, int]]]]] = {
    "quotes": ("Quotes", ("speaker", "quote", "agreement"), _quote_fact, _quote_cell, _span),
    "people": ("People", ("name",), lambda e: [str(e.get("name") or "")], _person_cell, _person_spans),
    "numbers": ("Numbers", ("quantity",), _quantity, lambda s: str(s.get("text") or ""), _span),
    "dates": ("Dates", ("date",), _date, lambda s: str(s.get("text") or ""), _span),
}


def tables_html(payload: Mapping[str, Any], docs: Sequence[tuple[str, str]], skip: frozenset[str]) -> str:
    """All tables of ``payload`` (keys not in ``skip``); ``docs`` are (source id, label) in column order."""
    parts = []
    for key, rows in payload.items():
        if key in skip or not isinstance(rows, list) or not rows or not all(isinstance(r, Mapping) for r in rows):
            continue
        parts.append(_fact_table(key, rows, docs) if key in _SPECS else _plain_table(key, rows))
    return f'<section class="tables">{"".join(parts)}</section>' if parts else ""


def _fact_table(key: str, rows: Sequence[Row], docs: Sequence[tuple[str, str]]) -> str:
    title, columns, fact, cell_text, spans = _SPECS[key]
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    head += "".join(f'<th title="{escape(doc_id)}">{escape(label)}</th>' for doc_id, label in docs)
    body = []
    for row in rows:
        cells = "".join(f"<td>{escape(str(v))}</td>" for v in fact(row))
        by_source: dict[str, list[Row]] = {}
        for s in row.get("sources") or []:
            if isinstance(s, Mapping):
                by_source.setdefault(str(s.get("source")), []).append(s)
        for doc_id, _label in docs:
            found = by_source.get(doc_id, [])
            cells += f"<td>{''.join(_fact_button(doc_id, cell_text(s), spans(s)) for s in found) or '—'}</td>"
        wide = "differs" if row.get("differs") else "many" if len(by_source) > 1 else "one"
        differs = "".join(f'<span class="differs">≠ <bdi>{escape(str(d))}</bdi></span>' for d in row.get("differs") or [])
        body.append(f'<tr class="in-{wide}">{cells.replace("</td>", differs + "</td>", 1)}</tr>')
    return (f'<div class="table" data-table="{escape(key)}"><h2>{escape(title)} ({len(rows)})</h2>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")


def _fact_button(doc_id: str, text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return f'<span class="fact">{escape(text)}</span>'
    start, end = spans[0]
    return (f'<button type="button" class="fact" data-doc="{escape(doc_id)}" data-start="{start}" '
            f'data-end="{end}" title="show in the text">{escape(text)}</button>')


def _plain_table(key: str, rows: Sequence[Row]) -> str:
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    head = "".join(f"<th>{escape(c.replace('_', ' '))}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(_cell(row.get(c)))}</td>" for c in columns) + "</tr>" for row in rows
    )
    title = key.replace("_", " ").capitalize()
    return (f'<div class="table" data-table="{escape(key)}"><h2>{escape(title)} ({len(rows)})</h2>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_cell(v)}" for k, v in value.items())
    return str(value)
