"""An appeal's life in a browser, with the keyboard-reachable controls a
person would use and an accessibility scan of each page: the filing form
(with the point published within about 1 km), the appeal's page, the
organisation's queue and its work on the appeal, the rating page the
answer's mail leads to (opened where the author is not signed in), the
pages in kk and ru; and the administrators' Open311 keys."""

import pytest
from conftest import PASSWORD
from playwright.sync_api import expect

from consult.appeals.services import AppealService
from consult.organisations.services import OrganisationService
from consult.organisations.territories import load_territories
from consult.settings import DEFAULTS

pytestmark = pytest.mark.browser

AUTHOR, CLERK = "author@example.kz", "clerk@example.kz"
ADMIN, PARTNER = "admin@example.kz", "partner@example.kz"
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


def mail_link(outbox, label):
    """The link after `label` in the author's latest mail."""
    body = outbox.bodies_to(AUTHOR)[-1]
    return next(line for line in body.splitlines() if line.startswith(label + ": ")).split(": ")[1]


def test_file_answer_and_rate(people, new_context, sign_in, assert_accessible, outbox):
    author = new_context().new_page()
    sign_in(author, AUTHOR, PASSWORD)
    author.goto("/appeals/")
    assert_accessible(author)
    author.get_by_role("link", name="File an appeal").click()
    author.get_by_label("Kind of appeal").select_option("complaint")
    author.get_by_label("Category", exact=True).select_option("roads")
    author.get_by_label("Territory", exact=True).select_option(ASTANA)
    author.get_by_label("Address or place").fill("Kabanbay batyr 10")
    author.get_by_label("Latitude (optional)").fill("51.128765")
    author.get_by_label("Longitude (optional)").fill("71.430412")
    author.get_by_label("Publish it approximately (within about 1 km)").check()
    author.get_by_label("What is the problem or the proposal").fill(
        "A deep pothole near the bus stop damages cars"
    )
    assert_accessible(author)
    author.get_by_role("button", name="Send the appeal").click()
    expect(author.get_by_role("heading", name="Appeal No. 1")).to_be_visible()
    expect(author.locator(".coordinates")).to_have_text("51.128765, 71.430412")
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
    assert_accessible(clerk)

    # The mail is read on a phone where the author is not signed in.
    phone = new_context().new_page()
    phone.goto(mail_link(outbox, "Not resolved"))
    expect(phone.get_by_role("heading", name="Rate the answer to appeal No. 1")).to_be_visible()
    expect(phone.get_by_label("Not resolved: review it again")).to_be_checked()
    assert_accessible(phone)
    phone.get_by_label("Resolved", exact=True).check()  # changed their mind
    phone.get_by_label("Comment (optional)").fill("Thank you, the road is even now")
    phone.get_by_role("button", name="Send the rating").click()
    expect(phone.get_by_role("status")).to_have_text("Thank you: the appeal is closed.")
    assert_accessible(phone)
    phone.goto(mail_link(outbox, "Resolved"))
    expect(phone.get_by_role("alert")).to_contain_text("The answer was rated already")
    assert_accessible(phone)

    # The public sees the point within about 1 km, never the exact one.
    visitor = new_context().new_page()
    visitor.goto(link)
    expect(visitor.locator(".location")).to_contain_text("51.13, 71.43")
    expect(visitor.get_by_text("The author rated the answer: resolved.")).to_be_visible()
    assert "51.128765" not in visitor.content()
    assert_accessible(visitor)
    for language in ("ru", "kk"):
        author.goto(f"{link}?_LOCALE_={language}")
        assert_accessible(author)


def test_open311_keys_are_issued_and_revoked(
    people, make_user, new_context, sign_in, assert_accessible
):
    make_user(ADMIN, "Dana", "Adminova", roles=("administrator",))
    make_user(PARTNER, "City", "Application")
    admin = new_context().new_page()
    sign_in(admin, ADMIN, PASSWORD)
    admin.goto("/appeals/api-keys")
    expect(admin.get_by_role("heading", name="Open311 keys of partners")).to_be_visible()
    assert_accessible(admin)
    admin.get_by_label("Partner (organisation or application)").fill("City app")
    admin.get_by_label("E-mail of the account its appeals are filed by").fill("nobody@example.kz")
    admin.get_by_role("button", name="Issue the key").click()
    expect(admin.get_by_role("alert")).to_be_visible()
    expect(admin.get_by_label("Partner (organisation or application)")).to_have_value("City app")
    assert_accessible(admin)
    admin.get_by_label("E-mail of the account its appeals are filed by").fill(PARTNER)
    admin.get_by_role("button", name="Issue the key").click()
    key = admin.locator(".api-key").inner_text()
    assert len(key) >= 20
    table = admin.get_by_role("table", name="Keys in use")
    expect(table).to_contain_text("City app")
    expect(table).to_contain_text(key[:8])
    assert_accessible(admin)
    admin.get_by_role("button", name="Revoke").focus()
    admin.keyboard.press("Enter")
    expect(admin.get_by_role("table", name="Keys in use")).to_have_count(0)
    assert_accessible(admin)
