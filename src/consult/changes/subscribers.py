"""The change feed hears what the capabilities announce and records what
changed, in the transaction that changed it (the entry is keyed in a
before-commit hook, `log.ChangeLog.note`): a committed change always has its
entry and an aborted one never does, which the search feeder's crash
recovery relies on."""

from ..consultations.events import ConsultationChanged
from ..content.events import ContentChanged
from ..feedback.events import CommentChanged, CommentModerated, CommentPosted
from ..juries.events import FindingsChanged
from .log import comment_changed, consultation_changed, content_changed, jury_changed


def record_comment(event):
    comment_changed(event.comment)


def record_consultation(event):
    consultation_changed(event.consultation, with_comments=event.with_comments)


def record_findings(event):
    jury_changed(event.jury)


def record_content(event):
    root = event.root
    if root is None and event.request is not None:
        root = event.request.root
    content_changed(root, event.item)


def includeme(config):
    for comment_event in (CommentPosted, CommentChanged, CommentModerated):
        config.add_subscriber(record_comment, comment_event)
    config.add_subscriber(record_consultation, ConsultationChanged)
    config.add_subscriber(record_findings, FindingsChanged)
    config.add_subscriber(record_content, ContentChanged)
