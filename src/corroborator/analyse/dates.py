"""Dates in news text, normalised: "December 14, 2025" -> 2025-12-14, "on Sunday" -> the Sunday before the
article's date, "last week" -> 2025-W50; and when two reports' dates for the same event disagree.

Values are ISO 8601 at the precision the text gives: "YYYY-MM-DD" (day, weekday, time of day), "YYYY-Www" (week),
"YYYY-MM" (month), "YYYY" (year); None when the text needs the article's date and there is none. ``relative`` is
True when resolving needed the article's date. Without it, a weekday, a month or a day-and-month are still kept in
``attrs`` so two reports can be compared on what they do say.

Resolving against the article's date (news writes "on Sunday" for the past few days):
- a bare weekday is the most recent such day on or before the article's date, unless the clause before it reads
  as future ("will", "is expected", "anticipated", ...): then the first such day on or after it;
- "last"/"past" is the most recent strictly before, "next"/"coming" the first strictly after, "this" the nearest;
- a bare month works like a bare weekday (most recent on or before; future clause: on or after);
- a day and month without a year takes the year that puts it nearest the article's date.

Regex only: it runs on every sentence of every article.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Any, Callable

from corroborator.model import Mention

__all__ = ["MONTH_PATTERN", "dates_conflict", "find_dates", "looks_like_year"]

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {name.lower(): i + 1 for i, name in enumerate(MONTH_NAMES)} | {
    name.lower()[:3]: i + 1 for i, name in enumerate(MONTH_NAMES)} | {"sept": 9}
MONTH_WORDS = frozenset(_MONTHS)  # lower case, full and abbreviated
# Words of a dateline besides the date itself ("UPDATED: THURSDAY, MARCH 14, 2013, 9:31 AM GMT").
DATELINE_WORDS = frozenset({"published", "updated", "posted", "last", "modified", "on", "at", "am", "pm", "a.m", "p.m",
                            "et", "gmt", "utc", "bst", "est", "edt", "pst", "pdt", "cet", "cest", "cst", "cdt", "mst",
                            "mdt", "ist", "jst", "hkt", "sgt", "wib", "msk", "aest", "aedt", "mon", "tue", "tues", "wed",
                            "thu", "thur", "thurs", "fri", "sat", "sun", *WEEKDAYS, *MONTH_WORDS})
_LINE_WORD = re.compile(r"[A-Za-z][A-Za-z.]*")


DATELINE_CHARS = 80  # a dateline is short; looking no further keeps the check cheap in a long article


def in_dateline(date: Mention, text: str) -> bool:
    """Is the date alone on its line, with times and labels at most (the article's own date, not an event's)?"""
    before = text.rfind("\n", max(0, date.start - DATELINE_CHARS), date.start)
    after = text.find("\n", date.end, date.end + DATELINE_CHARS)
    if (before == -1 and date.start > DATELINE_CHARS) or (after == -1 and len(text) - date.end > DATELINE_CHARS):
        return False
    line = text[before + 1 : after if after != -1 else len(text)]
    return all(w.lower().rstrip(".") in DATELINE_WORDS for w in _LINE_WORD.findall(line))
_MONTH_FULL = "(?:" + "|".join(MONTH_NAMES) + ")"
# Case-sensitive on purpose: "may", "march" and "a march" are not months.
MONTH_PATTERN = "(?:(?:" + "|".join(MONTH_NAMES) + r")\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
_WD = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_TOD = "(?:morning|afternoon|evening|night|overnight)"
_ORD = "(?:st|nd|rd|th)?"
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10}

_DATE = re.compile(
    rf"""
    (?P<iso>(?<![\w-])(?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})(?![\w-]))
  | (?P<mdy>(?:(?P<wd1>{_WD}),?\s+)?(?P<m1>{MONTH_PATTERN})\s+(?P<d1>\d{{1,2}}){_ORD}\b(?![.,]\d)
        (?:,?\s+(?P<y1>\d{{4}})\b(?![-/]\d))?)
  | (?P<dmy>(?:(?P<wd2>{_WD}),?\s+(?:the\s+)?)?(?<![\w.,])(?P<d2>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<m2>{MONTH_PATTERN})
        (?:,?\s+(?P<y2>\d{{4}})\b(?![-/]\d))?)
  | (?P<my>(?P<m3>{MONTH_PATTERN}),?\s+(?P<y3>\d{{4}})\b(?![-/]\d))
  | (?P<mon>\b(?P<mmod>(?i:in|since|by|until|till|from|during|through|early|late|mid|of|last|next|this|coming|past))
        [\s-]+(?P<m4>{_MONTH_FULL})\b(?!\.?\s+\d))
  | (?P<rel>\b(?P<rmod>(?i:last|next|this|past|coming))\s+(?P<runit>week|weekend|month|year)\b)
  | (?P<wd>(?:\b(?P<wmod>(?i:last|next|this|past|coming))\s+)?(?P<wd3>{_WD})\b(?:\s+(?P<tod1>{_TOD})\b)?)
  | (?P<day>\b(?P<dword>(?i:yesterday|today|tonight|tomorrow))\b(?:\s+(?P<tod2>{_TOD})\b)?)
  | (?P<ago>\b(?P<an>\d{{1,3}}|(?i:an?|one|two|three|four|five|six|seven|eight|nine|ten))\s+
        (?P<au>(?i:days?|weeks?|months?|years?))\s+(?i:ago)\b)
  | (?P<year>(?<![\w.,$€£])(?<!\d-)(?P<y4>(?:19|20)\d\d|2100)(?![\w%]|[.,]\d|-\d))
    """,
    re.X,
)
_YEAR_AFTER_DAY = re.compile(rf"(?:{MONTH_PATTERN}(?:\s+\d{{1,2}}{_ORD})?,?|\d{{1,2}}{_ORD}\s+{MONTH_PATTERN},?)\s*$")
_QUANTITY_BEFORE = re.compile(r"\b(?i:about|around|some|over|nearly|almost|than|least|most|roughly|approximately|estimated|just)\s*$")
_YEAR_BEFORE = re.compile(r"\b(?i:in|since|until|till|during|mid|early|late|the|by)[\s-]*$")
_WORD_AFTER = re.compile(r"\s+([a-z]+)\b")
_NOT_PLURAL = frozenset("was has does is as his its this thus yes less unless plus versus us".split())
_FUTURE = re.compile(
    r"\b(?:will|shall|(?:is|are|was|were)\s+(?:due|expected|scheduled|set|slated|planned)|plans?\s+to|anticipated"
    r"|upcoming|later)\b|['’]ll\b",
    re.I,
)
_CLAUSE_END = re.compile(r"[.!?;][\"'’”]?\s")

Found = tuple[int, int, str | None, dict[str, Any]]


def looks_like_year(text: str, start: int, end: int) -> bool:
    """Whether the 4-digit token ``text[start:end]`` is a year ("in 2024", "the 2024 elections", "Dec 14, 2025")
    rather than a count ("2000 people", "about 2000"). Shared with ``numbers`` so the two never both claim it."""
    token = text[start:end]
    if not (len(token) == 4 and token.isdigit() and 1900 <= int(token) <= 2100):
        return False
    if _YEAR_AFTER_DAY.search(text, max(0, start - 25), start):
        return True
    if _QUANTITY_BEFORE.search(text, max(0, start - 16), start):
        return False
    following = _WORD_AFTER.match(text, end)
    if following and _plural(following.group(1)) and not _YEAR_BEFORE.search(text, max(0, start - 10), start):
        return False
    return True


def _plural(word: str) -> bool:
    return word == "people" or (word.endswith("s") and not word.endswith(("ss", "us", "is")) and word not in _NOT_PLURAL)


def find_dates(text: str, base: int = 0, article_date: str | None = None, sentence: int = 0) -> list[Mention]:
    """Date mentions in ``text``; offsets are ``base`` + position in ``text``. ``article_date`` is ISO 8601."""
    anchor = _parse_anchor(article_date)
    out = []
    for match in _DATE.finditer(text):
        try:
            found = _RESOLVERS[match.lastgroup or ""](match, text, anchor)
        except (OverflowError, ValueError):  # "next Friday" from an article dated 9999-12-31: no such date
            found = None
        if found is None:
            continue
        start, end, value, attrs = found
        raw = text[start:end]
        out.append(Mention(start=base + start, end=base + end, text=raw, kind="date", value=value,
                           attrs={**attrs, "raw": raw}, sentence=sentence))
    return out


def _parse_anchor(article_date: str | None) -> date | None:
    try:
        return date.fromisoformat(article_date[:10]) if article_date else None
    except ValueError:
        return None  # an unparseable article date leaves relative dates unresolved, as if it were missing


def _month(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()]


def _attrs(granularity: str, relative: bool, on: date | None = None, **extra: Any) -> dict[str, Any]:
    attrs: dict[str, Any] = {"granularity": granularity, "relative": relative}
    if on is not None:
        attrs["weekday"] = WEEKDAYS[on.weekday()]
    return attrs | {k: v for k, v in extra.items() if v is not None}


def _future(text: str, start: int) -> bool:
    window = text[max(0, start - 200):start]
    ends = [m.end() for m in _CLAUSE_END.finditer(window)]
    return bool(_FUTURE.search(window, ends[-1] if ends else 0))


def _iso(m: re.Match[str], text: str, anchor: date | None) -> Found | None:
    try:
        day = date(int(m["iy"]), int(m["im"]), int(m["id"]))
    except ValueError:
        return None
    return m.start(), m.end(), day.isoformat(), _attrs("day", False, day)


def _nearest_year(month: int, day: int, anchor: date) -> date | None:
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    return min(candidates, key=lambda d: abs((d - anchor).days), default=None)


def _day_month(m: re.Match[str], anchor: date | None, weekday: str | None, month_name: str, day_text: str,
               year_text: str | None) -> Found | None:
    month, day_number = _month(month_name), int(day_text)
    if not 1 <= day_number <= calendar.monthrange(2024, month)[1]:  # 2024: a leap year, so 29 February passes
        return None
    named = weekday.lower() if weekday else None
    if year_text:
        try:
            day: date | None = date(int(year_text), month, day_number)
        except ValueError:
            return None
    else:
        day = _nearest_year(month, day_number, anchor) if anchor else None
    attrs = _attrs("day", not year_text, day, month=month, day=day_number)
    if named:
        attrs["weekday"] = named
    return m.start(), m.end(), day.isoformat() if day else None, attrs


def _mdy(m: re.Match[str], text: str, anchor: date | None) -> Found | None:
    return _day_month(m, anchor, m["wd1"], m["m1"], m["d1"], m["y1"])


def _dmy(m: re.Match[str], text: str, anchor: date | None) -> Found | None:
    return _day_month(m, anchor, m["wd2"], m["m2"], m["d2"], m["y2"])


def _my(m: re.Match[str], text: str, anchor: date | None) -> Found | None:
    return m.start(), m.end(), f"{int(m['y3']):04d}-{_month(m['m3']):02d}", _attrs("month", False, month=_month(m["m3"]))


def _direction(modifier: str | None, text: str, start: int) -> str:
    """'before' / 'after' (inclusive), 'last' / 'next' (exclusive) or 'nearest', per the module docstring."""
    modifier = (modifier or "").lower()
    if modifier in {"last", "past"}:
        return "last"
    if modifier in {"next", "coming"}:
        return "next"
    if modifier == "this":
        return "after" if _future(text, start) else "nearest"
    return "after" if _future(text, start) else "before"


_MONTH_MODIFIERS = frozenset({"last", "next", "this", "past", "coming"})


def _month_year_offset(month: int, current: int, way: str) -> int:
    if way == "before":
        return -(month > current)
    if way == "after":
        return int(month < current)
    if way == "last":
        return -(month >= current)
    if way == "next":
        return int(month <= current)
    return 0


def _mon(m: re.Match[str], text: str, anchor: date | None) -> Found | None:
    month, modifier = _month(m["m4"]), m["mmod"].lower()
    modifier = modifier if modifier in _MONTH_MODIFIERS else ""
    start = m.start("mmod") if modifier else m.start("m4")
    if anchor is None:
        return start, m.end(), None, _attrs("month", True, month=month)
    year = anchor.year + _month_year_offset(month, anchor.month, _direction(modifier, text, m.start()))
    return start, m.end(), f"{year:04d}-{month:02d}", _attrs("month", True, month=month)


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    y, m0 = divmod(year * 12 + month - 1 + by, 12)
    return y, m0 + 1


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _rel(m: re.Match[str], text: str, anchor: date | None) -> Found | None:
    unit, step = m["runit"].lower(), {"last": -1, "past": -1, "next": 1, "coming": 1, "this": 0}[m["rmod"].lower()]
    granularity = "week" if unit == "weekend" else unit
    extra = {"weekend": True} if unit == "weekend" else {}
    if anchor is None:
        return m.start(), m.end(), None, _attrs(granularity, True, **extra)
    if granularity == "week":
        value = _iso_week(anchor + timedelta(weeks=step))
    elif granularity == "month":
        value = "%04d-%02d" % _shift_month(anchor.year, anchor.month, step)
    else:
        value = f"{anchor.year + step:04d}"
    return m.start(), m.end(), value, _attrs(granularity, True, **extra)


def _weekday_offset(target: int, anchor: date, way: str) -> int:
    back, ahead = (anchor.weekday() - target) % 7, (target - anchor.weekday()) % 7
    if way == "last":
        return -(back or 7)
    if way == "next":
        return ahead or 7
    if way == "after":
        return ahead
    if way == "nearest":
        return ahead if ahead < back else -back
    return -back


def _wd(m: re.Match[str], text: str, anchor: date | None) -> Found | None:
    weekday, tod = m["wd3"].lower(), m["tod1"]
    granularity = "time" if tod else "weekday"
    if anchor is None:
        return m.start(), m.end(), None, _attrs(granularity, True, weekday=weekday, time_of_day=tod)
    day = anchor + timedelta(days=_weekday_offset(WEEKDAYS.index(weekday), anchor, _direction(m["wmod"], text, m.start())))
    return m.start(), m.end(), day.isoformat(), _attrs(granularity, True, day, time_of_day=tod)


def _day(m: re.Match[str], text: str, anchor: date | None) -> Found | None:
    word = m["dword"].lower()
    tod = m["tod2"] or ("night" if word == "tonight" else None)
    granularity = "time" if tod else "day"
    if anchor is None:
        return m.start(), m.end(), None, _attrs(granularity, True, time_of_day=tod)
    day = anchor + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(word, 0))
    return m.start(), m.end(), day.isoformat(), _attrs(granularity, True, day, time_of_day=tod)


def _ago(m: re.Match[str], text: str, anchor: date | None) -> Found | None:
    count = int(m["an"]) if m["an"].isdigit() else _SMALL[m["an"].lower()]
    unit = m["au"].lower().rstrip("s")
    if anchor is None:
        return m.start(), m.end(), None, _attrs(unit, True)
    if unit == "day":
        day = anchor - timedelta(days=count)
        return m.start(), m.end(), day.isoformat(), _attrs("day", True, day)
    if unit == "week":
        return m.start(), m.end(), _iso_week(anchor - timedelta(weeks=count)), _attrs("week", True)
    if unit == "month":
        return m.start(), m.end(), "%04d-%02d" % _shift_month(anchor.year, anchor.month, -count), _attrs("month", True)
    return m.start(), m.end(), f"{anchor.year - count:04d}", _attrs("year", True)


def _year(m: re.Match[str], text: str, anchor: date | None) -> Found | None:
    if not looks_like_year(text, m.start(), m.end()):
        return None
    return m.start(), m.end(), m["y4"], _attrs("year", False)


_RESOLVERS: dict[str, Callable[[re.Match[str], str, date | None], Found | None]] = {
    "iso": _iso, "mdy": _mdy, "dmy": _dmy, "my": _my, "mon": _mon, "rel": _rel, "wd": _wd, "day": _day,
    "ago": _ago, "year": _year,
}


# --- comparing -------------------------------------------------------------------------------------------------

def _range(value: Any) -> tuple[date, date] | None:
    """First and last day an ISO value (day, week, month or year) covers."""
    if not isinstance(value, str):
        return None
    try:
        if "-W" in value:
            first = date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
            return first, first + timedelta(days=6)
        if len(value) == 10:
            day = date.fromisoformat(value)
            return day, day
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if len(value) == 4:
            return date(int(value), 1, 1), date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def _day_level(m: Mention) -> bool:
    return m.attrs.get("granularity") in {"day", "weekday", "time"}


def _known(m: Mention, key: str) -> Any:
    """Weekday, month or day of a day-level (or, for the month, month-level) mention, from its value or attrs."""
    span = _range(m.value)
    if span and span[0] == span[1]:
        day = span[0]
        return {"weekday": WEEKDAYS[day.weekday()], "month": day.month, "day": day.day}[key]
    if key == "month" and span and span[0].month == span[1].month and span[0].year == span[1].year:
        return span[0].month
    if key != "month" and not _day_level(m):
        return None
    return m.attrs.get(key)


def dates_conflict(a: Mention, b: Mention) -> str | None:
    """None when the two dates can be the same time (same day, one containing the other, or too little known);
    else "Sunday vs Saturday" / "14 December vs 15 December"."""
    span_a, span_b = _range(a.value), _range(b.value)
    if span_a and span_b:
        overlap = span_a[0] <= span_b[1] and span_b[0] <= span_a[1]
        return None if overlap else _detail(a, b)
    if _far_apart_relatives(a, b):
        return f"{a.text} vs {b.text}"
    for key in ("weekday", "month", "day"):
        known_a, known_b = _known(a, key), _known(b, key)
        if known_a is not None and known_b is not None and known_a != known_b:
            return _detail(a, b)
    return None


_GRAIN_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def _far_apart_relatives(a: Mention, b: Mention) -> bool:
    """Two dates relative to the report's own that cannot be one time (with no date for the report to resolve
    them): one before it and one after ("last week" / "next week"), or on one side two grains apart ("last week" /
    "last year"). "Last week" and "last month" can be."""
    if not (a.attrs.get("relative") and b.attrs.get("relative")):
        return False
    ranks = _GRAIN_RANK.get(str(a.attrs.get("granularity"))), _GRAIN_RANK.get(str(b.attrs.get("granularity")))
    sides = (str(a.attrs.get("raw") or a.text).lower().split()[:1], str(b.attrs.get("raw") or b.text).lower().split()[:1])
    if {*sides[0], *sides[1]} == {"last", "next"}:  # one before the report, one after
        return True
    return None not in ranks and sides[0] == sides[1] and abs(ranks[0] - ranks[1]) >= 2  # type: ignore[operator]


_NAMED_WEEKDAY = re.compile(_WD)


def _detail(a: Mention, b: Mention) -> str:
    if _NAMED_WEEKDAY.search(a.text) and _NAMED_WEEKDAY.search(b.text) and _known(a, "weekday") != _known(b, "weekday"):
        return f"{_weekday_label(a)} vs {_weekday_label(b)}"
    span_a, span_b = _range(a.value), _range(b.value)
    with_year = bool(span_a and span_b and (span_a[0].year != span_b[0].year or span_a[1].year != span_b[1].year))
    return f"{_label(a, with_year)} vs {_label(b, with_year)}"


def _weekday_label(m: Mention) -> str:
    tod = m.attrs.get("time_of_day")
    return str(_known(m, "weekday")).capitalize() + (f" {tod}" if tod else "")


def _label(m: Mention, with_year: bool) -> str:
    span = _range(m.value)
    granularity = m.attrs.get("granularity")
    if span is None:
        month, day = m.attrs.get("month"), m.attrs.get("day")
        if month and day:
            return f"{day} {MONTH_NAMES[month - 1]}"
        return MONTH_NAMES[month - 1] if month else m.text
    first = span[0]
    year = f" {first.year}" if with_year else ""
    if granularity == "week":
        return f"week of {first.day} {MONTH_NAMES[first.month - 1]}{year}"
    if span[0] == span[1]:
        return f"{first.day} {MONTH_NAMES[first.month - 1]}{year}"
    if first.month == span[1].month:
        return f"{MONTH_NAMES[first.month - 1]} {first.year}"
    return str(first.year)
