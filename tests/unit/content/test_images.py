"""Pictures made safe to publish: real Pillow images built here, with the
GPS position and orientation a phone writes, checked after preparation."""

import io

import pytest
from PIL import ExifTags, Image, ImageFile

from consult.content import images
from consult.content.images import MAX_PIXELS, prepare_image
from consult.content.interfaces import ContentError

XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'


def photo(size=(3000, 2000), kind="JPEG", orientation=None, mode="RGB", **options):
    """A picture as a camera would store it: with GPS EXIF (Almaty) and XMP."""
    picture = Image.new(mode, size, "red" if mode != "P" else 1)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (43.0, 15.0, 0.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (76.0, 57.0, 0.0)
    output = io.BytesIO()
    if kind in ("JPEG", "PNG", "WEBP"):
        options.setdefault("exif", exif)
    if kind in ("JPEG", "WEBP"):
        options.setdefault("xmp", XMP)
    picture.save(output, kind, **options)
    return output.getvalue()


def opened(data):
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


def assert_no_metadata(data):
    picture = opened(data)
    assert not dict(picture.getexif()), picture.getexif()
    assert "exif" not in picture.info
    assert "xmp" not in picture.info
    assert not any(key.startswith("XML:com.adobe.xmp") for key in picture.info)
    assert b"PhoneMaker" not in data
    assert b"xmpmeta" not in data


def test_the_photo_made_here_does_carry_gps_and_xmp():
    # Otherwise the tests below would prove nothing.
    data = photo()
    picture = opened(data)
    assert picture.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert b"xmpmeta" in data


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP"])
def test_no_exif_gps_or_xmp_is_left_in_the_original_or_any_scale(kind):
    prepared = prepare_image(photo(kind=kind))
    assert_no_metadata(prepared.data)
    assert set(prepared.scales) == {"thumb", "large"}
    for scale in prepared.scales.values():
        assert_no_metadata(scale.data)


def test_the_real_format_is_read_from_the_bytes():
    prepared = prepare_image(photo(kind="PNG"))
    assert prepared.content_type == "image/png"
    assert prepared.extension == ".png"
    assert opened(prepared.data).format == "PNG"
    assert prepared.scale_type == "image/png"


def test_the_picture_is_turned_upright_by_its_orientation():
    # Orientation 6: the camera was turned; the picture is 2000 wide, 3000 high.
    prepared = prepare_image(photo(size=(3000, 2000), orientation=6))
    assert (prepared.width, prepared.height) == (2000, 3000)
    assert opened(prepared.data).size == (2000, 3000)
    assert (prepared.scales["large"].width, prepared.scales["large"].height) == (800, 1200)


def test_scales_keep_the_proportions_and_are_never_enlarged():
    prepared = prepare_image(photo(size=(600, 300)))
    thumb, large = prepared.scales["thumb"], prepared.scales["large"]
    assert (thumb.width, thumb.height) == (240, 120)
    assert opened(thumb.data).size == (240, 120)
    assert (large.width, large.height) == (600, 300)  # smaller than 1200: as it is
    assert opened(large.data).size == (600, 300)


def test_a_gif_keeps_its_frames_and_has_png_scales():
    frames = [Image.new("RGB", (50, 40), colour) for colour in ("red", "green", "blue")]
    output = io.BytesIO()
    frames[0].save(output, "GIF", save_all=True, append_images=frames[1:], duration=100)
    prepared = prepare_image(output.getvalue())
    assert prepared.content_type == "image/gif"
    assert opened(prepared.data).n_frames == 3
    assert prepared.scale_type == "image/png"
    assert opened(prepared.scales["thumb"].data).format == "PNG"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4 not a picture",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        b"",
    ],
)
def test_what_is_not_an_accepted_picture_is_refused(data):
    with pytest.raises(ContentError) as refused:
        prepare_image(data)
    assert refused.value.field == "upload"
    assert refused.value.message == images.NOT_AN_IMAGE


def test_a_picture_of_another_format_is_refused_whatever_its_name():
    output = io.BytesIO()
    Image.new("RGB", (10, 10)).save(output, "BMP")
    with pytest.raises(ContentError) as refused:
        prepare_image(output.getvalue())
    assert refused.value.message == images.NOT_AN_IMAGE


@pytest.mark.parametrize("loaded_by_weasyprint", [False, True])
@pytest.mark.parametrize("kind", ["JPEG", "PNG"])
def test_a_damaged_picture_is_refused(monkeypatch, kind, loaded_by_weasyprint):
    """Also once WeasyPrint (the PDF report) has told Pillow to accept
    truncated files for the whole process, and that setting is kept."""
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", loaded_by_weasyprint)
    data = photo(size=(400, 300), kind=kind)
    with pytest.raises(ContentError) as refused:
        prepare_image(data[: len(data) // 2])
    assert refused.value.message == images.UNREADABLE
    assert ImageFile.LOAD_TRUNCATED_IMAGES is loaded_by_weasyprint


def test_too_many_pixels_are_refused_before_decoding(monkeypatch):
    # A PNG that says it is larger than the limit, decoded never: small to
    # send, enormous to open (a decompression bomb).
    monkeypatch.setattr(images, "MAX_PIXELS", 100 * 100)
    data = photo(size=(101, 100), kind="PNG")
    with pytest.raises(ContentError) as refused:
        prepare_image(data)
    assert refused.value.message == images.TOO_LARGE


def test_a_bomb_beyond_pillows_own_limit_is_refused_with_our_message():
    # 20 000 x 20 000 pixels of one colour: 400 million pixels in a few KB.
    output = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(output, "PNG")
    assert len(output.getvalue()) < 100_000
    assert 20_000 * 20_000 > MAX_PIXELS
    with pytest.raises(ContentError) as refused:
        prepare_image(output.getvalue())
    assert refused.value.message == images.TOO_LARGE
