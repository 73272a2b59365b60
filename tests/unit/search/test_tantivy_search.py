"""How a tantivy search bounds its work (consult.search.tantivy_search): the
facet counts come from the engine and equal a count over every matching
document, stored documents are read and decoded only around the page shown,
and snippets are built only for the hits shown. On a real index on disk."""

from datetime import UTC, datetime, timedelta

import pytest

from consult.search import analysis, engine, tantivy_index, tantivy_search
from consult.search.interfaces import EVERYONE, FILTER_FIELDS, SearchDocument, SearchQuery
from consult.search.tantivy_index import TantivyIndex

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TEXTS = (
    ("Салық туралы заң жобасы", "kk"),
    ("Салық кодексі мен заң", "kk"),
    ("Закон о налогах и заң", "ru"),
    ("Налоговый кодекс", "ru"),
    ("The tax law and the заң", "en"),
)


def doc(number, text="Салық туралы заң", language="kk", **fields):
    fields.setdefault("created", T0 + timedelta(minutes=number))
    return SearchDocument(
        id=f"comment:tax:{number:04}",
        kind=fields.pop("kind", "comment"),
        language=language,
        title="",
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


class CountingSearcher:
    """A tantivy searcher that counts the stored documents read."""

    def __init__(self, searcher, reads):
        self._searcher, self._reads = searcher, reads

    def doc(self, address):
        self._reads.append(address)
        return self._searcher.doc(address)

    def __getattr__(self, name):
        return getattr(self._searcher, name)


class CountingIndex:
    def __init__(self, index, reads):
        self._index, self._reads = index, reads

    def searcher(self):
        return CountingSearcher(self._index.searcher(), self._reads)

    def __getattr__(self, name):
        return getattr(self._index, name)


@pytest.fixture
def reads(index, monkeypatch):
    """The stored documents each search of `index` reads, and decodes."""
    found, decoded = [], []
    opened = index._open_index
    monkeypatch.setattr(index, "_open_index", lambda: CountingIndex(opened(), found))
    loads = engine.loads

    def counting_loads(text):
        decoded.append(text)
        return loads(text)

    monkeypatch.setattr(engine, "loads", counting_loads)
    monkeypatch.setattr(tantivy_index, "load_document", counting_loads)

    class Reads:
        def clear(self):
            found.clear()
            decoded.clear()

        stored = found
        documents = decoded

    return Reads()


def facets_counted_in_python(index, query):
    """The facet counts the way the memory engine makes them: every matching
    document loaded from the index and counted in Python."""
    searcher = index._index.searcher()
    tantivy_query = index.build_query(query, engine.query_words(query))
    total = searcher.search(tantivy_query, limit=1, count=True).count
    matches = searcher.search(tantivy_query, limit=max(1, total), count=False).hits
    documents = [engine.loads(searcher.doc(address).get_first("doc")) for _, address in matches]
    return total, engine.count_facets(documents, query.facets)


def varied(number):
    text, language = TEXTS[number % len(TEXTS)]
    return doc(
        number,
        text=text + " жаңа" * (number % 3),
        language=language,
        kind=("comment", "question", "article")[number % 3],
        consultation=f"c{number % 4}",
        stage=("", "1", "2")[number % 3],
        article=str(number % 6) if number % 2 else "",
        stance=("for", "against", "neutral", "")[number % 4],
        state="published" if number % 7 else "hidden",
        visible_to=(EVERYONE,) if number % 5 else ("role:admin",),
        created=None if number % 11 == 0 else T0 + timedelta(hours=number % 13),
    )


def test_engine_facets_equal_a_count_over_every_matching_document(index):
    documents = [varied(number) for number in range(400)]
    for chunk in (documents[:150], documents[150:300], documents[300:]):  # segments
        index.add(chunk)
        index.commit()
    index.add([varied(number) for number in range(0, 400, 9)])  # replaced
    index.add([doc(number, text="Другое", language="ru") for number in range(1, 400, 17)])
    index.remove([varied(number).id for number in range(2, 400, 23)])
    index.commit()
    queries = [
        SearchQuery("заң", facets=FILTER_FIELDS),
        SearchQuery("заң", facets=FILTER_FIELDS, principals=(EVERYONE, "role:admin")),
        SearchQuery("налог", facets=FILTER_FIELDS, sort="date", page=3, per_page=7),
        SearchQuery("салық заң", filters={"kind": "question"}, facets=FILTER_FIELDS),
        SearchQuery("заң", filters={"article": ""}, facets=("article", "stance")),
        SearchQuery("заң", since=T0 + timedelta(hours=3), until=T0 + timedelta(hours=9)),
        SearchQuery("tax", facets=()),
        SearchQuery("несуществующее"),
    ]
    for query in queries:
        result = index.search(query)
        total, facets = facets_counted_in_python(index, query)
        assert result.total == total, query
        assert result.facets == facets, query
    assert index.search(queries[0]).total > 200  # the queries do match a lot


def test_snippets_and_documents_only_for_the_hits_shown(index, reads, monkeypatch):
    index.add(
        [doc(n, text="Салық туралы заң" + " заң" * (n % 4), created=None) for n in range(300)]
    )
    index.commit()
    highlighted = []
    highlight = analysis.highlight

    def counting_highlight(text, language, terms, *args, **kwargs):
        highlighted.append(text)
        return highlight(text, language, terms, *args, **kwargs)

    monkeypatch.setattr(analysis, "highlight", counting_highlight)
    for sort in ("relevance", "date"):
        for page in (1, 7):
            reads.clear()
            highlighted.clear()
            result = index.search(SearchQuery("заң", sort=sort, page=page, per_page=10))
            assert result.total == 300 and len(result.hits) == 10
            assert len(highlighted) == 10
            assert len(reads.documents) == 10
            # Runs of 75 equal keys: longer than the cap, so only the page is read.
            assert len(reads.stored) == 10, (sort, page)


def test_a_run_of_ties_longer_than_the_cap_pages_stably_without_reading_it(index, reads):
    long_run = tantivy_search.MAX_TIED * 3
    documents = [doc(n, text="Салық туралы заң", created=None) for n in range(long_run)]
    # Better matches first, in short runs that are still ordered by id.
    documents += [doc(1000 + n, text="Салық заң заң заң", created=None) for n in range(23)]
    for chunk in (documents[::2], documents[1::2]):  # two segments, interleaved ids
        index.add(chunk)
        index.commit()
    per_page = 10
    pages = []
    for page in range(1, len(documents) // per_page + 2):
        reads.clear()
        result = index.search(SearchQuery("заң", page=page, per_page=per_page))
        assert result.total == len(documents)
        assert len(reads.stored) <= per_page + 2 * tantivy_search.MAX_TIED
        pages.append(result.hits)
    shown = [hit for hits in pages for hit in hits]
    ids = [hit.document.id for hit in shown]
    assert len(ids) == len(set(ids)) == len(documents)  # each match once
    assert [hit.score for hit in shown] == sorted((hit.score for hit in shown), reverse=True)
    assert ids[:23] == sorted(ids[:23])  # the short run, by id
    reads.clear()
    index.search(SearchQuery("заң", page=5, per_page=per_page))
    assert len(reads.stored) == per_page  # inside the long run: only the page


def test_a_run_as_long_as_the_cap_is_still_ordered_by_id(index, reads):
    documents = [
        doc(n, text="Салық туралы заң", created=None) for n in range(tantivy_search.MAX_TIED)
    ]
    for chunk in (documents[1::2], documents[::2]):
        index.add(chunk)
        index.commit()
    pages = [
        index.search(SearchQuery("заң", page=page, per_page=7)).hits
        for page in range(1, tantivy_search.MAX_TIED // 7 + 2)
    ]
    ids = [hit.document.id for hits in pages for hit in hits]
    assert ids == sorted(document.id for document in documents)


def test_the_total_without_facets_is_exact(index):
    index.add([varied(number) for number in range(120)])
    index.commit()
    for query in (
        SearchQuery("заң", facets=()),
        SearchQuery("заң", facets=("stance",), filters={"stance": ""}),
    ):
        assert index.search(query).total == facets_counted_in_python(index, query)[0]
    assert index.search(SearchQuery("заң", facets=())).facets == {}
