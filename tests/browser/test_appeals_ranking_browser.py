"""The ranking of systemic problems in a browser: the month's page with
its chart and table, an entry's public appeals, the organisation's answer
written by keyboard, and an accessibility scan of each page, in en, ru
and kk."""

from types import SimpleNamespace

import pytest
from conftest import PASSWORD
from playwright.sync_api import expect

from consult.appeals.services import AppealService
from consult.appeals.tally import tally
from consult.organisations.services import OrganisationService
from consult.organisations.territories import load_territories
from consult.settings import DEFAULTS

pytestmark = pytest.mark.browser

CLERK = "clerk@example.kz"
ASTANA = "710000000"
POTHOLE = "A deep pothole on Kabanbay batyr avenue near the bus stop damages cars"
SYSTEMIC = "Kabanbay batyr avenue is rebuilt this summer; the holes are patched weekly."


@pytest.fixture
def month(database, make_user, clock):
    """This month's appeals in Astana's roads: two near-identical public
    ones and a private one."""
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
        for text, public in ((POTHOLE, True), ("Again: " + POTHOLE, True), ("Lights", False)):
            appeal = service.file(
                SimpleNamespace(id="citizen"), "complaint", "roads", ASTANA, "", text, public
            )
            tally(root["appeals"].ranking, root["appeals"], appeal)
        return service.this_month()


def test_the_ranking_its_entry_and_the_organisation_s_answer(
    month, new_context, sign_in, assert_accessible
):
    reader = new_context().new_page()
    reader.goto("/appeals/")
    reader.get_by_role("link", name="The monthly ranking of systemic problems").click()
    reader.get_by_role("link", name=month).first.click()
    expect(reader.get_by_role("heading", level=1)).to_contain_text(month)
    expect(reader.get_by_role("img", name="The entries with the most appeals")).to_be_visible()
    expect(reader.locator("table.ranking td.count")).to_have_text("3")
    assert_accessible(reader)
    reader.get_by_role("link", name="Roads").first.click()
    expect(reader.locator(".appeals a")).to_have_count(2)
    assert_accessible(reader)

    clerk = new_context().new_page()
    sign_in(clerk, CLERK, PASSWORD)
    clerk.goto(f"/appeals/ranking?month={month}")
    clerk.get_by_role("link", name="Answer for the organisation").click()
    assert_accessible(clerk)
    answer = clerk.get_by_label("The organisation's answer on this systemic problem")
    answer.focus()
    answer.fill(SYSTEMIC)
    clerk.keyboard.press("Tab")
    clerk.keyboard.press("Enter")
    expect(clerk.locator("#answer .text")).to_have_text(SYSTEMIC)
    assert_accessible(clerk)
    for language in ("ru", "kk"):
        reader.goto(f"/appeals/ranking?month={month}&_LOCALE_={language}")
        assert_accessible(reader)
