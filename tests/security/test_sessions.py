"""Item 3 of the security issue: sessions end when they should.

A session cookie copied while someone was signed in (from a shared computer,
a proxy's log, a stolen laptop) is tried again after each event that must
end it; and sessions end on the server's clock after 20 minutes without a
request and 12 hours after sign-in, however active (docs/security.md)."""

import re
from datetime import timedelta

import pytest
from webtest import TestApp

ADMIN = "admin@example.kz"
PERSON = "aigerim@example.kz"
NEW_PASSWORD = "seven pelicans under the bridge"


def link_in(body):
    return re.search(r"http://localhost(/\S+)", body).group(1)


@pytest.fixture
def settings(settings):
    """The code's session limits (the suite's settings stretch them)."""
    return {
        name: value for name, value in settings.items() if not name.startswith("consult.session.")
    }


@pytest.fixture
def visitor(wsgi_app):
    """visitor(cookie=None): a new browser, holding `cookie` as its session."""

    def make(cookie=None):
        app = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
        if cookie is not None:
            app.set_cookie("session", cookie)
        return app

    return make


def signed_in(app):
    """Whether `app`'s cookie signs someone in (the account page, or the
    sign-in page it sends strangers to)."""
    response = app.get("/account")
    if response.status_int == 200:
        return True
    assert "/login" in response.headers["Location"]
    return False


@pytest.fixture
def person(make_user, visitor, login):
    """A signed-in person and a copy of their session cookie."""
    make_user(PERSON, roles=("moderator",))
    app = visitor()
    login(app, PERSON)
    assert signed_in(app)
    return app, app.cookies["session"]


@pytest.fixture
def admin(make_user, visitor, login):
    make_user(ADMIN, "Dana", "Admin", roles=("administrator",))
    app = visitor()
    login(app, ADMIN)
    return app


def userid_of(database, email):
    with database() as root:
        return root["principals"].find_by_email(email).id


def test_a_cookie_copied_before_sign_out_is_refused_after(person, visitor):
    app, copied = person
    assert signed_in(visitor(copied))  # the copy works while the session lives
    [logout] = [f for f in app.get("/account").forms.values() if f.action.endswith("/logout")]
    logout.submit()
    assert not signed_in(app)
    assert not signed_in(visitor(copied))


def test_signing_out_ends_only_that_session(make_user, visitor, login):
    make_user(PERSON)
    phone, laptop = visitor(), visitor()
    login(phone, PERSON)
    login(laptop, PERSON)
    [logout] = [f for f in phone.get("/account").forms.values() if f.action.endswith("/logout")]
    logout.submit()
    assert not signed_in(phone)
    assert signed_in(laptop)


def test_a_password_reset_ends_every_session(person, visitor, outbox):
    app, copied = person
    stranger = visitor()
    form = stranger.get("/forgot-password").forms["deform"]
    form["email"] = PERSON
    form.submit("send")
    [body] = outbox.bodies_to(PERSON)
    form = stranger.get(link_in(body)).forms["deform"]
    form["password"] = form["password-confirm"] = NEW_PASSWORD
    assert form.submit("reset").status_int == 303
    assert signed_in(stranger)  # the link signs in, in a new session
    assert not signed_in(app)
    assert not signed_in(visitor(copied))


def test_a_password_change_ends_every_other_session(person, visitor, make_user, login):
    app, copied = person
    laptop = visitor()
    login(laptop, PERSON)
    form = app.get("/account").forms["password"]
    form["current_password"] = "correct horse battery"
    form["password"] = form["password-confirm"] = NEW_PASSWORD
    page = form.submit("change-password").follow()
    assert "Your password has been changed." in page.text
    assert signed_in(app)  # who changed it goes on, in a new session
    assert app.cookies["session"] != copied
    assert not signed_in(laptop)
    assert not signed_in(visitor(copied))
    assert "Aigerim S." in login(visitor(), PERSON, NEW_PASSWORD).text


def test_a_wrong_current_password_changes_nothing(person, visitor):
    app, copied = person
    form = app.get("/account").forms["password"]
    form["current_password"] = "not my password at all"
    form["password"] = form["password-confirm"] = NEW_PASSWORD
    page = form.submit("change-password")
    assert page.status_int == 200
    assert "Your current password is not right." in page.text
    assert signed_in(visitor(copied))


def test_an_administrator_signs_someone_out_everywhere(person, admin, visitor, database):
    app, copied = person
    page = admin.get("/principals/")
    userid = userid_of(database, PERSON)
    [form] = [
        f
        for f in page.forms.values()
        if f.action.endswith("/end-sessions") and f["userid"].value == userid
    ]
    assert "Aigerim S. is signed out everywhere." in form.submit().follow().text
    assert not signed_in(app)
    assert not signed_in(visitor(copied))
    assert signed_in(admin)


def test_revoking_a_site_wide_role_ends_every_session(person, admin, visitor, database):
    app, copied = person
    page = admin.get("/principals/")
    userid = userid_of(database, PERSON)
    [form] = [
        f
        for f in page.forms.values()
        if f.action.endswith("/roles") and f["userid"].value == userid
    ]
    [moderator] = [field for field in form.fields["roles"] if field._value == "moderator"]
    assert moderator.checked
    moderator.checked = False
    form.submit()
    assert not signed_in(app)
    assert not signed_in(visitor(copied))
    with database() as root:
        assert "moderator" not in root["principals"][userid].roles


def test_revoking_a_role_on_a_consultation_ends_every_session(
    admin, make_user, make_consultation, visitor, login, database
):
    slug = make_consultation()
    make_user("editor@example.kz", "Erlan", "Editor")
    form = admin.get(f"/consultations/{slug}/roles").forms["deform"]
    form["email"], form["role"] = "editor@example.kz", "editor"
    form.submit("grant")
    editor = visitor()
    login(editor, "editor@example.kz")
    copied = editor.cookies["session"]
    page = admin.get(f"/consultations/{slug}/roles")
    [revoke] = [f for f in page.forms.values() if f.action.endswith("/revoke-role")]
    assert revoke["role"].value == "editor"
    revoke.submit()
    assert not signed_in(editor)
    assert not signed_in(visitor(copied))
    assert signed_in(admin)


def test_a_session_ends_after_twenty_idle_minutes(person, visitor, clock):
    app, copied = person
    clock.advance(timedelta(minutes=19))
    assert signed_in(app)  # a request: the idle time starts again
    clock.advance(timedelta(minutes=19))
    assert signed_in(app)
    clock.advance(timedelta(minutes=20, seconds=1))
    assert not signed_in(app)
    assert not signed_in(visitor(copied))


def test_a_session_ends_twelve_hours_after_sign_in_however_active(person, clock):
    app, _copied = person
    for _quarter in range(12 * 4 - 1):
        clock.advance(timedelta(minutes=15))
        assert signed_in(app)
    clock.advance(timedelta(minutes=15))
    assert not signed_in(app)


def test_a_newer_reset_link_makes_the_older_fail(make_user, visitor, outbox):
    make_user(PERSON)
    app = visitor()
    for _request in range(2):
        form = app.get("/forgot-password").forms["deform"]
        form["email"] = PERSON
        form.submit("send")
    older, newer = (link_in(body) for body in outbox.bodies_to(PERSON))
    page = app.get(older, status=400)
    assert "not valid or has expired" in page.text
    form = app.get(newer).forms["deform"]
    form["password"] = form["password-confirm"] = NEW_PASSWORD
    assert form.submit("reset").status_int == 303


def test_a_password_change_revokes_reset_links(person, visitor, outbox):
    app, _copied = person
    form = visitor().get("/forgot-password").forms["deform"]
    form["email"] = PERSON
    form.submit("send")
    [body] = outbox.bodies_to(PERSON)
    form = app.get("/account").forms["password"]
    form["current_password"] = "correct horse battery"
    form["password"] = form["password-confirm"] = NEW_PASSWORD
    form.submit("change-password")
    assert visitor().get(link_in(body), status=400).status_int == 400


def test_signing_in_begins_a_new_session(make_user, visitor, login, database):
    make_user(PERSON)
    app = visitor()
    page = app.get("/login")
    anonymous = app.cookies["session"]
    token_before = page.forms["deform"]["csrf_token"].value
    login(app, PERSON)
    assert app.cookies["session"] != anonymous
    token_after = app.get("/account").forms["deform"]["csrf_token"].value
    assert token_after != token_before
    # The cookie from before sign-in signs nobody in.
    assert not signed_in(visitor(anonymous))
    # Each sign-in has its own session id, on the account; signing in again
    # in the same browser ends the session it had.
    first_cookie = app.cookies["session"]
    login(visitor(), PERSON)
    login(app, PERSON)
    assert app.cookies["session"] != first_cookie
    assert not signed_in(visitor(first_cookie))
    with database() as root:
        assert len(root["principals"].find_by_email(PERSON).sessions) == 2
