"""An appeal's photos and documents, served to who may see them: all of
them to the author and the organisation's staff (a photo with the location
the person kept), and on a public appeal the ones the person marked public
to anyone, always without metadata. Each answer names its type (as sniffed
when it was uploaded), forbids the browser to guess another, and sends a PDF
as a download."""

from urllib.parse import quote

from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound
from pyramid.response import Response
from pyramid.view import view_config

from ..attachments import attachment_of
from ..models import Appeal


def sees_all_files(request, appeal):
    return request.authenticated_userid == appeal.author or bool(
        request.has_permission("handle_appeal", appeal)
    )


def visible_attachments(request, appeal):
    """The appeal's attachments this reader may see."""
    if sees_all_files(request, appeal):
        return list(appeal.attachments)
    if not appeal.public:
        return []
    return [attachment for attachment in appeal.attachments if attachment.public]


def _disposition(kind, filename):
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


@view_config(context=Appeal, name="attachment", permission="view_appeal", request_method="GET")
def attachment(request):
    appeal = request.context
    found = attachment_of(appeal, request.subpath[0]) if request.subpath else None
    if found is None:
        raise HTTPNotFound()
    everything = sees_all_files(request, appeal)
    if not everything and not (appeal.public and found.public):
        raise HTTPForbidden()
    stored = found.located if everything and found.located is not None else found.data
    response = Response(body=stored.data, content_type=found.content_type)
    response.content_disposition = _disposition(
        "inline" if found.is_image else "attachment", found.filename
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if everything or not appeal.public:
        response.cache_control = "private, no-store"
    return response
