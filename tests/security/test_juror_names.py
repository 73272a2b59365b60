"""Names (docs/security.md, 13): a juror who agrees to be named appears on the
jury's public page as first name and the initial of the surname, unless they
chose their full name, and the choice they make shows the very name each
option would show. Jurors named before the choice existed get the initial.
No other public page (findings, outcome report, search) and not the
workspace shows a juror's full name."""

from datetime import date, timedelta

import factories
import pytest
from webtest import TestApp

from consult import iin
from consult.clock import FixedClock
from consult.juries.evolution import evolve_juror_name_choices
from consult.juries.findings.services import FindingsService
from consult.juries.models import Applicant
from consult.juries.recruitment.identity import make_token
from consult.juries.services import JuryService
from consult.juries.workspace.models import Recommendation

SECRET = "testing-hash-secret"  # the `settings` fixture's
PEOPLE = {  # e-mail: (full name, how they answer the invitation)
    "aigerim@example.kz": ("Aigerim Serikova", "initial"),
    "bolat@example.kz": ("Bolat Bekov", "full"),
    "dana@example.kz": ("Dana Ospanova", None),  # leaves the default: not named
}
SURNAMES_NEVER_PUBLIC = ("Serikova", "Ospanova", "Tokayev")


@pytest.fixture
def invitations(make_consultation, make_user, database, clock):
    """A closed consultation's jury; the three PEOPLE drawn and invited
    ({e-mail: token}); Bolat already has an account."""
    make_consultation(stage_open="closed")
    make_user("bolat@example.kz", "Bolat", "Bekov")
    tokens = {}
    with database() as root:
        service = JuryService(FixedClock(clock.now() - timedelta(days=12)), SECRET)
        organiser = factories.principal("org@example.kz", "Dana", "Organiser", created=clock.now())
        root["principals"].add_principal(organiser)
        jury = factories.jury(
            root["juries"],
            service,
            "jury",
            creator=organiser,
            remit={"en": "How should pensions be indexed?"},
            opens=clock.now() - timedelta(days=14),
            closes=clock.now() - timedelta(days=10),
            sessions=(),
            features=("gender",),
        )
        for number, (email, (name, _choice)) in enumerate(PEOPLE.items()):
            applicant = service.apply(
                jury,
                {
                    "name": name,
                    "email": email,
                    "phone": "+77015550100",
                    "iin": next(
                        x
                        for s in range(number * 50, number * 50 + 50)
                        if (x := iin.make(date(1980, 3, 3), "f", s))
                    ),
                    "address": f"Astana, Abai avenue {number + 1}",
                    "answers": {"gender": "female"},
                },
                "en",
            )
            applicant.status = "selected"
        service.clock = FixedClock(clock.now())
        service.invite(jury)
        for applicant in jury.applicants.values():
            tokens[applicant.email] = make_token(SECRET, jury, applicant)
    return tokens


def accept(wsgi_app, token, choice):
    app = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
    page = app.get("/juries/jury/respond", params={"token": token, "answer": "accept"})
    form = page.forms["accept"]
    if "password" in form.fields:
        form["password"] = "a long enough password"
        form["password-confirm"] = "a long enough password"
    if choice is not None:
        form["accept-name_shown"] = choice
    assert form.submit("accept").status_int == 303
    return app


def test_the_choice_shows_the_name_each_option_would_show(invitations, app):
    page = app.get(
        "/juries/jury/respond",
        params={"token": invitations["aigerim@example.kz"], "answer": "accept"},
    )
    labels = [label.get_text(" ", strip=True) for label in page.html.select("label")]
    assert "Show my first name and the initial of my surname: Aigerim S." in labels
    assert "Show my full name: Aigerim Serikova" in labels
    assert any(label.startswith("Do not show my name") for label in labels)
    assert page.forms["accept"]["accept-name_shown"].value == "hidden"
    # An existing account: its names, as the public page would use them.
    page = app.get(
        "/juries/jury/respond",
        params={"token": invitations["bolat@example.kz"], "answer": "accept"},
    )
    assert "Show my first name and the initial of my surname: Bolat B." in page.text


def test_the_jury_page_shows_each_juror_as_they_chose(invitations, wsgi_app, app):
    for email, (_name, choice) in PEOPLE.items():
        accept(wsgi_app, invitations[email], choice)
    named = [
        item.get_text(strip=True)
        for item in app.get("/juries/jury")
        .html.find("h3", string="Jurors who agreed to be named")
        .find_next("ul")
        .find_all("li")
    ]
    assert named == ["Aigerim S.", "Bolat Bekov"]


def test_a_juror_named_before_the_choice_existed_gets_the_initial(
    invitations, wsgi_app, app, database
):
    accept(wsgi_app, invitations["aigerim@example.kz"], "full")
    with database() as root:
        jury = root["juries"]["jury"]
        # Stored as before the choice: agreed (show_name), no form chosen.
        erlan = Applicant(
            "Erlan Tokayev",
            "erlan@example.kz",
            "",
            "iin-key",
            "household-key",
            {"gender": "female"},
            "en",
            jury.created,
        )
        del erlan.name_shown
        erlan.show_name = True
        erlan.status = "accepted"
        jury.applicants.add_applicant(erlan)
        for applicant in jury.applicants.values():
            if applicant.email in ("bolat@example.kz", "dana@example.kz"):
                del applicant.name_shown  # not named, as stored before the choice
                applicant.show_name = False
        del jury.applicants.refused
        evolve_juror_name_choices(root)
        assert erlan.name_shown == "initial" and "show_name" not in erlan.__dict__
        assert {a.email: a.name_shown for a in jury.applicants.values()} == {
            "aigerim@example.kz": "full",
            "bolat@example.kz": "hidden",
            "dana@example.kz": "hidden",
            "erlan@example.kz": "initial",
        }
        assert jury.applicants.refused() == 0
    text = app.get("/juries/jury").text
    assert "Erlan T." in text and "Tokayev" not in text
    assert "Aigerim Serikova" in text  # who chose the full name keeps it


def test_no_other_page_names_a_juror_in_full(
    invitations, wsgi_app, app, database, clock, search_sync
):
    for email, (_name, choice) in PEOPLE.items():
        accept(wsgi_app, invitations[email], choice)
    with database() as root:
        jury = root["juries"]["jury"]
        principals = root["principals"]
        jurors = [principals.find_by_email(email) for email in PEOPLE]
        recommendation = Recommendation(
            1,
            "Index pensions twice a year",
            "Pensions rise in January and July.",
            "en",
            jurors[0].id,
            clock.now(),
        )
        for juror in jurors:
            recommendation.votes[juror.id] = "support"
        jury.workspace.recommendations.add(recommendation.id, recommendation)
        FindingsService(clock).submit(
            jury,
            "The panel agrees on one recommendation.",
            "en",
            principals.find_by_email("org@example.kz"),
        )
    search_sync()
    pages = {
        path: app.get(path).text
        for path in (
            "/juries/jury",
            "/juries/jury/findings",
            "/consultations/citizens-juries/report",
            "/consultations/citizens-juries/report.json",
            "/consultations/citizens-juries/report.csv",
            "/search?q=pensions",
        )
    }
    assert "Index pensions twice a year" in pages["/juries/jury/findings"]
    for path, text in pages.items():
        for surname in SURNAMES_NEVER_PUBLIC:
            assert surname not in text, (path, surname)
    for surname in SURNAMES_NEVER_PUBLIC:
        found = app.get("/search", params={"q": surname}).html.find(id="result-count")
        assert found.get_text(strip=True).endswith(": 0"), surname
    # The workspace, among the jurors: each account's public name.
    juror = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
    from conftest import _login

    _login(juror, "aigerim@example.kz", "a long enough password")
    text = juror.get("/juries/jury/workspace/members").text
    assert "Aigerim S." in text and "Dana O." in text
    for surname in SURNAMES_NEVER_PUBLIC:
        assert surname not in text
