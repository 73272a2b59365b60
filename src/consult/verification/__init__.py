"""Verification levels: who a participant is known to be (Decidim-style
authorisations). Verifiers are registered by name in the Pyramid registry;
the built-in ones are the confirmed e-mail address (level 1), the census
list (level 2), staff verification (level 2) and, where root certificates
are configured, a digital signature of the NCA (level 3). Another package adds one
with `config.add_verifier(verifier)` (see interfaces.IVerifier)."""

from ..accounts.interfaces import IPersonalData
from ..settings import settings_of
from .certificates import nca_trust
from .digital_signature import digital_signature_verifier_factory
from .interfaces import IDigitalSignatureVerifier
from .ocsp import nca_ocsp
from .personal_data import verifications_data
from .registry import add_verifier, verification_panel
from .revocation import nca_revocation
from .services import requirement_notes
from .signature import SignatureVerifier
from .verifiers import CensusVerifier, EmailVerifier, StaffVerifier


def includeme(config):
    config.add_directive("add_verifier", add_verifier, action_wrap=True)
    config.add_verifier(EmailVerifier())
    config.add_verifier(CensusVerifier())
    config.add_verifier(StaffVerifier())
    config.include("pyramid_services")
    roots, intermediates = nca_trust(settings_of(config.registry))
    config.registry.consult_nca_trust = (roots, intermediates)
    settings = settings_of(config.registry)
    config.registry.consult_nca_revocation = nca_revocation(settings)
    config.registry.consult_nca_ocsp = nca_ocsp(
        settings, config.registry.consult_nca_revocation is not None
    )
    config.register_service_factory(digital_signature_verifier_factory, IDigitalSignatureVerifier)
    if roots:
        # Level 3 is offered (to people, to consultations' requirements)
        # only where a signature can be checked.
        config.add_verifier(SignatureVerifier())
    config.add_request_method(verification_panel, "verification_panel")
    config.add_request_method(requirement_notes, "verification_requirements")
    # Its upload forms declare their own body bound (`body_limit`).
    config.include("consult.bodies")
    config.scan(".views")
    config.scan(".signature_views")
    config.include(".subscribers")
    config.include(".evolve")
    config.registry.registerUtility(verifications_data, IPersonalData, name="verifications")
