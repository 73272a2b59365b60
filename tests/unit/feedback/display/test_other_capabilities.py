"""What feedback's display asks of the capabilities above it, and what it
offers the others, in the configured application: the ministry's answer
under a comment (responses registers ICommentAnswer), the signals above the
moderation queue (signals registers IModerationSignals), and the request
methods that show comments on other capabilities' pages."""

from types import SimpleNamespace

import pytest
import transaction
from pyramid import testing
from pyramid.request import Request
from pyramid.scripting import prepare

from consult.feedback.display.render_cache import RenderCache
from consult.feedback.display.viewer import Viewer
from consult.feedback.interfaces import ICommentAnswer, IModerationSignals
from consult.feedback.store import CommentStore
from consult.feedback.views.queue import queue
from consult.responses.display import answer_for
from consult.signals.display import dashboard


def test_responses_gives_the_answer_shown_under_a_comment(wsgi_app):
    assert wsgi_app.registry.queryUtility(ICommentAnswer) is answer_for


def test_signals_give_what_the_moderation_queue_shows(wsgi_app):
    assert wsgi_app.registry.queryUtility(IModerationSignals) is dashboard


def test_other_capabilities_find_the_request_methods(wsgi_app):
    manager = transaction.TransactionManager(explicit=True)
    manager.begin()
    env = prepare(
        request=Request.blank("/", environ={"tm.manager": manager}), registry=wsgi_app.registry
    )
    try:
        request = env["request"]
        for name in ("comment_thread", "comment_entries", "comment_place_url"):
            assert callable(getattr(request, name))
        assert request.comment_entries([]) == []
    finally:
        manager.abort()
        env["closer"]()


@pytest.fixture
def config():
    config = testing.setUp()
    config.testing_securitypolicy(permissive=True)
    config.registry.consult_render_cache = RenderCache(0)
    yield config
    testing.tearDown()


def store_of_a_consultation():
    store = CommentStore()
    store.__parent__ = SimpleNamespace(
        title={"en": "Juries"}, current_draft=lambda: None, __name__="juries", __parent__=None
    )
    return store


def test_a_comment_shows_the_answer_the_registered_utility_gives(config):
    request = testing.DummyRequest()
    viewer = Viewer(request, store_of_a_consultation())
    comment = object()
    assert viewer.answer_for(comment) is None  # no capability keeps answers
    asked = []

    def answer(request_, comment_, can_answer=False):
        asked.append((request_, comment_, can_answer))
        return "the answer"

    config.registry.registerUtility(answer, ICommentAnswer)
    viewer = Viewer(request, store_of_a_consultation())
    assert viewer.answer_for(comment) == "the answer"
    assert asked == [(request, comment, True)]


def test_the_moderation_queue_shows_signals_only_when_a_capability_gives_them(config):
    request = testing.DummyRequest(path="/consultations/juries/comments/")
    request.context = store_of_a_consultation()
    request.root = testing.DummyResource()
    request.layout = SimpleNamespace(localized=lambda texts: texts["en"])
    values = queue(request)
    assert "signals" not in values  # the template's `exists:signals` hides the section
    assert values["items"] == [] and values["show"] == "reported"

    config.registry.registerUtility(
        lambda request_, consultation: ("flags of", consultation), IModerationSignals
    )
    assert queue(request)["signals"] == ("flags of", request.context.__parent__)
