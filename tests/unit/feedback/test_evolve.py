"""The comments' evolution steps. Step 14 (evolve_review_queue): the queue
of comments awaiting review gets its index, and answered comments that
reports had hidden are shown again, waiting in the queue."""

import random
from datetime import UTC, datetime, timedelta

from stores import with_stores
from ZODB import DB
from ZODB.MappingStorage import MappingStorage

from consult.config import evolution_steps
from consult.consultations.evolve import evolve_1_containers
from consult.consultations.models import Consultation
from consult.feedback import evolve as feedback_evolve
from consult.feedback.comments import Comment, ModerationRecord
from consult.feedback.evolve import evolve_2_comment_languages, evolve_review_queue
from consult.resources import opened_root
from consult.resources.models import Root
from consult.responses.models import Response, Version

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TARGET = "article:abc"


def old_consultation():
    """A consultation whose store is as stored before the review index."""
    consultation = with_stores(Consultation({"en": "Juries"}, {}, {}, (), NOW, "clerk"))
    del consultation.comments.under_review
    return consultation


def comment(consultation, text, rng):
    return consultation.comments.add(
        Comment(TARGET, "author", "Aigerim S.", text, "for", NOW), rng=rng
    )


def auto_hidden(consultation, item):
    """As the old report() left a comment that three reports hid."""
    consultation.comments.set_state(item, "hidden")
    item.record(ModerationRecord("auto-hidden", None, NOW, "3 reports"))
    item.awaiting_review = True


def test_the_step_indexes_the_queue_and_shows_answered_comments_again():
    consultation = old_consultation()
    store = consultation.comments
    rng = random.Random(5)
    answered = comment(consultation, "Answered, then reported.", rng)
    unanswered = comment(consultation, "Reported only.", rng)
    decided = comment(consultation, "Hidden by a moderator.", rng)
    version = Version("rejected", "See article 5.", None, "en", "official", "editor", NOW)
    consultation.responses.add(Response(answered.id, TARGET, version))
    auto_hidden(consultation, answered)
    auto_hidden(consultation, unanswered)
    store.set_state(decided, "hidden")
    decided.record(ModerationRecord("hidden", "moderator", NOW, "Rude"))
    # Before the step the queue finds them among the hidden comments.
    assert {c.id for c in store.review_queue()} == {answered.id, unanswered.id}

    later = NOW + timedelta(days=3)
    assert evolve_review_queue({"consultations": {"one": consultation}}, now=later) == 1
    assert answered.visible and answered.awaiting_review
    assert answered.last_moderation.action == "escalated"
    assert answered.last_moderation.when == later
    assert unanswered.state == "hidden" and unanswered.awaiting_review
    assert decided.state == "hidden" and not decided.awaiting_review
    assert {c.id for c in store.review_queue()} == {answered.id, unanswered.id}
    assert set(store.under_review.values()) == {answered.id, unanswered.id}
    assert store.count(TARGET) == 1  # the answered one counts as shown again
    # Running it again changes nothing.
    assert evolve_review_queue({"consultations": {"one": consultation}}, now=later) == 0
    assert len(answered.moderation) == 2


def test_step_2_records_the_language_of_old_comments():
    root = Root()
    evolve_1_containers(root)
    consultation = with_stores(Consultation({"en": "T"}, {}, {}, (), NOW, "u"))
    root["consultations"].add("c", consultation)
    comment = Comment("article:x", "u", "A B.", "Азаматтық қазылар алқасы туралы пікір", "for", NOW)
    del comment.language  # as stored before step 2: the class default applies
    assert comment.language is None
    consultation.comments.add(comment)
    evolve_2_comment_languages(root)
    assert comment.language == "kk"


def test_step_25_relabels_in_batches_and_feeds_the_index_only_what_changed(monkeypatch):
    # Two comments a savepoint: the step parks its work as it goes.
    monkeypatch.setattr(feedback_evolve, "EVOLVE_BATCH", 2)
    texts = {
        "Die Steuern der Gemeinden sind für Familien zu hoch.": ("en", "de"),
        "至少他們比計程車乾淨，有禮貌，而且又便宜方便": ("ru", "zh"),
        "Азаматтық қазылар алқасы туралы пікір": ("kk", "kk"),
        "Присяжных нужно отбирать жребием.": ("ru", "ru"),
        "Jurors should be drawn by lot.": ("en", "en"),
    }
    database = DB(MappingStorage())
    with opened_root(database, evolution_steps()) as root:
        consultation = with_stores(Consultation({"en": "T"}, {}, {}, (), NOW, "u"))
        root["consultations"].add("c", consultation)
        for text, (old, _new) in texts.items():
            consultation.comments.add(Comment(TARGET, "u", "A B.", text, "for", NOW)).language = old
        root.generation = 24
    with opened_root(database, evolution_steps()) as root:  # evolves
        store = root["consultations"]["c"].comments
        found = {c.text: c.language for c in store.comments.values()}
        assert found == {text: new for text, (_old, new) in texts.items()}
        relabelled = {c.id for c in store.comments.values() if c.language in ("de", "zh")}
    with opened_root(database, evolution_steps()) as root:  # entries are written at commit
        entries = [entry for _key, entry in root.search_changes.since(0)]
        assert sorted(entries) == sorted(("comment", "c", id_) for id_ in relabelled)
    database.close()
