"""A juror's account page, their home on the site, leads to each jury they
sit on (its workspace, named by the jury's remit); an invited expert's too;
a citizen with no jury has no such section."""

import pytest
from conftest import PASSWORD
from world import build_world


@pytest.fixture
def world(database, clock):
    with database() as root:
        return build_world(root, clock, PASSWORD)


def jury_links(page):
    heading = page.html.find("h2", string="Your citizens' juries")
    if heading is None:
        return None
    return {a["href"]: a.get_text(strip=True) for a in heading.find_parent("section").find_all("a")}


def test_a_jurors_account_links_to_their_juries(world, browser):
    page = browser(world.people["juror"]).get("/account")
    assert jury_links(page) == {
        "http://localhost/juries/pensions/workspace/": "How should pensions be indexed?",
        "http://localhost/juries/answered/workspace/": "How should pensions be indexed?",
    }
    juror = browser(world.people["juror"])
    assert juror.get("/juries/pensions/workspace/").status_int == 200


def test_an_experts_account_links_to_the_jury_they_were_invited_to(world, browser):
    page = browser(world.people["expert"]).get("/account")
    assert list(jury_links(page)) == ["http://localhost/juries/pensions/workspace/"]


@pytest.mark.parametrize("role", ["citizen", "organiser", "editor"])
def test_no_jury_section_for_those_who_sit_on_none(world, browser, role):
    assert jury_links(browser(world.people[role]).get("/account")) is None


def test_the_remit_is_marked_with_its_language_when_it_is_not_the_readers(world, browser):
    page = browser(world.people["juror"]).get("/account?_LOCALE_=ru")
    heading = page.html.find("h2", string="Ваши гражданские жюри")
    links = heading.find_parent("section").find_all("a")
    assert {a.get("lang") for a in links} == {"en"}
