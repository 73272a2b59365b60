"""Issue 15, item 12: reports cannot silence a comment cheaply.

Three reports from accounts created minutes earlier hid a comment that
carried a ministry answer. Now each report weighs what its account is worth
(its age and verification, consult.report_weight.*), and a comment the
ministry has answered is never hidden by reports: it stays shown and goes to
the moderators' queue. The moderation actions are announced as audit
events. Everything here goes through the real app."""

import re
from datetime import timedelta

import pytest
from pages import thread_page

from consult.events import IRecordedEvent
from consult.feedback.events import AUTOMATIC
from consult.verification.models import VerificationRecord, add_record

SLUG = "citizens-juries"
TEXT = "The lottery should be public and streamed."
ANSWER = "The draft already requires a public draw; see article 7."


def said(element):
    return " ".join(element.get_text().split())


def comment_url(comment_id, name=""):
    return f"/consultations/{SLUG}/comments/{comment_id}/{name}"


@pytest.fixture
def events(wsgi_app):
    """The moderation events the app announces for the audit log, in order."""
    seen = []

    def moderation(event):
        if event.action.startswith("comment."):
            seen.append(event)

    wsgi_app.registry.registerHandler(moderation, (IRecordedEvent,))
    return seen


@pytest.fixture
def site(make_consultation, make_user, browser, database, clock):
    make_consultation(SLUG)
    make_user("author@example.kz", "Aigerim", "Serikova")
    make_user("editor@example.kz", "Erlan", "Editov", roles=("editor",))
    make_user("moderator@example.kz", "Marat", "Moderov", roles=("moderator",))
    with database() as root:
        target = root["consultations"][SLUG].current_draft()["3"].target

    class Site:
        pass

    site = Site()
    site.target = target
    site.author = browser("author@example.kz")
    site.moderator = browser("moderator@example.kz")
    site.anonymous = browser()
    formid = f"form-thread-{target.replace(':', '-')}"
    form = thread_page(site.author, SLUG, target).forms[formid]
    form["text"] = TEXT
    form[f"{formid}-stance"] = "for"
    response = form.submit("post")
    site.comment = int(re.search(r"#comment-(\d+)$", response.headers["Location"]).group(1))

    def reporter(name, age=timedelta(0), identity=False):
        """A signed-in citizen whose account is `age` old (verified by the census)."""
        make_user(f"{name}@example.kz", name.title(), "Reporter")
        with database() as root:
            principal = root["principals"].find_by_email(f"{name}@example.kz")
            principal.created = clock.now() - age
            if identity:
                add_record(principal, VerificationRecord("census", 2, clock.now()))
        return browser(f"{name}@example.kz")

    site.reporter = reporter
    return site


def report(person, comment_id, reason="Off topic, I think."):
    form = person.get(comment_url(comment_id, "report")).forms["deform"]
    form["reason"] = reason
    assert form.submit("report").status_int == 303


def answer(browser, comment_id):
    editor = browser("editor@example.kz")
    form = editor.get(comment_url(comment_id, "answer")).forms["answer-form"]
    form["answer-form-disposition"] = "partly"
    form["reason"] = ANSWER
    assert form.submit("answer").status_int == 303


def state(database, comment_id):
    with database() as root:
        comment = root["consultations"][SLUG].comments.get(comment_id)
        return comment.state, comment.awaiting_review


def test_reports_from_accounts_made_minutes_ago_do_not_hide_a_comment(site, database, clock):
    for number in range(3):
        report(site.reporter(f"fresh{number}", age=timedelta(minutes=5)), site.comment)
        clock.advance(timedelta(minutes=1))
    assert state(database, site.comment) == ("published", False)
    assert TEXT in said(thread_page(site.anonymous, SLUG, site.target).html)
    # The moderators still see every report, and what each weighs.
    page = site.moderator.get(comment_url(site.comment))
    reports = said(page.html.find(id="reports-title").parent)
    assert reports.count("(weight 0)") == 3


def test_a_report_weighs_what_its_account_is_worth(site, database):
    # A month-old account with a confirmed address weighs 1: not enough.
    report(site.reporter("confirmed", age=timedelta(days=30)), site.comment)
    assert state(database, site.comment) == ("published", False)
    # A verified identity weighs 2: 1 + 2 reaches the 3 that hide.
    report(site.reporter("verified", age=timedelta(days=30), identity=True), site.comment)
    assert state(database, site.comment) == ("hidden", True)
    page = site.moderator.get(f"/consultations/{SLUG}/comments/")
    review = page.html.find(id="queue-reported").parent
    assert "Weight of the reports since the last review: 3" in said(review)
    assert sorted(said(row.find_all("td")[-1]) for row in review.select("tr.report")) == ["1", "2"]


def test_reports_never_hide_an_answered_comment_they_send_it_to_the_moderators(
    site, database, browser, events
):
    answer(browser, site.comment)
    for number in range(3):
        report(site.reporter(f"old{number}", age=timedelta(days=60)), site.comment)
    # Still shown to everyone, with its answer.
    assert state(database, site.comment) == ("published", True)
    comment = thread_page(site.anonymous, SLUG, site.target).html.find(id=f"comment-{site.comment}")
    assert TEXT in said(comment) and ANSWER in said(comment)
    assert "Hidden" not in said(comment)
    # ... and waiting in the moderators' queue.
    queue = site.moderator.get(f"/consultations/{SLUG}/comments/")
    review = queue.html.find(id="queue-reported").parent
    assert TEXT in said(review)
    [escalated] = events
    assert escalated.action == "comment.reports_escalated" and escalated.actor == AUTOMATIC
    assert escalated.subject.id == site.comment
    assert escalated.details() == {"state": "published", "report_weight": "3", "reports": "3"}

    # A moderator keeps it shown: it leaves the queue, the record says so.
    keep = site.moderator.get(review.find("a", string="Keep shown")["href"])
    form = keep.forms["deform"]
    form["reason"] = "An opinion on the law, within the rules."
    assert form.submit("keep").status_int == 303
    assert state(database, site.comment) == ("published", False)
    queue = site.moderator.get(f"/consultations/{SLUG}/comments/")
    assert TEXT not in said(queue.html.find(id="queue-reported").parent)
    history = said(site.moderator.get(comment_url(site.comment)).html)
    assert "Sent to the moderators after reports" in history and "Approved" in history
    approved = events[-1]
    assert approved.action == "comment.approved" and approved.reason == (
        "An opinion on the law, within the rules."
    )
    with database() as root:
        moderator = root["principals"].find_by_email("moderator@example.kz")
        assert approved.actor == moderator.id


def test_moderation_is_announced_for_the_audit_log(site, database, events):
    for number in range(3):
        report(site.reporter(f"old{number}", age=timedelta(days=60)), site.comment)
    hidden = events[-1]
    assert hidden.action == "comment.hidden" and hidden.actor == AUTOMATIC
    assert hidden.details() == {"state": "hidden", "report_weight": "3", "reports": "3"}

    restore = site.moderator.get(comment_url(site.comment, "restore")).forms["deform"]
    restore["reason"] = "Sharp, but about the law."
    assert restore.submit("restore").status_int == 303
    hide = site.moderator.get(comment_url(site.comment, "hide")).forms["deform"]
    hide["reason"] = "Rule 3 after all: it names a person."
    assert hide.submit("hide").status_int == 303
    restored, hidden_again = events[-2:]
    assert restored.action == "comment.restored" and restored.reason == "Sharp, but about the law."
    assert restored.details()["state"] == "published"
    assert hidden_again.action == "comment.hidden"
    assert hidden_again.details() == {"state": "hidden", "report_weight": "3", "reports": "3"}
    with database() as root:
        moderator = root["principals"].find_by_email("moderator@example.kz").id
    assert restored.actor == hidden_again.actor == moderator
    assert all(event.subject.id == site.comment for event in events)


class TestTheWeightsAreSettings:
    @pytest.fixture
    def settings(self, settings):
        """New accounts weigh a half here."""
        return dict(settings, **{"consult.report_weight.new_account": "0.5"})

    def test_six_new_accounts_weigh_three(self, site, database):
        for number in range(5):
            report(site.reporter(f"fresh{number}"), site.comment)
        assert state(database, site.comment) == ("published", False)  # 2.5 < 3
        report(site.reporter("fresh5"), site.comment)
        assert state(database, site.comment) == ("hidden", True)
