"""The jury application is no oracle (docs/security.md, 9): whether an IIN or
a home has applied already changes nothing in what the person applying gets
back (status, page, mail), the IIN is never shown again, the pages are not
stored, and the public page does not count applications while they come in."""

from datetime import date, timedelta

import factories
import pytest
from webtest import TestApp

from consult import iin
from consult.clock import FixedClock
from consult.juries.recruitment.identity import make_token
from consult.juries.services import JuryService

SECRET = "testing-hash-secret"  # the `settings` fixture's: the app and the service agree
FIRST_IIN = iin.make(date(1984, 9, 3), "f", 1201)
FIRST_ADDRESS = "Karaganda, Bukhar-Zhyrau avenue 52, flat 7"
PROBER = "prober@example.org"


def valid_iin(serial):
    return next(
        number
        for s in range(serial, serial + 20)
        if (number := iin.make(date(1979, 2, 14), "m", s))
    )


@pytest.fixture
def jury(make_consultation, database, clock):
    """A jury recruiting now, with one application kept (Aliya's)."""
    make_consultation()
    with database() as root:
        factories.jury(
            root["juries"],
            JuryService(FixedClock(clock.now()), SECRET),
            "jury",
            creator=factories.principal("org@example.kz", "Dana", "Organiser", created=clock.now()),
            remit={"en": "How should pensions be indexed?"},
            closes=clock.now() + timedelta(days=5),
            sessions=(),
        )
    return "/juries/jury"


def visitor(wsgi_app):
    """Someone new: no cookies, no session."""
    return TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})


def submit(app, *, iin_value, address, email, name="Prober Person", consent=True):
    form = app.get("/juries/jury/apply").forms["application"]
    form["full_name"] = name
    form["email"] = email
    form["phone"] = "+7 701 555 0101"
    form["iin"] = iin_value
    form["address"] = address
    form["gender"] = "female"
    form["language"] = "kk"
    form["consent"] = consent
    return form.submit("apply", expect_errors=True)


@pytest.fixture
def first(jury, wsgi_app):
    """Aliya applies: the application everyone else's are tested against."""
    response = submit(
        visitor(wsgi_app),
        iin_value=FIRST_IIN,
        address=FIRST_ADDRESS,
        email="aliya@example.kz",
        name="Aliya Nurlanovna",
    )
    assert response.status_int == 303
    return response


def main_text(page):
    return page.html.find("main").get_text(" ", strip=True)


def test_a_known_iin_a_known_home_and_a_new_person_get_the_same_answer(
    first, wsgi_app, outbox, database
):
    answers = {}
    for case, iin_value, address in (
        ("new", valid_iin(300), "Almaty, Abai avenue 10, flat 3"),
        ("same person", FIRST_IIN, "Almaty, Abai avenue 11, flat 4"),
        ("same home", valid_iin(400), "karaganda  BUKHAR-ZHYRAU ave. 52 , Flat 7"),
    ):
        response = submit(visitor(wsgi_app), iin_value=iin_value, address=address, email=PROBER)
        page = response.follow()
        answers[case] = (
            response.status_int,
            response.location,
            response.headers.get("Cache-Control"),
            response.body,
            page.status_int,
            main_text(page),
        )
    assert answers["new"][0] == 303
    assert "no-store" in answers["new"][2]
    assert answers["same person"] == answers["new"]
    assert answers["same home"] == answers["new"]
    assert "You have already applied" not in answers["same person"][5]
    assert "Someone at this address" not in answers["same home"][5]

    # The address typed gets one and the same receipt each time...
    to_prober = outbox.bodies_to(PROBER)
    assert len(to_prober) == 3 and len(set(to_prober)) == 1
    assert "we have received your application" in to_prober[0]
    # ...and the truth goes to the person whose application stands.
    to_aliya = outbox.bodies_to("aliya@example.kz")
    assert len(to_aliya) == 3  # her own receipt, then one message per repeat
    assert "another application with the IIN you gave" in to_aliya[1]
    assert "from the home address you gave" in to_aliya[2]
    assert all(PROBER not in body and "Prober" not in body for body in to_aliya)
    with database() as root:
        applicants = root["juries"]["jury"].applicants
        assert len(applicants) == 2 and applicants.refused() == 2


def test_the_iin_is_never_shown_again(jury, app):
    number = valid_iin(500)
    for iin_value, consent, message in (
        (number, False, "Please tick this box to apply"),
        (number[:-1] + str((int(number[-1]) + 1) % 10), True, "This IIN is not valid"),
        (iin.make(date(2010, 1, 5), "f", 77), True, "Jurors must be at least 18"),
    ):
        page = submit(
            app,
            iin_value=iin_value,
            address="Astana, Kenesary street 4",
            email="person@example.kz",
            consent=consent,
        )
        assert page.status_int in (200, 400)
        assert message in page.text
        assert "Astana, Kenesary street 4" in page.text  # the rest is kept
        assert page.forms["application"]["iin"].value == ""
        assert iin_value not in page.text
        assert "no-store" in page.headers["Cache-Control"]


def test_the_application_form_and_the_invitation_are_not_stored(jury, app, database, clock):
    assert "no-store" in app.get("/juries/jury/apply").headers["Cache-Control"]
    assert (
        "no-store"
        in app.get("/juries/jury/respond", params={"token": "x.y.z"}, status=400).headers[
            "Cache-Control"
        ]
    )
    with database() as root:
        service = JuryService(FixedClock(clock.now()), SECRET)
        found = root["juries"]["jury"]
        applicant = service.apply(
            found,
            {
                "name": "Bolat Bekov",
                "email": "bolat@example.kz",
                "phone": "+77015550102",
                "iin": valid_iin(600),
                "address": "Astana, Mangilik El 8",
                "answers": {"gender": "male", "language": "ru"},
            },
            "en",
        )
        applicant.status = "selected"
        service.invite(found)
        token = make_token(SECRET, found, applicant)
    page = app.get("/juries/jury/respond", params={"token": token, "answer": "decline"})
    assert "no-store" in page.headers["Cache-Control"]
    assert "Hello Bolat Bekov" in page.text
    done = page.forms["decline"].submit("decline")
    assert done.status_int == 303 and "no-store" in done.headers["Cache-Control"]


def test_an_invitation_link_says_nothing_about_whom_it_names(jury, app, database, clock):
    """A made-up token naming a real applicant and one naming nobody get the
    same refusal."""
    with database() as root:
        service = JuryService(FixedClock(clock.now()), SECRET)
        applicant = service.apply(
            root["juries"]["jury"],
            {
                "name": "Bolat Bekov",
                "email": "bolat@example.kz",
                "phone": "+77015550102",
                "iin": valid_iin(700),
                "address": "Astana, Mangilik El 9",
                "answers": {"gender": "male", "language": "ru"},
            },
            "en",
        )
        real_id = applicant.id
    answers = []
    for token in (f"{real_id}.nonce.{'0' * 32}", f"{'f' * 32}.nonce.{'0' * 32}"):
        page = app.get("/juries/jury/respond", params={"token": token}, status=400)
        answers.append((page.status_int, page.headers["Cache-Control"], main_text(page)))
    assert answers[0] == answers[1]
    assert "This invitation link is not valid." in answers[0][2]


def test_the_public_page_does_not_count_applications_while_they_come_in(
    first, app, wsgi_app, clock
):
    before = main_text(app.get("/juries/jury"))
    assert "drawn by lot from the applicants" in before
    submit(
        visitor(wsgi_app),
        iin_value=valid_iin(800),
        address="Aktobe, Abilkair khan 3",
        email="new@example.kz",
    )
    assert main_text(app.get("/juries/jury")) == before
    clock.advance(timedelta(days=6))  # applications closed: the count is final
    assert "drawn by lot from 2 applicants" in main_text(app.get("/juries/jury"))
