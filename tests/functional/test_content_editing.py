"""Web editors write, reviewers publish: the add and edit forms with their
preview, the workflow's guards by role, versions with a diff and revert,
translations and the language switcher, the sanitiser on what editors
write, and private content hidden (404) from everyone else."""

from datetime import timedelta

import pytest
from webtest import TestApp

from consult.audit.models import audit_log_of

EDITOR, REVIEWER, CITIZEN = "editor@gov.kz", "reviewer@gov.kz", "citizen@example.kz"


@pytest.fixture
def people(make_user):
    make_user(EDITOR, "Erlan", "Editor", roles=("editor",))
    make_user(REVIEWER, "Roza", "Reviewer", roles=("reviewer",))
    make_user(CITIZEN, "Aset", "Citizen")


@pytest.fixture
def editor(people, browser):
    return browser(EDITOR)


@pytest.fixture
def reviewer(people, browser):
    return browser(REVIEWER)


def add_page(app, title, body, language="en", kind="page", **extra):
    form = app.get("/pages/@@add", {"kind": kind}).forms["deform"]
    form["title"] = title
    form["body"] = body
    form["language"] = language
    for name, value in extra.items():
        form[name] = value
    return form.submit("save").maybe_follow()


def take_step(app, path, step, comment=""):
    form = app.get(path + "@@workflow").forms["workflow-step"]
    form["comment"] = comment
    return form.submit(step)


def test_an_editor_writes_a_reviewer_publishes(editor, reviewer, browser, database):
    page = add_page(editor, "How to take part", "## Steps\n\nRead the *draft*.")
    assert page.request.path == "/pages/how-to-take-part/"
    assert "It is private until it is published." in page.text
    assert "<em>draft</em>" in page.text and "<h2>Steps</h2>" in page.text
    # Private: readers and citizens get 404, as for a page that does not exist.
    anonymous = browser()
    anonymous.get("/pages/how-to-take-part/", status=404)
    browser(CITIZEN).get("/pages/how-to-take-part/", status=404)
    assert "How to take part" not in anonymous.get("/pages/").text

    # An editor submits but cannot publish: no button, and a forged step is refused.
    workflow = editor.get("/pages/how-to-take-part/@@workflow")
    assert "submit" in workflow.forms["workflow-step"].fields
    assert "publish" not in workflow.forms["workflow-step"].fields
    take_step(editor, "/pages/how-to-take-part/", "submit").follow()
    forged = editor.get("/pages/how-to-take-part/@@workflow").forms["workflow-step"]
    token = forged["csrf_token"].value
    refused = editor.post(
        "/pages/how-to-take-part/@@workflow", {"csrf_token": token, "comment": "", "publish": "1"}
    )
    assert "This step cannot be taken" in refused.text or "You may not" in refused.text
    anonymous.get("/pages/how-to-take-part/", status=404)

    # The reviewer sends it back, which needs a comment, then publishes.
    no_comment = take_step(reviewer, "/pages/how-to-take-part/", "send_back")
    assert "Say what the editor should change." in no_comment.text
    take_step(reviewer, "/pages/how-to-take-part/", "send_back", "Add the deadlines").follow()
    assert "Add the deadlines" in editor.get("/pages/how-to-take-part/@@workflow").text
    take_step(editor, "/pages/how-to-take-part/", "submit")
    take_step(reviewer, "/pages/how-to-take-part/", "publish").follow()
    assert "Read the" in anonymous.get("/pages/how-to-take-part/").text

    with database() as root:
        entries = [entry for entry in audit_log_of(root).entries.values()]
    steps = [(e.action, e.actor_name, e.reason) for e in entries if e.action.startswith("content.")]
    assert steps == [
        ("content.submitted", "Erlan Editor", ""),
        ("content.sent_back", "Roza Reviewer", "Add the deadlines"),
        ("content.submitted", "Erlan Editor", ""),
        ("content.published", "Roza Reviewer", ""),
    ]
    assert all(e.subject == "/pages/how-to-take-part" for e in entries[-4:])


def test_a_reviewer_alone_cannot_write_and_a_citizen_cannot_see_the_tools(people, browser):
    browser(REVIEWER).get("/pages/@@add", {"kind": "page"}, status=403)
    browser(CITIZEN).get("/pages/@@add", {"kind": "page"}, status=403)
    browser().get("/pages/rules/@@workflow", status=303)


def test_preview_without_javascript_saves_nothing(editor):
    form = editor.get("/pages/@@add", {"kind": "news"}).forms["deform"]
    form["title"] = "White Paper open"
    form["body"] = "The **White Paper** is open."
    form["related"] = "/consultations/juries/"
    shown = form.submit("preview")
    assert "<strong>White Paper</strong>" in shown.html.select_one(".preview").decode_contents()
    assert shown.forms["deform"]["body"].value == "The **White Paper** is open."
    editor.get("/pages/white-paper-open/", status=404)
    shown.forms["deform"].submit("save").follow()
    editor.get("/pages/white-paper-open/")


def test_the_live_preview_is_sanitised_and_needs_the_token(editor):
    token = editor.get("/pages/@@add").forms["deform"]["csrf_token"].value
    html = editor.post(
        "/pages/@@preview",
        {"body": "<script>alert(1)</script>ok"},
        headers={"X-CSRF-Token": token},
    ).text
    assert "<script" not in html and "ok" in html
    editor.post("/pages/@@preview", {"body": "x"}, status=400)


@pytest.mark.parametrize(
    "payload, forbidden",
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src="/x.png" onerror="alert(1)">', "onerror"),
        ("[click](javascript:alert(1))", 'href="javascript'),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "javascript:"),
        ("![pixel](data:image/png;base64,iVBORw0KGgo=)", "data:"),
        ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', "data:"),
        ('<p style="background:url(x)" onclick="x()">styled</p>', "onclick"),
        ('<iframe src="https://example.com"></iframe>', "<iframe"),
        ("<svg><script>alert(1)</script></svg>", "<svg"),
    ],
)
def test_what_editors_write_is_sanitised(editor, payload, forbidden):
    page = add_page(editor, "Payload", f"Before\n\n{payload}\n\nAfter")
    body = page.html.select_one(".content-item .body").decode_contents()
    assert forbidden.lower() not in body.lower()
    assert "After" in body


def test_versions_diff_and_revert(editor):
    add_page(editor, "Contact", "Write to info@gov.kz on weekdays.")
    form = editor.get("/pages/contact-2/@@edit").forms["deform"]
    form["body"] = "Write to help@gov.kz on weekdays and Saturdays."
    form["note"] = "New address"
    form.submit("save").follow()
    versions = editor.get("/pages/contact-2/@@versions")
    assert "New address" in versions.text and "Created" in versions.text
    diff = versions.html.select_one(".version-diff")
    assert "info" in diff.select_one("del").text and "help" in diff.select_one("ins").text
    old = editor.get("/pages/contact-2/@@versions", {"from": "2", "to": "1"})
    old.forms["revert"].submit("revert").follow()
    assert "info@gov.kz on weekdays." in editor.get("/pages/contact-2/").text
    listed = editor.get("/pages/contact-2/@@versions").html.select("table.versions tbody tr")
    assert len(listed) == 3 and "Reverted to version 1" in listed[0].text
    editor.get("/pages/contact-2/@@versions", {"from": "1", "to": "9"}, status=400)


def test_an_expired_form_keeps_the_text(editor):
    form = editor.get("/pages/@@add").forms["deform"]
    form["title"] = "Long text"
    form["body"] = "A paragraph I do not want to lose."
    form["csrf_token"] = "stale"
    again = form.submit("save")
    assert "This form had expired" in again.text
    assert again.forms["deform"]["body"].value == "A paragraph I do not want to lose."


def test_translations_and_the_language_switcher(editor, reviewer, wsgi_app):
    add_page(editor, "Как участвовать", "Текст по-русски.", language="ru")
    for step, who in (("submit", editor), ("publish", reviewer)):
        take_step(who, "/pages/kak-uchastvovat/", step)
    form = editor.get("/pages/kak-uchastvovat/@@translate").forms["deform"]
    assert [option[0] for option in form["language"].options] == ["kk", "en"]
    form["language"] = "kk"
    form["title"] = "Қалай қатысуға болады"
    form["body"] = "Қазақша мәтін."
    kk_page = form.submit("save").follow()
    assert kk_page.request.path == "/pages/qalai-qatysuga-bolady/"

    kazakh_reader = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "kk"})
    # The Kazakh translation is private yet: the Russian page says there is none.
    ru_page = kazakh_reader.get("/pages/kak-uchastvovat/")
    note = ru_page.html.select_one(".translation-note")
    assert "Русский" in note.text and note.select("a") == []
    switch = ru_page.html.select_one('a[hreflang="kk"][href*="set-language"]')["href"]
    assert "came_from=%2Fpages%2Fkak-uchastvovat%2F" in switch

    for step, who in (("submit", editor), ("publish", reviewer)):
        take_step(who, "/pages/qalai-qatysuga-bolady/", step)
    ru_page = kazakh_reader.get("/pages/kak-uchastvovat/")
    link = ru_page.html.select_one(".translation-note a")
    assert link["href"].endswith("/pages/qalai-qatysuga-bolady/")
    switch = ru_page.html.select_one('a[hreflang="kk"][href*="set-language"]')["href"]
    landed = kazakh_reader.get(switch).follow()
    assert landed.request.path == "/pages/qalai-qatysuga-bolady/"
    assert "Қазақша мәтін." in landed.text and landed.html.select_one(".translation-note") is None
    # The folder shows a Kazakh reader the Kazakh one only.
    listing = [a.text for a in kazakh_reader.get("/pages/").html.select(".content-list a")]
    assert "Қалай қатысуға болады" in listing and "Как участвовать" not in listing


def test_dates_hide_a_published_item_until_it_takes_effect(editor, reviewer, browser, clock):
    add_page(editor, "Opening soon", "Soon.")
    take_step(reviewer, "/pages/opening-soon/", "publish")
    form = reviewer.get("/pages/opening-soon/@@workflow").forms["dates"]
    form["effective"] = "2026-03-05T09:00"
    form["expires"] = "2026-03-01T09:00"
    refused = form.submit("dates")
    assert "The expiry date must come after the effective date." in refused.text
    form = refused.forms["dates"]
    form["expires"] = ""
    form.submit("dates").follow()
    browser().get("/pages/opening-soon/", status=404)
    clock.advance(timedelta(days=4))
    assert "Soon." in browser().get("/pages/opening-soon/").text


def test_a_consultations_explainers_are_listed_once_published(
    editor, reviewer, browser, make_consultation
):
    make_consultation("citizens-juries")
    add_page(
        editor, "What a citizens' jury does", "Fifteen to 25 people.",
        related="/consultations/citizens-juries/",
    )  # fmt: skip
    reader = browser()
    assert reader.get("/consultations/citizens-juries/").html.select_one(".explainers") is None
    take_step(reviewer, "/pages/what-a-citizens-jury-does/", "publish")
    listed = reader.get("/consultations/citizens-juries/").html.select(".explainers a")
    assert [(a.text, a["href"]) for a in listed] == [
        ("What a citizens' jury does", "http://localhost/pages/what-a-citizens-jury-does/")
    ]
    # No longer about it, it is no longer listed.
    form = editor.get("/pages/what-a-citizens-jury-does/@@edit").forms["deform"]
    form["related"] = ""
    form.submit("save")
    assert reader.get("/consultations/citizens-juries/").html.select_one(".explainers") is None
