"""Signing a petition with a digital signature (level 3): the page shows the
exact text to sign (`text_to_sign`), takes the CMS that NCALayer produced
(pasted, or filled in by static/ncalayer.js), checks it over that text
(verification.digital_signature), binds the certificate's IIN to the account
as verification does, and counts the signature at level 3."""

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from ..forms import submitted, validate
from ..i18n import _
from ..layout import flash
from ..limits import RateLimited
from ..verification.events import PersonVerified
from ..verification.interfaces import SIGNATURE, IDigitalSignatureVerifier, VerificationError
from ..verification.registry import get_verifier
from ..verification.signature_views import allow_ncalayer, signature_form
from .events import PetitionThresholdReached, SignatureAdded
from .interfaces import IPetitionService, PetitionError
from .limits import SIGN, check, record, refuse
from .models import ANSWER_DUE, ANSWERED, OPEN, Petition

PAGE = "sign-with-signature"
SIGNABLE = (OPEN, ANSWER_DUE, ANSWERED)


def text_to_sign(petition):
    """What a signer signs: the petition's title, text and what it asks, as
    the petition's page shows them, a blank line between them."""
    return "\n\n".join(part.strip() for part in (petition.title, petition.text, petition.asks))


@view_config(
    context=Petition,
    name=PAGE,
    permission="sign_petition",
    renderer="consult:templates/petitions/sign_with_signature.pt",
    require_csrf=False,
)
def sign_with_signature(request):
    """The signature is refused with its reason (the page comes back
    without it: its certificate carries the IIN), or counted once."""
    petition, principal = request.context, request.identity
    verifier = get_verifier(request.registry, "signature")
    if verifier is None or petition.state not in SIGNABLE:
        raise HTTPNotFound()
    allow_ncalayer(request)

    def fresh():
        # Not filled in again: the signature's certificate carries the IIN.
        return signature_form(request, verifier, request.resource_url(petition, PAGE))

    form = fresh()
    values = {
        "petition": petition,
        "text": text_to_sign(petition),
        "signed": principal.id in petition.signatures,
        "error": None,
    }
    if not submitted(request, "verify"):
        return dict(values, form=form.render())
    data, rendered = validate(request, form)
    if data is None:
        return dict(values, form=rendered)
    verified_before = verifier.status(principal) is not None
    try:
        check(request, SIGN)
    except RateLimited as error:
        return dict(values, form=fresh().render(), error=refuse(request, error))
    record(request, SIGN)
    try:
        signed_by = request.find_service(IDigitalSignatureVerifier).verify(
            data["cms"], values["text"]
        )
        verifier.bind(request, principal, signed_by)
        reached = request.find_service(IPetitionService).sign(
            petition, principal.id, level=SIGNATURE
        )
    except (VerificationError, PetitionError) as error:
        request.tm.doom()
        request.response.status = 400
        return dict(values, form=fresh().render(), error=error.message)
    if not verified_before:
        request.registry.notify(PersonVerified(request, principal, verifier.name, verifier.level))
    request.registry.notify(SignatureAdded(request, petition))
    if reached:
        request.registry.notify(PetitionThresholdReached(request, petition))
    flash(request, _("Thank you: you signed this petition with your digital signature."))
    return HTTPSeeOther(request.resource_url(petition))
