"""Links that leave the request come from `consult.public_url`, never from
the Host header the client sent: mail (reset, confirmation, answers, jury
invitations and findings), the printed report, the iCalendar file, the search
and signals APIs. A missing or malformed setting stops the start-up."""

import configparser
import re
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from webtest import TestApp

from consult.clock import FixedClock
from consult.config import configure
from consult.feedback.services import FeedbackService
from consult.juries.models import Applicant
from consult.juries.services import JuryService
from consult.juries.workspace.models import AgendaItem
from consult.urls import PublicURLError

REPO = Path(__file__).resolve().parents[2]
PUBLIC = "https://consult.example.kz"
EVIL = "evil.example"
URL = re.compile(r"https?://[^\s\"'<>)]+")


@pytest.fixture
def settings(settings):
    return dict(settings, **{"consult.public_url": PUBLIC})


@pytest.fixture
def attacker(wsgi_app):
    """A client whose every request says `Host: evil.example`."""

    def make(email_address=None):
        app = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en", "HTTP_HOST": EVIL})
        if email_address:
            form = app.get("/login").forms["deform"]
            form["email"] = email_address
            form["password"] = "correct horse battery"
            form.submit("login").maybe_follow()
        return app

    return make


def urls_in(text):
    found = URL.findall(text)
    assert found, text
    return found


def message_urls(text):
    """The links of a mail's own message: every link in it, the foot's links
    to the site in the other languages included, must be public; these are
    the rest."""
    urls = urls_in(text)
    assert all_public(urls), text
    own = [url for url in urls if "/set-language?" not in url]
    assert len(own) < len(urls), "the foot links to the site in the other languages"
    return own


def all_public(urls):
    return all(url.startswith(PUBLIC + "/") for url in urls) and not any(
        EVIL in url for url in urls
    )


def test_password_reset_link_ignores_the_host_header(attacker, make_user, outbox):
    make_user("a@example.kz")
    app = attacker()
    form = app.get("/forgot-password").forms["deform"]
    form["email"] = "a@example.kz"
    form.submit("send")
    [body] = outbox.bodies_to("a@example.kz")
    [link] = message_urls(body)
    assert link.startswith(PUBLIC + "/reset-password?token="), body


def test_confirmation_link_ignores_the_host_header(attacker, outbox):
    form = attacker().get("/register").forms["deform"]
    form["first_name"], form["last_name"] = "Nurlan", "Bekov"
    form["email"] = "new@example.kz"
    form["password"] = form["password-confirm"] = "a good long password"
    assert form.submit("register").status_int == 303
    [body] = outbox.bodies_to("new@example.kz")
    [link] = message_urls(body)
    assert link.startswith(PUBLIC + "/confirm?token="), body


def test_answer_notification_links_to_the_public_address(
    attacker, make_user, database, clock, make_consultation, outbox
):
    make_consultation()
    make_user("citizen@example.kz", "Nurlan", "Bekov")
    make_user("editor@example.kz", "Erlan", "Editov", roles=("editor",))
    with database() as root:
        consultation = root["consultations"]["citizens-juries"]
        author = root["principals"].find_by_email("citizen@example.kz")
        comment = FeedbackService(clock, {}).post(
            consultation,
            consultation.current_draft()["3"].target,
            author,
            "Fifteen jurors are too few for a large region.",
            "against",
        )
        comment_id = comment.id
    editor = attacker("editor@example.kz")
    form = editor.get(f"/consultations/citizens-juries/comments/{comment_id}/answer").forms[
        "answer-form"
    ]
    form["answer-form-disposition"] = "rejected"
    form["reason"] = "The draft already lets regions convene larger juries; see article 5."
    assert form.submit("answer").status_int == 303
    [body] = outbox.bodies_to("citizen@example.kz")
    urls = message_urls(body)
    assert all_public(urls), body
    assert any(url.endswith(f"#comment-{comment_id}") for url in urls), body


@pytest.fixture
def jury(make_user, make_consultation, database, clock):
    make_consultation()
    organiser = make_user("organiser@example.kz", "Dana", "Organiser", roles=("organiser",))
    juror = make_user("juror@example.kz", "Aigerim", "Serikova")
    with database() as root:
        service = JuryService(FixedClock(clock.now()), "testing-hash-secret")
        jury = service.create(
            root["juries"],
            "jury",
            "citizens-juries",
            {
                "remit": {"en": "How should pensions be indexed?"},
                "panel_size": 15,
                "recruitment_opens": clock.now() - timedelta(days=10),
                "recruitment_closes": clock.now() - timedelta(days=5),
                "sessions": [],
                "features": ("gender",),
            },
            root["principals"][organiser],
        )
        jury.grant_local_role(juror, "juror")
        applicant = Applicant(
            "Bolat Nurlanov",
            "drawn@example.kz",
            "+7 701 555 0001",
            "iin-key",
            "household-key",
            {"gender": "male"},
            "en",
            clock.now(),
        )
        applicant.status = "selected"
        jury.applicants.add_applicant(applicant)
        start = datetime(2026, 4, 4, 5, 0, tzinfo=UTC)
        item = AgendaItem(
            {"en": "Hearing the experts"},
            start,
            start + timedelta(hours=3),
            {"en": "Astana"},
            {},
            organiser,
        )
        jury.workspace.agenda.add(item.id, item)
    return "jury"


def test_jury_invitation_links_to_the_public_address(attacker, jury, outbox):
    organiser = attacker("organiser@example.kz")
    manage = organiser.get("/juries/jury/manage")
    [invite] = [f for f in manage.forms.values() if f.action.endswith("/invite")]
    invite.submit()
    [body] = outbox.bodies_to("drawn@example.kz")
    urls = message_urls(body)
    assert len(urls) == 2 and all_public(urls), body
    assert urls[0].startswith(PUBLIC + "/juries/jury/respond?token=")


def test_agenda_file_links_to_the_public_address(attacker, jury):
    body = attacker("juror@example.kz").get("/juries/jury/workspace/agenda/agenda.ics").body
    [event] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(event["url"]) == PUBLIC + "/juries/jury/workspace/agenda/"


def test_search_api_links_to_the_public_address(attacker, make_consultation, search_sync):
    make_consultation()
    search_sync()
    answer = attacker().get("/api/search", params={"q": "jury"}).json
    assert answer["results"], answer
    urls = [hit["url"] for hit in answer["results"]] + [answer["next"] or PUBLIC + "/"]
    assert all_public(urls), urls


def test_printed_report_links_to_the_public_address(attacker, make_consultation, monkeypatch):
    from consult.reports import views

    printed = []
    real = views.render_pdf

    def render_pdf(html, base_url):
        printed.append((html, base_url))
        return real(html, base_url)

    monkeypatch.setattr(views, "render_pdf", render_pdf)
    make_consultation(stage_open="closed")
    pdf = attacker().get("/consultations/citizens-juries/report.pdf").body
    [(html, base_url)] = printed
    assert base_url == PUBLIC
    assert all_public(URL.findall(html[html.index("<body") :]))
    # The link in the PDF itself (its annotations sit in compressed streams).
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S)
    text = b"".join(_inflated(stream) for stream in streams) + pdf
    assert (PUBLIC + "/consultations/citizens-juries/report").encode() in text
    assert EVIL.encode() not in text


def _inflated(stream):
    try:
        return zlib.decompress(stream)
    except zlib.error:
        return b""


# -- the setting -----------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "   "])
def test_start_up_fails_without_the_setting(settings, value):
    settings = dict(settings, **{"consult.public_url": value})
    with pytest.raises(PublicURLError, match="consult.public_url must be set"):
        configure(settings)


@pytest.mark.parametrize(
    "value",
    [
        "consult.example.kz",
        "ftp://consult.example.kz",
        "https://",
        "https://consult.example.kz/?x=1",
        "https://user:pw@consult.example.kz",
    ],
)
def test_start_up_fails_with_a_malformed_setting(settings, value):
    settings = dict(settings, **{"consult.public_url": value})
    with pytest.raises(PublicURLError, match="is not an address"):
        configure(settings)


def test_production_ini_requires_it_and_development_ini_sets_the_listen_address(
    settings, monkeypatch
):
    monkeypatch.delenv("CONSULT_PUBLIC_URL", raising=False)
    production = configparser.ConfigParser(interpolation=None)
    production.read(REPO / "etc" / "production.ini")
    assert production["app:main"]["consult.public_url"] == ""
    with pytest.raises(PublicURLError, match="must be set"):
        configure(dict(settings, **{"consult.public_url": ""}))
    # The environment may give it instead, like the session secret.
    monkeypatch.setenv("CONSULT_PUBLIC_URL", "https://consult.gov.kz/")
    app = configure(dict(settings, **{"consult.public_url": ""})).make_wsgi_app()
    assert app.registry.settings["consult.public_url"] == "https://consult.gov.kz"
    for db in app.registry._zodb_databases.values():
        db.close()
    app.registry.search_feeder.stop()
    app.registry.campaign_worker.stop()
    app.registry.import_worker.stop()

    development = configparser.ConfigParser(interpolation=None)
    development.read(REPO / "development.ini")
    listen = development["server:main"]["listen"]
    assert development["app:main"]["consult.public_url"] == f"http://{listen}"
