"""Zip archives written by hand, so that a test can make one that declares
what it likes: a huge member compressed a thousand times, or a member whose
deflate stream runs far past the size its headers declare. The data is
made from one deflated MiB repeated, so a 300 MB member takes no 300 MB
to make."""

import io
import struct
import zipfile
import zlib

from docx import Document

MiB = 1024 * 1024
IMAGE = "word/media/image1.png"


def deflated_zeros(size):
    """(raw deflate stream of `size` zero bytes, its CRC-32). One MiB is
    deflated once and its blocks repeated: a full flush makes them stand alone."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    piece = packer.compress(bytes(MiB)) + packer.flush(zlib.Z_FULL_FLUSH)
    whole, tail = divmod(size, MiB)
    crc = 0
    for _ in range(whole):
        crc = zlib.crc32(bytes(MiB), crc)
    crc = zlib.crc32(bytes(tail), crc)
    ender = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return piece * whole + ender.compress(bytes(tail)) + ender.flush(), crc


def zip_archive(members):
    """A zip archive of `members`: (name, raw deflate data or bytes to store,
    declared size, declared CRC, method) tuples, method 8 (deflate) or 0."""
    body, directory = b"", b""
    for name, data, size, crc, method in members:
        encoded = name.encode()
        header = struct.pack(
            "<4s5H3L2H",
            b"PK\x03\x04",
            20,
            0,
            method,
            0,
            0x21,
            crc,
            len(data),
            size,
            len(encoded),
            0,
        )
        directory += (
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                len(body),
            )
            + encoded
        )
        body += header + encoded + data
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), len(body), 0
    )
    return body + directory + end


def _tiny_png():
    def chunk(kind, data):
        return (
            struct.pack(">L", len(data)) + kind + data + struct.pack(">L", zlib.crc32(kind + data))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">2L5B", 1, 1, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def real_docx_members(text="Статья 1. Общие положения\n\n1. Текст статьи.", picture=False):
    """The members of a real .docx (python-docx's), as zip_archive tuples;
    with `picture`, a 1-pixel PNG at word/media/image1.png shown in the text."""
    buffer = io.BytesIO()
    document = Document()
    for block in text.split("\n\n"):
        document.add_paragraph(block)
    if picture:
        document.add_picture(io.BytesIO(_tiny_png()))
    document.save(buffer)
    members = []
    with zipfile.ZipFile(buffer) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
            members.append(
                (
                    info.filename,
                    packer.compress(data) + packer.flush(),
                    len(data),
                    zlib.crc32(data),
                    8,
                )
            )
    return members


def _with_image(data, size, crc):
    members = [m for m in real_docx_members(picture=True) if m[0] != IMAGE]
    assert len(members) < len(real_docx_members(picture=True)), "python-docx renamed it"
    return zip_archive(members + [(IMAGE, data, size, crc, 8)])


def docx_with_image(size):
    """A real .docx whose picture, `word/media/image1.png`, is `size` zero
    bytes, declared honestly (it compresses about a thousand times)."""
    data, crc = deflated_zeros(size)
    return _with_image(data, size, crc)


def docx_with_lying_member(real_size, declared=1024):
    """The same, but the picture's deflate stream makes `real_size` bytes
    while its headers declare `declared` (and the CRC of that many)."""
    data, _crc = deflated_zeros(real_size)
    return _with_image(data, declared, zlib.crc32(bytes(declared)))
