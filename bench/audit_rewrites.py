"""`audit` on faithful rewrites (false alarms) and on rewrites with one planted error (catches).

    python bench/audit_rewrites.py        # writes bench/results/audit_rewrites.json; -v prints every flagged claim

`bench/data/audit_rewrites.jsonl`: 27 rewrites of 170-230 words written by a QA pass (2026-11-27) in the style
of a machine rewrite (paraphrased, reordered, sentences merged, number formats changed, nothing added) of 25
stories of `../shared/data/news_corpus` (BBC and Reuters, named by id; the source is rebuilt as the QA pass read
it: headline, blank line, paragraphs) and of the two bundled Berlin reports; and ten copies of those rewrites with
one error planted (a number, a name, a role, a negation, a date, a speaker, an added fact). Every claim of a
faithful rewrite that is not `supported` is a false alarm: the QA pass read each one. A planted error is caught
when a claim over the edited words is not `supported`. Skips (exit 0) without the shared data.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data" / "audit_rewrites.jsonl"
RESULTS = Path(__file__).resolve().parent / "results" / "audit_rewrites.json"


def _corpus_dir() -> Path:
    return Path(os.environ.get("CORROBORATOR_DATA") or ROOT.parent / "shared" / "data") / "news_corpus"


def _stories(rows: list[dict]) -> dict[str, dict]:
    wanted = {r["source"]["id"]: r["source"]["news_corpus"] for r in rows if "news_corpus" in r["source"]}
    found: dict[str, dict] = {}
    for corpus in set(wanted.values()):
        with (_corpus_dir() / f"{corpus}.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                story = json.loads(line)
                if story["id"] in wanted:
                    found[story["id"]] = story
    return found


def _source_text(row: dict, stories: dict[str, dict]) -> str:
    if "example" in row["source"]:
        return (ROOT / row["source"]["example"]).read_text(encoding="utf-8")
    story = stories[row["source"]["id"]]
    return f"{story['title']}\n\n" + story["text"].replace("\n", "\n\n") + "\n"


def _article(path: Path, text: str):
    from corroborator.ingest import read_file

    path.write_text(text, encoding="utf-8")
    return read_file(path)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print every flagged claim")
    args = parser.parse_args()
    if not (_corpus_dir() / "bbc_news.jsonl").is_file():
        print(f"skipped: {_corpus_dir()} not found")
        return
    from corroborator.auditing import audit

    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    stories = _stories(rows)
    claims = alarms = 0
    by_basis: dict[str, int] = {}
    planted: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for row in rows:
            source = _article(folder / f"{row['id']}_source.txt", _source_text(row, stories))
            report = audit(_article(folder / f"{row['id']}_rewrite.txt", row["rewrite"]), [source])
            for v in report.claims:
                claims += 1
                if v.verdict != "supported":
                    alarms += 1
                    by_basis[v.basis] = by_basis.get(v.basis, 0) + 1
                    if args.verbose:
                        print(f"{row['id']} {v.verdict:12} {v.basis:17} {v.score:.2f} {[c.detail for c in v.conflicts]} | {v.claim.text[:100]}")
            for edit in row["planted"]:
                text = row["rewrite"].replace(edit["old"], edit["new"])
                edited = audit(_article(folder / f"{edit['id']}_rewrite.txt", text), [source])
                start = text.find(edit["new"])
                over = [v for v in edited.claims if v.claim.start < start + len(edit["new"]) and v.claim.end > start]
                caught = any(v.verdict != "supported" for v in over)
                planted.append({"id": edit["id"], "kind": edit["kind"], "caught": caught,
                                "verdicts": [[v.verdict, v.basis] for v in over]})
                print(f"{edit['id']} {edit['kind']:10} {'caught' if caught else 'missed'}  {edit['old']!r} -> {edit['new']!r}")
    result = {
        "rewrites": len(rows), "claims": claims, "false_alarms": alarms, "false_alarm_rate": round(alarms / claims, 4),
        "false_alarms_by_basis": dict(sorted(by_basis.items())),
        "planted": len(planted), "caught": sum(p["caught"] for p in planted), "planted_errors": planted,
    }
    RESULTS.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"faithful rewrites: {alarms} of {claims} claims flagged ({alarms / claims:.1%}), by basis {result['false_alarms_by_basis']}")
    print(f"planted errors caught: {result['caught']} of {len(planted)}")


if __name__ == "__main__":
    sys.exit(main())
