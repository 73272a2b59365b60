"""Comments through the real app: the whole life of one (register, confirm,
comment on article 3, reply, support, report until hidden, moderate), then
threads as pages show them, pre-moderation and the moderators' queue."""

import re
from datetime import timedelta

import pytest
from pages import thread_page
from webtest import TestResponse

from consult.feedback.services import FeedbackService

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def thread(app, slug, target, **params):
    return thread_page(app, slug, target, **params)


def form_posting_to(page, ending):
    [form] = [f for f in page.forms.values() if f.action.endswith(ending)]
    return form


def comment_in(page, comment_id):
    return page.html.find(id=f"comment-{comment_id}")


def said(element):
    """What a reader reads in a page (a response) or an element, without markup."""
    if isinstance(element, TestResponse):
        element = element.html
    return " ".join(element.get_text().split())


def posted_id(response):
    assert response.status_int == 303, response.text
    return int(re.search(r"#comment-(\d+)$", response.headers["Location"]).group(1))


def article_target(database, slug, number="3"):
    with database() as root:
        return root["consultations"][slug].current_draft()[number].target


def write(page, target, text, stance="against"):
    formid = f"form-thread-{target.replace(':', '-')}"
    form = page.forms[formid]
    form["text"] = text
    form[f"{formid}-stance"] = stance
    return form.submit("post")


def report(app, comment_id, slug, reason="Insults another participant"):
    page = app.get(f"/consultations/{slug}/comments/{comment_id}/report")
    form = page.forms["deform"]
    form["reason"] = reason
    return form.submit("report")


def make_older(database, *addresses, days=30):
    """Make accounts `days` old: a report counts only from an account older
    than a day (consult.report_weight.new_account_hours)."""
    with database() as root:
        for address in addresses:
            root["principals"].find_by_email(address).created -= timedelta(days=days)


def test_a_comments_whole_life(app, browser, outbox, database, make_user, make_consultation):
    slug = make_consultation()
    target = article_target(database, slug)

    # A citizen registers through the real form and confirms the address.
    form = app.get("/register").forms["deform"]
    form["first_name"], form["last_name"] = "Nurlan", "Bekov"
    form["email"] = "nurlan@example.kz"
    form["password"] = form["password-confirm"] = "a good long password"
    assert form.submit("register").status_int == 303
    [body] = outbox.bodies_to("nurlan@example.kz")
    app.get(re.search(r"http://localhost(/\S+)", body).group(1), status=303)

    # Signed in and confirmed, Nurlan comments on article 3.
    page = thread(app, slug, target)
    assert "Comments: <strong>0</strong>" in page.text
    response = write(page, target, "Fifteen jurors are too few for Karaganda.")
    first = posted_id(response)
    assert response.headers["Location"].startswith(
        f"http://localhost/consultations/{slug}/drafts/1/3/#comment-"
    )
    page = thread(app, slug, target)
    article = comment_in(page, first)
    assert "Fifteen jurors are too few" in article.text
    assert "Nurlan B." in article.text and "Against" in article.text
    assert "Comments: <strong>1</strong>" in page.text
    assert "Against: 1" in page.text

    # Another person replies, through the Reply link under the comment.
    for address, first_name in [
        ("daniyar@example.kz", "Daniyar"),
        ("saule@example.kz", "Saule"),
        ("erlan@example.kz", "Erlan"),
        ("gulnara@example.kz", "Gulnara"),
    ]:
        make_user(address, first_name, "Ospanova")
    make_older(database, "daniyar@example.kz", "saule@example.kz", "erlan@example.kz")
    daniyar = browser("daniyar@example.kz")
    page = thread(daniyar, slug, target)
    reply_page = daniyar.get(comment_in(page, first).find("a", string="Reply")["href"])
    form = reply_page.forms["reply-form"]
    form["text"] = "Karaganda region is large, but 25 is the maximum anyway."
    reply = posted_id(form.submit("post"))
    page = thread(daniyar, slug, target)
    nested = comment_in(page, first).find_parent("li").find(id=f"comment-{reply}")
    assert nested is not None and "Daniyar O." in nested.text

    # A third supports the first comment; the author cannot.
    saule = browser("saule@example.kz")
    page = thread(saule, slug, target)
    assert form_posting_to(page, f"/comments/{first}/support").submit().status_int == 303
    page = thread(saule, slug, target)
    assert "Supported by 1" in comment_in(page, first).text
    assert "You support this" in comment_in(page, first).text
    assert not [
        f
        for f in thread(app, slug, target).forms.values()
        if f.action.endswith(f"/{first}/support")
    ]

    # Three people (with accounts a month old) report it: it is hidden until
    # a moderator reviews it.
    for person in (daniyar, saule, browser("erlan@example.kz")):
        assert report(person, first, slug).status_int == 303
    anonymous = browser()
    page = thread(anonymous, slug, target)
    hidden = comment_in(page, first)
    assert "Hidden while a moderator reviews it" in hidden.text
    assert "Fifteen jurors" not in page.text
    assert "Comments: <strong>1</strong>" in page.text  # the reply is still there
    own = comment_in(thread(app, slug, target), first)
    assert "Hidden after several reports, awaiting review." in own.text

    # A moderator hides the reply, with a reason its author sees.
    make_user("moderator@example.kz", "Marat", "Moderov", roles=("moderator",))
    moderator = browser("moderator@example.kz")
    queue = moderator.get(f"/consultations/{slug}/comments/")
    assert "Insults another participant" in queue.text  # the reports' reasons
    page = thread(moderator, slug, target)
    hide_page = moderator.get(comment_in(page, reply).find("a", string="Hide")["href"])
    form = hide_page.forms["deform"]
    form["reason"] = "Rule 3: argue with the idea, not the person."
    assert form.submit("hide").status_int == 303

    page = thread(daniyar, slug, target)
    mine = comment_in(page, reply)
    assert "Hidden by a moderator" in mine.text
    assert "Rule 3: argue with the idea, not the person." in mine.text
    page = thread(anonymous, slug, target)
    assert "Hidden by a moderator" in comment_in(page, reply).text
    assert "Rule 3" not in page.text and "25 is the maximum" not in page.text
    assert "Comments: <strong>0</strong>" in page.text

    # The moderator sees the whole record on the comment's own page.
    history = moderator.get(f"/consultations/{slug}/comments/{reply}/")
    assert "Moderation history" in history.text and "Marat M." in history.text
    assert "Rule 3" in history.text
    assert (
        "Moderation history" not in anonymous.get(f"/consultations/{slug}/comments/{reply}/").text
    )

    # Nobody's e-mail address shows in any of these pages.
    for person in (app, daniyar, saule, moderator, anonymous):
        assert not EMAIL.findall(thread(person, slug, target).text)
    assert not EMAIL.findall(history.text)


# -- threads as pages show them ---------------------------------------------


@pytest.fixture
def seed(database, clock, make_user):
    """seed(slug, target, n) stores n comments by one author, a second apart,
    through the service; returns their ids, oldest first."""

    def make(slug, target, n, parent=None, author="seeder@example.kz"):
        with database() as root:
            known = root["principals"].find_by_email(author) is not None
        if not known:
            make_user(author, "Seeder", "Seedova")
        ids = []
        for i in range(n):
            with database() as root:
                consultation = root["consultations"][slug]
                parent_comment = consultation.comments.get(parent) if parent else None
                comment = FeedbackService(clock, {}).post(
                    consultation,
                    target,
                    root["principals"].find_by_email(author),
                    f"Seeded comment number {i}.",
                    ("for", "against", "neutral")[i % 3],
                    parent=parent_comment,
                )
                ids.append(comment.id)
            clock.advance(timedelta(seconds=1))
        return ids

    return make


def test_45_comments_read_as_pages_of_20_20_5(app, database, make_consultation, seed):
    slug = make_consultation()
    target = article_target(database, slug)
    ids = seed(slug, target, 45)
    page = thread(app, slug, target)
    assert "Comments: 45" in said(page) and "For: 15 · Against: 15 · Neutral: 15" in said(page)
    shown = []
    for expected in (20, 20, 5):
        on_page = [int(a["id"].split("-")[1]) for a in page.html.find_all("article")]
        assert len(on_page) == expected
        shown += on_page
        assert not EMAIL.findall(page.text)
        more = page.html.find("a", string="More comments")
        if expected == 5:
            assert more is None
            assert page.html.find("a", string="Back to the first comments") is not None
        else:
            assert f"thread={target.replace(':', '%3A')}" in more["href"]
            page = app.get(more["href"])  # a plain link: no script needed
    assert shown == ids  # oldest first, nothing twice, nothing lost
    # A cursor meant for another thread on the same page leaves this one alone.
    page = thread(
        app, slug, target, thread="article:another", after=str(_sort_key(database, slug, ids[19]))
    )
    assert page.html.find("article")["id"] == f"comment-{ids[0]}"


def _sort_key(database, slug, comment_id):
    with database() as root:
        return root["consultations"][slug].comments.get(comment_id).sort_key


def test_posting_on_a_later_page_lands_there(browser, database, make_user, make_consultation, seed):
    slug = make_consultation()
    target = article_target(database, slug)
    ids = seed(slug, target, 40)
    make_user("aigerim@example.kz", "Aigerim", "Serikova")
    aigerim = browser("aigerim@example.kz")
    response = write(thread(aigerim, slug, target), target, "Number 41.")
    comment = posted_id(response)
    location = response.headers["Location"]
    assert f"thread={target.replace(':', '%3A')}" in location
    after = int(re.search(r"after=(\d+)", location).group(1))
    assert after == _sort_key(database, slug, ids[39])
    # That is the page of the thread that shows it.
    assert comment_in(thread(aigerim, slug, target, thread=target, after=after), comment)
    assert comment_in(thread(aigerim, slug, target), comment) is None


def test_more_replies_go_to_the_comments_own_page(app, database, make_consultation, seed):
    slug = make_consultation()
    target = article_target(database, slug)
    [top] = seed(slug, target, 1)
    replies = seed(slug, target, 21, parent=top, author="replier@example.kz")
    page = thread(app, slug, target)
    shown = comment_in(page, top).find_parent("li").find("ol", class_="replies").find_all("article")
    assert len(shown) == 20
    more = comment_in(page, top).find_parent("li").find("a", string="More replies")["href"]
    rest = app.get(more)
    assert comment_in(rest, replies[20]) is not None
    assert comment_in(rest, replies[0]) is None
    assert rest.html.find("a", string="Back to the first replies") is not None


def test_why_there_is_no_form(app, browser, database, make_user, make_consultation):
    slug = make_consultation(stage_open="green")
    make_user("aigerim@example.kz", "Aigerim", "Serikova")
    aigerim = browser("aigerim@example.kz")
    with database() as root:
        consultation = root["consultations"][slug]
        question = consultation.stages["green"].questions[0].target
        article = consultation.current_draft()["3"].target
    # The White Paper stage opens in 20 days: article threads say when.
    page = thread(aigerim, slug, article)
    assert "Comments will open on" in said(page) and "(Almaty time)" in said(page)
    assert not page.html.find("textarea")
    # The Green Paper question is open.
    response = write(thread(aigerim, slug, question), question, "Yes, by lot.", "for")
    assert response.headers["Location"].startswith(
        f"http://localhost/consultations/{slug}/green/#comment-"
    )
    # No dates at all.
    with database() as root:
        root["consultations"][slug].stages["white"].schedule(None, None)
    page = thread(aigerim, slug, article)
    assert "the dates are not set yet" in said(page)


def test_withdrawn_comment_keeps_its_place_not_its_text(
    browser, database, make_user, make_consultation
):
    slug = make_consultation()
    target = article_target(database, slug)
    make_user("aigerim@example.kz", "Aigerim", "Serikova")
    aigerim = browser("aigerim@example.kz")
    comment = posted_id(write(thread(aigerim, slug, target), target, "Second thoughts."))
    page = aigerim.get(
        comment_in(thread(aigerim, slug, target), comment).find("a", string="Withdraw")["href"]
    )
    assert "Once withdrawn" in page.text
    assert form_posting_to(page, "/withdraw").submit().status_int == 303
    for person in (aigerim, browser()):
        page = thread(person, slug, target)
        assert "Withdrawn by its author" in said(comment_in(page, comment))
        assert "Second thoughts." not in page.text
        assert "Comments: 0" in said(page)
    with database() as root:
        assert root["consultations"][slug].comments.get(comment).text == "Second thoughts."


def test_premoderation(browser, database, make_user, make_consultation):
    slug = make_consultation(premoderation=True)
    target = article_target(database, slug)
    make_user("aigerim@example.kz", "Aigerim", "Serikova")
    make_user("daniyar@example.kz", "Daniyar", "Ospanov")
    make_user("moderator@example.kz", "Marat", "Moderov", roles=("moderator",))
    aigerim, daniyar = browser("aigerim@example.kz"), browser("daniyar@example.kz")
    moderator = browser("moderator@example.kz")
    comment = posted_id(write(thread(aigerim, slug, target), target, "Wait for me."))
    permalink = f"/consultations/{slug}/comments/{comment}/"
    assert "will appear once a moderator approves it" in said(aigerim.get(permalink))

    own = comment_in(thread(aigerim, slug, target), comment)
    assert "Awaiting moderation" in said(own) and "Wait for me." in said(own)
    for person in (daniyar, browser()):
        page = thread(person, slug, target)
        assert comment_in(page, comment) is None and "Wait for me." not in page.text
        assert "Comments: 0" in said(page)
        person.get(permalink, status=404)
        person.get(f"{permalink}report", status="*")  # never shows the text
        assert "Wait for me." not in person.get(f"{permalink}reply", status="*").text

    queue = moderator.get(f"/consultations/{slug}/comments/?show=pending")
    pending = queue.html.find(id="queue-pending").parent
    assert "Wait for me." in said(pending)
    approve = moderator.get(comment_in(queue, comment).find("a", string="Approve")["href"])
    assert approve.forms["deform"].submit("approve").status_int == 303  # suggested note
    page = thread(daniyar, slug, target)
    assert "Wait for me." in said(comment_in(page, comment))
    assert "Comments: 1" in said(page)
    assert "Nothing here." in said(
        moderator.get(f"/consultations/{slug}/comments/?show=pending")
        .html.find(id="queue-pending")
        .parent
    )


def test_the_queue_is_for_moderators(app, browser, make_user, make_consultation):
    slug = make_consultation()
    make_user("aigerim@example.kz", "Aigerim", "Serikova")
    browser("aigerim@example.kz").get(f"/consultations/{slug}/comments/", status=403)
    assert (
        app.get(f"/consultations/{slug}/comments/", status=303)
        .headers["Location"]
        .startswith("http://localhost/login")
    )


def test_review_of_a_reported_comment(browser, database, make_user, make_consultation):
    slug = make_consultation()
    target = article_target(database, slug)
    make_user("aigerim@example.kz", "Aigerim", "Serikova")
    make_user("moderator@example.kz", "Marat", "Moderov", roles=("moderator",))
    aigerim = browser("aigerim@example.kz")
    comment = posted_id(write(thread(aigerim, slug, target), target, "Sharp words."))
    for name in ("r1", "r2", "r3"):
        make_user(f"{name}@example.kz", name.upper(), "Reporter")
        make_older(database, f"{name}@example.kz")
        report(browser(f"{name}@example.kz"), comment, slug, reason=f"Rude ({name})")
    moderator = browser("moderator@example.kz")
    queue = moderator.get(f"/consultations/{slug}/comments/")
    review = queue.html.find(id="queue-reported").parent
    assert "Sharp words." in said(review)
    assert all(f"Rude ({name})" in said(review) for name in ("r1", "r2", "r3"))
    restore = moderator.get(comment_in(queue, comment).find("a", string="Restore")["href"])
    form = restore.forms["deform"]
    form["reason"] = "Sharp, but about the law, not a person."
    response = form.submit("restore")
    assert response.headers["Location"] == f"http://localhost/consultations/{slug}/comments/"
    assert "Sharp words." in said(comment_in(thread(browser(), slug, target), comment))
    history = said(moderator.get(f"/consultations/{slug}/comments/{comment}/"))
    assert "Hidden automatically" in history and "Restored" in history
    assert "Marat M." in history and "Sharp, but about the law" in history
    # A moderator's reason needs words.
    hide = moderator.get(f"/consultations/{slug}/comments/{comment}/hide")
    response = hide.forms["deform"].submit("hide")
    assert "Please give a reason: the author will see it." in said(response)


def test_comment_text_carries_its_language(browser, database, make_user, make_consultation):
    """Screen readers pronounce each comment in its own language."""
    slug = make_consultation()
    target = article_target(database, slug)
    make_user("aigerim@example.kz", "Aigerim", "Serikova")
    aigerim = browser("aigerim@example.kz")
    kazakh = posted_id(
        write(
            thread(aigerim, slug, target),
            target,
            "Қазылар алқасын жеребе арқылы іріктеу әділ болады.",
        )
    )
    english = posted_id(write(thread(aigerim, slug, target), target, "Drawing lots is fair."))
    page = thread(aigerim, slug, target)
    assert comment_in(page, kazakh).find(class_="comment-text")["lang"] == "kk"
    assert comment_in(page, english).find(class_="comment-text")["lang"] == "en"
