"""Whether the certificate of a signature was revoked, by asking its
issuer's OCSP responder (RFC 6960) when the signature is checked: the NCA
answers at http://ocsp.pki.gov.kz, which its certificates name in their
Authority Information Access extension.

The request is built by `cryptography` (SHA-1 CertID, as RFC 5019 asks of
clients; a nonce with consult.verification.nca_ocsp_nonce) and posted over
HTTP; the answer counts only if it is signed by the certificate's issuer,
or by a responder certificate that issuer issued for the purpose (extended
key usage OCSP signing, valid now), answers about this very certificate,
echoes the nonce sent, and is fresh (thisUpdate not ahead of the clock,
nextUpdate not passed). "good" lets the signature through, "revoked"
refuses it ("revoked"), "unknown" too ("not_issued": the issuer does not
know the certificate).

An exchange that fails (no answer within the timeout, an HTTP error, an
answer that does not count) is "unavailable", and
consult.verification.nca_ocsp_unavailable decides: `refuse` the signature
("revocation_unknown": try again later), or `crl`, fall back to the CRLs
(verification.revocation) for the person's certificate too.

The exchange happens inside the request that checks the signature, whose
transaction is open: ZODB's transactions take no lock before commit, so
the cost of waiting is one worker thread and a read snapshot that ages, a
few seconds at most. The whole exchange (connection, request, reading the
answer) is bounded by consult.verification.nca_ocsp_timeout (3 s by
default), and an answer that counted is kept in memory for a few minutes
(never past its nextUpdate), so that a request retried after a write
conflict, or the person's second try, does not ask again."""

import hashlib
import logging
import os
import threading
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from asn1crypto import core
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import ocsp
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID

from ..settings import SettingError
from . import gost
from .certificates import gost_signed_by, issued_by, refuse
from .ocsp_transport import Unavailable, post

log = logging.getLogger(__name__)

OFF, AIA, URL = "off", "aia", "url"
REFUSE, CRL = "refuse", "crl"
# Clocks differ a little; an answer made "in the future" by more is refused.
CLOCK_SKEW = timedelta(minutes=5)
# An answer without nextUpdate is taken as valid this long after thisUpdate.
WITHOUT_NEXT_UPDATE = timedelta(hours=1)
# How long an answer that counted is reused, and for how many certificates.
REMEMBER = timedelta(minutes=5)
REMEMBERED = 4096


def responder_url(certificate, mode, url):
    """Where to ask about `certificate`: with `mode` AIA the OCSP address
    (http or https) its Authority Information Access names, else `url`."""
    if mode != AIA:
        return url
    try:
        access = certificate.extensions.get_extension_for_class(x509.AuthorityInformationAccess)
    except x509.ExtensionNotFound:
        return url
    for description in access.value:
        location = description.access_location
        if (
            description.access_method == AuthorityInformationAccessOID.OCSP
            and isinstance(location, x509.UniformResourceIdentifier)
            and urlsplit(location.value).scheme in ("http", "https")
        ):
            return location.value
    return url


def request_for(certificate, issuer, nonce=None):
    """The DER OCSP request about `certificate` issued by `issuer`."""
    builder = ocsp.OCSPRequestBuilder().add_certificate_by_hash(
        _name_hash(issuer), _key_hash(issuer), certificate.serial_number, hashes.SHA1()
    )
    if nonce is not None:
        builder = builder.add_extension(x509.OCSPNonce(nonce), critical=False)
    return builder.build().public_bytes(Encoding.DER)


class _PublicKeyInfo(core.Sequence):
    # Read without interpreting the key, which a GOST one would trouble.
    _fields = [("algorithm", core.Any), ("public_key", core.OctetBitString)]


def _name_hash(certificate, algorithm="sha1"):
    return hashlib.new(algorithm, certificate.subject.public_bytes()).digest()


def _key_hash(certificate, algorithm="sha1"):
    """The hash of the certificate's subjectPublicKey bits (a CertID's)."""
    spki = _PublicKeyInfo.load(gost.spki_of(certificate.public_bytes(Encoding.DER)))
    return hashlib.new(algorithm, spki["public_key"].native).digest()


def _signed_by(answer, certificate):
    """Whether `certificate`'s key made the signature of `answer`."""
    algorithm = answer.signature_algorithm_oid
    if gost.is_gost(algorithm.dotted_string):
        try:
            return gost_signed_by(
                answer.tbs_response_bytes, algorithm, answer.signature, certificate
            )
        except ValueError:  # refuse("unsupported") is a SignatureError, a ValueError too
            return False
    try:
        key = certificate.public_key()
        digest = answer.signature_hash_algorithm
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(answer.signature, answer.tbs_response_bytes, padding.PKCS1v15(), digest)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(answer.signature, answer.tbs_response_bytes, ec.ECDSA(digest))
        else:
            return False
    except (InvalidSignature, UnsupportedAlgorithm, ValueError, TypeError):
        return False
    return True


def _names(answer, certificate):
    if answer.responder_name is not None:
        return answer.responder_name == certificate.subject
    return answer.responder_key_hash == _key_hash(certificate)


def _delegated(candidate, issuer, now):
    """Whether `candidate` is a responder certificate `issuer` issued."""
    try:
        usage = candidate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        return False
    if ExtendedKeyUsageOID.OCSP_SIGNING not in usage:
        return False
    if not candidate.not_valid_before_utc <= now <= candidate.not_valid_after_utc:
        return False
    try:
        return issued_by(candidate, issuer)
    except ValueError:  # refuse("unsupported") is a SignatureError, a ValueError too
        return False


def _check_signer(answer, issuer, now):
    if _names(answer, issuer) and _signed_by(answer, issuer):
        return
    for candidate in answer.certificates:
        if (
            _names(answer, candidate)
            and _delegated(candidate, issuer, now)
            and _signed_by(answer, candidate)
        ):
            return
    raise Unavailable("the answer is signed neither by the issuer nor by a responder it named")


def _single(answer, certificate, issuer):
    for single in answer.responses:
        if single.serial_number != certificate.serial_number:
            continue
        algorithm = single.hash_algorithm.name
        if single.issuer_name_hash == _name_hash(
            issuer, algorithm
        ) and single.issuer_key_hash == _key_hash(issuer, algorithm):
            return single
    raise Unavailable("the answer is about another certificate")


def _check_nonce(answer, nonce):
    if nonce is None:
        return
    try:
        echoed = answer.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce
    except x509.ExtensionNotFound:
        raise Unavailable("the answer does not echo the nonce") from None
    if echoed != nonce:
        raise Unavailable("the answer echoes another nonce")


def _valid_until(single, now):
    """Until when the answer `single` holds; Unavailable when it is stale."""
    if single.this_update_utc > now + CLOCK_SKEW:
        raise Unavailable(f"the answer's thisUpdate {single.this_update_utc} is ahead of the clock")
    until = single.next_update_utc or single.this_update_utc + WITHOUT_NEXT_UPDATE
    if until < now:
        raise Unavailable(f"the answer is stale (valid until {until})")
    return until


def read_answer(der, certificate, issuer, now, nonce=None):
    """("good", "revoked" or "unknown", until when it holds) from the DER
    answer about `certificate`; Unavailable when the answer does not count."""
    try:
        answer = ocsp.load_der_ocsp_response(der)
    except ValueError:
        raise Unavailable("the answer is not an OCSP response") from None
    if answer.response_status != ocsp.OCSPResponseStatus.SUCCESSFUL:
        raise Unavailable(f"the responder answered {answer.response_status.name}")
    try:
        _check_signer(answer, issuer, now)
        single = _single(answer, certificate, issuer)
        _check_nonce(answer, nonce)
        until = _valid_until(single, now)
    except (ValueError, TypeError) as error:  # a field cryptography cannot read
        raise Unavailable(f"the answer cannot be read: {error}") from None
    return single.certificate_status.name.lower(), until


@dataclass(frozen=True)
class _Remembered:
    status: str
    until: object


class OCSPCheck:
    """Asks about a person's certificate (see the module): `mode` AIA or
    URL, `url` the responder's address (AIA's when the certificate names
    none), `timeout` in seconds, `nonce` whether to send one, `unavailable`
    REFUSE or CRL; `fetch(url, body, timeout)` posts (`post`)."""

    def __init__(self, mode, url, timeout, nonce=False, unavailable=REFUSE, fetch=post):
        self.mode = mode
        self.url = url
        self.timeout = timeout
        self.nonce = nonce
        self.unavailable = unavailable
        self.fetch = fetch
        self._remembered = {}
        self._lock = threading.Lock()

    def check(self, certificate, issuer, now):
        """True when the responder says "good"; refuses "revoked" or
        "not_issued"; when no answer counts, refuses "revocation_unknown" or,
        falling back to the CRLs, returns False."""
        key = (issuer.fingerprint(hashes.SHA256()), certificate.serial_number)
        with self._lock:
            known = self._remembered.get(key)
        if known is None or known.until < now:
            try:
                known = self._ask(certificate, issuer, now)
            except Unavailable as error:
                return self._unavailable(issuer, error)
            with self._lock:
                if len(self._remembered) >= REMEMBERED:
                    self._remembered.clear()
                self._remembered[key] = known
        if known.status == "revoked":
            refuse("revoked")
        if known.status != "good":
            refuse("not_issued")
        return True

    def _ask(self, certificate, issuer, now):
        nonce = os.urandom(16) if self.nonce else None
        url = responder_url(certificate, self.mode, self.url)
        der = self.fetch(url, request_for(certificate, issuer, nonce), self.timeout)
        try:
            status, until = read_answer(der, certificate, issuer, now, nonce)
        except Unavailable as error:
            raise Unavailable(f"{url}: {error}") from None
        return _Remembered(status, min(until, now + REMEMBER))

    def _unavailable(self, issuer, error):
        # The issuer is named, not the person's certificate (a serial
        # number leads to a person).
        name = issuer.subject.rfc4514_string()
        if self.unavailable == CRL:
            log.warning("OCSP for a certificate of %s failed, the CRLs decide: %s", name, error)
            return False
        log.error("OCSP for a certificate of %s failed, signature refused: %s", name, error)
        refuse("revocation_unknown")


def nca_ocsp(settings, crls_configured):
    """The OCSPCheck the settings describe, or None when OCSP is off;
    SettingError when the fallback to CRLs has no CRL to fall back to."""
    mode = settings["consult.verification.nca_ocsp"]
    if mode == OFF:
        return None
    unavailable = settings["consult.verification.nca_ocsp_unavailable"]
    if unavailable == CRL and not crls_configured:
        raise SettingError(
            "consult.verification.nca_ocsp_unavailable = crl needs CRLs in "
            "consult.verification.nca_crls to fall back to"
        )
    return OCSPCheck(
        mode,
        settings["consult.verification.nca_ocsp_url"],
        settings["consult.verification.nca_ocsp_timeout"],
        nonce=settings["consult.verification.nca_ocsp_nonce"],
        unavailable=unavailable,
    )
