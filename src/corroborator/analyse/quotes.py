"""Direct quotes and who said them.

``find_quotes(doc)`` returns one ``Mention(kind="quote")`` per quoted stretch of an article: the offsets of the words
*inside* the quote marks, the words as ``value``, and in ``attrs`` the speaker (a canonical name: the fullest form of
that person's name in the article, or an organisation / source as named), where the attribution points, and whether
the quote is a fragment (``partial``) or a scare-quoted term (``scare``). Quote conflicts ("the same speaker quoted
with different or inverted words") are found by comparing these across sources.

Two passes:

1. Quote marks are paired on the raw text, paragraph by paragraph (``quote_spans``): straight and curly double
   quotes, curly single quotes and straight single quotes used as marks. An apostrophe between letters is never a
   mark; a quote nested in another belongs to the outer one; an opening mark while a quote is open (BBC-style quotes
   running over a lost paragraph break) ends the open one; a quote open at the end of a paragraph ends there.
2. Speakers come from the spaCy parse: the nearest speech verb outside quotes in the quote's sentence and its
   subject ("X said", "said X", "X told Y:", "X described it as ...", "according to X"), pronouns resolved to the
   nearest earlier person (of fitting gender when known), names expanded to their fullest form in the article. A
   quote with no speech verb of its own continues the adjacent quote's speaker, or the person the passage is about.
   Descriptions resolve within the article: "the Tory co-chairman" / "the Bishop" / "the artists" to the name they
   were used of in its own phrase; "the world indoor champion" (an epithet, not an office) to the passage's person;
   "the council" to the organisation of that head word; "Sir Digby" to "Sir Digby Jones"; a lead's "a clergyman has
   said" to the person the body quotes most. "so-called" terms have no speaker.
   Round 3: "the company" / "The Committee" to the organisation named before (as a subject / in full); "it" only
   for an organisation or a document, never a noun inside the clause it reports; "she" after "a spokeswoman said"
   to that spokeswoman; "the writer" to the person the article names most; a weak verb ("added") whose reported
   clause holds the quote; a title given by "a documentary called '...'" has no speaker.
   Round 4: a passive speech verb ("was dubbed", "was told") gives its "by" agent or the one reporting it, never
   its subject; "calling" with nothing named or called for is a phone call, "called on/for" a demand; "one of
   their lawyers, <name>" is the name; '"...," said X, ..., said last year' is X; a title inside a name ("Ms
   Sturgeon") gives the gender; a verbless fragment between two quotes of one speaker is that speaker's;
   "propose" is a speech verb ("The bill proposes 'control orders'").

Choice for a statement-like subject ("A US statement indicated ..."): the words go to the statement's author when
the text names one (speaker ``"US"``), else to the noun phrase (``"government guidance"``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from corroborator.model import Mention

logger = logging.getLogger(__name__)

__all__ = ["SPEECH_VERBS", "find_quotes", "quote_spans"]

SPEECH_VERBS: frozenset[str] = frozenset(
    """say tell state add emphasise emphasize stress acknowledge indicate describe characterise characterize call
    warn insist claim argue note explain write announce ask reply admit deny declare confirm suggest comment remark
    report recall conclude concede predict promise urge vow pledge observe answer respond assert maintain affirm
    contend complain criticise criticize condemn dismiss underline brand label term dub hail praise accuse reveal reiterate
    repeat proclaim exclaim joke boast quip testify tweet caution continue agree disagree believe specify jeer shout
    chant read flag deem propose""".split()
)
# Verbs that only count as speech when they introduce a quote directly (not "believe" in "X believes he lost").
_WEAK_VERBS = frozenset({"continue", "agree", "disagree", "believe", "call", "add", "write", "note", "maintain", "read",
                         "flag"})
_DOCUMENT_NOUNS = frozenset(
    """statement report research study survey guidance letter document release bulletin memo communique
    announcement message poll analysis review paper note website blog post ruling verdict judgment""".split()
)
# Singular nouns for a body that speaks as one ("The firm said ... It added").
_GROUP_NOUNS = frozenset(
    """company firm group corporation business bank government council committee board ministry department agency
    body organisation organization association federation union party club team newspaper magazine paper journal
    website site channel network broadcaster station court tribunal panel commission authority regulator watchdog
    institute charity foundation trust campaign operator carrier airline retailer maker manufacturer publisher
    studio label chain lender insurer giant""".split()
)
# Generic names for a company that stand for the one the article named as a subject ("The company said").
_COMPANY_NOUNS = frozenset("company firm group corporation giant".split())
_TITLES = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend rt hon president chancellor minister
    secretary senator governor mayor judge general gen col colonel capt captain sgt king queen prince princess
    chairman chief envoy pope bishop archbishop father sister brother saint st""".split()
)
# Singular human role nouns that, with "the", point back at a person named earlier ("the minister said").
_ROLE_NOUNS = frozenset(
    """minister secretary chancellor president premier prime bishop archbishop pope leader chairman chairwoman chair
    governor mayor senator judge coach manager boss captain player striker midfielder defender goalkeeper athlete
    sprinter champion singer star actor actress director producer author novelist writer artist musician rapper
    composer designer founder economist analyst lawyer scientist professor researcher doctor campaigner envoy
    ambassador commissioner chief executive head king queen prince princess""".split()
)
# Offices, held by one particular person who need not be the one the passage is about.
_OFFICES = frozenset("""minister secretary chancellor president premier prime governor mayor senator commissioner
    ambassador envoy king queen prince princess pope bishop archbishop judge leader chairman chairwoman chair chief
    executive head""".split())
# People a lead sentence introduces without a name ("..., a clergyman has said") before the article names them.
_PERSON_NOUNS = _ROLE_NOUNS | frozenset("clergyman cleric priest vicar mp peer campaigner expert teacher".split())
_MALE = frozenset({"mr", "sir", "lord", "king", "prince", "father", "brother"})
_FEMALE = frozenset({"mrs", "ms", "miss", "dame", "lady", "queen", "princess", "sister"})
_KIN = {"wife": "f", "husband": "m", "son": "m", "daughter": "f", "mother": "f", "father": "m", "brother": "m",
        "sister": "f", "partner": "", "girlfriend": "f", "boyfriend": "m", "widow": "f", "widower": "m"}
_SPOKES = {"spokesman": "m", "spokeswoman": "f", "spokesperson": ""}
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
_SPEAKER_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})

_DOUBLE_OPEN, _DOUBLE_CLOSE = "“„«", "”»"
_SINGLE_OPEN, _SINGLE_CLOSE = "‘‹", "’›"
_OPEN_CONTEXT = set(" \t\n([{-–—/") | set(_DOUBLE_OPEN) | set(_SINGLE_OPEN)


def _compound_lemma(token: Token) -> str:
    """The lemma, for a hyphenated word split by the tokenizer its last part ("co - chairman" -> chairman)."""
    doc = token.doc
    i = token.i
    while i + 2 < len(doc) and doc[i + 1].text == "-" and not doc[i].whitespace_ and not doc[i + 1].whitespace_:
        i += 2
    return doc[i].lemma_.lower()


# --------------------------------------------------------------------------------------------------------- marks
def _role(text: str, i: int) -> tuple[str, str] | None:
    """(family, "open"/"close"/"either") of the mark at ``text[i]``, or None when it is no quote mark."""
    c = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if c in _DOUBLE_OPEN:
        return "double", "open"
    if c in _DOUBLE_CLOSE:
        return "double", "close"
    if c == '"':
        opens = prev.isspace() or prev in _OPEN_CONTEXT
        closes = not nxt.isalnum()
        if opens and not nxt.isspace():
            return "double", "open"
        if closes and not prev.isspace():
            return "double", "close"
        return "double", "either"
    if c in _SINGLE_OPEN:
        if prev.isalnum() and nxt.isalpha():  # rock‘n’roll
            return None
        return "single", "open"
    if c in _SINGLE_CLOSE or c == "'":
        if prev.isalnum() and nxt.isalpha():  # don't, Ukraine’s
            return None
        if (prev.isspace() or prev in _OPEN_CONTEXT) and nxt.isalpha():
            return ("single", "open") if c == "'" else None  # ’Tis, ’em: an apostrophe, not an opening mark
        if prev.isspace() and nxt.isspace():
            return None
        if prev == "-" and text[i - 2 : i - 1].isalnum() and not nxt.isalnum():
            return "single", "close"  # a rating 'BBB-'
        if prev.isspace() or prev in _OPEN_CONTEXT:
            return None  # '90s
        return "single", "close"
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _looks_possessive(text: str, i: int, closers_after: bool) -> bool:
    """``analysts’ view`` inside an open single quote: an apostrophe when another closing mark follows."""
    return (
        closers_after
        and text[i - 1 : i] in ("s", "S")
        and text[i + 1 : i + 2] == " "
        and text[i + 2 : i + 3].islower()
    )


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the words inside quote marks, in text order (see the module docstring for the rules)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for paragraph in text.split("\n"):
        spans.extend(_paragraph_spans(text, pos, pos + len(paragraph)))
        pos += len(paragraph) + 1
    return spans


def _paragraph_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    marks = [(i, r) for i in range(start, end) if text[i] in "\"'“”„«»‘’‹›" and (r := _role(text, i)) is not None]
    out: list[tuple[int, int]] = []
    open_at: int | None = None
    family = ""

    def close(at: int) -> None:
        s, e = _trim(text, open_at + 1, at)  # type: ignore[operator]
        if any(ch.isalnum() for ch in text[s:e]):
            out.append((s, e))

    for k, (i, (fam, role)) in enumerate(marks):
        if open_at is None:
            if role == "close":
                continue  # a stray closing mark
            if fam == "single" and not any(f == "single" and r != "open" for _, (f, r) in marks[k + 1 :]):
                continue  # a single opening mark with nothing to close it is an apostrophe ('90s) or a typo
            open_at, family = i, fam
            continue
        if fam != family:
            continue  # nested quote: part of the outer one
        if role == "open" or (role == "either" and i == open_at + 1):
            close(i)
            open_at = i
        else:
            later = any(f == family and r != "open" for _, (f, r) in marks[k + 1 :])
            if family == "single" and _looks_possessive(text, i, later):
                continue
            close(i)
            open_at = None
    if open_at is not None:
        close(end)
    return out


# ------------------------------------------------------------------------------------------------------ speakers
@dataclass
class _Quote:
    start: int
    end: int
    open_mark: int  # offset of the opening mark (or start when trimmed away)
    close_mark: int  # offset just past the closing mark (or end of paragraph)
    partial: bool = False
    scare: bool = False
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    label: str | None = None  # of the speaker's reference: entity label, "PRON" or "NOUN"
    verb: str | None = None
    how: str | None = None
    unnamed: bool = False  # attributed to "a clergyman", "a minister": a person the article may name later
    tokens: list[Token] = field(default_factory=list)


@dataclass(frozen=True)
class _Ref:
    """A speaker as the text names it: the canonical name and where the attribution points."""

    name: str
    start: int
    end: int
    label: str  # entity label, "PRON" or "NOUN"


class _Article:
    """Per-document indexes: which tokens are quoted, the people named, paragraph starts."""

    def __init__(self, doc: Doc, quotes: list[_Quote]) -> None:
        self.doc = doc
        self.text = doc.text
        self.quoted = [False] * len(doc)
        for q in quotes:
            for t in doc.char_span(q.open_mark, q.close_mark, alignment_mode="expand") or ():
                self.quoted[t.i] = True
        self.entities = [e for e in doc.ents if e.label_ in _SPEAKER_ENTS]
        self.people = [e for e in self.entities if e.label_ == "PERSON" and not self.quoted[e.start]]
        self.sents = list(doc.sents)
        self.sent_of = [0] * len(doc)
        for k, sent in enumerate(self.sents):
            for t in sent:
                self.sent_of[t.i] = k
        self.surnames = {e[-1].text: self.canonical_person(e) for e in self.people if len(e) > 1}
        self.gender: dict[str, str] = {}
        for e in self.people:
            name = self.canonical_person(e)
            # the titles before the name, or at its start when NER took them in ("Ms Sturgeon")
            prev = e.start
            while prev < e.end - 1 and doc[prev].lower_.rstrip(".") in _TITLES:
                prev += 1
            prev -= 1
            while prev >= 0 and doc[prev].text.lower().rstrip(".") in _TITLES:
                g = "m" if doc[prev].lower_.rstrip(".") in _MALE else "f" if doc[prev].lower_.rstrip(".") in _FEMALE else ""
                if g:
                    self.gender.setdefault(name, g)
                prev -= 1

    # names ------------------------------------------------------------------------------------------------------
    def _name_tokens(self, span: Span) -> list[str]:
        words = [t.text for t in span if not t.is_punct or t.text in "-&"]
        while words and words[-1].lower() in ("'s", "’s", "'", "’"):
            words.pop()
        while len(words) > 1 and words[0].lower().rstrip(".") in _TITLES | {"the"}:
            words.pop(0)
        return words

    def canonical_person(self, span: Span) -> str:
        words = self._name_tokens(span)
        if not words:
            return span.text
        best = words
        # "Sir Digby" after "Sir Digby Jones": a knight goes by his first name (not "Charles" for Charles Kennedy)
        knighted = any(t.lower_ in ("sir", "dame") for t in span.doc[max(0, span.start - 1) : span.start + 1])
        by_first: set[tuple[str, ...]] = set()
        for e in self.doc.ents:
            if e.label_ != "PERSON":
                continue
            other = self._name_tokens(e)
            if len(other) > len(best) and other[-1] == words[-1] and all(w in other for w in words):
                best = other
            elif knighted and len(words) == 1 and len(other) > 1 and other[0] == words[0]:
                by_first.add(tuple(other))
        if best is words and len(by_first) == 1:  # one person of that first name
            best = list(next(iter(by_first)))
        return " ".join(best).replace(" - ", "-").replace(" -", "-").replace("- ", "-")

    def name_of(self, span: Span, label: str) -> str:
        if label == "PERSON":
            return self.canonical_person(span)
        words = self._name_tokens(span)
        if label == "ORG" and len(words) == 1:
            # "The Committee" after "the Committee to Protect Bloggers": the organisation with that head word
            for e in self.entities:
                if e.label_ == "ORG" and e.start < span.start and len(e) > 1 and e.root.text == words[0]:
                    return " ".join(self._name_tokens(e))
        return " ".join(words) if words else span.text

    def entity_at(self, token: Token) -> Span | None:
        if token.ent_type_ not in _SPEAKER_ENTS:
            return None
        for e in self.entities:
            if e.start <= token.i < e.end:
                return e
        return None

    def ref_for_entity(self, ent: Span) -> _Ref:
        start, end = ent.start_char, ent.end_char
        if ent[-1].text in ("'s", "’s"):
            end = ent[-1].idx
        while ent[0].lower_ == "the" and start == ent[0].idx and len(ent) > 1:
            start = ent[1].idx
            break
        return _Ref(self.name_of(ent, ent.label_), start, end, ent.label_)

    def resolve_role(self, token: Token, salient: bool = True) -> _Ref | None:
        """"the minister", "the Bishop", "the Tory co-chairman", "the 25-year-old", "the artists": who the article
        has been talking about. First the person (for a plural, the person or organisation: "artists Langlands &
        Bell") this noun was used of earlier; for a singular, else the latest person ("the minister") or, when
        adjectives narrow it ("the world indoor champion said"), the person the passage is about (``salient``)."""
        lemma = _compound_lemma(token)
        definite = any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in token.children)
        if not definite or token.tag_ not in ("NN", "NNP", "NNS", "NNPS"):
            return None
        if not (lemma in _ROLE_NOUNS or lemma.endswith("-old")):
            return None
        plural = token.tag_ in ("NNS", "NNPS")
        pool = self.entities if plural else self.people
        earlier = [e for e in pool if e.end <= token.i and not self.quoted[e.start]
                   and (not plural or e.label_ in ("PERSON", "ORG"))]
        # "the foreign secretary" is not "Home Secretary Charles Clarke": the title's own modifiers must recur
        mods = {c.lower_ for c in token.children if c.dep_ in ("compound", "amod", "nmod") and c.is_alpha}

        def titled(words: list[Token]) -> bool:
            return any(_compound_lemma(t) == lemma for t in words) and mods <= {t.lower_ for t in words}

        for e in reversed(earlier):  # the person this title was used of, in the name's own phrase
            if titled([t for t in self._described_by(e) if t.i != token.i]):
                name = self.canonical_person(e) if e.label_ == "PERSON" else self.ref_for_entity(e).name
                return _Ref(name, token.idx, token.idx + len(token), "NOUN")
        if plural or not earlier:
            return None
        if lemma in _OFFICES:  # looser, for an office: a person named within six words before ("... even if Mr Blair
            for e in reversed(earlier):  # asked. Later the prime minister said": the window holds the title itself)
                if titled(list(self.doc[max(0, e.start - 6) : e.end + 6])):
                    return _Ref(self.canonical_person(e), token.idx, token.idx + len(token), "NOUN")
        deps = {c.dep_ for c in token.children}
        if deps <= {"det", "punct", "prep"}:  # "the minister"
            latest = self.canonical_person(earlier[-1])
            if lemma not in _OFFICES:
                # "the writer", in an obituary of a novelist, after a list of his film's stars: the person the
                # article names most (by surname, three times or more), when that is not the latest one
                names = {self.canonical_person(e) for e in earlier}
                surname = {n.split()[-1]: n for n in names}
                counts = dict.fromkeys(names, 0)
                for t in self.doc[: token.i]:
                    if t.text in surname and not self.quoted[t.i]:
                        counts[surname[t.text]] += 1
                top = max(counts, key=lambda n: (counts[n], n == latest))
                if counts[top] >= 3 and counts[top] > counts[latest]:
                    latest = top
            return _Ref(latest, token.idx, token.idx + len(token), "NOUN")
        if salient and lemma not in _OFFICES and deps <= {"det", "punct", "amod", "nmod", "compound", "npadvmod"}:
            # "the world indoor champion", "the 47-year-old director": the passage's person; not for an office
            # ("The home secretary said", after a passage about a terror suspect, is somebody else)
            found = self.salient_person(token.i, None)
            if found is not None:
                return _Ref(found[0], token.idx, token.idx + len(token), "NOUN")
        return None

    def _described_by(self, ent: Span) -> list[Token]:
        """Words that describe a name in its own phrase: the title words right before it ("Tory co-chairman Liam
        Fox", "artists Langlands & Bell") and an appositive either way ("Liam Fox, Tory co-chairman"; "The Bishop
        of Durham, the Rt Rev Dr Tom Wright"), not just any word nearby."""
        doc = ent.doc
        words: list[Token] = []
        i = ent.start - 1
        while i >= 0 and ent.start - i <= 4 and doc[i].pos_ in ("NOUN", "PROPN", "ADJ", "PUNCT") and doc[i].text not in ",;:()":
            words.append(doc[i])
            i -= 1
        root = ent.root
        for c in root.children:
            if c.dep_ == "appos":  # "Ms Robinson, a friend of the Tory leader": the friend, not the leader
                away = {g.i for d in c.children if d.dep_ in ("prep", "relcl", "acl") for g in d.subtree}
                words.extend(t for t in c.subtree if t.i not in away)
        if root.dep_ == "appos":
            words.append(root.head)
            words.extend(c for c in root.head.children if c.dep_ in ("compound", "amod"))
        return words

    def resolve_org_noun(self, token: Token) -> _Ref | None:
        """"the council" after "the Ugandan Media Council": the organisation named earlier with that head word."""
        if token.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            return None
        for e in reversed(self.entities):
            if e.end <= token.i and e.label_ == "ORG" and not self.quoted[e.start] and len(e) > 1:
                words = self._name_tokens(e)
                if words and words[-1].lower() == token.lower_:
                    return _Ref(" ".join(words), token.idx, token.idx + len(token), "ORG")
        if token.lemma_.lower() in _COMPANY_NOUNS and token.tag_ == "NN" and not any(
                c.dep_ in ("compound", "amod", "nmod") for c in token.children):
            # "Microsoft has said ... The company said": the organisation an earlier sentence had as its subject
            for e in reversed(self.entities):
                if e.end <= token.i and e.label_ == "ORG" and not self.quoted[e.start] and e.root.dep_ in ("nsubj", "nsubjpass"):
                    return _Ref(self.ref_for_entity(e).name, token.idx, token.idx + len(token), "ORG")
        return None

    # pronouns ---------------------------------------------------------------------------------------------------
    def salient_person(self, before: int, gender: str | None, floor: int = 0, depth: int = 0, pronoun_at: bool = False) -> tuple[str, Token] | None:
        """The person a he/she (or a quote with no attribution) most likely refers to: sentence by sentence back
        from token index ``before``, subjects first (the main clause's before others), then other mentions, latest
        first; a pronoun subject is followed back in turn. Only mentions at or after char ``floor``. With
        ``pronoun_at`` (a pronoun stands at ``before``), its own sentence offers only subjects: in "at a
        conference hosted by Gordon Brown, he said" the "he" is not Brown."""
        if before <= 0:
            return None
        sent_index = self.sent_of[before - 1]
        for k in range(sent_index, max(-1, sent_index - 6), -1):
            sent = self.sents[k]
            ranked: list[tuple[int, int, str, Token]] = []
            for t in sent:
                if t.i >= before or self.quoted[t.i] or t.idx < floor:
                    continue
                pronoun = t.lower_ in ("he", "she")
                if t.ent_type_ == "PERSON" and t.ent_iob_ == "B":
                    ent = self.entity_at(t)
                    if ent is None:
                        continue
                    name = self.canonical_person(ent)
                    if gender is not None and self.gender.get(name, gender) != gender:
                        continue
                    head = ent.root
                    while head.dep_ in ("compound", "appos", "flat") and head.head is not head:
                        head = head.head
                    mention = ent[0]
                elif t.ent_type_ != "PERSON" and t.text in self.surnames and t.pos_ == "PROPN":
                    # a surname NER missed on this mention ("Gardener, part of the quartet, ...")
                    name = self.surnames[t.text]
                    if gender is not None and self.gender.get(name, gender) != gender:
                        continue
                    head = mention = t
                elif pronoun and (gender is None or _PRONOUN_GENDER[t.lower_] == gender) and depth < 3:
                    head = mention = t
                elif t.ent_type_ != "PERSON" and _compound_lemma(t) in _ROLE_NOUNS and t.tag_ in ("NN", "NNP") and (
                    t.dep_ in ("nsubj", "nsubjpass") or (t.dep_ == "pobj" and _according(t.head.head))
                ) and (role := self.resolve_role(t, salient=False)) is not None:
                    # "the Bishop said", "according to the Bishop": a title standing for a person named earlier
                    # (as a source only: not "His message to the chancellor")
                    name = role.name
                    if gender is not None and self.gender.get(name, gender) != gender:
                        continue
                    head = mention = t
                elif t.pos_ == "PROPN" and t.dep_ == "appos" and t.ent_type_ != "PERSON" and (
                        kin := _KIN.get(t.head.lemma_.lower())) is not None and (gender is None or kin in (gender, "")):
                    # "with his wife, ex-model Sandra" (NER took Sandra for a building): a person all the same
                    name = _propn_ref(self, t).name
                    head = mention = t
                elif t.lemma_.lower() in _SPOKES and t.dep_ in ("nsubj", "nsubjpass") and t.ent_type_ != "PERSON" and (
                        gender is None or _SPOKES[t.lemma_.lower()] in (gender, "")):
                    # "A spokeswoman for Human Rights Watch said ... She added": the unnamed source
                    name = _nominal_ref(self, t).name
                    head = mention = t
                else:
                    continue
                subject = head.dep_ in ("nsubj", "nsubjpass")
                if gender is not None and _names_several(head):
                    continue  # "Sweeney, Cooper, Gough and Morgan have been used ...": not a "he"
                if pronoun_at and k == sent_index and not subject:
                    continue
                if pronoun:
                    if not subject:
                        continue
                    found = self.salient_person(t.i, _PRONOUN_GENDER[t.lower_], 0, depth + 1, pronoun_at=True)
                    if found is None:
                        continue
                    name = found[0]
                main = subject and head.head.dep_ == "ROOT"
                ranked.append((0 if main else 1 if subject else 2, -t.i, name, mention))
            if ranked:
                best = min(ranked)
                return best[2], best[3]
            if k > 0 and self.sents[k - 1].end_char <= floor:
                break
        if floor > 0:
            return None
        for e in reversed(self.people):  # further back: the latest person of fitting gender
            if e.end <= before and (gender is None or self.gender.get(self.canonical_person(e), gender) == gender):
                return self.canonical_person(e), e[0]
        return None

    def resolve_pronoun(self, token: Token) -> _Ref | None:
        low = token.lower_
        gender = _PRONOUN_GENDER.get(low)
        if gender is not None:
            found = self.salient_person(token.i, gender, pronoun_at=True)
            return None if found is None else _Ref(found[0], token.idx, token.idx + len(token), "PRON")
        if low in ("it", "they", "we"):
            return self._resolve_group(token)
        return None

    def _resolve_group(self, token: Token) -> _Ref | None:
        """it/they/we: the latest non-person subject (an organisation, "the magazine"), a sentence's main-clause
        subject before the subjects of its subordinate clauses ("The Media Council said the performance would not
        be put on. It said ..." is the council); else the latest organisation."""
        plural = token.lower_ != "it"
        sent_index = self.sent_of[token.i]
        for k in range(sent_index, max(-1, sent_index - 3), -1):
            candidates = []
            for t in reversed(self.sents[k]):
                if t.i >= token.i or self.quoted[t.i] or t.dep_ not in ("nsubj", "nsubjpass"):
                    continue
                if t.pos_ == "PRON" or t.ent_type_ == "PERSON":
                    continue
                if k == sent_index and any(a.i == token.head.i for a in t.ancestors):
                    continue  # "... as the workforce continues to age, it said": not in the clause "it" reports
                if t.ent_type_ in ("ORG", "NORP", "GPE") or (t.pos_ == "NOUN" and (t.tag_ == "NNS") == plural and (
                        plural or t.lemma_.lower() in _GROUP_NOUNS | _DOCUMENT_NOUNS)):
                    # "it" is an organisation or a document ("the firm", "the report"), not "the recall"
                    candidates.append(t)
            for t in sorted(candidates, key=lambda c: c.head.dep_ != "ROOT"):  # stable: latest first otherwise
                ref = _ref_for_token(self, t)
                if ref is not None:
                    return _Ref(ref.name, token.idx, token.idx + len(token), "PRON")
        for e in reversed(self.entities):
            if e.end <= token.i and e.label_ in ("ORG", "NORP", "GPE") and not self.quoted[e.start]:
                return _Ref(self.ref_for_entity(e).name, token.idx, token.idx + len(token), "PRON")
        return None


def _names_several(head: Token) -> bool:
    """Is the phrase headed by ``head`` a list of people ("Sweeney, Cooper and Morgan")?"""
    return head.dep_ == "conj" or any(t.dep_ == "conj" and t.ent_type_ == "PERSON" for t in head.subtree if t is not head)


def _subject(verb: Token) -> Token | None:
    """The subject of a speech verb, climbing through "and added", "describing", "refused to say"."""
    own = _own_subject(verb)
    if own is not None:
        if own.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
            return verb.head  # "Jack Straw, who accused the Tories of ...": Jack Straw
        return own
    if verb.tag_ == "VBG":  # "..., describing it as": the subject of the speech verb the participle hangs from
        for anc in verb.ancestors:
            if anc.lemma_.lower() in SPEECH_VERBS and (s := _own_subject(anc)) is not None:
                return s
        noun = verb.head
        if verb.dep_ == "acl" and noun.lemma_.lower() in _DOCUMENT_NOUNS | _SPEECH_NOUNS and noun.dep_ == "dobj":
            return _own_subject(noun.head)  # "The association issued a statement calling Davis 'an icon'"
    if verb.dep_ == "parataxis" and _is_speech_verb(verb.head):
        # '"...," said Ken Kutaragi, chief operating officer of Sony, said last year': one speech verb written twice
        return _own_subject(verb.head)
    seen = 0
    while seen < 4 and verb.dep_ in ("conj", "advcl", "xcomp", "acl", "ccomp", "relcl") and verb.head is not verb:
        if verb.dep_ == "relcl":
            return verb.head
        verb = verb.head
        seen += 1
        own = _own_subject(verb)
        if own is not None:
            return own
    return None


def _own_subject(verb: Token) -> Token | None:
    """The verb's subject; of two, the one right after the verb ("The idea, says BT, is ...": BT, not idea)."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and verb.lemma_ == "quote")]
    if len(subjects) > 1:
        after = [c for c in subjects if c.i > verb.i]
        return after[0] if after else subjects[0]
    return subjects[0] if subjects else None


def _nominal_ref(art: _Article, head: Token, singular: bool = False) -> _Ref:
    """A source that is a noun phrase: "an IAAF spokesman", "Government guidance", "A US statement"; with
    ``singular``, the head in its singular form ("one of her male colleagues": male colleague)."""
    left = [c for c in head.lefts if c.dep_ in ("compound", "amod", "nmod", "poss") and not c.is_punct]
    if head.lemma_.lower() in _DOCUMENT_NOUNS:
        for c in list(head.lefts) + list(head.rights):
            ent = art.entity_at(c)
            if ent is None:
                for g in c.subtree:
                    ent = art.entity_at(g)
                    if ent is not None:
                        break
            if ent is not None and c.dep_ in ("compound", "poss", "nmod", "prep", "acl", "amod"):
                return art.ref_for_entity(ent)
            if c.dep_ == "poss" and (org := art.resolve_org_noun(c)) is not None:
                return org  # "the council's ruling said"
    first = min([head] + [t for c in left for t in c.subtree], key=lambda t: t.i).i
    last = head.i
    doc = art.doc
    while last + 2 < len(doc) and doc[last + 1].text == "-" and not doc[last].whitespace_ and not doc[last + 1].whitespace_:
        last += 2  # co-chairman
    while first < last and (doc[first].lower_ in ("a", "an", "the") or doc[first].tag_ == "PRP$"
                            or not doc[first].text[0].isalnum()):
        first += 1
    span = doc[first : last + 1]
    name = span.text
    if singular and head.tag_ == "NNS" and last == head.i:
        name = doc[first : head.i].text + doc[head.i - 1].whitespace_ + head.lemma_ if head.i > first else head.lemma_
    for suffix in ("'s", "’s", "'", "’"):
        name = name.removesuffix(suffix)
    return _Ref(name.strip() or head.text, span.start_char, span.end_char, "NOUN")


def _ref_for_token(art: _Article, tok: Token) -> _Ref | None:
    ent = art.entity_at(tok)
    if ent is not None:
        if len([t for t in ent if t.lower_ != "the"]) == 1 and (role := art.resolve_role(tok)) is not None:
            return role  # "the Bishop said", the title tagged as an organisation
        return art.ref_for_entity(ent)
    if tok.pos_ == "PRON" or tok.lower_ in _PRONOUN_GENDER:
        return art.resolve_pronoun(tok)
    if tok.lower_ == "one":  # "one of her male colleagues called ...": a male colleague
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if obj is not None and obj.pos_ == "NOUN":
            # "one of their lawyers, Michalis Dimitrakopoulos": the lawyer named
            named = _named_in_apposition(art, tok) or _named_in_apposition(art, obj)
            return named if named is not None else _nominal_ref(art, obj, singular=True)
    if tok.pos_ in ("NOUN", "PROPN"):
        # "director Tim Osborne", "Rod Eddington, BA's chief executive": a name attached to the head noun
        for child in tok.children:
            if art.quoted[child.i]:
                continue  # The message reads: "Happy Holidays"
            if child.dep_ in ("appos", "compound"):
                ent = art.entity_at(child)
                if ent is not None and ent.label_ == "PERSON":
                    return art.ref_for_entity(ent)
                if child.dep_ == "appos" and child.pos_ == "PROPN" and child.text[0].isupper():
                    return _propn_ref(art, child)
        if tok.pos_ == "PROPN" and tok.text[0].isupper():
            return _propn_ref(art, tok)
        role = art.resolve_role(tok) or art.resolve_org_noun(tok)
        if role is not None:
            return role
        return _nominal_ref(art, tok)
    return None


def _named_in_apposition(art: _Article, tok: Token) -> _Ref | None:
    for child in tok.children:
        if child.dep_ == "appos" and not art.quoted[child.i]:
            ent = art.entity_at(child)
            if ent is not None and ent.label_ == "PERSON":
                return art.ref_for_entity(ent)
    return None


def _propn_ref(art: _Article, tok: Token) -> _Ref:
    """A proper noun the tagger saw but NER missed ("Theresa May"): the name with its compounds."""
    words = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    span = art.doc[(words[0].i if words else tok.i) : tok.i + 1]
    return _Ref(art.canonical_person(span), span.start_char, span.end_char, "PERSON")


# --------------------------------------------------------------------------------------------------- attribution
def _frame_tokens(art: _Article, q: _Quote, bounds: list[int]) -> list[Token]:
    """Tokens outside quotes in the sentence(s) that hold the quote, sentence breaks inside quotes ignored."""
    lo = max((b for b in bounds if b <= q.open_mark), default=0)
    hi = min((b for b in bounds if b >= q.close_mark), default=len(art.text))
    span = art.doc.char_span(lo, hi, alignment_mode="expand")
    return [t for t in span or () if not art.quoted[t.i] and not t.is_punct]


def _verb_lemma(t: Token) -> str:
    """The lemma, or for a past form the tagger took for an adjective ("and jeered 'melons'") the verb it comes
    from, when the word takes an object as a verb would."""
    lemma = t.lemma_.lower()
    if t.pos_ == "ADJ" and lemma.endswith("ed") and any(c.dep_ in ("dobj", "ccomp") for c in t.children):
        for stem in (lemma[:-2], lemma[:-1]):
            if stem in SPEECH_VERBS:
                return stem
    return lemma


def _is_speech_verb(t: Token) -> bool:
    return _verb_lemma(t) in SPEECH_VERBS and t.pos_ in ("VERB", "AUX", "ADJ") and not _phones(t)


def _phones(verb: Token) -> bool:
    """"more customers are calling 'on the move'": ``call`` naming nothing and calling for nothing is a phone call."""
    return _verb_lemma(verb) == "call" and not _calls_for(verb) and not any(
        c.dep_ in ("dobj", "oprd", "attr", "ccomp", "xcomp", "dative", "nsubjpass") for c in verb.children)


def _calls_for(verb: Token) -> bool:
    """"called on Mr Brown to ...", "called for an inquiry": a demand, a speech act as strong as "urged" (not the
    noun of "But calls for a shift ... have fallen on deaf ears", tagged a verb with no subject)."""
    if _verb_lemma(verb) != "call" or (verb.tag_ not in ("VBN", "VBG") and _own_subject(verb) is None):
        return False
    return any(
        c.dep_ == "prep" and c.lower_ in ("on", "for") and not verb.doc[c.i - 1].is_quote for c in verb.children)


def _weak(verb: Token) -> bool:
    return _verb_lemma(verb) in _WEAK_VERBS and not _calls_for(verb)


def _governor(art: _Article, q: _Quote) -> Token | None:
    """The lowest speech verb outside the quote that the quoted words hang from in the parse."""
    best: tuple[int, Token] | None = None
    inside = {t.i for t in q.tokens}
    for t in q.tokens:
        if t.head.i in inside and t.head is not t:
            continue
        depth = 0
        for anc in t.ancestors:
            depth += 1
            if anc.i in inside or art.quoted[anc.i]:
                continue
            if _is_speech_verb(anc) or _according(anc):
                if best is None or depth < best[0]:
                    best = (depth, anc)
                break
    return best[1] if best else None


def _according(t: Token) -> bool:
    return t.lower_ == "according" and any(c.lower_ == "to" for c in t.children)


def _attribute(art: _Article, q: _Quote, bounds: list[int]) -> None:
    if _so_called(art.text, q):
        return  # one of the so-called "Blair Babes": a name in use, nobody's words
    frame = _frame_tokens(art, q, bounds)
    verb = _governor(art, q)
    if verb is not None and _weak(verb) and not _introduces(verb, q) and not _reports(verb, q):
        verb = None
    if verb is None:
        best: tuple[int, Token] | None = None
        for t in frame:
            if not (_is_speech_verb(t) or _according(t)):
                continue
            if _weak(t) and not _introduces(t, q) and not _calls_it(t, q):
                continue
            distance = q.open_mark - (t.idx + len(t)) if t.idx < q.start else t.idx - q.close_mark
            if best is None or distance < best[0]:
                best = (distance, t)
        if best is None and q.partial:
            # Richard Thomas "totally condemned" the deletion: the quoted words hold the speech verb
            inside = {t.i for t in q.tokens}
            best = next(((0, t) for t in q.tokens if _is_speech_verb(t) and (sb := _own_subject(t)) is not None
                         and sb.i not in inside), None)
        verb = best[1] if best else None
    if verb is not None and _names_a_thing(verb):
        return  # a documentary called 'No More Mr Nasty': a title, nobody's words
    if verb is None:
        ref = _speech_noun_source(art, frame)
        if ref is not None:
            q.speaker, q.speaker_start, q.speaker_end, q.how, q.label = ref.name, ref.start, ref.end, "verb", ref.label
        return
    if _according(verb):
        to = next(c for c in verb.children if c.lower_ == "to")
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
        ref = _ref_for_token(art, obj) if obj is not None else None
        q.verb = "according to"
    elif _passive(verb):
        # "a young man who was dubbed 'the noble savage'": the one named or told is no speaker; "by" whom is,
        # else who reports it ("Another member says she was told: '...'": the source is that member)
        by = _agent(verb)
        if by is None and verb.dep_ == "ccomp" and _is_speech_verb(verb.head):
            by = _subject(verb.head)
        ref = _ref_for_token(art, by) if by is not None else None
        q.verb = _verb_lemma(verb)
    else:
        subj = _subject(verb)
        ref = _ref_for_token(art, subj) if subj is not None else None
        if ref is None and (subj is None or (subj.lower_ not in _PRONOUN_GENDER and subj.tag_ not in ("WP", "WDT"))):
            # (a "he" nobody fits, or a "who" the parse lost, is no licence to take any name nearby)
            ref = _nearest_named(art, verb, frame)
        elif ref is not None and ref.label == "NOUN" and subj is not None and subj.tag_ == "NN" and _compound_lemma(subj) in _PERSON_NOUNS:
            q.unnamed = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in subj.children)
        q.verb = _verb_lemma(verb)
    if ref is not None:
        q.speaker, q.speaker_start, q.speaker_end, q.how, q.label = ref.name, ref.start, ref.end, "verb", ref.label


def _passive(verb: Token) -> bool:
    """"was dubbed", "has been claimed"; not "was quoted as saying", whose subject is the speaker."""
    return _verb_lemma(verb) != "quote" and any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _agent(verb: Token) -> Token | None:
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None


_SPEECH_NOUNS = frozenset("comment remark word statement interview speech letter article editorial".split())


def _speech_noun_source(art: _Article, frame: list[Token]) -> _Ref | None:
    """"comments in a major Chinese newspaper that the 'time is ripe'": the source of a speech noun."""
    for t in frame:
        if t.lemma_.lower() not in _SPEECH_NOUNS or t.pos_ != "NOUN":
            continue
        for c in t.children:
            if c.dep_ == "poss":
                return _ref_for_token(art, c)
            if c.dep_ == "prep" and c.lower_ in ("by", "in", "from", "of"):
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return _ref_for_token(art, obj)
    return None


def _calls_it(verb: Token, q: _Quote) -> bool:
    """"The judges called Guy's My Heart is My Own: The Life of Mary Queen of Scots "an impressive ...": ``call``
    with its object, then the fragment that names it, however long the object."""
    return (
        q.partial and _verb_lemma(verb) == "call" and verb.idx < q.open_mark
        and any(c.dep_ in ("dobj", "oprd") for c in verb.children)
    )


# Weak speech verbs that report a clause ("There was an 'absolute crisis' in ..., the committee added").
_REPORTING_WEAK = frozenset({"add", "write", "note", "maintain"})


def _reports(verb: Token, q: _Quote) -> bool:
    """A weak verb whose reported clause (its ``ccomp``) holds the quote is the quote's speech verb, however far."""
    if _verb_lemma(verb) not in _REPORTING_WEAK:
        return False
    for t in q.tokens:
        for anc in (t, *t.ancestors):
            if anc.i == verb.i:
                break
            if anc.head.i == verb.i:
                if anc.dep_ == "ccomp":
                    return True
                break
    return False


def _names_a_thing(verb: Token) -> bool:
    """"a BBC documentary called 'No More Mr Nasty'": a participle naming the noun it modifies."""
    naming = _verb_lemma(verb) in ("call", "dub", "name", "title", "entitle") and not _calls_for(verb)
    return naming and verb.tag_ in ("VBN", "VBD") and verb.dep_ == "acl"


def _introduces(verb: Token, q: _Quote) -> bool:
    """A weak speech verb counts when it sits right next to the quote (``"...," he added``; ``called it "x"``)."""
    text = verb.doc.text
    between = text[verb.idx + len(verb) : q.open_mark] if verb.idx < q.start else text[q.close_mark : verb.idx]
    return len(between.split()) <= 4


def _depth(t: Token) -> int:
    return sum(1 for _ in t.ancestors)


# Speech verbs whose object is what the words are about, never who says them ("calling Davis 'an icon'").
_TARGET_VERBS = frozenset("""call describe characterise characterize brand label dub term praise hail accuse criticise
    criticize condemn dismiss deem""".split())


def _nearest_named(art: _Article, verb: Token, frame: list[Token]) -> _Ref | None:
    """When the parse gives the verb no subject: a name right after it ("asked the magazine" parsed as an object),
    else the name before it that sits highest in the parse (a person before an organisation)."""
    after = [t for t in frame if t.i > verb.i and t.i - verb.i <= 3 and t.dep_ in ("dobj", "attr", "npadvmod", "nsubj", "appos")
             and t.head.i == verb.i and not (t.dep_ == "dobj" and _verb_lemma(verb) in _TARGET_VERBS)]
    if after:
        first = after[0]
        ent = art.entity_at(first)
        if ent is None or ent.label_ != "PERSON":  # "added Ernst and Young's Sanjay Mehta": the person in it
            person = next((e for g in first.subtree if g.ent_type_ == "PERSON" and (e := art.entity_at(g)) is not None), None)
            if person is not None:
                return art.ref_for_entity(person)
        return _ref_for_token(art, first)
    before = [t for t in frame if t.i < verb.i and art.entity_at(t) is not None]
    if not before:
        return None
    best = min(before, key=lambda t: (_depth(t), art.entity_at(t).label_ != "PERSON", verb.i - t.i))  # type: ignore[union-attr]
    return art.ref_for_entity(art.entity_at(best))  # type: ignore[arg-type]


def _context_person(art: _Article, q: _Quote, prev_end: int) -> _Ref | None:
    """For a full quote with no attribution: the person the narration just before it is about (this paragraph or
    the one before, not reaching back past the previous quote)."""
    para_start = art.text.rfind("\n", 0, q.open_mark) + 1
    prev_para = art.text.rfind("\n", 0, max(0, para_start - 1)) + 1
    first = next((t for t in art.doc if t.idx >= q.open_mark), None)
    if first is None:
        return None
    found = art.salient_person(first.i, None, floor=max(prev_end, prev_para, 1))
    if found is None:
        return None
    name, mention = found
    return _Ref(name, mention.idx, mention.idx + len(mention), "PERSON")


def _fill_continuations(art: _Article, quotes: list[_Quote]) -> None:
    text = art.text
    for _ in range(2):  # a chain of merged quotes passes the speaker back along the chain
        for k in range(len(quotes) - 1, -1, -1):
            q = quotes[k]
            if q.speaker is not None or q.partial:
                continue
            nxt = quotes[k + 1] if k + 1 < len(quotes) else None
            if nxt is None or nxt.speaker is None:
                continue
            gap = text[q.close_mark : nxt.open_mark]
            if gap.strip() != "" or "\n" in gap:
                continue
            # A quote closed by its own mark and followed by another ("...environment." "The economy ...," said
            # Ken Mayland) is a paragraph of its own: it continues the speaker before it, when there is one; one
            # that runs into the next quote (a lost paragraph break: "...apart. "It gave me ...") is the same quote.
            closed = q.close_mark <= nxt.open_mark and text[q.close_mark - 1] in "\"'“”„«»‘’‹›"
            if closed and any(p.speaker is not None for p in quotes[:k]):
                continue
            _copy(q, nxt, "continuation")
    for k, q in enumerate(quotes):
        if q.speaker is not None or q.partial:
            continue
        prev = next((p for p in reversed(quotes[:k]) if p.speaker is not None and not p.partial), None)
        gap = text[prev.close_mark : q.open_mark] if prev is not None else ""
        narration = [s for s in _sentences(art, prev.close_mark if prev else 0, q.open_mark)]
        if prev is not None and gap.count("\n") <= 1 and len(narration) <= 1 and not _names_other(art, prev, q):
            _copy(q, prev, "continuation")
            continue
        ref = _context_person(art, q, prev.close_mark if prev is not None else 0)
        if ref is not None:
            q.speaker, q.speaker_start, q.speaker_end, q.how, q.label = ref.name, ref.start, ref.end, "context", "PERSON"
        elif prev is not None and gap.count("\n") <= 1:
            _copy(q, prev, "continuation")


def _fill_sandwiched(art: _Article, quotes: list[_Quote]) -> None:
    """A fragment with no speech verb between two quotes of one speaker, in the sentences right before and after
    it ("..., Ms Diemont says. There are "no big differences ..." between ... "You can ...," she says): hers. Not a
    term (scare quote), and not when the narration between names somebody else."""
    for k, q in enumerate(quotes):
        if q.speaker is not None or not q.partial or q.scare:
            continue
        prev = next((p for p in reversed(quotes[:k]) if p.speaker is not None), None)
        nxt = next((n for n in quotes[k + 1 :] if n.speaker is not None), None)
        if prev is None or nxt is None or prev.speaker != nxt.speaker:
            continue
        if _sentences(art, prev.close_mark, q.open_mark) or _sentences(art, q.close_mark, nxt.open_mark):
            continue
        if not _names_other(art, prev, nxt):
            _copy(q, prev, "continuation")


def _name_the_lead(text: str, quotes: list[_Quote]) -> None:
    """BBC leads introduce the main source unnamed ("The plot ... is 'laughable', a clergyman has said.") and
    name him in the body: a first-paragraph quote given to "a <person noun>" goes to the person the body quotes
    most (by a speech verb), when the body quotes a person at all."""
    lead_end = text.find("\n")
    if lead_end < 0:
        return
    lead = [q for q in quotes if q.unnamed and q.close_mark <= lead_end]
    if not lead:
        return
    counts: dict[str, int] = {}
    for q in quotes:
        if q.open_mark > lead_end and q.how == "verb" and q.speaker is not None and q.label == "PERSON":
            counts[q.speaker] = counts.get(q.speaker, 0) + 1
    if not counts:
        return
    best = max(counts, key=lambda name: counts[name])  # first-named on a tie (dicts keep order)
    for q in lead:
        q.speaker, q.how = best, "lead"


def _sentences(art: _Article, lo: int, hi: int) -> list[Span]:
    """Narration sentences wholly between two offsets (with some words in them)."""
    return [s for s in art.doc.sents if s.start_char >= lo and s.end_char <= hi and sum(t.is_alpha for t in s) >= 3]


def _names_other(art: _Article, prev: _Quote, q: _Quote) -> bool:
    """Whether the narration between two quotes names a person other than the earlier quote's speaker."""
    for e in art.people:
        if prev.close_mark <= e.start_char and e.end_char <= q.open_mark:
            if art.canonical_person(e) != prev.speaker:
                return True
    return False


def _copy(q: _Quote, src: _Quote, how: str) -> None:
    q.speaker, q.speaker_start, q.speaker_end, q.how, q.label = src.speaker, src.speaker_start, src.speaker_end, how, src.label


# ---------------------------------------------------------------------------------------------------------- kinds
def _so_called(text: str, q: _Quote) -> bool:
    return text[max(0, q.open_mark - 12) : q.open_mark].rstrip().lower().endswith(("so-called", "so called"))


def _classify(doc: Doc, q: _Quote, text: str) -> None:
    """``partial``: the quote is a fragment inside the sentence; ``scare``: a short verbless fragment (a term).
    ``text`` is ``doc.text``, passed in because a Doc rebuilds it on every access."""
    words = [t for t in q.tokens if not t.is_punct and not t.is_space]
    before = text[max(0, q.open_mark - 40) : q.open_mark].rstrip(" \t")
    first = text[q.start : q.start + 1]
    if first.islower() or _so_called(text, q):
        q.partial = True
    elif before and before[-1].isalnum():
        # embedded after a word ("as a 'Foundation'"), unless that word is the speech verb (He said "We ...")
        prev = doc.char_span(len(before) - 1 + max(0, q.open_mark - 40), len(before) + max(0, q.open_mark - 40),
                             alignment_mode="expand")
        q.partial = not (prev is not None and prev[-1].lemma_.lower() in SPEECH_VERBS and not _names_a_thing(prev[-1]))
    else:
        q.partial = False
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in words)
    q.scare = q.partial and len(words) <= 3 and not has_verb


# ---------------------------------------------------------------------------------------------------------- entry
def find_quotes(doc: Doc, base: int = 0) -> list[Mention]:
    """Direct quotes in ``doc`` with their speakers; offsets are ``base`` + character offsets into ``doc.text``.

    ``attrs``: ``speaker`` (canonical name or None), ``speaker_start``/``speaker_end`` (the name or pronoun the
    attribution rests on, or None), ``partial``, ``scare``, ``verb`` (speech verb lemma or None) and ``attribution``
    (``"verb"``, ``"continuation"`` of an adjacent quote, ``"context"`` person of the passage, or None).
    """
    text = doc.text
    quotes: list[_Quote] = []
    for start, end in quote_spans(text):
        open_mark = start - 1
        while open_mark > 0 and text[open_mark] not in "\"'“”„«»‘’‹›" and text[open_mark].isspace():
            open_mark -= 1
        close_mark = end
        while close_mark < len(text) and text[close_mark].isspace() and text[close_mark] != "\n":
            close_mark += 1
        if close_mark < len(text) and text[close_mark] in "\"'“”„«»‘’‹›":
            close_mark += 1
        else:
            close_mark = end
        quotes.append(_Quote(start, end, open_mark, close_mark))
    if not quotes:
        return []
    art = _Article(doc, quotes)
    bounds = sorted(
        {s.start_char for s in doc.sents} | {i + 1 for i, c in enumerate(text) if c == "\n"} | {0}
    )
    inside = [b for b in bounds if any(q.open_mark < b < q.close_mark for q in quotes)]
    inside += [b for b in bounds if b < len(text) and text[b].islower() and text[:b].rstrip().endswith(tuple("\"'”’"))
               and "\n" not in text[b - 3 : b]]
    bounds = sorted(set(bounds) - set(inside))
    for q in quotes:
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        q.tokens = list(span) if span is not None else []
        _classify(doc, q, text)
    for q in quotes:
        _attribute(art, q, bounds)
    _fill_continuations(art, quotes)
    _fill_sandwiched(art, quotes)
    _name_the_lead(text, quotes)
    sent_starts = [s.start_char for s in doc.sents]
    out = []
    for q in quotes:
        sentence = max(0, sum(1 for s in sent_starts if s <= q.start) - 1)
        attrs = {
            "speaker": q.speaker,
            "speaker_start": None if q.speaker_start is None else q.speaker_start + base,
            "speaker_end": None if q.speaker_end is None else q.speaker_end + base,
            "partial": q.partial,
            "scare": q.scare,
            "verb": q.verb if q.how == "verb" else None,
            "attribution": q.how,
        }
        words = text[q.start : q.end]
        out.append(Mention(q.start + base, q.end + base, words, kind="quote", value=words, attrs=attrs, sentence=sentence))
    return out
