"""Checking a digital signature made with a certificate of Kazakhstan's
National Certification Authority (NCA, pki.gov.kz).

NCALayer, the NCA's signing application, gives the browser a CMS (PKCS#7)
SignedData in base64 (`createCAdESFromBase64`), with the text inside
(attached) or not (detached), usually with signed attributes (then the
`messageDigest` attribute holds the hash of the text and the signature is
over the attributes). The checks, in order, each refusing with its own
reason (interfaces.SignatureError); 3 to 5 are certificates.py's:

1. the CMS parses (asn1crypto reads the ASN.1; nothing is parsed by hand)
   and has one signer whose certificate it carries ("malformed");
2. the signature is over exactly the text the person was shown: the
   attached content is that text, the `messageDigest` is its hash, and the
   signature verifies with the certificate's key (`cryptography`, or
   verification.gost) ("other_text");
3. the certificate chains, by issuer name and signature, up to one of the
   root certificates configured in consult.verification.nca_roots, through
   the CMS's own certificates or consult.verification.nca_intermediates
   ("unknown_root"); the issuers are CA certificates;
4. every certificate of the chain is valid now ("expired", "not_yet_valid");
5. the subject's serialNumber carries a valid IIN, as NCA certificates do
   (`serialNumber=IIN123456789012`) ("no_iin");
6. with `ocsp` (verification.ocsp, where consult.verification.nca_ocsp is
   on), the issuer's OCSP responder says the person's certificate is good
   ("revoked", "not_issued", or "revocation_unknown" when it cannot be
   asked and the CRLs are not its fallback); with `revocation`
   (verification.revocation, where consult.verification.nca_crls names
   CRLs), no certificate of the chain below the root (below the person's,
   once OCSP said "good") is on its issuer's CRL ("revoked"), and each has a
   current one ("revocation_unknown"); checked before 5.

The IIN leaves this module only as a keyed hash, the census' own
(census.iin_key), so that one person is one IIN key whichever way they
verified.

Algorithms: RSA (PKCS#1 v1.5 and PSS) and ECDSA with SHA-2, by
`cryptography`; GOST R 34.10-2012 / ST RK GOST R 34.10-2015 (256 and 512
bits, Streebog hashes), which is what the NCA's "(GOST) 2022" certificates
and NCALayer use, by verification.gost; the NCA's former GOST 34.310-2004 is
refused with its own message ("unsupported")."""

import base64
import binascii
import hmac
from dataclasses import dataclass

from asn1crypto import cms as asn1_cms
from asn1crypto import core
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from zope.interface import implementer

from ..clock import IClock
from ..hashing import hash_keys
from . import gost
from .census import iin_key
from .certificates import chain_to_root, check_validity, common_name, iin_of, refuse
from .interfaces import IDigitalSignatureVerifier, SignatureError

DIGESTS = {
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}
# A CMS with a certificate and a page of text is a few KB; NCALayer's never 1 MB.
MAX_CMS_CHARS = 1024 * 1024


@dataclass(frozen=True)
class SignedBy:
    """Who signed, as far as consult keeps it: the keyed hash of their IIN
    under the current hash key (`iin_hash`) and under every key still
    matched (`iin_hashes`, during a rotation), the certificate's common
    name, its validity and its issuer's common name."""

    iin_hash: str
    iin_hashes: tuple
    common_name: str
    not_before: object
    not_after: object
    issuer: str


def decode(cms):
    """The DER bytes of `cms`: bytes as they are, text as base64 (with or
    without PEM armour and line breaks)."""
    if isinstance(cms, bytes):
        return cms
    text = (cms or "").strip()
    if not text or len(text) > MAX_CMS_CHARS:
        refuse("malformed")
    lines = [line for line in text.splitlines() if not line.startswith("-----")]
    try:
        return base64.b64decode("".join("".join(lines).split()), validate=True)
    except (binascii.Error, ValueError):
        refuse("malformed")


def _signed_data(der):
    info = asn1_cms.ContentInfo.load(der, strict=True)
    if info["content_type"].native != "signed_data":
        refuse("malformed")
    signed = info["content"]
    if len(signed["signer_infos"]) != 1:
        refuse("malformed")
    return signed


def _certificates(signed):
    carried = signed["certificates"]
    if isinstance(carried, core.Void):
        return []
    found = []
    for choice in carried:
        if choice.name == "certificate":
            found.append(x509.load_der_x509_certificate(choice.chosen.dump()))
    return found


def _signer_certificate(signer_info, certificates):
    sid = signer_info["sid"]
    for certificate in certificates:
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            if (
                certificate.serial_number == wanted["serial_number"].native
                and certificate.issuer.public_bytes() == wanted["issuer"].dump()
            ):
                return certificate
        else:
            try:
                key_id = certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
            except x509.ExtensionNotFound:
                continue
            if key_id.value.digest == sid.chosen.native:
                return certificate
    refuse("malformed")


def _attribute(attributes, name):
    values = [attribute["values"] for attribute in attributes if attribute["type"].native == name]
    if len(values) != 1 or len(values[0]) != 1:
        refuse("malformed")
    return values[0][0].native


def _signed_bytes(signed, signer_info, texts, hash_of):
    """The bytes the signature is over, for the one of `texts` (the text as
    UTF-8, with LF or CRLF line ends) the CMS is about."""
    attached = signed["encap_content_info"]["content"].native
    if attached is not None:
        if attached not in texts:
            refuse("other_text")
        texts = [attached]
    attributes = signer_info["signed_attrs"]
    if isinstance(attributes, core.Void) or not len(attributes):
        return texts
    stated = _attribute(attributes, "message_digest")
    for text in texts:
        if hmac.compare_digest(hash_of(text), stated):
            # The signature is over the attributes, DER-encoded as a SET
            # (RFC 5652 5.4), not as the implicitly tagged field they are.
            return [b"\x31" + attributes.dump()[1:]]
    refuse("other_text")


def _checker(kind, key, algorithm, digest):
    """A function (signature, data) raising InvalidSignature unless
    `signature` is `key`'s over `data`; None for another pair of algorithm
    and key."""
    if kind == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPublicKey):
        return lambda signature, data: key.verify(signature, data, padding.PKCS1v15(), digest())
    if kind == "rsassa_pss" and isinstance(key, rsa.RSAPublicKey):
        salt = algorithm["parameters"]["salt_length"].native
        pss = padding.PSS(mgf=padding.MGF1(digest()), salt_length=salt)
        return lambda signature, data: key.verify(signature, data, pss, digest())
    if kind == "ecdsa" and isinstance(key, ec.EllipticCurvePublicKey):
        return lambda signature, data: key.verify(signature, data, ec.ECDSA(digest()))
    return None


def _gost_checker(certificate, algorithm, digest_oid):
    """(hash_of, check) for a GOST signer, as _openssl_checker's."""
    try:
        key = gost.public_key(gost.spki_of(certificate.public_bytes(Encoding.DER)))
    except gost.Unsupported:
        refuse("unsupported")
    size = gost.DIGESTS.get(digest_oid)
    if size is None:
        refuse("unsupported")

    def check(signature, data):
        try:
            valid = gost.verify(key, algorithm, signature, data, digest_algorithm=digest_oid)
        except gost.Unsupported:
            refuse("unsupported")
        if not valid:
            raise InvalidSignature()

    return (lambda data: gost.digest(size, data)), check


def _openssl_checker(certificate, algorithm, digest_oid):
    """(hash_of, check): the hash of the signer's digest algorithm, and a
    function (signature, data) raising InvalidSignature unless `signature`
    is the certificate's key's over `data`."""
    if digest_oid.native not in DIGESTS:
        refuse("unsupported")
    digest = DIGESTS[digest_oid.native]
    try:
        check = _checker(algorithm.signature_algo, certificate.public_key(), algorithm, digest)
    except (UnsupportedAlgorithm, ValueError):
        check = None
    if check is None:
        refuse("unsupported")

    def hash_of(data):
        hasher = hashes.Hash(digest())
        hasher.update(data)
        return hasher.finalize()

    return hash_of, check


def _check_signature(signed, signer_info, certificate, text):
    algorithm = signer_info["signature_algorithm"]
    digest_oid = signer_info["digest_algorithm"]["algorithm"]
    algorithm_oid = algorithm["algorithm"].dotted
    if gost.is_gost(algorithm_oid) or gost.is_gost(digest_oid.dotted):
        hash_of, check = _gost_checker(certificate, algorithm_oid, digest_oid.dotted)
    else:
        hash_of, check = _openssl_checker(certificate, algorithm, digest_oid)
    signature = signer_info["signature"].native
    lf = text.replace("\r\n", "\n")
    texts = list(dict.fromkeys(t.encode() for t in (text, lf, lf.replace("\n", "\r\n"))))
    for data in _signed_bytes(signed, signer_info, texts, hash_of):
        try:
            check(signature, data)
            return
        except InvalidSignature:
            continue
    refuse("other_text")


@implementer(IDigitalSignatureVerifier)
class DigitalSignatureVerifier:
    """The checks above against `roots` and `intermediates` (x509
    certificates, read once at start-up), at `clock.now()`, hashing the
    IIN under each of `hash_keys.secrets`; with `ocsp` (ocsp.OCSPCheck),
    the person's certificate by its issuer's responder; with `revocation`
    (revocation.Revocation), the chain against its CRLs."""

    def __init__(self, roots, intermediates, hash_keys, clock, revocation=None, ocsp=None):
        self.roots = list(roots)
        self.intermediates = list(intermediates)
        self.hash_keys = hash_keys
        self.clock = clock
        self.revocation = revocation
        self.ocsp = ocsp

    @property
    def available(self):
        return bool(self.roots)

    def verify(self, cms, signed_text):
        if not self.roots:
            refuse("no_roots")
        der = decode(cms)
        try:
            signed = _signed_data(der)
            (signer_info,) = signed["signer_infos"]
            carried = _certificates(signed)
            certificate = _signer_certificate(signer_info, carried)
            _check_signature(signed, signer_info, certificate, signed_text)
        except SignatureError:
            raise
        except (ValueError, TypeError, KeyError, IndexError, OverflowError):
            # asn1crypto parses lazily: a damaged structure surfaces wherever
            # a field is first read.
            refuse("malformed")
        chain = chain_to_root(certificate, carried, self.roots, self.intermediates)
        now = self.clock.now()
        check_validity(chain, now)
        self._check_revocation(chain, now)
        iin = iin_of(certificate)
        hashes_ = tuple(iin_key(secret, iin) for secret in self.hash_keys.secrets)
        return SignedBy(
            iin_hash=hashes_[0],
            iin_hashes=hashes_,
            common_name=common_name(certificate.subject),
            not_before=certificate.not_valid_before_utc,
            not_after=certificate.not_valid_after_utc,
            issuer=common_name(certificate.issuer),
        )

    def _check_revocation(self, chain, now):
        answered = False
        if self.ocsp is not None and len(chain) > 1:
            answered = self.ocsp.check(chain[0], chain[1], now)
        if self.revocation is not None:
            self.revocation.check(chain, now, start=1 if answered else 0)


def digital_signature_verifier_factory(context, request):
    roots, intermediates = request.registry.consult_nca_trust
    return DigitalSignatureVerifier(
        roots,
        intermediates,
        hash_keys(request),
        request.find_service(IClock),
        revocation=request.registry.consult_nca_revocation,
        ocsp=request.registry.consult_nca_ocsp,
    )
