"""Who supports which comment of a store: each comment counts its supporters,
and the store keeps, for each person, the ids of the comments they support,
so that a page knows what its reader supports with one lookup."""

from BTrees.LLBTree import LLTreeSet


class Supports:
    """The supports of a store's comments (a part of CommentStore, whose
    `supported_by` is userid -> LLTreeSet of comment ids; None in stores
    from before it, which read each comment's supporters until
    evolve_lazy_comment_parts)."""

    def add_support(self, comment, userid):
        """`userid` supports `comment` (the caller checks they may, and did not yet)."""
        comment.add_supporter(userid)
        if self.supported_by is not None:
            ids = self.supported_by.get(userid)
            if ids is None:
                ids = self.supported_by[userid] = LLTreeSet()
            ids.add(comment.id)

    def remove_support(self, comment, userid):
        """`userid` no longer supports `comment` (the caller checks they did)."""
        comment.remove_supporter(userid)
        ids = self.supported_by.get(userid) if self.supported_by is not None else None
        if ids is not None:
            ids.remove(comment.id)
            if not ids:
                del self.supported_by[userid]

    def supported_ids(self, userid):
        """The ids of the comments `userid` supports (a set-like), or None
        where the store has no index yet (read `comment.supporters` then)."""
        if self.supported_by is None:
            return None
        if userid is None:
            return frozenset()
        ids = self.supported_by.get(userid)
        return ids if ids is not None else frozenset()

    def supports(self, comment, userid):
        """Whether `userid` supports `comment`."""
        ids = self.supported_ids(userid)
        if ids is None:
            return userid in comment.supporters
        return comment.id in ids
