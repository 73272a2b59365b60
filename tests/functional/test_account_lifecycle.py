"""A person's own account over its life: moving it to another address,
downloading what the site holds about them, closing it while their comments
stay on the record under a pseudonym."""

import json
import re

import pytest
from pages import thread_page

from consult.feedback.services import FeedbackService

CITIZEN = "asel@example.kz"


def link_in(body):
    return re.search(r"http://localhost(/\S+)", body).group(1)


@pytest.fixture
def citizen(make_user, browser):
    make_user(CITIZEN, "Асель", "Тулегенова")
    return browser(CITIZEN)


def write_on_article(app, database, slug, text):
    with database() as root:
        target = root["consultations"][slug].current_draft()["3"].target
    page = thread_page(app, slug, target)
    formid = f"form-thread-{target.replace(':', '-')}"
    form = page.forms[formid]
    form["text"] = text
    form[f"{formid}-stance"] = "for"
    assert form.submit("post").status_int == 303
    return target


def address_on_account_page(app):
    text = " ".join(app.get("/account").html.get_text().split())
    return re.search(r"Your e-mail address, (\S+),", text).group(1)


def change_address(app, email, password="correct horse battery"):
    form = app.get("/change-address").forms["deform"]
    form["email"] = email
    form["password"] = password
    return form.submit("change")


def test_moving_to_another_address(citizen, outbox, browser, make_user):
    wrong = change_address(citizen, "asel.new@example.kz", "not my password")
    assert "Your current password is not right." in wrong.text
    assert wrong.forms["deform"]["email"].value == "asel.new@example.kz"
    assert wrong.forms["deform"]["password"].value == ""

    change_address(citizen, "asel.new@example.kz").follow()
    [mail] = outbox.bodies_to("asel.new@example.kz")
    assert address_on_account_page(citizen) == CITIZEN
    citizen.get(link_in(mail)).follow()
    assert address_on_account_page(citizen) == "asel.new@example.kz"
    [told] = outbox.bodies_to(CITIZEN)
    assert "a***@example.kz" in told and "asel.new" not in told
    # The link is used up; the new address signs in, the old one no longer.
    assert citizen.get(link_in(mail), status=400)
    browser("asel.new@example.kz")
    failed = browser().get("/login").forms["deform"]
    failed["email"], failed["password"] = CITIZEN, "correct horse battery"
    assert "wrong" in failed.submit("login").text


def test_an_address_with_an_account_is_not_revealed(citizen, outbox, make_user):
    make_user("taken@example.kz", "Other", "Person")
    page = change_address(citizen, "taken@example.kz").follow()
    assert "We sent a link to taken@example.kz" in page.text
    [note] = outbox.bodies_to("taken@example.kz")
    assert "already belongs to an account" in note and "http://localhost/login" in note
    assert address_on_account_page(citizen) == CITIZEN


def test_my_data_holds_my_account_and_comments(
    citizen, browser, make_user, make_consultation, database, clock
):
    make_consultation("juries")
    write_on_article(citizen, database, "juries", "Жюри должно быть открытым для всех регионов.")
    make_user("other@example.kz", "Other", "Person")
    make_user("marat@example.kz", "Marat", "Moderov", roles=("moderator",))
    with database() as root:
        consultation = root["consultations"]["juries"]
        target = consultation.current_draft()["3"].target
        people = root["principals"]
        other, me = people.find_by_email("other@example.kz"), people.find_by_email(CITIZEN)
        service = FeedbackService(clock, {})
        supported = service.post(consultation, target, other, "Others' words I support.", "for")
        reported = service.post(consultation, target, other, "Others' words I report.", "for")
        service.support(supported, me)
        service.report(consultation, reported, me, "Off the subject entirely")
        moderator = people.find_by_email("marat@example.kz")
        service.resolve(consultation, reported, moderator, "keep", "Within the rules.")
        ids = supported.id, reported.id
    download = citizen.get("/my-data.json")
    assert download.headers["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(download.text)
    assert data["account"]["email"] == CITIZEN and data["account"]["last_name"] == "Тулегенова"
    [comment] = data["comments"]
    assert comment["text"] == "Жюри должно быть открытым для всех регионов."
    assert comment["consultation"] == "juries" and comment["signed_as"] == "Асель Т."
    assert re.fullmatch(r"/consultations/juries/comments/\d+/", comment["address"])
    assert [v["method"] for v in data["verifications"]] == ["email"]
    # Supports and reports: where they are, never the other person's words.
    assert data["supports"] == [
        {"consultation": "juries", "address": f"/consultations/juries/comments/{ids[0]}/"}
    ]
    [report] = data["reports"]
    assert report["address"] == f"/consultations/juries/comments/{ids[1]}/"
    assert report["reason"] == "Off the subject entirely" and report["decision"] == "approved"
    assert report["moderators_reason"] == "Within the rules." and report["decided"]
    assert "Others' words" not in download.text
    assert "other@example.kz" not in download.text
    assert browser().get("/my-data.json").status_int == 303


def test_closing_keeps_the_comments_under_a_pseudonym(
    citizen, browser, make_consultation, database
):
    make_consultation("juries")
    target = write_on_article(citizen, database, "juries", "Нужны переводчики на казахский язык.")

    form = citizen.get("/close-account").forms["deform"]
    form["password"] = "correct horse battery"
    unticked = form.submit("close")
    assert "Tick the box" in unticked.text
    form = unticked.forms["deform"]
    form["password"] = "wrong one"
    form["understood"] = True
    assert "Your current password is not right." in form.submit("close").text

    form = citizen.get("/close-account").forms["deform"]
    form["password"] = "correct horse battery"
    form["understood"] = True
    home = form.submit("close").follow()
    code = re.search(r"Former participant ([0-9A-F]{6})", home.text).group(1)
    assert "Sign in" in home.text  # signed out

    reader = browser()
    thread = thread_page(reader, "juries", target).text
    assert "Нужны переводчики на казахский язык." in thread
    assert f"Former participant {code}" in thread and "Асель" not in thread
    login = reader.get("/login").forms["deform"]
    login["email"], login["password"] = CITIZEN, "correct horse battery"
    assert "wrong" in login.submit("login").text


def test_closing_forgets_the_person(citizen, database):
    form = citizen.get("/close-account").forms["deform"]
    form["password"] = "correct horse battery"
    form["understood"] = True
    form.submit("close")
    with database() as root:
        principals = root["principals"]
        assert principals.find_by_email(CITIZEN) is None
        [closed] = [p for p in principals.values() if p.closed_at is not None]
        assert (closed.first_name, closed.last_name, closed.password_hash) == ("", "", "")
        assert closed.email.endswith("@closed.invalid") and not closed.sessions


def test_staff_accounts_are_not_closed_by_their_holders(make_user, browser):
    make_user("editor@gov.kz", "Erlan", "Editor", roles=("editor",))
    editor = browser("editor@gov.kz")
    form = editor.get("/close-account").forms["deform"]
    form["password"] = "correct horse battery"
    form["understood"] = True
    assert "Staff accounts are closed by an administrator" in form.submit("close").text
