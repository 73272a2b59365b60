"""Guessing is limited (docs/security.md, 4) for the jury application and the
IIN self-verification: every shipped ini sets the limits, and with those
values (read from development.ini, not copied here) a person or an address
that tries too many IINs gets 429, with their form back but not the IIN."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from functional.test_verification import CENSUS, NOT_LISTED, upload, verify_census
from limits import parse_many
from pyramid.paster import get_appsettings
from security.test_jury_application import FIRST_IIN, first, jury, submit, valid_iin  # noqa: F401
from webtest import TestApp

from consult import iin
from consult.limits import RECOMMENDED, parse_rules

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = [
    "development.ini",
    "etc/production.ini",
    "etc/consult-zeo.ini",
    "etc/consult-relstorage.ini",
]
GUESSING = ("jury_application", "verification")


def shipped_limits(ini):
    settings = get_appsettings(str(ROOT / ini), options={"http_port": "0"})
    return {key: value for key, value in settings.items() if key.startswith("consult.limits.")}


@pytest.mark.parametrize("ini", SHIPPED)
def test_every_shipped_ini_limits_guessing_with_the_recommended_values(ini):
    rules = parse_rules(shipped_limits(ini))
    for action in GUESSING:
        for scope, name in (("account", action), ("address", f"{action}.address")):
            assert rules[(action, scope)], (ini, name)
            assert rules[(action, scope)] == parse_many(RECOMMENDED[name]), (ini, name)


@pytest.fixture
def settings(settings):
    return dict(settings, **shipped_limits("development.ini"))


def limit_of(name):
    """The first (shortest) window of a shipped limit: (amount, seconds)."""
    item = parse_many(shipped_limits("development.ini")[f"consult.limits.{name}"])[0]
    return item.amount, item.get_expiry()


def from_address(wsgi_app, address):
    return TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en", "REMOTE_ADDR": address})


def test_one_address_applies_only_so_often_and_learns_nothing_from_the_refusal(
    first,  # noqa: F811
    wsgi_app,
    clock,
    database,
):
    amount, seconds = limit_of("jury_application.address")
    for number in range(amount):
        response = submit(
            from_address(wsgi_app, "10.0.0.7"),
            iin_value=valid_iin(1000 + number * 3),
            address=f"Astana, Turan avenue {number}",
            email="many@example.org",
        )
        assert response.status_int == 303
    refusals = []
    for iin_value in (valid_iin(2000), FIRST_IIN):  # a new IIN, a known one
        refused = submit(
            from_address(wsgi_app, "10.0.0.7"),
            iin_value=iin_value,
            address="Astana, Turan avenue 99",
            email="many@example.org",
        )
        assert refused.status_int == 429
        assert 0 < int(refused.headers["Retry-After"]) <= seconds
        assert "Many jury applications were sent from your address" in refused.text
        assert "Astana, Turan avenue 99" in refused.text  # the form comes back...
        assert refused.forms["application"]["iin"].value == ""  # ...but not the IIN
        assert iin_value not in refused.text
        assert "no-store" in refused.headers["Cache-Control"]
        refusals.append(refused.html.find("main").get_text(" ", strip=True))
    assert refusals[0] == refusals[1]
    # Another address is not held up; this one is again after the window.
    other = submit(
        from_address(wsgi_app, "10.0.0.8"),
        iin_value=valid_iin(3000),
        address="Astana, Turan avenue 100",
        email="other@example.org",
    )
    assert other.status_int == 303
    clock.advance(timedelta(seconds=seconds + 1))
    again = submit(
        from_address(wsgi_app, "10.0.0.7"),
        iin_value=valid_iin(4000),
        address="Astana, Turan avenue 101",
        email="many@example.org",
    )
    assert again.status_int == 303
    with database() as root:
        assert len(root["juries"]["jury"].applicants) == amount + 3


def test_a_signed_in_person_applies_only_so_often(jury, make_user, browser):  # noqa: F811
    amount, _seconds = limit_of("jury_application")
    make_user("citizen@example.kz")
    citizen = browser("citizen@example.kz")
    for number in range(amount):
        assert (
            submit(
                citizen,
                iin_value=valid_iin(5000 + number * 3),
                address=f"Oral, Dostyk avenue {number}",
                email="citizen@example.kz",
            ).status_int
            == 303
        )
    refused = submit(
        citizen,
        iin_value=valid_iin(6000),
        address="Oral, Dostyk avenue 50",
        email="citizen@example.kz",
    )
    assert refused.status_int == 429


@pytest.fixture
def census(make_user, browser):
    make_user("admin@example.kz", "Asel", "Admin", roles=("administrator",))
    upload(browser("admin@example.kz"), CENSUS)


def wrong_number(serial):
    return next(
        number
        for s in range(serial, serial + 20)
        if (number := iin.make(date(1966, 6, 6), "m", s)) and number != NOT_LISTED
    )


def test_one_account_tries_only_so_many_numbers(census, make_user, browser):
    amount, seconds = limit_of("verification")
    make_user("aliya@example.kz", "Aliya", "Serikova")
    aliya = browser("aliya@example.kz")
    for attempt in range(amount):
        verify_census(aliya, wrong_number(attempt * 20), status=400)
    refused = verify_census(aliya, wrong_number(500), status=429)
    assert 0 < int(refused.headers["Retry-After"]) <= seconds
    assert "Many attempts to verify an identity were made" in refused.text
    assert wrong_number(500) not in refused.text


def test_one_address_tries_only_so_many_numbers_whatever_the_accounts(
    census, make_user, wsgi_app, login
):
    amount, _seconds = limit_of("verification.address")
    per_account, _ = limit_of("verification")
    accounts, tried = [], 0
    while tried < amount:
        email = f"guesser{len(accounts)}@example.org"
        make_user(email, "Guess", "Er")
        app = from_address(wsgi_app, "10.0.0.9")
        login(app, email)
        accounts.append(app)
        for _attempt in range(min(per_account - 1, amount - tried)):
            verify_census(app, wrong_number(tried * 20), status=400)
            tried += 1
    make_user("fresh@example.org", "Fresh", "Account")
    fresh = from_address(wsgi_app, "10.0.0.9")
    login(fresh, "fresh@example.org")
    verify_census(fresh, wrong_number(9000), status=429)
    elsewhere = from_address(wsgi_app, "10.0.0.10")
    login(elsewhere, "fresh@example.org")
    verify_census(elsewhere, wrong_number(9100), status=400)
