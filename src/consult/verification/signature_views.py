"""The level-3 page: the text to sign, the signature pasted (or filled in
by NCALayer), and the account verified by it."""

import deform
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from .. import limits
from ..clock import IClock
from ..forms import make_form, submitted, validate
from ..headers import CONTENT_SECURITY_POLICY
from ..i18n import _
from ..layout import flash
from ..resources.models import Root
from .events import PersonVerified
from .interfaces import VerificationError
from .registry import get_verifier
from .signature import PAGE, challenge

TEMPLATES = "consult:templates/verification/"
#: NCALayer listens on the person's own computer; the pages that sign let
#: static/ncalayer.js reach it there, and nowhere else.
NCALAYER = "wss://127.0.0.1:13579"
SIGNING_POLICY = CONTENT_SECURITY_POLICY.replace(
    "connect-src 'self'", f"connect-src 'self' {NCALAYER}"
)


def allow_ncalayer(request):
    """Let this page's script talk to NCALayer (headers.py's policy otherwise)."""
    request.response.headers["Content-Security-Policy"] = SIGNING_POLICY


def signature_form(request, verifier, action):
    return make_form(
        request,
        verifier.schema(),
        [deform.Button(name="verify", title=_("Send the signature"))],
        action=action,
        formid="signature",
    )


@view_config(context=Root, name=PAGE, renderer=TEMPLATES + "signature.pt", require_csrf=False)
def verify_with_signature(request):
    """Raise one's account to level 3 by signing the day's text. On a
    refusal the page comes back with the reason; the signature pasted is not
    shown again (its certificate carries the IIN)."""
    principal = request.identity
    if principal is None:
        return HTTPSeeOther(
            request.resource_url(request.root, "login", query={"came_from": f"/{PAGE}"})
        )
    verifier = get_verifier(request.registry, "signature")
    if verifier is None:
        raise HTTPNotFound()
    allow_ncalayer(request)

    def fresh():
        # Not filled in again: the signature's certificate carries the IIN.
        return signature_form(request, verifier, request.resource_url(request.root, PAGE))

    form = fresh()
    record = verifier.status(principal)
    values = {
        "text": challenge(request, principal, request.find_service(IClock).now().date()),
        "valid_until": request.layout.local_time(record.data["not_after"]) if record else None,
        "error": None,
    }
    if not submitted(request, "verify"):
        return dict(values, form=form.render())
    appstruct, rendered = validate(request, form)
    if appstruct is None:
        return dict(values, form=rendered)
    try:
        limits.check(request, "verification")
        limits.record(request, "verification")
        verifier.verify(request, principal, appstruct)
    except VerificationError as error:
        request.response.status = 400
        return dict(values, form=fresh().render(), error=error.message)
    except limits.RateLimited as error:
        limits.too_many(request, error)
        return dict(values, form=fresh().render(), error=error.message)
    request.registry.notify(PersonVerified(request, principal, verifier.name, verifier.level))
    flash(
        request,
        _(
            "Thank you: you are verified (${how}).",
            mapping={"how": request.localizer.translate(verifier.title)},
        ),
    )
    return HTTPSeeOther(request.resource_url(request.root, "account"))
