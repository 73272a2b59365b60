"""The thread's render cache (consult.feedback.display.render_cache: each comment's
reader-independent HTML, and the empty comment form) never shows a page
out of date or someone else's: an edit, a withdrawal, a hide, an answer and a
support each change what the next page shows, each reader gets their own
buttons and CSRF token, and each language its own words."""

import re
from datetime import timedelta

import pytest
from pages import thread_page

from consult.feedback.display.comment_forms import CSRF_PLACEHOLDER
from consult.feedback.display.render_cache import render_cache


def article_target(database, slug, number="3"):
    with database() as root:
        return root["consultations"][slug].current_draft()[number].target


def comment_in(page, comment_id):
    return page.html.find(id=f"comment-{comment_id}")


def said(element):
    return " ".join(element.get_text().split())


def form_posting_to(page, ending):
    return [f for f in page.forms.values() if f.action.endswith(ending)]


def posted_id(response):
    assert response.status_int == 303, response.text
    return int(re.search(r"#comment-(\d+)$", response.headers["Location"]).group(1))


def write(page, target, text, stance="against"):
    formid = f"form-thread-{target.replace(':', '-')}"
    form = page.forms[formid]
    form["text"] = text
    form[f"{formid}-stance"] = stance
    return form.submit("post")


@pytest.fixture
def site(wsgi_app, database, make_user, make_consultation, browser):
    """A consultation with one comment by Aigerim, read once by an anonymous
    visitor (so that its HTML is cached); people to read it."""

    class Site:
        slug = make_consultation()
        target = article_target(database, slug)
        cache = render_cache(wsgi_app.registry)

        def page(self, person, **params):
            return thread_page(person, self.slug, self.target, **params)

        def comment(self, person, comment_id=None):
            return comment_in(self.page(person), comment_id or self.comment_id)

    make_user("aigerim@example.kz", "Aigerim", "Serikova")
    make_user("daniyar@example.kz", "Daniyar", "Ospanov")
    make_user("saule@example.kz", "Saule", "Nurova")
    site = Site()
    site.aigerim = browser("aigerim@example.kz")
    site.daniyar = browser("daniyar@example.kz")
    site.saule = browser("saule@example.kz")
    site.anonymous = browser()
    site.comment_id = posted_id(
        write(site.page(site.aigerim), site.target, "Fifteen jurors are too few for Karaganda.")
    )
    assert "Fifteen jurors" in said(site.comment(site.anonymous))
    return site


def test_a_second_reading_comes_from_the_cache(site):
    hits = site.cache.hits
    assert "Fifteen jurors" in said(site.comment(site.anonymous))
    assert "Fifteen jurors" in said(site.comment(site.daniyar))
    assert site.cache.hits >= hits + 2


def test_an_edit_shows_at_once(site):
    form = site.aigerim.get(f"/consultations/{site.slug}/comments/{site.comment_id}/edit").forms[
        "edit-form"
    ]
    form["text"] = "Twenty-five jurors would be better."
    assert form.submit("save").status_int == 303
    for person in (site.anonymous, site.daniyar):
        text = said(site.comment(person))
        assert "Twenty-five jurors" in text and "Fifteen" not in text and "edited" in text


def test_a_withdrawal_shows_at_once(site):
    page = site.aigerim.get(f"/consultations/{site.slug}/comments/{site.comment_id}/withdraw")
    assert form_posting_to(page, "/withdraw")[0].submit().status_int == 303
    text = said(site.comment(site.anonymous))
    assert "Withdrawn by its author" in text and "Fifteen jurors" not in text


def test_a_hide_shows_at_once_and_the_reason_only_to_the_author(site, make_user, browser):
    make_user("moderator@example.kz", "Marat", "Moderov", roles=("moderator",))
    moderator = browser("moderator@example.kz")
    page = moderator.get(f"/consultations/{site.slug}/comments/{site.comment_id}/hide")
    form = page.forms["deform"]
    form["reason"] = "Rule 3: argue with the idea, not the person."
    assert form.submit("hide").status_int == 303
    for person in (site.anonymous, site.daniyar):
        text = said(site.comment(person))
        assert "Hidden by a moderator" in text
        assert "Fifteen jurors" not in text and "Rule 3" not in text
    own = said(site.comment(site.aigerim))
    assert "Rule 3: argue with the idea" in own and "Fifteen jurors" in own


def test_the_ministrys_answer_shows_at_once(site, make_user, browser):
    make_user("editor@example.kz", "Erlan", "Editov", roles=("editor",))
    editor = browser("editor@example.kz")
    form = editor.get(f"/consultations/{site.slug}/comments/{site.comment_id}/answer").forms[
        "answer-form"
    ]
    form["answer-form-disposition"] = "rejected"
    form["reason"] = "The draft already lets regions convene larger juries; see article 5."
    assert form.submit("answer").status_int == 303
    for person in (site.anonymous, site.daniyar):
        answer = site.comment(person).find("section", class_="ministry-answer")
        assert answer is not None and "larger juries" in said(answer)


def test_a_support_changes_the_supporters_page_and_the_count_for_all(site):
    page = site.page(site.daniyar)
    [support] = form_posting_to(page, f"/comments/{site.comment_id}/support")
    assert support.submit().status_int == 303

    mine = site.comment(site.daniyar)
    assert "You support this" in said(mine) and "Supported by 1" in said(mine)
    assert not form_posting_to(site.page(site.daniyar), f"/{site.comment_id}/support")
    # Saule has not supported it: she still may, and is not told she did.
    theirs = site.comment(site.saule)
    assert "You support this" not in said(theirs) and "Supported by 1" in said(theirs)
    assert form_posting_to(site.page(site.saule), f"/{site.comment_id}/support")
    assert "Supported by 1" in said(site.comment(site.anonymous))


def test_readers_never_get_each_others_buttons_or_tokens(site):
    links = {}
    for name in ("aigerim", "daniyar", "anonymous"):
        comment = site.comment(getattr(site, name))
        links[name] = {a.get_text(strip=True) for a in comment.find_all("a")}
    assert {"Edit", "Withdraw"} <= links["aigerim"] and "Report" not in links["aigerim"]
    assert {"Report", "Reply"} <= links["daniyar"]
    assert not {"Edit", "Withdraw"} & links["daniyar"]
    assert not {"Edit", "Withdraw", "Report"} & links["anonymous"]

    # The comment form is cached too, but each reader gets their own token,
    # and it works: each one's comment is published.
    tokens = {}
    for name in ("daniyar", "saule"):
        person = getattr(site, name)
        page = site.page(person)
        assert CSRF_PLACEHOLDER not in page.text
        formid = f"form-thread-{site.target.replace(':', '-')}"
        tokens[name] = page.forms[formid]["csrf_token"].value
        [support] = form_posting_to(page, f"/{site.comment_id}/support")
        assert support["csrf_token"].value == tokens[name]
        posted_id(write(page, site.target, f"{name.title()} agrees with the point."))
    assert tokens["daniyar"] != tokens["saule"]
    text = said(site.page(site.anonymous).html)
    assert "Daniyar agrees" in text and "Saule agrees" in text


def test_each_language_gets_its_own_words(site, browser):
    russian = site.page(site.anonymous, _LOCALE_="ru")
    assert "Против" in said(comment_in(russian, site.comment_id))
    english = site.page(site.anonymous)
    assert "Against" in said(comment_in(english, site.comment_id))
    assert "Против" not in english.text


def test_comments_share_shells_yet_each_shows_its_own_anchor_links_and_count(site):
    """A handful of cached shells serve every comment (consult.feedback.
    comment_html); what differs from comment to comment is filled in."""
    second = posted_id(write(site.page(site.daniyar), site.target, "Ten would be cheaper."))
    third = posted_id(write(site.page(site.saule), site.target, "Keep it at fifteen."))
    [support] = form_posting_to(site.page(site.daniyar), f"/comments/{third}/support")
    assert support.submit().status_int == 303
    supports = {site.comment_id: 0, second: 0, third: 1}
    for person in (site.anonymous, site.aigerim, site.daniyar, site.saule):
        page = site.page(person)
        for comment_id, count in supports.items():
            comment = comment_in(page, comment_id)
            assert comment["aria-labelledby"] == f"comment-{comment_id}-meta"
            assert f"Supported by {count}" in said(comment)
            for link in comment.find_all("a", href=True):
                if link.get_text(strip=True) in ("Reply", "Report", "Edit", "Withdraw"):
                    assert f"/comments/{comment_id}/" in link["href"]
            for form in comment.find_all("form"):
                assert form["action"].endswith(f"/comments/{comment_id}/support")
    shells = [key for key in site.cache._lru.keys() if key[0] == "shell"]
    # anonymous; an author (own comment); a reader who may support; one who did.
    assert 3 <= len(shells) <= 6, shells


def test_a_comment_cannot_fill_the_slots_of_its_shell(site, database):
    """What fills a slot is never searched for slots: a text holding a slot's
    mark shows as text, and never the reader's token or another's anchor."""
    with database() as root:
        consultation = root["consultations"][site.slug]
        consultation.comments[
            site.comment_id
        ].text = "Marks: \x00csrf\x00 and \x00anchor\x00 and \x00replies\x00."
    page = site.page(site.daniyar)
    token = page.forms[f"form-thread-{site.target.replace(':', '-')}"]["csrf_token"].value
    said_there = str(comment_in(page, site.comment_id).find(class_="comment-text").p)
    assert "csrf" in said_there and "anchor" in said_there and "replies" in said_there
    assert token not in said_there and "comment-" not in said_there


def test_an_addendum_shows_at_once_and_only_its_author_may_add_one(site, clock):
    """An addendum changes the comment's own record, so its cached body is
    out of date at once; the author's link to add one is in their own shell."""
    clock.advance(timedelta(minutes=20))  # past the edit window: no more edits
    links = {a.get_text(strip=True) for a in site.comment(site.aigerim).find_all("a")}
    assert "Add an addendum" in links and "Edit" not in links
    for person in (site.daniyar, site.anonymous):
        assert "Add an addendum" not in said(site.comment(person))
    form = site.aigerim.get(
        f"/consultations/{site.slug}/comments/{site.comment_id}/addendum"
    ).forms["addendum-form"]
    form["text"] = "Karaganda region alone has over a million people."
    assert form.submit("add").status_int == 303
    for person in (site.anonymous, site.daniyar, site.aigerim):
        addendum = site.comment(person).find(class_="comment-addendum")
        assert "over a million people" in said(addendum)
    assert "Add an addendum" not in said(site.comment(site.daniyar))


def test_each_edit_shows_its_count_at_once(site, clock):
    url = f"/consultations/{site.slug}/comments/{site.comment_id}/edit"
    for count, text in enumerate(("Twenty jurors.", "Twenty-five jurors."), start=1):
        clock.advance(timedelta(minutes=1))
        form = site.aigerim.get(url).forms["edit-form"]
        form["text"] = text
        assert form.submit("save").status_int == 303
        for person in (site.anonymous, site.daniyar):
            link = site.comment(person).find("a", class_="edited")
            assert said(link) == ("edited once" if count == 1 else f"edited {count} times")
            assert link["href"].endswith(f"/comments/{site.comment_id}/versions")
