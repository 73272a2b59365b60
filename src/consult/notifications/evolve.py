"""Evolution steps of the notifications (registered in the one ordered
list, resources.evolution)."""

from .models import Notifications


def evolve_20_notifications(root):
    """The container of everyone's notifications, choices and follows
    (`root.notifications`, not a child: it is never traversed)."""
    if getattr(root, "notifications", None) is None:
        root.notifications = Notifications()


def includeme(config):
    config.include("consult.resources.evolution")
    config.add_evolution_step(20, evolve_20_notifications)
