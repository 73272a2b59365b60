"""GOST verification against vectors made elsewhere: the hash of GOST R
34.11-2012's own example, and the NCA's real "(GOST) 2022" root and
intermediate certificates (tests/data/nca, as published on pki.gov.kz:
512-bit keys under the NCA's OIDs), which pin the byte orders; then keys and
signatures of the tests' own CA under both arcs."""

from pathlib import Path

import pytest
from asn1crypto import x509
from signing_gost_ca import NCA, TC26, GostKey

from consult.verification import gost

NCA_DATA = Path(__file__).parents[2] / "data" / "nca"
ROOT = (NCA_DATA / "root_gost_2022.cer").read_bytes()
INTERMEDIATE = (NCA_DATA / "nca_gost_2022.cer").read_bytes()
# GOST R 34.11-2012, example 1: the 63 digits, and its hashes as bytes
# (the standard prints them as numbers, most significant byte first).
M1 = b"012345678901234567890123456789012345678901234567890123456789012"
M1_256 = "9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500"
M1_512 = (
    "1b54d01a4af5b9d5cc3d86d68d285462b19abc2475222f35c085122be4ba1ffa"
    "00ad30f8767b3a82384c6574f024c311e2a481332b08ef7f41797891c1646f48"
)


def parts(der):
    certificate = x509.Certificate.load(der)
    return (
        certificate["tbs_certificate"].dump(),
        certificate["signature_algorithm"]["algorithm"].dotted,
        certificate["signature_value"].native,
    )


def test_streebog_gives_the_standards_example_hashes():
    assert gost.digest(32, M1).hex() == M1_256
    assert gost.digest(64, M1).hex() == M1_512


def test_the_ncas_root_signed_itself_and_the_intermediate():
    root_key = gost.spki_of(ROOT)
    tbs, algorithm, signature = parts(ROOT)
    assert algorithm == "1.2.398.3.10.1.1.2.3.2"
    assert gost.public_key(root_key).size == 64
    assert gost.verify(gost.public_key(root_key), algorithm, signature, tbs)
    assert gost.certificate_signed_by(*parts(INTERMEDIATE), root_key)
    # Not by the intermediate's own key.
    assert not gost.certificate_signed_by(*parts(INTERMEDIATE), gost.spki_of(INTERMEDIATE))


def test_the_ncas_signature_is_not_in_the_rfc_byte_order():
    """The same bytes read as RFC 9215's s || r big-endian do not verify:
    the byte order the module reads for the NCA's OIDs is the one that works."""
    key = gost.public_key(gost.spki_of(ROOT))
    tbs, _algorithm, signature = parts(ROOT)
    assert not gost.verify(key, "1.2.643.7.1.1.3.3", signature, tbs)
    assert gost.verify(key, "1.2.643.7.1.1.3.3", signature[::-1], tbs)


def test_a_changed_byte_fails():
    key = gost.public_key(gost.spki_of(ROOT))
    tbs, algorithm, signature = parts(ROOT)
    assert not gost.verify(key, algorithm, signature, tbs[:-1] + b"\x00")
    assert not gost.verify(key, algorithm, signature[:-1] + bytes([signature[-1] ^ 1]), tbs)
    assert not gost.verify(key, algorithm, signature[:64], tbs)


@pytest.mark.parametrize("arc", [NCA, TC26], ids=["nca", "tc26"])
@pytest.mark.parametrize("size", [32, 64], ids=["256", "512"])
def test_keys_and_signatures_of_each_arc_and_size(arc, size):
    key = GostKey(size, arc)
    public = gost.public_key(key.spki().dump())
    assert (public.size, public.point) == (size, key.point)
    signature = key.sign(b"data")
    assert gost.verify(public, key.signature_oid, signature, b"data")
    # A CMS signer may name the key's algorithm, and names its digest.
    assert gost.verify(public, key.key_oid, signature, b"data", digest_algorithm=key.digest_oid)
    assert not gost.verify(public, key.signature_oid, signature, b"other data")


def test_a_digest_or_key_of_the_other_size_does_not_pass():
    key = GostKey(32)
    public = gost.public_key(key.spki().dump())
    signature = key.sign(b"data")
    with pytest.raises(gost.Unsupported):
        gost.verify(public, key.signature_oid, signature, b"data", "1.2.398.3.10.1.3.3")
    assert not gost.verify(public, NCA[64][2], signature + signature, b"data")


@pytest.mark.parametrize(
    "algorithm",
    ["1.2.398.3.10.1.1.1.2", "1.3.6.1.4.1.6801.1.5.8", "1.2.643.2.2.3"],
    ids=["st-rk-34.310-2004", "tumar", "gost-2001"],
)
def test_older_gost_algorithms_are_unsupported(algorithm):
    key = gost.public_key(GostKey(32).spki().dump())
    assert gost.is_gost(algorithm)
    with pytest.raises(gost.Unsupported):
        gost.verify(key, algorithm, b"\x01" * 64, b"data")


def test_a_key_on_an_unknown_parameter_set_is_unsupported():
    spki = GostKey(32).spki()
    spki["algorithm"]["parameters"]["public_key_param_set"] = "1.2.398.3.10.1.1.1.1.1"
    with pytest.raises(gost.Unsupported):
        gost.public_key(spki.dump(force=True))
