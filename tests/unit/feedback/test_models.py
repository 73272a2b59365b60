"""CommentStore with real persistent objects: counts, states, pages."""

import random
from datetime import UTC, datetime, timedelta

import pytest

from consult.feedback.comments import Comment
from consult.feedback.store import CommentStore

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TARGET = "article:abc"


def make(store, author="u1", stance="for", parent=None, target=TARGET, when=NOW, state=None):
    comment = Comment(target, author, "Aigerim S.", "text", stance, when, parent=parent)
    if state is not None:
        comment.state = state
    return store.add(comment, rng=random.Random(len(store)))


def test_counts_follow_every_state_change():
    store = CommentStore()
    first = make(store, stance="for")
    second = make(store, author="u2", stance="against")
    reply = make(store, author="u3", stance="neutral", parent=first)
    assert store.count(TARGET) == 3
    assert store.stance_balance(TARGET) == {"for": 1, "against": 1, "neutral": 0}

    store.set_state(first, "hidden")
    assert store.count(TARGET) == 2
    assert store.stance_balance(TARGET) == {"for": 0, "against": 1, "neutral": 0}
    assert store.state_count("hidden") == 1

    store.set_state(first, "hidden")  # twice changes nothing
    assert store.count(TARGET) == 2

    store.set_state(first, "published")
    assert store.count(TARGET) == 3
    assert store.stance_balance(TARGET)["for"] == 1
    assert store.state_count("hidden") == 0

    store.set_state(reply, "withdrawn")  # a reply counts, but has no stance weight
    assert store.count(TARGET) == 2
    assert store.stance_balance(TARGET) == {"for": 1, "against": 1, "neutral": 0}

    store.set_state(second, "withdrawn")
    assert store.count(TARGET) == 1
    assert store.stance_balance(TARGET) == {"for": 1, "against": 0, "neutral": 0}
    assert store.state_count("withdrawn") == 2
    # Placeholders stay in the thread; the total counts every comment ever made.
    assert store.thread_size(TARGET) == 2
    assert len(store) == 3


def test_a_pending_comment_counts_only_once_approved():
    store = CommentStore()
    comment = make(store, state="pending")
    assert store.count(TARGET) == 0
    assert store.in_state("pending") == [comment]
    store.set_state(comment, "published")
    assert store.count(TARGET) == 1
    assert store.in_state("pending") == []


def test_45_comments_make_pages_of_20_20_5_oldest_first():
    store = CommentStore()
    made = [make(store, author=f"u{i}", when=NOW + timedelta(seconds=i)) for i in range(45)]
    pages, cursor = [], None
    while True:
        page, cursor = store.thread(TARGET, after=cursor, size=20)
        pages.append(page)
        if cursor is None:
            break
    assert [len(page) for page in pages] == [20, 20, 5]
    assert [c for page in pages for c in page] == made


def test_comments_of_one_instant_are_all_kept():
    # A fixed clock or a bulk import gives many comments the same time; none
    # may overwrite another in the time-ordered indexes.
    store = CommentStore()
    rng = random.Random(1)
    made = [
        store.add(Comment(TARGET, f"u{i % 3}", "A", "t", "for", NOW), rng=rng) for i in range(300)
    ]
    for comment in made:
        store.set_state(comment, "hidden")
    assert store.thread_size(TARGET) == 300
    assert store.state_count("hidden") == 300
    page, cursor = store.thread(TARGET, size=1000)
    assert len(page) == 300 and cursor is None
    assert len({c.sort_key for c in made}) == 300


def test_replies_page_and_the_cursor_of_a_comments_page():
    store = CommentStore()
    top = [make(store, author=f"u{i}", when=NOW + timedelta(seconds=i)) for i in range(45)]
    assert store.page_cursor(top[0], 20) == (0, None)
    assert store.page_cursor(top[19], 20) == (19, None)
    assert store.page_cursor(top[20], 20) == (20, top[19].sort_key)
    # Beyond the first page: the page that starts with it.
    assert store.page_cursor(top[44], 20) == (20, top[43].sort_key)
    page, _ = store.thread(TARGET, after=store.page_cursor(top[44], 20)[1], size=20)
    assert page[0] is top[44]

    parent = top[0]
    replies = [
        make(store, author="r", parent=parent, when=NOW + timedelta(minutes=i)) for i in range(25)
    ]
    first, cursor = store.replies_to(parent, size=20)
    rest, end = store.replies_to(parent, after=cursor, size=20)
    assert first + rest == replies and end is None
    assert store.reply_count(parent) == 25
    assert store.page_cursor(replies[22], 20) == (20, replies[21].sort_key)
    assert store.page_cursor(replies[5], 20) == (5, None)


def test_traversal_finds_comments_by_id_only():
    store = CommentStore()
    comment = make(store)
    assert store[str(comment.id)] is comment
    assert comment.__parent__ is store and comment.__name__ == str(comment.id)
    for name in ("nope", "0", str(2**70)):
        with pytest.raises(KeyError):
            store[name]


def test_a_reply_is_one_level_deeper():
    store = CommentStore()
    top = make(store)
    reply = make(store, parent=top)
    deeper = make(store, parent=reply)
    assert (top.depth, reply.depth, deeper.depth) == (1, 2, 3)
    assert deeper.parent_id == reply.id
