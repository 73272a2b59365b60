"""A person's own activity (issue 18, item 5), through the real app: their
comments with what became of each, the comments they support with a button
to withdraw each support, their reports with the moderator's decision, their
jury applications; pages of twenty; nothing of anyone else's; no page
without an account."""

import re
from datetime import timedelta

import pytest
from functional.test_feedback import article_target, posted_id, thread, write
from functional.test_juries import apply, create_jury

from consult.config import evolution_steps
from consult.feedback.services import FeedbackService
from consult.responses.services import ResponseService

AUTHOR = "author@example.kz"
READER = "reader@example.kz"
ANSWER = "The ministry thanks you: the draft keeps the rule as written, see article 4."


@pytest.fixture
def site(browser, database, make_user, make_consultation):
    """A consultation, an author, a reader and a moderator."""
    slug = make_consultation()
    make_user(AUTHOR, "Aigerim", "Serikova")
    make_user(READER, "Saule", "Reader")
    make_user("marat@example.kz", "Marat", "Moderov", roles=("moderator",))
    make_user("editor@example.kz", "Erlan", "Editov", roles=("editor",))
    return slug, article_target(database, slug)


def post(app, slug, target, text):
    return posted_id(write(thread(app, slug, target), target, text))


def section(page, name):
    return page.html.find(id=name)


def words(element):
    return " ".join(element.get_text().split())


def with_service(database, clock, act):
    with database() as root:
        consultation = root["consultations"]["citizens-juries"]
        people = root["principals"]
        act(FeedbackService(clock, {}), consultation, consultation.comments, people)


def test_my_comments_with_their_states(site, browser, database, clock):
    slug, target = site
    author = browser(AUTHOR)
    shown = post(author, slug, target, "Juries should meet in every region.")
    hidden = post(author, slug, target, "Officials never listen anyway, shame on them.")
    answered = post(author, slug, target, "Add a rule on interpreters for juries.")
    edited = post(author, slug, target, "Frist draft of my words.")

    def act(service, consultation, store, people):
        mine = people.find_by_email(AUTHOR)
        service.edit(consultation, store.get(edited), mine, "First draft of my words.", "for")
        marat = people.find_by_email("marat@example.kz")
        service.hide(consultation, store.get(hidden), marat, "Rule 3: no insults.")
        ResponseService(clock, {}).answer(
            consultation,
            [store.get(answered)],
            people.find_by_email("editor@example.kz"),
            "rejected",
            ANSWER,
        )

    with_service(database, clock, act)
    page = author.get("/my-activity")
    assert page.headers["Cache-Control"] == "private, no-store"
    mine = section(page, "comments")
    items = mine.select(".activity-item")
    # Newest first, each with its state and a link to it.
    assert [words(item.blockquote) for item in items] == [
        "First draft of my words.",
        "Add a rule on interpreters for juries.",
        "Officials never listen anyway, shame on them.",
        "Juries should meet in every region.",
    ]
    assert "Times edited 1" in words(items[0])
    assert "Rejected" in words(items[1])
    assert "Hidden" in words(items[2]) and "Rule 3: no insults." in words(items[2])
    assert "Published" in words(items[3]) and "Not answered yet" in words(items[3])
    assert items[3].find("a", href=re.compile(f"#comment-{shown}$"))
    assert items[2].find("a", href=f"http://localhost/consultations/{slug}/comments/{hidden}/")
    assert author.get(items[2].find("a", href=re.compile(str(hidden)))["href"]).status_int == 200


def test_pages_of_twenty(site, browser, database, clock):
    slug, target = site

    def act(service, consultation, store, people):
        author = people.find_by_email(AUTHOR)
        for number in range(45):
            clock.advance(timedelta(seconds=1))
            service.post(consultation, target, author, f"Comment number {number:02d}.", "for")

    with_service(database, clock, act)
    author = browser(AUTHOR)
    first = section(author.get("/my-activity"), "comments")
    assert len(first.select(".activity-item")) == 20
    assert "Comment number 44." in words(first) and "Comment number 24." not in words(first)
    older = first.find("a", rel="next")["href"]
    second = section(author.get(older), "comments")
    assert "Comment number 24." in words(second) and second.find("a", rel="prev")
    third = section(author.get(second.find("a", rel="next")["href"]), "comments")
    assert len(third.select(".activity-item")) == 5 and not third.find("a", rel="next")
    # A page number that is not one shows the first page.
    assert "Comment number 44." in words(section(author.get("/my-activity?comments=x"), "comments"))


def test_withdrawing_a_support(site, browser, database):
    slug, target = site
    author = browser(AUTHOR)
    comment = post(author, slug, target, "Juries should meet in every region.")
    reader = browser(READER)
    page = thread(reader, slug, target)
    [form] = [f for f in page.forms.values() if f.action.endswith(f"/{comment}/support")]
    assert form.submit().status_int == 303
    with database() as root:
        assert root["consultations"][slug].comments.get(comment).support_count() == 1

    supports = section(reader.get("/my-activity"), "supports")
    assert "Juries should meet in every region." in words(supports)
    assert "Written by Aigerim S." in words(supports)
    # The author's own page lists the comment as theirs, not as supported.
    assert "Juries should meet" not in words(section(author.get("/my-activity"), "supports"))

    page = reader.get("/my-activity")
    [withdraw] = [f for f in page.forms.values() if f.action.endswith("/withdraw-support")]
    done = withdraw.submit().follow()
    assert "Your support is withdrawn." in done.text
    assert "You do not support any comment." in words(section(done, "supports"))
    with database() as root:
        store = root["consultations"][slug].comments
        assert store.get(comment).support_count() == 0
        assert not store.supports(store.get(comment), root["principals"].find_by_email(READER).id)
    # The thread offers the support again.
    page = thread(reader, slug, target)
    assert [f for f in page.forms.values() if f.action.endswith(f"/{comment}/support")]
    # Withdrawing a support never given (again, or by hand) is refused and changes nothing.
    again = withdraw.submit().follow()
    assert "You do not support this comment." in again.text
    with database() as root:
        assert root["consultations"][slug].comments.get(comment).support_count() == 0


def test_withdrawing_needs_an_account_and_the_token(site, browser, database):
    slug, target = site
    comment = post(browser(AUTHOR), slug, target, "Juries should meet in every region.")
    url = f"/consultations/{slug}/comments/{comment}/withdraw-support"
    anonymous = browser()
    token = anonymous.get("/login").forms["deform"]["csrf_token"].value
    refused = anonymous.post(url, {"csrf_token": token}, status="*")
    assert refused.status_int in (303, 403) and "my-activity" not in (refused.location or "")
    reader = browser(READER)
    assert reader.post(url, {}, status=400).status_int == 400
    assert reader.post(url, {"csrf_token": "forged"}, status=400).status_int == 400


def test_my_reports_and_their_outcome(site, browser, database, clock):
    slug, target = site
    author = browser(AUTHOR)
    kept = post(author, slug, target, "Juries should meet in every region.")
    hidden = post(author, slug, target, "Officials never listen anyway, shame on them.")
    waiting = post(author, slug, target, "Add a rule on interpreters for juries.")

    def act(service, consultation, store, people):
        reader = people.find_by_email(READER)
        marat = people.find_by_email("marat@example.kz")
        for comment_id in (kept, hidden, waiting):
            clock.advance(timedelta(seconds=1))
            service.report(consultation, store.get(comment_id), reader, f"Report of {comment_id}")
        clock.advance(timedelta(minutes=5))
        service.resolve(
            consultation, store.get(kept), marat, "keep", "Sharp, but within the rules."
        )
        service.resolve(consultation, store.get(hidden), marat, "hide", "Rule 3: no insults.")

    with_service(database, clock, act)
    items = section(browser(READER).get("/my-activity"), "reports").select(".activity-item")
    assert len(items) == 3
    newest, middle, oldest = (words(item) for item in items)
    assert f"Report of {waiting}" in newest and "Waiting for a moderator's decision." in newest
    assert "A moderator hid the comment." in middle and "Rule 3: no insults." in middle
    # Another person's hidden words are no longer shown, even to who reported them.
    assert "shame on them" not in middle and "This comment is no longer shown." in middle
    assert "A moderator kept the comment shown." in oldest
    assert "Sharp, but within the rules." in oldest


def test_nothing_of_anyone_else(site, browser, database, clock, make_user):
    slug, target = site
    author = browser(AUTHOR)
    post(author, slug, target, "Juries should meet in every region.")
    make_user("other@example.kz", "Other", "Person")
    other = browser("other@example.kz").get("/my-activity")
    assert "Juries should meet" not in other.text
    assert "You have not written any comments yet." in words(section(other, "comments"))
    assert "You have not reported any comment." in words(section(other, "reports"))
    # No page for a visitor, nor for a closed account (it cannot sign in).
    assert browser().get("/my-activity").status_int == 303
    form = author.get("/close-account").forms["deform"]
    form["password"] = "correct horse battery"
    form["understood"] = True
    form.submit("close")
    assert "/login" in author.get("/my-activity").location


def test_links_to_the_page(site, browser):
    reader = browser(READER)
    account = reader.get("/account")
    assert account.html.find("a", href="http://localhost/my-activity")
    header = account.html.find("header")
    assert header.find("a", href="http://localhost/my-activity", string="My activity")
    assert not browser().get("/").html.find("a", href="http://localhost/my-activity")


def test_my_jury_applications(app, make_user, browser, database, login, make_consultation):
    make_consultation()
    make_user("organiser@example.kz", "Dana", "Organiser", roles=("organiser",))
    login(app, "organiser@example.kz")
    create_jury(app)
    assert apply(app, 1).status_int == 303
    with database() as root:
        # As a database from before the index: it is built from every application.
        root["juries"].applications_by_email = None
    assert apply(app, 2).status_int == 303
    make_user("applicant1@example.kz", "Applicant", "Number1")
    make_user("applicant2@example.kz", "Applicant", "Number2", confirmed=False)
    juries = section(browser("applicant1@example.kz").get("/my-activity"), "juries")
    [item] = juries.select(".activity-item")
    assert "How should pensions be indexed?" in words(item)
    assert "Received: the panel has not been drawn yet." in words(item)
    assert item.find("a", href="http://localhost/juries/pension-jury/")
    # An address not confirmed yet shows no application made with it.
    unconfirmed = section(browser("applicant2@example.kz").get("/my-activity"), "juries")
    assert not unconfirmed.select(".activity-item")
    assert "once you have confirmed it" in words(unconfirmed)
    with database() as root:
        index = root["juries"].applications_by_email
        assert sorted(index) == ["applicant1@example.kz", "applicant2@example.kz"]


def test_a_database_from_before_step_21_shows_old_supports_and_reports(
    site, browser, database, clock
):
    slug, target = site

    def act(service, consultation, store, people):
        author, reader = people.find_by_email(AUTHOR), people.find_by_email(READER)
        marat = people.find_by_email("marat@example.kz")
        supported = service.post(consultation, target, author, "Old words I support.", "for")
        reported = service.post(consultation, target, author, "Old words I report.", "for")
        service.post(consultation, target, reader, "My own old comment.", "for")
        service.support(supported, reader)
        service.report(consultation, reported, reader, "Off the subject entirely")
        service.resolve(consultation, reported, marat, "hide", "Rule 2: stay on the subject.")

    with_service(database, clock, act)
    with database() as root:
        # As written before step 21: supports and reports only on each comment.
        del root.people_activity
        assert root.people_activity is None
        root.generation = 20
    assert "Old words I support." not in browser(READER).get("/my-activity").text
    with database() as root:  # opening it runs the steps it has not seen, as a start does
        assert root.generation == evolution_steps().latest
        assert root.people_activity is not None
    page = browser(READER).get("/my-activity")
    assert "My own old comment." in words(section(page, "comments"))
    assert "Old words I support." in words(section(page, "supports"))
    reports = words(section(page, "reports"))
    assert "Off the subject entirely" in reports and "A moderator hid the comment." in reports
    assert "Rule 2: stay on the subject." in reports
    # The author's old comments are theirs again, the support can be withdrawn.
    assert "Old words I report." in words(section(browser(AUTHOR).get("/my-activity"), "comments"))
    [withdraw] = [f for f in page.forms.values() if f.action.endswith("/withdraw-support")]
    assert "You do not support any comment." in words(
        section(withdraw.submit().follow(), "supports")
    )
