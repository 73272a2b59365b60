import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.security import forget, remember
from pyramid.view import view_config

from ..forms import make_form, submitted, validate
from ..i18n import _
from ..i18n.views import safe_return_path
from ..layout import flash
from ..limits import RateLimited, json_error, too_many, wants_json
from ..limits import check as check_limit
from ..limits import record as record_limit
from ..resources.models import ROLES, Root
from .models import Principals
from .schemas import (AccountSchema, ForgotPasswordSchema, LoginSchema, RegisterSchema,
                      ResetPasswordSchema)
from .services import AccountError, IAccountService


def _button(name, title):
    return deform.Button(name=name, title=title)


@view_config(context=Root, name="register", renderer="consult:templates/accounts/form.pt",
             require_csrf=False)
def register(request):
    form = make_form(request, RegisterSchema(), [_button("register", _("Create account"))])
    if submitted(request, "register"):
        appstruct, rendered = validate(request, form)
        if appstruct is not None:
            service = request.find_service(IAccountService)
            try:
                check_limit(request, "register")
                principal = service.register(appstruct["email"], appstruct["first_name"],
                                             appstruct["last_name"], appstruct["password"])
            except (AccountError, RateLimited) as error:
                if isinstance(error, RateLimited):
                    if wants_json(request):
                        return json_error(request, error)
                    too_many(request, error)
                return {"title": _("Create an account"), "form": form.render(appstruct),
                        "error": error.message}
            record_limit(request, "register")
            principal.show_full_name = appstruct["show_full_name"]
            flash(request, _("Welcome! We sent a confirmation link to ${email}. Open it so "
                             "that your comments are published: until then they are held.",
                             mapping={"email": principal.email}))
            headers = remember(request, principal.id)
            return HTTPSeeOther(request.resource_url(request.root["consultations"]),
                                headers=headers)
        return {"title": _("Create an account"), "form": rendered, "error": None}
    return {"title": _("Create an account"), "form": form.render(), "error": None}


def _release_held(request, principal):
    """The address is confirmed: the comments held until now are published
    (or go to the moderators where a consultation moderates first)."""
    from ..feedback.services import IFeedbackService

    released = request.find_service(IFeedbackService).release_held(
        request.root["consultations"], principal)
    if any(comment.visible for comment in released):
        flash(request, _("Your comments held until now are published."))
    elif released:
        flash(request, _("Your comments held until now will appear once a moderator "
                         "approves them."))


@view_config(context=Root, name="login", renderer="consult:templates/accounts/form.pt",
             require_csrf=False)
def login(request):
    form = make_form(request, LoginSchema(), [_button("login", _("Sign in"))])
    links = [(_("Forgot your password?"), request.resource_url(request.root, "forgot-password")),
             (_("No account yet? Register"), request.resource_url(request.root, "register"))]
    values = {"title": _("Sign in"), "error": None, "links": links}
    if submitted(request, "login"):
        appstruct, rendered = validate(request, form)
        if appstruct is None:
            return dict(values, form=rendered)
        service = request.find_service(IAccountService)
        try:
            principal = service.authenticate(appstruct["email"], appstruct["password"])
        except AccountError as error:
            appstruct["password"] = ""
            return dict(values, form=form.render(appstruct), error=error.message)
        request.session.new_csrf_token()
        headers = remember(request, principal.id)
        return HTTPSeeOther(safe_return_path(request, appstruct["came_from"]), headers=headers)
    return dict(values, form=form.render({"came_from": request.params.get("came_from", "")}))


@view_config(context=Root, name="logout", request_method="POST")
def logout(request):
    headers = forget(request)
    request.session.invalidate()
    return HTTPSeeOther(request.resource_url(request.root), headers=headers)


@view_config(context=Root, name="confirm", request_method="GET",
             renderer="consult:templates/accounts/message.pt")
def confirm(request):
    service = request.find_service(IAccountService)
    try:
        principal = service.confirm(request.params.get("token"))
    except AccountError as error:
        request.response.status = 400
        return {"title": _("The link did not work"), "message": error.message}
    flash(request, _("Thank you: your e-mail address is confirmed. You can now comment."))
    _release_held(request, principal)
    return HTTPSeeOther(request.resource_url(request.root["consultations"]))


@view_config(context=Root, name="forgot-password",
             renderer="consult:templates/accounts/form.pt", require_csrf=False)
def forgot_password(request):
    form = make_form(request, ForgotPasswordSchema(), [_button("send", _("Send me a link"))])
    values = {"title": _("Reset your password"), "error": None}
    if submitted(request, "send"):
        appstruct, rendered = validate(request, form)
        if appstruct is None:
            return dict(values, form=rendered)
        request.find_service(IAccountService).request_password_reset(appstruct["email"])
        flash(request, _("If an account uses ${email}, a link to reset its password is on its "
                         "way. It works for two hours.", mapping={"email": appstruct["email"]}))
        return HTTPSeeOther(request.resource_url(request.root, "login"))
    return dict(values, form=form.render())


@view_config(context=Root, name="reset-password",
             renderer="consult:templates/accounts/form.pt", require_csrf=False)
def reset_password(request):
    service = request.find_service(IAccountService)
    form = make_form(request, ResetPasswordSchema(), [_button("reset", _("Save new password"))])
    values = {"title": _("Choose a new password"), "error": None}
    if submitted(request, "reset"):
        appstruct, rendered = validate(request, form)
        if appstruct is None:
            return dict(values, form=rendered)
        try:
            principal = service.reset_password(appstruct["token"], appstruct["password"])
        except AccountError as error:
            request.response.status = 400
            return dict(values, form="", error=error.message)
        flash(request, _("Your password has been changed."))
        _release_held(request, principal)
        request.session.new_csrf_token()
        headers = remember(request, principal.id)
        return HTTPSeeOther(request.resource_url(request.root["consultations"]), headers=headers)
    token = request.params.get("token", "")
    if not service.check_reset_token(token):
        request.response.status = 400
        return dict(values, form="", error=_("This link is not valid or has expired. "
                                             "Please ask for a new one."))
    return dict(values, form=form.render({"token": token}))


@view_config(context=Root, name="account", renderer="consult:templates/accounts/account.pt",
             require_csrf=False)
def account(request):
    """The person's own settings: how their name appears, their confirmation."""
    principal = request.identity
    if principal is None:
        return HTTPSeeOther(request.resource_url(request.root, "login",
                                                 query={"came_from": request.path}))
    form = make_form(request, AccountSchema(), [_button("save", _("Save"))])
    values = {"principal": principal}
    if submitted(request, "save"):
        appstruct, rendered = validate(request, form)
        if appstruct is None:
            return dict(values, form=rendered)
        principal.first_name = appstruct["first_name"]
        principal.last_name = appstruct["last_name"]
        principal.show_full_name = appstruct["show_full_name"]
        flash(request, _("Saved. Your comments now show your name as ${name}.",
                         mapping={"name": principal.public_name}))
        return HTTPSeeOther(request.resource_url(request.root, "account"))
    appstruct = {"first_name": principal.first_name, "last_name": principal.last_name,
                 "show_full_name": principal.show_full_name}
    return dict(values, form=form.render(appstruct))


@view_config(context=Root, name="resend-confirmation", request_method="POST")
def resend_confirmation(request):
    principal = request.identity
    if principal is not None and not principal.confirmed:
        request.find_service(IAccountService).send_confirmation(principal)
        flash(request, _("We sent a new confirmation link to ${email}.",
                         mapping={"email": principal.email}))
    return HTTPSeeOther(request.resource_url(request.root, "account"))


@view_config(context=Principals, permission="manage",
             renderer="consult:templates/accounts/principals.pt")
def principals_list(request):
    principals = sorted(request.context.values(), key=lambda p: p.created)
    return {"principals": principals, "roles": ROLES}


@view_config(context=Principals, name="grant", permission="manage", request_method="POST")
def grant_role(request):
    principal = request.context.get(request.POST.get("userid", ""))
    role = request.POST.get("role")
    if principal is not None and role in ROLES:
        if request.POST.get("action") == "revoke":
            principal.revoke(role)
        else:
            principal.grant(role)
        flash(request, _("Roles of ${name} updated.", mapping={"name": principal.public_name}))
    return HTTPSeeOther(request.resource_url(request.context))
