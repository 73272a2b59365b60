"""Threads and reply lists hold their comments (sort key -> Comment), so that
a page of a thread reads its comments from the thread's own buckets, not one
bucket of the store-wide id tree per comment; the evolution step gives a
store from before them its indexes, and the pages read the same."""

import random
from datetime import UTC, datetime, timedelta

import pytest
import transaction
from ZODB import DB
from ZODB.FileStorage import FileStorage

from consult.feedback.comments import Comment
from consult.feedback.evolve import evolve_comment_threads
from consult.feedback.store import CommentStore

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TARGETS = [f"article:{number}" for number in range(40)]


class Consultation:
    """What the evolution step reads of a consultation: its comments."""

    def __init__(self, store):
        self.comments = store


@pytest.fixture
def db(tmp_path):
    database = DB(FileStorage(str(tmp_path / "Data.fs")))
    yield database
    database.close()


def fill(store, count=2400, seed=5):
    """`count` comments over 40 threads, a third of them replies."""
    rng = random.Random(seed)
    tops = []
    for number in range(count):
        created = NOW + timedelta(seconds=number)
        if tops and rng.random() < 0.33:
            parent = rng.choice(tops)
            comment = Comment(
                parent.target,
                f"p{number}",
                "Aigerim S.",
                f"Reply {number}.",
                "neutral",
                created,
                parent=parent,
            )
        else:
            comment = Comment(
                rng.choice(TARGETS),
                f"p{number}",
                "Aigerim S.",
                f"Comment {number}.",
                "for",
                created,
            )
            tops.append(comment)
        store.add(comment, rng=rng)
    return tops


def make_old_style(store):
    """A store as it was before the comment indexes."""
    del store.thread_comments
    del store.reply_comments
    assert store.thread_comments is None and store.reply_comments is None


def pages(store, target):
    """Every page of a thread as [(comment id, [reply ids of its first page])]."""
    result, after = [], None
    while True:
        page, after = store.thread(target, after=after, size=20)
        result.append(
            [(comment.id, [reply.id for reply in store.replies_to(comment)[0]]) for comment in page]
        )
        if after is None:
            return result


def loads_of_one_page(db, target):
    """ZODB objects loaded to read the first page of `target` with its
    comments' texts and their first replies', from a cold cache."""
    connection = db.open()
    try:
        connection.cacheMinimize()  # the pool's connection: its cache made cold
        store = connection.root()["store"]
        store.threads.get(target), store.thread_comments  # the store itself, warm
        connection.getTransferCounts(True)
        page, _ = store.thread(target)
        texts = [comment.text for comment in page]
        assert len(texts) == 20
        replies = [reply.text for comment in page for reply in store.replies_to(comment)[0]]
        assert replies
        return connection.getTransferCounts()[0]
    finally:
        connection.close()


def test_pages_read_the_same_through_the_comments_as_through_the_ids(db):
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    store = connection.root()["store"] = CommentStore()
    fill(store, count=600)
    manager.commit()
    through_comments = {target: pages(store, target) for target in TARGETS}
    saved = store.thread_comments, store.reply_comments
    store.thread_comments = store.reply_comments = None  # read through the ids
    assert {target: pages(store, target) for target in TARGETS} == through_comments
    store.thread_comments, store.reply_comments = saved
    assert sum(len(page) for target in TARGETS for page in through_comments[target]) > 300
    manager.abort()
    connection.close()


def test_a_page_loads_its_thread_not_the_id_trees_buckets(db):
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    store = connection.root()["store"] = CommentStore()
    fill(store)
    manager.commit()
    busiest = max(TARGETS, key=lambda target: len(store.threads[target]))
    with_index = loads_of_one_page(db, busiest)
    make_old_style(store)
    manager.commit()
    through_ids = loads_of_one_page(db, busiest)
    # Through the ids, a bucket of the store-wide id tree for nearly every
    # comment and reply, and one of the reply lists' tree (keyed by random
    # parent ids) for nearly every comment, on top of the comments themselves.
    assert through_ids >= with_index + 25
    connection.close()


def test_the_evolution_step_indexes_an_old_store_and_new_comments_follow(db):
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    store = connection.root()["store"] = CommentStore()
    tops = fill(store, count=600)
    expected = {target: pages(store, target) for target in TARGETS}
    make_old_style(store)
    manager.commit()

    # Before the step: the pages read through the ids, and posting works.
    assert {target: pages(store, target) for target in TARGETS} == expected
    evolve_comment_threads({"consultations": {"one": Consultation(store)}})
    manager.commit()
    assert store.thread_comments is not None
    assert {target: pages(store, target) for target in TARGETS} == expected

    reply = store.add(
        Comment(
            tops[0].target,
            "late",
            "Bolat K.",
            "A late reply.",
            "neutral",
            NOW + timedelta(days=1),
            parent=tops[0],
        ),
        rng=random.Random(9),
    )
    assert reply in store.replies_to(tops[0], size=1000)[0]
    # Running it again changes nothing.
    evolve_comment_threads({"consultations": {"one": Consultation(store)}})
    assert reply in store.replies_to(tops[0], size=1000)[0]
    manager.commit()
    connection.close()
