"""What appeals announce: each change of an appeal, for the audit log and
for the mail that tells its author (appeals.subscribers)."""

from ..events import RecordedEvent
from ..i18n import _


class AppealEvent(RecordedEvent):
    def __init__(self, request, appeal, reason="", actor=None):
        super().__init__(request, appeal, reason=reason, actor=actor)
        self.appeal = appeal

    def details(self):
        # Never the text, the address or who filed it.
        appeal = self.appeal
        return {
            "state": appeal.state,
            "organisation": appeal.organisation or "",
            "category": appeal.category,
        }


class AppealFiled(AppealEvent):
    action = "appeal.filed"
    title = _("An appeal was filed")

    def recorded(self):
        return False  # a citizen's own act, as a comment posted


class AppealSupported(AppealEvent):
    action = "appeal.supported"
    title = _("A person joined an appeal")

    def recorded(self):
        return False


class AppealRegistered(AppealEvent):
    action = "appeal.registered"
    title = _("An appeal was registered")


class AppealProgressed(AppealEvent):
    action = "appeal.progressed"
    title = _("An appeal's state was changed")


class AppealForwarded(AppealEvent):
    action = "appeal.forwarded"
    title = _("An appeal was forwarded to another organisation")


class AppealExtended(AppealEvent):
    action = "appeal.extended"
    title = _("The term of an appeal was extended")


class AppealAnswered(AppealEvent):
    action = "appeal.answered"
    title = _("An appeal was answered")


class AppealMarkedDuplicate(AppealEvent):
    action = "appeal.duplicate"
    title = _("An appeal was closed as a duplicate")


class AppealAssigned(AppealEvent):
    action = "appeal.assigned"
    title = _("An appeal was assigned to an official")


class AppealRated(AppealEvent):
    action = "appeal.rated"
    title = _("The author rated the answer to an appeal")

    def recorded(self):
        return False


class AppealReopened(AppealEvent):
    action = "appeal.reopened"
    title = _("An appeal marked fixed was reopened")


class AppealRedacted(AppealEvent):
    action = "appeal.redacted"
    title = _("Personal data was removed from an appeal's published text")
