"""A thread as a reader reads it: its comments and each comment's replies in
the order they were written, whatever order they reached the store in, and
the replies under a hidden comment as ordinary replies."""

from datetime import timedelta

import pytest
from pages import thread_page

from consult.clock import FixedClock
from consult.feedback.services import FeedbackService


@pytest.fixture
def post(database, clock, make_user):
    """post(slug, target, text, minutes, parent=None) stores a comment written
    `minutes` after the test's now (comments that arrive out of order: letters
    imported later, say); returns its id."""
    make_user("seeder@example.kz", "Seeder", "Seedova")

    def make(slug, target, text, minutes, parent=None):
        with database() as root:
            consultation = root["consultations"][slug]
            author = root["principals"].find_by_email("seeder@example.kz")
            written = FixedClock(clock.now() + timedelta(minutes=minutes))
            comment = FeedbackService(written, {}).post(
                consultation,
                target,
                author,
                text,
                "neutral",
                parent=consultation.comments.get(parent) if parent else None,
            )
            return comment.id

    return make


def article_target(database, slug):
    with database() as root:
        return root["consultations"][slug].current_draft()["3"].target


def ids_in(listing):
    """The comment ids of a list of comments (`ol`), in the order shown."""
    return [int(li.article["id"].split("-")[1]) for li in listing.find_all("li", recursive=False)]


def test_comments_and_replies_read_oldest_first(app, database, make_consultation, post):
    slug = make_consultation()
    target = article_target(database, slug)
    later = post(slug, target, "Written second.", 60)
    first = post(slug, target, "Written first.", 10)
    late_reply = post(slug, target, "A reply written last.", 300, parent=first)
    early_reply = post(slug, target, "A reply written early.", 20, parent=first)
    middle_reply = post(slug, target, "A reply written in between.", 120, parent=first)
    page = thread_page(app, slug, target)
    assert ids_in(page.html.find("ol", class_="comments")) == [first, later]
    replies = page.html.find(id=f"comment-{first}").find_parent("li").find("ol", class_="replies")
    assert ids_in(replies) == [early_reply, middle_reply, late_reply]


def test_replies_to_a_hidden_comment_read_as_ordinary_replies(
    app, database, clock, make_consultation, make_user, post
):
    slug = make_consultation()
    target = article_target(database, slug)
    hidden = post(slug, target, "Names a neighbour's home address.", 10)
    reply = post(slug, target, "Please keep addresses out of this.", 20, parent=hidden)
    moderator = make_user("moderator@example.kz", "Mira", "Moderova", roles=("moderator",))
    with database() as root:
        consultation = root["consultations"][slug]
        FeedbackService(clock, {}).hide(
            consultation,
            consultation.comments.get(hidden),
            root["principals"].get(moderator),
            "Personal data.",
        )
    page = thread_page(app, slug, target)
    hidden_article = page.html.find(id=f"comment-{hidden}")
    assert "comment-hidden" in hidden_article["class"]
    assert "Hidden by a moderator" in hidden_article.get_text()
    assert "home address" not in page.text
    # The reply is neither inside the hidden comment's article (its label,
    # its muted style) nor styled as hidden itself.
    reply_article = page.html.find(id=f"comment-{reply}")
    assert reply_article.find_parent("article") is None
    assert reply_article["class"] == ["comment", "comment-published"]
    assert "Please keep addresses out of this." in reply_article.get_text()
    assert hidden_article.find_parent("li").find("ol", class_="replies") is not None
