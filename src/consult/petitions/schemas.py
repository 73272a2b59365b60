"""The petition form and the moderator's rejection."""

import colander
import deform

from ..forms import CSRFSchema
from ..i18n import _
from ..responses.schemas import answer_text, disposition_field
from .models import REJECTION_REASONS


def _strip(value):
    return value.strip() if isinstance(value, str) else value


@colander.deferred
def _addressees(node, kw):
    return deform.widget.SelectWidget(values=[("", _("Choose the body")), *kw["addressees"]])


@colander.deferred
def _known_addressee(node, kw):
    return colander.OneOf([name for name, _title in kw["addressees"]])


class PetitionSchema(CSRFSchema):
    title = colander.SchemaNode(
        colander.String(),
        title=_("Title"),
        preparer=_strip,
        validator=colander.Length(max=200),
    )
    text = colander.SchemaNode(
        colander.String(),
        title=_("Why: the problem and its background"),
        preparer=_strip,
        validator=colander.Length(max=8000),
        widget=deform.widget.TextAreaWidget(rows=8),
    )
    asks = colander.SchemaNode(
        colander.String(),
        title=_("What the petition asks the body to do"),
        preparer=_strip,
        validator=colander.Length(max=2000),
        widget=deform.widget.TextAreaWidget(rows=3),
    )
    addressee = colander.SchemaNode(
        colander.String(),
        title=_("Addressed to"),
        widget=_addressees,
        validator=_known_addressee,
    )
    topic = colander.SchemaNode(
        colander.String(),
        title=_("Topic"),
        preparer=_strip,
        missing="",
        validator=colander.Length(max=100),
    )


class RejectSchema(CSRFSchema):
    reason = colander.SchemaNode(
        colander.String(),
        title=_("Reason for rejecting"),
        validator=colander.OneOf(tuple(REJECTION_REASONS)),
        widget=deform.widget.SelectWidget(
            values=[("", _("Choose the reason")), *REJECTION_REASONS.items()]
        ),
    )


class PetitionAnswerSchema(CSRFSchema):
    """The addressee's answer; what it must say is answering.py's business."""

    disposition = disposition_field()
    reason = answer_text(
        _("Reason for the decision"),
        _(
            "In the language of the petition. Its signers and every reader see it with "
            "your role and the date, never your name or e-mail address."
        ),
        8,
    )
    translation = answer_text(
        _("Translation into the petition's language"),
        _("Only if you wrote the reason in another language than the petition's."),
        4,
    )


class PetitionReviseSchema(PetitionAnswerSchema):
    why = answer_text(
        _("Why the answer changes"),
        _("Shown with the earlier version in the answer's history."),
        3,
    )
