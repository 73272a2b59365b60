"""Item 8 of the security issue: passwords follow NIST SP 800-63B. At least
10 characters, no common, leaked or expected password, none containing the
person's name or the local part of their e-mail address; the form says so
before the person fails, at registration, reset and change alike."""

import re

import pytest
from webtest import TestApp

ADVICE = (
    "At least 10 characters. Not a common or leaked password, and not your name or "
    "your e-mail address: several unrelated words make a good one."
)
COMMON = "too common or too easy to guess"
PERSONAL = "The password may not contain your name or your e-mail address."


@pytest.fixture
def visitor(wsgi_app):
    return lambda: TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})


def register(app, password, email="nurlan.b@example.kz"):
    form = app.get("/register").forms["deform"]
    form["first_name"], form["last_name"] = "Nurlan", "Bekov"
    form["email"] = email
    form["password"] = form["password-confirm"] = password
    return form.submit("register")


@pytest.mark.parametrize(
    "password, why",
    [
        ("password1234", COMMON),
        ("1q2w3e4r5t6y", COMMON),
        ("P@ssw0rd2024", COMMON),
        ("nurlan the great 2026", PERSONAL),
        ("bekov family house", PERSONAL),
        ("nurlan.b rides at dawn", PERSONAL),
    ],
)
def test_registration_refuses_and_says_why(visitor, outbox, password, why):
    page = register(visitor(), password)
    assert page.status_int == 200
    error = page.html.select_one(".error, .help-block.error, [id^=error-]")
    assert error is not None and why in error.text
    assert page.forms["deform"]["first_name"].value == "Nurlan"  # nothing typed is lost
    assert outbox.messages() == []


def test_the_rules_are_said_before_anyone_fails(visitor, make_user, login, outbox):
    app = visitor()
    assert ADVICE in app.get("/register").text
    make_user("a@example.kz")
    form = app.get("/forgot-password").forms["deform"]
    form["email"] = "a@example.kz"
    form.submit("send")
    [body] = outbox.bodies_to("a@example.kz")
    link = re.search(r"http://localhost(/\S+)", body).group(1)
    assert ADVICE in app.get(link).text
    login(app, "a@example.kz")
    assert ADVICE in app.get("/account").text


def test_a_good_password_is_accepted(visitor):
    assert register(visitor(), "seven pelicans under the bridge").status_int == 303


def test_a_reset_refuses_a_common_password_or_the_persons_name(visitor, make_user, outbox, login):
    make_user("a@example.kz", "Aigerim", "Serikova")
    app = visitor()
    form = app.get("/forgot-password").forms["deform"]
    form["email"] = "a@example.kz"
    form.submit("send")
    [body] = outbox.bodies_to("a@example.kz")
    link = re.search(r"http://localhost(/\S+)", body).group(1)
    for password, why in (("qwertyuiop123", COMMON), ("serikova forever", PERSONAL)):
        form = app.get(link).forms["deform"]
        form["password"] = form["password-confirm"] = password
        page = form.submit("reset")
        assert page.status_int == 200 and why in page.text
    # The link still works for a good one; the old password is kept until then.
    assert "Aigerim S." in login(visitor(), "a@example.kz").text
    form = app.get(link).forms["deform"]
    form["password"] = form["password-confirm"] = "seven pelicans under the bridge"
    assert form.submit("reset").status_int == 303


def test_a_change_refuses_a_common_password(visitor, make_user, login):
    make_user("a@example.kz", "Aigerim", "Serikova")
    app = visitor()
    login(app, "a@example.kz")
    form = app.get("/account").forms["password"]
    form["current_password"] = "correct horse battery"
    form["password"] = form["password-confirm"] = "iloveyou2024"
    page = form.submit("change-password")
    assert page.status_int == 200 and COMMON in page.text
    assert "Aigerim S." in login(visitor(), "a@example.kz").text  # unchanged


def test_accepting_a_jury_invitation_with_a_new_account_follows_the_same_rules(
    database, clock, browser
):
    """Accepting an invitation creates the account: its password is held to
    the rules of registration, which the form states first."""
    from conftest import PASSWORD
    from world import build_world

    with database() as root:
        world = build_world(root, clock, PASSWORD)
    [invitation] = [link for link in world.links if link.startswith("/juries/")]
    visitor = browser()
    page = visitor.get(invitation)
    assert ADVICE in " ".join(page.text.split())
    for password, why in (
        ("password123", COMMON),
        ("orbit applicant2 cedar", "may not contain your name or your e-mail"),
    ):
        form = visitor.get(invitation).forms["accept"]
        form["password"] = password
        form["password-confirm"] = password
        refused = form.submit("accept")
        assert refused.status_int == 200 and why in " ".join(refused.text.split())
        with database() as root:
            assert root["principals"].find_by_email("applicant2@example.kz") is None
    form = visitor.get(invitation).forms["accept"]
    form["password"] = form["password-confirm"] = "lantern orbit cedar harvest"
    assert form.submit("accept").status_int == 303
    with database() as root:
        assert root["principals"].find_by_email("applicant2@example.kz") is not None
