"""Uploaded zip archives (.docx, .odt, .xlsx) checked before anything unpacks them.

An Office file is a zip archive, and a small one can unpack to a great deal:
a 340 KB .docx holding a 300 MB `word/media/image1.png` took the server from
329 MB to 919 MB while python-docx read it. `check_archive` refuses such a file
from what it is, before a library opens it:

- what the archive declares: at most `MAX_MEMBERS` members, stored or
  deflated (bzip2 and LZMA expand without a bound per call), not encrypted,
  together at most `max_unpacked` bytes, and no member over 100 KiB that
  expands more than `MAX_RATIO` times (Apache POI's zip-bomb rule: a real
  Office part compresses 5-20 times, a run of zeros a thousand);
- what it really holds: every member is inflated in 64 KiB steps, and one
  whose output runs past its declared size is refused at that point. The
  libraries read a member whole (`zipfile` inflates it in one call and only
  then cuts it to the declared size), so a member that lies about its size
  must never reach them.

Memory stays at the upload plus one step: the output is counted, not kept."""

import io
import struct
import zipfile
import zlib

from .i18n import _
from .refusals import Refusal

MiB = 1024 * 1024
MAX_MEMBERS = 5000
MAX_RATIO = 100
RATIO_GRACE_BYTES = 100 * 1024
STEP_BYTES = 64 * 1024
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # APPNOTE 4.3.7, 30 bytes
_LOCAL_SIGNATURE = b"PK\x03\x04"


class ArchiveRefused(Refusal):
    """The archive is refused; `message` says why."""


class ArchiveDamaged(ArchiveRefused):
    """Not a zip archive, or one whose members are not what it declares."""


def _too_large(limit):
    return ArchiveRefused(
        _(
            "This file unpacks to more than ${limit} MB. Remove large pictures or embedded "
            "files from it, or split it, and upload it again.",
            mapping={"limit": limit // MiB},
        )
    )


def _suspicious():
    return ArchiveRefused(
        _(
            "This file is packed in a way word processors never pack a document (a part of it "
            "expands more than ${ratio} times). Save it again from your word processor and "
            "upload it.",
            mapping={"ratio": MAX_RATIO},
        )
    )


def _damaged():
    return ArchiveDamaged(
        _(
            "This file is damaged or is not the kind of document it claims "
            "to be. Save it again from your word processor and upload it."
        )
    )


def check_archive(data, max_unpacked):
    """Refuse the zip archive `data` unless every member is within the bounds
    above and inflates to exactly its declared size: ArchiveDamaged when it is
    not a sound zip archive, ArchiveRefused when it unpacks to too much."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as error:
        raise _damaged() from error
    if len(members) > MAX_MEMBERS:
        raise _damaged()
    declared = 0
    for member in members:
        if member.compress_type not in _METHODS or member.flag_bits & 0x1:
            raise _damaged()
        declared += member.file_size
        if declared > max_unpacked:
            raise _too_large(max_unpacked)
        if member.file_size > RATIO_GRACE_BYTES and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise _suspicious()
    for member in members:
        _check_member(data, member)


def _check_member(data, member):
    """Inflate `member` step by step, counting; refuse it as soon as its
    output passes the declared size, or if it ends short of it."""
    start = member.header_offset
    header = data[start : start + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size:
        raise _damaged()
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != _LOCAL_SIGNATURE:
        raise _damaged()
    name_length, extra_length = fields[9], fields[10]
    begin = start + _LOCAL_HEADER.size + name_length + extra_length
    packed = data[begin : begin + member.compress_size]
    if len(packed) != member.compress_size:
        raise _damaged()
    if member.compress_type == zipfile.ZIP_STORED:
        if member.compress_size != member.file_size:
            raise _damaged()
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    produced, pending = 0, packed
    try:
        while not inflater.eof:
            step = inflater.decompress(pending, STEP_BYTES)
            produced += len(step)
            if produced > member.file_size:
                raise _damaged()
            pending = inflater.unconsumed_tail
            if not step and not pending:
                break  # the stream ends early: refused below
    except zlib.error as error:
        raise _damaged() from error
    if produced != member.file_size or not inflater.eof:
        raise _damaged()
