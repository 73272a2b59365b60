"""Who may see what of a jury: every organiser page and every applicant
datum against every role. Forbidden means 403 (a sign-in redirect for
anonymous visitors) and none of the applicants' data in the body."""

from datetime import date, timedelta

import pytest

from consult import iin
from consult.clock import FixedClock
from consult.juries.lottery import data as lottery_data
from consult.juries.models import Juries
from consult.juries.services import JuryService

PRIVATE_PAGES = [
    "/juries/jury/manage",
    "/juries/jury/applicants",
    "/juries/jury/feasibility",
    "/juries/jury/edit",
    "/juries/jury/quotas",
    "/juries/jury/draws/1/",
    "/juries/jury/draws/1/inputs.json",
]
PRIVATE_POSTS = [
    "/juries/jury/announce-draw",
    "/juries/jury/invite",
    "/juries/jury/draws/1/start",
    "/juries/jury/organisers",
]
PUBLIC_PAGES = [
    "/juries",
    "/juries/jury",
    "/juries/jury/apply",
    "/consultations/citizens-juries/juries",
]
ROLES = [
    "anonymous",
    "citizen",
    "other_juror",
    "juror",
    "other_organiser",
    "editor",
    "organiser",
    "administrator",
]
ALLOWED = {"organiser", "administrator"}


def _data(number):
    return {
        "name": f"Secretname{number} Applicant",
        "email": f"secret{number}@example.kz",
        "phone": f"+7 701 000 {number:04d}",
        "iin": next(
            x
            for s in range(number * 10, number * 10 + 10)
            if (x := iin.make(date(1979, 7, 7), "f", s))
        ),
        "address": f"Shymkent, Tauke khan avenue {number}",
        "answers": {"gender": "female" if number % 2 else "male", "language": "ru"},
    }


@pytest.fixture
def people(make_user, make_consultation, database, clock):
    make_consultation()
    ids = {
        "citizen": make_user("citizen@example.kz"),
        "other_juror": make_user("other-juror@example.kz"),
        "juror": make_user("juror@example.kz"),
        "other_organiser": make_user("other-org@example.kz", roles=("organiser",)),
        "editor": make_user("editor@example.kz", roles=("editor",)),
        "organiser": make_user("organiser@example.kz", roles=("organiser",)),
        "administrator": make_user("admin@example.kz", roles=("administrator",)),
    }
    with database() as root:
        juries = root["juries"]
        service = JuryService(FixedClock(clock.now()), "testing-hash-secret")
        settings = {
            "remit": {"en": "The question"},
            "panel_size": 15,
            "recruitment_opens": clock.now() - timedelta(days=1),
            "recruitment_closes": clock.now() + timedelta(days=5),
            "sessions": [],
            "features": ("gender", "language"),
        }
        jury = service.create(
            juries, "jury", "citizens-juries", settings, root["principals"][ids["organiser"]]
        )
        other = service.create(
            juries, "other", "citizens-juries", settings, root["principals"][ids["other_organiser"]]
        )
        for number in range(1, 5):
            service.apply(jury, _data(number), "en")
        # A finished draw, as the worker leaves it (without running the lottery).
        service.clock.advance(timedelta(days=6))
        draw = service.announce_draw(jury, "maximin")
        service.start_draw(jury, draw)
        pseudonyms = sorted(draw.pseudonyms)
        result = lottery_data.DrawResult(
            tuple(pseudonyms[:2]),
            {p: 0.5 for p in pseudonyms},
            "maximin",
            "maximin",
            "log of the draw",
            0.1,
        )
        service.finish_draw(jury, draw, result)
        jury.grant_local_role(ids["juror"], "juror")
        other.grant_local_role(ids["other_juror"], "juror")
        assert isinstance(juries, Juries)
    return {role: f"{role.replace('_', '-')}@example.kz" for role in ids} | {
        "other_juror": "other-juror@example.kz",
        "other_organiser": "other-org@example.kz",
        "administrator": "admin@example.kz",
    }


def _secrets_in(body):
    return [s for s in ("Secretname", "secret1@", "+7 701 000", "Tauke", "79070") if s in body]


def _signed_in(app, login, people, role):
    if role != "anonymous":
        login(app, people[role])
    return app


def _token(app):
    return app.get("/juries/jury/apply").forms["application"]["csrf_token"].value


@pytest.mark.parametrize("role", ROLES)
def test_private_pages(app, login, people, role):
    _signed_in(app, login, people, role)
    for path in PRIVATE_PAGES:
        response = app.get(path, expect_errors=True)
        if role in ALLOWED:
            assert response.status_int == 200, path
        elif role == "anonymous":
            assert response.status_int == 303, path
            assert "/login" in response.location
            assert not _secrets_in(response.text), path
        else:
            assert response.status_int == 403, (path, response.status)
            assert not _secrets_in(response.text), path


@pytest.mark.parametrize("role", ROLES)
def test_private_actions(app, login, people, role, database):
    _signed_in(app, login, people, role)
    token = _token(app)
    for path in PRIVATE_POSTS:
        response = app.post(
            path, {"csrf_token": token, "email": "citizen@example.kz"}, expect_errors=True
        )
        allowed = role in ALLOWED and (path != PRIVATE_POSTS[-1] or role == "administrator")
        if allowed:
            assert response.status_int in (302, 303), (path, response.status)
        else:
            assert response.status_int == 403, (path, response.status)
            assert not _secrets_in(response.text)
    with database() as root:
        jury = root["juries"]["jury"]
        invited = [a for a in jury.applicants.values() if a.status == "invited"]
        assert len(invited) == (2 if role in ALLOWED else 0)
        assert len(jury.draws) == 1  # recruitment is open: no new draw for anyone


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_never_show_applicant_data(app, login, people, role):
    _signed_in(app, login, people, role)
    for path in PUBLIC_PAGES:
        response = app.get(path)
        assert response.status_int == 200
        assert not _secrets_in(response.text), path
    page = app.get("/juries/jury")
    assert "50.00\u00a0%" in page.text  # the probabilities are public
    assert ("Organise the jury" in page.text) == (role in ALLOWED)


def test_the_applicants_page_shows_the_data_to_organisers(app, login, people):
    login(app, people["organiser"])
    page = app.get("/juries/jury/applicants")
    assert "Secretname1 Applicant" in page.text and "secret1@example.kz" in page.text
    # The IIN and the address are not kept, so not even organisers see them.
    assert "Tauke" not in page.text
    audit = app.get("/juries/jury/draws/1/inputs.json").json
    assert "Secretname" not in str(audit) and audit["seed"] is not None


def test_only_organisers_create_juries(app, login, people):
    for role, status in (("citizen", 403), ("editor", 403), ("other_organiser", 200)):
        app.reset()
        login(app, people[role])
        assert app.get("/juries/new", expect_errors=True).status_int == status
