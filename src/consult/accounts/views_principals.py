"""The people and roles page: finding accounts, a page at a time, and
changing a person's site-wide roles (administrator only after a
confirmation page)."""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ..i18n import _
from ..layout import flash
from ..resources.models import ROLES
from .directory import find_people
from .events import RoleGranted, RoleRevoked
from .interfaces import IAccountService
from .models import Principals
from .roles import CONFIRMED_ROLES, ROLE_LABELS

LIST = "consult:templates/accounts/principals.pt"
CONFIRM = "consult:templates/accounts/confirm_role.pt"


def _filters(params):
    """The search's text, role and page from a request's parameters, as
    they go back into links (empty ones left out)."""
    role = params.get("role", "")
    try:
        page = max(int(params.get("page", "1")), 1)
    except ValueError:
        page = 1
    filters = {"q": params.get("q", "").strip()[:200], "role": role if role in ROLES else ""}
    if page > 1:
        filters["page"] = page
    return {key: value for key, value in filters.items() if value}


def _list_url(request, **filters):
    return request.resource_url(request.context, query=filters)


def _role_names(request, roles):
    return [request.localizer.translate(ROLE_LABELS[role]) for role in ROLES if role in roles]


@view_config(context=Principals, permission="manage", renderer=LIST)
def principals_list(request):
    filters = _filters(request.GET)
    found = find_people(
        request.context, filters.get("q", ""), filters.get("role", ""), filters.get("page", 1)
    )
    previous_url = next_url = None
    if found.has_previous:
        previous_url = _list_url(request, **dict(filters, page=found.page - 1))
    if found.has_next:
        next_url = _list_url(request, **dict(filters, page=found.page + 1))
    return {
        "people": [(person, _role_names(request, person.roles)) for person in found.people],
        "roles": [(role, ROLE_LABELS[role]) for role in ROLES],
        "filters": filters,
        "page": found.page,
        "previous_url": previous_url,
        "next_url": next_url,
    }


@view_config(
    context=Principals, name="roles", permission="manage", request_method="POST", renderer=CONFIRM
)
def change_roles(request):
    """Give a person exactly the roles ticked on their form. A role in
    CONFIRMED_ROLES that they do not hold yet is granted only from the
    confirmation page (which posts here again with `confirm`): until then
    nothing changes."""
    principal = request.context.get(request.POST.get("userid", ""))
    filters = _filters(request.POST)
    if principal is None:
        return HTTPSeeOther(_list_url(request, **filters))
    wanted = {role for role in request.POST.getall("roles") if role in ROLES}
    granted = [role for role in ROLES if role in wanted and role not in principal.roles]
    revoked = [role for role in ROLES if role in principal.roles and role not in wanted]
    unconfirmed = [
        role
        for role in granted
        if role in CONFIRMED_ROLES and role not in request.POST.getall("confirm")
    ]
    if unconfirmed:
        return {
            "person": principal,
            "wanted": [role for role in ROLES if role in wanted],
            "confirm": unconfirmed,
            "granted": _role_names(request, granted),
            "revoked": _role_names(request, revoked),
            "filters": filters,
            "cancel_url": _list_url(request, **filters),
        }
    for role in granted:
        principal.grant(role)
        request.registry.notify(RoleGranted(request, request.root, principal.id, role))
    for role in revoked:
        principal.revoke(role)
        request.registry.notify(RoleRevoked(request, request.root, principal.id, role))
    if granted or revoked:
        flash(request, _("Roles of ${name} updated.", mapping={"name": principal.public_name}))
    return HTTPSeeOther(_list_url(request, **filters))


@view_config(context=Principals, name="end-sessions", permission="manage", request_method="POST")
def end_sessions(request):
    """Sign a person out everywhere (a lost phone, a departing employee)."""
    principal = request.context.get(request.POST.get("userid", ""))
    if principal is not None:
        request.find_service(IAccountService).end_sessions(principal)
        flash(
            request, _("${name} is signed out everywhere.", mapping={"name": principal.public_name})
        )
    return HTTPSeeOther(_list_url(request, **_filters(request.POST)))
