"""Campaign pages: the staff overview of clusters, the public page of one
campaign (every published comment of it, nobody silenced), and the staff
JSON (`/api/consultations/<slug>/campaigns`)."""

from itertools import islice

from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config

from ..consultations.api import StaffOnly, answer_refusal, staff_consultation
from ..consultations.models import Consultation
from ..i18n import _
from ..resources import root_factory
from . import display
from .models import PUBLIC_SIZE, CampaignIndex, Cluster

TEMPLATES = "consult:templates/campaigns/"
SHOWN = 100  # clusters on the staff page
PER_PAGE = 50  # comments on a campaign's public page


@view_config(
    context=Consultation,
    name="campaigns",
    permission="view_staff",
    request_method="GET",
    renderer=TEMPLATES + "list.pt",
)
def no_campaigns_yet(request):
    """Before the worker has placed a comment the index does not exist."""
    return {
        "consultation": request.context,
        "clusters": [],
        "total": 0,
        "shown": SHOWN,
        "public_size": PUBLIC_SIZE,
        "title": _("Campaigns: near-identical comments"),
    }


@view_config(
    context=CampaignIndex,
    permission="view_staff",
    request_method="GET",
    renderer=TEMPLATES + "list.pt",
)
def campaigns(request):
    index = request.context
    consultation = index.__parent__
    clusters = [cluster for cluster in index.by_size() if cluster.size() > 1][:SHOWN]
    principals = request.root.get("principals")
    return {
        "consultation": consultation,
        "clusters": [
            display.summary(request, cluster, consultation.comments, principals)
            for cluster in clusters
        ],
        "total": len(index.clusters),
        "shown": SHOWN,
        "public_size": PUBLIC_SIZE,
        "title": _("Campaigns: near-identical comments"),
    }


@view_config(
    context=Cluster, permission="view", request_method="GET", renderer=TEMPLATES + "cluster.pt"
)
def campaign(request):
    """Every published comment of one campaign, oldest first, a page at a time."""
    cluster = request.context
    consultation = cluster.__parent__.__parent__
    store = consultation.comments
    try:
        after = int(request.GET.get("after", ""))
    except ValueError:
        after = None
    keys = (
        cluster.published.keys()
        if after is None
        else cluster.published.keys(min=after, excludemin=True)
    )
    keys = list(islice(keys, PER_PAGE + 1))
    more = keys[PER_PAGE] if len(keys) > PER_PAGE else None
    entries = request.comment_entries(store.get(cluster.published[key]) for key in keys[:PER_PAGE])
    if not entries and after is None and not request.has_permission("view_staff", consultation):
        raise HTTPNotFound()
    return {
        "consultation": consultation,
        "cluster": cluster,
        "entries": entries,
        "count": cluster.published_count(),
        "more_url": (
            request.resource_url(cluster, query={"after": str(keys[PER_PAGE - 1])})
            if more is not None
            else None
        ),
        "title": _("Near-identical comments"),
    }


@view_config(route_name="api_campaigns", renderer="json", request_method="GET")
def campaigns_api(request):
    try:
        consultation = staff_consultation(
            request, _("Only the consultation's staff may see its campaigns.")
        )
    except StaffOnly as refusal:
        return answer_refusal(request, refusal)
    index = consultation.campaigns
    if index is None:
        return []
    return [
        display.as_json(cluster, consultation.comments)
        for cluster in index.by_size()
        if cluster.size() > 1
    ]


def includeme(config):
    config.add_route("api_campaigns", "/api/consultations/{slug}/campaigns", factory=root_factory)
    config.scan(".views")
