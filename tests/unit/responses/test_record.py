"""An organisation's answer record is counted from the responses service's
summary: of the comments whose deadline has passed, how many are answered."""

from datetime import UTC, datetime, timedelta

from pyramid import testing

from consult.clock import FixedClock, IClock
from consult.responses.interfaces import IResponseService
from consult.responses.record import answer_record

NOW = datetime(2026, 3, 2, tzinfo=UTC)


class Summaries:
    def __init__(self, rows):
        self.rows = rows

    def summary(self, consultation, now):
        rows = self.rows[consultation]
        return {
            "total": {
                "comments": sum(r["comments"] for r in rows),
                "answered": sum(r["answered"] for r in rows),
            },
            "rows": rows,
        }


def request_with(rows):
    request = testing.DummyRequest()
    services = {IResponseService: Summaries(rows), IClock: FixedClock(NOW)}
    request.find_service = services.__getitem__
    return request


def row(comments, answered, deadline):
    return {"comments": comments, "answered": answered, "deadline": deadline}


def test_only_rows_past_their_deadline_count_towards_the_rate():
    past, future = NOW - timedelta(days=1), NOW + timedelta(days=1)
    request = request_with(
        {"a": [row(4, 3, past), row(10, 0, future)], "b": [row(6, 6, past), row(2, 0, None)]}
    )
    assert answer_record(request, ["a", "b"]) == {
        "comments": 22,
        "answered": 9,
        "due": 10,
        "answered_due": 9,
        "rate": 90,
    }


def test_nothing_due_yet_has_no_rate():
    request = request_with({"a": [row(3, 1, NOW + timedelta(days=3))]})
    assert answer_record(request, ["a"])["rate"] is None
    assert answer_record(request, [])["rate"] is None
