"""A comment thread as a reader sees it.

`render_thread` returns the HTML of one whole thread (heading, counts, one page
of comments with their replies, the form or the reason there is none), which
the consultation pages insert with `${structure: ...}`. Its parts live in
their own modules: the reader (`viewer`), each comment as they see it
(`entries`), the thread's pages and URLs (`paging`), the comment form
(`comment_forms`) and the cache of rendered HTML (`render_cache`)."""

from ...i18n import _
from ...verification.services import requirement_notes
from .comment_forms import empty_comment_form, stage_notice
from .comment_html import render_template
from .entries import STANCE_LABELS, build_entry, shown_in_thread
from .paging import page_size, thread_anchor, with_query
from .viewer import Viewer

THREAD_TEMPLATE = "consult:templates/feedback/thread.pt"


def _cursor(request, target):
    if request.params.get("thread") != target:
        return None
    try:
        return int(request.params.get("after", ""))
    except ValueError:
        return None


def render_thread(request, consultation, target, title=None, readonly_notice=None):
    """The HTML of the whole thread on `target`, one page of it at a time.
    With `readonly_notice` (a thread kept for the record, e.g. on a part of
    the draft a later version removed) it offers no form and no replies and
    says why."""
    store = consultation.comments
    viewer = Viewer(request, store, readonly=readonly_notice is not None)
    # Whether the stage is open: asked once for the page and its entries.
    stage_closed = stage_notice(request, consultation, target)
    viewer._open[target] = stage_closed is None
    after = _cursor(request, target)
    comments, cursor = store.thread(target, after=after, size=page_size(request))
    anchor = thread_anchor(target)
    here = request.path_url + ("?" + request.query_string if request.query_string else "")
    entries = [
        build_entry(viewer, c) for c in comments if viewer.may_see(c) and shown_in_thread(viewer, c)
    ]
    values = {
        "thread_id": anchor,
        "title": title or _("Comments"),
        "count": store.count(target),
        "balance": store.stance_balance(target),
        "stance_labels": STANCE_LABELS,
        # Each comment's <li>, joined here rather than through a macro per
        # comment in the template (Chameleon copies its scope for each call).
        "comments_html": "".join(entry.html for entry in entries),
        "more_url": (
            with_query(here, anchor=anchor, after=str(cursor), thread=target)
            if cursor is not None
            else None
        ),
        "first_url": (
            with_query(here, anchor=anchor, after=None, thread=None) if after is not None else None
        ),
        "notice": None,
        "form": None,
        "sign_in_url": None,
        "unconfirmed": False,
        "requirements": requirement_notes(request, consultation),
    }
    notice = readonly_notice or stage_closed
    if notice is not None:
        values["notice"] = notice
    elif viewer.identity is None:
        values["sign_in_url"] = request.layout.login_url
    elif viewer.can_comment:
        values["form"] = empty_comment_form(request, consultation, target)
        if not viewer.identity.confirmed:
            values["notice"] = _(
                "Confirm your e-mail address to publish your comments: until "
                "you open the link in the message we sent you when you "
                "registered, what you write is held and only you can see it."
            )
    elif not viewer.identity.confirmed:
        values["unconfirmed"] = True
    # The template alone, without pyramid's render() and its BeforeRender
    # event: the page around the thread goes through them once.
    return render_template(THREAD_TEMPLATE, request, layout=request.layout, **values)
