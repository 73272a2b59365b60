"""Petitions in the site's search, as documents of kind "petition": one per
petition once it is listed (open for signatures, due an answer, answered,
closed), never while it is a draft, collects sponsors by its link or waits
for moderation; a rejected one has none. Its text, what it asks and its
answer are searched; the addressee's name is shown with it.

Search cannot import petitions (it is below it): search.sources names this
module, and the feeder asks it, without a request, for the documents of
one change-log entry (`staged`) or of a whole rebuild (`documents`)."""

from ..changes.log import record
from ..search.interfaces import EVERYONE, SearchDocument
from .answering import petition_language
from .models import ANSWER_DUE, ANSWERED, OPEN

KIND = "petition"
# Stored states in which a petition is listed (a closed one keeps its state).
INDEXED = (OPEN, ANSWER_DUE, ANSWERED)


def document_id(name):
    return f"{KIND}:{name}"


def petition_changed(petition):
    """Record in the change feed that the petition's document may change."""
    if petition.__name__ is not None:
        record(petition, (KIND, petition.__name__, None))


def _addressee(petition, language):
    organisation = petition.organisation()
    if organisation is None:
        return ""
    titles = organisation.title
    return titles.get(language) or next(iter(titles.values()), "")


def petition_document(petition):
    """The petition's SearchDocument, or None while it is not listed."""
    if petition.state not in INDEXED or petition.__name__ is None:
        return None
    language = petition_language(petition)
    response = petition.response
    answer = (response.text, response.translation or "") if response is not None else ()
    text = "\n\n".join(part for part in (petition.asks, petition.text, *answer) if part)
    return SearchDocument(
        id=document_id(petition.__name__),
        kind=KIND,
        language=language,
        title=petition.title,
        text=text,
        url=f"/petitions/{petition.__name__}/",
        context=_addressee(petition, language),
        state=petition.state,
        created=petition.decided or petition.created,
        visible_to=(EVERYONE,),
    )


def _petitions(root):
    return root.get("petitions") if hasattr(root, "get") else None


def staged(root, name):
    """([documents to add], [ids to remove]) for the change-log entry of
    the petition `name`, from its current state."""
    petitions = _petitions(root)
    petition = petitions.get(name) if petitions is not None else None
    document = petition_document(petition) if petition is not None else None
    if document is None:
        return [], [document_id(name)]
    return [document], []


def documents(root):
    """Every listed petition's document (a rebuild)."""
    petitions = _petitions(root)
    for petition in petitions.values() if petitions is not None else ():
        document = petition_document(petition)
        if document is not None:
            yield document


def count(root):
    petitions = _petitions(root)
    return len(petitions) if petitions is not None else 0
