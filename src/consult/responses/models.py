"""The response register: the ministry's reasoned answer to each comment.

A consultation's `ResponseRegister` keys answers by comment id in a LOBTree, so
that two officials answering the same comment at once write the same key and
conflict (one transaction wins, the other is retried and sees the answer).
Per-target sets of answered ids let counts be computed from ids alone, without
loading a comment; `Length` objects count answers and dispositions."""

from BTrees.Length import Length
from BTrees.LLBTree import LLTreeSet
from BTrees.LOBTree import LOBTree
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from persistent.list import PersistentList

DISPOSITIONS = ("accepted", "partly", "rejected", "noted", "out_of_scope")
# The first one held is shown; an answerer holds the role on the
# consultation's organisation (organisations.models.STAFF_ROLES).
STAFF_ROLES = ("administrator", "editor", "moderator", "answerer")
DEFAULT_ANSWER_DAYS = 15


class Version:
    """What an answer said at one time, and who said it (immutable once made)."""

    def __init__(self, disposition, text, translation, language, official, role, when):
        self.disposition = disposition
        self.text = text
        self.translation = translation
        self.language = language
        self.official = official  # user id; never shown, the role is
        self.role = role
        self.when = when


class Revision:
    """An earlier version of an answer, with who replaced it, when and why."""

    def __init__(self, version, revised_by, revised_role, revised_at, why):
        self.version = version
        self.revised_by = revised_by
        self.revised_role = revised_role
        self.revised_at = revised_at
        self.why = why


class Response(Persistent):
    """The answer to one comment: its current version and the earlier ones."""

    def __init__(self, comment_id, target, version, group=None):
        self.comment_id = comment_id
        self.target = target
        self.current = version
        self.created = version.when
        self.group = group  # shared by the answers given together to a group
        self.revisions = PersistentList()  # Revision, oldest first

    # The current version's fields, read directly.
    disposition = property(lambda self: self.current.disposition)
    text = property(lambda self: self.current.text)
    translation = property(lambda self: self.current.translation)
    language = property(lambda self: self.current.language)
    official = property(lambda self: self.current.official)
    role = property(lambda self: self.current.role)
    answered_at = property(lambda self: self.current.when)

    @property
    def revised(self):
        return bool(self.revisions)

    def revise(self, version, revised_by, revised_role, why):
        self.revisions.append(Revision(self.current, revised_by, revised_role, version.when, why))
        self.current = version


class ResponseRegister(Persistent):
    """Every answer of one consultation, keyed by comment id."""

    __parent__ = None
    __name__ = "responses"

    def __init__(self):
        self.answers = LOBTree()  # comment id -> Response
        self.by_target = OOBTree()  # target -> LLTreeSet of answered comment ids
        self.total = Length()
        self.dispositions = OOBTree({d: Length() for d in DISPOSITIONS})

    def get(self, comment_id, default=None):
        return self.answers.get(comment_id, default)

    def __contains__(self, comment_id):
        return comment_id in self.answers

    def __len__(self):
        return self.total()

    def add(self, response):
        if response.comment_id in self.answers:
            raise KeyError(response.comment_id)
        self.answers[response.comment_id] = response
        ids = self.by_target.get(response.target)
        if ids is None:
            ids = self.by_target[response.target] = LLTreeSet()
        ids.add(response.comment_id)
        self.total.change(1)
        self.dispositions[response.disposition].change(1)
        return response

    def revise(self, response, version, revised_by, revised_role, why):
        self.dispositions[response.disposition].change(-1)
        response.revise(version, revised_by, revised_role, why)
        self.dispositions[response.disposition].change(1)

    def answered_ids(self, target):
        return self.by_target.get(target) or LLTreeSet()

    def disposition_counts(self):
        return {d: self.dispositions[d]() for d in DISPOSITIONS}


def register_of(consultation):
    """The consultation's register (created by evolution step 4 for old ones)."""
    register = getattr(consultation, "responses", None)
    if register is None:
        register = consultation.responses = ResponseRegister()
        register.__parent__ = consultation
    return register
