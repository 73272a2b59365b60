"""Photos and documents attached to an appeal: JPEG, PNG, WebP and PDF,
told by their first bytes, never by their name or the browser's word; a
bounded number, each of a bounded size (`consult.appeals.attachments_max`,
`consult.appeals.attachment_max_mb`).

A picture is decoded and saved again by content.images (the same code as
the site's own pictures): turned upright by its EXIF orientation, with no
EXIF, XMP or other metadata, so a phone's photo no longer says where it was
taken. A person who ticks "keep the location" keeps the photo's GPS data
(and nothing else of its EXIF) in a second copy that only they and the
organisation's staff are served; the public is only ever served the
stripped copy, and only of the files the person marked public on a public
appeal.

The bytes are persistent objects of their own (as content.models.BinaryData),
so that loading an appeal or a queue never loads its files."""

import io
import re
import unicodedata

from persistent import Persistent
from persistent.list import PersistentList
from PIL import ExifTags, Image

from ..bodies import MiB
from ..content.images import prepare_image
from ..content.interfaces import ContentError
from ..i18n import _
from .interfaces import AppealError

JPEG, PNG, WEBP, PDF = "image/jpeg", "image/png", "image/webp", "application/pdf"
IMAGES = (JPEG, PNG, WEBP)
EXTENSIONS = {JPEG: ".jpg", PNG: ".png", WEBP: ".webp", PDF: ".pdf"}
PIL_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}


def sniff(data):
    """The type of `data` from its first bytes (JPEG, PNG, WebP, PDF), or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"%PDF-"):
        return PDF
    return None


def _stem(name):
    stem = (name or "").replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    stem = unicodedata.normalize("NFC", stem)
    return re.sub(r"[^\w.-]+", "_", stem).strip("._")[:80] or "attachment"


def safe_filename(name, content_type):
    """The file's own name reduced to letters, digits, dots, dashes and
    underscores (it ends in a header and a page), with the extension of the
    type it really is."""
    return _stem(name) + EXTENSIONS[content_type]


class AttachmentData(Persistent):
    def __init__(self, data):
        self.data = bytes(data)


class Attachment(Persistent):
    """One file of an appeal: `data` has no metadata at all; `located`, when
    the person kept a photo's location, the same picture with its GPS data,
    for the person and the staff only."""

    def __init__(self, number, filename, content_type, data, public, located=None):
        self.number = number
        self.filename = filename
        self.content_type = content_type
        self.size = len(data)
        self.data = AttachmentData(data)
        self.located = AttachmentData(located) if located is not None else None
        self.public = bool(public)  # the person's choice, on a public appeal

    @property
    def is_image(self):
        return self.content_type in IMAGES


class PreparedAttachment:
    def __init__(self, filename, content_type, data, located=None):
        self.filename, self.content_type = filename, content_type
        self.data, self.located = data, located


def _located(original, cleaned, content_type):
    """`cleaned` again with the GPS data of `original` and no other EXIF;
    None when the original has none."""
    with Image.open(io.BytesIO(original)) as picture:
        gps = dict(picture.getexif().get_ifd(ExifTags.IFD.GPSInfo))
    if not gps:
        return None
    exif = Image.Exif()
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(gps)
    with Image.open(io.BytesIO(cleaned)) as picture:
        output = io.BytesIO()
        options = {"quality": 95} if content_type != PNG else {}
        picture.save(output, PIL_FORMATS[content_type], exif=exif.tobytes(), **options)
    return output.getvalue()


def prepare_attachment(name, data, keep_location, max_mb):
    """A PreparedAttachment of the uploaded file `name`.

    :raises AppealError: too large, not an accepted type, a damaged picture.
    """
    shown = (name or "").rsplit("/", 1)[-1][:80] or _stem(name)
    if len(data) > max_mb * MiB:
        raise AppealError(
            _(
                "${name} is too large: a file may have at most ${limit} MB.",
                mapping={"name": shown, "limit": max_mb},
            )
        )
    content_type = sniff(data)
    if content_type is None:
        raise AppealError(
            _(
                "${name} is not a JPEG, PNG or WebP picture nor a PDF document.",
                mapping={"name": shown},
            )
        )
    filename = safe_filename(name, content_type)
    if content_type == PDF:
        return PreparedAttachment(filename, PDF, data)
    try:
        cleaned = prepare_image(data).data
    except ContentError as error:
        raise AppealError(
            _("${name}: ${problem}", mapping={"name": shown, "problem": error.message})
        ) from None
    located = _located(data, cleaned, content_type) if keep_location else None
    return PreparedAttachment(filename, content_type, cleaned, located)


class Attaching:
    """AppealService's attaching of files to an appeal."""

    def attach(self, appeal, prepared, public):
        """Attach the PreparedAttachments `prepared`; `public`: the person
        lets the public see them (only on a public appeal, stripped)."""
        limit = self._setting("attachments_max")
        _require(
            len(appeal.attachments) + len(prepared) <= limit,
            _("An appeal may have at most ${limit} files.", mapping={"limit": limit}),
        )
        if not prepared:
            return []
        if not isinstance(appeal.attachments, PersistentList):
            appeal.attachments = PersistentList()
        added = []
        for item in prepared:
            attachment = Attachment(
                len(appeal.attachments) + 1,
                item.filename,
                item.content_type,
                item.data,
                public,
                item.located,
            )
            appeal.attachments.append(attachment)
            added.append(attachment)
        return added


def attachment_of(appeal, number):
    """The appeal's attachment `number` (1, 2, ...), or None."""
    for attachment in appeal.attachments:
        if str(attachment.number) == str(number):
            return attachment
    return None


def _require(condition, message):
    if not condition:
        raise AppealError(message)
