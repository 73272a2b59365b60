"""The moderator's review of a flag."""

import colander
import deform

from ..forms import CSRFSchema
from ..i18n import _


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


class ReviewSchema(CSRFSchema):
    flag = colander.SchemaNode(colander.String(), widget=deform.widget.HiddenWidget(), missing="")
    note = colander.SchemaNode(
        colander.String(),
        title=_("Note on what you found"),
        missing="",
        preparer=_stripped,
        description=_(
            "For example: the accounts belong to one school class that discussed "
            "the draft; or: the comments are copies, see the campaign. The note "
            "is kept as the record of this review; nothing is hidden by it."
        ),
        widget=deform.widget.TextAreaWidget(rows=4),
    )
