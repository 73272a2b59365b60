"""The places of the outcome report (and of the staff's export), in reading
order, and the comments made on each."""

from ..responses.services import ResponseService


def places_of(consultation):
    """The report's places, in reading order, from the response register's
    rows: each question to the public, each article of the current draft
    (with its paragraphs), and the parts of the draft removed since."""
    rows = ResponseService(None, {}).rows(consultation)
    places = []
    for position, row in enumerate((r for r in rows if r.kind == "question"), start=1):
        places.append(
            {
                "place": f"question-{position}",
                "kind": "question",
                "number": position,
                "text": dict(row.question.text),
                "targets": row.targets,
            }
        )
    for row in rows:
        if row.kind == "article":
            places.append(
                {
                    "place": f"article-{row.number}",
                    "kind": "article",
                    "number": row.number,
                    "targets": row.targets,
                }
            )
        elif row.kind == "other":
            places.append(
                {"place": "other", "kind": "other", "number": None, "targets": row.targets}
            )
    return places


def thread_ids(store, tree):
    """Comment ids of a thread (or reply list), each followed by its replies."""
    if tree is None:
        return
    for comment_id in tree.values():
        yield comment_id
        yield from thread_ids(store, store.replies.get(comment_id))


def place_comments(consultation, places):
    """{place: [comment]} of every comment, in thread order."""
    store = consultation.comments
    result = {}
    for place in places:
        result[place["place"]] = [
            store.comments[comment_id]
            for target in place["targets"]
            for comment_id in thread_ids(store, store.threads.get(target))
        ]
    return result
