"""An editor creates a consultation, imports its draft bill from a Word file,
checks the preview, saves it, sets the stage dates and publishes; then an
anonymous reader finds the articles on the draft page."""

import re
from datetime import datetime, timedelta

import docx
import pytest
from playwright.sync_api import expect

from consult.layout import LOCAL_ZONE

pytestmark = pytest.mark.browser

SLUG = "citizens-juries"
BILL = [
    ("title", "Закон Республики Казахстан «О гражданских жюри»"),
    ("chapter", "Глава 1. Общие положения"),
    ("article", "Статья 1. Основные понятия"),
    ("text", "1. Гражданское жюри — группа граждан, отобранных по жребию."),
    ("text", "2. Организатор — государственный орган, созвавший жюри."),
    ("article", "Статья 2. Цель"),
    ("text", "Жюри изучает материалы и даёт письменные выводы."),
]


@pytest.fixture
def bill_docx(tmp_path):
    """A real Word file of a Russian draft bill, as a ministry would send it."""
    document = docx.Document()
    for kind, text in BILL:
        if kind == "title":
            document.add_paragraph(text, style="Title")
        elif kind == "chapter":
            document.add_heading(text, level=1)
        elif kind == "article":
            document.add_heading(text, level=2)
        else:
            document.add_paragraph(text)
    path = tmp_path / "zakon-o-grazhdanskih-zhyuri.docx"
    document.save(path)
    return path


def local_input(when):
    """What a person types into a datetime-local control, in Almaty time."""
    return when.astimezone(LOCAL_ZONE).strftime("%Y-%m-%dT%H:%M")


def follow(page, name):
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=True).click()


def submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def test_editor_imports_a_docx_draft_and_publishes(
    editor, bill_docx, page, new_context, sign_in, assert_accessible
):
    sign_in(page, *editor)

    # A new consultation, from the list of consultations.
    page.goto("/consultations/")
    assert_accessible(page)
    follow(page, "New consultation")
    assert_accessible(page)
    page.get_by_label("Address").fill(SLUG)
    page.get_by_role("group", name="English").get_by_label("Title").fill(
        "Introducing citizens' juries"
    )
    page.get_by_role("group", name="Русский").get_by_label("Title").fill("О гражданских жюри")
    page.get_by_label("Organisation", exact=True).select_option("digital-development")
    submit(page, "Create consultation")
    expect(page).to_have_url(re.compile(rf"/consultations/{SLUG}/?$"))
    assert_accessible(page)

    # The draft bill, from a .docx in Russian: preview first, then save.
    follow(page, "Import the draft bill")
    expect(page).to_have_url(re.compile(rf"/consultations/{SLUG}/import-draft$"))
    assert_accessible(page)
    page.get_by_label("Language of the text").select_option("ru")
    page.get_by_label("File", exact=True).set_input_files(bill_docx)
    submit(page, "Preview")
    expect(page.get_by_role("heading", level=1)).to_have_text("Preview of the draft bill")
    preview = page.locator(".preview")
    expect(preview).to_contain_text("Article 1. Основные понятия")
    expect(preview).to_contain_text("Article 2. Цель")
    expect(preview).to_contain_text("Гражданское жюри — группа граждан")
    expect(page.locator("main")).to_contain_text(bill_docx.name)
    assert_accessible(page)
    submit(page, "Save this draft")
    expect(page.get_by_role("status")).to_contain_text("2 articles")
    expect(page.locator("#article-1")).to_be_visible()
    assert_accessible(page)

    # The White Paper open from an hour ago for a month.
    page.goto(f"/consultations/{SLUG}/")
    follow(page, "Set the stage dates")
    assert_accessible(page)
    start = datetime.now(LOCAL_ZONE) - timedelta(hours=1)
    white = page.get_by_role("group", name=re.compile("White Paper"))
    white.get_by_label("Opens").fill(local_input(start))
    white.get_by_label("Closes").fill(local_input(start + timedelta(days=30)))
    submit(page, "Save the dates")
    expect(page.get_by_role("status")).to_contain_text("The stage dates are saved.")
    assert_accessible(page)

    # Publication: no Kazakh text yet, which the editor confirms.
    follow(page, "Publish")
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("There is no Kazakh text for: the title")
    page.get_by_label("I have read the warnings above and want to go ahead.").check()
    submit(page, "Publish now")
    expect(page.get_by_role("status")).to_contain_text("The consultation is published.")
    assert_accessible(page)

    # Anyone, not signed in, now reads the articles.
    reader = new_context().new_page()
    reader.goto(f"/consultations/{SLUG}/draft/?_LOCALE_=ru")
    article = reader.locator("#article-1")
    expect(article).to_contain_text("Основные понятия")
    expect(article).to_contain_text("Гражданское жюри — группа граждан, отобранных по жребию.")
    expect(reader.locator("#article-2")).to_contain_text("Цель")
    assert_accessible(reader)
