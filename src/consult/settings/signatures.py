"""The settings of verification by digital signature (level 3): the
certificates a signature's chain must lead to (verification.digital_signature)."""

import os
from urllib.parse import urlsplit

from .kinds import BOOLEAN, Kind, Setting, choice, number


def parse_paths(text):
    """The space-separated file paths of `text`, each an existing file."""
    paths = tuple(text.split())
    for path in paths:
        if not os.path.isfile(path):
            raise ValueError(f"no file at {path}")
    return paths


def parse_responder(text):
    """An http(s) address with a host."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http(s) address, e.g. http://ocsp.pki.gov.kz")
    return text.strip()


def parse_seconds(text):
    """Seconds above 0 and at most 10: the person waits for them."""
    value = number(0, above=True).parse(text)
    if value > 10:
        raise ValueError("must be at most 10 (seconds a person waits)")
    return value


RESPONDER = Kind("http(s) address", parse_responder)
SECONDS = Kind("seconds, more than 0, at most 10", parse_seconds)
PATHS = Kind("file paths, spaces between them", parse_paths, blank_is_value=True, empty="none")

SIGNATURES = (
    "Digital signatures",
    (
        Setting(
            "consult.verification.nca_roots",
            PATHS,
            "",
            "root certificates (PEM or DER) a digital signature's certificate must chain up to, "
            "e.g. the NCA's root; none: verification by digital signature is off",
        ),
        Setting(
            "consult.verification.nca_intermediates",
            PATHS,
            "",
            "intermediate CA certificates (PEM or DER) between the roots and people's "
            "certificates, for signatures that do not carry them (NCALayer's do not)",
        ),
        Setting(
            "consult.verification.nca_crls",
            PATHS,
            "",
            "certificate revocation lists (PEM or DER files, base and delta, kept fresh by "
            "a timer) of the roots and intermediates: each certificate of a signature's "
            "chain must have its issuer's CRL here and not be on it; a file replaced on "
            "disk is read again; none: revocation is not checked",
        ),
        Setting(
            "consult.verification.nca_crl_stale",
            choice("refuse", "accept"),
            "refuse",
            "what a signature gets when its issuer's CRL is past its nextUpdate: `refuse` "
            "(and an error logged) or `accept` (and a warning logged)",
        ),
        Setting(
            "consult.verification.nca_ocsp",
            choice("off", "aia", "url"),
            "off",
            "whether the OCSP responder of a signature's certificate is asked if it was "
            "revoked: `aia`, the responder the certificate names (else nca_ocsp_url), "
            "`url`, always nca_ocsp_url (a mirror or a proxy), or `off`",
        ),
        Setting(
            "consult.verification.nca_ocsp_url",
            RESPONDER,
            "http://ocsp.pki.gov.kz",
            "the OCSP responder asked when the certificate names none, or always with "
            "nca_ocsp = url",
        ),
        Setting(
            "consult.verification.nca_ocsp_timeout",
            SECONDS,
            "3",
            "seconds the whole OCSP exchange may take while the person waits (at most 10)",
        ),
        Setting(
            "consult.verification.nca_ocsp_nonce",
            BOOLEAN,
            "false",
            "send a nonce in each OCSP request and require the answer to echo it (turn on "
            "only if the responder does: otherwise every answer is refused)",
        ),
        Setting(
            "consult.verification.nca_ocsp_unavailable",
            choice("refuse", "crl"),
            "refuse",
            "what a signature gets when the OCSP responder gives no answer that counts "
            "(down, too slow, stale, wrongly signed): `refuse` (an error logged) or `crl`, "
            "the CRLs of nca_crls decide (a warning logged)",
        ),
    ),
)
