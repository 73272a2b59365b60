"""The outcome report's CSV rows, from real persistent objects (no database)."""

from datetime import UTC, datetime, timedelta

from stores import with_stores

from consult.consultations.models import Consultation, Question
from consult.consultations.parsing import parse_text
from consult.reports.outcome import outcome_report
from consult.reports.outcome_csv import CSV_COLUMNS, report_rows

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
DRAFT = """Article 1. One

1. First paragraph.

Article 2. Two

1. Only paragraph.
"""


def consultation(green, white):
    result = with_stores(
        Consultation({"en": "Juries"}, {}, {"en": "Ministry"}, (), NOW - 60 * DAY, "clerk")
    )
    result.__name__, result.__parent__ = "juries", None
    result.stages["green"].questions.append(Question({"en": "Lottery?"}))
    result.ensure_draft(NOW - 60 * DAY).apply_parsed("en", parse_text(DRAFT))
    result.stages["green"].schedule(*green)
    result.stages["white"].schedule(*white)
    result.published_at = NOW - 50 * DAY
    return result


def test_csv_rows_have_four_columns():
    closed = consultation(green=(NOW - 40 * DAY, NOW - 30 * DAY), white=(NOW - 20 * DAY, NOW - DAY))
    rows = list(report_rows(outcome_report(closed, NOW, {})))
    assert all(len(row) == len(CSV_COLUMNS) for row in rows)
    keys = [row[:3] for row in rows]
    assert len(keys) == len(set(keys))
    assert ("timeliness", "article-2", "overdue", 0) in rows
