"""Item 5 of the security issue: no answer tells whether an address has an
account. Registration answers the same page for a new and a known address
(the known one's owner is mailed instead); nobody is signed in before the
confirmation link is opened, so trying the password one chose cannot tell
them apart either; and a failed sign-in takes as long for an unknown address
as for a wrong password (a dummy argon2 verification)."""

import re
import statistics
import time
from datetime import timedelta

import pytest
from webtest import TestApp

KNOWN = "known@example.kz"
NEW = "new@example.kz"
CHOSEN = "a good long password"


@pytest.fixture
def visitor(wsgi_app):
    return lambda: TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})


def register(app, email, password=CHOSEN):
    form = app.get("/register").forms["deform"]
    form["first_name"], form["last_name"] = "Nurlan", "Bekov"
    form["email"] = email
    form["password"] = form["password-confirm"] = password
    return form.submit("register")


def sign_in(app, email, password):
    form = app.get("/login").forms["deform"]
    form["email"] = email
    form["password"] = password
    return form.submit("login")


def answer(response, email):
    """What a response shows, with the address typed taken out (and the CSRF
    token, which differs per visitor)."""
    page = response.maybe_follow() if response.status_int in (302, 303) else response
    text = re.sub(r'name="csrf_token" value="[^"]*"', "", page.text)
    return response.status_int, response.headers.get("Location"), text.replace(email, "EMAIL")


def test_registration_answers_alike_for_known_and_new_addresses(make_user, visitor, outbox):
    make_user(KNOWN)
    known = register(visitor(), KNOWN)
    new = register(visitor(), NEW)
    assert answer(known, KNOWN) == answer(new, NEW)
    assert known.status_int == 303
    # Each address got one message: the owner of the known one is told.
    [to_known] = outbox.bodies_to(KNOWN)
    [to_new] = outbox.bodies_to(NEW)
    assert "You already have one" in to_known and "/confirm?token=" in to_new


def test_nobody_is_signed_in_before_the_link_is_opened(make_user, visitor, outbox):
    """Registering an address, then signing in with the password one chose,
    fails alike whether the address was new or known."""
    make_user(KNOWN)
    answers = []
    for email in (KNOWN, NEW):
        app = visitor()
        register(app, email)
        assert app.get("/account").status_int == 303  # not signed in
        answers.append(answer(sign_in(app, email, CHOSEN), email))
    assert answers[0] == answers[1]
    assert answers[0][0] == 200 and "The e-mail address or the password is wrong" in answers[0][2]
    # The link of the new address creates the account and signs in.
    [body] = outbox.bodies_to(NEW)
    app = visitor()
    app.get(re.search(r"http://localhost(/\S+)", body).group(1)).follow()
    assert "Nurlan B." in app.get("/account").text


def test_a_failed_sign_in_answers_alike(make_user, visitor):
    make_user(KNOWN)
    wrong = sign_in(visitor(), KNOWN, "not the password at all")
    unknown = sign_in(visitor(), "nobody@example.kz", "not the password at all")
    assert answer(wrong, KNOWN) == answer(unknown, "nobody@example.kz")


def test_a_failed_sign_in_takes_as_long_for_an_unknown_address(make_user, visitor, clock):
    """Real argon2 at the library's cost. Before, the medians were 368 ms for
    a real account and 9 ms for an unknown one; now both verify a hash of
    the same cost. Samples alternate, so that a load spike on this shared
    machine hits both; the medians must agree within a factor of two."""
    make_user(KNOWN)
    app = visitor()
    durations = {KNOWN: [], "nobody@example.kz": []}
    for _round in range(7):
        for email in durations:
            form = app.get("/login").forms["deform"]
            form["email"], form["password"] = email, "not the password at all"
            started = time.perf_counter()
            response = form.submit("login")
            durations[email].append(time.perf_counter() - started)
            assert response.status_int == 200  # a refusal, not a limit
            clock.advance(timedelta(seconds=61))  # below the per-account delay
    known, unknown = (statistics.median(d) for d in durations.values())
    assert 0.5 < unknown / known < 2, (known, unknown)
