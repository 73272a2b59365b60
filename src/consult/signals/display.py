"""What the moderation dashboard shows of the flags and reviews: sentences,
links to the comments, the accounts' ages, never an address or a name."""
from datetime import timedelta
from types import SimpleNamespace

from babel.dates import format_timedelta

from ..i18n import _
from .detection import CAMPAIGN_GROWTH, NEW_ACCOUNTS, ONE_ADDRESS, SUPPORTS_ON_ONE_COMMENT
from .services import ISignalService

COMMENTS_SHOWN = 50  # links to comments under one flag


def _kind_title(kind, label, thresholds):
    hours = int(thresholds.new_account.total_seconds() // 3600)
    if kind == NEW_ACCOUNTS:
        return _("Many comments and supports from new accounts (younger than ${hours} hours)",
                 mapping={"hours": hours})
    if kind == ONE_ADDRESS:
        return _("Many comments and supports from one address (address ${label})",
                 mapping={"label": label})
    if kind == SUPPORTS_ON_ONE_COMMENT:
        return _("Many supports of comment ${number}, mostly from new accounts",
                 mapping={"number": label})
    if kind == CAMPAIGN_GROWTH:
        return _("A campaign of near-identical comments grows fast (group ${number})",
                 mapping={"number": label})
    return kind


def _locale(request):
    return "kk_KZ" if request.locale_name == "kk" else request.locale_name


def age_text(request, seconds):
    if seconds is None:
        return request.localizer.translate(_("unknown"))
    return format_timedelta(timedelta(seconds=seconds), locale=_locale(request),
                            threshold=1.5)


EXCERPT = 80  # characters of a comment shown as evidence


def comment_url(request, consultation, comment_id):
    return request.resource_url(consultation.comments, str(comment_id), "")


def comment_rows(request, consultation, comment_ids):
    """Links to the comments, with their author's public name, time and the
    start of the text (a withdrawn comment's text is not shown)."""
    rows = []
    for comment_id in comment_ids:
        comment = consultation.comments.get(comment_id)
        text = "" if comment is None or comment.state == "withdrawn" else comment.text
        rows.append(SimpleNamespace(
            id=comment_id, url=comment_url(request, consultation, comment_id),
            author=comment.author_name if comment is not None else "",
            when=comment.created if comment is not None else None,
            language=getattr(comment, "language", None) or "",
            excerpt=text if len(text) <= EXCERPT else text[:EXCERPT].rstrip() + "…"))
    return rows


def grouped_ages(request, ages):
    """["0 seconds × 25", "6 weeks × 2", "3 days"]: equal ages once, with a count."""
    counts = {}
    for age in ages:
        text = age_text(request, age)
        counts[text] = counts.get(text, 0) + 1
    return [text if count == 1 else f"{text} × {count}" for text, count in counts.items()]


def flag_row(request, consultation, flag, thresholds):
    """A flag for the dashboard and the review page."""
    window_minutes = int(thresholds.window.total_seconds() // 60)
    kinds = flag.by_kind
    campaign_url = None
    if flag.kind == CAMPAIGN_GROWTH and consultation.campaigns is not None:
        campaign_url = request.resource_url(consultation.campaigns, flag.key)
    comments = flag.comment_ids
    return SimpleNamespace(
        id=flag.id, kind=flag.kind, label=flag.label,
        title=_kind_title(flag.kind, flag.label, thresholds),
        start=flag.start, end=flag.end,
        count=flag.count, peak=flag.peak, threshold=flag.threshold,
        summary=_("${count} actions (${comments} comments, ${replies} replies, ${supports} "
                  "supports); at most ${peak} within ${minutes} minutes, where the threshold "
                  "is ${threshold}.",
                  mapping={"count": flag.count, "comments": kinds.get("comment", 0),
                           "replies": kinds.get("reply", 0),
                           "supports": kinds.get("support", 0), "peak": flag.peak,
                           "minutes": window_minutes, "threshold": flag.threshold}),
        accounts=len(flag.accounts), new_accounts=flag.new_accounts,
        new_share="%.0f" % (flag.new_share * 100),
        ages=grouped_ages(request, flag.ages),
        comments=comment_rows(request, consultation, comments[:COMMENTS_SHOWN]),
        more_comments=max(0, len(comments) - COMMENTS_SHOWN),
        campaign_url=campaign_url,
        review_url=request.resource_url(consultation.comments, "signal-review",
                                        query={"flag": flag.id}),
    )


def review_row(request, consultation, review, thresholds):
    principal = request.root["principals"].get(review.moderator)
    return SimpleNamespace(
        title=_kind_title(review.kind, review.label, thresholds),
        start=review.start, end=review.end, count=review.count, threshold=review.threshold,
        new_share="%.0f" % (review.new_share * 100),
        comments=comment_rows(request, consultation, review.comment_ids[:COMMENTS_SHOWN]),
        more_comments=max(0, len(review.comment_ids) - COMMENTS_SHOWN),
        moderator=principal.public_name if principal is not None else "—",
        when=review.when, note=review.note,
    )


def dashboard(request, consultation, reviews_shown=20):
    """The values the moderation queue shows about signals."""
    service = request.find_service(ISignalService)
    thresholds = service.thresholds
    return SimpleNamespace(
        flags=[flag_row(request, consultation, flag, thresholds)
               for flag in service.flags(consultation)],
        reviews=[review_row(request, consultation, review, thresholds)
                 for review in service.reviews(consultation, reviews_shown)],
        window_minutes=int(thresholds.window.total_seconds() // 60),
        retention_days=thresholds.retention.days,
    )
