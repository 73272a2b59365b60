"""Verification levels through the real app: the census list loaded by an
administrator, a citizen verifying on the account page, staff verification,
a consultation requiring a verified identity for comments and supports, the
outcome report's counts by level, and who may do what. The IIN never
appears on any page."""

import re
from datetime import date, timedelta

import pytest
from pages import thread_page

from consult import iin

ALIYA = iin.make(date(1990, 5, 17), "f", 12)
BOLAT = iin.make(date(1984, 1, 2), "m", 345)
NOT_LISTED = iin.make(date(1975, 8, 9), "m", 777)
CENSUS = f"iin;surname\n{ALIYA};Serikova\n{BOLAT};\n".encode()


def no_iin(page):
    for number in (ALIYA, BOLAT, NOT_LISTED):
        assert number not in page.text
        assert f"{number[:6]} {number[6:]}" not in page.text


def upload(admin, data, mode="add", confirm=False, status=303):
    form = admin.get("/census").forms["deform"]
    form["upload"] = ("census.csv", data, "text/csv")
    form["census-mode"] = mode
    if confirm:
        form["confirm_replace"] = True
    return form.submit("load", status=status)


def verify_census(app, number, status=303):
    page = app.get("/account")
    form = page.forms["verify-census"]
    form["iin"] = number
    return form.submit("verify", status=status)


@pytest.fixture
def people(make_user, browser):
    make_user("admin@example.kz", "Asel", "Admin", roles=("administrator",))
    make_user("moderator@example.kz", "Marat", "Moderator", roles=("moderator",))
    make_user("aliya@example.kz", "Aliya", "Serikova")
    make_user("bolat@example.kz", "Bolat", "Bekov")
    make_user("dana@example.kz", "Dana", "Omarova")
    return {
        name: browser(f"{name}@example.kz")
        for name in ("admin", "moderator", "aliya", "bolat", "dana")
    }


def test_census_upload_and_verification_on_the_account_page(people, database):
    admin, aliya, bolat = people["admin"], people["aliya"], people["bolat"]
    page = upload(admin, CENSUS).follow()
    assert "The census file is loaded: 2 rows, 2 people new to the list." in page.text
    assert page.html.find(id="census-count").text == "2"
    no_iin(page)
    with database() as root:
        census = root.census
        assert len(census) == 2
        stored = repr(list(census.entries.items()))
        assert ALIYA not in stored and BOLAT not in stored and "Serikova" not in stored

    # Aliya's account page offers the census form; a wrong number is refused.
    page = aliya.get("/account")
    assert "Your level: A confirmed e-mail address." in " ".join(page.html.get_text().split())
    page = verify_census(aliya, NOT_LISTED, status=400)
    assert "This IIN is not on the census list" in page.text
    no_iin(page)
    page = verify_census(aliya, ALIYA[:11] + str((int(ALIYA[11]) + 1) % 10), status=400)
    assert "This is not a valid IIN" in page.text
    no_iin(page)
    # The right one verifies her; typed with a space, as people do.
    page = verify_census(aliya, f"{ALIYA[:6]} {ALIYA[6:]}").follow()
    assert "Thank you: you are verified (On the census list)." in page.text
    assert "A verified identity" in page.text and "verify-census" not in page.forms
    no_iin(page)
    with database() as root:
        principal = root["principals"].find_by_email("aliya@example.kz")
        record = principal.verifications["census"]
        assert record.level == 2 and record.by is None
        assert ALIYA not in repr(vars(record)) and ALIYA not in repr(vars(principal))
        assert list(root.census.claims.values()) == [principal.id]

    # Bolat cannot claim Aliya's number; Aliya's surname does not match his.
    page = verify_census(bolat, ALIYA, status=400)
    assert "This IIN is not on the census list with the surname" in page.text
    # His own line has no surname: the number alone verifies him.
    verify_census(bolat, BOLAT)
    # Dana cannot take Bolat's, now claimed.
    page = verify_census(people["dana"], BOLAT, status=400)
    assert "Another account has already been verified with this IIN" in page.text
    no_iin(page)


def test_bad_census_rows_are_listed_and_replacing_is_explicit(people, database):
    admin = people["admin"]
    bad = f"iin\n{ALIYA}\n123\n\n{BOLAT[:11]}{(int(BOLAT[11]) + 1) % 10}\n".encode()
    page = upload(admin, bad, status=400)
    assert "2 rows of the file are not valid, so nothing was loaded." in page.text
    errors = [" ".join(li.get_text().split()) for li in page.html.select(".census-errors li")]
    assert errors == [
        "Line 3: the IIN must have twelve digits",
        "Line 5: the check digit of the IIN is wrong",
    ]
    no_iin(page)
    with database() as root:
        assert getattr(root, "census", None) is None

    upload(admin, CENSUS)
    # Replacing needs the box ticked; the form says so and nothing changes.
    page = upload(admin, f"iin\n{NOT_LISTED}\n".encode(), mode="replace", status=200)
    assert "Tick this box to replace the whole list." in page.text
    with database() as root:
        assert len(root.census) == 2
    upload(admin, f"iin\n{NOT_LISTED}\n".encode(), mode="replace", confirm=True)
    with database() as root:
        assert len(root.census) == 1
        assert root.census.last_upload().replaced
    page = verify_census(people["aliya"], ALIYA, status=400)
    assert "not on the census list" in page.text


def test_only_administrators_load_the_census_and_only_staff_verify(people, browser):
    for name in ("moderator", "aliya"):
        people[name].get("/census", status=403)
    people["aliya"].get("/principals/verify", status=403)
    people["aliya"].post("/principals/unverify", {"userid": "x", "verifier": "staff"}, status=403)
    anonymous = browser()
    assert anonymous.get("/census", expect_errors=True).status_int in (303, 403)
    assert anonymous.get("/verify?verifier=census").status_int == 303
    people["aliya"].get("/verify?verifier=staff", status=404)
    people["moderator"].get("/principals/verify", status=200)


def test_staff_verification(people, database):
    moderator = people["moderator"]
    form = moderator.get("/principals/verify").forms["deform"]
    form["email"] = "nobody@example.kz"
    form["note"] = "Identity card seen at the hearing in Karaganda"
    page = form.submit("verify", status=400)
    assert "No account uses this e-mail address." in page.text
    form = page.forms["deform"]
    form["email"] = "dana@example.kz"
    page = form.submit("verify").follow()
    assert "Dana O. is verified." in page.text
    assert "Verified by staff" in page.text
    with database() as root:
        dana = root["principals"].find_by_email("dana@example.kz")
        moderator_id = root["principals"].find_by_email("moderator@example.kz").id
        record = dana.verifications["staff"]
        assert (record.by, record.level) == (moderator_id, 2)
        assert record.data == {"note": "Identity card seen at the hearing in Karaganda"}
    assert "Verified by staff: yes" in " ".join(
        people["dana"].get("/account").html.get_text().split()
    )
    # The administrators' list of people links to it.
    listing = people["admin"].get("/principals/")
    assert f"/principals/verify?userid={dana.id}" in listing.text
    # A verification given by mistake is withdrawn.
    page = moderator.get(f"/principals/verify?userid={dana.id}")
    [withdraw] = [f for f in page.forms.values() if f.action.endswith("/unverify")]
    withdraw.submit().follow()
    with database() as root:
        assert "staff" not in root["principals"].find_by_email("dana@example.kz").verifications


def _require(people, slug, comment_level="2", support_level="1"):
    form = people["admin"].get(f"/consultations/{slug}/edit").forms["deform"]
    assert form["comment_level"].value == "1"
    form["comment_level"] = comment_level
    form["support_level"] = support_level
    form.submit("save", status=303)


def write(app, slug, target, text):
    page = thread_page(app, slug, target)
    formid = f"form-thread-{target.replace(':', '-')}"
    form = page.forms[formid]
    form["text"] = text
    form[f"{formid}-stance"] = "for"
    return form.submit("post")


def _target(database, slug):
    with database() as root:
        return root["consultations"][slug].current_draft()["3"].target


def _with_aliya_on_the_census(people, database, make_consultation, **levels):
    """A new consultation requiring `levels`, the census uploaded and Aliya
    verified against it: (slug, the first question's target)."""
    slug = make_consultation()
    target = _target(database, slug)
    upload(people["admin"], CENSUS)
    verify_census(people["aliya"], ALIYA)
    _require(people, slug, **levels)
    return slug, target


def test_a_consultation_requiring_a_verified_identity(
    people, database, make_consultation, make_user, browser
):
    slug, target = _with_aliya_on_the_census(people, database, make_consultation, comment_level="2")
    with database() as root:
        assert root["consultations"][slug].comment_level == 2

    # The consultation's page and the thread say what is required, and Bolat
    # (unverified) where to verify.
    page = people["bolat"].get(f"/consultations/{slug}/")
    assert "To comment here you need: A verified identity." in page.text
    assert "To support comments here you need" not in page.text
    page = thread_page(people["bolat"], slug, target)
    text = " ".join(page.html.get_text().split())
    assert "To comment here you need: A verified identity." in text
    assert page.html.select_one(".verification-requirements a")["href"].endswith(
        "/account#verification"
    )
    # Bolat is refused, his text kept, with a link to his account page.
    page = write(people["bolat"], slug, target, "Jurors should be paid for their days.")
    assert page.status_int == 200
    assert "To comment in this consultation you need a verified identity." in page.text
    form = next(f for f in page.forms.values() if "text" in f.fields)
    assert form["text"].value == "Jurors should be paid for their days."
    assert page.html.select_one(".alert a")["href"].endswith("/account#verification")
    # Aliya, verified, comments.
    assert write(people["aliya"], slug, target, "Draw jurors by lot.").status_int == 303

    # An unconfirmed newcomer is refused too (not merely held) at this level.
    make_user("new@example.kz", "Nurlan", "Bekov", confirmed=False)
    page = write(browser("new@example.kz"), slug, target, "Me too.")
    assert "you need a verified identity" in page.text
    with database() as root:
        comments = list(root["consultations"][slug].comments.comments.values())
        assert [c.text for c in comments] == ["Draw jurors by lot."]


def test_the_email_level_still_holds_unconfirmed_comments(
    people, database, make_consultation, make_user, browser
):
    slug = make_consultation()
    target = _target(database, slug)
    page = thread_page(people["bolat"], slug, target)
    assert page.html.select_one(".verification-requirements") is None
    assert (
        people["bolat"].get(f"/consultations/{slug}/").html.select_one(".verification-requirements")
        is None
    )
    make_user("new@example.kz", "Nurlan", "Bekov", confirmed=False)
    assert write(browser("new@example.kz"), slug, target, "Held.").status_int == 303
    with database() as root:
        [comment] = root["consultations"][slug].comments.comments.values()
        assert comment.held_for_confirmation and comment.state == "pending"


def test_supports_requirement_and_the_report_by_level(
    people, database, make_consultation, clock, search_sync
):
    slug, target = _with_aliya_on_the_census(
        people, database, make_consultation, comment_level="1", support_level="2"
    )

    assert write(people["dana"], slug, target, "Pay the jurors.").status_int == 303
    assert write(people["aliya"], slug, target, "Draw them by lot.").status_int == 303
    with database() as root:
        ids = {c.text: c.id for c in root["consultations"][slug].comments.comments.values()}
    danas = ids["Pay the jurors."]

    # Bolat (e-mail only) may not support here; the thread says so.
    page = thread_page(people["bolat"], slug, target)
    assert "To support comments here you need: A verified identity." in " ".join(
        page.html.get_text().split()
    )
    response = people["bolat"].post(
        f"/consultations/{slug}/comments/{danas}/support", {"csrf_token": _token(page)}
    )
    page = response.follow()
    assert "To support comments in this consultation you need a verified identity." in page.text
    # Aliya, verified by the census, may.
    page = thread_page(people["aliya"], slug, target)
    people["aliya"].post(
        f"/consultations/{slug}/comments/{danas}/support", {"csrf_token": _token(page)}, status=303
    )
    with database() as root:
        comment = root["consultations"][slug].comments.get(danas)
        assert comment.support_count() == 1

    # Dana is then verified by a moderator; an offline comment is imported.
    form = people["moderator"].get("/principals/verify").forms["deform"]
    form["email"], form["note"] = "dana@example.kz", "Passport seen at the hearing"
    form.submit("verify", status=303)
    with database() as root:
        from consult.feedback.services import FeedbackService

        consultation = root["consultations"][slug]
        FeedbackService(clock, {}).import_comment(
            consultation,
            target,
            "offline:1",
            "Erlan",
            "By post: yes.",
            "for",
            clock.now(),
            "post",
            "letter-1",
        )

    clock.advance(timedelta(days=40))
    report = people["bolat"].get(f"/consultations/{slug}/report.json").json
    assert report["participation"]["by_verification"] == {
        "offline": {"comments": 1, "supports": 0},
        "unverified": {"comments": 0, "supports": 0},
        "email": {"comments": 0, "supports": 0},
        "census": {"comments": 1, "supports": 1},
        "staff": {"comments": 1, "supports": 0},
    }
    rows = people["bolat"].get(f"/consultations/{slug}/report.csv").text.splitlines()
    assert "verification,census,comments,1" in rows
    assert "verification,census,supports,1" in rows
    assert "verification,staff,comments,1" in rows
    assert "verification,offline,comments,1" in rows
    page = people["bolat"].get(f"/consultations/{slug}/report")
    table = page.html.find("caption", string=re.compile("By verification")).parent
    cells = [
        [cell.get_text() for cell in row.find_all(["th", "td"])] for row in table.select("tbody tr")
    ]
    assert ["On the census list", "1", "1"] in cells
    assert ["Verified by staff", "1", "0"] in cells
    assert ["Received offline (post, e-mail, hearings)", "1", "0"] in cells
    no_iin(page)


def _token(page):
    return page.html.find("input", attrs={"name": "csrf_token"})["value"]


def test_wrong_numbers_are_limited_per_day(people, clock):
    """The census verifier's own rule, five wrong numbers a day; the tries
    are spread out so that the hourly limit on tries (limits) stays clear."""
    upload(people["admin"], CENSUS)
    aliya = people["aliya"]
    for _attempt in range(5):
        verify_census(aliya, NOT_LISTED, status=400)
        clock.advance(timedelta(minutes=20))
    # Even the right number waits until tomorrow: others' numbers cannot be tried.
    page = verify_census(aliya, ALIYA, status=400)
    assert "Too many attempts today." in page.text
    clock.advance(timedelta(days=1))
    verify_census(aliya, ALIYA, status=303)


def _support_controls(page, comment_id):
    """(the support form, the note in its place) under one comment."""
    article = page.html.find(id=f"comment-{comment_id}")
    actions = article.find(class_="comment-actions")
    forms = [f for f in actions.find_all("form") if f["action"].endswith(f"/{comment_id}/support")]
    return (forms[0] if forms else None), actions.find(class_="support-needs-verification")


def test_below_the_support_level_a_note_replaces_the_support_button(
    people, database, make_consultation, browser
):
    slug, target = _with_aliya_on_the_census(
        people, database, make_consultation, comment_level="1", support_level="2"
    )
    assert write(people["dana"], slug, target, "Pay the jurors.").status_int == 303
    with database() as root:
        [danas] = [c.id for c in root["consultations"][slug].comments.comments.values()]

    # Bolat (e-mail only), Aliya (census), Bolat again, then an anonymous
    # reader: the same comment (its body cached after the first reading),
    # each with their own control.
    for _round in range(2):
        page = thread_page(people["bolat"], slug, target)
        form, note = _support_controls(page, danas)
        assert form is None
        assert " ".join(note.get_text().split()) == (
            "To support, you need: A verified identity. Verify your identity on your account page"
        )
        link = note.find("a")
        assert link.get_text() == "Verify your identity on your account page"
        assert link["href"] == "http://localhost/account#verification"
        assert people["bolat"].get(link["href"]).html.find(id="verification") is not None

        page = thread_page(people["aliya"], slug, target)
        form, note = _support_controls(page, danas)
        assert note is None and "To support, you need" not in page.text
        assert form.find("button").get_text() == "Support"

    anonymous = thread_page(browser(), slug, target)
    form, note = _support_controls(anonymous, danas)
    assert form is None and note is None
    assert anonymous.html.find("a", string="Sign in to comment") is not None

    # The server still refuses Bolat's support, whatever the page offered.
    page = thread_page(people["bolat"], slug, target)
    page = (
        people["bolat"]
        .post(f"/consultations/{slug}/comments/{danas}/support", {"csrf_token": _token(page)})
        .follow()
    )
    assert "To support comments in this consultation you need a verified identity." in page.text
    # Aliya supports through her button; she then sees that she does.
    page = thread_page(people["aliya"], slug, target)
    form_id = next(key for key, f in page.forms.items() if f.action.endswith(f"/{danas}/support"))
    page.forms[form_id].submit(status=303)
    page = thread_page(people["aliya"], slug, target)
    form, note = _support_controls(page, danas)
    assert form is None and note is None
    assert "You support this" in page.html.find(id=f"comment-{danas}").get_text()
    with database() as root:
        assert root["consultations"][slug].comments.get(danas).support_count() == 1


def test_below_the_comment_level_one_note_with_the_link_above_the_form(
    people, database, make_consultation, browser
):
    slug, target = _with_aliya_on_the_census(
        people, database, make_consultation, comment_level="2", support_level="1"
    )
    formid = f"form-thread-{target.replace(':', '-')}"

    page = thread_page(people["bolat"], slug, target)
    area = page.html.find(class_="comment-form-area")
    notes = area.find(class_="verification-requirements")
    assert " ".join(notes.get_text().split()) == (
        "To comment here you need: A verified identity. Your account does not have it yet: "
        "verify it before you send a comment. Verify your identity on your account page"
    )
    [link] = notes.find_all("a")
    assert link["href"] == "http://localhost/account#verification"
    # The note comes before the form, which stays (the server refuses and keeps the text).
    assert formid in page.forms
    assert str(area).index("verification-requirements") < str(area).index(formid)

    page = thread_page(people["aliya"], slug, target)
    notes = page.html.find(class_="verification-requirements")
    assert " ".join(notes.get_text().split()) == "To comment here you need: A verified identity."
    assert notes.find("a") is None and formid in page.forms

    anonymous = thread_page(browser(), slug, target)
    notes = anonymous.html.find(class_="verification-requirements")
    assert " ".join(notes.get_text().split()) == "To comment here you need: A verified identity."
    assert anonymous.html.find("a", string="Sign in to comment") is not None
