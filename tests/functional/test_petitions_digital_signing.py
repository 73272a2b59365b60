"""Signing a petition with a digital signature through the real app, with a
test CA configured as the NCA root: the page shows the exact text to sign,
a good signature is counted once (and verifies the account at level 3 if it
was not), a signature over another text or by another account's IIN is
refused and counted nowhere, and the page exists only for open petitions."""

from datetime import date, timedelta

import pytest
from factories import NOW
from signing_ca import TestCA, sign

from consult import iin
from consult.audit.models import audit_log_of
from consult.organisations.services import OrganisationService
from consult.verification.models import VerificationRecord, add_record, signature_claims_of

ALIYA = iin.make(date(1990, 5, 17), "f", 12)
AUTHOR, SPONSOR, SIGNER, OTHER = (
    "author@example.kz",
    "sponsor@example.kz",
    "aliya@example.kz",
    "other@example.kz",
)
MODERATOR = "moderator@example.kz"
TITLE = "Open the courts' decisions"
TEXT = "Decisions of the courts are hard to find.\n\nPeople need them."
ASKS = "Publish every decision"


@pytest.fixture(scope="module")
def ca():
    return TestCA()


@pytest.fixture
def settings(settings, ca, tmp_path):
    return dict(
        settings,
        **{
            "consult.verification.nca_roots": ca.write_root(tmp_path / "root.pem"),
            "consult.verification.nca_intermediates": ca.write_intermediate(
                tmp_path / "intermediate.cer"
            ),
            "consult.petitions.sponsors": "1",
            # Only signatures made with a digital signature count: the
            # author's and the sponsor's (e-mail) do not reach it.
            "consult.petitions.threshold.government": "1",
            "consult.petitions.signature_level.government": "3",
        },
    )


@pytest.fixture
def ministry(database, clock, make_user):
    ids = {email: make_user(email, "Aigerim", "Serikova") for email in (AUTHOR, SPONSOR)}
    for email in (SIGNER, OTHER):
        make_user(email, "Aliya", "Serikova")
    make_user(MODERATOR, "Marat", "Moderov", roles=("moderator",))
    with database() as root:
        add_record(root["principals"][ids[AUTHOR]], VerificationRecord("census", 2, clock.now()))
        return OrganisationService(root["organisations"]).for_ministry(
            {"en": "Ministry of Justice"}
        )


def press(app, path, button):
    page = app.get(path)
    for form in page.forms.values():
        if form.action.endswith(path + button):
            return form.submit(button)
    raise AssertionError(f"no {button} button on {path}")


@pytest.fixture
def petition(browser, ministry):
    """An open petition signed by its author and its sponsor: its path."""
    form = browser(AUTHOR).get("/petitions/new").forms["deform"]
    form["title"], form["text"], form["asks"] = TITLE, TEXT, ASKS
    form["addressee"], form["topic"] = ministry.name, "Justice"
    path = form.submit("draft").follow().request.path
    press(browser(AUTHOR), path, "submit")
    press(browser(SPONSOR), path, "sponsor")
    press(browser(MODERATOR), path, "approve")
    return path


def send(app, path, cms, status=303):
    form = app.get(path + "sign-with-signature").forms["signature"]
    form["cms"] = cms
    return form.submit("verify", status=status)


def stored(database, path):
    with database() as root:
        petition = root["petitions"][path.strip("/").split("/")[-1]]
        signer = root["principals"].find_by_email(SIGNER)
        return (
            petition.count(),
            petition.state,
            signer.id in petition.signatures,
            (signer.verifications or {}).get("signature"),
            dict(signature_claims_of(root) or {}),
        )


def test_the_page_shows_the_exact_text_and_a_good_signature_counts(browser, petition, database, ca):
    aliya = browser(SIGNER)
    link = aliya.get(petition).html.select_one(".sign-with-signature a")
    assert link["href"].endswith(petition + "sign-with-signature")
    page = aliya.get(link["href"])
    shown = page.html.find(id="text-to-sign").text
    assert shown == f"{TITLE}\n\n{TEXT}\n\n{ASKS}"
    assert "wss://127.0.0.1:13579" in page.headers["Content-Security-Policy"]
    cert, key = ca.person(ALIYA)
    page = send(aliya, petition, sign(shown, cert, key)).follow()
    assert "you signed this petition with your digital signature" in page.text
    assert "You have signed this petition." in page.text
    assert page.html.select_one(".sign-with-signature") is None
    count, state, signed, record, claims = stored(database, petition)
    # The third signature, the first at level 3, reaches the threshold of 1.
    assert (count, state, signed) == (3, "answer_due", True)
    with database() as root:
        petition_ = root["petitions"][petition.strip("/").split("/")[-1]]
        assert petition_.counted() == 1
    # The account is verified at level 3 by the same signature.
    assert record.level == 3 and record.data["not_after"] == cert.not_valid_after_utc
    assert list(claims.values()) == [_id(database, SIGNER)]
    with database() as root:
        actions = [entry.action for entry in audit_log_of(root).page(size=10)[0]]
    assert "verification.added" in actions and "petition.threshold_reached" in actions
    assert ALIYA not in page.text


def _id(database, email):
    with database() as root:
        return root["principals"].find_by_email(email).id


def test_a_signature_over_other_text_is_refused_and_not_counted(browser, petition, database, ca):
    aliya = browser(SIGNER)
    cert, key = ca.person(ALIYA)
    # The petition's text, but not all of it.
    page = send(aliya, petition, sign(f"{TITLE}\n\n{TEXT}", cert, key), status=400)
    alert = " ".join(page.html.select_one('[role="alert"]').text.split())
    assert "This signature is not of the text shown on this page" in alert
    assert page.forms["signature"]["cms"].value == ""
    assert stored(database, petition) == (2, "open", False, None, {})


def test_an_expired_certificate_or_an_unknown_root_is_refused(browser, petition, database, ca):
    aliya = browser(SIGNER)
    text = f"{TITLE}\n\n{TEXT}\n\n{ASKS}"
    expired = ca.person(ALIYA, start=NOW - timedelta(days=400))
    assert "has expired" in send(aliya, petition, sign(text, *expired), status=400).text
    stranger = TestCA("Other CA").person(ALIYA)
    page = send(aliya, petition, sign(text, *stranger), status=400)
    assert "was not issued by the National Certification Authority" in page.text
    assert stored(database, petition) == (2, "open", False, None, {})


def test_one_signature_per_person(browser, petition, database, ca):
    cert, key = ca.person(ALIYA)
    aliya = browser(SIGNER)
    text = f"{TITLE}\n\n{TEXT}\n\n{ASKS}"
    second_tab = aliya.get(petition + "sign-with-signature").forms["signature"]
    send(aliya, petition, sign(text, cert, key))
    assert "signature" not in aliya.get(petition + "sign-with-signature").forms
    # Again from the same account, in a tab opened before: refused by the petition.
    second_tab["cms"] = sign(text, cert, key)
    page = second_tab.submit("verify", status=400)
    assert "You have already signed this petition." in page.text
    # From another account with the same certificate: refused by its IIN.
    page = send(browser(OTHER), petition, sign(text, cert, key), status=400)
    assert "Another account has already been verified with this IIN" in page.text
    with database() as root:
        petition_ = root["petitions"][petition.strip("/").split("/")[-1]]
        assert petition_.count() == 3
        other = root["principals"].find_by_email(OTHER)
        assert other.id not in petition_.signatures and not other.verifications


def test_the_page_is_for_open_petitions_and_signed_in_citizens(browser, ministry):
    form = browser(AUTHOR).get("/petitions/new").forms["deform"]
    form["title"], form["text"], form["asks"] = TITLE, TEXT, ASKS
    form["addressee"] = ministry.name
    path = form.submit("draft").follow().request.path
    browser(AUTHOR).get(path + "sign-with-signature", status=404)
    assert "/login" in browser().get(path + "sign-with-signature", status=303).location
