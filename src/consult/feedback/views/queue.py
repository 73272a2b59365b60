"""The moderators' queues: one per consultation (its comment store) and one
of the whole site (`/moderation`), in four filters (feedback.queues:
reported, pending, hidden, appealed), oldest first, a page at a time. A
reported comment shows each report's reason, when it was made, what it
weighs, and its author's account age and verification level: a moderator
judges reports by who made them too."""

from babel.dates import format_timedelta
from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config

from ...clock import IClock
from ...consultations.targets import target_label, target_url
from ...i18n import _
from ...resources.models import Root
from ...verification.models import level_of
from ...verification.registry import level_title
from ..display.entries import Entry
from ..display.viewer import Viewer
from ..interfaces import IModerationSignals
from ..queues import QUEUES, page_of
from ..store import CommentStore
from .helpers import reports

TEMPLATE = "consult:templates/feedback/queue.pt"
# Reports listed with each comment in the queue (the oldest; each reads its
# reporter's account): a campaign of reports must not make the page huge.
REPORTS_SHOWN = 20
FILTER_TITLES = {
    "reported": _("Reported"),
    "pending": _("Awaiting approval"),
    "hidden": _("Hidden"),
    "appealed": _("Appealed"),
}


class _Item:
    def __init__(self, request, viewer, comment, now, site_wide):
        consultation = viewer.store.__parent__
        self.entry = Entry(viewer, comment)
        self.consultation = request.layout.localized(consultation.title) if site_wide else None
        self.consultation_url = request.resource_url(consultation) if site_wide else None
        self.label = target_label(request, consultation, comment.target)
        self.place_url = target_url(request, consultation, comment.target)
        self.report_count = comment.report_count()
        self.open_count = comment.open_report_count()
        self.reports = [
            _with_reporter(request, row, now)
            for row in reports(request, comment, limit=REPORTS_SHOWN)
        ]
        self.more_reports = max(0, self.report_count - REPORTS_SHOWN)
        # What hid it, or sent it to review (feedback.report_weight).
        self.report_weight = (
            f"{comment.weight_since_review():g}" if comment.awaiting_review else None
        )
        self.appeal = comment.appeal


def _with_reporter(request, row, now):
    """The report `row` with its author's account age and verification level."""
    principal = request.root["principals"].get(row.userid)
    if principal is None or getattr(principal, "created", None) is None:
        row.age, row.level = _("unknown"), _("unknown")
        return row
    row.age = format_timedelta(now - principal.created, locale=_babel_locale(request))
    level = level_of(principal)
    row.level = level_title(level) if level else _("Not verified")
    return row


def _babel_locale(request):
    return "kk_KZ" if request.locale_name == "kk" else request.locale_name


def _page_number(request):
    try:
        return max(1, int(request.params.get("page", "1")))
    except ValueError:
        return 1


def _queue_values(request, stores, base, site_wide):
    """`base`: (resource, *elements) of the queue's own page."""
    show = request.params.get("show", "reported")
    if show not in QUEUES:
        raise HTTPNotFound()
    page = _page_number(request)
    comments, more = page_of(stores, show, start=(page - 1) * 20)
    now = request.find_service(IClock).now() if comments else None
    viewers = {}
    items = []
    for comment in comments:
        store = comment.__parent__
        viewer = viewers.get(id(store))
        if viewer is None:
            viewer = viewers[id(store)] = Viewer(request, store, came_from=request.path_qs)
        items.append(_Item(request, viewer, comment, now, site_wide))

    def url(name, number=1):
        query = {"show": name}
        if number > 1:
            query["page"] = str(number)
        return request.resource_url(*base, query=query)

    return {
        "filters": [(name, FILTER_TITLES[name], url(name), name == show) for name in QUEUES],
        "show": show,
        "title": FILTER_TITLES[show],
        "items": items,
        "page": page,
        "previous_url": url(show, page - 1) if page > 1 else None,
        "next_url": url(show, page + 1) if more else None,
        "site_wide": site_wide,
    }


@view_config(context=CommentStore, permission="moderate", request_method="GET", renderer=TEMPLATE)
def queue(request):
    """One consultation's queue, with its burst signals at the top."""
    store = request.context
    consultation = store.__parent__
    values = _queue_values(request, [store], (store,), site_wide=False)
    values["consultation_title"] = request.layout.localized(consultation.title)
    values["site_queue_url"] = (
        request.resource_url(request.root, "moderation")
        if request.has_permission("moderate", request.root)
        else None
    )
    dashboard = request.registry.queryUtility(IModerationSignals)
    if dashboard is not None:
        values["signals"] = dashboard(request, consultation)
    return values


@view_config(
    context=Root,
    name="moderation",
    permission="moderate",
    request_method="GET",
    renderer=TEMPLATE,
)
def site_queue(request):
    """Every consultation's queue together, oldest first."""
    stores = [c.comments for c in request.root["consultations"].values()]
    values = _queue_values(request, stores, (request.root, "moderation"), site_wide=True)
    values["consultation_title"] = None
    values["site_queue_url"] = None
    return values
