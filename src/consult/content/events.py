"""What happens to content. `ContentChanged` tells the change feed (and
through it the search index) that an item's text, state or place changed;
the workflow steps, deletions, restorations and moves are on the public
record (the audit log), each with who did it and why."""

from ..events import Event, RecordedEvent
from ..i18n import _


class ContentChanged(Event):
    """`item` was created, edited, moved, deleted or restored, or its state
    changed (a folder's change concerns everything in it). `root` is the
    application root: a deleted item is out of the tree, and outside a
    request nothing else leads from it to the change feed."""

    # Pages and news appear in every page's menus and lists.
    changes_every_page = True

    def __init__(self, request, item, root=None):
        super().__init__(request)
        self.item = item
        self.root = root


class WorkflowStepTaken(RecordedEvent):
    """The base of the steps: `before` and `after` are states."""

    def __init__(self, request, item, before, after, reason="", actor=None):
        super().__init__(request, item, reason, actor=actor)
        self.before = before
        self.after = after

    def details(self):
        return {"kind": self.subject.kind, "language": self.subject.language, "from": self.before}


class ContentSubmitted(WorkflowStepTaken):
    action = "content.submitted"
    title = _("Content was submitted for review")


class ContentSubmissionWithdrawn(WorkflowStepTaken):
    action = "content.withdrawn"
    title = _("A submission for review was withdrawn")


class ContentPublished(WorkflowStepTaken):
    action = "content.published"
    title = _("Content was published")


class ContentSentBack(WorkflowStepTaken):
    action = "content.sent_back"
    title = _("Content was sent back to its editor")


class ContentRetracted(WorkflowStepTaken):
    action = "content.retracted"
    title = _("Published content was retracted")


STEP_EVENTS = {
    "submit": ContentSubmitted,
    "withdraw": ContentSubmissionWithdrawn,
    "publish": ContentPublished,
    "send_back": ContentSentBack,
    "retract": ContentRetracted,
}


class ContentDeleted(RecordedEvent):
    action = "content.deleted"
    title = _("Content was moved to the trash")


class ContentRestored(RecordedEvent):
    action = "content.restored"
    title = _("Content was restored from the trash")


class ContentMoved(RecordedEvent):
    """Renamed or moved: `old_path` keeps leading to it."""

    action = "content.moved"
    title = _("Content was renamed or moved")

    def __init__(self, request, item, old_path, actor=None):
        super().__init__(request, item, actor=actor)
        self.old_path = old_path

    def details(self):
        return {"from": self.old_path}


class SiteSettingsChanged(RecordedEvent):
    changes_every_page = True
    action = "site.settings_changed"
    title = _("The site's settings were changed")
