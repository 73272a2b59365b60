"""What readers see: an item in its language, with the way to its
translations, and a folder's contents. Content a reader may not see is not
found (404), never "forbidden": its address says nothing about it."""

from pyramid.renderers import render_to_response
from pyramid.view import forbidden_view_config, view_config

from ...errors import forbidden
from ..models import ContentFolder, ContentItem
from ..rendering import render_markdown
from ..workflow import STATE_TITLES
from .common import (
    KIND_NAMES,
    TEMPLATES,
    is_content,
    may_see_unpublished,
    require_visible,
    title_of,
    translation_notes,
    visible_children,
)

NOT_FOUND = "consult:templates/errors/notfound.pt"
FORBIDDEN = "consult:templates/errors/forbidden.pt"


class ContentPredicate:
    """`content=True`: the request's resource is content (for the forbidden
    view, whose own context is the exception)."""

    def __init__(self, value, config):
        self.value = value

    def text(self):
        return f"content = {self.value}"

    phash = text

    def __call__(self, context, request):
        return is_content(getattr(request, "context", None)) == self.value


@forbidden_view_config(content=True)
def hidden_content(request):
    """Content the person may not even read is not found; a page they may
    read but not manage (an editor's form) is forbidden as elsewhere."""
    if request.has_permission("view", request.context):
        answer = forbidden(request)
        if isinstance(answer, dict):
            return _page(request, FORBIDDEN, 403)
        return answer
    return _page(request, NOT_FOUND, 404)


def _page(request, template, status):
    response = render_to_response(template, {}, request=request)
    response.status = status
    return response


def _item_values(request, item):
    note, links = translation_notes(request, item)
    return {
        "item": item,
        "title": title_of(request, item),
        "kind_name": KIND_NAMES[item.kind],
        "body_html": render_markdown(item.body),
        "translation_note": note,
        "translation_links": links,
        "state_title": STATE_TITLES[item.state],
        "staff": may_see_unpublished(request, item),
    }


@view_config(context=ContentItem, permission="view", renderer=TEMPLATES + "item.pt")
def item_view(request):
    item = request.context
    require_visible(request, item)
    return _item_values(request, item)


@view_config(context=ContentFolder, permission="view", renderer=TEMPLATES + "folder.pt")
def folder_view(request):
    folder = request.context
    require_visible(request, folder)
    language = request.locale_name
    children = visible_children(request, folder)
    # Readers see each item once, in their language where it has a
    # translation in this folder; staff see every item.
    if not may_see_unpublished(request, folder):
        children = _one_per_group(request, children, language)
    return dict(_item_values(request, folder), children=children)


def _one_per_group(request, children, language):
    chosen = {}
    for child in children:
        current = chosen.get(child.translation_group)
        if current is None or (child.language == language and current.language != language):
            chosen[child.translation_group] = child
    keep = {id(child) for child in chosen.values()}
    return [child for child in children if id(child) in keep]
