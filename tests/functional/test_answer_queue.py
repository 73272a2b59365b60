"""The staff's queue of comments due an answer, through the real app: a page
at a time with the filters kept, the group action reachable at the top of
the list and working without JavaScript, and a Green-Paper question named by
its number and text (in the queue and in the comments export)."""

import csv
import io
from datetime import timedelta

import pytest

from consult.feedback.services import FeedbackService

SLUG = "citizens-juries"
QUESTION = "Question 1: Should jurors be drawn by lot?"
ARTICLE_COMMENTS = 44


@pytest.fixture
def editor(make_user, browser):
    make_user("editor@example.kz", "Erlan", "Editov", roles=("editor",))
    return browser("editor@example.kz")


@pytest.fixture
def posted(database, clock, make_user, make_consultation):
    """A comment on the Green Paper's question, then 44 on article 3 (for
    and against in turn, the first one for), oldest first: [ids]."""
    make_consultation(SLUG, stage_open="white")
    make_user("citizen@example.kz", "Nurlan", "Bekov")
    with database() as root:
        consultation = root["consultations"][SLUG]
        author = root["principals"].find_by_email("citizen@example.kz")
        service = FeedbackService(clock, {})
        green = consultation.stages["green"]
        times = green.opens_at, green.closes_at
        # Posted while the Green Paper was open, then it is closed again.
        green.opens_at = clock.now() - timedelta(days=1)
        green.closes_at = clock.now() + timedelta(days=1)
        question = green.questions[0]
        ids = [
            service.post(
                consultation, question.target, author, "Yes, lots are fair to everyone.", "for"
            ).id
        ]
        green.opens_at, green.closes_at = times
        target = consultation.current_draft()["3"].target
        for number in range(ARTICLE_COMMENTS):
            clock.advance(timedelta(seconds=1))
            text = f"Comment {number}: region {number} needs more than fifteen jurors."
            stance = "against" if number % 2 else "for"
            ids.append(service.post(consultation, target, author, text, stance).id)
    return ids


def shown(page):
    return [int(li.find("input")["value"]) for li in page.html.select("li.queue-item")]


def words(page):
    return " ".join(page.html.get_text().split())


def test_the_queue_is_paged_with_its_filters_kept(editor, posted):
    queue = editor.get(f"/consultations/{SLUG}/answer-queue")
    assert queue.html.find(id="queue-results").get_text(strip=True) == "Comments: 45"
    assert shown(queue) == posted[:20]
    assert "Page 1 of 3" in words(queue) and "Shown here: 1–20." in words(queue)
    assert queue.html.find("a", rel="prev") is None
    second = queue.click(linkid=None, href="page=2")
    assert shown(second) == posted[20:40]
    assert "page=" not in second.html.find("a", rel="prev")["href"]
    last = editor.get(second.html.find("a", rel="next")["href"])
    assert shown(last) == posted[40:] and last.html.find("a", rel="next") is None

    # Filtered: the question's comment and every other article comment are "for".
    query = {"stance": "for", "status": "all"}
    first = editor.get(f"/consultations/{SLUG}/answer-queue", params=query)
    assert first.html.find(id="queue-results").get_text(strip=True) == "Comments: 23"
    assert shown(first) == [posted[0]] + posted[1::2][:19]
    next_url = first.html.find("a", rel="next")["href"]
    assert "stance=for" in next_url and "status=all" in next_url and "page=2" in next_url
    second = editor.get(next_url)
    assert shown(second) == posted[1::2][19:]
    assert second.html.find(id="filter-stance").find("option", selected=True)["value"] == "for"
    previous = second.html.find("a", rel="prev")["href"]
    assert "stance=for" in previous and "page=" not in previous

    # A page past the end (its comments answered meanwhile) leads to the last one.
    beyond = editor.get(f"/consultations/{SLUG}/answer-queue", params=dict(query, page="9"))
    assert beyond.status_int == 303 and "page=2" in beyond.headers["Location"]


def test_the_group_action_is_at_the_top_and_works_without_javascript(editor, posted):
    query = {"stance": "for", "page": "2"}
    page = editor.get(f"/consultations/{SLUG}/answer-queue", params=query)
    group = page.html.find("form", action=lambda a: a and a.endswith("/answer-group"))
    top = group.find("button")
    assert top.get_text(strip=True) == "Answer the ticked comments"
    assert top.find_next("li", class_="queue-item") is not None  # before the first comment
    assert "queue-actions" in top.parent["class"]
    assert group.find("script") is None and page.html.find("script") is None

    [form] = [f for f in page.forms.values() if f.action.endswith("/answer-group")]
    ticked = posted[1::2][19:21]
    for field in form.fields["comment"]:
        field.checked = int(field._value) in ticked
    answer = form.submit()
    assert "Answer 2 comments at once" in words(answer)
    group = answer.forms["group-form"]
    group["group-form-disposition"] = "noted"
    group["reason"] = "The number of jurors per region is set by article 5 of the draft."
    done = group.submit("answer")
    # Back to the page and filters the official left.
    assert done.status_int == 303
    assert "stance=for" in done.headers["Location"] and "page=2" in done.headers["Location"]
    assert shown(done.follow()) == posted[1::2][21:]

    answered = editor.get(f"/consultations/{SLUG}/answer-queue", params={"status": "answered"})
    assert [bool(answered.html.find(id=f"comment-{i}")) for i in ticked] == [True, True]
    assert len(answered.html.select("li.queue-item")) == 2
    assert answered.html.find("button", string="Answer the ticked comments") is None


def test_one_answer_from_the_queue_returns_to_its_page(editor, posted):
    page = editor.get(f"/consultations/{SLUG}/answer-queue", params={"page": "2"})
    first = page.html.select_one("li.queue-item")
    link = first.find("a", string="Answer this comment")["href"]
    form = editor.get(link).forms["answer-form"]
    form["answer-form-disposition"] = "noted"
    form["reason"] = "The number of jurors per region is set by article 5 of the draft."
    done = form.submit("answer")
    assert done.headers["Location"].endswith("/answer-queue?status=unanswered&page=2")
    assert shown(done.follow()) == posted[21:41]


def test_only_the_queue_s_own_parameters_come_back(editor, posted):
    back = "stance=for&page=2&next=https://example.com/&status=all"
    page = editor.get(f"/consultations/{SLUG}/answer-group", params={"back": back})
    link = page.html.find("a", string="Back to the comments waiting for an answer")["href"]
    assert link.endswith("/answer-queue?stance=for&page=2&status=all")


def test_a_question_is_named_by_its_number_and_text(editor, posted, browser, make_user):
    queue = editor.get(f"/consultations/{SLUG}/answer-queue")
    first = queue.html.select_one("li.queue-item")
    assert QUESTION in [a.get_text(strip=True) for a in first.find_all("a")]
    options = [o.get_text(strip=True) for o in queue.html.find(id="filter-key").find_all("option")]
    assert options[:3] == ["All", QUESTION, "Article 1"]
    dashboard = editor.get(f"/consultations/{SLUG}/answers")
    assert dashboard.html.find("tbody").th.get_text(strip=True) == QUESTION

    editor.set_cookie("_LOCALE_", "ru")
    russian = editor.get(f"/consultations/{SLUG}/answer-queue")
    assert "Вопрос 1: Отбирать ли присяжных жребием?" in words(russian)
    export = editor.get(f"/consultations/{SLUG}/export-comments.csv")
    rows = list(csv.DictReader(io.StringIO(export.body.decode("utf-8-sig"))))
    labels = {int(row["comment_id"]): row["target_label"] for row in rows}
    assert labels[posted[0]] == "Вопрос 1: Отбирать ли присяжных жребием?"
    assert labels[posted[1]] == "Статья 3"
