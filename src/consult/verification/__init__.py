"""Verification levels: who a participant is known to be (Decidim-style
authorisations). Verifiers are registered by name in the Pyramid registry;
the built-in ones are the confirmed e-mail address (level 1), the census
list (level 2) and staff verification (level 2). Another package adds one
with `config.add_verifier(verifier)` (see interfaces.IVerifier)."""

from ..accounts.interfaces import IPersonalData
from .personal_data import verifications_data
from .registry import add_verifier, verification_panel
from .services import requirement_notes
from .verifiers import CensusVerifier, EmailVerifier, StaffVerifier


def includeme(config):
    config.add_directive("add_verifier", add_verifier, action_wrap=True)
    config.add_verifier(EmailVerifier())
    config.add_verifier(CensusVerifier())
    config.add_verifier(StaffVerifier())
    config.add_request_method(verification_panel, "verification_panel")
    config.add_request_method(requirement_notes, "verification_requirements")
    # Its upload forms declare their own body bound (`body_limit`).
    config.include("consult.bodies")
    config.scan(".views")
    config.include(".subscribers")
    config.registry.registerUtility(verifications_data, IPersonalData, name="verifications")
