"""Which consultations the public list shows, and in what order: those open
for comments first, then those still to come, then the finished ones, each
group the nearest to now first (the most recently opened, the next to open,
the most recently closed); narrowed by status, ministry and topic tag.

Filter values come from the address bar: a value that names nothing (a
status that does not exist, a ministry or a tag no listed consultation has)
is ignored, never an error."""

from datetime import timedelta

from ..i18n import LANGUAGES

STATUSES = ("open", "upcoming", "closed")
# A consultation's state (models.STATES) -> its group in the list. Drafts,
# which only staff see, are listed with what is still to come.
STATUS_OF_STATE = {
    "open": "open",
    "scheduled": "upcoming",
    "draft": "upcoming",
    "closed": "closed",
    "outcome": "closed",
}
PAGE_SIZE = 20
FAR = timedelta.max


def status_of(consultation, now):
    return STATUS_OF_STATE[consultation.state(now)]


def ministry_of(consultation):
    """(key, {language: name}) of the ministry that runs `consultation`, or
    (None, {}). The key stands for the ministry in the list's filter: its
    name in the first language it has, in the order of LANGUAGES, so that
    the same ministry has one key whatever the reader's language. The one
    place that knows where a consultation's ministry is stored."""
    names = consultation.ministry or {}
    for language in LANGUAGES:
        if names.get(language):
            return names[language], dict(names)
    return None, {}


def _distance(consultation, now, status):
    """How far from now the date that places it in its group is."""
    stages = [consultation.stages[kind] for kind in ("green", "white")]
    if status == "open":
        return now - consultation.open_stage(now).opens_at
    if status == "upcoming":
        opening = [s.opens_at for s in stages if s.opens_at is not None and s.opens_at > now]
        return min(opening) - now if opening else FAR
    closing = [s.closes_at for s in stages if s.closes_at is not None and s.closes_at <= now]
    return now - max(closing) if closing else FAR


def in_list_order(consultations, now):
    """`consultations` sorted as the list shows them."""

    def key(consultation):
        status = status_of(consultation, now)
        return (STATUSES.index(status), _distance(consultation, now, status), consultation.slug)

    return sorted(consultations, key=key)


class ListFilters:
    """The filters read from a request's parameters, checked against the
    consultations that could be listed: `status`, `ministry` and `tag` are
    a known value or None."""

    def __init__(self, params, consultations):
        ministries = {ministry_of(c)[0] for c in consultations} - {None}
        tags = {tag for c in consultations for tag in c.tags}
        self.status = _known(params.get("status"), STATUSES)
        self.ministry = _known(params.get("ministry"), ministries)
        self.tag = _known(params.get("tag"), tags)

    def __bool__(self):
        return any((self.status, self.ministry, self.tag))

    def matches(self, consultation, now):
        return (
            (self.status is None or status_of(consultation, now) == self.status)
            and (self.ministry is None or ministry_of(consultation)[0] == self.ministry)
            and (self.tag is None or self.tag in consultation.tags)
        )

    def query(self, **more):
        """The filters as query parameters (those set), with `more` added."""
        query = {"status": self.status, "ministry": self.ministry, "tag": self.tag, **more}
        return {name: value for name, value in query.items() if value}


def _known(value, known):
    return value if isinstance(value, str) and value in known else None


def page_number(value, count):
    """The page asked for, between 1 and `count`; 1 when it is not a number."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), max(count, 1))
