"""Item 4 of the security issue: guessing is limited.

These tests run with the code's defaults (the `settings` fixture names no
limit), which every shipped ini also writes out (tests/unit/test_limits.py):
per account a growing delay after 5 and 10 failed sign-ins, then the lock
after 20 in an hour, mailed to the owner with a reset link; per address
stricter than the lock; reset links and registrations per e-mail address."""

import re
from datetime import timedelta

import pytest
from webtest import TestApp

PERSON = "aigerim@example.kz"
PASSWORD = "correct horse battery"
LOCKED = "After many failed sign-ins this account is locked"
LOCK_MAIL = "Your account is locked for a while"


@pytest.fixture
def settings(settings):
    """argon2 at etc/production.ini's cost (these tests check hundreds of
    passwords); the limits are the code's defaults, as the fixture had them."""
    assert not any(name.startswith("consult.limits.") for name in settings)
    return dict(
        settings,
        **{
            "consult.argon2.memory_cost": "19456",
            "consult.argon2.time_cost": "2",
            "consult.argon2.parallelism": "1",
        },
    )


@pytest.fixture
def browser_at(wsgi_app):
    """browser_at("10.0.0.1"): a new browser at that address."""

    def make(address):
        return TestApp(
            wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en", "REMOTE_ADDR": address}
        )

    return make


def attempt(app, email, password):
    form = app.get("/login").forms["deform"]
    form["email"] = email
    form["password"] = password
    return form.submit("login", expect_errors=True)


def signed_in(response):
    return response.status_int == 303


def lock_mails(outbox):
    return [m for m in outbox.messages() if m["Subject"] == LOCK_MAIL]


def test_the_right_password_after_28_wrong_ones_is_refused(make_user, browser_at):
    make_user(PERSON)
    attacker = browser_at("10.0.0.66")
    answers = [attempt(attacker, PERSON, f"guess number {n}").status_int for n in range(28)]
    assert answers[:5] == [200] * 5  # wrong password, said as such
    assert set(answers[5:]) == {429}  # then refused without a check
    response = attempt(attacker, PERSON, PASSWORD)
    assert response.status_int == 429 and not signed_in(response)
    assert int(response.headers["Retry-After"]) > 0


def test_the_delay_grows(make_user, browser_at, clock):
    make_user(PERSON)
    app = browser_at("10.0.0.1")
    for n in range(5):
        assert attempt(app, PERSON, f"wrong {n}").status_int == 200
    refused = attempt(app, PERSON, PASSWORD)
    assert refused.status_int == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert (
        "There were many failed sign-ins in a short time. Please wait 1 min before you try again."
    ) in refused.text
    assert refused.forms["deform"]["email"].value == PERSON  # the form comes back
    clock.advance(timedelta(seconds=61))
    for n in range(5):
        assert attempt(app, PERSON, f"wrong again {n}").status_int == 200
    refused = attempt(app, PERSON, PASSWORD)
    assert refused.status_int == 429
    assert int(refused.headers["Retry-After"]) > 8 * 60  # ten failures: ten minutes
    clock.advance(timedelta(minutes=10))
    assert signed_in(attempt(app, PERSON, PASSWORD))


def guess_from_many_addresses(browser_at, clock, email, count, start=0):
    """`count` wrong passwords for `email`, each from a new address, a
    minute apart (below the per-account delay), as a botnet would."""
    answers = []
    for n in range(start, start + count):
        answers.append(
            attempt(browser_at(f"10.1.{n // 250}.{n % 250}"), email, f"guess number {n}")
        )
        clock.advance(timedelta(seconds=61))
    return answers


def test_many_addresses_lock_the_account_and_its_owner_is_mailed_once(
    make_user, browser_at, clock, outbox, login
):
    make_user(PERSON)
    answers = guess_from_many_addresses(browser_at, clock, PERSON, 20)
    assert [a.status_int for a in answers] == [200] * 20
    assert len(lock_mails(outbox)) == 1
    owner = browser_at("10.0.0.1")
    refused = attempt(owner, PERSON, PASSWORD)
    assert refused.status_int == 429 and LOCKED in refused.text
    assert int(refused.headers["Retry-After"]) > 30 * 60
    # More guesses while locked are not even checked, and mail nobody again.
    more = guess_from_many_addresses(browser_at, clock, PERSON, 5, start=20)
    assert {a.status_int for a in more} == {429}
    [mail] = lock_mails(outbox)
    assert mail["To"] == PERSON
    # The link in the mail lets the owner in at once, lock or not.
    body = mail.get_body(("plain",)).get_content()
    form = owner.get(re.search(r"http://localhost(/\S+)", body).group(1)).forms["deform"]
    form["password"] = form["password-confirm"] = "nine otters sing at dawn"
    assert form.submit("reset").follow().status_int == 200
    assert owner.get("/account").status_int == 200
    # The lock is temporary: an hour after the first guess, passwords work again.
    clock.advance(timedelta(minutes=40))
    assert signed_in(attempt(browser_at("10.0.0.2"), PERSON, "nine otters sing at dawn"))


def test_one_address_cannot_lock_an_account(make_user, browser_at, clock, outbox):
    make_user(PERSON)
    attacker = browser_at("10.0.0.66")
    checked = 0
    for n in range(200):  # a guess a minute for over three hours
        if attempt(attacker, PERSON, f"guess number {n}").status_int == 200:
            checked += 1
        clock.advance(timedelta(seconds=61))
    assert checked <= 40  # the address's day
    assert lock_mails(outbox) == []
    # The owner, elsewhere, waits out at most the account's short delay.
    clock.advance(timedelta(minutes=10))
    assert signed_in(attempt(browser_at("10.0.0.1"), PERSON, PASSWORD))
    assert attempt(attacker, PERSON, PASSWORD).status_int == 429


def test_successful_sign_ins_do_not_count(make_user, browser_at):
    make_user(PERSON)
    app = browser_at("10.0.0.1")
    for _sign_in in range(30):
        assert signed_in(attempt(app, PERSON, PASSWORD))


def test_an_unknown_address_locks_alike_and_mails_nobody(browser_at, clock, outbox):
    answers = guess_from_many_addresses(browser_at, clock, "nobody@example.kz", 20)
    assert [a.status_int for a in answers] == [200] * 20
    refused = attempt(browser_at("10.0.0.1"), "nobody@example.kz", PASSWORD)
    assert refused.status_int == 429 and LOCKED in refused.text
    assert outbox.messages() == []


def ask_reset(app, email):
    form = app.get("/forgot-password").forms["deform"]
    form["email"] = email
    return form.submit("send", expect_errors=True)


def test_reset_links_per_address_asked_for(make_user, browser_at, outbox, clock):
    make_user(PERSON)
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        assert ask_reset(browser_at(address), PERSON).status_int == 303
    refused = ask_reset(browser_at("10.0.0.4"), PERSON)
    assert refused.status_int == 429
    assert "Many reset links were asked for in a short time." in refused.text
    assert refused.forms["deform"]["email"].value == PERSON
    assert len(outbox.bodies_to(PERSON)) == 3
    clock.advance(timedelta(hours=1))
    assert ask_reset(browser_at("10.0.0.4"), PERSON).status_int == 303


def test_reset_links_per_address_of_the_asker(browser_at):
    app = browser_at("10.0.0.9")
    for n in range(10):
        assert ask_reset(app, f"someone{n}@example.kz").status_int == 303
    assert ask_reset(app, "someone10@example.kz").status_int == 429
    assert ask_reset(browser_at("10.0.0.10"), "someone10@example.kz").status_int == 303


def register(app, email):
    form = app.get("/register").forms["deform"]
    form["first_name"], form["last_name"] = "Nurlan", "Bekov"
    form["email"] = email
    form["password"] = form["password-confirm"] = "a good long password"
    return form.submit("register", expect_errors=True)


def test_registrations_per_e_mail_address(browser_at, outbox):
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        assert register(browser_at(address), "target@example.kz").status_int == 303
    refused = register(browser_at("10.0.0.4"), "target@example.kz")
    assert refused.status_int == 429
    assert "This e-mail address was registered several times in a short time." in refused.text
    assert len(outbox.bodies_to("target@example.kz")) == 3
