"""Burst signals through the real app: many comments or supports from new
accounts, one address, or on one comment raise a flag with its evidence on
the moderation dashboard and in the staff JSON; a moderator reviews it with
a note that is kept; nothing is hidden or dropped."""

import re
from datetime import timedelta

import pytest
from pages import thread_page
from webtest import TestApp

from consult.config import evolution_steps
from consult.resources import opened_root

SLUG = "citizens-juries"
ADDRESS = "203.0.113.77"


def said(element):
    return " ".join(element.get_text().split())


@pytest.fixture
def slug(make_consultation):
    return make_consultation(SLUG)


@pytest.fixture
def target(database, slug):
    with database() as root:
        return root["consultations"][slug].current_draft()["3"].target


@pytest.fixture
def person(wsgi_app, login, make_user, database, clock):
    """person("p1", address=..., age=timedelta(...)): a signed-in citizen whose
    account is `age` old, browsing from `address`."""

    def make(name, address="10.0.0.1", age=timedelta(0)):
        email = f"{name}@example.kz"
        userid = make_user(email, name.capitalize(), "Tester")
        with database() as root:
            root["principals"].get(userid).created = clock.now() - age
        app = TestApp(
            wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en", "REMOTE_ADDR": address}
        )
        login(app, email)
        return app

    return make


@pytest.fixture
def moderator(make_user, browser):
    make_user("moderator@example.kz", "Marat", "Moderov", roles=("moderator",))
    return browser("moderator@example.kz")


def post(app, slug, target, text):
    page = thread_page(app, slug, target)
    formid = f"form-thread-{target.replace(':', '-')}"
    form = page.forms[formid]
    form["text"] = text
    form[f"{formid}-stance"] = "against"
    response = form.submit("post")
    assert response.status_int == 303, response.text
    return int(re.search(r"#comment-(\d+)$", response.headers["Location"]).group(1))


def support(app, slug, target, comment_id):
    page = thread_page(app, slug, target)
    [form] = [f for f in page.forms.values() if f.action.endswith(f"/{comment_id}/support")]
    assert form.submit().status_int == 303


def signals_section(page):
    return page.html.find(id="signals")


def test_new_accounts_posting_within_minutes_raise_a_flag_with_evidence(
    person, moderator, slug, target, clock, database
):
    posted = []
    for number in range(25):
        citizen = person(f"new{number}", address=f"10.0.{number}.1")
        posted.append(post(citizen, slug, target, f"Jurors should be paid, says number {number}."))
        clock.advance(timedelta(seconds=15))

    queue = moderator.get(f"/consultations/{slug}/comments/")
    section = signals_section(queue)
    text = said(section)
    assert "Many comments and supports from new accounts (younger than 24 hours)" in text
    assert "25 actions (25 comments, 0 replies, 0 supports)" in text
    assert "Nothing is hidden or dropped automatically" in text
    # The evidence: a link to every comment, the share of new accounts.
    links = {a["href"] for a in section.select(".signal-comments a")}
    assert links == {f"http://localhost/consultations/{slug}/comments/{cid}/" for cid in posted}
    assert "100 %" in text
    assert "25, of them new: 25" in text
    # No address is shown, not even hashed in full.
    assert "10.0.3.1" not in queue.text

    # Every comment is still published: nothing was dropped or held.
    with database() as root:
        comments = root["consultations"][slug].comments
        assert all(comments.get(cid).visible for cid in posted)
        assert comments.count(target) == 25

    # The same flag in the staff JSON.
    [flag] = moderator.get(f"/api/consultations/{slug}/signals").json
    assert flag["kind"] == "new_accounts"
    assert flag["count"] == 25 and flag["threshold"] == 20
    assert flag["new_share"] == 1.0
    assert sorted(c["id"] for c in flag["comments"]) == sorted(posted)
    assert flag["account_ages_seconds"] == [0] * 25


def test_reviewing_a_flag_records_the_note_and_a_new_burst_raises_again(
    person, moderator, slug, target, clock, settings
):
    # Five comments from one address within a minute (threshold set to 5 here).
    older = timedelta(days=40)
    people = [person(f"neighbour{n}", address=ADDRESS, age=older) for n in range(5)]
    for citizen in people:
        post(citizen, slug, target, "We discussed the draft at the school meeting.")
        clock.advance(timedelta(seconds=10))
    queue = moderator.get(f"/consultations/{slug}/comments/")
    section = signals_section(queue)
    assert "Many comments and supports from one address (address " in said(section)
    assert ADDRESS not in queue.text
    review_link = section.find("a", string=re.compile("Mark as reviewed"))
    page = moderator.get(review_link["href"])
    form = page.forms["signal-review"]
    # A note is required; the form comes back.
    form["note"] = ""
    refused = form.submit("review")
    assert refused.status_int == 200
    assert "Please write a note" in refused.text
    form = refused.forms["signal-review"]
    form["note"] = "One school class commenting together from its computer room."
    done = form.submit("review").maybe_follow()
    assert "The signal is marked as reviewed" in done.text
    section = signals_section(done)
    assert "No open signals." in said(section)
    reviews = said(section.find(class_="signal-reviews"))
    assert "One school class commenting together from its computer room." in reviews
    assert "Reviewed by Marat M." in reviews
    assert moderator.get(f"/api/consultations/{slug}/signals").json == []

    # Reviewing the same flag again is refused: it is no longer open.
    again = moderator.get(review_link["href"])
    assert "This signal is no longer open" in again.text

    # The same people, an hour later, in another burst: a new flag.
    clock.advance(timedelta(hours=1))
    for citizen in people:
        post(citizen, slug, target, "And a second round of comments.")
        clock.advance(timedelta(seconds=10))
    [flag] = moderator.get(f"/api/consultations/{slug}/signals").json
    assert flag["kind"] == "one_address" and flag["count"] == 5
    assert re.fullmatch(r"[0-9A-F]{4}", flag["label"])
    assert ADDRESS not in str(flag)


@pytest.fixture
def settings(settings):
    return dict(
        settings,
        **{
            "consult.signals.one_address": "5",
            "consult.signals.supports_on_one_comment": "4",
            "consult.signals.campaign_growth": "4",
            "consult.signals.reports_on_one_comment": "4",
            "consult.reports_to_hide": "4",
        },
    )


def test_many_supports_of_one_comment_from_new_accounts(
    person, moderator, slug, target, clock, database
):
    author = person("author", age=timedelta(days=100))
    comment = post(author, slug, target, "Juries should include young people.")
    for number in range(4):
        supporter = person(f"fan{number}", address=f"10.1.{number}.1")
        support(supporter, slug, target, comment)
        clock.advance(timedelta(seconds=30))
    flags = moderator.get(f"/api/consultations/{slug}/signals").json
    [flag] = [f for f in flags if f["kind"] == "supports_on_one_comment"]
    assert flag["label"] == str(comment) and flag["count"] == 4
    assert [c["id"] for c in flag["comments"]] == [comment]
    with database() as root:
        assert root["consultations"][slug].comments.get(comment).support_count() == 4


def report(app, slug, target, comment_id, reason):
    """Report a comment through the "Report" link under it on its thread page."""
    page = thread_page(app, slug, target)
    link = page.html.find(id=f"comment-{comment_id}").find("a", string="Report")
    form = app.get(link["href"]).forms["deform"]
    form["reason"] = reason
    assert form.submit("report").status_int == 303


def test_mass_reports_of_one_comment_raise_a_flag_with_evidence_and_a_review(
    person, moderator, app, slug, target, clock, database
):
    author = person("author", age=timedelta(days=100))
    comment = post(author, slug, target, "The jury should hear the opposition too.")
    # Four reports within two minutes: two brand-new accounts and three from one address.
    reporters = [
        person("rep0", address=ADDRESS),
        person("rep1", address=ADDRESS),
        person("rep2", address=ADDRESS, age=timedelta(days=40)),
        person("rep3", address="10.9.9.9", age=timedelta(days=40)),
    ]
    for number, reporter in enumerate(reporters[:3]):
        report(reporter, slug, target, comment, f"Off topic, reporter {number} thinks.")
        clock.advance(timedelta(seconds=30))
    assert moderator.get(f"/api/consultations/{slug}/signals").json == []  # 3 < 4
    report(reporters[3], slug, target, comment, "Off topic, I think too.")

    [flag] = moderator.get(f"/api/consultations/{slug}/signals").json
    assert flag["kind"] == "reports_on_one_comment" and flag["label"] == str(comment)
    assert flag["count"] == 4 and flag["threshold"] == 4 and flag["by_kind"] == {"report": 4}
    assert flag["comments"] == [
        {"id": comment, "url": f"http://localhost/consultations/{slug}/comments/{comment}/"}
    ]
    assert flag["new_share"] == 0.5 and flag["accounts"] == 4 and flag["new_accounts"] == 2
    assert flag["address_share"] == 0.75 and re.fullmatch(r"[0-9A-F]{4}", flag["address_label"])
    assert flag["account_ages_seconds"] == [0, 30, 40 * 24 * 3600 + 60, 40 * 24 * 3600 + 90]
    assert ADDRESS not in str(flag)

    queue = moderator.get(f"/consultations/{slug}/comments/")
    section = signals_section(queue)
    text = said(section)
    assert "Reports count too" in text
    [card] = section.select(".queue-item.signal")
    shown = said(card)
    assert (
        f"Many reports of comment {comment}, mostly from new accounts or from one address" in shown
    )
    assert (
        "4 reports of this comment; at most 4 within 10 minutes, where the threshold is 4." in shown
    )
    assert "The reported comment:" in shown
    assert [a["href"] for a in card.select(".signal-comments a")] == [flag["comments"][0]["url"]]
    assert "4, of them new: 2" in shown and "50 %" in shown
    assert f"address {flag['address_label']}: 75 %" in shown
    assert "0 seconds, 30 seconds, 6 weeks × 2" in shown  # the accounts' ages
    assert ADDRESS not in queue.text

    # The reports did not hide the comment (the feedback rule, not the
    # signal): the two from brand-new accounts weigh nothing, so they weigh
    # 2 of the 4 that hide (consult.report_weight). The flag tells the
    # moderator they look coordinated.
    with database() as root:
        reported = root["consultations"][slug].comments.get(comment)
        assert reported.state == "published" and not reported.awaiting_review
        assert reported.report_count() == 4 and reported.total_report_weight() == 2

    # Neither a citizen nor an anonymous reader sees the signals.
    assert reporters[0].get(f"/api/consultations/{slug}/signals", status=403).json["error"]
    assert app.get(f"/api/consultations/{slug}/signals", status=403).json["error"]
    reporters[0].get(f"/consultations/{slug}/comments/", status=403)

    # Reviewed with a note, like the other signals.
    review_page = moderator.get(card.find("a", string=re.compile("Mark as reviewed"))["href"])
    assert f"Many reports of comment {comment}" in said(review_page.html.find("main"))
    form = review_page.forms["signal-review"]
    form["note"] = "Two new accounts and one dormitory: the reports are unfounded, restored."
    done = form.submit("review").maybe_follow()
    section = signals_section(done)
    assert "No open signals." in said(section)
    reviews = said(section.find(class_="signal-reviews"))
    assert f"Many reports of comment {comment}" in reviews
    assert "the reports are unfounded, restored." in reviews
    assert moderator.get(f"/api/consultations/{slug}/signals").json == []


def test_citizens_get_403_on_the_api_and_the_dashboard(person, slug, app):
    citizen = person("citizen")
    response = citizen.get(f"/api/consultations/{slug}/signals", status=403)
    assert response.json == {"error": "Only the consultation's staff may see its signals."}
    citizen.get(f"/consultations/{slug}/comments/", status=403)
    citizen.get(f"/consultations/{slug}/comments/signal-review?flag=x", status=403)
    assert app.get(f"/api/consultations/{slug}/signals", status=403).json["error"]
    assert app.get("/api/consultations/nothing/signals", status=404).json["error"]


def test_comments_replies_supports_and_reports_are_recorded_with_a_hashed_address(
    person, slug, target, wsgi_app, clock
):
    author = person("author", age=timedelta(days=3))
    first = post(author, slug, target, "A comment from a known address.")
    clock.advance(timedelta(seconds=1))
    citizen = person("someone", address=ADDRESS, age=timedelta(hours=5))
    page = thread_page(citizen, slug, target)
    reply_page = citizen.get(
        page.html.find(id=f"comment-{first}").find("a", string="Reply")["href"]
    )
    form = reply_page.forms["reply-form"]
    form["text"] = "I answer it."
    reply = int(re.search(r"#comment-(\d+)$", form.submit("post").headers["Location"]).group(1))
    clock.advance(timedelta(seconds=1))
    support(citizen, slug, target, first)
    clock.advance(timedelta(seconds=1))
    report_form = citizen.get(f"/consultations/{slug}/comments/{first}/report").forms["deform"]
    report_form["reason"] = "Advertising, I think"
    assert report_form.submit("report").status_int == 303
    database = wsgi_app.registry._zodb_databases[""]
    with opened_root(database, evolution_steps()) as root:
        events = list(root["consultations"][slug].activity.events())
        assert [(e.kind, e.comment, e.parent) for e in events] == [
            ("comment", first, None),
            ("reply", reply, first),
            ("support", first, None),
            ("report", first, None),
        ]
        assert [e.age for e in events] == [3 * 24 * 3600, 5 * 3600, 5 * 3600 + 1, 5 * 3600 + 2]
        hashed = {e.address for e in events[1:]}
        assert len(hashed) == 1 and events[0].address not in hashed
        assert all(len(e.address) == 64 and ADDRESS not in e.address for e in events)
    # The address is nowhere in the stored records.
    records = [record for transaction in database.storage.iterator() for record in transaction]
    assert len(records) > 10
    assert not [record for record in records if ADDRESS.encode() in (record.data or b"")]


LETTER = (
    "I oppose the cap on jury size. A jury of fifteen people cannot represent a region "
    "of two million residents. Please raise the minimum to forty members."
)


def test_a_fast_growing_campaign_raises_a_flag(
    person, moderator, slug, target, clock, campaign_sync, database
):
    senders = [
        person(f"sender{n}", address=f"10.2.{n}.1", age=timedelta(days=60)) for n in range(4)
    ]
    letters = []
    for number, sender in enumerate(senders):
        letters.append(post(sender, slug, target, f"{LETTER} Signed, sender {number}."))
        clock.advance(timedelta(seconds=30))
    queue = moderator.get(f"/consultations/{slug}/comments/")
    assert "No open signals." in said(signals_section(queue))  # not clustered yet
    campaign_sync()
    queue = moderator.get(f"/consultations/{slug}/comments/")
    section = signals_section(queue)
    assert "A campaign of near-identical comments grows fast" in said(section)
    campaign = moderator.get(section.find("a", string="Every comment of the campaign")["href"])
    listed = {int(a["id"].split("-")[1]) for a in campaign.html.select("article.comment")}
    assert listed == set(letters)  # every letter is published and readable
    [flag] = moderator.get(f"/api/consultations/{slug}/signals").json
    assert flag["kind"] == "campaign_growth" and flag["count"] == 4
    with database() as root:
        assert flag["label"] == str(root["consultations"][slug].campaigns.cluster_of[letters[0]])
