"""Who may open a jury's private workspace: every workspace page and every
change it accepts, against every role. Forbidden means 403 (a sign-in
redirect for anonymous visitors on a page) and none of the private data
(evidence, agenda, posts, recommendations, files) in the body."""

from datetime import UTC, datetime, timedelta

import pytest

from consult.clock import FixedClock
from consult.juries.services import JuryService
from consult.juries.workspace.services import WorkspaceService

ROLES = [
    "anonymous",
    "citizen",
    "other_juror",
    "juror",
    "expert",
    "organiser",
    "other_organiser",
    "editor",
    "administrator",
]
MEMBERS = {"juror", "expert", "organiser", "administrator"}
CURATORS = {"organiser", "administrator"}
SECRETS = (
    "Secret evidence title",
    "Secret testimony body",
    "Secret agenda session",
    "Secret post text",
    "Secret thread subject",
    "Secret recommendation text",
    "Secret file content",
)
WS = "/juries/jury/workspace"


@pytest.fixture
def setup(make_user, make_consultation, database, clock):
    make_consultation()
    emails = {role: f"{role.replace('_', '-')}@example.kz" for role in ROLES[1:]}
    site_roles = {
        "organiser": ("organiser",),
        "other_organiser": ("organiser",),
        "editor": ("editor",),
        "administrator": ("administrator",),
    }
    ids = {role: make_user(email, roles=site_roles.get(role, ())) for role, email in emails.items()}
    with database() as root:
        principals = root["principals"]
        jury_service = JuryService(FixedClock(clock.now()), "testing-hash-secret")
        settings = {
            "remit": {"en": "The question"},
            "panel_size": 15,
            "recruitment_opens": clock.now() - timedelta(days=1),
            "recruitment_closes": clock.now() + timedelta(days=5),
            "sessions": [],
            "features": ("gender",),
        }
        jury = jury_service.create(
            root["juries"], "jury", "citizens-juries", settings, principals[ids["organiser"]]
        )
        other = jury_service.create(
            root["juries"], "other", "citizens-juries", settings, principals[ids["other_organiser"]]
        )
        jury.grant_local_role(ids["juror"], "juror")
        jury.grant_local_role(ids["expert"], "expert")
        other.grant_local_role(ids["other_juror"], "juror")
        service = WorkspaceService(FixedClock(clock.now()), principals)
        organiser = principals[ids["organiser"]]
        juror = principals[ids["juror"]]
        evidence = service.add_evidence(
            jury,
            organiser,
            {
                "title": "Secret evidence title",
                "kind": "testimony",
                "perspective": "for",
                "author": "Dr Expert",
                "summary": "",
                "body": "Secret testimony body",
                "upload": ("secret.txt", b"Secret file content"),
            },
            "en",
        )
        starts = datetime(2026, 4, 4, 5, 0, tzinfo=UTC)
        item = service.add_agenda_item(
            jury,
            organiser,
            {
                "title": {"en": "Secret agenda session"},
                "starts": starts,
                "ends": starts + timedelta(hours=2),
            },
        )
        thread = service.start_thread(
            jury, juror, "Secret thread subject", "Secret post text", "en"
        )
        recommendation = service.add_recommendation(
            jury,
            juror,
            {"title": "Secret recommendation title", "text": "Secret recommendation text"},
            "en",
        )
        paths = {
            "evidence": f"{WS}/evidence/{evidence.__name__}/",
            "agenda": f"{WS}/agenda/{item.__name__}/",
            "thread": f"{WS}/threads/{thread.__name__}/",
            "recommendation": f"{WS}/recommendations/{recommendation.__name__}/",
        }
    return emails, ids, paths


def pages(paths):
    """(path, roles allowed to open it)."""
    return [
        (f"{WS}/", MEMBERS),
        (f"{WS}/members", MEMBERS),
        (f"{WS}/evidence/", MEMBERS),
        (f"{WS}/evidence/add", {"expert"} | CURATORS),
        (paths["evidence"], MEMBERS),
        (paths["evidence"] + "edit", CURATORS),  # added by the organiser
        (paths["evidence"] + "download", MEMBERS),
        (f"{WS}/agenda/", MEMBERS),
        (f"{WS}/agenda/agenda.ics", MEMBERS),
        (paths["agenda"] + "edit", CURATORS),
        (f"{WS}/threads/", MEMBERS),
        (paths["thread"], MEMBERS),
        (f"{WS}/recommendations/", MEMBERS),
        (paths["recommendation"], MEMBERS),
        (paths["recommendation"] + "edit", {"juror"} | CURATORS),
    ]


def actions(paths, ids):
    """(path, form data, roles allowed): every change the workspace accepts."""
    evidence = {
        "title": "New evidence",
        "kind": "document",
        "perspective": "against",
        "author": "Someone",
        "summary": "A summary",
        "save": "save",
    }
    # The form's fieldset per language, as peppercorn reads it (Kazakh,
    # Russian, English); the title in English only.
    agenda = [
        ("day", "2026-04-11"),
        ("starts", "10:00"),
        ("ends", "12:00"),
        *(
            pair
            for language in ("kk", "ru", "en")
            for pair in (
                ("__start__", f"{language}:mapping"),
                ("title", "New session" if language == "en" else ""),
                ("place", ""),
                ("description", ""),
                ("__end__", f"{language}:mapping"),
            )
        ),
        ("save", "save"),
    ]
    recommendation = {"title": "Changed", "text": "Changed text", "based_on": "1", "save": "save"}
    return [
        (f"{WS}/members", {"email": "citizen@example.kz", "invite": "invite"}, CURATORS),
        (f"{WS}/evidence/add", evidence, {"expert"} | CURATORS),
        (paths["evidence"] + "edit", dict(evidence, title="Edited"), CURATORS),
        (f"{WS}/agenda/", agenda, CURATORS),
        (paths["agenda"] + "edit", agenda, CURATORS),
        (f"{WS}/threads/", {"title": "New thread", "text": "Hello", "start": "start"}, MEMBERS),
        (paths["thread"], {"text": "A reply", "post": "post"}, MEMBERS),
        (
            f"{WS}/recommendations/",
            {"title": "Another", "text": "Another text", "add": "add"},
            {"juror"} | CURATORS,
        ),
        (paths["recommendation"] + "edit", recommendation, {"juror"} | CURATORS),
        (paths["recommendation"] + "vote", {"vote": "support"}, {"juror"}),
        (paths["recommendation"] + "withdraw", {"withdrawn": "true"}, {"juror"} | CURATORS),
        (paths["agenda"] + "remove", {}, CURATORS),
        (paths["evidence"] + "remove", {}, CURATORS),
        (f"{WS}/revoke-expert", {"userid": ids["expert"]}, CURATORS),
    ]


def secrets_in(body):
    return [s for s in SECRETS if s in body]


def signed_in(app, login, emails, role):
    if role != "anonymous":
        login(app, emails[role])
    return app


@pytest.mark.parametrize("role", ROLES)
def test_every_page(app, login, setup, role):
    emails, ids, paths = setup
    signed_in(app, login, emails, role)
    for path, allowed in pages(paths):
        response = app.get(path, expect_errors=True)
        if role in allowed:
            assert response.status_int == 200, (path, response.status)
        elif role == "anonymous":
            assert response.status_int == 303, (path, response.status)
            assert "/login" in response.location
            assert not secrets_in(response.text), path
        else:
            assert response.status_int == 403, (path, response.status)
            assert not secrets_in(response.text), path


@pytest.mark.parametrize("role", ROLES)
def test_every_change(app, login, setup, role, database):
    emails, ids, paths = setup
    signed_in(app, login, emails, role)
    token = app.get("/juries/jury/apply").forms["application"]["csrf_token"].value
    for path, data, allowed in actions(paths, ids):
        params = (
            [*data, ("csrf_token", token)]
            if isinstance(data, list)
            else dict(data, csrf_token=token)
        )
        response = app.post(path, params, expect_errors=True)
        if role in allowed:
            assert response.status_int == 303, (path, response.status, response.text[-2000:])
        else:
            assert response.status_int == 403, (path, response.status)
            assert not secrets_in(response.text), path
    with database() as root:
        jury = root["juries"]["jury"]
        workspace = jury.workspace
        recommendation = next(r for r in workspace.recommendations.values() if r.number == 1)
        assert len(recommendation.votes) == (1 if role == "juror" else 0)
        drafters = {"juror"} | CURATORS
        assert len(recommendation.revisions) == (3 if role in drafters else 1)
        assert recommendation.withdrawn == (role in drafters)
        assert len(workspace.recommendations) == (2 if role in drafters else 1)
        threads = 2 if role in MEMBERS else 1
        assert len(workspace.threads) == threads
        assert sum(t.post_count() for t in workspace.threads.values()) == (
            3 if role in MEMBERS else 1
        )
        titles = sorted(e.title for e in workspace.evidence.values())
        expected = {
            "expert": ["New evidence", "Secret evidence title"],
            "organiser": ["New evidence"],
            "administrator": ["New evidence"],
        }
        assert titles == expected.get(role, ["Secret evidence title"])
        if role in CURATORS:
            assert [i.title for i in workspace.agenda.values()] == [{"en": "New session"}]
        else:
            assert [i.title for i in workspace.agenda.values()] == [{"en": "Secret agenda session"}]
        expert_roles = jury.local_roles.get(ids["expert"], ())
        assert ("expert" in expert_roles) == (role not in CURATORS)
        citizen_roles = jury.local_roles.get(ids["citizen"], ())
        assert ("expert" in citizen_roles) == (role in CURATORS)
