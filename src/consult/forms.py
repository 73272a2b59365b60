"""deform/colander plumbing shared by every form.

The CSRF token is a schema node (Substance D's pattern): a stale or forged
token fails validation like any other field, so the form comes back with the
person's text and a message instead of an error page that loses it. Views
using these forms are declared with `require_csrf=False` for that reason.

A missing or empty token is refused exactly like a wrong one. colander never
runs a validator on a missing value, so the node is `required` and its
missing message is the expired-form message (with `missing=None` a form
posted without the token was accepted)."""

import colander
import deform
import peppercorn
from pyramid.util import strings_differ

from .bodies import UnreadableBody
from .i18n import _


@colander.deferred
def _csrf_default(node, kw):
    return kw["request"].session.get_csrf_token()


EXPIRED = _(
    "This form had expired, so nothing was saved yet. Check your text below and submit it again."
)


@colander.deferred
def _csrf_validator(node, kw):
    request = kw["request"]

    def validate(node, value):
        expected = request.session.get_csrf_token()
        if not value or strings_differ(str(value), expected):
            raise colander.Invalid(node, EXPIRED)

    return validate


class CSRFSchema(colander.Schema):
    csrf_token = colander.SchemaNode(
        colander.String(),
        name="csrf_token",
        widget=deform.widget.HiddenWidget(),
        default=_csrf_default,
        validator=_csrf_validator,
        missing=colander.required,
        missing_msg=EXPIRED,
    )


def make_form(request, schema, buttons, action="", **kw):
    schema = schema.bind(request=request, **kw.pop("bind", {}))
    return deform.Form(schema, buttons=buttons, action=action, **kw)


def validate(request, form, clip=None):
    """(appstruct, None) on success, (None, rendered form with errors) otherwise.
    A stale token is replaced so that the next submission can succeed; the
    texts named in `clip` (name -> characters) are shown again cut to it."""
    try:
        pstruct = peppercorn.parse(request.POST.items())
    except ValueError as error:  # start and end markers no form of ours sends
        raise UnreadableBody() from error
    try:
        return form.validate_pstruct(pstruct), None
    except deform.ValidationFailure as failure:
        if "csrf_token" in failure.field:
            token = request.session.get_csrf_token()
            if isinstance(failure.cstruct, dict):
                failure.cstruct["csrf_token"] = token
            token_field = failure.field["csrf_token"]
            # deform renders each field from its own cstruct.
            token_field.cstruct = token
            if token_field.error is not None:
                # A hidden field shows no error; say it at the top of the form.
                failure.field.error = colander.Invalid(failure.field.schema, token_field.error.msg)
        if isinstance(failure.cstruct, dict):
            for name, limit in (clip or {}).items():
                text = failure.cstruct.get(name)
                if isinstance(text, str) and len(text) > limit:
                    failure.cstruct[name] = failure.field[name].cstruct = text[:limit]
        return None, failure.render()


def submitted(request, *names):
    return request.method == "POST" and any(name in request.POST for name in names)


def clipped(appstruct, name, limit):
    """`appstruct` with its text `name` cut to `limit` characters, or
    `appstruct` itself when the text is within it: a refused form is shown
    again with the person's text, but never more of it than the form accepts
    (a 10 MB comment was sent back whole)."""
    text = appstruct.get(name)
    if isinstance(text, str) and len(text) > limit:
        return dict(appstruct, **{name: text[:limit]})
    return appstruct
