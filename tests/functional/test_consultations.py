"""Consultations through the real forms: create, edit, schedule in Almaty time,
publish, the states a reader sees as time passes, local roles, and who may
see what."""

from datetime import UTC, datetime, timedelta

import pytest
from pages import SLUG, create, set_stages, words


@pytest.fixture
def editor(app, make_user, login):
    """Sign the app in as a site-wide editor."""
    make_user("editor@example.kz", "Yerlan", "Zhaksylykov", roles=("editor",))
    login(app, "editor@example.kz")
    return app


def badge(page):
    return page.html.select_one(".badge").get_text(strip=True)


def test_editor_creates_a_consultation(editor, database):
    listing = editor.get("/consultations/")
    assert listing.html.find("a", string="New consultation")["href"].endswith("/add")
    page = create(editor).follow()
    assert page.request.path == f"/consultations/{SLUG}/"
    assert "The consultation is created." in page.text
    assert page.html.h1.get_text(strip=True) == "Open data in ministries"
    assert "Ministry of Digital Development" in page.text
    assert "Tags: data, open government" in words(page)
    assert badge(page) == "Draft, not published"
    assert page.html.find(id="editor-title") is not None
    with database() as root:
        consultation = root["consultations"][SLUG]
        assert consultation.title == {
            "en": "Open data in ministries",
            "ru": "Открытые данные в министерствах",
        }
        assert consultation.summary == {"en": "Which data should ministries publish?\n\nTell us."}
        assert consultation.tags == ("data", "open government")
        # The creator edits it even without a site-wide role.
        assert "editor" in consultation.local_roles[consultation.created_by]


@pytest.mark.parametrize(
    "fields, message",
    [
        (
            {"title_en": "", "title_ru": ""},
            "Give the consultation a title in at least one language.",
        ),
        ({"slug": "Open Data!"}, "The address may use only lowercase Latin letters"),
    ],
)
def test_bad_input_keeps_what_was_typed(editor, database, fields, message):
    response = create(editor, **fields)
    assert response.status_int == 200
    assert message in response.text
    form = response.forms["deform"]
    assert form["organisation"].value == "digital-development"
    assert form["summary_en"].value == "Which data should ministries publish?\n\nTell us."
    assert form["slug"].value == fields.get("slug", SLUG)
    with database() as root:
        assert len(root["consultations"]) == 0


def test_duplicate_address_is_refused(editor, database):
    create(editor)
    response = create(editor, title_en="Another one")
    assert "Another consultation uses this address already." in response.text
    assert response.forms["deform"]["title_en"].value == "Another one"
    with database() as root:
        assert root["consultations"][SLUG].title["en"] == "Open data in ministries"


def test_expired_form_keeps_the_input_and_can_be_sent_again(editor, database):
    form = editor.get("/consultations/add").forms["deform"]
    form["slug"] = SLUG
    form["title_en"] = "Open data in ministries"
    form["organisation"] = "digital-development"
    form["csrf_token"] = "forged"
    response = form.submit("create")
    assert "This form had expired" in response.text
    assert response.forms["deform"]["title_en"].value == "Open data in ministries"
    with database() as root:
        assert len(root["consultations"]) == 0
    response.forms["deform"].submit("create").follow()
    with database() as root:
        assert root["consultations"][SLUG].title == {"en": "Open data in ministries"}


def test_missing_address_is_a_field_error(editor):
    response = create(editor, slug="")
    assert response.status_int == 200
    assert response.html.select_one(".invalid-feedback") is not None
    assert response.forms["deform"]["title_en"].value == "Open data in ministries"


def test_edit_details_and_premoderation(editor, database):
    create(editor)
    form = editor.get(f"/consultations/{SLUG}/edit").forms["deform"]
    assert form["title_ru"].value == "Открытые данные в министерствах"
    assert form["tags"].value == "data, open government"
    form["title_kk"] = "Министрліктердегі ашық деректер"
    form["title_ru"] = ""
    form["premoderation"] = True
    page = form.submit("save").follow()
    assert "The details are saved." in page.text
    assert "Pre-moderation is on" in page.text
    with database() as root:
        consultation = root["consultations"][SLUG]
        assert consultation.title == {
            "en": "Open data in ministries",
            "kk": "Министрліктердегі ашық деректер",
        }
        assert consultation.premoderation is True


def test_stage_dates_are_entered_and_shown_in_almaty_time(editor, database):
    create(editor)
    form = editor.get(f"/consultations/{SLUG}/stages").forms["deform"]
    # A native date-and-time control, labelled, working without JavaScript.
    field = form.html.find("input", attrs={"name": "green_opens"})
    assert field["type"] == "datetime-local"
    assert form.html.find("label", attrs={"for": field["id"]}) is not None
    assert form.html.find("script") is None
    page = set_stages(
        editor,
        green_opens="2026-03-10T09:00",
        green_closes="2026-03-31 18:00",
        white_opens="",
        white_closes="",
    ).follow()
    assert "The stage dates are saved." in page.text
    with database() as root:
        green = root["consultations"][SLUG].stages["green"]
        assert green.opens_at == datetime(2026, 3, 10, 4, 0, tzinfo=UTC)
        assert green.closes_at == datetime(2026, 3, 31, 13, 0, tzinfo=UTC)
    text = words(page)
    assert "Opens on 10 March 2026, 09:00, closes on 31 March 2026, 18:00 (Almaty time)" in text
    assert "Dates not set yet" in text  # the White Paper
    form = editor.get(f"/consultations/{SLUG}/stages").forms["deform"]
    assert form["green_opens"].value == "2026-03-10T09:00"
    assert form["green_closes"].value == "2026-03-31T18:00"


@pytest.mark.parametrize(
    "times, message",
    [
        (
            {"green_opens": "2026-03-31T18:00", "green_closes": "2026-03-10T09:00"},
            "Green Paper: the stage must close after it opens",
        ),
        (
            {"green_opens": "2026-03-10T09:00", "green_closes": ""},
            "Green Paper: the stage must close after it opens, and needs both times or neither.",
        ),
        (
            {"green_opens": "", "white_opens": "2026-03-10T09:00", "white_closes": ""},
            "White Paper: the stage must close after it opens, and needs both times or neither.",
        ),
        (
            {
                "green_opens": "2026-03-10T09:00",
                "green_closes": "2026-03-31T18:00",
                "white_opens": "2026-03-20T09:00",
                "white_closes": "2026-04-20T18:00",
            },
            "The White Paper stage cannot open before the Green Paper stage closes.",
        ),
    ],
)
def test_impossible_dates_are_refused(editor, database, times, message):
    create(editor)
    response = set_stages(editor, **times)
    assert response.status_int == 200
    assert message in response.text
    assert response.forms["deform"]["green_opens"].value == times["green_opens"]
    with database() as root:
        stages = root["consultations"][SLUG].stages
        assert stages["green"].opens_at is None and stages["white"].opens_at is None


def test_unreadable_date_is_a_field_error(editor):
    create(editor)
    response = set_stages(editor, green_opens="next tuesday", green_closes="2026-03-31T18:00")
    assert "Enter a date and a time, for example 2026-03-10 09:00." in response.text
    assert response.forms["deform"]["green_opens"].value == "next tuesday"


def test_states_follow_publication_and_the_clock(editor, clock, database):
    # The clock reads 2 March 2026, 14:00 in Almaty.
    create(editor)
    set_stages(
        editor,
        green_opens="2026-03-05T10:00",
        green_closes="2026-03-20T18:00",
        white_opens="2026-04-01T10:00",
        white_closes="2026-04-30T18:00",
    )
    url = f"/consultations/{SLUG}/"
    assert badge(editor.get(url)) == "Draft, not published"

    confirm = editor.get(url + "publish")
    assert "Green Paper: Opens on 5 March 2026, 10:00" in words(confirm)
    form = confirm.forms["deform"]
    form["confirmed"] = (
        True  # no Kazakh text, nothing to read yet (test_consultations_publishing.py)
    )
    page = form.submit("publish").follow()
    assert "The consultation is published." in page.text
    assert badge(page) == "Scheduled"

    clock.advance(timedelta(days=4))
    page = editor.get(url)
    assert badge(page) == "Open for comments"
    assert "Open for comments until 20 March 2026, 18:00 (Almaty time)" in words(page)
    home = editor.get("/")
    assert "Comments close on" in home.text and "Open data in ministries" in home.text

    clock.advance(timedelta(days=20))
    page = editor.get(url)
    assert badge(page) == "Scheduled"  # between the two stages
    assert "Closed on 20 March 2026, 18:00 (Almaty time)" in words(page)

    clock.advance(timedelta(days=40))
    page = editor.get(url)
    assert badge(page) == "Closed"
    form = editor.get(url + "publish-outcome").forms["deform"]
    form["outcome_en"] = "We received 40 comments.\n\nArticle 3 was rewritten."
    page = form.submit("publish").follow()
    assert badge(page) == "Outcome published"
    outcome = page.html.find(id="outcome")
    assert [p.get_text() for p in outcome.select(".text p")] == [
        "We received 40 comments.",
        "Article 3 was rewritten.",
    ]


def test_outcome_is_refused_while_a_stage_is_open(editor, make_consultation, database):
    make_consultation(SLUG, stage_open="white")
    # Site-wide editors edit every consultation.
    form = editor.get(f"/consultations/{SLUG}/publish-outcome").forms["deform"]
    form["outcome_en"] = "Too early."
    response = form.submit("publish")
    assert "The outcome can be published once all stages have closed." in response.text
    assert response.forms["deform"]["outcome_en"].value == "Too early."
    with database() as root:
        assert root["consultations"][SLUG].outcome == {}


def test_publishing_needs_dates(editor, database):
    create(editor)
    response = editor.get(f"/consultations/{SLUG}/publish").forms["deform"].submit("publish")
    assert "Set the dates of at least one stage before publishing." in response.text
    with database() as root:
        assert root["consultations"][SLUG].published_at is None


def test_documents_and_questions(editor, database):
    create(editor)
    form = editor.get(f"/consultations/{SLUG}/add-document").forms["deform"]
    form["kind"] = "concept"
    form["title_en"] = "Concept of the law"
    form["body_en"] = "First paragraph.\n\nSecond paragraph."
    page = form.submit("add").follow()
    assert page.request.path == f"/consultations/{SLUG}/green/"
    document = page.html.select_one("article.document")
    assert document.h3.get_text(strip=True) == "Concept of the law"
    assert [p.get_text() for p in document.select(".text p")] == [
        "First paragraph.",
        "Second paragraph.",
    ]

    form = editor.get(f"/consultations/{SLUG}/add-question").forms["deform"]
    form["text_ru"] = "Какие данные публиковать в первую очередь?"
    page = form.submit("add").follow()
    with database() as root:
        [question] = root["consultations"][SLUG].stages["green"].questions
    section = page.html.find("section", id=f"question-{question.uid}")
    assert "Какие данные публиковать в первую очередь?" in section.get_text()
    assert section.select_one(".thread") is not None

    form = editor.get(f"/consultations/{SLUG}/add-document").forms["deform"]
    form["kind"] = "statement"
    form["body_en"] = "No title."
    response = form.submit("add")
    assert "Give the document a title in at least one language." in response.text
    with database() as root:
        assert len(root["consultations"][SLUG].stages["white"].documents) == 0


def test_only_administrators_grant_local_roles(app, editor, make_user, login, database):
    create(editor)
    editor.get(f"/consultations/{SLUG}/roles", status=403)
    make_user("admin@example.kz", "Asel", "Nurlanova", roles=("administrator",))
    make_user("expert@example.kz", "Marat", "Omarov")
    app.reset()
    login(app, "admin@example.kz")
    page = app.get(f"/consultations/{SLUG}/")
    assert page.html.find("a", string="Roles on this consultation") is not None
    form = app.get(f"/consultations/{SLUG}/roles").forms["deform"]
    form["email"] = "nobody@example.kz"
    form["role"] = "expert"
    response = form.submit("grant")
    assert "No account uses this e-mail address." in response.text
    form = response.forms["deform"]
    form["email"] = "expert@example.kz"
    page = form.submit("grant").follow()
    assert "Marat O. is now" in page.text
    assert page.html.find("td", string="expert@example.kz") is not None
    with database() as root:
        expert = root["principals"].find_by_email("expert@example.kz")
        assert root["consultations"][SLUG].local_roles[expert.id] == ("expert",)


def test_a_local_editor_edits_only_that_consultation(app, make_user, login, make_consultation):
    userid = make_user("clerk@example.kz", "Dana", "Serik")
    make_consultation("theirs", editor_id=userid)
    make_consultation("other")
    login(app, "clerk@example.kz")
    assert app.get("/consultations/theirs/edit").status_int == 200
    app.get("/consultations/other/edit", status=403)
    app.get("/consultations/add", status=403)
    assert app.get("/consultations/").html.find("a", string="New consultation") is None


def test_unpublished_consultations_are_hidden(app, editor, make_user, login):
    create(editor)
    assert badge(editor.get("/consultations/")) == "Draft, not published"
    editor.reset()
    # Anonymous readers are asked to sign in, and see nothing in the lists.
    for path in ("", "green/", "edit", "stages", "import-draft", "publish"):
        response = app.get(f"/consultations/{SLUG}/{path}", status=303)
        assert "/login" in response.location
    assert "Open data in ministries" not in app.get("/consultations/").text
    assert "Open data in ministries" not in app.get("/").text
    # A signed-in citizen is refused.
    make_user("citizen@example.kz")
    login(app, "citizen@example.kz")
    app.get(f"/consultations/{SLUG}/", status=403)
    app.get(f"/consultations/{SLUG}/green/", status=403)


def test_citizens_read_published_consultations_without_the_editor_panel(
    app, make_user, login, make_consultation
):
    make_consultation(SLUG)
    page = app.get(f"/consultations/{SLUG}/")
    assert page.html.h1.get_text(strip=True) == "Introducing citizens' juries"
    assert page.html.find(id="editor-title") is None
    app.get(f"/consultations/{SLUG}/edit", status=303)
    make_user("citizen@example.kz")
    login(app, "citizen@example.kz")
    app.get(f"/consultations/{SLUG}/edit", status=403)
    app.get(f"/consultations/{SLUG}/publish-outcome", status=403)


def test_home_page_lists_open_consultations_first(app, make_consultation):
    make_consultation("closed-one", stage_open="closed")
    make_consultation("open-one", stage_open="white")
    home = app.get("/")
    assert len(home.html.find_all("h1")) == 1
    sections = home.html.select("ul.cards")
    assert [a["href"] for a in sections[0].select("h3 a")] == [
        "http://localhost/consultations/open-one/"
    ]
    assert [a["href"] for a in sections[1].select("h3 a")] == [
        "http://localhost/consultations/closed-one/"
    ]
    assert home.html.find("a", string="All consultations")["href"].endswith("/consultations/")


def test_administrators_revoke_local_roles(app, editor, make_user, login, database):
    create(editor)
    make_user("admin@example.kz", "Asel", "Nurlanova", roles=("administrator",))
    expert_id = make_user("expert@example.kz", "Marat", "Omarov")
    app.reset()
    login(app, "admin@example.kz")
    form = app.get(f"/consultations/{SLUG}/roles").forms["deform"]
    form["email"] = "expert@example.kz"
    form["role"] = "expert"
    page = form.submit("grant").follow()
    [revoke] = [
        f
        for f in page.forms.values()
        if f.action.endswith("/revoke-role") and f["userid"].value == expert_id
    ]
    page = revoke.submit().follow()
    assert "Marat O. no longer has this role here." in page.text
    with database() as root:
        assert expert_id not in root["consultations"][SLUG].local_roles
    # Revoking again says why nothing happened.
    page = revoke.submit().follow()
    assert "This person does not have that role here." in page.text
    # Editors cannot revoke, even with a valid token.
    app.reset()
    login(app, "editor@example.kz")
    token = app.get("/").forms[0]["csrf_token"].value
    app.post(
        f"/consultations/{SLUG}/revoke-role",
        {"csrf_token": token, "userid": expert_id, "role": "expert"},
        status=403,
    )
