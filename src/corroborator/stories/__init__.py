"""Corpora: reprints (near-duplicates) and stories (articles about one event), grouped incrementally.

    features.prepare(text, title)   -> TermCounts      words and names, hashed; pure and cheap (~0.3 ms)
    reprints.signature(text)        -> MinHash          ReprintIndex: datasketch MinHash LSH
    grouping.StoryIndex.add_batch(items) -> BatchResult new articles join stories or start new ones
    listing.list_stories(store), story_articles(store, id), stories_json(...)

Grouping never needs the claim analysis: only counts of words and names per article.
"""

from __future__ import annotations

from .features import TermCounts, prepare
from .grouping import DEFAULT_GROUPING, GroupingSettings, Item, StoryIndex
from .listing import STORIES_SCHEMA, StorySummary, list_stories, stories_json, stories_text, story_articles

__all__ = [
    "DEFAULT_GROUPING",
    "GroupingSettings",
    "Item",
    "STORIES_SCHEMA",
    "StoryIndex",
    "StorySummary",
    "TermCounts",
    "list_stories",
    "prepare",
    "stories_json",
    "stories_text",
    "story_articles",
]
