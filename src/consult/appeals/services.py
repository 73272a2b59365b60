"""Appeals' life: filing (with the similar open appeals first), routing by
category and territory, registration and the legal term in working days
(consult.workdays), forwarding, extension, the answer, the citizen's rating
and reopening. The staff's queue and dashboard are in `staffing`, the ranking of
systemic problems in `systemic`."""

import calendar as months

from zope.interface import implementer

from ..campaigns.similarity import jaccard, words
from ..clock import IClock
from ..i18n import _
from ..organisations.interfaces import IOrganisationService
from ..responses.models import DISPOSITIONS
from ..settings import settings_of
from ..workdays import calendar_of
from .attachments import Attaching
from .intake import Intake
from .interfaces import IAppealService, require
from .models import (
    ARRIVING,
    CLOSED,
    DUPLICATE,
    EXTENDED,
    FIXED,
    FORWARDED,
    HANDLING_ROLES,
    HEAD_ROLE,
    HIDDEN,
    IN_PROGRESS,
    KINDS,
    LOCATIONS,
    OPEN,
    OUTCOMES,
    PLANNED,
    REGISTERED,
    RUNNING,
    Appeal,
    Forward,
)
from .rating import rateable
from .routing import Routing
from .staffing import Staffing
from .systemic import Systemic

MAX_TEXT, MAX_ADDRESS, MIN_REASON = 8000, 300, 10
# Kazakhstan's extent, with a margin: a point outside is a typing error.
LATITUDES, LONGITUDES = (40.0, 56.0), (46.0, 88.0)


def add_months(day, count):
    """The same day `count` months later (the month's last day when shorter)."""
    month = day.month - 1 + count
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, months.monthrange(year, month)[1]))


def _reason(text, message):
    text = (text or "").strip()
    require(len(text) >= MIN_REASON, message)
    return text


@implementer(IAppealService)
class AppealService(Routing, Staffing, Systemic, Intake, Attaching):
    def __init__(self, appeals, settings, clock, territories, organisations, calendar=None):
        self.appeals = appeals
        self.settings = settings
        self.clock = clock
        self.territories = territories
        self.organisations = organisations
        self.calendar = calendar or calendar_of(settings["consult.workdays.transfers"])

    def _setting(self, name):
        return self.settings[f"consult.appeals.{name}"]

    def _today(self):
        return self.clock.now().date()

    # -- filing --------------------------------------------------------------

    def similar(self, text, category, kato, limit=5):
        mine = words(text)
        if not mine:
            return []
        scored = []
        for name in self.appeals.by_place.get((category, kato), ()):
            appeal = self.appeals[name]
            if appeal.public and appeal.is_open():
                scored.append((appeal, jaccard(mine, words(appeal.text))))
        threshold = self._setting("similar_threshold")
        scored = [pair for pair in scored if pair[1] >= threshold]
        return sorted(scored, key=lambda pair: -pair[1])[:limit]

    def file(
        self, author, kind, category, kato, address, text, public, coordinates=None, location=HIDDEN
    ):
        require(kind in KINDS, _("Choose what kind of appeal this is."))
        require(self.appeals.categories.get(category) is not None, _("Choose a category."))
        require(kato in self.territories, _("Choose the territory."))
        text, address = (text or "").strip(), (address or "").strip()
        require(text, _("Write what the appeal is about."))
        require(len(text) <= MAX_TEXT and len(address) <= MAX_ADDRESS, _("The appeal is too long."))
        if coordinates is not None:
            latitude, longitude = coordinates
            require(
                LATITUDES[0] <= latitude <= LATITUDES[1]
                and LONGITUDES[0] <= longitude <= LONGITUDES[1],
                _("The coordinates are outside Kazakhstan."),
            )
        require(location in LOCATIONS, _("Choose how much of the location to publish."))
        organisation, _rule = self.route(category, kato)
        require(
            organisation in self.organisations,
            _("No organisation handles this category in this place yet: choose another one."),
        )
        appeal = Appeal(
            author.id, kind, category, kato, address, text, bool(public), self.clock.now()
        )
        appeal.coordinates, appeal.location = coordinates, location
        appeal.organisation = organisation
        self.appeals.add_appeal(appeal)
        self._reindex(appeal)
        return appeal

    def support(self, appeal, userid):
        require(appeal.public and appeal.is_open(), _("This appeal cannot be supported now."))
        require(
            userid != appeal.author and userid not in appeal.supporters,
            _("You are already among the people this appeal concerns."),
        )
        appeal.supporters[userid] = self.clock.now()
        appeal.supporter_count.change(1)

    # -- the organisation's work ------------------------------------------

    def _start_term(self, appeal):
        now = self.clock.now()
        appeal.registered = now
        appeal.due = self.calendar.add_working_days(
            now.date(), self._setting("answer_working_days")
        )

    def register(self, appeal, userid):
        require(appeal.state in ARRIVING, _("This appeal is registered already."))
        self._start_term(appeal)
        appeal.record(REGISTERED, appeal.registered, userid)
        self._reindex(appeal)

    def progress(self, appeal, userid, state, note):
        require(appeal.state in RUNNING, _("This appeal is not being considered."))
        require(state in (IN_PROGRESS, PLANNED), _("Choose the new state."))
        appeal.record(state, self.clock.now(), userid, (note or "").strip())
        self._reindex(appeal)

    def forward(self, appeal, userid, target, reason):
        require(appeal.state in OPEN, _("This appeal cannot be forwarded now."))
        reason = _reason(reason, _("Say why the appeal is forwarded (10 characters at least)."))
        require(
            target in self.organisations and target != appeal.organisation,
            _("Choose the organisation that is competent."),
        )
        now = self.clock.now()
        late = self.calendar.working_days_between(
            appeal.arrived.date(), now.date()
        ) > self._setting("forward_working_days")
        forward = Forward(appeal.organisation, target, reason, now, userid, late)
        appeal.forwards.append(forward)
        previous, appeal.organisation = appeal.organisation, target
        self.appeals.place(appeal, previous)
        appeal.arrived, appeal.registered, appeal.due = now, None, None
        appeal.assignee = None
        appeal.record(FORWARDED, now, userid, reason)
        self._reindex(appeal)
        return forward

    def extend(self, appeal, userid, until, reason):
        require(appeal.state in RUNNING, _("This appeal is not being considered."))
        require(appeal.extension is None, _("The term of this appeal was extended already."))
        today = self._today()
        require(today <= appeal.due, _("The term is over: it can no longer be extended."))
        latest = add_months(appeal.due, self._setting("extension_max_months"))
        require(
            appeal.due < until <= latest,
            _(
                "Choose a date after the term and no later than ${latest}.",
                mapping={"latest": latest.isoformat()},
            ),
        )
        reason = _reason(reason, _("Give the reasons for the extension (10 characters at least)."))
        now = self.clock.now()
        appeal.extension = {"reason": reason, "when": now, "who": userid, "previous": appeal.due}
        appeal.due = until
        appeal.record(EXTENDED, now, userid, reason)
        self._reindex(appeal)

    def answer(self, appeal, userid, disposition, reason, outcome):
        require(appeal.state in RUNNING, _("This appeal is not being considered."))
        require(
            disposition in DISPOSITIONS,
            _(
                "Choose a decision: accepted, partly accepted, rejected, noted or outside the scope."
            ),
        )
        require(outcome in OUTCOMES, _("Choose the outcome."))
        minimum = max(MIN_REASON, self.settings["consult.min_answer_length"])
        reason = (reason or "").strip()
        require(
            len(reason) >= minimum,
            _(
                "Reason: please write at least ${limit} characters (now ${length}): "
                "the author should understand why.",
                mapping={"limit": minimum, "length": len(reason)},
            ),
        )
        # A template is where an answer starts, not the answer: the reason
        # must say something about this appeal.
        require(
            reason not in {t.text for _n, t in self.templates_of(appeal.organisation)},
            _("Add to the template's text what concerns this appeal."),
        )
        if appeal.second_review:
            organisation = appeal.holder()
            roles = () if organisation is None else organisation.local_roles.get(userid, ())
            require(
                HEAD_ROLE in roles,
                _("The answer was rated not resolved: the organisation's head reviews it."),
            )
        now = self.clock.now()
        appeal.answer = {
            "disposition": disposition,
            "reason": reason,
            "when": now,
            "who": userid,
            "on_time": now.date() <= appeal.due,
        }
        appeal.rating = None
        appeal.fixed_at = now if outcome == FIXED else None
        appeal.record(outcome, now, userid, reason)
        self._reindex(appeal)

    def mark_duplicate(self, appeal, userid, original, note):
        require(appeal.state in OPEN, _("This appeal is closed already."))
        require(
            original is not None and original is not appeal, _("Give the original appeal's number.")
        )
        appeal.duplicate_of = original.name
        appeal.record(DUPLICATE, self.clock.now(), userid, (note or "").strip())
        self._reindex(appeal)

    # -- the citizen after the answer --------------------------------------

    def rate(self, appeal, userid, resolved, comment=""):
        require(userid == appeal.author, _("Only the author rates the answer."))
        rateable(appeal)
        now = self.clock.now()
        comment = (comment or "").strip()[:2000]
        appeal.rating = {"resolved": bool(resolved), "comment": comment, "when": now}
        if resolved:
            appeal.record(CLOSED, now, userid, comment)
            return self._reindex(appeal)
        appeal.second_review = True
        self._start_term(appeal)
        appeal.record(IN_PROGRESS, now, userid, comment or _("Rated not resolved"))
        self._reindex(appeal)

    def reopen(self, appeal, userid, reason):
        require(
            appeal.public and appeal.state == FIXED,
            _("Only a public appeal marked fixed can be reopened."),
        )
        now = self.clock.now()
        require(
            (now - appeal.fixed_at).days <= self._setting("reopen_days"),
            _("It is too late to reopen this appeal."),
        )
        reason = _reason(reason, _("Say why the problem is not fixed (10 characters at least)."))
        self._start_term(appeal)
        appeal.rating = None
        appeal.record(IN_PROGRESS, now, userid, reason)
        self._reindex(appeal)

    def assign(self, appeal, userid, assignee):
        organisation = appeal.holder()
        staff = {} if organisation is None else organisation.local_roles
        require(
            assignee is None or set(staff.get(assignee, ())) & set(HANDLING_ROLES),
            _("Choose one of the organisation's officials."),
        )
        appeal.assignee = assignee
        self._reindex(appeal)

    def add_note(self, appeal, userid, text):
        text = (text or "").strip()
        require(text, _("Write the note."))
        appeal.notes.append((self.clock.now(), userid, text[:4000]))

    def listed(self, start=0, size=20):
        # Newest first by number (the folder orders its keys as text).
        numbers = range(self.appeals.count(), 0, -1)
        found = [self.appeals[str(n)] for n in numbers if str(n) in self.appeals]
        found = [appeal for appeal in found if appeal.public]
        return len(found), found[start : start + size]


def appeal_service_factory(context, request):
    organisations = request.find_service(IOrganisationService)
    return AppealService(
        request.root["appeals"],
        settings_of(request),
        request.find_service(IClock),
        organisations.territories(),
        organisations.organisations,
    )
