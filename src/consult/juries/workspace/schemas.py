"""Forms of a jury's workspace. They check a submission's shape and its CSRF
token; who may do what, the agenda's times and the recommendations'
concurrent edits are the service's business (workspace.services)."""

import re

import colander
import deform

from ...forms import CSRFSchema
from ...i18n import _
from ..fields import stripped, text_field

PERSPECTIVE_CHOICES = (
    ("for", _("For the proposal")),
    ("against", _("Against the proposal")),
    ("neutral", _("Neutral or mixed")),
    ("background", _("Background facts")),
)
KIND_CHOICES = (
    ("document", _("Document")),
    ("testimony", _("Expert testimony")),
)
VOTE_CHOICES = (
    ("support", _("Support")),
    ("oppose", _("Oppose")),
    ("abstain", _("Abstain")),
)
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")


@colander.deferred
def _upload_widget(node, kw):
    return deform.widget.FileUploadWidget(kw["tmpstore"], accept=".pdf,.docx,.odt,.txt")


def _url_validator(node, value):
    if value and not re.match(r"^https?://\S+$", value):
        raise colander.Invalid(node, _("Give a web address starting with https:// or http://."))


class EvidenceSchema(CSRFSchema):
    title = text_field(_("Title"), validator=colander.Length(min=2, max=200))
    kind = colander.SchemaNode(
        colander.String(),
        title=_("Kind"),
        validator=colander.OneOf([k for k, _t in KIND_CHOICES]),
        widget=deform.widget.SelectWidget(values=(("", _("Choose…")),) + KIND_CHOICES),
    )
    perspective = colander.SchemaNode(
        colander.String(),
        title=_("Perspective"),
        description=_("Evidence for and against is shown side by side."),
        validator=colander.OneOf([p for p, _t in PERSPECTIVE_CHOICES]),
        widget=deform.widget.SelectWidget(values=(("", _("Choose…")),) + PERSPECTIVE_CHOICES),
    )
    author = text_field(
        _("Author or expert, with position"),
        _("For example: Dr A. Nurlanova, Institute of Law."),
        validator=colander.Length(min=2, max=200),
    )
    summary = text_field(_("Summary"), rows=4, missing="", validator=colander.Length(max=3000))
    body = text_field(
        _("Full text or testimony"), rows=12, missing="", validator=colander.Length(max=100_000)
    )
    link = text_field(
        _("Link"),
        _("Optional: a web address where the source can be read."),
        missing="",
        validator=_url_validator,
    )
    upload = colander.SchemaNode(
        deform.FileData(),
        title=_("File"),
        missing=None,
        widget=_upload_widget,
        description=_(
            "Optional: a PDF, DOCX, ODT or TXT file of at most 10 MB. Only members "
            "of the workspace can download it."
        ),
    )


class EditEvidenceSchema(EvidenceSchema):
    remove_file = colander.SchemaNode(
        colander.Boolean(), title=_("Remove the attached file"), missing=False
    )


def _time_validator(node, value):
    if not _TIME.match(value or ""):
        raise colander.Invalid(node, _("Write the time as HH:MM, for example 09:30."))


def _time(title):
    return colander.SchemaNode(
        colander.String(),
        title=title,
        preparer=stripped,
        validator=_time_validator,
        widget=deform.widget.TextInputWidget(attributes={"type": "time"}),
    )


class AgendaTexts(colander.MappingSchema):
    """An agenda item's words in one language: each is optional, and the
    service asks for the title in at least one language."""

    title = text_field(_("Title"), missing="", validator=colander.Length(min=2, max=200))
    place = text_field(_("Place"), missing="", validator=colander.Length(max=300))
    description = text_field(
        _("Description"), rows=4, missing="", validator=colander.Length(max=5000)
    )


class AgendaSchema(CSRFSchema):
    day = colander.SchemaNode(
        colander.Date(),
        title=_("Date"),
        description=_("Almaty time. Format: YYYY-MM-DD."),
        widget=deform.widget.TextInputWidget(attributes={"type": "date"}),
    )
    starts = _time(_("Starts at"))
    ends = _time(_("Ends at"))
    # A fieldset per language: each juror reads the agenda in theirs.
    kk = AgendaTexts(title=_("Kazakh"))
    ru = AgendaTexts(title=_("Russian"))
    en = AgendaTexts(title=_("English"))


class ThreadSchema(CSRFSchema):
    title = text_field(_("Subject"), validator=colander.Length(min=2, max=200))
    text = text_field(_("First message"), rows=6, validator=colander.Length(min=1, max=20_000))


class PostSchema(CSRFSchema):
    text = text_field(_("Your message"), rows=6, validator=colander.Length(min=1, max=20_000))


class RecommendationSchema(CSRFSchema):
    title = text_field(_("Title"), validator=colander.Length(min=2, max=200))
    text = text_field(_("Recommendation"), rows=8, validator=colander.Length(min=2, max=20_000))
    reasoning = text_field(
        _("Reasoning"),
        _("Why the panel recommends this."),
        rows=6,
        missing="",
        validator=colander.Length(max=20_000),
    )
    minority = text_field(
        _("Minority opinions"),
        _("Views of jurors who disagree, in their words."),
        rows=4,
        missing="",
        validator=colander.Length(max=20_000),
    )
    note = text_field(
        _("What changed"),
        _("Optional: a short note for the revision history."),
        missing="",
        validator=colander.Length(max=300),
    )


class EditRecommendationSchema(RecommendationSchema):
    based_on = colander.SchemaNode(
        colander.Integer(), widget=deform.widget.HiddenWidget(), validator=colander.Range(min=0)
    )


class VoteSchema(CSRFSchema):
    """The vote form is written out in the template (a fieldset with a legend);
    this checks what it sends."""

    vote = colander.SchemaNode(
        colander.String(), validator=colander.OneOf([v for v, _t in VOTE_CHOICES])
    )


class InviteExpertSchema(CSRFSchema):
    email = colander.SchemaNode(
        colander.String(),
        title=_("E-mail address of the expert's account"),
        preparer=stripped,
        validator=colander.Email(_("This is not a valid e-mail address.")),
        widget=deform.widget.TextInputWidget(attributes={"type": "email"}),
    )
