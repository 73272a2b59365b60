"""Comments as readers see them: threads, entries, their pages and forms.

The other capabilities show comments through the request methods that
`includeme` registers, never by importing these modules (consultations
builds below feedback, and responses, campaigns and the rest would each
learn how a thread is put together):

- `request.comment_thread(consultation, target, title=None, readonly_notice=None)`:
  the HTML of a whole thread (`threads.render_thread`);
- `request.comment_entries(comments)`: each comment as the reader sees it,
  without its buttons (`entries.Entry`), for pages that list comments
  (the ministry's answers, a campaign's members);
- `request.comment_place_url(comment, url=None)`: where a comment is read
  in its thread (`paging.place_url`).

What feedback shows from a capability above it (the ministry's answer under
a comment, the burst signals above the moderation queue) comes the other
way, through the utilities declared in `feedback.interfaces`."""

from .entries import Entry
from .paging import place_url
from .threads import render_thread
from .viewer import Viewer


def comment_thread(request, consultation, target, title=None, readonly_notice=None):
    """The HTML of the whole thread on `target`; with `readonly_notice`, a
    thread kept for the record that offers no form and says why."""
    return render_thread(request, consultation, target, title, readonly_notice=readonly_notice)


def comment_entries(request, comments):
    """`comments` (of one consultation) as the reader sees them, without
    the buttons that act on them."""
    comments = list(comments)
    if not comments:
        return []
    viewer = Viewer(request, comments[0].__parent__)
    return [Entry(viewer, comment, show_actions=False) for comment in comments]


def comment_place_url(request, comment, url=None):
    """Where `comment` is read in its thread (`url` makes a resource's URL,
    e.g. `urls.public_url` for mail)."""
    return place_url(request, comment, url)


def includeme(config):
    config.add_request_method(comment_thread, "comment_thread")
    config.add_request_method(comment_entries, "comment_entries")
    config.add_request_method(comment_place_url, "comment_place_url")
