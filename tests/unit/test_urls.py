"""The public address: read once at start-up, used for every link that
leaves the request."""

import pytest
from pyramid import testing

from consult.urls import PublicURLError, public_path_url, public_url, read_public_url


@pytest.mark.parametrize(
    "value, read",
    [
        ("https://consult.gov.kz", "https://consult.gov.kz"),
        ("https://consult.gov.kz/", "https://consult.gov.kz"),
        (" http://127.0.0.1:6543 ", "http://127.0.0.1:6543"),
        ("https://gov.kz/consult/", "https://gov.kz/consult"),
    ],
)
def test_read(value, read):
    assert read_public_url(value) == read


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "consult.gov.kz",
        "//consult.gov.kz",
        "javascript:alert(1)",
        "https://consult.gov.kz/#x",
        "https://a:b@consult.gov.kz",
    ],
)
def test_refused(value):
    with pytest.raises(PublicURLError, match="consult.public_url"):
        read_public_url(value)


def test_links_use_the_setting_not_the_host():
    root = testing.DummyResource()
    root["consultations"] = consultations = testing.DummyResource()
    request = testing.DummyRequest(host="evil.example:80")
    request.registry.settings = {"consult.public_url": "https://gov.kz/consult"}
    assert public_url(request, consultations, "x", query={"token": "t"}) == (
        "https://gov.kz/consult/consultations/x?token=t"
    )
    assert public_path_url(request, "/juries/j/findings") == (
        "https://gov.kz/consult/juries/j/findings"
    )
