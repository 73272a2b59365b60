"""Forms of the responses capability. They check the shape of a submission and
its CSRF token; what an answer must say (a decision, a reason long enough, the
comment's language) is the service's business, so every refusal comes back as
one message with the official's text kept in the form."""

import colander
import deform

from ..forms import CSRFSchema
from ..i18n import _
from .services import DISPOSITION_LABELS

DISPOSITION_CHOICES = tuple(DISPOSITION_LABELS.items())
CHOICE_WIDGET = "consult:templates/responses/choice_widget.pt"


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


@colander.deferred
def _reason_description(node, kw):
    return _(
        "At least ${limit} characters, in the language of the comment. The author and "
        "every reader see it with your role and the date, never your name or e-mail "
        "address.",
        mapping={"limit": kw.get("min_length", 30)},
    )


def answer_text(title, description=None, rows=6):
    """A free-text field of an answer form (reason, translation, why), kept
    stripped; petitions' answer form shares it."""
    return colander.SchemaNode(
        colander.String(),
        title=title,
        description=description,
        missing="",
        preparer=_stripped,
        widget=deform.widget.TextAreaWidget(rows=rows),
    )


def disposition_field():
    """The decision of an answer, as radio buttons of the dispositions."""
    return colander.SchemaNode(
        colander.String(),
        title=_("Decision"),
        missing="",
        widget=deform.widget.RadioChoiceWidget(
            values=DISPOSITION_CHOICES, category="structural", template=CHOICE_WIDGET
        ),
    )


class AnswerSchema(CSRFSchema):
    """One reasoned answer, to one comment or to a group of them."""

    disposition = disposition_field()
    reason = answer_text(_("Reason for the decision"), _reason_description)
    translation = answer_text(
        _("Translation into the comment's language"),
        _("Only if you wrote the reason in another language than the comment's."),
        rows=4,
    )
    # The comments answered together, as ids separated by spaces (groups only).
    comments = colander.SchemaNode(
        colander.String(), widget=deform.widget.HiddenWidget(), missing=""
    )


class ReviseSchema(AnswerSchema):
    why = answer_text(
        _("Why the answer changes"),
        _("Shown with the earlier version in the answer's history."),
        rows=3,
    )


class DeadlineSchema(CSRFSchema):
    days = colander.SchemaNode(
        colander.String(),
        title=_("Days to answer after a stage closes"),
        missing="",
        preparer=_stripped,
        widget=deform.widget.TextInputWidget(attributes={"inputmode": "numeric", "size": "4"}),
    )
