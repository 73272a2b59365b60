"""Signing a petition (with the choice to be listed and the territory one
states), withdrawing the signature, and the public list of the signers who
chose to be listed: first name and surname initial, nothing else."""

from pyramid.httpexceptions import HTTPNotFound
from pyramid.response import Response
from pyramid.view import view_config

from ..accounts.models import initial_name
from ..i18n import _
from ..layout import flash
from .answer_views import remember_news_choice
from .events import PetitionThresholdReached, SignatureAdded
from .interfaces import IPetitionService, PetitionError
from .limits import SIGN, check, record
from .models import Petition

PAGE_SIZE = 50


def _service(request):
    return request.find_service(IPetitionService)


def _back(request, petition):
    """A bare 303 to the petition's page: an HTTPSeeOther would write an
    HTML body made from the request's environ that browsers never show
    (about a twentieth of the sign POST's CPU under cProfile)."""
    return Response(status=303, location=request.resource_url(petition))


def _refused(request, petition, error):
    request.tm.doom()
    flash(request, error.message)
    return _back(request, petition)


@view_config(context=Petition, name="sign", permission="sign_petition", request_method="POST")
def sign(request):
    petition = request.context
    check(request, SIGN)
    record(request, SIGN)
    try:
        reached = _service(request).sign(
            petition,
            request.authenticated_userid,
            region=request.POST.get("region") or None,
            listed=request.POST.get("listed") == "yes",
        )
    except PetitionError as error:
        return _refused(request, petition, error)
    request.registry.notify(SignatureAdded(request, petition))
    if reached:
        request.registry.notify(PetitionThresholdReached(request, petition))
    remember_news_choice(request, petition)
    flash(request, _("Thank you: you signed this petition."))
    return _back(request, petition)


@view_config(context=Petition, name="withdraw", permission="sign_petition", request_method="POST")
def withdraw(request):
    petition = request.context
    check(request, SIGN)
    record(request, SIGN)
    try:
        _service(request).withdraw(petition, request.authenticated_userid)
    except PetitionError as error:
        return _refused(request, petition, error)
    flash(request, _("Your signature is withdrawn."))
    return _back(request, petition)


def _cursor(text):
    """A page's cursor from the address: "<microseconds>-<userid>"."""
    micros, _sep, userid = (text or "").partition("-")
    if not micros.isdigit() or not userid:
        return None
    return (-int(micros), userid)


@view_config(
    context=Petition,
    name="signers",
    permission="view",
    renderer="consult:templates/petitions/signers.pt",
)
def signers(request):
    petition = request.context
    if not petition.listed(_service(request).clock.now()):
        raise HTTPNotFound()
    ids, last = petition.tally.listed_page(_cursor(request.GET.get("after")), PAGE_SIZE)
    principals = request.root["principals"]
    names = []
    for userid in ids:
        principal = principals.get(userid)
        # A closed account's name went with it.
        if principal is not None and principal.closed_at is None:
            names.append(initial_name(principal.first_name, principal.last_name))
    return {
        "petition": petition,
        "names": names,
        "listed": petition.tally.listed_count(),
        "next": None
        if last is None
        else request.resource_url(petition, "signers", query={"after": f"{-last[0]}-{last[1]}"}),
    }
