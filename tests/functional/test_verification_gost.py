"""Verification by a GOST digital signature through the real app, with a
GOST test CA shaped like the NCA's "(GOST) 2022" one configured as the root
and intermediate, and its CRLs configured (consult.verification.nca_crls):
a GOST signature raises the account to level 3, a revoked certificate is
refused with its reason."""

from datetime import date

import pytest
from signing_gost_ca import GostCA, sign

from consult import iin
from consult.verification.census import iin_key
from consult.verification.models import signature_claims_of

ALIYA = iin.make(date(1990, 5, 17), "f", 12)


@pytest.fixture(scope="module")
def ca():
    ca = GostCA("Test NCA GOST")
    ca.revoked = ca.person(ALIYA, common_name="SERIKOVA ALIYA")
    return ca


@pytest.fixture
def settings(settings, ca, tmp_path):
    (tmp_path / "nca_gost.crl").write_bytes(ca.crl([ca.cert(ca.revoked[0]).serial_number]))
    (tmp_path / "root_gost.crl").write_bytes(ca.crl(issuer="root"))
    return dict(
        settings,
        **{
            "consult.verification.nca_roots": ca.write_root(tmp_path / "root_gost.cer"),
            "consult.verification.nca_intermediates": ca.write_intermediate(
                tmp_path / "nca_gost.cer"
            ),
            "consult.verification.nca_crls": (
                f"{tmp_path / 'nca_gost.crl'} {tmp_path / 'root_gost.crl'}"
            ),
        },
    )


@pytest.fixture
def aliya(make_user, browser):
    make_user("aliya@example.kz", "Aliya", "Serikova")
    return browser("aliya@example.kz")


def send(app, cms, status=303):
    page = app.get("/verify-signature")
    form = page.forms["signature"]
    form["cms"] = cms
    return form.submit("verify", status=status)


def text_to_sign(app):
    return app.get("/verify-signature").html.find(id="text-to-sign").text


def test_a_gost_signature_raises_the_account_to_level_3(aliya, ca, database):
    cert, key = ca.person(ALIYA)
    page = send(aliya, sign(text_to_sign(aliya), cert, key)).follow()
    assert "Thank you: you are verified (Digital signature (NCA))." in page.text
    with database() as root:
        principal = root["principals"].find_by_email("aliya@example.kz")
        record = principal.verifications["signature"]
        assert record.level == 3
        assert record.data["iin_hash"] == iin_key("testing-hash-secret", ALIYA)
        assert dict(signature_claims_of(root)) == {record.data["iin_hash"]: principal.id}


def test_a_revoked_gost_certificate_is_refused(aliya, ca, database):
    page = send(aliya, sign(text_to_sign(aliya), *ca.revoked), status=400)
    alert = " ".join(page.html.select_one('[role="alert"]').text.split())
    assert "The certificate of this signature has been revoked" in alert
    with database() as root:
        principal = root["principals"].find_by_email("aliya@example.kz")
        assert "signature" not in (principal.verifications or {})
