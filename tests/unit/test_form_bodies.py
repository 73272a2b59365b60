"""Multipart form bodies: text fields parsed by `multipart` into what WebOb
would have made; files and anything unusual left to WebOb."""

from webob import Request as WebObRequest

from consult.form_bodies import Request, text_fields

BOUNDARY = "----consult-test-boundary"


def body(*parts, end=True):
    """A multipart body of (headers, value) parts."""
    out = b""
    for headers, value in parts:
        out += f"--{BOUNDARY}\r\n".encode() + headers + b"\r\n\r\n" + value + b"\r\n"
    return out + (f"--{BOUNDARY}--\r\n".encode() if end else b"")


def field(name, value):
    return (f'Content-Disposition: form-data; name="{name}"'.encode(), value.encode())


def requests_of(data, content_type=None):
    """The same POST as consult's request and as WebOb's own."""
    content_type = content_type or f"multipart/form-data; boundary={BOUNDARY}"
    return tuple(
        factory.blank("/post", method="POST", body=data, content_type=content_type)
        for factory in (Request, WebObRequest)
    )


COMMENT_FORM = [
    field("_charset_", "UTF-8"),
    field("__formid__", "form-thread-article-1"),
    field("csrf_token", "a" * 40),
    field("target", "article:1"),
    field("parent", ""),
    field("text", "Бап түсініксіз.\r\nSecond line — «quoted», 中文"),
    field("__start__", "stance:rename"),
    field("deformField6", "for"),
    field("__end__", "stance:rename"),
    field("post", "post"),
]


def test_text_fields_are_what_webob_makes_of_them():
    ours, webobs = requests_of(body(*COMMENT_FORM))
    assert text_fields(ours) is not None
    assert list(ours.POST.items()) == list(webobs.POST.items())
    assert ours.POST["parent"] == ""
    assert ours.POST.getall("__start__") == ["stance:rename"]


def test_the_body_can_be_read_again_after_parsing():
    ours, _webobs = requests_of(body(*COMMENT_FORM))
    assert ours.POST["target"] == "article:1"
    assert ours.body == body(*COMMENT_FORM)


def test_a_file_is_left_to_webob():
    upload = (
        b'Content-Disposition: form-data; name="upload"; filename="a.csv"\r\n'
        b"Content-Type: text/csv",
        b"a,b\r\n1,2",
    )
    data = body(field("csrf_token", "x"), upload)
    ours, _webobs = requests_of(data)
    assert text_fields(ours) is None
    assert ours.POST["upload"].filename == "a.csv"
    assert ours.POST["upload"].file.read() == b"a,b\r\n1,2"
    assert ours.POST["csrf_token"] == "x"


def test_text_that_is_not_utf8_is_left_to_webob():
    data = body((b'Content-Disposition: form-data; name="text"', "é".encode("latin-1")))
    ours, webobs = requests_of(data)
    assert text_fields(ours) is None
    assert list(ours.POST.items()) == list(webobs.POST.items())


def test_a_part_with_more_headers_is_left_to_webob():
    data = body(
        (b'Content-Disposition: form-data; name="text"\r\nContent-Type: text/plain', b"hello")
    )
    ours, webobs = requests_of(data)
    assert text_fields(ours) is None
    assert ours.POST["text"] == webobs.POST["text"] == "hello"


def test_a_body_without_its_end_is_left_to_webob():
    ours, webobs = requests_of(body(*COMMENT_FORM, end=False))
    assert text_fields(ours) is None
    assert list(ours.POST.items()) == list(webobs.POST.items())


def test_an_urlencoded_form_is_webobs():
    ours, webobs = requests_of(
        b"text=hello&parent=", content_type="application/x-www-form-urlencoded"
    )
    assert (
        list(ours.POST.items())
        == list(webobs.POST.items())
        == [
            ("text", "hello"),
            ("parent", ""),
        ]
    )
