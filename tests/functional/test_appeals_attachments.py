"""Photos and documents attached to an appeal through the filing form: real
JPEGs made by Pillow with GPS data in their EXIF are stored without it
(unless the person keeps the location, which then only they and the staff
are served), a PDF is kept, a file too large or not of an accepted type
(whatever its name) brings the form back with the text kept and a message,
and who may download what: a private appeal's file is refused to others,
a public appeal's file only when the person made it public."""

import io

import pytest
from appeal_world import routed_akimats
from PIL import ExifTags, Image
from webtest import Upload

AUTHOR, CLERK, OTHER = "author@example.kz", "clerk@example.kz", "other@example.kz"
ASTANA = "710000000"
TEXT = "A fallen tree blocks the pavement on Kenesary street near the school"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def photo(kind="JPEG", size=(80, 40), orientation=None):
    """A picture whose EXIF says where it was taken and with what camera."""
    picture = Image.new("RGB", size, "green")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 10.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (71.0, 26.0, 30.0)
    output = io.BytesIO()
    picture.save(output, kind, exif=exif.tobytes())
    return output.getvalue()


def exif_of(data):
    with Image.open(io.BytesIO(data)) as picture:
        exif = picture.getexif()
        return dict(exif), dict(exif.get_ifd(ExifTags.IFD.GPSInfo)), picture.size


@pytest.fixture
def world(database, clock, make_user):
    ids = {AUTHOR: make_user(AUTHOR, "Aigerim", "Serikova")}
    ids[CLERK] = make_user(CLERK, "Marat", "Officialov")
    ids[OTHER] = make_user(OTHER, "Dana", "Otherova")
    with database() as root:
        routed_akimats(
            root,
            clock,
            {("astana-akimat", ids[CLERK]): "answerer"},
            category=("trees", {"en": "Trees"}),
            akimats=("astana-akimat",),
        )
    return ids


@pytest.fixture
def author(app, world, login):
    login(app, AUTHOR)
    return app


def file(app, files, public=True, keep_location=False, files_public=False, text=TEXT):
    form = app.get("/appeals/new").forms["deform"]
    form["kind"] = "complaint"
    form["category"] = "trees"
    form["kato"] = ASTANA
    form["text"] = text
    form["public"] = public
    form["keep_location"] = keep_location
    form["attachments_public"] = files_public
    uploads = form.fields["upload"]
    assert len(uploads) == 5  # as many fields as files allowed, no script needed
    for field, (name, data) in zip(uploads, files, strict=False):
        field.value = Upload(name, data, "application/octet-stream")
    return form.submit("file")


def stored_files(database):
    with database() as root:
        (appeal,) = root["appeals"].values()
        return appeal.name, [
            (a.filename, a.content_type, a.data.data, a.located and a.located.data, a.public)
            for a in appeal.attachments
        ]


def test_a_photo_is_stored_without_its_exif_and_a_pdf_as_sent(author, database):
    sent = file(author, [("IMG_0001.JPG", photo(orientation=6)), ("plan.pdf", PDF)])
    assert sent.status_code == 303
    _number, files = stored_files(database)
    (name, kind, data, located, public), pdf = files
    assert (name, kind, located, public) == ("IMG_0001.jpg", "image/jpeg", None, False)
    tags, gps, size = exif_of(data)
    assert gps == {} and tags == {}  # no location, no camera, no orientation tag
    assert size == (40, 80)  # turned upright as the camera said
    assert pdf[:3] == ("plan.pdf", "application/pdf", PDF)


def test_a_kept_location_is_served_to_the_author_and_staff_only(author, app, database, login):
    file(author, [("tree.webp", photo("WEBP"))], keep_location=True, files_public=True)
    number, [(name, kind, data, located, public)] = stored_files(database)
    assert kind == "image/webp" and public
    assert exif_of(data)[1] == {}
    tags, gps, _size = exif_of(located)
    assert gps[ExifTags.GPS.GPSLatitude] == (51.0, 10.0, 12.0)
    assert ExifTags.Base.Make not in tags  # the location only, not the camera
    url = f"/appeals/{number}/attachment/1"
    mine = author.get(url)
    assert exif_of(mine.body)[1] != {}
    assert mine.headers["Content-Type"] == "image/webp"
    assert mine.headers["X-Content-Type-Options"] == "nosniff"
    assert mine.headers["Content-Disposition"].startswith('inline; filename="tree.webp"')
    login(app, CLERK)
    assert exif_of(app.get(url).body)[1] != {}
    login(app, OTHER)
    public_copy = app.get(url)
    assert public_copy.body == data and exif_of(public_copy.body)[1] == {}
    assert "tree.webp" in app.get(f"/appeals/{number}/").text


def test_files_not_marked_public_stay_with_the_author_and_staff(author, app, database, login):
    file(author, [("plan.pdf", PDF)], public=True, files_public=False)
    number, _files = stored_files(database)
    url = f"/appeals/{number}/attachment/1"
    download = author.get(url)
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith('attachment; filename="plan.pdf"')
    login(app, OTHER)
    app.get(url, status=403)
    assert "plan.pdf" not in app.get(f"/appeals/{number}/").text
    app.get(f"/appeals/{number}/attachment/9", status=404)


def test_a_private_appeals_file_is_refused_to_others(author, app, database, login):
    file(author, [("IMG_2.png", photo("PNG"))], public=False, files_public=True)
    number, [(_name, kind, data, _located, _public)] = stored_files(database)
    assert kind == "image/png" and exif_of(data)[1] == {}
    login(app, OTHER)
    app.get(f"/appeals/{number}/attachment/1", status=403)
    login(app, CLERK)
    assert app.get(f"/appeals/{number}/attachment/1").body == data


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), "big.pdf is too large"),
        ("holiday.jpg", b"<html><script>alert(1)</script></html>", "is not a JPEG, PNG"),
        ("broken.jpg", photo()[:200], "cannot be read"),
    ],
    ids=["too big", "not an image though named .jpg", "truncated"],
)
def test_a_bad_file_brings_the_form_back_with_the_text(author, database, name, data, message):
    page = file(author, [("fine.pdf", PDF), (name, data)])
    assert page.status_code == 200
    assert message in page.html.select_one(".alert").text
    assert page.forms["deform"]["text"].value == TEXT
    with database() as root:
        assert len(root["appeals"]) == 0
