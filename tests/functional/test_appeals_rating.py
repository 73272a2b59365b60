"""The answer's mail rates it with one click, without signing in: the two
signed links, the page they open (which records nothing), the rating
posted from it ("not resolved" starting the head's second review), and the
links that must not work: altered, of an earlier answer, before an answer,
a second time."""

import pytest
from functional import test_appeals
from functional.test_appeals import ANSWER, AUTHOR, CLERK, HEAD, file, press

from consult.appeals.rating import make_token
from consult.hashing import HashKeys

world = test_appeals.world  # the people, organisations and category of the appeals' tests
SECRET = HashKeys("testing-hash-secret")  # tests/conftest.py's consult.hash_secret


def rating_links(outbox):
    """{label: path} of the "Resolved" and "Not resolved" links of the
    author's latest mail."""
    links = {}
    for line in outbox.bodies_to(AUTHOR)[-1].splitlines():
        label, _colon, url = line.partition(": ")
        if label in ("Resolved", "Not resolved") and url.startswith("http://localhost/"):
            links[label] = url.replace("http://localhost", "")
    return links


def rating_form(page):
    return next(f for f in page.forms.values() if f.action.endswith("/rate-from-mail"))


@pytest.fixture
def answered(browser, world, outbox):
    """The path of an appeal the clerk answered, and the mail's links."""
    path = file(browser(AUTHOR)).follow().request.path
    press(browser(CLERK), path, "register")
    press(browser(CLERK), path, "answer", disposition="accepted", outcome="fixed", reason=ANSWER)
    return path, rating_links(outbox)


def last_transaction(wsgi_app):
    return wsgi_app.registry._zodb_databases[""].lastTransaction()


def test_the_answer_s_mail_has_both_signed_links(answered):
    path, links = answered
    assert set(links) == {"Resolved", "Not resolved"}
    for link in links.values():
        assert link.startswith(path + "rate-from-mail?token=")
    assert links["Resolved"] != links["Not resolved"]


def test_opening_a_link_records_nothing_and_shows_the_choice(answered, browser, wsgi_app, database):
    _path, links = answered
    before = last_transaction(wsgi_app)
    page = browser().get(links["Not resolved"])  # a mail scanner, no session
    assert page.html.select_one("#resolved-no").has_attr("checked")
    assert not page.html.select_one("#resolved-yes").has_attr("checked")
    assert ANSWER in page.html.select_one(".answer .reason").text
    assert last_transaction(wsgi_app) == before
    assert "Set-Cookie" not in page.headers
    with database() as root:
        assert root["appeals"]["1"].rating is None


def test_resolved_closes_the_appeal_without_signing_in(answered, browser, database):
    _path, links = answered
    form = rating_form(browser().get(links["Resolved"]))
    form["comment"] = "Thank you, it is even"
    done = form.submit()
    assert "Thank you: the appeal is closed." in done.html.select_one(".rated").text
    with database() as root:
        appeal = root["appeals"]["1"]
        assert (appeal.state, appeal.rating["resolved"]) == ("closed", True)
        assert appeal.rating["comment"] == "Thank you, it is even"
        assert appeal.history[-1].who == appeal.author


def test_not_resolved_starts_the_head_s_second_review(answered, browser, database):
    path, links = answered
    form = rating_form(browser().get(links["Resolved"]))
    # Changed their mind on the page: the other option.
    form["token"] = next(option[0] for option in form["token"].options if not option[1])
    form["comment"] = "The pothole is still there"
    done = form.submit()
    assert "second review" in done.html.select_one(".rated").text
    with database() as root:
        appeal = root["appeals"]["1"]
        assert (appeal.state, appeal.second_review) == ("in_progress", True)
        assert appeal.rating == {
            "resolved": False,
            "comment": "The pothole is still there",
            "when": appeal.rating["when"],
        }
    press(browser(CLERK), path, "answer", disposition="accepted", outcome="fixed", reason=ANSWER)
    with database() as root:
        assert root["appeals"]["1"].state == "in_progress"  # the head reviews it
    press(browser(HEAD), path, "answer", disposition="partly", outcome="fixed", reason=ANSWER)
    with database() as root:
        assert root["appeals"]["1"].state == "fixed"


def test_an_altered_link_is_refused_with_a_clear_page(answered, browser, wsgi_app, database):
    _path, links = answered
    resolved = links["Resolved"]
    altered = resolved[:-1] + ("0" if resolved[-1] != "0" else "1")
    other_way = resolved.replace("token=resolved.", "token=not-resolved.")
    for link in (
        altered,
        other_way,
        resolved.split("?")[0] + "?token=",
        "/appeals/1/rate-from-mail",
    ):
        page = browser().get(link, status=400)
        assert "This link is not valid" in page.html.select_one("[role=alert]").text
    before = last_transaction(wsgi_app)
    token = other_way.split("token=")[1]
    page = browser().post("/appeals/1/rate-from-mail", {"token": token}, status=400)
    assert "This link is not valid" in page.text
    assert last_transaction(wsgi_app) == before
    with database() as root:
        assert root["appeals"]["1"].rating is None


def test_a_second_rating_is_refused(answered, browser, database):
    _path, links = answered
    rating_form(browser().get(links["Resolved"])).submit()
    page = browser().get(links["Not resolved"], status=409)
    assert "rated already" in page.html.select_one("[role=alert]").text
    token = links["Not resolved"].split("token=")[1]
    again = browser().post("/appeals/1/rate-from-mail", {"token": token}, status=409)
    assert "rated already" in again.text
    with database() as root:
        assert root["appeals"]["1"].state == "closed"


def test_the_links_of_an_answer_the_head_replaced_no_longer_work(
    answered, browser, outbox, database
):
    path, first = answered
    rating_form(browser().get(first["Not resolved"])).submit()
    press(browser(HEAD), path, "answer", disposition="partly", outcome="fixed", reason=ANSWER)
    second = rating_links(outbox)
    assert second["Resolved"] != first["Resolved"]
    page = browser().get(first["Resolved"], status=400)
    assert "earlier answer" in page.html.select_one("[role=alert]").text
    rating_form(browser().get(second["Resolved"])).submit()
    with database() as root:
        assert root["appeals"]["1"].state == "closed"


def test_no_link_rates_an_appeal_before_its_answer(browser, world, database):
    path = file(browser(AUTHOR)).follow().request.path
    press(browser(CLERK), path, "register")
    with database() as root:
        token = make_token(SECRET, root["appeals"]["1"], "resolved")
    page = browser().get(f"{path}rate-from-mail?token={token}", status=409)
    assert "no answer to rate" in page.html.select_one("[role=alert]").text
    browser().post(f"{path}rate-from-mail", {"token": token}, status=409)
    with database() as root:
        assert (root["appeals"]["1"].state, root["appeals"]["1"].rating) == ("registered", None)
