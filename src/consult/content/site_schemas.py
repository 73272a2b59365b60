"""The site settings form: the name, logo and contact details per language,
the main menu, the footer's links, the default language and the home page.

The menu and the footer have a fixed number of places, each a plain select
or a few text boxes: the order is the order of the places, and the form
works without JavaScript (deform's sequence widget needs it to add one)."""

from urllib.parse import urlsplit

import colander
import deform

from ..forms import CSRFSchema
from ..i18n import LANGUAGE_NAMES, LANGUAGES, _
from .site import SiteSettings

FIELDSET = "consult:templates/consultations/fieldset.pt"
MENU_PLACES = 8
FOOTER_PLACES = 6
NAME_LIMIT = 100
LABEL_LIMIT = 100
URL_LIMIT = 500
CONTACT_LIMIT = 5_000

BAD_URL = _(
    "Give an address that begins with https:// or http://, or a path on this site "
    "that begins with /."
)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def checked_url(node, value):
    """An address a footer link may have: http(s) with a host, or a path on
    this site; never `javascript:`, `data:` or a protocol-relative `//host`."""
    if any(character.isspace() or ord(character) < 32 for character in value):
        raise colander.Invalid(node, BAD_URL)
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise colander.Invalid(node, BAD_URL)


def _text(name, title, limit, language=None, rows=None, description="", validator=None):
    attributes = {"lang": language} if language else {}
    widget = (
        deform.widget.TextAreaWidget(rows=rows, attributes=attributes)
        if rows
        else deform.widget.TextInputWidget(attributes=attributes)
    )
    length = colander.Length(max=limit)
    return colander.SchemaNode(
        colander.String(),
        name=name,
        title=title,
        description=description,
        missing="",
        preparer=_strip,
        validator=colander.All(length, validator) if validator else length,
        widget=widget,
    )


def _select(name, title, choices, none_label, description=""):
    values = [("", none_label), *choices]
    return colander.SchemaNode(
        colander.String(),
        name=name,
        title=title,
        description=description,
        missing="",
        validator=colander.OneOf([value for value, _label in values]),
        widget=deform.widget.SelectWidget(values=values),
    )


def _fieldset(name, title, *children, description="", legend_lang=None, validator=None):
    return colander.SchemaNode(
        colander.Mapping(),
        *children,
        name=name,
        title=title,
        description=description,
        validator=validator,
        widget=deform.widget.MappingWidget(template=FIELDSET, legend_lang=legend_lang),
    )


def _link_complete(node, value):
    has_label = any(value[f"label_{language}"] for language in LANGUAGES)
    if value["url"] and not has_label:
        raise colander.Invalid(node, _("Give the link's text in at least one language."))
    if has_label and not value["url"]:
        raise colander.Invalid(node, _("Give the link's address."))


def settings_schema(pages, menu_items, images):
    """The form, its choices given as [(uid, label)]: `pages` for the home
    page, `menu_items` (folders and pages) for the menu, `images` for the
    logos."""
    schema = CSRFSchema()
    for language in LANGUAGES:
        schema.add(
            _fieldset(
                language,
                LANGUAGE_NAMES[language],
                _text(f"site_name_{language}", _("Name of the site"), NAME_LIMIT, language),
                _select(f"logo_{language}", _("Logo"), images, _("No logo")),
                _text(
                    f"contact_{language}",
                    _("Contact details"),
                    CONTACT_LIMIT,
                    language,
                    rows=5,
                    description=_("Shown at the foot of every page; Markdown."),
                ),
                legend_lang=language,
            )
        )
    schema.add(
        _fieldset(
            "menu",
            _("Main menu"),
            *(
                _select(
                    f"place_{number}",
                    _("Place ${number}", mapping={"number": number}),
                    menu_items,
                    _("(empty)"),
                )
                for number in range(1, MENU_PLACES + 1)
            ),
            description=_(
                "Published folders and pages, in this order after Consultations. Each is "
                "shown in the reader's language where it has a published translation."
            ),
        )
    )
    schema.add(
        _fieldset(
            "footer",
            _("Links at the foot of every page"),
            *(_footer_link(number) for number in range(1, FOOTER_PLACES + 1)),
        )
    )
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="default_language",
            title=_("Default language"),
            description=_(
                "The language of visitors whose browser asks for none of the three, and of "
                "the site's name and contact details not given in a language."
            ),
            missing="",
            validator=colander.OneOf(("", *LANGUAGES)),
            widget=deform.widget.SelectWidget(
                values=[("", _("As the server is configured"))]
                + [(language, LANGUAGE_NAMES[language]) for language in LANGUAGES]
            ),
        )
    )
    schema.add(
        _select(
            "home_page",
            _("Page shown on the home page"),
            pages,
            _("None"),
            description=_("Shown in the reader's language where it has a published translation."),
        )
    )
    return schema


def _footer_link(number):
    return _fieldset(
        f"link_{number}",
        _("Link ${number}", mapping={"number": number}),
        *(
            _text(
                f"label_{language}",
                _("Text in ${language}", mapping={"language": LANGUAGE_NAMES[language]}),
                LABEL_LIMIT,
                language,
            )
            for language in LANGUAGES
        ),
        _text("url", _("Address"), URL_LIMIT, validator=checked_url),
        validator=_link_complete,
    )


def appstruct_from(settings):
    """The form's values from a SiteSettings."""
    appstruct = {
        language: {
            f"site_name_{language}": (settings.site_name or {}).get(language, ""),
            f"logo_{language}": (settings.logo or {}).get(language, ""),
            f"contact_{language}": (settings.contact or {}).get(language, ""),
        }
        for language in LANGUAGES
    }
    menu = list(settings.menu or ())[:MENU_PLACES]
    appstruct["menu"] = {
        f"place_{number}": menu[number - 1] if number <= len(menu) else ""
        for number in range(1, MENU_PLACES + 1)
    }
    links = list(settings.footer_links or ())[:FOOTER_PLACES]
    appstruct["footer"] = {}
    for number in range(1, FOOTER_PLACES + 1):
        labels, url = links[number - 1] if number <= len(links) else ({}, "")
        place = {f"label_{language}": labels.get(language, "") for language in LANGUAGES}
        appstruct["footer"][f"link_{number}"] = dict(place, url=url)
    appstruct["default_language"] = settings.default_language or ""
    appstruct["home_page"] = settings.home_page or ""
    return appstruct


def values_from(appstruct):
    """The SiteSettings values (SiteSettings.FIELDS) from the form's."""

    def per_language(field):
        texts = {language: appstruct[language][f"{field}_{language}"] for language in LANGUAGES}
        return {language: text for language, text in texts.items() if text}

    menu = []
    for number in range(1, MENU_PLACES + 1):
        uid = appstruct["menu"][f"place_{number}"]
        if uid and uid not in menu:
            menu.append(uid)
    links = []
    for number in range(1, FOOTER_PLACES + 1):
        place = appstruct["footer"][f"link_{number}"]
        labels = {lang: place[f"label_{lang}"] for lang in LANGUAGES if place[f"label_{lang}"]}
        if place["url"]:
            links.append((labels, place["url"]))
    values = {
        "site_name": per_language("site_name"),
        "logo": per_language("logo"),
        "contact": per_language("contact"),
        "menu": tuple(menu),
        "footer_links": tuple(links),
        "default_language": appstruct["default_language"] or None,
        "home_page": appstruct["home_page"],
    }
    assert set(values) == set(SiteSettings.FIELDS)
    return values
