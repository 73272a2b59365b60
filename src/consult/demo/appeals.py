"""The demo's appeals: a small category tree in three languages, routing
rules to the akimat of Astana (roads and lighting) and to a catch-all
organisation, and two public appeals by the demo citizen, one answered."""

from ..appeals.models import FIXED
from ..appeals.services import AppealService
from ..appeals.tally import tally
from ..organisations.services import OrganisationService
from ..settings import DEFAULTS

ASTANA = "710000000"
CATEGORIES = (
    ("city", None, {"kk": "Қала шаруашылығы", "ru": "Городское хозяйство", "en": "City services"}),
    ("roads", "city", {"kk": "Жолдар", "ru": "Дороги", "en": "Roads"}),
    ("lighting", "city", {"kk": "Көше жарығы", "ru": "Уличное освещение", "en": "Street lighting"}),
    (
        "transport",
        None,
        {"kk": "Қоғамдық көлік", "ru": "Общественный транспорт", "en": "Public transport"},
    ),
)
APPEALS = (
    (
        "roads",
        "Kabanbay batyr avenue 10",
        "Шұңқыр Қабанбай батыр даңғылындағы аялдаманың жанында, көліктерді бүлдіреді.",
    ),
    (
        "lighting",
        "Mangilik El avenue, the courtyard of house 20",
        "Во дворе дома 20 по проспекту Мәңгілік Ел вторую неделю не горят фонари.",
    ),
)
ANSWER = (
    "Шұңқыр 12 наурызда жөнделді; мердігер жол төсемінің сапасын тексерді. "
    "The pothole was repaired on 12 March; the contractor checked the surface."
)


def build_appeals(root, clock, citizen, official):
    """Unless the demo has categories already."""
    appeals = root["appeals"]
    if appeals.categories.get("city") is not None:
        return
    organisations = OrganisationService(root["organisations"])
    akimat = root["organisations"].get("astana-akimat") or organisations.create(
        "astana-akimat",
        {"kk": "Астана қаласының әкімдігі", "ru": "Акимат города Астаны", "en": "Akimat of Astana"},
        "akimat",
        "city",
        ASTANA,
    )
    akimat.grant_local_role(official.id, "answerer")
    service = AppealService(
        appeals, DEFAULTS, clock, organisations.territories(), root["organisations"]
    )
    for code, parent, title in CATEGORIES:
        service.save_category(code, title, parent)
    service.set_rule("city", ASTANA, akimat.name)
    service.set_rule("*", "*", akimat.name)
    for category, address, text in APPEALS:
        service.file(citizen, "complaint", category, ASTANA, address, text, True)
    first = appeals["1"]
    service.register(first, official.id)
    service.answer(first, official.id, "accepted", ANSWER, FIXED)
    # Built without a request, so no event tells the ranking's subscriber.
    for appeal in appeals.values():
        tally(appeals.ranking, appeals, appeal)
