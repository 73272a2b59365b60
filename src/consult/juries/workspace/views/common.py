"""What the workspace views share: the service, the page frame every
workspace page shows, refusals, and the rows of agenda items, posts and
recommendations."""

import deform
from pyramid.httpexceptions import HTTPForbidden

from ....i18n import _
from ...views.common import TEMPLATES
from ..access import jury_of, role_of
from ..interfaces import ConcurrentEdit, IWorkspaceService
from ..models import VOTES
from ..schemas import KIND_CHOICES, PERSPECTIVE_CHOICES, VOTE_CHOICES

PERMISSION = "jury_workspace"
FORM = TEMPLATES + "workspace_form.pt"
POSTS_PER_PAGE = 50
LATEST_POSTS = 5
PERSPECTIVE_LABELS = dict(PERSPECTIVE_CHOICES)
KIND_LABELS = dict(KIND_CHOICES)
VOTE_LABELS = dict(VOTE_CHOICES)
ROLE_LABELS = {"organiser": _("Organiser"), "juror": _("Juror"), "expert": _("Expert")}


def service(request):
    return request.find_service(IWorkspaceService)


def jury_of_request(request):
    return jury_of(request.context)


def workspace_url(request, *names, **kw):
    return request.resource_url(jury_of_request(request).workspace, *names, **kw)


def public_name(request, userid):
    principal = request.root["principals"].get(userid)
    return principal.public_name if principal is not None else _("a former member")


def page_values(request, title, **values):
    """What every workspace page shows: the jury, the person's role, the
    navigation and, once findings are in, that the workspace is read-only."""
    jury = jury_of_request(request)
    person = request.identity
    workspace = jury.workspace
    nav = [
        (_("Workspace"), request.resource_url(workspace)),
        (_("Evidence"), request.resource_url(workspace.evidence)),
        (_("Agenda"), request.resource_url(workspace.agenda)),
        (_("Threads"), request.resource_url(workspace.threads)),
        (_("Recommendations"), request.resource_url(workspace.recommendations)),
        (_("Members"), request.resource_url(workspace, "members")),
    ]
    return dict(
        {
            "title": title,
            "jury": jury,
            "workspace": workspace,
            "error": None,
            "remit": request.layout.localized(jury.remit),
            "jury_url": request.resource_url(jury),
            "nav": nav,
            "role": role_of(jury, person),
            "closed": jury.findings is not None,
            "can": lambda action: service(request).can(jury, person, action),
        },
        **values,
    )


def refusal(request, error):
    """Answer a service refusal: 403 for a role that may not act, 409 once
    the findings are in or after a concurrent edit, 400 otherwise."""
    if error.forbidden:
        raise HTTPForbidden(request.localizer.translate(error.message))
    request.response.status = (
        409
        if (jury_of_request(request).findings is not None or isinstance(error, ConcurrentEdit))
        else 400
    )
    return error.message


def button(name, title):
    return deform.Button(name=name, title=title)


def shares(request, recommendation):
    tally = recommendation.tally()
    shares = recommendation.shares()
    total = sum(tally.values())
    return {
        "total": total,
        "rows": [
            {
                "vote": vote,
                "label": VOTE_LABELS[vote],
                "count": tally[vote],
                "percent": request.layout.percent(shares[vote]),
                "width": round(shares[vote] * 100),
            }
            for vote in VOTES
        ],
    }


def recommendation_row(request, recommendation):
    return {
        "recommendation": recommendation,
        "url": request.resource_url(recommendation),
        "shares": shares(request, recommendation),
        "my_vote": (recommendation.votes.get(request.identity.id) if request.identity else None),
    }


def agenda_row(request, item):
    layout = request.layout
    return {
        "item": item,
        # In the reader's language, or another one marked by its lang.
        "title": layout.localized(item.title),
        "place": layout.localized(item.place),
        "description": layout.localized(item.description),
        "day": request.layout.local_time(item.starts, "EEEE d MMMM y"),
        "starts": request.layout.local_time(item.starts, "HH:mm"),
        "ends": request.layout.local_time(item.ends, "HH:mm"),
        "starts_iso": item.starts.isoformat(),
        "ends_iso": item.ends.isoformat(),
        "edit_url": request.resource_url(item, "edit"),
        "remove_url": request.resource_url(item, "remove"),
    }


def post_row(request, thread, post):
    role = role_of(jury_of_request(request), request.root["principals"].get(post.author))
    return {
        "post": post,
        "author": public_name(request, post.author),
        "thread": thread,
        "role": ROLE_LABELS.get(role),
        "when": request.layout.local_time(post.created),
        "when_iso": post.created.isoformat(),
        "thread_url": request.resource_url(thread),
    }
