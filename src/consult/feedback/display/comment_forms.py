"""The comment form of a thread, and why a thread has none.

`comment_form` builds the deform form for a new comment or a reply;
`empty_comment_form` is the HTML of a thread's empty form, rendered once per
thread, language and site (kept in the render cache) and given each reader's
CSRF token; `stage_notice` says why comments are not accepted now."""

from html import escape

import colander
import deform

from ...clock import IClock
from ...forms import make_form
from ...i18n import _
from ...settings import settings_of
from ..schemas import CommentSchema, to_ministry_node
from .paging import thread_anchor
from .render_cache import render_cache

# What stands for the reader's CSRF token in a cached form (never sent as is).
CSRF_PLACEHOLDER = "csrf-token-of-the-reader-0c5e7a"


def max_length(request):
    return settings_of(request)["consult.max_comment_length"]


def stage_notice(request, consultation, target):
    """Why comments are not accepted on `target` now, or None if they are."""
    if consultation.published_at is None:
        return _("Comments open once the consultation is published.")
    stage = consultation.stage_for_target(target)
    status = stage.status(request.find_service(IClock).now())
    if status == "open":
        return None
    layout = request.layout
    if status == "closed":
        return _(
            "Comments opened on ${opened} and closed on ${closed} (Almaty time).",
            mapping={
                "opened": layout.local_time(stage.opens_at),
                "closed": layout.local_time(stage.closes_at),
            },
        )
    if status == "upcoming":
        return _(
            "Comments will open on ${opens} (Almaty time).",
            mapping={"opens": layout.local_time(stage.opens_at)},
        )
    return _("Comments are not open yet: the dates are not set yet.")


def stable_ids(form):
    """Field ids (and the radio group's name) from the form's id, not from
    deform's running counter: unique when a page holds several threads, and
    the same from one rendering to the next."""
    for field in form.children:
        field.oid = f"{form.formid}-{field.name}"
    return form


def comment_form(request, consultation, target, parent=None, formid=None, focus="off"):
    """The deform form for a new comment (or a reply to `parent`). It takes
    the focus only on a page of its own, never inside a thread."""
    store = consultation.comments
    schema = CommentSchema()
    if parent is not None:
        # Every CommentSchema() holds the class's own nodes: change a copy,
        # or each comment form built after this one would say "Your reply".
        text = schema["text"].clone()
        text.title = _("Your reply")
        schema["text"] = text
        schema.insert(2, to_ministry_node())
    return stable_ids(
        make_form(
            request,
            schema,
            [
                deform.Button(
                    name="post", title=_("Publish reply") if parent else _("Publish comment")
                )
            ],
            action=request.resource_url(store, "post"),
            formid=formid or ("reply-form" if parent else f"form-{thread_anchor(target)}"),
            focus=focus,
            bind={
                "max_length": max_length(request),
                "stance": "neutral" if parent is not None else colander.null,
            },
        )
    )


def form_values(parent, target):
    return {"target": target, "parent": "" if parent is None else str(parent.id)}


def empty_comment_form(request, consultation, target):
    """The HTML of the thread's empty comment form with the reader's CSRF
    token: rendered once per thread, language and site, then copied (the
    POST is validated, and a refused one shown again, by deform as usual)."""
    store = consultation.comments
    action = request.resource_url(store, "post")
    key = ("form", target, request.locale_name, action, max_length(request))

    def make():
        form = comment_form(request, consultation, target)
        return form.render(dict(form_values(None, target), csrf_token=CSRF_PLACEHOLDER))

    html = render_cache(request.registry).get(key, make)
    return html.replace(CSRF_PLACEHOLDER, escape(request.session.get_csrf_token()))
