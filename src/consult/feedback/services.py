"""Feedback workflows: comment, reply, edit, add an addendum, withdraw,
support, report, moderate. What the service does is announced as events
(feedback.events) through the `notify` it is given.

Each part lives with its purpose: `posting` (posting, importing, releasing
held comments), `editing` (the author's own edits, addenda and withdrawal),
`participation` (supports and reports), `moderation` (the moderators'
decisions) and `appeals` (an author's appeal against a hiding);
`FeedbackService` puts them together behind IFeedbackService."""

import random
from datetime import timedelta

from zope.interface import implementer

from ..clock import IClock
from ..events import notify_outside_requests
from ..settings import as_settings, settings_of
from .appeals import Appeals
from .editing import Editing
from .interfaces import IFeedbackService
from .moderation import Moderation
from .participation import Participation
from .posting import Posting
from .report_weight import ReportWeights


@implementer(IFeedbackService)
class FeedbackService(Posting, Editing, Participation, Moderation, Appeals):
    def __init__(self, clock, settings, rng=random, notify=None, request=None):
        self.clock = clock
        self.rng = rng
        self.notify = notify or notify_outside_requests
        self.request = request  # what the events carry
        settings = as_settings(settings)
        # The weight of reports (report_weight) that hides a comment.
        self.reports_to_hide = settings["consult.reports_to_hide"]
        self.report_weights = ReportWeights.from_settings(settings)
        self.edit_window = timedelta(minutes=settings["consult.edit_window_minutes"])
        self.max_length = settings["consult.max_comment_length"]
        self.max_addendum_length = settings["consult.max_addendum_length"]
        self.max_addenda = settings["consult.max_addenda"]


def feedback_service_factory(context, request):
    return FeedbackService(
        request.find_service(IClock),
        settings_of(request),
        notify=request.registry.notify,
        request=request,
    )
