"""What the feedback views share: validating a form without losing the
person's text, the values of the standalone form page, and the rows of a
comment's reports and moderation history (for moderators)."""
from types import SimpleNamespace as Row

import deform
from pyramid.httpexceptions import HTTPNotFound

from ...consultations.targets import target_label, target_url
from ...i18n import _
from ..threads import Entry, Viewer, place_url

FORM = "consult:templates/feedback/form.pt"


def validate_form(request, form):
    """(appstruct, None, None) on success; otherwise (None, the form rendered
    again with what was typed, a message for the page or None).

    A stale or forged CSRF token is an error on a hidden field, which deform
    does not display: its message is returned so the page can show it, and the
    token is renewed so that the next submission can succeed."""
    try:
        return form.validate(request.POST.items()), None, None
    except deform.ValidationFailure as failure:
        message = None
        for child in failure.error.children:
            if child.node.name == "csrf_token":
                message = child.msg
        # deform renders each field from the field's own cstruct, not from
        # failure.cstruct: the new token must go to the field itself.
        token = request.session.get_csrf_token()
        failure.cstruct["csrf_token"] = token
        failure.field["csrf_token"].cstruct = token
        return None, failure.render(), message


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
    "withdrawn": _("Withdrawn by the author"),
}


def moderation_history(request, comment):
    """Every decision on the comment (moderators', the author's, automatic)."""
    rows = []
    for record in comment.moderation:
        if record.action == "auto-hidden":
            actor, reason = "—", _("Several reports; awaiting review.")
        else:
            actor, reason = _name(request, record.actor), record.reason
        rows.append(Row(when=record.when, action=ACTIONS.get(record.action, record.action),
                         actor=actor, reason=reason))
    return rows


def reports(request, comment):
    """Who reported the comment, when and why, oldest first."""
    rows = [Row(name=_name(request, userid), reason=reason, when=when)
            for userid, (reason, when) in comment.reports.items()]
    return sorted(rows, key=lambda row: row.when)
