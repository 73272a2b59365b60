"""What the jury views share: dates in Almaty time, labels, a jury's summary
and its answer deadline, the quota and feature tables."""

from datetime import UTC, datetime, time, timedelta

from ...clock import IClock
from ...i18n import _
from ...layout import LOCAL_ZONE
from ..features import is_custom
from ..interfaces import IJuryService
from ..lottery.runner import status_of

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


def summary(request, jury):
    consultation = request.root["consultations"].get(jury.consultation)
    state = jury.recruitment_state(now(request))
    return {
        "jury": jury,
        "url": request.resource_url(jury),
        "remit": request.layout.localized(jury.remit),
        "consultation_title": (
            request.layout.localized(consultation.title) if consultation is not None else None
        ),
        "consultation_url": (
            request.resource_url(consultation) if consultation is not None else None
        ),
        "state": state,
        "state_label": RECRUITMENT_LABELS[state],
        "opens": request.layout.local_time(jury.recruitment_opens, "d MMMM y"),
        "closes": request.layout.local_time(jury.recruitment_closes, "d MMMM y, HH:mm"),
    }


def deadline_day(request, jury):
    """The last day of the answer deadline (it is stored as the end of that day)."""
    if jury.answer_deadline is None:
        return None
    return request.layout.local_time(jury.answer_deadline - timedelta(seconds=1), "d MMMM y")


def draw_status(request, draw):
    return status_of(draw, runner(request))


def start_of_day(day):
    """A date as the UTC instant its day starts in Almaty."""
    return datetime.combine(day, time(0, 0), LOCAL_ZONE).astimezone(UTC)


def end_of_day(day):
    return start_of_day(day + timedelta(days=1))


def local_date(when):
    return when.astimezone(LOCAL_ZONE).date()


def localized_name(request, names):
    """A feature's or value's name for the reader (`Localized`: its text, and
    its language, which may be another when the organisers gave no name in
    the reader's language)."""
    return request.layout.localized(names)


def feature_name(request, jury, key):
    return localized_name(request, jury.feature(key).names).text


def value_name(request, jury, feature, value):
    return localized_name(request, jury.feature(feature).value(value).names).text


def _lang(localized):
    """The `lang` attribute a name needs: None in the reader's language."""
    return localized.language if localized.fallback else None


def quota_rows(request, jury):
    """Per feature, per value: the quota and the panel's count now; `lang`
    is set on names shown in another language than the reader's."""
    counts = jury.composition()
    rows = []
    for feature in jury.features_in_use():
        values = []
        for value in feature.values:
            low, high = jury.quotas[feature.key][value.key]
            count = counts[feature.key][value.key]
            name = localized_name(request, value.names)
            values.append(
                {
                    "name": name.text,
                    "lang": _lang(name),
                    "min": low,
                    "max": high,
                    "count": count,
                    "met": low <= count <= high,
                }
            )
        name = localized_name(request, feature.names)
        rows.append({"key": feature.key, "name": name.text, "lang": _lang(name), "values": values})
    return rows


def feature_rows(request, jury):
    """The features in use, for the organisers: names, values with their
    population shares, and whether the organisers defined it."""
    rows = []
    for feature in jury.features_in_use():
        name = localized_name(request, feature.names)
        values = []
        for value in feature.values:
            value_label = localized_name(request, value.names)
            values.append(
                {
                    "name": value_label.text,
                    "lang": _lang(value_label),
                    "share": request.layout.number(value.share * 100, 1),
                }
            )
        rows.append(
            {
                "key": feature.key,
                "name": name.text,
                "lang": _lang(name),
                "custom": is_custom(feature.key),
                "values": values,
            }
        )
    return rows


def percent(request, value):
    """A chance of selection in the reader's language (4,00 %)."""
    return "" if value is None else request.layout.percent(value, 2)
