"""safe_return_path: only a path on this site, never another host, never a
header split."""

import pytest
from pyramid import testing

from consult.i18n.views import safe_return_path


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
