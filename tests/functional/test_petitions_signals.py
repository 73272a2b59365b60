"""Burst signals on a petition's signatures through the real app: each
signature goes to the petition's activity log (a SignatureAdded event that
signals hears), and the moderators' invalidation page shows the bursts of
new accounts, of one address and the sudden spike, with their times,
never an address or a name."""

import pytest
from petition_signers import open_petition, verify
from webtest import TestApp

AUTHOR = "author@example.kz"
SIGNERS = tuple(f"s{number}@example.kz" for number in range(3))
MODERATOR = "moderator@example.kz"


@pytest.fixture
def settings(settings):
    return dict(
        settings,
        **{
            "consult.signals.new_accounts": "3",
            "consult.signals.one_address": "3",
            "consult.signals.signature_spike": "3",
        },
    )


@pytest.fixture
def path(database, clock, make_user):
    ids = {email: make_user(email) for email in (AUTHOR, *SIGNERS)}
    make_user(MODERATOR, roles=("moderator",))
    with database() as root:
        for email in SIGNERS:
            verify(root["principals"][ids[email]], clock.now())
        return f"/petitions/{open_petition(root, ids[AUTHOR], clock.now(), threshold=100)}/"


def sign_from(wsgi_app, login, email, path, address):
    app = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en", "REMOTE_ADDR": address})
    login(app, email)
    page = app.get(path)
    form = next(f for f in page.forms.values() if f.action.endswith("/sign"))
    form.submit("sign").follow()


def flags_text(browser, path):
    page = browser(MODERATOR).get(path + "invalidate")
    section = page.html.select_one(".signals")
    return "" if section is None else " ".join(section.text.split())


def test_signatures_from_new_accounts_at_one_address_raise_the_flags(
    wsgi_app, login, browser, path, database
):
    sign_from(wsgi_app, login, SIGNERS[0], path, "10.0.0.9")
    sign_from(wsgi_app, login, SIGNERS[1], path, "10.0.0.9")
    assert flags_text(browser, path) == ""
    sign_from(wsgi_app, login, SIGNERS[2], path, "10.0.0.9")
    text = flags_text(browser, path)
    assert "Many signatures from new accounts" in text
    assert "Many signatures from one address" in text
    assert "A sudden spike of signatures" in text
    assert "3 signatures from" in text and "from new accounts: 100 %" in text
    assert "10.0.0.9" not in text and "s0@" not in text
    with database() as root:
        events = list(root["petitions"][path.strip("/").split("/")[-1]].activity.events())
    assert [event.kind for event in events] == ["signature"] * 3


def test_spread_over_addresses_only_the_spike_and_new_accounts_show(wsgi_app, login, browser, path):
    for number, email in enumerate(SIGNERS):
        sign_from(wsgi_app, login, email, path, f"10.0.0.{number}")
    text = flags_text(browser, path)
    assert "A sudden spike of signatures" in text
    assert "Many signatures from one address" not in text
