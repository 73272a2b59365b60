"""The organisation's desk for its appeals: templates for common answers
and assigning several appeals of the queue at once."""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ...i18n import _
from ...layout import flash
from ...organisations.models import Organisation
from ..events import AppealAssigned
from ..interfaces import AppealError
from .common import TEMPLATES, service_of
from .staff import check_staff


@view_config(
    context=Organisation,
    name="appeal-templates",
    permission="view",
    renderer=TEMPLATES + "templates.pt",
)
def answer_templates(request):
    organisation = request.context
    check_staff(request, organisation)
    service = service_of(request)
    error = None
    if request.method == "POST":
        post = request.POST
        try:
            if "remove" in post:
                service.remove_template(organisation.name, int(post.get("number", "0") or 0))
            else:
                service.save_template(organisation.name, post.get("title"), post.get("text"))
        except (AppealError, ValueError) as exception:
            request.tm.doom()
            error = getattr(exception, "message", _("Choose a template."))
        else:
            flash(request, _("The templates are saved."))
            return HTTPSeeOther(request.resource_url(organisation, "appeal-templates"))
    return {
        "organisation": organisation,
        "templates": service.templates_of(organisation.name),
        "error": error,
        "posted": request.POST if error else {},
    }


@view_config(context=Organisation, name="assign-appeals", permission="view", request_method="POST")
def assign_appeals(request):
    """Assign the appeals ticked in the queue to one official."""
    organisation = request.context
    check_staff(request, organisation)
    service = service_of(request)
    assignee = request.POST.get("assignee") or None
    chosen = [
        name
        for name in request.POST.getall("appeal")
        if getattr(service.appeals.get(name), "organisation", None) == organisation.name
    ]
    try:
        for name in chosen:
            appeal = service.appeals[name]
            service.assign(appeal, request.authenticated_userid, assignee)
            request.registry.notify(AppealAssigned(request, appeal))
    except AppealError as error:
        request.tm.doom()
        flash(request, error.message)
    else:
        flash(
            request,
            _("${count} appeals are assigned.", mapping={"count": len(chosen)})
            if chosen
            else _("Tick the appeals to assign."),
        )
    return HTTPSeeOther(request.resource_url(organisation, "appeals"))
