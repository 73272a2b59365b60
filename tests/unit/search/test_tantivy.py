"""Tantivy-specific behaviour; the shared behaviour is in test_contract.py."""

from datetime import UTC, datetime, timedelta

import pytest

from consult.search import analysis
from consult.search.backends import load_index
from consult.search.interfaces import EVERYONE, SearchDocument, SearchQuery
from consult.search.tantivy_index import TantivyIndex, dump_document, load_document

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def doc(number, text="Салық туралы заң", language="kk", **fields):
    fields.setdefault("created", T0 + timedelta(minutes=number))
    return SearchDocument(
        id=f"comment:tax:{number}",
        kind=fields.pop("kind", "comment"),
        language=language,
        title=fields.pop("title", ""),
        text=text,
        url=f"/consultations/tax/#comment-{number}",
        consultation=fields.pop("consultation", "tax"),
        **fields,
    )


@pytest.fixture
def index(tmp_path):
    index = TantivyIndex(str(tmp_path / "index"))
    yield index
    index.close()


def test_load_index_by_short_name(tmp_path):
    index = load_index("tantivy", str(tmp_path / "index"))
    try:
        assert isinstance(index, TantivyIndex)
        assert index.path == str(tmp_path / "index")
    finally:
        index.close()


def test_in_memory_when_no_path():
    index = TantivyIndex(None)
    index.add([doc(1)])
    index.commit()
    assert index.count() == 1
    index.close()


def test_document_json_round_trip():
    original = doc(
        1,
        author="Айгүл",
        stance="support",
        stage="1",
        article="3",
        visible_to=(EVERYONE, "group:moderators"),
        created=datetime(2026, 3, 2, 9, 0, 0, 123456, tzinfo=UTC),
    )
    assert load_document(dump_document(original)) == original
    assert load_document(dump_document(doc(2, created=None))).created is None


def test_stems_with_kazakh_letters_and_digits_survive_tokenization(index):
    text = (
        "ҚАЗАҚСТАН Республикасының 2024жылғы №15ҚР заңының 5-бабы; "
        "өңір3 Ұлттық ҮКІМЕТ ғылым һәм іс-шара азамат'тың "
        "мемлекеттiкмекемелердiңжауапкершiлiгiнарттырутуралыұсыныстар"
    )
    index.add([doc(1, text=text)])
    index.commit()
    searcher = index._index.searcher()
    stems = analysis.analyze(" " + text, "kk")
    assert any(len(stem) > 40 for stem in stems)  # the "default" tokenizer would drop it
    assert any(
        any(c.isdigit() for c in stem) and any(c in "ңқөұүһі" for c in stem) for stem in stems
    ), stems
    for stem in stems:  # every stem is one term, exactly as the analyzer made it
        assert searcher.doc_freq("body", stem) == 1, stem
    for word in (
        "ҚАЗАҚСТАН",
        "2024жылғы",
        "15ҚР",
        "өңір3",
        "Ұлттық",
        "ҮКІМЕТ",
        "һәм",
        "шара",
        "азамат'тың",
    ):
        assert index.search(SearchQuery(text=word)).total == 1, word
    # Two stems written together are not either of them.
    assert index.search(SearchQuery(text="қазақстанреспубликасының")).total == 0


def test_any_stem_is_one_term_verbatim(index, monkeypatch):
    """Whatever the analyzer makes of a word, tantivy must not lowercase,
    split, fold or drop it (the whitespace tokenizer only splits on spaces)."""
    stems = [
        "өңір_3",
        "ҚР15",
        "2024ж",
        "азамат'тың",
        "a.b",
        "x-y",
        "Ünïcödé",
        "ǆ",
        "ﬁ",
        "ş" * 70,
        "ёлка",
        "і̇",
    ]
    monkeypatch.setattr("consult.search.tantivy_index.stems_of", lambda document: " ".join(stems))
    index.add([doc(1)])
    index.commit()
    searcher = index._index.searcher()
    for stem in stems:
        assert searcher.doc_freq("body", stem) == 1, stem
    for near in ("өңір", "3", "қр15", "a", "b", "ünïcödé", "fi", "елка"):
        assert searcher.doc_freq("body", near) == 0, near


def test_query_syntax_is_just_text(index):
    index.add([doc(1, text="title AND body OR (nothing)")])
    index.commit()
    for text in ('title:"x', "AND OR NOT", "(((", "body:[a TO", "-nothing +x*", "a~2 ^3"):
        index.search(SearchQuery(text=text))  # never a syntax error
    assert index.search(SearchQuery(text='title:"(nothing')).total == 1


def test_reopen_after_close_keeps_documents(tmp_path):
    path = str(tmp_path / "index")
    first = TantivyIndex(path)
    first.add([doc(1), doc(2, text="Законы о налогах", language="ru")])
    first.commit()
    first.add([doc(3)])  # staged, never committed
    first.close()
    second = TantivyIndex(path)
    try:
        assert second.count() == 2
        assert second.get("comment:tax:2") == doc(2, text="Законы о налогах", language="ru")
        assert second.get("comment:tax:3") is None
        assert second.search(SearchQuery(text="налог")).total == 1
    finally:
        second.close()


def test_the_directory_lock_is_released(tmp_path):
    path = str(tmp_path / "index")
    first = TantivyIndex(path)
    first.add([doc(1)])
    first.commit()
    # Between commits no writer holds the lock: another index on the same
    # directory (another process, the CLI) can write.
    other = TantivyIndex(path)
    other.add([doc(2)])
    other.commit()
    other.close()
    first.add([doc(3)])
    first.commit()
    first.close()
    again = TantivyIndex(path)
    try:
        again.add([doc(4)])
        again.commit()
        assert again.count() == 4
    finally:
        again.close()


def test_a_failed_commit_releases_the_lock(tmp_path, monkeypatch):
    path = str(tmp_path / "index")
    index = TantivyIndex(path)
    index.add([doc(1)])
    index.commit()

    def broken(document):
        raise RuntimeError("boom")

    monkeypatch.setattr(index, "_tantivy_document", broken)
    index.add([doc(2)])
    with pytest.raises(RuntimeError):
        index.commit()
    monkeypatch.undo()
    assert index.count() == 1
    index.add([doc(3)])
    index.commit()
    assert index.count() == 2
    index.close()


def test_replacing_does_not_leave_deleted_documents_in_counts_or_facets(index):
    index.add([doc(n, stance="support") for n in range(5)])
    index.commit()
    index.add([doc(n, stance="oppose") for n in range(3)])
    index.remove(["comment:tax:4", "unknown"])
    index.commit()
    result = index.search(SearchQuery(text="заң"))
    assert index.count() == result.total == 4
    assert result.facets["stance"] == {"oppose": 3, "support": 1}
    assert result.facets["kind"] == {"comment": 4}


def test_staged_add_then_remove_in_one_commit(index):
    index.add([doc(1)])
    index.remove(["comment:tax:1"])
    index.add([doc(2)])
    index.add([doc(2, text="Законы", language="ru")])
    index.commit()
    assert index.get("comment:tax:1") is None
    assert index.get("comment:tax:2").text == "Законы"
    assert index.count() == 1


def test_date_sort_and_range_keep_microseconds(index):
    base = T0.replace(microsecond=500)
    index.add(
        [doc(n, created=base + timedelta(microseconds=n)) for n in range(4)]
        + [doc(9, created=None)]
    )
    index.commit()
    result = index.search(SearchQuery(text="заң", sort="date", per_page=10))
    assert [h.document.id[-1] for h in result.hits] == ["3", "2", "1", "0", "9"]
    since = index.search(SearchQuery(text="заң", since=base + timedelta(microseconds=2)))
    assert sorted(h.document.id for h in since.hits) == ["comment:tax:2", "comment:tax:3"]
    until = index.search(SearchQuery(text="заң", until=base + timedelta(microseconds=1)))
    assert {h.document.id for h in until.hits} <= {"comment:tax:0", "comment:tax:1"}


def test_facets_count_every_match_not_one_page(index):
    index.add(
        [
            doc(n, kind="comment" if n % 3 else "question", consultation=f"c{n % 2}")
            for n in range(250)
        ]
    )
    index.commit()
    result = index.search(SearchQuery(text="заң", per_page=7, page=3))
    assert result.total == 250
    assert len(result.hits) == 7
    assert result.facets["kind"] == {"comment": 166, "question": 84}
    assert result.facets["consultation"] == {"c0": 125, "c1": 125}
    past_the_end = index.search(SearchQuery(text="заң", per_page=100, page=4))
    assert past_the_end.total == 250 and past_the_end.hits == []


def test_closed_index_refuses_work(tmp_path):
    index = TantivyIndex(str(tmp_path / "index"))
    index.close()
    with pytest.raises(RuntimeError):
        index.search(SearchQuery(text="заң"))


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_ties_are_ordered_by_id_like_every_engine(tmp_path, sort):
    """Tantivy breaks ties by segment and position; the shared order
    (engine.order) breaks them by id, and pages must agree with it."""
    documents = [
        doc(
            n,
            text="Салық туралы заң" + " заң" * (n % 2),
            title="",
            created=None if n % 5 == 0 else T0 + timedelta(hours=n % 3),
        )
        for n in range(40)
    ]
    index = TantivyIndex(str(tmp_path / "index"))
    memory = load_index("memory")
    try:
        for chunk in (documents[30:], documents[:10], documents[10:30]):  # three segments
            index.add(chunk)
            index.commit()
        memory.add(documents)
        memory.commit()
        for per_page in (1, 3, 7, 40):
            pages = [
                index.search(SearchQuery(text="заң", sort=sort, page=page, per_page=per_page))
                for page in range(1, 40 // per_page + 2)
            ]
            got = [hit.document.id for result in pages for hit in result.hits]
            assert len(got) == 40
            if sort == "date":
                expected = [
                    hit.document.id
                    for hit in memory.search(SearchQuery(text="заң", sort=sort, per_page=40)).hits
                ]
                assert got == expected, per_page
            else:  # scores differ between engines; ties within ours go by id
                scored = [(hit.score, hit.document.id) for result in pages for hit in result.hits]
                assert scored == sorted(scored, key=lambda pair: (-pair[0], pair[1]))
    finally:
        index.close()
        memory.close()


def test_unknown_sort_filter_or_facet_is_refused(index):
    for query in (
        SearchQuery(text="заң", sort="title"),
        SearchQuery(text="заң", filters={"author": "x"}),
        SearchQuery(text="заң", facets=("author",)),
    ):
        with pytest.raises(ValueError):
            index.search(query)


def test_facets_on_any_filter_field_and_an_empty_filter_value(index):
    index.add([doc(1, article="3"), doc(2, article="3"), doc(3)])
    index.commit()
    result = index.search(SearchQuery(text="заң", facets=("article", "state")))
    assert result.facets == {"article": {"3": 2}, "state": {"published": 3}}
    assert [
        h.document.id for h in index.search(SearchQuery(text="заң", filters={"article": ""})).hits
    ] == ["comment:tax:3"]


def test_a_schema_from_another_version_is_reported(tmp_path):
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body")
    tantivy.Index(builder.build(), path=str(tmp_path))
    with pytest.raises(ValueError, match="reindex"):
        TantivyIndex(str(tmp_path))
