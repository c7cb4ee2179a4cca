"""Words of opposite meaning put in the place of each other: "voted for" / "voted against", "welcomed" /
"criticised", "rose" / "fell". Sentence embeddings rate such pairs as near-identical (0.97 for the two votes), so
two reports that say opposite things would be read as agreeing. The check is narrow on purpose: one sentence
told twice, word for word but for the opposite words, so two sentences about different things never conflict
through it; the same contradiction reworded ("cast his vote against") is left to the entailment model.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Iterator, Sequence

from .sentences import text_sentences

# Each entry: word forms of one meaning | word forms of the opposite meaning (an indented line continues the one
# above). Words with other uses ("first", "up", "cut") are safe here because the pair must stand in the same place
# of one statement told twice ("in the first half" / "in the last half").
_PAIRS = """
rise rises rose risen rising climb climbs climbed climbing soar soars soared soaring surge surges surged jump jumps jumped increase increases increased increasing grew grow grows growing
    | fall falls fell fallen falling drop drops dropped dropping decline declines declined declining plunge plunges plunged plunging slump slumps slumped tumble tumbled decrease decreases decreased decreasing shrink shrinks shrank shrunk shrinking
higher stronger strengthened | lower weaker weakened
more | less fewer
above | below
before | after
win wins won winning | lose loses lost losing
profit profits | loss losses
accept accepts accepted accepting approve approves approved approving | reject rejects rejected rejecting
confirm confirms confirmed confirming | deny denies denied denying
agree agrees agreed agreeing | refuse refuses refused refusing decline declines declined declining
support supports supported supporting backed favour favor favours favors favoured favored | oppose opposes opposed opposing
vote_for | vote_against
welcome welcomes welcomed welcoming praise praises praised praising | criticise criticises criticised criticising criticize criticizes criticized criticizing condemn condemns condemned condemning denounce denounces denounced
guilty convict convicts convicted | innocent acquit acquits acquitted
uphold upholds upheld | overturn overturns overturned
allow allows allowed allowing permit permits permitted | ban bans banned banning prohibit prohibits prohibited forbid forbids forbade forbidden
opened reopened | closed shut
success successful succeeded succeed succeeds | failure unsuccessful failed fail fails
positive | negative
majority | minority
alive survived survive survives surviving | dead died die dies dying killed
gain gains gained | loss losses lost
buy buys bought buying | sell sells sold selling
raise raises raised raising | cut cuts cutting lowered
biggest largest | smallest
best | worst
better | worse
much significant considerable substantial | little
major | minor
good | bad
strong | weak
first | last
early earlier | late later
up | down
ahead | behind
begin begins began beginning start starts started starting | end ends ended ending
"""
_TOKEN = re.compile(r"[a-z]+")
MIN_MATCHED = 3  # words matched in order around the swap: fewer and the two sentences need not be about one thing
MATCHED_SHARE = 0.5  # and at least this share of the claim's words


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """(word -> forms of the same meaning, word -> forms of the opposite meaning)."""
    same: dict[str, set[str]] = {}
    opposite: dict[str, set[str]] = {}
    for line in _PAIRS.replace("\n    ", " ").strip().splitlines():
        left, right = (frozenset(side.split()) for side in line.split("|"))
        for side, other in ((left, right), (right, left)):
            for word in side:
                same.setdefault(word, set()).update(side)
                opposite.setdefault(word, set()).update(other)
    return _frozen(same), _frozen(opposite)


def _frozen(table: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    return {word: frozenset(words) for word, words in table.items()}


# Amounts of several words, read as one ("a lot of progress" / "little progress"); "a little" is some, not little.
_AMOUNTS = re.compile(r"\b(?:a\s+lot\s+of|lots\s+of|a\s+great\s+deal\s+of|a\s+little)\s")
_AMOUNT_WORDS = {"a lot of": "much ", "lots of": "much ", "a great deal of": "much ", "a little": "some "}


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    """Lower-case words; "for" and "against" after a form of "vote" become one word each ("vote_for"), and an amount
    of several words one word ("a lot of" -> "much")."""
    words = _TOKEN.findall(_AMOUNTS.sub(lambda m: _AMOUNT_WORDS[" ".join(m.group().split())], text.lower()))
    return tuple(
        f"vote_{w}" if w in ("for", "against") and i and words[i - 1].startswith("vot") else w
        for i, w in enumerate(words)
    )


def _shown(word: str) -> str:
    return word.replace("vote_", "voted ")


def opposite_words(claim: str, other: str) -> list[tuple[str, str]]:
    """(claim's word, other's word) pairs of opposite meaning where the claim repeats a sentence of ``other`` (or
    a run of one) word for word but for those words, one put for one, and neither text carries the other's
    meaning in any of its forms. Anything else changed ("Senator Brown voted for" / "Senator Green voted
    against", "set up a plant in Ohio" / "shut down a plant in Texas") and it may be two facts, not one told
    two ways."""
    mine, (same, table) = _tokens(claim), _lexicon()
    for sentence, theirs in _sentences_to_read(mine, other):
        found = _swapped_opposites(mine, theirs, same, table)
        if found:
            return [(_as_written(x, claim), _as_written(y, sentence)) for x, y in found]
    return []


def _sentences_to_read(mine: Sequence[str], other: str) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Each sentence of ``other`` with its words, when the claim has a word the lexicon knows an opposite of."""
    if any(w in _lexicon()[1] for w in mine):
        for a, b in text_sentences(other):
            yield other[a:b], _tokens(other[a:b])


LOCAL_RUN = 3  # words repeated right after the opposite words (and at least one right before) in a reworded sentence


def local_opposites(claim: str, other: str) -> list[tuple[str, str]]:
    """Opposite words in the same run of words of two reworded sentences: "who said they supported the Iran arms
    initiative" against "who said they opposed the Iran arms initiative", the rest of the sentences reordered
    (``opposite_words`` needs the whole sentence repeated). The three words after the pair are the same, and so
    is one of the two before it; neither text says the other's word in any of its forms; and each names nothing
    the other does not ("set up a plant in Ohio" / "shut down a plant in Texas" are two facts)."""
    mine, (same, table) = _tokens(claim), _lexicon()
    for sentence, theirs in _sentences_to_read(mine, other):
        if (_capitalised(claim) ^ _capitalised(sentence)) - _capitalised(_first_word(claim), _first_word(sentence)):
            continue
        for i, word in enumerate(mine):
            for j, opposed in enumerate(theirs):
                if opposed in table.get(word, ()) and not (same[word] & set(theirs) or same[opposed] & set(mine)) and (
                        _same_run(mine, i, theirs, j)):
                    return [(_shown(word), _shown(opposed))]
    return []


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")


def _capitalised(*texts: str) -> set[str]:
    return {w for text in texts for w in _CAPITALISED.findall(text)}


def _first_word(text: str) -> str:
    return text.split(maxsplit=1)[0] if text.split() else ""


def _same_run(mine: Sequence[str], i: int, theirs: Sequence[str], j: int) -> bool:
    after = mine[i + 1 : i + 1 + LOCAL_RUN]
    before = {w for w in mine[max(0, i - 2) : i]} & {w for w in theirs[max(0, j - 2) : j]}
    return len(after) == LOCAL_RUN and tuple(after) == tuple(theirs[j + 1 : j + 1 + LOCAL_RUN]) and bool(before)


def _as_written(word: str, text: str) -> str:
    """An amount read as one word ("much") shown as the text writes it ("a lot of")."""
    if word in ("much", "some"):
        found = _AMOUNTS.search(text.lower())
        if found:
            return " ".join(text[found.start() : found.end()].split())
    return word


def _swapped_opposites(mine: Sequence[str], theirs: Sequence[str], same: dict[str, frozenset[str]],
                       table: dict[str, frozenset[str]]) -> list[tuple[str, str]]:
    opcodes = SequenceMatcher(None, mine, theirs, autojunk=False).get_opcodes()
    while opcodes and opcodes[0][0] in ("insert", "delete"):  # a clause against the whole sentence
        opcodes = opcodes[1:]
    while opcodes and opcodes[-1][0] in ("insert", "delete"):
        opcodes = opcodes[:-1]
    matched = sum(a2 - a1 for tag, a1, a2, _, _ in opcodes if tag == "equal")
    if matched < max(MIN_MATCHED, MATCHED_SHARE * len(mine)):
        return []
    found = []
    for tag, a1, a2, b1, b2 in opcodes:
        if tag == "equal":
            continue
        if tag != "replace" or a2 - a1 != 1 or b2 - b1 != 1:
            return []
        word, opposed = mine[a1], theirs[b1]
        if opposed not in table.get(word, ()) or same[word] & set(theirs) or same[opposed] & set(mine):
            return []  # another word changed, or the other text says it too ("killed" for "dead")
        found.append((_shown(word), _shown(opposed)))
    return found


SWAP_MATCHED_SHARE = 0.8  # of the claim's words repeated in order once the two are put back: one statement

# Words between two others that make their order matter: "paid by taxpayers, not employers", "Chelsea beat
# Arsenal", "moved from Paris to Berlin". Not "and", "with", "met": "Merz met Zelensky" is "Zelensky met Merz".
_ORDER_WORDS = frozenset("""not than instead rather over beat beats defeated defeats overtook overtakes replaced
    replaces succeeded succeeds trails trailed led leads before after to from into ahead behind""".split())


def swapped_words(claim: str, other: str) -> list[tuple[str, str]]:
    """(first, second): two words of the claim that a sentence of ``other`` has in each other's place, when
    putting them back makes the claim repeat that sentence (as for ``opposite_words``) and a word between them
    makes their order matter."""
    mine = _tokens(claim)
    if not _ORDER_WORDS & set(mine):
        return []
    needed = max(MIN_MATCHED, SWAP_MATCHED_SHARE * len(mine))
    counts_mine = Counter(mine)
    for a, b in text_sentences(other):
        theirs = _tokens(other[a:b])
        if sum((counts_mine & Counter(theirs)).values()) < needed:
            continue  # too few words in common to be the claim's sentence, whatever their order
        pairs = _reversed_pairs(mine, theirs)
        if not pairs:
            continue
        before = _matched(mine, theirs)
        for p, q in pairs:
            restored = _matched([*mine[:p], mine[q], *mine[p + 1 : q], mine[p], *mine[q + 1 :]], theirs)
            if restored >= needed and restored >= before + 2:
                return [(mine[p], mine[q])]
    return []


def _reversed_pairs(mine: Sequence[str], theirs: Sequence[str]) -> list[tuple[int, int]]:
    """Positions p < q of two different words each text has once, in the other order there, with an order word
    between them in the claim."""
    counts_mine, counts_theirs = Counter(mine), Counter(theirs)
    where = {w: theirs.index(w) for w, n in counts_mine.items()
             if n == 1 and counts_theirs[w] == 1 and w.isalpha() and w not in _ORDER_WORDS}
    if len(where) < 2:
        return []
    return [(p, q) for p in range(len(mine)) if mine[p] in where for q in range(p + 1, len(mine))
            if mine[q] in where and where[mine[p]] > where[mine[q]] and _ORDER_WORDS & set(mine[p + 1 : q])]


def _matched(mine: Sequence[str], theirs: Sequence[str]) -> int:
    return sum(size for *_, size in SequenceMatcher(None, mine, theirs, autojunk=False).get_matching_blocks())
