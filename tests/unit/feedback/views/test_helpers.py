"""The rows of a comment's reports the moderators read: oldest first, and
only as many as a queue lists (each row reads its reporter's account)."""

from datetime import timedelta
from types import SimpleNamespace

from factories import NOW
from pyramid import testing

from consult.feedback.comments import Comment
from consult.feedback.views.helpers import reports


def test_reports_oldest_first_and_as_many_as_asked():
    comment = Comment("article:a", "author", "Aigerim S.", "Too few.", "for", NOW)
    for number in (3, 1, 2):
        comment.add_report(f"user{number}", f"Reason {number}", NOW + timedelta(minutes=number))
    read = []

    def get(userid):
        read.append(userid)
        return SimpleNamespace(public_name=userid.title())

    request = testing.DummyRequest()
    request.root = {"principals": SimpleNamespace(get=get)}
    assert [row.reason for row in reports(request, comment)] == [
        "Reason 1",
        "Reason 2",
        "Reason 3",
    ]
    read.clear()
    rows = reports(request, comment, limit=2)
    assert [(row.name, row.weight) for row in rows] == [("User1", "1"), ("User2", "1")]
    assert read == ["user1", "user2"]  # the third reporter's account is not read
