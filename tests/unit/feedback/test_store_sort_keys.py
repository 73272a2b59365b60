"""Sort keys: unique for any number of comments of one instant, in time
order with the keys stored before, safe for processes posting at once."""

import itertools
import random
from datetime import UTC, datetime, timedelta

import pytest
import transaction
from deadlines import deadline
from ZODB import DB
from ZODB.FileStorage import FileStorage
from ZODB.POSException import ConflictError

from consult.feedback.comments import Comment
from consult.feedback.store import SLOTS, CommentStore

DAY = datetime(2026, 2, 13, tzinfo=UTC)  # letters of one day all carry its date
ROW_NUMBERS = itertools.count()
BASE = int(DAY.timestamp() * 1_000_000) * SLOTS


def add(store, target="article:a", author="u1", when=DAY, seed=0, parent=None, imported=False):
    comment = Comment(target, author, "Writer", "text", "neutral", when, parent=parent)
    if imported:
        comment.import_key = f"letters-{next(ROW_NUMBERS)}"
    return store.add(comment, rng=random.Random(seed))


def imported(store, **kw):
    return add(store, imported=True, **kw)


def test_20_000_imported_comments_of_one_instant_get_distinct_keys_in_their_order():
    store = CommentStore()
    with deadline(60):
        made = [imported(store, author=f"import:letters:{n % 50}", seed=n) for n in range(20_000)]
    keys = [comment.sort_key for comment in made]
    assert len(set(keys)) == 20_000
    # The first takes a random slot of its microsecond, the others follow it.
    assert BASE <= keys[0] < BASE + SLOTS
    assert keys[1:] == sorted(keys[1:]) and keys[1] == BASE + SLOTS
    page, _ = store.thread("article:a", size=30_000)
    assert page == made


def test_comments_posted_in_one_crowded_microsecond_are_all_kept():
    # A fixed clock: random slots as long as one is free, then the sequence.
    store = CommentStore()
    with deadline(30):
        made = [add(store, author=f"u{n % 5}", seed=n) for n in range(3_000)]
    assert len({comment.sort_key for comment in made}) == 3_000
    assert store.thread_size("article:a") == 3_000
    assert sum(c.sort_key < BASE + SLOTS for c in made) > 900  # the slots, mostly


def test_keys_of_a_crowded_instant_stay_between_earlier_and_later_comments():
    store = CommentStore()
    before = add(store, when=DAY - timedelta(microseconds=1))
    after = add(store, when=DAY + timedelta(milliseconds=1))
    with deadline(30):
        crowd = [imported(store, seed=n) for n in range(3_000)]
    assert all(before.sort_key < c.sort_key < after.sort_key for c in crowd)
    page, _ = store.thread("article:a", size=5_000)
    assert page[0] is before and page[-1] is after


def test_the_keys_of_one_instant_are_distinct_across_threads_and_replies():
    # Campaign clusters and the review queue hold comments of every thread by
    # sort key: the comments of one import must not share keys between threads.
    store = CommentStore()
    with deadline(30):
        made = [imported(store, target=f"article:{n % 7}", seed=n) for n in range(2_000)]
        made += [imported(store, parent=made[0], seed=n) for n in range(1_500)]
    keys = [comment.sort_key for comment in made]
    assert len(set(keys)) == len(keys)
    assert keys[1:] == sorted(keys[1:])


def test_a_crowded_instant_skips_the_keys_of_later_microseconds():
    store = CommentStore()
    later = add(store, when=DAY + timedelta(microseconds=1), seed=7)
    hidden = add(store, target="article:b", author="u2", when=DAY + timedelta(microseconds=2))
    store.set_state(hidden, "hidden")
    with deadline(30):
        crowd = [imported(store, seed=n) for n in range(2_500)]
    keys = {comment.sort_key for comment in crowd}
    assert len(keys) == 2_500
    assert later.sort_key not in keys and hidden.sort_key not in keys
    assert store.thread_size("article:a") == 2_501


def test_a_comment_alone_in_its_microsecond_keeps_the_stored_form():
    # Keys stored by earlier versions are microseconds * SLOTS + a random slot;
    # a comment alone in its microsecond still gets exactly that.
    store = CommentStore()
    comments = [add(store, when=DAY + timedelta(seconds=n), seed=n) for n in range(50)]
    assert {c.sort_key // SLOTS for c in comments} == {
        int(c.created.timestamp() * 1_000_000) for c in comments
    }
    assert len({c.sort_key % SLOTS for c in comments}) > 40  # random slots
    assert store.crowded is None


@pytest.fixture
def database(tmp_path):
    db = DB(FileStorage(str(tmp_path / "Data.fs")))
    with db.transaction() as connection:
        store = connection.root()["store"] = CommentStore()
        # The indexes the posts below write exist already, as on a live site;
        # an instant was crowded once (the store has its `crowded` tree).
        for target in ("article:a", "article:b"):
            for author in ("u0", "u1", "u2"):
                add(store, target=target, author=author, when=DAY - timedelta(hours=1))
    yield db
    db.close()


def _post_concurrently(db, seeds, target="article:a", post=add):
    """Two processes add a comment of the same instant; each has read the
    store before the other commits. The second commit's fate is returned."""
    managers = [transaction.TransactionManager(), transaction.TransactionManager()]
    connections = [db.open(manager) for manager in managers]
    try:
        for connection, seed in zip(connections, seeds, strict=True):
            post(connection.root()["store"], target=target, author=f"u{seed}", seed=seed)
        managers[0].commit()
        try:
            managers[1].commit()
        except ConflictError:
            managers[1].abort()
            return "conflict"
        return "committed"
    finally:
        for connection in connections:
            connection.close()


def test_two_processes_posting_in_one_microsecond_both_commit(database):
    # Different random slots: the thread's bucket resolves the two insertions.
    assert _post_concurrently(database, seeds=(1, 2)) == "committed"
    with database.transaction() as connection:
        store = connection.root()["store"]
        assert store.thread_size("article:a") == 5


def test_two_imports_continuing_one_crowded_instant_conflict_and_retry(database):
    with database.transaction() as connection:
        imported(connection.root()["store"], author="u0", target="article:b")
    # Both would take the instant's next key; the second is told to retry
    # rather than overwrite the first.
    outcome = _post_concurrently(database, seeds=(1, 2), target="article:b", post=imported)
    assert outcome == "conflict"
    with database.transaction() as connection:
        store = connection.root()["store"]
        imported(store, target="article:b", author="u2", seed=2)
    with database.transaction() as connection:
        store = connection.root()["store"]
        keys = [c.sort_key for c in store.comments.values()]
        assert len(set(keys)) == len(keys) == 9
        assert store.thread_size("article:b") == 6
