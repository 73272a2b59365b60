"""Moderators invalidate a petition's signatures in bulk through the real
app: a condition, a preview count, a required reason; the counts drop by
exactly the signatures taken (every counter once), running it again takes
nothing more, the audit log records it and the petition shows the number
and the reason, never who. Only moderators of the addressee or the site."""

from datetime import timedelta

import pytest
from petition_signers import ASTANA, YESIL, open_petition, verify

from consult.audit.models import audit_log_of
from consult.organisations.services import OrganisationService

AUTHOR = "author@example.kz"
OLD = ("old1@example.kz", "old2@example.kz")  # accounts made before the wave
NEW = ("new1@example.kz", "new2@example.kz", "new3@example.kz")
SITE_MODERATOR = "moderator@example.kz"
ORG_MODERATOR = "orgmod@example.kz"
OTHER_MODERATOR = "akimatmod@example.kz"
REASON = "A wave of new accounts from one address in ten minutes"


@pytest.fixture
def settings(settings):
    return dict(settings, **{"consult.petitions.counts_seconds": "0"})


@pytest.fixture
def world(database, clock, make_user):
    ids = {email: make_user(email) for email in (AUTHOR, *OLD)}
    clock.advance(timedelta(days=2))
    ids.update({email: make_user(email) for email in NEW})
    ids[SITE_MODERATOR] = make_user(SITE_MODERATOR, roles=("moderator",))
    for email in (ORG_MODERATOR, OTHER_MODERATOR):
        ids[email] = make_user(email)
    with database() as root:
        for email in (*OLD, *NEW):
            verify(root["principals"][ids[email]], clock.now())
        name = open_petition(root, ids[AUTHOR], clock.now(), threshold=4)
        petition = root["petitions"][name]
        service = OrganisationService(root["organisations"])
        principals = root["principals"]
        service.grant_role(petition.organisation(), principals[ids[ORG_MODERATOR]], "moderator")
        akimat = service.create(
            "karaganda-akimat", {"en": "Akimat"}, "akimat", "oblast", "350000000"
        )
        service.grant_role(akimat, principals[ids[OTHER_MODERATOR]], "moderator")
    ids["path"] = f"/petitions/{name}/"
    ids["name"] = name
    return ids


def sign(app, path, region=""):
    page = app.get(path)
    form = next(f for f in page.forms.values() if f.action.endswith("/sign"))
    if "region" in form.fields:
        form["region"] = region
    form["listed"] = True
    return form.submit("sign")


@pytest.fixture
def signed(world, browser, clock):
    """The two old accounts sign, then, two days later, the three new ones
    (stating Yesil district, inside Astana): the threshold is reached."""
    for email in OLD:
        sign(browser(email), world["path"])
    clock.advance(timedelta(days=1))
    for email in NEW:
        sign(browser(email), world["path"], region=YESIL)
    return world


def petition_of(database, world):
    with database() as root:
        return root["petitions"][world["name"]]


def counters(petition):
    tally = petition.tally
    return (
        petition.count(),
        {level: n() for level, n in tally.levels.items() if n()},
        {key: n() for key, n in tally.regions.items() if n()},
        sum(n() for n in tally.hours.values()),
        tally.listed_count(),
        sum(len(shard) for shard in tally.listed),
    )


def form_of(app, world):
    return app.get(world["path"] + "invalidate").forms["deform"]


def test_preview_then_invalidate_with_a_reason(signed, browser, database, clock):
    world = signed
    before = petition_of(database, world)
    assert (before.state, counters(before)[0]) == ("answer_due", 5)
    moderator = browser(ORG_MODERATOR)
    form = form_of(moderator, world)
    form["accounts_after"] = (clock.now() - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    form["territory"] = ASTANA
    preview = form.submit("preview")
    assert "3 counted signatures meet this condition" in preview.html.select_one(".preview").text
    assert counters(petition_of(database, world))[0] == 5  # a preview changes nothing
    # No reason: refused, the form comes back.
    refused = preview.forms["deform"].submit("invalidate")
    assert "Say why the signatures are invalidated" in refused.text
    form = refused.forms["deform"]
    form["reason"] = REASON
    form.submit("invalidate").follow()
    after = petition_of(database, world)
    # Every counter lost the three signatures, once; the signatures are kept.
    assert counters(after) == (2, {2: 2}, {}, 2, 2, 2)
    assert len(after.signatures) == 5 and len(after.invalidated) == 3
    # Three counted signatures are no longer enough: it collects again.
    assert (after.state, after.answer_due) == ("open", None)
    page = browser().get(world["path"])
    text = page.html.select_one(".invalidations").text
    assert "3 signatures invalidated: " + REASON in " ".join(text.split())
    assert "2 signatures" in page.html.select_one(".count").text
    for email in NEW:
        assert email.split("@")[0] not in page.text
    with database() as root:
        entries = audit_log_of(root).page(size=50)[0]
        entry = next(e for e in entries if e.action == "petition.signatures_invalidated")
        assert entry.action == "petition.signatures_invalidated"
        assert entry.reason == REASON and entry.details["count"] == "3"


def test_running_the_same_condition_again_takes_nothing_more(signed, browser, database):
    world = signed
    moderator = browser(SITE_MODERATOR)
    for _ in range(2):
        form = form_of(moderator, world)
        form["below_level"] = "3"
        form["reason"] = REASON
        form.submit("invalidate").follow()
    petition = petition_of(database, world)
    assert counters(petition) == (0, {}, {}, 0, 0, 0)
    assert [record.count for record in petition.invalidations] == [5]
    assert len(petition.invalidated) == 5
    # An invalidated signer cannot withdraw (the counters would go twice).
    app = browser(NEW[0])
    page = app.get(world["path"])
    form = next(f for f in page.forms.values() if f.action.endswith("/withdraw"))
    assert "cannot be withdrawn" in form.submit().follow().text
    assert petition_of(database, world).count() == 0


def test_a_time_window_takes_only_its_signatures(signed, browser, database, clock):
    world = signed
    form = form_of(browser(SITE_MODERATOR), world)
    form["signed_from"] = (clock.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    form["reason"] = REASON
    form.submit("invalidate")
    assert counters(petition_of(database, world))[0] == 2


@pytest.mark.parametrize("email", [None, OLD[0], OTHER_MODERATOR])
def test_only_moderators_of_the_addressee_or_the_site(signed, browser, email, database):
    app = browser(email)
    url = signed["path"] + "invalidate"
    if email is None:
        assert "/login" in app.get(url, status=303).location
    else:
        app.get(url, status=403)
        app.post(url, {"invalidate": "", "below_level": "3", "reason": REASON}, status=403)
    assert "Invalidate signatures" not in app.get(signed["path"]).text
    assert counters(petition_of(database, signed))[0] == 5
