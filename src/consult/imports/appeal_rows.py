"""The rows of a file of appeals received by phone, on paper or at a visit
(an organisation's register, exported as CSV or .xlsx): which column holds
which field, and each row read into an `AppealRow` or refused with its
reason (reading.py reads the file, formats.Rejection records a refusal).

What a row alone can tell is checked here (no text, no registration
number, a date that is no date or in the future, a channel, kind or
"public" cell that means nothing); what needs the site (a category or a
territory it does not know, a place no organisation covers) is checked by
the import against the database (appeal_imports)."""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from ..appeals.intake import OFFLINE_CHANNELS
from ..appeals.models import KINDS
from ..i18n import _
from .dates import DEFAULT_ZONE
from .formats import FormatError, RowRejected, parse_date, parse_mapping

#: The fields of a received appeal; `id`, `received`, `category`, `kato` and
#: `text` must have a column, the others may come from the options.
FIELDS = (
    "id", "received", "channel", "kind", "category", "kato", "address", "text", "public",
    "name", "contact",
)  # fmt: skip
REQUIRED = ("id", "received", "category", "kato", "text")
DEFAULT_COLUMNS = {name: name for name in FIELDS}

# Words a register writes, in English, Russian and Kazakh, compared without case.
CHANNEL_WORDS = {
    **{name: name for name in OFFLINE_CHANNELS},
    "telephone": "phone", "телефон": "phone", "звонок": "phone", "қоңырау": "phone",
    "letter": "paper", "post": "paper", "письмо": "paper", "бумага": "paper",
    "почта": "paper", "хат": "paper", "қағаз": "paper",
    "reception": "visit", "приём": "visit", "прием": "visit", "личный приём": "visit",
    "личный прием": "visit", "қабылдау": "visit",
}  # fmt: skip
KIND_WORDS = {
    **{name: name for name in KINDS},
    "жалоба": "complaint", "шағым": "complaint",
    "предложение": "proposal", "ұсыныс": "proposal",
    "заявление": "request", "запрос": "request", "өтініш": "request", "сұрау": "request",
    "отклик": "feedback", "отзыв": "feedback", "пікір": "feedback",
}  # fmt: skip
PUBLIC_WORDS = {
    "yes": True, "true": True, "1": True, "public": True, "да": True, "иә": True,
    "no": False, "false": False, "0": False, "private": False, "нет": False, "жоқ": False,
}  # fmt: skip


@dataclass
class AppealRow:
    number: int  # as in a spreadsheet: the header is row 1
    key: str  # the registration number: the same number is the same appeal
    received: datetime  # aware, UTC
    channel: str
    kind: str
    category: str
    kato: str
    address: str
    text: str
    public: bool
    name: str
    contact: str
    cells: dict = field(default_factory=dict, repr=False)  # the row as read, for a report


def _word(words, value, message):
    normalized = " ".join((value or "").split()).casefold()
    if normalized not in words:
        choices = ", ".join(sorted({str(v).lower() for v in words.values()}))
        raise RowRejected(_(message, mapping={"value": repr(value), "choices": choices}))
    return words[normalized]


@dataclass
class AppealFormat:
    """How to read an organisation's file of received appeals."""

    columns: dict
    channel: str | None = None  # for rows without a channel cell
    kind: str | None = None  # for rows without a kind cell
    public: bool = False  # for rows without a "public" cell
    zone: ZoneInfo = DEFAULT_ZONE
    now: datetime | None = None  # rows received after this are refused

    def check_header(self, header):
        present = {column.strip() for column in header}
        columns = {name: column for name, column in self.columns.items() if column in present}
        for name in REQUIRED:
            if name not in columns:
                raise FormatError(
                    f"no column {self.columns.get(name)!r} for the {name} "
                    f"(columns: {', '.join(header)}); map it: {name}=Column"
                )
        if "channel" not in columns and self.channel is None:
            raise FormatError(
                "say how these appeals were received: a channel column or the "
                f"channel option ({', '.join(OFFLINE_CHANNELS)})"
            )
        if "kind" not in columns and self.kind is None:
            raise FormatError(
                f"say what kind of appeals these are: a kind column or the kind option "
                f"({', '.join(KINDS)})"
            )
        return columns

    def duplicate_of(self, number):
        return _("the same registration number as row ${row}", mapping={"row": str(number)})

    def row(self, number, cells, columns):
        def cell(name):
            column = columns.get(name)
            return (cells.get(column) or "").strip() if column else ""

        external_id = cell("id")
        if not external_id:
            raise RowRejected(_("no registration number"))
        text = cell("text")
        if not text:
            raise RowRejected(_("the text is empty"))
        received = parse_date(cell("received"), self.zone)
        if self.now is not None and received > self.now:
            raise RowRejected(
                _(
                    "the date ${date} UTC is in the future",
                    mapping={"date": f"{received:%Y-%m-%d %H:%M}"},
                )
            )
        channel = _word(
            CHANNEL_WORDS,
            cell("channel") or self.channel,
            _("channel ${value} is not one of ${choices}"),
        )
        kind = _word(
            KIND_WORDS, cell("kind") or self.kind, _("kind ${value} is not one of ${choices}")
        )
        public_cell = cell("public")
        public = (
            _word(PUBLIC_WORDS, public_cell, _("public ${value} is not yes or no"))
            if public_cell
            else self.public
        )
        return AppealRow(
            number=number,
            key=external_id,
            received=received,
            channel=channel,
            kind=kind,
            category=cell("category"),
            kato=cell("kato"),
            address=cell("address"),
            text=text,
            public=public,
            name=cell("name"),
            contact=cell("contact"),
            cells=cells,
        )


def appeal_format(mapping="", channel=None, kind=None, public=False, zone=DEFAULT_ZONE, now=None):
    """The AppealFormat of the import page's options; FormatError when they
    cannot be used."""
    columns = dict(DEFAULT_COLUMNS, **parse_mapping(mapping, FIELDS))
    if channel is not None and channel not in OFFLINE_CHANNELS:
        raise FormatError(f"channel {channel!r} is not one of {', '.join(OFFLINE_CHANNELS)}")
    if kind is not None and kind not in KINDS:
        raise FormatError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    return AppealFormat(columns, channel=channel, kind=kind, public=public, zone=zone, now=now)
