"""One appeal's page (what the reader may see of it, its point only as
precise as the author chose to publish it), the author's rating
of the answer and the public's reopening of an appeal marked fixed."""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ...i18n import _
from ...layout import flash
from ...responses.services import DISPOSITION_LABELS
from ..events import AppealRated, AppealReopened
from ..intake import CHANNELS, public_person_name
from ..interfaces import AppealError
from ..models import APPROXIMATE, FIXED, HIDDEN, KINDS, LOCATIONS, OUTCOMES, STATES, Appeal
from .attachments import visible_attachments
from .common import TEMPLATES, act, named, organisation_choices, service_of
from .staff import officials_of


def map_link(point, approximate):
    """An OpenStreetMap page centred on the point (a link, no script: the
    page works without JavaScript), zoomed out when it is approximate."""
    latitude, longitude = point
    zoom = 14 if approximate else 17
    return (
        f"https://www.openstreetmap.org/?mlat={latitude}&mlon={longitude}"
        f"#map={zoom}/{latitude}/{longitude}"
    )


def _number(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


@view_config(context=Appeal, permission="view_appeal", renderer=TEMPLATES + "appeal.pt")
def appeal_page(request):
    appeal = request.context
    service = service_of(request)
    today = service.clock.now().date()
    userid = request.authenticated_userid
    staff = request.has_permission("handle_appeal", appeal)
    category = service.appeals.categories.get(appeal.category)
    territory = service.territories.get(appeal.kato)
    organisation = appeal.holder()
    author = request.root["principals"].get(appeal.author)
    officials = officials_of(request, organisation) if staff and organisation else []
    templates = service.templates_of(appeal.organisation) if staff else []
    chosen = dict(templates).get(_number(request.GET.get("template")))
    if not appeal.public:
        request.response.headers["X-Robots-Tag"] = "noindex"
    point = appeal.published_point()
    return {
        "point": point,
        "approximate": appeal.location == APPROXIMATE,
        "map_link": map_link(point, appeal.location == APPROXIMATE) if point else None,
        "location_choice": LOCATIONS[HIDDEN if not appeal.public else appeal.location],
        "appeal": appeal,
        "kind": KINDS[appeal.kind],
        "state": STATES[appeal.state],
        "states": STATES,
        "category": named(request, category.title) if category else appeal.category,
        "territory": named(request, territory.name) if territory else appeal.kato,
        "organisation": organisation,
        "organisation_name": named(request, organisation.title) if organisation else "",
        "organisation_names": dict(organisation_choices(request)),
        "author_name": author.public_name
        if author is not None
        else public_person_name((appeal.person or {}).get("name")),
        "channel": CHANNELS.get(appeal.channel, appeal.channel),
        "attachments": visible_attachments(request, appeal),
        "is_author": userid == appeal.author,
        "staff": staff,
        "overdue": appeal.overdue(today),
        "days_left": service.days_left(appeal, today),
        "dispositions": DISPOSITION_LABELS,
        "outcomes": [(state, STATES[state]) for state in OUTCOMES],
        "organisations": organisation_choices(request),
        "officials": officials,
        "notes": appeal.notes if staff else [],
        "templates": templates,
        "template_text": chosen.text if chosen else "",
        "show_original": appeal.original_text is not None and (staff or userid == appeal.author),
        "may_rate": request.has_permission("rate_appeal", appeal)
        and appeal.state in OUTCOMES
        and appeal.rating is None,
        "may_support": request.has_permission("support_appeal", appeal)
        and appeal.is_open()
        and userid != appeal.author
        and userid not in appeal.supporters,
        "may_reopen": request.has_permission("reopen_appeal", appeal) and appeal.state == FIXED,
        "supported": userid in appeal.supporters,
    }


@view_config(
    context=Appeal,
    name="rate",
    permission="rate_appeal",
    renderer=TEMPLATES + "rate.pt",
)
def rate(request):
    """The signed-in author's rating, linked from the appeal's page (and
    from mail sent before the signed one-click links of views.rating); a
    link alone never changes anything, one press sends it."""
    appeal = request.context
    if request.method != "POST":
        return {"appeal": appeal, "resolved": request.GET.get("resolved", "")}
    choice = request.POST.get("resolved", "")
    if choice not in ("yes", "no"):
        flash(request, _("Say whether your problem was resolved."))
        return {"appeal": appeal, "resolved": ""}
    try:
        service_of(request).rate(
            appeal, request.authenticated_userid, choice == "yes", request.POST.get("comment", "")
        )
    except AppealError as error:
        request.tm.doom()
        flash(request, error.message)
        return HTTPSeeOther(request.resource_url(appeal))
    request.registry.notify(AppealRated(request, appeal))
    flash(
        request,
        _("Thank you: the appeal is closed.")
        if choice == "yes"
        else _("The appeal is reopened for a second review by the organisation's head."),
    )
    return HTTPSeeOther(request.resource_url(appeal))


@view_config(context=Appeal, name="reopen", permission="reopen_appeal", request_method="POST")
def reopen(request):
    appeal = request.context
    reason = request.POST.get("reason", "")
    return act(
        request,
        lambda: service_of(request).reopen(appeal, request.authenticated_userid, reason),
        lambda request, appeal: AppealReopened(request, appeal, reason=reason.strip()),
        _("The appeal is reopened."),
    )
