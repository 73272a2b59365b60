"""What the moderation dashboard shows of the flags and reviews: sentences,
links to the comments, the accounts' ages, never an address or a name."""

from datetime import timedelta
from types import SimpleNamespace

from babel.dates import format_timedelta

from ..i18n import _
from .detection import (
    CAMPAIGN_GROWTH,
    NEW_ACCOUNTS,
    ONE_ADDRESS,
    REPORTS_ON_ONE_COMMENT,
    SUPPORTS_ON_ONE_COMMENT,
)
from .interfaces import ISignalService

COMMENTS_SHOWN = 50  # links to comments under one flag


def _kind_title(kind, label, thresholds, reports=0):
    """The flag's title; `reports`: how many reports the burst holds (a burst
    of new accounts or of one address may hold some)."""
    hours = int(thresholds.new_account.total_seconds() // 3600)
    if kind == NEW_ACCOUNTS:
        if reports:
            return _(
                "Many comments, supports and reports from new accounts (younger than "
                "${hours} hours)",
                mapping={"hours": hours},
            )
        return _(
            "Many comments and supports from new accounts (younger than ${hours} hours)",
            mapping={"hours": hours},
        )
    if kind == ONE_ADDRESS:
        if reports:
            return _(
                "Many comments, supports and reports from one address (address ${label})",
                mapping={"label": label},
            )
        return _(
            "Many comments and supports from one address (address ${label})",
            mapping={"label": label},
        )
    if kind == REPORTS_ON_ONE_COMMENT:
        return _(
            "Many reports of comment ${number}, mostly from new accounts or from one address",
            mapping={"number": label},
        )
    if kind == SUPPORTS_ON_ONE_COMMENT:
        return _(
            "Many supports of comment ${number}, mostly from new accounts",
            mapping={"number": label},
        )
    if kind == CAMPAIGN_GROWTH:
        return _(
            "A campaign of near-identical comments grows fast (group ${number})",
            mapping={"number": label},
        )
    return kind


def _locale(request):
    return "kk_KZ" if request.locale_name == "kk" else request.locale_name


def age_text(request, seconds):
    if seconds is None:
        return request.localizer.translate(_("unknown"))
    return format_timedelta(timedelta(seconds=seconds), locale=_locale(request), threshold=1.5)


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
        rows.append(
            SimpleNamespace(
                id=comment_id,
                url=comment_url(request, consultation, comment_id),
                author=comment.author_name if comment is not None else "",
                when=comment.created if comment is not None else None,
                language=getattr(comment, "language", None) or "",
                excerpt=text if len(text) <= EXCERPT else text[:EXCERPT].rstrip() + "…",
            )
        )
    return rows


def grouped_ages(request, ages):
    """["0 seconds × 25", "6 weeks × 2", "3 days"]: equal ages once, with a count."""
    counts = {}
    for age in ages:
        text = age_text(request, age)
        counts[text] = counts.get(text, 0) + 1
    return [text if count == 1 else f"{text} × {count}" for text, count in counts.items()]


def _summary(flag, window_minutes):
    kinds = flag.by_kind
    mapping = {
        "count": flag.count,
        "comments": kinds.get("comment", 0),
        "replies": kinds.get("reply", 0),
        "supports": kinds.get("support", 0),
        "reports": kinds.get("report", 0),
        "peak": flag.peak,
        "minutes": window_minutes,
        "threshold": flag.threshold,
    }
    if flag.kind == REPORTS_ON_ONE_COMMENT:
        return _(
            "${count} reports of this comment; at most ${peak} within ${minutes} minutes, "
            "where the threshold is ${threshold}.",
            mapping=mapping,
        )
    if mapping["reports"]:
        return _(
            "${count} actions (${comments} comments, ${replies} replies, ${supports} "
            "supports, ${reports} reports); at most ${peak} within ${minutes} minutes, "
            "where the threshold is ${threshold}.",
            mapping=mapping,
        )
    return _(
        "${count} actions (${comments} comments, ${replies} replies, ${supports} "
        "supports); at most ${peak} within ${minutes} minutes, where the threshold "
        "is ${threshold}.",
        mapping=mapping,
    )


def _comments_heading(flag):
    if flag.kind == REPORTS_ON_ONE_COMMENT:
        return _("The reported comment:")
    if flag.by_kind.get("report"):
        return _("Comments involved (posted, supported or reported):")
    return _("Comments involved (posted or supported):")


def flag_row(request, consultation, flag, thresholds):
    """A flag for the dashboard and the review page."""
    window_minutes = int(thresholds.window.total_seconds() // 60)
    campaign_url = None
    if flag.kind == CAMPAIGN_GROWTH and consultation.campaigns is not None:
        campaign_url = request.resource_url(consultation.campaigns, flag.key)
    comments = flag.comment_ids
    # The busiest address, by its opaque label: evidence of coordinated reports.
    address, address_share = ("", 0.0)
    if flag.kind == REPORTS_ON_ONE_COMMENT:
        address, address_share = flag.busiest_address
    return SimpleNamespace(
        id=flag.id,
        kind=flag.kind,
        label=flag.label,
        title=_kind_title(flag.kind, flag.label, thresholds, flag.by_kind.get("report", 0)),
        start=flag.start,
        end=flag.end,
        count=flag.count,
        peak=flag.peak,
        threshold=flag.threshold,
        summary=_summary(flag, window_minutes),
        accounts=len(flag.accounts),
        new_accounts=flag.new_accounts,
        new_share="%.0f" % (flag.new_share * 100),
        address_label=address,
        address_share="%.0f" % (address_share * 100),
        comments_heading=_comments_heading(flag),
        ages=grouped_ages(request, flag.ages),
        comments=comment_rows(request, consultation, comments[:COMMENTS_SHOWN]),
        more_comments=max(0, len(comments) - COMMENTS_SHOWN),
        campaign_url=campaign_url,
        review_url=request.resource_url(
            consultation.comments, "signal-review", query={"flag": flag.id}
        ),
    )


def review_row(request, consultation, review, thresholds):
    principal = request.root["principals"].get(review.moderator)
    return SimpleNamespace(
        title=_kind_title(review.kind, review.label, thresholds, review.reports),
        start=review.start,
        end=review.end,
        count=review.count,
        threshold=review.threshold,
        new_share="%.0f" % (review.new_share * 100),
        comments=comment_rows(request, consultation, review.comment_ids[:COMMENTS_SHOWN]),
        more_comments=max(0, len(review.comment_ids) - COMMENTS_SHOWN),
        moderator=principal.public_name if principal is not None else "—",
        when=review.when,
        note=review.note,
    )


def dashboard(request, consultation, reviews_shown=20):
    """The values the moderation queue shows about signals."""
    service = request.find_service(ISignalService)
    thresholds = service.thresholds
    return SimpleNamespace(
        flags=[
            flag_row(request, consultation, flag, thresholds)
            for flag in service.flags(consultation)
        ],
        reviews=[
            review_row(request, consultation, review, thresholds)
            for review in service.reviews(consultation, reviews_shown)
        ],
        window_minutes=int(thresholds.window.total_seconds() // 60),
        retention_days=thresholds.retention.days,
    )
