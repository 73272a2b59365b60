"""What only the whoosh engine has: files on disk, a pickled schema, segments."""
import subprocess
import sys
from datetime import datetime, timezone

from whoosh import index as whoosh_index

from consult.search.interfaces import SearchDocument, SearchQuery
from consult.search.whoosh_index import WhooshIndex

T0 = datetime(2025, 5, 1, 12, 0, tzinfo=timezone.utc)


def doc(id, text, language="ru", **fields):
    return SearchDocument(id=id, kind="comment", language=language, title="", text=text,
                          url=f"/c/{id}/", **fields)


def test_reopening_after_close_keeps_documents(tmp_path):
    index = WhooshIndex(tmp_path / "whoosh")
    index.add([doc("c1", "Гражданское жюри рекомендует принять закон", created=T0),
               doc("c2", "Азаматтар алқасы", language="kk")])
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
    script = ("import sys, whoosh.index as i; ix = i.open_dir(sys.argv[1]); "
              "assert 'consult' not in sys.modules; print(ix.doc_count()); ix.close()")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "whoosh")],
                          capture_output=True, text=True, check=True)
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
