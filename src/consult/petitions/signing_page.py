"""What the petition's page shows of its signatures: the counts per level,
territory and hour (from counts.cached_counts), the chart, and the sign
form with the person's own signature."""

from pyramid.renderers import get_renderer

from ..i18n import _
from ..organisations.interfaces import IOrganisationService
from ..settings import settings_of
from ..verification.registry import level_title
from .chart import HEIGHT, WIDTH, bars
from .counts import cached_counts
from .interfaces import IPetitionService
from .signing import collecting, verified_region

MACROS = "consult:templates/petitions/signing.pt"


def territory_name(territory, language):
    return territory.name.get(language) or territory.name["ru"]


def territory_choices(territories, language):
    """[(KATO, label)] for the sign form: each district after its city."""
    children = {}
    for territory in territories.values():
        children.setdefault(territory.parent, []).append(territory)
    choices = []

    def add(territory, prefix):
        label = prefix + territory_name(territory, language)
        choices.append((territory.kato, label))
        for child in children.get(territory.kato, ()):
            add(child, label + " — ")

    for territory in children.get(None, ()):
        add(territory, "")
    return choices


def counts_of(request, petition):
    service = request.find_service(IPetitionService)
    territories = request.find_service(IOrganisationService).territories()
    return cached_counts(
        request.registry,
        petition,
        territories,
        service.clock.now(),
        settings_of(request)["consult.petitions.counts_seconds"],
    )


def level_label(level):
    return level_title(level) if level else _("No verification")


def signing_context(request, petition):
    """The values petition.pt's signing macros read."""
    now = request.find_service(IPetitionService).clock.now()
    territories = request.find_service(IOrganisationService).territories()
    counts = counts_of(request, petition)
    window = counts.window()
    identity = request.identity
    known = verified_region(identity, territories) if identity is not None else None
    return {
        "signing": get_renderer(MACROS).implementation().macros,
        "counts": counts,
        "level_label": level_label,
        "territory_name": lambda territory: territory_name(territory, request.locale_name),
        "window": window,
        "bars": bars(window),
        "chart_size": (WIDTH, HEIGHT),
        "collecting": collecting(petition, now),
        "my_signature": petition.signatures.get(request.authenticated_userid)
        if request.authenticated_userid
        else None,
        "known_region": territories[known] if known else None,
        "regions": territory_choices(territories, request.locale_name),
    }
