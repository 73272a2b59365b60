import colander
import deform

from ..forms import CSRFSchema
from ..i18n import _

MIN_PASSWORD = 10


def _name_node(title):
    return colander.SchemaNode(
        colander.String(), title=title,
        validator=colander.Length(min=1, max=80),
        preparer=lambda value: value.strip() if isinstance(value, str) else value,
    )


def _show_full_name_node():
    return colander.SchemaNode(
        colander.Boolean(), title=_("Show my full name on my comments"),
        description=_("Otherwise you appear as your first name and the initial of your "
                      "surname. Your e-mail address is never shown."),
        missing=False,
    )


def _password_node(title):
    return colander.SchemaNode(
        colander.String(), title=title,
        validator=colander.Length(
            min=MIN_PASSWORD, max=200,
            min_err=_("Use at least ${min} characters.", mapping={"min": MIN_PASSWORD})),
        widget=deform.widget.CheckedPasswordWidget(),
    )


class RegisterSchema(CSRFSchema):
    first_name = _name_node(_("First name"))
    last_name = _name_node(_("Surname"))
    email = colander.SchemaNode(colander.String(), title=_("E-mail address"),
                                validator=colander.Email(_("This is not a valid e-mail address.")))
    password = _password_node(_("Password"))
    show_full_name = _show_full_name_node()


class LoginSchema(CSRFSchema):
    email = colander.SchemaNode(colander.String(), title=_("E-mail address"))
    password = colander.SchemaNode(colander.String(), title=_("Password"),
                                   widget=deform.widget.PasswordWidget())
    came_from = colander.SchemaNode(colander.String(), widget=deform.widget.HiddenWidget(),
                                    missing="")


class ForgotPasswordSchema(CSRFSchema):
    email = colander.SchemaNode(colander.String(), title=_("E-mail address"),
                                validator=colander.Email(_("This is not a valid e-mail address.")))


class ResetPasswordSchema(CSRFSchema):
    token = colander.SchemaNode(colander.String(), widget=deform.widget.HiddenWidget())
    password = _password_node(_("New password"))


class AccountSchema(CSRFSchema):
    first_name = _name_node(_("First name"))
    last_name = _name_node(_("Surname"))
    show_full_name = _show_full_name_node()
