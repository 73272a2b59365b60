"""The formats of a CSV file of offline comments (reading.py reads one).

A *format* says which column holds which field; `--map field=Column,...`
changes the columns of the generic format. Every data row becomes either an
`ImportRow` or a `Rejection` with its spreadsheet row number (the header is
row 1) and the reason, so that one broken row never stops the others."""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ..feedback.comments import CHANNELS
from ..i18n import _
from ..refusals import Refusal
from . import dates
from .dates import DEFAULT_ZONE

#: The fields of an imported comment. Only `text` is required in the file;
#: `date` and `author` are required for the generic format (Polis has its own).
FIELDS = ("id", "text", "author", "author_id", "date", "article", "stance", "channel")

#: The generic format: a column per field, named like the field.
DEFAULT_COLUMNS = {name: name for name in FIELDS}

#: Polis `comments.csv`: timestamp, datetime, comment-id, author-id, agrees,
#: disagrees, moderated, comment-body.
POLIS_COLUMNS = {
    "id": "comment-id",
    "text": "comment-body",
    "author_id": "author-id",
    "date": "timestamp",
    "moderated": "moderated",
}
POLIS_REJECTED = "-1"  # moderated: 1 accepted, 0 not moderated yet, -1 rejected
POLIS_HIDDEN_REASON = "Rejected by the moderators of the original Polis conversation."

STANCE_WORDS = {
    "for": "for",
    "+": "for",
    "yes": "for",
    "за": "for",
    "иә": "for",
    "against": "against",
    "-": "against",
    "no": "against",
    "против": "against",
    "қарсы": "against",
    "neutral": "neutral",
    "0": "neutral",
    "": "neutral",
    "нейтрально": "neutral",
    "бейтарап": "neutral",
}
CHANNEL_WORDS = {
    "e-mail": "email",
    "mail": "email",
    "letter": "post",
    **{name: name for name in CHANNELS},
}
LOCAL_ZONE = DEFAULT_ZONE


class FormatError(ValueError):
    """The file or the mapping cannot be read at all (not one row)."""


class RowRejected(Refusal):
    """One row cannot be imported; `message` says why (translatable for the
    import page; str() is the English the command prints)."""


@dataclass
class ImportRow:
    number: int  # as in a spreadsheet: the header is row 1
    key: str  # the stable import key (see `import_key`)
    author: str  # "import:<source>:<author id>", no account
    author_name: str
    text: str
    created: datetime  # aware, UTC
    article: str  # the raw reference; resolved against the consultation
    stance: str
    channel: str
    hidden_reason: str | None = None
    channel_cell: str = ""  # the channel as the file wrote it
    cells: dict = field(default_factory=dict, repr=False)  # the row as read, for a report


@dataclass
class Rejection:
    number: int
    reason: str  # in English
    cells: dict = field(default_factory=dict)
    message: object = None  # the reason, translatable (a TranslationString)

    @classmethod
    def of(cls, number, message, cells=None):
        english = message.interpolate() if hasattr(message, "interpolate") else str(message)
        return cls(number, english, cells or {}, message)


def parse_mapping(text, fields=FIELDS):
    """`text=Comment,author=Name` -> {"text": "Comment", "author": "Name"},
    each name one of `fields`."""
    mapping = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        name, sep, column = part.partition("=")
        name = name.strip().lower()
        if not sep or name not in fields or not column.strip():
            raise FormatError(
                f"--map: {part.strip()!r} is not field=Column (fields: {', '.join(fields)})"
            )
        mapping[name] = column.strip()
    return mapping


def parse_channel_map(pairs):
    """`["Письмо=post", "Hearing 12 May=hearing"]` -> {"письмо": "post", ...}:
    a file's own channel names (compared without case) and what they mean."""
    channels = {}
    for pair in pairs or ():
        value, sep, channel = pair.rpartition("=")
        value, channel = value.strip().casefold(), channel.strip().lower()
        if not sep or not value:
            raise FormatError(f"--map-channel: {pair!r} is not VALUE=CHANNEL")
        if channel not in CHANNELS:
            raise FormatError(
                f"--map-channel: {channel!r} is not one of {', '.join(CHANNELS)} ({pair!r})"
            )
        channels[value] = channel
    return channels


def import_key(source, row_id, author, created, text):
    """A stable key: the source label with the row's own id when the file has
    one, else with the author, the date and the text."""
    if row_id:
        material = f"{source}\x1fid\x1f{row_id}"
    else:
        material = f"{source}\x1f{author}\x1f{created.isoformat()}\x1f{' '.join(text.split())}"
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


def parse_date(value, zone=LOCAL_ZONE):
    """An aware UTC datetime from a date cell (imports.dates); a date without
    a zone is local time in `zone`."""
    try:
        return dates.parse_date(value, zone)
    except dates.DateNotUnderstood as error:
        raise RowRejected(error.message) from None


def parse_timestamp(value):
    """Polis timestamps: milliseconds since the epoch (seconds in old exports)."""
    try:
        number = int((value or "").strip())
    except ValueError:
        raise RowRejected(
            _("timestamp ${value} is not a number", mapping={"value": repr(value)})
        ) from None
    return dates.from_epoch(number)


def _word(words, value, message):
    normalized = (value or "").strip().casefold()
    if normalized not in words:
        choices = ", ".join(sorted(set(words.values())))
        raise RowRejected(_(message, mapping={"value": repr(value), "choices": choices}))
    return words[normalized]


@dataclass
class Format:
    """How to read one kind of file."""

    name: str
    columns: dict
    source: str
    channel: str | None = None
    stance: str = "neutral"
    zone: ZoneInfo = LOCAL_ZONE
    now: datetime | None = None  # rows dated after this are refused
    # The words a channel cell may hold (CHANNEL_WORDS and --map-channel).
    channel_words: dict = field(default_factory=lambda: dict(CHANNEL_WORDS))

    def check_header(self, header):
        present = {column.strip() for column in header}
        columns = {name: column for name, column in self.columns.items() if column in present}
        if "text" not in columns:
            raise FormatError(
                f"no column {self.columns.get('text')!r} for the text "
                f"(columns: {', '.join(header)}); use --map text=Column"
            )
        if self.name == "generic":
            for name in ("author", "date"):
                if name not in columns:
                    raise FormatError(
                        f"no column {self.columns.get(name)!r} for the {name}; "
                        f"use --map {name}=Column"
                    )
            if "channel" not in columns and self.channel is None:
                raise FormatError(
                    "say how these comments were received: a channel column "
                    f"or --channel ({', '.join(CHANNELS)})"
                )
        return columns

    def row(self, number, cells, columns):
        def cell(name):
            column = columns.get(name)
            return (cells.get(column) or "").strip() if column else ""

        text = cell("text")
        if not text:
            raise RowRejected(_("the text is empty"))
        hidden_reason = None
        if self.name == "polis":
            created = parse_timestamp(cell("date"))
            author_id = cell("author_id")
            if not author_id:
                raise RowRejected(_("no author-id"))
            author_name = f"Polis participant {author_id}"
            channel, stance, channel_cell = "polis", "neutral", ""
            if cell("moderated") == POLIS_REJECTED:
                hidden_reason = POLIS_HIDDEN_REASON
        else:
            created = parse_date(cell("date"), self.zone)
            author_name = " ".join(cell("author").split())
            if not author_name:
                raise RowRejected(_("no author name"))
            author_id = (
                cell("author_id")
                or hashlib.sha256(author_name.casefold().encode("utf-8")).hexdigest()[:12]
            )
            channel_cell = cell("channel")
            channel = _word(
                self.channel_words,
                channel_cell or self.channel,
                _(
                    "channel ${value} is not one of ${choices} "
                    "(--map-channel VALUE=CHANNEL names a file's own)"
                ),
            )
            stance = _word(
                STANCE_WORDS,
                cell("stance") or self.stance,
                _("stance ${value} is not one of ${choices}"),
            )
        if self.now is not None and created > self.now:
            raise RowRejected(
                _(
                    "the date ${date} UTC is in the future",
                    mapping={"date": f"{created:%Y-%m-%d %H:%M}"},
                )
            )
        author = f"import:{self.source}:{author_id}"
        return ImportRow(
            number=number,
            key=import_key(self.source, cell("id"), author, created, text),
            author=author,
            author_name=author_name,
            text=text,
            created=created,
            article=cell("article"),
            stance=stance,
            channel=channel,
            hidden_reason=hidden_reason,
            channel_cell=channel_cell,
            cells=cells,
        )


def make_format(
    name,
    source,
    mapping=None,
    channel=None,
    stance="neutral",
    now=None,
    zone=LOCAL_ZONE,
    channel_map=None,
):
    if name == "polis":
        if mapping:
            raise FormatError("--map does not apply to --format polis")
        if channel_map:
            raise FormatError("--map-channel does not apply to --format polis")
        columns = dict(POLIS_COLUMNS)
    elif name == "generic":
        columns = dict(DEFAULT_COLUMNS, **(mapping or {}))
    else:
        raise FormatError(f"unknown format {name!r} (generic or polis)")
    if channel is not None and channel not in CHANNELS:
        raise FormatError(f"--channel {channel!r} is not one of {', '.join(CHANNELS)}")
    if stance not in ("for", "against", "neutral"):
        raise FormatError(f"--stance {stance!r} is not for, against or neutral")
    return Format(
        name,
        columns,
        source,
        channel=channel,
        stance=stance,
        zone=zone,
        now=now,
        channel_words=dict(CHANNEL_WORDS, **(channel_map or {})),
    )


def default_source(path, format_name):
    """The label of a file's comments when --source is not given: its name
    without extension; Polis exports are all `comments.csv`, so theirs is
    `polis-<folder>` (or `polis-<name>` for `<name>.comments.csv`)."""
    path = Path(path)
    if format_name != "polis":
        return path.stem
    name = path.stem.removesuffix(".comments")
    if name == "comments":
        name = path.resolve().parent.name
    return f"polis-{name}"
