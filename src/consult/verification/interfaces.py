"""The contract every verifier keeps (a future digital-signature verifier too)."""
from zope.interface import Attribute, Interface

#: The strength of each kind of verification. A consultation requires a
#: level; a person's level is the highest of their verifications.
NONE, EMAIL, IDENTITY, SIGNATURE = 0, 1, 2, 3


class IVerifier(Interface):
    """One way of verifying a person, registered as a named utility."""

    name = Attribute("Short stable identifier, e.g. 'census'; the key of the record")
    title = Attribute("Translatable title shown to people")
    level = Attribute("Strength (int): 1 e-mail, 2 identity (census, staff), 3 signature")
    self_service = Attribute("True when the person verifies themselves on their account page")

    def schema():
        """A colander schema for the person's (or staff's) form, or None."""

    def status(principal):
        """The person's VerificationRecord for this verifier, or None."""

    def verify(request, principal, data):
        """Verify `principal` with the form's `data`; return the record, or
        raise VerificationError (a message the person can act on)."""
