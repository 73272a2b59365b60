"""The X.509 half of checking a digital signature (digital_signature has
the CMS half): reading the trusted certificates the settings name, the
chain from a person's certificate up to a configured root, the validity
period, and the IIN in the subject. Each check refuses with its reason
(interfaces.SignatureError). `cryptography` checks RSA and ECDSA
signatures, verification.gost the GOST ones."""

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from .. import iin as iin_module
from ..i18n import _
from ..settings import SettingError
from . import gost
from .interfaces import SignatureError

# NCA chains are a root, an intermediate and the person's certificate.
MAX_CHAIN = 6

MESSAGES = {
    "malformed": _(
        "This is not a signature we can read. Paste the whole signature (CMS) that "
        "NCALayer produced, in base64, without changing it."
    ),
    "other_text": _(
        "This signature is not of the text shown on this page. Sign exactly that "
        "text, without changing it, and paste the new signature."
    ),
    "unknown_root": _(
        "The certificate of this signature was not issued by the National "
        "Certification Authority of Kazakhstan (or its chain is incomplete). Sign "
        "with your NCA certificate."
    ),
    "expired": _(
        "The certificate of this signature has expired. Renew your certificate at "
        "the National Certification Authority (pki.gov.kz) and sign again."
    ),
    "not_yet_valid": _(
        "The certificate of this signature is not valid yet. Check your computer's "
        "date, or sign again once the certificate's validity begins."
    ),
    "no_iin": _(
        "The certificate of this signature carries no IIN. Sign with the personal "
        "NCA certificate that holds your IIN."
    ),
    "unsupported": _(
        "This signature uses an algorithm this site cannot verify (such as the GOST "
        "34.310-2004 of older certificates). Sign with a current certificate from the "
        "National Certification Authority."
    ),
    "revoked": _(
        "The certificate of this signature has been revoked. Sign with a valid "
        "certificate; the National Certification Authority (pki.gov.kz) issues a new one."
    ),
    "not_issued": _(
        "The National Certification Authority does not know the certificate of this "
        "signature. Sign with a certificate it issued to you (pki.gov.kz)."
    ),
    "revocation_unknown": _(
        "We cannot check right now whether the certificate of this signature has been "
        "revoked. Please try again later."
    ),
    "no_roots": _("Verification by digital signature is not available on this site yet."),
}


def refuse(reason):
    raise SignatureError(reason, MESSAGES[reason])


def load_certificates(paths):
    """The X.509 certificates in the files at `paths` (PEM, several per
    file allowed, or DER); ValueError naming the file that holds none."""
    found = []
    for path in paths:
        with open(path, "rb") as file:
            data = file.read()
        try:
            if b"-----BEGIN" in data:
                found.extend(x509.load_pem_x509_certificates(data))
            else:
                found.append(x509.load_der_x509_certificate(data))
        except ValueError:
            raise ValueError(f"{path} holds no X.509 certificate (PEM or DER)") from None
    return found


def nca_trust(settings):
    """(roots, intermediates): the certificates at the paths the settings
    name, read once at start-up; SettingError naming the setting otherwise."""
    found = []
    for name in ("consult.verification.nca_roots", "consult.verification.nca_intermediates"):
        try:
            found.append(load_certificates(settings[name] or ()))
        except (OSError, ValueError) as error:
            raise SettingError(f"{name}: {error}") from None
    return tuple(found)


def _may_issue(certificate):
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
    except x509.ExtensionNotFound:
        return False
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    return constraints.value.ca and (usage is None or usage.key_cert_sign)


def gost_signed_by(tbs, algorithm, signature, issuer):
    """Whether the DER `tbs` of a certificate or CRL carries `issuer`'s GOST
    `signature` by `algorithm` (an ObjectIdentifier); "unsupported" for a
    GOST variant verification.gost cannot check."""
    try:
        issuer_spki = gost.spki_of(issuer.public_bytes(Encoding.DER))
        return gost.certificate_signed_by(tbs, algorithm.dotted_string, signature, issuer_spki)
    except gost.Unsupported:
        refuse("unsupported")
    except (ValueError, TypeError, KeyError):
        return False


def issued_by(certificate, issuer):
    """Whether `issuer` issued `certificate` (its name and its signature);
    refuse("unsupported") for a signature this cannot check."""
    if certificate.issuer != issuer.subject:
        return False
    algorithm = certificate.signature_algorithm_oid
    if gost.is_gost(algorithm.dotted_string):
        return gost_signed_by(
            certificate.tbs_certificate_bytes, algorithm, certificate.signature, issuer
        )
    try:
        certificate.verify_directly_issued_by(issuer)
    except UnsupportedAlgorithm:
        refuse("unsupported")
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def chain_to_root(certificate, carried, roots, intermediates):
    """[certificate, its issuer, ..., one of `roots`], each issued by the
    next (its name and its signature), through the certificates `carried`
    by the CMS or the configured `intermediates`, which must be CAs."""
    chain = [certificate]
    pool = [c for c in (*carried, *intermediates) if c not in roots]
    while len(chain) <= MAX_CHAIN:
        current = chain[-1]
        if current in roots:
            return chain
        for root in roots:
            if root.subject == current.issuer and issued_by(current, root):
                return [*chain, root]
        issuer = next(
            (
                candidate
                for candidate in pool
                if candidate not in chain
                and candidate.subject == current.issuer
                and _may_issue(candidate)
                and issued_by(current, candidate)
            ),
            None,
        )
        if issuer is None:
            break
        chain.append(issuer)
    refuse("unknown_root")


def check_validity(chain, now):
    for certificate in chain:
        if now < certificate.not_valid_before_utc:
            refuse("not_yet_valid")
        if now > certificate.not_valid_after_utc:
            refuse("expired")


def common_name(name):
    """The CN of an x509.Name (NCA's: "SURNAME NAME"), or the whole name."""
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else name.rfc4514_string()


def iin_of(certificate):
    """The IIN of the subject's serialNumber (`IIN123456789012`), valid."""
    for attribute in certificate.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER):
        value = str(attribute.value).strip()
        if value.upper().startswith("IIN"):
            value = value[3:]
        if iin_module.is_valid(value):
            return iin_module.normalize(value)
    refuse("no_iin")
