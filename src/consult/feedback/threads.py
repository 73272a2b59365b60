"""A comment thread as a reader sees it.

`render_thread` returns the HTML of one whole thread (heading, counts, one page
of comments with their replies, the form or the reason there is none), which
the consultation pages insert with `${structure: ...}`. `Entry` is what one
comment looks like to the person reading: what they may see of it and what
they may do with it; the thread, the permalink page and the moderation queue
all show comments through it.

Two things are rendered once and kept in a bounded, process-local cache
(`RenderCache`, on the registry): the part of a comment everyone but its
author and the moderators sees alike (`Entry.body`: author, time, stance,
notices, text), keyed by the comment's record and revision (`_p_oid`,
`_p_serial`) with everything else it shows (locale, site URL, the draft's
current version); and the empty comment form of each thread, keyed by
target and locale, into which each page puts its reader's CSRF token. What
depends on the reader or lives outside the comment's record (supports, the
buttons, the ministry's answer, a campaign) is rendered around it on each
page."""
import threading
from functools import cached_property
from html import escape
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import colander
import deform
from cachetools import LRUCache
from pyramid.renderers import get_renderer, render
from ZODB.utils import z64

from ..clock import IClock
from ..consultations.targets import target_url
from ..consultations.versions import version_url
from ..forms import make_form
from ..i18n import _
from ..responses.display import answer_for
from ..verification.services import lacking_level, requirement_notes, verify_url
from .models import MAX_DEPTH, VISIBLE
from .schemas import STANCE_CHOICES, CommentSchema, to_ministry_node
from .services import IFeedbackService

REPLIES_SHOWN = 20
STANCE_LABELS = dict(STANCE_CHOICES)
# How a comment received offline reached the ministry (consult.imports).
CHANNEL_LABELS = {
    "email": _("received by e-mail"),
    "post": _("received by post"),
    "hearing": _("said at a public hearing"),
    "polis": _("imported from a Polis conversation"),
}


BODY_TEMPLATE = "consult:templates/feedback/comment_body.pt"
# What stands for the reader's CSRF token in a cached form (never sent as is).
CSRF_PLACEHOLDER = "csrf-token-of-the-reader-0c5e7a"
# The cache's bound, in characters of HTML (Cyrillic text takes 2 bytes a
# character in memory): some 10 000 comments of ordinary length.
CACHE_CHARS = 8_000_000


class RenderCache:
    """A bounded LRU of rendered HTML, shared by the threads of one process."""

    def __init__(self, max_chars=CACHE_CHARS):
        self._lru = LRUCache(maxsize=max_chars, getsizeof=len) if max_chars > 0 else None
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key, make):
        """The HTML cached under `key`, made by `make()` (and kept) if missing."""
        if self._lru is None:
            return make()
        with self._lock:
            html = self._lru.get(key)
            if html is not None:
                self.hits += 1
                return html
            self.misses += 1
        html = make()
        if len(html) <= self._lru.maxsize:
            with self._lock:
                self._lru[key] = html
        return html

    def __len__(self):
        return len(self._lru) if self._lru is not None else 0


def render_cache(registry):
    """The application's RenderCache (`consult.render_cache_chars`: its bound;
    0 turns caching off)."""
    cache = getattr(registry, "consult_render_cache", None)
    if cache is None:
        chars = int(registry.settings.get("consult.render_cache_chars", CACHE_CHARS))
        cache = registry.consult_render_cache = RenderCache(chars)
    return cache


def page_size(request):
    return int(request.registry.settings.get("consult.comments_per_page", 20))


def max_length(request):
    return int(request.registry.settings.get("consult.max_comment_length", 10000))


def with_query(url, anchor=None, **params):
    """`url` with `params` set in its query string and its anchor replaced."""
    scheme, netloc, path, query, fragment = urlsplit(url)
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k not in params]
    pairs += [(k, v) for k, v in params.items() if v is not None]
    return urlunsplit((scheme, netloc, path, urlencode(pairs),
                       fragment if anchor is None else anchor))


def thread_anchor(target):
    return "thread-" + target.replace(":", "-")


def comment_anchor(comment):
    return f"comment-{comment.id}"


def place_url(request, comment):
    """Where a comment is read in its thread: the page of the thread that
    shows it, at its anchor. A reply beyond the replies a thread page shows is
    read on its own page instead."""
    store = comment.__parent__
    consultation = store.__parent__
    chain = [comment]
    while chain[-1].parent_id is not None:
        parent = store.get(chain[-1].parent_id)
        if parent is None:
            return request.resource_url(comment)
        chain.append(parent)
    for reply in chain[:-1]:
        position, _cursor = store.page_cursor(reply, REPLIES_SHOWN)
        if position >= REPLIES_SHOWN:
            return request.resource_url(comment)
    top = chain[-1]
    _position, cursor = store.page_cursor(top, page_size(request))
    url = target_url(request, consultation, comment.target)
    if cursor is not None:
        return with_query(url, anchor=comment_anchor(comment), after=str(cursor),
                          thread=comment.target)
    return with_query(url, anchor=comment_anchor(comment))


def stage_notice(request, consultation, target):
    """Why comments are not accepted on `target` now, or None if they are."""
    if consultation.published_at is None:
        return _("Comments open once the consultation is published.")
    stage = consultation.stage_for_target(target)
    status = stage.status(request.find_service(IClock).now())
    if status == "open":
        return None
    layout = request.layout
    if status == "closed":
        return _("Comments opened on ${opened} and closed on ${closed} (Almaty time).",
                 mapping={"opened": layout.local_time(stage.opens_at),
                          "closed": layout.local_time(stage.closes_at)})
    if status == "upcoming":
        return _("Comments will open on ${opens} (Almaty time).",
                 mapping={"opens": layout.local_time(stage.opens_at)})
    return _("Comments are not open yet: the dates are not set yet.")


def stable_ids(form):
    """Field ids (and the radio group's name) from the form's id, not from
    deform's running counter: unique when a page holds several threads, and
    the same from one rendering to the next."""
    for field in form.children:
        field.oid = f"{form.formid}-{field.name}"
    return form


def comment_form(request, consultation, target, parent=None, formid=None, focus="off"):
    """The deform form for a new comment (or a reply to `parent`). It takes
    the focus only on a page of its own, never inside a thread."""
    store = consultation.comments
    schema = CommentSchema()
    if parent is not None:
        schema["text"].title = _("Your reply")
        schema.insert(2, to_ministry_node())
    return stable_ids(make_form(
        request, schema,
        [deform.Button(name="post", title=_("Publish reply") if parent else _("Publish comment"))],
        action=request.resource_url(store, "post"),
        formid=formid or ("reply-form" if parent else f"form-{thread_anchor(target)}"),
        focus=focus,
        bind={"max_length": max_length(request),
              "stance": "neutral" if parent is not None else colander.null},
    ))


def form_values(parent, target):
    return {"target": target, "parent": "" if parent is None else str(parent.id)}


def empty_comment_form(request, consultation, target):
    """The HTML of the thread's empty comment form with the reader's CSRF
    token: rendered once per thread, language and site, then copied (the
    POST is validated, and a refused one shown again, by deform as usual)."""
    store = consultation.comments
    action = request.resource_url(store, "post")
    key = ("form", target, request.locale_name, action, max_length(request))

    def make():
        form = comment_form(request, consultation, target)
        return form.render(dict(form_values(None, target), csrf_token=CSRF_PLACEHOLDER))

    html = render_cache(request.registry).get(key, make)
    return html.replace(CSRF_PLACEHOLDER, escape(request.session.get_csrf_token()))


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


class Entry:
    """One comment as `viewer` sees it, with its replies (a list of Entry)."""

    def __init__(self, viewer, comment, replies=(), more_replies_url=None, show_actions=True):
        request = viewer.request
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
        own = viewer.id is not None and comment.author == viewer.id
        self.own = own
        visible = comment.state == VISIBLE
        privileged = own or viewer.can_moderate
        self.privileged = privileged
        # What may be read.
        self.notice = None  # the state, for everyone
        self.private_note = None  # the reason, for the author and moderators
        if comment.state == "withdrawn":
            self.notice = _("Withdrawn by its author")
        elif comment.state == "hidden":
            if comment.awaiting_review:
                self.notice = _("Hidden while a moderator reviews it")
                self.private_note = _("Hidden after several reports, awaiting review.")
            else:
                self.notice = _("Hidden by a moderator")
                record = comment.last_moderation
                reason = record.reason if record is not None else ""
                self.private_note = _("The moderator's reason: ${reason}",
                                      mapping={"reason": reason})
        elif comment.state == "pending" and comment.held_for_confirmation:
            self.notice = (_("Held until you confirm your e-mail address") if own
                           else _("Held until its author confirms their e-mail address"))
        elif comment.state == "pending":
            self.notice = _("Awaiting moderation")
        self.show_text = visible or (privileged and comment.state in ("hidden", "pending"))
        self.show_author = visible or privileged
        self.lines = ([line for line in comment.text.splitlines() if line.strip()]
                      if self.show_text else [])
        if not privileged:
            self.private_note = None
        self.private = privileged and (self.private_note is not None or
                                       (self.show_text and not visible))
        self.private_label = (_("Only you and the moderators can see this.") if own
                              else _("Only its author and the moderators can see this."))
        # What may be done.
        self.supported = viewer.supports(comment)
        self.can_support = visible and viewer.can_support and not own and not self.supported
        # Below the consultation's level for supports: a note in its place.
        self.support_needs = viewer.support_level_lacking if self.can_support else None
        if self.support_needs is not None:
            self.can_support = False
        self.can_reply = (visible and comment.depth < MAX_DEPTH
                          and viewer.stage_open(comment.target)
                          and (viewer.can_comment or viewer.identity is None))
        self.can_report = visible and viewer.can_report and not own
        self.can_edit = own and viewer.service.can_edit(comment, viewer.identity)
        self.can_withdraw = own and comment.state != "withdrawn"
        self.moderation_links = []
        if viewer.can_moderate and comment.state != "withdrawn":
            query = {"came_from": viewer.came_from} if viewer.came_from else {}

            def link(label, name):
                self.moderation_links.append((label, request.resource_url(comment, name,
                                                                          query=query)))

            if comment.state == "pending":
                link(_("Approve"), "approve")
            if comment.state in (VISIBLE, "pending") or comment.awaiting_review:
                link(_("Keep hidden") if comment.awaiting_review else _("Hide"), "hide")
            if comment.state == "hidden":
                link(_("Restore"), "restore")
        self.to_ministry = comment.to_ministry and comment.parent_id is not None
        # The one comment a form-letter campaign is shown as, with the count.
        self.campaign = campaign_note(request, comment)
        # The ministry's answer (consult.responses), shown wherever the text is.
        self.answer = answer_for(request, comment, viewer.can_answer) if self.show_text else None
        self.answer_url = (f"{self.url}answer"
                           if viewer.can_answer and visible and self.answer is None else None)

    @cached_property
    def version_note(self):
        """Made on an earlier version of the draft: that version and its text's URL."""
        if self.viewer.current_version is None:
            return None
        return version_note(self.viewer.request, self.comment)

    @cached_property
    def body(self):
        """The HTML of what the comment says and who said it (templates/
        feedback/comment_body.pt): the same for every reader but its author
        and the moderators, so cached for them by the comment's revision."""
        comment = self.comment
        viewer = self.viewer
        if (self.privileged or comment._p_oid is None or comment._p_changed
                or comment._p_serial == z64):
            return self._render_body()
        key = ("body", comment._p_oid, comment._p_serial, viewer.locale, viewer.store_url,
               viewer.current_version)
        return viewer.cache.get(key, self._render_body)

    def _render_body(self):
        # The template itself, not pyramid's render(): this runs for each
        # comment not in the cache, and needs none of render()'s events.
        request = self.viewer.request
        template = get_renderer(BODY_TEMPLATE).implementation()
        return template(entry=self, c=self.comment, layout=request.layout, request=request)


def _public_campaign(comment):
    """The cluster of near-identical comments `comment` belongs to, if it is
    large enough to be shown once in public; else None."""
    consultation = comment.__parent__.__parent__ if comment.__parent__ is not None else None
    index = getattr(consultation, "campaigns", None)
    cluster = index.cluster_for(comment.id) if index is not None else None
    return cluster if cluster is not None and cluster.is_public_campaign else None


def campaign_note(request, comment):
    """(how many other near-identical comments, their page) for the comment
    that represents a public campaign; else None."""
    cluster = _public_campaign(comment)
    if cluster is None or cluster.representative_id() != comment.id:
        return None
    return cluster.published_count() - 1, request.resource_url(cluster)


def shown_in_thread(comment):
    """False for the members of a public campaign other than its representative:
    the thread shows the campaign once (its page lists them all)."""
    cluster = _public_campaign(comment) if comment.visible else None
    return cluster is None or cluster.representative_id() == comment.id


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
    return (comment.draft_version,
            version_url(request, consultation, comment.draft_version, article_uid))


def build_entry(viewer, comment, after=None, replies_shown=REPLIES_SHOWN):
    """`comment` with its replies, nested to the depth limit."""
    store = viewer.store
    replies, cursor = store.replies_to(comment, after=after, size=replies_shown)
    more_url = None
    if cursor is not None:
        more_url = with_query(viewer.request.resource_url(comment), anchor="replies",
                              after=str(cursor))
    entries = [build_entry(viewer, reply) for reply in replies if viewer.may_see(reply)]
    return Entry(viewer, comment, entries, more_url)


def _cursor(request, target):
    if request.params.get("thread") != target:
        return None
    try:
        return int(request.params.get("after", ""))
    except ValueError:
        return None


def render_thread(request, consultation, target, title=None, readonly_notice=None):
    """The HTML of the whole thread on `target`, one page of it at a time.
    With `readonly_notice` (a thread kept for the record, e.g. on a part of
    the draft a later version removed) it offers no form and no replies and
    says why."""
    store = consultation.comments
    viewer = Viewer(request, store, readonly=readonly_notice is not None)
    # Whether the stage is open: asked once for the page and its entries.
    stage_closed = stage_notice(request, consultation, target)
    viewer._open[target] = stage_closed is None
    after = _cursor(request, target)
    comments, cursor = store.thread(target, after=after, size=page_size(request))
    anchor = thread_anchor(target)
    here = request.path_url + ("?" + request.query_string if request.query_string else "")
    values = {
        "thread_id": anchor,
        "title": title or _("Comments"),
        "count": store.count(target),
        "balance": store.stance_balance(target),
        "stance_labels": STANCE_LABELS,
        "entries": [build_entry(viewer, c) for c in comments
                    if viewer.may_see(c) and shown_in_thread(c)],
        "more_url": (with_query(here, anchor=anchor, after=str(cursor), thread=target)
                     if cursor is not None else None),
        "first_url": (with_query(here, anchor=anchor, after=None, thread=None)
                      if after is not None else None),
        "notice": None, "form": None, "sign_in_url": None, "unconfirmed": False,
        "requirements": requirement_notes(request, consultation),
    }
    notice = readonly_notice or stage_closed
    if notice is not None:
        values["notice"] = notice
    elif viewer.identity is None:
        values["sign_in_url"] = request.resource_url(
            request.root, "login", query={"came_from": request.path_qs})
    elif viewer.can_comment:
        values["form"] = empty_comment_form(request, consultation, target)
        if not viewer.identity.confirmed:
            values["notice"] = _("Confirm your e-mail address to publish your comments: until "
                                 "you open the link in the message we sent you when you "
                                 "registered, what you write is held and only you can see it.")
    elif not viewer.identity.confirmed:
        values["unconfirmed"] = True
    return render("consult:templates/feedback/thread.pt", values, request=request)
