"""The HTML of one comment with its replies, assembled from cached parts.

A thread page shows twenty comments and their replies; rendering each
through Chameleon's recursive macro took over a quarter of the page's CPU
(benchmarks/README.md, "Comments from cached shells; the garbage
collector"). Most readers see a comment alike, so its HTML is put together
from:

- the *shell* (templates/feedback/comment_shell.pt): the item and the
  buttons, as one reader may use them on a comment in one state. It is
  rendered from `shell_values(entry)` alone, and those values (with the
  locale) are its key in the render cache: two readers get the same shell
  only when everything it shows is the same for both.
- *slots* filled in for each comment on each page: its anchor, URL and
  counts; its body (cached on its own, by the comment's revision:
  `Entry.body`); the ministry's answer (rendered each time: it depends on
  the draft's later versions); the replies (each one assembled in the same
  way); the reader's own CSRF token.

A slot is marked in the shell as its name between NUL characters. The shell
is split at the marks and the slots joined in, so what fills a slot (a
comment's text, say) is never searched for marks itself."""

from html import escape

from pyramid.renderers import get_renderer

SHELL_TEMPLATE = "consult:templates/feedback/comment_shell.pt"
ANSWER_TEMPLATE = "consult:templates/feedback/comment_answer.pt"
MARK = "\x00"


class _Slots:
    """What the shell template writes where a slot goes: its marked name."""

    def __getattr__(self, name):
        if name.startswith("_"):  # Python's own probes (copy, pickle, ...)
            raise AttributeError(name)
        return f"{MARK}{name}{MARK}"


SLOTS = _Slots()


def shell_values(entry):
    """What the shell shows, as a hashable tuple of (name, value): both what
    the template reads and its key in the cache. What differs from comment to
    comment (its anchor, URL, counts) is a slot instead, so that a handful of
    shells serve every comment; only staff's links (answer, moderation) are
    per comment, and few read with them."""
    comment = entry.comment
    return (
        ("state", comment.state),
        ("visible", comment.visible),
        ("has_campaign", entry.campaign is not None),
        ("show_actions", entry.show_actions),
        ("can_support", entry.can_support),
        ("support_needs", entry.support_needs),
        ("verify_url", entry.viewer.verify_url if entry.support_needs else None),
        ("supported", entry.supported),
        ("can_reply", entry.can_reply),
        ("can_report", entry.can_report),
        ("can_edit", entry.can_edit),
        ("can_add_addendum", entry.can_add_addendum),
        ("can_withdraw", entry.can_withdraw),
        ("can_appeal", entry.can_appeal),
        ("reported", entry.reported),
        ("answer_url", entry.answer_url),
        ("moderation_links", tuple(entry.moderation_links)),
        ("has_replies", bool(entry.replies)),
        ("has_more_replies", entry.more_replies_url is not None),
    )


def render_template(template_name, request, **values):
    # The template itself, not pyramid's render(): this runs for each part
    # not in the cache, and needs none of render()'s events.
    return get_renderer(template_name).implementation()(request=request, **values)


def comment_html(entry):
    """The `<li>` of `entry`, its replies within it."""
    viewer = entry.viewer
    request = viewer.request
    values = shell_values(entry)
    shell = viewer.cache.get(
        ("shell", viewer.locale, values),
        lambda: render_template(SHELL_TEMPLATE, request, slots=SLOTS, **dict(values)),
    )
    parts = shell.split(MARK)
    for index in range(1, len(parts), 2):
        parts[index] = _slot(entry, parts[index])
    return "".join(parts)


def _slot(entry, name):
    if name in TEXT_SLOTS:
        return escape(str(TEXT_SLOTS[name](entry)))
    if name == "body":
        return entry.body
    if name == "answer":
        if entry.answer is None:
            return ""
        return render_template(
            ANSWER_TEMPLATE,
            entry.viewer.request,
            a=entry.answer,
            anchor=entry.anchor,
            layout=entry.viewer.request.layout,
        )
    if name == "replies":
        return "".join(reply.html for reply in entry.replies)
    raise KeyError(f"the comment shell has no slot {name!r}")


# Slots filled with text, escaped as the template would have.
TEXT_SLOTS = {
    "anchor": lambda entry: entry.anchor,
    "url": lambda entry: entry.url,
    "support_count": lambda entry: entry.support_count,
    "campaign_count": lambda entry: entry.campaign[0],
    "campaign_url": lambda entry: entry.campaign[1],
    "more_replies_url": lambda entry: entry.more_replies_url,
    "csrf": lambda entry: entry.viewer.csrf_token,
}
