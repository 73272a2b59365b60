"""The appeal form: what kind, which category, where, what, public or not."""

import colander
import deform

from ..forms import CSRFSchema
from ..i18n import _
from .models import HIDDEN, KINDS, LOCATIONS


def _strip(value):
    return value.strip() if isinstance(value, str) else value


@colander.deferred
def _category_widget(node, kw):
    return deform.widget.SelectWidget(values=[("", _("Choose the category")), *kw["categories"]])


@colander.deferred
def _known_category(node, kw):
    return colander.OneOf([code for code, _title in kw["categories"]])


@colander.deferred
def _territory_widget(node, kw):
    return deform.widget.SelectWidget(values=[("", _("Choose the territory")), *kw["territories"]])


@colander.deferred
def _known_territory(node, kw):
    return colander.OneOf([kato for kato, _title in kw["territories"]])


class AppealSchema(CSRFSchema):
    kind = colander.SchemaNode(
        colander.String(),
        title=_("Kind of appeal"),
        validator=colander.OneOf(tuple(KINDS)),
        widget=deform.widget.SelectWidget(values=[("", _("Choose the kind")), *KINDS.items()]),
    )
    category = colander.SchemaNode(
        colander.String(), title=_("Category"), widget=_category_widget, validator=_known_category
    )
    kato = colander.SchemaNode(
        colander.String(),
        title=_("Territory"),
        widget=_territory_widget,
        validator=_known_territory,
    )
    address = colander.SchemaNode(
        colander.String(),
        title=_("Address or place"),
        preparer=_strip,
        missing="",
        validator=colander.Length(max=300),
    )
    latitude = colander.SchemaNode(
        colander.Float(),
        title=_("Latitude (optional)"),
        missing=None,
        validator=colander.Range(40, 56),
    )
    longitude = colander.SchemaNode(
        colander.Float(),
        title=_("Longitude (optional)"),
        missing=None,
        validator=colander.Range(46, 88),
    )
    location = colander.SchemaNode(
        colander.String(),
        title=_("What the public sees of the point"),
        description=_(
            "You and the organisation see the exact point. A private appeal never publishes it."
        ),
        validator=colander.OneOf(tuple(LOCATIONS)),
        widget=deform.widget.RadioChoiceWidget(values=tuple(LOCATIONS.items())),
        oid="location",  # the radios' name, which deform takes from it
        missing=HIDDEN,
        default=HIDDEN,
    )
    text = colander.SchemaNode(
        colander.String(),
        title=_("What is the problem or the proposal"),
        preparer=_strip,
        validator=colander.Length(min=1, max=8000),
        widget=deform.widget.TextAreaWidget(rows=8),
    )
    public = colander.SchemaNode(
        colander.Boolean(),
        title=_("Public: anyone may read it (with your first name and initial only)"),
        missing=False,
        default=True,
    )
    # Set once the similar open appeals were shown: the next send files it.
    seen_similar = colander.SchemaNode(
        colander.String(), missing="", widget=deform.widget.HiddenWidget()
    )
