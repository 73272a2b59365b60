"""What only the whoosh engine has: files on disk, a pickled schema, segments,
per-thread readers and the caches of its own search."""

import gc
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta

from whoosh import index as whoosh_index
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import TEXT

from consult.search import whoosh_files, whoosh_readers
from consult.search.interfaces import EVERYONE, SearchDocument, SearchQuery
from consult.search.whoosh_index import WhooshIndex

T0 = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)


def doc(id, text, language="ru", **fields):
    return SearchDocument(
        id=id, kind="comment", language=language, title="", text=text, url=f"/c/{id}/", **fields
    )


def test_reopening_after_close_keeps_documents(tmp_path):
    index = WhooshIndex(tmp_path / "whoosh")
    index.add(
        [
            doc("c1", "Гражданское жюри рекомендует принять закон", created=T0),
            doc("c2", "Азаматтар алқасы", language="kk"),
        ]
    )
    index.commit()
    index.close()

    index = WhooshIndex(tmp_path / "whoosh")
    try:
        assert index.count() == 2
        assert [hit.document.id for hit in index.search(SearchQuery("жюри")).hits] == ["c1"]
        assert index.get("c2").text == "Азаматтар алқасы"
        assert index.get("c1").created == T0
        index.remove(["c2"])
        index.commit()
    finally:
        index.close()

    index = WhooshIndex(tmp_path / "whoosh")
    try:
        assert index.count() == 1
        assert index.get("c2") is None
    finally:
        index.close()


def test_the_schema_pickles_and_opens_in_plain_whoosh(tmp_path):
    """Whoosh pickles the schema into the TOC: it must hold no analyzer of
    ours, so plain `open_dir` in a fresh process-like state can read it."""
    index = WhooshIndex(tmp_path / "whoosh")
    index.add([doc("c1", "Петиция о парке")])
    index.commit()
    index.close()

    raw = whoosh_index.open_dir(str(tmp_path / "whoosh"))
    try:
        assert raw.doc_count() == 1
        assert "terms" in raw.schema and "doc" in raw.schema
        with raw.searcher() as searcher:
            assert searcher.document(id="c1")["id"] == "c1"
            assert "петиц" in [term.decode() for term in searcher.lexicon("terms")]
    finally:
        raw.close()

    # A fresh interpreter that never imported consult unpickles it too.
    script = (
        "import sys, whoosh.index as i; ix = i.open_dir(sys.argv[1]); "
        "assert 'consult' not in sys.modules; print(ix.doc_count()); ix.close()"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "whoosh")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "1"


def test_commits_do_not_merge_and_optimize_does(tmp_path):
    index = WhooshIndex(tmp_path / "whoosh")
    try:
        for i in range(4):
            index.add([doc(f"c{i}", f"Консультация номер {i}")])
            index.commit()
        assert len(index._index._segments()) == 4
        index.optimize()
        assert len(index._index._segments()) == 1
        assert index.search(SearchQuery("консультация")).total == 4
    finally:
        index.close()


def test_clear_removes_every_segment(tmp_path):
    index = WhooshIndex(tmp_path / "whoosh")
    try:
        index.add([doc("c1", "Петиция")])
        index.commit()
        index.clear()
        assert index.count() == 0
        assert index.search(SearchQuery("петиция")).total == 0
    finally:
        index.close()


def ids(result):
    return [hit.document.id for hit in result.hits]


def everything(index, text, **query):
    """(total, ids, scores, facets) of a query, every hit on one page."""
    result = index.search(SearchQuery(text, per_page=1000, **query))
    return result.total, ids(result), [hit.score for hit in result.hits], result.facets


def test_a_search_after_a_commit_sees_the_change(tmp_path):
    """The thread's readers are kept between searches and re-opened when the
    index changed: new, updated and removed documents are seen at once, and
    an updated document is found once (whoosh-reloaded's Searcher.refresh
    would keep its old version too)."""
    index = WhooshIndex(tmp_path / "whoosh")
    try:
        index.add([doc("c1", "Петиция о парке")])
        index.commit()
        assert ids(index.search(SearchQuery("петиция"))) == ["c1"]
        state = index._readers._local.state
        assert ids(index.search(SearchQuery("петиция"))) == ["c1"]
        assert index._readers._local.state is state  # nothing changed: the same readers

        index.add([doc("c2", "Петиция о дорогах")])
        index.commit()
        assert sorted(ids(index.search(SearchQuery("петиция")))) == ["c1", "c2"]
        assert index._readers._local.state is not state
        assert index.count() == 2

        index.add([doc("c1", "Жалоба о парке")])  # an update deletes the old version
        index.commit()
        assert ids(index.search(SearchQuery("петиция"))) == ["c2"]
        assert ids(index.search(SearchQuery("парк"))) == ["c1"]
        assert index.get("c1").text == "Жалоба о парке"
        assert index.count() == 2

        index.remove(["c2"])
        index.commit()
        assert index.search(SearchQuery("петиция")).total == 0
        assert index.get("c2") is None
        assert index.count() == 1
    finally:
        index.close()


def test_another_instance_sees_commits(tmp_path):
    """A second WhooshIndex on the same directory (another process, say)
    sees what the first one commits, with its caches warm before."""
    writer = WhooshIndex(tmp_path / "whoosh")
    reader = WhooshIndex(tmp_path / "whoosh")
    try:
        writer.add([doc("c1", "Петиция о парке")])
        writer.commit()
        assert ids(reader.search(SearchQuery("петиция"))) == ["c1"]
        writer.add([doc("c2", "Петиция о дорогах")])
        writer.remove(["c1"])
        writer.commit()
        assert ids(reader.search(SearchQuery("петиция"))) == ["c2"]
    finally:
        reader.close()
        writer.close()


def test_each_thread_has_its_own_readers(tmp_path):
    index = WhooshIndex(tmp_path / "whoosh")
    try:
        index.add([doc("c1", "Петиция о парке")])
        index.commit()
        assert index.search(SearchQuery("петиция")).total == 1
        seen = {}

        def search():
            seen["total"] = index.search(SearchQuery("петиция")).total
            seen["state"] = index._readers._local.state

        thread = threading.Thread(target=search)
        thread.start()
        thread.join()
        assert seen["total"] == 1
        assert seen["state"] is not index._readers._local.state
        assert seen["state"].generation == index._readers._local.state.generation
        # When the thread is gone and its state with it, its readers are closed.
        finalizer = seen.pop("state").finalizer
        gc.collect()
        assert not finalizer.alive
        assert index._readers._local.state.finalizer.alive
    finally:
        index.close()


def test_searches_in_threads_while_one_thread_commits(tmp_path):
    index = WhooshIndex(tmp_path / "whoosh")
    errors, totals = [], []
    stop = threading.Event()
    try:
        index.add([doc("c0", "Консультация номер 0")])
        index.commit()

        def search():
            try:
                last = 0
                while not stop.is_set():
                    total = index.search(SearchQuery("консультация")).total
                    assert total >= last  # documents are only added
                    last = total
                totals.append(last)
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)

        threads = [threading.Thread(target=search) for _ in range(3)]
        for thread in threads:
            thread.start()
        for i in range(1, 30):
            index.add([doc(f"c{i}", f"Консультация номер {i}")])
            index.commit()
            if i == 20:
                index.maintain(max_segments=4)
        stop.set()
        for thread in threads:
            thread.join()
        assert errors == []
        assert index.search(SearchQuery("консультация")).total == 30
        assert index.count() == 30
    finally:
        stop.set()
        index.close()


def test_maintain_merges_the_smallest_segments_and_keeps_results(tmp_path):
    index = WhooshIndex(tmp_path / "whoosh")
    try:
        index.add(
            [
                doc(
                    f"big{i}",
                    f"Консультация о бюджете {i} " + "и парке " * (i % 3),
                    created=T0 + timedelta(hours=i),
                    stance=("for", "against", "")[i % 3],
                )
                for i in range(40)
            ]
        )
        index.commit()
        for i in range(9):
            index.add([doc(f"c{i}", f"Консультация о парке {i}", created=T0 + timedelta(days=i))])
            index.commit()
        index.remove(["big3", "c4"])
        index.commit()
        assert index.segment_count() == 10
        queries = [
            ("консультация", {}),
            ("парк", {}),
            ("консультация парк", {}),
            ("консультация", {"sort": "date"}),
            ("консультация", {"filters": {"stance": "for"}}),
        ]
        before = [everything(index, text, **query) for text, query in queries]
        assert before[0][0] == 47

        assert index.maintain(max_segments=10) is False  # not more than 10
        assert index.maintain(max_segments=4) is True
        assert index.segment_count() == 4
        # A merge drops deleted documents, which changes whoosh's idf a little:
        # the same documents, in the same order, with the same facets.
        unscored = [(total, found, facets) for total, found, _, facets in before]
        merged = [everything(index, text, **query) for text, query in queries]
        assert [(total, found, facets) for total, found, _, facets in merged] == unscored
        assert index.maintain(max_segments=4) is False

        # No more than max_documents at once: the big segment is left alone.
        assert index.maintain(max_segments=1, max_documents=20) is True
        assert index.segment_count() == 2
        assert index.maintain(max_segments=1, max_documents=20) is False
        merged = [everything(index, text, **query) for text, query in queries]
        assert [(total, found, facets) for total, found, _, facets in merged] == unscored

        index.optimize()
        assert index.segment_count() == 1
        optimized = [everything(index, text, **query) for text, query in queries]
        assert [(total, found, facets) for total, found, _, facets in optimized] == unscored
    finally:
        index.close()


def test_the_anonymous_filter_is_computed_once_per_segment(tmp_path):
    index = WhooshIndex(tmp_path / "whoosh")
    try:
        for i in range(3):
            index.add(
                [
                    doc(f"c{i}", "Петиция о парке"),
                    doc(f"h{i}", "Петиция о парке", visible_to=("role:moderator",)),
                ]
            )
            index.commit()
        for text in ("петиция", "парк", "петиция парк", "петиция"):
            assert index.search(SearchQuery(text)).total == 3
        assert len(index._readers._filters) == 3
        moderator = SearchQuery("петиция", principals=(EVERYONE, "role:moderator"))
        assert index.search(moderator).total == 6
        assert len(index._readers._filters) == 6
        index.remove(["c0"])  # new deletions in a segment: its filter is computed anew
        index.commit()
        assert index.search(SearchQuery("петиция")).total == 2
        assert index.search(moderator).total == 5
    finally:
        index.close()


def test_caches_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(whoosh_readers, "POSTINGS_CACHE", 50)
    index = WhooshIndex(tmp_path / "whoosh")
    try:
        index.add([doc(f"c{i}", f"Петиция номер {i} о парке") for i in range(40)])
        index.commit()
        for text in ("петиция", "парк", "номер"):
            assert index.search(SearchQuery(text)).total == 40
        assert index._readers._postings.size <= 50
        assert len(index._readers._postings) == 1
    finally:
        index.close()


def test_an_index_with_positions_still_works(tmp_path):
    """Indexes made before `terms` dropped positions are searched the same."""
    old = whoosh_files.schema()
    old.remove("terms")
    old.add("terms", TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=True))
    (tmp_path / "whoosh").mkdir()
    whoosh_index.create_in(str(tmp_path / "whoosh"), old).close()
    index = WhooshIndex(tmp_path / "whoosh")
    try:
        assert type(index._index.schema["terms"].format).__name__ == "Positions"
        assert type(whoosh_files.schema()["terms"].format).__name__ == "Frequency"
        index.add([doc("c1", "Петиция о петиции парке"), doc("c2", "Петиция о дорогах")])
        index.commit()
        result = index.search(SearchQuery("петиция"))
        assert ids(result) == ["c1", "c2"]
        assert result.hits[0].score > result.hits[1].score
    finally:
        index.close()


def test_a_filter_on_the_empty_value_matches_documents_without_one(tmp_path):
    """As engine.accepts (and the other engines) do."""
    index = WhooshIndex(tmp_path / "whoosh")
    try:
        index.add([doc("c1", "Петиция", stance="for"), doc("c2", "Петиция")])
        index.commit()
        assert ids(index.search(SearchQuery("петиция", filters={"stance": ""}))) == ["c2"]
        assert ids(index.search(SearchQuery("петиция", filters={"stance": "for"}))) == ["c1"]
        assert index.search(SearchQuery("петиция", filters={"stance": 1})).total == 0
        assert isinstance(index._index.storage, whoosh_files.MappedStorage)
    finally:
        index.close()


def test_a_document_without_terms(tmp_path):
    """A document whose text has no word has no field length in whoosh."""
    index = WhooshIndex(tmp_path / "whoosh")
    try:
        index.add([doc("empty", "!!!"), doc("c1", "Петиция о парке", stance="for")])
        index.commit()
        assert ids(index.search(SearchQuery("петиция"))) == ["c1"]
        assert index.get("empty").text == "!!!"
        assert index.count() == 2
    finally:
        index.close()
