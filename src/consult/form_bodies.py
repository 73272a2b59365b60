"""Form bodies of text fields parsed without `cgi.FieldStorage`.

Every deform form is posted as multipart/form-data, which WebOb parses with
`cgi.FieldStorage`: each field becomes a FieldStorage whose headers go
through the `email` package's parser. The comment form's ten fields took
370 microseconds that way, 44 as the same fields urlencoded, and 36 with
the `multipart` package's parser (benchmarks/README.md, "CPU per request").

`Request.POST` parses a multipart body of text fields with `multipart`, into
the same MultiDict of str that WebOb makes, and leaves to WebOb whatever is
not plainly that: a file, a part with any header beside its
Content-Disposition, a charset other than UTF-8, text that is not UTF-8,
a body the parser finds malformed, or one larger than the bound of
ordinary forms (an upload's view: its body is not read twice). Bodies are
checked before this runs (consult.bodies)."""

from multipart import (
    MultipartError,
    MultipartSegment,
    PushMultipartParser,
    parse_options_header,
)
from pyramid.request import Request as PyramidRequest
from webob.multidict import MultiDict

from .bodies import DEFAULT_BODY_BYTES

_PARSED = "webob._parsed_post_vars"  # where WebOb keeps what it parsed
_UTF8 = ("utf-8", "utf8")


def text_fields(request):
    """The fields of `request`'s multipart body as a MultiDict of str, or
    None when WebOb should parse it (see the module's docstring)."""
    _type, params = parse_options_header(request.headers.get("Content-Type", ""))
    boundary = params.get("boundary")
    if not boundary or params.get("charset", "utf-8").lower() not in _UTF8:
        return None
    if (request.content_length or 0) > DEFAULT_BODY_BYTES:
        return None
    request.make_body_seekable()
    body_file = request.body_file_raw
    body_file.seek(0)
    body = body_file.read()
    body_file.seek(0)
    fields = MultiDict()
    segment, chunks = None, []
    try:
        with PushMultipartParser(boundary, len(body)) as parser:
            for event in parser.parse(body):
                if isinstance(event, MultipartSegment):
                    if len(event.headerlist) != 1 or event.filename is not None or not event.name:
                        return None
                    segment, chunks = event, []
                elif event is None:  # the end of the segment
                    fields.add(segment.name, b"".join(chunks).decode("utf-8"))
                else:
                    chunks.append(event)
    except (MultipartError, UnicodeDecodeError):
        return None
    return fields


class Request(PyramidRequest):
    """Pyramid's request, with text forms parsed by `text_fields`."""

    @property
    def POST(self):  # noqa: N802 (WebOb's name)
        environ = self.environ
        parsed = environ.get(_PARSED)
        if (
            (parsed is None or parsed[1] is not self.body_file_raw)
            and self.method == "POST"
            and self.content_type == "multipart/form-data"
        ):
            fields = text_fields(self)
            if fields is not None:
                environ[_PARSED] = (fields, self.body_file_raw)
                return fields
        return super().POST
