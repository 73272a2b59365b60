"""The outcome report's account of the draft's versions and what changed
from one to the next."""

from ..consultations.versions import compare, drafts_in_order
from .dates import iso


def draft_changes(consultation):
    versions = []
    previous = None
    for draft in drafts_in_order(consultation):
        entry = {
            "version": draft.version,
            "previous_version": previous.version if previous is not None else None,
            "published_at": iso(draft.created),
            "summary": dict(draft.summary or {}),
            "articles": draft.article_count(),
        }
        if previous is not None:
            comparison = compare(previous, draft)
            entry.update(
                added=[a.number for a in comparison.added],
                removed=[a.number for a in comparison.removed],
                renumbered=[
                    {"from": old.number, "to": new.number} for old, new in comparison.renumbered
                ],
                changed=[new.number for _old, new in comparison.changed],
                unchanged=comparison.unchanged,
            )
        versions.append(entry)
        previous = draft
    return versions
