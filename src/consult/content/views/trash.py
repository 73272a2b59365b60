"""The trash (`@@trash` on the top folder): what was deleted, from where,
by whom and when, and until when it can be restored. Showing the page
removes for good what is past its days, as `consult purge-trash` does."""

from types import SimpleNamespace

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from ...i18n import _
from ...layout import flash
from ..catalog import TRASH_DAYS
from ..interfaces import ContentError, IContentService
from ..listing import PAGE_SIZE
from ..models import ContentFolder
from .common import KIND_NAMES, TEMPLATES

TRASH = TEMPLATES + "trash.pt"


def _top_folder(request):
    """The trash is one for the site, shown on the top folder only."""
    if request.context is not request.root["pages"]:
        raise HTTPNotFound()
    return request.context


def _page(params):
    try:
        return max(int(params.get("page", "1")), 1)
    except ValueError:
        return 1


@view_config(
    context=ContentFolder, name="trash", permission="edit", request_method="GET", renderer=TRASH
)
def trash(request):
    folder = _top_folder(request)
    service = request.find_service(IContentService)
    purged = service.purge_trash()
    if purged:
        flash(
            request,
            _(
                "Items deleted more than ${days} days ago were removed for good: ${count}.",
                mapping={"days": TRASH_DAYS, "count": purged},
            ),
        )
    entries = request.root.content_catalog.trashed()
    pages = max(1, -(-len(entries) // PAGE_SIZE))
    page = min(_page(request.GET), pages)
    shown = entries[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    here = request.resource_url(folder, "@@trash")
    return {
        "title": _("Trash"),
        "days": TRASH_DAYS,
        "rows": [_row(request, key, entry) for key, entry in shown],
        "page": page,
        "pages": pages,
        "here": here,
        "previous_url": request.resource_url(folder, "@@trash", query={"page": page - 1})
        if page > 1
        else None,
        "next_url": request.resource_url(folder, "@@trash", query={"page": page + 1})
        if page < pages
        else None,
        "contents_url": request.resource_url(folder, "@@contents"),
    }


def _row(request, key, entry):
    catalog = request.root.content_catalog
    folder = catalog.get(entry.folder_uid)
    if folder is None or folder.trashed or folder.__parent__ is None:
        folder = None
    person = request.root["principals"].get(entry.who) if entry.who else None
    return SimpleNamespace(
        key=key,
        item=entry.item,
        kind_name=KIND_NAMES[entry.item.kind],
        path=entry.path,
        folder_url=request.resource_url(folder) if folder is not None else None,
        who=person.public_name if person is not None else None,
        when=entry.when,
        expires=entry.expires(),
    )


@view_config(context=ContentFolder, name="trash", permission="edit", request_method="POST")
def restore(request):
    folder = _top_folder(request)
    here = request.resource_url(folder, "@@trash")
    try:
        key = int(request.POST.get("key", ""))
        item = request.find_service(IContentService).restore(key, request.authenticated_userid)
    except ValueError:
        flash(request, _("This item is no longer in the trash."))
    except ContentError as error:
        flash(request, error.message)
    else:
        flash(
            request,
            _(
                "Restored: ${title}, at ${address}.",
                mapping={"title": item.title, "address": request.resource_path(item)},
            ),
        )
    return HTTPSeeOther(here)
