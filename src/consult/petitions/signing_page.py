"""What the petition's page shows of its signatures: the counts per level,
territory and hour (from counts.cached_counts), the chart, and the sign
form with the person's own signature.

Under a surge the page is read about twice per signature (the signer reads
it for the form, others to follow the count): what every reader sees alike
is made once and kept, the counts' HTML with their snapshot (`counts_html`)
and the territories' choices per language (`territory_choices`), so that a
page renders little more than the person's own part (benchmarks/petitions.py
measures it)."""

from pyramid.renderers import render

from ..clock import IClock
from ..i18n import _
from ..organisations.interfaces import IOrganisationService
from ..settings import settings_of
from ..verification.registry import level_title
from .chart import HEIGHT, WIDTH, bars
from .counts import cached_counts
from .signing import collecting, verified_region

COUNTS = "consult:templates/petitions/counts.pt"
_CHOICES = {}  # language -> (territories, choices)


def territory_name(territory, language):
    return territory.name.get(language) or territory.name["ru"]


def territory_choices(territories, language):
    """[(KATO, label)] for the sign form: each district after its city. The
    classifier is read once per process (organisations.territories), so the
    choices are kept per language for as long as it is the same."""
    made = _CHOICES.get(language)
    if made is None or made[0] is not territories:
        made = _CHOICES[language] = (territories, _territory_choices(territories, language))
    return made[1]


def _territory_choices(territories, language):
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
    territories = request.find_service(IOrganisationService).territories()
    return cached_counts(
        request.registry,
        petition,
        territories,
        request.find_service(IClock).now(),
        settings_of(request)["consult.petitions.counts_seconds"],
    )


def level_label(level):
    return level_title(level) if level else _("No verification")


def counts_html(request, petition, counts, listed):
    """The counts' section of the page (counts.pt), rendered once per
    snapshot, language and variant: under a surge every reader of one
    process within `consult.petitions.counts_seconds` sees the same figures,
    so rendering them for each page would repeat the same work."""
    key = (request.locale_name, listed, petition.threshold, request.application_url)
    html = counts.rendered.get(key)
    if html is None:
        window = counts.window()
        values = {
            "petition": petition,
            "counts": counts,
            "listed": listed,
            "level_label": level_label,
            "territory_name": lambda territory: territory_name(territory, request.locale_name),
            "window": window,
            "bars": bars(window),
            "chart_size": (WIDTH, HEIGHT),
        }
        html = counts.rendered[key] = render(COUNTS, values, request=request)
    return html


def signing_context(request, petition, listed):
    """The values petition.pt reads of the signatures: the counts (a
    snapshot and its HTML) and what its signing macros (signing.pt) need."""
    now = request.find_service(IClock).now()
    territories = request.find_service(IOrganisationService).territories()
    counts = counts_of(request, petition)
    identity = request.identity
    known = verified_region(identity, territories) if identity is not None else None
    return {
        "counts": counts,
        "counts_html": counts_html(request, petition, counts, listed),
        "territory_name": lambda territory: territory_name(territory, request.locale_name),
        "collecting": collecting(petition, now),
        "my_signature": petition.signatures.get(request.authenticated_userid)
        if request.authenticated_userid
        else None,
        "known_region": territories[known] if known else None,
        "regions": territory_choices(territories, request.locale_name),
    }
