"""Files and images: uploading one into a folder, its page, its download and
an image's scales, and the folder's list of references that editors paste
into Markdown (images and files are inserted by reference, never as bytes).

A private item's file is as hidden as the item: 404 for a reader without
the right (`require_visible`), like its page."""

import mimetypes
from types import SimpleNamespace
from urllib.parse import quote

import colander
import deform
from pyramid.httpexceptions import HTTPNotFound
from pyramid.response import Response
from pyramid.view import view_config

from ...bodies import MiB
from ...consultations.views.importing import MemoryTmpStore
from ...forms import CSRFSchema, make_form, submitted, validate
from ...i18n import LANGUAGE_NAMES, LANGUAGES, _
from ..images import MAX_PIXELS
from ..interfaces import ContentError, IContentService
from ..models import ContentFolder, File
from ..services import SUMMARY_LIMIT, TITLE_LIMIT
from .common import (
    FORM,
    KIND_NAMES,
    TEMPLATES,
    done,
    may_see_unpublished,
    require_visible,
    title_of,
)
from .reading import _item_values

MAX_FILE_MB = 20
# The file and the form's short texts (a title and a summary).
UPLOAD_FORM_BYTES = (MAX_FILE_MB + 1) * MiB
IMAGE_ACCEPT = ".jpg,.jpeg,.png,.gif,.webp,image/jpeg,image/png,image/gif,image/webp"
UPLOAD_KINDS = ("file", "image")


@colander.deferred
def _language_widget(node, kw):
    return deform.widget.SelectWidget(values=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES])


@colander.deferred
def _language_default(node, kw):
    language = kw["request"].locale_name
    return language if language in LANGUAGES else LANGUAGES[0]


@colander.deferred
def _upload_widget(node, kw):
    accept = IMAGE_ACCEPT if kw["kind"] == "image" else None
    return deform.widget.FileUploadWidget(kw["tmpstore"], accept=accept)


@colander.deferred
def _upload_description(node, kw):
    if kw["kind"] == "image":
        return _(
            "A JPEG, PNG, GIF or WebP picture of at most ${size} MB and ${pixels} million "
            "pixels. Its location and camera data are removed.",
            mapping={"size": MAX_FILE_MB, "pixels": MAX_PIXELS // 1_000_000},
        )
    return _("A file of at most ${size} MB.", mapping={"size": MAX_FILE_MB})


class UploadSchema(CSRFSchema):
    language = colander.SchemaNode(
        colander.String(),
        title=_("Language of the title and summary"),
        widget=_language_widget,
        default=_language_default,
        validator=colander.OneOf(LANGUAGES),
    )
    title = colander.SchemaNode(
        colander.String(),
        title=_("Title"),
        description=_("Readers who cannot see an image hear its title."),
        validator=colander.Length(max=TITLE_LIMIT),
    )
    summary = colander.SchemaNode(
        colander.String(),
        title=_("Summary"),
        missing="",
        widget=deform.widget.TextAreaWidget(rows=3),
        validator=colander.Length(max=SUMMARY_LIMIT),
    )
    upload = colander.SchemaNode(
        deform.FileData(),
        title=_("File"),
        widget=_upload_widget,
        description=_upload_description,
    )


def _close_uploads(request):
    """Close the temporary files of uploads, read or not."""
    for value in request.POST.values():
        upload = getattr(value, "file", None)
        if upload is not None:
            upload.close()


def _read(upload):
    limit = MAX_FILE_MB * MiB
    data = upload["fp"].read(limit + 1)
    if len(data) > limit:
        raise ContentError(
            _("The file is too large: the limit is ${limit} MB.", mapping={"limit": MAX_FILE_MB}),
            "upload",
        )
    return data


@view_config(
    context=ContentFolder,
    name="upload",
    permission="create",
    renderer=FORM,
    require_csrf=False,
    body_limit=UPLOAD_FORM_BYTES,
)
def upload_view(request):
    folder = request.context
    kind = request.GET.get("kind", "file")
    if kind not in UPLOAD_KINDS:
        raise HTTPNotFound()
    if request.method == "POST":
        request.add_finished_callback(_close_uploads)
    form = make_form(
        request,
        UploadSchema(),
        [deform.Button(name="save", title=_("Upload"))],
        bind={"kind": kind, "tmpstore": MemoryTmpStore()},
    )
    values = {
        "title": _("Add an image") if kind == "image" else _("Add a file"),
        "back": (request.resource_url(folder), title_of(request, folder)),
        "intro": _(
            "It is added as a private item of this folder; its page shows the reference "
            "to paste into a text."
        ),
        "error": None,
    }
    if not submitted(request, "save"):
        return dict(values, form=form.render())
    appstruct, rendered = validate(request, form)
    if appstruct is None:
        return dict(values, form=rendered)
    service = request.find_service(IContentService)
    upload = appstruct["upload"]
    fields = {"title": appstruct["title"], "summary": appstruct["summary"]}
    who = request.authenticated_userid
    try:
        data = _read(upload)
        item = service.create(folder, kind, appstruct["language"], "", fields, who)
        filename = upload.get("filename") or ""
        # The type a download is served with, from the name (the browser's
        # word is no better); an image's comes from its bytes (images.py).
        content_type = mimetypes.guess_type(filename)[0]
        service.attach(item, data, filename, content_type, who)
    except ContentError as error:
        request.tm.doom()
        # The texts stay; a file has to be chosen again.
        kept = dict(appstruct, upload=colander.null)
        return dict(values, form=form.render(kept), error=error.message)
    return done(request, _("The file is uploaded."), request.resource_url(item))


class MediaParts:
    """What a file's or an image's page shows besides its text."""

    def __init__(self, request, item):
        self.download_url = request.resource_url(item, "@@download")
        self.filename = item.filename
        self.size = human_size(item.size)
        self.type = type_label(item)
        self.reference = (
            markdown_reference(request, item) if may_see_unpublished(request, item) else None
        )
        self.image = None
        large = item.scale("large") if item.kind == "image" else None
        if large is not None:
            self.image = SimpleNamespace(
                src=request.resource_url(item, "@@scale", query={"name": "large"}),
                width=large.width,
                height=large.height,
            )


def human_size(size):
    if size >= MiB:
        return _("${size} MB", mapping={"size": f"{size / MiB:.1f}"})
    return _("${size} KB", mapping={"size": max(1, round(size / 1024))})


def type_label(item):
    """ "PDF", "JPEG"...: the file's extension, as readers know types."""
    extension = item.filename.rsplit(".", 1)[-1] if "." in item.filename else ""
    if item.content_type == "image/jpeg":
        return "JPEG"
    return extension.upper()[:8] or item.content_type


def markdown_reference(request, item):
    """The Markdown that shows the image (its large scale) or links to the
    file, by its path on this site."""
    title = "".join("\\" + c if c in "[]\\" else c for c in item.title)
    path = request.resource_path(item).rstrip("/")
    if item.kind == "image":
        return f"![{title}]({path}/@@scale?name=large)"
    return f"[{title}]({path}/@@download)"


@view_config(context=File, permission="view", renderer=TEMPLATES + "item.pt")
def file_view(request):
    item = request.context
    require_visible(request, item)
    media = MediaParts(request, item) if item.data is not None else None
    return dict(_item_values(request, item), media=media)


def _disposition(how, filename):
    ascii_name = filename.encode("ascii", "replace").decode()
    ascii_name = "".join("_" if c in '"?\\' or not c.isprintable() else c for c in ascii_name)
    return f"{how}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def _bytes_response(body, content_type, disposition):
    response = Response(body=body, content_type=content_type)
    response.content_disposition = disposition
    return response


@view_config(context=File, name="download", permission="view")
def download(request):
    item = request.context
    require_visible(request, item)
    if item.data is None:
        raise HTTPNotFound()
    # An image was drawn again by us (images.py) and is shown in the
    # browser; any other file is only ever saved, whatever it claims to be.
    how = "inline" if item.kind == "image" else "attachment"
    return _bytes_response(item.data.data, item.content_type, _disposition(how, item.filename))


@view_config(context=File, name="scale", permission="view")
def scale(request):
    item = request.context
    require_visible(request, item)
    found = item.scale(request.GET.get("name", "")) if item.kind == "image" else None
    if found is None:
        raise HTTPNotFound()
    stem = item.filename.rsplit(".", 1)[0]
    extension = mimetypes.guess_extension(item.scale_type) or ""
    filename = f"{stem}-{request.GET['name']}{extension}"
    return _bytes_response(found.data, item.scale_type, _disposition("inline", filename))


@view_config(
    context=ContentFolder, name="media", permission="edit", renderer=TEMPLATES + "media.pt"
)
def media_list(request):
    """The folder's files and images with their references, for editors."""
    folder = request.context
    items = [
        SimpleNamespace(
            item=child,
            kind=KIND_NAMES[child.kind],
            url=request.resource_url(child),
            thumb=child.scale("thumb") if child.kind == "image" else None,
            thumb_url=request.resource_url(child, "@@scale", query={"name": "thumb"}),
            reference=markdown_reference(request, child),
        )
        for child in folder.ordered()
        if isinstance(child, File) and child.data is not None
    ]
    return {
        "title": _("Files and images"),
        "folder": folder,
        "folder_title": title_of(request, folder),
        "folder_url": request.resource_url(folder),
        "items": items,
        "upload_image": request.resource_url(folder, "@@upload", query={"kind": "image"}),
        "upload_file": request.resource_url(folder, "@@upload", query={"kind": "file"}),
    }
