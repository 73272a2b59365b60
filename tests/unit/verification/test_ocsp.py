"""OCSP against a real responder on this machine (tests/ocsp_responder.py):
a good certificate passes, a revoked or unknown one is refused with its
message, an answer signed by the wrong key, a stale one, one without the
nonce, a responder down, too slow or failing is "unavailable", which the
policy refuses or leaves to the CRLs; a delegated responder counts only
with the OCSP signing usage and its issuer's signature.

Answers are built by `cryptography` from the tests' RSA CA, and, for the
GOST CA, assembled by asn1crypto and signed by gostcrypto
(signing_gost_ca.ocsp_answer)."""

import logging
import threading
from datetime import date, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import AuthorityInformationAccessOID
from factories import NOW
from ocsp_responder import GOOD, REVOKED, UNKNOWN, Behaviour, Responder, responder_certificate
from signing_ca import TestCA, certificate, crl, rsa_key, sign
from signing_gost_ca import GostCA, ocsp_answer
from signing_gost_ca import sign as gost_sign

from consult import iin
from consult.clock import FixedClock
from consult.hashing import HashKeys
from consult.settings import SettingError
from consult.verification.certificates import MESSAGES
from consult.verification.digital_signature import DigitalSignatureVerifier
from consult.verification.interfaces import SignatureError
from consult.verification.ocsp import AIA, CRL, REFUSE, URL, OCSPCheck, nca_ocsp, responder_url
from consult.verification.ocsp_transport import MAX_ANSWER
from consult.verification.revocation import CRLFiles, Revocation

ALIYA = iin.make(date(1990, 5, 17), "f", 12)
TEXT = "Open the courts' decisions"


def refusal(check, cms):
    with pytest.raises(SignatureError) as caught:
        check.verify(cms, TEXT)
    return caught.value.reason


def write_lists(folder, ca, revoked=(), intermediate_list=None, revoked_intermediates=()):
    """The paths of the intermediate's CRL (`intermediate_list`, or one
    listing `revoked`) and the root's (listing `revoked_intermediates`)."""
    if intermediate_list is None:  # (a CRL listing none is falsy)
        intermediate_list = crl(ca.intermediate, ca.intermediate_key, revoked)
    paths = []
    for number, revocation_list in enumerate(
        (intermediate_list, crl(ca.root, ca.root_key, revoked_intermediates))
    ):
        path = folder / f"list{number}.crl"
        path.write_bytes(revocation_list.public_bytes(serialization.Encoding.DER))
        paths.append(str(path))
    return paths


@pytest.fixture(scope="module")
def ca():
    return TestCA()


@pytest.fixture
def aliya(ca):
    return ca.person(ALIYA)


@pytest.fixture
def responder(ca, aliya):
    server = Responder(
        Behaviour(
            signer=(ca.intermediate, ca.intermediate_key),
            statuses={aliya[0].serial_number: GOOD},
        )
    )
    yield server
    server.close()


def verifier(ca, url, unavailable=REFUSE, crls=None, nonce=False, timeout=3):
    return DigitalSignatureVerifier(
        [ca.root],
        [ca.intermediate],
        HashKeys("secret"),
        FixedClock(NOW),
        revocation=Revocation(CRLFiles(crls)) if crls else None,
        ocsp=OCSPCheck(URL, url, timeout, nonce=nonce, unavailable=unavailable),
    )


def test_a_good_certificate_passes_and_the_request_names_it(ca, aliya, responder):
    cert, key = aliya
    signed_by = verifier(ca, responder.url, nonce=True).verify(sign(TEXT, cert, key), TEXT)
    assert signed_by.common_name == "SERIKOVA ALIYA"
    (asked,) = responder.requests
    assert asked.serial_number == cert.serial_number
    assert (
        asked.issuer_key_hash
        == x509.SubjectKeyIdentifier.from_public_key(ca.intermediate.public_key()).digest
    )
    assert len(asked.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce) == 16


def test_a_revoked_certificate_is_refused_with_its_message(ca, aliya, responder, tmp_path):
    cert, key = aliya
    responder.behaviour.statuses[cert.serial_number] = REVOKED
    with pytest.raises(SignatureError) as caught:
        verifier(ca, responder.url).verify(sign(TEXT, cert, key), TEXT)
    assert caught.value.reason == "revoked"
    assert caught.value.message == MESSAGES["revoked"]
    # The CRLs as fallback do not soften a revocation the responder gave.
    good_crls = write_lists(tmp_path, ca)
    assert refusal(verifier(ca, responder.url, CRL, good_crls), sign(TEXT, cert, key)) == (
        "revoked"
    )


def test_a_certificate_the_responder_does_not_know_is_refused(ca, responder):
    stranger, key = ca.person(ALIYA)
    responder.behaviour.statuses[stranger.serial_number] = UNKNOWN
    assert refusal(verifier(ca, responder.url), sign(TEXT, stranger, key)) == "not_issued"
    assert "does not know" in MESSAGES["not_issued"]


def test_an_answer_signed_by_another_key_does_not_count(ca, aliya, responder, caplog):
    cert, key = aliya
    # The intermediate's name, another key.
    forger = rsa_key()
    responder.behaviour.signer = (certificate(ca.intermediate.subject, forger), forger)
    responder.behaviour.by_name = True
    with caplog.at_level(logging.ERROR, logger="consult.verification.ocsp"):
        assert refusal(verifier(ca, responder.url), sign(TEXT, cert, key)) == ("revocation_unknown")
    assert "signed neither by the issuer" in caplog.records[0].getMessage()


def test_a_delegated_responder_counts_with_the_usage_and_the_issuers_signature(
    ca, aliya, responder
):
    cert, key = aliya
    delegate_key = rsa_key()
    delegate = responder_certificate(ca, delegate_key)
    responder.behaviour.signer = (delegate, delegate_key)
    responder.behaviour.carried = (delegate,)
    assert verifier(ca, responder.url).verify(sign(TEXT, cert, key), TEXT)
    # Without the OCSP signing usage, or issued by another CA: not a responder.
    for impostor in (
        responder_certificate(ca, delegate_key, usage=False),
        responder_certificate(ca, delegate_key, issuer=ca.root, issuer_key=ca.root_key),
        responder_certificate(ca, delegate_key, issuer=ca.intermediate, issuer_key=rsa_key()),
    ):
        responder.behaviour.signer = (impostor, delegate_key)
        responder.behaviour.carried = (impostor,)
        assert refusal(verifier(ca, responder.url), sign(TEXT, cert, key)) == ("revocation_unknown")


@pytest.mark.parametrize(
    "dates",
    [
        (NOW - timedelta(hours=2), NOW - timedelta(minutes=1)),  # past its nextUpdate
        (NOW + timedelta(hours=1), NOW + timedelta(hours=2)),  # made "in the future"
        (NOW - timedelta(hours=2), None),  # no nextUpdate, older than an hour
    ],
)
def test_a_stale_answer_does_not_count(ca, aliya, responder, dates):
    cert, key = aliya
    responder.behaviour.this_update, responder.behaviour.next_update = dates
    assert refusal(verifier(ca, responder.url), sign(TEXT, cert, key)) == "revocation_unknown"


def test_an_answer_without_the_nonce_does_not_count_when_one_was_sent(ca, aliya, responder):
    cert, key = aliya
    responder.behaviour.echo_nonce = False
    assert verifier(ca, responder.url).verify(sign(TEXT, cert, key), TEXT)
    assert refusal(verifier(ca, responder.url, nonce=True), sign(TEXT, cert, key)) == (
        "revocation_unknown"
    )


def closed_port_url():
    """An address where nothing listens."""
    server = Responder(Behaviour(signer=(None, None)))
    url = server.url
    server.close()
    return url


def test_a_responder_down_refuses_or_leaves_it_to_the_crls(ca, aliya, caplog, tmp_path):
    cert, key = aliya
    url = closed_port_url()
    with caplog.at_level(logging.WARNING, logger="consult.verification.ocsp"):
        assert refusal(verifier(ca, url), sign(TEXT, cert, key)) == "revocation_unknown"
        assert [r.levelname for r in caplog.records] == ["ERROR"]
        caplog.clear()
        fallback = verifier(ca, url, CRL, write_lists(tmp_path, ca))
        assert fallback.verify(sign(TEXT, cert, key), TEXT)
        assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert "the CRLs decide" in caplog.records[0].getMessage()
    # The log names the issuer, not the person's certificate.
    assert "Test NCA (RSA)" in caplog.records[0].getMessage()
    assert f"{cert.serial_number:x}" not in caplog.records[0].getMessage()
    # The CRLs then check the person's certificate too.
    revoked = verifier(ca, url, CRL, write_lists(tmp_path, ca, revoked=[cert.serial_number]))
    assert refusal(revoked, sign(TEXT, cert, key)) == "revoked"


def test_a_responder_too_slow_failing_or_talking_nonsense_is_unavailable(
    ca, aliya, responder, tmp_path, caplog
):
    cert, key = aliya
    responder.behaviour.hold = threading.Event()
    assert refusal(verifier(ca, responder.url, timeout=0.2), sign(TEXT, cert, key)) == (
        "revocation_unknown"
    )
    responder.behaviour.hold.set()
    responder.behaviour.hold = None
    responder.behaviour.http_status = 500
    assert refusal(verifier(ca, responder.url), sign(TEXT, cert, key)) == "revocation_unknown"
    responder.behaviour.http_status = 200
    for body in (b"not an OCSP response", b"0" * (MAX_ANSWER + 1)):
        responder.behaviour.body = body
        assert refusal(verifier(ca, responder.url), sign(TEXT, cert, key)) == ("revocation_unknown")
    # The CRLs decide then, as for a responder down.
    assert verifier(ca, responder.url, CRL, write_lists(tmp_path, ca)).verify(
        sign(TEXT, cert, key), TEXT
    )


def test_a_good_answer_spares_the_persons_crl_but_not_the_intermediates(
    ca, aliya, responder, tmp_path
):
    cert, key = aliya
    stale = crl(ca.intermediate, ca.intermediate_key, next_update=NOW - timedelta(minutes=5))
    (tmp_path / "stale").mkdir()
    paths = write_lists(tmp_path / "stale", ca, intermediate_list=stale)
    assert verifier(ca, responder.url, CRL, paths).verify(sign(TEXT, cert, key), TEXT)
    # Without an answer, the stale CRL of the person's issuer decides.
    down = closed_port_url()
    assert refusal(verifier(ca, down, CRL, paths), sign(TEXT, cert, key)) == "revocation_unknown"
    paths = write_lists(tmp_path, ca, revoked_intermediates=[ca.intermediate.serial_number])
    assert refusal(verifier(ca, responder.url, CRL, paths), sign(TEXT, cert, key)) == "revoked"


def test_an_answer_that_counted_is_reused_until_it_is_due(ca, aliya, responder):
    cert, key = aliya
    check = verifier(ca, responder.url)
    check.verify(sign(TEXT, cert, key), TEXT)
    check.verify(sign(TEXT, cert, key), TEXT)
    assert len(responder.requests) == 1
    check.clock = FixedClock(NOW + timedelta(minutes=6))
    check.verify(sign(TEXT, cert, key), TEXT)
    assert len(responder.requests) == 2


def test_the_responder_is_the_certificates_own_or_the_setting(ca):
    key = rsa_key()
    plain = certificate(x509.Name([]), key, ca.intermediate, ca.intermediate_key)
    assert responder_url(plain, AIA, "http://ocsp.pki.gov.kz") == "http://ocsp.pki.gov.kz"
    access = x509.AuthorityInformationAccess(
        [
            x509.AccessDescription(
                AuthorityInformationAccessOID.CA_ISSUERS,
                x509.UniformResourceIdentifier("http://pki.gov.kz/cert/nca_rsa.cer"),
            ),
            x509.AccessDescription(
                AuthorityInformationAccessOID.OCSP,
                x509.UniformResourceIdentifier("http://ocsp.example.kz"),
            ),
        ]
    )
    named = (
        x509.CertificateBuilder()
        .subject_name(plain.subject)
        .issuer_name(ca.intermediate.subject)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(NOW)
        .not_valid_after(NOW + timedelta(days=1))
        .add_extension(access, critical=False)
        .sign(ca.intermediate_key, hashes.SHA256())
    )
    assert responder_url(named, AIA, "http://ocsp.pki.gov.kz") == "http://ocsp.example.kz"
    assert responder_url(named, URL, "http://mirror.local") == "http://mirror.local"


def settings(**values):
    base = {
        "consult.verification.nca_ocsp": "aia",
        "consult.verification.nca_ocsp_url": "http://ocsp.pki.gov.kz",
        "consult.verification.nca_ocsp_timeout": 3.0,
        "consult.verification.nca_ocsp_nonce": False,
        "consult.verification.nca_ocsp_unavailable": "refuse",
    }
    return base | {f"consult.verification.nca_ocsp_{k}": v for k, v in values.items()}


def test_settings_turn_it_on_and_the_fallback_needs_crls():
    assert nca_ocsp(settings(**{}) | {"consult.verification.nca_ocsp": "off"}, False) is None
    check = nca_ocsp(settings(), False)
    assert (check.mode, check.url, check.timeout, check.unavailable) == (
        AIA,
        "http://ocsp.pki.gov.kz",
        3.0,
        REFUSE,
    )
    with pytest.raises(SettingError, match="nca_ocsp_unavailable = crl needs CRLs"):
        nca_ocsp(settings(unavailable="crl"), False)
    assert nca_ocsp(settings(unavailable="crl"), True).unavailable == CRL


def test_a_gost_responders_answer_is_checked_by_its_gost_signature():
    ca = GostCA("Test GOST OCSP")
    cert, key = ca.person(ALIYA)
    revoked, revoked_key = ca.person(ALIYA)
    statuses = {
        GostCA.cert(cert).serial_number: "good",
        GostCA.cert(revoked).serial_number: "revoked",
    }
    server = Responder(Behaviour(signer=(None, None)))
    server.behaviour.build = lambda request: ocsp_answer(ca, request, statuses)
    try:
        check = DigitalSignatureVerifier(
            [ca.cert(ca.root)],
            [ca.cert(ca.intermediate)],
            HashKeys("secret"),
            FixedClock(NOW),
            ocsp=OCSPCheck(URL, server.url, 3),
        )
        assert check.verify(gost_sign(TEXT, cert, key), TEXT).common_name == "SERIKOVA ALIYA"
        assert refusal(check, gost_sign(TEXT, revoked, revoked_key)) == "revoked"
        # Signed by the root's key in the intermediate's name: no answer.
        server.behaviour.build = lambda request: ocsp_answer(ca, request, statuses, ca.root_key)
        check.ocsp = OCSPCheck(URL, server.url, 3)
        assert refusal(check, gost_sign(TEXT, cert, key)) == "revocation_unknown"
    finally:
        server.close()
