"""The settings of verification by digital signature (level 3): the
certificates a signature's chain must lead to (verification.digital_signature)."""

import os

from .kinds import Kind, Setting, choice


def parse_paths(text):
    """The space-separated file paths of `text`, each an existing file."""
    paths = tuple(text.split())
    for path in paths:
        if not os.path.isfile(path):
            raise ValueError(f"no file at {path}")
    return paths


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
    ),
)
