"""Reports reach a moderator (issue 18, item 1), through the real app: every
reported comment in its consultation's queue and in the site's, with its
reports' reasons and their authors' account age and level; filters and
pages; moderators only; a decision on the reports tells the reporters (in
their language) and the author (why, with the rules); one appeal, decided
by another moderator; every decision on the audit log."""

from datetime import timedelta

import pytest
from conftest import _login
from functional.test_feedback import (
    article_target,
    comment_in,
    make_older,
    posted_id,
    report,
    said,
    thread,
    write,
)
from functional.test_mail_language import FOOT, GREETING, LANGUAGES, SENDER, body_of, mail_to
from webtest import TestApp

from consult.feedback.services import FeedbackService

RULES = "http://localhost/pages/rules"
OUTCOME = {
    "en": "The outcome of your report",
    "kk": "Шағымыңыздың нәтижесі",
    "ru": "Результат рассмотрения вашей жалобы",
}
HIDDEN_SUBJECT = "A moderator has hidden your comment"
APPEAL_SUBJECT = "The decision on your appeal"


@pytest.fixture
def people(browser, database, make_user, make_consultation):
    """A consultation, an author who commented, two moderators, and a
    browser per person: people.author, people.marat, people.dana ..."""
    slug = make_consultation()
    target = article_target(database, slug)
    make_user("author@example.kz", "Aigerim", "Serikova")
    make_user("marat@example.kz", "Marat", "Moderov", roles=("moderator",))
    make_user("dana@example.kz", "Dana", "Moderova", roles=("moderator",))
    author = browser("author@example.kz")
    comment = posted_id(write(thread(author, slug, target), target, "Sharp words on juries."))

    class People:
        pass

    found = People()
    found.slug, found.target, found.comment = slug, target, comment
    found.author = author
    found.marat = browser("marat@example.kz")
    found.dana = browser("dana@example.kz")
    return found


def reporter(browser, database, make_user, address, language="en", days=30):
    make_user(address, address.split("@")[0].title(), "Reporter")
    make_older(database, address, days=days)
    with database() as root:
        root["principals"].find_by_email(address).language = language
    return browser(address)


def queue(app, path, **params):
    return app.get(path, params=params)


def items(page):
    return page.html.select(".queue-item")


def test_one_report_reaches_both_queues_with_who_made_it(people, browser, database, make_user, app):
    slug, comment = people.slug, people.comment
    saule = reporter(browser, database, make_user, "saule@example.kz", days=40)
    assert report(saule, comment, slug, reason="Calls another participant names").status_int == 303
    # One report weighs too little to hide the comment: it stays shown...
    assert "Sharp words on juries." in said(comment_in(thread(app, slug, people.target), comment))

    # ...and reaches both queues, with the reason, the count, and the
    # reporter's account age and verification level.
    for path in (f"/consultations/{slug}/comments/", "/moderation"):
        page = queue(people.marat, path)
        [item] = items(page)
        text = said(item)
        assert "Sharp words on juries." in text
        assert "Reports: 1, awaiting a decision: 1" in text
        assert "Calls another participant names" in text
        assert said(item.select_one(".reporter-age")) == "1 month"
        assert said(item.select_one(".reporter-level")) in (
            "Not verified",
            "A confirmed e-mail address",
        )
    # The site-wide queue names the consultation.
    assert (
        "citizens-juries"
        in queue(people.marat, "/moderation").html.select_one(".queue-item .meta a")["href"]
    )

    # On the thread, the moderators see the comment is reported; nobody else does.
    mark = comment_in(thread(people.marat, slug, people.target), comment).select_one(
        ".reported-mark"
    )
    assert "Reports awaiting a decision: 1" in said(mark)
    for person in (people.author, saule, app):
        assert (
            comment_in(thread(person, slug, people.target), comment).select_one(".reported-mark")
            is None
        )

    # The header leads moderators to the site's queue, the consultation page to its own.
    home = people.marat.get("/")
    assert home.html.find("a", href="http://localhost/moderation")
    assert not people.author.get("/").html.find("a", href="http://localhost/moderation")
    page = people.marat.get(f"/consultations/{slug}/")
    assert page.html.find("a", href=f"http://localhost/consultations/{slug}/comments/")
    page = people.author.get(f"/consultations/{slug}/")
    assert not page.html.find("a", href=f"http://localhost/consultations/{slug}/comments/")


def test_the_queues_are_for_moderators_only(people, app):
    for path in ("/moderation", f"/consultations/{people.slug}/comments/?show=hidden"):
        people.author.get(path, status=403)
        assert app.get(path, status=303).headers["Location"].startswith("http://localhost/login")
    people.marat.get("/moderation?show=everything", status=404)


def test_filters_and_pages_oldest_first(people, browser, database, make_user, clock):
    slug, target = people.slug, people.target
    make_user("seeder@example.kz", "Seeder", "Seedova")
    reporter(browser, database, make_user, "saule@example.kz")
    ids = []
    with database() as root:
        consultation = root["consultations"][slug]
        seeder = root["principals"].find_by_email("seeder@example.kz")
        saule = root["principals"].find_by_email("saule@example.kz")
        service = FeedbackService(clock, {})
        for number in range(24):
            clock.advance(timedelta(seconds=1))
            posted = service.post(consultation, target, seeder, f"Seeded {number:02d}.", "for")
            service.report(consultation, posted, saule, f"Reason {number:02d}")
            ids.append(posted.id)
        marat = root["principals"].find_by_email("marat@example.kz")
        service.hide(consultation, consultation.comments.get(ids[0]), marat, "Rule 3 broken.")
        consultation.comments.set_state(consultation.comments.get(ids[1]), "pending")
    # The author's comment (reported by nobody) is in no queue; 23 reported
    # remain, oldest first: 20 on the first page, 3 on the second.
    for path in (f"/consultations/{slug}/comments/", "/moderation"):
        first = queue(people.marat, path)
        shown = [int(item.select_one("article")["id"].split("-")[1]) for item in items(first)]
        assert shown == ids[1:21]
        assert first.html.find("a", rel="next") and not first.html.find("a", rel="prev")
        second = people.marat.get(first.html.find("a", rel="next")["href"])
        shown = [int(item.select_one("article")["id"].split("-")[1]) for item in items(second)]
        assert shown == ids[21:]
        assert second.html.find("a", rel="prev") and not second.html.find("a", rel="next")

        [pending] = items(queue(people.marat, path, show="pending"))
        assert "Seeded 01." in said(pending)
        [hidden] = items(queue(people.marat, path, show="hidden"))
        assert "Seeded 00." in said(hidden) and "Reason 00" in said(hidden)
        assert not items(queue(people.marat, path, show="appealed"))
        assert "Nothing here." in said(queue(people.marat, path, show="appealed"))


def resolve(app, slug, comment, decision, reason):
    page = app.get(f"/consultations/{slug}/comments/{comment}/resolve")
    form = page.forms["deform"]
    form["decision"] = decision
    form["reason"] = reason
    return form.submit("resolve")


def test_deciding_on_reports_tells_reporters_and_author(
    people, browser, database, make_user, outbox, app
):
    slug, comment = people.slug, people.comment
    for address, language in (("kk@example.kz", "kk"), ("ru@example.kz", "ru")):
        person = reporter(browser, database, make_user, address, language)
        assert report(person, comment, slug, reason=f"Rude ({language})").status_int == 303

    # The decision form shows the reports' reasons.
    page = people.marat.get(f"/consultations/{slug}/comments/{comment}/resolve")
    assert "Rude (kk)" in said(page) and "Rude (ru)" in said(page)
    # A decision needs a reason.
    response = resolve(people.marat, slug, comment, "hide", "")
    assert "Please give a reason: the author will see it." in said(response)
    response = resolve(people.marat, slug, comment, "hide", "Rule 3: no insults.")
    assert response.status_int == 303
    assert "Sharp words" not in said(comment_in(thread(app, slug, people.target), comment))
    assert not items(queue(people.marat, f"/consultations/{slug}/comments/"))

    # Each reporter is told, in their own language, with the reason.
    for address, language in (("kk@example.kz", "kk"), ("ru@example.kz", "ru")):
        [message] = mail_to(outbox, address)
        assert message["Subject"] == OUTCOME[language]
        assert "Rule 3: no insults." in body_of(message)
    # The author learns why, where the rules are, and how to appeal.
    [message] = mail_to(outbox, "author@example.kz")
    assert message["Subject"] == HIDDEN_SUBJECT
    body = body_of(message)
    assert "Rule 3: no insults." in body and RULES in body
    assert f"http://localhost/consultations/{slug}/comments/{comment}/appeal" in body
    # Reports settled: no second decision on them.
    response = resolve(people.marat, slug, comment, "keep", "Changed my mind.")
    assert "no reports waiting for a decision" in said(response)


def test_keeping_a_reported_comment_shown(people, browser, database, make_user, outbox, app):
    slug, comment = people.slug, people.comment
    person = reporter(browser, database, make_user, "saule@example.kz")
    report(person, comment, slug, reason="I disagree with it")
    response = resolve(people.marat, slug, comment, "keep", "Disagreement is not a reason.")
    assert response.status_int == 303
    assert "Sharp words" in said(comment_in(thread(app, slug, people.target), comment))
    [message] = mail_to(outbox, "saule@example.kz")
    assert message["Subject"] == OUTCOME["en"]
    assert "it stays shown" in body_of(message)
    assert not mail_to(outbox, "author@example.kz")
    mark = comment_in(thread(people.marat, slug, people.target), comment).select_one(
        ".reported-mark"
    )
    assert mark is None


def appeal(app, slug, comment, text):
    page = app.get(f"/consultations/{slug}/comments/{comment}/appeal")
    if "deform" not in page.forms:
        return page
    form = page.forms["deform"]
    form["reason"] = text
    return form.submit("appeal")


def test_one_appeal_decided_by_another_moderator(people, outbox, database, app, browser):
    slug, comment = people.slug, people.comment
    hide = people.marat.get(f"/consultations/{slug}/comments/{comment}/hide").forms["deform"]
    hide["reason"] = "Rule 2: stay on the subject."
    assert hide.submit("hide").status_int == 303

    # Only the author may appeal, and they are shown the way on their comment.
    own = comment_in(thread(people.author, slug, people.target), comment)
    assert own.find("a", string="Appeal")
    browser().get(f"/consultations/{slug}/comments/{comment}/appeal", status=303)
    people.dana.get(f"/consultations/{slug}/comments/{comment}/appeal", status=403)
    assert appeal(people.author, slug, comment, "It is about article 3.").status_int == 303
    # Once.
    page = appeal(people.author, slug, comment, "Please look again.")
    assert "a comment can be appealed once" in said(page)
    assert not comment_in(thread(people.author, slug, people.target), comment).find(
        "a", string="Appeal"
    )

    # It waits in the appealed queue, with its text.
    [item] = items(queue(people.dana, "/moderation", show="appealed"))
    assert "It is about article 3." in said(item)

    # The moderator who hid it may not decide it.
    page = people.marat.get(f"/consultations/{slug}/comments/{comment}/decide-appeal")
    assert "another moderator decides the appeal" in said(page)
    assert "deform" not in page.forms
    # Another moderator does, from the queue, and returns to it; the author is told.
    [item] = items(queue(people.dana, "/moderation", show="appealed"))
    page = people.dana.get(item.find("a", string="Decide the appeal")["href"])
    assert "It is about article 3." in said(page)
    form = page.forms["deform"]
    form["decision"] = "restore"
    form["reason"] = "It is on article 3 after all."
    response = form.submit("decide-appeal")
    assert response.headers["Location"] == "http://localhost/moderation?show=appealed"
    assert "Sharp words" in said(comment_in(thread(app, slug, people.target), comment))
    [message] = [m for m in mail_to(outbox, "author@example.kz") if m["Subject"] == APPEAL_SUBJECT]
    assert "is shown again" in body_of(message)
    assert "It is on article 3 after all." in body_of(message)
    assert not items(queue(people.dana, "/moderation", show="appealed"))

    # Every decision is on the audit log, with who made it.
    with database() as root:
        log = root["audit"]
        entries = [log.get(number) for number in range(1, len(log) + 1)]
        principals = root["principals"]
        actors = {
            entry.action: principals.get(entry.actor).email
            for entry in entries
            if entry.action.startswith("comment.")
        }
    assert actors == {
        "comment.hidden": "marat@example.kz",
        "comment.appealed": "author@example.kz",
        "comment.appeal_decided": "dana@example.kz",
    }


def test_an_appeal_refused_keeps_the_comment_hidden(people, outbox, app):
    slug, comment = people.slug, people.comment
    hide = people.marat.get(f"/consultations/{slug}/comments/{comment}/hide").forms["deform"]
    hide["reason"] = "Rule 2: stay on the subject."
    hide.submit("hide")
    appeal(people.author, slug, comment, "It is about article 3.")
    form = people.dana.get(f"/consultations/{slug}/comments/{comment}/decide-appeal").forms[
        "deform"
    ]
    form["decision"] = "uphold"
    form["reason"] = "It is about pensions, not juries."
    assert form.submit("decide-appeal").status_int == 303
    assert "Sharp words" not in said(comment_in(thread(app, slug, people.target), comment))
    own = said(comment_in(thread(people.author, slug, people.target), comment))
    assert "the comment stays hidden" in own
    [message] = [m for m in mail_to(outbox, "author@example.kz") if m["Subject"] == APPEAL_SUBJECT]
    assert "stays hidden" in body_of(message) and RULES in body_of(message)


def test_a_moderator_in_kazakh_mails_a_russian_reporter_in_russian(
    people, wsgi_app, database, make_user, browser, outbox
):
    slug, comment = people.slug, people.comment
    person = reporter(browser, database, make_user, "ru@example.kz", "ru")
    report(person, comment, slug)
    marat = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "kk"})
    _login(marat, "marat@example.kz")
    marat.get("/set-language", params={"lang": "kk"})
    assert resolve(marat, slug, comment, "keep", "Ережелерді бұзбайды.").status_int == 303
    [message] = mail_to(outbox, "ru@example.kz")
    assert message["Subject"] == OUTCOME["ru"]
    assert body_of(message).startswith("Здравствуйте, Ru")


# The subjects of the three kinds of mail, in (kk, ru) as the catalogs have them.
SUBJECTS = {
    "The outcome of your report": (OUTCOME["kk"], OUTCOME["ru"]),
    HIDDEN_SUBJECT: ("Модератор пікіріңізді жасырды", "Модератор скрыл ваш комментарий"),
    APPEAL_SUBJECT: ("Апелляцияңыз бойынша шешім", "Решение по вашей апелляции"),
}


def only_mail_in(outbox, address, msgid, language):
    """The one message `msgid` to `address`, written in `language` from its
    greeting to the links to the site in the two other languages."""
    wanted = msgid if language == "en" else SUBJECTS[msgid][LANGUAGES.index(language)]
    [message] = [m for m in mail_to(outbox, address) if m["Subject"] == wanted]
    body = body_of(message)
    assert body.startswith(GREETING[language]), body[:80]
    foot = body[body.index("\n-- \nconsult\n") :]
    for other in LANGUAGES:
        assert (FOOT[other] in foot) is (other != language), foot
    return body


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_moderation_mail_is_in_its_recipients_language(
    language, people, wsgi_app, database, make_user, browser, outbox
):
    """Reporter and author read `language`; both moderators browse in another."""
    slug, comment = people.slug, people.comment
    with database() as root:
        root["principals"].find_by_email("author@example.kz").language = language
    person = reporter(browser, database, make_user, "saule@example.kz", language)
    report(person, comment, slug)

    def moderator(address):
        app = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": SENDER[language]})
        _login(app, address)
        return app

    assert (
        resolve(moderator("marat@example.kz"), slug, comment, "hide", "Rule 3.").status_int == 303
    )
    body = only_mail_in(outbox, "saule@example.kz", "The outcome of your report", language)
    assert "Rule 3." in body
    body = only_mail_in(outbox, "author@example.kz", HIDDEN_SUBJECT, language)
    assert "Rule 3." in body and RULES in body

    appeal(people.author, slug, comment, "It is about article 3.")
    dana = moderator("dana@example.kz")
    form = dana.get(f"/consultations/{slug}/comments/{comment}/decide-appeal").forms["deform"]
    form["decision"] = "uphold"
    form["reason"] = "Still rule 3."
    assert form.submit("decide-appeal").status_int == 303
    body = only_mail_in(outbox, "author@example.kz", APPEAL_SUBJECT, language)
    assert "Still rule 3." in body and RULES in body
