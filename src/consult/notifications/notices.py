"""The texts of the notifications this capability writes itself (the
others come from the capability that knows the event: feedback.notices,
responses.services.answer_notice, juries' recommendation_notice). Each
body leaves ${name} for the recipient's first name."""

from ..i18n import _

EXCERPT = 280


def excerpt(text):
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


def reply_notice(reply, written, link):
    subject = _("${author} replied to your comment", mapping={"author": reply.author_name})
    body = _(
        "Hello ${name},\n\n${author} replied to your comment of ${written}:\n\n"
        "${text}\n\nRead the discussion and answer:\n${link}",
        mapping={
            "author": reply.author_name,
            "written": written,
            "text": excerpt(reply.text),
            "link": link,
        },
    )
    return subject, body


def followed_comment_notice(comment, where, link):
    """A new comment in a thread or on an article the person follows."""
    subject = _("A new comment on ${where}", mapping={"where": where})
    body = _(
        "Hello ${name},\n\n${author} wrote on ${where}, which you follow:\n\n${text}\n\n${link}",
        mapping={
            "author": comment.author_name,
            "where": where,
            "text": excerpt(comment.text),
            "link": link,
        },
    )
    return subject, body


def draft_notice(title, version, articles, link):
    """A new version of a draft; `articles`: the numbers, in it, of the
    articles the person commented on."""
    values = {"title": title, "version": version, "link": link, "articles": ", ".join(articles)}
    subject = _("Version ${version} of the draft “${title}” is published", mapping=values)
    if articles:
        body = _(
            "Hello ${name},\n\nversion ${version} of the draft “${title}” is published.\n\n"
            "The articles you commented on are, in this version: ${articles}\n\n${link}",
            mapping=values,
        )
    else:
        body = _(
            "Hello ${name},\n\nversion ${version} of the draft “${title}” is published.\n\n${link}",
            mapping=values,
        )
    return subject, body


def outcome_notice(title, link):
    values = {"title": title, "link": link}
    subject = _("The outcome of the consultation “${title}” is published", mapping=values)
    body = _(
        "Hello ${name},\n\nthe ministry has published the outcome report of the "
        "consultation “${title}”: what it heard, what it changed and why.\n\n${link}",
        mapping=values,
    )
    return subject, body


def new_consultation_notice(title, reason, link):
    """A consultation published with a tag or by a ministry the person follows."""
    values = {"title": title, "reason": reason, "link": link}
    subject = _("A new consultation: “${title}”", mapping=values)
    body = _(
        "Hello ${name},\n\na new consultation is open: “${title}” (${reason}, which you "
        "follow).\n\n${link}",
        mapping=values,
    )
    return subject, body
