from types import SimpleNamespace

from pyramid import testing

from consult.i18n.negotiation import negotiate_locale


def request(params=None, cookies=None, accept=None, default="ru"):
    req = testing.DummyRequest(params=params or {}, cookies=cookies or {})
    req.registry.settings = {"pyramid.default_locale_name": default}
    from webob.acceptparse import create_accept_language_header

    req.accept_language = create_accept_language_header(accept)
    return req


def test_query_parameter_wins():
    assert negotiate_locale(request({"_LOCALE_": "kk"}, {"_LOCALE_": "en"}, "en")) == "kk"


def test_cookie_before_accept_language():
    assert negotiate_locale(request(cookies={"_LOCALE_": "en"}, accept="kk")) == "en"


def test_accept_language():
    assert negotiate_locale(request(accept="kk-KZ, ru;q=0.8")) == "kk"
    assert negotiate_locale(request(accept="en-GB,en;q=0.9")) == "en"


def test_default_from_settings():
    assert negotiate_locale(request(accept="de, fr")) == "ru"
    assert negotiate_locale(request(default="kk")) == "kk"


def test_unknown_values_ignored():
    assert negotiate_locale(request({"_LOCALE_": "xx"}, accept="en")) == "en"


def test_a_posted_body_is_not_read():
    # Reading it would parse a body before its bound is checked (consult.bodies).
    from pyramid.request import Request

    req = Request.blank("/?x=1", POST={"_LOCALE_": "kk"}, headers={"Accept-Language": "en"})
    req.registry = testing.DummyRequest().registry
    req.registry.settings = {"pyramid.default_locale_name": "ru"}
    assert negotiate_locale(req) == "en"
    assert "webob._parsed_post_vars" not in req.environ


def test_the_sites_chosen_default_comes_before_the_ini():
    """content.site.SiteSettings.default_language, read from the root that
    traversal found; a request without one (an error before traversal)
    keeps the ini's."""
    chosen = request(accept="de, fr", default="ru")
    chosen.root = SimpleNamespace(site_settings=SimpleNamespace(default_language="kk"))
    assert negotiate_locale(chosen) == "kk"
    unset = request(accept="de, fr", default="ru")
    unset.root = SimpleNamespace(site_settings=SimpleNamespace(default_language=None))
    assert negotiate_locale(unset) == "ru"
    # A browser that asks for a language of the site still gets it.
    asked = request(accept="en", default="ru")
    asked.root = chosen.root
    assert negotiate_locale(asked) == "en"
