"""The base of the change feed and the activity log: writes spread over the
trees, reads merged in key order, pruning bounded and reported per tree."""

import random

from BTrees.LOBTree import LOBTree

from consult.shardedlog import ShardedLog


class Log(ShardedLog):
    def __init__(self, shards=4):
        self.shards = tuple(LOBTree() for _ in range(shards))
        self.seen = []

    def pruned(self, keys):
        self.seen.append(list(keys))


def filled(count=100):
    log, rng = Log(), random.Random(2)
    for key in range(count):
        log.pick_tree(rng)[key] = f"entry {key}"
    return log


def test_writes_spread_and_reads_come_back_in_key_order():
    log = filled()
    assert all(len(tree) for tree in log.trees()) and len(log) == 100
    assert [key for key, _value in log.items()] == list(range(100))
    assert [key for key, _value in log.items(10, 19)] == list(range(10, 20))
    assert log.last_key() == 99 and Log().last_key() == 0


def test_pruning_stops_at_the_limit_and_tells_each_tree_what_went():
    log = filled()
    assert log.prune_keys(50, limit=30) == 30
    assert len(log) == 70 and sum(len(keys) for keys in log.seen) == 30
    assert all(keys == sorted(keys) and keys[-1] < 50 for keys in log.seen)
    assert log.prune_keys(50, limit=1000) == 20
    assert min(key for key, _value in log.items()) == 50
    assert log.prune_keys(50, limit=1000) == 0
