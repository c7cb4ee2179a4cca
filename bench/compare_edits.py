"""Planted edits: does `compare` set a changed sentence against the original, and leave a faithful rewrite alone?

    python bench/compare_edits.py              # 40 cases of each edit kind; writes bench/results/compare_edits.json
    python bench/compare_edits.py --per-kind 20

Each case is a passage of three consecutive sentences of a BBC story (``../shared/data/news_corpus``) and the same
passage with its middle sentence rewritten by one of the generators of ``scripts/make_nli_data.py`` (the ones
the entailment model was trained with, seeded here, so the cases are the same on every run). `compare` reads
the two passages as two reports; the edited sentence's claims in the second should be:

- **conflicting** for an edit that changes the fact (a name, number or date put for another, a negation, a word
  of opposite meaning, another title, another speaker for a quote, a pronoun of the other gender);
- **not conflicting, and corroborated** for one that keeps it (a copy, a number written another way, a
  compression that drops a clause).

Caught / n per kind is the table; "kept" counts faithful rewrites read as agreeing. The stories are not labelled
by hand and some generators' edits do not change the fact (a swapped name that is the same person's): read
``--errors KIND`` before taking a miss for a fault.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from corroborator.analyse.sentences import text_sentences  # noqa: E402
from corroborator.model import Article  # noqa: E402
from corroborator.pipeline import compare  # noqa: E402
from make_nli_data import _NAME, SUPPORTED, UNSUPPORTED, _usable  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "compare_edits.json"
CHANGED = ["entity_swap", "number_change", "date_change", "negation", "antonym", "role", "quote_speaker", "pronoun_swap"]
KEPT = ["number_format", "compress"]  # a verbatim copy is a reprint: it corroborates nothing
STORIES = 400


def _stories() -> list[str]:
    data = Path(os.environ.get("CORROBORATOR_DATA") or ROOT.parent / "shared" / "data")
    with (data / "news_corpus" / "bbc_news.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for _, line in zip(range(STORIES), fh)]


def cases(per_kind: int, seed: int = 11) -> list[dict]:
    """``per_kind`` (original passage, edited passage) pairs of each kind, from different stories where they can."""
    rng = random.Random(seed)
    stories = _stories()
    rng.shuffle(stories)
    generators = {**SUPPORTED, **UNSUPPORTED}
    out: list[dict] = []
    for kind in CHANGED + KEPT:
        made = 0
        for n, text in enumerate(stories):
            if made >= per_kind:
                break
            sentences = [text[a:b] for a, b in text_sentences(text)]
            middle = [i for i in range(1, len(sentences) - 1) if _usable(sentences[i])]
            if not middle:
                continue
            i = rng.choice(middle)
            other = stories[(n + 1) % len(stories)]
            context = {"sents": sentences, "title": None, "names": sorted({m.group() for m in _NAME.finditer(text)}),
                       "other_sents": [other[a:b] for a, b in text_sentences(other) if _usable(other[a:b])]}
            edited = generators[kind](rng, sentences[i], context)
            if not edited or (kind in CHANGED and edited == sentences[i]):
                continue
            before, after = sentences[i - 1], sentences[i + 1]
            out.append({"kind": kind, "sentence": sentences[i], "edited": edited,
                        "original": f"{before} {sentences[i]} {after}", "rewrite": f"{before} {edited} {after}",
                        "start": len(before) + 1})
            made += 1
    return out


def judge(case: dict) -> dict:
    """The verdicts of the rewrite's claims that lie in the edited sentence."""
    report = compare([Article(id="original", text=case["original"]), Article(id="rewrite", text=case["rewrite"])])
    start, end = case["start"], case["start"] + len(case["edited"])
    mine = [v for v in report.claims if v.claim.source == "rewrite" and start <= v.claim.start and v.claim.end <= end
            and v.claim.kind in ("statement", "clause", "quote", "role", "apposition")]
    return {
        "conflicting": any(v.verdict == "conflicting" for v in mine),
        "corroborated": any(v.verdict == "corroborated" for v in mine),
        "types": sorted({c.type for v in mine for c in v.conflicts}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=40)
    parser.add_argument("--errors", metavar="KIND", help="print the cases of this kind that went wrong")
    args = parser.parse_args()
    table: dict[str, dict[str, int]] = {}
    for case in cases(args.per_kind):
        found = judge(case)
        right = found["conflicting"] if case["kind"] in CHANGED else (found["corroborated"] and not found["conflicting"])
        row = table.setdefault(case["kind"], {"right": 0, "n": 0})
        row["right"] += int(right)
        row["n"] += 1
        if args.errors == case["kind"] and not right:
            print(f"- {case['sentence']!r}\n  {case['edited']!r}\n  {found}")
    changed = sum(table[k]["right"] for k in CHANGED if k in table), sum(table[k]["n"] for k in CHANGED if k in table)
    kept = sum(table[k]["right"] for k in KEPT if k in table), sum(table[k]["n"] for k in KEPT if k in table)
    result = {"per_kind": table, "changed_caught": changed, "kept_agreeing": kept}
    if not args.errors:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    for kind in CHANGED + KEPT:
        if kind in table:
            print(f"{kind:15} {table[kind]['right']:3d} / {table[kind]['n']}")
    print(f"changed facts set against the original: {changed[0]} / {changed[1]}; faithful rewrites agreeing: {kept[0]} / {kept[1]}")


if __name__ == "__main__":
    main()
