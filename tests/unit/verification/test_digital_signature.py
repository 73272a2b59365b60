"""The CMS verifier against a test CA of its own (tests/signing_ca.py): a
good signature in every shape NCALayer gives (detached or attached, with or
without signed attributes, RSA or ECDSA; GOST in test_digital_signature_gost), and each refusal with its reason:
a signature over other text, an expired or not-yet-valid certificate, an
unknown root or a broken chain, malformed input, no IIN in the subject."""

import base64
from datetime import date, timedelta

import pytest
from asn1crypto import cms as asn1_cms
from factories import NOW
from signing_ca import TestCA, certificate, ec_key, sign
from zope.interface.verify import verifyObject

from consult import iin
from consult.clock import FixedClock
from consult.hashing import HashKeys
from consult.settings import SettingError
from consult.verification.census import iin_key
from consult.verification.certificates import load_certificates, nca_trust
from consult.verification.digital_signature import DigitalSignatureVerifier
from consult.verification.interfaces import IDigitalSignatureVerifier, SignatureError

ALIYA = iin.make(date(1990, 5, 17), "f", 12)
TEXT = "Open the courts' decisions\n\nPublish every decision."


@pytest.fixture(scope="module")
def ca():
    return TestCA()


@pytest.fixture(scope="module")
def aliya(ca):
    return ca.person(ALIYA)


KEYS = HashKeys("secret")


def verifier(ca, intermediates=True, keys=KEYS, when=NOW):
    return DigitalSignatureVerifier(
        [ca.root], [ca.intermediate] if intermediates else [], keys, FixedClock(when)
    )


def refusal(check, cms, text=TEXT):
    with pytest.raises(SignatureError) as caught:
        check.verify(cms, text)
    return caught.value.reason


def test_it_provides_its_interface(ca):
    assert verifyObject(IDigitalSignatureVerifier, verifier(ca))


@pytest.mark.parametrize(
    "shape",
    [
        {"detached": True, "attributes": True},
        {"detached": False, "attributes": True},
        {"detached": True, "attributes": False},
        {"detached": False, "attributes": False},
    ],
    ids=["detached", "attached", "detached-no-attributes", "attached-no-attributes"],
)
def test_a_good_signature_gives_the_iin_hash_and_the_certificate(ca, aliya, shape):
    cert, key = aliya
    signed_by = verifier(ca).verify(sign(TEXT, cert, key, **shape), TEXT)
    assert signed_by.iin_hash == iin_key("secret", ALIYA)
    assert signed_by.iin_hashes == (signed_by.iin_hash,)
    assert ALIYA not in repr(signed_by)
    assert signed_by.common_name == "SERIKOVA ALIYA"
    assert signed_by.issuer == "Test NCA (RSA)"
    assert (signed_by.not_before, signed_by.not_after) == (
        cert.not_valid_before_utc,
        cert.not_valid_after_utc,
    )


def test_an_ecdsa_signature_pem_armour_and_line_breaks(ca):
    key = ec_key()
    cert, _key = ca.person(ALIYA, key=key)
    cms = sign(TEXT, cert, key)
    wrapped = "\n".join(cms[i : i + 64] for i in range(0, len(cms), 64))
    armoured = f"-----BEGIN CMS-----\n{wrapped}\n-----END CMS-----\n"
    assert verifier(ca).verify(armoured, TEXT).iin_hash == iin_key("secret", ALIYA)
    assert verifier(ca).verify(base64.b64decode(cms), TEXT).common_name == "SERIKOVA ALIYA"


def test_the_text_saved_with_windows_line_ends_is_the_same_text(ca, aliya):
    cert, key = aliya
    cms = sign(TEXT.replace("\n", "\r\n"), cert, key)
    assert verifier(ca).verify(cms, TEXT).common_name == "SERIKOVA ALIYA"


def test_during_a_hash_secret_rotation_both_keys_are_given(ca, aliya):
    cert, key = aliya
    keys = HashKeys("new", previous="old")
    signed_by = verifier(ca, keys=keys).verify(sign(TEXT, cert, key), TEXT)
    assert signed_by.iin_hashes == (iin_key("new", ALIYA), iin_key("old", ALIYA))


@pytest.mark.parametrize("detached", [True, False])
@pytest.mark.parametrize("attributes", [True, False])
def test_a_signature_over_other_text_is_refused(ca, aliya, detached, attributes):
    cert, key = aliya
    cms = sign(TEXT + " And more.", cert, key, detached=detached, attributes=attributes)
    assert refusal(verifier(ca), cms) == "other_text"


def test_a_tampered_signature_value_is_refused(ca, aliya):
    cert, key = aliya
    info = asn1_cms.ContentInfo.load(base64.b64decode(sign(TEXT, cert, key)))
    signer = info["content"]["signer_infos"][0]
    value = bytearray(signer["signature"].native)
    value[10] ^= 0xFF
    signer["signature"] = bytes(value)
    assert refusal(verifier(ca), base64.b64encode(info.dump(force=True)).decode()) == "other_text"


def test_an_expired_certificate_is_refused(ca):
    cert, key = ca.person(ALIYA, start=NOW - timedelta(days=400), days=365)
    assert refusal(verifier(ca), sign(TEXT, cert, key)) == "expired"
    # The same certificate was good while it was valid.
    earlier = verifier(ca, when=NOW - timedelta(days=200))
    assert earlier.verify(sign(TEXT, cert, key), TEXT).common_name == "SERIKOVA ALIYA"


def test_a_certificate_not_valid_yet_is_refused(ca):
    cert, key = ca.person(ALIYA, start=NOW + timedelta(days=2))
    assert refusal(verifier(ca), sign(TEXT, cert, key)) == "not_yet_valid"


def test_an_unknown_root_is_refused(ca):
    other = TestCA("Other CA")
    cert, key = other.person(ALIYA)
    # Even when the signature carries its whole chain, the root is not ours.
    cms = sign(TEXT, cert, key, extra=[other.intermediate, other.root])
    assert refusal(verifier(ca), cms) == "unknown_root"


def test_a_self_signed_certificate_with_our_names_is_refused(ca):
    """A certificate naming our intermediate as its issuer, signed by
    another key: the name matches, the signature does not."""
    impostor = TestCA("Test NCA")
    cert, key = impostor.person(ALIYA)
    assert refusal(verifier(ca), sign(TEXT, cert, key)) == "unknown_root"


def test_the_intermediate_comes_from_the_settings_or_the_signature(ca, aliya):
    cert, key = aliya
    # Broken chain: no intermediate configured, none carried.
    assert refusal(verifier(ca, intermediates=False), sign(TEXT, cert, key)) == "unknown_root"
    carried = sign(TEXT, cert, key, extra=[ca.intermediate])
    assert verifier(ca, intermediates=False).verify(carried, TEXT).common_name


def test_an_expired_intermediate_makes_the_chain_expired(ca, aliya):
    cert, key = aliya
    # The intermediate's key and name, in a certificate that expired.
    expired = certificate(
        ca.intermediate.subject,
        ca.intermediate_key,
        ca.root,
        ca.root_key,
        ca=True,
        start=NOW - timedelta(days=30),
        days=10,
    )
    check = DigitalSignatureVerifier([ca.root], [expired], HashKeys("s"), FixedClock(NOW))
    assert refusal(check, sign(TEXT, cert, key)) == "expired"


def test_a_certificate_without_an_iin_is_refused(ca):
    cert, key = ca.person(None, common_name="SOME ORGANISATION")
    assert refusal(verifier(ca), sign(TEXT, cert, key)) == "no_iin"
    cert, key = ca.person("123")  # serialNumber=IIN123: not an IIN
    assert refusal(verifier(ca), sign(TEXT, cert, key)) == "no_iin"


@pytest.mark.parametrize(
    "cms",
    [
        "",
        "   ",
        "not base64 at all!",
        base64.b64encode(b"hello").decode(),
        base64.b64encode(b"\x30\x03\x02\x01\x01").decode(),
        "A" * (1024 * 1024 + 4),
    ],
    ids=["empty", "blank", "not-base64", "not-der", "not-cms", "too-long"],
)
def test_malformed_input_is_refused(ca, cms):
    assert refusal(verifier(ca), cms) == "malformed"


def test_a_truncated_signature_and_one_without_its_certificate_are_refused(ca, aliya):
    cert, key = aliya
    cms = sign(TEXT, cert, key)
    assert refusal(verifier(ca), cms[: len(cms) // 2 // 4 * 4]) == "malformed"
    info = asn1_cms.ContentInfo.load(base64.b64decode(cms))
    del info["content"]["certificates"]
    assert refusal(verifier(ca), base64.b64encode(info.dump(force=True)).decode()) == "malformed"


def test_a_gost_algorithm_named_for_an_rsa_key_is_refused_as_unsupported(ca, aliya):
    cert, key = aliya
    info = asn1_cms.ContentInfo.load(base64.b64decode(sign(TEXT, cert, key)))
    signer = info["content"]["signer_infos"][0]
    # GOST 34.10-2015 with 34.11-2012 (256) named, but the certificate's key is RSA.
    signer["signature_algorithm"] = {"algorithm": "1.2.398.3.10.1.1.2.3.1"}
    assert refusal(verifier(ca), base64.b64encode(info.dump(force=True)).decode()) == "unsupported"


def test_without_roots_nothing_verifies(ca, aliya):
    cert, key = aliya
    check = DigitalSignatureVerifier([], [], HashKeys("s"), FixedClock(NOW))
    assert not check.available and verifier(ca).available
    assert refusal(check, sign(TEXT, cert, key)) == "no_roots"


def test_every_refusal_has_a_message_for_the_person(ca):
    with pytest.raises(SignatureError) as caught:
        verifier(ca).verify("", TEXT)
    assert "NCALayer" in str(caught.value)


def test_certificates_are_read_from_pem_and_der_files(ca, tmp_path):
    root = ca.write_root(tmp_path / "root.pem")
    intermediate = ca.write_intermediate(tmp_path / "intermediate.cer")
    assert load_certificates([root, intermediate]) == [ca.root, ca.intermediate]
    roots, intermediates = nca_trust(
        {
            "consult.verification.nca_roots": (root,),
            "consult.verification.nca_intermediates": (),
        }
    )
    assert (roots, intermediates) == ([ca.root], [])
    (tmp_path / "junk.pem").write_text("not a certificate")
    with pytest.raises(SettingError, match="consult.verification.nca_roots.*junk.pem"):
        nca_trust(
            {
                "consult.verification.nca_roots": (str(tmp_path / "junk.pem"),),
                "consult.verification.nca_intermediates": (),
            }
        )
