"""The CMS verifier with GOST certificates, against a GOST CA of the tests'
own shaped like the NCA's (tests/signing_gost_ca.py): a good signature in
NCALayer's shapes, 256 and 512 bits, the NCA's and TC26's identifiers; and
the refusals: other text, a tampered signature, an expired certificate, an
unknown root, the older GOST 34.310-2004."""

from datetime import date, timedelta

import pytest
from factories import NOW
from signing_gost_ca import TC26, GostCA, sign

from consult import iin
from consult.clock import FixedClock
from consult.hashing import HashKeys
from consult.verification.census import iin_key
from consult.verification.digital_signature import DigitalSignatureVerifier
from consult.verification.interfaces import SignatureError

ALIYA = iin.make(date(1990, 5, 17), "f", 12)
TEXT = "Open the courts' decisions\n\nPublish every decision."


@pytest.fixture(scope="module")
def ca():
    return GostCA()


@pytest.fixture(scope="module")
def aliya(ca):
    return ca.person(ALIYA)


def verifier(ca, when=NOW, intermediates=True):
    return DigitalSignatureVerifier(
        [ca.cert(ca.root)],
        [ca.cert(ca.intermediate)] if intermediates else [],
        HashKeys("secret"),
        FixedClock(when),
    )


def refusal(check, cms, text=TEXT):
    with pytest.raises(SignatureError) as caught:
        check.verify(cms, text)
    return caught.value.reason


@pytest.mark.parametrize(
    "shape",
    [
        {"detached": True, "attributes": True},
        {"detached": False, "attributes": True},
        {"detached": True, "attributes": False},
    ],
    ids=["detached", "attached", "detached-no-attributes"],
)
def test_a_good_gost_signature_gives_the_iin_hash(ca, aliya, shape):
    cert, key = aliya
    signed_by = verifier(ca).verify(sign(TEXT, cert, key, **shape), TEXT)
    assert signed_by.iin_hash == iin_key("secret", ALIYA)
    assert signed_by.common_name == "SERIKOVA ALIYA"
    assert signed_by.issuer == "Test NCA GOST 2022"
    assert signed_by.not_after == ca.cert(cert).not_valid_after_utc


def test_a_signer_naming_the_keys_algorithm_and_windows_line_ends(ca, aliya):
    cert, key = aliya
    cms = sign(TEXT.replace("\n", "\r\n"), cert, key, signer_oid=key.key_oid)
    assert verifier(ca).verify(cms, TEXT).common_name == "SERIKOVA ALIYA"


def test_a_512_bit_chain_and_signature():
    ca = GostCA("Test NCA GOST 512", size=64)
    cert, key = ca.person(ALIYA)
    cms = sign(TEXT, cert, key, extra=[ca.intermediate])
    assert verifier(ca, intermediates=False).verify(cms, TEXT).issuer == "Test NCA GOST 512 2022"
    assert refusal(verifier(ca), sign(TEXT + " Also.", cert, key)) == "other_text"


def test_tc26_identifiers_with_rfc_byte_order():
    ca = GostCA("Test TC26", arc=TC26)
    cert, key = ca.person(ALIYA)
    assert verifier(ca).verify(sign(TEXT, cert, key), TEXT).issuer == "Test TC26 2022"


@pytest.mark.parametrize("detached", [True, False])
def test_a_gost_signature_over_other_text_is_refused(ca, aliya, detached):
    cert, key = aliya
    cms = sign(TEXT + " And more.", cert, key, detached=detached)
    assert refusal(verifier(ca), cms) == "other_text"


def test_a_tampered_gost_signature_is_refused(ca, aliya):
    cert, key = aliya
    assert refusal(verifier(ca), sign(TEXT, cert, key, tamper=True)) == "other_text"


def test_an_expired_gost_certificate_is_refused(ca):
    cert, key = ca.person(ALIYA, start=NOW - timedelta(days=400), days=365)
    assert refusal(verifier(ca), sign(TEXT, cert, key)) == "expired"
    earlier = verifier(ca, when=NOW - timedelta(days=200))
    assert earlier.verify(sign(TEXT, cert, key), TEXT).common_name == "SERIKOVA ALIYA"


def test_an_unknown_gost_root_is_refused(ca):
    other = GostCA("Other GOST CA")
    cert, key = other.person(ALIYA)
    cms = sign(TEXT, cert, key, extra=[other.intermediate, other.root])
    assert refusal(verifier(ca), cms) == "unknown_root"
    # Same names as ours, other keys: the names match, the signatures do not.
    impostor = GostCA("Test NCA GOST")
    cert, key = impostor.person(ALIYA)
    assert refusal(verifier(ca), sign(TEXT, cert, key)) == "unknown_root"


def test_the_former_gost_34_310_2004_is_refused_as_unsupported(ca, aliya):
    cert, key = aliya
    # ST RK GOST 34.310-2004 with GOST 34.311-95, the NCA's former algorithms.
    cms = sign(TEXT, cert, key, signer_oid="1.2.398.3.10.1.1.1.2", digest_oid="1.2.398.3.10.1.3.1")
    assert refusal(verifier(ca), cms) == "unsupported"
