"""A GOST certification authority of the tests' own, shaped like the NCA's
"(GOST) 2022" one: a root, an intermediate and people's certificates with
`serialNumber=IIN...`, GOST R 34.10-2012 keys (256 or 512 bits) under the
NCA's identifiers (or TC26's), CMS signatures as NCALayer makes them, and
CRLs. asn1crypto assembles the structures, gostcrypto signs. The byte
orders are written out here, apart from the verifier's: the NCA's r || s
little-endian (the NCA's own certificates in tests/data/nca show it),
TC26's s || r big-endian (RFC 9215)."""

import base64
import os
from datetime import timedelta

from asn1crypto import algos, cms, core, crl, ocsp, x509
from cryptography import x509 as cx509
from factories import NOW
from gostcrypto import gosthash, gostsignature

CURVES = gostsignature.CURVES_R_1323565_1_024_2019

#: size -> (key, parameter set, signature, digest, gostcrypto curve), per arc.
NCA = {
    32: (
        "1.2.398.3.10.1.1.2.1",
        "1.2.398.3.10.1.1.2.1.1",
        "1.2.398.3.10.1.1.2.3.1",
        "1.2.398.3.10.1.3.2",
        "id-tc26-gost-3410-2012-256-paramSetA",
    ),
    64: (
        "1.2.398.3.10.1.1.2.2",
        "1.2.398.3.10.1.1.2.2.1",
        "1.2.398.3.10.1.1.2.3.2",
        "1.2.398.3.10.1.3.3",
        "id-tc26-gost-3410-12-512-paramSetA",
    ),
}
TC26 = {
    32: (
        "1.2.643.7.1.1.1.1",
        "1.2.643.7.1.2.1.1.2",
        "1.2.643.7.1.1.3.2",
        "1.2.643.7.1.1.2.2",
        "id-tc26-gost-3410-2012-256-paramSetB",
    ),
    64: (
        "1.2.643.7.1.1.1.2",
        "1.2.643.7.1.2.1.2.1",
        "1.2.643.7.1.1.3.3",
        "1.2.643.7.1.1.2.3",
        "id-tc26-gost-3410-12-512-paramSetA",
    ),
}


class _KeyParameters(core.Sequence):
    _fields = [
        ("public_key_param_set", core.ObjectIdentifier),
        ("digest_param_set", core.ObjectIdentifier),
    ]


class _KeyAlgorithm(core.Sequence):
    _fields = [("algorithm", core.ObjectIdentifier), ("parameters", _KeyParameters)]


class _PublicKeyInfo(core.Sequence):
    _fields = [("algorithm", _KeyAlgorithm), ("public_key", core.OctetBitString)]


class GostKey:
    """A private key d and its public point, with the OIDs of its arc."""

    def __init__(self, size=32, arc=NCA):
        self.size = size
        self.nca_order = arc is NCA
        self.key_oid, self.parameters_oid, self.signature_oid, self.digest_oid, curve = arc[size]
        mode = gostsignature.MODE_256 if size == 32 else gostsignature.MODE_512
        self.scheme = gostsignature.new(mode, CURVES[curve])
        while True:
            d = bytearray(os.urandom(size))
            d[0] &= 0x3F  # below the group order
            if any(d):
                break
        self.private = d
        self.point = bytes(self.scheme.public_key_generate(bytearray(d)))

    def spki(self):
        """The SubjectPublicKeyInfo: x || y, each little-endian (RFC 9215 4.3)."""
        x, y = self.point[: self.size], self.point[self.size :]
        return _PublicKeyInfo(
            {
                "algorithm": {
                    "algorithm": self.key_oid,
                    "parameters": {
                        "public_key_param_set": self.parameters_oid,
                        "digest_param_set": self.digest_oid,
                    },
                },
                "public_key": core.OctetString(x[::-1] + y[::-1]).dump(),
            }
        )

    def sign(self, data):
        """The signature of `data` as a certificate, CRL or CMS holds it."""
        digest = bytes(gosthash.new("streebog" + str(self.size * 8), data=data).digest())
        r_s = bytes(self.scheme.sign(bytearray(self.private), bytearray(digest[::-1])))
        r, s = r_s[: self.size], r_s[self.size :]
        return r[::-1] + s[::-1] if self.nca_order else s + r

    def digest(self, data):
        return bytes(gosthash.new("streebog" + str(self.size * 8), data=data).digest())


def name(common_name, serial=None):
    values = {"common_name": common_name, "country_name": "KZ"}
    if serial is not None:
        values["serial_number"] = serial
    return x509.Name.build(values)


class _Certificate(core.Sequence):
    _fields = [
        ("tbs_certificate", core.Any),
        ("signature_algorithm", algos.SignedDigestAlgorithm),
        ("signature_value", core.OctetBitString),
    ]


class _Tbs(core.Sequence):
    _fields = [
        ("version", x509.Version, {"explicit": 0, "default": "v1"}),
        ("serial_number", core.Integer),
        ("signature", algos.SignedDigestAlgorithm),
        ("issuer", x509.Name),
        ("validity", x509.Validity),
        ("subject", x509.Name),
        ("subject_public_key_info", core.Any),
        ("extensions", x509.Extensions, {"explicit": 3, "optional": True}),
    ]


def certificate(subject, key, issuer=None, issuer_key=None, ca=False, start=None, days=365):
    """The DER certificate of `key` (GostKey) for `subject` (an asn1crypto
    Name), issued by the DER certificate `issuer` with `issuer_key`
    (self-signed without them), valid `days` from `start`."""
    start = start or NOW - timedelta(days=1)
    signer = issuer_key or key
    issuer_name = x509.Certificate.load(issuer).subject if issuer else subject
    extensions = [
        {"extn_id": "basic_constraints", "critical": True, "extn_value": {"ca": ca}},
        {
            "extn_id": "key_identifier",
            "critical": False,
            "extn_value": key.digest(key.point)[:20],
        },
    ]
    if ca:
        extensions.append(
            {
                "extn_id": "key_usage",
                "critical": True,
                "extn_value": {"key_cert_sign", "crl_sign"},
            }
        )
    else:
        extensions.append(
            {
                "extn_id": "key_usage",
                "critical": True,
                "extn_value": {"digital_signature", "non_repudiation"},
            }
        )
    tbs = _Tbs(
        {
            "version": "v3",
            "serial_number": int.from_bytes(os.urandom(16), "big") >> 1,
            "signature": {"algorithm": signer.signature_oid},
            "issuer": issuer_name,
            "validity": {
                "not_before": x509.Time({"utc_time": start}),
                "not_after": x509.Time({"utc_time": start + timedelta(days=days)}),
            },
            "subject": subject,
            "subject_public_key_info": core.Any.load(key.spki().dump()),
            "extensions": extensions,
        }
    )
    tbs_der = tbs.dump()
    return _Certificate(
        {
            "tbs_certificate": core.Any.load(tbs_der),
            "signature_algorithm": {"algorithm": signer.signature_oid},
            "signature_value": signer.sign(tbs_der),
        }
    ).dump()


class GostCA:
    """A root and an intermediate with `size`-byte keys (32: 256 bits, 64:
    512 bits) of `arc` (NCA or TC26); `person(iin)` issues a person's
    certificate under the intermediate. Certificates are DER bytes;
    `cert(der)` gives cryptography's view of one."""

    __test__ = False

    def __init__(self, name_="Test NCA GOST", size=32, arc=NCA):
        self.size, self.arc = size, arc
        since = NOW - timedelta(days=1000)
        self.root_key = GostKey(size, arc)
        self.root = certificate(
            name(f"{name_} root"), self.root_key, ca=True, start=since, days=3650
        )
        self.intermediate_key = GostKey(size, arc)
        self.intermediate = certificate(
            name(f"{name_} 2022"),
            self.intermediate_key,
            self.root,
            self.root_key,
            ca=True,
            start=since,
            days=3000,
        )

    def person(self, iin, common_name="SERIKOVA ALIYA", **validity):
        key = GostKey(self.size, self.arc)
        serial = None if iin is None else f"IIN{iin}"
        der = certificate(
            name(common_name, serial), key, self.intermediate, self.intermediate_key, **validity
        )
        return der, key

    @staticmethod
    def cert(der):
        return cx509.load_der_x509_certificate(der)

    def write_root(self, path):
        path.write_bytes(self.root)
        return str(path)

    def write_intermediate(self, path):
        path.write_bytes(self.intermediate)
        return str(path)

    def crl(self, revoked=(), issuer="intermediate", key=None, next_update=None):
        """The DER CRL of `issuer` ("intermediate" or "root") listing the
        serial numbers `revoked`, signed by its key (or `key`)."""
        issuer_der = getattr(self, issuer)
        signer = key or getattr(self, f"{issuer}_key")
        next_update = next_update or NOW + timedelta(days=1)
        tbs = crl.TbsCertList(
            {
                "version": "v2",
                "signature": {"algorithm": signer.signature_oid},
                "issuer": x509.Certificate.load(issuer_der).subject,
                "this_update": x509.Time({"utc_time": NOW - timedelta(hours=1)}),
                "next_update": x509.Time({"utc_time": next_update}),
                "revoked_certificates": [
                    {
                        "user_certificate": serial,
                        "revocation_date": x509.Time({"utc_time": NOW - timedelta(hours=2)}),
                    }
                    for serial in revoked
                ]
                or None,
            }
        )
        if not revoked:
            del tbs["revoked_certificates"]
        tbs_der = tbs.dump()
        return crl.CertificateList(
            {
                "tbs_cert_list": crl.TbsCertList.load(tbs_der),
                "signature_algorithm": {"algorithm": signer.signature_oid},
                "signature": signer.sign(tbs_der),
            }
        ).dump()


def serial_of(der):
    return x509.Certificate.load(der).serial_number


def _tlv(tag, body):
    """One DER element: asn1crypto would re-encode the certificates, and
    cannot, not knowing GOST keys."""
    length = len(body)
    if length < 0x80:
        header = bytes([length])
    else:
        size = (length.bit_length() + 7) // 8
        header = bytes([0x80 | size]) + length.to_bytes(size, "big")
    return bytes([tag]) + header + body


def sign(
    text,
    cert,
    key,
    extra=(),
    detached=True,
    attributes=True,
    signer_oid=None,
    digest_oid=None,
    tamper=False,
):
    """The base64 CMS of `text` signed with `key` (GostKey), carrying the
    DER certificate `cert` and the DER certificates `extra`, as NCALayer
    makes it; `signer_oid` and `digest_oid` name other algorithms in it,
    `tamper` flips a byte of the signature."""
    data = text.encode()
    digest_algorithm = {"algorithm": digest_oid or key.digest_oid}
    signer = {
        "version": "v1",
        "sid": {
            "issuer_and_serial_number": {
                "issuer": x509.Certificate.load(cert).issuer,
                "serial_number": serial_of(cert),
            }
        },
        "digest_algorithm": digest_algorithm,
        "signature_algorithm": {"algorithm": signer_oid or key.signature_oid},
    }
    signed = data
    if attributes:
        signed_attrs = cms.CMSAttributes(
            [
                {"type": "content_type", "values": ["data"]},
                {"type": "message_digest", "values": [key.digest(data)]},
                {"type": "signing_time", "values": [cms.Time({"utc_time": NOW})]},
            ]
        )
        signer["signed_attrs"] = signed_attrs
        signed = signed_attrs.dump()
    signature = bytearray(key.sign(signed))
    if tamper:
        signature[10] ^= 0xFF
    signer["signature"] = bytes(signature)
    content = b"" if detached else _tlv(0xA0, core.OctetString(data).dump())
    signed_data = _tlv(
        0x30,
        core.Integer(1).dump()
        + _tlv(0x31, algos.DigestAlgorithm(digest_algorithm).dump())
        + _tlv(0x30, core.ObjectIdentifier("1.2.840.113549.1.7.1").dump() + content)
        + _tlv(0xA0, b"".join((cert, *extra)))
        + _tlv(0x31, cms.SignerInfo(signer).dump()),
    )
    info = _tlv(
        0x30, core.ObjectIdentifier("1.2.840.113549.1.7.2").dump() + _tlv(0xA0, signed_data)
    )
    return base64.b64encode(info).decode()


def ocsp_answer(ca, request, statuses, key=None):
    """The DER OCSP answer of `ca`'s intermediate to `request` (cryptography's
    OCSPRequest), GOST-signed by its key (or `key`): the status of each
    serial number in `statuses` ("good", "revoked"; others "unknown")."""
    status = statuses.get(request.serial_number, "unknown")
    cert_status = {
        "good": ocsp.CertStatus(name="good", value=core.Null()),
        "revoked": ocsp.CertStatus(
            name="revoked",
            value={"revocation_time": NOW - timedelta(days=1)},
        ),
    }.get(status, ocsp.CertStatus(name="unknown", value=core.Null()))
    signer = key or ca.intermediate_key
    data = ocsp.ResponseData(
        {
            "responder_id": ocsp.ResponderId(
                name="by_name", value=x509.Certificate.load(ca.intermediate).subject
            ),
            "produced_at": NOW,
            "responses": [
                {
                    "cert_id": {
                        "hash_algorithm": {"algorithm": "sha1"},
                        "issuer_name_hash": request.issuer_name_hash,
                        "issuer_key_hash": request.issuer_key_hash,
                        "serial_number": request.serial_number,
                    },
                    "cert_status": cert_status,
                    "this_update": NOW - timedelta(minutes=1),
                    "next_update": NOW + timedelta(hours=1),
                }
            ],
        }
    )
    tbs_der = data.dump()
    basic = ocsp.BasicOCSPResponse(
        {
            "tbs_response_data": ocsp.ResponseData.load(tbs_der),
            "signature_algorithm": {"algorithm": signer.signature_oid},
            "signature": signer.sign(tbs_der),
        }
    )
    return ocsp.OCSPResponse(
        {
            "response_status": "successful",
            "response_bytes": {"response_type": "basic_ocsp_response", "response": basic},
        }
    ).dump()
