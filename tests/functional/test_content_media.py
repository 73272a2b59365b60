"""Files and images through the real app: an editor uploads them into a
folder, readers see and download them once published, and nobody without
the right learns that a private one exists (404 for the page, the download
and every scale)."""

import io

import pytest
from PIL import ExifTags, Image
from webtest import TestApp, Upload

from consult.content.services import ContentService

EDITOR = "editor@example.kz"


def jpeg_with_gps(size=(1600, 1200)):
    picture = Image.new("RGB", size, "green")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (43.0, 15.0, 0.0)
    output = io.BytesIO()
    picture.save(output, "JPEG", exif=exif)
    return output.getvalue()


@pytest.fixture
def editor(wsgi_app, make_user, login):
    make_user(EDITOR, "Dana", "Editorova", roles=("editor",))
    client = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
    login(client, EDITOR)
    return client


@pytest.fixture
def publish(database, clock):
    def publish(path):
        with database() as root:
            item = root["pages"][path]
            # As a command would, outside a request (its events reach the
            # change feed, not the audit log, which needs a request).
            service = ContentService(root, clock)
            service.take_step(item, "publish", "reviewer", lambda permission: True)

    return publish


def upload(client, kind, title, file, status=303, language="en"):
    page = client.get("/pages/@@upload", params={"kind": kind})
    form = page.forms["deform"]
    form["title"] = title
    form["summary"] = "What it shows"
    form["language"] = language
    form["upload"] = file
    return form.submit("save", status=status)


def test_an_editor_uploads_an_image_and_its_gps_position_is_gone(editor, database):
    response = upload(editor, "image", "Map of the hearings", Upload("map.jpg", jpeg_with_gps()))
    page = response.follow()
    assert page.request.path == "/pages/map-of-the-hearings/"
    image = page.html.select_one("figure.content-image img")
    assert image["alt"] == "Map of the hearings"
    assert (image["width"], image["height"]) == ("1200", "900")
    reference = page.html.select_one("p.reference code").text
    assert reference == "![Map of the hearings](/pages/map-of-the-hearings/@@scale?name=large)"
    for url in ("/pages/map-of-the-hearings/@@download", image["src"]):
        stored = editor.get(url)
        assert stored.content_type == "image/jpeg"
        picture = Image.open(io.BytesIO(stored.body))
        assert not dict(picture.getexif())
        assert b"PhoneMaker" not in stored.body
    thumb = editor.get("/pages/map-of-the-hearings/@@scale", params={"name": "thumb"})
    assert Image.open(io.BytesIO(thumb.body)).size == (240, 180)
    with database() as root:
        item = root["pages"]["map-of-the-hearings"]
        assert (item.kind, item.language, item.state) == ("image", "en", "private")
        assert item.summary == "What it shows"
        assert [version.note for version in item.versions] == ["", "map.jpg"]
        editor_id = root["principals"].find_by_email(EDITOR).id
        assert item.creator == editor_id
        assert [version.who for version in item.versions] == [editor_id, editor_id]


def test_a_file_that_is_not_an_image_is_refused_and_the_form_keeps_the_text(editor, database):
    response = upload(
        editor, "image", "Not a picture", Upload("photo.jpg", b"%PDF-1.4 a document"), status=200
    )
    assert (
        "This file is not a JPEG, PNG, GIF or WebP image."
        in response.html.select_one("[role=alert]").text
    )
    form = response.forms["deform"]
    assert form["title"].value == "Not a picture"
    assert form["summary"].value == "What it shows"
    with database() as root:
        assert "not-a-picture" not in root["pages"]


def test_a_file_is_downloaded_with_its_name_and_type(editor, publish, app):
    upload(editor, "file", "Draft law", Upload("Закон о СМИ.pdf", b"%PDF-1.7 the law"))
    page = editor.get("/pages/draft-law/")
    link = page.html.select_one("p.download")
    assert "PDF" in link.text and "1 KB" in link.text
    assert (
        page.html.select_one("p.reference code").text == "[Draft law](/pages/draft-law/@@download)"
    )
    publish("draft-law")
    response = app.get("/pages/draft-law/@@download")
    assert response.body == b"%PDF-1.7 the law"
    assert response.content_type == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment; ")
    assert (
        "filename*=UTF-8''%D0%97%D0%B0%D0%BA%D0%BE%D0%BD" in response.headers["Content-Disposition"]
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # Readers see no reference to paste: that is for the editors.
    assert app.get("/pages/draft-law/").html.select_one("p.reference") is None


def test_a_private_file_and_image_answer_404_to_anyone_without_the_right(
    editor, app, wsgi_app, make_user, login
):
    upload(editor, "file", "Secret plan", Upload("plan.pdf", b"%PDF secret"))
    upload(editor, "image", "Secret map", Upload("map.jpg", jpeg_with_gps((300, 200))))
    citizen = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
    make_user("citizen@example.kz", roles=("citizen",))
    login(citizen, "citizen@example.kz")
    for reader in (app, citizen):
        for url in (
            "/pages/secret-plan/",
            "/pages/secret-plan/@@download",
            "/pages/secret-map/",
            "/pages/secret-map/@@download",
            "/pages/secret-map/@@scale?name=thumb",
        ):
            reader.get(url, status=404)
    editor.get("/pages/secret-map/@@scale?name=thumb", status=200)
    editor.get("/pages/secret-map/@@scale?name=huge", status=404)


def test_readers_may_not_upload_and_an_unknown_kind_is_not_found(editor, app):
    form = editor.get("/pages/@@upload", params={"kind": "image"}).forms["deform"]
    assert form["language"].value == "en"  # the editor's language to begin with
    # The public top folder's upload page sends a reader to sign in.
    refused = app.get("/pages/@@upload", params={"kind": "image"}, status=303)
    assert "/login?came_from=" in refused.location
    editor.get("/pages/@@upload", params={"kind": "page"}, status=404)


def test_the_folder_lists_its_files_and_images_with_their_references(editor):
    upload(editor, "image", "Photo [1]", Upload("photo.png", jpeg_with_gps((300, 200))))
    page = editor.get("/pages/").click(description="Files and images")
    rows = page.html.select("table.media-list tbody tr")
    assert [row.select_one("code").text for row in rows] == [
        "![Photo \\[1\\]](/pages/photo-1/@@scale?name=large)"
    ]
    assert rows[0].select_one("img")["src"].endswith("/pages/photo-1/@@scale?name=thumb")
