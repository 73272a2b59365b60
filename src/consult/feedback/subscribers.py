"""How feedback reacts to what other capabilities announce."""

from ..accounts.events import AddressConfirmed
from ..i18n import _
from ..layout import flash
from .interfaces import IFeedbackService


def release_held_comments(event):
    """The address is confirmed: the comments held until now are published
    (or go to the moderators where a consultation moderates first)."""
    request = event.request
    released = request.find_service(IFeedbackService).release_held(
        request.root["consultations"], event.principal
    )
    if any(comment.visible for comment in released):
        flash(request, _("Your comments held until now are published."))
    elif released:
        flash(
            request, _("Your comments held until now will appear once a moderator approves them.")
        )


def includeme(config):
    config.add_subscriber(release_held_comments, AddressConfirmed)
