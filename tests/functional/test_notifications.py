"""Notifications through the real app: the centre (the header's count, a
paged list, mark one and all as read), the choices per kind, the mail at
once with its one-click unsubscribe (and a tampered link), the digests
(run twice; a mail server failing halfway), following and the stages of
a followed consultation."""

import re
import urllib.parse
from datetime import timedelta

import pytest
from functional.test_feedback import comment_in, posted_id, said, thread
from webtest import TestApp

from consult.scripts.digests import run_digests

SLUG = "citizens-juries"


def reply(app, target, comment_id, text="Twenty-five is the maximum anyway."):
    page = thread(app, SLUG, target)
    link = comment_in(page, comment_id).find("a", href=re.compile(r"reply"))
    reply_page = app.get(link["href"])
    form = reply_page.forms["reply-form"]
    form["text"] = text
    posted = form.submit("post")
    if "#comment-" not in posted.headers.get("Location", ""):
        # Past a few replies a reply is read on its comment's own page.
        assert posted.status_int == 303, posted.text
        return None
    return posted_id(posted)


def header_count(page):
    link = page.html.find("a", href=re.compile(r"/notifications$"))
    return said(link)


def choose(app, **frequencies):
    page = app.get("/notification-settings")
    form = page.forms["deform"]
    for kind, frequency in frequencies.items():
        form[kind] = frequency
    return form.submit("save")


def mail_to(outbox, address):
    return [m for m in outbox.messages() if address in m["To"]]


def body_of(message):
    return message.get_body(("plain",)).get_content()


def test_the_centre_counts_lists_and_marks_read(browser, discussion, clock):
    target, comment_id = discussion
    aigerim, marat = browser("aigerim@example.kz"), browser("marat@example.kz")
    assert header_count(aigerim.get("/")) == "Notifications"
    for number in range(22):
        clock.advance(timedelta(minutes=1))
        reply(marat, target, comment_id, f"Reply number {number} to your comment.")
    assert header_count(aigerim.get("/")) == "Notifications (22 unread)"
    page = aigerim.get("/notifications")
    items = page.html.select("ol.notifications > li")
    assert len(items) == 20 and "Marat O. replied to your comment" in said(items[0])
    second = aigerim.get(page.html.find("a", rel="next")["href"])
    assert len(second.html.select("ol.notifications > li")) == 2
    form = [f for f in page.forms.values() if f.action.endswith("mark-notification-read")][0]
    form.submit().follow()
    assert header_count(aigerim.get("/")) == "Notifications (21 unread)"
    bad = aigerim.post(
        "/mark-notification-read",
        {"key": "not a number", "csrf_token": form["csrf_token"].value},
        status=400,
    )
    assert bad.status_int == 400
    [all_form] = [f for f in page.forms.values() if f.action.endswith("mark-notifications-read")]
    all_form.submit().follow()
    assert header_count(aigerim.get("/")) == "Notifications"
    # Someone else's page is their own; a visitor is sent to sign in.
    assert "Nothing yet" in marat.get("/notifications").text
    assert browser().get("/notifications").status_int == 303


def test_choices_are_kept_and_a_wrong_one_is_refused(browser, discussion, outbox):
    target, comment_id = discussion
    aigerim, marat = browser("aigerim@example.kz"), browser("marat@example.kz")
    page = choose(aigerim, reply="immediate").follow()
    assert "Your notification choices are saved" in page.text
    reply(marat, target, comment_id)
    [message] = mail_to(outbox, "aigerim@example.kz")
    assert message["Subject"] == "Marat O. replied to your comment"
    choose(aigerim, reply="off")
    reply(marat, target, comment_id, "Another reply, this one not mailed.")
    assert len(mail_to(outbox, "aigerim@example.kz")) == 1
    assert header_count(aigerim.get("/")) == "Notifications (2 unread)"  # still listed
    # A value no form offers: the form again with a message, nothing saved.
    form = aigerim.get("/notification-settings").forms["deform"]
    fields = [(name, value) for name, value in form.submit_fields() if name != "reply"]
    refused = aigerim.post(
        "/notification-settings", fields + [("reply", "hourly"), ("save", "save")]
    )
    assert refused.status_int == 200 and "error" in refused.text
    assert aigerim.get("/notification-settings").forms["deform"]["reply"].value == "off"


def test_one_click_unsubscribe_and_a_tampered_link(browser, discussion, outbox, database, wsgi_app):
    target, comment_id = discussion
    aigerim, marat = browser("aigerim@example.kz"), browser("marat@example.kz")
    choose(aigerim, reply="immediate")
    reply(marat, target, comment_id)
    [message] = mail_to(outbox, "aigerim@example.kz")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message["List-Unsubscribe"].strip("<>")
    assert link in body_of(message)
    path = urllib.parse.urlsplit(link)
    url = f"{path.path}?{path.query}"
    # A tampered link: a clear page, nothing changed.
    token = urllib.parse.parse_qs(path.query)["token"][0]
    userid, kind, signature = token.split(".")
    for bad in (
        f"{userid}.answer.{signature}",
        f"{userid}.{kind}.{signature[:-1]}x",
        "nonsense",
        "",
    ):
        page = browser().get("/unsubscribe", {"token": bad}, status=400)
        assert "This link is not valid" in page.text
        posted = TestApp(wsgi_app).post(
            "/unsubscribe?" + urllib.parse.urlencode({"token": bad}),
            {"List-Unsubscribe": "One-Click"},
            status=400,
        )
        assert "This link is not valid" in posted.text
    assert aigerim.get("/notification-settings").forms["deform"]["reply"].value == "immediate"
    # Opening the link asks for a click (mail scanners open links).
    page = browser().get(url)
    assert "Stop e-mailing me this" in page.text
    assert aigerim.get("/notification-settings").forms["deform"]["reply"].value == "immediate"
    # The mail provider's one-click POST: no cookie, no token, the signature.
    done = TestApp(wsgi_app).post(url, {"List-Unsubscribe": "One-Click"})
    assert "we no longer e-mail you this" in done.text
    assert aigerim.get("/notification-settings").forms["deform"]["reply"].value == "off"
    reply(marat, target, comment_id, "Not mailed any more.")
    assert len(mail_to(outbox, "aigerim@example.kz")) == 1


def test_a_digest_is_sent_once_per_period(browser, discussion, outbox, wsgi_app, clock):
    target, comment_id = discussion
    marat = browser("marat@example.kz")
    reply(marat, target, comment_id, "First reply.")
    reply(marat, target, comment_id, "Second reply.")
    assert mail_to(outbox, "aigerim@example.kz") == []  # a reply waits for the daily digest
    assert run_digests(wsgi_app.registry)["sent"] == 1
    assert run_digests(wsgi_app.registry)["sent"] == 0  # the same day again: nothing
    [digest] = mail_to(outbox, "aigerim@example.kz")
    assert digest["Subject"] == "Your daily digest: 2 new"
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body = body_of(digest)
    assert "■ Introducing citizens' juries" in body
    assert body.count("• Marat O. replied to your comment") == 2
    # Short lines for a phone (addresses aside, which mail programs wrap as links).
    assert max(len(line) for line in body.splitlines() if "http" not in line) < 80
    # Something new the same day waits for the next day's digest.
    reply(marat, target, comment_id, "Third reply.")
    assert run_digests(wsgi_app.registry)["sent"] == 0
    clock.advance(timedelta(days=1))
    assert run_digests(wsgi_app.registry)["sent"] == 1
    assert len(mail_to(outbox, "aigerim@example.kz")) == 2
    assert "Third reply" not in body_of(mail_to(outbox, "aigerim@example.kz")[-1])
    assert "1 new" in mail_to(outbox, "aigerim@example.kz")[-1]["Subject"]


def test_a_mail_server_failing_halfway_loses_nothing_and_sends_nothing_twice(
    browser, discussion, outbox, wsgi_app, database, clock, monkeypatch
):
    target, comment_id = discussion
    marat, dana = browser("marat@example.kz"), browser("dana@example.kz")
    first = reply(marat, target, comment_id, "Marat replies.")
    reply(dana, target, first, "Dana answers Marat.")  # Marat gets a reply too
    mailer = wsgi_app.registry["consult.mailer"]
    deliver = mailer.send_immediately
    calls = []

    def failing_after_one(message):
        calls.append(message)
        if len(calls) > 1:
            raise ConnectionRefusedError("the mail server went away")
        deliver(message)

    monkeypatch.setattr(mailer, "send_immediately", failing_after_one)
    done = run_digests(wsgi_app.registry)
    assert (done["sent"], done["failed"]) == (1, 1)
    sent_first = [m["To"] for m in outbox.messages() if "digest" in m["Subject"]]
    assert len(sent_first) == 1
    monkeypatch.setattr(mailer, "send_immediately", deliver)
    done = run_digests(wsgi_app.registry)
    assert (done["sent"], done["failed"]) == (1, 0)
    done = run_digests(wsgi_app.registry)
    assert (done["sent"], done["failed"]) == (0, 0)
    digests = sorted(m["To"] for m in outbox.messages() if "digest" in m["Subject"])
    assert digests == ["aigerim@example.kz", "marat@example.kz"]


def test_following_a_consultation_its_stages_and_the_following_page(
    browser, discussion, outbox, wsgi_app, clock, database
):
    dana = browser("dana@example.kz")
    page = dana.get(f"/consultations/{SLUG}/")
    [form] = [
        f
        for f in page.forms.values()
        if f.action.endswith("/follow") and f["what"].value == "consultation"
    ]
    page = form.submit().follow()
    assert "You follow this." in page.text
    for what in ("ministry", "tag"):
        [form] = [
            f
            for f in page.forms.values()
            if f.action.endswith("/follow") and f["what"].value == what
        ]
        page = form.submit().follow()
    listed = dana.get("/following")
    rows = listed.html.select("tbody tr")
    assert [said(row.find_all("td")[0]) for row in rows] == [
        "A consultation",
        "An organisation",
        "A topic",
    ]
    assert "Introducing citizens' juries" in said(rows[0])
    # Following something that does not exist is refused.
    [form, *_rest] = [f for f in listed.forms.values() if f.action.endswith("/unfollow")]
    token = form["csrf_token"].value
    bad = dana.post(
        "/follow", {"what": "consultation", "slug": "no-such", "csrf_token": token}, status=400
    )
    assert bad.status_int == 400
    # The white paper closes in 30 days: a run after that tells the follower, once.
    clock.advance(timedelta(days=31))
    assert run_digests(wsgi_app.registry)["announced"] >= 1
    with database() as root:
        dana_id = root["principals"].find_by_email("dana@example.kz").id
        inbox = root.notifications.inbox(dana_id)
        stages = [n for n in inbox.items.values() if n.kind == "stage"]
        assert len(stages) == 1
    assert run_digests(wsgi_app.registry)["announced"] == 0
    # Unfollow from the page; a second unfollow of the same is refused.
    [form, *_rest] = [
        f for f in dana.get("/following").forms.values() if f.action.endswith("/unfollow")
    ]
    form.submit().follow()
    assert len(dana.get("/following").html.select("tbody tr")) == 2
    again = dana.post(
        "/unfollow",
        {
            "what": form["what"].value,
            "key": form["key"].value,
            "csrf_token": form["csrf_token"].value,
        },
        status=400,
    )
    assert again.status_int == 400


GREETING = {"kk": "Сәлеметсіз бе, ", "ru": "Здравствуйте, ", "en": "Hello "}
REPLIED = {
    "kk": "Marat O. пікіріңізге жауап жазды",
    "ru": "Marat O. ответил(а) на ваш комментарий",
    "en": "Marat O. replied to your comment",
}
DIGEST = {
    "kk": "Күнделікті шолу: 1 жаңа хабарлама",
    "ru": "Ежедневная сводка: новых уведомлений — 1",
    "en": "Your daily digest: 1 new",
}
STOP = {
    "kk": "Мұндай хаттарды тоқтату: http://localhost/unsubscribe?token=",
    "ru": "Отписаться от писем этого вида: http://localhost/unsubscribe?token=",
    "en": "Stop e-mails of this kind: http://localhost/unsubscribe?token=",
}


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_new_mail_is_in_the_recipients_language(
    language, wsgi_app, discussion, outbox, database, login
):
    """A reply mailed at once and a daily digest reach a kk, a ru and an en
    reader in their language, whoever's request wrote them (the replier
    browses in another)."""
    target, comment_id = discussion
    with database() as root:
        principals = root["principals"]
        principals.find_by_email("aigerim@example.kz").language = language
    aigerim = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": language})
    login(aigerim, "aigerim@example.kz")
    choose(aigerim, reply="immediate")
    other = {"kk": "ru", "ru": "en", "en": "kk"}[language]
    marat = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": other})
    login(marat, "marat@example.kz")
    reply(marat, target, comment_id, "Twenty-five is the maximum.")
    [message] = mail_to(outbox, "aigerim@example.kz")
    assert message["Subject"] == REPLIED[language]
    body = body_of(message)
    assert body.startswith(GREETING[language] + "Aigerim")
    assert STOP[language] in body
    # The next reply waits for the daily digest.
    choose(aigerim, reply="daily")
    reply(marat, target, comment_id, "Regions may convene more.")
    run_digests(wsgi_app.registry)
    [_message, digest] = mail_to(outbox, "aigerim@example.kz")
    assert digest["Subject"] == DIGEST[language]
    assert body_of(digest).startswith(GREETING[language] + "Aigerim")


def test_following_an_article_tells_of_its_new_comments(browser, discussion, database):
    target, _comment_id = discussion
    dana, marat = browser("dana@example.kz"), browser("marat@example.kz")
    page = thread(dana, SLUG, target)
    [form] = [f for f in page.forms.values() if f.action.endswith("/follow")]
    assert form["what"].value == "article"
    page = form.submit().follow()
    assert "You follow this." in page.text
    assert "Article 3 of “Introducing citizens' juries”" in dana.get("/following").text
    page = thread(marat, SLUG, target)
    formid = f"form-thread-{target.replace(':', '-')}"
    form = page.forms[formid]
    form["text"] = "Regional juries should be larger than fifteen people."
    form[f"{formid}-stance"] = "against"
    assert form.submit("post").status_int == 303
    with database() as root:
        dana_id = root["principals"].find_by_email("dana@example.kz").id
        [notification] = root.notifications.inbox(dana_id).items.values()
        assert notification.kind == "followed"
        assert notification.subject_message().interpolate() == (
            "A new comment on an article you follow"
        )
    # A visitor is asked to sign in instead of a button.
    assert "Sign in to follow" in thread(browser(), SLUG, target).text
