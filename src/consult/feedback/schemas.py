"""Forms of the feedback capability.

The schemas only check the shape of a submission and its CSRF token; what a
comment may say, where and when (length, open stage, depth, edit window) is the
service's business, so that every refusal comes back as one clear message with
the person's text kept in the form."""

import colander
import deform

from ..forms import CSRFSchema
from ..i18n import _

STANCE_CHOICES = (
    ("for", _("For")),
    ("against", _("Against")),
    ("neutral", _("Neutral")),
)


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


@colander.deferred
def _stance_default(node, kw):
    # Replies start as neutral; a top-level comment states its position.
    return kw.get("stance", colander.null)


@colander.deferred
def _text_description(node, kw):
    return _(
        "Up to ${limit} characters. Only your public name is shown with your comment, "
        "never your e-mail address.",
        mapping={"limit": kw.get("max_length", 10000)},
    )


def _text_node(title):
    return colander.SchemaNode(
        colander.String(),
        title=title,
        missing="",
        description=_text_description,
        widget=deform.widget.TextAreaWidget(rows=7),
    )


def _stance_node():
    return colander.SchemaNode(
        colander.String(),
        title=_("Your position"),
        missing="",
        default=_stance_default,
        widget=deform.widget.RadioChoiceWidget(
            values=STANCE_CHOICES,
            category="structural",
            template="consult:templates/feedback/stance_widget.pt",
        ),
    )


class CommentSchema(CSRFSchema):
    """A new comment or a reply; `target` and `parent` come from the page."""

    text = _text_node(_("Your comment"))
    stance = _stance_node()
    target = colander.SchemaNode(colander.String(), widget=deform.widget.HiddenWidget(), missing="")
    parent = colander.SchemaNode(colander.String(), widget=deform.widget.HiddenWidget(), missing="")


def to_ministry_node():
    """For replies: a reply to another citizen needs no answer from the
    ministry, one addressed to it joins the comments it must answer."""
    return colander.SchemaNode(
        colander.Boolean(),
        name="to_ministry",
        missing=False,
        title=_("Address this reply to the ministry"),
        description=_("The ministry answers every comment, and replies addressed to it."),
        widget=deform.widget.CheckboxWidget(),
    )


class EditSchema(CSRFSchema):
    text = _text_node(_("Your comment"))
    stance = _stance_node()


@colander.deferred
def _addendum_description(node, kw):
    return _(
        "Up to ${limit} characters. It is shown under your comment with today's date, "
        "and cannot be changed once added.",
        mapping={"limit": kw.get("max_length", 2000)},
    )


class AddendumSchema(CSRFSchema):
    """What the author adds under a comment whose text may no longer change."""

    text = colander.SchemaNode(
        colander.String(),
        title=_("Your addendum"),
        missing="",
        description=_addendum_description,
        widget=deform.widget.TextAreaWidget(rows=5),
    )


class ReasonSchema(CSRFSchema):
    """Reporting a comment, or a moderator's decision on it."""

    reason = colander.SchemaNode(
        colander.String(),
        title=_("Reason"),
        missing="",
        preparer=_stripped,
        widget=deform.widget.TextAreaWidget(rows=3),
    )
    came_from = colander.SchemaNode(
        colander.String(), widget=deform.widget.HiddenWidget(), missing=""
    )


def reason_schema(title, description):
    schema = ReasonSchema()
    schema["reason"].title = title
    schema["reason"].description = description
    return schema


def decision_schema(choices, title, description):
    """A moderator's choice among `choices` ((value, label), ...) with the
    reason (titled `title`) the author sees."""
    schema = reason_schema(title, description)
    schema.add_before(
        "reason",
        colander.SchemaNode(
            colander.String(),
            name="decision",
            oid="decision",
            title=_("Decision"),
            validator=colander.OneOf([value for value, _label in choices]),
            widget=deform.widget.RadioChoiceWidget(values=choices),
        ),
    )
    return schema
