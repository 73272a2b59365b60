import colander
import deform

from ..forms import CSRFSchema
from ..i18n import LANGUAGE_NAMES, LANGUAGES, _
from .passwords import password_problem

MIN_PASSWORD = 10


def _name_node(title):
    return colander.SchemaNode(
        colander.String(),
        title=title,
        validator=colander.Length(min=1, max=80),
        preparer=lambda value: value.strip() if isinstance(value, str) else value,
    )


def _show_full_name_node():
    return colander.SchemaNode(
        colander.Boolean(),
        title=_("Show my full name on my comments"),
        description=_(
            "Otherwise you appear as your first name and the initial of your "
            "surname. Your e-mail address is never shown."
        ),
        missing=False,
    )


def password_node(title):
    # The rules are said before the person fails (NIST SP 800-63B asks for
    # guidance, and a refused password is a wasted attempt).
    return colander.SchemaNode(
        colander.String(),
        title=title,
        description=_(
            "At least ${min} characters. Not a common or leaked password, and not "
            "your name or your e-mail address: several unrelated words make a good "
            "one.",
            mapping={"min": MIN_PASSWORD},
        ),
        validator=colander.Length(
            min=MIN_PASSWORD,
            max=200,
            min_err=_("Use at least ${min} characters.", mapping={"min": MIN_PASSWORD}),
        ),
        widget=deform.widget.CheckedPasswordWidget(),
    )


def refuse_password(node, password, email, names):
    """Raise on the `password` field if the person may not use `password`
    (accounts.passwords.password_problem)."""
    problem = password_problem(password, email, names)
    if problem is not None:
        error = colander.Invalid(node)
        error["password"] = problem
        raise error


class _PasswordOfBoundPerson:
    """A mapping validator for forms of a known person (bound as `principal`)."""

    def validator(self, node, appstruct):
        principal = self.bindings.get("principal") if self.bindings else None
        email = principal.email if principal is not None else ""
        names = (principal.first_name, principal.last_name) if principal is not None else ()
        refuse_password(node, appstruct["password"], email, names)


class RegisterSchema(CSRFSchema):
    first_name = _name_node(_("First name"))
    last_name = _name_node(_("Surname"))
    email = colander.SchemaNode(
        colander.String(),
        title=_("E-mail address"),
        validator=colander.Email(_("This is not a valid e-mail address.")),
    )
    password = password_node(_("Password"))
    show_full_name = _show_full_name_node()

    def validator(self, node, appstruct):
        refuse_password(
            node,
            appstruct["password"],
            appstruct["email"],
            (appstruct["first_name"], appstruct["last_name"]),
        )


class LoginSchema(CSRFSchema):
    email = colander.SchemaNode(colander.String(), title=_("E-mail address"))
    password = colander.SchemaNode(
        colander.String(), title=_("Password"), widget=deform.widget.PasswordWidget()
    )
    came_from = colander.SchemaNode(
        colander.String(), widget=deform.widget.HiddenWidget(), missing=""
    )


class ForgotPasswordSchema(CSRFSchema):
    email = colander.SchemaNode(
        colander.String(),
        title=_("E-mail address"),
        validator=colander.Email(_("This is not a valid e-mail address.")),
    )


class ResetPasswordSchema(_PasswordOfBoundPerson, CSRFSchema):
    token = colander.SchemaNode(colander.String(), widget=deform.widget.HiddenWidget())
    password = password_node(_("New password"))


class ChangePasswordSchema(_PasswordOfBoundPerson, CSRFSchema):
    current_password = colander.SchemaNode(
        colander.String(), title=_("Current password"), widget=deform.widget.PasswordWidget()
    )
    password = password_node(_("New password"))


class AccountSchema(CSRFSchema):
    first_name = _name_node(_("First name"))
    last_name = _name_node(_("Surname"))
    show_full_name = _show_full_name_node()
    language = colander.SchemaNode(
        colander.String(),
        title=_("Your language"),
        description=_("The site and the e-mail we send you are in this language."),
        # Each language named in itself: whoever cannot read the page's
        # language still finds their own.
        widget=deform.widget.SelectWidget(
            values=[(language, LANGUAGE_NAMES[language]) for language in LANGUAGES]
        ),
        validator=colander.OneOf(LANGUAGES),
    )


def _current_password_node():
    return colander.SchemaNode(
        colander.String(), title=_("Current password"), widget=deform.widget.PasswordWidget()
    )


class ChangeAddressSchema(CSRFSchema):
    email = colander.SchemaNode(
        colander.String(),
        title=_("New e-mail address"),
        validator=colander.Email(_("This is not a valid e-mail address.")),
    )
    password = _current_password_node()


class CloseAccountSchema(CSRFSchema):
    password = _current_password_node()
    understood = colander.SchemaNode(
        colander.Boolean(),
        title=_("I understand that this cannot be undone"),
        validator=colander.Function(
            bool, _("Tick the box to say that you understand this cannot be undone.")
        ),
        widget=deform.widget.CheckboxWidget(),
    )
