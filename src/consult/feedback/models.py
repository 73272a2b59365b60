"""The old home of the comments and their store, kept for the databases.

ZODB records name each class they hold by module and name, and databases
written before the split name `consult.feedback.models.Comment`,
`CommentStore`, and the plain objects a comment's record holds
(`TextVersion`, `Addendum`, `ModerationRecord`). They load through these
names; the code imports them from where they live now: feedback.comments
(a comment and its parts) and feedback.store (the store and its indexes)."""

from .comments import (  # noqa: F401  (persistent pickles name this path)
    Addendum,
    Comment,
    ModerationRecord,
    TextVersion,
)
from .store import CommentStore  # noqa: F401  (persistent pickles name this path)
