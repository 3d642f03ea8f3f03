"""Stories (issue 16): the article list filtered by story, an article's story set by the
researcher (article metadata, kept in the meta JSONL writes), and the groups
``core.clusters.suggest_stories`` finds accepted. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator import formats
from annotator.core.errors import CorpusError
from annotator.core.model import Status
from annotator.paths import seeds_dir
from annotator.store.corpus import Corpus
from tests.conftest import Peek

FIXTURE = Path(__file__).resolve().parents[2] / "benchmarks/fixtures/demo-entities.jsonl"


def _seeds(corpus: Corpus) -> list[int]:
    report = formats.import_paths(
        corpus, formats.collect([seeds_dir()], "auto"), detect_language=False
    )
    assert report.ok
    return corpus.article_ids()


def _one(corpus: Corpus, tmp: Path, name: str, text: str) -> int:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    before = set(corpus.article_ids())
    assert formats.import_paths(corpus, [path], "txt", detect_language=False).ok
    (new,) = set(corpus.article_ids()) - before
    return new


def test_the_demo_articles_are_one_story_and_the_list_filters_by_it(
    corpus: Corpus, tmp_path: Path
) -> None:
    seeds = _seeds(corpus)
    other = _one(corpus, tmp_path, "rice.txt", "Harga beras naik di Jakarta.\n")
    (story,) = corpus.stories()
    assert story.articles == 5 and story.name.startswith("Putin–Kim call")
    rows = corpus.article_rows("ani", story=story.id)
    assert [r.id for r in rows] == seeds
    assert {r.story_id for r in rows} == {story.id}
    assert corpus.article_row(other, "ani").story_id is None
    assert other in [r.id for r in corpus.article_rows("ani")]
    # with the other filters and a search, a page at a time
    assert [r.id for r in corpus.article_rows("ani", story=story.id, limit=2, offset=2)] == seeds[
        2:4
    ]
    assert [r.id for r in corpus.article_rows("ani", search="beras", story=story.id)] == []
    assert [r.id for r in corpus.article_rows("ani", search="Alaska", story=story.id)] != []
    # with a status: the story's articles walked first, each one's status looked up
    corpus.set_status(seeds[1], "ani", Status.DONE)
    corpus.set_status(other, "ani", Status.DONE)
    done = corpus.article_rows("ani", story=story.id, status=Status.DONE)
    assert [(r.id, r.status) for r in done] == [(seeds[1], Status.DONE)]
    todo = corpus.article_rows("ani", story=story.id, status=Status.TODO)
    assert [r.id for r in todo] == [i for i in seeds if i != seeds[1]]
    assert corpus.article_rows("ani", story=story.id, status=Status.SKIPPED) == []
    assert [r.id for r in corpus.article_rows("ani", status=Status.DONE)] == [seeds[1], other]


def test_set_story_moves_articles_durably_and_jsonl_carries_it(
    corpus: Corpus, corpus_target: str, tmp_path: Path, peek: Peek
) -> None:
    seeds = _seeds(corpus)
    other = _one(corpus, tmp_path, "rice.txt", "Harga beras naik di Jakarta.\n")
    changes = corpus.set_story([other, seeds[0]], "  beras   naik ", "ani")
    assert changes.article_ids == {other, seeds[0]} and changes.event_id is not None
    assert corpus.set_story([other], "beras naik", "ani").article_ids == set()  # there already
    # durable: a second connection sees it, story and meta alike
    with Corpus.open(corpus_target, tooling="tests: a second reader") as second:
        counts = {s.name: s.articles for s in second.stories()}
        assert counts == {"beras naik": 2, corpus.article(seeds[1]).meta["story"]: 4}
        assert second.article(other).meta["story"] == "beras naik"
        assert second.article(other).story_id == second.article(seeds[0]).story_id
    assert peek("SELECT action FROM event WHERE id = ?", (changes.event_id,)) == [("story",)]
    # exported as the record's meta "story", read back into a new corpus
    out = tmp_path / "out.jsonl"
    formats.export(corpus, "jsonl", out)
    stories = {
        json.loads(line)["id"]: json.loads(line)["meta"].get("story")
        for line in out.read_text(encoding="utf-8").splitlines()
    }
    assert stories[corpus.article(other).external_id] == "beras naik"
    with Corpus.open(tmp_path / "back.sqlite3", tooling="tests") as back:
        assert formats.import_paths(back, [out], "jsonl", detect_language=False).ok
        assert {s.name: s.articles for s in back.stories()} == counts
    # out of every story: the meta loses the key
    assert corpus.set_story([other], None, "ani").article_ids == {other}
    assert corpus.article(other).story_id is None and "story" not in corpus.article(other).meta
    (beras,) = [s for s in corpus.stories() if s.name == "beras naik"]
    assert (beras.articles, [r.id for r in corpus.article_rows("ani", story=beras.id)]) == (
        1,
        [seeds[0]],
    )


def test_a_bad_story_change_changes_nothing(corpus: Corpus, tmp_path: Path, peek: Peek) -> None:
    seeds = _seeds(corpus)
    before = peek("SELECT id, story_id, meta FROM article ORDER BY id")
    events = peek("SELECT COUNT(*) FROM event")
    with pytest.raises(CorpusError, match="no article with id 9999"):
        corpus.set_story([seeds[0], 9999], "x", "ani")
    with pytest.raises(CorpusError, match="needs a name"):
        corpus.set_story([seeds[0]], "   ", "ani")
    with pytest.raises(CorpusError, match="at most"):
        corpus.set_story([seeds[0]], "x" * 201, "ani")
    assert peek("SELECT id, story_id, meta FROM article ORDER BY id") == before
    assert peek("SELECT COUNT(*) FROM event") == events
    assert [s.name for s in corpus.stories()] == [corpus.article(seeds[0]).meta["story"]]


def test_suggested_stories_from_the_entities_marked_are_accepted(
    corpus: Corpus, tmp_path: Path
) -> None:
    """The demo articles with their hand-labelled entities and no story: one group of five,
    named from the entities they share; accepting it puts all five in it."""
    assert formats.import_paths(corpus, [FIXTURE], "jsonl", detect_language=False).ok
    rice = _one(corpus, tmp_path, "rice.txt", "Harga beras naik di Jakarta.\n")
    ids = [i for i in corpus.article_ids() if i != rice]
    assert corpus.stories() == []
    (suggestion,) = corpus.story_suggestions()
    assert suggestion.article_ids == tuple(ids) and suggestion.joining == tuple(ids)
    assert not suggestion.existing and "Putin" in suggestion.name
    corpus.set_story(suggestion.joining, suggestion.name, "ani")
    assert corpus.story_suggestions() == []  # all five in it now
    # one of them moved out: the group is suggested again, into the story most of it has
    corpus.set_story([ids[2]], "elsewhere", "ani")
    (again,) = corpus.story_suggestions()
    assert (again.name, again.joining, again.existing) == (suggestion.name, (ids[2],), True)


def test_the_command_line_suggests_applies_and_sets_stories(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from annotator.cli import main

    db = str(tmp_path / "c.sqlite3")
    assert main(["--db", db, "import", str(FIXTURE)]) == 0
    capsys.readouterr()
    assert main(["--db", db, "stories", "suggest"]) == 0
    shown = capsys.readouterr().out
    assert "new story 'Putin, Rusia, Korea Utara': 5 articles" in shown
    assert "nothing changed" in shown
    with Corpus.open(db, tooling="tests") as c:
        assert c.stories() == []
    assert main(["--db", db, "stories", "suggest", "--apply"]) == 0
    assert "5 articles put in their story" in capsys.readouterr().out
    assert main(["--db", db, "stories", "set", "", "001_a3dd190503d8792f"]) == 0
    assert main(["--db", db, "stories", "set", "x", "nope"]) == 1
    assert "no article with the id 'nope'" in capsys.readouterr().err
    assert main(["--db", db, "stories", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == [{"story": "Putin, Rusia, Korea Utara", "articles": 4}]
    assert main(["--db", db, "stories", "suggest", "--json"]) == 0
    (again,) = json.loads(capsys.readouterr().out)
    assert again["existing"] and again["joining"] == ["001_a3dd190503d8792f"]
