"""Where a comment target lives on the site, and how to name it to a reader.

A target is "question:<uid>", "article:<uid>" or "paragraph:<article uid>:<uid>"."""
from ..i18n import _


def target_url(request, consultation, target):
    kind, found = consultation.find_target(target)
    if kind == "question":
        return request.resource_url(consultation.stages["green"], anchor=f"question-{found.uid}")
    if kind == "article":
        return request.resource_url(found, anchor="comments")
    if kind == "paragraph":
        article, paragraph = found
        return request.resource_url(article, query={"paragraph": paragraph.uid},
                                    anchor="paragraph-comments")
    return request.resource_url(consultation)


def target_label(request, consultation, target):
    """A short translatable label, e.g. "Article 3" or "Article 3, paragraph 2"."""
    kind, found = consultation.find_target(target)
    if kind == "question":
        return _("Question to the public")
    if kind == "article":
        return _("Article ${number}", mapping={"number": found.number})
    if kind == "paragraph":
        article, paragraph = found
        return _("Article ${number}, paragraph ${paragraph}",
                 mapping={"number": article.number, "paragraph": paragraph.number})
    return _("Removed part of the draft")
