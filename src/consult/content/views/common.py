"""What the content views share: the form loop, visibility, labels and the
reader's way to an item's translations."""

import deform
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from zope.interface import implementer

from ...clock import IClock
from ...consultations.interfaces import IExplainers
from ...forms import make_form, submitted, validate
from ...i18n import LANGUAGE_NAMES, _
from ...layout import ISitePages, ITranslations, flash
from ..interfaces import ContentError
from ..models import ContentItem

TEMPLATES = "consult:templates/content/"
FORM = TEMPLATES + "form.pt"

KIND_NAMES = {
    "folder": _("Folder"),
    "page": _("Page"),
    "news": _("News item"),
    "faq": _("FAQ entry"),
    "file": _("File"),
    "image": _("Image"),
    "link": _("Link"),
}


def now(request):
    return request.find_service(IClock).now()


def may_see_unpublished(request, item):
    return bool(request.has_permission("view_unpublished", item))


def require_visible(request, item):
    """A reader without the right sees no item that is not public now (its
    state, its dates, its folders'): 404, as if it did not exist."""
    if not item.is_public(now(request)) and not may_see_unpublished(request, item):
        raise HTTPNotFound()


def visible_children(request, folder):
    """The folder's children the reader may see, in the editors' order."""
    when = now(request)
    staff = may_see_unpublished(request, folder)
    return [child for child in folder.ordered() if staff or child.is_public(when)]


def title_of(request, item):
    """The item's title; the top folder has none of its own."""
    if not item.language and item.__parent__ is request.root:
        return request.localizer.translate(_("Pages"))
    return item.title


def translation_notes(request, item):
    """(note, [(language, its name, url)]) for a reader whose language is not the
    item's: where its translation is, or that there is none."""
    language = request.locale_name
    if not item.language or item.language == language:
        return None, []
    catalog = request.root.content_catalog
    when = now(request)
    staff = may_see_unpublished(request, item)
    others = {
        lang: other
        for lang, other in catalog.translations(item).items()
        if lang != item.language and (staff or other.is_public(when))
    }
    if language in others:
        note = _("This page is also in your language:")
        return note, [(language, LANGUAGE_NAMES[language], request.resource_url(others[language]))]
    note = _(
        "This page has not been translated into your language yet; it is shown in "
        "the original (${shown}).",
        mapping={"shown": LANGUAGE_NAMES.get(item.language, item.language)},
    )
    if others:
        note = _(
            "This page has not been translated into your language yet; it is shown in "
            "the original (${shown}). Other languages:",
            mapping={"shown": LANGUAGE_NAMES.get(item.language, item.language)},
        )
    links = [
        (lang, LANGUAGE_NAMES[lang], request.resource_url(other)) for lang, other in others.items()
    ]
    return note, links


@implementer(ITranslations)
class ContentTranslations:
    """The language switcher's way from an item to its translation."""

    def path(self, request, context, language):
        if not is_content(context) or not context.language:
            return None
        return translation_path(request, context, language)


def translation_path(request, item, language):
    """Where the language switcher takes a reader of `item`: its translation
    in `language` if they may see it, else None (they stay)."""
    catalog = request.root.content_catalog
    other = catalog.translation(item, language)
    if other is None or not (other.is_public(now(request)) or may_see_unpublished(request, other)):
        return None
    return request.resource_path(other)


def is_content(context):
    return isinstance(context, ContentItem)


def handle_form(request, schema, buttons, values, on_success, appstruct=None, bind=None):
    """Show the form; on submission validate, then `on_success(appstruct)`
    calls one service method and returns a redirect. A refusal dooms the
    transaction and shows the form again with the input and the reason."""
    form = make_form(request, schema, buttons, bind=bind or {})
    values = dict(values, error=None)
    if submitted(request, *(b.name for b in buttons)):
        data, rendered = validate(request, form)
        if data is None:
            return dict(values, form=rendered)
        try:
            return on_success(data)
        except ContentError as error:
            request.tm.doom()
            return dict(values, form=form.render(data), error=error.message)
    return dict(values, form=form.render(appstruct or {}))


def done(request, message, url):
    flash(request, message)
    return HTTPSeeOther(url)


def button(name, title):
    return deform.Button(name=name, title=title)


@implementer(IExplainers)
class Explainers:
    """The public pages and news about a consultation, one per translation
    group, in the reader's language where it has one (newest first)."""

    def __call__(self, request, consultation):
        catalog = request.root.content_catalog
        when = now(request)
        public = [
            item
            for item in catalog.about(request.resource_path(consultation))
            if item.is_public(when)
        ]
        language = request.locale_name
        chosen = {}
        for item in public:
            current = chosen.get(item.translation_group)
            if current is None or (item.language == language and current.language != language):
                chosen[item.translation_group] = item
        ordered = sorted(chosen.values(), key=lambda item: item.shown_date, reverse=True)
        return [(item.title, request.resource_url(item), item.language) for item in ordered]


@implementer(ISitePages)
class SitePages:
    """The starter pages by their names in the top folder, in the reader's
    language where a public translation exists."""

    def url(self, request, name):
        page = request.root["pages"].get(name)
        if page is None:
            return None
        when = now(request)
        translation = request.root.content_catalog.translation(page, request.locale_name)
        for candidate in (translation, page):
            if candidate is not None and candidate.is_public(when):
                return request.resource_url(candidate)
        return None
