"""Filing an appeal (the similar open appeals shown before it is sent,
with "this is my problem too") and the public list."""

import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ...forms import make_form, submitted, validate
from ...i18n import _
from ...layout import flash
from ..events import AppealFiled, AppealSupported
from ..interfaces import AppealError
from ..models import KINDS, STATES, Appeal, Appeals
from ..schemas import AppealSchema
from .common import TEMPLATES, act, category_choices, service_of, territory_choices


@view_config(context=Appeals, permission="view", renderer=TEMPLATES + "list.pt")
def appeals_list(request):
    service = service_of(request)
    size = service.settings["consult.appeals.page_size"]
    try:
        start = max(0, int(request.GET.get("start", 0)))
    except ValueError:
        start = 0
    total, appeals = service.listed(start, size)
    return {
        "appeals": appeals,
        "total": total,
        "start": start,
        "size": size,
        "states": STATES,
        "kinds": KINDS,
        "may_file": request.has_permission("file_appeal"),
    }


@view_config(
    context=Appeals,
    name="new",
    permission="file_appeal",
    renderer=TEMPLATES + "new.pt",
    require_csrf=False,
)
def new_appeal(request):
    service = service_of(request)
    form = make_form(
        request,
        AppealSchema(),
        [deform.Button(name="file", title=_("Send the appeal"), type="submit")],
        bind={
            "categories": category_choices(request),
            "territories": territory_choices(request),
        },
    )
    values = {"error": None, "similar": []}
    if not submitted(request, "file"):
        return dict(values, form=form.render())
    data, rendered = validate(request, form, clip={"text": 8000})
    if data is None:
        return dict(values, form=rendered)
    similar = service.similar(data["text"], data["category"], data["kato"])
    if similar and not data["seen_similar"]:
        # Shown once: sent again, it is filed.
        return dict(values, form=form.render(dict(data, seen_similar="1")), similar=similar)
    coordinates = None
    if data["latitude"] is not None and data["longitude"] is not None:
        coordinates = (data["latitude"], data["longitude"])
    try:
        appeal = service.file(
            request.identity,
            data["kind"],
            data["category"],
            data["kato"],
            data["address"],
            data["text"],
            data["public"],
            coordinates,
            data["location"],
        )
    except AppealError as error:
        request.tm.doom()
        return dict(values, form=form.render(data), error=error.message)
    request.registry.notify(AppealFiled(request, appeal))
    flash(request, _("Your appeal was sent to the competent organisation."))
    return HTTPSeeOther(request.resource_url(appeal))


@view_config(context=Appeal, name="support", permission="support_appeal", request_method="POST")
def support(request):
    appeal = request.context
    return act(
        request,
        lambda: service_of(request).support(appeal, request.authenticated_userid),
        AppealSupported,
        _("You were added to this appeal: you will hear of its answer."),
    )
