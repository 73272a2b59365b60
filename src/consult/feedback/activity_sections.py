"""feedback's sections of the activity page (accounts.interfaces.IActivitySection):
the person's comments with their state, the comments they support (with a
button to withdraw each support), and their reports with their outcome.

Each section reads one page of the person's index (feedback.activity) and
loads only the comments it shows. Another person's words are shown only
while the public can read them: a comment supported or reported that is now
hidden, pending or withdrawn shows no text."""

from types import SimpleNamespace

from pyramid.renderers import render

from ..consultations.targets import target_label
from ..i18n import _
from ..layout import Localized
from .activity import comments_of, person_activity
from .display.paging import place_url, with_query
from .interfaces import ICommentAnswer

PAGE_SIZE = 20
EXCERPT = 300
# The moderators' decisions that settle the reports made before them
# (feedback.moderation); "hidden" hid the comment, the others kept it shown.
DECISIONS = ("hidden", "restored", "approved")
STATE_LABELS = {
    "published": _("Published"),
    "pending": _("Awaiting a moderator's approval"),
    "held": _("Held until you confirm your e-mail address"),
    "hidden": _("Hidden"),
    "withdrawn": _("Withdrawn by you"),
}
APPEAL_LABELS = {
    None: _("You appealed; another moderator will decide."),
    "upheld": _("Your appeal was turned down: the comment stays hidden."),
    "restored": _("Your appeal was upheld: the comment is shown again."),
}


def page_number(request, name):
    try:
        return max(1, int(request.params.get(name, "1")))
    except ValueError:
        return 1


def excerpt(text):
    return text if len(text) <= EXCERPT else text[:EXCERPT].rstrip() + "…"


def _page(request, principal, kind):
    """(comments, page number, URL of the previous page, URL of the next) of
    `kind` in the person's activity, newest first."""
    number = page_number(request, kind)
    person = person_activity(request.root, principal.id)
    if person is None:
        return [], number, None, None
    entries, more = person.page(kind, (number - 1) * PAGE_SIZE, PAGE_SIZE)
    here = request.resource_url(request.root, "my-activity")

    def url(page):
        return with_query(here, anchor=kind, **{kind: str(page)})

    return (
        comments_of(request.root, entries),
        number,
        url(number - 1) if number > 1 else None,
        url(number + 1) if more else None,
    )


def _row(request, comment):
    """What every section shows of a comment: where it is and the link to it."""
    consultation = comment.__parent__.__parent__
    return SimpleNamespace(
        comment=comment,
        consultation=Localized(consultation.title, request.locale_name),
        place=target_label(request, consultation, comment.target),
        url=place_url(request, comment) if comment.visible else request.resource_url(comment),
    )


def _state(request, comment):
    """What became of the person's own comment: its state, and why."""
    key = "held" if comment.state == "pending" and comment.held_for_confirmation else comment.state
    reason = None
    if comment.state == "hidden" and comment.last_moderation is not None:
        record = comment.last_moderation
        if record.actor is None:  # hidden by its reports (feedback.participation)
            reason = _("Reports hid it until a moderator reviews it.")
        else:
            reason = record.reason
    appeal = comment.appeal
    answer = request.registry.queryUtility(ICommentAnswer)
    answered = answer(request, comment) if answer is not None else None
    return SimpleNamespace(
        label=STATE_LABELS[key],
        reason=reason,
        appeal=APPEAL_LABELS[appeal.decision] if appeal is not None else None,
        answer=answered.decision if answered is not None else None,
        edits=comment.edit_count,
        addenda=len(comment.addenda),
    )


def comments_section(request, principal):
    comments, number, previous, following = _page(request, principal, "comments")
    rows = []
    for comment in comments:
        row = _row(request, comment)
        row.text = excerpt(comment.text)
        row.state = _state(request, comment)
        rows.append(row)
    return _render(request, "comments", rows, number, previous, following)


def supports_section(request, principal):
    comments, number, previous, following = _page(request, principal, "supports")
    rows = []
    for comment in comments:
        row = _row(request, comment)
        row.shown = comment.visible
        row.text = excerpt(comment.text) if comment.visible else None
        row.author = comment.author_pseudonym or comment.author_name
        row.withdraw_url = request.resource_url(comment, "withdraw-support")
        rows.append(row)
    return _render(request, "supports", rows, number, previous, following)


def report_outcome(comment, userid):
    """(the person's report: reason and time, the moderator's decision that
    settled it or None) of `comment`: the first decision made after it."""
    reason, when, *_weight = comment.reports[userid]
    for record in comment.moderation:
        if record.actor is not None and record.action in DECISIONS and record.when >= when:
            return (reason, when), record
    return (reason, when), None


def reports_section(request, principal):
    comments, number, previous, following = _page(request, principal, "reports")
    rows = []
    for comment in comments:
        if principal.id not in comment.reports:
            continue
        row = _row(request, comment)
        (row.reason, row.when), decision = report_outcome(comment, principal.id)
        row.shown = comment.visible
        row.text = excerpt(comment.text) if comment.visible else None
        if decision is not None:
            row.outcome = (
                _("A moderator hid the comment.")
                if decision.action == "hidden"
                else _("A moderator kept the comment shown.")
            )
            row.decided, row.decision_reason = decision.when, decision.reason
        else:
            row.outcome = (
                _("Its author withdrew it.")
                if comment.state == "withdrawn"
                else _("Waiting for a moderator's decision.")
            )
            row.decided = row.decision_reason = None
        rows.append(row)
    return _render(request, "reports", rows, number, previous, following)


PAGER_LABELS = {
    "comments": _("Pages of your comments"),
    "supports": _("Pages of the comments you support"),
    "reports": _("Pages of your reports"),
}


def _render(request, kind, rows, number, previous, following):
    values = {"rows": rows, "page": number, "previous": previous, "following": following}
    values["pager_label"] = PAGER_LABELS[kind]
    return render(f"consult:templates/feedback/activity_{kind}.pt", values, request=request)
