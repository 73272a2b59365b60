"""The site settings form's parts: which addresses a footer link may have,
and the settings' values to the form and back."""

import colander
import pytest
from zope.interface.verify import verifyObject

from consult.content.navigation import SiteChrome
from consult.content.site import SiteSettings
from consult.content.site_schemas import appstruct_from, checked_url, values_from
from consult.layout import ISiteChrome, PlainChrome

NODE = colander.SchemaNode(colander.String(), name="url")


@pytest.mark.parametrize(
    "url", ["https://www.gov.kz", "http://example.kz/a?b=c", "/pages/rules", "/"]
)
def test_web_and_site_addresses_are_accepted(url):
    checked_url(NODE, url)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>x</script>",
        "vbscript:x",
        "//evil.example/",
        "/\\evil.example",
        "https://",
        "ftp://example.kz/",
        "https://exa mple.kz",
        "java\tscript:alert(1)",
        "pages/rules",
    ],
)
def test_other_addresses_are_refused(url):
    with pytest.raises(colander.Invalid):
        checked_url(NODE, url)


def test_settings_go_to_the_form_and_back():
    settings = SiteSettings()
    settings.update(
        {
            "site_name": {"kk": "Атауы"},
            "logo": {"ru": "logo-uid"},
            "menu": ("a", "b"),
            "footer_links": (({"ru": "Правила"}, "/pages/rules"),),
            "contact": {"en": "Write to us"},
            "default_language": "kk",
            "home_page": "home-uid",
        }
    )
    assert values_from(appstruct_from(settings)) == settings.values()


def test_the_chrome_does_what_the_layout_asks():
    assert verifyObject(ISiteChrome, SiteChrome())
    assert verifyObject(ISiteChrome, PlainChrome())
