"""The work an article page and a comment POST do (benchmarks/pages.py
measures what it costs): a thread's template is rendered once, without a
macro call per comment; a comment posted goes on to its thread, so the form
page's parts (what the form is about, the comment answered) and the
comment's link are made only when something shows them."""

import re

from pages import thread_page
from pyramid.events import BeforeRender

from consult.feedback.display import entries
from consult.feedback.views import comments as comment_views
from consult.notifications import subscribers as notification_subscribers


def article_target(database, slug):
    with database() as root:
        return root["consultations"][slug].current_draft()["3"].target


def write(page, target, text, stance="against"):
    formid = f"form-thread-{target.replace(':', '-')}"
    form = page.forms[formid]
    form["text"] = text
    form[f"{formid}-stance"] = stance
    return form.submit("post")


def posted_id(response):
    assert response.status_int == 303, response.text
    return int(re.search(r"#comment-(\d+)$", response.headers["Location"]).group(1))


def counting(monkeypatch, module, name):
    calls = []
    real = getattr(module, name)

    def counted(*args, **kw):
        calls.append(args)
        return real(*args, **kw)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_a_posted_comment_makes_no_form_page(
    monkeypatch, browser, database, make_user, make_consultation
):
    slug = make_consultation()
    target = article_target(database, slug)
    make_user("aigerim@example.kz", "Aigerim", "Serikova")
    aigerim = browser("aigerim@example.kz")
    page = thread_page(aigerim, slug, target)
    labels = counting(monkeypatch, comment_views, "target_label")
    urls = counting(monkeypatch, comment_views, "target_url")
    posted_id(write(page, target, "Article 3 should say who pays."))
    assert (labels, urls) == ([], [])
    # A refused one shows the form again, saying what it is about.
    refused = write(page, target, "")
    assert refused.status_int == 200
    assert "Article 3" in refused.text
    assert len(labels) == 1 and len(urls) == 1


def test_a_new_thread_links_its_comment_once(
    monkeypatch, browser, database, make_user, make_consultation
):
    slug = make_consultation()
    target = article_target(database, slug)
    make_user("aigerim@example.kz", "Aigerim", "Serikova")
    aigerim = browser("aigerim@example.kz")
    page = thread_page(aigerim, slug, target)
    links = counting(monkeypatch, notification_subscribers, "_comment_link")
    first = posted_id(write(page, target, "Article 3 should say who pays."))
    # Its author follows the new discussion, at the comment's link; nobody
    # else is told, so the link is not made again.
    assert [args[1].id for args in links] == [first]


def test_an_article_page_goes_through_pyramids_render_once(
    wsgi_app, app, browser, database, make_user, make_consultation
):
    slug = make_consultation()
    target = article_target(database, slug)
    make_user("aigerim@example.kz", "Aigerim", "Serikova")
    aigerim = browser("aigerim@example.kz")
    posted_id(write(thread_page(aigerim, slug, target), target, "Who pays for article 3?"))
    rendered = []
    wsgi_app.registry.registerHandler(rendered.append, (BeforeRender,))
    try:
        for reader in (app, aigerim):
            page = thread_page(reader, slug, target)
            assert "Who pays for article 3?" in page.text
            assert len(page.html.select("ol.comments > li.comment-item")) == 1
    finally:
        wsgi_app.registry.unregisterHandler(rendered.append, (BeforeRender,))
    assert [event["renderer_name"] for event in rendered] == [
        "consult:templates/consultations/article.pt"
    ] * 2


def test_a_comment_from_the_cache_is_not_split_into_lines_again(
    monkeypatch, app, browser, database, make_user, make_consultation
):
    slug = make_consultation()
    target = article_target(database, slug)
    make_user("aigerim@example.kz", "Aigerim", "Serikova")
    aigerim = browser("aigerim@example.kz")
    posted_id(write(thread_page(aigerim, slug, target), target, "First line.\nSecond line."))
    split = counting(monkeypatch, entries, "_lines")
    first = thread_page(app, slug, target)
    assert len(split) == 1  # its body rendered, and kept
    again = thread_page(app, slug, target)
    assert len(split) == 1
    for page in (first, again):
        comment = page.html.select_one("ol.comments article .comment-text")
        assert [p.get_text() for p in comment.find_all("p")] == ["First line.", "Second line."]
