"""Appeals in the site's search, as documents of kind "appeal": one per
public appeal, with its published text only (after staff removed personal
data, the redacted text; never the text as filed), its category as title,
the organisation holding it as context and the author's public name. A
private appeal has none, nor does its address, coordinates or contact data
ever reach the index.

Search cannot import appeals (it is below it): search.sources names this
module, and the feeder asks it, without a request, for the documents of
one change-log entry (`staged`) or of a whole rebuild (`documents`)."""

from pyramid.traversal import find_root

from ..changes.log import record
from ..i18n.detection import detect_language
from ..search.interfaces import EVERYONE, SearchDocument
from .intake import public_person_name

KIND = "appeal"


def document_id(name):
    return f"{KIND}:{name}"


def appeal_changed(appeal):
    """Record in the change feed that the appeal's document may change."""
    if appeal.__name__ is not None:
        record(appeal, (KIND, appeal.__name__, None))


def _named(title, language):
    return title.get(language) or next(iter(title.values()), "")


def _public_name(root, userid):
    principals = root.get("principals") if hasattr(root, "get") else None
    person = principals.get(userid) if principals is not None and userid else None
    return person.public_name if person is not None else ""


def appeal_document(appeal):
    """The appeal's SearchDocument, or None while it is not public."""
    if not appeal.public or appeal.__name__ is None:
        return None
    root = find_root(appeal)
    appeals = appeal.__parent__
    language = detect_language(appeal.text)
    category = appeals.categories.get(appeal.category) if appeals is not None else None
    organisation = appeal.holder()
    return SearchDocument(
        id=document_id(appeal.__name__),
        kind=KIND,
        language=language,
        title=_named(category.title, language) if category is not None else appeal.category,
        text=appeal.text,
        url=f"/appeals/{appeal.__name__}/",
        context=_named(organisation.title, language) if organisation is not None else "",
        state=appeal.state,
        created=appeal.created,
        # An appeal received off the site has no account: the name as given.
        author=_public_name(root, appeal.author)
        or public_person_name((appeal.person or {}).get("name")),
        visible_to=(EVERYONE,),
    )


def _appeals(root):
    return root.get("appeals") if hasattr(root, "get") else None


def staged(root, name):
    """([documents to add], [ids to remove]) for the change-log entry of
    the appeal `name`, from its current state."""
    appeals = _appeals(root)
    appeal = appeals.get(name) if appeals is not None else None
    document = appeal_document(appeal) if appeal is not None else None
    if document is None:
        return [], [document_id(name)]
    return [document], []


def documents(root):
    """Every public appeal's document (a rebuild)."""
    appeals = _appeals(root)
    for appeal in appeals.values() if appeals is not None else ():
        document = appeal_document(appeal)
        if document is not None:
            yield document


def count(root):
    appeals = _appeals(root)
    return len(appeals) if appeals is not None else 0
