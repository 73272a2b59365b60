"""Databases written before feedback/models.py split still load.

ZODB records name each persistent class by module and name, and a comment's
record holds its earlier texts, addenda and moderation record as plain
objects named the same way: all of them were `consult.feedback.models.<Class>`
when those databases were written, and now live in feedback.comments and
feedback.store. pre-split.fs was written by that code
(fixtures/make_pre_split_db.py says how)."""

from pathlib import Path

import pytest
from stored_databases import copy_of, globals_named, stored_records
from ZODB import DB
from ZODB.broken import Broken
from ZODB.FileStorage import FileStorage
from ZODB.utils import get_pickle_metadata

from consult.feedback.comments import Addendum, Comment, ModerationRecord, TextVersion
from consult.feedback.store import CommentStore

FIXTURE = Path(__file__).parent / "fixtures" / "pre-split.fs"
OLD = "consult.feedback.models"


@pytest.fixture
def storage_path(tmp_path):
    return copy_of(FIXTURE, tmp_path)


def test_the_fixture_names_the_old_paths(storage_path):
    records = stored_records(storage_path)
    classes = {get_pickle_metadata(data) for data in records}
    assert {(OLD, "Comment"), (OLD, "CommentStore")} <= classes
    named = set().union(*(globals_named(data) for data in records))
    assert {f"{OLD} {name}" for name in ("TextVersion", "Addendum", "ModerationRecord")} <= named
    assert not any(
        module.startswith(("consult.feedback.comments", "consult.feedback.store"))
        for module, _ in classes
    )


def test_the_classes_are_new_ones_stored_under_new_paths():
    assert Comment.__module__ == "consult.feedback.comments"
    assert CommentStore.__module__ == "consult.feedback.store"


def test_every_object_stored_under_the_old_paths_loads_as_the_new_class(storage_path):
    db = DB(FileStorage(str(storage_path)))
    try:
        connection = db.open()
        store = connection.root()["comments"]
        assert type(store) is CommentStore

        [comment] = store.thread("article:a1")[0]
        [reply] = store.replies_to(comment)[0]
        [earlier] = comment.earlier_texts
        [addendum] = comment.addenda
        [decision] = comment.moderation
        loaded = {
            comment: Comment,
            reply: Comment,
            earlier: TextVersion,
            addendum: Addendum,
            decision: ModerationRecord,
        }
        for stored, cls in loaded.items():
            assert type(stored) is cls, stored
            assert not isinstance(stored, Broken)

        assert comment.text == "Second text"
        assert earlier.text == "First text"
        assert addendum.text == "Added later"
        assert (decision.action, decision.reason) == ("approved", "Fine")
        assert store.supports(comment, "supporter")
        assert comment.total_report_weight() == 0.5
        assert comment.weight_since_review() == 0
        assert reply.parent_id == comment.id
        assert store.reply_count(comment) == 1
        assert store.statistics() == {
            "total": 2,
            "stances": {"for": 1, "against": 0, "neutral": 0},
        }
    finally:
        db.close()


def test_what_is_stored_now_names_the_new_paths(storage_path):
    """A comment added to an old store is pickled under its new path (the old
    names stay only for what was stored before)."""
    db = DB(FileStorage(str(storage_path)))
    try:
        with db.transaction() as connection:
            store = connection.root()["comments"]
            store.add(Comment("article:a1", "new", "Dana", "New one", "for", store_time(store)))
    finally:
        db.close()
    classes = {get_pickle_metadata(data) for data in stored_records(storage_path)}
    assert ("consult.feedback.comments", "Comment") in classes


def store_time(store):
    [comment] = store.thread("article:a1")[0]
    return comment.created
