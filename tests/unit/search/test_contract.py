"""The search contract (interfaces.ISearchIndex), written once and run against
every engine (the `index` fixture in conftest.py is parametrized over
`backends.BACKENDS`). Expected matches follow `analysis.query_terms` semantics:
a document matches when every query word has one of its stems among the
document's stems."""

from datetime import UTC, datetime, timedelta

import pytest
import transaction

from consult.search import analysis
from consult.search.backends import load_index
from consult.search.interfaces import EVERYONE, SearchDocument, SearchQuery

T0 = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)


def doc(id, text, title="", language="ru", **fields):
    fields.setdefault("kind", "comment")
    fields.setdefault("url", f"/c/{id}/")
    return SearchDocument(id=id, language=language, title=title, text=text, **fields)


def indexed(index, *documents):
    index.add(list(documents))
    index.commit()
    return index


def ids(result):
    return [hit.document.id for hit in result.hits]


def found(index, text, **query):
    return sorted(ids(index.search(SearchQuery(text, per_page=1000, **query))))


# -- staging: add, commit, abort, update, remove, get, count, clear ----------


def test_added_documents_are_found_after_commit(index):
    index.add([doc("c1", "Граждане обсуждают проект закона о местном самоуправлении")])
    assert found(index, "граждане") == []  # staged only
    assert index.count() == 0
    assert index.get("c1") is None
    index.commit()
    result = index.search(SearchQuery("граждане"))
    assert result.total == 1
    assert ids(result) == ["c1"]
    assert isinstance(result.hits[0].score, float)
    assert index.count() == 1


def test_title_words_are_searchable(index):
    indexed(index, doc("c1", "Обсуждение открыто до конца месяца.", title="Бюджет города"))
    assert found(index, "бюджет") == ["c1"]


def test_context_is_kept_but_never_searched(index):
    indexed(
        index,
        doc("c1", "Обсуждение открыто до конца месяца.", context="Бюджет города на 2027 год"),
    )
    assert found(index, "бюджет") == []
    assert found(index, "обсуждение") == ["c1"]
    assert index.get("c1").context == "Бюджет города на 2027 год"
    [hit] = index.search(SearchQuery("обсуждение")).hits
    assert hit.document.context == "Бюджет города на 2027 год"


def test_abort_drops_staged_adds(index):
    indexed(index, doc("c1", "Петиция о строительстве парка"))
    index.add([doc("c2", "Петиция о ремонте дорог")])
    index.abort()
    assert found(index, "петиция") == ["c1"]
    index.commit()  # nothing left to commit
    assert found(index, "петиция") == ["c1"]
    assert index.count() == 1


def test_abort_drops_staged_removes(index):
    indexed(index, doc("c1", "Петиция о строительстве парка"))
    index.remove(["c1"])
    index.abort()
    index.commit()
    assert found(index, "петиция") == ["c1"]
    assert index.get("c1") is not None


def test_abort_drops_staged_replacement(index):
    indexed(index, doc("c1", "Petition about the park"))
    index.add([doc("c1", "Petition about the roads")])
    index.abort()
    assert found(index, "park") == ["c1"]
    assert found(index, "roads") == []
    assert index.get("c1").text == "Petition about the park"


def test_add_replaces_a_document_with_the_same_id(index):
    indexed(index, doc("c1", "Petition about the park", language="en"))
    indexed(index, doc("c1", "Petition about the roads", language="en"))
    assert index.count() == 1
    assert found(index, "petition") == ["c1"]
    assert found(index, "park") == []
    assert found(index, "roads") == ["c1"]
    assert index.get("c1").text == "Petition about the roads"


def test_the_same_id_twice_in_one_batch_keeps_the_last(index):
    indexed(index, doc("c1", "first jury", language="en"), doc("c1", "second jury", language="en"))
    assert index.count() == 1
    assert found(index, "jury") == ["c1"]
    assert index.get("c1").text == "second jury"


def test_remove(index):
    indexed(
        index,
        doc("c1", "Citizens' jury on housing", language="en"),
        doc("c2", "Citizens' jury on transport", language="en"),
    )
    index.remove(["c1", "unknown"])
    assert found(index, "jury") == ["c1", "c2"]  # staged only
    index.commit()
    assert found(index, "jury") == ["c2"]
    assert index.get("c1") is None
    assert index.count() == 1


def test_staged_changes_apply_in_order(index):
    indexed(index, doc("c1", "jury one", language="en"))
    index.remove(["c1"])
    index.add([doc("c1", "jury two", language="en")])
    index.add([doc("c2", "jury three", language="en")])
    index.remove(["c2"])
    index.commit()
    assert found(index, "jury") == ["c1"]
    assert index.get("c1").text == "jury two"


def test_get_returns_the_committed_document(index):
    original = doc(
        "comment:budget:7",
        "Предлагаю увеличить финансирование школ.",
        title="Статья 3",
        kind="comment",
        consultation="budget",
        stage="1",
        article="3",
        stance="support",
        state="published",
        author="Айгерим",
        created=T0,
        url="/consultations/budget/drafts/1/3/#comment-7",
        visible_to=(EVERYONE, "role:moderator"),
    )
    indexed(index, original)
    assert index.get("comment:budget:7") == original
    assert index.get("comment:budget:7").created.tzinfo is not None
    assert index.get("missing") is None
    hit = index.search(SearchQuery("финансирование")).hits[0]
    assert hit.document == original


def test_get_without_a_date(index):
    original = doc("c1", "Without a date")
    indexed(index, original)
    assert index.get("c1") == original
    assert index.get("c1").created is None


def test_kazakh_text_round_trips(index):
    original = doc(
        "kk1",
        "Азаматтардың өтініштері қаралды: ә ғ қ ң ө ұ ү һ і — «Ұлттық құрылтай».",
        title="Қоғамдық кеңес",
        language="kk",
        author="Әлихан Нұрланұлы",
        consultation="жер-кодексі",
        created=T0,
    )
    indexed(index, original)
    assert index.get("kk1") == original
    assert found(index, "кеңес") == ["kk1"]
    assert found(index, "ӨТІНІШТЕРІ") == ["kk1"]
    assert found(index, "құрылтай", filters={"consultation": "жер-кодексі"}) == ["kk1"]


def test_count(index):
    assert index.count() == 0
    indexed(index, *[doc(f"c{i}", "text") for i in range(3)])
    assert index.count() == 3


def test_clear(index):
    indexed(index, *[doc(f"c{i}", "Общественное обсуждение") for i in range(3)])
    index.clear()
    assert index.count() == 0
    assert found(index, "обсуждение") == []
    assert index.get("c0") is None
    indexed(index, doc("c9", "Общественное обсуждение"))
    assert found(index, "обсуждение") == ["c9"]


def test_reopening_keeps_committed_documents(backend, tmp_path):
    engine = load_index(backend, tmp_path / backend)
    try:
        indexed(engine, doc("c1", "Citizens' jury findings", language="en", created=T0))
        engine.add([doc("c2", "Staged jury, never committed", language="en")])
    finally:
        engine.close()
    if engine.path is None:  # the memory index keeps nothing after close
        return
    engine = load_index(backend, tmp_path / backend)
    try:
        assert engine.count() == 1
        assert found(engine, "jury") == ["c1"]
        assert engine.get("c1").created == T0
    finally:
        engine.close()


# -- matching ---------------------------------------------------------------


def test_every_query_word_must_match(index):
    indexed(
        index,
        doc("both", "Citizens' jury reviewed the housing petition", language="en"),
        doc("jury", "Citizens' jury on transport", language="en"),
        doc("petition", "A petition on transport", language="en"),
    )
    assert found(index, "jury petition") == ["both"]
    assert found(index, "jury") == ["both", "jury"]
    assert found(index, "jury petition nonexistentword") == []


@pytest.mark.parametrize(
    "language, text, query",
    [
        ("ru", "Рассмотрение обращений граждан", "обращения"),
        ("ru", "Рассмотрение обращений граждан", "обращение граждан"),
        ("ru", "Закон о публичных консультациях", "консультации"),
        ("ru", "Ёлки в парке", "елка"),
        ("en", "Sign the petition", "petitions"),
        ("en", "Consultations on the budget", "consultation"),
        ("en", "Jurors deliberated", "deliberating"),
        ("kk", "Қоғамдық кеңес", "КЕҢЕС"),
    ],
)
def test_inflected_forms_match(index, language, text, query):
    indexed(index, doc("d", text, language=language))
    assert found(index, query) == ["d"]


@pytest.mark.parametrize(
    "text, query",
    [
        ("Азаматтардың өтініштері", "өтініш"),
        ("Азаматтардың өтініштері", "азаматтар"),
        ("Қоғамдық кеңестің шешімі", "кеңес"),
        ("Заң жобасын талқылау", "жобасы"),
    ],
)
def test_kazakh_matches_follow_the_analyzer(index, text, query):
    """Whatever the Kazakh stemmer does, engines agree with query_terms."""
    indexed(index, doc("d", text, language="kk"))
    stems = set(analysis.analyze(text, "kk"))
    expected = all(terms & stems for terms in analysis.query_terms(query))
    assert found(index, query) == (["d"] if expected else [])


def test_a_word_in_another_language_does_not_match_by_accident(index):
    indexed(index, doc("d", "Petition about parks", language="en"))
    assert found(index, "парк") == []


def test_empty_query_finds_nothing(index):
    indexed(index, doc("d", "Petition about parks", language="en"))
    for text in ("", "   ", "?! — ...", "\n\t"):
        result = index.search(SearchQuery(text))
        assert result.total == 0
        assert result.hits == []


def test_query_syntax_is_plain_text(index):
    indexed(index, doc("d", "petition and jury or council not title", language="en"))
    for text in (
        'petition AND (jury OR "council',
        "title:petition",
        "jury~2 council^3",
        "NOT council",
        "petition* -jury [a TO z]",
        "{}()\\/:'!+-&|",
    ):
        index.search(SearchQuery(text))  # no error
    assert found(index, 'petition AND (jury OR "council') == ["d"]
    assert found(index, "NOT council") == ["d"]
    assert found(index, "title:petition") == ["d"]


def test_a_2000_character_query(index):
    indexed(index, doc("d", "Общественные слушания по проекту закона", created=T0))
    words = "слушания " * 222
    assert len(words) >= 1998
    assert found(index, words[:2000]) == ["d"]
    distinct = " ".join(f"слово{i}" for i in range(300))[:2000]
    assert index.search(SearchQuery(distinct)).total == 0
    mixed = ('закон (проект) AND OR NOT "слушания" ~ * : ^ ' * 50)[:2000]
    index.search(SearchQuery(mixed, sort="date"))  # no error


# -- filters, dates, visibility ---------------------------------------------


@pytest.fixture
def corpus(index):
    return indexed(
        index,
        doc(
            "c1",
            "Поддерживаю проект закона о петициях",
            kind="comment",
            language="ru",
            consultation="petitions-law",
            stage="1",
            article="2",
            stance="support",
            created=T0,
        ),
        doc(
            "c2",
            "Против проекта закона о петициях",
            kind="comment",
            language="ru",
            consultation="petitions-law",
            stage="1",
            article="3",
            stance="oppose",
            created=T0 + timedelta(days=1),
        ),
        doc(
            "c3",
            "Закон о петициях нужно доработать",
            kind="comment",
            language="ru",
            consultation="budget",
            stage="2",
            stance="neutral",
            state="hidden",
            created=T0 + timedelta(days=2),
        ),
        doc(
            "a1",
            "Статья о сроках рассмотрения. Закон о петициях.",
            kind="article",
            language="ru",
            consultation="petitions-law",
            stage="1",
            article="2",
            created=T0 + timedelta(days=3),
        ),
        doc(
            "a1-kk",
            "Петициялар туралы заң",
            kind="article",
            language="kk",
            consultation="petitions-law",
            stage="1",
            article="2",
            created=T0 + timedelta(days=3),
        ),
        doc(
            "e1",
            "The law on petitions",
            kind="document",
            language="en",
            consultation="petitions-law",
        ),
    )


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({}, ["a1", "c1", "c2", "c3"]),
        ({"kind": "comment"}, ["c1", "c2", "c3"]),
        ({"kind": "article"}, ["a1"]),
        ({"language": "ru"}, ["a1", "c1", "c2", "c3"]),
        ({"language": "en"}, []),
        ({"consultation": "budget"}, ["c3"]),
        ({"consultation": "petitions-law", "kind": "comment"}, ["c1", "c2"]),
        ({"stance": "oppose"}, ["c2"]),
        ({"stage": "1", "article": "2"}, ["a1", "c1"]),
        ({"state": "hidden"}, ["c3"]),
        ({"kind": "nothing"}, []),
    ],
)
def test_filters(corpus, filters, expected):
    assert found(corpus, "закон", filters=filters) == expected


def test_filters_are_exact_not_analysed(index):
    indexed(
        index,
        doc("d1", "jury", language="en", consultation="Petitions-Law"),
        doc("d2", "jury", language="en", consultation="petitions law"),
        doc("d3", "jury", language="en", consultation="petitions"),
    )
    assert found(index, "jury", filters={"consultation": "petitions"}) == ["d3"]
    assert found(index, "jury", filters={"consultation": "Petitions-Law"}) == ["d1"]
    assert found(index, "jury", filters={"consultation": "petitions law"}) == ["d2"]


def test_date_range(corpus):
    day = timedelta(days=1)
    hour = timedelta(hours=1)
    assert found(corpus, "закон", since=T0 + hour) == ["a1", "c2", "c3"]
    assert found(corpus, "закон", until=T0 + day + hour) == ["c1", "c2"]
    assert found(corpus, "закон", since=T0 + hour, until=T0 + 2 * day + hour) == ["c2", "c3"]
    assert found(corpus, "закон", since=T0 + 10 * day) == []
    # documents without a date are outside any range
    assert found(corpus, "law", since=T0 - 10 * day) == []
    assert found(corpus, "law") == ["e1"]


def test_visibility(index):
    indexed(
        index,
        doc("public", "Отзыв о законе"),
        doc("hidden", "Скрытый отзыв о законе", visible_to=("role:moderator",)),
        doc("mine", "Мой отзыв о законе", visible_to=("user:42", "role:moderator")),
    )
    assert found(index, "отзыв") == ["public"]
    assert found(index, "отзыв", principals=(EVERYONE,)) == ["public"]
    assert found(index, "отзыв", principals=(EVERYONE, "role:moderator")) == [
        "hidden",
        "mine",
        "public",
    ]
    assert found(index, "отзыв", principals=(EVERYONE, "user:42")) == ["mine", "public"]
    assert found(index, "отзыв", principals=()) == []
    result = index.search(SearchQuery("отзыв", principals=(EVERYONE,)))
    assert result.total == 1
    assert sum(result.facets["kind"].values()) == 1


# -- facets, paging, sorting, snippets --------------------------------------


def test_facets_count_every_match_not_one_page(index):
    documents = []
    for i in range(25):
        documents.append(
            doc(
                f"d{i:02}",
                "Гражданское жюри обсудило петицию",
                kind="comment" if i < 15 else "article",
                language="ru" if i % 5 else "kk",
                consultation="jury" if i < 20 else "budget",
                stage="1",
                stance="support" if i < 12 else ("oppose" if i < 18 else ""),
            )
        )
    documents.append(doc("other", "Не про то", kind="document"))
    documents.append(doc("secret", "Гражданское жюри, закрыто", visible_to=("role:admin",)))
    indexed(index, *documents)
    result = index.search(SearchQuery("жюри", per_page=5))
    assert result.total == 25
    assert len(result.hits) == 5
    assert set(result.facets) == {"kind", "language", "consultation", "stage", "stance"}
    assert result.facets["kind"] == {"comment": 15, "article": 10}
    assert result.facets["language"] == {"ru": 20, "kk": 5}
    assert result.facets["consultation"] == {"jury": 20, "budget": 5}
    assert result.facets["stage"] == {"1": 25}
    assert result.facets["stance"]["support"] == 12
    assert result.facets["stance"]["oppose"] == 6

    filtered = index.search(
        SearchQuery("жюри", filters={"kind": "article"}, facets=("kind", "stance"))
    )
    assert set(filtered.facets) == {"kind", "stance"}
    assert filtered.facets["kind"] == {"article": 10}
    assert filtered.facets["stance"]["oppose"] == 3

    assert index.search(SearchQuery("жюри", facets=())).facets == {}
    empty = index.search(SearchQuery("несуществующее"))
    assert empty.total == 0
    assert all(not counts for counts in empty.facets.values())


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_paging(index, sort):
    indexed(
        index,
        *[
            doc(
                f"p{i:02}", "Публичная консультация по бюджету", created=T0 + timedelta(hours=i % 7)
            )
            for i in range(25)
        ],
    )
    pages = [
        index.search(SearchQuery("консультация", sort=sort, page=page, per_page=10))
        for page in (1, 2, 3, 4)
    ]
    assert [result.total for result in pages] == [25, 25, 25, 25]
    assert [len(result.hits) for result in pages] == [10, 10, 5, 0]
    seen = [hit for result in pages for hit in ids(result)]
    assert len(seen) == len(set(seen)) == 25
    again = [
        hit
        for page in (1, 2, 3)
        for hit in ids(index.search(SearchQuery("консультация", sort=sort, page=page, per_page=10)))
    ]
    assert again == seen  # stable
    whole = ids(index.search(SearchQuery("консультация", sort=sort, per_page=100)))
    assert whole == seen


def test_sort_by_date_newest_first_undated_last(index):
    indexed(
        index,
        doc("old", "Citizens' jury", language="en", created=T0),
        doc("undated", "Citizens' jury jury jury", language="en"),
        doc("new", "Citizens' jury", language="en", created=T0 + timedelta(days=30)),
        doc("mid", "Citizens' jury", language="en", created=T0 + timedelta(days=2)),
    )
    assert ids(index.search(SearchQuery("jury", sort="date"))) == ["new", "mid", "old", "undated"]
    page = index.search(SearchQuery("jury", sort="date", page=2, per_page=2))
    assert ids(page) == ["old", "undated"]


def test_relevance_ranks_more_occurrences_higher(index):
    indexed(
        index,
        doc(
            "once", "Петиция о ремонте дорог в нашем районе города", created=T0 + timedelta(days=9)
        ),
        doc("thrice", "Петиция о петиции: петиция о ремонте дорог", created=T0),
    )
    result = index.search(SearchQuery("петиция"))
    assert ids(result) == ["thrice", "once"]
    assert result.hits[0].score > result.hits[1].score
    assert ids(index.search(SearchQuery("петиция", sort="date"))) == ["once", "thrice"]


def test_snippets_mark_matches_and_escape_html(index):
    indexed(
        index,
        doc(
            "d",
            "<script>alert(1)</script> The petitions & the <b>jury</b> findings",
            title="Petitions",
            language="en",
        ),
    )
    snippet = index.search(SearchQuery("petition jury")).hits[0].snippet
    assert "<mark>petitions</mark>" in snippet
    assert "<mark>jury</mark>" in snippet
    assert "<script>" not in snippet and "<b>" not in snippet
    assert "&lt;script&gt;" in snippet
    assert "&amp;" in snippet


def test_snippet_is_the_analyzer_highlight(index):
    text = "Рассмотрение обращений граждан: " + "длинный текст " * 40 + "и снова обращения."
    indexed(index, doc("d", text))
    hit = index.search(SearchQuery("обращения")).hits[0]
    assert hit.snippet == analysis.highlight(text, "ru", analysis.query_terms("обращения"))
    assert "<mark>обращений</mark>" in hit.snippet


# -- the memory index joins a transaction (memory only) ----------------------


def memory_in(manager):
    engine = load_index("memory")
    engine.join(manager)
    return engine


def test_memory_index_commits_with_the_transaction():
    manager = transaction.TransactionManager()
    engine = memory_in(manager)
    manager.begin()
    engine.add([doc("d", "Петиция")])
    assert engine.count() == 0
    manager.commit()
    assert found(engine, "петиция") == ["d"]
    manager.begin()
    engine.remove(["d"])
    manager.commit()
    assert engine.count() == 0


def test_memory_index_aborts_with_the_transaction():
    manager = transaction.TransactionManager()
    engine = memory_in(manager)
    engine.add([doc("d", "Петиция")])
    manager.commit()
    manager.begin()
    engine.add([doc("e", "Петиция")])
    engine.remove(["d"])
    manager.abort()
    assert found(engine, "петиция") == ["d"]
    manager.commit()  # a later transaction does not resurrect aborted changes
    assert found(engine, "петиция") == ["d"]


def test_memory_index_aborts_when_a_transaction_fails():
    manager = transaction.TransactionManager()
    engine = memory_in(manager)
    manager.begin()
    engine.add([doc("d", "Петиция")])

    class Failing:
        def __init__(self, manager):
            self.transaction_manager = manager

        def abort(self, txn):
            pass

        def tpc_begin(self, txn):
            pass

        def commit(self, txn):
            pass

        def tpc_vote(self, txn):
            raise RuntimeError("vote failed")

        def tpc_finish(self, txn):
            pass

        def tpc_abort(self, txn):
            pass

        def sortKey(self):
            return "~failing"

    manager.get().join(Failing(manager))
    with pytest.raises(RuntimeError):
        manager.commit()
    manager.abort()
    assert engine.count() == 0
    assert found(engine, "петиция") == []


def test_memory_index_without_a_transaction_manager():
    engine = load_index("memory")
    assert engine.path is None
    engine.add([doc("d", "Петиция")])
    engine.commit()
    assert engine.count() == 1
