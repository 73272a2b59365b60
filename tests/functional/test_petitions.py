"""A petition's life through the real app: drafting (a verified person
only, similar petitions shown first), sponsors by the direct link (not
listed, noindex), moderation with its deadline in working days around
Nauryz, rejection with a reason the author sees, signatures up to the
addressee's threshold, the answer due and given, and closing when the
collection period ends; who may do each, and the audit log."""

from datetime import date, timedelta

import pytest

from consult.audit.models import audit_log_of
from consult.organisations.services import OrganisationService
from consult.verification.models import VerificationRecord, add_record

AUTHOR = "author@example.kz"
SPONSORS = ("s1@example.kz", "s2@example.kz")
SIGNER = "signer@example.kz"
MODERATOR = "moderator@example.kz"
ORG_MODERATOR = "orgmod@example.kz"
OTHER_MODERATOR = "akimatmod@example.kz"
ANSWERER = "answerer@example.kz"
UNVERIFIED = "unverified@example.kz"


@pytest.fixture
def settings(settings):
    return dict(
        settings,
        **{
            "consult.petitions.sponsors": "2",
            "consult.petitions.threshold.government": "4",
            "consult.petitions.collection_days.government": "30",
            "consult.petitions.answer_working_days.government": "10",
            # Signatures with a confirmed e-mail address count here; the
            # levels' own rules are test_petitions_signing's.
            "consult.petitions.signature_level.government": "1",
        },
    )


@pytest.fixture
def world(database, clock, make_user):
    """A ministry (the Government's threshold) and an oblast akimat, their
    moderators and the ministry's answerer, a verified author, sponsors and
    a signer, a site moderator, and a person who is not verified."""
    ids = {}
    for email in (AUTHOR, *SPONSORS, SIGNER, ORG_MODERATOR, OTHER_MODERATOR, ANSWERER, UNVERIFIED):
        ids[email] = make_user(email, "Aigerim", "Serikova")
    ids[MODERATOR] = make_user(MODERATOR, "Marat", "Moderov", roles=("moderator",))
    with database() as root:
        principals = root["principals"]
        add_record(principals[ids[AUTHOR]], VerificationRecord("census", 2, clock.now()))
        service = OrganisationService(root["organisations"])
        ministry = service.for_ministry({"en": "Ministry of Justice"})
        akimat = service.create(
            "karaganda-akimat",
            {"en": "Akimat of Karaganda Region"},
            "akimat",
            "oblast",
            "350000000",
        )
        service.grant_role(ministry, principals[ids[ORG_MODERATOR]], "moderator")
        service.grant_role(ministry, principals[ids[ANSWERER]], "answerer")
        service.grant_role(akimat, principals[ids[OTHER_MODERATOR]], "moderator")
        ids["ministry"] = ministry.name
    return ids


def draft(browser, world, title="Open the courts' decisions", asks="Publish every decision"):
    page = browser(AUTHOR).get("/petitions/new")
    form = page.forms["deform"]
    form["title"] = title
    form["text"] = "Decisions of the courts are hard to find.\n\nPeople need them."
    form["asks"] = asks
    form["addressee"] = world["ministry"]
    form["topic"] = "Justice"
    return form.submit("draft")


def post(app, path, button, **fields):
    """Press the button of the form posting to `path` on the page at `page`."""
    page = app.get(path.rsplit("/", 1)[0])
    for form in page.forms.values():
        if form.action.endswith(path):
            for name, value in fields.items():
                form[name] = value
            return form.submit(button)
    raise AssertionError(f"no form posts to {path}")


def to_moderation(browser, world):
    path = draft(browser, world).follow().request.path
    author = browser(AUTHOR)
    post(author, path + "submit", "submit")
    for sponsor in SPONSORS:
        post(browser(sponsor), path + "sponsor", "sponsor")
    return path


def actions(database, path):
    with database() as root:
        log = audit_log_of(root).page(size=50)[0]
        return [e.action for e in log if e.subject == path.rstrip("/")]


def test_a_verified_person_drafts_and_sees_the_draft(browser, world, database):
    page = draft(browser, world).follow()
    assert "Draft" in page.html.select_one(".state").text
    assert page.html.select_one(".asks").text == "Publish every decision"
    with database() as root:
        (petition,) = root["petitions"].values()
        assert (petition.state, petition.addressee, petition.topic) == (
            "draft",
            world["ministry"],
            "Justice",
        )
    # A draft is its author's: nobody else finds it.
    browser(SIGNER).get(page.request.path, status=404)
    browser().get(page.request.path, status=404)


def test_a_person_not_verified_cannot_draft(browser, world, database):
    page = browser(UNVERIFIED).get("/petitions/new")
    form = page.forms["deform"]
    form["title"], form["text"], form["asks"] = "T", "Some text", "Something"
    form["addressee"] = world["ministry"]
    page = form.submit("draft")
    assert "Verify your identity" in page.html.select_one('[role="alert"]').text
    assert page.forms["deform"]["title"].value == "T"
    with database() as root:
        assert len(root["petitions"]) == 0
    assert "/login" in browser().get("/petitions/new", status=303).location


def test_similar_petitions_are_shown_before_submitting(browser, world):
    first = to_moderation(browser, world)
    second = draft(browser, world, title="Courts' decisions should be open").follow()
    similar = second.html.select(".similar a")
    assert [a["href"] for a in similar] == ["http://localhost" + first]


def test_sponsors_by_link_then_moderation_with_its_working_day_deadline(browser, world, database):
    path = draft(browser, world).follow().request.path
    post(browser(AUTHOR), path + "submit", "submit")
    page = browser().get(path)
    assert "Collecting sponsors" in page.html.select_one(".state").text
    # By its link only: not listed, not indexed, not in the sitemap.
    assert page.headers["X-Robots-Tag"] == "noindex"
    assert page.html.select_one('meta[name="robots"]')["content"] == "noindex"
    assert path not in browser().get("/petitions/").text
    assert path not in browser().get("/sitemap.xml").text
    post(browser(SPONSORS[0]), path + "sponsor", "sponsor")
    # Sponsoring twice is refused; the author is not a sponsor.
    again = browser(SPONSORS[0])
    again.post(path + "sponsor", {"csrf_token": _token(again, path)}).follow()
    with database() as root:
        petition = root["petitions"][path.strip("/").split("/")[-1]]
        assert (petition.state, petition.sponsor_count(), petition.count()) == ("sponsoring", 1, 2)
    post(browser(SPONSORS[1]), path + "sponsor", "sponsor")
    page = browser().get(path)
    assert "In moderation" in page.html.select_one(".state").text
    # Entered on Monday 2 March 2026: 20 working days skip 9 March (for the
    # 8th, a Sunday) and 23-25 March (Nauryz).
    assert page.html.select_one(".deadline").text == "2026-04-03"
    assert "petition.in_moderation" in actions(database, path)


def _token(app, path):
    return app.get(path).html.select_one('input[name="csrf_token"]')["value"]


def test_moderation_overdue_is_shown_from_the_date(browser, world, clock):
    path = to_moderation(browser, world)
    clock.advance(timedelta(days=32))  # 3 April 2026, the last day
    assert not browser(MODERATOR).get("/petitions/moderation").html.select(".overdue")
    clock.advance(timedelta(days=1))
    queue = browser(MODERATOR).get("/petitions/moderation")
    assert queue.html.select_one("tbody a")["href"].endswith(path)
    assert queue.html.select(".overdue")
    assert browser(AUTHOR).get(path).html.select(".overdue")


def test_rejection_needs_a_reason_and_the_author_sees_it(browser, world, database):
    path = to_moderation(browser, world)
    moderator = browser(MODERATOR)
    page = moderator.get(path)
    form = page.forms["deform"]
    refused = form.submit("reject")
    assert "Required" in refused.text
    with database() as root:
        assert next(iter(root["petitions"].values())).state == "moderation"
    form = moderator.get(path).forms["deform"]
    form["reason"] = "excluded_dismissal"
    form.submit("reject").follow()
    page = browser(AUTHOR).get(path)
    assert "Rejected" in page.html.select_one(".state").text
    assert "appointment or dismissal of officials" in page.html.select_one(".rejection").text
    assert "petition.rejected" in actions(database, path)


def test_open_threshold_answer_and_closed(browser, world, database, clock):
    path = to_moderation(browser, world)
    post(browser(ORG_MODERATOR), path + "approve", "approve")
    page = browser().get(path)
    assert "Open for signatures" in page.html.select_one(".state").text
    assert "X-Robots-Tag" not in page.headers
    assert path in browser().get("/petitions/").text
    assert page.html.select_one(".closes").text == "2026-04-01"
    # The author and two sponsors signed already; the fourth reaches 4.
    post(browser(SIGNER), path + "sign", "sign")
    page = browser().get(path)
    assert "answer due" in page.html.select_one(".state").text
    # Reached on 2 March: 10 working days skip 9 March.
    assert page.html.select_one(".deadline").text == "2026-03-17"
    # Signing twice is refused.
    signer = browser(SIGNER)
    signer.post(path + "sign", {"csrf_token": _token(signer, path)})
    with database() as root:
        assert next(iter(root["petitions"].values())).count() == 4
    clock.advance(timedelta(days=16))
    assert browser().get(path).html.select(".overdue")
    form = browser(ANSWERER).get(path + "answer").forms["petition-answer"]
    form["petition-answer-disposition"] = "accepted"
    form["reason"] = "We will publish them all in the register from next month."
    form.submit("answer").follow()
    page = browser().get(path)
    assert "Answered" in page.html.select_one(".state").text
    assert "We will publish them all" in page.html.select_one(".answer").text
    clock.advance(timedelta(days=15))  # past 1 April
    assert "Closed" in browser().get(path).html.select_one(".state").text
    assert actions(database, path)[:4] == [
        "petition.answered",
        "petition.threshold_reached",
        "petition.approved",
        "petition.in_moderation",
    ]


def test_closed_without_reaching_the_threshold(browser, world, clock, database):
    path = to_moderation(browser, world)
    post(browser(MODERATOR), path + "approve", "approve")
    clock.advance(timedelta(days=31))
    page = browser().get(path)
    assert "Closed without reaching the threshold" in page.html.select_one(".state").text
    assert not page.html.select('form[action$="/sign"]')
    late = browser(SIGNER)
    late.post(path + "sign", {"csrf_token": _token(late, path)})
    with database() as root:
        assert next(iter(root["petitions"].values())).count() == 3


def test_only_the_addressees_moderators_and_site_moderators_decide(browser, world):
    path = to_moderation(browser, world)
    for email in (OTHER_MODERATOR, SIGNER, ANSWERER):
        app = browser(email)
        assert not app.get(path).html.select('form[action$="/approve"]')
        app.post(path + "approve", {"csrf_token": _token(app, path)}, status=403)
        assert path not in app.get("/petitions/moderation").text
    assert path in browser(ORG_MODERATOR).get("/petitions/moderation").text
    assert "/login" in browser().get("/petitions/moderation", status=303).location


def test_only_the_addressees_answerers_answer(browser, world):
    path = to_moderation(browser, world)
    post(browser(MODERATOR), path + "approve", "approve")
    post(browser(SIGNER), path + "sign", "sign")
    for email in (SIGNER, OTHER_MODERATOR):
        app = browser(email)
        app.post(path + "answer", {"csrf_token": _token(app, path), "answer": "x"}, status=403)


def test_an_oblast_akimats_threshold_is_a_share_of_its_residents(browser, world, database):
    with database() as root:
        petitions = root["petitions"]
    del petitions
    page = browser(AUTHOR).get("/petitions/new")
    form = page.forms["deform"]
    form["title"], form["text"], form["asks"] = "Buses", "Too few buses.", "More buses"
    form["addressee"] = "karaganda-akimat"
    path = form.submit("draft").follow().request.path
    post(browser(AUTHOR), path + "submit", "submit")
    for sponsor in SPONSORS:
        post(browser(sponsor), path + "sponsor", "sponsor")
    post(browser(OTHER_MODERATOR), path + "approve", "approve")
    with database() as root:
        petition = root["petitions"][path.strip("/").split("/")[-1]]
        # 1 % of Karaganda Region's 1 131 287 residents.
        assert petition.threshold == 11313
        assert petition.closes.date() == date(2026, 8, 29)
