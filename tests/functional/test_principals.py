"""The people and roles page: search by name, e-mail address and role, pages
of people, role names in the page's language, a form per person, and the
administrator role granted only after a confirmation page."""

import factories
import pytest
from pages import role_form, tick
from webtest import TestApp

from consult.accounts.directory import PAGE_SIZE

ADMIN = "admin@example.kz"


@pytest.fixture
def admin(wsgi_app, make_user, login):
    make_user(ADMIN, "Dana", "Admin", roles=("administrator",))
    app = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
    login(app, ADMIN)
    return app


def names_on(page):
    return [h.text for h in page.html.select("h2.person-name")]


def held(database, userid):
    with database() as root:
        return set(root["principals"][userid].roles)


def test_search_by_name_address_and_role(admin, make_user):
    make_user("asel@example.kz", "Асель", "Тулегенова")
    make_user("nurlan@gov.kz", "Nurlan", "Bekov", roles=("moderator",))
    make_user("marat@example.kz", "Marat", "Ospanov", roles=("editor",))
    assert names_on(admin.get("/principals/", {"q": "асель"})) == ["Асель Тулегенова"]
    assert names_on(admin.get("/principals/", {"q": "BEKOV"})) == ["Nurlan Bekov"]
    assert names_on(admin.get("/principals/", {"q": "@gov.kz"})) == ["Nurlan Bekov"]
    assert names_on(admin.get("/principals/", {"role": "editor"})) == ["Marat Ospanov"]
    assert names_on(admin.get("/principals/", {"q": "example", "role": "administrator"})) == [
        "Dana Admin"
    ]
    nobody = admin.get("/principals/", {"q": "nobody-like-this"})
    assert names_on(nobody) == [] and "Nobody matches this search." in nobody.text
    # The search form keeps what was asked.
    form = admin.get("/principals/", {"q": "Bekov", "role": "moderator"}).forms["people-search"]
    assert (
        form.method.upper() == "GET"
        and form["q"].value == "Bekov"
        and form["role"].value == "moderator"
    )


def test_pages_of_people_keep_the_filters(admin, database):
    with database() as root:
        for number in range(PAGE_SIZE * 2 + 3):
            account = factories.principal(f"p{number:03}@example.kz", "Person", "Many")
            root["principals"].add_principal(account)
    first = admin.get("/principals/", {"q": "many"})
    assert len(names_on(first)) == PAGE_SIZE
    assert first.html.select_one("a[rel=prev]") is None
    second = first.click(href="page=2")
    assert "q=many" in second.request.url and len(names_on(second)) == PAGE_SIZE
    third = second.click(href="page=3")
    assert len(names_on(third)) == 3 and third.html.select_one("a[rel=next]") is None
    back = third.click(href="page=2")
    assert len(names_on(back)) == PAGE_SIZE
    # Without a filter, the admin is one more person, in e-mail order.
    everyone = admin.get("/principals/", {"page": "3"})
    assert len(names_on(everyone)) == 4
    assert "admin@example.kz" in admin.get("/principals/").text


def test_role_names_are_in_the_page_language(admin, make_user):
    userid = make_user("nurlan@gov.kz", "Nurlan", "Bekov", roles=("moderator", "organiser"))
    for language, words in {
        "ru": ("Модератор", "Организатор жюри", "Администратор"),
        "kk": ("Модератор", "Алқа ұйымдастырушысы", "Әкімші"),
        "en": ("Moderator", "Jury organiser", "Administrator"),
    }.items():
        admin.set_cookie("_LOCALE_", language)
        page = admin.get("/principals/", {"q": "nurlan"})
        person = page.html.select_one("li.person")
        for word in words:
            assert word in person.text, (language, word)
        if language != "en":
            assert "organiser" not in person.text and "moderator" not in person.text
        # The roles held are said in words, not only by the ticked boxes.
        assert words[1] in person.select_one(".person-roles").text
    form = role_form(page, userid)
    assert {f._value for f in form.fields["roles"] if f.checked} == {"moderator", "organiser"}


def test_a_form_per_person_grants_and_revokes(admin, make_user, database):
    userid = make_user("nurlan@gov.kz", "Nurlan", "Bekov", roles=("moderator",))
    form = role_form(admin.get("/principals/"), userid)
    tick(form, "editor", "expert")
    page = form.submit(status=303).follow()
    assert "Roles of Nurlan B. updated." in page.text
    assert held(database, userid) == {"editor", "expert"}


def test_administrator_needs_the_confirmation_page(admin, make_user, database):
    userid = make_user("nurlan@gov.kz", "Nurlan", "Bekov")
    form = role_form(admin.get("/principals/", {"q": "nurlan"}), userid)
    tick(form, "administrator", "editor")
    confirmation = form.submit(status=200)
    assert "Make Nurlan Bekov an administrator?" in confirmation.text
    assert "No role has changed yet." in confirmation.text
    assert held(database, userid) == set()  # not even the editor role
    cancel = confirmation.click("Cancel: change nothing")
    assert "q=nurlan" in cancel.request.url
    assert held(database, userid) == set()
    [confirm] = [f for f in confirmation.forms.values() if f.action.endswith("/roles")]
    page = confirm.submit(status=303).follow()
    assert "Roles of Nurlan B. updated." in page.text and "q=nurlan" in page.request.url
    assert held(database, userid) == {"administrator", "editor"}


def test_a_direct_post_does_not_grant_administrator(admin, make_user, database):
    userid = make_user("nurlan@gov.kz", "Nurlan", "Bekov")
    token = role_form(admin.get("/principals/"), userid)["csrf_token"].value
    answer = admin.post(
        "/principals/roles", {"csrf_token": token, "userid": userid, "roles": "administrator"}
    )
    assert answer.status_int == 200 and "an administrator?" in answer.text
    assert held(database, userid) == set()
    # The old one-click endpoint is gone.
    admin.post(
        "/principals/grant",
        {"csrf_token": token, "userid": userid, "role": "administrator"},
        status=404,
    )
    assert held(database, userid) == set()


def test_every_form_posts_its_csrf_token(admin, make_user):
    make_user("nurlan@gov.kz", "Nurlan", "Bekov")
    page = admin.get("/principals/")
    posting = [f for f in page.forms.values() if f.method.upper() == "POST"]
    assert posting and all(f["csrf_token"].value for f in posting)


def test_only_administrators_see_the_page(wsgi_app, make_user, login):
    make_user("mod@example.kz", roles=("moderator",))
    app = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
    login(app, "mod@example.kz")
    app.get("/principals/", status=403)
