"""What a person can follow, named as (what, key) pairs that the
followers' index and each person's list share."""

from ..layout import FALLBACK_ORDER


def consultation_thing(consultation):
    return ("consultation", f"/consultations/{consultation.__name__}")


def article_thing(consultation, article_uid):
    return ("article", f"/consultations/{consultation.__name__}:{article_uid}")


def thread_thing(consultation, comment_id):
    """The thread of a top-level comment (its replies are in it)."""
    return ("thread", f"/consultations/{consultation.__name__}:{comment_id}")


def organisation_thing(name):
    """An organisation, by its address (`/organisations/<name>`)."""
    return ("organisation", f"/organisations/{name}")


def ministry_thing(consultation):
    """Who published a consultation: its organisation; by the ministry's
    name only for a consultation that names none (evolution step 26 moved
    the follows stored by name to the organisations)."""
    if getattr(consultation, "organisation", None):
        return organisation_thing(consultation.organisation)
    return ministry_name_thing(consultation.ministry)


def ministry_name_thing(names):
    """The key follows of a ministry had before organisations: the first of
    its Russian, Kazakh, English names it has, casefolded."""
    names = names or {}
    for language in FALLBACK_ORDER:
        if names.get(language):
            return ("ministry", " ".join(names[language].split()).casefold())
    return None


def tag_thing(tag):
    return ("tag", tag)


def article_uid_of(target):
    """The article a comment target is about ("article:<uid>",
    "paragraph:<article uid>:<uid>"), else None (a question)."""
    kind, _, rest = (target or "").partition(":")
    if kind == "article":
        return rest
    if kind == "paragraph":
        return rest.partition(":")[0]
    return None


def thread_root(store, comment):
    """The top-level comment of `comment`'s thread."""
    while comment.parent_id is not None:
        parent = store.get(comment.parent_id)
        if parent is None:
            break
        comment = parent
    return comment
