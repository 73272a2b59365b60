"""The comment form and the reply form are built from one schema class: a
reply form must not change the comment forms built after it."""

from pyramid import testing

from consult.feedback.comments import Comment
from consult.feedback.display.comment_forms import comment_form


class Store:
    __name__ = "comments"
    __parent__ = None


class Consultation:
    def __init__(self):
        self.comments = Store()


def test_a_reply_form_leaves_the_comment_form_its_own_label():
    request = testing.DummyRequest()
    config = testing.setUp(request=request, settings={"consult.max_comment_length": "10000"})
    try:
        consultation = Consultation()
        parent = Comment.__new__(Comment)
        parent.id = 7
        before = comment_form(request, consultation, "article:x")
        reply = comment_form(request, consultation, "article:x", parent=parent)
        after = comment_form(request, consultation, "article:x")
        assert before.schema["text"].title == "Your comment"
        assert reply.schema["text"].title == "Your reply"
        assert after.schema["text"].title == "Your comment"
    finally:
        testing.tearDown()
        del config
