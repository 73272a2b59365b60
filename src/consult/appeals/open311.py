"""Appeals as Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2):
the categories as services, the public appeals as service requests, and
the filing of an appeal by a partner's application. JSON only (the spec's
XML is left out: the applications in use read JSON).

What a request shows is what the appeal's public page shows: the
published (redacted) text, the category, the holding organisation, the
address of the place, and `lat`/`long` only as precise as its author chose
to publish them (models.Appeal.published_point: none, within about 1 km,
or exact); never a private appeal, the author or contact data.
The views are in views/open311.py; this module turns appeals into the
spec's fields and reads the spec's parameters."""

from datetime import datetime, time, timedelta

from ..i18n import _
from ..layout import LOCAL_ZONE
from .models import HIDDEN, LOCATIONS, OPEN

# The spec's defaults: without dates, the last 90 days; at most 1000 results.
DEFAULT_DAYS, MAX_RESULTS = 90, 1000
STATUSES = ("open", "closed")


class Open311Error(Exception):
    """An answer in the spec's error format: HTTP `status`, and
    [{"code": status, "description": ...}] as its body."""

    def __init__(self, status, description):
        super().__init__(description)
        self.status = status
        self.description = description


def _named(title, language):
    return title.get(language) or next(iter(title.values()), "")


def services(appeals, language):
    """The categories as the spec's services (no attributes: metadata false)."""
    categories = appeals.categories
    found = []
    for _depth, category in categories.ordered():
        parent = categories.get(category.parent)
        found.append(
            {
                "service_code": category.code,
                "service_name": _named(category.title, language),
                "description": _named(category.title, language),
                "metadata": False,
                "type": "realtime",
                "keywords": "",
                "group": _named(parent.title, language) if parent is not None else "",
            }
        )
    return found


def service_definition(appeals, code):
    """The minimal definition of a service: its code and no attributes."""
    if appeals.categories.get(code) is None:
        raise Open311Error(404, _("There is no service with this code."))
    return {"service_code": code, "attributes": []}


def w3c(moment):
    """An aware datetime as the spec's W3C date-time (with its offset)."""
    return moment.isoformat(timespec="seconds") if moment is not None else None


def status_of(appeal):
    return "open" if appeal.state in OPEN else "closed"


def service_request(appeal, appeals, language):
    """One public appeal as the spec's service request."""
    category = appeals.categories.get(appeal.category)
    organisation = appeal.holder()
    due = appeal.due if appeal.state in OPEN else None
    point = appeal.published_point()
    return {
        "service_request_id": appeal.name,
        "status": status_of(appeal),
        "status_notes": appeal.answer["reason"] if appeal.answer else None,
        "service_name": _named(category.title, language) if category else appeal.category,
        "service_code": appeal.category,
        "description": appeal.text,
        "agency_responsible": _named(organisation.title, language) if organisation else None,
        "service_notice": None,
        "requested_datetime": w3c(appeal.created),
        "updated_datetime": w3c(appeal.history[-1].when),
        "expected_datetime": w3c(datetime.combine(due, time(23, 59, 59), LOCAL_ZONE))
        if due
        else None,
        "address": appeal.address or None,
        "lat": point[0] if point else None,
        "long": point[1] if point else None,
        "address_id": None,
        "zipcode": None,
        "media_url": None,
    }


def public_appeal(appeals, name):
    """The public appeal `name`; a private one is as unknown as a missing one."""
    appeal = appeals.get(name) if name and name.isdigit() else None
    if appeal is None or not appeal.public:
        raise Open311Error(404, _("There is no public service request with this id."))
    return appeal


def _moment(params, name):
    text = (params.get(name) or "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise Open311Error(
            400,
            _(
                "${name} must be a W3C date and time with its offset, "
                "for example 2026-01-31T09:00:00+05:00.",
                mapping={"name": name},
            ),
        )
    return moment


def _listed(params, name):
    return {part.strip() for part in (params.get(name) or "").split(",") if part.strip()}


def _by_id(appeals, wanted):
    found = []
    for name in sorted(wanted, key=lambda n: -int(n) if n.isdigit() else 0):
        appeal = appeals.get(name) if name.isdigit() else None
        if appeal is not None and appeal.public:
            found.append(appeal)
    return found[:MAX_RESULTS]


def _window(params, now):
    start, end = _moment(params, "start_date"), _moment(params, "end_date")
    if start is None:
        start = (end or now) - timedelta(days=DEFAULT_DAYS)
    if end is not None and end < start:
        raise Open311Error(400, _("end_date is before start_date."))
    return start, end


def requests(appeals, params, now):
    """The public appeals the spec's filters choose, newest first: by
    `service_request_id` (a list: the other filters are then ignored), else
    by `service_code` (a list), `status` (open, closed) and the time they
    were filed (`start_date`, `end_date`; the last 90 days by default)."""
    wanted = _listed(params, "service_request_id")
    if wanted:
        return _by_id(appeals, wanted)
    statuses = _listed(params, "status")
    if statuses - set(STATUSES):
        raise Open311Error(400, _("status is open, closed or both, separated by a comma."))
    codes = _listed(params, "service_code")
    start, end = _window(params, now)

    def chosen(appeal):
        return (
            appeal.public
            and (end is None or appeal.created <= end)
            and (not codes or appeal.category in codes)
            and (not statuses or status_of(appeal) in statuses)
        )

    found = []
    # Numbers grow with the time of filing: read from the newest back to start.
    for number in range(appeals.count(), 0, -1):
        appeal = appeals.get(str(number))
        if appeal is None:
            continue
        if appeal.created < start:
            break
        if chosen(appeal):
            found.append(appeal)
            if len(found) == MAX_RESULTS:
                break
    return found


def _coordinates(params):
    latitude, longitude = (params.get("lat") or "").strip(), (params.get("long") or "").strip()
    if not latitude and not longitude:
        return None
    try:
        return float(latitude), float(longitude)
    except ValueError:
        raise Open311Error(400, _("lat and long must both be decimal numbers.")) from None


def filing(params, appeals, territories):
    """The arguments of IAppealService.file (without the author) from a
    POST's parameters. `jurisdiction_id` is the territory's KATO code;
    the person's contact data (email, names, phone, device_id) is not
    stored: the appeal is the partner's, who answers the person."""
    code = (params.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, _("service_code is required."))
    if appeals.categories.get(code) is None:
        raise Open311Error(400, _("There is no service with this code."))
    kato = (params.get("jurisdiction_id") or "").strip()
    if kato not in territories:
        raise Open311Error(400, _("jurisdiction_id is required: the KATO code of the territory."))
    coordinates = _coordinates(params)
    address = (params.get("address_string") or "").strip()
    if coordinates is None and not address:
        raise Open311Error(400, _("Give the place: lat and long, or address_string."))
    description = (params.get("description") or "").strip()
    if not description:
        raise Open311Error(400, _("description is required."))
    private = (params.get("private") or "").strip().lower() in ("1", "true", "yes")
    # consult's own parameter: how much of the point the public sees; left
    # out, none of it (the person did not choose on consult's form).
    location = (params.get("publish_location") or HIDDEN).strip()
    if location not in LOCATIONS:
        raise Open311Error(400, _("publish_location is hidden, approximate or exact."))
    return {
        "kind": "complaint",
        "category": code,
        "kato": kato,
        "address": address,
        "text": description,
        "public": not private,
        "coordinates": coordinates,
        "location": location,
    }
