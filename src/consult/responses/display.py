"""An answer as a reader sees it under a comment (threads, the comment's page,
the queue): the decision, the reason (and its translation), the official's
role and the date, and the earlier versions with who replaced them, when and
why. Never the official's name or e-mail address."""

from types import SimpleNamespace

from ..consultations.versions import version_that_took_in, version_url
from .services import DISPOSITION_LABELS, ROLE_LABELS

TAKEN_IN = ("accepted", "partly")


def _lines(text):
    return [line for line in (text or "").splitlines() if line.strip()]


def _version(version, comment_language):
    return SimpleNamespace(
        disposition=version.disposition,
        decision=DISPOSITION_LABELS[version.disposition],
        lines=_lines(version.text),
        language=version.language,
        translation_lines=_lines(version.translation),
        translation_language=comment_language,
        role=ROLE_LABELS[version.role],
        when=version.when,
    )


def answer_for(request, comment, can_answer=False):
    """The answer to `comment` as shown under it, or None; staff who may
    answer also get the link to revise it."""
    store = comment.__parent__
    register = getattr(store.__parent__, "responses", None) if store is not None else None
    response = register.get(comment.id) if register is not None else None
    if response is None:
        return None
    shown = _version(response.current, comment.language)
    shown.revisions = [
        SimpleNamespace(
            earlier=_version(r.version, comment.language),
            revised_role=ROLE_LABELS[r.revised_role],
            revised_at=r.revised_at,
            why=r.why,
        )
        for r in response.revisions
    ]
    shown.revise_url = request.resource_url(comment, "revise-answer") if can_answer else None
    shown.taken_in = taken_in(request, store.__parent__, comment, response)
    return shown


def taken_in(request, consultation, comment, response):
    """(version, url) of the draft version that took in an accepted comment
    on an article, once there is one; else None."""
    kind = comment.target.split(":")[0]
    if (
        response.disposition not in TAKEN_IN
        or kind not in ("article", "paragraph")
        or comment.draft_version is None
    ):
        return None
    found = version_that_took_in(consultation, comment.target.split(":")[1], comment.draft_version)
    if found is None:
        return None
    version, article = found
    return version, version_url(request, consultation, version, article)
