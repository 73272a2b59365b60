"""The appeal form: what kind, which category, where, what, public or not,
and the photos and documents attached."""

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


@colander.deferred
def _file_widget(node, kw):
    return deform.widget.FileUploadWidget(
        kw["tmpstore"],
        accept=".jpg,.jpeg,.png,.webp,.pdf,image/jpeg,image/png,image/webp,application/pdf",
    )


@colander.deferred
def _files_description(node, kw):
    return _(
        "Up to ${count} photos (JPEG, PNG, WebP) or PDF documents of at most ${size} MB "
        "each. Photos are saved again without their camera data and location.",
        mapping={"count": kw["attachments_max"], "size": kw["attachment_max_mb"]},
    )


def file_field_names(count):
    return [f"file_{number}" for number in range(1, count + 1)]


def add_file_fields(schema, count):
    """`count` optional file fields before "keep the location", each with
    its own label: a person fills as many as they have files, no script
    needed to add one. Without any, the attachments' fields go."""
    if not count:
        for name in ("keep_location", "attachments_public"):
            del schema[name]
        return schema
    place = [child.name for child in schema.children].index("keep_location")
    for number, name in enumerate(file_field_names(count), start=1):
        node = colander.SchemaNode(
            deform.FileData(),
            name=name,
            title=_("Photo or document ${number}", mapping={"number": number}),
            missing=None,
            widget=_file_widget,
        )
        if number == 1:
            node.description = _files_description
        schema.children.insert(place + number - 1, node)
    return schema


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
    keep_location = colander.SchemaNode(
        colander.Boolean(),
        title=_("Keep the location in my photos (only the organisation's staff and I see it)"),
        missing=False,
        default=False,
    )
    attachments_public = colander.SchemaNode(
        colander.Boolean(),
        title=_("Show the files on the public appeal (photos without their location)"),
        missing=False,
        default=False,
    )
    # Set once the similar open appeals were shown: the next send files it.
    seen_similar = colander.SchemaNode(
        colander.String(), missing="", widget=deform.widget.HiddenWidget()
    )


class SystemicAnswerSchema(CSRFSchema):
    """The responsible organisation's public answer on a ranking entry."""

    text = colander.SchemaNode(
        colander.String(),
        title=_("The organisation's answer on this systemic problem"),
        description=_("Public: what causes it and what the organisation does about it."),
        preparer=_strip,
        validator=colander.Length(min=20, max=4000),
        widget=deform.widget.TextAreaWidget(rows=6),
    )
