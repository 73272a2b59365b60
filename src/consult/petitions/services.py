"""Petitions' life: drafting, sponsors, moderation, signatures, the answer.
Deadlines in working days come from Kazakhstan's calendar (consult.workdays);
the thresholds and periods per addressee from the settings."""

import datetime

from pyramid.traversal import find_root
from zope.interface import implementer

from ..campaigns.similarity import jaccard, words
from ..clock import IClock
from ..i18n import _
from ..organisations.interfaces import IOrganisationService
from ..settings import settings_of
from ..verification.models import level_of
from ..workdays import calendar_of
from .interfaces import IPetitionService, PetitionError
from .models import (
    ANSWER_DUE,
    DRAFT,
    MODERATION,
    OPEN,
    REJECTED,
    REJECTION_REASONS,
    SPONSORING,
    Petition,
)
from .signing import add_signature, collecting, remove_signature, signature_for

MAX_TITLE, MAX_TEXT = 200, 10_000


def addressee_category(organisation):
    """Which row of the settings an organisation's petitions follow."""
    if organisation.level == "republic":
        return "government"
    if organisation.kind in ("akimat", "maslikhat"):
        return f"{organisation.level}_{organisation.kind}"
    return "local_body"


def _require(condition, message):
    if not condition:
        raise PetitionError(message)


@implementer(IPetitionService)
class PetitionService:
    def __init__(self, petitions, settings, clock, territories, calendar=None):
        self.petitions = petitions
        self.settings = settings
        self.clock = clock
        self.territories = territories
        self.calendar = calendar or calendar_of(settings["consult.workdays.transfers"])

    def _setting(self, name, organisation):
        return self.settings[f"consult.petitions.{name}.{addressee_category(organisation)}"]

    def threshold_for(self, organisation):
        kind, value = self._setting("threshold", organisation)
        if kind == "count":
            return value
        territory = self.territories.get(organisation.kato)
        if territory is None or not territory.population:
            return None
        return max(1, round(territory.population * value))

    def draft(self, author, title, text, asks, addressee, topic):
        _require(
            level_of(author) >= self.settings["consult.petitions.author_level"],
            _("Verify your identity on your account page before drafting a petition."),
        )
        title, text, asks = (title or "").strip(), (text or "").strip(), (asks or "").strip()
        _require(title and text and asks, _("Give the petition a title, a text and what it asks."))
        _require(
            len(title) <= MAX_TITLE and len(text) + len(asks) <= MAX_TEXT,
            _("The petition is too long."),
        )
        _require(
            self.threshold_for(addressee) is not None,
            _("This body's threshold depends on a population that is not known yet."),
        )
        petition = Petition(
            author.id, title, text, asks, addressee.name, topic or "", self.clock.now()
        )
        self.petitions.add(self.petitions.next_name(), petition)
        return petition

    def similar(self, text, limit=5):
        mine = words(text)
        if not mine:
            return []
        scored = [
            (petition, jaccard(mine, words(f"{petition.title} {petition.text} {petition.asks}")))
            for petition in self.petitions.values()
            if petition.state not in (DRAFT, REJECTED)
        ]
        scored = [pair for pair in scored if pair[1] >= 0.3]
        return sorted(scored, key=lambda pair: -pair[1])[:limit]

    def submit(self, petition, userid):
        _require(petition.author == userid, _("Only its author may submit a petition."))
        _require(petition.state == DRAFT, _("This petition has been submitted already."))
        petition.state = SPONSORING
        petition.submitted = self.clock.now()
        self._add_signature(petition, userid)

    def _add_signature(self, petition, userid, level=None, region=None, listed=False):
        principal = find_root(self.petitions)["principals"].get(userid)
        signature = signature_for(
            principal, self.clock.now(), self.territories, level, region, listed
        )
        add_signature(petition, userid, signature)

    def sponsor(self, petition, userid):
        _require(petition.state == SPONSORING, _("This petition is not collecting sponsors."))
        _require(
            userid != petition.author and userid not in petition.sponsors,
            _("You have already supported this petition."),
        )
        petition.sponsors[userid] = self.clock.now()
        petition.sponsor_count.change(1)
        self._add_signature(petition, userid)
        if petition.sponsor_count() < self.settings["consult.petitions.sponsors"]:
            return False
        now = self.clock.now()
        petition.state = MODERATION
        petition.moderation_started = now
        petition.moderation_due = self.calendar.add_working_days(
            now.date(), self.settings["consult.petitions.moderation_working_days"]
        )
        return True

    def approve(self, petition, userid):
        _require(petition.state == MODERATION, _("This petition is not in moderation."))
        organisation = petition.organisation()
        now = self.clock.now()
        petition.state = OPEN
        petition.decided, petition.decided_by = now, userid
        petition.threshold = self.threshold_for(organisation)
        petition.signature_level = self._setting("signature_level", organisation)
        days = self._setting("collection_days", organisation)
        petition.closes = now + datetime.timedelta(days=days)
        return self._check_threshold(petition)

    def reject(self, petition, userid, reason):
        _require(petition.state == MODERATION, _("This petition is not in moderation."))
        _require(reason in REJECTION_REASONS, _("Choose the reason for rejecting the petition."))
        petition.state = REJECTED
        petition.decided, petition.decided_by = self.clock.now(), userid
        petition.rejection = reason

    def sign(self, petition, userid, level=None, region=None, listed=False):
        _require(
            collecting(petition, self.clock.now()), _("This petition is not open for signatures.")
        )
        _require(userid not in petition.signatures, _("You have already signed this petition."))
        self._add_signature(petition, userid, level, region, listed)
        return self._check_threshold(petition)

    def withdraw(self, petition, userid):
        _require(
            collecting(petition, self.clock.now()), _("This petition is not open for signatures.")
        )
        _require(userid != petition.author, _("The author's signature stays on the petition."))
        remove_signature(petition, userid)

    def _check_threshold(self, petition):
        if petition.state != OPEN or petition.counted() < petition.threshold:
            return False
        now = self.clock.now()
        petition.state = ANSWER_DUE
        petition.threshold_reached = now
        petition.answer_due = self.calendar.add_working_days(
            now.date(), self._setting("answer_working_days", petition.organisation())
        )
        return True

    def listed(self, now):
        found = [petition for petition in self.petitions.values() if petition.listed(now)]
        return sorted(found, key=lambda petition: petition.decided, reverse=True)

    def moderation_queue(self):
        found = [p for p in self.petitions.values() if p.state == MODERATION]
        return sorted(found, key=lambda petition: petition.moderation_due)


def petition_service_factory(context, request):
    return PetitionService(
        request.root["petitions"],
        settings_of(request),
        request.find_service(IClock),
        request.find_service(IOrganisationService).territories(),
    )
