"""The site's settings that administrators change without a deploy: its
name and logo per language, the main menu, the footer's links, the contact
details, the default language and the page the home page shows."""

from persistent import Persistent


class SiteSettings(Persistent):
    FIELDS = (
        "site_name",
        "logo",
        "menu",
        "footer_links",
        "contact",
        "default_language",
        "home_page",
    )

    def __init__(self):
        self.site_name = {}  # language -> name
        self.logo = {}  # language -> uid of an Image
        self.menu = ()  # uids of folders and pages, in order
        self.footer_links = ()  # ({language: label}, url)
        self.contact = {}  # language -> Markdown
        # The language of a visitor who asks for none (i18n.negotiation);
        # None: the server's configuration (pyramid.default_locale_name).
        self.default_language = None
        self.home_page = ""  # uid of a page shown on the home page

    def values(self):
        return {name: getattr(self, name) for name in self.FIELDS}

    def update(self, values):
        for name in self.FIELDS:
            if name in values:
                value = values[name]
                setattr(self, name, tuple(value) if isinstance(value, list) else value)

    def name_in(self, language):
        names = self.site_name or {}
        return names.get(language) or names.get(self.default_language) or "consult"
