"""``corroborator brief``: what a story's independent sources agree on and where they differ, every line cited."""

from __future__ import annotations

import dataclasses
import json

import pytest
from typer.testing import CliRunner

from corroborator.brief import brief
from corroborator.cli import app
from corroborator.model import Article
from corroborator.pipeline import compare

from stories_data import WIRE, wire_copies

runner = CliRunner()


def _assert_cited(result, articles):
    texts = {a.id: a.text for a in articles}
    for line in result.lines:
        assert line.citations[0].text == line.text  # a line is a source's own sentence
        for c in line.citations:
            assert texts[c.source][c.start : c.end] == c.text


def test_the_example_brief_lists_what_both_reports_carry_each_line_cited(example_articles, example_report):
    result = brief(example_report)
    _assert_cited(result, example_articles)
    assert result.independent_sources == 2 and result.single_source_claims > 0
    assert [line.kind for line in result.lines] == ["agreed"] * 6 and all(line.sources == 2 for line in result.lines)
    said = " ".join(line.text for line in result.lines)
    assert "five-hour" in said and "Merz" in said and "compromise on our part" in said
    own = [(line.citations[0].source, line.citations[0].start) for line in result.lines]
    assert len(set(own)) == len(own)


def test_a_changed_figure_is_a_disputed_line_citing_both_statements(example_articles):
    edited = [a if a.id.startswith("000") else dataclasses.replace(a, text=a.text.replace("five-hour meeting", "three-hour meeting"))
              for a in example_articles]
    result = brief(compare(edited))
    _assert_cited(result, edited)
    (line,) = [line for line in result.lines if line.kind == "disputed" and line.conflict == "number"]
    assert line.detail == "3 hours vs 5 hours" or line.detail == "5 hours vs 3 hours"
    assert {c.source for c in line.citations} == {a.id for a in edited}
    assert any("three-hour" in c.text for c in line.citations) and any("five-hour" in c.text for c in line.citations)


def test_copies_of_one_wire_story_are_one_source():
    copies = [Article(id=r["id"], text=r["text"]) for r in wire_copies()]
    other = Article(id="local", text="Interior minister Carolina Toha said 41 people had died and more than 300 were injured. "
                                      "Schools in the port city stayed closed on Tuesday.")
    result = brief(compare([*copies, other], reprints={a.id: "wire-ap" for a in copies}))
    assert result.independent_sources == 2
    agreed = [line for line in result.lines if line.kind == "agreed"]
    assert agreed and all(line.sources == 2 for line in agreed)
    assert all(any(c.source == "local" for c in line.citations) for line in agreed)  # never the copies alone
    assert not any("navy sent two ships" in line.text for line in result.lines)  # carried by the copies only


def test_brief_cli_on_a_story_and_on_files(tmp_path, example_articles):
    path = tmp_path / "wire.jsonl"
    rows = [*wire_copies(), {"id": "local", "text": "Rescuers in Valparaiso worked through the night on Monday to reach "
                                                    "people trapped under collapsed apartment blocks, officials said."}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'c.db'}"
    assert runner.invoke(app, ["ingest", str(path), "--store", url, "-q"]).exit_code == 0
    stories = json.loads(runner.invoke(app, ["stories", "--store", url, "--format", "json"]).stdout)["stories"]
    story = next(s["id"] for s in stories if "local" in s["articles"])
    result = runner.invoke(app, ["brief", "--store", url, "--story", story, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "corroborator.brief/1" and data["story"] == story and data["independent_sources"] == 2
    for line in data["lines"]:
        assert line["citations"] and all(c["text"] for c in line["citations"])
    out = tmp_path / "brief.md"
    paths = [a.path for a in example_articles]
    assert runner.invoke(app, ["brief", *paths, "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# Ukraine ceasefire talks")
    refused = runner.invoke(app, ["brief", *paths, "--format", "html"])
    assert refused.exit_code == 2 and "not html" in refused.stderr
    nothing = runner.invoke(app, ["brief"])
    assert nothing.exit_code == 2 and nothing.stderr.startswith("corroborator: error: brief needs article files")


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script> `code` *bold*", "line\x1b[31m red"])
def test_brief_text_and_markdown_show_article_text_as_data(hostile):
    from corroborator.report.brief import brief_text

    shared = f"{hostile} and the council met."
    a = Article(id="a", text=f"The council approved the budget on Monday, officials said. {shared}")
    b = Article(id="b", text=f"Officials said the council approved the budget on Monday. {shared}")
    result = brief(compare([a, b]), agreed=6)
    assert any(hostile in line.text for line in result.lines)  # the line is in the brief, shown as data
    markdown, text = brief_text(result, markdown=True), brief_text(result)
    assert "<script>" not in markdown and "\x1b" not in text and "\x1b" not in markdown


def test_the_summary_line_counts_copies_of_one_wire_story_once():
    from corroborator.report.labels import summary_line

    copies = [Article(id=r["id"], text=r["text"]) for r in wire_copies()]
    other = Article(id="local", text="Interior minister Carolina Toha said 41 people had died. Schools stayed closed.")
    report = compare([*copies, other], reprints={a.id: "wire-ap" for a in copies})
    line = summary_line(report)
    assert "(= B, C)" in line and line.count("only in") == 2, line
    alone = sum(v.verdict == "single_source" for v in report.claims_of("wire-ap"))
    assert f"{alone} only in A (= B, C)" in line


def test_a_dispute_inside_a_clause_reaches_the_brief_with_both_sides_shown():
    from corroborator.report.brief import brief_text

    a = Article(id="a", text="A fire broke out at the old mill on Monday, and firefighters fought it for five hours.")
    b = Article(id="b", text="A fire broke out at the old mill on Monday, and firefighters fought it for three hours.")
    result = brief(compare([a, b]))
    (line,) = [line for line in result.lines if line.kind == "disputed"]
    assert line.conflict == "number" and "hours" in (line.detail or "")
    text = brief_text(result)
    assert "b says: firefighters fought it for three hours" in text


def test_a_line_cites_one_copy_of_a_wire_story_the_first():
    # QA (session 18): lines cited every copy of a wire story, 10 sources cited for "sources=8"
    copies = [Article(id=r["id"], text=r["text"]) for r in wire_copies()]
    locals_ = [Article(id="local", text="Interior minister Carolina Toha said 41 people had died and more than 300 were injured."),
               Article(id="local2", text="Officials said 41 people had died and more than 300 were injured in the port city.")]
    result = brief(compare([*copies, *locals_], reprints={a.id: "wire-ap" for a in copies}))
    cited = [[c.source for c in line.citations] for line in result.lines]
    assert cited and all(len(set(sources)) == line.sources for sources, line in zip(cited, result.lines))
    assert not any(s.startswith("wire-copy") for sources in cited for s in sources)


def test_copies_of_a_story_give_each_line_once_and_count_their_claims_once():
    copies = [Article(id=r["id"], text=r["text"]) for r in wire_copies()]
    other = Article(id="local", text=WIRE.replace("41 people had died", "43 people had died"))
    report = compare([*copies, other], reprints={a.id: "wire-ap" for a in copies})
    result = brief(report, agreed=20, disputed=20)
    texts = [line.text for line in result.lines]
    assert len(texts) == len(set(texts)) and all(c.source in ("wire-ap", "local") for line in result.lines for c in line.citations[:1])
    assert result.single_source_claims == sum(v.verdict == "single_source" for v in report.claims_of("wire-ap")
                                              if v.claim.kind == "statement")


def test_brief_json_carries_the_texts_its_offsets_point_into_and_markdown_shows_text_as_written(example_articles):
    from corroborator.report.brief import brief_json, brief_text

    result = brief(compare(example_articles))
    data = brief_json(result, None, example_articles)
    texts = {s["id"]: s["text"] for s in data["sources"]}
    assert all(texts[c["source"]][c["start"] : c["end"]] == c["text"] for line in data["lines"] for c in line["citations"])
    a = Article(id="a", text="The mayor said the plan was ~~not~~ approved by Smith &amp; Sons on Monday.")
    b = Article(id="b", text="On Monday the mayor said the plan was ~~not~~ approved by Smith &amp; Sons.")
    markdown = brief_text(brief(compare([a, b])), markdown=True)
    assert "\\~\\~not\\~\\~" in markdown and "\\&amp;" in markdown
    assert brief_text(brief(compare([a, b]), agreed=0, disputed=0), asked=False).rstrip().endswith("(--agreed 0 --disputed 0).")


def test_near_copies_given_as_files_are_one_source_in_a_brief(example_articles, tmp_path):
    a, b = example_articles
    copy = tmp_path / "copy.txt"
    copy.write_text(a.text.replace("five-hour", "five hour"), encoding="utf-8")
    result = runner.invoke(app, ["brief", a.path, str(copy), b.path, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["sources"]) == 3 and data["independent_sources"] == 2


def test_headlines_datelines_and_the_writers_own_voice_are_no_brief_lines():
    # QA (session 18): a headline agreed by 21 sources, "May 2, 2013 | 5: 03pm" by 10, and a blogger's "I thought"
    head = "Lindsay Lohan Checks Into Malibu Rehab Center After Court Hearing\n"
    body = "Lindsay Lohan checked into a rehab facility in Malibu on Thursday, her lawyer said in court."
    blog = (" Honestly, I never thought she would go back to rehab this year at all."  # the writer's voice
            " It seems Lindsay Lohan has had enough of New York attorney Mark Jay Heller."
            ' "Nothing bad is going to happen to her there, believe me. "')  # a quote that names no speaker
    articles = [Article(id="a", text=head + "May 2, 2013 | 5: 03pm\n" + body + blog + "\nLohan Checks Out Of Rehab..."),
                Article(id="b", text=head + "Updated 4:08 p. m. ET\n" + body + blog + " The judge agreed.\nLohan Checks Out Of Rehab...")]
    result = brief(compare(articles))
    assert [line.text for line in result.lines] == [body]
    assert result.title == head.strip()  # untitled articles: the first line, as `stories` names the story


def test_a_dispute_is_between_written_out_sentences_not_headlines():
    # QA (session 18): "Wladimir Klitschko retains belts" (a headline, no full stop) led a brief's disputes
    def report(headline: str, rounds: str) -> str:
        return (f"{headline}\n"
                f"Wladimir Klitschko stopped Tony Thompson in the {rounds} round in Bern on Saturday to keep his titles.")
    result = brief(compare([Article(id="a", text=report("Klitschko stops Thompson in sixth round", "sixth")),
                            Article(id="b", text=report("Klitschko keeps his titles in Bern", "seventh"))]))
    disputed = [line for line in result.lines if line.kind == "disputed"]
    assert disputed and all(line.text.endswith(".") for line in disputed)


def test_a_dispute_sets_two_tellings_of_one_statement_against_each_other():
    # QA (session 18): 13 of 24 disputes set different facts of one type against each other
    late = ("Andrew Luck threw for 205 yards, and his 7-yard touchdown pass to Reggie Wayne on third-and-goal late in "
            "the fourth quarter gave the Colts a 20-13 victory over the Kansas City Chiefs.")
    other_play = ("Defensively, the Colts forced three turnovers, with inside linebacker Pat Angerer causing a fumble in the "
                  "first half. Cornerback Vontae Davis recorded his first interception in a Colts uniform in the third "
                  "quarter, thwarting another Chiefs drive in Indianapolis territory.")
    told_twice = ("Cornerback Vontae Davis recorded his first interception in a Colts uniform in the fourth quarter, "
                  "thwarting another Chiefs drive in Indianapolis territory.")
    lines = brief(compare([Article(id="a", text=late), Article(id="b", text=other_play)])).lines
    assert not [line for line in lines if line.kind == "disputed"]
    lines = brief(compare([Article(id="a", text=told_twice), Article(id="b", text=other_play)])).lines
    assert [line.detail for line in lines if line.kind == "disputed"] == ["4th quarter vs 3rd quarter"]


def test_a_line_whose_evidence_holds_a_line_already_given_is_not_repeated():
    from corroborator.brief import Citation, _within_any

    given = [Citation("a", 59, 120, "x" * 61)]
    assert _within_any(given, Citation("a", 59, 313, "y" * 254))  # the QA's Doctor Who line, 6ecb 59-313
    assert not _within_any(given, Citation("a", 100, 313, "y" * 213)) and not _within_any(given, Citation("b", 0, 400, ""))


@pytest.mark.parametrize("sentence, own_voice", [
    ("Honestly, I never thought she would go back to rehab this year.", True),
    ("We were told to leave the camp, the refugees said.", True),
    ("World War I veterans gathered in the town on Sunday.", False),  # a numeral, not the writer
    ("US officials said the talks in Berlin went well on Sunday.", False),
])
def test_the_writers_own_voice_is_told_from_a_numeral_and_from_us(sentence, own_voice):
    from corroborator.brief import _in_own_voice

    assert _in_own_voice(sentence) is own_voice
