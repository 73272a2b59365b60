"""What happens to a consultation.

`ConsultationChanged` tells whoever cares that what a consultation shows
changed (the change feed records it for the search index); the service
notifies it in the transaction that made the change. The others belong on
the public record (the audit log).

Stages have no events of their own: a stage is open while the clock is
between its opening and closing times (`Stage.is_open`), and no code runs at
the moment it opens or closes, so there is nothing to announce then. Moving
the times is announced (StageDatesChanged)."""

from ..events import Event, RecordedEvent
from ..i18n import _


class ConsultationChanged(Event):
    """`consultation`'s texts, documents, questions, drafts or visibility
    changed; `with_comments` when its comments' search documents change with
    it (it was published, its local staff changed)."""

    def __init__(self, request, consultation, with_comments=False):
        super().__init__(request)
        self.consultation = consultation
        self.with_comments = bool(with_comments)


class ConsultationCreated(ConsultationChanged):
    """`consultation` was just created."""


class ConsultationPublished(RecordedEvent):
    action = "consultation.published"
    title = _("A consultation was published")


class StageDatesChanged(RecordedEvent):
    """`changes`: {stage kind: ((opens, closes) before, (opens, closes) after)}."""

    action = "consultation.stage_dates"
    title = _("Stage dates were changed")

    def __init__(self, request, consultation, changes):
        super().__init__(request, consultation)
        self.changes = changes

    def details(self):
        def text(when):
            return when.isoformat() if when is not None else "-"

        return {
            kind: f"{text(before[0])} – {text(before[1])} → {text(after[0])} – {text(after[1])}"
            for kind, (before, after) in sorted(self.changes.items())
        }


class DraftVersionPublished(RecordedEvent):
    action = "draft.version_published"
    title = _("A new version of the draft was published")

    def __init__(self, request, draft):
        super().__init__(request, draft)
        self.draft = draft

    def details(self):
        return {"version": self.draft.__name__}


class ArticleCorrected(RecordedEvent):
    action = "draft.article_corrected"
    title = _("An article of the published draft was corrected")


class DocumentAdded(RecordedEvent):
    action = "consultation.document_added"
    title = _("A stage document was added")

    def __init__(self, request, consultation, kind):
        super().__init__(request, consultation)
        self.kind = kind

    def details(self):
        return {"kind": self.kind}


class OutcomePublished(RecordedEvent):
    action = "consultation.outcome_published"
    title = _("The outcome of a consultation was published")
