"""The site settings page: administrators only, saved through the content
service onto the audit log, and a footer link to a `javascript:` address
refused with the form shown again with what was typed."""

import pytest
from content_items import add
from webtest import TestApp

from consult.audit.models import audit_log_of

ADMIN, EDITOR = "admin@example.kz", "editor@example.kz"


@pytest.fixture
def admin(make_user, browser):
    make_user(ADMIN, "Dana", "Admin", roles=("administrator",))
    return browser(ADMIN)


def test_only_administrators_reach_the_settings(app, make_user, browser, admin):
    make_user(EDITOR, "Erlan", "Editor", roles=("editor", "reviewer"))
    assert browser(EDITOR).get("/@@site-settings", status=403).status_int == 403
    anonymous = app.get("/@@site-settings", status=(302, 303, 403))
    assert anonymous.status_int != 200
    assert admin.get("/@@site-settings").forms["deform"] is not None


def test_an_administrator_changes_the_settings(admin, database, clock):
    with database() as root:
        about = add(root, clock, "page", "О нас", name="about")
        add(root, clock, "page", "Черновик", name="draft", published=False)
        about_uid, rules_uid = about.uid, root["pages"]["rules"].uid
    form = admin.get("/@@site-settings").forms["deform"]
    choices = [value for value, _selected, _text in form["place_1"].options]
    assert about_uid in choices and rules_uid in choices
    with database() as root:
        assert root["pages"]["draft"].uid not in choices
    form["site_name_kk"] = "Қоғамдық талқылау"
    form["contact_ru"] = "Телефон: 8 (7172) 00-00-00"
    form["place_1"] = rules_uid
    form["place_2"] = about_uid
    form.set("label_kk", "Ережелер", index=0)  # the first of the footer's links
    form.set("url", "/pages/rules", index=0)
    form["default_language"] = "kk"
    form["home_page"] = about_uid
    saved = form.submit("save").follow()
    assert "The site's settings are saved." in saved.text
    # No English name: the default language's.
    assert saved.html.find("a", class_="brand").text.strip() == "Қоғамдық талқылау"
    assert "Қоғамдық талқылау" in admin.get("/?_LOCALE_=ru").html.title.text
    with database() as root:
        settings = root.site_settings
        assert settings.site_name == {"kk": "Қоғамдық талқылау"}
        assert settings.menu == (rules_uid, about_uid)
        assert settings.footer_links == (({"kk": "Ережелер"}, "/pages/rules"),)
        assert settings.default_language == "kk" and settings.home_page == about_uid
        entries, _more = audit_log_of(root).page(action="site.settings_changed")
        assert len(entries) == 1 and entries[0].actor
    # A visitor whose browser asks for no language of the site gets Kazakh.
    visitor = TestApp(admin.app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "de"})
    assert visitor.get("/").html.html["lang"] == "kk"


@pytest.mark.parametrize(
    "url", ["javascript:alert(document.cookie)", "data:text/html,x", "//evil.example/", "http://"]
)
def test_a_footer_link_must_be_a_web_or_site_address(admin, database, url):
    form = admin.get("/@@site-settings").forms["deform"]
    form["site_name_ru"] = "Обсуждения"
    form.set("label_ru", "Ссылка", index=1)
    form.set("url", url, index=1)
    again = form.submit("save")
    assert again.status_int == 200
    assert "begins with https:// or http://" in again.text
    form = again.forms["deform"]
    assert form.get("url", index=1).value == url
    assert form["site_name_ru"].value == "Обсуждения"
    with database() as root:
        assert root.site_settings.footer_links == () and root.site_settings.site_name == {}
        assert not audit_log_of(root).page(action="site.settings_changed")[0]


def test_a_link_needs_both_a_text_and_an_address(admin):
    form = admin.get("/@@site-settings").forms["deform"]
    form.set("label_en", "Government", index=0)
    again = form.submit("save")
    assert "Give the link's address." in again.text
