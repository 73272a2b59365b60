"""The outcome report's participation figures.

What counts as participation: **published** comments only (state
"published", top-level comments and replies alike). Comments waiting for
pre-moderation, hidden by moderators and withdrawn by their authors are not
published participation; they are reported as moderation counts only.
Form-letter campaigns are counted apart from unique comments."""

from collections import Counter

from ..campaigns.models import PUBLIC_SIZE
from ..feedback.comments import STANCES, STATES, VISIBLE
from ..i18n import LANGUAGES
from ..verification.services import participation_by_level
from .dates import local_day

# The states whose comments are published participation, and the others,
# reported as moderation counts.
COUNTED_STATES = (VISIBLE,)
MODERATION_STATES = tuple(state for state in STATES if state not in COUNTED_STATES)
STAGES = ("green", "white")
UNKNOWN_LANGUAGE = "unknown"


def participation(consultation, places, comments_by_place):
    published = [
        c
        for place in places
        for c in comments_by_place[place["place"]]
        if c.state in COUNTED_STATES
    ]
    by_language = Counter(c.language or UNKNOWN_LANGUAGE for c in published)
    languages = list(LANGUAGES) + sorted(set(by_language) - set(LANGUAGES))
    by_day = Counter(local_day(c.created) for c in published)
    store = consultation.comments
    return {
        "comments": len(published),
        "top_level": sum(1 for c in published if c.parent_id is None),
        "replies": sum(1 for c in published if c.parent_id is not None),
        "participants": len({c.author for c in published}),
        "by_stage": {
            stage: sum(1 for c in published if _stage(consultation, c) == stage) for stage in STAGES
        },
        "by_place": [
            {
                "place": place["place"],
                "comments": sum(
                    1 for c in comments_by_place[place["place"]] if c.state in COUNTED_STATES
                ),
            }
            for place in places
        ],
        "by_language": {language: by_language.get(language, 0) for language in languages},
        "by_stance": {
            stance: sum(1 for c in published if c.stance == stance) for stance in STANCES
        },
        "by_day": [{"day": day, "comments": by_day[day]} for day in sorted(by_day)],
        "moderation": {state: store.state_count(state) for state in MODERATION_STATES},
        "campaigns": _campaigns(consultation, published),
        "by_verification": participation_by_level(consultation, published),
    }


def _campaigns(consultation, published):
    """Form-letter campaigns counted apart from unique comments: a campaign is
    a cluster of near-identical comments with at least PUBLIC_SIZE published
    members (the size from which the site shows it once, with its count);
    `unique_comments` counts each campaign once plus every other comment."""
    index = getattr(consultation, "campaigns", None)
    clusters = [
        cluster
        for cluster in (index.by_size() if index is not None else [])
        if cluster.published_count() >= PUBLIC_SIZE
    ]
    in_campaigns = {comment_id for cluster in clusters for comment_id in cluster.published.values()}
    counted = sum(1 for comment in published if comment.id in in_campaigns)
    return {
        "campaigns": len(clusters),
        "campaign_comments": counted,
        "unique_comments": len(published) - counted + len(clusters),
        "sizes": [cluster.published_count() for cluster in clusters],
        "min_size": PUBLIC_SIZE,
    }


def _stage(consultation, comment):
    return comment.stage or consultation.stage_for_target(comment.target).kind
