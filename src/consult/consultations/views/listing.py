"""The list of consultations and the form of a new one (the home page is
content's: its editors compose it)."""

from pyramid.view import view_config

from ...accounts.events import RoleGranted
from ...i18n import _
from ..interfaces import IConsultationService
from ..models import Consultations
from ..schemas import AddConsultationSchema, split_tags, texts_from
from .common import FORM, TEMPLATES, Summary, button, done, handle_form, now


@view_config(context=Consultations, permission="view", renderer=TEMPLATES + "list.pt")
def consultations_list(request):
    when = now(request)
    # Published ones for everyone; drafts only for staff allowed to see them.
    summaries = [
        Summary(request, c, when)
        for c in request.context.by_newest()
        if request.has_permission("view", c)
    ]
    return {"summaries": summaries}


@view_config(
    context=Consultations, name="add", permission="create", renderer=FORM, require_csrf=False
)
def add_consultation(request):
    def create(appstruct):
        service = request.find_service(IConsultationService)
        consultation = service.create(
            appstruct["slug"],
            texts_from(appstruct, "title"),
            texts_from(appstruct, "summary"),
            texts_from(appstruct, "ministry"),
            split_tags(appstruct["tags"]),
            request.identity,
        )
        request.registry.notify(RoleGranted(request, consultation, request.identity.id, "editor"))
        return done(
            request,
            _(
                "The consultation is created. Set the dates of its stages, add "
                "its documents, then publish it."
            ),
            request.resource_url(consultation),
        )

    values = {
        "title": _("New consultation"),
        "back": (request.resource_url(request.context), _("All consultations")),
    }
    return handle_form(
        request,
        AddConsultationSchema(),
        [button("create", _("Create consultation"))],
        values,
        create,
    )
