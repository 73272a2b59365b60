"""Site administrators add and edit organisations through their forms: the
territory chosen from the shipped ones, every refusal (an unknown KATO code,
a name another organisation has, a territory of another level) shown with
the input kept, each change on the audit log, and nobody else let in; a
renamed organisation's consultations show its new name."""

import pytest
from conftest import PASSWORD
from webtest import TestApp

from consult.audit.models import audit_log_of
from consult.consultations.services import ConsultationService
from consult.organisations.services import OrganisationService

ADMIN = "admin@example.kz"
EDITOR = "editor@example.kz"
ORG_ADMIN = "dana@example.kz"
EXPIRED = "This form had expired"


@pytest.fixture
def people(database, make_user):
    """A site administrator, a site editor, and the organisation
    administrator of the Karaganda akimat (stored, with its territory)."""
    make_user(ADMIN, "Asel", "Admin", roles=("administrator",))
    make_user(EDITOR, "Erlan", "Editor", roles=("editor",))
    org_admin = make_user(ORG_ADMIN, "Dana", "Nurova")
    with database() as root:
        akimat = OrganisationService(root["organisations"]).create(
            "karaganda-akimat",
            {"ru": "Акимат Карагандинской области", "en": "Akimat of Karaganda Region"},
            "akimat",
            "oblast",
            "350000000",
        )
        akimat.grant_local_role(org_admin, "organisation_administrator")


def signed_in(wsgi_app, email, language="en"):
    app = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": language})
    form = app.get("/login").forms["deform"]
    form["email"], form["password"] = email, PASSWORD
    form.submit("login")
    return app


def fill(form, **values):
    fields = {
        "names.kk": "Астана қаласының әкімдігі",
        "names.ru": "Акимат города Астаны",
        "names.en": "Akimat of Astana",
        "kind": "akimat",
        "level": "city",
        "kato": "710000000",
    }
    fields.update(values)
    for name, value in fields.items():
        # deform names a mapping's inputs by their own name, inside markers.
        field = form.fields[name.split(".")[-1]][0]
        if name == "kato" and value not in [option[0] for option in field.options]:
            field.force_value(value)
        else:
            field.value = value
    return form


def audit(database, action):
    with database() as root:
        return [
            (entry.subject, entry.details)
            for entry in audit_log_of(root).page(size=50)[0]
            if entry.action == action
        ]


def test_an_administrator_adds_an_organisation(wsgi_app, people, database):
    admin = signed_in(wsgi_app, ADMIN)
    listing = admin.get("/organisations/")
    form = listing.click("Add an organisation").forms["deform"]
    # The territories are the shipped ones, named with their KATO code.
    labels = [text for _value, _selected, text in form["kato"].options]
    assert "Astana (710000000)" in labels and "Yesil District (711210000)" in labels
    fill(form, address="astana-akimat")
    page = form.submit("save").follow()
    assert page.request.path == "/organisations/astana-akimat/"
    assert "The organisation is saved." in page.text
    assert page.html.find("h1").get_text(strip=True) == "Akimat of Astana"
    with database() as root:
        astana = root["organisations"]["astana-akimat"]
        assert astana.title["kk"] == "Астана қаласының әкімдігі"
        assert (astana.kind, astana.level, astana.kato) == ("akimat", "city", "710000000")
    assert audit(database, "organisation.added") == [
        ("/organisations/astana-akimat", {"kind": "akimat", "level": "city", "kato": "710000000"})
    ]


def test_an_empty_address_is_made_from_the_english_name(wsgi_app, people, database):
    admin = signed_in(wsgi_app, ADMIN)
    form = fill(admin.get("/organisations/@@add").forms["deform"], kato="", level="republic")
    form["kind"] = "agency"
    page = form.submit("save").follow()
    assert page.request.path == "/organisations/akimat-of-astana/"
    with database() as root:
        assert root["organisations"]["akimat-of-astana"].kato is None


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"kato": "719999999"}, "There is no territory with the KATO code 719999999"),
        ({"names.en": "akimat of  KARAGANDA region"}, "Another organisation has this name"),
        ({"level": "oblast"}, "Choose a territory of the organisation's level."),
        ({"address": "Astana Akimat"}, "lowercase Latin letters, digits and hyphens"),
        ({"address": "karaganda-akimat"}, "Another organisation uses this address already."),
        ({"names.kk": "", "names.ru": " ", "names.en": ""}, "Give the organisation a name"),
    ],
)
def test_bad_input_is_refused_with_the_input_kept(wsgi_app, people, database, values, message):
    admin = signed_in(wsgi_app, ADMIN)
    before = audit(database, "organisation.added")
    form = fill(admin.get("/organisations/@@add").forms["deform"], **values)
    page = form.submit("save")
    assert page.status_int == 200
    assert message in " ".join(page.text.split())
    kept = page.forms["deform"]
    assert kept["ru"].value == values.get("names.ru", "Акимат города Астаны").strip()
    assert kept["kind"].value == "akimat"
    with database() as root:
        assert sorted(root["organisations"]) == ["karaganda-akimat"]
    assert audit(database, "organisation.added") == before


def test_an_administrator_edits_an_organisation(wsgi_app, people, database):
    admin = signed_in(wsgi_app, ADMIN)
    page = admin.get("/organisations/karaganda-akimat/")
    form = page.click("Edit the organisation").forms["deform"]
    assert form["en"].value == "Akimat of Karaganda Region"
    assert form["kato"].value == "350000000"
    assert "address" not in form.fields  # an address never changes
    form["kk"] = "Қарағанды облысының әкімдігі"
    form["en"] = "Akimat of Karagandy Region"
    page = form.submit("save").follow()
    assert page.html.find("h1").get_text(strip=True) == "Akimat of Karagandy Region"
    with database() as root:
        akimat = root["organisations"]["karaganda-akimat"]
        assert akimat.title == {
            "kk": "Қарағанды облысының әкімдігі",
            "ru": "Акимат Карагандинской области",
            "en": "Akimat of Karagandy Region",
        }
    assert audit(database, "organisation.changed") == [
        (
            "/organisations/karaganda-akimat",
            {"kind": "akimat", "level": "oblast", "kato": "350000000"},
        )
    ]


def test_an_edit_that_breaks_a_rule_changes_nothing(wsgi_app, people, database):
    with database() as root:
        OrganisationService(root["organisations"]).create(
            "justice", {"en": "Ministry of Justice"}, "ministry", "republic"
        )
    admin = signed_in(wsgi_app, ADMIN)
    form = admin.get("/organisations/karaganda-akimat/edit").forms["deform"]
    form["en"] = "Ministry of Justice of the Republic of Kazakhstan"
    form["kato"].force_value("350000001")
    page = form.submit("save")
    assert "There is no territory with the KATO code 350000001" in page.text
    assert page.forms["deform"]["en"].value == "Ministry of Justice of the Republic of Kazakhstan"
    page.forms["deform"]["kato"] = "350000000"
    page = page.forms["deform"].submit("save")
    assert "Another organisation has this name already: Ministry of Justice." in page.text
    with database() as root:
        assert root["organisations"]["karaganda-akimat"].title["en"] == "Akimat of Karaganda Region"
    assert audit(database, "organisation.changed") == []


@pytest.mark.parametrize("who", [EDITOR, ORG_ADMIN, None])
def test_only_site_administrators_add_and_edit(wsgi_app, app, people, who):
    person = signed_in(wsgi_app, who) if who else app
    for path in ("/organisations/@@add", "/organisations/karaganda-akimat/edit"):
        response = person.get(path, status="*")
        assert response.status_int == 403 or "/login" in response.headers.get("Location", "")
    assert "Add an organisation" not in person.get("/organisations/").text
    assert "Edit the organisation" not in person.get("/organisations/karaganda-akimat/").text


def test_a_forged_post_changes_nothing(wsgi_app, people, database):
    admin = signed_in(wsgi_app, ADMIN)
    form = fill(admin.get("/organisations/@@add").forms["deform"], address="astana-akimat")
    edit = admin.get("/organisations/karaganda-akimat/edit").forms["deform"]
    edit["en"] = "Forged"
    for token in (None, "", "not-the-token"):
        for submitted in (form, edit):
            fields = [(k, v) for k, v in submitted.submit_fields("save") if k != "csrf_token"]
            if token is not None:
                fields.append(("csrf_token", token))
            page = admin.post(submitted.action or submitted.response.request.path, fields)
            assert EXPIRED in page.text
            # The person's text is kept for a second try.
            assert page.forms["deform"]["en"].value in ("Akimat of Astana", "Forged")
    with database() as root:
        assert sorted(root["organisations"]) == ["karaganda-akimat"]
        assert root["organisations"]["karaganda-akimat"].title["en"] == "Akimat of Karaganda Region"


@pytest.mark.parametrize(
    ("language", "label"), [("en", "Organisations"), ("ru", "Организации"), ("kk", "Ұйымдар")]
)
def test_the_header_links_the_organisations_in_each_language(app, language, label):
    page = app.get("/", headers={"Accept-Language": language})
    link = page.html.select_one("header nav").find("a", string=label)
    assert link is not None and link["href"] == "http://localhost/organisations/"


def test_a_renamed_organisation_renames_the_ministry_its_consultations_show(
    wsgi_app, people, database, clock, make_consultation
):
    """consultations.subscribers: the names the consultation took from its
    organisation follow it; a text typed otherwise stays."""
    for slug in ("roads", "typed"):
        make_consultation(slug)
    with database() as root:
        akimat = root["organisations"]["karaganda-akimat"]
        service = ConsultationService(root["consultations"], clock)
        service.assign_organisation(root["consultations"]["roads"], akimat)
        root["consultations"]["typed"].organisation = akimat.name
        root["consultations"]["typed"].ministry = {"ru": "Акимат Караганды"}
    admin = signed_in(wsgi_app, ADMIN)
    form = admin.get("/organisations/karaganda-akimat/edit").forms["deform"]
    form["en"] = "Akimat of Karagandy Region"
    form.submit("save")
    link = admin.get("/consultations/roads/").html.select_one("a.organisation-link")
    assert link.get_text(strip=True) == "Akimat of Karagandy Region"
    with database() as root:
        assert root["consultations"]["roads"].ministry == {
            "ru": "Акимат Карагандинской области",
            "en": "Akimat of Karagandy Region",
        }
        assert root["consultations"]["typed"].ministry == {"ru": "Акимат Караганды"}
