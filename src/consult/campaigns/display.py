"""What the campaign pages show, computed from the clusters: sizes, the
representative, how variants differ from it, when they came, and how many
came from accounts created just before (a sign of bulk sign-ups)."""

from datetime import timedelta
from types import SimpleNamespace

from ..consultations.diffs import diff_html
from ..i18n import _

NEW_ACCOUNT = timedelta(hours=24)
VARIANTS_SHOWN = 3


def members(cluster, store):
    return [
        comment for comment in (store.get(cid) for cid in cluster.members) if comment is not None
    ]


def new_account_share(comments, principals):
    """The share of `comments` whose author's account was created at most 24
    hours before the comment (imported comments have no account: not counted)."""
    if not comments:
        return 0.0
    recent = 0
    for comment in comments:
        principal = principals.get(comment.author) if principals is not None else None
        if principal is not None and comment.created - principal.created <= NEW_ACCOUNT:
            recent += 1
    return recent / len(comments)


def summary(request, cluster, store, principals, variants=VARIANTS_SHOWN):
    """A cluster for the staff page."""
    comments = members(cluster, store)
    representative = (
        store.get(cluster.representative_id())
        if cluster.published_count()
        else (comments[0] if comments else None)
    )
    translate = request.localizer.translate
    inserted, deleted = translate(_("inserted:")), translate(_("deleted:"))
    # Variants that differ from the representative say the most about a campaign.
    others = [
        c
        for c in comments
        if representative is not None and c.text.strip() != representative.text.strip()
    ]
    return SimpleNamespace(
        cluster=cluster,
        size=cluster.size(),
        published=cluster.published_count(),
        representative=representative,
        first_seen=cluster.first_seen,
        last_seen=cluster.last_seen,
        new_accounts=new_account_share(comments, principals),
        variants=[
            SimpleNamespace(
                comment=c, diff=diff_html(representative.text, c.text, inserted, deleted)
            )
            for c in others[:variants]
        ]
        if representative is not None
        else [],
        public=cluster.is_public_campaign,
        url=request.resource_url(cluster),
        answer_url=request.resource_url(
            store.__parent__, "answer-group", query={"campaign": str(cluster.id)}
        ),
    )


def as_json(cluster, store):
    representative_id = cluster.representative_id()
    representative = store.get(representative_id) if representative_id else None
    return {
        "id": cluster.id,
        "size": cluster.size(),
        "published": cluster.published_count(),
        "representative": representative.text if representative is not None else None,
        "comment_ids": sorted(cluster.members),
        "first_seen": cluster.first_seen.isoformat(),
        "last_seen": cluster.last_seen.isoformat(),
    }
