"""check_body on real WebOb requests: the declared length against the
view's bound, a chunked body measured, a multipart boundary checked, and
nothing parsed."""

import io

import pytest
from pyramid.request import Request

from consult.bodies import BodyTooLarge, UnreadableBody, check_body


def post(body, content_type="application/x-www-form-urlencoded", length=True):
    request = Request.blank("/form", method="POST", body=body)
    request.content_type = content_type
    if not length:
        del request.environ["CONTENT_LENGTH"]
        request.environ["wsgi.input"] = io.BytesIO(body)
        request.environ["wsgi.input_terminated"] = True  # chunked, as a server passes it
        request.environ["webob.is_body_seekable"] = False
    return request


def test_within_the_bound():
    request = post(b"a=" + b"x" * 98)
    check_body(request, 100)
    assert "webob._parsed_post_vars" not in request.environ


def test_over_the_bound():
    with pytest.raises(BodyTooLarge) as refused:
        check_body(post(b"a=" + b"x" * 99), 100)
    assert (refused.value.limit, refused.value.size, refused.value.code) == (100, 101, 413)


def test_a_body_without_a_declared_length_is_measured():
    check_body(post(b"x" * 100, length=False), 100)
    with pytest.raises(BodyTooLarge):
        check_body(post(b"x" * 101, length=False), 100)


@pytest.mark.parametrize(
    "content_type, sound",
    [
        ("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW", True),
        ('multipart/form-data; boundary="quoted boundary"; charset=utf-8', True),
        ("multipart/form-data; boundary=--------a_BoUnDaRy1234$", True),  # WebTest's
        ("multipart/form-data", False),
        ("multipart/form-data; boundary=", False),
        ("multipart/form-data; boundary=" + "b" * 71, False),
        ("multipart/form-data; boundary=" + "b" * 5000, False),
        ('multipart/form-data; boundary="ends with a space "', False),
    ],
)
def test_multipart_boundaries(content_type, sound):
    request = post(b"--x\r\n\r\n--x--\r\n")
    request.headers["Content-Type"] = content_type
    if sound:
        check_body(request, 1000)
    else:
        with pytest.raises(UnreadableBody):
            check_body(request, 1000)


def test_an_empty_multipart_body_is_left_to_the_view():
    request = post(b"")
    request.headers["Content-Type"] = "multipart/form-data"
    check_body(request, 1000)
