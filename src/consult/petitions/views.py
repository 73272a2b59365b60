"""The petitions' pages: the draft form (the list is listing.py's), a
petition's page (which is its sponsor link before moderation), the
moderation queue, and the actions on a petition (submit, sponsor, approve,
reject); signing and withdrawing are signing_views.py's, the answer's pages
answer_views.py's."""

import deform
from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from ..clock import IClock
from ..forms import make_form, submitted, validate
from ..i18n import _
from ..layout import flash
from ..limits import RateLimited
from ..organisations.interfaces import IOrganisationService
from ..verification.registry import get_verifier
from .answer_views import shown_answer
from .events import (
    PetitionApproved,
    PetitionInModeration,
    PetitionRejected,
    PetitionSubmitted,
    PetitionThresholdReached,
)
from .interfaces import IPetitionService, PetitionError
from .limits import DRAFT as DRAFTING
from .limits import SPONSOR, check, record, refuse
from .models import (
    ANSWER_DUE,
    ANSWERED,
    CLOSED,
    DRAFT,
    MODERATION,
    PHASES,
    REJECTION_REASONS,
    Petition,
    Petitions,
)
from .schemas import PetitionSchema, RejectSchema
from .signing_page import signing_context

TEMPLATES = "consult:templates/petitions/"
ANSWER_PHASES = (ANSWER_DUE, ANSWERED, CLOSED)


def _service(request):
    return request.find_service(IPetitionService)


def _now(request):
    # The clock alone: the page needs no PetitionService (made per request).
    return request.find_service(IClock).now()


def _addressees(request):
    language = request.locale_name
    found = request.find_service(IOrganisationService).search()
    return [(o.name, o.title.get(language) or next(iter(o.title.values()))) for o in found]


@view_config(
    context=Petitions,
    name="new",
    permission="draft_petition",
    renderer=TEMPLATES + "new.pt",
    require_csrf=False,
)
def new_petition(request):
    form = make_form(
        request,
        PetitionSchema(),
        [deform.Button(name="draft", title=_("Save the draft"), type="submit")],
        bind={"addressees": _addressees(request)},
    )
    if not submitted(request, "draft"):
        return {"form": form.render(), "error": None}
    data, rendered = validate(request, form)
    if data is None:
        return {"form": rendered, "error": None}
    organisations = request.find_service(IOrganisationService).organisations
    try:
        check(request, DRAFTING)
        petition = _service(request).draft(
            request.identity,
            data["title"],
            data["text"],
            data["asks"],
            organisations[data["addressee"]],
            data["topic"],
        )
    except PetitionError as error:
        request.tm.doom()
        return {"form": form.render(data), "error": error.message}
    except RateLimited as error:
        return {"form": form.render(data), "error": refuse(request, error)}
    record(request, DRAFTING)
    return HTTPSeeOther(request.resource_url(petition))


def _visible(request, petition):
    if petition.state == DRAFT and not (
        request.authenticated_userid == petition.author
        or request.has_permission("moderate", petition)
    ):
        raise HTTPNotFound()


def _reject_form(request, petition):
    return make_form(
        request,
        RejectSchema(),
        [deform.Button(name="reject", title=_("Reject"), type="submit")],
        action=request.resource_url(petition, "reject"),
    ).render()


@view_config(context=Petition, permission="view", renderer=TEMPLATES + "petition.pt")
def petition_page(request):
    petition = request.context
    _visible(request, petition)
    now = _now(request)
    phase = petition.phase(now)
    listed = petition.listed(now)
    if not listed:
        # Reachable by its link only until moderators open it.
        request.response.headers["X-Robots-Tag"] = "noindex"
    userid = request.authenticated_userid
    may_moderate = request.has_permission("moderate", petition)
    return {
        "petition": petition,
        "phase": phase,
        "phase_label": PHASES[phase],
        "overdue": petition.overdue(now),
        "listed": listed,
        "organisation": petition.organisation(),
        "is_author": userid is not None and userid == petition.author,
        "signed": userid in petition.signatures,
        "similar": _service(request).similar(f"{petition.title} {petition.asks}")
        if petition.state == DRAFT
        else [],
        "rejection": REJECTION_REASONS.get(petition.rejection),
        "may_moderate": may_moderate,
        # The answerers' links show once an answer is due (petition.pt).
        "may_answer": phase in ANSWER_PHASES and request.has_permission("answer", petition),
        "may_sign": request.has_permission("sign_petition", petition),
        "by_signature": get_verifier(request.registry, "signature") is not None,
        # Only moderators see it; rendered for everyone, its CSRF token would
        # give every reader a session and keep the page out of shared caches.
        "reject_form": _reject_form(request, petition)
        if phase == MODERATION and may_moderate
        else None,
        "link": request.resource_url(petition),
        "answer": shown_answer(petition),
        "wants_news": userid in petition.updates,
        **signing_context(request, petition, listed),
    }


def _act(request, action, event=None, message=None):
    """Run `action` on the petition; announce `event` when it returns true
    (or always, for an event given as `(event, True)`)."""
    petition = request.context
    try:
        outcome = action(petition, request.authenticated_userid)
    except PetitionError as error:
        request.tm.doom()
        flash(request, error.message)
    else:
        if event is not None and outcome is not False:
            request.registry.notify(event(request, petition))
        if message is not None:
            flash(request, message)
    return HTTPSeeOther(request.resource_url(petition))


@view_config(context=Petition, name="submit", permission="sign_petition", request_method="POST")
def submit(request):
    _visible(request, request.context)
    return _act(
        request,
        _service(request).submit,
        PetitionSubmitted,
        _("Your petition collects sponsors: share its link."),
    )


@view_config(context=Petition, name="sponsor", permission="sign_petition", request_method="POST")
def sponsor(request):
    _visible(request, request.context)
    check(request, SPONSOR)
    record(request, SPONSOR)
    return _act(
        request,
        _service(request).sponsor,
        PetitionInModeration,
        _("Thank you: you sponsor this petition."),
    )


@view_config(context=Petition, name="approve", permission="moderate", request_method="POST")
def approve(request):
    service = _service(request)

    def approve_and_check(petition, userid):
        reached = service.approve(petition, userid)
        request.registry.notify(PetitionApproved(request, petition))
        if reached:
            request.registry.notify(PetitionThresholdReached(request, petition))

    return _act(request, approve_and_check, message=_("The petition is open for signatures."))


@view_config(
    context=Petition,
    name="reject",
    permission="moderate",
    request_method="POST",
    require_csrf=False,
    renderer=TEMPLATES + "reject.pt",
)
def reject(request):
    petition = request.context
    form = make_form(
        request, RejectSchema(), [deform.Button(name="reject", title=_("Reject"), type="submit")]
    )
    data, rendered = validate(request, form)
    if data is None:
        return {"petition": petition, "form": rendered}
    try:
        _service(request).reject(petition, request.authenticated_userid, data["reason"])
    except PetitionError as error:
        request.tm.doom()
        flash(request, error.message)
        return HTTPSeeOther(request.resource_url(petition))
    request.registry.notify(
        PetitionRejected(
            request, petition, reason=request.localizer.translate(REJECTION_REASONS[data["reason"]])
        )
    )
    flash(request, _("The petition was rejected; its author sees the reason."))
    return HTTPSeeOther(request.resource_url(petition))


@view_config(
    context=Petitions, name="moderation", permission="view", renderer=TEMPLATES + "queue.pt"
)
def moderation_queue(request):
    if request.authenticated_userid is None:
        raise HTTPForbidden()
    now = _now(request)
    queue = [
        p for p in _service(request).moderation_queue() if request.has_permission("moderate", p)
    ]
    return {"queue": queue, "now": now}
