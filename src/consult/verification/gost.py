"""GOST signatures in certificates, CRLs and CMS: GOST R 34.10-2012 (Kazakhstan's
ST RK GOST R 34.10-2015 is the same algorithm) with GOST R 34.11-2012 (Streebog)
hashes, 256- and 512-bit, computed by `gostcrypto` (pure Python, MIT); asn1crypto
reads the keys. `cryptography` (OpenSSL) has no GOST.

Two families of identifiers name the same algorithms:
- the NCA's own arc, what its 2022 certificates and NCALayer (KalkanCrypt) use:
  keys 1.2.398.3.10.1.1.2.1 (256) and .2.2 (512) on parameter sets
  .2.1.1 and .2.2.1 (TC26's 256 paramSetA and 512 paramSetA), signatures
  1.2.398.3.10.1.1.2.3.1 and .3.2, digests 1.2.398.3.10.1.3.2 and .3.3;
- TC26's (RFC 9215): keys 1.2.643.7.1.1.1.1 and .1.2, signatures
  1.2.643.7.1.1.3.2 and .3.3, digests 1.2.643.7.1.1.2.2 and .2.3.

Byte order, the part that is easy to get wrong: the public key is x || y,
each little-endian (RFC 9215 4.3, the NCA too); the digest is read as a
little-endian number; the signature is s || r, each big-endian, under TC26's
identifiers (RFC 9215 2), but r || s, each little-endian (the byte reversal
of the whole) under the NCA's, as the NCA's own root and intermediate
"(GOST) 2022" certificates show (tests/unit/verification/test_gost.py checks
them).

Not supported, refused as `Unsupported`: the NCA's former GOST 34.310-2004
with GOST 34.311-95 hashes (1.2.398.3.10.1.1.1.x, 1.2.398.3.10.1.3.1, and
the 1.3.6.1.4.1.6801 arc of its software supplier) and Russia's GOST R
34.10-2001 with GOST R 34.11-94: gostcrypto has neither hash.

Cost: gostcrypto verifies a 512-bit signature in about 0.2 s of CPU and a
256-bit one in about 0.06 s (see docs/verification.md), so a certificate's
signature by its issuer, the same every time, is checked once per process
(`certificate_signed_by` keeps the answers)."""

from dataclasses import dataclass
from functools import lru_cache

from asn1crypto import core
from asn1crypto import x509 as asn1_x509
from gostcrypto import gosthash, gostsignature

#: Arcs whose algorithms are GOST, supported or not.
GOST_ARCS = ("1.2.398.3.10.", "1.2.643.", "1.3.6.1.4.1.6801.")

_TC26_256 = "id-tc26-gost-3410-2012-256-paramSet"
#: Parameter set OID -> gostcrypto's name (R 1323565.1.024-2019); the
#: CryptoPro sets of 2001 are TC26's 256-bit B, C and D.
PARAMETER_SETS = {
    "1.2.398.3.10.1.1.2.1.1": _TC26_256 + "A",
    "1.2.398.3.10.1.1.2.2.1": "id-tc26-gost-3410-12-512-paramSetA",
    "1.2.643.7.1.2.1.1.1": _TC26_256 + "A",
    "1.2.643.7.1.2.1.1.2": _TC26_256 + "B",
    "1.2.643.7.1.2.1.1.3": _TC26_256 + "C",
    "1.2.643.7.1.2.1.1.4": _TC26_256 + "D",
    "1.2.643.2.2.35.1": _TC26_256 + "B",
    "1.2.643.2.2.35.2": _TC26_256 + "C",
    "1.2.643.2.2.35.3": _TC26_256 + "D",
    "1.2.643.2.2.36.0": _TC26_256 + "B",
    "1.2.643.2.2.36.1": _TC26_256 + "D",
    "1.2.643.7.1.2.1.2.1": "id-tc26-gost-3410-12-512-paramSetA",
    "1.2.643.7.1.2.1.2.2": "id-tc26-gost-3410-12-512-paramSetB",
    "1.2.643.7.1.2.1.2.3": "id-tc26-gost-3410-2012-512-paramSetC",
}
#: Public key algorithm OID -> size of a coordinate in bytes.
KEY_ALGORITHMS = {
    "1.2.398.3.10.1.1.2.1": 32,
    "1.2.398.3.10.1.1.2.2": 64,
    "1.2.643.7.1.1.1.1": 32,
    "1.2.643.7.1.1.1.2": 64,
}
#: Signature algorithm OID -> (size, NCA byte order). A CMS signer may name
#: the key's algorithm instead of the signature's (RFC 9215 3).
SIGNATURE_ALGORITHMS = {
    "1.2.398.3.10.1.1.2.3.1": (32, True),
    "1.2.398.3.10.1.1.2.3.2": (64, True),
    "1.2.398.3.10.1.1.2.1": (32, True),
    "1.2.398.3.10.1.1.2.2": (64, True),
    "1.2.643.7.1.1.3.2": (32, False),
    "1.2.643.7.1.1.3.3": (64, False),
    "1.2.643.7.1.1.1.1": (32, False),
    "1.2.643.7.1.1.1.2": (64, False),
}
#: Digest algorithm OID -> size in bytes.
DIGESTS = {
    "1.2.398.3.10.1.3.2": 32,
    "1.2.398.3.10.1.3.3": 64,
    "1.2.643.7.1.1.2.2": 32,
    "1.2.643.7.1.1.2.3": 64,
}
STREEBOG = {32: "streebog256", 64: "streebog512"}


class Unsupported(ValueError):
    """A GOST algorithm or parameter set this module cannot check."""


def is_gost(oid):
    return any(oid.startswith(arc) for arc in GOST_ARCS)


class _Algorithm(core.Sequence):
    _fields = [("algorithm", core.ObjectIdentifier), ("parameters", core.Any, {"optional": True})]


class _PublicKeyInfo(core.Sequence):
    _fields = [("algorithm", _Algorithm), ("public_key", core.OctetBitString)]


class _KeyParameters(core.Sequence):
    # GostR3410-2012-PublicKeyParameters (RFC 9215 4.2); later fields unread.
    _fields = [
        ("public_key_param_set", core.ObjectIdentifier),
        ("digest_param_set", core.ObjectIdentifier, {"optional": True}),
        ("encryption_param_set", core.ObjectIdentifier, {"optional": True}),
    ]


@dataclass(frozen=True)
class PublicKey:
    """A GOST public key: gostcrypto's parameter set name, the size of a
    coordinate in bytes, and the point as gostcrypto takes it (x || y,
    big-endian)."""

    parameter_set: str
    size: int
    point: bytes


def digest(size, data):
    """Streebog-256 or -512 (`size` 32 or 64) of `data`, as the CMS
    `messageDigest` holds it."""
    return bytes(gosthash.new(STREEBOG[size], data=data).digest())


def public_key(spki_der):
    """The PublicKey of a DER SubjectPublicKeyInfo; Unsupported otherwise."""
    info = _PublicKeyInfo.load(spki_der)
    algorithm = info["algorithm"]["algorithm"].dotted
    if algorithm not in KEY_ALGORITHMS:
        raise Unsupported(algorithm)
    parameters = _KeyParameters.load(info["algorithm"]["parameters"].dump())
    parameter_set = parameters["public_key_param_set"].dotted
    if parameter_set not in PARAMETER_SETS:
        raise Unsupported(parameter_set)
    size = KEY_ALGORITHMS[algorithm]
    raw = core.OctetString.load(info["public_key"].native).native
    if len(raw) != 2 * size:
        raise ValueError("a GOST public key of the wrong length")
    point = raw[:size][::-1] + raw[size:][::-1]
    return PublicKey(PARAMETER_SETS[parameter_set], size, point)


def spki_of(certificate_der):
    """The DER SubjectPublicKeyInfo of a DER certificate."""
    tbs = asn1_x509.Certificate.load(certificate_der)["tbs_certificate"]
    return tbs["subject_public_key_info"].dump()


@lru_cache(maxsize=16)
def _scheme(parameter_set, size):
    mode = gostsignature.MODE_256 if size == 32 else gostsignature.MODE_512
    return gostsignature.new(mode, gostsignature.CURVES_R_1323565_1_024_2019[parameter_set])


def verify(key, signature_algorithm, signature, data, digest_algorithm=None):
    """True when `signature` (bytes as the certificate, CRL or CMS holds it)
    is `key`'s, by the algorithm `signature_algorithm` (dotted OID), over
    `data`; `digest_algorithm` (a CMS signer's) must then agree with it.
    Unsupported for an algorithm not listed above."""
    if signature_algorithm not in SIGNATURE_ALGORITHMS:
        raise Unsupported(signature_algorithm)
    size, nca_order = SIGNATURE_ALGORITHMS[signature_algorithm]
    if digest_algorithm is not None and DIGESTS.get(digest_algorithm) != size:
        raise Unsupported(digest_algorithm)
    if key.size != size or len(signature) != 2 * size:
        return False
    if nca_order:
        r, s = signature[:size][::-1], signature[size:][::-1]
    else:
        s, r = signature[:size], signature[size:]
    hashed = digest(size, data)[::-1]
    try:
        return bool(
            _scheme(key.parameter_set, size).verify(
                bytearray(key.point), bytearray(hashed), bytearray(r + s)
            )
        )
    except gostsignature.GOSTSignatureError:
        return False


@lru_cache(maxsize=1024)
def certificate_signed_by(tbs, signature_algorithm, signature, issuer_spki):
    """Whether the DER `tbs` (of a certificate or a CRL) carries the
    `signature` of the issuer whose SubjectPublicKeyInfo is `issuer_spki`;
    remembered, as the answer never changes. Unsupported as verify()."""
    return verify(public_key(issuer_spki), signature_algorithm, signature, tbs)
