"""Whether a certificate of a signature's chain was revoked, by the
certificate revocation lists (CRLs) the operator keeps in files
(consult.verification.nca_crls), downloaded from the NCA by a timer
(docs/operations.md).

Each certificate of the chain below the root must have, among those CRLs,
one issued by its issuer (by name and by signature: `cryptography` checks
RSA and ECDSA ones, verification.gost GOST ones) that does not list its
serial number; base and delta CRLs of one issuer are read together. A file
replaced on disk is read again at the next check (its modification time and
size tell), and its signature checked once per issuer.

A CRL past its nextUpdate can no longer show a revocation made since. By
default the certificate is then refused ("revocation_unknown") and an error
logged: a verification binds an IIN to an account for good, and a stale CRL
means the timer stopped, which the operator should hear about rather than
have signatures of revoked certificates go through unseen.
consult.verification.nca_crl_stale = accept accepts with a warning logged
instead, for a site that prefers availability. A certificate whose issuer
has no CRL at all among the files is refused in the same way."""

import logging
import os
import threading
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding

from ..settings import SettingError
from . import gost
from .certificates import refuse

log = logging.getLogger(__name__)

REFUSE, ACCEPT = "refuse", "accept"


def load_crl(path):
    """The CRL in the file at `path` (PEM or DER); ValueError naming the file."""
    with open(path, "rb") as file:
        data = file.read()
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_crl(data)
        return x509.load_der_x509_crl(data)
    except ValueError:
        raise ValueError(f"{path} holds no CRL (PEM or DER)") from None


def _stamp(path):
    status = os.stat(path)
    return (status.st_mtime_ns, status.st_size)


@dataclass(frozen=True)
class _Read:
    """A CRL as read from its file: when (the file's stamp), and its
    fingerprint, the key of its signature checks."""

    stamp: tuple
    crl: x509.CertificateRevocationList
    fingerprint: bytes


def _read(path):
    stamp = _stamp(path)
    crl = load_crl(path)
    return _Read(stamp, crl, crl.fingerprint(hashes.SHA256()))


class CRLFiles:
    """The CRLs in the files at `paths`, each read again when it changes.
    A file that no longer reads (a download cut short) keeps its last good
    CRL, with an error logged; its nextUpdate then tells when that is too old."""

    def __init__(self, paths):
        self.paths = tuple(paths)
        self._read = {path: _read(path) for path in self.paths}
        self._issued_by = {}
        self._lock = threading.Lock()

    def __bool__(self):
        return bool(self.paths)

    def crls(self):
        """The CRLs as last read (_Read), after reading again those changed."""
        with self._lock:
            for path in self.paths:
                try:
                    if _stamp(path) != self._read[path].stamp:
                        replaced = self._read[path].fingerprint
                        self._read[path] = _read(path)
                        self._forget(replaced)
                except (OSError, ValueError) as error:
                    log.error("CRL %s not read again, the last one read is used: %s", path, error)
            return list(self._read.values())

    def _forget(self, fingerprint):
        for key in [key for key in self._issued_by if key[0] == fingerprint]:
            del self._issued_by[key]

    def issued_by(self, read, issuer):
        """Whether the CRL `read` (_Read) is signed by the certificate
        `issuer`; remembered while the file is unchanged."""
        key = (read.fingerprint, issuer.fingerprint(hashes.SHA256()))
        # One thread checks a new CRL's signature (seconds, for a large GOST
        # one) while the others wait for the answer rather than redo it.
        with self._lock:
            if key not in self._issued_by:
                self._issued_by[key] = read.crl.issuer == issuer.subject and _signed(
                    read.crl, issuer
                )
            return self._issued_by[key]


def _signed(crl, issuer):
    """Whether `issuer` signed `crl`; a CRL in an algorithm that cannot be
    checked is no CRL of it (logged), rather than a refusal of everyone."""
    algorithm = crl.signature_algorithm_oid.dotted_string
    try:
        if gost.is_gost(algorithm):
            issuer_spki = gost.spki_of(issuer.public_bytes(Encoding.DER))
            return gost.certificate_signed_by(
                crl.tbs_certlist_bytes, algorithm, crl.signature, issuer_spki
            )
        return crl.is_signature_valid(issuer.public_key())
    except (gost.Unsupported, UnsupportedAlgorithm) as error:
        log.error("the CRL of %s cannot be checked: %s", issuer.subject.rfc4514_string(), error)
    except (ValueError, TypeError, KeyError, InvalidSignature):
        pass
    return False


class Revocation:
    """The check of a chain against `files` (CRLFiles) at `now`, with
    `stale` (REFUSE or ACCEPT) for a CRL past its nextUpdate."""

    def __init__(self, files, stale=REFUSE):
        self.files = files
        self.stale = stale

    def check(self, chain, now, start=0):
        """Refuse "revoked" or "revocation_unknown" (see the module), for
        `chain` as certificates.chain_to_root gives it, from its `start`th
        certificate (1: the person's was checked by OCSP)."""
        crls = self.files.crls()
        for certificate, issuer in zip(chain[start:], chain[start + 1 :], strict=False):
            own = [read.crl for read in crls if self.files.issued_by(read, issuer)]
            if not own:
                log.error("no CRL of %s among the configured ones", issuer.subject.rfc4514_string())
                refuse("revocation_unknown")
            for crl in own:
                if (
                    crl.get_revoked_certificate_by_serial_number(certificate.serial_number)
                    is not None
                ):
                    refuse("revoked")
            for crl in own:
                if crl.next_update_utc is not None and crl.next_update_utc < now:
                    self._stale(crl, issuer)

    def _stale(self, crl, issuer):
        name = issuer.subject.rfc4514_string()
        if self.stale == ACCEPT:
            log.warning("the CRL of %s was due on %s; accepted", name, crl.next_update_utc)
            return
        log.error("the CRL of %s was due on %s; signatures refused", name, crl.next_update_utc)
        refuse("revocation_unknown")


def nca_revocation(settings):
    """The Revocation the settings describe, or None without CRLs;
    SettingError naming the setting for a file that holds no CRL."""
    paths = settings["consult.verification.nca_crls"] or ()
    if not paths:
        return None
    try:
        files = CRLFiles(paths)
    except (OSError, ValueError) as error:
        raise SettingError(f"consult.verification.nca_crls: {error}") from None
    return Revocation(files, settings["consult.verification.nca_crl_stale"])
