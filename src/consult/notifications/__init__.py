"""Notifications: what happened to a person's comments, reports, juries
and what they follow, in a notification centre on the site and by mail as
they choose per kind (at once, daily or weekly digest, none); following
consultations, articles, threads, ministries and topics."""

from ..layout import INotificationCount
from .interfaces import INotificationService
from .services import notification_service_factory


class UnreadCount:
    """The header's count: one counter of the signed-in person's inbox."""

    def unread(self, request):
        identity = request.identity
        container = getattr(request.root, "notifications", None)
        if identity is None or container is None:
            return 0
        inbox = container.inboxes.get(identity.id)
        return inbox.unread() if inbox is not None else 0


def includeme(config):
    config.register_service_factory(notification_service_factory, INotificationService)
    config.registry.registerUtility(UnreadCount(), INotificationCount)
    config.include(".subscribers")
    config.scan(".views")
    config.include(".following")
    config.include(".evolve")
