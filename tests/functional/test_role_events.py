"""Every place that grants or revokes a role announces it (RoleGranted,
RoleRevoked: for the audit log, and for accounts, which ends the sessions of
someone whose role is revoked); sign-ins, sign-outs, new passwords and an
administrator's "sign out everywhere" are announced too. Through the real
app, with a recorder subscribed to every recorded event."""

from datetime import timedelta

import pytest
from pages import role_form, tick
from webtest import TestApp

from consult.accounts.events import (
    PasswordChanged,
    RoleGranted,
    RoleRevoked,
    SessionsEnded,
    SignedIn,
    SignedOut,
)
from consult.events import IRecordedEvent

ADMIN = "admin@example.kz"
PERSON = "aigerim@example.kz"
WS = "/juries/jury/workspace"


@pytest.fixture
def events(wsgi_app):
    recorded = []
    wsgi_app.registry.registerHandler(recorded.append, (IRecordedEvent,))
    return recorded


def of(events, *kinds):
    return [e for e in events if isinstance(e, kinds)]


def path_of(resource):
    names = []
    while resource is not None and resource.__name__:
        names.append(resource.__name__)
        resource = resource.__parent__
    return "/" + "/".join(reversed(names))


def summary(event):
    return (event.action, path_of(event.subject), event.details())


@pytest.fixture
def people(make_user):
    return {
        "admin": make_user(ADMIN, "Dana", "Admin", roles=("administrator",)),
        "person": make_user(PERSON),
    }


@pytest.fixture
def admin(wsgi_app, login, people):
    app = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
    login(app, ADMIN)
    return app


def test_site_wide_roles(admin, people, events):
    grant = role_form(admin.get("/principals/"), people["person"])
    tick(grant, "editor")
    grant.submit()
    revoke = role_form(admin.get("/principals/"), people["person"])
    tick(revoke)
    revoke.submit()
    assert [summary(e) for e in of(events, RoleGranted, RoleRevoked)] == [
        ("role.granted", "/", {"userid": people["person"], "role": "editor"}),
        ("role.revoked", "/", {"userid": people["person"], "role": "editor"}),
    ]


def test_roles_on_a_consultation(admin, people, events, make_consultation):
    form = admin.get("/consultations/add").forms["deform"]
    form["slug"] = "water-code"
    form["title_en"] = "The water code"
    form["organisation"] = "water-resources"
    form.submit("create")
    form = admin.get("/consultations/water-code/roles").forms["deform"]
    form["email"], form["role"] = PERSON, "moderator"
    form.submit("grant")
    page = admin.get("/consultations/water-code/roles")
    [revoke] = [
        f
        for f in page.forms.values()
        if f.action.endswith("/revoke-role") and f["userid"].value == people["person"]
    ]
    revoke.submit()
    assert [summary(e) for e in of(events, RoleGranted, RoleRevoked)] == [
        (
            "role.granted",
            "/consultations/water-code",
            {"userid": people["admin"], "role": "editor"},
        ),  # its creator
        (
            "role.granted",
            "/consultations/water-code",
            {"userid": people["person"], "role": "moderator"},
        ),
        (
            "role.revoked",
            "/consultations/water-code",
            {"userid": people["person"], "role": "moderator"},
        ),
    ]


@pytest.fixture
def jury(people, make_user, make_consultation, database, clock):
    from consult.clock import FixedClock
    from consult.juries.services import JuryService

    make_consultation()
    make_user("organiser@example.kz", "Olzhas", "Organiser", roles=("organiser",))
    with database() as root:
        service = JuryService(FixedClock(clock.now()), "testing-hash-secret")
        settings = {
            "remit": {"en": "How should pensions be indexed?"},
            "panel_size": 15,
            "recruitment_opens": clock.now() - timedelta(days=10),
            "recruitment_closes": clock.now() - timedelta(days=5),
            "sessions": [],
            "features": ("gender",),
        }
        service.create(
            root["juries"],
            "jury",
            "citizens-juries",
            settings,
            root["principals"].find_by_email("organiser@example.kz"),
        )


def test_roles_on_a_jury(admin, people, events, jury, browser):
    [add] = [
        f
        for f in admin.get("/juries/jury/manage").forms.values()
        if f.action.endswith("/organisers")
    ]
    add["email"] = PERSON
    add.submit()
    organiser = browser("organiser@example.kz")
    form = organiser.get(WS + "/members").forms["invite-expert"]
    form["email"] = ADMIN
    form.submit("invite")
    page = organiser.get(WS + "/members")
    [remove] = [f for f in page.forms.values() if f.action.endswith("/revoke-expert")]
    remove.submit()
    assert [summary(e) for e in of(events, RoleGranted, RoleRevoked)] == [
        ("role.granted", "/juries/jury", {"userid": people["person"], "role": "organiser"}),
        ("role.granted", "/juries/jury", {"userid": people["admin"], "role": "expert"}),
        ("role.revoked", "/juries/jury", {"userid": people["admin"], "role": "expert"}),
    ]


def test_a_juror_accepting_the_invitation(people, events, jury, database, clock, app):
    from consult.clock import FixedClock
    from consult.juries.models import Applicant
    from consult.juries.recruitment.identity import make_token
    from consult.juries.services import JuryService

    with database() as root:
        jury = root["juries"]["jury"]
        applicant = Applicant(
            "Aigerim Serikova",
            PERSON,
            "+7 701 555 0001",
            "iin-key",
            "household-key",
            {"gender": "female"},
            "en",
            clock.now(),
        )
        jury.applicants.add_applicant(applicant)
        applicant.status = "selected"
        JuryService(FixedClock(clock.now()), "testing-hash-secret").invite(jury)
        token = make_token("testing-hash-secret", jury, applicant)
    page = app.get("/juries/jury/respond", {"token": token, "answer": "accept"})
    page.forms["accept"].submit("accept")
    assert [summary(e) for e in of(events, RoleGranted)] == [
        ("role.granted", "/juries/jury", {"userid": people["person"], "role": "juror"})
    ]


def test_account_events(events, admin, people, wsgi_app, login):
    person = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
    login(person, PERSON)
    form = person.get("/account").forms["password"]
    form["current_password"] = "correct horse battery"
    form["password"] = form["password-confirm"] = "seven pelicans under the bridge"
    form.submit("change-password")
    page = admin.get("/principals/")
    [end] = [
        f
        for f in page.forms.values()
        if f.action.endswith("/end-sessions") and f["userid"].value == people["person"]
    ]
    end.submit()
    [logout] = [f for f in admin.get("/account").forms.values() if f.action.endswith("/logout")]
    logout.submit()
    seen = [
        (type(e), e.principal.id, e.details())
        for e in of(events, SignedIn, SignedOut, PasswordChanged, SessionsEnded)
    ]
    admin_id, person_id = people["admin"], people["person"]
    assert seen == [
        (SignedIn, admin_id, {"userid": admin_id, "staff": True}),
        (SignedIn, person_id, {"userid": person_id, "staff": False}),
        (PasswordChanged, person_id, {"userid": person_id, "how": "change"}),
        (SignedIn, person_id, {"userid": person_id, "staff": False}),  # goes on, anew
        (SessionsEnded, person_id, {"userid": person_id, "sessions": "1"}),
        (SignedOut, admin_id, {"userid": admin_id}),
    ]
    assert [e.actor for e in of(events, SignedIn)] == [admin_id, person_id, person_id]
    assert of(events, SessionsEnded)[0].actor is None  # the signed-in administrator
