"""The abuse limits on petitions through the real app: drafting, sponsoring
and signing past a limit is refused with 429, Retry-After and a clear
message, and keeps nothing (the draft form comes back with its text)."""

import pytest
from petition_signers import open_petition, verify
from webtest import TestApp

from consult.organisations.services import OrganisationService
from consult.petitions.models import SPONSORING, Petition

AUTHOR = "author@example.kz"
PEOPLE = ("alma@example.kz", "bolat@example.kz", "dana@example.kz")


@pytest.fixture
def settings(settings):
    return dict(
        settings,
        **{
            "consult.limits.petition_draft": "1/hour",
            "consult.limits.petition_sponsor": "1/hour",
            "consult.limits.petition_sign": "2/hour",
            "consult.limits.petition_sign.address": "3/hour",
            "consult.petitions.sponsors": "10",
        },
    )


@pytest.fixture
def ids(database, clock, make_user):
    found = {email: make_user(email) for email in (AUTHOR, *PEOPLE)}
    with database() as root:
        for userid in found.values():
            verify(root["principals"][userid], clock.now())
    return found


def person(wsgi_app, login, email, address="10.0.0.1"):
    app = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en", "REMOTE_ADDR": address})
    login(app, email)
    return app


def petition_names(database):
    with database() as root:
        return sorted(root["petitions"].keys())


def test_drafting_past_the_limit_gives_the_form_back(wsgi_app, login, ids, database):
    app = person(wsgi_app, login, AUTHOR)
    with database() as root:
        ministry = OrganisationService(root["organisations"]).for_ministry({"en": "Ministry"})
        addressee = ministry.name

    def draft(title):
        form = app.get("/petitions/new").forms["deform"]
        form["title"] = title
        form["text"] = "The courts' decisions are hard to find."
        form["asks"] = "Publish every decision"
        form["addressee"] = addressee
        return form.submit("draft", status="*")

    assert draft("Open the courts' decisions").status_int == 303
    refused = draft("Publish the budgets")
    assert refused.status_int == 429 and int(refused.headers["Retry-After"]) > 0
    assert "You have drafted many petitions in a short time" in refused.text
    assert refused.forms["deform"]["title"].value == "Publish the budgets"
    assert len(petition_names(database)) == 1


def test_sponsoring_past_the_limit_is_refused(wsgi_app, login, ids, database, clock):
    with database() as root:
        ministry = OrganisationService(root["organisations"]).for_ministry({"en": "Ministry"})
        names = []
        for title in ("One", "Two"):
            petition = Petition(ids[AUTHOR], title, "Text", "Asks", ministry.name, "", clock.now())
            petition.state = SPONSORING
            name = root["petitions"].next_name()
            root["petitions"].add(name, petition)
            names.append(name)
    app = person(wsgi_app, login, PEOPLE[0])

    def sponsor(name):
        page = app.get(f"/petitions/{name}/")
        form = next(f for f in page.forms.values() if f.action.endswith("/sponsor"))
        return form.submit(status="*")

    assert sponsor(names[0]).status_int == 303
    refused = sponsor(names[1])
    assert refused.status_int == 429 and "Retry-After" in refused.headers
    assert "Many petitions were sponsored" in refused.text
    with database() as root:
        assert [root["petitions"][n].sponsor_count() for n in names] == [1, 0]


def sign(app, name, status="*"):
    page = app.get(f"/petitions/{name}/")
    form = next(f for f in page.forms.values() if f.action.endswith("/sign"))
    return form.submit("sign", status=status)


def test_signing_past_the_account_and_address_limits_is_refused(
    wsgi_app, login, ids, database, clock
):
    with database() as root:
        names = [open_petition(root, ids[AUTHOR], clock.now(), threshold=100) for _ in range(3)]
    alma = person(wsgi_app, login, PEOPLE[0])
    assert sign(alma, names[0]).status_int == 303
    assert sign(alma, names[1]).status_int == 303
    refused = sign(alma, names[2])
    assert refused.status_int == 429
    assert "Many petitions were signed from your address or account" in refused.text
    # Another account on the same address: one more, then the address is full.
    bolat = person(wsgi_app, login, PEOPLE[1])
    assert sign(bolat, names[0]).status_int == 303
    assert sign(bolat, names[1]).status_int == 429
    # Elsewhere, a third person signs as usual.
    assert sign(person(wsgi_app, login, PEOPLE[2], "10.0.0.2"), names[1]).status_int == 303
    with database() as root:
        assert [root["petitions"][n].count() for n in names] == [2, 2, 0]


def test_withdrawing_counts_as_signing(wsgi_app, login, ids, database, clock):
    with database() as root:
        name = open_petition(root, ids[AUTHOR], clock.now(), threshold=100)
    alma = person(wsgi_app, login, PEOPLE[0])
    sign(alma, name)
    page = alma.get(f"/petitions/{name}/")
    form = next(f for f in page.forms.values() if f.action.endswith("/withdraw"))
    assert form.submit().status_int == 303
    assert sign(alma, name).status_int == 429
    with database() as root:
        assert root["petitions"][name].count() == 0
