"""Form-letter campaigns: found in the background after the commits, shown
once in public with the count (every comment still readable), in full to
staff with their differences, as JSON to staff only, answerable as one group,
and counted apart in the outcome report."""

import re
from datetime import timedelta

import pytest
from pages import thread_page

from consult.feedback.services import FeedbackService

SLUG = "citizens-juries"
LETTER = (
    "I oppose the cap on jury size. A jury of fifteen people cannot represent a region "
    "of two million residents. Please raise the minimum to forty members."
)
OWN = [
    "",
    "As a teacher I care.",
    "",
    "My family agrees.",
    "I live in Almaty.",
    "Please read this.",
    "",
    "I am a student.",
    "",
    "Thank you.",
    "",
    "",
]


@pytest.fixture
def campaign(make_consultation, make_user, database, clock, campaign_sync):
    """12 variants of one letter from 12 people (8 of them signed up an hour
    before), and two unrelated comments; returns (target, letter ids, other ids)."""
    make_consultation(SLUG)
    for number in range(12):
        make_user(f"sender{number}@example.kz", f"Sender{number}", "Letter")
    make_user("own@example.kz", "Own", "Voice")
    with database() as root:
        consultation = root["consultations"][SLUG]
        principals = root["principals"]
        for number in range(8):  # accounts made just before the comment
            principals.find_by_email(f"sender{number}@example.kz").created = (
                clock.now() - timedelta(hours=1)
            )
        for number in range(8, 12):
            principals.find_by_email(f"sender{number}@example.kz").created = (
                clock.now() - timedelta(days=30)
            )
        target = consultation.current_draft()["3"].target
        service = FeedbackService(clock, {})
        letters = []
        for number in range(12):
            author = principals.find_by_email(f"sender{number}@example.kz")
            text = (OWN[number] + " " + LETTER).strip()
            letters.append(service.post(consultation, target, author, text, "against").id)
            clock.advance(timedelta(minutes=1))
        own = principals.find_by_email("own@example.kz")
        others = [
            service.post(consultation, target, own, text, "for").id
            for text in (
                "Fifteen is enough if the lottery is stratified by region and age.",
                "Pay jurors for every day they serve, or only the retired will come.",
            )
        ]
    campaign_sync()
    return target, letters, others


def test_the_thread_shows_a_campaign_once_with_its_count(app, campaign):
    target, letters, others = campaign
    page = thread_page(app, SLUG, target)
    shown = [int(article["id"].split("-")[1]) for article in page.html.select("article.comment")]
    assert sorted(shown) == sorted([letters[0]] + others)  # the first letter stands for all
    note = page.html.find(id=f"comment-{letters[0]}").select_one(".comment-campaign a")
    assert " ".join(note.get_text().split()) == "and 11 near-identical comments"
    everyone = app.get(note["href"])
    listed = [int(a["id"].split("-")[1]) for a in everyone.html.select("article.comment")]
    assert sorted(listed) == sorted(letters)  # nobody is silenced
    assert "These 12 published comments say nearly the same thing" in " ".join(
        everyone.html.get_text().split()
    )


def test_below_ten_published_a_group_is_shown_in_full(
    app, browser, make_user, campaign, database, clock, campaign_sync
):
    target, letters, others = campaign
    make_user("moderator@example.kz", "Mira", "Modova", roles=("moderator",))
    with database() as root:
        consultation = root["consultations"][SLUG]
        moderator = root["principals"].find_by_email("moderator@example.kz")
        for comment_id in letters[:3]:
            FeedbackService(clock, {}).hide(
                consultation,
                consultation.comments.get(comment_id),
                moderator,
                "A copy of a letter by someone else",
            )
    campaign_sync()
    page = thread_page(app, SLUG, target)
    shown = [
        int(article["id"].split("-")[1])
        for article in page.html.select("article.comment-published")
    ]
    assert sorted(shown) == sorted(letters[3:] + others)
    assert page.html.select(".comment-campaign") == []


def test_staff_see_the_groups_with_their_evidence(browser, make_user, campaign):
    _target, letters, _others = campaign
    make_user("editor@example.kz", "Erlan", "Editov", roles=("editor",))
    editor = browser("editor@example.kz")
    page = editor.get(f"/consultations/{SLUG}/campaigns/")
    [group] = page.html.select("section.campaign")
    text = " ".join(group.get_text(" ").split())
    assert "Group of 12 comments" in text
    assert "From accounts created within 24 hours before commenting 67 %" in text  # 8 of 12
    assert LETTER in text
    variants = group.select("ol.variants > li")
    assert len(variants) == 3 and all(v.select("ins") for v in variants)  # their own lines
    answer = editor.get(group.find("a", string="Answer the whole group at once")["href"])
    assert "Answer 12 comments at once" in answer.text

    data = editor.get(f"/api/consultations/{SLUG}/campaigns").json
    assert [(item["size"], sorted(item["comment_ids"])) for item in data] == [(12, sorted(letters))]
    assert data[0]["representative"] == LETTER
    assert set(data[0]) >= {"id", "size", "representative", "comment_ids"}


def test_campaigns_are_for_staff_only(app, browser, campaign):
    assert (
        browser("own@example.kz")
        .get(f"/api/consultations/{SLUG}/campaigns", status=403)
        .json["error"]
    )
    assert app.get(f"/api/consultations/{SLUG}/campaigns", status=403).json["error"]
    assert app.get("/api/consultations/nope/campaigns", status=404).json["error"]
    assert (
        browser("own@example.kz").get(f"/consultations/{SLUG}/campaigns/", status=403).status_int
        == 403
    )


def test_the_outcome_report_counts_campaigns_apart(app, campaign, database, clock):
    with database() as root:
        stage = root["consultations"][SLUG].stages["white"]
        stage.schedule(stage.opens_at, clock.now() - timedelta(seconds=1))
    campaigns = app.get(f"/consultations/{SLUG}/report.json").json["participation"]["campaigns"]
    assert campaigns == {
        "campaigns": 1,
        "campaign_comments": 12,
        "unique_comments": 3,
        "sizes": [12],
        "min_size": 10,
    }
    page = app.get(f"/consultations/{SLUG}/report")
    assert re.search(
        r"Unique comments \(each campaign counted once\)\s*3",
        " ".join(page.html.get_text(" ").split()),
    )
