"""Reading stories back: the list ``corroborator stories`` prints, and one story's articles for ``compare``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from ..errors import CorroboratorError
from ..model import Article
from ..report.labels import visible

STORIES_SCHEMA = "corroborator.stories/1"


@dataclass(frozen=True)
class StorySummary:
    """A story: its articles in ingest order and, for copies of one wire story, their reprint groups."""

    id: str
    title: str | None
    articles: tuple[str, ...]
    first_date: str | None = None
    last_date: str | None = None
    reprints: Mapping[str, str] = field(default_factory=dict)  # article id -> group id (first copy's id)


def list_stories(store: Any) -> list[StorySummary]:
    """Every story, in the order they started; every stored article is in exactly one."""
    members = store.story_members()
    copies = {s.article.id: s.reprint_of for s in store.iter_articles() if s.reprint_of}
    out = []
    for row in store.stories():
        ids = tuple(members.get(row.id, ()))
        out.append(StorySummary(row.id, row.title, ids, row.first_date, row.last_date, _groups(ids, copies)))
    return out


def story_articles(store: Any, story_id: str) -> tuple[list[Article], dict[str, str]]:
    """The articles of one story and their reprint groups (for ``pipeline.compare(..., reprints=...)``)."""
    stored = list(store.iter_articles(story_id=story_id))
    if not stored:
        known = ", ".join(s.id for s in store.stories()[:5])
        hint = f" (for example: {known})" if known else " (the store has no stories: run corroborator ingest)"
        raise CorroboratorError(f"{store.url}: no story {story_id!r}{hint}")
    copies = {s.article.id: s.reprint_of for s in stored if s.reprint_of}
    return [s.article for s in stored], _groups(tuple(s.article.id for s in stored), copies)


def stories_json(stories: list[StorySummary]) -> dict[str, Any]:
    return {
        "schema": STORIES_SCHEMA,
        "stories": [
            {"id": s.id, "title": s.title, "articles": list(s.articles), "first_date": s.first_date,
             "last_date": s.last_date, "reprints": reprint_groups_json(s.reprints)}
            for s in stories
        ],
    }


def reprint_groups_json(reprints: Mapping[str, str]) -> list[dict[str, Any]]:
    """``[{"group": id, "articles": [copies...]}]`` for groups with two or more copies."""
    groups: dict[str, list[str]] = {}
    for article, group in reprints.items():
        groups.setdefault(group, []).append(article)
    return [{"group": g, "articles": sorted(ids)} for g, ids in groups.items() if len(ids) > 1]


def stories_text(stories: list[StorySummary]) -> str:
    lines = []
    for s in stories:
        span = f"  {s.first_date[:10]}..{s.last_date[:10]}" if s.first_date and s.last_date else ""
        lines.append(f"{s.id}  {_count(len(s.articles), 'article')}{span}  {_one_line(s.title or '')}")
        copies = s.reprints
        for article in s.articles:
            mark = f"  (copy of {copies[article]})" if article in copies and copies[article] != article else ""
            lines.append(f"    {_one_line(article)}{mark}")
    count = len(stories)
    lines.append(f"{count} stor{'ies' if count != 1 else 'y'}, {_count(sum(len(s.articles) for s in stories), 'article')}")
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    """Titles and ids are data: one line, no terminal control codes."""
    return " ".join(visible(text).split())


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _groups(ids: tuple[str, ...], copies: Mapping[str, str]) -> dict[str, str]:
    """article -> group for the articles among ``ids`` that copy another or are copied (originals included)."""
    wanted = set(ids)
    out = {a: g for a, g in copies.items() if a in wanted}
    for group in set(out.values()):
        if group in wanted:
            out[group] = group
    return out
