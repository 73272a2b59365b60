"""Answering comments through the real app: one comment, a ticked group, a
whole article; revising with a reason; deadlines and the overdue flag; the
refusals (no reason, too short, wrong decision or language, answered twice)
and who may answer."""

import re
from datetime import timedelta

import pytest
from pages import thread_page

from consult.config import evolution_steps
from consult.feedback.services import FeedbackService
from consult.organisations.services import OrganisationService
from consult.resources import opened_root

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
REASON = "The draft already lets regions convene larger juries; see article 5."
RU_REASON = "Проект уже позволяет регионам созывать более крупные жюри, см. статью 5."


@pytest.fixture
def seeded(database, clock, make_user, make_consultation):
    """A consultation (white paper open) with comments by a citizen:
    seeded(texts_by_article) -> (slug, {article number: [comment ids]})."""

    def make(texts=None, slug="citizens-juries", stage_open="white"):
        make_consultation(slug, stage_open=stage_open)
        make_user("citizen@example.kz", "Nurlan", "Bekov")
        texts = texts or {
            "3": [
                "Fifteen jurors are too few for a large region.",
                "Fifteen jurors are too few for a big region!",
            ],
            "2": ["Jurors should be paid for every day they serve."],
        }
        ids = {}
        with database() as root:
            consultation = root["consultations"][slug]
            author = root["principals"].find_by_email("citizen@example.kz")
            service = FeedbackService(clock, {})
            if stage_open != "white":
                # Post while the stage was open, then close it again.
                stage = consultation.stages["white"]
                opens, closes = stage.opens_at, stage.closes_at
                stage.opens_at, stage.closes_at = (
                    clock.now() - timedelta(days=1),
                    clock.now() + timedelta(days=1),
                )
            for number, comments in texts.items():
                target = consultation.current_draft()[number].target
                ids[number] = [
                    service.post(consultation, target, author, text, "against").id
                    for text in comments
                ]
            if stage_open != "white":
                stage.opens_at, stage.closes_at = opens, closes
        return slug, ids

    return make


@pytest.fixture
def editor(make_user, browser):
    make_user("editor@example.kz", "Erlan", "Editov", roles=("editor",))
    return browser("editor@example.kz")


def comment_url(slug, comment_id, name=""):
    return f"/consultations/{slug}/comments/{comment_id}/{name}"


def fill(form, disposition="rejected", reason=REASON, translation=None, why=None):
    form[f"{form.id}-disposition"] = disposition
    form["reason"] = reason
    if translation is not None:
        form["translation"] = translation
    if why is not None:
        form["why"] = why
    return form


def said(response):
    return " ".join(response.html.get_text().split())


def thread(app, database, slug, number="3"):
    with database() as root:
        target = root["consultations"][slug].current_draft()[number].target
    return thread_page(app, slug, target)


def test_answer_one_comment(editor, browser, database, outbox, seeded):
    slug, ids = seeded()
    first = ids["3"][0]
    page = thread(editor, database, slug)
    link = page.html.find(id=f"comment-{first}").find("a", string="Answer for the ministry")
    form = editor.get(link["href"]).forms["answer-form"]
    response = fill(form).submit("answer")
    assert response.status_int == 303
    assert response.headers["Location"].endswith(f"/consultations/{slug}/answer-queue")

    reader = browser()
    page = thread(reader, database, slug)
    answer = page.html.find(id=f"comment-{first}").find("section", class_="ministry-answer")
    text = " ".join(answer.get_text().split())
    assert "Answer from the ministry (Rejected)" in text
    assert REASON in text and "Editor" in text and "2 March 2026" in text
    assert answer.find(class_="answer-text")["lang"] == "en"
    assert not EMAIL.findall(page.text) and "Erlan" not in text
    # The other comment on the article is still unanswered.
    assert page.html.find(id=f"comment-{ids['3'][1]}").find("section") is None

    [body] = outbox.bodies_to("citizen@example.kz")[-1:]
    assert "Decision: Rejected" in body and REASON in body
    assert f"#comment-{first}" in body


def test_refusals_keep_the_text(editor, seeded):
    slug, ids = seeded()
    url = comment_url(slug, ids["3"][0], "answer")

    form = editor.get(url).forms["answer-form"]
    form["reason"] = "Too short."
    form["answer-form-disposition"] = "accepted"
    page = form.submit("answer")
    assert page.status_int == 200
    assert "please write at least 30 characters (now 10)" in said(page)
    assert page.forms["answer-form"]["reason"].value == "Too short."

    form = editor.get(url).forms["answer-form"]
    page = form.submit("answer")  # nothing chosen, nothing written
    assert "Choose a decision" in said(page)

    form = fill(editor.get(url).forms["answer-form"])
    form["answer-form-disposition"].force_value("approved-by-magic")
    page = form.submit("answer")
    assert "Choose a decision" in said(page)
    assert page.forms["answer-form"]["reason"].value == REASON

    form = fill(editor.get(url).forms["answer-form"], reason=RU_REASON)
    page = form.submit("answer")
    assert "The comment is in English but the answer reads as Russian" in said(page)
    assert page.forms["answer-form"]["reason"].value == RU_REASON


def test_answer_in_another_language_needs_a_translation(editor, browser, database, seeded):
    slug, ids = seeded({"3": ["Пятнадцати присяжных мало для большой области."]})
    url = comment_url(slug, ids["3"][0], "answer")
    page = fill(
        editor.get(url).forms["answer-form"],
        reason=REASON,
        translation="This is not a translation into Russian at all, sorry.",
    ).submit("answer")
    assert "the translation reads as English" in said(page)
    response = fill(page.forms["answer-form"], reason=REASON, translation=RU_REASON).submit(
        "answer"
    )
    assert response.status_int == 303
    answer = thread(browser(), database, slug).html.find("section", class_="ministry-answer")
    assert answer.find(class_="answer-translation")["lang"] == "ru"
    assert RU_REASON in answer.get_text() and REASON in answer.get_text()


def test_answering_twice_shows_the_first_answer_and_keeps_the_text(
    editor, make_user, browser, seeded
):
    slug, ids = seeded()
    url = comment_url(slug, ids["3"][0], "answer")
    make_user("moderator@example.kz", "Marat", "Moderov", roles=("moderator",))
    moderator = browser("moderator@example.kz")
    late = fill(
        moderator.get(url).forms["answer-form"],
        disposition="noted",
        reason="Noted: the ministry will consider the size of juries again.",
    )
    assert fill(editor.get(url).forms["answer-form"]).submit("answer").status_int == 303

    page = late.submit("answer")
    assert page.status_int == 200
    assert re.search(
        r"This comment was answered by the Editor on 2 March 2026, \d\d:\d\d; "
        r"revise that answer instead\.",
        said(page),
    )
    form = page.forms["answer-form"]
    assert form["reason"].value == "Noted: the ministry will consider the size of juries again."
    assert form["answer-form-disposition"].value == "noted"
    # Opening the form again says so, with the way to revise.
    page = moderator.get(url)
    assert "answer-form" not in page.forms
    assert page.html.find("a", string="Revise the answer")["href"].endswith("/revise-answer")


def test_answer_a_ticked_group(editor, browser, database, outbox, seeded):
    slug, ids = seeded()
    queue = editor.get(f"/consultations/{slug}/answer-queue")
    assert said(queue).count("days left") == 3
    [tick] = [f for f in queue.forms.values() if f.action.endswith("/answer-group")]
    for field in tick.fields["comment"]:
        if int(field._value) in ids["3"]:
            field.checked = True
    page = tick.submit()
    assert "Answer 2 comments at once" in said(page)
    response = fill(page.forms["group-form"], disposition="partly").submit("answer")
    assert response.status_int == 303
    assert "2 comments are answered" in said(response.follow())

    page = thread(browser(), database, slug)
    for comment_id in ids["3"]:
        assert (
            "Answer from the ministry (Partly accepted)"
            in page.html.find(id=f"comment-{comment_id}").get_text()
        )
    assert len(outbox.bodies_to("citizen@example.kz")) == 2
    queue = editor.get(f"/consultations/{slug}/answer-queue")
    assert not queue.html.find(id=f"comment-{ids['3'][0]}")
    assert queue.html.find(id=f"comment-{ids['2'][0]}")
    answered = editor.get(f"/consultations/{slug}/answer-queue", params={"status": "answered"})
    assert answered.html.find(id=f"comment-{ids['3'][0]}")


def test_answer_a_whole_article(editor, browser, database, seeded):
    slug, ids = seeded()
    dashboard = editor.get(f"/consultations/{slug}/answers")
    row = [
        r
        for r in dashboard.html.find("tbody").find_all("tr")
        if r.th.get_text(strip=True) == "Article 3"
    ][0]
    assert [td.get_text(strip=True) for td in row.find_all("td")][:4] == ["2", "0", "2", "0"]
    page = editor.get(row.find("a", string="Answer all unanswered")["href"])
    assert "2 comments wait for an answer here" in said(page)
    assert (
        fill(page.forms["article-form"], disposition="accepted").submit("answer").status_int == 303
    )

    dashboard = editor.get(f"/consultations/{slug}/answers")
    row = [
        r
        for r in dashboard.html.find("tbody").find_all("tr")
        if r.th.get_text(strip=True) == "Article 3"
    ][0]
    assert [td.get_text(strip=True) for td in row.find_all("td")][:4] == ["2", "2", "0", "0"]
    assert row.find("a", string="Answer all unanswered") is None
    total = [td.get_text(strip=True) for td in dashboard.html.find("tfoot").find_all("td")]
    assert total[:4] == ["3", "2", "1", "0"]


def test_revise_with_a_reason_keeps_the_history(editor, browser, database, outbox, seeded):
    slug, ids = seeded()
    first = ids["3"][0]
    fill(editor.get(comment_url(slug, first, "answer")).forms["answer-form"]).submit("answer")
    page = thread(editor, database, slug)
    revise = editor.get(
        page.html.find(id=f"comment-{first}").find("a", string="Revise the answer")["href"]
    )
    form = revise.forms["revise-form"]
    assert form["reason"].value == REASON  # the current answer, to correct
    new = "Accepted after all: article 5 will allow up to 25 jurors in large regions."
    form["reason"] = new
    form["revise-form-disposition"] = "accepted"
    page = form.submit("answer")
    assert "Please say why the answer changes" in said(page)
    page.forms["revise-form"]["why"] = "The working group changed its position."
    assert page.forms["revise-form"].submit("answer").status_int == 303

    page = thread(browser(), database, slug)
    answer = page.html.find(id=f"comment-{first}").find("section", class_="ministry-answer")
    text = " ".join(answer.get_text().split())
    assert text.startswith("Answer from the ministry (Accepted)")
    assert new in text and "revised" in text
    history = answer.find("details")
    assert "Earlier versions (1)" in history.summary.get_text()
    assert REASON in history.get_text()
    assert "Rejected, by the Editor on 2 March 2026" in " ".join(history.get_text().split())
    assert "because: The working group changed its position." in " ".join(
        history.get_text().split()
    )
    assert "was revised" in outbox.messages()[-1]["Subject"]


def test_deadline_and_overdue(editor, database, clock, seeded):
    slug, ids = seeded(stage_open="closed")  # the white paper closed a day ago
    dashboard = editor.get(f"/consultations/{slug}/answers")
    assert "answers are overdue" not in said(dashboard)
    assert "within 15 days after their stage closes" in said(dashboard)
    assert "14 days left" in said(editor.get(f"/consultations/{slug}/answer-queue"))

    clock.advance(timedelta(days=16))
    dashboard = editor.get(f"/consultations/{slug}/answers")
    assert "3 answers are overdue." in said(dashboard)
    total = [td.get_text(strip=True) for td in dashboard.html.find("tfoot").find_all("td")]
    assert total[:4] == ["3", "0", "3", "3"]
    queue = editor.get(f"/consultations/{slug}/answer-queue")
    assert said(queue).count("Overdue by 2 days") == 3

    # The editor gives more time through the small form on the dashboard.
    form = dashboard.forms["deadline-form"]
    form["days"] = "none"
    page = form.submit("save")
    assert "The deadline is a number of days from 1 to 365" in said(page)
    page.forms["deadline-form"]["days"] = "30"
    dashboard = page.forms["deadline-form"].submit("save").follow()
    assert "within 30 days" in said(dashboard) and "overdue" not in said(dashboard)
    with database() as root:
        assert root["consultations"][slug].answer_days == 30


def test_who_may_answer(app, browser, make_user, database, make_consultation, seeded):
    slug, ids = seeded()
    url = comment_url(slug, ids["3"][0], "answer")
    assert "/login" in browser().get(url, status=303).headers["Location"]
    citizen = browser("citizen@example.kz")
    citizen.get(url, status=403)
    citizen.get(f"/consultations/{slug}/answers", status=403)
    assert "Answer for the ministry" not in thread(citizen, database, slug).text

    make_consultation("other")
    other_editor = make_user("other@example.kz", "Olga", "Otherova")
    local_editor = make_user("local@example.kz", "Lyazzat", "Localova")
    with database() as root:
        root["consultations"]["other"].grant_local_role(other_editor, "editor")
        root["consultations"][slug].grant_local_role(local_editor, "moderator")
    other = browser("other@example.kz")
    other.get(url, status=403)
    other.post(url, {"reason": REASON}, status=403)
    other.get(f"/consultations/{slug}/answer-queue", status=403)
    other.get("/consultations/other/answers", status=200)

    local = browser("local@example.kz")
    response = fill(local.get(url).forms["answer-form"]).submit("answer")
    assert response.status_int == 303
    page = thread(browser(), database, slug)
    assert "Moderator" in page.html.find("section", class_="ministry-answer").get_text()
    # Only editors set the deadline.
    local.get(f"/consultations/{slug}/answer-deadline", status=403)
    assert "deadline-form" not in local.get(f"/consultations/{slug}/answers").forms


def test_concurrent_answers_one_wins(wsgi_app, database, clock, seeded, make_user):
    """Two transactions answer the same comment on two connections: the
    second to commit conflicts (and its retry is refused with the first answer)."""
    from ZODB.POSException import ConflictError

    from consult.responses.services import ResponseError, ResponseService

    slug, ids = seeded()
    make_user("editor@example.kz", "Erlan", "Editov", roles=("editor",))
    db = wsgi_app.registry._zodb_databases[""]
    service = ResponseService(clock, {})
    comment_id = ids["3"][0]

    def answer(root, disposition):
        consultation = root["consultations"][slug]
        official = root["principals"].find_by_email("editor@example.kz")
        return service.answer(
            consultation, [consultation.comments.get(comment_id)], official, disposition, REASON
        )

    first = opened_root(db, evolution_steps())
    second = opened_root(db, evolution_steps())
    root_one = first.__enter__()
    root_two = second.__enter__()
    answer(root_one, "accepted")
    answer(root_two, "rejected")
    first.__exit__(None, None, None)
    with pytest.raises(ConflictError):
        second.__exit__(None, None, None)

    # The retry sees the answer that won and is refused, clearly.
    with database() as root:
        with pytest.raises(ResponseError) as refused:
            answer(root, "rejected")
        assert "revise that answer instead" in refused.value.message.interpolate()
        assert root["consultations"][slug].responses.get(comment_id).disposition == "accepted"
        assert len(root["consultations"][slug].responses) == 1


def test_a_conflicting_answer_is_retried_and_refused_over_http(
    editor, wsgi_app, clock, make_user, outbox, seeded, monkeypatch
):
    """Another official commits an answer to the same comment while this
    request is running: the request's commit conflicts, pyramid_retry runs it
    again, and the re-run shows the form with the text and the first answer."""
    from consult.responses.services import ResponseService

    slug, ids = seeded()
    comment_id = ids["3"][0]
    make_user("moderator@example.kz", "Marat", "Moderov", roles=("moderator",))
    db = wsgi_app.registry._zodb_databases[""]
    original = ResponseService.answer
    attempts = []

    def racing(self, consultation, comments, official, *args, **kw):
        attempts.append(len(attempts) + 1)
        result = original(self, consultation, comments, official, *args, **kw)
        if len(attempts) == 1:
            with opened_root(db, evolution_steps()) as root:
                other = root["consultations"][slug]
                original(
                    ResponseService(clock, {}),
                    other,
                    [other.comments.get(comment_id)],
                    root["principals"].find_by_email("moderator@example.kz"),
                    "noted",
                    "Noted: the working group will discuss the size of juries.",
                )
        return result

    monkeypatch.setattr(ResponseService, "answer", racing)
    form = fill(editor.get(comment_url(slug, comment_id, "answer")).forms["answer-form"])
    page = form.submit("answer")
    assert attempts == [1, 2]
    assert page.status_int == 200
    assert "This comment was answered by the Moderator on" in said(page)
    assert page.forms["answer-form"]["reason"].value == REASON
    with opened_root(db, evolution_steps()) as root:
        assert root["consultations"][slug].responses.get(comment_id).disposition == "noted"
    assert outbox.bodies_to("citizen@example.kz") == []  # the aborted attempt sent nothing


def test_staff_find_the_answer_pages_from_the_consultation(browser, make_user, seeded):
    slug, _ids = seeded()
    make_user("moderator@example.kz", "Mira", "Modova", roles=("moderator",))
    moderator = browser("moderator@example.kz")
    panel = moderator.get(f"/consultations/{slug}/").html.find(id="answers-title").parent
    links = {a.get_text(" ", strip=True): a["href"] for a in panel.find_all("a")}
    assert links["Comments waiting for an answer"].endswith(f"/{slug}/answer-queue")
    assert moderator.get(links["Answers: counts, deadline and overdue comments"]).status_int == 200
    export = moderator.get(links["CSV"])
    assert export.content_type == "text/csv"
    # Citizens see no such panel.
    citizen = browser("citizen@example.kz")
    assert citizen.get(f"/consultations/{slug}/").html.find(id="answers-title") is None


def test_an_accepted_comment_links_to_the_version_that_took_it_in(
    editor, browser, database, clock, seeded
):
    from samples import DRAFT_TEXT_EN

    from consult.consultations.parsing import parse_text
    from consult.consultations.services import ConsultationService

    slug, ids = seeded()
    first = ids["3"][0]
    page = thread(editor, database, slug)
    link = page.html.find(id=f"comment-{first}").find("a", string="Answer for the ministry")
    fill(editor.get(link["href"]).forms["answer-form"], "accepted").submit("answer")
    reader = browser()
    answer = thread(reader, database, slug).html.find(id=f"comment-{first}")
    assert answer.find(class_="answer-taken-in") is None  # no new version yet

    with database() as root:  # version 2 takes the comment in: 15 jurors become 25
        consultation = root["consultations"][slug]
        service = ConsultationService(root["consultations"], clock)
        text = DRAFT_TEXT_EN.replace("15 to 25", "25 to 35")
        service.publish_version(
            consultation,
            {"en": parse_text(text)},
            {},
            root["principals"].find_by_email("editor@example.kz"),
        )
    answer = thread(reader, database, slug).html.find(id=f"comment-{first}")
    taken = answer.find(class_="answer-taken-in")
    assert " ".join(taken.get_text().split()) == "Taken into version 2 of the draft."
    assert taken.a["href"].endswith(f"/consultations/{slug}/drafts/2/3/")


def test_a_reply_addressed_to_the_ministry_is_due_an_answer(
    editor, browser, make_user, database, clock, seeded
):
    slug, ids = seeded()
    first = ids["3"][0]
    make_user("daniyar@example.kz", "Daniyar", "Omarov")
    daniyar = browser("daniyar@example.kz")
    page = thread(daniyar, database, slug)
    replies = []
    for text, addressed in (
        ("I agree, and the ministry should say why fifteen.", True),
        ("Nurlan, large regions have more candidates too.", False),
    ):
        form = daniyar.get(
            page.html.find(id=f"comment-{first}").find("a", string="Reply")["href"]
        ).forms["reply-form"]
        form["text"] = text
        form["to_ministry"] = addressed
        response = form.submit("post")
        assert response.status_int == 303
        replies.append(int(response.headers["Location"].rsplit("-", 1)[1]))
    addressed, private = replies

    shown = thread(daniyar, database, slug).html
    assert "Addressed to the ministry" in shown.find(id=f"comment-{addressed}").get_text()
    assert "Addressed to the ministry" not in shown.find(id=f"comment-{private}").get_text()

    queue = editor.get(f"/consultations/{slug}/answer-queue")
    assert f"/comments/{addressed}/" in queue.text
    assert f"/comments/{private}/" not in queue.text
    dashboard = editor.get(f"/consultations/{slug}/answers")
    with database() as root:
        from consult.responses.services import ResponseService

        summary = ResponseService(clock, {}).summary(root["consultations"][slug], clock.now())
    assert summary["total"]["comments"] == 4  # three top-level comments and one reply
    assert summary["total"]["unanswered"] == 4
    assert dashboard.status_int == 200


def test_an_answerer_of_the_consultations_organisation_answers(
    make_user, browser, database, seeded, clock
):
    """An organisation's answerer answers its consultations' comments; the
    answer names the role, and the organisation's page counts it once the
    deadline has passed."""
    slug, ids = seeded()
    answerer = make_user("answerer@example.kz", "Saule", "Answerova")
    with database() as root:
        organisations = OrganisationService(root["organisations"])
        organisation = organisations.for_ministry(root["consultations"][slug].ministry)
        organisation_path = f"/organisations/{organisation.name}/"
        organisations.grant_role(organisation, root["principals"][answerer], "answerer")
        root["consultations"][slug].organisation = organisation.name
    app = browser("answerer@example.kz")
    form = app.get(comment_url(slug, ids["3"][0], "answer")).forms["answer-form"]
    assert fill(form).submit("answer").status_int == 303
    answer = thread(browser(), database, slug).html.find(id=f"comment-{ids['3'][0]}")
    assert "Answerer" in " ".join(
        answer.find("section", class_="ministry-answer").get_text().split()
    )
    # The white paper closes, its answer deadline passes: one of three answered.
    clock.advance(timedelta(days=31 + 16))
    page = said(browser().get(organisation_path))
    assert "33% of the comments past their answer deadline have an answer (1 of 3)." in page
