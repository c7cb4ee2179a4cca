"""Cheap text features for story grouping: word counts and name/number counts, hashed to fixed buckets.

Two bags per article, both lower-cased and hashed (CRC-32) into ``BUCKETS`` buckets so that document
frequencies fit in one array that the store keeps between runs:

* words: tokens of two or more letters/digits, English stop words removed;
* names: capitalised words that the article never writes in lower case (so "Another" at a sentence start is
  not a name, "Reid" is), numbers, and runs of such words ("tara reid 33"); a possessive 's is dropped.

FINDINGS.md: what separates two similar events is who, where and when, and a regex for capitalised words costs
~0.2 ms where spaCy's tagger costs ~25 ms per article. ``prepare`` is pure, so engines can run it anywhere.
``boilerplate`` finds the lines (footers) that articles of one batch share without being copies, for ``prepare``
to leave out.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from dataclasses import dataclass
from typing import Collection, Sequence

import numpy as np

BUCKETS = 1 << 20
_NAME_SALT = "\x01"  # names hash apart from words, so the two bags never share a bucket by design

_WORD = re.compile(r"[^\W_]{2,}")
_NAME = r"(?:[^\W\d_a-z][\w'’-]*|\d[\d,.]*\d|\d)"  # capitalised word or number (Unicode upper too)
# runs of capitalised words and numbers on one line, punctuation between them ignored; a lower-case word breaks them
_RUN = re.compile(rf"{_NAME}(?:[^\w\n]+{_NAME})*")
_TOKEN = re.compile(_NAME)
_LOWER = re.compile(r"(?<![\w'’-])[a-z][\w'’-]*")

# scikit-learn's ENGLISH_STOP_WORDS (BSD-3-Clause), from the Glasgow Information Retrieval Group's list.
STOP_WORDS = frozenset(
    """
a about above across after afterwards again against all almost alone along already also although always am
among amongst amoungst amount an and another any anyhow anyone anything anyway anywhere are around as at back
be became because become becomes becoming been before beforehand behind being below beside besides between
beyond bill both bottom but by call can cannot cant co con could couldnt cry de describe detail do done down
due during each eg eight either eleven else elsewhere empty enough etc even ever every everyone everything
everywhere except few fifteen fifty fill find fire first five for former formerly forty found four from front
full further get give go had has hasnt have he hence her here hereafter hereby herein hereupon hers herself
him himself his how however hundred i ie if in inc indeed interest into is it its itself keep last latter
latterly least less ltd made many may me meanwhile might mill mine more moreover most mostly move much must my
myself name namely neither never nevertheless next nine no nobody none noone nor not nothing now nowhere of
off often on once one only onto or other others otherwise our ours ourselves out over own part per perhaps
please put rather re same see seem seemed seeming seems serious several she should show side since sincere six
sixty so some somehow someone something sometime sometimes somewhere still such system take ten than that the
their them themselves then thence there thereafter thereby therefore therein thereupon these they thick thin
third this those though three through throughout thru thus to together too top toward towards twelve twenty
two un under until up upon us very via was we well were what whatever when whence whenever where whereafter
whereas whereby wherein whereupon wherever whether which while whither who whoever whole whom whose why will
with within without would yet you your yours yourself yourselves
""".split()
)


@dataclass(frozen=True, eq=False)
class TermCounts:
    """Hashed bag of words and bag of names of one article: sorted bucket numbers and their counts."""

    words: tuple[np.ndarray, np.ndarray]
    names: tuple[np.ndarray, np.ndarray]


def prepare(text: str, title: str | None = None, drop: Collection[str] = ()) -> TermCounts:
    """The term counts of an article (its title counts as part of the text), less its lines in ``drop``."""
    if drop:
        text = "\n".join(line for line in text.split("\n") if " ".join(line.split()) not in drop)
    full = f"{title}\n{text}" if title else text
    return TermCounts(words=_hashed(_words(full)), names=_hashed(_names(full), _NAME_SALT))


def _lines(text: str) -> set[str]:
    """The text's lines (paragraphs), blanks collapsed."""
    return {" ".join(line.split()) for line in text.split("\n")} - {""}


def boilerplate(texts: Sequence[str], groups: Sequence[str]) -> list[set[str]]:
    """Per text, its lines that texts of other reprint groups share word for word, where they are less than half
    of it: a company's or an outlet's footer, a disclaimer. They say nothing of the event, and their words, rare
    in the corpus, would make articles on unrelated events look alike. A text made mostly of shared lines is a
    partial copy, and they are its content."""
    found = [_lines(text) for text in texts]
    first: dict[str, str] = {}
    shared: set[str] = set()
    for text_lines, group in zip(found, groups):
        for line in text_lines:
            if first.setdefault(line, group) != group:
                shared.add(line)
    out = []
    for text, text_lines in zip(texts, found):
        mine = text_lines & shared
        out.append(mine if 2 * sum(len(line.split()) for line in mine) < len(text.split()) else set())
    return out


def crc(term: str) -> int:
    """CRC-32 of a term, memoised: corpora repeat their vocabulary, and hashing is most of the cost."""
    value = _CRC.get(term)
    if value is None:
        if len(_CRC) >= _CRC_LIMIT:
            _CRC.clear()
        value = _CRC[term] = zlib.crc32(term.encode("utf-8"))
    return value


_CRC: dict[str, int] = {}
_CRC_LIMIT = 1 << 20


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


def _names(text: str) -> list[str]:
    lower_forms = set(_LOWER.findall(text))
    found: list[str] = []
    for match in _RUN.finditer(text):
        run: list[str] = []
        for token in _TOKEN.findall(match.group(0)):
            if token.endswith(("'s", "’s")):
                token = token[:-2]
            low = token.lower()
            if token[0].isdigit() or (token[0].isupper() and low not in STOP_WORDS and low not in lower_forms):
                found.append(low)
                run.append(low)
                continue
            if len(run) > 1:
                found.append(" ".join(run))
            run = []
        if len(run) > 1:
            found.append(" ".join(run))
    return found


def _hashed(terms: list[str], salt: str = "") -> tuple[np.ndarray, np.ndarray]:
    counts: Counter[int] = Counter()
    for term, n in Counter(terms).items():
        counts[crc(salt + term) & (BUCKETS - 1)] += n
    buckets = np.fromiter(counts.keys(), dtype=np.int32, count=len(counts))
    values = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
    order = np.argsort(buckets)
    return buckets[order], values[order]
