"""Revocation by the CRLs in files: a revoked person's or intermediate
certificate is refused, a stale CRL refused or accepted by the setting, a
CRL signed by another key is no CRL at all, a file replaced on disk is read
again, and a GOST-signed CRL is checked like an RSA one."""

import copy
import logging
from datetime import date, timedelta

import pytest
from cryptography.hazmat.primitives import serialization
from factories import NOW
from signing_ca import TestCA, crl, rsa_key, sign
from signing_gost_ca import GostCA
from signing_gost_ca import sign as gost_sign

from consult import iin
from consult.clock import FixedClock
from consult.hashing import HashKeys
from consult.settings import SettingError
from consult.verification.digital_signature import DigitalSignatureVerifier
from consult.verification.interfaces import SignatureError
from consult.verification.revocation import ACCEPT, CRLFiles, Revocation, nca_revocation

ALIYA = iin.make(date(1990, 5, 17), "f", 12)
TEXT = "Open the courts' decisions"


@pytest.fixture(scope="module")
def ca():
    return TestCA()


def write(tmp_path, *crls):
    paths = []
    for number, revocation_list in enumerate(crls):
        path = tmp_path / f"list{number}.crl"
        if isinstance(revocation_list, bytes):
            path.write_bytes(revocation_list)
        else:
            path.write_bytes(revocation_list.public_bytes(serialization.Encoding.DER))
        paths.append(str(path))
    return paths


def verifier(ca, paths, stale="refuse", gost=False):
    roots = [ca.cert(ca.root)] if gost else [ca.root]
    intermediates = [ca.cert(ca.intermediate)] if gost else [ca.intermediate]
    return DigitalSignatureVerifier(
        roots,
        intermediates,
        HashKeys("secret"),
        FixedClock(NOW),
        revocation=Revocation(CRLFiles(paths), stale),
    )


def refusal(check, cms):
    with pytest.raises(SignatureError) as caught:
        check.verify(cms, TEXT)
    return caught.value.reason


def good_lists(ca, revoked=(), revoked_intermediates=()):
    return (
        crl(ca.intermediate, ca.intermediate_key, revoked),
        crl(ca.root, ca.root_key, revoked_intermediates),
    )


def test_a_certificate_on_no_list_passes_and_a_revoked_one_is_refused(ca, tmp_path):
    cert, key = ca.person(ALIYA)
    revoked_cert, revoked_key = ca.person(ALIYA)
    paths = write(tmp_path, *good_lists(ca, revoked=[revoked_cert.serial_number]))
    check = verifier(ca, paths)
    assert check.verify(sign(TEXT, cert, key), TEXT).common_name == "SERIKOVA ALIYA"
    assert refusal(check, sign(TEXT, revoked_cert, revoked_key)) == "revoked"


def test_a_revoked_intermediate_is_refused(ca, tmp_path):
    cert, key = ca.person(ALIYA)
    paths = write(tmp_path, *good_lists(ca, revoked_intermediates=[ca.intermediate.serial_number]))
    assert refusal(verifier(ca, paths), sign(TEXT, cert, key)) == "revoked"


def test_a_stale_crl_is_refused_by_default_and_accepted_when_set(ca, tmp_path, caplog):
    cert, key = ca.person(ALIYA)
    stale = crl(ca.intermediate, ca.intermediate_key, next_update=NOW - timedelta(minutes=5))
    paths = write(tmp_path, stale, crl(ca.root, ca.root_key))
    with caplog.at_level(logging.WARNING, logger="consult.verification.revocation"):
        assert refusal(verifier(ca, paths), sign(TEXT, cert, key)) == "revocation_unknown"
        assert [r.levelname for r in caplog.records] == ["ERROR"]
        caplog.clear()
        accepted = verifier(ca, paths, stale=ACCEPT).verify(sign(TEXT, cert, key), TEXT)
        assert accepted.common_name == "SERIKOVA ALIYA"
        assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert "was due on" in caplog.records[0].getMessage()
    # Stale or not, a revocation it lists still counts.
    listed = crl(
        ca.intermediate, ca.intermediate_key, [cert.serial_number], NOW - timedelta(minutes=5)
    )
    paths = write(tmp_path, listed, crl(ca.root, ca.root_key))
    assert refusal(verifier(ca, paths, stale=ACCEPT), sign(TEXT, cert, key)) == "revoked"


def test_a_crl_signed_by_another_key_is_no_crl(ca, tmp_path):
    cert, key = ca.person(ALIYA)
    # The intermediate's name, another key: its list of revocations is not
    # believed, and without a genuine CRL nothing passes.
    forged = crl(ca.intermediate, rsa_key())
    paths = write(tmp_path, forged, crl(ca.root, ca.root_key))
    assert refusal(verifier(ca, paths), sign(TEXT, cert, key)) == "revocation_unknown"
    # A certificate whose issuer has no CRL at all is refused the same way.
    paths = write(tmp_path, crl(ca.root, ca.root_key))
    assert refusal(verifier(ca, paths), sign(TEXT, cert, key)) == "revocation_unknown"


def test_a_crl_replaced_on_disk_is_read_again(ca, tmp_path, caplog):
    cert, key = ca.person(ALIYA)
    paths = write(tmp_path, *good_lists(ca))
    check = verifier(ca, paths)
    assert check.verify(sign(TEXT, cert, key), TEXT)
    write(tmp_path, *good_lists(ca, revoked=[cert.serial_number, 12345]))
    assert refusal(check, sign(TEXT, cert, key)) == "revoked"
    # A download cut short keeps the last list read, and says so.
    (tmp_path / "list0.crl").write_bytes(b"\x30\x82\x01")
    with caplog.at_level(logging.ERROR, logger="consult.verification.revocation"):
        assert refusal(check, sign(TEXT, cert, key)) == "revoked"
    assert "not read again" in caplog.records[0].getMessage()


def test_a_gost_signed_crl_revokes_a_gost_certificate(tmp_path):
    ca = GostCA("Test GOST CRL")
    cert, key = ca.person(ALIYA)
    revoked, revoked_key = ca.person(ALIYA)
    serial = ca.cert(revoked).serial_number
    paths = write(tmp_path, ca.crl([serial]), ca.crl(issuer="root"))
    check = verifier(ca, paths, gost=True)
    assert check.verify(gost_sign(TEXT, cert, key), TEXT).common_name == "SERIKOVA ALIYA"
    assert refusal(check, gost_sign(TEXT, revoked, revoked_key)) == "revoked"
    # Signed by the root's key in the intermediate's name: not its CRL.
    paths = write(tmp_path, ca.crl([serial], key=ca.root_key), ca.crl(issuer="root"))
    assert refusal(verifier(ca, paths, gost=True), gost_sign(TEXT, cert, key)) == (
        "revocation_unknown"
    )


def test_a_crl_in_an_algorithm_not_supported_is_no_crl(tmp_path, caplog):
    ca = GostCA("Test GOST 2004 CRL")
    cert, key = ca.person(ALIYA)
    # The intermediate's CRL said to be in ST RK GOST 34.310-2004.
    former = copy.copy(ca.intermediate_key)
    former.signature_oid = "1.2.398.3.10.1.1.1.2"
    paths = write(tmp_path, ca.crl(key=former), ca.crl(issuer="root"))
    with caplog.at_level(logging.ERROR, logger="consult.verification.revocation"):
        assert refusal(verifier(ca, paths, gost=True), gost_sign(TEXT, cert, key)) == (
            "revocation_unknown"
        )
    assert "cannot be checked" in caplog.records[0].getMessage()


def test_settings_name_the_crls_and_a_file_that_holds_none(ca, tmp_path):
    assert nca_revocation({"consult.verification.nca_crls": ()}) is None
    paths = write(tmp_path, *good_lists(ca))
    (tmp_path / "root.pem").write_bytes(
        crl(ca.root, ca.root_key).public_bytes(serialization.Encoding.PEM)
    )
    revocation = nca_revocation(
        {
            "consult.verification.nca_crls": (paths[0], str(tmp_path / "root.pem")),
            "consult.verification.nca_crl_stale": "accept",
        }
    )
    assert (len(revocation.files.crls()), revocation.stale) == (2, ACCEPT)
    (tmp_path / "junk.crl").write_text("not a CRL")
    with pytest.raises(SettingError, match="consult.verification.nca_crls.*junk.crl"):
        nca_revocation(
            {
                "consult.verification.nca_crls": (str(tmp_path / "junk.crl"),),
                "consult.verification.nca_crl_stale": "refuse",
            }
        )
