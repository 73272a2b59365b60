"""The list of consultations and the form of a new one (the home page is
content's: its editors compose it)."""

import math

from pyramid.view import view_config

from ...accounts.events import RoleGranted
from ...i18n import _
from ...organisations.interfaces import IOrganisationService
from ..interfaces import IConsultationService
from ..listing import (
    PAGE_SIZE,
    STATUSES,
    ListFilters,
    in_list_order,
    ministry_of,
    page_number,
)
from ..models import Consultations
from ..schemas import AddConsultationSchema, split_tags, texts_from
from .common import FORM, TEMPLATES, Summary, button, done, handle_form, now

STATUS_LABELS = {
    "open": _("Open for comments"),
    "upcoming": _("Upcoming"),
    "closed": _("Closed"),
}


@view_config(context=Consultations, permission="view", renderer=TEMPLATES + "list.pt")
def consultations_list(request):
    when = now(request)
    # Published ones for everyone; drafts only for staff allowed to see them.
    visible = [c for c in request.context.values() if request.has_permission("view", c)]
    params = _parameters(request)
    filters = ListFilters(params, visible)
    chosen = in_list_order([c for c in visible if filters.matches(c, when)], when)
    pages = max(1, math.ceil(len(chosen) / PAGE_SIZE))
    number = page_number(params.get("page"), pages)

    def page_url(page):
        query = filters.query(page=page if page > 1 else None)
        return request.resource_url(request.context, query=query)

    return {
        "summaries": [
            Summary(request, c, when) for c in chosen[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        ],
        "total": len(chosen),
        "filters": filters,
        "options": _filter_options(request, visible),
        "page": number,
        "pages": pages,
        "previous_url": page_url(number - 1) if number > 1 else None,
        "next_url": page_url(number + 1) if number < pages else None,
    }


def _parameters(request):
    """The query's parameters; none when it is not UTF-8 (a mangled link),
    which lists everything, as filters that name nothing do."""
    try:
        return request.GET
    except UnicodeDecodeError:
        return {}


def _filter_options(request, consultations):
    """{filter: [(value, label)]} for the list's form, labels in the reader's
    language (a ministry or tag with no name in it reads as it is stored)."""
    layout = request.layout
    ministries = {}
    for consultation in consultations:
        key, names = ministry_of(consultation)
        if key is not None:
            ministries[key] = layout.localized(names).text
    names = request.context.tag_names
    tags = {tag: names.label(tag, layout.language) for c in consultations for tag in c.tags}
    return {
        "status": [(status, STATUS_LABELS[status]) for status in STATUSES],
        "ministry": sorted(ministries.items(), key=_by_label),
        "tag": sorted(tags.items(), key=_by_label),
    }


def _by_label(option):
    value, label = option
    return label.casefold(), value


@view_config(
    context=Consultations, name="add", permission="create", renderer=FORM, require_csrf=False
)
def add_consultation(request):
    def create(appstruct):
        service = request.find_service(IConsultationService)
        organisation = request.find_service(IOrganisationService).chosen(appstruct["organisation"])
        consultation = service.create(
            appstruct["slug"],
            texts_from(appstruct, "title"),
            texts_from(appstruct, "summary"),
            dict(organisation.title),
            split_tags(appstruct["tags"]),
            request.identity,
        )
        # Named outright, not found again by its name.
        service.assign_organisation(consultation, organisation)
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
