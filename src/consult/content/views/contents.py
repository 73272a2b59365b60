"""A folder's contents for its editors (`@@contents`, Plone's folder
contents): the list searched, sorted and paged; reordering by hand; publish,
retract, delete, copy and cut on the ticked items; paste. Everything works
without JavaScript: one form around the table, whose buttons say what they
do to which item. Each item refused is reported with the reason, the others
are done."""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ...i18n import _
from ...layout import flash
from ..clipboard import clipboard_of, empty, fill
from ..interfaces import NOT_ALLOWED, ContentError, IContentService
from ..listing import SORTS, list_children, next_sort, read_params
from ..models import ContentFolder
from ..workflow import STATE_TITLES
from .common import KIND_NAMES, TEMPLATES, title_of

CONTENTS = TEMPLATES + "contents.pt"

COLUMNS = {
    "title": _("Title"),
    "kind": _("Kind"),
    "state": _("State"),
    "modified": _("Modified"),
}
assert tuple(COLUMNS) == SORTS

DONE = {
    "publish": _("Published: ${titles}."),
    "retract": _("Retracted: ${titles}."),
    "delete": _("Moved to the trash: ${titles}."),
    "copy": _("Copied: ${titles}. Open the folder they should go to and paste them there."),
    "cut": _("Cut: ${titles}. Open the folder they should go to and paste them there."),
    "paste": _("Pasted here: ${titles}."),
}
REFUSED = {
    "publish": _("Not published: ${title}. ${reason}"),
    "retract": _("Not retracted: ${title}. ${reason}"),
    "delete": _("Not moved to the trash: ${title}. ${reason}"),
    "copy": _("Not copied: ${title}. ${reason}"),
    "cut": _("Not cut: ${title}. ${reason}"),
    "paste": _("Not pasted: ${title}. ${reason}"),
}
NEEDS_REVIEWER = _("Only a reviewer may publish or retract content.")
GONE = _("It is no longer in this folder.")
GONE_FROM_SITE = _("It has been deleted or is in the trash.")


def _url(request, params):
    return request.resource_url(request.context, "@@contents", query=params)


def _columns(request, params):
    """(label, link, aria-sort) of each sortable column heading; the link
    keeps the search and goes back to the first page."""
    current = params.get("sort", "")
    columns = []
    for column, label in COLUMNS.items():
        query = {key: value for key, value in params.items() if key == "q"}
        query["sort"] = next_sort(current, column)
        state = {column: "ascending", f"-{column}": "descending"}.get(current)
        columns.append((label, _url(request, query), state))
    return columns


def _clipboard_items(request):
    mode, uids = clipboard_of(request.session)
    catalog = request.root.content_catalog
    items = [catalog.get(uid) for uid in uids]
    return mode, [item for item in items if item is not None and not item.trashed]


@view_config(
    context=ContentFolder, name="contents", permission="edit", request_method="GET",
    renderer=CONTENTS,
)  # fmt: skip
def contents(request):
    folder = request.context
    params = read_params(request.GET)
    listing = list_children(
        folder, params.get("q", ""), params.get("sort", ""), params.get("page", 1)
    )
    previous_url = next_url = None
    if listing.has_previous:
        previous_url = _url(request, dict(params, page=listing.page - 1))
    if listing.has_next:
        next_url = _url(request, dict(params, page=listing.page + 1))
    mode, held = _clipboard_items(request)
    return {
        "title": title_of(request, folder),
        "folder": folder,
        "listing": listing,
        "params": params,
        # Places are the editors' order: moving an item makes sense only
        # in the list shown in that order, whole.
        "reorderable": not params.get("q") and not params.get("sort"),
        "columns": _columns(request, params),
        "all_url": _url(request, {}),
        "previous_url": previous_url,
        "next_url": next_url,
        "clipboard_mode": mode,
        "clipboard": held,
        "kind_names": KIND_NAMES,
        "state_titles": STATE_TITLES,
        "trash_url": request.resource_url(request.root["pages"], "@@trash"),
    }


@view_config(context=ContentFolder, name="contents", permission="edit", request_method="POST")
def contents_action(request):
    """One button of the contents form: a move, a bulk action on the ticked
    items, paste, or emptying the clipboard. Back to the list as it was."""
    post = request.POST
    params = read_params(post)
    if post.get("action") in REFUSED:
        _bulk(request, post.get("action"), post.getall("selected"))
    elif "paste" in post:
        _paste(request)
    elif "empty_clipboard" in post:
        empty(request.session)
        flash(request, _("The clipboard is empty."))
    else:
        _reorder(request, post)
    return HTTPSeeOther(_url(request, params))


# Reordering


def _place(post, name):
    """The place (from 1) asked for `name` in its position field, or None."""
    try:
        return int(post.get(f"position-{name}", ""))
    except ValueError:
        return None


def _reorder(request, post):
    folder = request.context
    service = request.find_service(IContentService)
    order = list(folder.order)
    buttons = ("move_up", "move_down", "to_position")
    if not any(button in post for button in buttons):
        # "Apply the positions", the form's first button, which Enter in a
        # position field presses (or no button at all): every item whose
        # place was changed goes there.
        moves = [(_place(post, name), name) for name in order]
        moves = sorted((place, name) for place, name in moves if place is not None)
        for place, name in moves:
            if order.index(name) != place - 1:
                service.reorder(folder, name, place - 1)
        return
    for button, step in zip(buttons, (-1, 1, None), strict=True):
        name = post.get(button)
        if name is None:
            continue
        if name not in folder:
            flash(request, _("This folder has no such item."))
            return
        if step is None:
            place = _place(post, name)
            if place is None:
                flash(request, _("Give the position as a number."))
                return
            position = place - 1
        else:
            position = order.index(name) + step
        service.reorder(folder, name, position)
        return


# Bulk actions


def _who(request):
    return request.authenticated_userid


def _step(step):
    def take(request, service, item):
        def permits(permission):
            return request.has_permission(permission, item)

        try:
            service.take_step(item, step, _who(request), permits)
        except ContentError as error:
            if error.message == NOT_ALLOWED:
                raise ContentError(NEEDS_REVIEWER) from None
            raise

    return take


def _delete(request, service, item):
    _require_edit(request, item)
    service.delete(item, _who(request))


def _hold(request, service, item):
    _require_edit(request, item)


def _require_edit(request, item):
    if not request.has_permission("edit", item):
        raise ContentError(NOT_ALLOWED)


ACTIONS = {
    "publish": _step("publish"),
    "retract": _step("retract"),
    "delete": _delete,
    "copy": _hold,
    "cut": _hold,
}


def _bulk(request, action, names):
    folder = request.context
    if not names:
        flash(request, _("Tick the items to act on first."))
        return
    service = request.find_service(IContentService)
    done, refused = [], []
    for name in names:
        item = folder.get(name)
        if item is None:
            refused.append((name, GONE))
            continue
        try:
            ACTIONS[action](request, service, item)
        except ContentError as error:
            refused.append((item.title, error.message))
        else:
            done.append(item)
    if action in ("copy", "cut") and done:
        fill(request.session, action, [item.uid for item in done])
    report(request, action, [item.title for item in done], refused)


def report(request, action, done, refused):
    """Flash what was done (titles) and, one message each, what was
    refused and why."""
    translate = request.localizer.translate
    if done:
        flash(request, _(DONE[action], mapping={"titles": ", ".join(done)}))
    for title, reason in refused:
        mapping = {"title": title, "reason": translate(reason)}
        flash(request, _(REFUSED[action], mapping=mapping))


# Paste


def _paste(request):
    folder = request.context
    mode, uids = clipboard_of(request.session)
    if mode is None:
        flash(request, _("The clipboard is empty."))
        return
    service = request.find_service(IContentService)
    catalog = request.root.content_catalog
    done, refused = [], []
    for uid in uids:
        item = catalog.get(uid)
        if item is None or item.trashed or item.__parent__ is None:
            refused.append((item.title if item is not None else uid, GONE_FROM_SITE))
            continue
        try:
            _require_edit(request, item)
            if mode == "copy":
                service.copy(item, folder, _who(request))
            else:
                service.move(item, folder, _who(request))
        except ContentError as error:
            refused.append((item.title, error.message))
        else:
            done.append(item.title)
    if mode == "cut":
        # What was cut is now here: pasting it again would do nothing.
        empty(request.session)
    report(request, "paste", done, refused)
