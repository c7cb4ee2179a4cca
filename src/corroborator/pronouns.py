"""A copied statement whose pronouns changed gender: "Merkel said she would stay" rewritten as "Merkel said he would
stay". Word-overlap and similarity checks see a faithful copy; our cross-encoder lets most of these through too
(it caught 10 of 60 such edits). The check is narrow on purpose: the claim must match a run of the source word for
word except for gendered pronouns, so it only fires on an edit, never on two sentences about different people.
"""

from __future__ import annotations

import re

GENDER = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
}
MIN_WORDS = 4  # words besides the pronouns: a shorter match ("he said he would") proves nothing
_TOKEN = re.compile(r"[a-z0-9]+")
_PRONOUN = re.compile(r"\b(?:he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)


def has_gendered_pronoun(text: str) -> bool:
    return _PRONOUN.search(text) is not None


def _frame(text: str) -> tuple[list[str], list[str]]:
    """The words with each gendered pronoun replaced by a placeholder, and the words themselves."""
    words = _TOKEN.findall(text.lower().replace("’", "'"))
    return ["<pronoun>" if w in GENDER else w for w in words], words


def gender_swaps(claim: str, source: str) -> list[tuple[str, str]]:
    """(claim's pronoun, source's pronoun) pairs where ``claim`` copies a run of ``source`` word for word except
    for pronouns of the other gender; empty when it does not copy it or when every pronoun kept its gender."""
    frame, words = _frame(claim)
    if "<pronoun>" not in frame or len(frame) - frame.count("<pronoun>") < MIN_WORDS:
        return []
    their_frame, their_words = _frame(source)
    for start in range(len(their_frame) - len(frame) + 1):
        if their_frame[start : start + len(frame)] != frame:
            continue
        swaps = [
            (mine, theirs)
            for mine, theirs in zip(words, their_words[start : start + len(frame)])
            if mine in GENDER and GENDER[mine] != GENDER[theirs]
        ]
        if swaps:
            return swaps
    return []
