"""A log kept in several time-keyed LOBTrees: the application's change feed
(`changes.log.ChangeLog`) and a consultation's activity log for the burst
signals (`signals.models.ActivityLog`).

Keys follow the clock (`timekeys`): the time in microseconds, times 1024,
plus random low bits. Each write goes to one of the trees at random, because
keys that follow the clock would otherwise send every writer to the last
bucket of one tree and concurrent writers would conflict there (issue 6
measured 3 % ConflictErrors and a retry run out under load with a single
tree). Readers merge the trees back into key order; old entries are pruned
by key."""

from persistent import Persistent

from .timekeys import merged_items


class ShardedLog(Persistent):
    """Subclasses keep their trees in attributes of their own (their pickles
    name them) and say which they are in `trees()`."""

    def trees(self):
        return self.shards

    def pick_tree(self, rng):
        """The tree the next write goes to."""
        trees = self.trees()
        return trees[rng.randrange(len(trees))]

    def __len__(self):
        return sum(len(tree) for tree in self.trees())

    def items(self, low=None, high=None):
        """(key, value) pairs from `low` to `high` (both included), in key
        order, from every tree."""
        return merged_items(self.trees(), low, high)

    def last_key(self):
        return max((tree.maxKey() for tree in self.trees() if tree), default=0)

    @staticmethod
    def prune_tree(tree, before, limit):
        """Delete up to `limit` of `tree`'s keys below `before`; returns them."""
        if not tree or tree.minKey() >= before:
            return []
        keys = list(tree.keys(max=before, excludemax=True)[:limit])
        for key in keys:
            del tree[key]
        return keys

    def prune_keys(self, before, limit):
        """Delete up to `limit` entries with keys below `before` from every
        tree; returns how many."""
        pruned = 0
        for tree in self.trees():
            keys = self.prune_tree(tree, before, limit - pruned)
            if keys:
                self.pruned(keys)
            pruned += len(keys)
            if pruned >= limit:
                break
        return pruned

    def pruned(self, keys):
        """`keys` (in order) were just pruned from one tree."""
