"""An appeal's life in a browser, with the keyboard-reachable controls a
person would use and an accessibility scan of each page: the filing form,
the appeal's page, the organisation's queue and its work on the appeal,
the rating page the answer's mail leads to, and the pages in kk and ru."""

import pytest
from conftest import PASSWORD
from playwright.sync_api import expect

from consult.appeals.services import AppealService
from consult.organisations.services import OrganisationService
from consult.organisations.territories import load_territories
from consult.settings import DEFAULTS

pytestmark = pytest.mark.browser

AUTHOR, CLERK = "author@example.kz", "clerk@example.kz"
ASTANA = "710000000"
ANSWER = "The pothole was repaired on the 10th; the contractor checked the surface."


@pytest.fixture
def people(database, make_user, clock):
    make_user(AUTHOR, "Aigerim", "Serikova")
    clerk = make_user(CLERK, "Marat", "Officialov")
    with database() as root:
        organisations = OrganisationService(root["organisations"])
        akimat = organisations.create(
            "astana-akimat", {"en": "Akimat of Astana"}, "akimat", "city", ASTANA
        )
        organisations.grant_role(akimat, root["principals"][clerk], "answerer")
        service = AppealService(
            root["appeals"], DEFAULTS, clock, load_territories(), root["organisations"]
        )
        service.save_category("roads", {"en": "Roads", "ru": "Дороги", "kk": "Жолдар"})
        service.set_rule("roads", ASTANA, "astana-akimat")


def test_file_answer_and_rate(people, new_context, sign_in, assert_accessible):
    author = new_context().new_page()
    sign_in(author, AUTHOR, PASSWORD)
    author.goto("/appeals/")
    assert_accessible(author)
    author.get_by_role("link", name="File an appeal").click()
    author.get_by_label("Kind of appeal").select_option("complaint")
    author.get_by_label("Category", exact=True).select_option("roads")
    author.get_by_label("Territory", exact=True).select_option(ASTANA)
    author.get_by_label("Address or place").fill("Kabanbay batyr 10")
    author.get_by_label("What is the problem or the proposal").fill(
        "A deep pothole near the bus stop damages cars"
    )
    assert_accessible(author)
    author.get_by_role("button", name="Send the appeal").click()
    expect(author.get_by_role("heading", name="Appeal No. 1")).to_be_visible()
    assert_accessible(author)
    link = author.url

    clerk = new_context().new_page()
    sign_in(clerk, CLERK, PASSWORD)
    clerk.goto("/organisations/astana-akimat/appeals")
    assert_accessible(clerk)
    clerk.get_by_role("link", name="Appeal No. 1").click()
    clerk.get_by_role("button", name="Register: start the term").click()
    expect(clerk.get_by_text("Registered", exact=True).first).to_be_visible()
    assert_accessible(clerk)
    clerk.get_by_label("Decision").select_option("accepted")
    clerk.get_by_label("Outcome").select_option("fixed")
    clerk.get_by_label("Reason (what concerns this appeal, not only the template)").fill(ANSWER)
    clerk.get_by_role("button", name="Send the answer").click()
    expect(clerk.locator(".answer .reason")).to_have_text(ANSWER)

    author.goto(link + "rate?resolved=yes")
    assert_accessible(author)
    expect(author.get_by_label("Resolved", exact=True)).to_be_checked()
    author.get_by_role("button", name="Send the rating").click()
    expect(author.get_by_text("Thank you: the appeal is closed.")).to_be_visible()
    for language in ("ru", "kk"):
        author.goto(f"{link}?_LOCALE_={language}")
        assert_accessible(author)
