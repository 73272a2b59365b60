"""The ministry's answers, on the record."""

from ..events import RecordedEvent
from ..i18n import _


class AnswerPublished(RecordedEvent):
    """One comment answered (a group answer announces one per comment)."""

    action = "answer.published"
    title = _("A comment was answered")

    def __init__(self, request, comment, response):
        super().__init__(request, comment)
        self.response = response

    def details(self):
        details = {"disposition": self.response.disposition}
        if self.response.group:
            details["group"] = self.response.group
        return details


class AnswerRevised(RecordedEvent):
    action = "answer.revised"
    title = _("An answer was revised")

    def __init__(self, request, comment, response, why):
        super().__init__(request, comment, reason=why)
        self.response = response

    def details(self):
        earlier = self.response.revisions[-1].version if self.response.revisions else None
        details = {"disposition": self.response.disposition}
        if earlier is not None:
            details["earlier disposition"] = earlier.disposition
        return details


class AnswerDeadlineSet(RecordedEvent):
    action = "answer.deadline_set"
    title = _("The deadline for answers was set")

    def __init__(self, request, consultation, days):
        super().__init__(request, consultation)
        self.days = days

    def details(self):
        return {"days": self.days}
