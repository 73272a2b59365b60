"""The forms of the consultation pages.

Text a ministry may give in several languages is entered in one fieldset per
language; each input is named `<field>_<language>` (unique names and labels),
and `texts_from` / `texts_to` convert to and from the {language: text} dicts
the models keep. Stage times are entered in Almaty time and come out of the
schema as aware UTC datetimes."""

import re
from datetime import UTC, datetime

import colander
import deform

from ..forms import CSRFSchema
from ..i18n import LANGUAGE_NAMES, LANGUAGES, _
from ..layout import LOCAL_ZONE
from ..organisations.interfaces import IOrganisationService
from ..verification.schemas import level_nodes
from .services import LOCAL_ROLES

FIELDSET = "consult:templates/consultations/fieldset.pt"
LOCAL_INPUT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends
LOCAL_FORMATS = (LOCAL_INPUT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S")
BLANK_LINES = re.compile(r"\n\s*\n")

DOCUMENT_KIND_LABELS = {
    "concept": _("Concept (Green Paper)"),
    "expert": _("Expert consultation (Green Paper)"),
    "statement": _("Policy statement (White Paper)"),
    "other": _("Other document (White Paper)"),
}
ROLE_LABELS = {
    "editor": _("Editor: edits this consultation"),
    "moderator": _("Moderator: moderates its comments"),
    "expert": _("Expert: comments as an invited expert"),
}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class LocalDateTime(colander.SchemaType):
    """A date and time in Almaty time on the form, an aware UTC datetime in Python."""

    def serialize(self, node, appstruct):
        if appstruct in (colander.null, None):
            return colander.null
        return appstruct.astimezone(LOCAL_ZONE).strftime(LOCAL_INPUT)

    def deserialize(self, node, cstruct):
        if cstruct in (colander.null, None) or not str(cstruct).strip():
            return colander.null
        for pattern in LOCAL_FORMATS:
            try:
                local = datetime.strptime(str(cstruct).strip(), pattern)
            except ValueError:
                continue
            return local.replace(tzinfo=LOCAL_ZONE).astimezone(UTC)
        raise colander.Invalid(node, _("Enter a date and a time, for example 2026-03-10 09:00."))


def _local_time_node(name, title):
    return colander.SchemaNode(
        LocalDateTime(),
        name=name,
        title=title,
        missing=None,
        description=_("Almaty time, for example 2026-03-10 09:00."),
        # A native date-and-time control; without support it is a text box
        # taking the format above. No JavaScript either way.
        widget=deform.widget.TextInputWidget(attributes={"type": "datetime-local"}),
    )


def _text_node(name, title, language, rows=None, description=""):
    widget = (
        deform.widget.TextAreaWidget(rows=rows, attributes={"lang": language})
        if rows
        else deform.widget.TextInputWidget(attributes={"lang": language})
    )
    return colander.SchemaNode(
        colander.String(),
        name=f"{name}_{language}",
        title=title,
        description=description,
        missing="",
        widget=widget,
    )


def _fieldset(name, title, *children, description="", legend_lang=None):
    return colander.SchemaNode(
        colander.Mapping(),
        *children,
        name=name,
        title=title,
        description=description,
        widget=deform.widget.MappingWidget(template=FIELDSET, legend_lang=legend_lang),
    )


def _languages(*fields):
    """One fieldset per language holding `fields` [(name, title, rows)]."""
    return [
        _fieldset(
            language,
            LANGUAGE_NAMES[language],
            *(
                _text_node(name, title, language, rows, description)
                for name, title, rows, description in fields
            ),
            legend_lang=language,
        )
        for language in LANGUAGES
    ]


def texts_from(appstruct, name):
    """{language: text} of the non-empty `<name>_<language>` fields."""
    texts = {language: appstruct[language][f"{name}_{language}"].strip() for language in LANGUAGES}
    return {language: text for language, text in texts.items() if text}


def texts_to(**fields):
    """The appstruct of the language fieldsets, from {language: text} dicts."""
    return {
        language: {
            f"{name}_{language}": (texts or {}).get(language, "") for name, texts in fields.items()
        }
        for language in LANGUAGES
    }


def split_tags(value):
    tags = []
    for tag in (value or "").split(","):
        tag = " ".join(tag.split())
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def split_paragraphs(value):
    """Paragraphs separated by empty lines, each on one line."""
    return [" ".join(block.split()) for block in BLANK_LINES.split(value or "") if block.strip()]


DETAILS = (
    ("title", _("Title"), None, ""),
    ("summary", _("Summary"), 5, ""),
    ("ministry", _("Ministry or agency"), None, ""),
)


def _tags_node():
    return colander.SchemaNode(
        colander.String(),
        name="tags",
        title=_("Tags"),
        missing="",
        description=_("Separate tags with commas."),
        preparer=_strip,
    )


class AddConsultationSchema(CSRFSchema):
    slug = colander.SchemaNode(
        colander.String(),
        title=_("Address"),
        preparer=_strip,
        description=_(
            "The end of the consultation's web address: lowercase Latin letters, "
            "digits and hyphens, for example citizens-juries."
        ),
    )

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        # The ministry's name comes from the organisation chosen, as on the
        # details form.
        for node in _languages(*(detail for detail in DETAILS if detail[0] != "ministry")):
            self.add(node)
        self.add(_organisation_node())
        self.add(_tags_node())


@colander.deferred
def _organisation_widget(node, kw):
    """The organisations to choose from (the shipped ministries among them,
    made when chosen), named in the reader's language."""
    layout = kw["request"].layout
    choices = [
        (name, layout.localized(title).text)
        for name, title in kw["request"].find_service(IOrganisationService).choices().items()
    ]
    return deform.widget.SelectWidget(
        values=[("", _("- choose -")), *sorted(choices, key=lambda choice: choice[1])]
    )


@colander.deferred
def _organisation_validator(node, kw):
    return colander.OneOf(list(kw["request"].find_service(IOrganisationService).choices()))


def _organisation_node():
    return colander.SchemaNode(
        colander.String(),
        name="organisation",
        title=_("Organisation"),
        description=_("Its name is shown in the three languages as the organisation gives it."),
        widget=_organisation_widget,
        validator=_organisation_validator,
    )


class EditConsultationSchema(CSRFSchema):
    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        # The ministry's name comes from the organisation chosen.
        for node in _languages(*(detail for detail in DETAILS if detail[0] != "ministry")):
            self.add(node)
        self.add(_organisation_node())
        self.add(_tags_node())
        self.add(
            colander.SchemaNode(
                colander.Boolean(),
                name="premoderation",
                missing=False,
                title=_("Check comments before they appear (pre-moderation)"),
            )
        )
        for node in level_nodes():
            self.add(node)


@colander.deferred
def _confirmation_widget(node, kw):
    # A box to tick once the form has shown warnings; until then a hidden
    # "false", so that the same schema reads both submissions.
    if kw.get("warned"):
        return deform.widget.CheckboxWidget()
    return deform.widget.HiddenWidget()


def _confirmation_node():
    return colander.SchemaNode(
        colander.Boolean(),
        name="confirmed",
        title=_("I have read the warnings above and want to go ahead."),
        missing=False,
        widget=_confirmation_widget,
    )


class StagesSchema(CSRFSchema):
    green = _fieldset(
        "green",
        _("Green Paper: concept and questions to the public"),
        _local_time_node("green_opens", _("Opens")),
        _local_time_node("green_closes", _("Closes")),
    )
    white = _fieldset(
        "white",
        _("White Paper: policy statement and draft bill"),
        _local_time_node("white_opens", _("Opens")),
        _local_time_node("white_closes", _("Closes")),
    )
    confirmed = _confirmation_node()


class DocumentSchema(CSRFSchema):
    kind = colander.SchemaNode(
        colander.String(),
        title=_("Kind of document"),
        validator=colander.OneOf(list(DOCUMENT_KIND_LABELS)),
        widget=deform.widget.SelectWidget(values=list(DOCUMENT_KIND_LABELS.items())),
    )

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        for node in _languages(
            ("title", _("Title"), None, ""),
            ("body", _("Text"), 12, _("Separate paragraphs with an empty line.")),
        ):
            self.add(node)


class QuestionSchema(CSRFSchema):
    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        for node in _languages(("text", _("Question"), 3, "")):
            self.add(node)


class PublishSchema(CSRFSchema):
    """The token, and the confirmation when the page shows warnings."""

    confirmed = _confirmation_node()


class OutcomeSchema(CSRFSchema):
    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        for node in _languages(
            (
                "outcome",
                _("Outcome"),
                12,
                _(
                    "What was said, what was accepted or rejected and why. "
                    "Separate paragraphs with an empty line."
                ),
            )
        ):
            self.add(node)


class RoleSchema(CSRFSchema):
    email = colander.SchemaNode(
        colander.String(),
        title=_("E-mail address of the person"),
        preparer=_strip,
        validator=colander.Email(_("This is not a valid e-mail address.")),
    )
    role = colander.SchemaNode(
        colander.String(),
        title=_("Role on this consultation"),
        validator=colander.OneOf(LOCAL_ROLES),
        widget=deform.widget.SelectWidget(
            values=[(role, ROLE_LABELS[role]) for role in LOCAL_ROLES]
        ),
    )


class ArticleSchema(CSRFSchema):
    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        for node in _languages(
            ("heading", _("Heading"), None, ""),
            (
                "paragraphs",
                _("Paragraphs"),
                14,
                _(
                    "Separate paragraphs with an empty line. Paragraphs are "
                    "matched by position across languages."
                ),
            ),
        ):
            self.add(node)


@colander.deferred
def _upload_widget(node, kw):
    return deform.widget.FileUploadWidget(kw["tmpstore"], accept=".txt,.md,.docx")


class ImportDraftSchema(CSRFSchema):
    language = colander.SchemaNode(
        colander.String(),
        title=_("Language of the text"),
        validator=colander.OneOf(LANGUAGES),
        widget=deform.widget.SelectWidget(
            values=[("", _("Choose the language"))]
            + [(language, LANGUAGE_NAMES[language]) for language in LANGUAGES]
        ),
    )
    upload = colander.SchemaNode(
        deform.FileData(),
        title=_("File"),
        missing=None,
        widget=_upload_widget,
        description=_("A .txt, .md (Markdown) or .docx (Word) file."),
    )
    text = colander.SchemaNode(
        colander.String(),
        title=_("Or paste the text"),
        missing="",
        widget=deform.widget.TextAreaWidget(rows=16),
        description=_(
            "Each article starts on its own line with a heading such as "
            '"Article 5.", "Статья 5." or "5-бап."'
        ),
    )
    text_format = colander.SchemaNode(
        colander.String(),
        title=_("Format of the pasted text"),
        missing="text",
        validator=colander.OneOf(("text", "markdown")),
        widget=deform.widget.SelectWidget(
            values=[("text", _("Plain text")), ("markdown", _("Markdown"))]
        ),
    )


class SaveDraftSchema(CSRFSchema):
    language = colander.SchemaNode(
        colander.String(), validator=colander.OneOf(LANGUAGES), widget=deform.widget.HiddenWidget()
    )
    text = colander.SchemaNode(colander.String(), widget=deform.widget.HiddenWidget())
