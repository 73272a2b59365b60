"""Draft versions through the real app: an editor publishes version 2 with a
renumbered and a removed article, checks the proposed matching, saves;
comments made on version 1 follow their article, version 1 stays readable,
and the "what changed" page and the article diffs say what changed."""

import factories
import pytest
from samples import DRAFT_TEXT, DRAFT_TEXT_EN
from webtest import TestResponse, Upload

from consult.feedback.services import FeedbackService

SLUG = "citizens-juries"
URL = f"/consultations/{SLUG}/publish-version"

# Version 2: a new article 2 is inserted, so old 2 and 3 become 3 and 4;
# article 3 (now 4) changes "15 to 25" to "12 to 24".
DRAFT_V2_EN = (
    DRAFT_TEXT_EN.replace(
        "Article 2. Purpose",
        "Article 2. Jurors\n\nA juror is a citizen of at least 18 years.\n\nArticle 3. Purpose",
    )
    .replace("Article 3. Composition of the jury", "Article 4. Composition of the jury")
    .replace("15 to 25", "12 to 24")
)
DRAFT_V2_RU = (
    DRAFT_TEXT.replace(
        "Статья 2. Цель",
        "Статья 2. Присяжные\n\nПрисяжный — гражданин не моложе 18 лет.\n\nСтатья 3. Цель",
    )
    .replace("Статья 3. Состав жюри", "Статья 4. Состав жюри")
    .replace("от 15 до 25", "от 12 до 24")
)
# Version 3 drops the article on jurors' definitions (article 1).
DRAFT_V3_EN = (
    DRAFT_V2_EN.split("Article 1. Basic concepts")[0]
    + "Article 2. Jurors"
    + (DRAFT_V2_EN.split("Article 2. Jurors")[1])
)


def said(element):
    if isinstance(element, TestResponse):
        element = element.html
    return " ".join(element.get_text().split())


@pytest.fixture
def editor(app, make_user, login, make_consultation):
    editor_id = make_user("editor@example.kz", "Yerlan", "Zhaksylykov", roles=("editor",))
    make_consultation(SLUG, editor_id=editor_id)
    login(app, "editor@example.kz")
    return app


def post_comment(database, clock, number, text, paragraph=None):
    with database() as root:
        consultation = root["consultations"][SLUG]
        article = consultation.current_draft()[number]
        author = root["principals"].find_by_email("reader@example.kz")
        if author is None:
            author = factories.principal(
                "reader@example.kz",
                "Dana",
                "Nurlanova",
                created=clock.now(),
                confirmed_at=clock.now(),
            )
            root["principals"].add_principal(author)
        target = (
            article.target
            if paragraph is None
            else article.paragraph_target(article.paragraphs[paragraph])
        )
        comment = FeedbackService(clock, {}).post(consultation, target, author, text, "against")
        return comment.id


def publish(app, uploads=(), **texts):
    """Preview a new version; `uploads` are (language index, Upload), since
    deform names every file input "upload" inside its language's mapping."""
    form = app.get(URL).forms["deform"]
    for name, value in texts.items():
        form[name] = value
    for index, upload in uploads:
        form.set("upload", upload, index=index)
    return form.submit("preview")


def uids(database):
    with database() as root:
        drafts = root["consultations"][SLUG].drafts
        return {
            version: {a.number: a.uid for a in drafts[str(version)].articles()}
            for version in (int(key) for key in drafts.keys())
        }


def test_publish_a_new_version_with_renumbered_articles(editor, database):
    page = editor.get(f"/consultations/{SLUG}")
    assert page.html.find("a", string="Publish a new version of the draft")
    form_page = editor.get(URL)
    form = form_page.html.find("form", id="deform")
    for field in form.find_all(["input", "select", "textarea"]):
        if field.get("type") in ("hidden", "submit"):
            continue
        assert form.find("label", attrs={"for": field["id"]}), field
    assert form.find("script") is None

    preview = publish(
        editor,
        text_en=DRAFT_V2_EN,
        text_ru=DRAFT_V2_RU,
        summary_en="Jurors are defined; juries are smaller.",
    )
    assert preview.status_int == 200
    rows = [said(tr) for tr in preview.html.select("table.matching tbody tr")]
    assert rows[0].startswith("Article 1 Article 1. Basic concepts Same article")
    assert "Renumbered: article 2 becomes article 3" in rows[1]
    assert "Renumbered: article 3 becomes article 4" in rows[2]
    assert rows[3] == "None Article 2. Jurors New article"
    # Nothing is saved by a preview.
    assert list(uids(database)) == [1]

    done = preview.forms["save-version"].submit("save")
    assert done.status_int == 303
    changes = done.follow()
    assert changes.request.path == f"/consultations/{SLUG}/drafts/2/changes"
    assert "Version 2 of the draft is published: 4 articles, 1 new, 0 removed." in changes.text
    versions = uids(database)
    assert versions[2]["3"] == versions[1]["2"]
    assert versions[2]["4"] == versions[1]["3"]
    assert versions[2]["1"] == versions[1]["1"]
    assert versions[2]["2"] not in versions[1].values()
    with database() as root:
        draft = root["consultations"][SLUG].current_draft()
        assert draft.version == 2
        assert draft.published_by is not None
        assert draft.summary == {"en": "Jurors are defined; juries are smaller."}
        assert draft["4"].heading == {"en": "Composition of the jury", "ru": "Состав жюри"}

    text = said(changes)
    assert "Jurors are defined; juries are smaller." in text
    assert "Articles added: 1" in text
    assert "Articles renumbered: 2" in text
    assert "Article 2 is now article 3" in text
    assert "Articles unchanged: 1" in text
    diff = changes.html.find(id="changes-article-4")
    assert diff.select_one("del").get_text() == "deleted: 15"
    assert diff.select_one("ins").get_text() == "inserted: 12"
    assert diff.select_one("ins .visually-hidden") is not None


def test_article_page_shows_the_diff(editor, database):
    publish(editor, text_en=DRAFT_V2_EN, text_ru=DRAFT_V2_RU).forms["save-version"].submit("save")
    page = editor.get(f"/consultations/{SLUG}/drafts/2/4/")
    section = page.html.select_one("section.article-changes")
    assert section.h2.get_text() == "Changes since version 1"
    assert "In version 1 this was article 3." in said(section)
    english = section.find("div", attrs={"lang": "en"})
    assert [d.get_text() for d in english.select("del")] == ["deleted: 15", "deleted: 25"]
    assert [i.get_text() for i in english.select("ins")] == ["inserted: 12", "inserted: 24"]
    assert section.find("div", attrs={"lang": "ru"}) is not None
    new = editor.get(f"/consultations/{SLUG}/drafts/2/2/")
    assert "This article is new in version 2." in said(new)


def test_comments_follow_their_article(editor, database, clock, app):
    comment_id = post_comment(database, clock, "3", "Twelve is too few.")
    paragraph_comment = post_comment(database, clock, "3", "Quotas, yes.", paragraph=1)
    publish(editor, text_en=DRAFT_V2_EN, text_ru=DRAFT_V2_RU).forms["save-version"].submit("save")
    page = editor.get(f"/consultations/{SLUG}/drafts/2/4/")
    comment = page.html.find(id=f"comment-{comment_id}")
    mark = comment.select_one(".comment-version")
    assert said(mark) == "Made on the text of version 1"
    assert mark.find("a", string="version 1")["href"].endswith(f"/consultations/{SLUG}/drafts/1/3/")
    # The paragraph kept its uid too.
    with database() as root:
        article = root["consultations"][SLUG].current_draft()["4"]
        uid = article.paragraphs[1].uid
    paragraph = editor.get(f"/consultations/{SLUG}/drafts/2/4/", params={"paragraph": uid})
    marked = paragraph.html.find(id=f"comment-{paragraph_comment}")
    assert said(marked.select_one(".comment-version")) == "Made on the text of version 1"
    # The comment's own page still works.
    editor.get(f"/consultations/{SLUG}/comments/{comment_id}")


def test_old_version_stays_readable(editor, database):
    publish(editor, text_en=DRAFT_V2_EN, text_ru=DRAFT_V2_RU).forms["save-version"].submit("save")
    page = editor.get(f"/consultations/{SLUG}/drafts/1/")
    notice = page.html.select_one(".version-notice")
    assert said(notice) == "This is version 1; the current version is 2. Read the current version"
    assert notice.a["href"].endswith(f"/consultations/{SLUG}/drafts/2/")
    article = editor.get(f"/consultations/{SLUG}/drafts/1/3/")
    notice = article.html.select_one(".version-notice")
    assert notice.a["href"].endswith(f"/consultations/{SLUG}/drafts/2/4/")
    # Comments are read and written on the current version.
    assert article.html.select_one("form[action$='comments/post']") is None
    link = article.html.find(
        "a", string="Read and write comments on this article in the current version"
    )
    assert link["href"].endswith("/drafts/2/4/#comments")
    current = editor.get(f"/consultations/{SLUG}/draft/")
    assert current.html.select_one(".version-notice") is None


def test_removed_article_keeps_its_comments(editor, database, clock):
    comment_id = post_comment(database, clock, "1", "Define the organiser better.")
    publish(editor, text_en=DRAFT_V3_EN).forms["save-version"].submit("save")
    with database() as root:
        draft = root["consultations"][SLUG].current_draft()
        assert [a.number for a in draft.articles()] == ["2", "3", "4"]
    changes = editor.get(f"/consultations/{SLUG}/drafts/2/changes")
    removed = changes.html.find(id="removed-title").parent
    assert "Article 1. Basic concepts (version 1; comments: 1)" in said(removed)
    old = editor.get(removed.a["href"])
    assert "This article was removed from the draft after version 1." in said(old)
    assert old.html.find(id=f"comment-{comment_id}") is not None
    assert old.html.select_one("form[action$='comments/post']") is None
    assert "takes no more comments" in said(old)
    # Kept for the record: no replies either, and its own page names the old text.
    assert old.html.find(id=f"comment-{comment_id}").find("a", string="Reply") is None
    own = editor.get(f"/consultations/{SLUG}/comments/{comment_id}/")
    assert "Article 1 of version 1" in said(own)


def test_a_further_language_is_merged_into_the_new_version(editor, database):
    publish(editor, text_en=DRAFT_V2_EN).forms["save-version"].submit("save")
    form = editor.get(f"/consultations/{SLUG}/import-draft").forms["deform"]
    form["language"] = "ru"
    form["text"] = DRAFT_V2_RU
    form.submit("preview").forms["save-draft"].submit("save")
    versions = uids(database)
    assert list(versions) == [1, 2]
    with database() as root:
        assert root["consultations"][SLUG].drafts["2"]["4"].heading == {
            "en": "Composition of the jury",
            "ru": "Состав жюри",
        }


def test_bad_input_says_why_and_keeps_the_text(editor, database):
    response = publish(
        editor, text_en="Nothing here looks like an article.", summary_en="A summary"
    )
    assert "No article headings were found." in said(response.html.select_one("[role=alert]"))
    assert response.forms["deform"]["text_en"].value == "Nothing here looks like an article."
    assert response.forms["deform"]["summary_en"].value == "A summary"
    response = publish(editor, uploads=[(1, Upload("zakon.docx", b"not a zip"))])
    assert "Русский: This file is not a Word (.docx) document." in said(
        response.html.select_one("[role=alert]")
    )
    response = publish(editor)
    assert "in at least one language" in said(response.html.select_one("[role=alert]"))
    assert list(uids(database)) == [1]


def test_a_file_per_language(editor, database):
    preview = publish(
        editor,
        uploads=[
            (1, Upload("zakon.txt", DRAFT_V2_RU.encode("cp1251"))),
            (2, Upload("law.txt", DRAFT_V2_EN.encode())),
        ],
    )
    assert "Renumbered: article 3 becomes article 4" in said(preview)
    preview.forms["save-version"].submit("save")
    with database() as root:
        assert root["consultations"][SLUG].drafts["2"]["4"].heading == {
            "en": "Composition of the jury",
            "ru": "Состав жюри",
        }


def test_expired_form_keeps_the_preview(editor, database):
    preview = publish(editor, text_en=DRAFT_V2_EN)
    save = preview.forms["save-version"]
    save["csrf_token"] = "forged"
    response = save.submit("save")
    assert "This form had expired" in response.text
    assert list(uids(database)) == [1]
    response.forms["save-version"].submit("save")
    assert list(uids(database)) == [1, 2]


def test_only_editors_publish_versions(app, make_user, login, make_consultation):
    make_consultation(SLUG)
    make_user("citizen@example.kz")
    login(app, "citizen@example.kz")
    app.get(URL, status=403)
    app.get(f"/consultations/{SLUG}/drafts/1/changes")


def test_the_preview_shows_whole_paragraphs_and_headings_in_another_language(editor):
    long = (
        "A juror is a citizen of at least 18 years who lives in the region where the jury "
        "sits and who was drawn by lot from the register of voters."
    )
    text = DRAFT_V2_EN.replace("A juror is a citizen of at least 18 years.", long).replace(
        "Article 3. Purpose", "Article 3. Цель"
    )
    preview = publish(editor, text_en=text)
    assert long in [li.get_text() for li in preview.html.select(".preview-articles li li")]
    warnings = preview.html.find("section", class_="warning")
    assert [said(li) for li in warnings.find_all("li")] == [
        "Article 3: the heading “Article 3. Цель” seems to be in another language "
        "(Русский) than the text (English)."
    ]
