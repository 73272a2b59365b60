"""GOST verification against vectors made elsewhere: the hash of GOST R
34.11-2012's own example, GOST R 34.10-2012's example signature, and the NCA's real "(GOST) 2022" root and
intermediate certificates (tests/data/nca, as published on pki.gov.kz:
512-bit keys under the NCA's OIDs), which pin the byte orders; then keys and
signatures of the tests' own CA under both arcs."""

from pathlib import Path

import pytest
from asn1crypto import x509
from gostcrypto import gostsignature
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


# GOST R 34.10-2012, appendix A.1: the test curve, key, hash (as the number
# e), nonce and signature (r, s), as the standard prints them.
A1_CURVE = {
    "p": 0x8000000000000000000000000000000000000000000000000000000000000431,
    "a": 7,
    "b": 0x5FBFF498AA938CE739B8E022FBAFEF40563F6E6A3472FC2A514C0CE9DAE23B7E,
    "m": 0x8000000000000000000000000000000150FE8A1892976154C59CFC193ACCF5B3,
    "q": 0x8000000000000000000000000000000150FE8A1892976154C59CFC193ACCF5B3,
    "x": 2,
    "y": 0x08E2A8A0E65147D4BD6316030E16D19C85C97F0A9CA267122B96ABBCEA7E8FC8,
}
A1_D = "7a929ade789bb9be10ed359dd39a72c11b60961f49397eee1d19ce9891ec3b28"
A1_E = "2dfbc1b372d89a1188c09c52e0eec61fce52032ab1022e8e67ece6672b043ee5"
A1_K = "77105c9b20bcd3122823c8cf6fcc7b956de33814e95b7fe64fed924594dceab3"
A1_R = "41aa28d2f1ab148280cd9ed56feda41974053554a42767b83ad043fd39dc0493"
A1_S = "01456c64ba4642a1653c235a98a60249bcd6d3f746b631df928014f6c5bf9c40"
A1_Q = (
    "7f2b49e270db6d90d8595bec458b50c58585ba1d4e9b788f6689dbd8e56fd80b"
    "26f1b489d6701dd185c8413a977b3cbbaf64d1c593d26627dffb101a87ff77da"
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


def test_gostcrypto_gives_the_standards_example_signature():
    """The library the module relies on, against the standard's example:
    the same public key, and with the same nonce the same (r, s)."""
    scheme = gostsignature.new(gostsignature.MODE_256, A1_CURVE)
    d, e = bytearray.fromhex(A1_D), bytearray.fromhex(A1_E)
    assert bytes(scheme.public_key_generate(d)).hex() == A1_Q
    signature = scheme.sign(bytearray.fromhex(A1_D), e, bytearray.fromhex(A1_K))
    assert bytes(signature).hex() == A1_R + A1_S
    assert scheme.verify(bytearray.fromhex(A1_Q), e, signature)
    assert not scheme.verify(bytearray.fromhex(A1_Q), e, bytearray.fromhex(A1_S + A1_R))


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
