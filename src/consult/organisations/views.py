"""The organisations' public pages (the list by level with a search, one
organisation's consultations and answers) and its administrators' staff
pages (grant a role; confirm removing one)."""

import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ..accounts.events import RoleGranted, RoleRevoked
from ..forms import make_form, submitted, validate
from ..i18n import _
from ..layout import flash
from .interfaces import (
    IAnswerRecord,
    IOrganisationConsultations,
    IOrganisationPetitions,
    IOrganisationService,
    OrganisationError,
)
from .models import KINDS, LEVELS, STAFF_ROLES, Organisation, Organisations
from .schemas import GrantRoleSchema, RevokeRoleSchema

TEMPLATES = "consult:templates/organisations/"


def _button(name, title):
    return deform.Button(name=name, title=title, type="submit")


def _service(request):
    return request.find_service(IOrganisationService)


def territory_of(request, organisation):
    return _service(request).territories().get(organisation.kato)


@view_config(context=Organisations, permission="view", renderer=TEMPLATES + "list.pt")
def organisations_list(request):
    query = request.GET.get("q", "").strip()[:200]
    level = request.GET.get("level", "")
    level = level if level in LEVELS else None
    found = _service(request).search(query, level)
    groups = [
        (name, label, [o for o in found if o.level == name])
        for name, label in LEVELS.items()
        if any(o.level == name for o in found)
    ]
    return {"groups": groups, "query": query, "level": level or "", "levels": LEVELS}


@view_config(context=Organisation, permission="view", renderer=TEMPLATES + "organisation.pt")
def organisation_page(request):
    organisation = request.context
    consultations = request.registry.getUtility(IOrganisationConsultations)(request, organisation)
    return {
        "organisation": organisation,
        "kind": KINDS.get(organisation.kind, organisation.kind),
        "level": LEVELS.get(organisation.level, organisation.level),
        "territory": territory_of(request, organisation),
        "consultations": consultations,
        "record": request.registry.getUtility(IAnswerRecord)(request, consultations),
        "may_manage_staff": request.has_permission("manage_staff", organisation),
        "petitions": _petitions(request, organisation),
    }


def _petitions(request, organisation):
    """Its petitions, when the petitions capability is part of the site."""
    petitions = request.registry.queryUtility(IOrganisationPetitions)
    return petitions(request, organisation) if petitions is not None else None


def _holders(request, organisation):
    principals = request.root["principals"]
    holders = [(principals.get(userid), roles) for userid, roles in organisation.staff()]
    return [(person, roles) for person, roles in holders if person is not None]


@view_config(
    context=Organisation,
    name="staff",
    permission="manage_staff",
    renderer=TEMPLATES + "staff.pt",
    require_csrf=False,
)
def staff(request):
    organisation = request.context
    form = make_form(request, GrantRoleSchema(), [_button("grant", _("Grant the role"))])
    values = {
        "organisation": organisation,
        "holders": _holders(request, organisation),
        "role_labels": STAFF_ROLES,
        "error": None,
    }
    if not submitted(request, "grant"):
        return dict(values, form=form.render())
    data, rendered = validate(request, form)
    if data is None:
        return dict(values, form=rendered)
    principal = request.root["principals"].find_by_email(data["email"])
    try:
        _service(request).grant_role(organisation, principal, data["role"])
    except OrganisationError as error:
        request.tm.doom()
        return dict(values, form=form.render(data), error=error.message)
    request.registry.notify(RoleGranted(request, organisation, principal.id, data["role"]))
    flash(
        request,
        _(
            "${name} is now ${role} in this organisation.",
            mapping={
                "name": principal.public_name,
                "role": request.localizer.translate(STAFF_ROLES[data["role"]]),
            },
        ),
    )
    return HTTPSeeOther(request.resource_url(organisation, "staff"))


@view_config(
    context=Organisation,
    name="revoke-role",
    permission="manage_staff",
    renderer=TEMPLATES + "revoke.pt",
    require_csrf=False,
)
def revoke_role(request):
    organisation = request.context
    back = request.resource_url(organisation, "staff")
    params = request.POST if request.method == "POST" else request.GET
    userid, role = params.get("userid", ""), params.get("role", "")
    person = request.root["principals"].get(userid)
    if person is None or role not in organisation.local_roles.get(userid, ()):
        flash(request, _("This person does not have that role here."))
        return HTTPSeeOther(back)
    form = make_form(request, RevokeRoleSchema(), [_button("revoke", _("Remove the role"))])
    values = {
        "organisation": organisation,
        "person": person,
        "role_label": STAFF_ROLES.get(role, role),
        "back": back,
        "error": None,
    }
    if not submitted(request, "revoke"):
        return dict(values, form=form.render({"userid": userid, "role": role}))
    data, rendered = validate(request, form)
    if data is None:
        return dict(values, form=rendered)
    _service(request).revoke_role(organisation, userid, role)
    request.registry.notify(RoleRevoked(request, organisation, userid, role))
    flash(
        request,
        _("${name} no longer has this role here.", mapping={"name": person.public_name}),
    )
    return HTTPSeeOther(back)
