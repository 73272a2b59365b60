"""feedback's part of a person's data file (accounts.interfaces.IPersonalData):
the comments they wrote, with every earlier text and addendum.

Supports and reports are kept on each comment, not per person, so finding
one person's would read every comment of the site: they are not in the
file yet (docs/privacy.md says so)."""


def comments_data(request, principal):
    written = []
    for consultation in request.root["consultations"].values():
        for comment in consultation.comments.by_author_comments(principal.id):
            written.append(
                {
                    "consultation": consultation.slug,
                    "address": request.resource_path(comment) + "/",
                    "about": comment.target,
                    "in_reply_to": comment.parent_id,
                    "written": comment.created,
                    "signed_as": comment.author_name,
                    "text": comment.text,
                    "stance": comment.stance,
                    "language": comment.language,
                    "state": comment.state,
                    "earlier_texts": [
                        {"text": version.text, "written": version.written}
                        for version in comment.earlier_texts
                    ],
                    "addenda": [
                        {"text": addendum.text, "added": addendum.when}
                        for addendum in comment.addenda
                    ],
                }
            )
    return written
