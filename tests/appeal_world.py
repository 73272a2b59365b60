"""The world the appeals' functional tests start from: the akimats of
Astana and Almaty, a category routed to each by its territory, and the
roles the test's people hold in them."""

from consult.appeals.services import AppealService
from consult.organisations.services import OrganisationService
from consult.organisations.territories import load_territories
from consult.settings import DEFAULTS

ASTANA, ALMATY = "710000000", "750000000"
AKIMATS = {
    "astana-akimat": ("Akimat of Astana", ASTANA),
    "almaty-akimat": ("Akimat of Almaty", ALMATY),
}
ROADS = ("roads", {"en": "Roads", "ru": "Дороги", "kk": "Жолдар"})


def routed_akimats(root, clock, roles, category=ROADS, akimats=tuple(AKIMATS)):
    """Make `akimats`, route `category` ((name, labels)) in each akimat's
    territory to it, and grant `roles` ({(akimat, principal id): role})."""
    organisations = OrganisationService(root["organisations"])
    made = {
        address: organisations.create(
            address, {"en": AKIMATS[address][0]}, "akimat", "city", AKIMATS[address][1]
        )
        for address in akimats
    }
    for (address, principal_id), role in roles.items():
        organisations.grant_role(made[address], root["principals"][principal_id], role)
    service = AppealService(
        root["appeals"], DEFAULTS, clock, load_territories(), root["organisations"]
    )
    name, labels = category
    service.save_category(name, labels)
    for address in akimats:
        service.set_rule(name, AKIMATS[address][1], address)
    return service
