"""Organisations through the real app: the list by level with its search, an
organisation's page with its consultations and answers, its staff page
(granting with confirmation, removing after a confirmation page, both on the
audit log), what its staff may do on its consultations, and the consultation
form that chooses the organisation."""

import pytest
from conftest import PASSWORD
from pages import create, words
from webtest import TestApp

from consult.audit.models import audit_log_of
from consult.consultations.services import ConsultationService
from consult.organisations.services import OrganisationService

ADMIN = "admin@example.kz"
ORG_ADMIN = "dana@example.kz"
PERSON = "aigerim@example.kz"
SLUG = "citizens-juries"


@pytest.fixture
def organisations(database, clock, make_user, make_consultation):
    """Two organisations (a ministry and an oblast akimat), the published
    consultation of the ministry, a site administrator, the ministry's
    organisation administrator, and a citizen."""
    make_user(ADMIN, "Asel", "Admin", roles=("administrator",))
    org_admin = make_user(ORG_ADMIN, "Dana", "Nurova")
    make_user(PERSON, "Aigerim", "Serikova")
    make_consultation(SLUG)
    with database() as root:
        service = OrganisationService(root["organisations"])
        ministry = service.for_ministry({"en": "Ministry of Justice"})
        service.create(
            "karaganda-akimat",
            {"ru": "Акимат Карагандинской области", "en": "Akimat of Karaganda Region"},
            "akimat",
            "oblast",
            "350000000",
        )
        service.grant_role(ministry, root["principals"][org_admin], "organisation_administrator")
        ConsultationService(root["consultations"], clock).assign_organisation(
            root["consultations"][SLUG], ministry
        )
        return ministry.name


def signed_in(wsgi_app, email):
    app = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
    form = app.get("/login").forms["deform"]
    form["email"], form["password"] = email, PASSWORD
    form.submit("login")
    return app


def test_the_list_groups_by_level_and_searches(app, organisations):
    page = app.get("/organisations/")
    assert [h.get_text(strip=True) for h in page.html.select("main h2")] == [
        "Republic",
        "Oblast",
    ]
    assert page.html.find("a", string="Ministry of Justice of the Republic of Kazakhstan")
    found = app.get("/organisations/", params={"q": "karaganda"})
    assert found.html.find("a", string="Akimat of Karaganda Region")
    assert not found.html.find("a", string="Ministry of Justice of the Republic of Kazakhstan")
    # Names are searched in every language; a level narrows.
    assert app.get("/organisations/", params={"q": "акимат"}).html.find(
        "a", string="Akimat of Karaganda Region"
    )
    none = app.get("/organisations/", params={"q": "akimat", "level": "republic"})
    assert "No organisation matches." in none.text


def test_the_page_shows_territory_consultations_and_answers(app, organisations):
    akimat = app.get("/organisations/karaganda-akimat/")
    text = words(akimat)
    assert "Karaganda Region (KATO 350000000)" in text
    assert "Residents: 1 131 287 on 2026-01-01 (Bureau of National Statistics)" in text.replace(
        "Residents ", "Residents: "
    )
    assert "This organisation has published no consultation yet." in text
    ministry = app.get(f"/organisations/{organisations}/")
    link = ministry.html.find("a", href=f"http://localhost/consultations/{SLUG}/")
    assert link is not None
    assert "No answer deadline has passed yet." in ministry.text
    assert "Comments due an answer: 0; answered: 0." in words(ministry)
    # The public sees no staff link, and no staff.
    assert "Staff and roles" not in ministry.text


def test_the_consultation_links_its_organisation(app, organisations):
    page = app.get(f"/consultations/{SLUG}/")
    link = page.html.select_one("a.organisation-link")
    assert link["href"] == f"http://localhost/organisations/{organisations}/"
    assert link.get_text(strip=True) == "Ministry of Justice of the Republic of Kazakhstan"


def test_an_organisation_administrator_grants_and_removes_roles(wsgi_app, organisations, database):
    app = signed_in(wsgi_app, ORG_ADMIN)
    base = f"/organisations/{organisations}/"
    assert "Staff and roles" in app.get(base).text
    form = app.get(base + "staff").forms["deform"]
    form["email"], form["role"] = PERSON, "answerer"
    page = form.submit("grant").follow()
    assert "Aigerim S. is now Answerer in this organisation." in page.text
    # The administrator's role asks for a confirmation first.
    form = page.forms["deform"]
    form["email"], form["role"] = PERSON, "organisation_administrator"
    refused = form.submit("grant")
    assert "tick the box to confirm" in refused.text
    with database() as root:
        userid = root["principals"].find_by_email(PERSON).id
        assert root["organisations"][organisations].local_roles[userid] == ("answerer",)
    # Removing one goes through a confirmation page.
    confirm = app.get(base + "staff").click(href="role=answerer").maybe_follow()
    assert "will no longer be Answerer in this organisation" in words(confirm)
    with database() as root:
        assert "answerer" in root["organisations"][organisations].local_roles[userid]
    done = confirm.forms["deform"].submit("revoke").follow()
    assert "Aigerim S. no longer has this role here." in done.text
    with database() as root:
        organisation = root["organisations"][organisations]
        assert userid not in organisation.local_roles
        entries = [
            (e.action, e.subject, e.details)
            for e in audit_log_of(root).page(size=50)[0]
            if e.action.startswith("role.")
        ]
    assert (
        "role.granted",
        f"/organisations/{organisations}",
        {"userid": userid, "role": "answerer"},
    ) in entries
    assert (
        "role.revoked",
        f"/organisations/{organisations}",
        {"userid": userid, "role": "answerer"},
    ) in entries


def test_a_forged_grant_without_the_token_changes_nothing(wsgi_app, organisations, database):
    app = signed_in(wsgi_app, ORG_ADMIN)
    url = f"/organisations/{organisations}/staff"
    for token in (None, "", "forged"):
        params = {"email": PERSON, "role": "editor", "grant": "grant"}
        if token is not None:
            params["csrf_token"] = token
        page = app.post(url, params=params, status="*")
        assert "This form had expired" in page.text
    with database() as root:
        assert len(root["organisations"][organisations].local_roles) == 1  # Dana's own


def test_only_the_organisations_administrators_manage_its_staff(wsgi_app, app, organisations):
    url = f"/organisations/{organisations}/staff"
    assert "/login" in app.get(url).location
    citizen = signed_in(wsgi_app, PERSON)
    citizen.get(url, status=403)
    signed_in(wsgi_app, ADMIN).get(url, status=200)
    # Dana administers the ministry, not the akimat.
    signed_in(wsgi_app, ORG_ADMIN).get("/organisations/karaganda-akimat/staff", status=403)


def test_the_organisations_editors_edit_its_consultations(wsgi_app, organisations, database):
    person = signed_in(wsgi_app, PERSON)
    person.get(f"/consultations/{SLUG}/edit", status=403)
    with database() as root:
        principal = root["principals"].find_by_email(PERSON)
        OrganisationService(root["organisations"]).grant_role(
            root["organisations"][organisations], principal, "editor"
        )
    person.get(f"/consultations/{SLUG}/edit", status=200)
    # Not the akimat's consultations, had it any, nor the akimat's staff.
    person.get("/organisations/karaganda-akimat/staff", status=403)


def test_the_details_form_chooses_the_organisation(wsgi_app, organisations, database):
    admin = signed_in(wsgi_app, ADMIN)
    form = admin.get(f"/consultations/{SLUG}/edit").forms["deform"]
    assert "ministry_en" not in form.fields
    assert form["organisation"].value == organisations
    form["organisation"] = "karaganda-akimat"
    page = form.submit("save").follow()
    link = page.html.select_one("a.organisation-link")
    assert link["href"] == "http://localhost/organisations/karaganda-akimat/"
    assert link.get_text(strip=True) == "Akimat of Karaganda Region"
    with database() as root:
        consultation = root["consultations"][SLUG]
        assert consultation.organisation == "karaganda-akimat"
        assert consultation.ministry == {
            "ru": "Акимат Карагандинской области",
            "en": "Akimat of Karaganda Region",
        }


def test_the_new_consultation_form_chooses_the_organisation(wsgi_app, organisations, database):
    admin = signed_in(wsgi_app, ADMIN)
    form = admin.get("/consultations/add").forms["deform"]
    assert "ministry_en" not in form.fields
    options = dict((value, text) for value, _selected, text in form["organisation"].options)
    # The stored organisations, and the shipped ministries none stands for yet.
    assert options["karaganda-akimat"] == "Akimat of Karaganda Region"
    assert options["justice"] == "Ministry of Justice of the Republic of Kazakhstan"
    assert "digital-development" in options
    page = create(admin, slug="karaganda-roads", organisation="karaganda-akimat").follow()
    link = page.html.select_one("a.organisation-link")
    assert link["href"] == "http://localhost/organisations/karaganda-akimat/"
    assert link.get_text(strip=True) == "Akimat of Karaganda Region"
    with database() as root:
        consultation = root["consultations"]["karaganda-roads"]
        assert consultation.organisation == "karaganda-akimat"
        assert consultation.ministry == root["organisations"]["karaganda-akimat"].title


def test_a_shipped_ministry_chosen_for_a_new_consultation_is_made(
    wsgi_app, organisations, database
):
    admin = signed_in(wsgi_app, ADMIN)
    page = create(admin, slug="open-data", organisation="digital-development").follow()
    link = page.html.select_one("a.organisation-link")
    assert link["href"] == "http://localhost/organisations/digital-development/"
    assert link.get_text(strip=True).startswith("Ministry of Digital Development, Innovation")
    with database() as root:
        assert root["consultations"]["open-data"].organisation == "digital-development"
        assert (
            root["organisations"]["digital-development"]
            .title["kk"]
            .startswith("Қазақстан Республикасының Цифрлық даму")
        )
    # Made once: the next form offers the stored one, once.
    form = admin.get("/consultations/add").forms["deform"]
    values = [value for value, _selected, _text in form["organisation"].options]
    assert values.count("digital-development") == 1


def test_a_new_consultation_needs_an_organisation_and_keeps_the_input(
    wsgi_app, organisations, database
):
    admin = signed_in(wsgi_app, ADMIN)
    page = create(admin, slug="open-data", organisation="")
    assert page.status_int == 200
    form = page.forms["deform"]
    assert form["title_en"].value == "Open data in ministries"
    assert form["organisation"].value == ""
    assert page.html.select_one(".invalid-feedback").get_text(strip=True) == "Required"
    # A forged choice of no organisation is refused the same way.
    form = admin.get("/consultations/add").forms["deform"]
    form["slug"], form["title_en"] = "forged", "Forged"
    form["organisation"].force_value("no-such-body")
    refused = form.submit("create")
    assert refused.status_int == 200 and refused.html.select(".invalid-feedback")
    assert refused.forms["deform"]["title_en"].value == "Forged"
    with database() as root:
        assert "open-data" not in root["consultations"]
        assert "forged" not in root["consultations"]
        assert "no-such-body" not in root["organisations"]
