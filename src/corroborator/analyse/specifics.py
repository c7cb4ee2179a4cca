"""The specifics of a text: the names and numbers a fact hinges on, normalised for matching across sources.

Cheap (regex only) so it can run on every candidate pair: a claim that names "Umerov" or "€90 billion" is not
corroborated by a sentence that carries neither, however similar the rest of the wording.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    from spacy.tokens import Token

_NUMBER_WORDS = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20", "thirty": "30", "forty": "40",
    "fifty": "50", "hundred": "100", "thousand": "1000", "million": "1000000", "billion": "1000000000",
    "trillion": "1000000000000", "mln": "1000000", "bln": "1000000000",  # "one mln bpd" (wire style) = "one million"
}
# Capitalised words that begin sentences or are titles/function words rather than names; company suffixes and
# wire-table abbreviations ("Inc", "Shr", "Revs") that every company shares.
_NOT_NAMES = frozenset(
    """a an the this that these those it its he she they we i you his her their our my your
    in on at of for to from by with as and but or nor so yet if while when where after before since
    during following meanwhile however although though because despite also further central specific
    prior critical mr mrs ms dr president chancellor minister envoy general secretary chief
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    inc corp co ltd plc llc ag sa nv group shr shrs net revs avg oper qtr mths note""".split()
)
_SCALE_WORDS = frozenset({"hundred", "thousand", "million", "billion", "trillion", "mln", "bln"})
_SCALE_VALUES = {"b": Decimal(10**9), "k": Decimal(10**3), "thousand": Decimal(10**3), "m": Decimal(10**6), "mn": Decimal(10**6),
                 "mln": Decimal(10**6), "million": Decimal(10**6), "bn": Decimal(10**9), "bln": Decimal(10**9),
                 "billion": Decimal(10**9), "tn": Decimal(10**12), "trillion": Decimal(10**12)}
# A scale right after a figure: attached ("$3.8m", "86.7bn") or spaced ("86.7 billion", "291.8 mln", "5-million").
_MONEY_SCALE = re.compile(r"(?P<attached>k|m|mn|bn|b)\b(?P<spaced>)", re.I)  # "$334M", "£2Bn": after a currency sign
_SCALE_AFTER = re.compile(r"(?-i:(?P<attached>k|m|mn|mln|bn|bln|tn))\b|[ \t]*-?[ \t]*(?P<spaced>thousand|million|billion|trillion|mln|bln|bn|tn)\b", re.I)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]|[A-Za-z]|\d+(?:[.,]\d+)*")
_DOTTED_ABBREVIATION = re.compile(r"\b([A-Z])\.([A-Z])\.?")
_MULTIWORD = re.compile(r"\b(?:the\s+)?United\s+(States|Kingdom|Nations)\b", re.I)
_MULTIWORD_KEYS = {"states": "US", "kingdom": "UK", "nations": "UN"}
_ALIASES = {"un": "united nations", "us": "united states", "u.s": "united states", "u.s.": "united states", "usa": "united states", "american": "united states", "uk": "united kingdom", "eu": "european union"}


def _normal_number(token: str) -> str:
    return token.replace(",", "").rstrip(".")


@lru_cache(maxsize=16_384)  # one compare asks again for the same pieces and claims, a server for the same sentences
def specifics(text: str) -> frozenset[str]:
    """Lower-cased proper-name tokens and numbers (digits or number words) in ``text``."""
    return frozenset(key for key, _ in _keyed_tokens(text))


def specific_words(text: str) -> dict[str, str]:
    """Each specific of ``text`` with the word it was read from, first occurrence ("1000000000" -> "billion"),
    in the order of the text: what a reader is shown when a key is missing from the sources."""
    words: dict[str, str] = {}
    for key, word in _keyed_tokens(text):
        words.setdefault(key, word.removesuffix("'s").removesuffix("’s"))
    return words


def _keyed_tokens(text: str) -> Iterator[tuple[str, str]]:
    text = _DOTTED_ABBREVIATION.sub(r"\1\2", text)
    text = _MULTIWORD.sub(lambda m: _MULTIWORD_KEYS[m.group(1).lower()], text)
    scaled_until = -1  # a scale word already read with the figure before it
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        lower = token.lower().strip("'’")
        if match.start() < scaled_until:
            continue
        if token[0].isdigit() or (lower in _NUMBER_WORDS and lower not in _SCALE_WORDS):
            figure = _normal_number(token) if token[0].isdigit() else _NUMBER_WORDS[lower]
            scale = _SCALE_AFTER.match(text, match.end()) or (
                _MONEY_SCALE.match(text, match.end()) if match.start() and text[match.start() - 1] in "$€£¥" else None)
            if scale is None:
                yield figure, token
            else:
                scaled_until = scale.end()
                yield _scaled(figure, scale), text[match.start() : scale.end()]
        elif lower in _NUMBER_WORDS:
            yield _NUMBER_WORDS[lower], token
        elif token[0].isupper() and lower not in _NOT_NAMES and len(lower) > 1:
            yield _ALIASES.get(lower, lower.removesuffix("'s").removesuffix("’s")), token


def _reads_to_end(pattern: re.Pattern[str], phrase: str, at: int) -> bool:
    """Does ``pattern`` read the rest of ``phrase`` from ``at``, but for closing punctuation ("m." ending a sentence)?"""
    found = pattern.match(phrase, at)
    return found is not None and not phrase[found.end():].strip(".,;:!?)\"'’”")


def _scaled(figure: str, scale: re.Match[str]) -> str:
    """A figure times its scale, keyed as an exact number: "86.7bn", "86.7 billion" and "86,700 million" all key
    as 86700000000, so a rewrite that spells a scale out is keyed like its source."""
    try:
        value = Decimal(figure) * _SCALE_VALUES[(scale["attached"] or scale["spaced"]).lower()]
    except InvalidOperation:
        return figure
    return format(value.normalize(), "f")


def coverage(claim_specifics: frozenset[str], evidence_specifics: frozenset[str]) -> float:
    """Share of the claim's specifics that the evidence also carries (1.0 when the claim has none)."""
    if not claim_specifics:
        return 1.0
    return len(claim_specifics & evidence_specifics) / len(claim_specifics)


_FIGURE_TOKEN = re.compile(r"\d[\d.,]*(?:k|m|mn|bn|tn|mln|bln)", re.I)  # "86.7bn", "334M": a figure and its scale
_KEY_ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"})


def token_keys(tokens: "Iterable[Token]") -> frozenset[str]:
    """Specifics of parsed tokens: like ``specifics`` but only names the parser saw as names, so a
    capitalised first word ("Discussions ...") is not taken for one; a number is read with the scale written
    after it, so "$7.5m" keys as the sources' text does. A subset of ``specifics`` of the same text."""
    names: list[str] = []
    numbers: set[str] = set()
    scales: set[int] = set()  # indexes of scale words read with the number before them
    for t in tokens:
        if t.i in scales:
            continue
        named = t.pos_ == "PROPN" or t.ent_type_ in _KEY_ENTITY_TYPES
        if t.like_num or _FIGURE_TOKEN.fullmatch(t.text) or (named and any(c.isdigit() for c in t.text)):
            # read as the sources' text is read: with a currency sign before and the next word ("7.5" "m")
            sign = t.doc[t.i - 1].text if t.i and t.doc[t.i - 1].text in ("$", "€", "£", "¥") else ""
            after = t.doc[t.i + 1].text if t.i + 1 < len(t.doc) else ""
            scales_it = (_SCALE_AFTER, _MONEY_SCALE) if sign else (_SCALE_AFTER,)
            scaled = bool(after) and any(_reads_to_end(p, t.text_with_ws + after, len(t.text)) for p in scales_it)
            phrase = sign + (t.text_with_ws + after if scaled else t.text)
            numbers.update(k for k, _ in _keyed_tokens(phrase) if k[0].isdigit())  # not cached: one-off phrases
            if scaled:
                scales.add(t.i + 1)
        if named:
            names.append(t.text)
    named_keys = (k for k in specifics(" ".join(names)) if not k[0].isdigit()) if names else ()
    return frozenset(named_keys) | frozenset(numbers)


# Function words and reporting glue: what remains is what a statement says happened.
FUNCTION_WORDS = frozenset(
    """a an the of in on at to from by with as for into onto and or but nor so yet if while when where that this
    these those it its is are was were be been being has have had will would could should can may might must do
    does did not no also than then there their they them he she his her him we our us you your who whom which
    what after before over under about against between among during since until through via per any all some each
    more most other such only just very own same""".split()
)
_CONTENT_WORD = re.compile(r"(?<![\w’'])[a-z][a-z\-]+")
STEM_LENGTH = 6


@lru_cache(maxsize=16384)  # the same claims and pieces are read against each other many times
def content_words(text: str) -> frozenset[str]:
    """Crude stems (first six letters) of the lower-case content words: the words that say what happened.
    Capitalised words are left to ``specifics`` (names) and number words to numbers, so they never count twice;
    hyphenated words count by their parts ("five-hour" -> "hour")."""
    words = (part for w in _CONTENT_WORD.findall(text) for part in w.split("-"))
    return frozenset(
        _stem(w) for w in words
        if w not in FUNCTION_WORDS and w not in _NUMBER_WORDS and len(w) > 2
    )


def _stem(word: str) -> str:
    return word[:STEM_LENGTH] if len(word) > STEM_LENGTH else word.rstrip("s")


_WORD = re.compile(r"\w+")
MIN_REPETITIVE_WORDS = 4


def is_repetitive(text: str) -> bool:
    """A degenerate text rather than a statement: one word making up more than half of its words ("Zelensky
    Zelensky Zelensky Zelensky"), or a phrase looping (at most one distinct word in four, over eight words or more).
    Generated text falls into such loops; a verifier reading one finds every word in the document."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < MIN_REPETITIVE_WORDS:
        return False
    most = max(words.count(w) for w in set(words))
    return most * 2 > len(words) or (len(words) >= 8 and len(set(words)) * 4 <= len(words))
