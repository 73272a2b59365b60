"""What tells people what the moderators decided: the reporters the
outcome of their report, the author of a hidden comment why (with the
rules of the discussion and the way to appeal) or that it is shown again,
and the author of an appeal its decision. Each is a `Notice` (who, the
subject, the text with `${name}` left for the recipient's first name,
where to read it); the notifications (consult.notifications) deliver them
as each person chose, in their language, after the commit. Imported
comments' authors have no account and get none.

The dates are written as numbers: the request's language (the
moderator's) is not the recipient's."""

from typing import NamedTuple

from ..i18n import _
from ..urls import public_path_url, public_url

# The rules of the discussion: a page of the site's content (consult.content).
RULES_PATH = "/pages/rules"
DATE = "dd.MM.y"


class Notice(NamedTuple):
    userid: str
    subject: object
    body: object
    url: str


def _written(request, when):
    return request.layout.local_time(when, DATE)


def reporters_notices(request, comment, reporters, hidden, reason):
    """Each reporter learns whether the comment they reported was hidden or stays shown."""
    notices = []
    for userid in reporters:
        reported = comment.reports.get(userid)
        values = {
            "reported": _written(request, reported[1]) if reported else "",
            "reason": reason,
            "link": public_url(request, comment),
        }
        if hidden:
            body = _(
                "Hello ${name},\n\nthank you for your report of ${reported}. A moderator "
                "has hidden the comment you reported.\n\nThe moderator's reason: "
                "${reason}\n\n${link}",
                mapping=values,
            )
        else:
            body = _(
                "Hello ${name},\n\nthank you for your report of ${reported}. A moderator "
                "has read the comment you reported and it stays shown.\n\nThe "
                "moderator's reason: ${reason}\n\n${link}",
                mapping=values,
            )
        notices.append(Notice(userid, _("The outcome of your report"), body, values["link"]))
    return notices


def author_hidden_notice(request, comment, reason):
    """The author learns why their comment was hidden, where the rules are,
    and that they may appeal once."""
    body = _(
        "Hello ${name},\n\na moderator has hidden your comment of ${written}.\n\n"
        "The moderator's reason: ${reason}\n\nThe rules of the discussion: ${rules}\n\n"
        "If you think the comment follows them, you may appeal once; another "
        "moderator will decide:\n${appeal}",
        mapping={
            "written": _written(request, comment.created),
            "reason": reason,
            "rules": public_path_url(request, RULES_PATH),
            "appeal": public_url(request, comment, "appeal"),
        },
    )
    return Notice(
        comment.author,
        _("A moderator has hidden your comment"),
        body,
        public_url(request, comment, "appeal"),
    )


def author_restored_notice(request, comment, reason):
    """The author learns that a moderator has shown their hidden comment again."""
    link = public_url(request, comment)
    body = _(
        "Hello ${name},\n\na moderator has shown your comment of ${written} again.\n\n"
        "The moderator's reason: ${reason}\n\n${link}",
        mapping={"written": _written(request, comment.created), "reason": reason, "link": link},
    )
    return Notice(comment.author, _("A moderator has shown your comment again"), body, link)


def appeal_decided_notice(request, comment, reason):
    """The author learns what another moderator decided on their appeal."""
    values = {
        "written": _written(request, comment.created),
        "reason": reason,
        "link": public_url(request, comment),
        "rules": public_path_url(request, RULES_PATH),
    }
    if comment.appeal.decision == "restored":
        body = _(
            "Hello ${name},\n\nanother moderator has considered your appeal: your "
            "comment of ${written} is shown again.\n\nThe moderator's reason: "
            "${reason}\n\n${link}",
            mapping=values,
        )
    else:
        body = _(
            "Hello ${name},\n\nanother moderator has considered your appeal: your "
            "comment of ${written} stays hidden.\n\nThe moderator's reason: "
            "${reason}\n\nThe rules of the discussion: ${rules}",
            mapping=values,
        )
    return Notice(comment.author, _("The decision on your appeal"), body, values["link"])
