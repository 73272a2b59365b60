"""The person reading a consultation's comments, and what they may do there.

A `Viewer` is made once per page and asked by each `entries.Entry` it shows:
the reader's permissions on the comment store (asked once, when first
needed), the comments they support, whether a thread's stage is open, and
the render cache the page uses."""

from functools import cached_property

from ...verification.services import lacking_level, verify_url
from ..interfaces import ICommentAnswer, IFeedbackService
from .comment_forms import stage_notice
from .render_cache import render_cache


class Viewer:
    """The person reading, and what they may do in one consultation's comments."""

    def __init__(self, request, store, came_from=None, readonly=False):
        self.request = request
        self.came_from = came_from  # where moderation forms return to
        self.store = store
        self.readonly = readonly  # a thread kept for the record: no replies
        self.identity = request.identity
        self.id = self.identity.id if self.identity is not None else None
        self._open = {}
        self.campaigns = {}  # comment id -> (public campaign, representative?), per page
        self.cache = render_cache(request.registry)

    @cached_property
    def locale(self):
        return self.request.locale_name

    # What the reader may do: asked once, when a page first needs it (a
    # POST that succeeds needs none of it).
    @cached_property
    def can_moderate(self):
        return bool(self.request.has_permission("moderate", self.store))

    @cached_property
    def can_comment(self):
        return bool(self.request.has_permission("comment", self.store))

    @cached_property
    def can_support(self):
        return bool(self.request.has_permission("support", self.store))

    @cached_property
    def can_report(self):
        return bool(self.request.has_permission("report", self.store))

    @cached_property
    def support_level_lacking(self):
        """The title of the level the consultation requires for supports,
        when the (signed-in) reader is below it; else None. Such a reader
        is shown a note with a link to verify, not the button."""
        if self.identity is None or not self.can_support:
            return None
        return lacking_level(self.request, self.store.__parent__, self.identity, "support")

    @cached_property
    def verify_url(self):
        return verify_url(self.request)

    @cached_property
    def can_answer(self):
        return bool(self.request.has_permission("answer", self.store))

    @cached_property
    def _answer(self):
        return self.request.registry.queryUtility(ICommentAnswer)

    def answer_for(self, comment):
        """The ministry's answer to `comment` as shown under it, or None
        (the utility consult.responses registers; none without it)."""
        if self._answer is None:
            return None
        return self._answer(self.request, comment, self.can_answer)

    @cached_property
    def store_url(self):
        """Where the comments live: a comment's URL is this and its id."""
        return self.request.resource_url(self.store)

    @cached_property
    def supported(self):
        """The ids of the comments the reader supports (None: ask each comment)."""
        return self.store.supported_ids(self.id) if self.id is not None else frozenset()

    @cached_property
    def service(self):
        return self.request.find_service(IFeedbackService)

    @cached_property
    def csrf_token(self):
        return self.request.session.get_csrf_token()

    @cached_property
    def current_version(self):
        """The version number of the consultation's current draft, or None."""
        consultation = self.store.__parent__
        current = consultation.current_draft() if consultation is not None else None
        return current.version if current is not None else None

    def supports(self, comment):
        if self.id is None:
            return False
        if self.supported is None:
            return self.id in comment.supporters
        return comment.id in self.supported

    def stage_open(self, target):
        if self.readonly:
            return False
        if target not in self._open:
            notice = stage_notice(self.request, self.store.__parent__, target)
            self._open[target] = notice is None
        return self._open[target]

    def may_see(self, comment):
        """Pending comments exist only for their author and the moderators."""
        return comment.state != "pending" or self.can_moderate or comment.author == self.id
