"""From change-feed entries to index writes: each entry names what changed
(a comment, a consultation, a jury's findings, a content item) and the documents to add or
remove are read from the current state of the database, so that replaying an
entry is harmless and, within one batch, the later entry wins."""

import logging

from .content import content_document, content_document_id, walk
from .documents import (
    comment_document,
    comment_document_id,
    consultation_documents,
    findings_document_ids,
    findings_documents,
)
from .sources import SOURCES, source

log = logging.getLogger(__name__)

CHUNK = 1000  # log entries per engine commit when catching up


class _Staged:
    """The documents to add and the ids to remove, the later entry winning."""

    def __init__(self):
        self.additions, self.removals = {}, set()

    def add(self, document):
        self.additions[document.id] = document
        self.removals.discard(document.id)

    def remove(self, document_id):
        self.removals.add(document_id)
        self.additions.pop(document_id, None)

    def comment(self, consultation, slug, comment_id):
        found = consultation.comments.comments.get(comment_id) if consultation else None
        document = comment_document(found) if found is not None else None
        if document is None:
            self.remove(comment_document_id(slug, comment_id))
        else:
            self.add(document)

    def consultation(self, consultation, slug, with_comments):
        for document in consultation_documents(consultation):
            self.additions[document.id] = document
        if with_comments:
            for comment_id in consultation.comments.comments.keys():
                self.comment(consultation, slug, comment_id)

    def content(self, root, uid):
        """The item's document and, for a folder, those of everything in it
        (publishing or retracting a folder shows or hides all of it)."""
        catalog = getattr(root, "content_catalog", None)
        item = catalog.get(uid) if catalog is not None else None
        if item is None:
            self.remove(content_document_id(uid))
            return
        for inner in walk(item):
            document = content_document(inner)
            if document is None:
                self.remove(content_document_id(inner.uid))
            else:
                self.add(document)

    def jury(self, jury, name):
        documents = findings_documents(jury) if jury is not None else []
        for document in documents:
            self.add(document)
        kept = {document.id for document in documents}
        for document_id in findings_document_ids(name):
            if document_id not in kept:
                self.remove(document_id)


def documents_for(root, entries):
    """({id: SearchDocument} to add, {id} to remove) for change-log entries,
    from the current state of the database (so that replaying is harmless)."""
    consultations = root["consultations"]
    staged = _Staged()
    for kind, slug, argument in entries:
        if kind == "content":
            staged.content(root, slug)
            continue
        if kind in SOURCES:
            additions, removals = source(kind).staged(root, slug)
            for document in additions:
                staged.add(document)
            for document_id in removals:
                staged.remove(document_id)
            continue
        if kind == "jury":
            staged.jury(root["juries"].get(slug) if "juries" in root else None, slug)
            continue
        consultation = consultations.get(slug)
        if kind == "comment":
            staged.comment(consultation, slug, argument)
        elif kind == "consultation" and consultation is not None:
            staged.consultation(consultation, slug, argument)
        else:
            log.warning("unknown change-log entry %r", (kind, slug, argument))
    return staged.additions, staged.removals


def apply_entries(root, index, entries):
    """Stage and commit the documents of `entries` in `index`."""
    additions, removals = documents_for(root, entries)
    if removals:
        index.remove(sorted(removals))
    if additions:
        index.add(list(additions.values()))
    index.commit()
