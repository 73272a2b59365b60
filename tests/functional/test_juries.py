"""The jury flow through the real app: set-up, applications (and the
refusals), the feasibility check, the draw in the background, the public
record, invitations, accepting and declining, and a replacement draw."""

import re
from datetime import date, timedelta

import pytest
from webtest import TestApp

from consult import iin

ORGANISER = "organiser@example.kz"


def valid_iin(serial, born=date(1985, 4, 12), sex="f"):
    while True:
        number = iin.make(born, sex, serial)
        if number is not None:
            return number
        serial += 1


def form_to(page, action):
    """The form on `page` posting to a URL ending with `action`."""
    return [f for f in page.forms.values() if f.action.endswith(action)][0]


def runner(app):
    return app.app.registry["consult.jury_runner"]


@pytest.fixture
def organiser(app, make_user, login, make_consultation):
    make_consultation()
    make_user(ORGANISER, "Dana", "Organiser", roles=("organiser",))
    login(app, ORGANISER)
    return app


def create_jury(app, features=("gender", "language"), panel_size="15"):
    page = app.get("/juries/new", params={"consultation": "citizens-juries"})
    form = page.forms["jury"]
    form["name"] = "pension-jury"
    form["remit_en"] = "How should pensions be indexed?"
    form["remit_ru"] = "Как индексировать пенсии?"
    form["panel_size"] = panel_size
    form["recruitment_opens"] = "2026-03-01"
    form["recruitment_closes"] = "2026-03-10"
    form["sessions"] = "2026-04-04\n2026-04-11"
    for field in form.fields.get("checkbox", []):
        field.checked = field._value in features
    return form.submit("create")


def applicant(app, number):
    """Someone applying from their own device: applications are limited per
    account and per address (limits), as they would be for one person."""
    return TestApp(
        app.app,
        extra_environ={
            "HTTP_ACCEPT_LANGUAGE": "en",
            "REMOTE_ADDR": f"10.7.{number // 200}.{number % 200 + 1}",
        },
    )


def apply(
    app,
    number,
    *,
    name=None,
    address=None,
    iin_value=None,
    gender="female",
    language="kk",
    consent=True,
    email=None,
):
    page = applicant(app, number).get("/juries/pension-jury/apply")
    form = page.forms["application"]
    form["full_name"] = name or f"Applicant Number{number}"
    form["email"] = email or f"applicant{number}@example.kz"
    form["phone"] = f"+7 701 555 {number:04d}"
    form["iin"] = iin_value or valid_iin(number * 7)
    form["address"] = address or f"Astana, Abai avenue {number}, flat {number}"
    form["gender"] = gender
    form["language"] = language
    form["consent"] = consent
    return form.submit("apply", expect_errors=True)


def test_panel_size_is_validated(organiser):
    page = create_jury(organiser, panel_size="40")
    assert "A panel has at most 25 members." in page.text
    assert "How should pensions be indexed?" in page.text  # the text is kept


def test_jury_flow(organiser, app, clock, outbox, database):
    page = create_jury(app).maybe_follow()
    assert page.request.path == "/juries/pension-jury/quotas"
    form = page.forms["quotas"]
    form.fields["min"][0].value = "9"  # women: at least 9 of 15, instead of 6
    page = form.submit("save").maybe_follow()
    assert "The quotas are saved." in page.text

    # Applications: 36 people from 36 homes, nine of each gender and language,
    # so that a replacement keeping the quotas always exists.
    for number in range(1, 37):
        response = apply(
            app,
            number,
            gender="female" if number % 2 else "male",
            language="kk" if (number // 2) % 2 else "ru",
        )
        assert response.status_int == 303, response.text
    confirmation = response.follow()
    assert "Thank you: we have received your application" in confirmation.text

    # Someone applying again, or from a home that has applied, gets the same
    # answer as everyone (tests/security/test_jury_application.py); mistakes
    # in the form itself come back with the person's text, never the IIN.
    duplicate = apply(app, 99, iin_value=valid_iin(1 * 7), name="Same Person Again")
    assert duplicate.status_int == 303
    household = apply(app, 98, address="astana, ABAI AVENUE 1 , Flat 1")
    assert household.status_int == 303
    bad = apply(app, 97, iin_value="850412400001")
    assert "This IIN is not valid" in bad.text
    assert "Applicant Number97" in bad.text and "850412400001" not in bad.text
    no_consent = apply(app, 96, consent=False)
    assert "Please tick this box to apply" in no_consent.text
    assert "Applicant Number96" in no_consent.text
    with database() as root:
        jury = root["juries"]["pension-jury"]
        assert len(jury.applicants) == 36 and jury.applicants.refused() == 2
        stored = repr([vars(a) for a in jury.applicants.values()])
        assert valid_iin(7) not in stored and "Abai avenue" not in stored

    manage = app.get("/juries/pension-jury/manage")
    assert "<strong>2</strong> further applications were not kept" in manage.text

    # Feasibility, then the draw once recruitment is closed.
    page = app.get("/juries/pension-jury/feasibility")
    assert "Yes: a panel that meets every quota" in page.text
    manage = app.get("/juries/pension-jury/manage")
    refused = form_to(manage, "announce-draw").submit().maybe_follow()
    assert "Recruitment is still open" in refused.text
    clock.advance(timedelta(days=10))
    manage = app.get("/juries/pension-jury/manage")
    announce = form_to(manage, "announce-draw")
    draw_page = announce.submit().maybe_follow()
    assert draw_page.request.path == "/juries/pension-jury/draws/1/"
    public = app.get("/juries/pension-jury")
    with database() as root:
        draw = root["juries"]["pension-jury"].draws["1"]
        seed_hash, seed = draw.seed_hash, draw.seed
    assert seed_hash in public.text and str(seed) not in public.text

    running = form_to(draw_page, "/start").submit().maybe_follow()
    if "The lottery is running" in running.text:
        assert '<meta http-equiv="refresh"' in running.text
    assert runner(app).wait(300)
    done = app.get("/juries/pension-jury/draws/1/")
    assert "Done" in done.text and "maximin" in done.text, done.text[done.text.find("<main") :]
    assert str(seed) in done.text

    public = app.get("/juries/pension-jury")
    assert str(seed) in public.text and seed_hash in public.text
    assert "The panel has <strong>15</strong> members" in public.text
    assert re.search(
        r"from <strong>\d+\.\d\d\xa0%</strong> to <strong>\d+\.\d\d\xa0%</strong>", public.text
    )
    # The draw in plain words first, the technical record folded under them.
    explained = public.html.find(class_="draw-explained").get_text()
    assert "stratified lottery" in explained and "maximin" in explained
    assert "compare it with the one published in advance" in explained
    details = public.html.find("details", class_="draw-technical")
    assert seed_hash in details.get_text() and "sortition-algorithms" in details.get_text()
    # A maximin draw runs consult's engine over interchangeable applicants.
    assert "engine=units" in details.get_text()
    assert f"printf %s {seed} | sha256sum" in details.get_text()
    # In Russian and Kazakh: the explanation in their words, the chances as
    # they write them (4,00 %).
    for language, words in [
        ("ru", ("стратифицированной жеребьевкой", "«максимин»", "зерно")),
        ("kk", ("стратификацияланған жеребе", "«максимин»", "бастапқы сан")),
    ]:
        shown = app.get("/juries/pension-jury", params={"_LOCALE_": language})
        explained = shown.html.find(class_="draw-explained").get_text()
        assert all(word in explained for word in words), language
        assert re.search(r"<strong>\d+,\d\d\xa0%</strong>", shown.text), language
    assert "Applicant Number" not in public.text and "@example.kz" not in public.text
    with database() as root:
        jury = root["juries"]["pension-jury"]
        panel = jury.panel()
        assert len(panel) == 15
        for feature, values in jury.composition().items():
            for value, count in values.items():
                low, high = jury.quotas[feature][value]
                assert low <= count <= high
        assert abs(sum(jury.draws["1"].probabilities.values()) - 15) < 1e-3

    # Invitations go out after the commit, one per person drawn.
    manage = app.get("/juries/pension-jury/manage")
    invite = form_to(manage, "/invite")
    invite.submit().maybe_follow()
    with database() as root:
        drawn = [(a.email, a.name) for a in root["juries"]["pension-jury"].panel()]
    links = {}
    for address, _name in drawn:
        bodies = outbox.bodies_to(address)
        assert "we have received your application" in bodies[0]
        invitations = [body for body in bodies if "/respond?" in body]
        assert len(invitations) == 1
        links[address] = re.findall(
            r"http://localhost/juries/pension-jury/respond\S+", invitations[0]
        )
    first, second = drawn[0][0], drawn[1][0]

    # Accepting creates a confirmed account, signed in, juror of this jury.
    app.reset()
    accept_url = [u for u in links[first] if "answer=accept" in u][0]
    page = app.get(accept_url.replace("http://localhost", ""))
    form = page.forms["accept"]
    form["password"] = "a long enough password"
    form["password-confirm"] = "a long enough password"
    form["accept-name_shown"] = "full"
    page = form.submit("accept").maybe_follow()
    assert "Welcome to the jury!" in page.text
    with database() as root:
        principal = root["principals"].find_by_email(first)
        assert principal.confirmed
        assert "juror" in root["juries"]["pension-jury"].local_roles[principal.id]
    assert dict(drawn)[first] in page.text  # agreed to be named
    # The link works once.
    again = app.get(accept_url.replace("http://localhost", ""), expect_errors=True)
    assert again.status_int == 400 and "answered this invitation already" in again.text

    # Declining frees a place; the organiser draws a replacement keeping the quotas.
    app.reset()
    decline_url = [u for u in links[second] if "answer=decline" in u][0]
    page = app.get(decline_url.replace("http://localhost", ""))
    page.forms["decline"].submit("decline").maybe_follow()
    app.reset()
    from conftest import _login

    _login(app, ORGANISER)
    manage = app.get("/juries/pension-jury/manage")
    assert "1 places are free" in manage.text or "places are free" in manage.text
    announce = form_to(manage, "announce-draw")
    draw_page = announce.submit().maybe_follow()
    form_to(draw_page, "/start").submit()
    assert runner(app).wait(300)
    done = app.get("/juries/pension-jury/draws/2/")
    assert "Done" in done.text, done.text[done.text.find("<main") :]
    with database() as root:
        jury = root["juries"]["pension-jury"]
        assert len(jury.panel()) == 15
        assert jury.draws["2"].kind == "replacement"
        assert len(jury.draws["2"].selected) == 1
        replacement = jury.applicants[jury.draws["2"].selected[0]]
        assert replacement.email not in dict(drawn)
        for feature, values in jury.composition().items():
            for value, count in values.items():
                low, high = jury.quotas[feature][value]
                assert low <= count <= high


def test_the_consultation_links_to_its_juries(organiser, app):
    page = app.get("/consultations/citizens-juries/")
    assert page.html.find("a", string="Citizens' juries") is None  # none yet
    create_jury(organiser).maybe_follow()
    link = app.get("/consultations/citizens-juries/").html.find("a", string="Citizens' juries")
    assert link["href"].endswith("/consultations/citizens-juries/juries")
    assert app.get(link["href"]).status_int == 200
