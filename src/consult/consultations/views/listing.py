"""The home page, the list of consultations and the form of a new one."""

from pyramid.view import view_config

from ...accounts.events import RoleGranted
from ...i18n import _
from ...resources.models import Root
from ..interfaces import IConsultationService
from ..models import Consultations
from ..schemas import AddConsultationSchema, split_tags, texts_from
from .common import FORM, TEMPLATES, Summary, button, done, handle_form, now

HOME_OTHERS = 5


@view_config(context=Root, permission="view", renderer=TEMPLATES + "home.pt")
def home(request):
    when = now(request)
    published = [
        Summary(request, c, when)
        for c in request.root["consultations"].by_newest()
        if c.published_at is not None
    ]
    open_now = [s for s in published if s.state == "open"]
    open_now.sort(key=lambda s: s.consultation.open_stage(when).closes_at)
    others = [s for s in published if s.state != "open"][:HOME_OTHERS]
    return {"open": open_now, "others": others}


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
