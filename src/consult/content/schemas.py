"""The forms of the web editors: add and edit an item, take a workflow step,
set its dates, add a translation."""

from urllib.parse import urlparse

import colander
import deform

from ..consultations.schemas import LocalDateTime
from ..forms import CSRFSchema
from ..i18n import LANGUAGE_NAMES, LANGUAGES, _
from .services import BODY_LIMIT, SUMMARY_LIMIT, TITLE_LIMIT

MARKDOWN_HELP = _(
    "Markdown: a blank line starts a paragraph, ## a heading, - a list item, "
    "[text](address) a link, ![description](address) an image of this site."
)


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


def _language_widget(node, kw):
    return deform.widget.SelectWidget(values=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES])


def _external_or_site_address(node, value):
    parsed = urlparse(value)
    if parsed.scheme in ("http", "https") and parsed.netloc:
        return
    if not parsed.scheme and value.startswith("/") and not value.startswith("//"):
        return
    raise colander.Invalid(
        node, _("Give an address starting with https:// or http://, or a path of this site.")
    )


def _site_path(node, value):
    if not value.startswith("/") or value.startswith("//"):
        raise colander.Invalid(
            node, _("Give the path of a page of this site, for example /consultations/juries/.")
        )


class TextSchema(CSRFSchema):
    title = colander.SchemaNode(
        colander.String(),
        title=_("Title"),
        preparer=_stripped,
        validator=colander.Length(min=1, max=TITLE_LIMIT),
    )
    summary = colander.SchemaNode(
        colander.String(),
        title=_("Summary"),
        description=_("One or two sentences shown in lists and search results."),
        missing="",
        preparer=_stripped,
        validator=colander.Length(max=SUMMARY_LIMIT),
        widget=deform.widget.TextAreaWidget(rows=3),
    )
    body = colander.SchemaNode(
        colander.String(),
        title=_("Text"),
        description=MARKDOWN_HELP,
        missing="",
        validator=colander.Length(max=BODY_LIMIT),
        widget=deform.widget.TextAreaWidget(
            rows=18, css_class="markdown-source", attributes={"data-preview": "markdown"}
        ),
    )


def _related_node():
    return colander.SchemaNode(
        colander.String(),
        name="related",
        title=_("About a consultation, petition or jury"),
        description=_("Its address on this site, for example /consultations/juries/. Optional."),
        missing="",
        preparer=_stripped,
        validator=_site_path,
    )


def _url_node():
    return colander.SchemaNode(
        colander.String(),
        name="url",
        title=_("Address the link leads to"),
        preparer=_stripped,
        validator=_external_or_site_address,
    )


def _note_node():
    return colander.SchemaNode(
        colander.String(),
        name="note",
        title=_("What changed (kept with this version)"),
        missing="",
        preparer=_stripped,
        validator=colander.Length(max=300),
    )


KIND_NODES = {"page": (_related_node,), "news": (_related_node,), "link": (_url_node,)}


def add_schema(kind, translation=False):
    """The add form of `kind`; a translation's language is chosen among
    those it lacks (the view binds `languages`)."""
    schema = TextSchema()
    # The language first: the text that follows is written in it.
    schema.insert(
        1,
        colander.SchemaNode(
            colander.String(),
            name="language",
            title=_("Language of the text"),
            validator=colander.OneOf(LANGUAGES),
            widget=_language_widget(None, None),
        ),
    )
    schema.insert(
        3,
        colander.SchemaNode(
            colander.String(),
            name="name",
            title=_("Name in the address"),
            description=_("Leave empty to make it from the title."),
            missing="",
            preparer=_stripped,
            validator=colander.Regex(
                r"^[a-z0-9][a-z0-9-]*$",
                _("Use small Latin letters, digits and hyphens."),
            ),
        ),
    )
    for make in KIND_NODES.get(kind, ()):
        schema.add(make())
    return schema


def edit_schema(kind):
    schema = TextSchema()
    for make in KIND_NODES.get(kind, ()):
        schema.add(make())
    schema.add(_note_node())
    return schema


class StepSchema(CSRFSchema):
    comment = colander.SchemaNode(
        colander.String(),
        title=_("Comment"),
        description=_("Why; sent back items must say what to change."),
        missing="",
        preparer=_stripped,
        validator=colander.Length(max=2000),
        widget=deform.widget.TextAreaWidget(rows=3),
    )


def _date_node(name, title, description):
    return colander.SchemaNode(
        LocalDateTime(),
        name=name,
        title=title,
        missing=None,
        description=description,
        widget=deform.widget.TextInputWidget(attributes={"type": "datetime-local"}),
    )


class DatesSchema(CSRFSchema):
    effective = _date_node(
        "effective",
        _("Shown from"),
        _("Almaty time; empty: as soon as it is published. News is dated by it."),
    )
    expires = _date_node("expires", _("Shown until"), _("Almaty time; empty: for ever."))
