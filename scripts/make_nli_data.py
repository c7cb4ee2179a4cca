"""Build the training pairs of the cross-encoder (claim, evidence, label) — deterministic for a given seed.

Synthetic pairs come from unlabelled news (``../shared/data/news_corpus``: BBC and the longer Reuters stories, and
the example reports): a sentence is kept, rewritten in a way that keeps its meaning (label 1) or edited minimally
so that the document no longer supports it (label 0). The evidence is chosen from the article exactly as at run
time (``crossencoder.select_windows``), so the model learns on the inputs it will see.

Labelled pairs come from ``../shared/data/factual_consistency``, only from the documents of the ``train`` fold
(``doc_fold``: a hash of the normalised document, so FRANK-XSum and XSumFaith rows of one article share a fold);
the ``calib`` fold chooses the threshold and the ``report`` fold is scored by ``bench/nli_model.py``.

    .venv/bin/python scripts/make_nli_data.py --out build/nli/train.jsonl [--per-kind 800] [--seed 13]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from corroborator.backends.crossencoder import (  # noqa: E402
    MAX_TOKENS, DocIndex, claim_sentences, index_document, select_windows, split_sentences,
)

DATA = ROOT.parent / "shared" / "data"
DATASETS = ("frank", "qags", "summeval", "xsumfaith")

# ---------------------------------------------------------------------------------------------- folds


def doc_fold(doc: str) -> str:
    """train (60%), calib (10%) or report (30%), by a hash of the document's letters and digits."""
    key = re.sub(r"[^a-z0-9]", "", doc.lower())[:400]
    bucket = int(hashlib.sha1(key.encode()).hexdigest(), 16) % 10
    return "train" if bucket < 6 else "calib" if bucket == 6 else "report"


def labelled_rows(data: Path = DATA) -> list[dict]:
    rows = []
    for name in DATASETS:
        with (data / "factual_consistency" / f"{name}.jsonl").open(encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh)
    return rows


# ---------------------------------------------------------------------------------------------- word lists

ANTONYMS = dict(
    pair.split("/")
    for pair in """rose/fell rise/fall rising/falling risen/fallen increase/decrease increased/decreased increases/decreases
    gain/loss gains/losses gained/lost higher/lower up/down won/lost win/lose wins/loses winning/losing
    accepted/rejected accept/reject approved/rejected approve/reject before/after more/less above/below
    strong/weak stronger/weaker profit/loss profits/losses confirmed/denied confirm/deny agreed/refused
    first/last largest/smallest biggest/smallest early/late earlier/later open/closed opened/closed buy/sell
    bought/sold buying/selling raised/cut raise/cut allowed/banned allow/ban best/worst good/bad better/worse
    success/failure successful/unsuccessful support/oppose supported/opposed backed/opposed increase/cut
    expanded/reduced boosted/hurt surged/slumped jumped/dropped ahead/behind positive/negative full/partial
    public/private domestic/foreign upheld/overturned guilty/innocent ruled/overruled majority/minority
    start/end started/ended begin/end began/ended launched/scrapped joined/left arrived/departed""".split()
)
ANTONYMS.update({v: k for k, v in list(ANTONYMS.items()) if v not in ANTONYMS})
AUXILIARIES = ("is", "are", "was", "were", "will", "would", "could", "can", "has", "have", "had", "should", "did", "does")
TITLES = ("president", "minister", "chief executive", "chairman", "secretary", "leader", "director", "governor",
          "manager", "coach", "spokesman", "spokeswoman", "chancellor", "chief", "head", "captain", "ambassador")
TITLE_SWAPS = {"president": "vice president", "chairman": "chief executive", "chief executive": "chairman",
               "prime minister": "foreign minister", "minister": "deputy minister", "captain": "vice-captain",
               "manager": "assistant manager", "coach": "assistant coach", "leader": "deputy leader",
               "director": "deputy director", "secretary": "under-secretary", "governor": "lieutenant governor"}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")

_NAME = re.compile(r"(?<![.!?] )(?<!^)\b(?:[A-Z][a-z]+|[A-Z]{2,})(?:\s+(?:[A-Z][a-z]+|[A-Z]{2,}))*")
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w]|[.,]\d)")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-2]\d)\b")
_QUOTE_SPEAKER = re.compile(r"\b(said|says|told)\s+((?:[A-Z][a-z]+\s?){1,3})|((?:[A-Z][a-z]+\s?){1,3})\s(said|says)\b")


def _sub_word(sentence: str, old: str, new: str) -> str | None:
    pattern = re.compile(rf"\b{re.escape(old)}\b")
    if not pattern.search(sentence):
        return None
    return pattern.sub(new, sentence, count=1)


def _match_case(word: str, like: str) -> str:
    return word.capitalize() if like[:1].isupper() else word


# ---------------------------------------------------------------------------------------------- generators
# Each takes (rng, sentence, article) and returns a claim or None. article = {"sents": [...], "names": [...]}.


def gen_copy(rng, s, art):
    return s


def gen_compress(rng, s, art):
    parts = re.split(r",\s+", s)
    if len(parts) >= 3:
        drop = rng.randrange(1, len(parts) - 1)
        shorter = ", ".join(parts[:drop] + parts[drop + 1 :])
    else:
        m = re.search(r",?\s+(?:said|according to|who|which|while|as|after|because)\b", s)
        if not m or m.start() < len(s) * 0.4:
            return None
        shorter = s[: m.start()].rstrip(" ,") + "."
    return shorter if len(shorter.split()) >= 6 and shorter != s else None


def gen_fuse(rng, s, art):
    i = art["sents"].index(s)
    if i + 1 >= len(art["sents"]):
        return None
    nxt = art["sents"][i + 1]
    if len(s.split()) + len(nxt.split()) > 55:
        return None
    joiner = rng.choice([", and ", "; ", " and "])
    return s.rstrip(" .") + joiner + nxt[0].lower() + nxt[1:] if not nxt[:2].isupper() else s.rstrip(" .") + joiner + nxt


def gen_number_format(rng, s, art):
    edits = []
    for m in re.finditer(r"\b(\d+(?:\.\d+)?)%", s):
        edits.append((m, f"{m.group(1)} per cent" if rng.random() < 0.7 else f"{m.group(1)} percent"))
    for m in re.finditer(r"\b(\d+(?:\.\d+)?)\s?(m|bn|million|billion)\b", s):
        long = {"m": "million", "bn": "billion", "million": "m", "billion": "bn"}[m.group(2)]
        edits.append((m, f"{m.group(1)} {long}" if len(long) > 2 else f"{m.group(1)}{long}"))
    for m in re.finditer(r"\b(\d{1,3}),(\d{3})\b(?![,.]\d)", s):
        edits.append((m, m.group(1) + m.group(2)))
    for m in re.finditer(r"\b([2-9]|1[0-2])\b(?![.,%]?\d)", s):
        if not _YEAR.match(m.group()):
            edits.append((m, SMALL[int(m.group())]))
    for m in re.finditer(r"\b(" + "|".join(SMALL[2:]) + r")\b", s):
        edits.append((m, str(SMALL.index(m.group(1)))))
    for m in re.finditer(r"\b(" + "|".join(MONTHS) + r") (\d{1,2})\b", s):
        edits.append((m, f"{m.group(2)} {m.group(1)}"))
    if not edits:
        return None
    m, new = rng.choice(edits)
    return s[: m.start()] + new + s[m.end() :]


def gen_title(rng, s, art):
    return art["title"] if art.get("title") and len(art["title"].split()) >= 4 else None


def gen_entity_swap(rng, s, art):
    mine = {m.group() for m in _NAME.finditer(s)}
    others = [n for n in art["names"] if n not in mine and not any(n in x or x in n for x in mine)]
    if not mine or not others:
        return None
    old = rng.choice(sorted(mine))
    same_shape = [n for n in others if len(n.split()) == len(old.split())] or others
    return _sub_word(s, old, rng.choice(sorted(same_shape)))


def _changed_number(rng, text: str) -> str:
    if "," in text:
        value = int(text.replace(",", ""))
        return f"{max(1, int(value * rng.choice([0.5, 0.7, 1.3, 1.5, 2]))):,}"
    if "." in text:
        decimals = len(text.split(".")[1])
        value = float(text) * rng.choice([0.6, 0.8, 1.25, 1.5]) + rng.choice([0.1, 0.3, -0.2])
        return f"{max(value, 0.1):.{decimals}f}"
    value = int(text)
    if _YEAR.fullmatch(text):
        return str(value + rng.choice([-3, -2, -1, 1, 2]))
    if value < 10:
        return str(rng.choice([v for v in range(1, 13) if v != value]))
    return str(max(1, value + rng.choice([-1, 1]) * max(1, int(value * rng.choice([0.2, 0.3, 0.5])))))


def gen_number_change(rng, s, art):
    found = [m for m in _NUMBER.finditer(s) if not _YEAR.fullmatch(m.group())]
    if not found:
        return None
    m = rng.choice(found)
    new = _changed_number(rng, m.group())
    return s[: m.start()] + new + s[m.end() :] if new != m.group() else None


def gen_date_change(rng, s, art):
    for names in (WEEKDAYS, MONTHS):
        present = [n for n in names if re.search(rf"\b{n}\b", s)]
        if present:
            old = rng.choice(present)
            return _sub_word(s, old, rng.choice([n for n in names if n != old]))
    years = list(_YEAR.finditer(s))
    if years:
        m = rng.choice(years)
        return s[: m.start()] + _changed_number(rng, m.group()) + s[m.end() :]
    return None


def gen_negation(rng, s, art):
    if re.search(r"\bnot\b", s):
        return re.sub(r"\s+not\b", "", s, count=1)
    if re.search(r"n't\b", s):
        return re.sub(r"\b(ca|wo)n't\b", lambda m: {"ca": "can", "wo": "will"}[m.group(1)], re.sub(r"(?<=[a-z])n't\b", "", s, count=1), count=1)
    auxiliaries = [a for a in AUXILIARIES if re.search(rf"\b{a}\b", s)]
    if not auxiliaries:
        m = re.search(r"\b(\w+ed)\b", s[1:])
        if not m:
            return None
        return s[: m.start() + 1] + "did not " + _base_form(m.group(1)) + s[m.end() + 1 :]
    aux = rng.choice(auxiliaries)
    return _sub_word(s, aux, f"{aux} not")


def _base_form(verb: str) -> str:
    if verb.endswith("ied"):
        return verb[:-3] + "y"
    if verb.endswith("ed") and len(verb) > 4 and verb[-3] == verb[-4]:
        return verb[:-3]
    return verb[:-1] if verb.endswith(("ated", "ured", "ived", "osed", "ased")) else verb[:-2]


def gen_antonym(rng, s, art):
    found = [w for w in re.findall(r"\b[a-z]+\b", s) if w in ANTONYMS]
    if not found:
        return None
    old = rng.choice(found)
    return _sub_word(s, old, ANTONYMS[old])


def gen_role(rng, s, art):
    lower = s.lower()
    if re.search(r"\bformer\b", lower):
        return re.sub(r"\b[Ff]ormer\s+", "", s, count=1)
    titles = [t for t in TITLES if re.search(rf"\b{t}\b", lower)]
    if not titles:
        return None
    title = rng.choice(titles)
    m = re.search(rf"\b{title}\b", s, flags=re.I)
    swap = TITLE_SWAPS.get(title.lower())
    if swap and rng.random() < 0.4:
        return s[: m.start()] + _match_case(swap, m.group()) + s[m.end() :]
    before = s[: m.start()]
    if re.search(r"\b(the|a|an|The|A|An)\s+$", before) or m.start() == 0 or before.endswith(("'s ", "s' ")):
        return before + _match_case("former ", m.group()) + m.group().lower() + s[m.end() :] if m.start() == 0 else before + "former " + s[m.start() :]
    return before + "former " + s[m.start() :]


def gen_quote_speaker(rng, s, art):
    if '"' not in s and "“" not in s:
        return None
    m = _QUOTE_SPEAKER.search(s)
    if not m:
        return None
    speaker = (m.group(2) or m.group(3)).strip()
    people = [n for n in art["names"] if 1 <= len(n.split()) <= 3 and n != speaker and n not in speaker and speaker not in n]
    if not people:
        return None
    return _sub_word(s, speaker, rng.choice(sorted(people)))


_OTHER_GENDER = {"he": "she", "she": "he", "him": "her", "his": "her", "her": "his", "hers": "his",
                 "himself": "herself", "herself": "himself"}


def gen_pronoun_swap(rng, s, art):
    """One gendered pronoun for the other gender's ("she said" for "he said"): FactCC's pronoun swap."""
    found = list(re.finditer(r"\b(?:he|she|him|his|her|hers|himself|herself)\b", s, flags=re.I))
    if not found:
        return None
    m = rng.choice(found)
    return s[: m.start()] + _match_case(_OTHER_GENDER[m.group().lower()], m.group()) + s[m.end() :]


def gen_added_fact(rng, s, art):
    other = art["other_sents"]
    if not other:
        return None
    extra = rng.choice(other)
    if len(s.split()) + len(extra.split()) > 60:
        return None
    if rng.random() < 0.5:
        return s + " " + extra
    return s.rstrip(" .") + ", and " + (extra[0].lower() + extra[1:] if not extra[:2].isupper() else extra)


def gen_other_article(rng, s, art):
    other = art["other_sents"]
    return rng.choice(other) if other else None


SUPPORTED = {"copy": gen_copy, "compress": gen_compress, "fuse": gen_fuse, "number_format": gen_number_format,
             "title": gen_title}
UNSUPPORTED = {"entity_swap": gen_entity_swap, "number_change": gen_number_change, "date_change": gen_date_change,
               "negation": gen_negation, "antonym": gen_antonym, "role": gen_role, "quote_speaker": gen_quote_speaker,
               "pronoun_swap": gen_pronoun_swap,
               "added_fact": gen_added_fact, "other_article": gen_other_article, "removed_context": gen_copy}


# ---------------------------------------------------------------------------------------------- articles


def load_articles(data: Path = DATA) -> list[dict]:
    """BBC stories, Reuters stories of 8+ sentences, and the example reports, as {title, text, group}."""
    articles = []
    corpus = data / "news_corpus"
    for name in ("bbc_news", "reuters21578"):
        with (corpus / f"{name}.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                text = row["text"]
                if len(text.split()) < 150 or (name == "reuters21578" and text.upper() == text):
                    continue
                group = row["meta"].get("category") or "reuters"
                title = row["title"] if name == "bbc_news" else None
                articles.append({"id": row["id"], "title": title, "text": text, "group": group})
    for path in sorted((ROOT / "examples").glob("*/*.txt")):
        articles.append({"id": path.stem, "title": None, "text": path.read_text(encoding="utf-8"), "group": "examples"})
    return articles


def _usable(sentence: str) -> bool:
    n = len(sentence.split())
    return 8 <= n <= 45 and sentence[-1:] in ".\"'”" and sentence[:1].isupper()


def synthetic_pairs(articles: list[dict], per_kind: int, rng: random.Random, budget: int = MAX_TOKENS,
                    fill: bool = False) -> list[dict]:
    generators = [(k, g, 1) for k, g in SUPPORTED.items()] + [(k, g, 0) for k, g in UNSUPPORTED.items()]
    counts: Counter[str] = Counter()
    pairs = []
    by_group: dict[str, list[dict]] = {}
    for art in articles:
        by_group.setdefault(art["group"], []).append(art)
    # BBC prose is closer to the news we check than 1987 Reuters wires: visit it first, more often.
    priority = [rng.random() * (2.5 if art["group"] == "reuters" else 1.0) for art in articles]
    order = sorted(range(len(articles)), key=priority.__getitem__)
    for n in order:
        if all(counts[k] >= per_kind for k, _, _ in generators):
            break
        art = articles[n]
        doc = index_document(art["text"])
        sents = [doc.sentence(i) for i in range(len(doc.spans))]
        candidates = [s for s in sents if _usable(s)]
        if len(candidates) < 3:
            continue
        neighbours = by_group[art["group"]]
        other = neighbours[rng.randrange(len(neighbours))]
        other_sents = [s for s in (other["text"].split(". ")) if other is not art and 8 <= len(s.split()) <= 30]
        context = {"sents": sents, "title": art["title"], "other_sents": [s.rstrip(".") + "." for s in other_sents],
                   "names": sorted({m.group() for m in _NAME.finditer(art["text"])})}
        for kind, gen, label in rng.sample(generators, len(generators))[:6]:
            if counts[kind] >= per_kind:
                continue
            for sentence in rng.sample(candidates, min(6, len(candidates))):  # a few tries: most edits need a cue
                claim = gen(rng, sentence, context)
                if claim:
                    break
            if not claim or (label == 0 and claim == sentence and kind != "removed_context"):
                continue
            evidence_doc = _without(doc, sentence) if kind == "removed_context" else doc
            if evidence_doc is None:
                continue
            # either candidate window (cover or contiguous run), as the recorded training runs drew them
            windows = select_windows(claim, evidence_doc, budget, windows=2, fill=fill)
            window = windows[rng.randrange(len(windows))]
            pairs.append({"claim": claim, "evidence": window.text, "label": label, "kind": kind, "source": art["id"]})
            counts[kind] += 1
    return pairs


def _without(doc: DocIndex, sentence: str) -> DocIndex | None:
    """The document minus ``sentence`` and any sentence sharing most of its content words (repeats of the fact)."""
    from corroborator.backends.crossencoder import content_stems

    gone = content_stems(sentence)
    keep = [i for i, stems in enumerate(doc.stems) if len(gone & stems) < 0.5 * max(1, len(gone))]
    if len(keep) < 3:
        return None
    return index_document("\n".join(doc.sentence(i) for i in keep))


def labelled_pairs(rows: list[dict], sentence_level: bool = False, budget: int = MAX_TOKENS,
                   fill: bool = False) -> list[dict]:
    """The train fold's labelled rows, evidence = the claim's cover window. With ``sentence_level`` a supported
    multi-sentence summary gives one pair per sentence (each sentence is supported), as ``score_document`` reads
    a claim sentence by sentence; an unsupported one stays whole (which sentence fails is not labelled)."""
    pairs = []
    for row in rows:
        if doc_fold(row["doc"]) != "train":
            continue
        doc = index_document(row["doc"])
        claims = [row["claim"]]
        if sentence_level and row["label"] == 1:
            claims = [row["claim"][a:b] for a, b in split_sentences(row["claim"])] or claims
        for claim in claims:
            window = select_windows(claim, doc, budget, windows=1, fill=fill)[0]
            pairs.append({"claim": claim, "evidence": window.text, "label": int(row["label"]),
                          "kind": f"dev:{row['dataset']}", "source": row["id"]})
    return pairs


def eval_rows(rows: list[dict], folds: tuple[str, ...] = ("calib", "report"), budget: int = MAX_TOKENS,
              fill: bool = False) -> list[dict]:
    """The held-out folds' rows as the runtime reads them (``score_document``, one window per claim sentence), so
    a training run can score them without the package: each row's (sentence, window) pairs, label, set and fold."""
    out = []
    indexes: dict[str, DocIndex] = {}
    for row in rows:
        fold = doc_fold(row["doc"])
        if fold not in folds:
            continue
        doc = indexes.setdefault(row["doc"], index_document(row["doc"]))
        pairs = [[s, select_windows(s, doc, budget, windows=1, fill=fill)[0].text] for s in claim_sentences(row["claim"])]
        out.append({"id": row["id"], "dataset": row["dataset"], "fold": fold, "label": int(row["label"]), "pairs": pairs})
    return out


def write_jsonl(path: Path, items: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "nli" / "train.jsonl")
    parser.add_argument("--per-kind", type=int, default=800)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--no-labelled", action="store_true", help="synthetic pairs only")
    parser.add_argument("--sentence-level", action="store_true",
                        help="split supported labelled summaries into one pair per sentence")
    parser.add_argument("--eval-out", type=Path, help="also write the calib and report folds as the runtime reads "
                        "them, for scripts/train_nli.py --eval")
    parser.add_argument("--max-tokens", type=int, default=MAX_TOKENS, help="claim + evidence budget of a window "
                        "(the model's input length; train and export with the same)")
    parser.add_argument("--fill-windows", action="store_true", help="top cover windows up to the budget, as the "
                        "data of the shipped model was built (the runtime now stops once the claim is covered)")
    args = parser.parse_args()
    if args.eval_out:
        held_out = eval_rows(labelled_rows(), budget=args.max_tokens, fill=args.fill_windows)
        write_jsonl(args.eval_out, held_out)
        print(f"{len(held_out)} held-out rows -> {args.eval_out}")
    rng = random.Random(args.seed)
    pairs = synthetic_pairs(load_articles(), args.per_kind, rng, args.max_tokens, args.fill_windows)
    if not args.no_labelled:
        pairs += labelled_pairs(labelled_rows(), args.sentence_level, args.max_tokens, args.fill_windows)
    rng.shuffle(pairs)
    write_jsonl(args.out, pairs)
    counts = Counter((p["kind"], p["label"]) for p in pairs)
    for (kind, label), n in sorted(counts.items()):
        print(f"{kind:16s} label={label} {n}")
    print(f"total {len(pairs)} -> {args.out}")


if __name__ == "__main__":
    main()
