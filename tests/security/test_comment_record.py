"""Issue 15, item 11: the record of a comment holds.

An author could replace the whole text of a comment after the ministry had
answered it, and readers saw only "edited". Now a comment that has an
answer, a reply or a moderator's decision keeps its text (its author may add
a dated addendum under it); every edit keeps the text it replaces, and a
public "edited N times" link leads to the earlier versions. Everything here
goes through the real app."""

import re
from datetime import timedelta

import pytest
from pages import thread_page

from consult.feedback.services import FeedbackService

SLUG = "citizens-juries"
ORIGINAL = "Fifteen jurors are too few for Karaganda."
REWRITE = "I fully support the draft as it stands."
ANSWER = "The draft already lets regions convene larger juries; see article 5."


def said(element):
    return " ".join(element.get_text().split())


def comment_url(comment_id, name=""):
    return f"/consultations/{SLUG}/comments/{comment_id}/{name}"


def posted_id(response):
    assert response.status_int == 303, response.text
    return int(re.search(r"#comment-(\d+)$", response.headers["Location"]).group(1))


@pytest.fixture
def site(make_consultation, make_user, browser, database):
    make_consultation(SLUG)
    make_user("aigerim@example.kz", "Aigerim", "Serikova")
    make_user("daniyar@example.kz", "Daniyar", "Ospanov")
    make_user("editor@example.kz", "Erlan", "Editov", roles=("editor",))
    make_user("moderator@example.kz", "Marat", "Moderov", roles=("moderator",))
    with database() as root:
        target = root["consultations"][SLUG].current_draft()["3"].target

    class Site:
        pass

    site = Site()
    site.target = target
    site.aigerim = browser("aigerim@example.kz")
    site.daniyar = browser("daniyar@example.kz")
    site.editor = browser("editor@example.kz")
    site.moderator = browser("moderator@example.kz")
    site.anonymous = browser()
    return site


def post(site, person, text=ORIGINAL):
    formid = f"form-thread-{site.target.replace(':', '-')}"
    form = thread_page(person, SLUG, site.target).forms[formid]
    form["text"] = text
    form[f"{formid}-stance"] = "against"
    return posted_id(form.submit("post"))


def answer(site, comment_id):
    form = site.editor.get(comment_url(comment_id, "answer")).forms["answer-form"]
    form["answer-form-disposition"] = "rejected"
    form["reason"] = ANSWER
    assert form.submit("answer").status_int == 303


def reply(site, comment_id):
    form = site.daniyar.get(comment_url(comment_id, "reply")).forms["reply-form"]
    form["text"] = "Karaganda region is large, but 25 is the maximum anyway."
    assert form.submit("post").status_int == 303


def approve(site, comment_id):
    form = site.moderator.get(comment_url(comment_id, "approve")).forms["deform"]
    assert form.submit("approve").status_int == 303  # the suggested note


def stored_text(database, comment_id):
    with database() as root:
        return root["consultations"][SLUG].comments.get(comment_id).text


def comment_in(site, person, comment_id):
    return thread_page(person, SLUG, site.target).html.find(id=f"comment-{comment_id}")


@pytest.mark.parametrize("acted", ["answered", "replied", "moderated"])
def test_once_someone_has_acted_on_a_comment_its_text_is_frozen(acted, site, database):
    if acted == "moderated":
        with database() as root:
            root["consultations"][SLUG].premoderation = True
    comment_id = post(site, site.aigerim)
    # The author opens the edit form at once, well within the 15 minutes...
    form = site.aigerim.get(comment_url(comment_id, "edit")).forms["edit-form"]
    form["text"] = REWRITE
    # ... while someone acts on the comment.
    {"answered": answer, "replied": reply, "moderated": approve}[acted](site, comment_id)

    refused = form.submit("save")
    assert refused.status_int == 200
    message = {
        "answered": "The ministry has answered this comment",
        "replied": "Someone has replied to this comment",
        "moderated": "A moderator has decided on this comment",
    }[acted]
    assert f"{message}, so its text can no longer change." in said(refused.html)
    assert refused.html.find("a", string="Add a dated addendum instead")
    assert stored_text(database, comment_id) == ORIGINAL
    # The edit page says so too, and offers no form.
    page = site.aigerim.get(comment_url(comment_id, "edit"))
    assert message in said(page.html) and "edit-form" not in page.forms
    # The thread offers the author an addendum, not an edit.
    links = {a.get_text(strip=True) for a in comment_in(site, site.aigerim, comment_id)("a")}
    assert "Add an addendum" in links and "Edit" not in links
    shown = said(comment_in(site, site.anonymous, comment_id))
    assert ORIGINAL in shown and REWRITE not in shown and "edited" not in shown


def test_every_edit_keeps_the_replaced_text_and_the_versions_are_public(site, clock):
    comment_id = post(site, site.aigerim, "Fifteen jurors are too few.")
    first_time = clock.now()
    for text in ("Fifteen jurors are too few for Karaganda.", REWRITE):
        clock.advance(timedelta(minutes=5))
        form = site.aigerim.get(comment_url(comment_id, "edit")).forms["edit-form"]
        form["text"] = text
        assert form.submit("save").status_int == 303

    comment = comment_in(site, site.anonymous, comment_id)
    assert REWRITE in said(comment) and "Fifteen" not in said(comment)
    link = comment.find("a", class_="edited")
    assert said(link) == "edited 2 times"
    versions = site.anonymous.get(link["href"])
    assert versions.request.path == comment_url(comment_id, "versions")
    earlier = versions.html.select(".comment-version")
    assert [said(v.find(class_="comment-text")) for v in earlier] == [
        "Fifteen jurors are too few for Karaganda.",
        "Fifteen jurors are too few.",
    ]
    # Each with when it was written and when it was replaced.
    assert [v.find_all("time")[0]["datetime"] for v in earlier] == [
        (first_time + timedelta(minutes=5)).isoformat(),
        first_time.isoformat(),
    ]
    assert [v.find_all("time")[1]["datetime"] for v in earlier] == [
        (first_time + timedelta(minutes=10)).isoformat(),
        (first_time + timedelta(minutes=5)).isoformat(),
    ]
    assert REWRITE in said(versions.html.find("ol", class_="comments"))
    assert "@" not in versions.text


def test_the_versions_of_a_hidden_or_withdrawn_comment_stay_private(site, clock):
    comment_id = post(site, site.aigerim, "First words.")
    clock.advance(timedelta(minutes=1))
    form = site.aigerim.get(comment_url(comment_id, "edit")).forms["edit-form"]
    form["text"] = "Second words."
    assert form.submit("save").status_int == 303
    hide = site.moderator.get(comment_url(comment_id, "hide")).forms["deform"]
    hide["reason"] = "Rule 3: argue with the idea, not the person."
    assert hide.submit("hide").status_int == 303

    for person in (site.anonymous, site.daniyar):
        page = person.get(comment_url(comment_id, "versions"))
        assert "Hidden by a moderator" in said(page.html)
        assert "First words" not in page.text and "Second words" not in page.text
    for person in (site.aigerim, site.moderator):
        page = person.get(comment_url(comment_id, "versions"))
        assert "First words." in said(page.html) and "Second words." in said(page.html)

    withdraw = site.aigerim.get(comment_url(comment_id, "withdraw"))
    [form] = [f for f in withdraw.forms.values() if f.action.endswith("/withdraw")]
    assert form.submit().status_int == 303
    for person in (site.anonymous, site.daniyar, site.aigerim):
        page = person.get(comment_url(comment_id, "versions"))
        assert "First words" not in page.text and "Second words" not in page.text


def test_the_author_adds_a_dated_addendum_under_a_frozen_text(site, clock, database):
    comment_id = post(site, site.aigerim)
    answer(site, comment_id)
    clock.advance(timedelta(hours=2))
    page = site.aigerim.get(
        comment_in(site, site.aigerim, comment_id).find("a", string="Add an addendum")["href"]
    )
    form = page.forms["addendum-form"]
    form["text"] = "After the answer: article 5 does cover Karaganda, thank you."
    assert form.submit("add").status_int == 303

    for person in (site.anonymous, site.daniyar):
        comment = comment_in(site, person, comment_id)
        assert ORIGINAL in said(comment.find(class_="comment-text"))
        addendum = comment.find(class_="comment-addendum")
        assert "article 5 does cover Karaganda" in said(addendum)
        assert addendum.find("time")["datetime"] == clock.now().isoformat()
        assert ANSWER in said(comment.find("section", class_="ministry-answer"))
    # Nobody else may add one; the author may not change it.
    site.daniyar.get(comment_url(comment_id, "addendum"), status=403)
    site.anonymous.get(comment_url(comment_id, "addendum"), status=303)  # to sign in
    with database() as root:
        [addendum] = root["consultations"][SLUG].comments.get(comment_id).addenda
        assert addendum.when == clock.now()


def test_an_addendum_refused_keeps_its_text(site, settings, database):
    comment_id = post(site, site.aigerim)
    reply(site, comment_id)
    url = comment_url(comment_id, "addendum")
    form = site.aigerim.get(url).forms["addendum-form"]
    long_text = "x" * 2001
    form["text"] = long_text
    refused = form.submit("add")
    assert "Your addendum is 2001 characters long; the limit is 2000." in said(refused.html)
    assert refused.html.find("textarea").get_text() == long_text
    # A stale CSRF token: the form comes back with the text, nothing saved.
    form = site.aigerim.get(url).forms["addendum-form"]
    form["text"] = "A correction."
    form["csrf_token"] = "stale"
    refused = form.submit("add")
    assert "This form had expired, so nothing was saved yet." in said(refused.html)
    assert refused.html.find("textarea").get_text() == "A correction."
    with database() as root:
        assert root["consultations"][SLUG].comments.get(comment_id).addenda == ()
    # At most five.
    for number in range(5):
        form = site.aigerim.get(url).forms["addendum-form"]
        form["text"] = f"Addendum {number}."
        assert form.submit("add").status_int == 303
    page = site.aigerim.get(url)
    assert "A comment can have at most 5 addenda." in said(page.html)
    assert "addendum-form" not in page.forms


def test_the_edit_window_still_closes_on_a_comment_nobody_acted_on(site, clock, database):
    comment_id = post(site, site.aigerim)
    clock.advance(timedelta(minutes=14))
    form = site.aigerim.get(comment_url(comment_id, "edit")).forms["edit-form"]
    form["text"] = "Fifteen jurors are too few for Karaganda region."
    # No addendum while the text itself may still be corrected.
    assert "You can still edit this comment" in said(
        site.aigerim.get(comment_url(comment_id, "addendum")).html
    )
    clock.advance(timedelta(minutes=2))
    refused = form.submit("save")
    assert "within 15 minutes of posting" in said(refused.html)
    assert stored_text(database, comment_id) == ORIGINAL
    links = {a.get_text(strip=True) for a in comment_in(site, site.aigerim, comment_id)("a")}
    assert "Add an addendum" in links and "Edit" not in links


def test_search_finds_the_current_text_and_the_addenda_not_the_replaced_text(
    site, clock, search_sync
):
    comment_id = post(site, site.aigerim, "Jurors from Zhezkazgan should be paid.")
    clock.advance(timedelta(minutes=1))
    form = site.aigerim.get(comment_url(comment_id, "edit")).forms["edit-form"]
    form["text"] = "Jurors from Temirtau should be paid."
    assert form.submit("save").status_int == 303
    reply(site, comment_id)
    form = site.aigerim.get(comment_url(comment_id, "addendum")).forms["addendum-form"]
    form["text"] = "Travel costs from Balkhash too."
    assert form.submit("add").status_int == 303
    search_sync()

    def found(word):
        results = site.anonymous.get("/api/search", params={"q": word, "kind": "comment"})
        return [r["url"] for r in results.json["results"]]

    url = f"http://localhost{comment_url(comment_id)}"
    assert found("temirtau") == [url]
    assert found("balkhash") == [url]
    assert found("zhezkazgan") == []


def test_an_edit_still_reaches_the_campaigns(site, database, clock, campaign_sync):
    """The change log entry of an edit is what the campaign worker reads: a
    campaign's staff page shows each member's current text."""
    letter = (
        "I oppose the cap on jury size. A jury of fifteen people cannot represent a "
        "region of two million residents. Please raise the minimum to forty members."
    )
    with database() as root:
        consultation = root["consultations"][SLUG]
        service = FeedbackService(clock, {})
        ids = [
            service.post(
                consultation,
                site.target,
                root["principals"].find_by_email(email),
                letter,
                "against",
            ).id
            for email in ("daniyar@example.kz", "aigerim@example.kz", "moderator@example.kz")
        ]
    campaign_sync()
    with database() as root:
        campaigns = root["consultations"][SLUG].campaigns
        cluster = campaigns.cluster_for(ids[1])
        assert cluster is not None and campaigns.cluster_for(ids[2]) is cluster
    clock.advance(timedelta(minutes=1))
    form = site.aigerim.get(comment_url(ids[1], "edit")).forms["edit-form"]
    form["text"] = letter + " Yours, a juror of 2019."
    assert form.submit("save").status_int == 303
    with database() as root:
        log = root.search_changes
        assert ("comment", SLUG, ids[1]) in {entry for _key, entry in log.since(0)}
    campaign_sync()
    page = site.editor.get(f"/consultations/{SLUG}/campaigns/")
    assert "a juror of 2019" in said(page.html)
