"""Abuse limits through the real app: a refused person gets their form back
with their text, status 429 and Retry-After; JSON clients get a JSON error."""

import re
from datetime import timedelta

import pytest
from pages import thread_page
from webtest import TestApp

TEXT = "Fifteen jurors are too few for a region as large as Karaganda."


@pytest.fixture
def settings(settings):
    return dict(
        settings,
        **{
            "consult.limits.comment": "2/minute;3/day",
            "consult.limits.comment.address": "4/minute",
            "consult.limits.support": "1/minute",
            "consult.limits.report": "1/hour",
            "consult.limits.register.address": "2/hour",
        },
    )


@pytest.fixture
def person(wsgi_app, login, make_user):
    """person("Aigerim", address="10.0.0.1"): a signed-in citizen, browsing
    from `address`."""

    def make(first_name, address="10.0.0.1", **kw):
        email = f"{first_name.lower()}@example.kz"
        make_user(email, first_name, "Serikova", **kw)
        app = TestApp(
            wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en", "REMOTE_ADDR": address}
        )
        login(app, email)
        return app

    return make


@pytest.fixture
def slug(make_consultation):
    return make_consultation()


@pytest.fixture
def target(database, slug):
    with database() as root:
        return root["consultations"][slug].current_draft()["3"].target


def post(app, slug, target, text=TEXT, **kw):
    page = thread_page(app, slug, target)
    formid = f"form-thread-{target.replace(':', '-')}"
    form = page.forms[formid]
    form["text"] = text
    form[f"{formid}-stance"] = "against"
    return form.submit("post", **kw)


def count(database, slug, target):
    with database() as root:
        return root["consultations"][slug].comments.count(target)


def test_too_many_comments_keeps_the_text_and_says_when(person, slug, target, database, clock):
    aigerim = person("Aigerim")
    assert post(aigerim, slug, target, "First.").status_int == 303
    assert post(aigerim, slug, target, "Second.").status_int == 303
    refused = post(aigerim, slug, target, status=429)
    assert refused.headers["Retry-After"] == "60"
    assert refused.html.find("textarea").text == TEXT
    assert (
        "You have posted many comments in a short time. Please try again in 1 min." in refused.text
    )
    assert count(database, slug, target) == 2
    # A moving window: a minute after the first comment, one more is allowed;
    # the day's limit (3) then refuses for the rest of the day.
    clock.advance(timedelta(seconds=61))
    assert post(aigerim, slug, target).status_int == 303
    clock.advance(timedelta(minutes=5))
    refused = post(aigerim, slug, target, "Fourth.", status=429)
    assert int(refused.headers["Retry-After"]) > 23 * 3600
    assert "Please try again in 24 h." in refused.text
    assert count(database, slug, target) == 3


def test_a_refused_comment_costs_nothing(person, slug, target):
    aigerim = person("Aigerim")
    for _attempt in range(3):
        assert "Please write your comment." in post(aigerim, slug, target, " ").text
    assert post(aigerim, slug, target).status_int == 303


def test_limits_per_address_and_per_account(person, slug, target, database):
    # Three people behind one address share its limit (4/minute) ...
    first, second, third = (person(name) for name in ("Aigerim", "Daniyar", "Nurlan"))
    for app in (first, first, second, second):
        assert post(app, slug, target).status_int == 303
    refused = post(third, slug, target, status=429)
    assert refused.headers["Retry-After"] == "60"
    # ... while someone elsewhere is not affected.
    elsewhere = person("Dana", address="10.0.0.2")
    assert post(elsewhere, slug, target).status_int == 303
    assert count(database, slug, target) == 5


def test_json_clients_get_a_json_error(person, slug, target):
    aigerim = person("Aigerim")
    post(aigerim, slug, target, "First.")
    post(aigerim, slug, target, "Second.")
    refused = post(aigerim, slug, target, headers={"Accept": "application/json"}, status=429)
    assert refused.content_type == "application/json"
    assert refused.headers["Retry-After"] == "60"
    assert refused.json["error"] == "rate_limited"
    assert refused.json["retry_after"] == 60 and refused.json["action"] == "comment"
    assert "You have posted many comments" in refused.json["message"]


def posted_id(response):
    return int(re.search(r"#comment-(\d+)$", response.headers["Location"]).group(1))


def test_supports_and_reports(person, slug, target):
    author = person("Aigerim", address="10.0.0.9")
    first = posted_id(post(author, slug, target, "One."))
    second = posted_id(post(author, slug, target, "Two."))
    daniyar = person("Daniyar")
    base = f"/consultations/{slug}/comments"
    token = daniyar.get(f"{base}/{first}/").html.find("input", attrs={"name": "csrf_token"})
    token = token["value"]
    assert daniyar.post(f"{base}/{first}/support", {"csrf_token": token}).status_int == 303
    refused = daniyar.post(f"{base}/{second}/support", {"csrf_token": token}, status=429)
    assert refused.headers["Retry-After"] == "60"
    assert "You have supported many comments in a short time." in refused.text
    # Reports: the reason written is kept.
    form = daniyar.get(f"{base}/{first}/report").forms["deform"]
    form["reason"] = "Personal data of a neighbour."
    assert form.submit("report").status_int == 303
    form = daniyar.get(f"{base}/{second}/report").forms["deform"]
    form["reason"] = "Advertising a shop."
    refused = form.submit("report", status=429)
    assert refused.headers["Retry-After"] == "3600"
    assert refused.html.find("textarea").text == "Advertising a shop."
    assert "Please try again in 60 min." in refused.text


def register(app, email):
    form = app.get("/register").forms["deform"]
    form["first_name"] = "Nurlan"
    form["last_name"] = "Bekov"
    form["email"] = email
    form["password"] = form["password-confirm"] = "a good long password"
    return form


def test_registrations_per_address(wsgi_app, outbox):
    for number in range(2):
        app = TestApp(wsgi_app, extra_environ={"REMOTE_ADDR": "10.0.0.7"})
        assert register(app, f"n{number}@example.kz").submit("register").status_int == 303
    app = TestApp(wsgi_app, extra_environ={"REMOTE_ADDR": "10.0.0.7", "HTTP_ACCEPT_LANGUAGE": "en"})
    refused = register(app, "n2@example.kz").submit("register", status=429)
    assert refused.headers["Retry-After"] == "3600"
    assert "Many accounts were created from your address" in refused.text
    assert refused.forms["deform"]["email"].value == "n2@example.kz"
    assert len(outbox.messages()) == 2
    other = TestApp(wsgi_app, extra_environ={"REMOTE_ADDR": "10.0.0.8"})
    assert register(other, "n3@example.kz").submit("register").status_int == 303
