"""What the feedback views share: the values of the standalone form page and
the rows of a comment's reports and moderation history (for moderators)."""

from types import SimpleNamespace as Row

from pyramid.httpexceptions import HTTPNotFound

from ...consultations.targets import target_label, target_url
from ...i18n import _
from ..display.entries import Entry
from ..display.paging import place_url
from ..display.viewer import Viewer

FORM = "consult:templates/feedback/form.pt"


def form_page(request, comment, title, form="", error=None, **values):
    """The values of `form.pt` for a form about `comment`. A comment awaiting
    approval does not exist for anyone but its author and the moderators."""
    store = comment.__parent__
    consultation = store.__parent__
    viewer = Viewer(request, store)
    if not viewer.may_see(comment):
        raise HTTPNotFound()
    page = {
        "title": title,
        "about": target_label(request, consultation, comment.target),
        "about_url": target_url(request, consultation, comment.target),
        "entry": Entry(viewer, comment, show_actions=False),
        "form": form,
        "error": error,
        "back_url": place_url(request, comment),
    }
    page.update(values)
    return page


def _name(request, userid):
    principal = request.root["principals"].get(userid) if userid else None
    return principal.public_name if principal is not None else userid


ACTIONS = {
    "hidden": _("Hidden"),
    "restored": _("Restored"),
    "approved": _("Approved"),
    "auto-hidden": _("Hidden automatically"),
    "escalated": _("Sent to the moderators after reports"),
    "withdrawn": _("Withdrawn by the author"),
    "appealed": _("Appealed by the author"),
    "appeal-restored": _("Appeal granted: shown again"),
    "appeal-upheld": _("Appeal refused: stays hidden"),
}


def moderation_history(request, comment):
    """Every decision on the comment (moderators', the author's, automatic)."""
    rows = []
    for record in comment.moderation:
        if record.action == "auto-hidden":
            actor, reason = "—", _("Several reports; awaiting review.")
        elif record.action == "escalated":
            actor, reason = (
                "—",
                _("Several reports; shown because the ministry has answered it, awaiting review."),
            )
        else:
            actor, reason = _name(request, record.actor), record.reason
        rows.append(
            Row(
                when=record.when,
                action=ACTIONS.get(record.action, record.action),
                actor=actor,
                reason=reason,
            )
        )
    return rows


def reports(request, comment, limit=None):
    """Who reported the comment, when and why, and what the report weighs
    (feedback.report_weight), oldest first; the first `limit` of them only
    when given (each row reads its reporter's account)."""
    made = sorted(comment.reports.items(), key=lambda item: item[1][1])
    rows = []
    for userid, (reason, when, *weighed) in made[:limit]:
        # Reports made before weights weighed one each.
        weight = weighed[0] if weighed else 1.0
        rows.append(
            Row(
                userid=userid,
                name=_name(request, userid),
                reason=reason,
                when=when,
                weight=f"{weight:g}",
            )
        )
    return rows
