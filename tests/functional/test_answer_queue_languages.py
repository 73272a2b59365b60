"""The answer queue's language filter offers Kazakh, Russian and English and
the other languages of the published comments due an answer, each named in
its own language, and keeps the comments in the one chosen."""

import pytest

from consult.feedback.services import FeedbackService

SLUG = "citizens-juries"
TEXTS = {
    "en": "Jurors should be drawn by lot from every resident.",
    "de": "Die Steuern der Gemeinden sind für Familien zu hoch.",
    "zh": "至少他們比計程車乾淨，有禮貌，而且又便宜方便",
    "fr": "Les impôts des communes sont beaucoup trop élevés pour les familles.",
}


@pytest.fixture
def editor(make_user, browser):
    make_user("editor@example.kz", "Erlan", "Editov", roles=("editor",))
    return browser("editor@example.kz")


@pytest.fixture
def posted(database, clock, make_user, make_consultation):
    """{language: comment id}; the French comment is hidden by a moderator."""
    make_consultation(SLUG, stage_open="white")
    make_user("citizen@example.kz", "Nurlan", "Bekov")
    with database() as root:
        consultation = root["consultations"][SLUG]
        author = root["principals"].find_by_email("citizen@example.kz")
        target = consultation.current_draft()["3"].target
        service = FeedbackService(clock, {})
        ids = {}
        for language, text in TEXTS.items():
            comment = service.post(consultation, target, author, text, "for")
            assert comment.language == language
            ids[language] = comment.id
        consultation.comments.set_state(consultation.comments.get(ids["fr"]), "hidden")
    return ids


def options(page):
    select = page.html.find("select", attrs={"name": "language"})
    return [(option["value"], option.get("lang"), option.get_text()) for option in select("option")]


def shown(page):
    return [int(li.find("input")["value"]) for li in page.html.select("li.queue-item")]


def test_the_filter_offers_the_languages_present_by_their_own_names(editor, posted):
    queue = editor.get(f"/consultations/{SLUG}/answer-queue")
    assert options(queue) == [
        ("", None, "All"),
        ("kk", "kk", "Қазақша"),
        ("ru", "ru", "Русский"),
        ("en", "en", "English"),
        ("de", "de", "Deutsch"),
        ("zh", "zh", "中文"),
    ]  # not French: its only comment is hidden


def test_the_filter_keeps_the_comments_in_the_language_chosen(editor, posted):
    url = f"/consultations/{SLUG}/answer-queue"
    for language in ("de", "zh", "en"):
        page = editor.get(url, params={"language": language})
        assert shown(page) == [posted[language]]
        selected = page.html.find("select", attrs={"name": "language"}).find(selected=True)
        assert selected["value"] == language
    # A language no comment due an answer is in: no filter.
    assert len(shown(editor.get(url, params={"language": "fr"}))) == 3
