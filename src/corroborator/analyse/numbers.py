"""Numbers in news text, normalised: "five-hour" -> 5 hour, "€90 billion" -> 9e10 EUR, "over one million households"
-> more than 1e6 household, "second day" -> ordinal 2 day; and when two reports' numbers for one thing disagree.

``value`` is a float; ``attrs``: ``unit`` (the counted noun, singular and lower-case, or a currency code, "percent",
"percentage point"; None when nothing follows), ``qualifier`` (more_than, less_than, about, at_least, at_most,
exactly or None), ``display`` (a normalised human form, "more than 1 million households"), ``ordinal``,
``fraction`` ("a third of households": 0.333 household) and ``vague`` ("hundreds of people": at least 200 people).
Years and day numbers of dates are left to ``dates``. Regex only: it runs on every sentence of every article.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Any

from corroborator.analyse.dates import MONTH_PATTERN, looks_like_year
from corroborator.model import Mention

__all__ = ["find_numbers", "numbers_conflict", "same_quantity", "same_share"]

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
         "seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SMALL = {w: i for i, w in enumerate(_ONES)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_SCALES = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "dozen": 12.0}
_SUFFIX_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "tn": 1e12}
_ORDINALS = {w: i + 1 for i, w in enumerate(
    ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
     "fifteenth sixteenth seventeenth eighteenth nineteenth").split())} | {
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
    "eightieth": 80, "ninetieth": 90, "hundredth": 100, "thousandth": 1000}
_DENOMINATORS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
                 "tenth": 10}
_VAGUE = {"dozens": 12.0, "tens": 10.0, "hundreds": 100.0, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
_QUALIFIERS = {
    "more_than": "more than|greater than|over|above|just over|well over|well above|in excess of|upwards of",
    "less_than": "less than|fewer than|under|below|just under",
    "about": "about|around|approximately|roughly|some|an estimated|estimated|nearly|almost|close to",
    "at_least": "at least|no fewer than|no less than",
    "at_most": "at most|up to|no more than|as many as|as much as",
    "exactly": "exactly|precisely",
}
_QUALIFIER_OF = {phrase: q for q, phrases in _QUALIFIERS.items() for phrase in phrases.split("|")}
_POST_QUALIFIERS = {"+": "at_least", "or more": "at_least", "or so": "about", "or fewer": "at_most", "or less": "at_most"}
_QUALIFIER_WORDS = {"more_than": "more than", "less_than": "less than", "about": "about", "at_least": "at least",
                    "at_most": "at most", "exactly": "exactly"}
_CURRENCIES = {"€": "EUR", "$": "USD", "us$": "USD", "£": "GBP", "¥": "JPY", "eur": "EUR", "usd": "USD", "gbp": "GBP",
               "euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "us dollar": "USD",
               "us dollars": "USD", "pound": "GBP", "pounds": "GBP", "pounds sterling": "GBP", "sterling": "GBP"}
_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}


def _alt(words: Any) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_QUALIFIER_RE = _alt(phrase.replace(" ", r"\s+") for phrase in _QUALIFIER_OF)
_WORD = rf"(?:(?:{_alt(_TENS)})(?:-(?:{_alt(_ONES[1:10])}))?|{_alt(_ONES)}|{_alt(_SCALES)})"
_NUMBER = re.compile(
    rf"""
    (?P<qual>\b(?:{_QUALIFIER_RE})\s+)?
    (?P<cur>US\$|[$€£¥]|\b(?:EUR|USD|GBP)\s?)?
    (?:
        (?<![\w.,/:\-])(?P<digits>\d{{1,3}}(?:,\d{{3}}|,[^\S\n]0\d\d(?!\d))+(?:\.\d+)?|(?(qual)\d{{1,3}}(?:,[^\S\n]\d{{3}}(?![\d,]|[^\S\n]+(?:and|or|to)\b))+|(?!))|\d+(?:\.\d+)?)
            (?P<dsuf>km|kg|bn|tn|mn|st|nd|rd|th|pm|am|m|k)?(?!\w|[-/:.,]\d)
      | \b(?:(?P<frac>(?P<fnum>an?|one|two|three|four|five|six|seven|eight|nine)[^\S\n]*-?[^\S\n]*
            (?P<fden>(?:{_alt(_DENOMINATORS)})(?=\s+of\b)|(?:{_alt(w + "s" for w in _DENOMINATORS)}|halves)))
          |(?P<half>half))\b
      | \b(?P<vague>several\s+(?:hundred|thousand|million)\b
          |(?:{_alt(_VAGUE)})\s+of(?:\s+(?:thousands|millions)\s+of)?(?=\s))
      | \b(?P<ord>(?:(?:{_alt(_TENS)})-)?(?:{_alt(_ORDINALS)}))\b
      | \b(?P<words>(?:an?[^\S\n]+(?=(?:hundred|thousand|million|billion|trillion|dozen)\b))?{_WORD}
            (?:(?:[^\S\n]+|-|(?<=hundred)[^\S\n]+and[^\S\n]+|(?<=thousand)[^\S\n]+and[^\S\n]+){_WORD})*)\b
    )
    (?P<scale>[^\S\n]*-?[^\S\n]*(?:million|billion|trillion|thousand|mln|bln|bn|tn)\b)?
    (?P<post>\+|\s+or\s+(?:more|so|fewer|less)\b)?
    (?P<pct>\s*%|\s+per\s?cent\b|\s+pct\b|\s+percentage\s+points?\b)?
    (?P<curword>\s+(?:us\s+dollars?|euros?|dollars?|pounds?(?:\s+sterling)?|sterling)\b)?
    (?P<hunit>-(?!\d)[a-z]+(?:-old)?\b)?
    """,
    re.I | re.X,
)
_NEXT_WORD = re.compile(r"[^\S\n]+([A-Za-z][A-Za-z'’\-]*)")
_MONTH_BEFORE = re.compile(rf"{MONTH_PATTERN}\s*$")
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_PATTERN}")
_TIME_AFTER = re.compile(r"\s*(?:[ap]\.m\.|[ap]m\b)|\s+o['’]clock\b|\s*(?:GMT|UTC|EDT|EST|BST|CET|CEST|hrs)\b", re.I)  # "1200 GMT"
_AGO_AFTER = re.compile(r"\s+ago\b", re.I)
_PREVIOUS_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\s*$")
# "Article 5", "Resolution 2334": identifiers, not quantities.
_IDENTIFIER_HEADS = frozenset("""article section chapter paragraph clause resolution rule no no. nr number page room
    flight route line level phase stage category class version gate platform channel highway road zone item annex
    protocol amendment bill decree act table figure vol volume point""".split())
_NOT_ONE = frozenset("no any every each the this that which someone anyone".split())
_STOP = frozenset("""of in on at to from by with as for into onto over under about against between among during since
    until across through via per than and or but nor so yet if while when where whom whose who which what that this
    these those the a an it its he she they them their we our you your i his her him us there here then now ago
    not no also only just too very all both either neither some any each every more less most least other another
    said says say told tells was were is are be been being am has have had having will would could should can may
    might must shall did do does done got get gets went came come made make took take gave give met held saw see
    fell rose remain remains left later including according following regarding earlier before after away back out up down off again around
    vs v versus""".split())
# Counted by state, not noun ("12 dead", "5 injured"): the state is the unit, so dead and injured never compare.
# Words of one state share a unit ("12 killed" / "12 dead").
_STATES = {"dead": "dead", "killed": "dead", "injured": "injured", "wounded": "injured", "hurt": "injured",
           "missing": "missing", "arrested": "arrested", "detained": "arrested", "displaced": "evacuated",
           "evacuated": "evacuated"}
_STATE_UNITS = frozenset(_STATES.values())
# "2,000-strong force": the hyphenated word describes; the noun after it is what is counted.
_HYPHEN_ADJECTIVES = frozenset("strong long old wide high deep tall odd plus".split())
_IRREGULAR_SINGULAR = {"people": "people", "persons": "people", "person": "people", "children": "child",
                       "men": "man", "women": "woman", "feet": "foot", "lives": "life", "halves": "half",
                       "police": "police", "news": "news", "series": "series", "species": "species", "data": "data",
                       "hr": "hour", "hrs": "hour", "min": "minute", "mins": "minute", "yr": "year", "yrs": "year",
                       "km": "kilometre", "kms": "kilometre", "kilometer": "kilometre", "kilometers": "kilometre",
                       "kg": "kilogram", "kgs": "kilogram", "percent": "percent", "cts": "cent", "ct": "cent",
                       "dlrs": "dollar", "dlr": "dollar", "mths": "month", "shrs": "share", "shr": "share"}
_IRREGULAR_PLURAL = {"child": "children", "man": "men", "woman": "women", "foot": "feet", "life": "lives",
                     "people": "people", "police": "police", "news": "news", "series": "series", "species": "species",
                     "data": "data"}


def find_numbers(text: str, base: int = 0, sentence: int = 0) -> list[Mention]:
    """Number mentions in ``text``; offsets are ``base`` + position in ``text``."""
    out: list[Mention] = []
    for match in _NUMBER.finditer(text):
        if out and match.start() < out[-1].end - base:
            continue  # inside the noun phrase the previous number already took
        mention = _mention(match, text, base, sentence)
        if mention is not None:
            out.append(mention)
    return _ranges_joined(out, text, base)


_RANGE_JOINT = re.compile(r"\s*[-–]\s*|\s+(?:and|to|or)\s+", re.I)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+$", re.I)
_FROM_BEFORE = re.compile(r"\b(?:from|by)\s+$", re.I)


def _ranges_joined(mentions: list[Mention], text: str, base: int) -> list[Mention]:
    """"between 10 and 15 people", "two or three people", "10 to 15 people": one mention of 15 people with
    ``attrs["low"]`` 10, so that "12 people" falls inside it. Not "from 5% to 7%" (a change)."""
    out: list[Mention] = []
    for m in mentions:
        low = out[-1] if out else None
        if low is not None and _is_range(low, m, text, base):
            attrs = {**m.attrs, "low": float(low.value), "qualifier": None}
            attrs["display"] = f"{_plain(float(low.value))}–{m.attrs['display']}"
            out[-1] = replace(m, start=low.start, text=text[low.start - base : m.end - base], attrs=attrs)
        else:
            out.append(m)
    return out


def _is_range(low: Mention, high: Mention, text: str, base: int) -> bool:
    joint = _RANGE_JOINT.fullmatch(text, low.end - base, high.start - base)
    if joint is None or low.attrs.get("unit") not in (None, high.attrs.get("unit")):
        return False
    if low.attrs.get("ordinal") or high.attrs.get("ordinal") or low.attrs.get("qualifier") or not low.value < high.value:
        return False
    before = text[max(0, low.start - base - 12) : low.start - base]
    if _FROM_BEFORE.search(before):
        return False
    return "and" not in joint.group().lower() or bool(_BETWEEN_BEFORE.search(before))


def _mention(m: re.Match[str], text: str, base: int, sentence: int) -> Mention | None:
    value, form = _value(m)
    metres = value is not None and _in_metres(m, text)  # "the women's 3,000m", "a 10m fall": not millions
    if metres:
        value, (unit, end) = value / _SUFFIX_SCALES["m"], ("metre", m.end())  # type: ignore[operator]
    else:
        unit, end = _unit(m, text, form)
    if value is None or _skip(m, text, form, unit, end):
        return None
    qualifier = "at_least" if form == "vague" else _qualifier(m)
    attrs = {"unit": unit, "qualifier": qualifier, "ordinal": form == "ordinal", "fraction": form == "fraction",
             "vague": form == "vague", "step": _step(m) if form == "cardinal" else None}
    if metres:
        attrs["step"] = _digits_step(_plain_digits(m), 1.0)
    surface = text[m.start():end]
    attrs["display"] = _display(value, attrs, surface)
    if form == "fraction" or unit == "percent":
        attrs["share_of"] = unit if form == "fraction" else _percent_of(text, end)
    if unit in _STATE_UNITS:  # "five dead" counts people, those who died: as "5 people died" does
        attrs["unit"], attrs["act"] = "people", unit
    if unit in _CLOCK_UNITS and _ELAPSED_BEFORE.search(text, max(0, m.start() - 24), m.start()) and not _OF_AFTER.match(text, end):
        attrs["elapsed"] = True  # "ahead after 37 minutes" is when, not how long ("the lead lasted three minutes")
    return Mention(start=base + m.start(), end=base + end, text=surface, kind="number", value=value, attrs=attrs,
                   sentence=sentence)


_CLOCK_UNITS = frozenset({"second", "minute", "hour"})
_ELAPSED_BEFORE = re.compile(r"\b(?:after|within)[^\S\n]+(?:just[^\S\n]+|only[^\S\n]+)?\Z", re.I)
_OF_AFTER = re.compile(r"[^\S\n]+of\b")
_OF_WHOM = re.compile(r"[^\S\n]+of[^\S\n]+(?:the[^\S\n]+|all[^\S\n]+)?([A-Za-z][A-Za-z'’\-]*)")


def _percent_of(text: str, end: int) -> str | None:
    """What a percentage is a share of: "30% of respondents" -> "respondent"."""
    match = _OF_WHOM.match(text, end)
    return _singular(match.group(1)) if match and match.group(1).lower() not in _STOP else None


def _in_metres(m: re.Match[str], text: str) -> bool:
    """"3,000m", "6.63m" without a currency and before no plural noun ("30m people", "5m viewers" and "sales of
    5.2m" count millions)."""
    if (m["dsuf"] or "") != "m" or m["cur"] or m["curword"] or m["scale"]:
        return False
    if len(m["digits"].partition(".")[2]) == 1:  # "5.2m": millions
        return False
    following = _NEXT_WORD.match(text, m.end())
    return following is None or not _looks_plural(following.group(1).lower())


def _value(m: re.Match[str]) -> tuple[float | None, str]:
    """The number and its form: cardinal, ordinal, fraction or vague."""
    if m["digits"]:
        number, suffix = float(_plain_digits(m)), (m["dsuf"] or "").lower()
        form = "ordinal" if suffix in {"st", "nd", "rd", "th"} else "cardinal"
        return number * _SUFFIX_SCALES.get(suffix, 1.0) * _scale(m), form
    if m["frac"]:
        numerator = 1 if m["fnum"].lower() in {"a", "an"} else _SMALL[m["fnum"].lower()]
        denominator = m["fden"].lower().removesuffix("s").replace("halve", "half")
        return numerator / _DENOMINATORS[denominator], "fraction"
    if m["half"]:
        return 0.5, "fraction"
    if m["vague"]:
        words = m["vague"].lower().split()
        if words[0] == "several":
            return 3 * _SCALES[words[1]], "vague"
        return 2 * _VAGUE[words[0]] * (_VAGUE[words[2]] if len(words) > 3 else 1.0), "vague"
    if m["ord"]:
        *tens, last = m["ord"].lower().split("-")
        return float(sum(_SMALL[t] for t in tens) + _ORDINALS[last]), "ordinal"
    return _parse_words(m["words"]) * _scale(m), "cardinal"


def _step(m: re.Match[str]) -> float | None:
    """The place value of a figure's last written digit: "5.25%" 0.01, "23" 1, "1,500" 100, "$2.4bn" 1e8.
    Numbers under 100 count as exact whatever their last digit ("10 years"); word numbers are exact below a
    hundred and rounded to their scale above ("two million")."""
    scale = _scale(m)
    if m["digits"]:
        return _digits_step(_plain_digits(m), scale * _SUFFIX_SCALES.get((m["dsuf"] or "").lower(), 1.0))
    words = (m["words"] or "").lower().split()
    if not words:
        return None
    big = [_SCALES[w] for w in re.findall(r"[a-z]+", m["words"].lower()) if w in _SCALES and w != "dozen"]
    return max(big, default=1.0) * scale


def _plain_digits(m: re.Match[str]) -> str:
    """ "1,500" and wire copy's tokenised "22, 000" as "1500", "22000": a comma and a space separate thousands
    before a group that starts with 0, or after a qualifier ("about 1, 500 houses"), where "767, 757" is a list."""
    return re.sub(r",\s?", "", m["digits"])


def _digits_step(digits: str, scale: float) -> float:
    if "." in digits:
        return scale * 10.0 ** -len(digits.split(".")[1])
    if float(digits) * scale < 100:
        return scale
    return scale * 10.0 ** (len(digits) - len(digits.rstrip("0")))


_SCALE_ABBREVIATIONS = {"mln": 1e6, "bln": 1e9, "bn": 1e9, "tn": 1e12}  # wire style: "291.8 mln", "86.7 bn"


def _scale(m: re.Match[str]) -> float:
    if not m["scale"]:
        return 1.0
    word = m["scale"].strip(" \t-").lower()
    return _SCALE_ABBREVIATIONS.get(word) or _SCALES[word]


def _parse_words(words: str) -> float:
    total, current = 0.0, 0.0
    for token in re.findall(r"[a-z]+", words.lower()):
        if token in {"a", "an"}:
            current = 1.0
        elif token in _SMALL:
            current += _SMALL[token]
        elif token in {"hundred", "dozen"}:
            current = (current or 1.0) * _SCALES[token]
        elif token in _SCALES:
            total, current = total + (current or 1.0) * _SCALES[token], 0.0
    return total + current


def _qualifier(m: re.Match[str]) -> str | None:
    if m["qual"]:
        return _QUALIFIER_OF[" ".join(m["qual"].lower().split())]
    if m["post"]:
        return _POST_QUALIFIERS[" ".join(m["post"].lower().split())]
    return None


def _unit(m: re.Match[str], text: str, form: str) -> tuple[str | None, int]:
    """The unit and where the mention ends (after the counted noun, when that is the unit)."""
    currency = m["cur"] or m["curword"]
    if currency and (m["digits"] or m["words"]):
        return _CURRENCIES[" ".join(currency.lower().split())], m.end()
    if m["pct"]:
        return ("percentage point" if "point" in m["pct"].lower() else "percent"), m.end()
    if m["dsuf"] and m["dsuf"].lower() in {"km", "kg"}:
        return _singular(m["dsuf"]), m.end()
    if m["hunit"] and m["hunit"].lower().endswith("-old"):
        return "age", m.end()
    if m["hunit"] and m["hunit"].split("-")[1].lower() not in _HYPHEN_ADJECTIVES:
        return _singular(m["hunit"].split("-")[1]), m.end()
    if form == "cardinal" and (age := _age(m, text)):
        return "age", age
    unit, end = _head_noun(text, m.end(), skip_articles=form in {"fraction", "vague"})
    if unit == "degree" and (scale := _TEMPERATURE_SCALE.match(text, end)):
        return ("°F" if scale.group(1).lower().startswith("f") else "°C"), scale.end()
    return unit, end


_YEARS_OLD_AFTER = re.compile(r"[^\S\n]+years?[^\S\n]+old\b", re.I)
_AGED_BEFORE = re.compile(r"\baged[^\S\n]+$", re.I)
_NAME_COMMA_BEFORE = re.compile(r"\b[A-Z][a-z]+,[^\S\n]*$")
_TEMPERATURE_SCALE = re.compile(r"[^\S\n]*(celsius|centigrade|fahrenheit|c|f)\b", re.I)


def _age(m: re.Match[str], text: str) -> int | None:
    """Where an age ends: "36 years old", "aged 52", "Mark Hale, 38, was named"; None when it is not one."""
    if m["qual"] or m["cur"] or m["pct"] or m["scale"] or m["dsuf"]:
        return None
    if older := _YEARS_OLD_AFTER.match(text, m.end()):
        return older.end()
    before = text[max(0, m.start() - 40) : m.start()]
    if _AGED_BEFORE.search(before):
        return m.end()
    plain_integer = bool(m["digits"]) and m["digits"].isdigit() and 0 < int(m["digits"]) < 120
    if plain_integer and _NAME_COMMA_BEFORE.search(before) and text[m.end() : m.end() + 1] == ",":
        return m.end()
    return None


def _head_noun(text: str, pos: int, skip_articles: bool) -> tuple[str | None, int]:
    """The counted noun after a number: the first plural among up to three content words, else the last of them
    ("one million households suffered" -> household; "first direct engagement with" -> engagement)."""
    origin, words = pos, []
    while len(words) < 3:
        match = _NEXT_WORD.match(text, pos)
        if match is None:
            break
        raw = match.group(1)
        word = re.sub(r"['’]s?$", "", raw).rstrip("-")
        lower = word.lower()
        if skip_articles and not words and lower in {"of", "the", "a", "an", "its", "their", "those", "these"}:
            pos = match.end()
            continue
        modifier = _noun_follows(text, match.end())
        if not word or lower in _STOP or (_past_participle(lower) and not modifier and lower not in _STATES):
            break
        if lower in _STATES and not modifier and not words:
            return _STATES[lower], match.start(1) + len(word)
        words.append((word, match.start(1) + len(word)))
        pos = match.end()
        if _looks_plural(lower) or _ACRONYM_PLURAL.fullmatch(word) or raw != word:
            break
    for i, (word, end) in enumerate(words):
        plural = _looks_plural(word.lower()) or bool(_ACRONYM_PLURAL.fullmatch(word))
        if plural or i == len(words) - 1:
            proper = word[0].isupper() and not word.isupper()
            return (None, origin) if proper and not plural else (_singular(word), end)
    return None, origin


_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s")  # "MPs", "CEOs"


def _noun_follows(text: str, pos: int) -> bool:
    match = _NEXT_WORD.match(text, pos)
    lower = match.group(1).lower() if match else ""
    return bool(lower) and lower not in _STOP and not _past_participle(lower) and lower not in _STATES


def _past_participle(word: str) -> bool:
    return len(word) > 4 and word.endswith("ed") and not word.endswith("eed")


def _looks_plural(word: str) -> bool:
    return word in {"people", "men", "women", "children", "police"} or (
        word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3)


def _singular(word: str) -> str:
    word = word.lower()
    if word in _IRREGULAR_SINGULAR:
        return _IRREGULAR_SINGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _plural(unit: str) -> str:
    if unit in _IRREGULAR_PLURAL or unit in _STATES or unit[-1:].isupper():
        return _IRREGULAR_PLURAL.get(unit, unit)
    if unit.endswith("y") and unit[-2:-1] not in set("aeiou"):
        return unit[:-1] + "ies"
    if unit.endswith(("s", "x", "z", "ch", "sh")):
        return unit + "es"
    return unit + "s"


def _skip(m: re.Match[str], text: str, form: str, unit: str | None, end: int) -> bool:
    """Numbers that are not quantities: times, dates, years, identifiers, lone pronoun "one"."""
    if (m["dsuf"] or "").lower() in {"am", "pm"} or _TIME_AFTER.match(text, m.end()) or _AGO_AFTER.match(text, end):
        return True
    if form in {"ordinal", "fraction"} and unit is None:
        return True
    previous = _PREVIOUS_WORD.search(text, max(0, m.start() - 20), m.start())
    previous_word = previous.group(1).lower() if previous else ""
    if m["words"] and m["words"].lower() == "one" and (unit is None or previous_word in _NOT_ONE):
        return True
    if not m["digits"]:
        return False
    start = m.start("digits")
    if m["digits"][0] == "0" and m["digits"][1:2].isdigit():
        return True  # "000" of a number split in two ("1, 000"), a code ("007"): not a quantity
    if _MONTH_BEFORE.search(text, max(0, start - 12), start) or _MONTH_AFTER.match(text, m.end("digits")):
        return True
    bare = not (m["qual"] or m["cur"] or m["dsuf"] or m["scale"] or m["pct"] or m["curword"] or m["hunit"])
    if bare and looks_like_year(text, start, m.end("digits")):
        return True
    return bare and previous_word in _IDENTIFIER_HEADS


# --- display and comparing --------------------------------------------------------------------------------------

def _plain(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def _amount(value: float) -> str:
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            return f"{_plain(value / scale)} {word}"
    return _plain(value)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _display(value: float, attrs: dict[str, Any], surface: str) -> str:
    unit, qualifier = attrs["unit"], attrs["qualifier"]
    if attrs["vague"] or attrs["fraction"]:
        return " ".join(surface.split()).lower()
    prefix = f"{_QUALIFIER_WORDS[qualifier]} " if qualifier else ""
    if attrs["ordinal"]:
        return f"{prefix}{_ordinal(int(value))} {unit}"
    if unit in _SYMBOLS:
        return f"{prefix}{_SYMBOLS[unit]}{_amount(value)}"
    if unit == "percent":
        return f"{prefix}{_amount(value)}%"
    if unit == "age":
        return f"{prefix}aged {_amount(value)}"
    if unit in {"°C", "°F"}:
        return f"{prefix}{_amount(value)}{unit}"
    noun = "" if unit is None else " " + (unit if value == 1 else _plural(unit))
    return f"{prefix}{_amount(value)}{noun}"


def _comparable(a: Mention, b: Mention) -> bool:
    acts = a.attrs.get("act"), b.attrs.get("act")
    return a.kind == b.kind == "number" and (None in acts or acts[0] == acts[1]) and all(
        a.attrs.get(key) == b.attrs.get(key) for key in ("unit", "ordinal", "fraction"))


def _interval(m: Mention, tolerance: float) -> tuple[float, float]:
    """The values a mention allows, from its qualifier."""
    value, qualifier = float(m.value), m.attrs.get("qualifier")
    if m.attrs.get("low") is not None:
        return float(m.attrs["low"]), value
    if qualifier == "about":
        return value * (1 - tolerance), value * (1 + tolerance)
    if qualifier in {"more_than", "at_least"}:
        return value, math.inf
    if qualifier in {"less_than", "at_most"}:
        return -math.inf, value
    return value, value


SHARE_SLACK = 5.0  # percentage points a fraction in words stands for: "half" is 48% as well as 50%


def same_share(a: Mention, b: Mention) -> bool:
    """A fraction and a percentage of the same people or things ("half of the respondents" / "30% of respondents")."""
    of = a.attrs.get("share_of"), b.attrs.get("share_of")
    return of[0] is not None and of[0] == of[1] and bool(a.attrs.get("fraction")) != bool(b.attrs.get("fraction"))


def _percent(m: Mention) -> float:
    return float(m.value) * 100 if m.attrs.get("fraction") else float(m.value)


def numbers_conflict(a: Mention, b: Mention, tolerance: float = 0.1) -> str | None:
    """None when the two numbers can both be true (different units, values within ``tolerance`` of each other, or
    qualifiers that allow both: "over one million" vs "1.2 million"); else "5 hours vs 3 hours" from the displays.
    Ordinals must match exactly; a fraction and a percentage of one group within ``SHARE_SLACK`` points.
    Symmetric in ``a`` and ``b``."""
    if same_share(a, b):
        hedged = a.attrs.get("qualifier") or b.attrs.get("qualifier")
        return None if hedged or abs(_percent(a) - _percent(b)) <= SHARE_SLACK else f"{_shown(a)} vs {_shown(b)}"
    if not _comparable(a, b):
        return None
    if a.attrs.get("ordinal"):
        clash = a.value != b.value
    elif a.attrs.get("low") is not None and b.attrs.get("low") is not None:  # two ranges: "110 to 135" / "88 to 135"
        ends = [(float(a.attrs["low"]), float(b.attrs["low"])), (float(a.value), float(b.value))]
        clash = any(abs(x - y) > min(tolerance * max(abs(x), abs(y)), _rounding(a, b)) for x, y in ends)
    else:
        (low_a, high_a), (low_b, high_b) = _interval(a, tolerance), _interval(b, tolerance)
        gap = max(low_a, low_b) - min(high_a, high_b)
        clash = gap > min(tolerance * abs(max(low_a, low_b)), _rounding(a, b))
    return f"{_shown(a)} vs {_shown(b)}" if clash else None


def _rounding(a: Mention, b: Mention) -> float:
    """How far apart two figures may be and still be one figure rounded two ways: half the coarser one's last
    written digit ("1.5 million" and "1,450,000"; "200" and "210"). Unbounded unless both are exact figures;
    "23 killed" and "25 killed" differ, "about 200" and "210" need not."""
    steps = a.attrs.get("step"), b.attrs.get("step")
    if None in steps or a.attrs.get("qualifier") or b.attrs.get("qualifier"):
        return math.inf
    return max(steps) / 2  # type: ignore[type-var]


def _shown(m: Mention) -> str:
    return str(m.attrs.get("display") or m.text)


def same_quantity(a: Mention, b: Mention) -> bool:
    """The same number of the same thing, however worded ("five-hour" and "5 hours"); qualifiers aside."""
    return _comparable(a, b) and math.isclose(float(a.value), float(b.value), rel_tol=1e-9)
