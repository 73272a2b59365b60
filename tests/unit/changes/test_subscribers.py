"""The change feed's subscribers: an announced change has its entry once the
transaction commits, and none when it aborts."""

from datetime import UTC, date, datetime, timedelta

import pytest
from pyramid.config import Configurator
from stores import with_stores
from ZODB import DB
from ZODB.MappingStorage import MappingStorage

from consult.accounts.models import Principal
from consult.clock import FixedClock
from consult.config import evolution_steps
from consult.consultations.events import ConsultationChanged, ConsultationCreated
from consult.consultations.models import Consultation
from consult.content.events import ContentChanged
from consult.content.services import ContentService
from consult.feedback.comments import Comment
from consult.feedback.events import (
    AddendumAdded,
    CommentEdited,
    CommentHidden,
    CommentPosted,
    CommentRelabelled,
    CommentReleased,
    CommentRestored,
    CommentWithdrawn,
    ReportsEscalated,
)
from consult.juries.events import FindingsChanged
from consult.juries.services import JuryService
from consult.resources import opened_root

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SLUG = "juries"


@pytest.fixture
def registry():
    config = Configurator()
    config.include("consult.changes")
    config.commit()
    return config.registry


@pytest.fixture
def db():
    database = DB(MappingStorage())
    with opened_root(database, evolution_steps()) as root:
        consultation = with_stores(Consultation({"en": "Juries"}, {}, {}, (), NOW, "clerk"))
        root["consultations"].add(SLUG, consultation)
        comment = Comment("question:1", "aigerim", "Aigerim", "Fifteen is too few.", "against", NOW)
        consultation.comments.add(comment)
        creator = Principal("org@example.kz", "Dana", "O", "", NOW)
        data = {
            "remit": {"en": "Pensions?"},
            "panel_size": 15,
            "recruitment_opens": NOW - timedelta(days=1),
            "recruitment_closes": NOW + timedelta(days=9),
            "sessions": [date(2026, 4, 4)],
            "features": ("gender", "language"),
        }
        JuryService(FixedClock(NOW), "secret").create(
            root["juries"], "pensions", SLUG, data, creator
        )
    yield database
    database.close()


def entries(db):
    with opened_root(db, evolution_steps()) as root:
        return [entry for _key, entry in root.search_changes.since(0)]


def the_comment(root):
    [comment] = root["consultations"][SLUG].comments.comments.values()
    return comment


COMMENT_EVENTS = {
    "posted": lambda comment: CommentPosted(None, comment),
    "edited": lambda comment: CommentEdited(None, comment),
    "addendum": lambda comment: AddendumAdded(None, comment, None),
    "withdrawn": lambda comment: CommentWithdrawn(None, comment),
    "relabelled": lambda comment: CommentRelabelled(None, comment),
    "released": lambda comment: CommentReleased(None, comment),
    "hidden": lambda comment: CommentHidden(None, comment, "Off topic", actor="moderator"),
    "restored": lambda comment: CommentRestored(None, comment, "Fine", actor="moderator"),
}


@pytest.mark.parametrize("what", COMMENT_EVENTS)
def test_each_change_to_a_comment_is_recorded_at_commit(registry, db, what):
    with opened_root(db, evolution_steps()) as root:
        comment = the_comment(root)
        registry.notify(COMMENT_EVENTS[what](comment))
        assert len(root.search_changes) == 0  # not before the commit
    assert entries(db) == [("comment", SLUG, comment.id)]


def test_reports_sent_to_the_moderators_change_nothing_searched(registry, db):
    with opened_root(db, evolution_steps()) as root:
        registry.notify(ReportsEscalated(None, the_comment(root), "reports"))
    assert entries(db) == []


def test_an_aborted_change_records_nothing(registry, db):
    with pytest.raises(RuntimeError), opened_root(db, evolution_steps()) as root:
        registry.notify(CommentPosted(None, the_comment(root)))
        raise RuntimeError("the request failed")
    assert entries(db) == []


def test_a_changed_consultation_is_recorded_with_or_without_its_comments(registry, db):
    with opened_root(db, evolution_steps()) as root:
        registry.notify(ConsultationChanged(None, root["consultations"][SLUG]))
    with opened_root(db, evolution_steps()) as root:
        registry.notify(ConsultationChanged(None, root["consultations"][SLUG], with_comments=True))
    with opened_root(db, evolution_steps()) as root:
        registry.notify(ConsultationCreated(None, root["consultations"][SLUG]))
    assert entries(db) == [
        ("consultation", SLUG, False),
        ("consultation", SLUG, True),
        ("consultation", SLUG, False),
    ]


def test_changed_findings_are_recorded(registry, db):
    with opened_root(db, evolution_steps()) as root:
        registry.notify(FindingsChanged(None, root["juries"]["pensions"]))
    assert entries(db) == [("jury", "pensions", None)]


def test_a_changed_content_item_is_recorded(registry, db):
    with opened_root(db, evolution_steps()) as root:
        rules = root["pages"]["rules"]
        registry.notify(ContentChanged(None, rules, root=root))
    assert entries(db) == [("content", rules.uid, None)]


def test_a_deleted_content_item_is_recorded_though_it_is_out_of_the_tree(registry, db):
    with opened_root(db, evolution_steps()) as root:
        service = ContentService(root, FixedClock(NOW), notify=registry.notify)
        folder = service.create(root["pages"], "folder", "en", "", {"title": "Help"}, "ed")
        inner = service.create(folder, "page", "en", "", {"title": "How"}, "ed")
    with opened_root(db, evolution_steps()) as root:
        service = ContentService(root, FixedClock(NOW), notify=registry.notify)
        service.delete(root["pages"]["help"], "ed")
    assert entries(db)[-2:] == [("content", folder.uid, None), ("content", inner.uid, None)]
