"""check_archive on archives written by hand (tests/zip_bombs.py): what is
declared is checked before anything is inflated, and a member is inflated in
steps that stop where its declared size ends."""

import io
import tracemalloc
import zipfile
import zlib

import pytest
from zip_bombs import (
    MiB,
    deflated_zeros,
    docx_with_image,
    docx_with_lying_member,
    real_docx_members,
    zip_archive,
)

from consult.archives import MAX_MEMBERS, ArchiveDamaged, ArchiveRefused, check_archive

LIMIT = 100 * MiB


def stored(name, data):
    return (name, data, len(data), zlib.crc32(data), 0)


def peak_while(call):
    tracemalloc.start()
    try:
        call()
    except ArchiveRefused:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def test_a_real_docx_passes():
    check_archive(zip_archive(real_docx_members(picture=True)), LIMIT)


def test_an_archive_written_by_zipfile_passes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("content.xml", "<office:text>" + "Жюри. " * 5000 + "</office:text>")
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
    check_archive(buffer.getvalue(), LIMIT)


def test_what_is_declared_past_the_limit_is_refused_without_inflating():
    bomb = docx_with_image(300 * MiB)
    with pytest.raises(ArchiveRefused) as refused:
        check_archive(bomb, LIMIT)
    assert not isinstance(refused.value, ArchiveDamaged)
    assert refused.value.message.mapping == {"limit": 100}
    assert peak_while(lambda: check_archive(bomb, LIMIT)) < MiB


def test_the_limit_counts_every_member_not_only_xml():
    picture = bytes(range(256)) * (3 * MiB // 256)  # stored: pictures are packed already
    members = [stored(f"word/media/image{n}.png", picture) for n in range(4)]
    check_archive(zip_archive(members), 12 * MiB)
    with pytest.raises(ArchiveRefused):
        check_archive(zip_archive(members), 12 * MiB - 1)


def test_a_member_packed_over_the_ratio_is_refused():
    data, crc = deflated_zeros(MiB)
    with pytest.raises(ArchiveRefused) as refused:
        check_archive(zip_archive([("word/document.xml", data, MiB, crc, 8)]), LIMIT)
    assert "${ratio}" in refused.value.message


def test_a_small_member_may_compress_well():
    data, crc = deflated_zeros(90 * 1024)  # under the 100 KiB grace
    check_archive(zip_archive([("word/styles.xml", data, 90 * 1024, crc, 8)]), LIMIT)


def test_a_member_that_inflates_past_its_declared_size_is_cut_off():
    liar = docx_with_lying_member(300 * MiB, declared=1024)
    with pytest.raises(ArchiveDamaged):
        check_archive(liar, LIMIT)
    assert peak_while(lambda: check_archive(liar, LIMIT)) < 2 * MiB


def test_a_member_that_ends_short_of_its_declared_size_is_refused():
    data, crc = deflated_zeros(1000)
    with pytest.raises(ArchiveDamaged):
        check_archive(zip_archive([("word/document.xml", data, 2000, crc, 8)]), LIMIT)
    truncated = data[: len(data) // 2]
    with pytest.raises(ArchiveDamaged):
        check_archive(zip_archive([("word/document.xml", truncated, 1000, crc, 8)]), LIMIT)


def test_stored_members_must_be_the_size_they_say():
    check_archive(zip_archive([stored("mimetype", b"application/zip")]), LIMIT)
    name, data, _size, crc, method = stored("mimetype", b"application/zip")
    with pytest.raises(ArchiveDamaged):
        check_archive(zip_archive([(name, data, len(data) + 1, crc, method)]), LIMIT)


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_methods_that_expand_without_a_bound_per_call_are_refused(method):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ArchiveDamaged):
        check_archive(buffer.getvalue(), LIMIT)


def test_encrypted_members_are_refused():
    archive = bytearray(zip_archive([stored("word/document.xml", b"<w:document/>")]))
    # The encryption bit of the general purpose flags, in both headers.
    archive[6] |= 1
    directory = archive.index(b"PK\x01\x02")
    archive[directory + 8] |= 1
    with pytest.raises(ArchiveDamaged):
        check_archive(bytes(archive), LIMIT)


def test_too_many_members_are_refused():
    members = [stored(f"part{n}.xml", b"") for n in range(MAX_MEMBERS + 1)]
    with pytest.raises(ArchiveDamaged):
        check_archive(zip_archive(members), LIMIT)


@pytest.mark.parametrize(
    "data", [b"", b"not a zip", b"PK\x03\x04rest", zip_archive(real_docx_members())[:2000]]
)
def test_what_is_not_a_zip_archive_is_damaged(data):
    with pytest.raises(ArchiveDamaged):
        check_archive(data, LIMIT)
