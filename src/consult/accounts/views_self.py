"""A person's own account over its life: moving it to another address,
downloading what the site holds about them, and closing it
(accounts.lifecycle)."""

import json

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.response import Response
from pyramid.security import forget
from pyramid.view import view_config

from ..forms import make_form, submitted, validate
from ..i18n import _
from ..layout import flash
from ..limits import RateLimited, too_many
from ..resources.models import Root
from .interfaces import AccountError, IAccountService, IPersonalData
from .schemas import ChangeAddressSchema, CloseAccountSchema
from .views import _button

FORM = "consult:templates/accounts/form.pt"


def _signed_in(request):
    if request.identity is None:
        login = request.resource_url(request.root, "login", query={"came_from": request.path})
        raise HTTPSeeOther(login)
    return request.identity


def _account_form(request, schema, button, values, act):
    """Show the form; on submission validate and `act(data)`; a refusal
    shows the form again with the input and the reason."""
    form = make_form(request, schema, [button])
    values = dict(values, error=None)
    if not submitted(request, button.name):
        return dict(values, form=form.render())
    data, rendered = validate(request, form)
    if data is None:
        return dict(values, form=rendered)
    try:
        return act(data)
    except (AccountError, RateLimited) as refusal:
        if isinstance(refusal, RateLimited):
            too_many(request, refusal)
        shown = {name: value for name, value in data.items() if name != "password"}
        return dict(values, form=form.render(shown), error=refusal.message)


@view_config(context=Root, name="change-address", renderer=FORM, require_csrf=False)
def change_address(request):
    principal = _signed_in(request)

    def act(data):
        request.find_service(IAccountService).request_address_change(
            principal, data["email"], data["password"]
        )
        flash(
            request,
            _(
                "We sent a link to ${email}. Your address changes when you open it; until "
                "then we write to ${current}.",
                mapping={"email": data["email"], "current": principal.email},
            ),
        )
        return HTTPSeeOther(request.resource_url(request.root, "account"))

    values = {"title": _("Change your e-mail address")}
    return _account_form(
        request, ChangeAddressSchema(), _button("change", _("Send the link")), values, act
    )


@view_config(
    context=Root,
    name="confirm-address",
    request_method="GET",
    renderer="consult:templates/accounts/message.pt",
)
def confirm_address(request):
    service = request.find_service(IAccountService)
    try:
        principal = service.confirm_address_change(request.params.get("token"))
    except AccountError as error:
        request.response.status = 400
        return {"title": _("The link did not work"), "message": error.message}
    flash(
        request,
        _("Your account uses ${email} from now on.", mapping={"email": principal.email}),
    )
    return HTTPSeeOther(request.resource_url(request.root, "account"))


@view_config(context=Root, name="my-data.json", request_method="GET")
def my_data(request):
    """Everything the site holds about the person, as JSON: each capability
    that keeps something of theirs gives its part (IPersonalData)."""
    principal = _signed_in(request)
    parts = {
        name: part(request, principal)
        for name, part in sorted(request.registry.getUtilitiesFor(IPersonalData))
    }
    response = Response(
        json.dumps(parts, ensure_ascii=False, indent=2, default=str),
        content_type="application/json",
        charset="utf-8",
    )
    response.content_disposition = 'attachment; filename="my-data.json"'
    response.cache_control = "private, no-store"
    return response


@view_config(
    context=Root,
    name="close-account",
    renderer="consult:templates/accounts/close.pt",
    require_csrf=False,
)
def close_account(request):
    principal = _signed_in(request)

    def act(data):
        pseudonym = request.find_service(IAccountService).close_account(principal, data["password"])
        headers = forget(request)
        flash(
            request,
            _(
                "Your account is closed. Your comments stay on the public record, "
                'signed "Former participant ${code}".',
                mapping={"code": pseudonym},
            ),
        )
        return HTTPSeeOther(request.resource_url(request.root), headers=headers)

    values = {"title": _("Close your account")}
    return _account_form(
        request,
        CloseAccountSchema(),
        _button("close", _("Close my account")),
        values,
        act,
    )
