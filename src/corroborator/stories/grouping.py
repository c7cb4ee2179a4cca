"""Stories: articles about the same event, grouped incrementally.

Each article is a vector mixing two TF-IDF vectors, words and names (see ``features``):
``v = sqrt(w) * words/|words| + sqrt(1 - w) * names/|names|``, so ``v . u = w cos_words + (1 - w) cos_names``.
IDF comes from document frequencies the store keeps across runs (``Vectoriser``), updated with each batch
before it is vectorised.

A batch of new articles is grouped in two steps, neither of which touches stories it cannot join:
1. average-linkage clustering of the batch (scipy), cut at ``threshold``; pairs with dates further apart than
   ``window_days`` never link, copies of one wire story always do;
2. each batch cluster joins the existing story with the highest average similarity to it, if that is at least
   ``threshold`` and the story's dates are within the window, else it starts a new story; a copy of a stored
   article joins its original's story whatever its cluster (``_pin_copies``).
With unit vectors the average similarity between two groups is ``sum(A) . sum(B) / (|A| |B|)``, so a story
only keeps the sum of its articles' vectors (its ``signature``, the ``max_terms`` largest entries), not its
articles. Grouping a whole corpus in one batch is plain average-linkage clustering.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping, Sequence

import numpy as np

from .features import BUCKETS, TermCounts


@dataclass(frozen=True)
class GroupingSettings:
    """Chosen on ECB+ (bench/stories_quality.py; see docs/corpora.md)."""

    words_weight: float = 0.4
    threshold: float = 0.21
    window_days: int = 14
    max_terms: int = 200
    candidates: int = 4000  # a batch is compared with the stories most recently started or extended, at most


DEFAULT_GROUPING = GroupingSettings()


@dataclass(frozen=True)
class Item:
    """What grouping needs of one article."""

    id: str
    content_hash: str
    counts: TermCounts
    title: str | None = None
    date: str | None = None
    reprint_of: str | None = None  # id of the article this one copies


@dataclass
class Story:
    """A story while grouping; ``total`` is the sum of its articles' vectors (bucket -> weight)."""

    id: str
    title: str | None
    seq: int
    size: int
    first_date: str | None = None
    last_date: str | None = None
    total: dict[int, float] = field(default_factory=dict)
    touched: int | None = None  # the index's clock when it last gained articles
    _arrays: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False, compare=False)

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """``total`` as (buckets, weights) arrays, cached until the story changes."""
        if self._arrays is None:
            keys = np.fromiter(self.total.keys(), dtype=np.int32, count=len(self.total))
            vals = np.fromiter(self.total.values(), dtype=np.float32, count=len(self.total))
            self._arrays = (keys, vals)
        return self._arrays

    def signature(self) -> dict[str, Any]:
        keys = sorted(self.total)
        weights = np.round(np.fromiter((self.total[k] for k in keys), dtype=np.float64, count=len(keys)), 5)
        return {"b": keys, "w": weights.tolist()}

    @classmethod
    def from_signature(cls, *, signature: Mapping[str, Any], **fields: Any) -> "Story":
        return cls(total=dict(zip(signature.get("b", []), signature.get("w", []))), **fields)


class Vectoriser:
    """Document frequencies per bucket and the number of documents seen: TF-IDF that grows with the corpus."""

    def __init__(self, df: np.ndarray | None = None, n_docs: int = 0, words_weight: float = 0.4) -> None:
        self.df = np.zeros(BUCKETS, dtype=np.int32) if df is None else df.astype(np.int32)
        self.n_docs = n_docs
        self.words_weight = words_weight

    def update(self, counts: Sequence[TermCounts]) -> None:
        seen = [c.words[0] for c in counts] + [c.names[0] for c in counts]
        if seen:
            self.df += np.bincount(np.concatenate(seen), minlength=BUCKETS).astype(np.int32)
        self.n_docs += len(counts)

    def vectors(self, counts: Sequence[TermCounts]) -> Any:
        """One row per article (scipy CSR, BUCKETS columns), as described in the module docstring."""
        from scipy.sparse import csr_matrix

        n = len(counts)
        rows, cols, vals = [], [], []
        for bag, weight in ((0, math.sqrt(self.words_weight)), (1, math.sqrt(1.0 - self.words_weight))):
            pairs = [c.words if bag == 0 else c.names for c in counts]
            lengths = np.array([len(b) for b, _ in pairs], dtype=np.int64)
            if lengths.sum() == 0:
                continue
            row = np.repeat(np.arange(n, dtype=np.int32), lengths)
            col = np.concatenate([b for b, _ in pairs])
            tf = np.concatenate([t for _, t in pairs]).astype(np.float64)
            x = (1.0 + np.log(tf)) * (np.log((1.0 + self.n_docs) / (1.0 + self.df[col])) + 1.0)
            norms = np.sqrt(np.bincount(row, weights=x * x, minlength=n))
            rows.append(row)
            cols.append(col)
            vals.append((x * weight / norms[row]).astype(np.float32))
        if not rows:
            return csr_matrix((n, BUCKETS), dtype=np.float32)
        m = csr_matrix(
            (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n, BUCKETS), dtype=np.float32
        )
        m.sum_duplicates()  # a word and a name may share a bucket
        return m


@dataclass(frozen=True)
class BatchResult:
    """Story id per item (in item order), and the stories the batch created or changed."""

    story_ids: tuple[str, ...]
    new: tuple[Story, ...]
    changed: tuple[Story, ...]


class StoryIndex:
    """The stories known so far, the story of each known article, and the vectoriser state."""

    def __init__(self, stories: Sequence[Story] = (), article_story: Mapping[str, str] | None = None,
                 vectoriser: Vectoriser | None = None, settings: GroupingSettings = DEFAULT_GROUPING) -> None:
        self.settings = settings
        self.stories: list[Story] = list(stories)
        self.article_story: dict[str, str] = dict(article_story or {})
        self.vectoriser = vectoriser or Vectoriser(words_weight=settings.words_weight)
        self._position = {s.id: i for i, s in enumerate(self.stories)}
        self._matrix: Any = None
        self._candidates: np.ndarray = np.zeros(0, dtype=np.int64)
        self._next_seq = max((s.seq for s in self.stories), default=0) + 1
        # recency: the clock ticks once per batch; stories stored before recency was kept count from their start
        self._touched = {s.id: s.touched if s.touched is not None else s.seq for s in self.stories}
        self._clock = max([self._next_seq, *(t + 1 for t in self._touched.values())])

    def add_batch(self, items: Sequence[Item]) -> BatchResult:
        """Group new articles: they join existing stories or start new ones (see the module docstring)."""
        if not items:
            return BatchResult((), (), ())
        counts = [it.counts for it in items]
        self.vectoriser.update(counts)
        vectors = self.vectoriser.vectors(counts)
        labels = _cluster(items, vectors, self.settings)
        story_ids = [""] * len(items)
        new: list[Story] = []
        changed: dict[str, Story] = {}
        new_ids: set[str] = set()
        groups = self._pin_copies(items, _members(labels))
        sums = _cluster_sums(vectors, groups)
        scores = self._story_scores(sums, groups)
        for k, (pinned, members) in enumerate(groups):
            story = pinned or self._choose(items, members, scores[k] if scores is not None else None)
            row = sums.getrow(k)
            if story is None:
                story = self._start(items[members[0]])
                new.append(story)
                new_ids.add(story.id)
            elif story.id not in new_ids:
                changed[story.id] = story
            _absorb(story, row.indices, row.data, [items[i] for i in members], self.settings.max_terms)
            self._touched[story.id] = story.touched = self._clock
            for i in members:
                story_ids[i] = story.id
                self.article_story[items[i].id] = story.id
        self._matrix = None
        self._clock += 1
        return BatchResult(tuple(story_ids), tuple(new), tuple(s for s in changed.values()))

    # -- joining existing stories ----------------------------------------------------------------------------
    def _pin_copies(self, items: Sequence[Item], groups: list[tuple[int, list[int]]]
                    ) -> list[tuple[Story | None, list[int]]]:
        """A copy goes where its original went, and takes the rest of its batch cluster along; a cluster holding
        copies of articles in different stories is split: each copy goes with its original, and the others
        choose a story by themselves."""
        out: list[tuple[Story | None, list[int]]] = []
        for _label, members in groups:
            by_story: dict[str | None, list[int]] = {}
            for i in members:
                by_story.setdefault(self.article_story.get(items[i].reprint_of or ""), []).append(i)
            pinned = [sid for sid in by_story if sid is not None]
            if len(pinned) == 1:
                by_story = {pinned[0]: members}
            out += [(self.stories[self._position[sid]] if sid else None, m) for sid, m in by_story.items()]
        return out

    def _story_scores(self, sums: Any, groups: Sequence[tuple[Any, list[int]]]) -> np.ndarray | None:
        """Average similarity of every batch cluster (rows) to every candidate story (columns, see
        ``_candidate_matrix``)."""
        if not self.stories:
            return None
        matrix = self._candidate_matrix()
        sizes = np.array([len(m) for _, m in groups], dtype=np.float32)
        story_sizes = np.array([self.stories[i].size for i in self._candidates], dtype=np.float32)
        return (sums @ matrix.T).toarray() / sizes[:, None] / story_sizes[None, :]

    def _choose(self, items: Sequence[Item], members: list[int], scores: np.ndarray | None) -> Story | None:
        if scores is None:
            return None
        low, high = _date_range([items[i].date for i in members])
        best, best_score = None, self.settings.threshold
        for k in np.flatnonzero(scores >= best_score):
            story = self.stories[int(self._candidates[k])]
            if scores[k] > best_score or best is None:
                if _within(story, low, high, self.settings.window_days):
                    best, best_score = story, float(scores[k])
        return best

    def _candidate_matrix(self) -> Any:
        """The signatures of the ``settings.candidates`` most recently touched stories (scipy CSR): comparing a
        batch with every story ever seen would cost time in proportion to the corpus."""
        if self._matrix is None:
            from scipy.sparse import csr_matrix

            order = sorted(range(len(self.stories)), key=lambda i: -self._touched[self.stories[i].id])
            self._candidates = np.array(sorted(order[: self.settings.candidates]), dtype=np.int64)
            arrays = [self.stories[i].arrays() for i in self._candidates]
            indptr = np.cumsum([0] + [len(k) for k, _ in arrays])
            self._matrix = csr_matrix(
                (np.concatenate([v for _, v in arrays]), np.concatenate([k for k, _ in arrays]), indptr),
                shape=(len(arrays), BUCKETS), dtype=np.float32,
            )
        return self._matrix

    def _start(self, first: Item) -> Story:
        story = Story(id=f"s{first.content_hash[:15]}", title=_title(first), seq=self._next_seq, size=0)
        self._next_seq += 1
        self._position[story.id] = len(self.stories)
        self.stories.append(story)
        return story


def _cluster(items: Sequence[Item], vectors: Any, settings: GroupingSettings) -> np.ndarray:
    """Average-linkage labels of the batch, cut at the threshold."""
    if len(items) == 1:
        return np.zeros(1, dtype=np.int64)
    from scipy.cluster.hierarchy import fcluster

    return fcluster(batch_tree(items, vectors, settings), t=1.0 - settings.threshold, criterion="distance")


def batch_tree(items: Sequence[Item], vectors: Any, settings: GroupingSettings) -> np.ndarray:
    """The average-linkage tree (scipy ``linkage``) of a batch of two or more articles; distance = 1 - similarity,
    with the date window and reprint links applied."""
    from scipy.cluster.hierarchy import linkage

    n = len(items)
    sim = (vectors @ vectors.T).toarray().astype(np.float64)
    _apply_window(sim, [it.date for it in items], settings.window_days)
    _link_copies(sim, items)
    distance = np.clip(1.0 - sim, 0.0, None)
    return linkage(distance[np.triu_indices(n, k=1)], method="average")


def _apply_window(sim: np.ndarray, dates: Sequence[str | None], window_days: int) -> None:
    days = np.array([_day(d) if _day(d) is not None else np.nan for d in dates], dtype=np.float64)
    known = ~np.isnan(days)
    if known.sum() < 2:
        return
    apart = np.abs(days[:, None] - days[None, :]) > window_days
    sim[apart & known[:, None] & known[None, :]] = 0.0


def _link_copies(sim: np.ndarray, items: Sequence[Item]) -> None:
    position = {it.id: i for i, it in enumerate(items)}
    groups: dict[str, list[int]] = {}
    for i, it in enumerate(items):
        if it.reprint_of:
            root = it.reprint_of
            groups.setdefault(root, [position[root]] if root in position else []).append(i)
    for members in groups.values():
        sim[np.ix_(members, members)] = 1.0


def _cluster_sums(vectors: Any, groups: Sequence[tuple[Any, list[int]]]) -> Any:
    """The sum of each cluster's vectors (scipy CSR, one row per cluster)."""
    from scipy.sparse import csr_matrix

    rows = np.concatenate([np.full(len(m), k, dtype=np.int32) for k, (_, m) in enumerate(groups)])
    cols = np.concatenate([np.asarray(m, dtype=np.int32) for _, m in groups])
    membership = csr_matrix((np.ones(len(cols), dtype=np.float32), (rows, cols)),
                            shape=(len(groups), vectors.shape[0]))
    return (membership @ vectors).tocsr()


def _members(labels: np.ndarray) -> list[tuple[int, list[int]]]:
    """(label, member positions) in order of each cluster's first member."""
    out: dict[int, list[int]] = {}
    for i, label in enumerate(labels.tolist()):
        out.setdefault(label, []).append(i)
    return list(out.items())


def _absorb(story: Story, keys: np.ndarray, weights: np.ndarray, items: Sequence[Item], max_terms: int) -> None:
    total = story.total
    story._arrays = None
    for k, w in zip(keys.tolist(), weights.tolist()):
        total[k] = total.get(k, 0.0) + w
    if len(story.total) > max_terms:
        kept = sorted(story.total.items(), key=lambda kv: -kv[1])[:max_terms]
        story.total = dict(kept)
    story.size += len(items)
    dates = [d for d in (story.first_date, story.last_date, *(it.date for it in items)) if _day(d) is not None]
    if dates:
        story.first_date = min(dates, key=_when)
        story.last_date = max(dates, key=_when)


def _date_range(dates: Sequence[str | None]) -> tuple[int | None, int | None]:
    days = [d for d in (_day(x) for x in dates) if d is not None]
    return (min(days), max(days)) if days else (None, None)


def _within(story: Story, low: int | None, high: int | None, window_days: int) -> bool:
    first, last = _day(story.first_date), _day(story.last_date)
    if low is None or high is None or first is None or last is None:
        return True
    return low - last <= window_days and first - high <= window_days


def _when(value: str) -> tuple[int, str]:
    """Day first, then the ISO text: 10:00 and 18:00 of one day order as written ("2026-03-03T18:00" last)."""
    return _day(value) or 0, value


def _day(value: str | None) -> int | None:
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def _title(item: Item) -> str | None:
    return item.title
