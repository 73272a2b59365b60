"""What the jury views share: dates in Almaty time, labels, the form loop."""
from datetime import datetime, time, timedelta, timezone

from ...clock import IClock
from ...i18n import _
from ...layout import LOCAL_ZONE
from ..features import FEATURES
from ..services import IJuryService, status_of

TEMPLATES = "consult:templates/juries/"

RECRUITMENT_LABELS = {
    "upcoming": _("Applications not open yet"),
    "open": _("Applications open"),
    "closed": _("Applications closed"),
}
DRAW_LABELS = {
    "announced": _("Announced"),
    "running": _("Running"),
    "done": _("Done"),
    "failed": _("Failed"),
    "interrupted": _("Interrupted"),
}
STATUS_LABELS = {
    "applied": _("In the pool"),
    "selected": _("Drawn, not invited yet"),
    "invited": _("Invited"),
    "accepted": _("Accepted"),
    "declined": _("Declined"),
}


def service(request):
    return request.find_service(IJuryService)


def runner(request):
    return request.registry["consult.jury_runner"]


def now(request):
    return request.find_service(IClock).now()


def draw_status(request, draw):
    return status_of(draw, runner(request))


def start_of_day(day):
    """A date as the UTC instant its day starts in Almaty."""
    return datetime.combine(day, time(0, 0), LOCAL_ZONE).astimezone(timezone.utc)


def end_of_day(day):
    return start_of_day(day + timedelta(days=1))


def local_date(when):
    return when.astimezone(LOCAL_ZONE).date()


def feature_name(request, key):
    return FEATURES[key].names.get(request.layout.language, FEATURES[key].names["en"])


def value_name(request, feature, value):
    names = FEATURES[feature].value(value).names
    return names.get(request.layout.language, names["en"])


def quota_rows(request, jury):
    """Per feature, per value: the quota and the panel's count now."""
    counts = jury.composition()
    rows = []
    for feature in jury.features:
        values = []
        for value in FEATURES[feature].keys:
            low, high = jury.quotas[feature][value]
            count = counts[feature][value]
            values.append({"name": value_name(request, feature, value), "min": low,
                           "max": high, "count": count, "met": low <= count <= high})
        rows.append({"name": feature_name(request, feature), "values": values})
    return rows


def percent(value):
    return "" if value is None else f"{value * 100:.2f} %"
