"""What every page needs: the language, localized content, local time, the
signed-in person, messages after a redirect, and deform rendering in the
reader's language."""

from dataclasses import dataclass
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import deform
from babel.dates import format_datetime
from pyramid.decorator import reify
from pyramid.events import BeforeRender
from pyramid.renderers import get_renderer
from pyramid.settings import asbool
from pyramid.threadlocal import get_current_request
from zope.interface import Interface, implementer

from .i18n import LANGUAGE_NAMES, LANGUAGES, _
from .i18n.numbers import babel_locale, format_number, format_share
from .settings import settings_of

LOCAL_ZONE = ZoneInfo("Asia/Almaty")
STYLESHEET = "consult:static/consult.css"
_STYLESHEET_URLS = "consult.layout.stylesheet_urls"
FALLBACK_ORDER = ("ru", "kk", "en")


def pick_language(texts, language):
    """The language to show `texts` (a dict lang -> text) in: the reader's if
    present, otherwise the first available in a fixed order. None if empty."""
    if texts.get(language):
        return language
    for candidate in FALLBACK_ORDER:
        if texts.get(candidate):
            return candidate
    return None


class Localized:
    """A text chosen for the reader; `fallback` is true when it is not in the
    reader's language, so the page can say so and mark the `lang`."""

    def __init__(self, texts, language):
        self.language = pick_language(texts or {}, language)
        self.text = (texts or {}).get(self.language, "") if self.language else ""
        self.fallback = self.language is not None and self.language != language

    def __str__(self):
        return self.text

    def __bool__(self):
        return bool(self.text)

    def paragraphs(self):
        return [block.strip() for block in self.text.split("\n\n") if block.strip()]


class ITranslations(Interface):
    """Where a page's translation is, for the language switcher; content
    registers it (its items are one per language, each at its own address)."""

    def path(request, context, language):
        """The path of `context`'s translation in `language`, or None."""


class ISitePages(Interface):
    """The pages every site has (content's starter pages: "rules",
    "privacy", "how-it-works", "contact"), for links from anywhere."""

    def url(request, name):
        """The page `name` in the reader's language (or its original) if the
        public may read it, else None."""


class INotificationCount(Interface):
    """How many notifications the signed-in person has not read (the
    header's count); notifications registers it. It must read a counter,
    never the notifications: every page of a signed-in person asks."""

    def unread(request):
        """The count, 0 for a visitor."""


class IFollowPanel(Interface):
    """The buttons to follow a consultation or an article (and its ministry
    and topics) on its page; notifications registers it. Without it the
    pages show none."""

    def html(request, context):
        """Safe HTML of the panel for `context`, or ""."""


@dataclass(frozen=True)
class NavLink:
    """A link the layout shows: `language` is set when its text is not in the
    page's language (its `lang`), `current` when it is the page shown."""

    title: str
    url: str
    language: str | None = None
    current: bool = False


class ISiteChrome(Interface):
    """What the header and footer show that the site's editors choose (their
    site settings); content registers it. Without it the layout shows its
    plain defaults."""

    def site_name(request):
        """The site's name in the reader's language."""

    def logo(request):
        """NavLink(alt text, image URL) of the logo in the reader's language,
        or None."""

    def menu(request):
        """[NavLink] of the main menu, in the reader's language where an item
        has a published translation; items the reader may not see left out."""

    def breadcrumbs(request, context):
        """[NavLink] from the home page to `context` (the last is current),
        or [] where the page shows none."""

    def footer_links(request):
        """[NavLink] of the footer's links."""

    def contact(request):
        """The contact details as safe HTML, or ""."""


@implementer(ISiteChrome)
class PlainChrome:
    """The layout's defaults when no capability registered ISiteChrome."""

    def site_name(self, request):
        return "consult"

    def logo(self, request):
        return None

    def menu(self, request):
        return []

    def breadcrumbs(self, request, context):
        return []

    def footer_links(self, request):
        return []

    def contact(self, request):
        return ""


class Layout:
    def __init__(self, request):
        self.request = request

    @reify
    def language(self):
        return self.request.locale_name

    languages = LANGUAGES
    language_names = LANGUAGE_NAMES

    def localized(self, texts):
        return Localized(texts, self.language)

    def shown_in_note(self, localized):
        """The sentence telling a reader the text is in another language."""
        return self.request.localizer.translate(
            _(
                "Not available in your language; shown in ${language}.",
                mapping={"language": LANGUAGE_NAMES[localized.language]},
            )
        )

    def local_time(self, when, format="d MMMM y, HH:mm"):
        if when is None:
            return ""
        return format_datetime(
            when, format=format, tzinfo=LOCAL_ZONE, locale=babel_locale(self.language)
        )

    def number(self, value, digits=0):
        """A count or a figure as the reader's language writes it (i18n.numbers)."""
        return format_number(value, self.language, digits)

    def percent(self, share, digits=0):
        """A share (0..1) as a percentage in the reader's language: 4,00 %."""
        return format_share(share, self.language, digits)

    @reify
    def root_url(self):
        """The home page's URL: the header's and footer's links to the site's
        sections are this and their names (`resource_url` for each link of a
        page took a tenth of an article page's CPU, benchmarks/README.md)."""
        return self.request.resource_url(self.request.root)

    @reify
    def login_url(self):
        """The sign-in page, coming back here: the header, the follow panel
        and a thread's invitation to comment all link to it."""
        return self.request.resource_url(self.request.root, "login", query={"came_from": self.here})

    @reify
    def stylesheet_url(self):
        """The stylesheet's URL, made once per address the site is asked at."""
        known = self.request.registry.setdefault(_STYLESHEET_URLS, {})
        base = self.request.application_url
        url = known.get(base)
        if url is None:
            url = self.request.static_url(STYLESHEET)
            if len(known) >= 16:  # the Host header is the client's: stay small
                known.clear()
            known[base] = url
        return url

    @reify
    def here(self):
        """This page's path and query, for links that come back to it; the
        home page when the address is not UTF-8 (its error page has no here)."""
        try:
            return self.request.path_qs
        except UnicodeDecodeError:
            return "/"

    def switch_language_url(self, language):
        came_from = self.here
        translations = self.request.registry.queryUtility(ITranslations)
        context = getattr(self.request, "context", None)
        if translations is not None and context is not None:
            came_from = translations.path(self.request, context, language) or came_from
        return (
            self.request.application_url
            + "/set-language?"
            + urlencode({"lang": language, "came_from": came_from})
        )

    def page_url(self, name):
        """The site's page `name` (ISitePages), or None: no link then."""
        pages = self.request.registry.queryUtility(ISitePages)
        return pages.url(self.request, name) if pages is not None else None

    @reify
    def chrome(self):
        return self.request.registry.queryUtility(ISiteChrome) or PlainChrome()

    @reify
    def site_name(self):
        return self.chrome.site_name(self.request)

    @reify
    def logo(self):
        return self.chrome.logo(self.request)

    @reify
    def menu(self):
        return self.chrome.menu(self.request)

    @reify
    def breadcrumbs(self):
        context = getattr(self.request, "context", None)
        return self.chrome.breadcrumbs(self.request, context) if context is not None else []

    @reify
    def footer_links(self):
        return self.chrome.footer_links(self.request)

    @reify
    def contact(self):
        return self.chrome.contact(self.request)

    @reify
    def user(self):
        return self.request.identity

    def can(self, permission, context=None):
        return bool(
            self.request.has_permission(
                permission, self.request.context if context is None else context
            )
        )

    @reify
    def manages(self):
        """The person administers the site (the header's staff links, asked
        once per page rather than once per link)."""
        return self.user is not None and self.can("manage", self.request.root)

    @reify
    def unread_notifications(self):
        counter = self.request.registry.queryUtility(INotificationCount)
        return counter.unread(self.request) if counter is not None and self.user else 0

    def follow_panel(self, context):
        panel = self.request.registry.queryUtility(IFollowPanel)
        return panel.html(self.request, context) if panel is not None else ""

    @reify
    def moderates(self):
        return self.user is not None and self.can("moderate", self.request.root)

    @reify
    def source_url(self):
        """Where users of this site get its source (AGPL section 13)."""
        return settings_of(self.request)["consult.source_url"]

    @reify
    def attributions(self):
        root = getattr(self.request, "root", None)
        return getattr(root, "attributions", ())

    @reify
    def messages(self):
        # Peek first: popping marks the session changed, and a changed session
        # is signed and sent again, which every page would pay for.
        session = self.request.session
        return session.pop_flash() if session.peek_flash() else []


def flash(request, message):
    """Show `message` (translatable) on the next page."""
    request.session.flash(request.localizer.translate(message))


def add_layout(event):
    request = event.get("request")
    if request is not None and "layout" not in event:
        event["layout"] = request.layout
        event["main"] = request.registry["consult.main_macro"]()


def _deform_translator(term):
    request = get_current_request()
    if request is not None:
        return request.localizer.translate(term)
    # Outside a request (a form rendered by a script or a unit test): the
    # text in the source language, with its ${names} filled in.
    return term.interpolate() if hasattr(term, "interpolate") else term


def includeme(config):
    config.add_request_method(Layout, "layout", reify=True)
    # deform's loader would otherwise stat every template file at each
    # render, as a development server's reload does.
    reload_templates = asbool(config.registry.settings.get("pyramid.reload_templates"))
    deform.Form.set_default_renderer(
        deform.ZPTRendererFactory(
            (deform.template.default_dir,),
            translator=_deform_translator,
            auto_reload=reload_templates,
        )
    )

    def main_macro():
        return get_renderer("consult:templates/layout.pt").implementation().macros["main"]

    config.registry["consult.main_macro"] = main_macro
    config.add_subscriber(add_layout, BeforeRender)
