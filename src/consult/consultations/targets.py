"""Where a comment target lives on the site, and how to name it to a reader.

A target is "question:<uid>", "article:<uid>" or "paragraph:<article uid>:<uid>".
A part of the draft that the current version no longer has is found in the
latest earlier version that has it (its comments stay readable there)."""

from ..i18n import _
from .citing import paragraph_label
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


def question_label(request, consultation, question):
    """ "Question 2: <its text in the reader's language>", numbered as the
    Green Paper numbers its questions."""
    number = consultation.stages["green"].questions.index(question) + 1
    text = request.layout.localized(question.text).text
    return _("Question ${number}: ${text}", mapping={"number": number, "text": text})


def target_label(request, consultation, target):
    """A short translatable label, e.g. "Article 3", "Article 3, paragraph 2"
    ("..., version 1" for a part only an earlier version has) or "Question 1:
    <its text>"."""
    kind, found, version = _find(consultation, target)
    if kind == "question":
        if found is None:
            return _("Question to the public")
        return question_label(request, consultation, found)
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
                    "paragraph": paragraph_label(paragraph),
                    "version": version,
                },
            )
        return _(
            "Article ${number}, paragraph ${paragraph}",
            mapping={"number": article.number, "paragraph": paragraph_label(paragraph)},
        )
    return _("Removed part of the draft")
