"""Comments from unconfirmed e-mail addresses are held until the address is
confirmed; then they are published (or wait for a moderator where the
consultation moderates every comment first)."""

import re

import pytest
from pages import thread_page
from webtest import TestApp

TEXT = "Fifteen jurors are too few for a region as large as Karaganda."


def link_in(body):
    return re.search(r"http://localhost(/\S+)", body).group(1)


@pytest.fixture
def newcomer(wsgi_app, make_user, login):
    """A person signed in to an account whose address is not confirmed yet
    (an account from before registration waited for the link; a registration
    now creates a confirmed account when its link is opened), who has asked
    for the link again."""
    make_user("nurlan@example.kz", "Nurlan", "Bekov", confirmed=False)
    app = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
    login(app, "nurlan@example.kz")
    page = app.get("/account")
    [resend] = [
        form for form in page.forms.values() if form.action.endswith("/resend-confirmation")
    ]
    assert resend.submit().status_int == 303
    return app


def target_of(database, slug):
    with database() as root:
        return root["consultations"][slug].current_draft()["3"].target


def post(app, slug, target, text=TEXT):
    page = thread_page(app, slug, target)
    assert "Confirm your e-mail address to publish your comments" in page.text
    formid = f"form-thread-{target.replace(':', '-')}"
    form = page.forms[formid]
    form["text"] = text
    form[f"{formid}-stance"] = "against"
    return form.submit("post")


def stored(database, slug):
    with database() as root:
        store = root["consultations"][slug].comments
        return [(c.state, c.held_for_confirmation) for c in store.comments.values()]


def test_held_until_the_address_is_confirmed(
    newcomer, app, make_consultation, database, outbox, search_sync, login, make_user
):
    slug = make_consultation()
    target = target_of(database, slug)
    response = post(newcomer, slug, target)
    assert response.status_int == 303
    page = response.follow()
    assert "your comment is held until you confirm your e-mail address" in page.text
    assert TEXT in page.text and "Held until you confirm your e-mail address" in page.text
    assert stored(database, slug) == [("pending", True)]
    # Nobody else sees it, nor counts it, nor finds it.
    public = thread_page(app, slug, target)
    assert TEXT not in public.text
    with database() as root:
        assert root["consultations"][slug].comments.count(target) == 0
    search_sync()
    assert app.get("/api/search", {"q": "Karaganda"}).json["total"] == 0
    # Moderators see why it waits.
    make_user("moderator@example.kz", roles=("moderator",))
    moderator = TestApp(app.app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
    login(moderator, "moderator@example.kz")
    assert (
        "Held until its author confirms their e-mail address"
        in thread_page(moderator, slug, target).text
    )
    # Confirming publishes it.
    [body] = outbox.bodies_to("nurlan@example.kz")
    confirmed = newcomer.get(link_in(body)).follow()
    assert "Your comments held until now are published." in confirmed.text
    assert stored(database, slug) == [("published", False)]
    assert TEXT in thread_page(app, slug, target).text
    with database() as root:
        assert root["consultations"][slug].comments.count(target) == 1
    search_sync()
    assert app.get("/api/search", {"q": "Karaganda"}).json["total"] == 1


def test_premoderation_still_applies_after_confirmation(
    newcomer, make_consultation, database, outbox
):
    slug = make_consultation(premoderation=True)
    target = target_of(database, slug)
    post(newcomer, slug, target)
    assert stored(database, slug) == [("pending", True)]
    [body] = outbox.bodies_to("nurlan@example.kz")
    confirmed = newcomer.get(link_in(body)).follow()
    assert "will appear once a moderator approves them" in confirmed.text
    assert stored(database, slug) == [("pending", False)]
    page = thread_page(newcomer, slug, target)
    assert "Awaiting moderation" in page.text


def test_unconfirmed_people_cannot_support_or_report(
    newcomer, make_consultation, database, make_user, login, wsgi_app
):
    slug = make_consultation()
    target = target_of(database, slug)
    make_user("aigerim@example.kz")
    aigerim = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
    login(aigerim, "aigerim@example.kz")
    page = thread_page(aigerim, slug, target)
    formid = f"form-thread-{target.replace(':', '-')}"
    form = page.forms[formid]
    form["text"] = TEXT
    form[f"{formid}-stance"] = "for"
    location = form.submit("post").headers["Location"]
    comment_id = re.search(r"#comment-(\d+)$", location).group(1)
    base = f"/consultations/{slug}/comments/{comment_id}"
    page = thread_page(newcomer, slug, target)
    assert "Support</button>" not in page.text
    token = page.html.find("input", attrs={"name": "csrf_token"})["value"]
    newcomer.post(f"{base}/support", {"csrf_token": token}, status=403)
    newcomer.get(f"{base}/report", status=403)
