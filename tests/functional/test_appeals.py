"""An appeal's life through the real app: filing with the similar open
appeals shown first ("this is my problem too"), the organisation's work
(register, extend, answer, forward, notes, queue), the author told by mail
at each stage and rating the answer from the mail, reopening, the
administrators' categories and routing rules with their test, and who may
read what (a private appeal is its author's and the competent
organisation's staff's only; a public one shows the public name only)."""

from datetime import timedelta

import pytest
from appeal_world import routed_akimats

from consult.appeals.models import Appeals

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


@pytest.fixture
def world(database, clock, make_user):
    ids = {email: make_user(email, "Aigerim", "Serikova") for email in (AUTHOR, NEIGHBOUR)}
    for email in (CLERK, HEAD, OTHER):
        ids[email] = make_user(email, "Marat", "Officialov")
    ids[ADMIN] = make_user(ADMIN, "Dana", "Adminova", roles=("administrator",))
    roles = {
        ("astana-akimat", ids[CLERK]): "answerer",
        ("astana-akimat", ids[HEAD]): "organisation_administrator",
        ("almaty-akimat", ids[OTHER]): "answerer",
    }
    with database() as root:
        routed_akimats(root, clock, roles)
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


def test_the_database_has_the_appeals_container(database):
    with database() as root:
        assert isinstance(root["appeals"], Appeals)


def test_a_person_files_an_appeal_routed_to_the_competent_organisation(browser, world, database):
    page = file(browser(AUTHOR)).follow()
    assert page.request.path == "/appeals/1/"
    assert "Received" in page.html.select_one(".state").text
    assert "Akimat of Astana" in page.html.select_one(".organisation").text
    with database() as root:
        appeal = root["appeals"]["1"]
        assert (appeal.organisation, appeal.kind, appeal.public) == (
            "astana-akimat",
            "complaint",
            True,
        )


def test_a_bad_form_is_shown_again_with_the_text(browser, world):
    page = browser(AUTHOR).get("/appeals/new").forms["deform"]
    page["text"] = TEXT
    again = page.submit("file")
    assert TEXT in again.forms["deform"]["text"].value
    assert again.html.select(".error, .has-error, .alert-danger")


def test_anonymous_people_are_asked_to_sign_in_before_filing(browser, world):
    assert "/login" in browser().get("/appeals/new").location


def test_similar_open_appeals_are_shown_before_sending_and_my_problem_too_joins(
    browser, world, database
):
    file(browser(AUTHOR))
    neighbour = browser(NEIGHBOUR)
    shown = file(neighbour, text="There is a deep pothole on Kabanbay batyr avenue near the stop")
    similar = shown.html.select_one(".similar")
    assert similar is not None and "/appeals/1/" in similar.a["href"]
    with database() as root:
        assert len(root["appeals"]) == 1  # not filed yet
    joined = [f for f in shown.forms.values() if f.action.endswith("/appeals/1/support")][0]
    joined.submit().follow()
    with database() as root:
        assert list(root["appeals"]["1"].supporters) == [world[NEIGHBOUR]]
    # Sent again after seeing them, it is filed.
    again = shown.forms["deform"].submit("file").follow()
    assert again.request.path == "/appeals/2/"


def test_a_private_appeal_is_read_by_its_author_and_the_competent_staff_only(
    browser, world, database
):
    path = file(browser(AUTHOR), public=False).follow().request.path
    browser(AUTHOR).get(path, status=200)
    browser(CLERK).get(path, status=200)
    browser(HEAD).get(path, status=200)
    browser(OTHER).get(path, status=403)  # another organisation's staff
    browser(NEIGHBOUR).get(path, status=403)
    browser(ADMIN).get(path, status=403)
    assert "/login" in browser().get(path).location
    assert "/appeals/1/" not in browser().get("/appeals/").text
    # Forwarded, it is the new organisation's.
    press(browser(CLERK), path, "forward", target="almaty-akimat", reason=REASON)
    browser(OTHER).get(path, status=200)
    browser(CLERK).get(path, status=403)


def test_a_public_appeal_shows_the_public_name_only(browser, world):
    path = file(browser(AUTHOR), latitude="51.13").follow().request.path
    for reader in (browser(), browser(NEIGHBOUR)):
        page = reader.get(path)
        assert page.html.select_one(".author").text == "Aigerim S."
        assert "Serikova" not in page.text and AUTHOR not in page.text
        assert "51.13" not in page.text  # the coordinates are the author's and staff's
        assert not page.html.select(".staff, .notes")
    assert "51.13" in browser(AUTHOR).get(path).text
    assert "/appeals/1/" in browser().get("/appeals/").text


def test_staff_register_extend_and_answer_and_the_author_rates_from_the_mail(
    browser, world, database, clock, outbox
):
    path = file(browser(AUTHOR)).follow().request.path
    clerk = browser(CLERK)
    press(clerk, path, "register")
    assert "2026-03-27" in outbox.bodies_to(AUTHOR)[-1]
    # Anyone else may not act for the organisation.
    other = browser(OTHER)
    token = other.get("/appeals/").html.select_one("input[name=csrf_token]")
    other.post(path + "register", {"csrf_token": token["value"] if token else ""}, status=403)
    press(clerk, path, "extend", until="2026-05-27", reason=REASON)
    assert "extended to 2026-05-27" in outbox.bodies_to(AUTHOR)[-1]
    press(clerk, path, "note", note="Call the contractor on Monday")
    press(clerk, path, "answer", disposition="accepted", outcome="fixed", reason=ANSWER)
    mail = outbox.bodies_to(AUTHOR)[-1]
    assert ANSWER in mail
    assert "Call the contractor" not in browser(AUTHOR).get(path).text
    link = next(line for line in mail.splitlines() if line.startswith("Resolved: "))
    rating = browser().get(link.split(": ", 1)[1].replace("http://localhost", ""))
    form = [f for f in rating.forms.values() if f.action.endswith("/rate-from-mail")][0]
    assert rating.html.select_one("#resolved-yes").has_attr("checked")
    form.submit()
    with database() as root:
        appeal = root["appeals"]["1"]
        assert (appeal.state, appeal.rating["resolved"]) == ("closed", True)
        assert [c.state for c in appeal.history] == [
            "received",
            "registered",
            "extended",
            "fixed",
            "closed",
        ]


def test_not_resolved_goes_to_the_head_and_anyone_reopens_a_fixed_public_appeal(
    browser, world, database, clock
):
    path = file(browser(AUTHOR)).follow().request.path
    clerk = browser(CLERK)
    press(clerk, path, "register")
    press(clerk, path, "answer", disposition="accepted", outcome="fixed", reason=ANSWER)
    form = [
        f
        for f in browser(AUTHOR).get(path + "rate?resolved=no").forms.values()
        if f.action.endswith("/rate")
    ][0]
    form["comment"] = "Still there"
    form.submit()
    press(clerk, path, "answer", disposition="accepted", outcome="fixed", reason=ANSWER)
    with database() as root:
        assert root["appeals"]["1"].state == "in_progress"  # the clerk may not
    press(browser(HEAD), path, "answer", disposition="partly", outcome="fixed", reason=ANSWER)
    clock.advance(timedelta(days=10))
    press(browser(NEIGHBOUR), path, "reopen", reason="The pothole opened again after the rain")
    with database() as root:
        appeal = root["appeals"]["1"]
        assert (appeal.state, appeal.history[-1].note) == (
            "in_progress",
            "The pothole opened again after the rain",
        )


def test_the_queue_is_the_organisation_s_staff_s_with_filters(browser, world):
    file(browser(AUTHOR))
    file(browser(NEIGHBOUR), text="Street lights are off in the whole yard", public=False)
    press(browser(CLERK), "/appeals/1/", "register")
    page = browser(CLERK).get("/organisations/astana-akimat/appeals")
    assert [a["href"] for a in page.html.select(".queue a")] == [
        "http://localhost/appeals/1/",
        "http://localhost/appeals/2/",
    ]
    received = browser(CLERK).get("/organisations/astana-akimat/appeals?state=received")
    assert [a.text for a in received.html.select(".queue a")] == ["Appeal No. 2"]
    assert page.html.select_one(".dashboard")
    browser(OTHER).get("/organisations/astana-akimat/appeals", status=403)
    browser(NEIGHBOUR).get("/organisations/astana-akimat/appeals", status=403)


def test_administrators_edit_categories_and_rules_and_test_them(browser, world, database):
    admin = browser(ADMIN)
    form = [f for f in admin.get("/appeals/categories").forms.values() if "code" in f.fields][0]
    form["code"] = "lighting"
    form["title_kk"] = "Көше жарығы"
    form["title_ru"] = "Уличное освещение"
    form["title_en"] = "Street lighting"
    form.submit().follow()
    page = admin.get("/appeals/routing")
    form = [f for f in page.forms.values() if "organisation" in f.fields][0]
    form["category"] = "lighting"
    form["kato"] = ALMATY
    form["organisation"] = "almaty-akimat"
    form.submit().follow()
    tested = admin.get(f"/appeals/routing?category=lighting&kato={ALMATY}")
    assert "Akimat of Almaty" in tested.html.select_one(".tested").text
    untested = admin.get(f"/appeals/routing?category=lighting&kato={ASTANA}")
    assert "No rule covers it" in untested.html.select_one(".tested").text
    with database() as root:
        assert root["appeals"].rules[("lighting", ALMATY)] == "almaty-akimat"
        assert root["appeals"].categories.get("lighting").title["kk"] == "Көше жарығы"
    browser(CLERK).get("/appeals/routing", status=403)
    browser(CLERK).get("/appeals/categories", status=403)


def test_who_joined_hears_of_the_answer_and_the_author_of_the_forward(browser, world, outbox):
    path = file(browser(AUTHOR)).follow().request.path
    press(browser(NEIGHBOUR), path, "support")
    press(browser(CLERK), path, "forward", target="almaty-akimat", reason=REASON)
    assert REASON in outbox.bodies_to(AUTHOR)[-1]
    other = browser(OTHER)
    page = other.get(path)
    assert "forwarded late" not in page.html.select_one(".forwards").text
    press(other, path, "register")
    press(other, path, "answer", disposition="accepted", outcome="fixed", reason=ANSWER)
    assert ANSWER in outbox.bodies_to(NEIGHBOUR)[-1]
    assert "rate-from-mail" not in outbox.bodies_to(NEIGHBOUR)[-1]  # the author's to rate
    assert "rate-from-mail" in outbox.bodies_to(AUTHOR)[-1]


def test_staff_remove_personal_data_and_the_original_stays_for_the_record(browser, world):
    path = file(browser(AUTHOR), text="Call me at +7 701 000 00 00 about the pothole").follow()
    path = path.request.path
    press(browser(CLERK), path, "redact", text="The author asks to be called about the pothole")
    public = browser().get(path)
    assert "+7 701" not in public.text and public.html.select_one(".redacted")
    assert "+7 701" in browser(AUTHOR).get(path).html.select_one(".original").text


def test_templates_and_bulk_assignment_from_the_queue(browser, world, database):
    file(browser(AUTHOR))
    file(browser(NEIGHBOUR), text="Street lights are off in the whole yard")
    clerk = browser(CLERK)
    page = clerk.get("/organisations/astana-akimat/appeal-templates")
    form = [f for f in page.forms.values() if "title" in f.fields][0]
    form["title"] = "Repaired"
    form["text"] = ANSWER
    form.submit().follow()
    press(clerk, "/appeals/1/", "register")
    prefilled = clerk.get("/appeals/1/?template=1")
    assert prefilled.html.select_one("#answer-reason").text == ANSWER
    queue = clerk.get("/organisations/astana-akimat/appeals")
    form = [f for f in queue.forms.values() if f.action.endswith("/assign-appeals")][0]
    form.get("appeal", index=0).checked = True
    form.get("appeal", index=1).checked = True
    form["assignee"] = world[CLERK]
    form.submit().follow()
    with database() as root:
        assert [a.assignee for a in root["appeals"].values()] == [world[CLERK]] * 2
    board = clerk.get("/organisations/astana-akimat/appeals").html.select_one(".by-official")
    row = [tr for tr in board.select("tr") if "Marat O." in tr.text]
    assert [td.text for td in row[0].select("td")][:2] == ["Marat O.", "2"]
    browser(OTHER).get("/organisations/astana-akimat/appeal-templates", status=403)


def test_the_author_hears_of_each_change_of_state_and_of_a_duplicate(browser, world, outbox):
    first = file(browser(AUTHOR)).follow().request.path
    second = file(browser(AUTHOR), text="Street lights are off in the whole yard").follow()
    second = second.request.path
    clerk = browser(CLERK)
    press(clerk, first, "register")
    press(clerk, first, "progress", state="planned", note="The crew comes on Friday")
    assert "appeal No. 1 is now: Planned" in outbox.bodies_to(AUTHOR)[-1]
    press(clerk, second, "duplicate", original="1", note="Reported already")
    assert "appeal No. 2 is now: Duplicate" in outbox.bodies_to(AUTHOR)[-1]
    page = browser().get(second)
    assert "/appeals/1" in page.html.select_one(".appeal-facts").decode()
