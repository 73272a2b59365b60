"""The import pages' forms: comments (the options of `consult
import-comments`) and an organisation's appeals received off the site."""

import colander
import deform

from ..appeals.intake import CHANNELS as RECEIVED_CHANNELS
from ..appeals.intake import OFFLINE_CHANNELS
from ..appeals.models import KINDS
from ..feedback.comments import CHANNELS
from ..forms import CSRFSchema
from ..i18n import _
from .dates import DEFAULT_ZONE
from .services import DEFAULT_TARGET

CHANNEL_LABELS = {
    "online": _("On this site"),
    "email": _("E-mail"),
    "post": _("Post"),
    "hearing": _("Public hearing"),
    "polis": _("Polis"),
}
STANCE_LABELS = {"neutral": _("Neutral"), "for": _("For"), "against": _("Against")}


SPREADSHEET_TYPES = (
    ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)


@colander.deferred
def _upload_widget(node, kw):
    return deform.widget.FileUploadWidget(kw["tmpstore"], accept=SPREADSHEET_TYPES)


def _channel_pairs(node, value):
    for line in value.splitlines():
        if line.strip() and "=" not in line:
            raise colander.Invalid(
                node,
                _('Write one name a line, as "Письмо=post": "${line}"', mapping={"line": line}),
            )


class ImportCommentsSchema(CSRFSchema):
    upload = colander.SchemaNode(
        deform.FileData(),
        title=_("CSV or Excel file"),
        widget=_upload_widget,
        description=_(
            "An Excel workbook (.xlsx, its first sheet) or UTF-8 CSV text, the first row "
            "naming the columns, or a Polis comments.csv."
        ),
    )
    format = colander.SchemaNode(
        colander.String(),
        title=_("Kind of file"),
        missing="generic",
        validator=colander.OneOf(("generic", "polis")),
        widget=deform.widget.SelectWidget(
            values=[
                ("generic", _("Letters, e-mails, hearings: a column per field")),
                ("polis", _("A Polis export (comments.csv)")),
            ]
        ),
    )
    map = colander.SchemaNode(
        colander.String(),
        title=_("Columns"),
        missing="",
        description=_(
            "Only when the file's columns have other names: field=Column, separated by "
            "commas, e.g. text=Comment,author=Name,date=Received. Fields: id, text, "
            "author, author_id, date, article, stance, channel."
        ),
    )
    channel = colander.SchemaNode(
        colander.String(),
        title=_("How the comments were received"),
        missing="",
        validator=colander.OneOf(("", *CHANNELS)),
        description=_("For rows without a channel of their own."),
        widget=deform.widget.SelectWidget(
            values=[("", _("As each row says"))]
            + [(name, CHANNEL_LABELS[name]) for name in CHANNELS]
        ),
    )
    map_channel = colander.SchemaNode(
        colander.String(),
        title=_("The file's own channel names"),
        missing="",
        validator=_channel_pairs,
        widget=deform.widget.TextAreaWidget(rows=3),
        description=_(
            'One a line, as the file writes it, "=", then email, post, hearing, polis or '
            'online, e.g. "Письмо=post".'
        ),
    )
    timezone = colander.SchemaNode(
        colander.String(),
        title=_("Time zone of the dates"),
        missing=DEFAULT_ZONE.key,
        default=DEFAULT_ZONE.key,
        description=_(
            "For dates written without one, e.g. Asia/Almaty, Europe/Moscow or UTC. "
            "Dates may be written 2026-03-01 14:30, 01.03.2026, Sun Mar 01 14:30:00 ALMT "
            "2026 or as milliseconds since 1970."
        ),
    )
    stance = colander.SchemaNode(
        colander.String(),
        title=_("Stance of rows without one"),
        missing="neutral",
        validator=colander.OneOf(tuple(STANCE_LABELS)),
        widget=deform.widget.SelectWidget(values=list(STANCE_LABELS.items())),
    )
    target = colander.SchemaNode(
        colander.String(),
        title=_("Where rows without an article go"),
        missing=DEFAULT_TARGET,
        default=DEFAULT_TARGET,
        description=_("question:1 for the first Green-Paper question, article:3 for article 3."),
    )
    source = colander.SchemaNode(
        colander.String(),
        title=_("Label of the file"),
        missing="",
        description=_(
            "The same label every time the same file is imported, so that rows imported "
            "before are recognised (default: the file's name)."
        ),
    )


class ImportAppealsSchema(CSRFSchema):
    """The appeal import page's form: the file and how to read it."""

    upload = colander.SchemaNode(
        deform.FileData(),
        title=_("CSV or Excel file"),
        widget=_upload_widget,
        description=_(
            "An Excel workbook (.xlsx, its first sheet) or UTF-8 CSV text, the first row "
            "naming the columns: id, received, channel, kind, category, kato, address, "
            "text, public, name, contact."
        ),
    )
    map = colander.SchemaNode(
        colander.String(),
        title=_("Columns"),
        missing="",
        description=_(
            "Only when the file's columns have other names: field=Column, separated by "
            "commas, e.g. id=Reg. No.,received=Date,text=Summary."
        ),
    )
    channel = colander.SchemaNode(
        colander.String(),
        title=_("How the appeals were received"),
        missing="",
        validator=colander.OneOf(("", *OFFLINE_CHANNELS)),
        description=_("For rows without a channel of their own."),
        widget=deform.widget.SelectWidget(
            values=[("", _("As each row says"))]
            + [(name, RECEIVED_CHANNELS[name]) for name in OFFLINE_CHANNELS]
        ),
    )
    kind = colander.SchemaNode(
        colander.String(),
        title=_("Kind of appeal of rows without one"),
        missing="",
        validator=colander.OneOf(("", *KINDS)),
        widget=deform.widget.SelectWidget(values=[("", _("As each row says")), *KINDS.items()]),
    )
    public = colander.SchemaNode(
        colander.Boolean(),
        title=_("Public, for rows that do not say (with the first name and initial only)"),
        missing=False,
        default=False,
    )
    timezone = colander.SchemaNode(
        colander.String(),
        title=_("Time zone of the dates"),
        missing=DEFAULT_ZONE.key,
        default=DEFAULT_ZONE.key,
    )
