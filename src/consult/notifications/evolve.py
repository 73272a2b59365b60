"""Evolution steps of the notifications (registered in the one ordered
list, resources.evolution)."""

from .models import Notifications
from .things import ministry_name_thing, organisation_thing


def evolve_20_notifications(root):
    """The container of everyone's notifications, choices and follows
    (`root.notifications`, not a child: it is never traversed)."""
    if getattr(root, "notifications", None) is None:
        root.notifications = Notifications()


def evolve_26_follow_organisations(root):
    """Follows of a ministry by its name become follows of the organisation
    the consultations of that name belong to (step 22 linked them), so a
    follower hears of every consultation the organisation publishes. A name
    no consultation links to an organisation stays as it was (things.
    ministry_thing still answers with it for such a consultation)."""
    container = getattr(root, "notifications", None)
    if container is None:
        return
    moves = {}
    for consultation in root["consultations"].values():
        name = getattr(consultation, "organisation", None)
        old = ministry_name_thing(getattr(consultation, "ministry", None))
        if name and old is not None:
            moves.setdefault(old, organisation_thing(name))
    followers = container.followers
    for old, new in moves.items():
        userids = list(followers.of(old))
        for userid in userids:
            followers.remove(old, userid)
            followers.add(new, userid)
            inbox = container.inbox(userid)
            followed = inbox.following.pop(old, None) if inbox is not None else None
            if followed is not None and new not in inbox.following:
                followed.url = _organisation_url(followed.url, new)
                inbox.following[new] = followed
        if old in followers.by_thing:
            del followers.by_thing[old]


def _organisation_url(url, thing):
    """The organisation's page in place of the consultation page a follow
    by name kept (same host and prefix)."""
    base, found, _rest = (url or "").partition("/consultations/")
    return f"{base}{thing[1]}" if found else url


def includeme(config):
    config.include("consult.resources.evolution")
    config.add_evolution_step(20, evolve_20_notifications)
    config.add_evolution_step(26, evolve_26_follow_organisations)
