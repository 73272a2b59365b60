"""The moderator's review of a flag, and the staff JSON of the open flags
(`/api/consultations/<slug>/signals`). The flags themselves are shown at the
top of the moderation queue (`feedback.views.moderation`)."""

import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ..consultations.api import StaffOnly, answer_refusal, staff_consultation
from ..feedback.store import CommentStore
from ..forms import make_form, validate
from ..i18n import _
from ..layout import flash
from ..resources import root_factory
from ..urls import public_url
from . import display
from .interfaces import ISignalService, SignalError
from .schemas import ReviewSchema

TEMPLATE = "consult:templates/signals/review.pt"
NOT_OPEN = _(
    "This signal is no longer open: it was reviewed already, or its activity is "
    "older than the signals look back."
)


@view_config(
    context=CommentStore,
    name="signal-review",
    permission="moderate",
    renderer=TEMPLATE,
    require_csrf=False,
)
def review(request):
    """Mark a flag reviewed, with a note that is kept as the record."""
    store = request.context
    consultation = store.__parent__
    service = request.find_service(ISignalService)
    form = make_form(
        request,
        ReviewSchema(),
        [deform.Button(name="review", title=_("Mark as reviewed"))],
        formid="signal-review",
    )
    flag_id = request.params.get("flag", "")
    values = {
        "title": _("Review a signal"),
        "back_url": request.resource_url(store),
        "flag": None,
        "form": "",
        "error": None,
    }

    def with_flag(flag_id):
        flag = service.find(consultation, flag_id)
        if flag is None:
            return dict(values, error=NOT_OPEN)
        return dict(values, flag=display.flag_row(request, consultation, flag, service.thresholds))

    if request.method == "POST":
        appstruct, rendered = validate(request, form)
        if appstruct is None:
            return dict(with_flag(flag_id), form=rendered)
        try:
            service.review(consultation, appstruct["flag"], request.identity, appstruct["note"])
        except SignalError as error:
            page = with_flag(appstruct["flag"])
            return dict(
                page, form=form.render(appstruct) if page["flag"] else "", error=error.message
            )
        flash(request, _("The signal is marked as reviewed; your note is kept."))
        return HTTPSeeOther(request.resource_url(store, anchor="signals"))
    page = with_flag(flag_id)
    if page["flag"] is not None:
        page["form"] = form.render({"flag": flag_id})
    return page


@view_config(route_name="api_signals", renderer="json", request_method="GET")
def signals_api(request):
    """The open flags of a consultation, newest first, for its staff."""
    try:
        consultation = staff_consultation(
            request, _("Only the consultation's staff may see its signals.")
        )
    except StaffOnly as refusal:
        return answer_refusal(request, refusal)
    service = request.find_service(ISignalService)

    def url(comment_id):
        return public_url(request, consultation.comments, str(comment_id), "")

    return [flag.as_json(url) for flag in service.flags(consultation)]


def includeme(config):
    config.add_route("api_signals", "/api/consultations/{slug}/signals", factory=root_factory)
    config.scan(".views")
