"""A comment's supports, reports and moderation record are created on first
use, supports are indexed by person on the store, and the evolution step
brings comments stored the old way (six records each) to the new shape."""

import random
from datetime import UTC, datetime

import pytest
import transaction
from BTrees.Length import Length
from BTrees.OOBTree import OOBTree, OOTreeSet
from persistent.list import PersistentList
from ZODB import DB

from consult.feedback.comments import NO_COUNT, Comment, ModerationRecord
from consult.feedback.evolve import evolve_lazy_comment_parts
from consult.feedback.store import CommentStore

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TARGET = "article:abc"


class Consultation:
    """What the evolution step reads of a consultation: its comments."""

    def __init__(self, store):
        self.comments = store


@pytest.fixture
def db():
    database = DB(None)  # a real ZODB on a MappingStorage
    yield database
    database.close()


def stored(db, store_factory=CommentStore):
    """(connection, manager, root) with a store holding two comments, committed."""
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    root = connection.root()
    store = root["store"] = store_factory()
    rng = random.Random(3)
    for text in ("First.", "Second."):
        store.add(Comment(TARGET, "author", "Aigerim S.", text, "for", NOW), rng=rng)
    manager.commit()
    return connection, manager, root


def records_of(comment):
    """The persistent records a comment stores besides itself."""
    return sorted(
        name
        for name, value in comment.__dict__.items()
        if name != "__parent__" and getattr(value, "_p_jar", None) is not None
    )


def test_a_new_comment_is_one_record_and_reads_as_empty(db):
    connection, manager, root = stored(db)
    comment = next(iter(root["store"].comments.values()))
    assert records_of(comment) == []
    assert comment.support_count() == 0 and comment.report_count() == 0
    assert list(comment.supporters) == [] and "someone" not in comment.supporters
    assert dict(comment.reports) == {} and comment.last_moderation is None
    # The class defaults cannot be changed through one comment.
    with pytest.raises(TypeError):
        comment.reports["someone"] = ("reason", NOW)
    with pytest.raises(AttributeError):
        comment.moderation.append(ModerationRecord("hidden", None, NOW, "Rude"))
    connection.close()


def test_parts_are_created_on_first_use_and_committed(db):
    connection, manager, root = stored(db)
    store = root["store"]
    first, second = store.comments.values()
    store.add_support(first, "reader")
    store.add_support(first, "other")
    first.add_report("reader", "Rude", NOW)
    first.record(ModerationRecord("hidden", "moderator", NOW, "Rude"))
    manager.commit()
    connection.close()

    connection = db.open()
    store = connection.root()["store"]
    first, second = store.comments.values()
    assert records_of(first) == [
        "moderation",
        "report_count",
        "report_weight",
        "reports",
        "support_count",
        "supporters",
    ]
    assert first.support_count() == 2 and set(first.supporters) == {"reader", "other"}
    assert first.report_count() == 1 and first.reports["reader"] == ("Rude", NOW, 1.0)
    assert first.last_moderation.action == "hidden"
    assert records_of(second) == [] and second.support_count is NO_COUNT
    # One lookup per reader says what they support.
    assert store.supports(first, "reader") and not store.supports(second, "reader")
    assert set(store.supported_ids("other")) == {first.id}
    assert set(store.supported_ids("nobody")) == set()
    connection.close()


def old_store():
    """A store as stored before these changes: no index of supports."""
    store = CommentStore()
    del store.supported_by
    return store


def make_old_style(comment, supporters=(), reports=(), moderation=()):
    """Give a comment the six records every comment used to have."""
    comment.supporters = OOTreeSet(supporters)
    comment.support_count = Length(len(supporters))
    comment.reports = OOBTree({userid: ("Rude", NOW) for userid in reports})
    comment.report_count = Length(len(reports))
    comment.moderation = PersistentList(moderation)


def test_old_comments_read_as_before_and_the_step_brings_them_to_the_new_shape(db, monkeypatch):
    # A savepoint after every comment, as a large database has every 10 000.
    monkeypatch.setattr("consult.feedback.evolve.EVOLVE_BATCH", 1)
    connection, manager, root = stored(db, old_store)
    store = root["store"]
    first, second = store.comments.values()
    record = ModerationRecord("hidden", "moderator", NOW, "Rude")
    make_old_style(first, supporters=("reader", "other"), reports=("reader",), moderation=(record,))
    make_old_style(second)
    manager.commit()
    assert store.__dict__.get("supported_by") is None

    # Before the step: read through each comment's own supporters.
    assert store.supported_ids("reader") is None
    assert store.supports(first, "reader") and not store.supports(second, "reader")
    store.add_support(second, "third")  # still works without the index
    assert second.support_count() == 1
    manager.abort()

    app_root = {"consultations": {"one": Consultation(store)}}
    evolve_lazy_comment_parts(app_root)
    manager.commit()
    assert set(store.supported_ids("reader")) == {first.id}
    assert set(store.supported_ids("other")) == {first.id}
    # The supported, reported, moderated comment keeps all it had...
    assert first.support_count() == 2 and set(first.supporters) == {"reader", "other"}
    assert first.report_count() == 1 and first.last_moderation.action == "hidden"
    # ... the other one stores no empty records any more.
    assert records_of(second) == [] and second.support_count() == 0
    assert second.moderation == () and dict(second.reports) == {}
    # Running it again changes nothing.
    evolve_lazy_comment_parts(app_root)
    assert set(store.supported_ids("reader")) == {first.id}
    assert first.support_count() == 2
    manager.abort()
    connection.close()
