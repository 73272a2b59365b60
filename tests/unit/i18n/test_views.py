"""safe_return_path: only a path on this site, never another host, never a
header split."""

import pytest
from pyramid import testing

from consult.i18n.views import safe_return_path, set_language


@pytest.fixture
def request_():
    request = testing.DummyRequest()
    request.root = testing.DummyResource()
    return request


@pytest.mark.parametrize(
    "came_from, location",
    [
        (
            "/consultations/x/?after=5#comment-1",
            "http://example.com/consultations/x/?after=5#comment-1",
        ),
        ("/search?q=%D0%B6", "http://example.com/search?q=%D0%B6"),
        ("/search?q=жюри", "http://example.com/search?q=%D0%B6%D1%8E%D1%80%D0%B8"),
        ("/a b", "http://example.com/a%20b"),
    ],
)
def test_paths_on_this_site(request_, came_from, location):
    assert safe_return_path(request_, came_from) == location


@pytest.mark.parametrize(
    "came_from",
    [
        None,
        "",
        "http://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "evil",
        "/x\r\nSet-Cookie: a=b",
        "/x\nLocation: http://evil.example/",
        "/x\x00",
        "/x\x7f",
        "/x\x85",
    ],
)
def test_anything_else_leads_home(request_, came_from):
    assert safe_return_path(request_, came_from) == "http://example.com/"


class Person:
    language = None

    def choose_language(self, language):
        self.language = language


def switch(request_, identity, **params):
    request_.params = params
    with testing.testConfig(request=request_) as config:
        config.testing_securitypolicy(userid="p" if identity else None, identity=identity)
        return set_language(request_)


def test_the_switcher_stores_a_signed_in_persons_language(request_):
    person = Person()
    response = switch(request_, person, lang="kk", came_from="/consultations/")
    assert person.language == "kk"
    assert "_LOCALE_=kk" in response.headers["Set-Cookie"]


def test_the_switcher_stores_no_unknown_language(request_):
    person = Person()
    response = switch(request_, person, lang="de")
    assert person.language is None and "Set-Cookie" not in response.headers


def test_the_switcher_works_for_someone_not_signed_in(request_):
    assert "_LOCALE_=ru" in switch(request_, None, lang="ru").headers["Set-Cookie"]
