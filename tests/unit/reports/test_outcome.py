"""The outcome report as plain data, from real persistent objects (no database)."""

import json
from datetime import UTC, datetime, timedelta

from stores import with_stores

from consult.consultations.models import Consultation, Question
from consult.consultations.parsing import parse_text
from consult.feedback.comments import Comment
from consult.reports.jury_findings import jury_findings
from consult.reports.outcome import is_provisional, outcome_report, report_available
from consult.responses.models import Response, Version

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
DRAFT = """Article 1. One

1. First paragraph.

Article 2. Two

1. Only paragraph.
"""


def consultation(green=None, white=None, published=True):
    result = with_stores(
        Consultation({"en": "Juries"}, {}, {"en": "Ministry"}, (), NOW - 60 * DAY, "clerk")
    )
    result.__name__, result.__parent__ = "juries", None
    result.stages["green"].questions.append(Question({"en": "Lottery?"}))
    result.ensure_draft(NOW - 60 * DAY).apply_parsed("en", parse_text(DRAFT))
    if green:
        result.stages["green"].schedule(*green)
    if white:
        result.stages["white"].schedule(*white)
    if published:
        result.published_at = NOW - 50 * DAY
    return result


def test_available_once_every_stage_is_closed():
    assert not report_available(consultation(published=False), NOW)
    running = consultation(green=(NOW - 40 * DAY, NOW - 30 * DAY), white=(NOW - DAY, NOW + DAY))
    assert not report_available(running, NOW)
    closed = consultation(green=(NOW - 40 * DAY, NOW - 30 * DAY), white=(NOW - 20 * DAY, NOW - DAY))
    assert report_available(closed, NOW) and is_provisional(closed)
    closed.outcome_published_at = NOW
    assert report_available(closed, NOW) and not is_provisional(closed)


def test_an_empty_consultation_reports_zeros_as_json():
    closed = consultation(green=(NOW - 40 * DAY, NOW - 30 * DAY), white=(NOW - 20 * DAY, NOW - DAY))
    report = outcome_report(closed, NOW, {})
    assert json.loads(json.dumps(report)) == report, "plain data only"
    participation = report["participation"]
    assert participation["comments"] == participation["participants"] == 0
    assert participation["by_language"] == {"kk": 0, "ru": 0, "en": 0}
    assert participation["by_day"] == []
    assert report["timeliness"]["total"] == {
        "due": 0,
        "on_time": 0,
        "late": 0,
        "unanswered": 0,
        "overdue": 0,
    }
    assert [p["place"] for p in report["places"]] == ["question-1", "article-1", "article-2"]
    assert report["changes"] == [
        {
            "version": 1,
            "previous_version": None,
            "articles": 2,
            "published_at": (NOW - 60 * DAY).isoformat(),
            "summary": {},
        }
    ]
    assert report["juries"] is None and jury_findings(closed) is None


def test_first_answer_decides_timeliness_and_unknown_language():
    closed = consultation(green=(NOW - 40 * DAY, NOW - 30 * DAY), white=(NOW - 20 * DAY, NOW - DAY))
    closed.answer_days = 10  # white answers due NOW + 9 days, green ones NOW - 20 days
    article = closed.current_draft()["1"]
    old = Comment(article.target, "u1", "Aigerim S.", "Too few jurors.", "against", NOW - 10 * DAY)
    old.language = None  # stored before languages were detected
    closed.comments.add(old)
    question = Comment(
        closed.stages["green"].questions[0].target,
        "u2",
        "Nurlan B.",
        "Yes, by lot.",
        "for",
        NOW - 35 * DAY,
    )
    closed.comments.add(question)
    register = closed.responses
    answer = register.add(
        Response(
            old.id,
            old.target,
            Version("noted", "Noted for the by-laws.", None, "en", "official", "editor", NOW),
        )
    )
    register.revise(
        answer,
        Version(
            "partly", "Partly: see article 5.", None, "en", "official", "moderator", NOW + 20 * DAY
        ),
        "official",
        "moderator",
        "Corrected the decision.",
    )
    report = outcome_report(closed, NOW + 30 * DAY, {})
    assert report["participation"]["by_language"]["unknown"] == 1
    assert report["participation"]["by_stage"] == {"green": 1, "white": 1}
    assert report["timeliness"]["total"] == {
        "due": 2,
        "on_time": 1,
        "late": 0,
        "unanswered": 1,
        "overdue": 1,
    }
    [reason] = [r for row in report["dispositions"]["by_place"] for r in row["reasons"]]
    assert reason["disposition"] == "partly" and reason["role"] == "moderator"
    assert reason["revised"] is True
    assert "official" not in json.dumps(report), "officials by role only"
    assert "Aigerim" not in json.dumps(report), "no author names in the report"
