import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ..forms import make_form, submitted, validate
from ..i18n import _
from ..i18n.views import remember_language, safe_return_path
from ..layout import flash
from ..limits import RateLimited, email_key, json_error, too_many, wants_json
from ..limits import check as check_limit
from ..limits import record as record_limit
from ..resources.models import Root
from .events import AddressConfirmed
from .interfaces import AccountError, IAccountService
from .schemas import (
    AccountSchema,
    ChangePasswordSchema,
    ForgotPasswordSchema,
    LoginSchema,
    RegisterSchema,
    ResetPasswordSchema,
)


def _button(name, title):
    return deform.Button(name=name, title=title)


def _refused(request, error, values):
    """The page for a request over a limit (429 and Retry-After), or its
    JSON error for a client that asks for JSON."""
    if wants_json(request):
        return json_error(request, error)
    too_many(request, error)
    return dict(values, error=error.message)


@view_config(
    context=Root, name="register", renderer="consult:templates/accounts/form.pt", require_csrf=False
)
def register(request):
    form = make_form(request, RegisterSchema(), [_button("register", _("Create account"))])
    values = {"title": _("Create an account"), "error": None}
    if submitted(request, "register"):
        appstruct, rendered = validate(request, form)
        if appstruct is None:
            return dict(values, form=rendered)
        service = request.find_service(IAccountService)
        try:
            check_limit(request, "register", userid=email_key(request, appstruct["email"]))
        except RateLimited as error:
            return _refused(request, error, dict(values, form=form.render(appstruct)))
        service.register(
            appstruct["email"],
            appstruct["first_name"],
            appstruct["last_name"],
            appstruct["password"],
            appstruct["show_full_name"],
            request.locale_name,
        )
        record_limit(request, "register", userid=email_key(request, appstruct["email"]))
        # The same answer whether or not the address has an account
        # (docs/security.md): nobody is signed in until the link is opened.
        flash(
            request,
            _(
                "We sent a message to ${email}. Open the link in it to finish creating "
                "your account; the link signs you in. It works for seven days.",
                mapping={"email": appstruct["email"]},
            ),
        )
        return HTTPSeeOther(request.resource_url(request.root, "login"))
    return dict(values, form=form.render())


@view_config(
    context=Root, name="login", renderer="consult:templates/accounts/form.pt", require_csrf=False
)
def login(request):
    form = make_form(request, LoginSchema(), [_button("login", _("Sign in"))])
    links = [
        (_("Forgot your password?"), request.resource_url(request.root, "forgot-password")),
        (_("No account yet? Register"), request.resource_url(request.root, "register")),
    ]
    values = {"title": _("Sign in"), "error": None, "links": links}
    if submitted(request, "login"):
        appstruct, rendered = validate(request, form)
        if appstruct is None:
            return dict(values, form=rendered)
        service = request.find_service(IAccountService)
        try:
            principal = service.authenticate(appstruct["email"], appstruct["password"])
        except (AccountError, RateLimited) as error:
            appstruct["password"] = ""
            values = dict(values, form=form.render(appstruct))
            if isinstance(error, RateLimited):
                return _refused(request, error, values)
            return dict(values, error=error.message)
        headers = service.sign_in(principal)
        return HTTPSeeOther(safe_return_path(request, appstruct["came_from"]), headers=headers)
    return dict(values, form=form.render({"came_from": request.params.get("came_from", "")}))


@view_config(context=Root, name="logout", request_method="POST")
def logout(request):
    headers = request.find_service(IAccountService).sign_out()
    return HTTPSeeOther(request.resource_url(request.root), headers=headers)


@view_config(
    context=Root,
    name="confirm",
    request_method="GET",
    renderer="consult:templates/accounts/message.pt",
)
def confirm(request):
    """The link from the confirmation mail: the account is created (or
    confirmed) and the person signed in."""
    service = request.find_service(IAccountService)
    try:
        principal = service.confirm(request.params.get("token"))
    except AccountError as error:
        request.response.status = 400
        return {"title": _("The link did not work"), "message": error.message}
    headers = service.sign_in(principal)
    flash(request, _("Thank you: your e-mail address is confirmed. You can now comment."))
    request.registry.notify(AddressConfirmed(request, principal))
    return HTTPSeeOther(request.resource_url(request.root["consultations"]), headers=headers)


@view_config(
    context=Root,
    name="forgot-password",
    renderer="consult:templates/accounts/form.pt",
    require_csrf=False,
)
def forgot_password(request):
    form = make_form(request, ForgotPasswordSchema(), [_button("send", _("Send me a link"))])
    values = {"title": _("Reset your password"), "error": None}
    if submitted(request, "send"):
        appstruct, rendered = validate(request, form)
        if appstruct is None:
            return dict(values, form=rendered)
        key = email_key(request, appstruct["email"])
        try:
            check_limit(request, "forgot", userid=key)
        except RateLimited as error:
            return _refused(request, error, dict(values, form=form.render(appstruct)))
        request.find_service(IAccountService).request_password_reset(appstruct["email"])
        record_limit(request, "forgot", userid=key)
        flash(
            request,
            _(
                "If an account uses ${email}, a link to reset its password is on its "
                "way. It works for two hours.",
                mapping={"email": appstruct["email"]},
            ),
        )
        return HTTPSeeOther(request.resource_url(request.root, "login"))
    return dict(values, form=form.render())


@view_config(
    context=Root,
    name="reset-password",
    renderer="consult:templates/accounts/form.pt",
    require_csrf=False,
)
def reset_password(request):
    service = request.find_service(IAccountService)
    token = request.params.get("token", "")
    principal = service.reset_token_principal(token)
    form = make_form(
        request,
        ResetPasswordSchema(),
        [_button("reset", _("Save new password"))],
        bind={"principal": principal},
    )
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
        headers = service.sign_in(principal)
        flash(
            request,
            _("Your password has been changed. Every other session of your account has ended."),
        )
        # Following the reset link proves the address too.
        request.registry.notify(AddressConfirmed(request, principal))
        return HTTPSeeOther(request.resource_url(request.root["consultations"]), headers=headers)
    if principal is None:
        request.response.status = 400
        return dict(
            values,
            form="",
            error=_("This link is not valid or has expired. Please ask for a new one."),
        )
    return dict(values, form=form.render({"token": token}))


def _password_form(request, principal):
    form = make_form(
        request,
        ChangePasswordSchema(),
        [_button("change-password", _("Change password"))],
        formid="password",
        bind={"principal": principal},
    )
    # Ids of its own: deform numbers the fields of every form from 1, and the
    # name form above has them already.
    for field in form.children:
        field.oid = f"password-{field.name}"
    return form


@view_config(
    context=Root,
    name="account",
    renderer="consult:templates/accounts/account.pt",
    require_csrf=False,
)
def account(request):
    """The person's own settings: how their name appears, the language of
    their mail, their confirmation, their password."""
    principal = request.identity
    if principal is None:
        return HTTPSeeOther(
            request.resource_url(request.root, "login", query={"came_from": request.path})
        )
    form = make_form(request, AccountSchema(), [_button("save", _("Save"))])
    password_form = _password_form(request, principal)
    values = {"principal": principal, "password_error": None}
    appstruct = {
        "first_name": principal.first_name,
        "last_name": principal.last_name,
        "show_full_name": principal.show_full_name,
        "language": principal.language or request.locale_name,
    }
    if submitted(request, "save"):
        appstruct, rendered = validate(request, form)
        if appstruct is None:
            return dict(values, form=rendered, password_form=password_form.render())
        principal.first_name = appstruct["first_name"]
        principal.last_name = appstruct["last_name"]
        principal.show_full_name = appstruct["show_full_name"]
        principal.choose_language(appstruct["language"])
        flash(
            request,
            _(
                # Quoted: a name shown with an initial ends in a full stop.
                "Saved. Your comments now show your name as “${name}”.",
                mapping={"name": principal.public_name},
            ),
        )
        response = HTTPSeeOther(request.resource_url(request.root, "account"))
        remember_language(response, principal.language)
        return response
    if submitted(request, "change-password"):
        return _change_password(
            request, principal, password_form, dict(values, form=form.render(appstruct))
        )
    return dict(values, form=form.render(appstruct), password_form=password_form.render())


def _change_password(request, principal, password_form, values):
    """A new password ends every session of the account, this one included;
    the person who changed it goes on in a new one."""
    passwords, rendered = validate(request, password_form)
    if passwords is None:
        return dict(values, password_form=rendered)
    service = request.find_service(IAccountService)
    try:
        service.change_password(principal, passwords["current_password"], passwords["password"])
    except (AccountError, RateLimited) as error:
        values = dict(values, password_form=password_form.render())
        if isinstance(error, RateLimited):
            too_many(request, error)
        return dict(values, password_error=error.message)
    headers = service.sign_in(principal)
    flash(
        request, _("Your password has been changed. Every other session of your account has ended.")
    )
    return HTTPSeeOther(
        request.resource_url(request.root, "account", anchor="password"), headers=headers
    )


@view_config(context=Root, name="resend-confirmation", request_method="POST")
def resend_confirmation(request):
    principal = request.identity
    if principal is not None and not principal.confirmed:
        request.find_service(IAccountService).send_confirmation(principal)
        flash(
            request,
            _("We sent a new confirmation link to ${email}.", mapping={"email": principal.email}),
        )
    return HTTPSeeOther(request.resource_url(request.root, "account"))
