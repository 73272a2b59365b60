"""An appeal's attachments (appeals.attachments): the type told by the
bytes, the name made safe, a photo cleaned of its EXIF (its GPS data kept
apart when the person asks), and the bound on the number of files."""

import io
from datetime import UTC, datetime

import pytest
from PIL import ExifTags, Image

from consult.appeals.attachments import (
    PDF,
    Attaching,
    prepare_attachment,
    safe_filename,
    sniff,
)
from consult.appeals.interfaces import AppealError
from consult.appeals.models import Appeal


def photo(kind="JPEG"):
    picture = Image.new("RGB", (30, 20), "blue")
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "Camera 9"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] = (43.0, 15.0, 0.0)
    output = io.BytesIO()
    picture.save(output, kind, exif=exif.tobytes())
    return output.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (photo("JPEG"), "image/jpeg"),
        (photo("PNG"), "image/png"),
        (photo("WEBP"), "image/webp"),
        (b"%PDF-1.7\n...", PDF),
        (b"GIF89a...", None),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", None),
        (b"", None),
    ],
    ids=["jpeg", "png", "webp", "pdf", "gif", "svg", "empty"],
)
def test_the_type_is_read_from_the_bytes(data, expected):
    assert sniff(data) == expected


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("IMG 0001.JPG", "image/jpeg", "IMG_0001.jpg"),
        ("C:\\Users\\me\\фото двора.png", "image/png", "фото_двора.png"),
        ('"><script>.pdf', PDF, "script.pdf"),
        ("report.pdf.exe", PDF, "report.pdf.pdf"),
        ("", "image/webp", "attachment.webp"),
    ],
)
def test_the_name_is_made_safe_with_the_real_extension(name, kind, expected):
    assert safe_filename(name, kind) == expected


def test_a_photo_loses_its_exif_and_keeps_its_location_apart_when_asked():
    plain = prepare_attachment("a.jpg", photo(), keep_location=False, max_mb=1)
    assert plain.located is None
    assert dict(Image.open(io.BytesIO(plain.data)).getexif()) == {}
    kept = prepare_attachment("a.jpg", photo(), keep_location=True, max_mb=1)
    assert dict(Image.open(io.BytesIO(kept.data)).getexif()) == {}
    exif = Image.open(io.BytesIO(kept.located)).getexif()
    assert exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] == (43.0, 15.0, 0.0)
    assert ExifTags.Base.Model not in exif


def test_a_file_over_the_bound_or_of_another_type_is_refused():
    with pytest.raises(AppealError, match="too large"):
        prepare_attachment("big.pdf", b"%PDF-" + b"0" * 1024 * 1024, False, max_mb=1)
    with pytest.raises(AppealError, match="is not a JPEG, PNG or WebP picture nor a PDF"):
        prepare_attachment("x.jpg", b"MZ\x90\x00 an executable", False, max_mb=1)


class Service(Attaching):
    def _setting(self, name):
        return {"attachments_max": 2}[name]


def test_an_appeal_takes_at_most_the_files_allowed():
    appeal = Appeal("u1", "complaint", "roads", "1", "", "Text", True, datetime.now(UTC))
    pdf = prepare_attachment("a.pdf", b"%PDF-1.4", False, max_mb=1)
    added = Service().attach(appeal, [pdf, pdf], public=True)
    assert [a.number for a in added] == [1, 2] and appeal.attachments[1].public
    with pytest.raises(AppealError, match="at most 2 files"):
        Service().attach(appeal, [pdf], public=False)
