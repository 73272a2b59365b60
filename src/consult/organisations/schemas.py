"""The organisation administrator's forms: grant a role, confirm a revocation."""

import colander
import deform

from ..forms import CSRFSchema
from ..i18n import _
from .models import CONFIRMED_ROLES, STAFF_ROLES


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _confirmed(form, value):
    if value["role"] in CONFIRMED_ROLES and not value["confirm"]:
        error = colander.Invalid(form)
        error["confirm"] = _(
            "An organisation administrator grants and removes every role here: "
            "tick the box to confirm."
        )
        raise error


class GrantRoleSchema(CSRFSchema):
    email = colander.SchemaNode(
        colander.String(),
        title=_("E-mail address of the person"),
        preparer=_strip,
        validator=colander.Email(_("This is not a valid e-mail address.")),
    )
    role = colander.SchemaNode(
        colander.String(),
        title=_("Role in this organisation"),
        validator=colander.OneOf(tuple(STAFF_ROLES)),
        widget=deform.widget.SelectWidget(values=list(STAFF_ROLES.items())),
    )
    confirm = colander.SchemaNode(
        colander.Boolean(),
        missing=False,
        title=_("I confirm: this person may grant and remove this organisation's roles"),
        description=_("Needed only for the organisation administrator's role."),
    )

    def __init__(self, *args, **kw):
        super().__init__(*args, validator=_confirmed, **kw)


class RevokeRoleSchema(CSRFSchema):
    userid = colander.SchemaNode(colander.String(), widget=deform.widget.HiddenWidget())
    role = colander.SchemaNode(colander.String(), widget=deform.widget.HiddenWidget())
