"""Following through the real app, beyond what test_notifications covers:
a thread followed from a comment's own page, a held reply that tells the
parent's author and the thread's followers once it is shown, and an
organisation followed from its page and from a consultation's page."""

import re

import pytest
from functional.test_feedback import comment_in, said, thread
from functional.test_notifications import SLUG, reply
from webtest import TestApp

from consult.notifications.evolve import evolve_26_follow_organisations
from consult.notifications.services import NotificationService
from consult.notifications.things import ministry_name_thing, organisation_thing


def follow_form(page, what):
    [form] = [
        f
        for f in page.forms.values()
        if f.action.endswith("/follow") and f.fields.get("what") and f["what"].value == what
    ]
    return form


def unfollow_forms(page):
    return [f for f in page.forms.values() if f.action.endswith("/unfollow")]


def inbox_of(database, address):
    with database() as root:
        userid = root["principals"].find_by_email(address).id
        inbox = root.notifications.inbox(userid)
        if inbox is None:
            return []
        return [
            (n.kind, n.subject_message().interpolate())
            for n in sorted(inbox.items.values(), key=lambda n: n.created)
        ]


def test_a_thread_is_followed_and_left_from_a_comments_page(browser, discussion, database):
    target, comment_id = discussion
    dana, marat = browser("dana@example.kz"), browser("marat@example.kz")
    permalink = f"/consultations/{SLUG}/comments/{comment_id}/"
    # The thread's shared HTML links each comment to its page.
    link = comment_in(thread(dana, SLUG, target), comment_id).find("a", class_="comment-time")
    assert link["href"].endswith(permalink)
    page = dana.get(permalink)
    form = follow_form(page, "thread")
    assert form["item"].value == str(comment_id)
    page = form.submit().follow()
    assert "You follow this." in said(page)
    assert "The discussion of a comment by Aigerim O." in dana.get("/following").text
    # A reply in it tells her; a reply's own page names the same thread.
    reply_id = reply(marat, target, comment_id, "Twenty-five would cost too much.")
    assert inbox_of(database, "dana@example.kz") == [
        ("followed", "A new comment on a discussion you follow")
    ]
    on_reply = dana.get(f"/consultations/{SLUG}/comments/{reply_id}/")
    [stop] = unfollow_forms(on_reply)
    assert stop["key"].value == f"/consultations/{SLUG}:{comment_id}"
    stop.submit(headers={"Referer": f"http://localhost/consultations/{SLUG}/"})
    assert follow_form(dana.get(permalink), "thread")
    reply(marat, target, comment_id, "And regions would want more.")
    assert len(inbox_of(database, "dana@example.kz")) == 1
    # A visitor is asked to sign in; a made-up comment cannot be followed.
    assert "Sign in to follow" in browser().get(permalink).text
    token = stop["csrf_token"].value
    bad = dana.post(
        "/follow", {"what": "thread", "slug": SLUG, "item": "999", "csrf_token": token}, status=400
    )
    assert bad.status_int == 400


def test_a_reply_held_for_its_authors_address_tells_when_published(
    discussion, make_user, wsgi_app, login, outbox, database, browser
):
    target, comment_id = discussion
    dana = browser("dana@example.kz")
    follow_form(dana.get(f"/consultations/{SLUG}/comments/{comment_id}/"), "thread").submit()
    make_user("nurlan@example.kz", "Nurlan", "Bekov", confirmed=False)
    nurlan = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
    login(nurlan, "nurlan@example.kz")
    [resend] = [
        f
        for f in nurlan.get("/account").forms.values()
        if f.action.endswith("/resend-confirmation")
    ]
    resend.submit()
    assert reply(nurlan, target, comment_id, "Held until my address is confirmed.")
    assert inbox_of(database, "aigerim@example.kz") == []
    assert inbox_of(database, "dana@example.kz") == []
    [body] = outbox.bodies_to("nurlan@example.kz")
    nurlan.get(re.search(r"http://localhost(/\S+)", body).group(1)).follow()
    assert inbox_of(database, "aigerim@example.kz") == [
        ("reply", "Nurlan B. replied to your comment")
    ]
    assert inbox_of(database, "dana@example.kz") == [
        ("followed", "A new comment on a discussion you follow")
    ]


def test_a_reply_awaiting_approval_tells_when_approved_and_not_again(
    discussion, make_user, database, browser
):
    target, comment_id = discussion
    with database() as root:
        root["consultations"][SLUG].premoderation = True
    make_user("moderator@example.kz", "Marat", "Moderov", roles=("moderator",))
    marat, moderator = browser("marat@example.kz"), browser("moderator@example.kz")
    reply_id = reply(marat, target, comment_id, "Waiting for a moderator.")
    assert inbox_of(database, "aigerim@example.kz") == []
    approve = moderator.get(f"/consultations/{SLUG}/comments/{reply_id}/approve")
    assert approve.forms["deform"].submit("approve").status_int == 303
    assert inbox_of(database, "aigerim@example.kz") == [
        ("reply", "Marat O. replied to your comment")
    ]
    # Kept shown after a report: approved again, told nobody again.
    reporter = browser("dana@example.kz")
    report = reporter.get(f"/consultations/{SLUG}/comments/{reply_id}/report")
    report.forms["deform"]["reason"] = "Off the subject entirely"
    report.forms["deform"].submit("report")
    keep = moderator.get(f"/consultations/{SLUG}/comments/{reply_id}/approve")
    assert keep.forms["deform"].submit("approve").status_int == 303
    assert len(inbox_of(database, "aigerim@example.kz")) == 1


@pytest.fixture
def organisation_name(discussion, database):
    with database() as root:
        name = root["consultations"][SLUG].organisation
        assert name and name in root["organisations"]
        return name


def test_an_organisation_is_followed_from_its_page_and_from_a_consultations_page(
    browser, organisation_name
):
    dana = browser("dana@example.kz")
    page = dana.get(f"/organisations/{organisation_name}")
    form = follow_form(page, "organisation")
    page = form.submit().follow()
    assert page.request.path == f"/organisations/{organisation_name}/"
    assert "You follow this." in said(page)
    rows = dana.get("/following").html.select("tbody tr")
    assert [said(row.find_all("td")[0]) for row in rows] == ["An organisation"]
    # The consultation page's button names the same organisation: she follows it there.
    consultation_page = dana.get(f"/consultations/{SLUG}/")
    keys = [f["key"].value for f in unfollow_forms(consultation_page)]
    assert keys == [f"/organisations/{organisation_name}"]
    # A visitor is asked to sign in, the same for every visitor.
    assert "Sign in to follow" in browser().get(f"/organisations/{organisation_name}").text


def test_a_follow_by_ministry_name_moves_to_its_organisation(
    organisation_name, database, clock, browser
):
    with database() as root:
        consultation = root["consultations"][SLUG]
        old = ministry_name_thing(consultation.ministry)
        dana = root["principals"].find_by_email("dana@example.kz").id
        service = NotificationService(root, clock, None, None, None, None)
        url = f"http://localhost/consultations/{SLUG}/"
        service.follow(dana, old, dict(consultation.ministry), url)
        evolve_26_follow_organisations(root)
        new = organisation_thing(organisation_name)
        assert service.follows(dana, new) and not service.follows(dana, old)
        assert service.followers(new) == (dana,) and service.followers(old) == ()
        [(thing, followed)] = service.following(dana)
        assert followed.url == f"http://localhost/organisations/{organisation_name}"
        evolve_26_follow_organisations(root)  # twice changes nothing
        assert service.followers(new) == (dana,)
    assert "An organisation" in browser("dana@example.kz").get("/following").text
