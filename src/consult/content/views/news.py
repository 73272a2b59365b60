"""A folder that holds news items lists them newest first, ten a page,
with its Atom feed per language (`@@atom?_LOCALE_=kk`)."""

from pyramid.httpexceptions import HTTPNotFound
from pyramid.response import Response
from pyramid.view import view_config

from ...i18n import LANGUAGE_NAMES, LANGUAGES
from ..feeds import atom_feed
from ..models import ContentFolder
from ..navigation import public_version
from ..news import folder_news, holds_news, one_per_translation, public_news_in
from ..rendering import render_markdown
from ..workflow import STATE_TITLES
from .common import (
    TEMPLATES,
    may_see_unpublished,
    now,
    require_visible,
    title_of,
    translation_notes,
    visible_children,
)

PAGE_SIZE = 10


class HoldsNewsPredicate:
    """`holds_news=True`: the folder has news items (its view is the news
    listing rather than the editors' order)."""

    def __init__(self, value, config):
        self.value = value

    def text(self):
        return f"holds_news = {self.value}"

    phash = text

    def __call__(self, context, request):
        return isinstance(context, ContentFolder) and holds_news(context) == self.value


def _page_number(request):
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def feed_links(request, folder):
    """[(language, its name, url)] of the folder's feeds."""
    return [
        (
            language,
            LANGUAGE_NAMES[language],
            request.resource_url(folder, "@@atom", query={"_LOCALE_": language}),
        )
        for language in LANGUAGES
    ]


@view_config(
    context=ContentFolder,
    holds_news=True,
    permission="view",
    renderer=TEMPLATES + "news.pt",
)
def news_listing(request):
    folder = request.context
    require_visible(request, folder)
    when = now(request)
    staff = may_see_unpublished(request, folder)
    news = folder_news(folder, when, staff)
    if not staff:
        news = one_per_translation(news, request.locale_name)
    pages = max(1, -(-len(news) // PAGE_SIZE))
    page = _page_number(request)
    if page > pages:
        raise HTTPNotFound()
    start = (page - 1) * PAGE_SIZE
    others = [child for child in visible_children(request, folder) if child.kind != "news"]
    if not staff:
        others = one_per_translation(others, request.locale_name)

    def page_url(number):
        return request.resource_url(folder, query={"page": number} if number > 1 else {})

    note, links = translation_notes(request, folder)
    return {
        "item": folder,
        "title": title_of(request, folder),
        "body_html": render_markdown(folder.body),
        "translation_note": note,
        "translation_links": links,
        "state_title": STATE_TITLES[folder.state],
        "staff": staff,
        "news": news[start : start + PAGE_SIZE],
        "first_number": start + 1,
        "others": others if page == 1 else [],
        "page": page,
        "pages": pages,
        "previous_url": page_url(page - 1) if page > 1 else None,
        "next_url": page_url(page + 1) if page < pages else None,
        "feeds": feed_links(request, folder),
    }


@view_config(context=ContentFolder, name="atom", permission="view")
def atom(request):
    folder = request.context
    require_visible(request, folder)
    when = now(request)
    language = request.locale_name
    shown = public_version(request, folder, language, when)
    if shown is None:  # not `or`: an empty folder is false
        shown = folder
    site_name = request.root.site_settings.name_in(language)
    self_url = request.resource_url(folder, "@@atom", query={"_LOCALE_": language})
    folders = [folder] + [
        other
        for other in request.root.content_catalog.translations(folder).values()
        if other is not folder and other.is_public(when)
    ]
    body = atom_feed(
        public_news_in(folders, when, language),
        feed_id=self_url,
        title=f"{title_of(request, shown)} · {site_name}",
        language=language,
        author=site_name,
        self_url=self_url,
        page_url=request.resource_url(shown, query={"_LOCALE_": language}),
        updated=folder.modified,
        url_of=request.resource_url,
    )
    return Response(body, content_type="application/atom+xml", charset="utf-8")
