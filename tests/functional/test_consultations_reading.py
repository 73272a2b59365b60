"""The public reading pages: Green and White Papers, the draft bill with its
anchors and comment counts, an article with its threads, and text shown in
another language when the reader's is missing."""

import pytest

from consult.feedback.services import FeedbackService

SLUG = "citizens-juries"


@pytest.fixture
def consultation(make_consultation):
    return make_consultation(SLUG, stage_open="white")


def post_comments(database, clock, make_user):
    """On article 3: two comments (for, against) and a reply to the first; one
    neutral comment on its second paragraph."""
    ids = [make_user(f"person{n}@example.kz", f"Person{n}", "Test") for n in range(3)]
    with database() as root:
        consultation = root["consultations"][SLUG]
        people = [root["principals"][userid] for userid in ids]
        article = consultation.current_draft()["3"]
        service = FeedbackService(clock, {})
        first = service.post(consultation, article.target, people[0], "Fifteen is too few.", "for")
        service.post(consultation, article.target, people[1], "Quotas are unfair.", "against")
        service.post(consultation, article.target, people[2], "I agree.", "neutral", parent=first)
        service.post(
            consultation,
            article.paragraph_target(article.paragraphs[1]),
            people[2],
            "Which quotas exactly?",
            "neutral",
        )
        return article.paragraphs[1].uid


def words(element):
    return " ".join(element.get_text().split())


def test_draft_page_has_anchors_contents_and_counts(app, consultation, database, clock, make_user):
    post_comments(database, clock, make_user)
    page = app.get(f"/consultations/{SLUG}/draft/")
    assert len(page.html.find_all("h1")) == 1
    toc = page.html.select_one("nav.toc-nav")
    assert [a["href"] for a in toc.select("a")] == [
        "#section-1",
        "#article-1",
        "#article-2",
        "#article-3",
    ]
    article = page.html.find("article", id="article-3")
    assert words(article.h3) == "Article 3. Composition of the jury"
    assert [p["id"] for p in article.select("p.paragraph")] == ["article-3-p1", "article-3-p2"]
    assert article.find(id="article-3-p2").get_text() == "2. Jurors are drawn by lot with quotas."
    stats = words(article.select_one(".article-stats"))
    # Replies count as comments; the stance balance counts top-level ones.
    assert "Comments: 4" in stats
    assert "For: 1 · Against: 1 · Neutral: 1" in stats
    link = article.find("a", string="Comment on article 3")
    assert link["href"] == f"http://localhost/consultations/{SLUG}/drafts/1/3/#comments"
    assert "Comments: 0" in words(page.html.find("article", id="article-1"))
    # The same draft by its version number.
    assert app.get(f"/consultations/{SLUG}/drafts/1/").html.find(id="article-3-p2") is not None
    assert app.get(f"/consultations/{SLUG}/drafts/").location.endswith(f"/{SLUG}/draft/")


def test_article_page_with_threads(app, consultation, database, clock, make_user):
    paragraph_uid = post_comments(database, clock, make_user)
    page = app.get(f"/consultations/{SLUG}/drafts/1/3/")
    assert words(page.html.h1) == "Article 3. Composition of the jury"
    assert page.html.find(id="article-3-p2") is not None
    link = page.html.find("a", href=lambda h: h and f"paragraph={paragraph_uid}" in h)
    assert words(link) == "Comments on paragraph 2: 1"
    assert link["href"].endswith("#paragraph-comments")
    assert page.html.find("a", rel="prev")["href"].endswith("/drafts/1/2/")
    assert page.html.find("a", rel="next") is None
    thread = page.html.find(id="comments").select_one(".thread")
    assert "Fifteen is too few." in thread.get_text()
    assert "Which quotas exactly?" not in page.text
    assert page.html.find(id="paragraph-comments") is None

    page = app.get(link["href"].split("#")[0])
    section = page.html.find("section", id="paragraph-comments")
    assert "Which quotas exactly?" in section.select_one(".thread").get_text()
    assert "Comments on paragraph 2 of article 3" in section.get_text()
    assert "Fifteen is too few." in page.html.find(id="comments").get_text()


def test_paragraph_links_cite_the_items_number_not_its_place(app, consultation, database):
    """An article that opens with a sentence and lists items "1)", "2)":
    the link under item "1)" is about item 1), not paragraph 2."""
    with database() as root:
        article = root["consultations"][SLUG].current_draft()["1"]
        article.set_paragraph_texts(
            "en",
            [
                "The following terms are used in this Law:",
                "1) citizens' jury: a group of citizens selected by lot;",
                "2) lottery: the random selection of members of a jury.",
            ],
        )
        item = article.paragraphs[1].uid
    page = app.get(f"/consultations/{SLUG}/drafts/1/1/")
    links = page.html.select(".paragraph .article-stats a")
    assert [words(link) for link in links][:3] == [
        "Comments on paragraph 1: 0",
        "Comments on paragraph 1): 0",
        "Comments on paragraph 2): 0",
    ]
    page = app.get(f"/consultations/{SLUG}/drafts/1/1/", params={"paragraph": item})
    assert "Comments on paragraph 1) of article 1" in words(page.html.find(id="paragraph-comments"))


def test_green_paper_shows_documents_and_questions_with_threads(app, make_consultation, database):
    make_consultation(SLUG, stage_open="green")
    with database() as root:
        consultation = root["consultations"][SLUG]
        from consult.consultations.services import ConsultationService

        ConsultationService(root["consultations"], None).add_document(
            consultation, "concept", {"ru": "Концепция"}, {"ru": "Первый абзац.\n\nВторой."}
        )
        [question] = consultation.stages["green"].questions
    page = app.get(f"/consultations/{SLUG}/green/")
    assert len(page.html.find_all("h1")) == 1
    assert "Open for comments until" in words(page.html)
    document = page.html.select_one("article.document")
    assert document.h3.get_text(strip=True) == "Концепция"
    section = page.html.find("section", id=f"question-{question.uid}")
    assert "Should jurors be drawn by lot?" in section.get_text()
    assert section.select_one(".thread") is not None
    assert "Sign in to comment" in section.get_text()


def test_white_paper_links_to_the_draft(app, consultation):
    page = app.get(f"/consultations/{SLUG}/white/")
    link = page.html.find("a", href=f"http://localhost/consultations/{SLUG}/draft/")
    assert words(link) == "Read the draft bill and comment on its articles"
    assert words(link.parent) == "Read the draft bill and comment on its articles (articles: 3)"
    assert app.get(f"/consultations/{SLUG}/outcome/").location.endswith(f"/{SLUG}/#outcome")


def test_kazakh_reader_gets_russian_text_marked_as_such(app, consultation):
    app.set_cookie("_LOCALE_", "kk")
    page = app.get(f"/consultations/{SLUG}/draft/")
    assert page.html.html["lang"] == "kk"
    paragraph = page.html.find(id="article-3-p2")
    assert paragraph["lang"] == "ru"
    assert paragraph.get_text() == "2. Члены жюри отбираются жеребьёвкой с квотами."
    note = page.html.find("article", id="article-3").select_one(".fallback-note")
    assert "Русский" in note.get_text()
    page = app.get(f"/consultations/{SLUG}/")
    assert page.html.h1.span["lang"] == "ru"
    assert page.html.h1.get_text(strip=True) == "О гражданских жюри"
    assert "Русский" in page.html.select_one(".fallback-note").get_text()
    # An English reader reads English, with no note.
    app.set_cookie("_LOCALE_", "en")
    page = app.get(f"/consultations/{SLUG}/draft/")
    assert page.html.find(id="article-3-p2").get("lang") is None
    assert page.html.select_one(".fallback-note") is None


def test_editor_corrects_an_article(app, consultation, make_user, login, database):
    make_user("editor@example.kz", roles=("editor",))
    login(app, "editor@example.kz")
    with database() as root:
        uids = [p.uid for p in root["consultations"][SLUG].current_draft()["3"].paragraphs]
    form = app.get(f"/consultations/{SLUG}/drafts/1/3/edit").forms["deform"]
    assert form["heading_ru"].value == "Состав жюри"
    assert form["paragraphs_en"].value == (
        "1. A jury has from 15 to 25 citizens.\n\n2. Jurors are drawn by lot with quotas."
    )
    form["paragraphs_en"] = (
        "1. A jury has from 21 to 25\ncitizens.\n\n2. Jurors are drawn by lot with quotas."
    )
    page = form.submit("save").follow()
    assert "Article 3 is corrected." in page.text
    assert page.html.find(id="article-3-p1").p.get_text() == "1. A jury has from 21 to 25 citizens."
    with database() as root:
        article = root["consultations"][SLUG].current_draft()["3"]
        assert [p.uid for p in article.paragraphs] == uids
        assert article.paragraphs[0].text["ru"] == "1. В состав жюри входят от 15 до 25 граждан."


def test_article_correction_needs_some_text(app, consultation, make_user, login, database):
    make_user("editor@example.kz", roles=("editor",))
    login(app, "editor@example.kz")
    form = app.get(f"/consultations/{SLUG}/drafts/1/3/edit").forms["deform"]
    form["paragraphs_en"] = ""
    form["paragraphs_ru"] = ""
    response = form.submit("save")
    assert "An article needs its text in at least one language." in response.text
    with database() as root:
        assert len(root["consultations"][SLUG].current_draft()["3"].paragraphs) == 2


def test_readers_cannot_correct_articles(app, consultation):
    app.get(f"/consultations/{SLUG}/drafts/1/3/edit", status=303)
    assert "Correct this article" not in app.get(f"/consultations/{SLUG}/drafts/1/3/").text


def test_unpublished_draft_is_hidden(app, make_consultation, database):
    make_consultation(SLUG)
    with database() as root:
        root["consultations"][SLUG].published_at = None
    for path in ("draft/", "drafts/1/", "drafts/1/3/", "white/"):
        assert "/login" in app.get(f"/consultations/{SLUG}/{path}", status=303).location
