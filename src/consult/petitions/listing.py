"""The list of petitions (`/petitions/`), filtered by state, addressee,
topic and the region the addressee serves, sorted (most signed, newest,
closing soon, latest answered) and paged: a plain GET form, so it works
without JavaScript and every page has its address. Also an organisation's
petitions with its on-time rate, for its page (organisations asks through
organisations.interfaces.IOrganisationPetitions).

Only listed petitions are ever shown: never a draft, one collecting its
sponsors by its link, one in moderation or a rejected one."""

from types import SimpleNamespace

from pyramid.view import view_config
from zope.interface import provider

from ..i18n import _
from ..organisations.interfaces import IOrganisationPetitions, IOrganisationService
from .interfaces import IPetitionAnswering, IPetitionService
from .models import LISTED, OPEN, PHASES, Petitions

TEMPLATES = "consult:templates/petitions/"
PAGE_SIZE = 20
REPUBLIC = "republic"  # the addressees that serve the whole country
SORTS = {
    "signed": _("Most signed"),
    "newest": _("Newest"),
    "closing": _("Closing soon"),
    "answered": _("Latest answered"),
}


def _signed(petition):
    return (-petition.count(), -petition.decided.timestamp())


def _closing(now):
    def key(petition):
        # The open ones first, the soonest end first; the rest after, newest first.
        still_open = petition.phase(now) in (OPEN, "answer_due") and petition.closes > now
        return (
            (0, petition.closes.timestamp()) if still_open else (1, -petition.decided.timestamp())
        )

    return key


def _answered(petition):
    return (
        (0, -petition.answered.timestamp())
        if petition.answered
        else (1, -petition.decided.timestamp())
    )


def region_of(territories, kato):
    """The oblast or city of republican significance that contains the
    territory `kato`, or REPUBLIC for an addressee of the whole country."""
    territory = territories.get(kato) if kato else None
    while territory is not None and territory.parent:
        territory = territories.get(territory.parent)
    return territory.kato if territory is not None else REPUBLIC


def _name(request, titles):
    return request.layout.localized(titles)


class Listing:
    """The list's choices as read from the request, and the page they give."""

    def __init__(self, request, petitions, now):
        self.request, self.now = request, now
        self.territories = request.find_service(IOrganisationService).territories()
        organisations = request.root["organisations"]
        self.all = [p for p in petitions if p.listed(now)]
        self.organisations = {}
        for petition in self.all:
            organisation = organisations.get(petition.addressee)
            if organisation is not None:
                self.organisations[petition.addressee] = organisation
        params = request.GET
        self.state = self._choice(params.get("state"), LISTED)
        self.addressee = self._choice(params.get("addressee"), self.organisations)
        self.topics = sorted({p.topic for p in self.all if p.topic}, key=str.casefold)
        self.topic = self._choice(params.get("topic"), self.topics)
        self.regions = self._regions()
        self.region = self._choice(params.get("region"), dict(self.regions))
        self.sort = self._choice(params.get("sort"), SORTS) or "signed"
        try:
            self.page = max(1, int(params.get("page", 1)))
        except ValueError:
            self.page = 1

    @staticmethod
    def _choice(value, allowed):
        value = (value or "").strip()
        return value if value in allowed else ""

    def _region(self, petition):
        organisation = self.organisations.get(petition.addressee)
        return region_of(self.territories, getattr(organisation, "kato", None))

    def _regions(self):
        present = {self._region(p) for p in self.all}
        whole = self.request.localizer.translate(_("The whole country (central bodies)"))
        regions = [(REPUBLIC, whole)] if REPUBLIC in present else []
        for kato, territory in self.territories.items():
            if kato in present:
                regions.append((kato, _name(self.request, territory.name).text))
        return regions

    def matching(self):
        found = [
            p
            for p in self.all
            if (not self.state or p.phase(self.now) == self.state)
            and (not self.addressee or p.addressee == self.addressee)
            and (not self.topic or p.topic == self.topic)
            and (not self.region or self._region(p) == self.region)
        ]
        key = {
            "signed": _signed,
            "newest": lambda p: -p.decided.timestamp(),
            "closing": _closing(self.now),
            "answered": _answered,
        }[self.sort]
        return sorted(found, key=key)

    def query(self, **changed):
        chosen = {
            "state": self.state,
            "addressee": self.addressee,
            "topic": self.topic,
            "region": self.region,
            "sort": self.sort,
            "page": self.page,
        }
        chosen.update(changed)
        return {name: value for name, value in chosen.items() if value and value != 1}

    def addressees(self):
        named = [
            (name, _name(self.request, o.title).text) for name, o in self.organisations.items()
        ]
        return sorted(named, key=lambda pair: pair[1].casefold())


@view_config(context=Petitions, permission="view", renderer=TEMPLATES + "list.pt")
def petitions_list(request):
    service = request.find_service(IPetitionService)
    now = service.clock.now()
    listing = Listing(request, service.petitions.values(), now)
    found = listing.matching()
    pages = max(1, -(-len(found) // PAGE_SIZE))
    page = min(listing.page, pages)
    shown = found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return {
        "listing": listing,
        "petitions": shown,
        "total": len(found),
        "page": page,
        "pages": pages,
        "previous": request.resource_url(request.context, query=listing.query(page=page - 1))
        if page > 1
        else None,
        "next": request.resource_url(request.context, query=listing.query(page=page + 1))
        if page < pages
        else None,
        "phases": PHASES,
        "states": [(state, PHASES[state]) for state in LISTED],
        "sorts": SORTS,
        "now": now,
        "may_draft": request.has_permission("draft_petition"),
        "may_moderate": request.has_permission("moderate"),
    }


@provider(IOrganisationPetitions)
def organisation_petitions(request, organisation):
    service = request.find_service(IPetitionAnswering)
    now = service.clock.now()
    record = service.record(organisation, now)
    record["items"] = [
        SimpleNamespace(
            petition=petition,
            phase=PHASES[petition.phase(now)],
            overdue=petition.overdue(now),
            url=request.resource_url(petition),
        )
        for petition in record["petitions"]
    ]
    return record
