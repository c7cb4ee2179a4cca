"""Edits to a copied statement: a claim that repeats a sentence of its source word for word except for a pronoun of
the other gender ("Merkel said she would stay" for "... he would stay"), another name of the article, or another
number. Word-overlap and similarity checks see a faithful copy; our cross-encoder lets most pronoun swaps and a
quarter of name swaps through. The checks are narrow on purpose: the claim must match the source word for word
everywhere else, so they fire on an edit, never on two sentences about different things.

`compare` reads the same edits between two reports (``copy_swaps``): a sentence one report repeats from the
other but for one name or number is a conflict whatever the analysis makes of the words.

The other way round, a copy that only leaves out what stands before a name ("Friedrich Merz met ..." for "German
Chancellor Friedrich Merz met ...") says nothing the sentence does not: the cross-encoder, which learned title
edits as unsupported, scores some of these under its line (``trims_names``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .analyse.people import HONORIFICS, TITLE_HEADS, TITLE_SHIFTERS, canonical_place
from .analyse.sentences import text_sentences
from .analyse.specifics import FUNCTION_WORDS, specifics

_PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
MIN_COPIED_WORDS = 4  # a shorter run of words is a phrase two reports share by chance, not a copied statement


def verbatim_key(sentence: str) -> str:
    """A sentence as compared for a verbatim copy: case, spacing, curly quotes and end punctuation ignored."""
    return " ".join(sentence.translate(_PLAIN).lower().split()).strip(" .!?;:,'\"")


def copied_in(claim: str, text: str) -> bool:
    """Does ``text`` hold ``claim`` word for word (case, spacing, curly quotes and end punctuation aside)?"""
    key = verbatim_key(claim)
    return len(key.split()) >= MIN_COPIED_WORDS and key in _text_key(text)


@lru_cache(maxsize=64)
def _text_key(text: str) -> str:
    return " ".join(text.translate(_PLAIN).lower().split())


GENDER = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
}
MIN_WORDS = 4  # words matched besides the edit: a shorter match ("he said he would") proves nothing
_TOKEN = re.compile(r"[a-z0-9]+")
_PRONOUN = re.compile(r"\b(?:he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
_CASED_TOKEN = re.compile(r"[A-Za-z0-9]+")
# Countries whose people's adjective shares no four-letter stem with them (the others do: "Russia"/"Russian").
_IRREGULAR_DEMONYMS = {
    "british": "united kingdom", "brit": "united kingdom", "french": "france", "spanish": "spain", "dutch": "netherlands",
    "holland": "netherlands", "swiss": "switzerland", "polish": "poland", "irish": "ireland", "welsh": "wales",
    "danish": "denmark", "finnish": "finland", "filipino": "philippines", "scots": "scotland",
}
MAX_SWAPS = 2  # a claim differing from the sentence in more places is a rewrite, for the model to judge
MAX_NAME_RUN = 3  # words in a name put in the place of another


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




@lru_cache(maxsize=8192)
def cased_tokens(text: str) -> tuple[str, ...]:
    return tuple(_CASED_TOKEN.findall(text))


def swapped_specifics(claim: tuple[str, ...], sentence: tuple[str, ...], document: str) -> list[tuple[str, str]]:
    """(claim's words, sentence's words) pairs where the claim repeats ``sentence`` (both as ``cased_tokens``) word
    for word except for one or two numbers of another value, or names put in the place of others that
    ``document`` also contains ("Macron met Scholz" for "Scholz met Macron"; "Angela Merkel" for "Obama"); empty
    otherwise."""
    if len(claim) != len(sentence):
        fits = abs(len(claim) - len(sentence)) < MAX_NAME_RUN  # most sentences of a document are ruled out here
        return _swapped_name_run(claim, sentence, document) if fits else []
    if len(claim) < MIN_WORDS + 1:
        return []
    diffs = [(i, mine, theirs) for i, (mine, theirs) in enumerate(zip(claim, sentence)) if mine.lower() != theirs.lower()]
    if not diffs or len(diffs) > MAX_SWAPS:
        return []
    if all(_other_number(mine, theirs) or _other_name(mine, theirs, document) for _, mine, theirs in diffs):
        return [(mine, theirs) for _, mine, theirs in diffs]
    return []



def _swapped_name_run(claim: tuple[str, ...], sentence: tuple[str, ...], document: str) -> list[tuple[str, str]]:
    """One name of one to three words put in the place of another of a different length ("Angela Merkel" for
    "Obama"): the rest equal, every word of both a capitalised name word (no title, honorific or function word),
    no word shared (else it is one person named two ways: "Theresa May"/"Mrs May"), the claim's name in the
    document and not another name of the same thing ("United States"/"US")."""
    head = 0
    while head < min(len(claim), len(sentence)) and claim[head].lower() == sentence[head].lower():
        head += 1
    tail = 0
    while tail < min(len(claim), len(sentence)) - head and claim[-1 - tail].lower() == sentence[-1 - tail].lower():
        tail += 1
    mine, theirs = claim[head : len(claim) - tail], sentence[head : len(sentence) - tail]
    if not mine or not theirs:
        return _compass_added(claim, sentence, head, mine or theirs, mine_added=bool(mine))
    if max(len(mine), len(theirs)) > MAX_NAME_RUN or len(claim) - len(mine) < MIN_WORDS:
        return []
    words = [w.lower() for w in (*mine, *theirs)]
    if not all(w[:1].isupper() for w in (*mine, *theirs)) or set(words) & (HONORIFICS | TITLE_HEADS | FUNCTION_WORDS):
        return []
    if {w.lower() for w in mine} & {w.lower() for w in theirs} or _same_thing(" ".join(mine), " ".join(theirs)):
        return []
    name = r"\s+".join(re.escape(w) for w in mine)
    return [(" ".join(mine), " ".join(theirs))] if re.search(rf"\b{name}\b", document) else []


_COMPASS = frozenset({"North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "New", "Upper", "Lower"})


def _compass_added(claim: tuple[str, ...], sentence: tuple[str, ...], at: int, added: tuple[str, ...], mine_added: bool) -> list[tuple[str, str]]:
    """One side names another place by a word before the name: "South Sudan" for "Sudan", "New Mexico" for
    "Mexico" (the words otherwise the same)."""
    longer = claim if mine_added else sentence
    named = longer[at + 1] if at + 1 < len(longer) else ""
    if len(added) != 1 or added[0] not in _COMPASS or not named[:1].isupper() or len(claim) + len(sentence) < 2 * MIN_WORDS:
        return []
    place = f"{added[0]} {named}"
    return [(place, named)] if mine_added else [(named, place)]


def _other_number(mine: str, theirs: str) -> bool:
    return mine.isdigit() and theirs.isdigit() and int(mine) != int(theirs)


def _other_name(mine: str, theirs: str, document: str) -> bool:
    """Two capitalised words that are not function words (a sentence may start with any), titles or honorifics,
    nor two names of one thing ("UK"/"Britain", "US"/"American", "Russia"/"Russian", "Sept"/"September"); the
    claim's one found in the document as a word of its own."""
    low_mine, low_theirs = mine.lower(), theirs.lower()
    if not (mine[:1].isupper() and theirs[:1].isupper()) or {low_mine, low_theirs} & (HONORIFICS | TITLE_HEADS | FUNCTION_WORDS):
        return False
    if _same_thing(mine, theirs):
        return False
    return re.search(rf"\b{re.escape(mine)}\b", document) is not None


def _country(word: str) -> str:
    return _IRREGULAR_DEMONYMS.get(word.lower()) or canonical_place(word).lower()


# Endings that make a people or its language of a country's name, or a plural or possessive of a name.
_PEOPLE_ENDINGS = ("n", "an", "ian", "ians", "ans", "ns", "ese", "ish", "i", "is", "ic", "y", "s", "es")


def _same_thing(a: str, b: str) -> bool:
    """Aliases, a country and its people, a word and its abbreviation: "Russia"/"Russian", "Japan"/"Japanese",
    "Germany"/"German", "Britain"/"British" and "Ukraine"/"Ukrainian" (a shared stem of four letters, one of
    them ending as a people's name does), initials ("U.S."/"United States"). Not "Niger"/"Nigeria",
    "Austria"/"Australia", "Johnson"/"Johnston"."""
    keys = specifics(a)
    if (keys and keys == specifics(b)) or _country(a) == _country(b):
        return True
    short, long = sorted((a.lower(), b.lower()), key=len)
    if long.startswith(short) and long[len(short):] in _PEOPLE_ENDINGS:
        return True
    if short.replace(" ", "").replace(".", "") == "".join(w[0] for w in long.split()):  # "U.S." / "United States"
        return True
    return len(short) >= 4 and short[:4] == long[:4] and any(w.endswith(("ish", "ian", "ese", "an", "i")) for w in (short, long))


def trims_names(claim: tuple[str, ...], sentence: tuple[str, ...]) -> bool:
    """Does ``claim`` repeat ``sentence`` (both as ``cased_tokens``) leaving out only runs of capitalised words
    that stand right before a name it keeps: titles, first names, a country ("German Chancellor Friedrich Merz"
    → "Merz")? Not a run that changes who someone is ("Former", "Acting", "Vice"), nor a function word."""
    if len(claim) < MIN_WORDS or len(claim) >= len(sentence):
        return False
    i = j = 0
    while i < len(sentence):
        if j < len(claim) and sentence[i] == claim[j]:
            i, j = i + 1, j + 1
            continue
        run_end = i
        while run_end < len(sentence) and (j >= len(claim) or sentence[run_end] != claim[j]):
            run_end += 1
        if j >= len(claim) or not claim[j][:1].isupper() or not all(_name_prefix(w) for w in sentence[i:run_end]):
            return False
        i = run_end
    return j == len(claim)


def _name_prefix(word: str) -> bool:
    low = word.lower()
    return word[:1].isupper() and low not in FUNCTION_WORDS and low not in TITLE_SHIFTERS


def copy_swaps(claim_text: str, piece_text: str, document: str) -> list[tuple[str, str]]:
    """[(claim's words, piece's words)] where the claim repeats a sentence of the piece word for word but for one
    name or one number put in the place of another, as each text writes it ("opened an office in Hong Kong" /
    "in Tokyo", "4.1% this year" / "3.4% this year"): places, organisations and bare numbers as well as people
    and counted things. Two names of one thing ("UK"/"Britain", "Theresa May"/"Mrs May") are no swap; two
    things changed ("200 jobs in Ohio" / "300 jobs in Texas") may be two events, and are left alone."""
    mine = cased_tokens(claim_text)
    for a, b in text_sentences(piece_text):
        sentence = piece_text[a:b]
        theirs = cased_tokens(sentence)
        if not all(w[:1].isupper() or w[:1].isdigit() for w in set(mine) ^ set(theirs)):
            continue  # a lower-case word differs: not a name or number put for another (and cheap to see)
        swaps = swapped_specifics(mine, theirs, document)
        if not swaps:
            continue
        if len(mine) != len(theirs):
            return swaps[:1]  # one name run put for another
        changed = [i for i, (x, y) in enumerate(zip(mine, theirs)) if x.lower() != y.lower()]
        if changed == list(range(changed[0], changed[-1] + 1)):
            run = slice(changed[0], changed[-1] + 1)
            return [(as_written(mine[run], claim_text), as_written(theirs[run], sentence))]
    return []


def as_written(words: tuple[str, ...], text: str) -> str:
    """The words as the text writes them, separators and case included ("4", "1" -> "4.1")."""
    found = re.search(r"\W{0,3}".join(re.escape(w) for w in words), text, re.I)
    return found.group() if found else " ".join(words)
