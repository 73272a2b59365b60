"""What the layout shows that the site's editors choose (layout.ISiteChrome):
the site's name and logo, the main menu, the breadcrumbs of content pages,
the footer's links and the contact details, each in the reader's language.

A menu item is shown in the reader's language: its published translation
if it has one, else the item itself (marked with its `lang`); an item the
reader may not see is left out, so a retracted page drops from the menu
without anyone editing the settings."""

from pyramid.traversal import lineage
from zope.interface import implementer

from ..clock import IClock
from ..i18n import _
from ..layout import ISiteChrome, NavLink, pick_language
from .models import ContentItem, Image
from .rendering import render_cached
from .views.common import title_of


def settings_of(request):
    return request.root.site_settings


def public_version(request, item, language, when=None):
    """`item` as a reader of `language` sees it: its public translation in
    that language, else itself if public, else None."""
    when = when or request.find_service(IClock).now()
    translation = request.root.content_catalog.translation(item, language)
    if translation is not None and translation.is_public(when):
        return translation
    return item if item.is_public(when) else None


def other_language(item, language):
    """The `lang` a link to `item` needs on a page in `language`."""
    return item.language if item.language and item.language != language else None


@implementer(ISiteChrome)
class SiteChrome:
    def site_name(self, request):
        return settings_of(request).name_in(request.locale_name)

    def logo(self, request):
        settings = settings_of(request)
        uid = (settings.logo or {}).get(request.locale_name) or (settings.logo or {}).get(
            settings.default_language
        )
        image = request.root.content_catalog.get(uid) if uid else None
        if not isinstance(image, Image) or image.data is None:
            return None
        if not image.is_public(request.find_service(IClock).now()):
            return None
        return NavLink(self.site_name(request), request.resource_url(image, "download"))

    def menu(self, request):
        uids = settings_of(request).menu or ()
        if not uids:
            return []
        language = request.locale_name
        catalog = request.root.content_catalog
        when = request.find_service(IClock).now()
        # aria-current="page": the page shown is this menu item itself.
        context = (
            getattr(request, "context", None) if not getattr(request, "view_name", "") else None
        )
        links = []
        for uid in uids:
            item = catalog.get(uid)
            shown = public_version(request, item, language, when) if item is not None else None
            if shown is None:
                continue
            links.append(
                NavLink(
                    title_of(request, shown),
                    request.resource_url(shown),
                    other_language(shown, language),
                    current=shown is context,
                )
            )
        return links

    def breadcrumbs(self, request, context):
        if not isinstance(context, ContentItem):
            return []
        language = request.locale_name
        crumbs = [
            NavLink(request.localizer.translate(_("Home")), request.resource_url(request.root))
        ]
        for item in reversed(list(lineage(context))):
            if not isinstance(item, ContentItem):
                continue
            crumbs.append(
                NavLink(
                    title_of(request, item),
                    request.resource_url(item),
                    other_language(item, language),
                    current=item is context and not getattr(request, "view_name", ""),
                )
            )
        return crumbs

    def footer_links(self, request):
        language = request.locale_name
        links = []
        settings = settings_of(request)
        for labels, url in settings.footer_links or ():
            shown = _shown_language(labels, language, settings.default_language)
            if shown:
                links.append(
                    NavLink(labels[shown], _site_url(request, url), _lang(shown, language))
                )
        return links

    def contact(self, request):
        language = request.locale_name
        settings = settings_of(request)
        texts = {lang: text.strip() for lang, text in (settings.contact or {}).items()}
        shown = _shown_language(texts, language, settings.default_language)
        if shown is None:
            return ""
        # Rendered once per text and process, not on every page.
        html = render_cached(settings.contact[shown])
        return html if shown == language else f'<div lang="{shown}">{html}</div>'


def _shown_language(texts, language, default_language):
    """The reader's language if `texts` has it, else the site's default,
    else the layout's fallback order."""
    return pick_language(texts, language if texts.get(language) else default_language)


def _lang(shown, language):
    return shown if shown != language else None


def _site_url(request, url):
    """A site path ("/pages/rules") under the application's address."""
    return request.application_url + url if url.startswith("/") else url
