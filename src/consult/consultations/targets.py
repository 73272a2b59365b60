"""Where a comment target lives on the site, and how to name it to a reader.

A target is "question:<uid>", "article:<uid>" or "paragraph:<article uid>:<uid>".
A part of the draft that the current version no longer has is found in the
latest earlier version that has it (its comments stay readable there)."""

from ..i18n import _
from .versions import locate_target


def _find(consultation, target):
    """(kind, found, draft version or None if current) for `target`."""
    kind, found = consultation.find_target(target)
    if found is not None or kind == "question":
        return kind, found, None
    draft, kind, found = locate_target(consultation, target)
    return kind, found, (draft.version if draft is not None else None)


def target_url(request, consultation, target, url=None):
    """Where `target` is read; `url` makes the URL of a resource
    (`request.resource_url` unless given, e.g. `urls.public_url` for mail)."""
    url = url or request.resource_url
    kind, found, _version = _find(consultation, target)
    if kind == "question":
        return url(consultation.stages["green"], anchor=f"question-{found.uid}")
    if kind == "article":
        return url(found, anchor="comments")
    if kind == "paragraph":
        article, paragraph = found
        return url(article, query={"paragraph": paragraph.uid}, anchor="paragraph-comments")
    return url(consultation)


def target_label(request, consultation, target):
    """A short translatable label, e.g. "Article 3" or "Article 3, paragraph 2"
    ("..., version 1" for a part only an earlier version has)."""
    kind, found, version = _find(consultation, target)
    if kind == "question":
        return _("Question to the public")
    if kind == "article":
        if version is not None:
            return _(
                "Article ${number} of version ${version}",
                mapping={"number": found.number, "version": version},
            )
        return _("Article ${number}", mapping={"number": found.number})
    if kind == "paragraph":
        article, paragraph = found
        if version is not None:
            return _(
                "Article ${number}, paragraph ${paragraph} of version ${version}",
                mapping={
                    "number": article.number,
                    "paragraph": paragraph.number,
                    "version": version,
                },
            )
        return _(
            "Article ${number}, paragraph ${paragraph}",
            mapping={"number": article.number, "paragraph": paragraph.number},
        )
    return _("Removed part of the draft")
