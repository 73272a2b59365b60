"""Importing a draft bill: upload or paste, preview, save; nothing is stored
before "Save this draft", and a file that cannot be read says why."""

import io

import docx
import pytest
from samples import DRAFT_TEXT, DRAFT_TEXT_EN
from webtest import Upload

SLUG = "open-data"
URL = f"/consultations/{SLUG}/import-draft"

MARKDOWN_EN = """\
Law of the Republic of Kazakhstan *"On open data"*

# Chapter 1. General provisions

## Article 1. Basic concepts

1. **Open data** is data anyone may use,
   for any purpose.
2. A *publisher* is a state body that publishes open data.

## Article 2. Scope

This Law applies to every ministry.

## Article 3. Publication

1. Data is published in machine-readable formats.
2. Data is published free of charge.
"""


@pytest.fixture
def editor(app, make_user, login):
    make_user("editor@example.kz", "Yerlan", "Zhaksylykov", roles=("editor",))
    login(app, "editor@example.kz")
    form = app.get("/consultations/add").forms["deform"]
    form["slug"] = SLUG
    form["title_en"] = "Open data"
    form["organisation"] = "digital-development"
    form.submit("create")
    return app


def import_form(app, language, **fields):
    form = app.get(URL).forms["deform"]
    form["language"] = language
    for name, value in fields.items():
        form[name] = value
    return form


def saved_draft(database):
    with database() as root:
        draft = root["consultations"][SLUG].current_draft()
        if draft is None:
            return None
        return {
            article.number: {
                "heading": dict(article.heading),
                "paragraphs": [dict(p.text) for p in article.paragraphs],
            }
            for article in draft.articles()
        }


def word_document(paragraphs):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_form_is_labelled_and_works_without_javascript(editor):
    page = editor.get(URL)
    assert len(page.html.find_all("h1")) == 1
    form = page.html.find("form", id="deform")
    for field in form.find_all(["input", "select", "textarea"]):
        if field.get("type") in ("hidden", "submit"):
            continue
        assert form.find("label", attrs={"for": field["id"]}), field
    assert form.find("input", attrs={"type": "file"})["accept"] == ".txt,.md,.docx"
    assert form.find("script") is None


def test_russian_text_file_preview_then_save(editor, database):
    form = import_form(editor, "ru", upload=Upload("zakon.txt", DRAFT_TEXT.encode("cp1251")))
    preview = form.submit("preview")
    assert preview.status_int == 200
    assert preview.html.h1.get_text(strip=True) == "Preview of the draft bill"
    text = " ".join(preview.html.get_text().split())
    assert "From the file zakon.txt" in text
    assert "Articles: 3" in text
    assert "Article 3. Состав жюри (paragraphs: 2)" in text
    assert "2. Члены жюри отбираются жеребьёвкой с квотами." in text
    # Nothing is saved by a preview.
    assert saved_draft(database) is None

    save = preview.forms["save-draft"]
    assert save["language"].value == "ru"
    assert "Статья 3. Состав жюри" in save["text"].value
    page = save.submit("save").follow()
    assert page.request.path == f"/consultations/{SLUG}/draft/"
    assert "The draft text is saved (Русский): 3 articles." in page.text
    assert page.html.find(id="article-3") is not None
    assert page.html.find(id="article-3-p2").get_text() == (
        "2. Члены жюри отбираются жеребьёвкой с квотами."
    )
    draft = saved_draft(database)
    assert draft["3"]["heading"] == {"ru": "Состав жюри"}
    assert len(draft["1"]["paragraphs"]) == 2


def test_english_markdown_paste(editor, database):
    form = import_form(editor, "en", text=MARKDOWN_EN, text_format="markdown")
    preview = form.submit("preview")
    save = preview.forms["save-draft"]
    page = save.submit("save").follow()
    assert page.html.find(id="article-3-p2").get_text() == "2. Data is published free of charge."
    # Markup is gone and wrapped lines are joined.
    assert page.html.find(id="article-1-p1").get_text() == (
        "1. Open data is data anyone may use, for any purpose."
    )
    assert page.html.select_one(".preamble").get_text(strip=True) == (
        'Law of the Republic of Kazakhstan "On open data"'
    )
    toc = page.html.select_one("nav.toc-nav")
    assert [a["href"] for a in toc.select("a")] == [
        "#section-1",
        "#article-1",
        "#article-2",
        "#article-3",
    ]
    assert saved_draft(database)["2"]["paragraphs"] == [
        {"en": "This Law applies to every ministry."}
    ]


def test_kazakh_word_document(editor, database):
    data = word_document(
        [
            "Ашық деректер туралы Заң",
            "1-тарау. Жалпы ережелер",
            "1-бап. Негізгі ұғымдар",
            "1. Ашық деректер – кез келген адам пайдалана алатын деректер.",
            "2-бап. Қолданылу аясы",
            "Осы Заң барлық министрліктерге қолданылады.",
            "3-бап. Жариялау",
            "1. Деректер машинамен оқылатын пішімдерде жарияланады.",
            "2. Деректер тегін жарияланады.",
        ]
    )
    form = import_form(editor, "kk", upload=Upload("zan.docx", data))
    preview = form.submit("preview")
    assert "From the file zan.docx" in " ".join(preview.html.get_text().split())
    save = preview.forms["save-draft"]
    assert "3-бап. Жариялау" in save["text"].value  # Kazakh heading style
    page = save.submit("save").follow()
    assert page.html.find(id="article-3-p2").get_text() == "2. Деректер тегін жарияланады."
    assert saved_draft(database)["1"]["heading"] == {"kk": "Негізгі ұғымдар"}


def test_a_file_that_is_not_a_word_document(editor, database):
    form = import_form(editor, "ru", upload=Upload("zakon.docx", b"not a zip"))
    response = form.submit("preview")
    assert response.status_int == 200
    assert response.html.select_one("[role=alert]").get_text(strip=True) == (
        "This file is not a Word (.docx) document. Save it as .docx, or paste the text."
    )
    assert response.forms["deform"]["language"].value == "ru"
    assert "save-draft" not in response.forms
    assert saved_draft(database) is None


def test_text_without_articles_keeps_the_pasted_text(editor, database):
    pasted = "Закон о чём-то\n\nЗдесь нет ни одной статьи."
    response = import_form(editor, "ru", text=pasted).submit("preview")
    assert "No article headings were found." in response.text
    assert response.forms["deform"]["text"].value == pasted
    assert saved_draft(database) is None


def test_nothing_chosen(editor, database):
    response = import_form(editor, "en").submit("preview")
    assert "Choose a file or paste the text of the draft." in response.text
    assert saved_draft(database) is None


def test_language_is_required(editor, database):
    form = editor.get(URL).forms["deform"]
    form["text"] = DRAFT_TEXT
    response = form.submit("preview")
    assert response.html.select_one(".invalid-feedback") is not None
    assert response.forms["deform"]["text"].value == DRAFT_TEXT.strip()
    assert saved_draft(database) is None


def test_expired_form_on_save_keeps_the_preview(editor, database):
    preview = import_form(editor, "ru", text=DRAFT_TEXT).submit("preview")
    save = preview.forms["save-draft"]
    save["csrf_token"] = "forged"
    response = save.submit("save")
    assert "This form had expired" in response.text
    assert saved_draft(database) is None
    # The preview is still there with a fresh token: saving now works.
    response.forms["save-draft"].submit("save").follow()
    assert saved_draft(database)["3"]["heading"] == {"ru": "Состав жюри"}


def test_second_language_is_merged_by_article_number(editor, database):
    import_form(editor, "ru", text=DRAFT_TEXT).submit("preview").forms["save-draft"].submit("save")
    with database() as root:
        uid = root["consultations"][SLUG].current_draft()["3"].uid
    preview = import_form(editor, "en", text=DRAFT_TEXT_EN).submit("preview")
    assert "Saving replaces this language's text in the current draft." in preview.text
    preview.forms["save-draft"].submit("save")
    draft = saved_draft(database)
    assert draft["3"]["heading"] == {"ru": "Состав жюри", "en": "Composition of the jury"}
    assert draft["3"]["paragraphs"][1] == {
        "ru": "2. Члены жюри отбираются жеребьёвкой с квотами.",
        "en": "2. Jurors are drawn by lot with quotas.",
    }
    with database() as root:
        assert root["consultations"][SLUG].current_draft()["3"].uid == uid


def test_only_editors_import(app, make_user, login, make_consultation):
    make_consultation(SLUG)
    app.get(URL, status=303)
    make_user("citizen@example.kz")
    login(app, "citizen@example.kz")
    app.get(URL, status=403)


MIXED_RU = """\
Статья 1. Цель

1. Настоящий Закон определяет порядок созыва гражданских жюри, отбора их членов \
жеребьёвкой с квотами по полу, возрасту и региону, а также порядок рассмотрения их \
рекомендаций государственными органами.

Статья 2. Scope

1. This Law applies to every ministry.
"""


def test_the_preview_shows_whole_paragraphs_and_warns_of_headings_in_another_language(
    editor, database
):
    preview = import_form(editor, "ru", text=MIXED_RU).submit("preview")
    warnings = preview.html.find("section", class_="warning")
    assert warnings.h2.get_text(strip=True) == "Headings in another language"
    assert [" ".join(li.get_text().split()) for li in warnings.find_all("li")] == [
        "Article 2: the heading “Статья 2. Scope” seems to be in another language "
        "(English) than the text (Русский)."
    ]
    paragraphs = [li.get_text() for li in preview.html.select(".preview-articles li li")]
    assert paragraphs[0].endswith("рассмотрения их рекомендаций государственными органами.")
    assert "…" not in preview.html.select_one(".preview").get_text()
    # A warning only: the draft can still be saved as it is.
    assert preview.forms["save-draft"].submit("save").status_int == 303
    assert saved_draft(database)["2"]["heading"] == {"ru": "Scope"}


def test_headings_in_the_language_of_the_text_raise_no_warning(editor):
    preview = import_form(editor, "ru", text=DRAFT_TEXT).submit("preview")
    assert preview.html.find("section", class_="warning") is None
    kazakh = import_form(editor, "kk", text="Статья 1. Мақсаты\n\nБұл Заң алқабилерді реттейді.")
    warning = kazakh.submit("preview").html.find("section", class_="warning")
    assert "“Статья 1. Мақсаты” seems to be in another language (Русский)" in " ".join(
        warning.get_text().split()
    )
