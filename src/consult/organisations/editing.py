"""The site administrators' forms: add an organisation, edit one."""

import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ..forms import make_form, submitted, validate
from ..i18n import _
from ..layout import flash
from .events import OrganisationAdded, OrganisationChanged
from .interfaces import IOrganisationService, OrganisationError
from .models import Organisation, Organisations
from .schemas import OrganisationSchema

FORM = "consult:templates/organisations/form.pt"
# Only the site's administrators (who hold every permission) add and edit
# organisations: an organisation's own staff run its consultations, not it.
PERMISSION = "manage_organisations"


def _fields(data):
    """(title, kind, level, kato) of a validated form."""
    return data["names"], data["kind"], data["level"], data["kato"] or None


def _form_loop(request, schema, button, values, current, act):
    """Show the form; on submission validate and let `act(data)` change the
    organisation; a refusal dooms the transaction and shows the form again
    with the person's input and the reason."""
    form = make_form(request, schema, [deform.Button(name="save", title=button, type="submit")])
    values = dict(values, error=None)
    if not submitted(request, "save"):
        return dict(values, form=form.render(current))
    data, rendered = validate(request, form)
    if data is None:
        return dict(values, form=rendered)
    try:
        organisation = act(data)
    except OrganisationError as error:
        request.tm.doom()
        return dict(values, form=form.render(data), error=error.message)
    flash(request, _("The organisation is saved."))
    return HTTPSeeOther(request.resource_url(organisation))


@view_config(
    context=Organisations, name="add", permission=PERMISSION, renderer=FORM, require_csrf=False
)
def add_organisation(request):
    def act(data):
        organisation = request.find_service(IOrganisationService).create(
            data["address"], *_fields(data)
        )
        request.registry.notify(OrganisationAdded(request, organisation))
        return organisation

    values = {
        "title": _("New organisation"),
        "back": (request.resource_url(request.context), _("All organisations")),
    }
    return _form_loop(
        request, OrganisationSchema(adding=True), _("Add the organisation"), values, {}, act
    )


@view_config(
    context=Organisation, name="edit", permission=PERMISSION, renderer=FORM, require_csrf=False
)
def edit_organisation(request):
    organisation = request.context

    def act(data):
        previous = dict(organisation.title)
        request.find_service(IOrganisationService).update(organisation, *_fields(data))
        request.registry.notify(OrganisationChanged(request, organisation, previous))
        return organisation

    values = {
        "title": _("Edit the organisation"),
        "back": (request.resource_url(organisation), _("Back to the organisation")),
    }
    current = {
        "names": dict(organisation.title),
        "kind": organisation.kind,
        "level": organisation.level,
        "kato": organisation.kato or "",
    }
    return _form_loop(request, OrganisationSchema(), _("Save"), values, current, act)
