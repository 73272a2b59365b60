"""How feedback reacts to what other capabilities announce."""

from ..accounts.events import AccountClosed, AddressConfirmed
from ..consultations.events import ConsultationCreated
from ..i18n import _
from ..layout import flash
from . import activity
from .events import AuthorPseudonymised, CommentPosted
from .interfaces import IFeedbackService
from .store import CommentStore


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


def show_under_pseudonym(event):
    """A closed account's comments stay on the public record, the name they
    were signed with replaced by the account's pseudonym (accounts.lifecycle)."""
    request = event.request
    userid = event.principal.id
    for consultation in request.root["consultations"].values():
        store = consultation.comments
        for comment in store.by_author_comments(userid):
            comment.author_name = ""
            comment.author_pseudonym = event.pseudonym
            request.registry.notify(AuthorPseudonymised(request, comment))


def open_comment_store(event):
    """A new consultation gets the store of its comments, at the name every
    consultation keeps it under (`consultation.comments`, traversed as
    `comments`)."""
    consultation = event.consultation
    if getattr(consultation, "comments", None) is None:
        consultation.comments = CommentStore()
        consultation.comments.__parent__ = consultation
        consultation.comments.__name__ = "comments"


def index_comment(event):
    """A new comment enters its author's activity (feedback.activity),
    whoever posted or imported it."""
    comment = event.comment
    activity.record(comment, "comments", comment.author, comment.created)


def include_outside_requests(config):
    """What needs no request, for services built without a registry
    (consult.events.SUBSCRIBERS_OUTSIDE_REQUESTS)."""
    config.add_subscriber(open_comment_store, ConsultationCreated)
    config.add_subscriber(index_comment, CommentPosted)


def includeme(config):
    config.add_subscriber(release_held_comments, AddressConfirmed)
    config.add_subscriber(show_under_pseudonym, AccountClosed)
    include_outside_requests(config)
