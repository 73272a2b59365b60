"""The contract every verifier keeps (a future digital-signature verifier too).

Verifiers are named utilities, not request services: `config.add_verifier`
registers one, `verification.registry` finds them."""

from zope.interface import Attribute, Interface

from ..refusals import Refusal

#: The strength of each kind of verification. A consultation requires a
#: level; a person's level is the highest of their verifications.
NONE, EMAIL, IDENTITY, SIGNATURE = 0, 1, 2, 3


class VerificationError(Refusal):
    """A refusal the person (or the staff verifying them) can act on."""


class IVerifier(Interface):
    """One way of verifying a person, registered as a named utility."""

    name = Attribute("Short stable identifier, e.g. 'census'; the key of the record")
    title = Attribute("Translatable title shown to people")
    level = Attribute("Strength (int): 1 e-mail, 2 identity (census, staff), 3 signature")
    self_service = Attribute("True when the person verifies themselves on their account page")

    def schema():
        """The form the person (or staff, for them) fills in to verify.

        :returns: a colander schema (with the CSRF token), or None when the
            verifier takes no form (the e-mail address).
        """

    def status(principal):
        """The person's verification by this verifier.

        :param principal: an accounts.models.Principal.
        :returns: their verification.models.VerificationRecord, or None.
        """

    def verify(request, principal, data):
        """Verify `principal` and record it on the account.

        :param request: the request (its clock, its settings, who is asking).
        :param principal: the Principal verified.
        :param dict data: the schema's values.
        :returns: the new VerificationRecord.
        :raises VerificationError: the verification is refused (not on the
            list, too many attempts, not staff, ...), with what to do.
        """


class SignatureError(VerificationError):
    """A digital signature that does not verify; `reason` names the check
    that failed ("malformed", "other_text", "unknown_root", "expired",
    "not_yet_valid", "no_iin", "unsupported", "revoked", "not_issued",
    "revocation_unknown", "no_roots"; and, when binding
    the IIN to an account, "other_account", "other_person") and `message`
    tells the person what to do."""

    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = reason


class IDigitalSignatureVerifier(Interface):
    """Checks a CMS (PKCS#7) signature made with an NCA certificate
    (NCALayer's `createCAdESFromBase64`): `request.find_service(...)`."""

    available = Attribute(
        "True when root certificates are configured (consult.verification.nca_roots)"
    )

    def verify(cms, signed_text):
        """Check that `cms` is a signature of exactly `signed_text` (RSA,
        ECDSA or GOST) by a certificate valid now, issued under a configured
        root, not revoked (by its issuer's OCSP responder or the configured
        CRLs), whose subject carries an IIN.

        :param cms: the signature, base64 text (PEM armour allowed) or DER bytes;
            attached (the text inside) or detached.
        :param str signed_text: the text the person was shown to sign (UTF-8).
        :returns: a digital_signature.SignedBy: the keyed hash of the IIN
            (never the IIN), the certificate's common name and validity.
        :raises SignatureError: with the reason and a message for the person.
        """
