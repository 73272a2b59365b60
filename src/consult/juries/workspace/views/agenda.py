"""The sessions' agenda and its iCalendar file."""

from pyramid.httpexceptions import HTTPForbidden, HTTPSeeOther
from pyramid.response import Response
from pyramid.view import view_config

from ....forms import make_form, submitted, validate
from ....i18n import LANGUAGES, _
from ....layout import LOCAL_ZONE, flash
from ....urls import public_url
from ...views.common import TEMPLATES
from ..agenda import local_instant
from ..interfaces import WorkspaceError
from ..models import Agenda, AgendaItem
from ..schemas import AgendaSchema
from .common import (
    FORM,
    PERMISSION,
    agenda_row,
    button,
    jury_of_request,
    page_values,
    refusal,
    service,
    workspace_url,
)


def _agenda_form(request, action):
    return make_form(
        request, AgendaSchema(), [button("save", _("Save"))], action=action, formid="agenda-item"
    )


def _agenda_data(appstruct):
    return {
        **{
            field: {language: appstruct[language][field] for language in LANGUAGES}
            for field in ("title", "place", "description")
        },
        "starts": local_instant(appstruct["day"], appstruct["starts"], LOCAL_ZONE),
        "ends": local_instant(appstruct["day"], appstruct["ends"], LOCAL_ZONE),
    }


def _agenda_appstruct(item):
    starts = item.starts.astimezone(LOCAL_ZONE)
    return {
        "day": starts.date(),
        "starts": starts.strftime("%H:%M"),
        "ends": item.ends.astimezone(LOCAL_ZONE).strftime("%H:%M"),
        **{
            language: {
                field: getattr(item, field).get(language, "")
                for field in ("title", "place", "description")
            }
            for language in LANGUAGES
        },
    }


@view_config(
    context=Agenda,
    renderer=TEMPLATES + "workspace_agenda.pt",
    permission=PERMISSION,
    require_csrf=False,
)
def agenda(request):
    jury = jury_of_request(request)
    values = page_values(
        request,
        _("Agenda"),
        ics_url=request.resource_url(request.context, "agenda.ics"),
        csrf=request.session.get_csrf_token(),
    )
    form = _agenda_form(request, request.resource_url(request.context))
    rendered = None
    if submitted(request, "save"):
        appstruct, rendered = validate(request, form)
        if appstruct is not None:
            try:
                service(request).add_agenda_item(jury, request.identity, _agenda_data(appstruct))
            except WorkspaceError as error:
                values["error"] = refusal(request, error)
                rendered = form.render(appstruct)
            else:
                flash(request, _("The agenda item is added."))
                return HTTPSeeOther(request.resource_url(request.context))
    items = [agenda_row(request, item) for item in service(request).agenda(jury)]
    return dict(
        values, items=items, form=rendered or (form.render() if values["can"]("curate") else None)
    )


@view_config(context=Agenda, name="agenda.ics", permission=PERMISSION)
def agenda_ics(request):
    jury = jury_of_request(request)
    name = request.localizer.translate(
        _("Citizens' jury: ${remit}", mapping={"remit": request.layout.localized(jury.remit).text})
    )
    body = service(request).icalendar(
        jury, name, public_url(request, request.context), request.layout.language
    )
    response = Response(body=body, content_type="text/calendar", charset="utf-8")
    response.content_disposition = f'attachment; filename="{jury.__name__}-agenda.ics"'
    response.cache_control = "private, no-store"
    return response


@view_config(context=AgendaItem, permission=PERMISSION)
def agenda_item(request):
    return HTTPSeeOther(workspace_url(request, "agenda", anchor=f"item-{request.context.id}"))


@view_config(
    context=AgendaItem, name="edit", renderer=FORM, permission=PERMISSION, require_csrf=False
)
def edit_agenda_item(request):
    item = request.context
    jury = jury_of_request(request)
    if not service(request).allowed(jury, request.identity, "curate"):
        raise HTTPForbidden()
    form = _agenda_form(request, request.resource_url(item, "edit"))
    values = page_values(
        request,
        _("Edit the agenda item"),
        back_url=workspace_url(request, "agenda"),
        back_title=_("Back to the agenda"),
        intro=None,
    )
    if not submitted(request, "save"):
        return dict(values, form=form.render(_agenda_appstruct(item)))
    appstruct, rendered = validate(request, form)
    if appstruct is None:
        return dict(values, form=rendered)
    try:
        service(request).edit_agenda_item(jury, request.identity, item, _agenda_data(appstruct))
    except WorkspaceError as error:
        return dict(values, form=form.render(appstruct), error=refusal(request, error))
    flash(request, _("The agenda item is saved."))
    return HTTPSeeOther(workspace_url(request, "agenda"))


@view_config(context=AgendaItem, name="remove", permission=PERMISSION, request_method="POST")
def remove_agenda_item(request):
    agenda_url = workspace_url(request, "agenda")  # before the item leaves the tree
    try:
        service(request).remove_agenda_item(
            jury_of_request(request), request.identity, request.context
        )
    except WorkspaceError as error:
        if error.forbidden:
            raise HTTPForbidden() from None
        flash(request, error.message)
    else:
        flash(request, _("The agenda item is removed."))
    return HTTPSeeOther(agenda_url)
