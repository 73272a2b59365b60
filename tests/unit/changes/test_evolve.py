"""The search change log's evolution steps."""

from consult.changes.evolve import evolve_6_change_log_shards
from consult.resources.models import Root
from consult.search.changes import ChangeLog


def test_step_6_gives_an_old_change_log_its_shards():
    root = Root()
    root.search_changes = ChangeLog()
    root.search_changes.shards = ()  # as stored before the shards existed
    root.search_changes.append([("comment", "a", 1)], now=10.0)
    evolve_6_change_log_shards(root)
    assert len(root.search_changes.trees()) == 16
    assert [entry for _key, entry in root.search_changes.since(0)] == [("comment", "a", 1)]
