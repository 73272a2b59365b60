"""Revision counters for the validators of shared pages (consult.caching).

A page anonymous readers share carries an ETag that must change when what
it shows changes, and only then, so that a reader who holds it gets a 304
for as long as it is still right. A resource whose pages show what is stored
under it (a consultation: its stages, draft versions, comments, answers)
provides `IRevisioned` and keeps a counter that every event announced about
something under it moves (`record_event`): a comment in one consultation
leaves every page of the others valid. What every page shows besides (the
site's name and settings, the pages and news in its menus, an organisation's
name) has one counter on the root, moved by the events whose class says
`changes_every_page = True`.

Both counters are BTrees `Length`s, which resolve concurrent increments, so
a surge of comments in one consultation makes no conflicts here. They are
created on first use (`page_revision` is None on a resource stored before
them), which writes their holder once."""

from BTrees.Length import Length
from pyramid.location import lineage
from zope.interface import Interface, implementer

from .events import IEvent

# Where an event names what it concerns (the attributes events carry).
EVENT_RESOURCES = (
    "comment",
    "consultation",
    "draft",
    "response",
    "jury",
    "subject",
    "item",
)
SITE_REVISION = "page_revision"


class IRevisioned(Interface):
    """A resource whose pages' validators count its own revisions."""


class IPageTimes(Interface):
    """A function (holder, now) -> str: what the pages of a revision holder
    show that changes with time alone (a consultation: each stage's status),
    so that their validators change exactly when it does, and not on a clock
    (consult.caching). One per site: consultations register theirs."""


@implementer(IRevisioned)
class Revisioned:
    """Mixin of a persistent resource that holds a page revision counter."""

    page_revision = None

    def bump_page_revision(self):
        if self.page_revision is None:
            self.page_revision = Length()
        self.page_revision.change(1)

    def page_revision_value(self):
        return 0 if self.page_revision is None else self.page_revision()


def revision_holder(resource):
    """The nearest resource in `resource`'s lineage that counts revisions,
    or None."""
    for node in lineage(resource):
        if IRevisioned.providedBy(node):
            return node
    return None


def site_revision(root):
    counter = getattr(root, SITE_REVISION, None)
    return 0 if counter is None else counter()


def bump_site_revision(root):
    counter = getattr(root, SITE_REVISION, None)
    if counter is None:
        counter = Length()
        setattr(root, SITE_REVISION, counter)
    counter.change(1)


def _root_of(event):
    root = getattr(event, "root", None)
    if root is None and event.request is not None:
        root = getattr(event.request, "root", None)
    return root


def record_event(event):
    """Move the counters of what the event concerns (each holder once)."""
    if getattr(event, "changes_every_page", False):
        root = _root_of(event)
        if root is not None:
            bump_site_revision(root)
    holders = {}
    for name in EVENT_RESOURCES:
        resource = getattr(event, name, None)
        if resource is None or getattr(resource, "__parent__", None) is None:
            continue
        holder = revision_holder(resource)
        if holder is not None:
            holders[id(holder)] = holder
    for holder in holders.values():
        holder.bump_page_revision()


def includeme(config):
    config.add_subscriber(record_event, IEvent)
