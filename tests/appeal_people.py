"""The people and organisations of the appeals' functional tests, and the
two things they do most (file an appeal, press a button on its page)."""

from consult.appeals.services import AppealService
from consult.organisations.services import OrganisationService
from consult.organisations.territories import load_territories
from consult.settings import DEFAULTS

AUTHOR = "author@example.kz"
NEIGHBOUR = "neighbour@example.kz"
CLERK = "clerk@example.kz"
HEAD = "head@example.kz"
OTHER = "other@example.kz"
ADMIN = "admin@example.kz"
ASTANA, ALMATY = "710000000", "750000000"
TEXT = "A deep pothole on Kabanbay batyr avenue near the bus stop damages cars"
ANSWER = "The pothole was repaired on the 10th; the contractor checked the surface."
REASON = "The road is maintained by the akimat of Almaty, not by ours."


def make_world(database, clock, make_user):
    """The people (their ids by e-mail), the akimats of Astana and Almaty
    with their staff, and the category "roads" routed to each."""
    ids = {email: make_user(email, "Aigerim", "Serikova") for email in (AUTHOR, NEIGHBOUR)}
    for email in (CLERK, HEAD, OTHER):
        ids[email] = make_user(email, "Marat", "Officialov")
    ids[ADMIN] = make_user(ADMIN, "Dana", "Adminova", roles=("administrator",))
    with database() as root:
        organisations = OrganisationService(root["organisations"])
        astana = organisations.create(
            "astana-akimat", {"en": "Akimat of Astana"}, "akimat", "city", ASTANA
        )
        almaty = organisations.create(
            "almaty-akimat", {"en": "Akimat of Almaty"}, "akimat", "city", ALMATY
        )
        principals = root["principals"]
        organisations.grant_role(astana, principals[ids[CLERK]], "answerer")
        organisations.grant_role(astana, principals[ids[HEAD]], "organisation_administrator")
        organisations.grant_role(almaty, principals[ids[OTHER]], "answerer")
        service = AppealService(
            root["appeals"], DEFAULTS, clock, load_territories(), root["organisations"]
        )
        service.save_category("roads", {"en": "Roads", "ru": "Дороги", "kk": "Жолдар"})
        service.set_rule("roads", ASTANA, "astana-akimat")
        service.set_rule("roads", ALMATY, "almaty-akimat")
    return ids


def file(app, text=TEXT, public=True, kato=ASTANA, latitude="", longitude="71.43", location=None):
    form = app.get("/appeals/new").forms["deform"]
    form["kind"] = "complaint"
    form["category"] = "roads"
    form["kato"] = kato
    form["address"] = "Kabanbay batyr 10"
    form["text"] = text
    form["latitude"] = latitude
    form["longitude"] = longitude if latitude else ""
    if location is not None:
        form["location"] = location
    form["public"] = public
    return form.submit("file")


def press(app, path, action, **fields):
    """Post the form of `action` on the appeal at `path`."""
    page = app.get(path)
    for form in page.forms.values():
        if form.action.endswith(f"{path}{action}"):
            for name, value in fields.items():
                form[name] = value
            return form.submit()
    raise AssertionError(f"no form for {action} on {path}")
