"""An imported comment in the thread: its author's name as given, its own
date, and how it was received."""

from datetime import UTC, datetime

from pages import thread_page

from consult.feedback.services import FeedbackService


def test_thread_says_how_an_imported_comment_was_received(app, database, make_consultation, clock):
    slug = make_consultation()
    with database() as root:
        consultation = root["consultations"][slug]
        target = consultation.current_draft()["3"].target
        FeedbackService(clock, {}).import_comment(
            consultation,
            target,
            "import:letters:1",
            "Нурлан К.",
            "Пятнадцать присяжных — это мало.",
            "against",
            datetime(2026, 2, 20, 10, 0, tzinfo=UTC),
            "post",
            "key-1",
        )
    page = thread_page(app, slug, target)
    meta = page.html.find("header", class_="comment-meta")
    assert "Нурлан К." in meta.text and "received by post" in meta.text
    assert meta.find("time")["datetime"] == "2026-02-20T10:00:00+00:00"
    assert "Comments: 1" in " ".join(page.html.get_text().split())
    assert not page.html.find("a", string="Edit")
