"""Words of opposite meaning put in the place of each other: "voted for" / "voted against", "welcomed" /
"criticised", "rose" / "fell". Sentence embeddings rate such pairs as near-identical (0.97 for the two votes), so
two reports that say opposite things would be read as agreeing. The check is narrow on purpose: the two words
must stand in corresponding places of the two sentences (the words around them matched in order), and neither
sentence may carry the other's word, so two sentences about different things never conflict through it.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

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
MATCHED_SHARE = 0.5  # and at least this share of the shorter text's words
MAX_REPLACED = 3  # words on either side of a swap: a longer stretch is a rewrite, not one word put for another


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


def _tokens(text: str) -> list[str]:
    """Lower-case words; "for" and "against" after a form of "vote" become one word each ("vote_for")."""
    words = _TOKEN.findall(text.lower())
    return [
        f"vote_{w}" if w in ("for", "against") and i and words[i - 1].startswith("vot") else w
        for i, w in enumerate(words)
    ]


def _shown(word: str) -> str:
    return word.replace("vote_", "voted ")


def opposite_words(claim: str, other: str) -> list[tuple[str, str]]:
    """(claim's word, other's word) pairs of opposite meaning standing in corresponding places of the two texts,
    where neither text carries the other's meaning in any of its forms. The texts must be one statement told
    twice: at least half the shorter one's words matched in order, the pair inside a stretch of at most
    ``MAX_REPLACED`` words put for another."""
    mine, theirs = _tokens(claim), _tokens(other)
    same, table = _lexicon()
    if not any(w in table for w in mine):
        return []
    matcher = SequenceMatcher(None, mine, theirs, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    if matched < max(MIN_MATCHED, MATCHED_SHARE * min(len(mine), len(theirs))):
        return []
    mine_set, theirs_set = set(mine), set(theirs)
    found = []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag != "replace" or a2 - a1 > MAX_REPLACED or b2 - b1 > MAX_REPLACED:
            continue
        for word in mine[a1:a2]:
            if word not in table or same[word] & theirs_set:  # the other text says it too ("killed" for "dead")
                continue
            for opposed in theirs[b1:b2]:
                if opposed in table[word] and not same[opposed] & mine_set:
                    found.append((_shown(word), _shown(opposed)))
    return list(dict.fromkeys(found))
