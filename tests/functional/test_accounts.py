"""Register, confirm, sign in and out, reset a password: through the real forms."""

import re

from webtest import TestApp


def link_in(body):
    return re.search(r"http://localhost(/\S+)", body).group(1)


def register(app, email="new@example.kz", password="a good long password", **extra):
    form = app.get("/register").forms["deform"]
    form["first_name"] = "Nurlan"
    form["last_name"] = "Bekov"
    form["email"] = email
    form["password"] = password
    form["password-confirm"] = password
    for key, value in extra.items():
        form[key] = value
    return form.submit("register")


def test_register_confirm_login_logout(app, outbox, login):
    response = register(app)
    assert response.status_int == 303
    page = response.follow()
    assert "We sent a message to new@example.kz" in page.text  # shown only to this person
    assert "Nurlan B." not in page.text  # nobody is signed in before the link is opened
    [body] = outbox.bodies_to("new@example.kz")
    # The link creates the account, confirms it and signs the person in.
    confirmed = app.get(link_in(body)).follow()
    assert "confirmed" in confirmed.text
    assert "Nurlan B." in confirmed.text
    # Sign out, then in again.
    form = confirmed.forms[0]
    assert form.action.endswith("/logout")
    home = form.submit().follow()
    assert "Sign in" in home.text and "Nurlan B." not in home.text
    page = login(app, "new@example.kz", "a good long password")
    assert "Nurlan B." in page.text


def test_bad_registration_keeps_the_input(app, outbox):
    response = register(app, email="not-an-address", password="short")
    assert response.status_int == 200
    assert "This is not a valid e-mail address." in response.text
    assert "Use at least 10 characters." in response.text
    assert 'value="Nurlan"' in response.text
    assert outbox.messages() == []


def test_registering_a_known_address_mails_its_owner(app, make_user, outbox):
    """The same answer as for a new address (docs/security.md, item 5); the
    owner learns of it by mail, with the ways back in."""
    make_user("taken@example.kz")
    response = register(app, email="taken@example.kz")
    assert response.status_int == 303
    assert "We sent a message to taken@example.kz" in response.follow().text
    [body] = outbox.bodies_to("taken@example.kz")
    assert "You already have one" in body
    assert "/login" in body and "/forgot-password" in body


def test_wrong_password(app, make_user):
    make_user("a@example.kz")
    form = app.get("/login").forms["deform"]
    form["email"] = "a@example.kz"
    form["password"] = "wrong password"
    response = form.submit("login")
    assert "The e-mail address or the password is wrong." in response.text
    assert 'value="a@example.kz"' in response.text


def test_forged_csrf_token_keeps_the_form(app):
    form = app.get("/register").forms["deform"]
    form["first_name"] = "Nurlan"
    form["csrf_token"] = "forged"
    response = form.submit("register")
    assert response.status_int == 200
    assert "This form had expired" in response.text
    assert 'value="Nurlan"' in response.text


def test_logout_requires_csrf(app, make_user, login):
    make_user("a@example.kz")
    login(app, "a@example.kz")
    response = app.post("/logout", {"csrf_token": "forged"}, status=400)
    assert "Your session has expired" in response.text


def test_password_reset(app, make_user, outbox, login):
    make_user("a@example.kz")
    form = app.get("/forgot-password").forms["deform"]
    form["email"] = "a@example.kz"
    form.submit("send").follow()
    [body] = outbox.bodies_to("a@example.kz")
    form = app.get(link_in(body)).forms["deform"]
    form["password"] = "my new password 2026"
    form["password-confirm"] = "my new password 2026"
    page = form.submit("reset").follow()
    assert "Your password has been changed." in page.text
    app.reset()
    assert "Aigerim S." in login(app, "a@example.kz", "my new password 2026").text
    # The link works once.
    assert app.get(link_in(body), status=400).status_int == 400


def test_forgot_password_does_not_reveal_accounts(app, outbox):
    form = app.get("/forgot-password").forms["deform"]
    form["email"] = "nobody@example.kz"
    page = form.submit("send").follow()
    assert "If an account uses nobody@example.kz" in page.text
    assert outbox.messages() == []


def test_retried_request_sends_one_mail(app, wsgi_app, outbox, monkeypatch):
    """A conflict on commit makes pyramid_retry run the view again; only the
    attempt that commits may send its confirmation."""
    from ZODB.POSException import ConflictError

    from consult.accounts.services import AccountService

    original = AccountService.register
    calls = []

    def conflicting_register(self, *args):
        principal = original(self, *args)
        calls.append(1)
        if len(calls) == 1:
            raise ConflictError("simulated conflict")
        return principal

    monkeypatch.setattr(AccountService, "register", conflicting_register)
    assert register(app).status_int == 303
    assert len(calls) == 2
    assert len(outbox.bodies_to("new@example.kz")) == 1


def test_account_page_changes_how_the_name_appears(app, make_user, login):
    make_user("a@example.kz")
    login(app, "a@example.kz")
    form = app.get("/account").forms["deform"]
    form["show_full_name"] = True
    page = form.submit("save").follow()
    assert "Aigerim Serikova" in page.text


def test_account_page_needs_sign_in(app):
    assert "/login" in app.get("/account").headers["Location"]


def test_unconfirmed_person_can_ask_for_a_new_link(app, make_user, login, outbox):
    make_user("a@example.kz", confirmed=False)
    login(app, "a@example.kz")
    page = app.get("/account")
    assert "not confirmed yet" in page.text
    [resend] = [
        form for form in page.forms.values() if form.action.endswith("/resend-confirmation")
    ]
    resend.submit().follow()
    assert len(outbox.bodies_to("a@example.kz")) == 1


def test_after_a_stale_token_the_next_submission_succeeds(app):
    form = app.get("/register").forms["deform"]
    form["csrf_token"] = "forged"
    page = form.submit("register")
    form = page.forms["deform"]
    form["first_name"] = "Nurlan"
    form["last_name"] = "Bekov"
    form["email"] = "new@example.kz"
    form["password"] = form["password-confirm"] = "a good long password"
    assert form.submit("register").status_int == 303


def test_reading_pages_does_not_sign_the_session_cookie_again(app, make_user, login, monkeypatch):
    """The cookie is signed again at most every two minutes, not on every
    page: signing it costs every signed-in request a little CPU (issue 6)."""
    import time

    from pyramid import session

    make_user("reader@example.kz")
    login(app, "reader@example.kz")
    later = [0]

    class Clock:  # what pyramid.session sees as the time: `later` seconds on
        @staticmethod
        def time():
            return time.time() + later[0]

    monkeypatch.setattr(session, "time", Clock)
    later[0] = 60
    assert "Set-Cookie" not in app.get("/").headers
    assert "Set-Cookie" not in app.get("/account").headers
    # Still signed in, with the cookie set at sign-in.
    assert "reader@example.kz" in app.get("/account").text
    # Past two minutes the cookie is signed again, so the session lasts.
    later[0] = 200
    assert "Set-Cookie" in app.get("/").headers


def test_a_name_with_an_initial_ends_no_sentence_with_two_full_stops(wsgi_app, make_user, login):
    make_user("asel@example.kz", "Асель", "Тулегенова")
    app = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "ru"})
    login(app, "asel@example.kz")
    page = app.get("/account").forms["deform"].submit("save").follow()
    message = page.html.select_one(".messages").text.strip()
    assert "«Асель Т.»" in message and "Т.." not in message
