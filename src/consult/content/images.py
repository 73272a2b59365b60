"""Uploaded pictures made safe to publish: the real format read from the
bytes (never from the name or the browser's word), turned upright by its
EXIF orientation, saved again without EXIF, XMP or any other metadata (a
phone's photo carries where it was taken), and scaled for pages.

A picture is decoded in memory, so its size in pixels is bounded before
anything is decoded: a 1 MB PNG can claim 50 000 × 50 000 pixels (10 GB of
RGBA). `MAX_PIXELS` (40 million, a 7 700 × 5 200 photo, about 160 MB
decoded) is below Pillow's own bomb threshold (89 million), so the editor
reads our message rather than a Pillow error."""

import io
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field

from PIL import Image, ImageFile, ImageOps, ImageSequence, UnidentifiedImageError

from ..i18n import _
from .interfaces import ContentError

MAX_PIXELS = 40_000_000
# Frames of an animation are decoded one by one; all of them together are bounded.
MAX_ANIMATION_PIXELS = 4 * MAX_PIXELS
# name -> the longest side in pixels; a picture already smaller is not enlarged.
SCALES = {"thumb": 240, "large": 1200}
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}
# The scales of a GIF are PNG: one frame, every colour kept.
SCALE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "GIF": "PNG", "WEBP": "WEBP"}
JPEG_QUALITY = 88

NOT_AN_IMAGE = _("This file is not a JPEG, PNG, GIF or WebP image.")
TOO_LARGE = _(
    "This picture is too large: it may have at most ${limit} million pixels. "
    "Make it smaller and upload it again.",
    mapping={"limit": MAX_PIXELS // 1_000_000},
)
UNREADABLE = _("This picture cannot be read: the file may be damaged.")


@dataclass
class Scale:
    data: bytes
    width: int
    height: int


@dataclass
class PreparedImage:
    """What is stored of a picture: `data` (the original, cleaned), its type
    and size, and `scales` (name -> Scale, in `scale_type`)."""

    data: bytes
    content_type: str
    width: int
    height: int
    extension: str
    scale_type: str
    scales: dict = field(default_factory=dict)


_LOADING = threading.Lock()


@contextmanager
def _whole_files_only():
    """Refuse truncated files while an upload is read. WeasyPrint, once
    imported (the PDF report), sets Pillow's LOAD_TRUNCATED_IMAGES for the
    whole process, which would turn half a photo into a grey-bottomed one
    silently. Set back at once; the lock keeps two uploads from undoing each
    other's setting."""
    with _LOADING:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def prepare_image(data):
    """A PreparedImage of `data`; ContentError (on the "upload" field) when
    it is not a picture of an accepted format, is too large or is damaged."""
    with _whole_files_only(), warnings.catch_warnings():
        # Pillow's own bomb check warns below its error: a refusal here too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as picture:
                return _prepare(picture)
        except ContentError:
            raise
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise ContentError(TOO_LARGE, "upload") from None
        except UnidentifiedImageError:
            raise ContentError(NOT_AN_IMAGE, "upload") from None
        except (OSError, SyntaxError, ValueError, EOFError):
            # Pillow's ways of saying a file is truncated or malformed.
            raise ContentError(UNREADABLE, "upload") from None


def _prepare(picture):
    kind = picture.format
    if kind not in FORMATS:
        raise ContentError(NOT_AN_IMAGE, "upload")
    width, height = picture.size
    frames = getattr(picture, "n_frames", 1)
    if width * height > MAX_PIXELS or width * height * frames > MAX_ANIMATION_PIXELS:
        raise ContentError(TOO_LARGE, "upload")
    if frames > 1:
        original = _animation(picture, kind)
        upright = picture.copy()
    else:
        # The pixels turned as the camera said, so that no reader needs the tag.
        upright = ImageOps.exif_transpose(picture)
        original = _encode(upright, kind)
    width, height = upright.size
    scale_kind = SCALE_FORMATS[kind]
    scales = {}
    for name, longest in SCALES.items():
        scaled = upright.copy()
        scaled.thumbnail((longest, longest), Image.Resampling.LANCZOS)
        scales[name] = Scale(_encode(scaled, scale_kind), *scaled.size)
    return PreparedImage(
        data=original,
        content_type=FORMATS[kind],
        width=width,
        height=height,
        extension=EXTENSIONS[kind],
        scale_type=FORMATS[scale_kind],
        scales=scales,
    )


def _encode(picture, kind):
    """`picture` in `kind`, with no metadata: only what drawing it needs
    (a palette's transparent colour) is kept of its `info`."""
    picture = _drawable(picture, kind)
    options = {}
    if "transparency" in picture.info and kind in ("PNG", "GIF"):
        options["transparency"] = picture.info["transparency"]
    picture.info = {}
    if kind == "JPEG":
        options.update(quality=JPEG_QUALITY, optimize=True)
    elif kind == "WEBP":
        options.update(quality=JPEG_QUALITY)
    output = io.BytesIO()
    picture.save(output, kind, **options)
    return output.getvalue()


def _drawable(picture, kind):
    """`picture` in a mode `kind` can store (JPEG has no alpha nor palette)."""
    if kind == "JPEG" and picture.mode not in ("RGB", "L"):
        return picture.convert("RGB")
    if kind == "WEBP" and picture.mode not in ("RGB", "RGBA"):
        return picture.convert("RGBA")
    if picture.mode in ("I;16", "I", "F"):
        return picture.convert("RGB")
    return picture


def _animation(picture, kind):
    """An animated GIF or WebP again, every frame, without metadata."""
    frames = [frame.copy() for frame in ImageSequence.Iterator(picture)]
    options = {"save_all": True, "append_images": frames[1:], "loop": picture.info.get("loop", 0)}
    if "duration" in picture.info:
        options["duration"] = picture.info["duration"]
    first = frames[0]
    if kind == "GIF" and "transparency" in first.info:
        options["transparency"] = first.info["transparency"]
    for frame in frames:
        frame.info = {}
    output = io.BytesIO()
    first.save(output, kind, **options)
    return output.getvalue()
