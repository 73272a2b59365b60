"""One comment as the person reading sees it.

`Entry` is what one comment looks like to a `viewer.Viewer`: what they may
see of it and what they may do with it; the thread, the permalink page, the
moderation queue, the ministry's answers and the campaign pages all show
comments through it. Its `body` (author, time, stance, notices, text, the
"edited N times" link and the addenda: the same for everyone but its author
and the moderators) is rendered once and kept in the render cache, keyed by
the comment's record and revision (`_p_oid`, `_p_serial`) with everything
else it shows (locale, site URL, the draft's current version). An edit and
an addendum both rewrite the comment's own record (`edit_count`, the
`addenda` tuple), so its revision, and the key, change with them. What depends on the reader or lives outside the
comment's record (supports, the buttons, the ministry's answer, a campaign)
is put around it on each page (comment_html: a shell cached by what it shows)."""

from functools import cached_property
from types import SimpleNamespace

from ZODB.utils import z64

from ...consultations.versions import version_url
from ...i18n import _
from ..comments import MAX_DEPTH, VISIBLE
from ..schemas import STANCE_CHOICES
from .comment_html import comment_html, render_template
from .paging import REPLIES_SHOWN, comment_anchor, with_query

STANCE_LABELS = dict(STANCE_CHOICES)
# How a comment received offline reached the ministry (consult.imports).
CHANNEL_LABELS = {
    "email": _("received by e-mail"),
    "post": _("received by post"),
    "hearing": _("said at a public hearing"),
    "polis": _("imported from a Polis conversation"),
}

BODY_TEMPLATE = "consult:templates/feedback/comment_body.pt"


def _lines(text):
    return [line for line in text.splitlines() if line.strip()]


class Entry:
    """One comment as `viewer` sees it, with its replies (a list of Entry)."""

    def __init__(self, viewer, comment, replies=(), more_replies_url=None, show_actions=True):
        self.viewer = viewer
        self.show_actions = show_actions
        self.comment = comment
        self.id = comment.id
        self.anchor = comment_anchor(comment)
        self.url = f"{viewer.store_url}{comment.id}/"
        self.replies = list(replies)
        self.more_replies_url = more_replies_url
        self.stance_label = STANCE_LABELS[comment.stance]
        self.channel_label = CHANNEL_LABELS.get(comment.channel)
        self.support_count = comment.support_count()
        self.own = viewer.id is not None and comment.author == viewer.id
        self.privileged = self.own or viewer.can_moderate
        visible = comment.state == VISIBLE
        self._what_may_be_read(visible)
        self._what_may_be_done(visible)
        self.moderation_links = self._moderation_links(visible)
        self.to_ministry = comment.to_ministry and comment.parent_id is not None
        # The one comment a form-letter campaign is shown as, with the count.
        self.campaign = campaign_note(viewer, comment)
        # The ministry's answer (feedback.interfaces.ICommentAnswer), shown
        # wherever the text is.
        self.answer = viewer.answer_for(comment) if self.show_text else None
        self.answer_url = (
            f"{self.url}answer" if viewer.can_answer and visible and self.answer is None else None
        )

    def _state_notes(self):
        """(the state, for everyone; the reason, for the author and moderators)."""
        comment = self.comment
        if comment.state == "withdrawn":
            return _("Withdrawn by its author"), None
        if comment.state == "hidden":
            if comment.awaiting_review:
                return (
                    _("Hidden while a moderator reviews it"),
                    _("Hidden after several reports, awaiting review."),
                )
            return _("Hidden by a moderator"), _hidden_note(comment)
        if comment.state == "pending" and comment.held_for_confirmation:
            if self.own:
                return _("Held until you confirm your e-mail address"), None
            return _("Held until its author confirms their e-mail address"), None
        if comment.state == "pending":
            return _("Awaiting moderation"), None
        if comment.awaiting_review:
            # Reports sent it to the moderators, but the ministry has answered
            # it: it stays shown (FeedbackService.report).
            return None, _(
                "Reported, and awaiting a moderator's review; it stays "
                "shown because the ministry has answered it."
            )
        return None, None

    def _what_may_be_read(self, visible):
        comment = self.comment
        privileged = self.privileged
        self.notice, private_note = self._state_notes()
        self.private_note = private_note if privileged else None
        self.show_text = visible or (privileged and comment.state in ("hidden", "pending"))
        self.show_author = visible or privileged
        # The earlier versions of the text (the versions page).
        self.versions_url = f"{self.url}versions" if self.show_text and comment.edit_count else None
        self.private = privileged and (
            self.private_note is not None or (self.show_text and not visible)
        )

    @property
    def private_label(self):
        """Said under what only the author and the moderators see (made only
        for the comments that show it)."""
        if self.own:
            return _("Only you and the moderators can see this.")
        return _("Only its author and the moderators can see this.")

    def _what_may_be_done(self, visible):
        comment, viewer, own = self.comment, self.viewer, self.own
        self.supported = viewer.supports(comment)
        self.can_support = visible and viewer.can_support and not own and not self.supported
        # Below the consultation's level for supports: a note in its place.
        self.support_needs = viewer.support_level_lacking if self.can_support else None
        if self.support_needs is not None:
            self.can_support = False
        self.can_reply = (
            visible
            and comment.depth < MAX_DEPTH
            and viewer.stage_open(comment.target)
            and (viewer.can_comment or viewer.identity is None)
        )
        self.can_report = visible and viewer.can_report and not own
        self.can_edit = own and viewer.service.can_edit(comment, viewer.identity)
        self.can_add_addendum = (
            own and not self.can_edit and viewer.service.can_add_addendum(comment, viewer.identity)
        )
        self.can_withdraw = own and comment.state != "withdrawn"
        self.can_appeal = (
            own
            and comment.state == "hidden"
            and viewer.service.appeal_refusal(comment, viewer.identity) is None
        )
        # The moderators see which comments wait for a decision on reports.
        self.reported = comment.open_report_count() if viewer.can_moderate else 0

    def _moderation_links(self, visible):
        """[(label, url)] of the moderators' decisions on the comment."""
        comment, viewer = self.comment, self.viewer
        if not viewer.can_moderate or comment.state == "withdrawn":
            return []
        query = {"came_from": viewer.came_from} if viewer.came_from else {}
        hidden = comment.state == "hidden"
        names = []
        if comment.appeal is not None and comment.appeal.open:
            # Another moderator decides the appeal, and nothing else meanwhile.
            names.append((_("Decide the appeal"), "decide-appeal"))
        else:
            if comment.awaiting_review or self.reported:
                names.append((_("Decide on the reports"), "resolve"))
            if comment.state == "pending":
                names.append((_("Approve"), "approve"))
            if visible and comment.awaiting_review:
                names.append((_("Keep shown"), "keep"))
            if comment.state in (VISIBLE, "pending") or comment.awaiting_review:
                names.append((_("Keep hidden") if hidden else _("Hide"), "hide"))
            if hidden:
                names.append((_("Restore"), "restore"))
        return [
            (label, viewer.request.resource_url(comment, name, query=query))
            for label, name in names
        ]

    # The text's lines and the addenda are read only to render the body,
    # which most pages take from the render cache.
    @cached_property
    def lines(self):
        return _lines(self.comment.text) if self.show_text else []

    @cached_property
    def addenda(self):
        """What the author added once the text could no longer change."""
        if not self.show_text:
            return []
        return [
            SimpleNamespace(lines=_lines(a.text), language=a.language, when=a.when)
            for a in self.comment.addenda
        ]

    @cached_property
    def version_note(self):
        """Made on an earlier version of the draft: that version and its text's URL."""
        if self.viewer.current_version is None:
            return None
        return version_note(self.viewer.request, self.comment)

    @cached_property
    def html(self):
        """The whole comment with its replies, from cached parts (comment_html)."""
        return comment_html(self)

    @cached_property
    def body(self):
        """The HTML of what the comment says and who said it (templates/
        feedback/comment_body.pt): the same for every reader but its author
        and the moderators, so cached for them by the comment's revision."""
        comment = self.comment
        viewer = self.viewer
        if (
            self.privileged
            or comment._p_oid is None
            or comment._p_changed
            or comment._p_serial == z64
        ):
            return self._render_body()
        key = (
            "body",
            comment._p_oid,
            comment._p_serial,
            viewer.locale,
            viewer.store_url,
            viewer.current_version,
        )
        return viewer.cache.get(key, self._render_body)

    def _render_body(self):
        request = self.viewer.request
        return render_template(
            BODY_TEMPLATE, request, entry=self, c=self.comment, layout=request.layout
        )


def _hidden_note(comment):
    """What the author and the moderators read under a comment a moderator
    hid: the reason, and where its appeal stands."""
    reason = next((r.reason for r in reversed(comment.moderation) if r.action == "hidden"), "")
    appeal = comment.appeal
    if appeal is None:
        return _("The moderator's reason: ${reason}", mapping={"reason": reason})
    if appeal.open:
        return _(
            "The moderator's reason: ${reason} An appeal waits for another moderator's decision.",
            mapping={"reason": reason},
        )
    return _(
        "The moderator's reason: ${reason} The appeal was considered by another "
        "moderator, and the comment stays hidden.",
        mapping={"reason": reason},
    )


def _public_campaign(comment):
    """The cluster of near-identical comments `comment` belongs to, if it is
    large enough to be shown once in public; else None."""
    consultation = comment.__parent__.__parent__ if comment.__parent__ is not None else None
    index = getattr(consultation, "campaigns", None)
    cluster = index.public_campaign_of(comment.id) if index is not None else None
    return cluster if cluster is not None and cluster.is_public_campaign else None


def _represented(viewer, comment):
    """(`comment`'s public campaign or None, whether it is the campaign's
    representative), asked once per comment and page: the thread's filter
    and the comment's note both need it."""
    known = viewer.campaigns.get(comment.id)
    if known is None:
        cluster = _public_campaign(comment)
        known = viewer.campaigns[comment.id] = (
            cluster,
            cluster is not None and cluster.representative_id() == comment.id,
        )
    return known


def campaign_note(viewer, comment):
    """(how many other near-identical comments, their page) for the comment
    that represents a public campaign; else None."""
    cluster, representative = _represented(viewer, comment)
    if not representative:
        return None
    return cluster.published_count() - 1, viewer.request.resource_url(cluster)


def shown_in_thread(viewer, comment):
    """False for the members of a public campaign other than its representative:
    the thread shows the campaign once (its page lists them all)."""
    if not comment.visible:
        return True
    cluster, representative = _represented(viewer, comment)
    return cluster is None or representative


def version_note(request, comment):
    """(version, url of the article in that version) when `comment` was made
    on an earlier version of the draft than the current one, else None."""
    if comment.draft_version is None or comment.__parent__ is None:
        return None
    consultation = comment.__parent__.__parent__
    current = consultation.current_draft()
    if current is None or current.version <= comment.draft_version:
        return None
    article_uid = comment.target.split(":")[1]
    return (
        comment.draft_version,
        version_url(request, consultation, comment.draft_version, article_uid),
    )


def build_entry(viewer, comment, after=None, replies_shown=REPLIES_SHOWN):
    """`comment` with its replies, nested to the depth limit."""
    store = viewer.store
    replies, cursor = store.replies_to(comment, after=after, size=replies_shown)
    more_url = None
    if cursor is not None:
        more_url = with_query(
            viewer.request.resource_url(comment), anchor="replies", after=str(cursor)
        )
    entries = [build_entry(viewer, reply) for reply in replies if viewer.may_see(reply)]
    return Entry(viewer, comment, entries, more_url)
