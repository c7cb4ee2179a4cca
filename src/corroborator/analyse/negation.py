"""Negation cues ("not", "n't", "never", "no longer", ...) attached to the word they negate."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, Sequence

from ..model import Mention
from .sentences import text_sentences
from .specifics import content_words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_COPULAS = frozenset({"is", "are", "was", "were", "be", "been", "being", "'s", "’s", "'re", "am"})
NEGATION_WORDS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without", "nobody", "nothing", "none", "cannot"})


def _negated_word(cue: "Token") -> "Token":
    """The word the cue negates: the verb, or for a copula ("is not a compromise") its complement."""
    head = cue.head
    if head.pos_ == "AUX" or head.lower_ in _COPULAS:
        for child in head.children:
            if child.dep_ in {"attr", "acomp", "xcomp", "oprd"}:
                return child
    return head


def find_negations(doc: "Doc") -> list[Mention]:
    """One mention per negation cue; ``value`` is the negated head word, lower-cased. "failed to agree" and "has
    yet to comment" negate their verb as "did not agree" does (unless "not" cancels them: "has not failed to")."""
    out = []
    for token in doc:
        cue = token.dep_ == "neg" or (token.lower_ in NEGATION_WORDS and token.dep_ in {"det", "advmod", "preconj"})
        if cue and _only_limits(token):
            continue
        head = _negated_word(token) if cue else _not_done(token)
        if head is not None:
            out.append(
                Mention(
                    start=token.idx, end=token.idx + len(token), text=token.text, kind="negation",
                    value=head.lower_, attrs={"head_start": head.idx, "head_end": head.idx + len(head)},
                )
            )
    return out


def _only_limits(token: "Token") -> bool:
    """ "not just a rookie record", "not only …": it adds to what follows, it does not deny it."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.lower_ in ("not", "n't") and following is not None and following.lower_ in _LIMITERS


_LIMITERS = frozenset({"just", "only", "merely", "simply", "solely"})
_ATTEMPTS = frozenset({"bid", "bids", "attempt", "attempts", "effort", "efforts", "quest", "push"})


def _not_done(token: "Token") -> "Token | None":
    """The verb of "failed to V" / "yet to V" / "failed in its bid to V", when nothing negates the cue itself."""
    if token.lower_ not in ("failed", "yet"):
        return None
    doc, i = token.doc, token.i + 1
    if token.lower_ == "failed" and i + 1 < len(doc) and doc[i].lower_ == "in":  # "failed in its bid to"
        nouns = [k for k in range(i + 1, min(i + 4, len(doc))) if doc[k].lower_ in _ATTEMPTS]
        i = nouns[0] + 1 if nouns else i
    if i + 1 >= len(doc):
        return None
    to, verb = doc[i], doc[i + 1]
    cancelled = token.i > 0 and doc[token.i - 1].lower_ in ("not", "n't", "never")
    return verb if to.lower_ == "to" and verb.pos_ in ("VERB", "AUX") and not cancelled else None


# Cues of a denial without a parse: the negation words, "n't", and verbs that refuse what the other side states.
_DENIAL = re.compile(r"\b(?:" + "|".join(sorted(NEGATION_WORDS - {"n't"})) + r"|refus\w*|reject\w*|den(?:y|ies|ied)|declin\w*|lack\w*)\b|n[’']t\b",
                     re.IGNORECASE)


def is_negated(text: str) -> bool:
    """Does the text deny something ("not", "never", "n't", "refused", "rejected", "denied", "declined", "lack")?"""
    return _DENIAL.search(text) is not None


def same_polarity(claim: str, pieces: Sequence[str], denies: Callable[[str], bool] = is_negated) -> bool:
    """Does the sentence of the pieces closest to the claim in words deny what the claim denies? (A two-sentence
    piece may carry a denial about something else.)"""
    return denies(claim) == denies(closest_sentence(claim, pieces))


def closest_sentence(claim: str, pieces: Sequence[str]) -> str:
    """The sentence of the pieces sharing most content words with the claim."""
    words = content_words(claim)
    sentences = [piece[a:b] for piece in pieces for a, b in text_sentences(piece)] or list(pieces)
    return max(sentences, key=lambda sentence: len(words & content_words(sentence)))


_ATTEMPT_WORDS = r"(?:" + "|".join(sorted(_ATTEMPTS)) + r")"
_CUE = re.compile(r"\b(?:" + "|".join(sorted(NEGATION_WORDS - {"n't", "without"})) + r")\b(?!\s+only\b)|n[’']t\b"
                  r"|\b(?:yet|failed)\s+to\b|\bfailed\s+in\s+(?:\w+\s+){0,2}" + _ATTEMPT_WORDS + r"\s+to\b",
                  re.IGNORECASE)  # "has yet to comment", "failed to agree", "failed in its bid to win": not done


_CANCELLED = re.compile(r"(?:\b(?:not|never)\s+|n[’']t\s+)(?:(?:yet|failed)\s+to\b|failed\s+in\s+(?:\w+\s+){0,2}" + _ATTEMPT_WORDS + r"\s+to\b)",
                        re.IGNORECASE)


def has_negation_word(text: str) -> bool:
    """Does the text say "not", "never", "no", "n't" ...? (Not ``is_negated``'s denial verbs: "the dollar's
    decline" denies nothing; nor "not only", which adds; "has not failed to" denies nothing either.)"""
    return _CUE.search(_CANCELLED.sub(" ", text)) is not None


def only_adds(cue_end: int, text: str) -> bool:
    """Is the negation cue ending at ``cue_end`` the "not" of "not only ... but also"?"""
    return re.match(r"\s+only\b", text[cue_end:]) is not None
