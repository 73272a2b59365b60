"""The form of a person's notification choices."""

import colander
import deform

from ..forms import CSRFSchema
from ..i18n import _
from .kinds import FREQUENCIES, FREQUENCY_LABELS, KINDS


def choices_schema():
    schema = CSRFSchema()
    values = [(frequency, FREQUENCY_LABELS[frequency]) for frequency in FREQUENCIES]
    for name, kind in KINDS.items():
        schema.add(
            colander.SchemaNode(
                colander.String(),
                name=name,
                title=kind.label,
                widget=deform.widget.SelectWidget(values=values),
                validator=colander.OneOf(FREQUENCIES),
                missing_msg=_("Choose how you want to hear of this."),
            )
        )
    schema.add(
        colander.SchemaNode(
            colander.Boolean(),
            name="follow_when_commenting",
            title=_("Follow a discussion when I comment in it"),
            label=_("Tell me of new comments in the discussions I take part in"),
            missing=False,
        )
    )
    return schema
