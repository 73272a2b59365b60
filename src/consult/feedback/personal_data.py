"""feedback's parts of a person's data file (accounts.interfaces.IPersonalData):
the comments they wrote, with every earlier text and addendum; the comments
they support; their reports, each with the moderator's decision on it.

Supports and reports are read from the person's own index
(feedback.activity), not from every comment of the site. Of another
person's comment the file holds only its address: its text is theirs."""

from .activity import comments_of, person_activity
from .activity_sections import report_outcome


def comments_data(request, principal):
    written = []
    for consultation in request.root["consultations"].values():
        for comment in consultation.comments.by_author_comments(principal.id):
            written.append(
                {
                    "consultation": consultation.slug,
                    "address": request.resource_path(comment),
                    "about": comment.target,
                    "in_reply_to": comment.parent_id,
                    "written": comment.created,
                    "signed_as": comment.author_name,
                    "text": comment.text,
                    "stance": comment.stance,
                    "language": comment.language,
                    "state": comment.state,
                    "earlier_texts": [
                        {"text": version.text, "written": version.written}
                        for version in comment.earlier_texts
                    ],
                    "addenda": [
                        {"text": addendum.text, "added": addendum.when}
                        for addendum in comment.addenda
                    ],
                }
            )
    return written


def _comments(request, principal, kind):
    person = person_activity(request.root, principal.id)
    if person is None:
        return []
    entries, _more = person.page(kind, 0, person.count(kind))
    return comments_of(request.root, reversed(entries))


def _where(request, comment):
    return {
        "consultation": comment.__parent__.__parent__.slug,
        "address": request.resource_path(comment),
    }


def supports_data(request, principal):
    return [_where(request, comment) for comment in _comments(request, principal, "supports")]


def reports_data(request, principal):
    reports = []
    for comment in _comments(request, principal, "reports"):
        if principal.id not in comment.reports:
            continue
        (reason, when), decision = report_outcome(comment, principal.id)
        reports.append(
            dict(
                _where(request, comment),
                reason=reason,
                reported=when,
                decision=None if decision is None else decision.action,
                decided=None if decision is None else decision.when,
                moderators_reason=None if decision is None else decision.reason,
            )
        )
    return reports
