"""`sitemap.xml` (sitemaps.org 0.9 with Google's `xhtml:link` alternates):
every public content item, each with its public translations as
`hreflang` alternates and an `x-default`, and every published consultation,
whose one address serves the three languages by `?_LOCALE_=`.

The x-default of a translated item is its translation in the site's default
language when that one is public, else the first public one in the fallback
order, so that every member of a group names the same."""

from lxml import etree

from ..i18n import LANGUAGES
from ..layout import FALLBACK_ORDER

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
NSMAP = {None: SITEMAP, "xhtml": XHTML}


def public_content(catalog, when):
    """The public items in the tree, by address."""
    return [
        item
        for item in catalog.items.values()
        if item.__parent__ is not None and not item.trashed and item.is_public(when)
    ]


def translated_alternates(item, catalog, when, default_language, url_of):
    """[(hreflang, url)] of the item's public translations and x-default."""
    public = {
        language: other
        for language, other in catalog.translations(item).items()
        if other.is_public(when)
    }
    alternates = [(language, url_of(public[language])) for language in sorted(public)]
    for language in (default_language, *FALLBACK_ORDER):
        if language in public:
            alternates.append(("x-default", url_of(public[language])))
            break
    return alternates


def language_alternates(url, with_language):
    """[(hreflang, url)] of a page that serves every language at one address."""
    return [(language, with_language(language)) for language in LANGUAGES] + [("x-default", url)]


def sitemap_xml(entries):
    """The document's bytes; `entries` [(url, lastmod or None, [(hreflang, url)])]."""
    urlset = etree.Element(f"{{{SITEMAP}}}urlset", nsmap=NSMAP)
    for url, lastmod, alternates in entries:
        node = etree.SubElement(urlset, f"{{{SITEMAP}}}url")
        etree.SubElement(node, f"{{{SITEMAP}}}loc").text = url
        if lastmod is not None:
            etree.SubElement(node, f"{{{SITEMAP}}}lastmod").text = lastmod.date().isoformat()
        for hreflang, href in alternates:
            etree.SubElement(
                node, f"{{{XHTML}}}link", rel="alternate", hreflang=hreflang, href=href
            )
    return etree.tostring(urlset, xml_declaration=True, encoding="UTF-8", pretty_print=True)
