"""CommentStore.statistics: the whole store's figures, which the jury
workspace shows, read from the counters."""

import random
from datetime import UTC, datetime

from consult.feedback.comments import Comment
from consult.feedback.store import CommentStore

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def make(store, target, stance, author="u1", parent=None):
    comment = Comment(target, author, "Aigerim S.", "text", stance, NOW, parent=parent)
    return store.add(comment, rng=random.Random(len(store)))


def test_an_empty_store_has_every_stance_at_zero():
    assert CommentStore().statistics() == {
        "total": 0,
        "stances": {"for": 0, "against": 0, "neutral": 0},
    }


def test_figures_add_up_over_every_target_and_follow_moderation():
    store = CommentStore()
    first = make(store, "article:a", "for")
    make(store, "article:a", "against", author="u2")
    make(store, "article:b", "for", author="u3")
    make(store, "paragraph:b:1", "neutral", author="u4")
    make(store, "article:a", "against", author="u5", parent=first)  # a reply: no stance weight

    assert store.statistics() == {
        "total": 5,
        "stances": {"for": 2, "against": 1, "neutral": 1},
    }

    store.set_state(first, "hidden")
    assert store.statistics() == {
        "total": 4,
        "stances": {"for": 1, "against": 1, "neutral": 1},
    }
