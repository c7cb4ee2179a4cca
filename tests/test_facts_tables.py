"""Cross-source tables of compare (quotes, people, numbers, dates) on the bundled example, and their rendering."""

from __future__ import annotations

import json

from conftest import A_ID, B_ID
from corroborator.pipeline import compare
from corroborator.model import Article
from corroborator.report import render_compare


def _row(rows, **match):
    found = [r for r in rows if all(m in str(r[k]) for k, m in match.items())]
    assert len(found) == 1, (match, found)
    return found[0]


def _sources(row):
    return {s["source"] for s in row["sources"]}


def test_every_table_entry_points_at_its_words(example_report):
    texts = {a.id: a.text for a in example_report.sources}
    for name in ("quotes", "people", "numbers", "dates"):
        assert example_report.tables[name], name
        for row in example_report.tables[name]:
            for s in row["sources"]:
                spans = s["mentions"] if name == "people" else [s]
                for span in spans:
                    assert texts[s["source"]][span["start"] : span["end"]] == span.get("text", span.get("words"))


def test_quotes_table_groups_the_same_words_across_sources(example_report):
    quotes = example_report.tables["quotes"]
    compromise = _row(quotes, words="already a compromise on our part")
    assert compromise["speaker"] == "Volodymyr Zelensky"
    assert _sources(compromise) == {A_ID, B_ID} and compromise["agreement"] == "partial"
    partners = _row(quotes, words="some partners from the US and Europe")
    assert partners["agreement"] == "verbatim" and partners["speaker"] == "Volodymyr Zelensky"
    fair = _row(quotes, words="withdraw the same distance")
    assert fair["agreement"] == "single_source" and _sources(fair) == {A_ID}
    assert _row(quotes, words="red line")["speaker"] == "Kremlin"


def test_people_table_lists_the_roles_each_source_gives(example_report):
    people = example_report.tables["people"]
    merz = _row(people, name="Friedrich Merz")
    assert {s["source"]: s["roles"] for s in merz["sources"]} == {A_ID: ["German Chancellor"], B_ID: ["German Chancellor"]}
    zelensky = _row(people, name="Volodymyr Zelensky")
    roles = {s["source"]: s["roles"] for s in zelensky["sources"]}
    assert "Ukrainian President" in roles[B_ID] and "President" in roles[A_ID]
    assert len([m for s in zelensky["sources"] for m in s["mentions"]]) >= 8  # "Zelensky" resolved to him
    kushner = _row(people, name="Jared Kushner")
    assert {s["source"]: s["roles"] for s in kushner["sources"]}[A_ID] == ["son-in-law of former President Donald Trump"]
    assert _sources(_row(people, name="Umerov")) == {B_ID}


def test_numbers_table_normalises_values(example_report):
    numbers = example_report.tables["numbers"]
    hours = _row(numbers, display="5 hours")
    assert (hours["value"], hours["unit"]) == (5.0, "hour") and _sources(hours) == {A_ID, B_ID}
    euros = _row(numbers, unit="EUR")
    assert euros["value"] == 9e10 and _sources(euros) == {A_ID}
    households = _row(numbers, unit="household")
    assert (households["value"], households["qualifier"]) == (1e6, "more_than")


def test_dates_table_resolves_relative_dates_when_the_article_is_dated():
    articles = [
        Article(id="a", text="Talks were held in Berlin on Sunday. They resumed on Monday.", date="2025-12-15"),
        Article(id="b", text="The talks in Berlin on December 14 lasted five hours.", date="2025-12-15"),
    ]
    dates = compare(articles).tables["dates"]
    sunday = _row(dates, value="2025-12-14")
    assert _sources(sunday) == {"a", "b"}
    assert _row(dates, value="2025-12-15")["sources"][0]["text"] == "Monday"


def test_tables_are_in_the_json_text_and_markdown_outputs(example_report):
    data = json.loads(render_compare(example_report, "json"))
    assert data["schema"] == "corroborator.compare/1"
    assert {"quotes", "people", "numbers", "dates"} <= set(data)
    assert data["numbers"] == json.loads(json.dumps(example_report.tables["numbers"]))
    text = render_compare(example_report, "text")
    assert "QUOTES (" in text and "German Chancellor" in text and "more than 1 million households" in text
    markdown = render_compare(example_report, "markdown")
    assert "## Quotes (" in markdown and "| 5 hours |" in markdown


def test_the_tables_group_the_same_articles_alike_in_any_order(shared_data, tmp_path):
    """Greedy grouping depended on the order the files were given: eight reports of one ECB+ event made 59 quote
    rows one way and 58 the other (QA, 2026-11-27)."""
    import json

    from corroborator.ingest import read_paths
    from corroborator.pipeline import analyse_cached
    from corroborator.tables import build_tables

    path = shared_data / "event_clusters" / "ecbplus.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    by_id = {r["id"]: r for r in map(json.loads, path.open(encoding="utf-8"))}
    files = []
    for n, number in enumerate((6, 1, 3, 4, 10, 8, 2, 9)):
        row = by_id[f"ecbplus-19_{number}ecbplus"]
        files.append(tmp_path / f"{n}_{row['id']}.txt")
        files[-1].write_text(f"{row['title']}\n{row['text']}", encoding="utf-8")
    analyses = analyse_cached(read_paths([str(f) for f in files]))

    def grouped(tables):
        return sorted(sorted((s["source"], s["start"], s["end"]) for s in row["sources"]) for row in tables["quotes"])

    assert grouped(build_tables(analyses)) == grouped(build_tables(analyses[::-1]))


def test_the_people_table_holds_no_place_or_clock_time_the_parser_took_for_a_person():
    """QA (session 17, ECB+): "07:37 a. m. UTC" and "Bireun", a town another report names as a place, were listed
    as people."""
    from corroborator.analyse.nlp import load_nlp
    from corroborator.analyse.people import find_people
    from corroborator.model import Analysis, Article, Mention
    from corroborator.tables import build_tables

    nlp = load_nlp()
    assert not [m for m in find_people(nlp("The quake struck at 07:37 a. m. UTC (3:37 a. m. EDT) on Tuesday.")) if any(c.isdigit() for c in m.value)]
    one, two = Article(id="one", text="Rescuers reached Bireun."), Article(id="two", text="Bireun was hit hard.")
    person = Mention(start=16, end=22, text="Bireun", kind="person", value="Bireun", attrs={"surname": "bireun", "role": None, "appositive": None})
    place = Mention(start=0, end=6, text="Bireun", kind="place", value="Bireun", attrs={"label": "GPE"})
    tables = build_tables([Analysis(article=one, sentences=(), claims=(), mentions=(person,)), Analysis(article=two, sentences=(), claims=(), mentions=(place,))])
    assert tables["people"] == []
    alone = build_tables([Analysis(article=one, sentences=(), claims=(), mentions=(person,))])
    assert [row["name"] for row in alone["people"]] == ["Bireun"]  # nothing says it is a place: kept


def test_html_numbers_table_says_a_qualifier_once(example_report):
    # UX review (session 18): "more than more than 1 million households"
    from corroborator.report.html import render_html
    from corroborator.report.json_report import compare_json

    page = render_html(compare_json(example_report))
    assert "more than 1 million households" in page and "more than more than" not in page


def test_bare_figures_come_after_figures_that_say_what_they_count():
    # UX review (session 18): "6", "1", "7", "8" from "6. 1 - magnitude" headed an ECB+ numbers table
    articles = [Article(id=i, text=t) for i, t in (
        ("a", "The 6. 1 quake killed 24 people. Rescuers said 6 teams and 6 dogs searched for 12 hours."),
        ("b", "The 6. 1 quake killed 24 people, and 6 more are missing after 12 hours of searching."))]
    rows = compare(articles).tables["numbers"]
    bare = [not r["unit"] and not any(c.isalpha() for c in r["display"]) for r in rows]
    assert True in bare and False in bare and bare == sorted(bare)


def test_html_quotes_table_calls_a_fragment_an_excerpt_not_partial(example_report):
    # UX review (session 18): "partial" named both a quote's agreement and a fragment of a sentence
    from corroborator.report.html import render_html
    from corroborator.report.json_report import compare_json

    page = render_html(compare_json(example_report))
    assert "(excerpt" in page and "(partial" not in page
    assert "<td>single source</td>" in page and "<td>one source</td>" not in page  # as the verdict chips say


def test_table_rows_a_conflict_sets_against_each_other_say_how_they_differ(example_articles, example_report):
    # UX review (session 18): "5 hours" and "3 hours" were two unrelated one-source rows
    from dataclasses import replace

    from corroborator.report.html import render_html
    from corroborator.report.json_report import compare_json

    assert not any(row.get("differs") for key in ("people", "numbers", "dates") for row in example_report.tables[key])
    edited = [replace(a, text=a.text.replace("five-hour", "three-hour")) if a.id == B_ID else a for a in example_articles]
    report = compare(edited)
    differs = {row["display"]: row.get("differs") for row in report.tables["numbers"]}
    assert differs["5 hours"] == ["5 hours vs 3 hours"] and differs["3 hours"] == ["3 hours vs 5 hours"]
    assert sum(bool(d) for d in differs.values()) == 2
    assert "≠ 5 hours vs 3 hours" in render_compare(report, "text")
    assert '<span class="differs">≠ <bdi>3 hours vs 5 hours</bdi></span>' in render_html(compare_json(report))


def test_text_tables_give_each_wording_of_a_source_once():
    # regression QA (session 18): "Monday | A: ‘Monday’; B: ‘Monday’; B: ‘Monday’"
    articles = [Article(id="a", text="The talks resumed on Monday in Berlin after a five-hour session."),
                Article(id="b", text="The talks resumed on Monday in Berlin. Officials said on Monday they would meet again.")]
    text = render_compare(compare(articles), "text")
    line = next(l for l in text.splitlines() if l.strip().startswith("Monday |"))
    assert line.count("B: ‘Monday’") == 1 and "A: ‘Monday’" in line
