"""The jury's private workspace through the real app and its real forms:
evidence (with a file), the agenda and its iCalendar file, threads,
recommendations (editing, a concurrent edit, voting), experts invited by
e-mail, bad input shown again with the text kept, and the workspace
frozen once the findings are submitted."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from webtest import Upload

from consult.clock import FixedClock
from consult.juries.services import JuryService
from consult.juries.workspace.models import Findings

ORGANISER = "organiser@example.kz"
JUROR = "juror@example.kz"
JUROR_2 = "juror2@example.kz"
EXPERT = "expert@example.kz"
CITIZEN = "citizen@example.kz"
WS = "/juries/jury/workspace"


@pytest.fixture
def jury(make_user, make_consultation, database, clock):
    make_consultation()
    ids = {
        "organiser": make_user(ORGANISER, "Dana", "Organiser", roles=("organiser",)),
        "juror": make_user(JUROR, "Aigerim", "Serikova"),
        "juror2": make_user(JUROR_2, "Bolat", "Nurlanov"),
        "expert": make_user(EXPERT, "Saule", "Expertova"),
        "citizen": make_user(CITIZEN, "Yerlan", "Citizen"),
    }
    with database() as root:
        service = JuryService(FixedClock(clock.now()), "testing-hash-secret")
        settings = {
            "remit": {"en": "How should pensions be indexed?"},
            "panel_size": 15,
            "recruitment_opens": clock.now() - timedelta(days=10),
            "recruitment_closes": clock.now() - timedelta(days=5),
            "sessions": [],
            "features": ("gender",),
        }
        jury = service.create(
            root["juries"],
            "jury",
            "citizens-juries",
            settings,
            root["principals"][ids["organiser"]],
        )
        jury.grant_local_role(ids["juror"], "juror")
        jury.grant_local_role(ids["juror2"], "juror")
    return ids


def signed_in(browser, email):
    return browser(email)


def add_recommendation(
    app,
    title="Index pensions to prices",
    text="Pensions rise each January with the consumer price index.",
):
    page = app.get(WS + "/recommendations/")
    form = page.forms["new-recommendation"]
    form["title"] = title
    form["text"] = text
    form["reasoning"] = "Prices are what pensioners pay."
    return form.submit("add").follow()


def test_the_jury_page_links_to_the_workspace_for_members_only(jury, browser):
    for email, linked in ((JUROR, True), (ORGANISER, True), (CITIZEN, False), (None, False)):
        page = browser(email).get("/juries/jury")
        assert ('href="http://localhost/juries/jury/workspace/"' in page.text) == linked, email


def test_the_vote_is_named_in_the_jurors_language(jury, browser):
    juror = browser(JUROR)
    page = add_recommendation(juror)
    vote = page.forms[[k for k, f in page.forms.items() if f.action.endswith("/vote")][0]]
    vote["vote"] = "oppose"
    vote.submit(headers={"Accept-Language": "kk"})
    flashed = juror.get(page.request.path, headers={"Accept-Language": "kk"})
    assert "Дауысыңыз есепке алынды: Қарсы болу." in flashed.text


def test_a_juror_drafts_edits_and_votes(jury, browser, database):
    juror = browser(JUROR)
    page = add_recommendation(juror)
    assert "Recommendation 1: " in page.text and "Index pensions to prices" in page.text
    assert "No votes yet." in page.text

    edit = page.click("Edit the recommendation")
    form = edit.forms["edit-recommendation"]
    form["text"] = "Pensions rise each January and July with the consumer price index."
    form["minority"] = "Two jurors prefer wage indexation."
    form["note"] = "Twice a year"
    page = form.submit("save").follow()
    assert "January and July" in page.text and "Two jurors prefer wage indexation." in page.text
    assert "Revision 2 by Aigerim S." in page.text and "Twice a year" in page.text

    vote = page.forms[[k for k, f in page.forms.items() if f.action.endswith("/vote")][0]]
    vote["vote"] = "support"
    page = vote.submit().follow()
    assert "Your vote is recorded: Support." in page.text
    assert "100\u00a0%" in page.text and "Votes cast: 1" in page.text

    other = browser(JUROR_2)
    page = other.get(page.request.path)
    form = [f for f in page.forms.values() if f.action.endswith("/vote")][0]
    form["vote"] = "oppose"
    page = form.submit().follow()
    assert "50\u00a0%" in page.text and "Votes cast: 2" in page.text
    # Changing one's vote replaces it.
    form = [f for f in page.forms.values() if f.action.endswith("/vote")][0]
    assert form["vote"].value == "oppose"
    form["vote"] = "abstain"
    form.submit().follow()
    with database() as root:
        recommendation = next(iter(root["juries"]["jury"].workspace.recommendations.values()))
        assert recommendation.tally() == {"support": 1, "oppose": 0, "abstain": 1}
        assert len(recommendation.revisions) == 2
        assert recommendation.minority == "Two jurors prefer wage indexation."


def test_a_recommendation_is_withdrawn_and_restored(jury, browser):
    juror = browser(JUROR)
    page = add_recommendation(juror)
    withdraw = [f for f in page.forms.values() if f.action.endswith("/withdraw")][0]
    page = withdraw.submit().follow()
    assert "The recommendation is withdrawn" in page.text
    assert not [f for f in page.forms.values() if f.action.endswith("/vote")]
    assert "Edit the recommendation" not in page.text
    history = " ".join(page.html.find(id="history-title").parent.get_text().split())
    assert "Revision 2 by Aigerim S." in history and ": withdrawn" in history
    restore = [f for f in page.forms.values() if f.action.endswith("/withdraw")][0]
    page = restore.submit().follow()
    assert "The recommendation is restored." in page.text
    assert [f for f in page.forms.values() if f.action.endswith("/vote")]


def test_a_concurrent_edit_keeps_the_text_and_shows_the_newer_version(jury, browser, database):
    first, second = browser(JUROR), browser(JUROR_2)
    page = add_recommendation(first)
    path = page.request.path
    mine = first.get(path + "edit").forms["edit-recommendation"]
    theirs = second.get(path + "edit").forms["edit-recommendation"]
    theirs["text"] = "Their newer text about quarterly indexation."
    theirs.submit("save").follow()
    mine["text"] = "My own careful wording that must not be lost."
    page = mine.submit("save", status=409)
    assert "Someone saved this recommendation while you were editing it." in page.text
    assert "My own careful wording that must not be lost." in page.text  # in the form
    assert "Their newer text about quarterly indexation." in page.text  # the newer version
    # Saving again, now based on the newest revision, works.
    page = page.forms["edit-recommendation"].submit("save").follow()
    assert "My own careful wording" in page.text
    with database() as root:
        recommendation = next(iter(root["juries"]["jury"].workspace.recommendations.values()))
        assert [r.text for r in recommendation.revisions][1:] == [
            "Their newer text about quarterly indexation.",
            "My own careful wording that must not be lost.",
        ]


def test_bad_input_comes_back_with_the_text(jury, browser):
    juror = browser(JUROR)
    page = juror.get(WS + "/recommendations/")
    form = page.forms["new-recommendation"]
    form["title"] = ""
    form["text"] = "A text that was typed with care."
    page = form.submit("add")
    assert page.status_int == 200
    assert "A text that was typed with care." in page.text
    assert "Required" in page.text

    thread_page = juror.get(WS + "/threads/")
    form = thread_page.forms["new-thread"]
    form["title"] = "Indexation"
    form["text"] = "What do prices do?"
    form["csrf_token"] = "stale"
    page = form.submit("start")
    assert "This form had expired" in page.text and "What do prices do?" in page.text


def test_a_bad_vote_is_refused_with_a_message(jury, browser, database):
    juror = browser(JUROR)
    page = add_recommendation(juror)
    form = [f for f in page.forms.values() if f.action.endswith("/vote")][0]
    token = form["csrf_token"].value
    page = juror.post(form.action, {"csrf_token": token, "vote": "maybe"}, status=400)
    assert "Choose support, oppose or abstain." in page.text
    page = juror.post(form.action, {"csrf_token": "stale", "vote": "support"}, status=400)
    assert "This form had expired, so your vote was not recorded." in page.text
    with database() as root:
        recommendation = next(iter(root["juries"]["jury"].workspace.recommendations.values()))
        assert len(recommendation.votes) == 0


def test_organisers_and_experts_cannot_vote(jury, browser, database):
    page = add_recommendation(browser(JUROR))
    path = page.request.path
    organiser = browser(ORGANISER)
    page = organiser.get(path)
    assert not [f for f in page.forms.values() if f.action.endswith("/vote")]
    token = page.forms[list(page.forms)[0]]["csrf_token"].value
    response = organiser.post(path + "vote", {"csrf_token": token, "vote": "support"}, status=403)
    assert "Index pensions" not in response.text
    with database() as root:
        recommendation = next(iter(root["juries"]["jury"].workspace.recommendations.values()))
        assert len(recommendation.votes) == 0


def test_evidence_side_by_side_with_a_file(jury, browser, database):
    organiser = browser(ORGANISER)
    page = organiser.get(WS + "/evidence/add")
    form = page.forms["evidence"]
    form["title"] = "Indexation keeps purchasing power"
    form["kind"] = "testimony"
    form["perspective"] = "for"
    form["author"] = "Dr A. Nurlanova, Institute of Economics"
    form["summary"] = "Prices matter most to pensioners."
    form["upload"] = Upload("brief.pdf", b"%PDF-1.4 a short brief", "application/pdf")
    page = form.submit("save").follow()
    assert "brief.pdf" in page.text
    download = page.click("brief.pdf")
    assert download.content_type == "application/pdf"
    assert download.body == b"%PDF-1.4 a short brief"
    assert 'filename="brief.pdf"' in download.headers["Content-Disposition"]

    page = organiser.get(WS + "/evidence/add")
    form = page.forms["evidence"]
    form["title"] = "Indexation costs the budget"
    form["kind"] = "document"
    form["perspective"] = "against"
    form["author"] = "Ministry of Finance"
    form["summary"] = "The cost is high."
    form["upload"] = Upload("virus.exe", b"MZ...", "application/octet-stream")
    page = form.submit("save", status=400)
    assert "Attach a PDF, DOCX, ODT or TXT file." in page.text
    assert "Indexation costs the budget" in page.text  # the text is kept
    form = page.forms["evidence"]
    form["upload"] = Upload("costs.pdf", b"not a pdf at all", "application/pdf")
    page = form.submit("save", status=400)
    assert "This file is not a readable PDF file." in page.text
    page.forms["evidence"].submit("save").follow()

    library = browser(JUROR).get(WS + "/evidence/")
    for_column = library.html.find(id="perspective-for").parent
    against_column = library.html.find(id="perspective-against").parent
    assert "Indexation keeps purchasing power" in for_column.text
    assert "Indexation costs the budget" in against_column.text
    assert "Indexation costs" not in for_column.text
    # The consultation's draft and its comment statistics.
    assert "The consultation and its comments" in library.text
    assert "version 1" in library.text and "Published comments" in library.text
    # Jurors cannot add evidence.
    assert "Add evidence" not in library.text
    assert browser(JUROR).get(WS + "/evidence/add", status=403)


def test_comment_statistics(jury, database, clock, browser):
    from consult.accounts.models import Principal
    from consult.feedback.services import FeedbackService

    with database() as root:
        consultation = root["consultations"]["citizens-juries"]
        article = consultation.current_draft()["2"]
        feedback = FeedbackService(clock, {})
        author = root["principals"].find_by_email(CITIZEN)
        assert isinstance(author, Principal)
        feedback.post(consultation, article.target, author, "I am for this article.", "for")
        feedback.post(consultation, article.target, author, "I am against it, though.", "against")
    page = browser(JUROR).get(WS + "/evidence/")
    facts = page.html.find("dl", class_="facts")
    pairs = {
        dt.text.strip(): " ".join(dd.text.split())
        for dt, dd in zip(facts.find_all("dt"), facts.find_all("dd"), strict=True)
    }
    assert pairs["Published comments"] == "2"
    assert (pairs["For"], pairs["Against"], pairs["Neutral"]) == ("1", "1", "0")
    assert pairs["Draft"].endswith("version 1, 3 articles")
    table = page.html.find("caption", string="Most commented articles").parent
    row = table.find("tbody").find("tr")
    assert "Article 2" in row.text
    assert [td.text for td in row.find_all("td")] == ["2", "1", "1", "0"]


def test_agenda_and_its_calendar_file(jury, browser):
    organiser = browser(ORGANISER)
    page = organiser.get(WS + "/agenda/")
    form = page.forms["agenda-item"]
    # A fieldset per language (Kazakh, Russian, English, in that order).
    form.set("title", "Сарапшыларды тыңдау", index=0)
    form.set("title", "Hearing the experts", index=2)
    form.set("place", "Astana, House of Friendship", index=2)
    form["day"] = "2026-04-04"
    form["starts"] = "10:00"
    form["ends"] = "09:00"
    page = form.submit("save", status=400)
    assert "The session must end after it starts." in page.text
    assert "Astana, House of Friendship" in page.text
    form = page.forms["agenda-item"]
    form["ends"] = "13:30"
    page = form.submit("save").follow()
    assert "Hearing the experts" in page.text and "10:00" in page.text

    # Each reader gets the title in their language, or another one marked
    # with its language (no Russian: the Kazakh one on the Russian page).
    for language, title, marked in [
        ("kk", "Сарапшыларды тыңдау", None),
        ("ru", "Сарапшыларды тыңдау", "kk"),
        ("en", "Hearing the experts", None),
    ]:
        page = browser(JUROR).get(WS + "/agenda/", params={"_LOCALE_": language})
        heading = page.html.select_one(".agenda h2")
        assert heading.get_text() == title and heading.get("lang") == marked, language
        home = browser(JUROR).get(WS + "/", params={"_LOCALE_": language})
        assert title in home.text
    page = browser(JUROR).get(WS + "/agenda/", params={"_LOCALE_": "kk"})
    assert page.html.select_one(".agenda p span[lang=en]").get_text() == (
        "Astana, House of Friendship"
    )

    calendar_file = browser(JUROR).get(WS + "/agenda/agenda.ics")
    assert calendar_file.content_type == "text/calendar"
    assert "jury-agenda.ics" in calendar_file.headers["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(calendar_file.body)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    # Almaty is UTC+5: 10:00 there is 05:00 UTC.
    assert event.decoded("dtstart") == datetime(2026, 4, 4, 5, 0, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2026, 4, 4, 8, 30, tzinfo=UTC)
    assert str(event["summary"]) == "Hearing the experts"
    assert str(event["location"]) == "Astana, House of Friendship"
    again = icalendar.Calendar.from_ical(browser(JUROR).get(WS + "/agenda/agenda.ics").body)
    assert str(again.walk("VEVENT")[0]["uid"]) == str(event["uid"])  # stable

    # Jurors cannot change the agenda.
    assert "agenda-item" not in browser(JUROR).get(WS + "/agenda/").forms

    # The organiser adds the Russian title: the edit form shows each language's.
    page = organiser.get(WS + "/agenda/")
    form = organiser.get(page.html.select_one(".agenda .actions a")["href"]).forms["agenda-item"]
    assert form.get("title", index=0).value == "Сарапшыларды тыңдау"
    assert form.get("title", index=1).value == ""
    form.set("title", "Выступления экспертов", index=1)
    form.submit("save").follow()
    page = browser(JUROR).get(WS + "/agenda/", params={"_LOCALE_": "ru"})
    heading = page.html.select_one(".agenda h2")
    assert heading.get_text() == "Выступления экспертов" and heading.get("lang") is None


def test_threads(jury, browser):
    juror = browser(JUROR)
    page = juror.get(WS + "/threads/")
    form = page.forms["new-thread"]
    form["title"] = "What about rural pensioners?"
    form["text"] = "Prices in villages differ."
    page = form.submit("start").follow()
    assert "Prices in villages differ." in page.text and "Aigerim S." in page.text
    other = browser(EXPERT)
    assert other.get(page.request.path, status=403)  # not invited yet
    form = browser(JUROR_2).get(page.request.path).forms["post"]
    form["text"] = "They are lower, on the whole."
    page = form.submit("post").follow()
    assert page.text.index("Prices in villages") < page.text.index("They are lower")
    home = juror.get(WS + "/")
    assert "They are lower, on the whole." in home.text


def test_experts_are_invited_and_removed_by_email(jury, browser):
    organiser = browser(ORGANISER)
    page = organiser.get(WS + "/members")
    form = page.forms["invite-expert"]
    form["email"] = "nobody@example.kz"
    page = form.submit("invite", status=400)
    assert "No account uses this e-mail address." in page.text
    form = page.forms["invite-expert"]
    form["email"] = EXPERT
    page = form.submit("invite").follow()
    assert "Saule E. can now open the workspace as an expert." in page.text
    expert = browser(EXPERT)
    assert expert.get(WS + "/").status_int == 200
    # Experts add evidence but do not vote, and do not invite.
    assert "evidence" in expert.get(WS + "/evidence/add").forms
    assert "invite-expert" not in expert.get(WS + "/members").forms

    page = organiser.get(WS + "/members")
    remove = [f for f in page.forms.values() if f.action.endswith("/revoke-expert")][0]
    remove.submit().follow()
    # A revoked role ends the expert's sessions (docs/security.md, item 3);
    # signed in again, they are refused.
    assert "/login" in expert.get(WS + "/").headers["Location"]
    assert browser(EXPERT).get(WS + "/", expect_errors=True).status_int == 403


def test_everything_is_refused_once_findings_are_submitted(jury, browser, database, clock):
    juror = browser(JUROR)
    page = add_recommendation(juror)
    path = page.request.path
    edit = juror.get(path + "edit").forms["edit-recommendation"]
    vote = [f for f in juror.get(path).forms.values() if f.action.endswith("/vote")][0]
    threads = juror.get(WS + "/threads/").forms["new-thread"]
    with database() as root:
        root["juries"]["jury"].findings = Findings("Summary", "en", clock.now(), jury["juror"], [])
    page = juror.get(path)
    assert "The jury has submitted its findings" in page.text
    assert not [f for f in page.forms.values() if f.action.endswith("/vote")]
    edit["text"] = "A late change that I typed."
    page = edit.submit("save", status=409)
    assert "no longer changed" in page.text and "A late change that I typed." in page.text
    vote["vote"] = "support"
    page = vote.submit(status=409)
    assert "no longer changed" in page.text
    threads["title"] = "Too late"
    threads["text"] = "A late thought."
    page = threads.submit("start", status=409)
    assert "A late thought." in page.text
    with database() as root:
        workspace = root["juries"]["jury"].workspace
        recommendation = next(iter(workspace.recommendations.values()))
        assert len(recommendation.votes) == 0 and len(recommendation.revisions) == 1
        assert len(workspace.threads) == 0
