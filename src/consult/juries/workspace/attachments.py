"""What an evidence item may carry: the file types, their checks and their
limits. The type sent back on download comes from this table, never from
the browser that uploaded."""

from ...archives import ArchiveDamaged, ArchiveRefused, MiB, check_archive
from ...i18n import _
from .interfaces import WorkspaceError

MAX_ATTACHMENT_MB = 10
MAX_ATTACHMENT_UNPACKED_MB = 100
ARCHIVE_TYPES = (".docx", ".odt")
# Extension -> (content type, check of the first bytes). The type sent back
# on download comes from this table, never from the browser that uploaded.
ATTACHMENT_TYPES = {
    ".pdf": ("application/pdf", lambda data: data.startswith(b"%PDF-")),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        lambda data: data.startswith(b"PK\x03\x04"),
    ),
    ".odt": (
        "application/vnd.oasis.opendocument.text",
        lambda data: data.startswith(b"PK\x03\x04"),
    ),
    ".txt": ("text/plain; charset=utf-8", lambda data: _is_utf8(data)),
}


def _is_utf8(data):
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in data


def attachment_from_upload(filename, data):
    """(clean filename, content type) of an upload, or WorkspaceError."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip() or "file"
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ATTACHMENT_TYPES:
        raise WorkspaceError(_("Attach a PDF, DOCX, ODT or TXT file."), "upload")
    if len(data) > MAX_ATTACHMENT_MB * 1024 * 1024:
        raise WorkspaceError(
            _(
                "The file is too large: the limit is ${limit} MB.",
                mapping={"limit": MAX_ATTACHMENT_MB},
            ),
            "upload",
        )
    content_type, looks_right = ATTACHMENT_TYPES[extension]
    if not data or not looks_right(data):
        raise WorkspaceError(
            _("This file is not a readable ${kind} file.", mapping={"kind": extension[1:].upper()}),
            "upload",
        )
    if extension in ARCHIVE_TYPES:
        # Stored as it is, but each juror's word processor unpacks it.
        try:
            check_archive(data, MAX_ATTACHMENT_UNPACKED_MB * MiB)
        except ArchiveDamaged as error:
            raise WorkspaceError(
                _(
                    "This file is not a readable ${kind} file.",
                    mapping={"kind": extension[1:].upper()},
                ),
                "upload",
            ) from error
        except ArchiveRefused as error:
            raise WorkspaceError(error.message, "upload") from error
    return name, content_type
