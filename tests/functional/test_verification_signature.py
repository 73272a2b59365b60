"""Verification by digital signature (level 3) through the real app, with a
test CA configured as the NCA root: the page shows the day's text, a good
signature raises the account to level 3 and binds the IIN (as a keyed
hash only), each bad signature comes back with its reason, one IIN verifies
one account, and without configured roots level 3 is not offered."""

import re
from datetime import date, timedelta

import pytest
from factories import NOW
from signing_ca import TestCA, sign

from consult import iin
from consult.audit.models import audit_log_of
from consult.verification.census import iin_key
from consult.verification.models import signature_claims_of

ALIYA = iin.make(date(1990, 5, 17), "f", 12)
BOLAT = iin.make(date(1984, 1, 2), "m", 345)


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
        },
    )


@pytest.fixture
def people(make_user, browser):
    make_user("aliya@example.kz", "Aliya", "Serikova")
    make_user("bolat@example.kz", "Bolat", "Bekov")
    make_user("moderator@example.kz", "Marat", "Moderator", roles=("moderator",))
    return {name: browser(f"{name}@example.kz") for name in ("aliya", "bolat", "moderator")}


def text_to_sign(page):
    return page.html.find(id="text-to-sign").text


def send(app, cms, status=303):
    page = app.get("/verify-signature")
    form = page.forms["signature"]
    form["cms"] = cms
    return form.submit("verify", status=status)


def alert(page):
    return " ".join(page.html.select_one('[role="alert"]').text.split())


def test_the_account_page_leads_to_the_page_with_the_text_to_sign(people):
    page = people["aliya"].get("/account")
    link = page.html.select_one("#verification-signature a")
    assert link["href"].endswith("/verify-signature")
    page = people["aliya"].get(link["href"])
    text = text_to_sign(page)
    assert "2026-03-02" in text and "http://localhost" in text
    # The pasted signature is the only field; the script is an enhancement
    # allowed to reach NCALayer, on this page only.
    assert page.html.select_one("textarea[name=cms]") is not None
    assert page.html.select_one('script[src*="ncalayer.js"]') is not None
    assert "wss://127.0.0.1:13579" in page.headers["Content-Security-Policy"]
    assert "wss://" not in people["aliya"].get("/account").headers["Content-Security-Policy"]
    # Each account signs its own text.
    assert text_to_sign(people["bolat"].get("/verify-signature")) != text


def test_a_good_signature_raises_the_account_to_level_3(people, ca, database):
    aliya = people["aliya"]
    cert, key = ca.person(ALIYA)
    text = text_to_sign(aliya.get("/verify-signature"))
    page = send(aliya, sign(text, cert, key)).follow()
    assert "Thank you: you are verified (Digital signature (NCA))." in page.text
    assert "A digital signature" in page.text
    assert ALIYA not in page.text
    with database() as root:
        principal = root["principals"].find_by_email("aliya@example.kz")
        record = principal.verifications["signature"]
        assert record.level == 3 and record.by is None
        assert record.data == {
            "iin_hash": iin_key("testing-hash-secret", ALIYA),
            "not_before": cert.not_valid_before_utc,
            "not_after": cert.not_valid_after_utc,
        }
        assert dict(signature_claims_of(root)) == {record.data["iin_hash"]: principal.id}
        assert ALIYA not in repr(vars(principal)) and ALIYA not in repr(record.data)
        assert "verification.added" in [e.action for e in audit_log_of(root).page(size=5)[0]]
    # The page now says until when the certificate is valid.
    assert "valid until" in aliya.get("/verify-signature").text


def test_yesterdays_text_is_still_accepted_and_older_ones_are_not(people, ca, clock):
    aliya = people["aliya"]
    cert, key = ca.person(ALIYA)
    text = text_to_sign(aliya.get("/verify-signature"))
    clock.advance(timedelta(days=2))
    page = send(aliya, sign(text, cert, key), status=400)
    assert "This signature is not of the text shown on this page" in alert(page)
    clock.advance(timedelta(days=-1))
    send(aliya, sign(text, cert, key))


@pytest.mark.parametrize(
    "case, message",
    [
        ("other_text", "This signature is not of the text shown on this page"),
        ("expired", "The certificate of this signature has expired"),
        ("unknown_root", "was not issued by the National Certification Authority"),
        ("malformed", "This is not a signature we can read"),
        ("no_iin", "The certificate of this signature carries no IIN"),
    ],
)
def test_a_bad_signature_comes_back_with_its_reason(people, ca, database, case, message):
    aliya = people["aliya"]
    text = text_to_sign(aliya.get("/verify-signature"))
    cert, key = ca.person(ALIYA)
    if case == "other_text":
        cms = sign(text + " (changed)", cert, key)
    elif case == "expired":
        cms = sign(text, *ca.person(ALIYA, start=NOW - timedelta(days=400)))
    elif case == "unknown_root":
        cms = sign(text, *TestCA("Other CA").person(ALIYA))
    elif case == "malformed":
        cms = "MIIBnotasignature"
    else:
        cms = sign(text, *ca.person(None))
    page = send(aliya, cms, status=400)
    assert message in alert(page)
    # The pasted signature is not shown again: its certificate holds the IIN.
    assert page.forms["signature"]["cms"].value == ""
    with database() as root:
        principal = root["principals"].find_by_email("aliya@example.kz")
        assert "signature" not in (principal.verifications or {})
        assert not signature_claims_of(root)


def test_an_empty_field_is_asked_for_again(people):
    page = send(people["aliya"], "", status=200)
    assert "Required" in page.text


def test_one_iin_verifies_one_account(people, ca, database):
    cert, key = ca.person(ALIYA)
    aliya, bolat = people["aliya"], people["bolat"]
    send(aliya, sign(text_to_sign(aliya.get("/verify-signature")), cert, key))
    # Bolat signs his own text with Aliya's certificate: her IIN is taken.
    page = send(bolat, sign(text_to_sign(bolat.get("/verify-signature")), cert, key), 400)
    assert "Another account has already been verified with this IIN" in alert(page)
    # Aliya cannot move her account onto Bolat's certificate either.
    other, other_key = ca.person(BOLAT, common_name="BEKOV BOLAT")
    text = text_to_sign(aliya.get("/verify-signature"))
    page = send(aliya, sign(text, other, other_key), status=400)
    assert "verified with the certificate of another person" in alert(page)
    # A renewed certificate of hers is welcome.
    renewed, renewed_key = ca.person(ALIYA, days=700)
    send(aliya, sign(text, renewed, renewed_key))
    with database() as root:
        principal = root["principals"].find_by_email("aliya@example.kz")
        assert principal.verifications["signature"].data["not_after"] == (
            renewed.not_valid_after_utc
        )
        assert len(signature_claims_of(root)) == 1


def verify_census(app, number, status=303):
    form = app.get("/account").forms["verify-census"]
    form["iin"] = number
    return form.submit("verify", status=status)


def test_a_census_claim_and_a_signature_claim_are_one_iin(people, ca, make_user, browser):
    make_user("admin@example.kz", "Asel", "Admin", roles=("administrator",))
    make_user("dana@example.kz", "Dana", "Omarova")
    form = browser("admin@example.kz").get("/census").forms["deform"]
    form["upload"] = ("census.csv", f"iin\n{ALIYA}\n{BOLAT}\n".encode(), "text/csv")
    form.submit("load", status=303)
    verify_census(people["aliya"], ALIYA)
    bolat = people["bolat"]
    # Aliya's IIN is her account's by the census: not Bolat's by a signature.
    cms = sign(text_to_sign(bolat.get("/verify-signature")), *ca.person(ALIYA))
    assert "Another account has already been verified" in alert(send(bolat, cms, 400))
    # Bolat's, bound by his signature, is not Dana's by the census.
    send(bolat, sign(text_to_sign(bolat.get("/verify-signature")), *ca.person(BOLAT)))
    page = verify_census(browser("dana@example.kz"), BOLAT, status=400)
    assert "Another account has already been verified" in alert(page)


def test_withdrawing_the_verification_frees_the_iin(people, ca, database):
    cert, key = ca.person(ALIYA)
    aliya, bolat = people["aliya"], people["bolat"]
    send(aliya, sign(text_to_sign(aliya.get("/verify-signature")), cert, key))
    moderator = people["moderator"]
    with database() as root:
        userid = root["principals"].find_by_email("aliya@example.kz").id
    page = moderator.get("/principals/verify", params={"userid": userid})
    token = page.html.select_one('input[name="csrf_token"]')["value"]
    moderator.post(
        "/principals/unverify",
        {"userid": userid, "verifier": "signature", "csrf_token": token},
        status=303,
    )
    send(bolat, sign(text_to_sign(bolat.get("/verify-signature")), cert, key))
    with database() as root:
        bolat_id = root["principals"].find_by_email("bolat@example.kz").id
        assert list(signature_claims_of(root).values()) == [bolat_id]


def test_the_iin_never_appears_on_the_account_page(people, ca):
    aliya = people["aliya"]
    cert, key = ca.person(ALIYA)
    page = send(aliya, sign(text_to_sign(aliya.get("/verify-signature")), cert, key)).follow()
    assert not re.search(ALIYA[:6] + r"\s?" + ALIYA[6:], page.text)


def test_an_anonymous_visitor_is_sent_to_sign_in(browser):
    page = browser().get("/verify-signature", status=303)
    assert "/login" in page.location


class TestWithoutRoots:
    @pytest.fixture
    def settings(self, settings):
        return dict(settings, **{"consult.verification.nca_roots": ""})

    def test_level_3_is_not_offered(self, people):
        page = people["aliya"].get("/account")
        assert page.html.select_one("#verification-signature") is None
        people["aliya"].get("/verify-signature", status=404)
