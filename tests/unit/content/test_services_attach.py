"""The content service's `attach`: a file's bytes stored, an image checked,
cleaned and scaled, a version saved and the change announced."""

import io

import pytest
from PIL import Image

from consult.content.events import ContentChanged
from consult.content.interfaces import ContentError

EDITOR = "editor-1"


def png(size=(800, 600)):
    output = io.BytesIO()
    Image.new("RGB", size, "blue").save(output, "PNG")
    return output.getvalue()


def make(service, root, kind, title="Схема"):
    return service.create(root["pages"], kind, "ru", "", {"title": title}, EDITOR)


def test_a_file_keeps_its_bytes_name_and_type_and_a_version_says_so(service, root):
    item = make(service, root, "file", "Закон")
    service.events.clear()
    version = service.attach(
        item, b"%PDF-1.7 ...", "C:\\Users\\me\\law.pdf", "application/pdf", EDITOR
    )
    assert item.data.data == b"%PDF-1.7 ..."
    assert (item.filename, item.content_type, item.size) == ("law.pdf", "application/pdf", 12)
    assert [v.number for v in item.versions] == [1, 2]
    assert version is item.versions[-1] and version.note == "law.pdf"
    assert [type(event) for event in service.events] == [ContentChanged]


def test_an_image_is_stored_in_its_real_format_with_its_scales(service, root):
    item = make(service, root, "image")
    # Named .jpg, but a PNG: the name's stem stays, the extension tells the truth.
    service.attach(item, png(), "scheme.jpg", "image/jpeg", EDITOR)
    assert (item.filename, item.content_type) == ("scheme.png", "image/png")
    assert (item.width, item.height) == (800, 600)
    assert item.scale("thumb").width == 240 and item.scale("large").width == 800
    assert item.scale("missing") is None
    assert item.scale_type == "image/png"


def test_an_image_that_is_not_one_is_refused_and_nothing_changes(service, root):
    item = make(service, root, "image")
    with pytest.raises(ContentError) as refused:
        service.attach(item, b"MZ\x90\x00 an executable", "photo.jpg", "image/jpeg", EDITOR)
    assert refused.value.field == "upload"
    assert item.data is None and len(item.versions) == 1


def test_an_empty_file_and_a_page_are_refused(service, root):
    with pytest.raises(ContentError):
        service.attach(make(service, root, "file"), b"", "empty.txt", "text/plain", EDITOR)
    with pytest.raises(ContentError):
        service.attach(make(service, root, "page"), b"data", "a.txt", "text/plain", EDITOR)


def test_a_copy_of_an_image_shares_its_bytes_and_scales(service, root):
    item = make(service, root, "image")
    service.attach(item, png(), "scheme.png", "image/png", EDITOR)
    copy = service.copy(item, root["pages"], EDITOR)
    assert copy.data is item.data
    assert copy.scale("thumb") is item.scale("thumb")
    assert copy.scale_type == "image/png"
