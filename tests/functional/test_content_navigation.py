"""The site settings on every page: the main menu in the reader's language,
breadcrumbs on content pages, the site's name in the header and the title,
the logo, the footer's links and contact details; `<html lang>` follows the
reader, content in another language says its own."""

import pytest
from content_items import add

from consult.content.models import Image


@pytest.fixture
def site(database, clock):
    """A menu of a folder with a Kazakh translation, a Russian-only page and
    a private page; footer links, contact details and names per language."""
    with database() as root:
        about = add(root, clock, "folder", "О нас", name="about")
        about_kk = add(root, clock, "folder", "Біз туралы", "kk", translation_of=about)
        team = add(root, clock, "page", "Команда", folder=about, name="team")
        rules = root["pages"]["rules"]
        secret = add(root, clock, "page", "Секретный раздел", name="secret", published=False)
        logo = add(root, clock, "image", "Герб", "kk", name="logo")
        logo.set_data(b"\x89PNG\r\n\x1a\n", "logo.png", "image/png")
        root.site_settings.update(
            {
                "site_name": {"kk": "Қоғамдық талқылау", "ru": "Общественные обсуждения"},
                "logo": {"kk": logo.uid},
                "menu": (about.uid, secret.uid, rules.uid, root["pages"].uid),
                "footer_links": (
                    ({"kk": "Ережелер", "ru": "Правила"}, "/pages/rules"),
                    ({"ru": "Правительство"}, "https://www.gov.kz"),
                ),
                "contact": {"ru": "Пишите: **info@example.kz** <script>x()</script>"},
            }
        )
        assert isinstance(logo, Image)
        return {"about_kk": about_kk.__name__, "team": team.__name__}


def menu(page):
    nav = page.html.find("header").find("nav")  # the main menu, first in the header
    return [
        (a.text, a["href"], a.get("lang"))
        for a in nav.find_all("a")
        if "menu-item" in (a.parent.get("class") or [])
    ]


def test_the_menu_is_in_the_readers_language_without_private_items(app, site):
    kk = app.get("/?_LOCALE_=kk")
    assert menu(kk) == [
        ("Біз туралы", f"http://localhost/pages/{site['about_kk']}/", None),
        ("Талқылау ережелері", "http://localhost/pages/rules-kk/", None),
        ("Беттер", "http://localhost/pages/", None),
    ]
    en = app.get("/")
    assert menu(en) == [
        ("О нас", "http://localhost/pages/about/", "ru"),
        ("Rules of discussion", "http://localhost/pages/rules-en/", None),
        ("Pages", "http://localhost/pages/", None),
    ]
    assert "Секретный" not in en.text and "Секретный" not in kk.text
    # The existing link stays first.
    assert en.html.find("nav", attrs={"aria-label": "Main"}).find("a").text == "Consultations"


def test_the_page_shown_is_marked_in_the_menu(app, site):
    page = app.get("/pages/about/?_LOCALE_=ru")
    nav = page.html.find("header").find("nav")
    assert [a.text for a in nav.find_all("a", attrs={"aria-current": "page"})] == ["О нас"]
    inside = app.get("/pages/about/team/?_LOCALE_=ru").html.find("header").find("nav")
    assert inside.find("a", attrs={"aria-current": "page"}) is None


def test_breadcrumbs_lead_from_home_to_the_page(app, site):
    page = app.get("/pages/about/team/")
    nav = page.html.find("nav", class_="breadcrumbs")
    assert nav["aria-label"] == "You are here"
    items = nav.find("ol").find_all("li")
    assert [li.text.strip() for li in items] == ["Home", "Pages", "О нас", "Команда"]
    assert items[0].a["href"] == "http://localhost/"
    assert items[2].a["href"] == "http://localhost/pages/about/"
    assert items[2].a["lang"] == "ru"
    current = items[-1].find(attrs={"aria-current": "page"})
    assert current is not None and current.name == "span"
    assert page.html.html["lang"] == "en"
    assert page.html.find("article")["lang"] == "ru"


def test_breadcrumbs_are_in_the_readers_language(app, site):
    page = app.get("/pages/about/team/?_LOCALE_=kk")
    items = page.html.find("nav", class_="breadcrumbs").find_all("li")
    assert [li.text.strip() for li in items][:2] == ["Басты бет", "Беттер"]
    assert page.html.html["lang"] == "kk"


def test_no_breadcrumbs_where_there_is_no_content(app, site):
    assert app.get("/consultations/").html.find("nav", class_="breadcrumbs") is None


def test_the_site_name_logo_footer_and_contact(app, site):
    kk = app.get("/?_LOCALE_=kk")
    assert kk.html.title.text.strip().endswith("· Қоғамдық талқылау")
    brand = kk.html.find("a", class_="brand")
    assert brand.text.strip() == "Қоғамдық талқылау"
    assert brand.img["src"] == "http://localhost/pages/logo/download"
    footer = kk.html.find("footer")
    links = [(a.text, a["href"], a.get("lang")) for a in footer.find("nav").find_all("a")]
    assert links == [
        ("Ережелер", "http://localhost/pages/rules", None),
        ("Правительство", "https://www.gov.kz", "ru"),
    ]
    contact = footer.find("section", class_="contact")
    assert contact.find("strong").text == "info@example.kz"
    assert contact.find(lang="ru") is not None  # no Kazakh text: shown in Russian
    assert "<script" not in str(contact)

    ru = app.get("/?_LOCALE_=ru")
    assert ru.html.title.text.strip().endswith("· Общественные обсуждения")
    assert ru.html.find("a", class_="brand").img is None  # no Russian logo


def test_a_private_logo_is_not_shown(app, site, database):
    with database() as root:
        root["pages"]["logo"].state = "private"
    assert app.get("/?_LOCALE_=kk").html.find("a", class_="brand").img is None
