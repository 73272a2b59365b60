"""OCSP through the real app: with consult.verification.nca_ocsp set and a
real responder on the loopback (tests/ocsp_responder.py), a good
certificate verifies the account, a revoked one comes back with the
message saying so, and a responder that cannot be reached comes back with
"try again later" (policy `refuse`) or leaves it to the CRLs (`crl`)."""

from datetime import date, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from factories import NOW
from ocsp_responder import GOOD, REVOKED, Behaviour, Responder
from signing_ca import TestCA, sign

from consult import iin

ALIYA = iin.make(date(1990, 5, 17), "f", 12)


@pytest.fixture(scope="module")
def ca():
    return TestCA()


@pytest.fixture
def responder(ca):
    server = Responder(Behaviour(signer=(ca.intermediate, ca.intermediate_key)))
    yield server
    server.close()


@pytest.fixture
def policy():
    return "refuse"


@pytest.fixture
def settings(settings, ca, tmp_path, responder, policy):
    crls = []
    for issuer, key in ((ca.intermediate, ca.intermediate_key), (ca.root, ca.root_key)):
        revocation_list = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(issuer.subject)
            .last_update(NOW - timedelta(hours=1))
            .next_update(NOW + timedelta(days=1))
            .sign(key, hashes.SHA256())
        )
        path = tmp_path / f"{len(crls)}.crl"
        path.write_bytes(revocation_list.public_bytes(serialization.Encoding.DER))
        crls.append(str(path))
    return dict(
        settings,
        **{
            "consult.verification.nca_roots": ca.write_root(tmp_path / "root.pem"),
            "consult.verification.nca_intermediates": ca.write_intermediate(
                tmp_path / "intermediate.cer"
            ),
            "consult.verification.nca_crls": " ".join(crls),
            "consult.verification.nca_ocsp": "url",
            "consult.verification.nca_ocsp_url": responder.url,
            "consult.verification.nca_ocsp_timeout": "1",
            "consult.verification.nca_ocsp_nonce": "true",
            "consult.verification.nca_ocsp_unavailable": policy,
        },
    )


@pytest.fixture
def aliya(make_user, browser):
    make_user("aliya@example.kz", "Aliya", "Serikova")
    return browser("aliya@example.kz")


def send(app, cert, key, status):
    page = app.get("/verify-signature")
    form = page.forms["signature"]
    form["cms"] = sign(page.html.find(id="text-to-sign").text, cert, key)
    return form.submit("verify", status=status)


def alert(page):
    return " ".join(page.html.select_one('[role="alert"]').text.split())


def test_a_good_certificate_verifies_the_account(aliya, ca, responder):
    cert, key = ca.person(ALIYA)
    responder.behaviour.statuses[cert.serial_number] = GOOD
    page = send(aliya, cert, key, 303).follow()
    assert "Thank you: you are verified" in page.text
    assert [asked.serial_number for asked in responder.requests] == [cert.serial_number]


def test_a_revoked_certificate_is_refused_with_what_to_do(aliya, ca, responder):
    cert, key = ca.person(ALIYA)
    responder.behaviour.statuses[cert.serial_number] = REVOKED
    page = send(aliya, cert, key, 400)
    assert alert(page).startswith("The certificate of this signature has been revoked.")
    assert "pki.gov.kz" in alert(page)


def test_a_responder_down_asks_to_try_again_later(aliya, ca, responder):
    cert, key = ca.person(ALIYA)
    responder.close()
    page = send(aliya, cert, key, 400)
    assert alert(page) == (
        "We cannot check right now whether the certificate of this signature has "
        "been revoked. Please try again later."
    )


@pytest.mark.parametrize("policy", ["crl"])
def test_with_the_crl_fallback_a_responder_down_leaves_it_to_the_crls(aliya, ca, responder):
    cert, key = ca.person(ALIYA)
    responder.close()
    assert "Thank you: you are verified" in send(aliya, cert, key, 303).follow().text
