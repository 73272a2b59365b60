"""Every way a comment can be refused: the person gets the form back with
their text and one clear message, and nothing is stored."""

import re
from datetime import timedelta

import pytest
from pages import thread_page
from webtest import TestApp

TEXT = "Fifteen jurors are too few for a region as large as Karaganda."


@pytest.fixture
def person(wsgi_app, login, make_user):
    """person("Aigerim") is a signed-in, confirmed citizen with their own cookies."""

    def make(first_name, **kw):
        address = f"{first_name.lower()}@example.kz"
        make_user(address, first_name, "Serikova", **kw)
        app = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
        login(app, address)
        return app

    return make


@pytest.fixture
def slug(make_consultation):
    return make_consultation()


@pytest.fixture
def target(database, slug):
    with database() as root:
        return root["consultations"][slug].current_draft()["3"].target


@pytest.fixture
def stored(database, slug):
    """stored() -> the texts of all comments in the database."""

    def texts():
        with database() as root:
            store = root["consultations"][slug].comments
            return [c.text for c in store.comments.values()]

    return texts


def comment_form(app, slug, target):
    page = thread_page(app, slug, target)
    formid = f"form-thread-{target.replace(':', '-')}"
    return page.forms[formid], formid


def post(app, slug, target, text=TEXT, stance="for"):
    form, formid = comment_form(app, slug, target)
    form["text"] = text
    if stance:
        form[f"{formid}-stance"] = stance
    return form.submit("post")


def posted_id(response):
    assert response.status_int == 303, response.text
    return int(re.search(r"#comment-(\d+)$", response.headers["Location"]).group(1))


def textarea(response):
    return response.html.find("textarea").text


def said(response):
    """The page's text as read, without markup."""
    return " ".join(response.html.get_text().split())


def test_empty_comment(person, slug, target, stored):
    response = post(person("Aigerim"), slug, target, text="   ")
    assert response.status_int == 200
    assert "Please write your comment." in response.text
    assert stored() == []


def test_comment_over_the_limit_is_shown_cut_to_the_limit(person, slug, target, stored):
    long_text = "Жюри. " * 3333 + "end"  # 20 001 characters
    response = post(person("Aigerim"), slug, target, text=long_text)
    assert "Your comment is 20001 characters long; the limit is 10000." in response.text
    # Never more than a comment may hold is sent back (docs/security.md, 6).
    assert textarea(response).strip() == long_text[:10000].strip()
    assert "cut to its first 10000 characters" in response.text
    assert stored() == []


def test_no_stance(person, slug, target, stored):
    response = post(person("Aigerim"), slug, target, stance=None)
    assert "Choose whether you are for, against or neutral." in response.text
    assert TEXT in textarea(response)
    assert stored() == []


def test_closed_stage_shows_why_and_refuses_a_late_form(
    person, slug, target, stored, clock, make_consultation, database
):
    aigerim = person("Aigerim")
    form, formid = comment_form(aigerim, slug, target)
    form["text"] = TEXT
    form[f"{formid}-stance"] = "against"
    clock.advance(timedelta(days=31))  # the White Paper stage closed meanwhile
    response = form.submit("post")
    assert "Comments are not accepted now: this stage is not open." in response.text
    assert TEXT in textarea(response)
    assert stored() == []
    page = thread_page(aigerim, slug, target)
    assert "Comments opened on" in page.text and "and closed on" in page.text
    assert not page.html.find("textarea")

    closed = make_consultation(slug="closed-one", stage_open="closed")
    with database() as root:
        closed_target = root["consultations"][closed].current_draft()["1"].target
    page = thread_page(aigerim, closed, closed_target)
    assert "and closed on" in page.text and not page.html.find("textarea")


def test_forged_csrf_token_keeps_the_text(person, slug, target, stored):
    form, formid = comment_form(person("Aigerim"), slug, target)
    form["text"] = TEXT
    form[f"{formid}-stance"] = "for"
    form["csrf_token"] = "forged"
    response = form.submit("post")
    assert response.status_int == 200
    assert "This form had expired, so nothing was saved yet." in response.text
    assert TEXT in textarea(response)
    assert stored() == []
    # The form now carries a good token: sending it again works.
    assert posted_id(response.forms[formid].submit("post"))
    assert stored() == [TEXT]


def test_reply_deeper_than_three_levels(person, slug, target, stored):
    aigerim = person("Aigerim")
    parent = posted_id(post(aigerim, slug, target, text="Level 1"))
    for level in (2, 3):
        form = aigerim.get(f"/consultations/{slug}/comments/{parent}/reply").forms["reply-form"]
        form["text"] = f"Level {level}"
        parent = posted_id(form.submit("post"))
    page = aigerim.get(f"/consultations/{slug}/comments/{parent}/reply")
    assert "Replies cannot nest deeper than 3 levels." in page.text
    assert "reply-form" not in page.forms
    # A hand-made form pointing at the third level is refused too.
    form, formid = comment_form(aigerim, slug, target)
    form["text"] = "Level 4"
    form[f"{formid}-stance"] = "neutral"
    form["parent"].force_value(str(parent))
    response = form.submit("post")
    assert "Replies cannot nest deeper than 3 levels." in response.text
    assert "Level 4" in textarea(response)
    assert sorted(stored()) == ["Level 1", "Level 2", "Level 3"]


def test_reply_to_a_comment_that_does_not_exist(person, slug, target, stored):
    form, _ = comment_form(person("Aigerim"), slug, target)
    form["text"] = TEXT
    form["parent"].force_value("12345")
    response = form.submit("post")
    assert "The comment you are answering no longer exists." in response.text
    assert stored() == []


def support(app, slug, comment_id):
    page = app.get(f"/consultations/{slug}/comments/{comment_id}/")
    token = page.html.find("input", attrs={"name": "csrf_token"})["value"]
    app.post(
        f"/consultations/{slug}/comments/{comment_id}/support", {"csrf_token": token}, status=303
    )
    return app.get(f"/consultations/{slug}/comments/{comment_id}/")


def test_support_twice_and_support_ones_own(person, slug, target, database):
    aigerim, daniyar = person("Aigerim"), person("Daniyar")
    comment_id = posted_id(post(aigerim, slug, target))
    page = support(daniyar, slug, comment_id)
    assert "Thank you: your support is counted." in said(page)
    assert "Supported by 1" in said(page)
    page = support(daniyar, slug, comment_id)
    assert "You already support this comment." in said(page)
    page = support(aigerim, slug, comment_id)
    assert "You cannot support your own comment." in said(page)
    assert "Supported by 1" in said(page)
    with database() as root:
        assert root["consultations"][slug].comments.get(comment_id).support_count() == 1


def test_support_needs_the_sessions_token(person, slug, target):
    aigerim, daniyar = person("Aigerim"), person("Daniyar")
    comment_id = posted_id(post(aigerim, slug, target))
    daniyar.post(
        f"/consultations/{slug}/comments/{comment_id}/support", {"csrf_token": "forged"}, status=400
    )


def test_edit_after_the_window(person, slug, target, clock, stored):
    aigerim = person("Aigerim")
    comment_id = posted_id(post(aigerim, slug, target))
    form = aigerim.get(f"/consultations/{slug}/comments/{comment_id}/edit").forms["edit-form"]
    form["text"] = "Corrected after a coffee."
    clock.advance(timedelta(minutes=16))
    response = form.submit("save")
    assert (
        "A comment can be edited only by its author, within 15 minutes of posting and "
        "while its stage is open."
    ) in response.text
    assert "Corrected after a coffee." in textarea(response)
    assert stored() == [TEXT]
    page = aigerim.get(f"/consultations/{slug}/comments/{comment_id}/edit")
    assert "This comment can no longer be edited" in page.text
    assert "edit-form" not in page.forms
    thread = thread_page(aigerim, slug, target)
    assert not thread.html.find("a", string="Edit")


def test_edit_within_the_window(person, slug, target, clock, stored):
    aigerim = person("Aigerim")
    comment_id = posted_id(post(aigerim, slug, target))
    clock.advance(timedelta(minutes=14))
    form = aigerim.get(f"/consultations/{slug}/comments/{comment_id}/edit").forms["edit-form"]
    form["text"] = "Corrected in time."
    assert form.submit("save").status_int == 303
    assert stored() == ["Corrected in time."]
    thread = thread_page(aigerim, slug, target)
    assert "edited" in thread.html.find(id=f"comment-{comment_id}").text


def test_only_the_author_edits_or_withdraws(person, app, slug, target, stored):
    aigerim, daniyar = person("Aigerim"), person("Daniyar")
    comment_id = posted_id(post(aigerim, slug, target))
    base = f"/consultations/{slug}/comments/{comment_id}"
    token = daniyar.get(f"{base}/").html.find("input", attrs={"name": "csrf_token"})["value"]
    daniyar.get(f"{base}/withdraw", status=403)
    daniyar.post(f"{base}/withdraw", {"csrf_token": token}, status=403)
    daniyar.get(f"{base}/edit", status=403)
    daniyar.post(f"{base}/edit", {"csrf_token": token, "text": "Mine now"}, status=403)
    assert (
        app.get(f"{base}/withdraw", status=303)
        .headers["Location"]
        .startswith("http://localhost/login?came_from=")
    )
    assert stored() == [TEXT]
    page = thread_page(daniyar, slug, target)
    assert TEXT in page.text


def test_people_who_may_not_comment(app, person, slug, target, stored, make_user, login):
    # Anonymous: a link to sign in that comes back here; a POST is refused.
    page = thread_page(app, slug, target)
    link = page.html.find("a", string="Sign in to comment")["href"]
    assert "came_from=%2Fconsultations%2F" in link
    app.post(f"/consultations/{slug}/comments/post", {"target": target, "text": TEXT}, status=403)
    # Unconfirmed: may write, and is told that it is held until they confirm
    # their address (issue 7; the whole flow: tests/functional/test_held_comments.py).
    unconfirmed = person("Nurlan", confirmed=False)
    page = thread_page(unconfirmed, slug, target)
    assert "Confirm your e-mail address to publish your comments" in page.text
    assert page.html.find("textarea")
    assert stored() == []


def test_report_needs_a_reason(person, slug, target, database):
    comment_id = posted_id(post(person("Aigerim"), slug, target))
    daniyar = person("Daniyar")
    form = daniyar.get(f"/consultations/{slug}/comments/{comment_id}/report").forms["deform"]
    form["reason"] = " "
    response = form.submit("report")
    assert "Please say why you report this comment." in response.text
    with database() as root:
        assert root["consultations"][slug].comments.get(comment_id).report_count() == 0
