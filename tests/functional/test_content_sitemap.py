"""/sitemap.xml, parsed: every public content item with its translations as
hreflang alternates and an x-default, every published consultation with its
three languages by ?_LOCALE_=, and nothing the public may not see."""

from content_items import add, service_for
from lxml import etree

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
BASE = "http://localhost"


def urls(app):
    response = app.get("/sitemap.xml")
    assert response.content_type == "application/xml"
    document = etree.fromstring(response.body)
    assert document.tag == f"{SITEMAP}urlset"
    found = {}
    for node in document.findall(f"{SITEMAP}url"):
        links = node.findall(f"{XHTML}link")
        assert all(link.get("rel") == "alternate" for link in links)
        found[node.findtext(f"{SITEMAP}loc")] = {
            link.get("hreflang"): link.get("href") for link in links
        }
    return found


def test_public_content_and_its_translations(app, database, clock):
    with database() as root:
        about = add(root, clock, "page", "О портале", name="about")
        add(root, clock, "page", "Портал туралы", "kk", translation_of=about, name="about-kk")
        add(root, clock, "page", "About", "en", translation_of=about, published=False)
        add(root, clock, "page", "Черновик", name="draft", published=False)
        gone = add(root, clock, "page", "Удалённая", name="gone")
        service_for(root, clock).delete(gone, "editor")
        hidden = add(root, clock, "folder", "Скрытая", name="hidden", published=False)
        add(root, clock, "page", "Внутри скрытой", folder=hidden, name="inside")
    found = urls(app)
    expected = {
        "ru": f"{BASE}/pages/about/",
        "kk": f"{BASE}/pages/about-kk/",
        "x-default": f"{BASE}/pages/about/",  # the default language: Russian
    }
    assert found[f"{BASE}/pages/about/"] == expected
    assert found[f"{BASE}/pages/about-kk/"] == expected
    # The starter pages, published in three languages.
    assert set(found[f"{BASE}/pages/rules/"]) == {"kk", "ru", "en", "x-default"}
    for private in ("draft/", "gone/", "hidden/", "hidden/inside/"):
        assert f"{BASE}/pages/{private}" not in found
    assert not any("About" in url for url in found)


def test_consultations_are_listed_in_three_languages(app, database, clock, make_consultation):
    make_consultation("open-one")
    with database() as root:
        root["consultations"]["open-one"].published_at = None
    make_consultation("published-one")
    found = urls(app)
    url = f"{BASE}/consultations/published-one/"
    assert found[url] == {
        "kk": f"{url}?_LOCALE_=kk",
        "ru": f"{url}?_LOCALE_=ru",
        "en": f"{url}?_LOCALE_=en",
        "x-default": url,
    }
    assert f"{BASE}/consultations/open-one/" not in found
    assert found[f"{BASE}/"]["x-default"] == f"{BASE}/"
